//! Copying text: the asynchronous Clipboard API, which a browser may refuse (no permission, not
//! a secure context, an iframe without `clipboard-write`); the caller then shows the text to copy
//! by hand.

use wasm_bindgen_futures::JsFuture;

/// Copies `text`; `Err` with the browser's reason when it refuses.
pub async fn copy(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let clipboard = window.navigator().clipboard();
    // Browsers without the API leave `navigator.clipboard` undefined.
    if wasm_bindgen::JsValue::from(clipboard.clone()).is_undefined() {
        return Err("this browser has no clipboard API here".into());
    }
    JsFuture::from(clipboard.write_text(text)).await.map(|_| ()).map_err(|e| {
        e.as_string()
            .or_else(|| js_sys::Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string()))
            .unwrap_or_else(|| "the browser refused".into())
    })
}
