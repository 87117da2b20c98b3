use interleave_experiments::{CATALOG, Needs};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::context::use_app;
use crate::i18n::{Lang, experiment, use_lang};
use crate::platform::Tier;
use crate::route::Route;

/// The catalog: a card per experiment that exists.
#[function_component(Home)]
pub fn home() -> Html {
    let ctx = use_app();
    let lang = use_lang();
    let m = lang.messages();
    let threads = ctx.caps.tier() == Tier::Threads;
    html! {
        <>
            <section class="intro">
                <h1>{m.catalog_title}</h1>
                <p>{m.catalog_intro}</p>
            </section>
            <ul class="catalog" data-testid="catalog">
                { for CATALOG.iter().map(|e| {
                    let text = experiment(lang, e.id);
                    let needs = match e.needs {
                        Needs::SharedMemory if !threads => Some(m.needs_shared_memory_off),
                        Needs::SharedMemory => Some(m.needs_shared_memory_on),
                        Needs::Nothing => None,
                    };
                    html! {
                        <li class="card" data-testid={format!("card-{}", e.id.as_str())}>
                            <Link<Route> to={Route::Experiment { id: e.id.as_str().into() }}>
                                <h2>{text.title}</h2>
                                <p class="question">{text.question}</p>
                                <p class="seed">
                                    <span class="seed-label">{m.from_the_essay}</span>
                                    <span lang="ko">{e.seed.heading}</span>
                                    // In English the essay's Korean heading gets its translation beside it.
                                    if lang != Lang::Ko { {format!(" — {}", text.seed)} }
                                </p>
                                if let Some(n) = needs { <p class="needs">{n}</p> }
                            </Link<Route>>
                        </li>
                    }
                }) }
            </ul>
        </>
    }
}
