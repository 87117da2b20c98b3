use interleave_experiments::MAX_THREADS;
use interleave_experiments::speedup::{SPEC, SpeedupParams, THREADS};
use interleave_experiments::speedup::{MandelbrotInput, MandelbrotJob, SpeedupResult};
use interleave_protocol::{Event, Job};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::canvas;
use super::chart::{self, Viewport};
use super::state::{Action, SpeedupState};
use crate::run_queue::RunAction;
use super::why::Why;
use crate::context::use_app;
use crate::share::{ReplayBanner, ShareBar, replay, use_link};
use crate::components::{FieldsView, ParamFields, ProgressBar};
use crate::engine::EngineStatus;

const CHART: Viewport = Viewport { width: 420.0, height: 260.0 };
const PROGRESS_EVERY_MS: f64 = 100.0;

#[function_component(SpeedupPage)]
pub fn speedup_page() -> Html {
    let ctx = use_app();
    let link = use_link();
    let state = {
        let decoded = link.decoded.clone();
        use_reducer(move || SpeedupState::from_link(&decoded.state))
    };
    let canvas_ref = use_node_ref();
    let pool = ctx.status.threads().unwrap_or_else(|| ctx.caps.pool_threads(MAX_THREADS));

    {
        let dispatcher = state.dispatcher();
        use_effect_with(pool, move |&pool| dispatcher.dispatch(Action::PoolSize(pool)));
    }
    // Leaving the page stops its run.
    {
        let engine = ctx.engine.clone();
        use_effect_with((), move |_| move || engine.stop_current());
    }
    // Starts the next queued run whenever the engine is idle and something is queued.
    {
        let (engine, dispatcher, canvas_ref) = (ctx.engine.clone(), state.dispatcher(), canvas_ref.clone());
        let live = state.live;
        let ready = ctx.status.is_ready();
        let next = state.runs.next().copied();
        use_effect_with((next, ready), move |&(next, ready)| {
            if let (Some(params), true) = (next, ready) {
                start(&engine, &dispatcher, &canvas_ref, params, live);
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
        let (d, engine) = (state.dispatcher(), ctx.engine.clone());
        let id = state.runs.running.as_ref().and_then(|r| r.job);
        Callback::from(move |_| {
            if let Some(id) = id {
                engine.stop(id);
                d.dispatch(Action::Run(RunAction::Stopping));
            }
        })
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

    let ready = ctx.status.is_ready();
    let busy = state.runs.is_busy();
    let can_run = ready && state.can_run();
    let curve = state.curve();
    let ch = chart::layout(&curve, state.form.params.serial_fraction, pool, CHART);
    let table = state.table();
    let pack = {
        let (results, cores, tier) = (state.runs.results.clone(), ctx.caps.hardware_concurrency, ctx.caps.tier().name());
        Callback::from(move |()| replay::pack_here(&results, cores, tier))
    };

    html! {
        <article class="experiment" data-testid="experiment-parallel-speedup">
            <header class="experiment-head">
                <h1>{SPEC.title}</h1>
                <p class="question">{SPEC.question}</p>
                <p class="mode">
                    <span class="badge real">{"Real run"}</span>
                    {format!(" rayon on {pool} Web Worker{} sharing one WebAssembly memory", if pool == 1 { "" } else { "s" })}
                    if matches!(ctx.status, EngineStatus::Unavailable(_)) { {" — needs tier 1"} }
                </p>
            </header>

            { engine_notice(&ctx.status) }

            <div class="lab">
                <section class="controls" aria-label="Parameters">
                    <ParamFields specs={SPEC.params} form={FieldsView::from(&state.form)}
                        limits={vec![(THREADS.key, i64::from(pool))]} disabled={busy} {on_input} />
                    <label class="check" title="Drawing takes CPU time on the same cores the threads use; \
                                                   turn it off for the cleanest timings">
                        <input type="checkbox" checked={state.live} onchange={on_live} disabled={busy}
                               data-testid="live" />
                        {" Draw rows while running"}
                    </label>
                    <div class="buttons">
                        <button class="primary" onclick={run} disabled={!can_run} data-testid="run">
                            {format!("Run on {} thread{}", state.form.params.threads, if state.form.params.threads == 1 { "" } else { "s" })}
                        </button>
                        <button onclick={sweep} disabled={!can_run} data-testid="sweep"
                                title="Run with 1, 2, … threads one after another">
                            {format!("Sweep 1–{pool}")}
                        </button>
                        <button class="danger" onclick={stop} disabled={!busy} data-testid="stop">{"Stop"}</button>
                    </div>
                    if let Some(r) = &state.runs.running {
                        <ProgressBar done={r.done} total={r.total} unit="rows" />
                        <p class="running" aria-live="polite">
                            { if r.stopping { "Stopping…".to_string() }
                              else { format!("Running on {} thread{}…", r.run.threads, if r.run.threads == 1 { "" } else { "s" }) } }
                            if !state.runs.queued.is_empty() { {format!(" then {} more", state.runs.queued.len())} }
                        </p>
                    }
                    if let Some(n) = state.runs.notice() { <p class="notice" role="status" data-testid="notice">{n}</p> }
                </section>

                <figure class="picture">
                    <canvas ref={canvas_ref} width="256" height="256" data-testid="canvas"
                            aria-label="The Mandelbrot image, drawn row by row as threads finish rows"></canvas>
                    <figcaption>{"Rows appear as the threads finish them; serial rows come first."}</figcaption>
                </figure>

                <figure class="chart">
                    <svg viewBox={format!("0 0 {} {}", CHART.width, CHART.height)} role="img"
                         aria-label="Measured speedup against threads, with Amdahl's prediction" data-testid="chart">
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
                        <text class="axis" x={((ch.frame.0 + ch.frame.2) / 2.0).to_string()} y={(CHART.height - 2.0).to_string()} text-anchor="middle">{"threads"}</text>
                        <path class="ideal" d={ch.ideal.clone()} />
                        <path class="amdahl" d={ch.amdahl.clone()} />
                        { for ch.points.iter().map(|(x, y, t, s)| html! {
                            <circle class="measured" cx={x.to_string()} cy={y.to_string()} r="5">
                                <title>{format!("{t} threads: {s:.2}×")}</title>
                            </circle>
                        }) }
                    </svg>
                    <figcaption class="legend">
                        <span class="key measured">{"measured"}</span>
                        <span class="key amdahl">{format!("Amdahl, s = {}", state.form.params.serial_fraction)}</span>
                        <span class="key ideal">{"ideal (k×)"}</span>
                    </figcaption>
                </figure>
            </div>

            <ShareBar id={SPEC.id} state={state.link()} pack={pack}
                      replaying={state.runs.replaying().map(|r| r.blob.clone())} />

            <section class="results" aria-labelledby="results-title">
                <ReplayBanner replay={state.runs.replay_note()} showing={state.runs.replaying().is_some()} />
                <h2 id="results-title">{"Results"}
                    if !state.runs.shown().is_empty() {
                        if state.checksums_agree() {
                            <span class="badge ok" data-testid="checksums-agree">{"✓ same image for every thread count"}</span>
                        } else {
                            <span class="badge bad" data-testid="checksums-differ">{"✗ images differ"}</span>
                        }
                    }
                </h2>
                if table.is_empty() {
                    <p class="empty">{"No runs yet. Run on 1 thread first: it is the baseline every speedup is measured against."}</p>
                } else {
                    <div class="table-wrap">
                    <table data-testid="results">
                        <thead><tr>
                            <th scope="col">{"threads"}</th><th scope="col">{"size"}</th><th scope="col">{"serial s"}</th>
                            <th scope="col">{"time (ms)"}</th><th scope="col">{"serial phase (ms)"}</th>
                            <th scope="col">{"speedup"}</th><th scope="col">{"efficiency"}</th>
                            <th scope="col">{"Amdahl"}</th><th scope="col">{"checksum"}</th>
                        </tr></thead>
                        <tbody>
                        { for table.iter().map(|row| {
                            let r = row.result;
                            html! {
                                <tr data-testid="result-row" data-threads={r.params.threads.to_string()}
                                    data-ms={r.total_ms.to_string()} data-checksum={format!("{:016x}", r.checksum)}
                                    data-size={r.params.size.to_string()} data-iterations={r.params.iterations.to_string()}>
                                    <td>{r.params.threads}</td>
                                    <td>{format!("{0}×{0}, {1} it.", r.params.size, r.params.iterations)}</td>
                                    <td>{r.params.serial_fraction}</td>
                                    <td class="num">{format!("{:.1}", r.total_ms)}</td>
                                    <td class="num">{format!("{:.1}", r.serial_ms)}</td>
                                    <td class="num">{row.speedup.map_or("—".into(), |s| format!("{s:.2}×"))}</td>
                                    <td class="num">{row.efficiency.map_or("—".into(), |e| format!("{:.0}%", e * 100.0))}</td>
                                    <td class="num">{format!("{:.2}×", row.predicted)}</td>
                                    <td><code>{format!("{:016x}", r.checksum)}</code></td>
                                </tr>
                            }
                        }) }
                        </tbody>
                    </table>
                    </div>
                    <button class="small" onclick={clear} disabled={busy}>{"Clear results"}</button>
                }
            </section>
            <Why />
        </article>
    }
}

fn start(
    engine: &crate::engine::EngineHandle,
    d: &UseReducerDispatcher<SpeedupState>,
    canvas_ref: &NodeRef,
    params: SpeedupParams,
    live: bool,
) {
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
            Ok(r) => d2.dispatch(Action::Run(RunAction::Finished(r))),
            Err(e) => d2.dispatch(Action::Run(RunAction::Failed(e))),
        },
        Event::Stopped { .. } => d2.dispatch(Action::Run(RunAction::Stopped)),
        Event::Failed { message, .. } => d2.dispatch(Action::Run(RunAction::Failed(message))),
        Event::Ready { .. } | Event::StartFailed { .. } | Event::Crashed { .. } => {}
    });
    match engine.run(Job::of::<MandelbrotJob>(&MandelbrotInput { params, live }), listener) {
        Ok(id) => d.dispatch(Action::Run(RunAction::Started { run: params, total: params.size, job: Some(id) })),
        Err(e) => d.dispatch(Action::Run(RunAction::Failed(e))),
    }
}

fn engine_notice(status: &EngineStatus) -> Html {
    match status {
        EngineStatus::Ready { .. } => html! {},
        EngineStatus::Unavailable(_) => html! {
            <p class="notice blocked" role="status" data-testid="needs-threads">
                {"Run is off here: this experiment needs threads that share memory, and this page \
                  does not have shared memory (the strip above says why). The controls, the chart \
                  and the explanation still work."}
            </p>
        },
        EngineStatus::NotStarted | EngineStatus::Starting => html! {
            <p class="notice" role="status">{"Starting the engine (loading WebAssembly, spawning workers)…"}</p>
        },
        EngineStatus::Failed(why) | EngineStatus::Crashed(why) => html! {
            <p class="notice error" role="alert">{"The engine is not running: "}{why.clone()}{" Use “Restart engine” above."}</p>
        },
    }
}
