use yew::prelude::*;
use yew_router::prelude::*;

use crate::context::use_app;
use crate::engine::EngineStatus;
use crate::platform::Tier;
use crate::route::Route;

/// The always-visible line saying what this browser gives the page and what follows from it.
#[function_component(StatusStrip)]
pub fn status_strip() -> Html {
    let ctx = use_app();
    let caps = ctx.caps;
    let tier = caps.tier();
    let explain = caps.explain();
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let engine = match &ctx.status {
        EngineStatus::Ready { threads, .. } => format!("ready, {threads} threads"),
        EngineStatus::Unavailable(_) => "not available".into(),
        other => other.to_string(),
    };
    let restart = {
        let engine = ctx.engine.clone();
        Callback::from(move |_| engine.restart())
    };
    let class = classes!("status", format!("tier-{}", tier.number()));
    html! {
        <section class={class} aria-label="What this browser gives the page" data-testid="status">
            <ul class="facts">
                <li data-testid="tier"><strong>{format!("Tier {}", tier.number())}</strong>{format!(" — {}", tier.name())}</li>
                <li>{"cross-origin isolated: "}<b data-testid="isolated">{yes_no(caps.cross_origin_isolated)}</b></li>
                <li>{"SharedArrayBuffer: "}<b>{yes_no(caps.shared_array_buffer && caps.cross_origin_isolated)}</b></li>
                <li>{"hardware threads: "}<b data-testid="cores">{caps.hardware_concurrency}</b></li>
                <li>{"engine: "}<b data-testid="engine-status">{engine}</b></li>
                if matches!(ctx.status, EngineStatus::Crashed(_) | EngineStatus::Failed(_)) {
                    <li><button class="small" onclick={restart}>{"Restart engine"}</button></li>
                }
            </ul>
            if tier != Tier::Threads {
                <div class="why-tier" data-testid="tier-reason">
                    if let Some(missing) = explain.missing { <p>{missing}</p> }
                    if let Some(fix) = explain.fix { <p>{fix}</p> }
                    <p>{"Still works here: "}{explain.works}
                        // A new tab helps only where the embedding page is what withholds isolation.
                        if caps.embedded {
                            {" "}<a href={open_in_new_tab_href()} target="_blank" rel="noopener">{"Open in a new tab ↗"}</a>
                        }
                    </p>
                </div>
            }
            if let EngineStatus::Crashed(why) | EngineStatus::Failed(why) = &ctx.status {
                <p class="error" role="alert" data-testid="engine-error">
                    {"The engine stopped: "}{why}{" — "}
                    <Link<Route> to={Route::Diagnostics}>{"details"}</Link<Route>>
                </p>
            }
        </section>
    }
}

fn open_in_new_tab_href() -> String {
    web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_else(|| "./".into())
}
