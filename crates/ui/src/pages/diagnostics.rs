use interleave_protocol::{Event, Job};
use yew::prelude::*;

use crate::context::use_app;
use crate::i18n::{engine_status, tier_name, use_messages};

/// Everything the page knows about the browser and the engine, and a deliberate crash to show
/// that a panic is reported and the engine can be restarted without reloading.
#[function_component(Diagnostics)]
pub fn diagnostics() -> Html {
    let ctx = use_app();
    let m = use_messages();
    let note = use_state(|| None::<String>);
    let caps = ctx.caps;
    {
        // Diagnostics shows the engine and can crash it on purpose, so it needs one running.
        let engine = ctx.engine.clone();
        use_effect_with((), move |_| engine.ensure_started());
    }
    let crash = {
        let (engine, note) = (ctx.engine.clone(), note.clone());
        Callback::from(move |_| {
            let note2 = note.clone();
            let listener = Callback::from(move |e: Event| {
                if let Event::Failed { message, .. } = e {
                    note2.set(Some(message));
                }
            });
            if let Err(e) = engine.run(Job::Panic, listener) {
                note.set(Some(e));
            }
        })
    };
    let restart = {
        let engine = ctx.engine.clone();
        Callback::from(move |_| engine.restart())
    };
    let row = |k: &str, v: String| html! { <tr><th scope="row">{k.to_string()}</th><td>{v}</td></tr> };
    html! {
        <section class="panel">
            <h1>{m.diagnostics_title}</h1>
            <table class="kv" data-testid="diagnostics">
                <tbody>
                    {row(m.diag_tier, format!("{} — {}", caps.tier().number(), tier_name(m, caps.tier())))}
                    // The browser's own names and values, as a developer would look them up.
                    {row("crossOriginIsolated", caps.cross_origin_isolated.to_string())}
                    {row(m.diag_shared_array_buffer, caps.shared_array_buffer.to_string())}
                    {row(m.diag_workers, caps.workers.to_string())}
                    {row("hardwareConcurrency", caps.hardware_concurrency.to_string())}
                    {row(m.diag_embedded, caps.embedded.to_string())}
                    {row(m.diag_engine, engine_status(m, &ctx.status))}
                </tbody>
            </table>
            <h2>{m.crash_title}</h2>
            <p>{m.crash_text}</p>
            <div class="buttons">
                <button onclick={crash} disabled={!ctx.status.is_ready()} data-testid="crash">{m.crash_button}</button>
                <button onclick={restart} disabled={!ctx.status.can_restart()} data-testid="restart">{m.restart_engine}</button>
            </div>
            if let Some(n) = &*note { <p class="note" data-testid="crash-note">{n}</p> }
        </section>
    }
}
