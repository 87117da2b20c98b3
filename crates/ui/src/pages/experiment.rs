use std::rc::Rc;

use interleave_experiments::{ExperimentId, find, share};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::context::use_app;
use crate::i18n::use_messages;
use crate::page_table::{build_for, page_for};
use crate::route::Route;
use crate::share::{LinkContext, LinkNotices, url};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: AttrValue,
    /// Opened through the embed route.
    #[prop_or_default]
    pub embed: bool,
}

/// Looks the id up in the catalog, reads the link's query for it, and shows that experiment's
/// page with the link in context. A new query (the hash edited, another link opened in this tab)
/// mounts the page afresh; the page's own edits of the address bar do not.
#[function_component(ExperimentPage)]
pub fn experiment_page(p: &Props) -> Html {
    let m = use_messages();
    // The query the page was opened with. The page rewrites the address bar as the person works
    // (without navigating); only a query it did not write itself is a new link to open.
    // The router tells when the address changes (and re-renders this page); what it says can be
    // older than the page's own last rewrite, so the address bar itself is read.
    let routed = use_location().map(|l| l.query_str().to_string()).unwrap_or_default();
    let current = url::address_query().unwrap_or(routed);
    let opened = use_mut_ref(|| current.clone());
    if current != *opened.borrow() && !url::written_by_page(&current) {
        *opened.borrow_mut() = current;
    }
    let query = opened.borrow().clone();
    let id = ExperimentId::parse(&p.id);
    let engine = use_app().engine;
    use_effect_with(id, move |id| {
        if id.is_some_and(|id| find(id).engine_job) {
            engine.ensure_started();
        }
    });
    let decoded = {
        let query = query.clone();
        use_memo((id, query), |(id, query)| id.map(|id| Rc::new(share::decode(find(id), query))))
    };
    match (id, id.and_then(page_for), (*decoded).clone()) {
        (Some(id), None, Some(_)) if build_for(id).is_some() => html! { <OtherBuild /> },
        (Some(id), Some(page), Some(decoded)) => {
            page_shown();
            let link = LinkContext { id, decoded, embed: p.embed };
            html! {
                <ContextProvider<LinkContext> context={link} key={query}>
                    <LinkNotices />
                    { page() }
                </ContextProvider<LinkContext>>
            }
        }
        _ => html! {
            <section class="intro">
                <h1>{m.unknown_experiment_title}</h1>
                <p role="alert" data-testid="unknown-experiment">
                    {(m.unknown_experiment)(&p.id.chars().filter(|c| !c.is_control()).take(60).collect::<String>())}
                    <Link<Route> to={Route::Home}>{m.see_every_experiment}</Link<Route>>{"."}</p>
            </section>
        },
    }
}

/// Where [`OtherBuild`] notes the address it reloaded for, so that a build missing its page
/// says so instead of reloading for ever.
const RELOADED_FOR: &str = "interleave:build-reload";

/// An experiment whose page is in another build of the app (scripts/build-ui.sh): reload, and
/// web/boot.js loads the build for this route. If this address was reloaded for already, the
/// build is broken: say so.
#[function_component(OtherBuild)]
fn other_build() -> Html {
    let m = use_messages();
    let address = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let storage = web_sys::window().and_then(|w| w.session_storage().ok().flatten());
    let again = storage.as_ref().and_then(|s| s.get_item(RELOADED_FOR).ok().flatten()).is_some_and(|a| a == address);
    use_effect_with(again, move |again| {
        if !again {
            if let Some(s) = &storage {
                let _ = s.set_item(RELOADED_FOR, &address);
            }
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
    });
    if again {
        html! { <section class="intro"><p role="alert" class="notice error" data-testid="build-missing">{m.build_missing}</p></section> }
    } else {
        html! { <section class="intro"><p role="status" data-testid="build-loading">{m.build_loading}</p></section> }
    }
}

/// Forgets [`RELOADED_FOR`] once a page shows, so that the next visit may reload again.
pub(crate) fn page_shown() {
    if let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = s.remove_item(RELOADED_FOR);
    }
}
