use interleave_experiments::share::{self, LinkState};
use interleave_experiments::{ExperimentId, find};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::{clipboard, embed, url, use_link};
use crate::i18n::{Messages, use_lang_context};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: ExperimentId,
    /// The page's state as a link would carry it (parameters and view keys; no results).
    pub state: LinkState,
    /// Packs the page's results for "Share with results"; `Err` says why it cannot.
    #[prop_or_default]
    pub pack: Option<Callback<(), Result<String, String>>>,
    /// The packed results the page is replaying, kept in the address bar while shown.
    #[prop_or_default]
    pub replaying: Option<String>,
}

/// What the last button press produced.
#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Copied(What),
    /// The clipboard was refused: the text to copy by hand, and why.
    CopyByHand { what: What, text: String, why: String },
    Embed { html: String, markdown: String },
    Problem(String),
}

/// What was copied (named in the page's language when shown).
#[derive(Clone, Copy, Debug, PartialEq)]
enum What {
    Link,
    LinkWithResults,
}

impl What {
    fn name(self, m: &Messages) -> &'static str {
        match self {
            What::Link => m.the_link,
            What::LinkWithResults => m.the_link_with_results,
        }
    }
}

/// Share, Share with results and Embed; keeps the address bar equal to the current share link.
/// In an embed it is a single “Open in Interleave” link that carries the state.
#[function_component(ShareBar)]
pub fn share_bar(p: &Props) -> Html {
    let link = use_link();
    let language = use_lang_context();
    let m = language.lang.messages();
    let shown = use_state(|| None::<Shown>);
    let spec = find(p.id);
    // The link carries the language when the person chose one (see `i18n`).
    let state = LinkState { lang: language.chosen.then_some(language.lang.code()), ..p.state.clone() };
    let query = {
        let mut s = state.clone();
        s.results = None;
        share::encode(spec, &s)
    };

    // The address bar always holds the current state (and the replayed results while shown).
    {
        let (id, embed) = (p.id, link.embed);
        let shown_query = match &p.replaying {
            Some(blob) => share::encode(spec, &LinkState { results: Some(blob.clone()), ..state.clone() }),
            None => query.clone(),
        };
        use_effect_with(shown_query, move |q| url::replace_address(&url::fragment(id, q, embed)));
    }

    if link.embed {
        return html! {
            <p class="share-bar embed-open">
                <a href={url::absolute(p.id, &query, false)} target="_blank" rel="noopener" data-testid="open-in-interleave">
                    {m.open_in_interleave}</a>
            </p>
        };
    }

    let on_share = {
        let (shown, text) = (shown.clone(), url::absolute(p.id, &query, false));
        Callback::from(move |_| copy_and_show(shown.clone(), What::Link, text.clone()))
    };
    let on_share_results = {
        let (shown, pack, id, state) = (shown.clone(), p.pack.clone(), p.id, state.clone());
        Callback::from(move |_| {
            let Some(pack) = &pack else { return };
            match pack.emit(()) {
                Err(why) => shown.set(Some(Shown::Problem((m.cannot_share_results)(&why)))),
                Ok(blob) => {
                    let q = share::encode(find(id), &LinkState { results: Some(blob), ..state.clone() });
                    copy_and_show(shown.clone(), What::LinkWithResults, url::absolute(id, &q, false));
                }
            }
        })
    };
    let on_embed = {
        let (shown, id, query) = (shown.clone(), p.id, query.clone());
        let title = crate::i18n::experiment(language.lang, id).title;
        Callback::from(move |_| {
            let (src, open) = (url::absolute(id, &query, true), url::absolute(id, &query, false));
            let script = format!("{}embed.js", url::directory(&url::page_base()));
            shown.set(Some(Shown::Embed {
                html: embed::snippet_html(title, &src, &script),
                markdown: embed::snippet_markdown(title, m.embed_run_it, &src, &open),
            }));
        })
    };
    let select_all = Callback::from(|e: FocusEvent| {
        if let Some(t) = e.target() {
            if let Some(i) = t.dyn_ref::<web_sys::HtmlInputElement>() {
                i.select();
            } else if let Some(a) = t.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                a.select();
            }
        }
    });

    html! {
        <section class="share-bar" aria-label={m.share_label} data-testid="share-bar">
            <div class="buttons">
                <button onclick={on_share} data-testid="share" title={m.share_link_title}>
                    {m.share_link}</button>
                if p.pack.is_some() {
                    <button onclick={on_share_results} data-testid="share-results"
                            title={m.share_results_title}>
                        {m.share_results}</button>
                }
                <button onclick={on_embed} data-testid="embed" title={m.embed_title}>
                    {m.embed}</button>
            </div>
            <div aria-live="polite" class="share-status">
            { match &*shown {
                None => html! {},
                Some(Shown::Copied(what)) => html! {
                    <p class="ok" role="status" data-testid="share-status">{(m.copied)(what.name(m))}</p>
                },
                Some(Shown::CopyByHand { what, text, why }) => html! {
                    <div data-testid="share-status">
                        <p role="status">{(m.copy_by_hand)(why, what.name(m))}</p>
                        <input class="share-text" type="text" readonly=true value={text.clone()} onfocus={select_all.clone()}
                               aria-label={(m.copy_field)(what.name(m))} data-testid="share-text" />
                    </div>
                },
                Some(Shown::Problem(why)) => html! {
                    <p class="error" role="status" data-testid="share-status">{why}</p>
                },
                Some(Shown::Embed { html, markdown }) => html! {
                    <div class="embed-snippets" data-testid="embed-snippets">
                        <label for="embed-html">{m.embed_html_label}</label>
                        <textarea id="embed-html" readonly=true rows="4" value={html.clone()} onfocus={select_all.clone()}
                                  data-testid="embed-html" />
                        <label for="embed-md">{m.embed_markdown_label}</label>
                        <textarea id="embed-md" readonly=true rows="5" value={markdown.clone()} onfocus={select_all.clone()}
                                  data-testid="embed-markdown" />
                    </div>
                },
            } }
            </div>
        </section>
    }
}

/// Copies `text` and says so, or shows it for copying by hand when the browser refuses.
fn copy_and_show(shown: UseStateHandle<Option<Shown>>, what: What, text: String) {
    wasm_bindgen_futures::spawn_local(async move {
        shown.set(Some(match clipboard::copy(&text).await {
            Ok(()) => Shown::Copied(what),
            Err(why) => Shown::CopyByHand { what, text, why },
        }));
    });
}
