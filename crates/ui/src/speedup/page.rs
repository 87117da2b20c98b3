use interleave_experiments::MAX_THREADS;
use interleave_experiments::speedup::{SPEC, THREADS, Via, amdahl};
use interleave_experiments::speedup::{MandelbrotInput, MandelbrotJob, SpeedupResult, SpeedupRun};
use interleave_protocol::{Event, Job};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::canvas;
use super::chart::{self, Viewport};
use super::messages::{MessageRun, Update};
use super::state::{Action, Planned, SpeedupState, TableRow};
use crate::run_queue::RunAction;
use super::why::Why;
use crate::context::use_app;
use crate::i18n::{Lang, Messages, experiment, number, use_lang};
use crate::share::{ReplayBanner, ShareBar, replay, use_link};
use crate::components::{Announce, FieldsView, ParamFields, ProgressBar};
use crate::engine::EngineStatus;
use crate::export::Exports;

const CHART: Viewport = Viewport { width: 420.0, height: 260.0 };
const PROGRESS_EVERY_MS: f64 = 100.0;

#[function_component(SpeedupPage)]
pub fn speedup_page() -> Html {
    let ctx = use_app();
    let lang = use_lang();
    let m = lang.messages();
    let t = &m.speedup;
    let words = experiment(lang, SPEC.id);
    let link = use_link();
    let state = {
        let decoded = link.decoded.clone();
        use_reducer(move || SpeedupState::from_link(&decoded.state))
    };
    let canvas_ref = use_node_ref();
    let chart_ref = use_node_ref();
    // The run on message-passing workers, if one is in flight; dropping it ends its workers.
    let message_run = use_mut_ref(|| None::<MessageRun>);
    let engine_off = matches!(ctx.status, EngineStatus::Unavailable(_));
    let pool = match state.via {
        Via::Engine => ctx.status.threads().unwrap_or_else(|| ctx.caps.pool_threads(MAX_THREADS)),
        Via::Messages => ctx.caps.pool_threads(MAX_THREADS),
    };
    let ready_for = |via: Via| match via {
        Via::Engine => ctx.status.is_ready(),
        Via::Messages => ctx.caps.workers,
    };

    {
        let dispatcher = state.dispatcher();
        use_effect_with(pool, move |&pool| dispatcher.dispatch(Action::PoolSize(pool)));
    }
    // Without shared memory, message passing is what runs.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(engine_off, move |&off| {
            if off {
                dispatcher.dispatch(Action::EngineUnavailable);
            }
        });
    }
    // Leaving the page stops its run.
    {
        let (engine, message_run) = (ctx.engine.clone(), message_run.clone());
        use_effect_with((), move |_| {
            move || {
                engine.stop_current();
                message_run.borrow_mut().take();
            }
        });
    }
    // Starts the next queued run whenever nothing runs and what it needs is ready.
    {
        let (engine, dispatcher, canvas_ref) = (ctx.engine.clone(), state.dispatcher(), canvas_ref.clone());
        let message_run = message_run.clone();
        let live = state.live;
        let next = state.runs.next().copied();
        let ready = next.is_some_and(|n| ready_for(n.via));
        use_effect_with((next, ready), move |&(next, ready)| {
            if let (Some(planned), true) = (next, ready) {
                match planned.via {
                    Via::Engine => start(&engine, &dispatcher, &canvas_ref, planned, live),
                    Via::Messages => start_messages(&message_run, &dispatcher, &canvas_ref, planned, live),
                }
            }
        });
    }

    let on_input = {
        let d = state.dispatcher();
        Callback::from(move |(key, text): (&'static str, String)| d.dispatch(Action::Input(key, text)))
    };
    let run = {
        let d = state.dispatcher();
        let one = state.sweep([state.form.params.threads]);
        Callback::from(move |_| d.dispatch(Action::Run(RunAction::Queue(one.clone()))))
    };
    let sweep = {
        let d = state.dispatcher();
        let all = state.sweep(1..=pool);
        Callback::from(move |_| d.dispatch(Action::Run(RunAction::Queue(all.clone()))))
    };
    let stop = {
        let (d, engine, message_run) = (state.dispatcher(), ctx.engine.clone(), message_run.clone());
        let running = state.runs.running.as_ref().map(|r| (r.run.via, r.job));
        Callback::from(move |_| match running {
            Some((Via::Engine, Some(id))) => {
                engine.stop(id);
                d.dispatch(Action::Run(RunAction::Stopping));
            }
            // Terminating the workers is the stop: nothing of the run is left to wait for.
            Some((Via::Messages, _)) => {
                d.dispatch(Action::Run(RunAction::Stopping));
                message_run.borrow_mut().take();
                d.dispatch(Action::Run(RunAction::Stopped));
            }
            _ => {}
        })
    };
    let on_via = {
        let d = state.dispatcher();
        Callback::from(move |via: Via| d.dispatch(Action::SetVia(via)))
    };
    let on_live = {
        let d = state.dispatcher();
        Callback::from(move |e: yew::Event| {
            let checked = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .is_some_and(|i| i.checked());
            d.dispatch(Action::SetLive(checked));
        })
    };
    let clear = {
        let d = state.dispatcher();
        Callback::from(move |_| d.dispatch(Action::Run(RunAction::ClearResults)))
    };

    let ready = ready_for(state.via);
    let via = state.via;
    let busy = state.runs.is_busy();
    let can_run = ready && state.can_run();
    let curve = state.curve();
    let ch = chart::layout(&curve, state.form.params.serial_fraction, pool, CHART);
    let table = state.table();
    let pack = replay::pack_callback(&state.runs.results, &ctx.caps, m);
    let announce = state.runs.announcement(
        m,
        |run| (t.running_on)(run.params.threads, unit(m, run.via, run.params.threads)),
        |run| {
            let n = run.result.params.threads;
            let mut text = (t.finished)(n, unit(m, run.via, n), &number(lang, run.result.total_ms, Some(1)));
            // The newest row is the first; its speedup needs a 1-thread run of the same work.
            if let Some(s) = table.first().and_then(|row| row.speedup) {
                text += &(t.finished_speedup)(&number(lang, s, Some(2)));
            }
            text
        },
    );
    let chart_text = chart_summary(m, lang, &curve, state.form.params.serial_fraction, pool);
    let has_results = !table.is_empty();

    html! {
        <article class="experiment" data-testid="experiment-parallel-speedup">
            <header class="experiment-head">
                <h1>{words.title}</h1>
                <p class="question">{words.question}</p>
                { mode_line(m, via, pool) }
            </header>

            { engine_notice(m, &ctx.status) }

            <div class="lab">
                <section class="controls" aria-label={m.parameters}>
                    <ParamFields specs={SPEC.params} form={FieldsView::from(&state.form)}
                        limits={vec![(THREADS.key, i64::from(pool))]} disabled={busy} {on_input} />
                    { via_choice(m, via, engine_off, busy, on_via) }
                    <label class="check" title={t.draw_rows_title}>
                        <input type="checkbox" checked={state.live} onchange={on_live} disabled={busy}
                               data-testid="live" />
                        {t.draw_rows}
                    </label>
                    <div class="buttons">
                        <button class="primary" onclick={run} disabled={!can_run} data-testid="run">
                            {(t.run_on)(state.form.params.threads, unit(m, via, state.form.params.threads))}
                        </button>
                        <button onclick={sweep} disabled={!can_run} data-testid="sweep"
                                title={t.sweep_title}>
                            {(t.sweep)(pool)}
                        </button>
                        <button class="danger" onclick={stop} disabled={!busy} data-testid="stop">{m.stop}</button>
                    </div>
                    if let Some(r) = &state.runs.running {
                        <ProgressBar done={r.done} total={r.total} unit={t.rows} />
                        <p class="running">
                            { if r.stopping { m.stopping.to_string() }
                              else { (t.running_on)(r.run.params.threads, unit(m, r.run.via, r.run.params.threads)) } }
                            if !state.runs.queued.is_empty() { {(t.then_more)(state.runs.queued.len())} }
                        </p>
                    }
                    if let Some(n) = state.runs.notice(m) { <p class="notice" data-testid="notice">{n}</p> }
                    <Announce text={announce} />
                </section>

                <figure class="picture">
                    // The picture's numbers (its size, time and checksum per run) are the results table.
                    <canvas ref={canvas_ref.clone()} width="256" height="256" data-testid="canvas" role="img"
                            aria-label={t.canvas_label}
                            aria-describedby={if has_results { "sp-canvas-caption sp-results" } else { "sp-canvas-caption" }}></canvas>
                    <figcaption id="sp-canvas-caption">{t.canvas_caption}</figcaption>
                </figure>

                <figure class="chart">
                    <svg ref={chart_ref.clone()} viewBox={format!("0 0 {} {}", CHART.width, CHART.height)} role="img"
                         aria-label={chart_text} data-testid="chart">
                        <rect class="frame" x={ch.frame.0.to_string()} y={ch.frame.1.to_string()}
                              width={(ch.frame.2 - ch.frame.0).to_string()} height={(ch.frame.3 - ch.frame.1).to_string()} />
                        { for ch.y_ticks.iter().map(|(y, l)| html! {
                            <g class="tick">
                                <line x1={ch.frame.0.to_string()} x2={ch.frame.2.to_string()} y1={y.to_string()} y2={y.to_string()} />
                                <text x={(ch.frame.0 - 6.0).to_string()} y={(y + 4.0).to_string()} text-anchor="end">{l}</text>
                            </g>
                        }) }
                        { for ch.x_ticks.iter().map(|(x, l)| html! {
                            <text class="tick" x={x.to_string()} y={(ch.frame.3 + 16.0).to_string()} text-anchor="middle">{l}</text>
                        }) }
                        <text class="axis" x={((ch.frame.0 + ch.frame.2) / 2.0).to_string()} y={(CHART.height - 2.0).to_string()} text-anchor="middle">{t.axis_threads}</text>
                        <path class="ideal" d={ch.ideal.clone()} />
                        <path class="amdahl" d={ch.amdahl.clone()} />
                        { for ch.points.iter().map(|(x, y, n, s)| html! {
                            <circle class="measured" cx={x.to_string()} cy={y.to_string()} r="5">
                                <title>{(t.point)(*n, &number(lang, *s, Some(2)))}</title>
                            </circle>
                        }) }
                    </svg>
                    <figcaption class="legend">
                        <span class="key measured">{t.legend_measured}</span>
                        <span class="key amdahl">{(t.legend_amdahl)(&number(lang, state.form.params.serial_fraction, None))}</span>
                        <span class="key ideal">{t.legend_ideal}</span>
                    </figcaption>
                    { chart_data(m, lang, &curve, state.form.params.serial_fraction, pool) }
                </figure>
            </div>

            <ShareBar id={SPEC.id} state={state.link()} pack={pack}
                      replaying={state.runs.replaying().map(|r| r.blob.clone())} />

            <section class="results" aria-labelledby="results-title">
                <ReplayBanner replay={state.runs.replay_note()} showing={state.runs.replaying().is_some()} />
                <h2 id="results-title">{m.results}
                    if !state.runs.shown().is_empty() {
                        if state.checksums_agree() {
                            <span class="badge ok" data-testid="checksums-agree">{t.checksums_agree}</span>
                        } else {
                            <span class="badge bad" data-testid="checksums-differ">{t.checksums_differ}</span>
                        }
                    }
                </h2>
                if table.is_empty() {
                    <p class="empty">{t.no_runs}</p>
                } else {
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="results-title">
                    <table data-testid="results" id="sp-results">
                        <thead><tr>
                            <th scope="col">{t.col_mode}</th><th scope="col">{t.col_threads}</th><th scope="col">{t.col_size}</th><th scope="col">{t.col_serial}</th>
                            <th scope="col">{t.col_time}</th><th scope="col">{t.col_serial_phase}</th>
                            <th scope="col">{t.col_speedup}</th><th scope="col">{t.col_efficiency}</th>
                            <th scope="col">{t.col_amdahl}</th><th scope="col">{t.col_checksum}</th>
                        </tr></thead>
                        <tbody>
                        { for table.iter().map(|row| {
                            let r = row.result;
                            html! {
                                <tr data-testid="result-row" data-via={row.via.key()} data-threads={r.params.threads.to_string()}
                                    data-ms={r.total_ms.to_string()} data-checksum={format!("{:016x}", r.checksum)}
                                    data-size={r.params.size.to_string()} data-iterations={r.params.iterations.to_string()}>
                                    <td class={classes!("via", row.via.key())}
                                        title={row.startup_ms.map(|ms| (t.startup)(&number(lang, ms, Some(0))))}>
                                        { match row.via { Via::Engine => t.cell_engine, Via::Messages => t.cell_messages } }
                                    </td>
                                    <td>{r.params.threads}</td>
                                    <td>{(t.cell_size)(&r.params.size.to_string(), &number(lang, f64::from(r.params.iterations), Some(0)))}</td>
                                    <td>{number(lang, r.params.serial_fraction, None)}</td>
                                    <td class="num">{number(lang, r.total_ms, Some(1))}</td>
                                    <td class="num">{number(lang, r.serial_ms, Some(1))}</td>
                                    <td class="num">{row.speedup.map_or("—".into(), |s| format!("{}×", number(lang, s, Some(2))))}</td>
                                    <td class="num">{row.efficiency.map_or("—".into(), |e| format!("{}%", number(lang, e * 100.0, Some(0))))}</td>
                                    <td class="num">{format!("{}×", number(lang, row.predicted, Some(2)))}</td>
                                    <td><code>{format!("{:016x}", r.checksum)}</code></td>
                                </tr>
                            }
                        }) }
                        </tbody>
                    </table>
                    </div>
                    <button class="small" onclick={clear} disabled={busy}>{m.clear_results}</button>
                    <Exports name="parallel-speedup" csv={csv(&table)} svg={chart_ref.clone()} canvas={canvas_ref.clone()} />
                }
            </section>
            <Why />
        </article>
    }
}

/// The results table as CSV: the numbers as measured, one row per run.
fn csv(table: &[TableRow]) -> Callback<(), String> {
    let rows: Vec<Vec<String>> = table
        .iter()
        .map(|row| {
            let r = row.result;
            vec![
                row.via.key().to_string(),
                r.params.threads.to_string(),
                r.params.size.to_string(),
                r.params.iterations.to_string(),
                r.params.serial_fraction.to_string(),
                format!("{:.3}", r.total_ms),
                format!("{:.3}", r.serial_ms),
                row.speedup.map_or(String::new(), |s| format!("{s:.4}")),
                row.efficiency.map_or(String::new(), |e| format!("{e:.4}")),
                format!("{:.4}", row.predicted),
                row.startup_ms.map_or(String::new(), |ms| format!("{ms:.3}")),
                format!("{:016x}", r.checksum),
            ]
        })
        .collect();
    Callback::from(move |()| {
        interleave_experiments::export::csv(
            &["via", "threads", "size", "iterations", "serial_fraction", "total_ms", "serial_ms", "speedup",
              "efficiency", "amdahl", "startup_ms", "checksum"],
            &rows,
        )
    })
}

fn start(
    engine: &crate::engine::EngineHandle,
    d: &UseReducerDispatcher<SpeedupState>,
    canvas_ref: &NodeRef,
    planned: Planned,
    live: bool,
) {
    let params = planned.params;
    canvas::reset(canvas_ref, params.size);
    let (d2, canvas_ref) = (d.clone(), canvas_ref.clone());
    // Re-rendering the page takes main-thread time from the cores being measured, so the
    // progress bar moves at most every PROGRESS_EVERY_MS; rows are painted as they come.
    let last_render = std::cell::Cell::new(f64::NEG_INFINITY);
    let listener = Callback::from(move |event: Event| match event {
        Event::Progress { id, done, total, rows } => {
            canvas::paint(&canvas_ref, params.size, &rows);
            let now = crate::clock::now();
            if now - last_render.get() >= PROGRESS_EVERY_MS || done == total {
                last_render.set(now);
                d2.dispatch(Action::Run(RunAction::Progress { job: Some(id), done, total }));
            }
        }
        Event::Finished { result, .. } => match result.decode::<SpeedupResult>() {
            Ok(result) => d2.dispatch(Action::Run(RunAction::Finished(SpeedupRun { via: Via::Engine, result, startup_ms: None }))),
            Err(e) => d2.dispatch(Action::Run(RunAction::Failed(e))),
        },
        Event::Stopped { .. } => d2.dispatch(Action::Run(RunAction::Stopped)),
        Event::Failed { message, .. } => d2.dispatch(Action::Run(RunAction::Failed(message))),
        Event::Ready { .. } | Event::StartFailed { .. } | Event::Crashed { .. } => {}
    });
    match engine.run(Job::of::<MandelbrotJob>(&MandelbrotInput { params, live }), listener) {
        Ok(id) => d.dispatch(Action::Run(RunAction::Started { run: planned, total: params.size, job: Some(id) })),
        Err(e) => d.dispatch(Action::Run(RunAction::Failed(e))),
    }
}

/// Starts a run on message-passing workers; its updates become the same `RunAction`s as the
/// engine's events, so queueing, Stop and failures take one path.
fn start_messages(
    slot: &std::rc::Rc<std::cell::RefCell<Option<MessageRun>>>,
    d: &UseReducerDispatcher<SpeedupState>,
    canvas_ref: &NodeRef,
    planned: Planned,
    live: bool,
) {
    let params = planned.params;
    canvas::reset(canvas_ref, params.size);
    slot.borrow_mut().take();
    let (d2, canvas_ref) = (d.clone(), canvas_ref.clone());
    let last_render = std::cell::Cell::new(f64::NEG_INFINITY);
    let on_update = Callback::from(move |update: Update| match update {
        Update::Rows { done, total, rows } => {
            canvas::paint(&canvas_ref, params.size, &rows);
            let now = crate::clock::now();
            if now - last_render.get() >= PROGRESS_EVERY_MS || done == total {
                last_render.set(now);
                d2.dispatch(Action::Run(RunAction::Progress { job: None, done, total }));
            }
        }
        Update::Finished(run) => d2.dispatch(Action::Run(RunAction::Finished(run))),
        Update::Failed(why) => d2.dispatch(Action::Run(RunAction::Failed(why))),
    });
    d.dispatch(Action::Run(RunAction::Started { run: planned, total: params.size, job: None }));
    match MessageRun::start(params, live, on_update) {
        Ok(run) => *slot.borrow_mut() = Some(run),
        Err(e) => d.dispatch(Action::Run(RunAction::Failed(e))),
    }
}

/// The chart's text alternative: what it shows, the measured points, and Amdahl's prediction.
fn chart_summary(m: &Messages, lang: Lang, curve: &[(u32, f64)], serial: f64, pool: u32) -> String {
    let t = &m.speedup;
    let measured = if curve.is_empty() {
        t.chart_not_measured.to_string()
    } else {
        let points: Vec<String> = curve.iter().map(|&(n, s)| (t.point)(n, &number(lang, s, Some(2)))).collect();
        (t.chart_measured)(&points.join(", "))
    };
    let predicted = number(lang, amdahl::predicted_speedup_at(serial, f64::from(pool)), Some(2));
    format!("{}. {measured} {}", t.chart_label, (t.chart_prediction)(&number(lang, serial, None), pool, &predicted))
}

/// The chart's numbers as a table: per thread count, the best measured speedup, Amdahl's
/// prediction and the ideal.
fn chart_data(m: &Messages, lang: Lang, curve: &[(u32, f64)], serial: f64, pool: u32) -> Html {
    let t = &m.speedup;
    html! {
        <details class="data" data-testid="chart-data">
            <summary>{m.data_table}</summary>
            <table>
                <thead><tr>
                    <th scope="col">{t.col_threads}</th><th scope="col">{t.legend_measured}</th>
                    <th scope="col">{t.col_amdahl}</th><th scope="col">{t.legend_ideal}</th>
                </tr></thead>
                <tbody>
                { for (1..=pool.max(1)).map(|n| {
                    let measured = curve.iter().find(|p| p.0 == n).map(|p| format!("{}×", number(lang, p.1, Some(2))));
                    html! {
                        <tr>
                            <th scope="row">{n}</th>
                            <td class="num">{measured.unwrap_or_else(|| "—".into())}</td>
                            <td class="num">{format!("{}×", number(lang, amdahl::predicted_speedup_at(serial, f64::from(n)), Some(2)))}</td>
                            <td class="num">{format!("{n}×")}</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
        </details>
    }
}

/// What one unit of parallelism is called in mode `via`, for `n` of them.
fn unit(m: &Messages, via: Via, n: u32) -> &'static str {
    let t = &m.speedup;
    match (via, n) {
        (Via::Engine, 1) => t.thread,
        (Via::Engine, _) => t.threads,
        (Via::Messages, 1) => t.worker,
        (Via::Messages, _) => t.workers,
    }
}

/// The badge and sentence saying what runs the job in the current mode.
fn mode_line(m: &Messages, via: Via, pool: u32) -> Html {
    let t = &m.speedup;
    match via {
        Via::Engine => html! {
            <p class="mode" data-testid="mode-line">
                <span class="badge real">{t.badge_engine}</span>
                {(t.mode_engine)(pool)}
            </p>
        },
        Via::Messages => html! {
            <p class="mode" data-testid="mode-line">
                <span class="badge messages" data-testid="badge-messages">{t.badge_messages}</span>
                {(t.mode_messages)(pool)}
            </p>
        },
    }
}

/// The mode choice: threads sharing memory (the engine, tier 1) or workers passing messages.
fn via_choice(m: &Messages, via: Via, engine_off: bool, busy: bool, on_via: Callback<Via>) -> Html {
    let t = &m.speedup;
    let option = |v: Via, note: &'static str| {
        let on_via = on_via.clone();
        let off = busy || (v == Via::Engine && engine_off);
        html! {
            <label class="radio" data-testid={format!("via-{}", v.key())}>
                <input type="radio" name="via" value={v.key()} checked={via == v} disabled={off}
                       onchange={Callback::from(move |_| on_via.emit(v))} />
                {" "}{ match v { Via::Engine => t.via_engine, Via::Messages => t.via_messages } }
                <small>{note}</small>
            </label>
        }
    };
    html! {
        <fieldset class="via" data-testid="via">
            <legend>{t.run_with}</legend>
            { option(Via::Engine, if engine_off { t.via_engine_note_off } else { t.via_engine_note }) }
            { option(Via::Messages, t.via_messages_note) }
        </fieldset>
    }
}

fn engine_notice(m: &Messages, status: &EngineStatus) -> Html {
    let t = &m.speedup;
    match status {
        EngineStatus::Ready { .. } => html! {},
        EngineStatus::Unavailable(_) => html! {
            <p class="notice blocked" role="status" data-testid="needs-threads">
                {t.notice_engine_off}
            </p>
        },
        EngineStatus::NotStarted | EngineStatus::Starting => html! {
            <p class="notice" role="status">{t.notice_starting}</p>
        },
        EngineStatus::Failed(why) | EngineStatus::Crashed(why) => html! {
            <p class="notice error" role="alert">{(t.notice_not_running)(why)}</p>
        },
    }
}
