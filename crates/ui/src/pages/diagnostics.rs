use interleave_protocol::{Event, Job};
use yew::prelude::*;

use crate::context::use_app;

/// Everything the page knows about the browser and the engine, and a deliberate crash to show
/// that a panic is reported and the engine can be restarted without reloading.
#[function_component(Diagnostics)]
pub fn diagnostics() -> Html {
    let ctx = use_app();
    let note = use_state(|| None::<String>);
    let caps = ctx.caps;
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
            <h1>{"Diagnostics"}</h1>
            <table class="kv" data-testid="diagnostics">
                <tbody>
                    {row("Tier", format!("{} — {}", caps.tier().number(), caps.tier().name()))}
                    {row("crossOriginIsolated", caps.cross_origin_isolated.to_string())}
                    {row("SharedArrayBuffer defined", caps.shared_array_buffer.to_string())}
                    {row("Web Workers", caps.workers.to_string())}
                    {row("hardwareConcurrency", caps.hardware_concurrency.to_string())}
                    {row("Embedded in another page", caps.embedded.to_string())}
                    {row("Engine", ctx.status.to_string())}
                </tbody>
            </table>
            <h2>{"Engine crash test"}</h2>
            <p>{"Panics inside one of the engine's pool threads. The page should report the panic \
                 message and offer a restart; the rest of the page keeps working."}</p>
            <div class="buttons">
                <button onclick={crash} disabled={!ctx.status.is_ready()} data-testid="crash">{"Panic inside the engine"}</button>
                <button onclick={restart} disabled={!ctx.status.can_restart()} data-testid="restart">{"Restart engine"}</button>
            </div>
            if let Some(n) = &*note { <p class="note" data-testid="crash-note">{n}</p> }
        </section>
    }
}
