//! The task-queues page: pick a scenario, run it for real, read the measured log beside a
//! diagram of the call stack and the queues that can be stepped forward and back.

use interleave_experiments::task_queues::trace::{Caption, Entry, TraceEvent};
use interleave_experiments::task_queues::{Preset, Queue, SPEC, to_js};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use super::state::{Action, RunView, TaskQueueState};
use super::why::Why;
use crate::components::{Announce, FieldsView, ParamFields};
use crate::context::use_app;
use crate::i18n::{Messages, experiment, number, use_lang};
use crate::export::Exports;
use crate::run_queue::RunAction;
use crate::share::{ReplayBanner, ShareBar, replay, use_link};

#[wasm_bindgen(module = "/src/task_queues/recorder.js")]
extern "C" {
    #[wasm_bindgen(js_name = runScenario)]
    fn run_scenario(ops: JsValue, limit_ms: f64) -> js_sys::Promise;
}

/// The longest a scenario may take (a hidden tab runs no animation frames).
const LIMIT_MS: f64 = 5_000.0;

#[derive(Deserialize)]
struct Recorded {
    events: Vec<TraceEvent>,
    complete: bool,
}

#[function_component(TaskQueuesPage)]
pub fn task_queues_page() -> Html {
    let ctx = use_app();
    let lang = use_lang();
    let m = lang.messages();
    let t = &m.task_queues;
    let words = experiment(lang, SPEC.id);
    let link = use_link();
    let state = {
        let decoded = link.decoded.clone();
        use_reducer(move || TaskQueueState::from_link(&decoded.state))
    };
    let pack = replay::pack_callback(&state.runs.results, &ctx.caps, m);
    let scenario = state.scenario();
    let announce = state.runs.announcement(m, |_| t.running.to_string(), |run| {
        let check = match &run.check {
            Ok(()) => t.spec_ok.to_string(),
            Err(why) => (t.spec_bad)(why),
        };
        format!("{}: {check}", (t.measured)(preset_title(m, run.preset)))
    });
    let code = to_js(&scenario);

    let run = {
        let d = state.dispatcher();
        let ops = scenario.clone();
        let (preset, params) = (state.preset, state.form.params);
        Callback::from(move |_| {
            let d = d.clone();
            let value = match serde_wasm_bindgen::to_value(&ops) {
                Ok(v) => v,
                Err(e) => return d.dispatch(Action::Run(RunAction::Failed(format!("could not pass the scenario: {e}")))),
            };
            d.dispatch(Action::Run(RunAction::Started { run: preset, total: 0, job: None }));
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = JsFuture::from(run_scenario(value, LIMIT_MS))
                    .await
                    .map_err(|e| format!("the scenario failed: {e:?}"))
                    .and_then(|v| serde_wasm_bindgen::from_value::<Recorded>(v).map_err(|e| e.to_string()));
                d.dispatch(match outcome {
                    Ok(r) => Action::Run(RunAction::Finished(RunView::new(preset, params, &r.events, r.complete))),
                    Err(e) => Action::Run(RunAction::Failed(e)),
                });
            });
        })
    };
    let on_input = {
        let d = state.dispatcher();
        Callback::from(move |(key, text): (&'static str, String)| d.dispatch(Action::Input(key, text)))
    };
    let go = |a: fn() -> Action| {
        let d = state.dispatcher();
        Callback::from(move |_| d.dispatch(a()))
    };
    let onkeydown = {
        let d = state.dispatcher();
        Callback::from(move |e: KeyboardEvent| {
            let action = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" | "j" => Action::Step(1),
                "ArrowLeft" | "ArrowUp" | "k" => Action::Step(-1),
                "PageDown" => Action::Step(10),
                "PageUp" => Action::Step(-10),
                "Home" => Action::First,
                "End" => Action::Last,
                _ => return,
            };
            e.prevent_default();
            d.dispatch(action);
        })
    };

    html! {
        <article class="experiment task-queues" data-testid="experiment-task-queues">
            <header class="experiment-head">
                <h1>{words.title}</h1>
                <p class="question">{words.question}</p>
                <p class="mode"><span class="badge real">{m.real_run}</span>{t.mode}</p>
            </header>

            <div class="lab tq-lab">
                <section class="controls" aria-label={t.scenario}>
                    <fieldset class="tq-presets">
                        <legend>{t.scenario}</legend>
                        { for Preset::ALL.iter().map(|&p| {
                            let d = state.dispatcher();
                            html! {
                                <label class="tq-preset">
                                    <input type="radio" name="tq-preset" checked={state.preset == p} disabled={state.running()}
                                        data-testid={format!("preset-{}", p.id())}
                                        onchange={Callback::from(move |_| d.dispatch(Action::Preset(p)))} />
                                    {preset_title(m, p)}
                                </label>
                            }
                        }) }
                    </fieldset>
                    <ParamFields specs={SPEC.params} form={FieldsView::from(&state.form)} disabled={state.running()} {on_input} />
                    <div class="buttons">
                        <button class="primary" onclick={run} disabled={!state.can_run()} data-testid="run">
                            { if state.running() { t.running } else { t.run } }
                        </button>
                    </div>
                    if let Some(n) = state.runs.notice(m) { <p class="notice error" data-testid="notice">{n}</p> }
                    <Announce text={announce} />
                </section>
                <figure class="picture tq-code">
                    // It scrolls, so it takes focus (and arrow keys scroll it).
                    <pre data-testid="code" tabindex="0" role="region" aria-labelledby="tq-code-caption"><code>{code}</code></pre>
                    <figcaption id="tq-code-caption">{t.code_caption}</figcaption>
                </figure>
            </div>

            <ShareBar id={SPEC.id} state={state.link()} pack={pack}
                      replaying={state.runs.replaying().map(|r| r.blob.clone())} />
            <ReplayBanner replay={state.runs.replay_note()} showing={state.runs.replaying().is_some()} />

            if let Some(run) = state.run() {
                <section class="results tq-run" aria-labelledby="tq-run-title">
                    <h2 id="tq-run-title">{(t.measured)(preset_title(m, run.preset))}
                        { match &run.check {
                            Ok(()) => html! { <span class="badge ok" data-testid="spec-ok">{t.spec_ok}</span> },
                            Err(why) => html! { <span class="badge bad" data-testid="spec-bad">{(t.spec_bad)(why)}</span> },
                        } }
                    </h2>
                    <div class="tq-grid">
                        <div class="tq-log">
                            <h3>{t.log_title}</h3>
                            <ol data-testid="log">
                                { for run.lines.iter().enumerate().map(|(i, (text, at, q))| {
                                    let logged = state.current().map_or(0, |s| s.logged);
                                    let class = classes!(
                                        "tq-line", queue_class(*q),
                                        (i < logged).then_some("done"),
                                        (i + 1 == logged).then_some("now"));
                                    let d = state.dispatcher();
                                    html! {
                                        <li class={class} data-testid="log-line" data-text={text.clone()} data-queue={queue_class(*q)}>
                                            <button class="tq-line-btn" onclick={Callback::from(move |_| d.dispatch(Action::ToLine(i)))}
                                                title={t.line_title}>
                                                <span class="tq-text">{text}</span>
                                                <span class="tq-tag">{queue_name(m, *q)}</span>
                                                <span class="tq-time">{format!("{} ms", number(lang, *at, Some(1)))}</span>
                                            </button>
                                        </li>
                                    }
                                }) }
                            </ol>
                            <Exports name={format!("task-queues-{}", run.preset.id())} csv={log_csv(run)} trace={trace_json(run)} />
                        </div>
                        <div class="tq-diagram" tabindex="0" role="group" {onkeydown} data-testid="diagram"
                             aria-label={t.diagram_label} aria-describedby="tq-keys">
                            <div class="tq-stepper">
                                <button class="small" onclick={go(|| Action::First)} aria-label={t.first_step} data-testid="step-first">{"◀◀"}</button>
                                <button class="small" onclick={go(|| Action::Step(-1))} aria-label={t.step_back} data-testid="step-back">{"◀"}</button>
                                <span class="tq-count" data-testid="step-count">{(t.step_count)(state.step + 1, run.steps.len())}</span>
                                <button class="small" onclick={go(|| Action::Step(1))} aria-label={t.step_forward} data-testid="step-forward">{"▶"}</button>
                                <button class="small" onclick={go(|| Action::Last)} aria-label={t.last_step} data-testid="step-last">{"▶▶"}</button>
                            </div>
                            if let Some(step) = state.current() {
                                <p class="tq-caption" aria-live="polite" data-testid="caption">
                                    <span class="tq-time">{format!("{} ms", number(lang, step.t, Some(1)))}</span>{" "}{caption(m, &step.caption)}</p>
                                <div class="tq-boxes">
                                    { lane(m, t.lane_stack, "stack", &step.stack, true, step.phase.is_some_and(|q| q == Queue::Script)) }
                                    { lane(m, t.lane_microtasks, "micro", &step.microtasks, false, step.phase == Some(Queue::Microtask)) }
                                    { lane(m, t.lane_tasks, "tasks", &step.tasks, false, matches!(step.phase, Some(Queue::Timer | Queue::Message))) }
                                    { lane(m, t.lane_frames, "frames", &step.frames, false, step.phase == Some(Queue::Frame)) }
                                </div>
                            }
                            <p class="tq-keys" id="tq-keys">{t.keys_hint}</p>
                        </div>
                    </div>
                    if !run.complete {
                        <p class="notice">{t.cut_short}</p>
                    }
                </section>
            } else {
                <section class="results"><p class="empty">{t.no_run}</p></section>
            }
            <Why />
        </article>
    }
}

fn preset_title(m: &Messages, p: Preset) -> &'static str {
    let t = &m.task_queues;
    match p {
        Preset::Classic => t.preset_classic,
        Preset::AwaitVsThen => t.preset_await_vs_then,
        Preset::MicrotasksInTasks => t.preset_microtasks_in_tasks,
        Preset::MicrotaskChain => t.preset_microtask_chain,
        Preset::IntervalAndFrames => t.preset_interval_and_frames,
    }
}

fn queue_name(m: &Messages, q: Queue) -> &'static str {
    let t = &m.task_queues;
    match q {
        Queue::Script => t.queue_script,
        Queue::Microtask => t.queue_microtask,
        Queue::Timer => t.queue_timer,
        Queue::Message => t.queue_message,
        Queue::Frame => t.queue_frame,
    }
}

/// A step's caption in the page's language.
fn caption(m: &Messages, c: &Caption) -> String {
    let t = &m.task_queues;
    match c {
        Caption::Scheduled { queue, label } => (match queue {
            Queue::Script => t.scheduled_script,
            Queue::Microtask => t.scheduled_microtask,
            Queue::Timer => t.scheduled_timer,
            Queue::Message => t.scheduled_message,
            Queue::Frame => t.scheduled_frame,
        })(label),
        Caption::Started { queue, checkpoint, label } => (match queue {
            Queue::Script => t.started_script,
            Queue::Microtask if *checkpoint => t.started_checkpoint,
            Queue::Microtask => t.started_microtask,
            Queue::Timer => t.started_timer,
            Queue::Message => t.started_message,
            Queue::Frame => t.started_frame,
        })(label),
        Caption::Returned { label, stack_empty } => (if *stack_empty { t.returned_empty } else { t.returned_busy })(label),
        Caption::Logged { label } => (t.logged)(label),
    }
}

fn queue_class(q: Queue) -> &'static str {
    match q {
        Queue::Script => "script",
        Queue::Microtask => "microtask",
        Queue::Timer => "timer",
        Queue::Message => "message",
        Queue::Frame => "frame",
    }
}

fn lane(m: &Messages, title: &str, key: &str, entries: &[Entry], stack: bool, active: bool) -> Html {
    let items: Vec<&Entry> = if stack { entries.iter().rev().collect() } else { entries.iter().collect() };
    html! {
        <section class={classes!("tq-box", format!("tq-{key}"), active.then_some("active"))} data-testid={format!("lane-{key}")}>
            <h4>{title}</h4>
            if items.is_empty() {
                <p class="tq-empty">{m.task_queues.empty}</p>
            } else {
                <ul>
                    { for items.into_iter().map(|e| html! {
                        <li class={classes!("tq-item", queue_class(e.queue))}>{e.label.clone()}</li>
                    }) }
                </ul>
            }
        </section>
    }
}

/// The measured log as CSV.
fn log_csv(run: &RunView) -> Callback<(), String> {
    let lines = run.lines.clone();
    Callback::from(move |()| {
        let rows: Vec<Vec<String>> =
            lines.iter().enumerate().map(|(i, (text, t, q))| vec![(i + 1).to_string(), text.clone(), format!("{t:.3}"), q.name().to_string()]).collect();
        interleave_experiments::export::csv(&["order", "log", "ms", "queue"], &rows)
    })
}

/// The run as a Chrome trace: the main thread's callbacks, and each queue's waits.
fn trace_json(run: &RunView) -> Callback<(), String> {
    let events = run.events.clone();
    Callback::from(move |()| interleave_experiments::task_queues::trace::chrome_trace(&events))
}
