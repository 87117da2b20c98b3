use yew::prelude::*;
use yew_router::prelude::*;

use crate::context::use_app;
use crate::engine::EngineStatus;
use crate::i18n::{group, tier_name, use_lang};
use crate::platform::Tier;
use crate::route::Route;

/// The always-visible line saying what this browser gives the page and what follows from it.
#[function_component(StatusStrip)]
pub fn status_strip() -> Html {
    let ctx = use_app();
    let lang = use_lang();
    let m = lang.messages();
    let caps = ctx.caps;
    let tier = caps.tier();
    let explain = caps.explain(m);
    let yes_no = |b: bool| if b { m.yes } else { m.no };
    let engine = match &ctx.status {
        EngineStatus::Ready { threads, .. } => (m.engine_ready_short)(*threads),
        EngineStatus::Unavailable(_) => m.engine_off_short.into(),
        other => crate::i18n::engine_status(m, other),
    };
    let restart = {
        let engine = ctx.engine.clone();
        Callback::from(move |_| engine.restart())
    };
    let class = classes!("status", format!("tier-{}", tier.number()));
    html! {
        <section class={class} aria-label={m.status_label} data-testid="status">
            <ul class="facts">
                <li data-testid="tier"><strong>{(m.tier)(tier.number(), tier_name(m, tier))}</strong></li>
                <li>{m.fact_isolated}<b data-testid="isolated">{yes_no(caps.cross_origin_isolated)}</b></li>
                <li>{m.fact_shared_memory}<b>{yes_no(caps.shared_array_buffer && caps.cross_origin_isolated)}</b></li>
                <li>{m.fact_cores}<b data-testid="cores">{group(lang, i64::from(caps.hardware_concurrency))}</b></li>
                <li>{m.fact_engine}<b data-testid="engine-status">{engine}</b></li>
                if matches!(ctx.status, EngineStatus::Crashed(_) | EngineStatus::Failed(_)) {
                    <li><button class="small" onclick={restart}>{m.restart_engine}</button></li>
                }
            </ul>
            if tier != Tier::Threads {
                <div class="why-tier" data-testid="tier-reason">
                    if let Some(missing) = explain.missing { <p>{missing}</p> }
                    if let Some(fix) = explain.fix { <p>{fix}</p> }
                    <p>{m.still_works}{explain.works}
                        // A new tab helps only where the embedding page is what withholds isolation.
                        if caps.embedded {
                            {" "}<a href={open_in_new_tab_href()} target="_blank" rel="noopener">{m.open_in_new_tab}</a>
                        }
                    </p>
                </div>
            }
            if let EngineStatus::Crashed(why) | EngineStatus::Failed(why) = &ctx.status {
                <p class="error" role="alert" data-testid="engine-error">
                    {m.engine_stopped}{why}{" — "}
                    <Link<Route> to={Route::Diagnostics}>{m.details}</Link<Route>>
                </p>
            }
        </section>
    }
}

fn open_in_new_tab_href() -> String {
    web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_else(|| "./".into())
}
