//! The addresses of share links and embeds (pure, tested natively), and reading the page's own.

use std::cell::RefCell;

use interleave_experiments::ExperimentId;

thread_local! {
    /// The query the page itself last wrote into the address bar (see [`replace_address`]).
    static WRITTEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Puts `fragment` (`#/x/<id>?<query>`) into the address bar without navigating, and remembers
/// its query so that [`written_by_page`] can tell it from a link the person opened.
pub fn replace_address(fragment: &str) {
    let Some(w) = web_sys::window() else { return };
    if w.location().hash().ok().as_deref() == Some(fragment) {
        return;
    }
    if let Ok(h) = w.history() {
        let query = fragment.find('?').map_or(String::new(), |i| fragment[i..].to_string());
        WRITTEN.with(|q| *q.borrow_mut() = Some(query));
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(fragment));
    }
}

/// Whether `query` (with its `?`) is what the page itself last wrote into the address bar.
pub fn written_by_page(query: &str) -> bool {
    WRITTEN.with(|q| q.borrow().as_deref() == Some(query))
}

/// The query (with its `?`, or empty) of the address bar as it is now. The router's location can
/// lag behind the page's own `replaceState` writes, so whether a query is a new link is decided
/// on this one.
pub fn address_query() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    Some(hash.find('?').map_or(String::new(), |i| hash[i..].to_string()))
}

/// The fragment of an experiment's link: `#/x/<id>?<query>`, or `#/embed/<id>?<query>`.
pub fn fragment(id: ExperimentId, query: &str, embed: bool) -> String {
    let route = if embed { "embed" } else { "x" };
    if query.is_empty() { format!("#/{route}/{id}") } else { format!("#/{route}/{id}?{query}") }
}

/// `base` (an address, whatever hash it has) with `fragment` as its hash.
pub fn with_fragment(base: &str, fragment: &str) -> String {
    let base = base.split('#').next().unwrap_or(base);
    format!("{base}{fragment}")
}

/// This page's address without its hash.
pub fn page_base() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| with_fragment(&h, ""))
        .unwrap_or_default()
}

/// The folder of an address: everything up to its last `/` (before any query or hash), where
/// the app's files (`embed.js`) are.
pub fn directory(address: &str) -> String {
    let path = address.split(['#', '?']).next().unwrap_or(address);
    match path.rfind('/') {
        Some(i) => path[..=i].to_string(),
        None => format!("{path}/"),
    }
}

/// The absolute share link (or embed address) of an experiment in this deployment.
pub fn absolute(id: ExperimentId, query: &str, embed: bool) -> String {
    with_fragment(&page_base(), &fragment(id, query, embed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleave_experiments::speedup;

    #[test]
    fn links_keep_the_deployment_path_and_replace_the_hash() {
        let f = fragment(speedup::ID, "size=512&v=1", false);
        assert_eq!(f, "#/x/parallel-speedup?size=512&v=1");
        assert_eq!(fragment(speedup::ID, "", true), "#/embed/parallel-speedup");
        assert_eq!(
            with_fragment("https://example.org/repo/?a=1#/old?x=2", &f),
            "https://example.org/repo/?a=1#/x/parallel-speedup?size=512&v=1"
        );
        assert_eq!(with_fragment("http://127.0.0.1:8080/", "#/"), "http://127.0.0.1:8080/#/");
        assert_eq!(directory("https://example.org/repo/index.html?a=1#/x"), "https://example.org/repo/");
        assert_eq!(directory("https://example.org/repo/"), "https://example.org/repo/");
    }
}
