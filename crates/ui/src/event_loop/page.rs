//! The event-loop experiment page: controls, the live jank meter (strip chart, two balls, a text
//! box), the results table and the explanation.

use std::cell::Cell;
use std::rc::Rc;

use interleave_experiments::event_loop::{EventLoopParams, SPEC, Variant, YieldWith};
use interleave_experiments::event_loop::jank::{HEARTBEAT_MS, Witness};
use yew::prelude::*;

use super::meter::Meter;
use super::runner::{self, Outcome};
use super::state::{Action, EventLoopState};
use super::why::Why;
use super::yielding::scheduler_yield_available;
use crate::context::use_app;
use crate::i18n::use_messages;
use crate::export::Exports;
use crate::share::{ReplayBanner, ShareBar, replay, use_link};
use crate::components::{FieldsView, ParamFields, ProgressBar};
use crate::run_queue::RunAction;
use crate::engine::{EngineHandle, EngineStatus};

/// Why a variant cannot run here, if it cannot.
fn unavailable(variant: Variant, status: &EngineStatus, has_yield: bool) -> Option<String> {
    match variant {
        Variant::Chunked(YieldWith::SchedulerYield) if !has_yield => {
            Some("This browser has no scheduler.yield() (Chromium 129+ has it).".into())
        }
        Variant::Worker => match status {
            EngineStatus::Ready { .. } => None,
            EngineStatus::Unavailable(why) => Some(format!("The engine worker is off here: {why}")),
            other => Some(format!("The engine worker is {other}.")),
        },
        _ => None,
    }
}

#[function_component(EventLoopPage)]
pub fn event_loop_page() -> Html {
    let ctx = use_app();
    let m = use_messages();
    let link = use_link();
    let state = {
        let decoded = link.decoded.clone();
        use_reducer(move || EventLoopState::from_link(&decoded.state))
    };
    let canvas_ref = use_node_ref();
    let ball_ref = use_node_ref();
    let meter = use_state(|| None::<Meter>);
    let stop_flag = use_mut_ref(|| Rc::new(Cell::new(false)));
    let has_yield = *use_memo((), |_| scheduler_yield_available());
    // What one unit of the job takes on this machine, measured while warming up.
    let unit_ms = use_state(|| None::<f64>);

    {
        let (meter, canvas_ref, ball_ref, unit_ms) = (meter.clone(), canvas_ref.clone(), ball_ref.clone(), unit_ms.clone());
        // Leaving the page stops its run: chunked runs see the flag, the engine gets a Stop.
        let (engine, flag) = (ctx.engine.clone(), stop_flag.borrow().clone());
        use_effect_with((), move |_| {
            let m = Meter::start(canvas_ref, ball_ref);
            let ready = meter.clone();
            let m2 = m.clone();
            // The page offers Run once the kernel is warm.
            wasm_bindgen_futures::spawn_local(async move {
                unit_ms.set(runner::warm_up().await);
                ready.set(Some(m2));
            });
            move || {
                flag.set(true);
                engine.stop_current();
                m.stop()
            }
        });
    }
    // Starts the next queued variant whenever nothing runs.
    {
        let (engine, d, meter) = (ctx.engine.clone(), state.dispatcher(), (*meter).clone());
        let params = state.form.params;
        let stop_flag = stop_flag.borrow().clone();
        let next = state.runs.next().copied();
        use_effect_with((next, meter.is_some()), move |&(next, _)| {
            if let (Some(variant), Some(meter)) = (next, meter) {
                start(variant, params, meter, engine, d, stop_flag);
            }
        });
    }

    let on_input = {
        let d = state.dispatcher();
        Callback::from(move |(key, text): (&'static str, String)| d.dispatch(Action::Input(key, text)))
    };
    let runnable: Vec<Variant> =
        Variant::ALL.into_iter().filter(|v| unavailable(*v, &ctx.status, has_yield).is_none()).collect();
    let run_all = {
        let (d, list) = (state.dispatcher(), runnable.clone());
        Callback::from(move |_| d.dispatch(Action::Run(RunAction::Queue(list.clone()))))
    };
    let stop = {
        let (d, engine, flag) = (state.dispatcher(), ctx.engine.clone(), stop_flag.borrow().clone());
        let job = state.runs.running.as_ref().and_then(|r| r.job);
        Callback::from(move |_| {
            flag.set(true);
            if let Some(id) = job {
                engine.stop(id);
            }
            d.dispatch(Action::Run(RunAction::Stopping));
        })
    };
    let clear = {
        let d = state.dispatcher();
        Callback::from(move |_| d.dispatch(Action::Run(RunAction::ClearResults)))
    };

    let busy = state.runs.is_busy();
    let can_run = state.can_run() && meter.is_some();
    let baseline = state.baseline_ms(&state.form.params);
    let running_blocking = state.runs.running.as_ref().is_some_and(|r| r.run == Variant::Blocking);
    let long_tasks = (*meter).as_ref().map(Meter::long_tasks_supported);
    let csv = {
        let results = state.runs.shown().to_vec();
        Callback::from(move |()| results_csv(&results))
    };
    let pack = replay::pack_callback(&state.runs.results, &ctx.caps, m);

    html! {
        <article class="experiment event-loop" data-testid="experiment-event-loop">
            <header class="experiment-head">
                <h1>{SPEC.title}</h1>
                <p class="question">{SPEC.question}</p>
                <p class="mode">
                    <span class="badge real">{m.real_run}</span>
                    {" on this page's main thread, and in the engine's Web Worker"}
                </p>
            </header>

            <div class="lab el-lab">
                <section class="controls" aria-label="Parameters and variants">
                    <ParamFields specs={SPEC.params} form={FieldsView::from(&state.form)} disabled={busy} {on_input} />
                    <p class="hint" data-testid="unit-time">{ unit_time(*unit_ms, meter.is_some(), state.form.params.units) }</p>
                    <p class="el-label">{"Run one variant"}</p>
                    <div class="buttons el-variants">
                        { for Variant::ALL.iter().map(|&v| {
                            let why = unavailable(v, &ctx.status, has_yield);
                            let d = state.dispatcher();
                            let onclick = Callback::from(move |_| d.dispatch(Action::Run(RunAction::Queue(vec![v]))));
                            html! {
                                <button onclick={onclick} disabled={!can_run || why.is_some()}
                                        data-testid={format!("run-{}", v.id())}
                                        title={why.clone().unwrap_or_else(|| describe(v).to_string())}>
                                    {v.label()}
                                </button>
                            }
                        }) }
                    </div>
                    <div class="buttons">
                        <button class="primary" onclick={run_all} disabled={!can_run} data-testid="run-all">
                            {format!("Run all {}", runnable.len())}
                        </button>
                        <button class="danger" onclick={stop} disabled={!busy || running_blocking} data-testid="stop"
                                title={if running_blocking { "A blocking job cannot be stopped: this click would wait in the task queue until it ends." } else { "Stop after the current chunk" }}>
                            {m.stop}
                        </button>
                    </div>
                    if let Some(r) = &state.runs.running {
                        <ProgressBar done={r.done} total={r.total} unit="units" />
                        <p class="running" aria-live="polite" data-testid="running">
                            { if r.stopping { m.stopping.to_string() }
                              else if r.done >= r.total && r.total > 0 { "Done; collecting the last frames and key presses…".to_string() }
                              else { running_text(r.run) } }
                            if !state.runs.queued.is_empty() { {format!(" Then {} more.", state.runs.queued.len())} }
                        </p>
                    }
                    if let Some(n) = state.runs.notice(m) { <p class="notice" role="status" data-testid="notice">{n}</p> }
                    { for Variant::ALL.iter().filter_map(|v| unavailable(*v, &ctx.status, has_yield).map(|why| html! {
                        <p class="notice blocked el-off" data-testid={format!("off-{}", v.id())}>
                            <strong>{format!("{}: ", v.label())}</strong>{why}
                        </p>
                    })) }
                </section>

                <section class="picture el-meter" aria-label="Jank meter">
                    <h2 class="el-meter-title">{"Jank meter"}
                        <span class="el-live">{"live"}</span></h2>
                    <canvas ref={canvas_ref.clone()} class="el-strip" data-testid="strip" role="img"
                        aria-label="The last six seconds: frame gaps as bars, the heartbeat's lag as a line, long tasks shaded, runs along the bottom"></canvas>
                    <p class="legend el-legend">
                        <span class="key el-frame">{"frame gap"}</span>
                        <span class="key el-over">{"missed frames"}</span>
                        <span class="key el-lag">{format!("timer lag (every {HEARTBEAT_MS} ms)")}</span>
                        <span class="key el-longtask">
                            { match long_tasks {
                                Some(false) => "long tasks (not reported by this browser)",
                                _ => "long task ≥ 50 ms",
                            } }
                        </span>
                    </p>
                    <div class="el-balls" aria-hidden="true">
                        <div class="el-track"><div ref={ball_ref} class="el-ball el-main"></div></div>
                        <span class="el-ball-label">{"moved by the main thread, every frame"}</span>
                        <div class="el-track"><div class="el-ball el-compositor"></div></div>
                        <span class="el-ball-label">{"a CSS animation (the compositor moves it)"}</span>
                    </div>
                    <label class="el-type" for="el-typing">{"Type here while a job runs:"}</label>
                    <textarea id="el-typing" class="el-typing" data-testid="typing" rows="2"
                        placeholder="Keys you press are timed: the delay between pressing and the page seeing it." />
                </section>
            </div>

            <ShareBar id={SPEC.id} state={state.link()} pack={pack}
                      replaying={state.runs.replaying().map(|r| r.blob.clone())} />

            <section class="results" aria-labelledby="el-results-title">
                <ReplayBanner replay={state.runs.replay_note()} showing={state.runs.replaying().is_some()} />
                <h2 id="el-results-title">{m.results}
                    if !state.runs.shown().is_empty() {
                        if state.checksums_agree() {
                            <span class="badge ok" data-testid="checksums-agree">{"✓ every variant computed the same checksum"}</span>
                        } else {
                            <span class="badge bad" data-testid="checksums-differ">{"✗ checksums differ"}</span>
                        }
                    }
                </h2>
                if state.runs.shown().is_empty() {
                    <p class="empty">{"No runs yet. Press “Run all”, or one variant; type in the box while it runs."}</p>
                } else {
                    <div class="table-wrap">
                    <table data-testid="results" class="el-results">
                        <thead><tr>
                            <th scope="col">{"variant"}</th>
                            <th scope="col">{"job"}</th>
                            <th scope="col" class="num">{"total (ms)"}</th>
                            <th scope="col" class="num" title="Compared with the blocking run of the same job">{"vs blocking"}</th>
                            <th scope="col" class="num" title="The longest the main thread was busy without a break">{"longest main-thread block (ms)"}</th>
                            <th scope="col" class="num" title="The longest gap between two animation frames">{"longest frame (ms)"}</th>
                            <th scope="col" class="num">{"frames dropped"}</th>
                            <th scope="col" class="num" title="From pressing a key or the mouse to the page seeing it, at worst">{"worst input delay (ms)"}</th>
                            <th scope="col" class="num" title="How late the 10 ms heartbeat timer ran, at worst">{"timer lag (ms)"}</th>
                            <th scope="col" class="num">{"long tasks"}</th>
                            <th scope="col" class="num">{"yields"}</th>
                        </tr></thead>
                        <tbody>
                        { for state.runs.shown().iter().map(|r| {
                            let j = r.jank;
                            let vs = baseline.filter(|_| r.params.units == state.form.params.units)
                                .or_else(|| state.baseline_ms(&r.params));
                            let block_class = if j.longest_block_ms > 50.0 { "num bad" } else { "num ok" };
                            html! {
                                <tr data-testid="result-row" data-variant={r.variant.id()}
                                    data-total={r.total_ms.to_string()} data-compute={r.compute_ms.to_string()}
                                    data-block={j.longest_block_ms.to_string()} data-frame={j.longest_frame_ms.to_string()}
                                    data-dropped={j.frames_dropped.to_string()} data-lag={j.worst_lag_ms.to_string()}
                                    data-witness={witness_mark(j.witness)}
                                    data-input={j.worst_input_ms.map_or(String::new(), |d| d.to_string())}
                                    data-inputs={j.inputs.to_string()} data-units={r.params.units.to_string()}
                                    data-checksum={format!("{:016x}", r.checksum)}>
                                    <th scope="row">{r.variant.label()}</th>
                                    <td>{ if r.variant.on_main_thread() && r.variant != Variant::Blocking {
                                            format!("{} units, chunk {}", r.params.units, r.params.chunk)
                                          } else { format!("{} units", r.params.units) } }</td>
                                    <td class="num">{format!("{:.0}", r.total_ms)}</td>
                                    <td class="num">{vs.map_or("—".into(), |b| format!("{:.2}×", r.total_ms / b))}</td>
                                    <td class={block_class} title={format!("witness: {}", j.witness.describe())}>
                                        {format!("{:.1}", j.longest_block_ms)}
                                        <span class="el-witness">{witness_mark(j.witness)}</span>
                                    </td>
                                    <td class="num">{format!("{:.0}", j.longest_frame_ms)}</td>
                                    <td class="num">{j.frames_dropped}</td>
                                    <td class="num" title={format!("{} input events during the run", j.inputs)}>
                                        {j.worst_input_ms.map_or("no input".into(), |d| format!("{d:.0}"))}</td>
                                    <td class="num">{format!("{:.0}", j.worst_lag_ms)}</td>
                                    <td class="num">{j.long_tasks.map_or("n/a".into(), |n| n.to_string())}</td>
                                    <td class="num">{r.yields}</td>
                                </tr>
                            }
                        }) }
                        </tbody>
                    </table>
                    </div>
                    <p class="el-footnote">{"Longest block: the larger of two lower bounds — "}
                        <span class="el-witness">{"J"}</span>{" the job's own longest synchronous slice, "}
                        <span class="el-witness">{"L"}</span>{" a long-task entry from the browser. Timer lag is not a block: \
                        a timer also waits when other tasks are simply served first. Frames dropped count the frames the display \
                        expected (one every "}{format!("{:.1}", state.runs.shown().last().map_or(16.7, |r| r.jank.frame_ms))}
                        {" ms here) that the page did not produce."}</p>
                    <button class="small" onclick={clear} disabled={busy}>{m.clear_results}</button>
                    <Exports name="event-loop" csv={csv} canvas={canvas_ref.clone()} />
                }
            </section>
            <Why />
        </article>
    }
}

/// The results table as CSV.
fn results_csv(results: &[interleave_experiments::event_loop::EventLoopResult]) -> String {
    let rows: Vec<Vec<String>> = results
        .iter()
        .map(|r| {
            let j = r.jank;
            vec![
                r.variant.id().to_string(),
                r.params.units.to_string(),
                r.params.chunk.to_string(),
                format!("{:.3}", r.total_ms),
                format!("{:.3}", r.compute_ms),
                format!("{:.3}", j.longest_block_ms),
                format!("{:.3}", j.longest_frame_ms),
                j.frames_dropped.to_string(),
                j.worst_input_ms.map_or(String::new(), |d| format!("{d:.3}")),
                format!("{:.3}", j.worst_lag_ms),
                j.long_tasks.map_or(String::new(), |n| n.to_string()),
                r.yields.to_string(),
                format!("{:016x}", r.checksum),
            ]
        })
        .collect();
    interleave_experiments::export::csv(
        &["variant", "units", "chunk", "total_ms", "compute_ms", "longest_block_ms", "longest_frame_ms", "frames_dropped",
          "worst_input_ms", "timer_lag_ms", "long_tasks", "yields", "checksum"],
        &rows,
    )
}

/// The job's expected length on this machine, from the measured time of one unit.
fn unit_time(unit_ms: Option<f64>, warmed: bool, units: u32) -> String {
    match unit_ms {
        Some(ms) => format!(
            "One unit takes ≈ {ms:.2} ms on this machine (measured here), so {units} units ≈ {:.1} s on the main thread.",
            ms * f64::from(units) / 1e3
        ),
        None if warmed => "This browser could not time a unit here.".into(),
        None => "Measuring one unit on this machine…".into(),
    }
}

fn witness_mark(w: Witness) -> &'static str {
    match w {
        Witness::OwnWork => "J",
        Witness::LongTask => "L",
    }
}

fn describe(v: Variant) -> &'static str {
    match v {
        Variant::Blocking => "The whole job in one go on the main thread",
        Variant::Chunked(YieldWith::Timeout) => "Chunks, yielding with setTimeout(0) between them",
        Variant::Chunked(YieldWith::MessageChannel) => "Chunks, yielding with a MessageChannel message",
        Variant::Chunked(YieldWith::SchedulerYield) => "Chunks, yielding with await scheduler.yield()",
        Variant::Worker => "The job in the engine's worker; the main thread only hears progress",
    }
}

fn running_text(v: Variant) -> String {
    match v {
        Variant::Blocking => "Blocking the main thread: nothing on this page can update until the job ends. \
                              Try typing or scrolling."
            .into(),
        Variant::Worker => "Running in the worker: the main thread stays free.".into(),
        Variant::Chunked(_) => format!("Running in chunks ({}).", v.label()),
    }
}

fn start(
    variant: Variant,
    params: EventLoopParams,
    meter: Meter,
    engine: EngineHandle,
    d: UseReducerDispatcher<EventLoopState>,
    stop_flag: Rc<Cell<bool>>,
) {
    stop_flag.set(false);
    d.dispatch(Action::Run(RunAction::Started { run: variant, total: params.units, job: None }));
    let progress = {
        let d = d.clone();
        Callback::from(move |(done, total)| d.dispatch(Action::Run(RunAction::Progress { job: None, done, total })))
    };
    let done = {
        let d = d.clone();
        Callback::from(move |outcome: Outcome| {
            d.dispatch(Action::Run(match outcome {
                Outcome::Finished(r) => RunAction::Finished(r),
                Outcome::Stopped => RunAction::Stopped,
                Outcome::Failed(e) => RunAction::Failed(e),
            }))
        })
    };
    match variant {
        Variant::Worker => {
            let started = {
                let d = d.clone();
                Callback::from(move |id| d.dispatch(Action::Run(RunAction::Job(id))))
            };
            wasm_bindgen_futures::spawn_local(runner::run_in_worker(engine, params, meter, progress, started, done));
        }
        _ => wasm_bindgen_futures::spawn_local(async move {
            let outcome = runner::run_on_main(variant, params, meter, stop_flag, progress).await;
            done.emit(outcome);
        }),
    }
}
