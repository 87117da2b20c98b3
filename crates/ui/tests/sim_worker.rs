//! The Go-scheduler page's simulation worker handle (`go_scheduler::sim_worker`) in real headless
//! Chromium (scripts/test-wasm.sh). The test runner serves no worker script, so this checks the
//! failure path: a worker whose script does not load ends the run with exactly one `Failed`,
//! never a hang. (The worker itself, with its script, is tested end to end in
//! `tests/e2e/go-sim-worker.test.mjs`.)
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use interleave_ui::go_scheduler::sim_worker::{SimRequest, SimUpdate, SimWorker};
use wasm_bindgen_test::*;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

/// One turn of the page's event loop.
async fn next_turn() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_worker_whose_script_does_not_load_fails_once() {
    let heard = Rc::new(RefCell::new(Vec::new()));
    let h = heard.clone();
    let req = SimRequest { source: "work(1)".into(), n: 16, procs: 2, seed: 1 };
    let worker = SimWorker::start(&req, Callback::from(move |u: SimUpdate| h.borrow_mut().push(u)))
        .expect("the browser creates the worker; its script fails later");
    // A bounded wait (at most about 5 s), not a fixed delay.
    for _ in 0..500 {
        if !heard.borrow().is_empty() {
            break;
        }
        next_turn().await;
    }
    // Anything more would arrive in these turns.
    for _ in 0..10 {
        next_turn().await;
    }
    let heard = heard.borrow();
    assert_eq!(heard.len(), 1, "{heard:?}");
    match &heard[0] {
        SimUpdate::Failed(why) => assert!(why.contains("simulation worker"), "{why}"),
        other => panic!("expected Failed, got {other:?}"),
    }
    worker.stop();
}
