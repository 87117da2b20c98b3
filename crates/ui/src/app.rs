//! The root component: provides the app context (`context.rs`), the router, the language
//! (`i18n`), and the header with the status strip and the language switch.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::StatusStrip;
use crate::context::AppContext;
use crate::engine::{EngineHandle, EngineStatus};
use crate::i18n::{Lang, LangProvider, LanguageSwitch, use_messages};
use crate::pages::{Diagnostics, ExperimentPage, Home, NotFound};
use crate::platform::{self, Tier};
use crate::route::Route;
use crate::share::embed::HeightReporter;
use interleave_experiments::ExperimentId;

#[function_component(App)]
pub fn app() -> Html {
    let caps = use_memo((), |_| platform::detect());
    // With threads the engine stays unstarted until a page that runs engine jobs opens
    // (`EngineHandle::ensure_started`), so the catalog alone never loads it. Without them it is
    // unavailable from the first render, before any page's effect could try to start it. The
    // reason is kept for diagnostics in English; the page says it in its language.
    let initial = use_memo((), |_| match caps.tier() {
        Tier::Threads => EngineStatus::NotStarted,
        _ => EngineStatus::Unavailable(caps.explain(Lang::En.messages()).missing.unwrap_or("not isolated").to_string()),
    });
    let status = {
        let initial = (*initial).clone();
        use_state(move || initial)
    };
    let engine = {
        let status = status.setter();
        let threads = caps.pool_threads(interleave_experiments::MAX_THREADS);
        let initial = (*initial).clone();
        use_memo((), move |_| EngineHandle::new(threads, initial, Callback::from(move |s| status.set(s))))
    };
    let ctx = AppContext { caps: *caps, engine: (*engine).clone(), status: (*status).clone() };
    html! {
        <ContextProvider<AppContext> context={ctx}>
            <HashRouter>
                <LangProvider>
                    <Shell />
                </LangProvider>
            </HashRouter>
        </ContextProvider<AppContext>>
    }
}

/// The chrome around a route: the whole site's, or for an embed only the status strip and the
/// experiment (the frame then reports its height to the host page).
#[function_component(Shell)]
fn shell() -> Html {
    let m = use_messages();
    if let Some(Route::Embed { id }) = use_route::<Route>() {
        return html! { <EmbedShell {id} /> };
    }
    html! {
        <>
            <header class="top">
                <Link<Route> to={Route::Home} classes="brand">
                    <svg class="logo" viewBox="0 0 32 32" aria-hidden="true">
                        <path d="M6 9h20M6 16h20M6 23h20" /><path class="warp" d="M11 5v22M21 5v22" />
                    </svg>{"Interleave"}
                </Link<Route>>
                <span class="tagline">{m.tagline}</span>
                <nav>
                    <Link<Route> to={Route::Home}>{m.nav_experiments}</Link<Route>>
                    <Link<Route> to={Route::Diagnostics}>{m.nav_diagnostics}</Link<Route>>
                </nav>
                <LanguageSwitch />
            </header>
            <StatusStrip />
            <main id="main">
                <Switch<Route> render={switch} />
            </main>
            <footer class="bottom">
                {m.footer}
            </footer>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct EmbedProps {
    id: String,
}

#[function_component(EmbedShell)]
fn embed_shell(p: &EmbedProps) -> Html {
    let experiment = ExperimentId::parse(&p.id);
    use_effect_with(experiment, |experiment| {
        let reporter = experiment.and_then(|e| HeightReporter::start(e.as_str()));
        move || drop(reporter)
    });
    html! {
        <div class="embed-shell">
            <div class="embed-top"><LanguageSwitch /></div>
            <StatusStrip />
            <main id="main">
                <ExperimentPage id={p.id.clone()} embed=true />
            </main>
        </div>
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Experiment { id } => html! { <ExperimentPage {id} /> },
        Route::Embed { id } => html! { <ExperimentPage {id} embed=true /> },
        Route::Diagnostics => html! { <Diagnostics /> },
        Route::NotFound => html! { <NotFound /> },
    }
}
