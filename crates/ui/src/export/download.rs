//! Handing bytes to the person as a file: a Blob, an object URL, a click on a temporary link.

use wasm_bindgen::JsCast;

/// Offers `text` as a file called `name`.
pub fn text(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| "the browser could not make the file")?;
    blob_as(name, &blob)
}

/// Offers `blob` as a file called `name`.
pub fn blob_as(name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(|_| "the browser could not make the file")?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|_| "no link")?.dyn_into().map_err(|_| "no link")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The click has started the download; the URL can go.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
