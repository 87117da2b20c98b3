//! Deciding the language, keeping it, and the switcher (the order is in the module above).

use interleave_experiments::share::keys;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

use super::{Lang, LangContext, use_lang_context};

/// Where the switcher's choice is remembered.
const STORAGE_KEY: &str = "interleave.lang";

#[derive(Properties, PartialEq)]
pub struct ProviderProps {
    #[prop_or_default]
    pub children: Html,
}

/// Decides the language and provides it to `children`; keeps `<html lang>` and the document's
/// title in it. Renders inside the router, whose location carries the link's `lang`.
#[function_component(LangProvider)]
pub fn lang_provider(p: &ProviderProps) -> Html {
    let location = use_location();
    let address = location.as_ref().map(|l| format!("{}{}", l.path(), l.query_str())).unwrap_or_default();
    let from_link = location.as_ref().and_then(|l| link_lang(l.query_str()));
    let state = use_state(|| match from_link {
        Some(l) => (l, true),
        None => match remembered() {
            Some(l) => (l, true),
            None => (browser().unwrap_or(Lang::En), false),
        },
    });
    // A link opened later that names a language switches to it, even the language of the link
    // before it (the switcher may have changed it since; its own address rewrites are not
    // navigations, so they do not come back here).
    {
        let state = state.clone();
        use_effect_with(address, move |_| {
            if let Some(l) = from_link
                && *state != (l, true)
            {
                state.set((l, true));
            }
        });
    }
    let (lang, chosen) = *state;
    use_effect_with(lang, |lang| {
        let m = lang.messages();
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(root) = doc.document_element() {
                let _ = root.set_attribute("lang", lang.code());
            }
            doc.set_title(m.document_title);
        }
    });
    let set = {
        let state = state.clone();
        Callback::from(move |l: Lang| {
            remember(l);
            put_in_address(l);
            state.set((l, true));
        })
    };
    html! {
        <ContextProvider<LangContext> context={LangContext { lang, chosen, set }}>
            { p.children.clone() }
        </ContextProvider<LangContext>>
    }
}

/// The language choice, on every page: a labelled select.
#[function_component(LanguageSwitch)]
pub fn language_switch() -> Html {
    let ctx = use_lang_context();
    let m = ctx.lang.messages();
    let onchange = {
        let set = ctx.set.clone();
        Callback::from(move |e: Event| {
            if let Some(l) = e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).and_then(|s| Lang::parse(&s.value())) {
                set.emit(l);
            }
        })
    };
    html! {
        <label class="lang-switch">
            <span class="lang-label">{m.language}</span>{"\u{a0}"}
            <select {onchange} data-testid="lang-switch">
                { for Lang::ALL.iter().map(|l| html! {
                    <option value={l.code()} lang={l.code()} selected={*l == ctx.lang}>{l.native_name()}</option>
                }) }
            </select>
        </label>
    }
}

/// The `lang` a link's query names, if it is one we speak.
pub fn link_lang(query: &str) -> Option<Lang> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query.split('&').find_map(|pair| match pair.split_once('=') {
        Some((k, v)) if k == keys::LANG => Lang::ALL.into_iter().find(|l| l.code() == v),
        _ => None,
    })
}

/// `hash` (`#/x/id?a=1`) with its query's `lang` set to `code` (replaced in place, or added).
pub fn with_lang(hash: &str, code: &str) -> String {
    let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
    let mut pairs: Vec<String> = query.split('&').filter(|p| !p.is_empty()).map(str::to_string).collect();
    let pair = format!("{}={code}", keys::LANG);
    match pairs.iter_mut().find(|p| p.split('=').next() == Some(keys::LANG)) {
        Some(p) => *p = pair,
        None => pairs.push(pair),
    }
    let path = if path.is_empty() { "#/" } else { path };
    format!("{path}?{}", pairs.join("&"))
}

fn storage() -> Option<web_sys::Storage> {
    // Storage may be refused (a sandboxed frame, some private windows): then nothing is remembered.
    web_sys::window()?.local_storage().ok().flatten()
}

fn remembered() -> Option<Lang> {
    storage()?.get_item(STORAGE_KEY).ok().flatten().and_then(|v| Lang::parse(&v))
}

fn remember(l: Lang) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, l.code());
    }
}

/// The first of the browser's preferred languages we speak.
fn browser() -> Option<Lang> {
    let navigator = web_sys::window()?.navigator();
    let tags: Vec<String> = navigator.languages().iter().filter_map(|v| v.as_string()).collect();
    Lang::from_preferences(tags.iter().map(String::as_str)).or_else(|| navigator.language().as_deref().and_then(Lang::parse))
}

/// Keeps the address bar's `lang` equal to the choice, on any route (an experiment page's share
/// bar then rewrites its whole link, `lang` included).
fn put_in_address(l: Lang) {
    let Some(hash) = web_sys::window().and_then(|w| w.location().hash().ok()) else { return };
    crate::share::url::replace_address(&with_lang(&hash, l.code()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_name_a_language() {
        assert_eq!(link_lang("?size=512&lang=ko&v=1"), Some(Lang::Ko));
        assert_eq!(link_lang("lang=en"), Some(Lang::En));
        assert_eq!(link_lang("lang=xx&v=1"), None);
        assert_eq!(link_lang(""), None);
        assert_eq!(link_lang("slang=ko"), None);
    }

    #[test]
    fn the_address_gets_the_language() {
        assert_eq!(with_lang("#/x/event-loop?units=8&lang=en&v=1", "ko"), "#/x/event-loop?units=8&lang=ko&v=1");
        assert_eq!(with_lang("#/x/event-loop", "ko"), "#/x/event-loop?lang=ko");
        assert_eq!(with_lang("", "ko"), "#/?lang=ko");
        assert_eq!(with_lang("#/diagnostics?", "en"), "#/diagnostics?lang=en");
    }

    #[test]
    fn browser_preferences_pick_the_first_language_we_speak() {
        assert_eq!(Lang::from_preferences(["de-DE", "ko-KR", "en"]), Some(Lang::Ko));
        assert_eq!(Lang::from_preferences(["en-GB", "ko"]), Some(Lang::En));
        assert_eq!(Lang::from_preferences(["fr"]), None);
    }
}
