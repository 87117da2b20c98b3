//! Embeds: the snippets a documentation page pastes, and the frame's height report.
//!
//! # The height message (version 1)
//!
//! A page opened through the embed route posts, to its parent, whenever its height changes:
//!
//! ```json
//! { "type": "interleave:height", "v": 1, "experiment": "parallel-speedup", "height": 912 }
//! ```
//!
//! `height` is the document's height in CSS pixels (an integer). The host may resize the iframe
//! to it; `web/embed.js` does, for every iframe marked `data-interleave`, after checking that the
//! message comes from that iframe's window and origin. The frame sends nothing else and listens
//! to no message from its host.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The message type of the height report.
pub const HEIGHT_MESSAGE: &str = "interleave:height";
/// Its version.
pub const HEIGHT_MESSAGE_VERSION: u32 = 1;
/// The height a snippet gives its iframe before the first report (CSS px).
pub const SNIPPET_HEIGHT: u32 = 960;

/// Escapes text for an HTML attribute value in double quotes (and for text between tags).
fn attr(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The `<iframe>` for an embed address `src`, followed by the optional resizer script. `title` is
/// the experiment's, in the page's language.
pub fn snippet_html(title: &str, src: &str, embed_js: &str) -> String {
    format!(
        "<iframe src=\"{}\" title=\"Interleave: {}\" width=\"100%\" height=\"{SNIPPET_HEIGHT}\" \
         style=\"border:0;max-width:100%\" loading=\"lazy\" allow=\"cross-origin-isolated; clipboard-write\" \
         data-interleave></iframe>\n<script src=\"{}\" defer></script>",
        attr(src),
        attr(title),
        attr(embed_js)
    )
}

/// For Markdown pages: the iframe on one line (for renderers that pass HTML through), then a
/// plain link for those that do not, its text `run_it(title)` in the page's language.
pub fn snippet_markdown(title: &str, run_it: fn(&str) -> String, src: &str, link: &str) -> String {
    format!(
        "<iframe src=\"{}\" title=\"Interleave: {}\" width=\"100%\" height=\"{SNIPPET_HEIGHT}\" style=\"border:0\" \
         loading=\"lazy\" allow=\"cross-origin-isolated; clipboard-write\" data-interleave></iframe>\n\n\
         [▶ {}]({})",
        attr(src),
        attr(title),
        run_it(&title.replace(['[', ']'], "")),
        link.replace(['(', ')', ' '], "")
    )
}

/// Reports the document's height to the parent window now and whenever it changes. Returns the
/// observer; dropping it (and disconnecting) stops the reports.
pub struct HeightReporter {
    observer: web_sys::ResizeObserver,
    _callback: Closure<dyn FnMut()>,
}

impl HeightReporter {
    pub fn start(experiment: &'static str) -> Option<HeightReporter> {
        let window = web_sys::window()?;
        let parent = window.parent().ok().flatten()?;
        let root = window.document()?.document_element()?;
        let last = std::cell::Cell::new(0u32);
        let measured = root.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            let height = measured.scroll_height().max(0) as u32;
            if height == last.get() {
                return;
            }
            last.set(height);
            let message = js_sys::Object::new();
            for (k, v) in [
                ("type", JsValue::from_str(HEIGHT_MESSAGE)),
                ("v", JsValue::from(HEIGHT_MESSAGE_VERSION)),
                ("experiment", JsValue::from_str(experiment)),
                ("height", JsValue::from(height)),
            ] {
                let _ = js_sys::Reflect::set(&message, &k.into(), &v);
            }
            // The height is no secret, and the host's origin is unknown to the frame.
            let _ = parent.post_message(&message, "*");
        });
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(&root);
        if let Some(body) = window.document().and_then(|d| d.body()) {
            observer.observe(&body);
        }
        Some(HeightReporter { observer, _callback: callback })
    }
}

impl Drop for HeightReporter {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleave_experiments::speedup;

    #[test]
    fn snippets_escape_what_they_quote() {
        let src = "https://x.org/i/#/embed/parallel-speedup?size=512&v=1";
        let en = crate::i18n::Lang::En.messages();
        let html = snippet_html(speedup::SPEC.title, src, "https://x.org/i/embed.js");
        assert!(html.contains("src=\"https://x.org/i/#/embed/parallel-speedup?size=512&amp;v=1\""), "{html}");
        assert!(html.contains("allow=\"cross-origin-isolated; clipboard-write\"") && html.contains("loading=\"lazy\""));
        assert!(html.contains("title=\"Interleave: Parallel speedup\""));
        let evil = snippet_html(speedup::SPEC.title, "\"><script>alert(1)</script>", "x");
        assert!(!evil.contains("<script>alert"), "{evil}");
        let md = snippet_markdown(speedup::SPEC.title, en.embed_run_it, src, "https://x.org/i/#/x/parallel-speedup?size=512 (&v=1)");
        assert!(md.ends_with("[▶ Parallel speedup — run it in Interleave](https://x.org/i/#/x/parallel-speedup?size=512&v=1)"), "{md}");
        assert_eq!(md.lines().next().unwrap().matches("<iframe").count(), 1);
    }
}
