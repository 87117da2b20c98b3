//! The UI's browser-facing pieces in real headless Chromium (scripts/test-wasm.sh). The runner
//! serves the page cross-origin isolated, so this is what tier 1 looks like to `platform::detect`.
#![cfg(target_arch = "wasm32")]

use interleave_ui::platform::{self, Tier};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn detect_reads_an_isolated_browser_as_tier_1() {
    let caps = platform::detect();
    assert!(caps.workers, "Chromium has Web Workers");
    assert!(caps.hardware_concurrency >= 1);
    assert!(!caps.embedded, "the test page is top-level");
    assert_eq!(caps.cross_origin_isolated, caps.shared_array_buffer);
    if caps.cross_origin_isolated {
        assert_eq!(caps.tier(), Tier::Threads);
    } else {
        assert_eq!(caps.tier(), Tier::Workers);
    }
}

/// One turn of the page's event loop, so Yew's scheduler gets to render.
async fn next_turn() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback(&resolve).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_app_renders_the_catalog_into_a_root_element() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<interleave_ui::App>::with_root(root.clone()).render();
    // Rendering is scheduled; wait for it (a bounded number of turns, not a fixed delay).
    for _ in 0..100 {
        if !root.inner_html().is_empty() {
            break;
        }
        next_turn().await;
    }
    let html = root.inner_html();
    assert!(html.contains("Parallel speedup"), "{html}");
    assert!(html.contains("data-testid=\"status\""), "{html}");
}
