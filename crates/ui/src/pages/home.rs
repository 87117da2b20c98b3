use interleave_experiments::{CATALOG, Needs};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::context::use_app;
use crate::platform::Tier;
use crate::route::Route;

/// The catalog: a card per experiment that exists.
#[function_component(Home)]
pub fn home() -> Html {
    let ctx = use_app();
    let threads = ctx.caps.tier() == Tier::Threads;
    html! {
        <>
            <section class="intro">
                <h1>{"Experiments"}</h1>
                <p>{"Each experiment answers one question about concurrency by running it, for real, \
                     on this machine. Pick one, move the knobs, press Run."}</p>
            </section>
            <ul class="catalog" data-testid="catalog">
                { for CATALOG.iter().map(|e| {
                    let needs = match e.needs {
                        Needs::SharedMemory if !threads => Some("needs shared memory — not available here"),
                        Needs::SharedMemory => Some("real threads over shared memory"),
                        Needs::Nothing => None,
                    };
                    html! {
                        <li class="card" data-testid={format!("card-{}", e.id.as_str())}>
                            <Link<Route> to={Route::Experiment { id: e.id.as_str().into() }}>
                                <h2>{e.title}</h2>
                                <p class="question">{e.question}</p>
                                <p class="seed" lang="ko">
                                    <span class="seed-label">{"From the essay: "}</span>
                                    {e.seed.heading}
                                    <span lang="en">{format!(" — {}", e.seed.english)}</span>
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
