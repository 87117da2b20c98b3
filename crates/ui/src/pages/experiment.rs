use std::rc::Rc;

use interleave_experiments::{ExperimentId, find, share};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::context::use_app;
use crate::i18n::use_messages;
use crate::page_table::page_for;
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
        (Some(id), Some(page), Some(decoded)) => {
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
