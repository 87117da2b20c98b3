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
use crate::i18n::{Messages, engine_status, experiment, number, use_lang};
use crate::export::Exports;
use crate::share::{ReplayBanner, ShareBar, replay, use_link};
use crate::components::{Announce, FieldsView, ParamFields, ProgressBar};
use crate::run_queue::RunAction;
use crate::engine::{EngineHandle, EngineStatus};

/// Why a variant cannot run here, if it cannot.
fn unavailable(m: &Messages, variant: Variant, status: &EngineStatus, has_yield: bool) -> Option<String> {
    let t = &m.event_loop;
    match variant {
        Variant::Chunked(YieldWith::SchedulerYield) if !has_yield => Some(t.no_scheduler_yield.into()),
        Variant::Worker => match status {
            EngineStatus::Ready { .. } => None,
            EngineStatus::Unavailable(_) => Some(t.worker_off.into()),
            other => Some((t.worker_state)(&engine_status(m, other))),
        },
        _ => None,
    }
}

/// A variant's name.
pub(super) fn label(m: &Messages, v: Variant) -> &'static str {
    let t = &m.event_loop;
    match v {
        Variant::Blocking => t.variant_blocking,
        Variant::Chunked(YieldWith::Timeout) => t.variant_timeout,
        Variant::Chunked(YieldWith::MessageChannel) => t.variant_message_channel,
        Variant::Chunked(YieldWith::SchedulerYield) => t.variant_scheduler_yield,
        Variant::Worker => t.variant_worker,
    }
}

#[function_component(EventLoopPage)]
pub fn event_loop_page() -> Html {
    let ctx = use_app();
    let lang = use_lang();
    let m = lang.messages();
    let t = &m.event_loop;
    let words = experiment(lang, SPEC.id);
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
                start(variant, params, meter, engine, d, stop_flag, label(m, variant));
            }
        });
    }

    let on_input = {
        let d = state.dispatcher();
        Callback::from(move |(key, text): (&'static str, String)| d.dispatch(Action::Input(key, text)))
    };
    let runnable: Vec<Variant> =
        Variant::ALL.into_iter().filter(|v| unavailable(m, *v, &ctx.status, has_yield).is_none()).collect();
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
    let announce = state.runs.announcement(m, |v| running_text(m, *v), |r| {
        (t.finished)(label(m, r.variant), &number(lang, r.total_ms, Some(0)), &number(lang, r.jank.longest_block_ms, Some(1)))
    });
    // The strip's text alternative: what it shows (its label), the newest run in a sentence, and
    // every run's numbers in the results table.
    let strip_summary = match state.runs.shown().last() {
        Some(r) => (t.strip_summary)(
            label(m, r.variant),
            &number(lang, r.jank.longest_frame_ms, Some(0)),
            &int(r.jank.frames_dropped),
            &number(lang, r.jank.longest_block_ms, Some(1)),
        ),
        None => t.strip_idle.to_string(),
    };
    let has_results = !state.runs.shown().is_empty();

    html! {
        <article class="experiment event-loop" data-testid="experiment-event-loop">
            <header class="experiment-head">
                <h1>{words.title}</h1>
                <p class="question">{words.question}</p>
                <p class="mode">
                    <span class="badge real">{m.real_run}</span>
                    {t.mode}
                </p>
            </header>

            <div class="lab el-lab">
                <section class="controls" aria-label={t.controls_label}>
                    <ParamFields specs={SPEC.params} form={FieldsView::from(&state.form)} disabled={busy} {on_input} />
                    <p class="hint" data-testid="unit-time">{ unit_time(m, lang, *unit_ms, meter.is_some(), state.form.params.units) }</p>
                    <p class="el-label">{t.run_one}</p>
                    <div class="buttons el-variants">
                        { for Variant::ALL.iter().map(|&v| {
                            let why = unavailable(m, v, &ctx.status, has_yield);
                            let d = state.dispatcher();
                            let onclick = Callback::from(move |_| d.dispatch(Action::Run(RunAction::Queue(vec![v]))));
                            html! {
                                <button onclick={onclick} disabled={!can_run || why.is_some()}
                                        data-testid={format!("run-{}", v.id())}
                                        title={why.clone().unwrap_or_else(|| describe(m, v).to_string())}>
                                    {label(m, v)}
                                </button>
                            }
                        }) }
                    </div>
                    <div class="buttons">
                        <button class="primary" onclick={run_all} disabled={!can_run} data-testid="run-all">
                            {(t.run_all)(runnable.len())}
                        </button>
                        <button class="danger" onclick={stop} disabled={!busy || running_blocking} data-testid="stop"
                                title={if running_blocking { t.stop_blocking_title } else { t.stop_title }}>
                            {m.stop}
                        </button>
                    </div>
                    if let Some(r) = &state.runs.running {
                        <ProgressBar done={r.done} total={r.total} unit={t.units} />
                        <p class="running" data-testid="running">
                            { if r.stopping { m.stopping.to_string() }
                              else if r.done >= r.total && r.total > 0 { t.collecting.to_string() }
                              else { running_text(m, r.run) } }
                            if !state.runs.queued.is_empty() { {(t.then_more)(state.runs.queued.len())} }
                        </p>
                    }
                    if let Some(n) = state.runs.notice(m) { <p class="notice" data-testid="notice">{n}</p> }
                    <Announce text={announce} />
                    { for Variant::ALL.iter().filter_map(|v| unavailable(m, *v, &ctx.status, has_yield).map(|why| html! {
                        <p class="notice blocked el-off" data-testid={format!("off-{}", v.id())}>
                            <strong>{format!("{}: ", label(m, *v))}</strong>{why}
                        </p>
                    })) }
                </section>

                <section class="picture el-meter" aria-label={t.meter_label}>
                    <h2 class="el-meter-title">{t.meter_title}
                        <span class="el-live">{t.live}</span></h2>
                    <canvas ref={canvas_ref.clone()} class="el-strip" data-testid="strip" role="img"
                        aria-label={t.strip_label}
                        aria-describedby={if has_results { "el-strip-summary el-results" } else { "el-strip-summary" }}></canvas>
                    <p id="el-strip-summary" class="sr-only" data-testid="strip-summary">{strip_summary}</p>
                    <p class="legend el-legend">
                        <span class="key el-frame">{t.legend_frame}</span>
                        <span class="key el-over">{t.legend_missed}</span>
                        <span class="key el-lag">{(t.legend_lag)(&HEARTBEAT_MS.to_string())}</span>
                        <span class="key el-longtask">
                            { match long_tasks {
                                Some(false) => t.legend_long_task_unsupported,
                                _ => t.legend_long_task,
                            } }
                        </span>
                    </p>
                    <div class="el-balls" aria-hidden="true">
                        <div class="el-track"><div ref={ball_ref} class="el-ball el-main"></div></div>
                        <span class="el-ball-label">{t.ball_main}</span>
                        <div class="el-track"><div class="el-ball el-compositor"></div></div>
                        <span class="el-ball-label">{t.ball_compositor}</span>
                    </div>
                    <p class="el-still" data-testid="still">{t.still}</p>
                    <label class="el-type" for="el-typing">{t.type_here}</label>
                    <textarea id="el-typing" class="el-typing" data-testid="typing" rows="2"
                        placeholder={t.typing_placeholder} />
                </section>
            </div>

            <ShareBar id={SPEC.id} state={state.link()} pack={pack}
                      replaying={state.runs.replaying().map(|r| r.blob.clone())} />

            <section class="results" aria-labelledby="el-results-title">
                <ReplayBanner replay={state.runs.replay_note()} showing={state.runs.replaying().is_some()} />
                <h2 id="el-results-title">{m.results}
                    if !state.runs.shown().is_empty() {
                        if state.checksums_agree() {
                            <span class="badge ok" data-testid="checksums-agree">{t.checksums_agree}</span>
                        } else {
                            <span class="badge bad" data-testid="checksums-differ">{t.checksums_differ}</span>
                        }
                    }
                </h2>
                if state.runs.shown().is_empty() {
                    <p class="empty">{t.no_runs}</p>
                } else {
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="el-results-title">
                    <table data-testid="results" class="el-results" id="el-results">
                        <thead><tr>
                            <th scope="col">{t.col_variant}</th>
                            <th scope="col">{t.col_job}</th>
                            <th scope="col" class="num">{t.col_total}</th>
                            <th scope="col" class="num" title={t.col_vs_blocking_title}>{t.col_vs_blocking}</th>
                            <th scope="col" class="num" title={t.col_block_title}>{t.col_block}</th>
                            <th scope="col" class="num" title={t.col_frame_title}>{t.col_frame}</th>
                            <th scope="col" class="num">{t.col_dropped}</th>
                            <th scope="col" class="num" title={t.col_input_title}>{t.col_input}</th>
                            <th scope="col" class="num" title={t.col_lag_title}>{t.col_lag}</th>
                            <th scope="col" class="num">{t.col_long_tasks}</th>
                            <th scope="col" class="num">{t.col_yields}</th>
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
                                    <th scope="row">{label(m, r.variant)}</th>
                                    <td>{ if r.variant.on_main_thread() && r.variant != Variant::Blocking {
                                            (t.cell_job_chunked)(&int(r.params.units), &int(r.params.chunk))
                                          } else { (t.cell_job)(&int(r.params.units)) } }</td>
                                    <td class="num">{number(lang, r.total_ms, Some(0))}</td>
                                    <td class="num">{vs.map_or("—".into(), |b| format!("{}×", number(lang, r.total_ms / b, Some(2))))}</td>
                                    <td class={block_class} title={(t.witness)(witness(m, j.witness))}>
                                        {number(lang, j.longest_block_ms, Some(1))}
                                        <span class="el-witness">{witness_mark(j.witness)}</span>
                                    </td>
                                    <td class="num">{number(lang, j.longest_frame_ms, Some(0))}</td>
                                    <td class="num">{int(j.frames_dropped)}</td>
                                    <td class="num" title={(t.inputs)(&int(j.inputs))}>
                                        {j.worst_input_ms.map_or(t.no_input.into(), |d| number(lang, d, Some(0)))}</td>
                                    <td class="num">{number(lang, j.worst_lag_ms, Some(0))}</td>
                                    <td class="num">{j.long_tasks.map_or(t.not_reported.into(), int)}</td>
                                    <td class="num">{int(r.yields)}</td>
                                </tr>
                            }
                        }) }
                        </tbody>
                    </table>
                    </div>
                    <p class="el-footnote">{t.footnote_before_j}
                        <span class="el-witness">{"J"}</span>{t.footnote_after_j}
                        <span class="el-witness">{"L"}</span>
                        {(t.footnote_after_l)(&number(lang, state.runs.shown().last().map_or(16.7, |r| r.jank.frame_ms), Some(1)))}</p>
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
fn unit_time(m: &Messages, lang: crate::i18n::Lang, unit_ms: Option<f64>, warmed: bool, units: u32) -> String {
    let t = &m.event_loop;
    match unit_ms {
        Some(ms) => (t.unit_time)(
            &number(lang, ms, Some(2)),
            &number(lang, f64::from(units), Some(0)),
            &number(lang, ms * f64::from(units) / 1e3, Some(1)),
        ),
        None if warmed => t.unit_time_failed.into(),
        None => t.unit_time_measuring.into(),
    }
}

/// A count as digits (both languages write counts alike; grouped past 9,999 by `number`).
fn int(n: impl Into<f64>) -> String {
    number(crate::i18n::Lang::En, n.into(), Some(0))
}

fn witness(m: &Messages, w: Witness) -> &'static str {
    match w {
        Witness::OwnWork => m.event_loop.witness_own_work,
        Witness::LongTask => m.event_loop.witness_long_task,
    }
}

fn witness_mark(w: Witness) -> &'static str {
    match w {
        Witness::OwnWork => "J",
        Witness::LongTask => "L",
    }
}

fn describe(m: &Messages, v: Variant) -> &'static str {
    let t = &m.event_loop;
    match v {
        Variant::Blocking => t.describe_blocking,
        Variant::Chunked(YieldWith::Timeout) => t.describe_timeout,
        Variant::Chunked(YieldWith::MessageChannel) => t.describe_message_channel,
        Variant::Chunked(YieldWith::SchedulerYield) => t.describe_scheduler_yield,
        Variant::Worker => t.describe_worker,
    }
}

fn running_text(m: &Messages, v: Variant) -> String {
    let t = &m.event_loop;
    match v {
        Variant::Blocking => t.running_blocking.into(),
        Variant::Worker => t.running_worker.into(),
        Variant::Chunked(_) => (t.running_chunked)(label(m, v)),
    }
}

fn start(
    variant: Variant,
    params: EventLoopParams,
    meter: Meter,
    engine: EngineHandle,
    d: UseReducerDispatcher<EventLoopState>,
    stop_flag: Rc<Cell<bool>>,
    label: &'static str,
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
            wasm_bindgen_futures::spawn_local(runner::run_in_worker(engine, params, meter, progress, started, done, label));
        }
        _ => wasm_bindgen_futures::spawn_local(async move {
            let outcome = runner::run_on_main(variant, params, meter, stop_flag, progress, label).await;
            done.emit(outcome);
        }),
    }
}
