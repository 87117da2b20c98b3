//! The root component: provides the app context (`context.rs`), the header with the status
//! strip, and the router.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::StatusStrip;
use crate::context::AppContext;
use crate::engine::{EngineHandle, EngineStatus};
use crate::pages::{Diagnostics, ExperimentPage, Home, NotFound};
use crate::platform::{self, Tier};
use crate::route::Route;
use crate::share::embed::HeightReporter;
use interleave_experiments::ExperimentId;

#[function_component(App)]
pub fn app() -> Html {
    let caps = use_memo((), |_| platform::detect());
    let status = use_state(|| EngineStatus::NotStarted);
    let engine = {
        let status = status.setter();
        let threads = caps.pool_threads(interleave_experiments::MAX_THREADS);
        use_memo((), move |_| EngineHandle::new(threads, Callback::from(move |s| status.set(s))))
    };
    {
        let (engine, caps) = (engine.clone(), *caps);
        use_effect_with((), move |_| {
            match caps.tier() {
                Tier::Threads => engine.start(),
                _ => engine.unavailable(caps.explain().missing.unwrap_or("not isolated")),
            }
        });
    }
    let ctx = AppContext { caps: *caps, engine: (*engine).clone(), status: (*status).clone() };
    html! {
        <ContextProvider<AppContext> context={ctx}>
            <HashRouter>
                <Shell />
            </HashRouter>
        </ContextProvider<AppContext>>
    }
}

/// The chrome around a route: the whole site's, or for an embed only the status strip and the
/// experiment (the frame then reports its height to the host page).
#[function_component(Shell)]
fn shell() -> Html {
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
                <span class="tagline">{"a concurrency laboratory in your browser"}</span>
                <nav>
                    <Link<Route> to={Route::Home}>{"Experiments"}</Link<Route>>
                    <Link<Route> to={Route::Diagnostics}>{"Diagnostics"}</Link<Route>>
                </nav>
            </header>
            <StatusStrip />
            <main id="main">
                <Switch<Route> render={switch} />
            </main>
            <footer class="bottom">
                {"Interleave — every run happens on your machine; nothing is sent anywhere."}
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
