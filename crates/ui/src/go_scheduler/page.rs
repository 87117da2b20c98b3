//! The Go-scheduler page: pick or edit a program, run it on the scheduler in the deterministic
//! simulator (in a worker, [`super::sim_worker`]), and read the run as a timeline with its
//! counters, the program with each goroutine's statement at the scrubbed time, and the numbers.

use interleave_experiments::go_scheduler::interp::End;
use interleave_experiments::go_scheduler::presets::PRESETS;
use interleave_experiments::go_scheduler::program::{ParseError, uses_n};
use interleave_experiments::go_scheduler::{PRESET, SPEC};
use interleave_scheduler::trace::Summary;
use yew::prelude::*;

use super::hit::Hit;
use super::sim_worker::{SimRequest, SimUpdate, SimWorker};
use super::queues_view::RunQueues;
use super::state::{Action, GoState, ProgramNote, RunView, SimProgress, Speed, TICK_MS};
use super::timeline::{CounterId, LaneId, MarkKind, SliceEnd, SliceKind};
use super::timeline_view::TimelineView;
use super::why::Why;
use crate::components::{Announce, FieldsView, ParamFields};
use crate::export::Exports;
use crate::i18n::{Lang, Messages, experiment, group, number, use_lang};
use crate::run_queue::RunAction;
use crate::share::{ShareBar, use_link};

#[function_component(GoSchedulerPage)]
pub fn go_scheduler_page() -> Html {
    let lang = use_lang();
    let m = lang.messages();
    let t = &m.go_scheduler;
    let words = experiment(lang, SPEC.id);
    let link = use_link();
    let state = {
        let decoded = link.decoded.clone();
        use_reducer(move || GoState::from_link(&decoded.state))
    };
    // The worker of the run in flight; dropping it stops the run.
    let worker = use_mut_ref(|| None::<SimWorker>);
    {
        let worker = worker.clone();
        use_effect_with((), move |_| move || drop(worker.borrow_mut().take()));
    }

    let run = {
        let (d, worker) = (state.dispatcher(), worker.clone());
        // The program as parsed for the editor: `run_key` is only `Some` while it parses.
        let ready = state.run_key().zip(state.parsed.as_ref().ok().cloned());
        Callback::from(move |_| {
            let Some((key, program)) = ready.clone() else { return };
            d.dispatch(Action::Run(RunAction::Started { run: key.clone(), total: 0, job: None }));
            let on_update = {
                let (d, worker, key) = (d.clone(), worker.clone(), key.clone());
                Callback::from(move |u: SimUpdate| match u {
                    SimUpdate::Progress { events, virtual_ns } => d.dispatch(Action::Progress(SimProgress { events, virtual_ns })),
                    SimUpdate::Done(run) => {
                        drop(worker.borrow_mut().take());
                        d.dispatch(Action::Run(RunAction::Finished(RunView::new(key.clone(), program.clone(), *run))));
                    }
                    SimUpdate::ParseError { message, line, column } => {
                        drop(worker.borrow_mut().take());
                        d.dispatch(Action::Run(RunAction::Failed(format!("{line}:{column}: {message}"))));
                    }
                    SimUpdate::Failed(why) => {
                        drop(worker.borrow_mut().take());
                        d.dispatch(Action::Run(RunAction::Failed(why)));
                    }
                })
            };
            let req = SimRequest { source: key.source.clone(), n: key.n, procs: key.procs, seed: key.seed };
            match SimWorker::start(&req, on_update) {
                Ok(w) => *worker.borrow_mut() = Some(w),
                Err(why) => d.dispatch(Action::Run(RunAction::Failed(why))),
            }
        })
    };
    let stop = {
        let (d, worker) = (state.dispatcher(), worker.clone());
        Callback::from(move |_| {
            drop(worker.borrow_mut().take());
            d.dispatch(Action::Run(RunAction::Stopped));
        })
    };
    let on_input = {
        let d = state.dispatcher();
        Callback::from(move |(key, text): (&'static str, String)| d.dispatch(Action::Input(key, text)))
    };
    let on_preset = {
        let d = state.dispatcher();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if let Some(id) = PRESET.values.iter().find(|v| **v == value) {
                d.dispatch(Action::Preset(id));
            }
        })
    };
    let on_edit = {
        let d = state.dispatcher();
        Callback::from(move |e: InputEvent| d.dispatch(Action::Edit(e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value())))
    };
    let on_seed = {
        let d = state.dispatcher();
        Callback::from(move |e: InputEvent| d.dispatch(Action::Seed(e.target_unchecked_into::<web_sys::HtmlInputElement>().value())))
    };
    let revert = {
        let d = state.dispatcher();
        Callback::from(move |_| d.dispatch(Action::Revert))
    };
    let next_seed = {
        let d = state.dispatcher();
        Callback::from(move |_| d.dispatch(Action::NextSeed))
    };
    let canvas = use_node_ref();
    let on_cursor = {
        let d = state.dispatcher();
        Callback::from(move |c: Option<u64>| d.dispatch(Action::Cursor(c)))
    };

    // Play: the cursor moves every TICK_MS while playing.
    {
        let d = state.dispatcher();
        use_effect_with(state.playing, move |playing| {
            let tick = playing.then(|| gloo::timers::callback::Interval::new(TICK_MS, move || d.dispatch(Action::Tick)));
            move || drop(tick)
        });
    }
    let player = Player {
        step: {
            let d = state.dispatcher();
            Callback::from(move |n: i64| d.dispatch(Action::StepEvent(n)))
        },
        play: {
            let d = state.dispatcher();
            Callback::from(move |on: bool| d.dispatch(Action::Play(on)))
        },
        speed: {
            let d = state.dispatcher();
            Callback::from(move |sp: Speed| d.dispatch(Action::Speed(sp)))
        },
    };
    let busy = state.runs.is_busy();
    let announce = state.runs.announcement(m, |_| t.running.to_string(), |r| outcome(lang, &r.run.end, &r.summary));
    let preset_title = |id: &str| preset_title(m, id);

    html! {
        <article class="experiment go-scheduler" data-testid="experiment-go-scheduler">
            <header class="experiment-head">
                <h1>{words.title}</h1>
                <p class="question">{words.question}</p>
                <p class="mode"><span class="badge sim" data-testid="sim-badge">{t.badge_sim}</span>{t.mode_sim}</p>
            </header>

            <div class="lab gs-lab">
                <section class="controls" aria-label={t.controls}>
                    <div class="param">
                        <label for="gs-preset">{t.workload}</label>
                        <select id="gs-preset" data-testid="preset" onchange={on_preset} disabled={busy}>
                            { for PRESETS.iter().map(|p| html! {
                                <option value={p.id} selected={state.preset.id == p.id}>{preset_title(p.id)}</option>
                            }) }
                        </select>
                    </div>
                    <ParamFields specs={SPEC.params} form={FieldsView::from(&state.form)} disabled={busy} {on_input} />
                    if !uses_n(&state.source) {
                        <p class="gs-help" data-testid="n-unused">{t.n_unused}</p>
                    }
                    <div class={classes!("param", "gs-seed", state.seed_text.is_some().then_some("invalid"))}>
                        <label for="gs-seed">{t.seed}</label>
                        <div class="gs-seed-row">
                            <input id="gs-seed" type="text" inputmode="numeric" data-testid="seed" disabled={busy}
                                value={state.seed_text.clone().unwrap_or_else(|| state.seed.to_string())}
                                aria-invalid={state.seed_text.is_some().to_string()} aria-describedby="gs-seed-help"
                                oninput={on_seed} />
                            <button class="small" onclick={next_seed} disabled={busy} data-testid="next-seed">{t.next_seed}</button>
                        </div>
                        if state.seed_text.is_some() {
                            <p class="param-error" role="alert" data-testid="seed-error">{t.seed_bad}</p>
                        }
                        <p class="gs-help" id="gs-seed-help">{t.seed_help}</p>
                    </div>
                    <div class="buttons">
                        <button class="primary" onclick={run} disabled={!state.can_run()} data-testid="run">
                            { if state.running() { t.running } else { t.run } }
                        </button>
                        <button onclick={stop} disabled={!state.running()} data-testid="stop">{m.stop}</button>
                    </div>
                    if let Some(p) = state.progress {
                        <p class="gs-progress" data-testid="progress">
                            {(t.progress)(&group(lang, p.events as i64), &duration(lang, p.virtual_ns))}
                        </p>
                    } else if state.running() {
                        <p class="gs-progress" data-testid="progress">{t.starting}</p>
                    }
                    if let Some(n) = state.runs.notice(m) { <p class="notice error" data-testid="notice">{n}</p> }
                    <Announce text={announce} />
                </section>

                <section class="picture gs-editor" aria-labelledby="gs-program-label">
                    <div class="gs-editor-head">
                        <label id="gs-program-label" for="gs-program">{t.program}</label>
                        if state.edited() {
                            <button class="small" onclick={revert} disabled={busy} data-testid="revert">{t.revert}</button>
                        }
                    </div>
                    <textarea id="gs-program" class="gs-source-edit" data-testid="program" spellcheck="false"
                        autocomplete="off" rows={(state.source.lines().count() + 1).clamp(8, 28).to_string()}
                        value={state.source.clone()} oninput={on_edit} disabled={busy}
                        aria-invalid={state.parsed.is_err().to_string()} aria-describedby="gs-program-status" />
                    <div id="gs-program-status">
                        { match &state.parsed {
                            Err(e) => parse_error(m, &state.source, e),
                            Ok(p) => html! { <p class="gs-ok" data-testid="program-ok">{(t.program_ok)(&group(lang, p.goroutines as i64))}</p> },
                        } }
                        { match state.program_note() {
                            // What exactly is wrong stays in the title (a diagnosis, in English).
                            Some(ProgramNote::LinkDamaged(e)) => html! { <p class="notice" data-testid="program-note" title={e.to_string()}>{t.link_program_damaged}</p> },
                            Some(ProgramNote::TooLongToShare(_)) => html! { <p class="notice" data-testid="program-note">{t.too_long_to_share}</p> },
                            None => html! {},
                        } }
                    </div>
                </section>
            </div>

            <ShareBar id={SPEC.id} state={state.link()} />

            if let Some(view) = state.run() {
                { results(lang, &state, view, on_cursor, canvas.clone(), &player) }
            } else {
                <section class="results"><p class="empty">{t.no_run}</p></section>
            }
            <Why />
        </article>
    }
}

/// A parse error: where, what, and the line with a caret under the column.
fn parse_error(m: &Messages, source: &str, e: &ParseError) -> Html {
    let t = &m.go_scheduler;
    let line = source.lines().nth(e.line.saturating_sub(1) as usize).unwrap_or("");
    let caret = format!("{}^", " ".repeat(line.chars().take(e.column.saturating_sub(1) as usize).count()));
    html! {
        <div class="gs-parse-error" role="alert" data-testid="parse-error" data-line={e.line.to_string()} data-column={e.column.to_string()}>
            <p>{(t.parse_error)(e.line, e.column, &e.message)}</p>
            <pre aria-hidden="true">{format!("{line}\n{caret}")}</pre>
        </div>
    }
}

/// The player's callbacks: step by events, play and pause, speed.
struct Player {
    step: Callback<i64>,
    play: Callback<bool>,
    speed: Callback<Speed>,
}

fn player_bar(lang: Lang, state: &GoState, p: &Player) -> Html {
    let t = &lang.messages().go_scheduler;
    let step = |n: i64| {
        let cb = p.step.clone();
        Callback::from(move |_| cb.emit(n))
    };
    let toggle = {
        let (cb, on) = (p.play.clone(), !state.playing);
        Callback::from(move |_| cb.emit(on))
    };
    let on_speed = {
        let cb = p.speed.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if let Some(sp) = Speed::ALL.iter().find(|sp| speed_key(**sp) == v) {
                cb.emit(*sp);
            }
        })
    };
    let speed_name = |sp: Speed| match sp {
        Speed::Slow => t.speed_slow,
        Speed::Normal => t.speed_normal,
        Speed::Fast => t.speed_fast,
    };
    html! {
        <div class="gs-player" data-testid="player">
            <button class="small" onclick={step(-1)} data-testid="prev-event">{t.step_back_event}</button>
            <button class="small" onclick={toggle} aria-pressed={state.playing.to_string()} data-testid="play">
                { if state.playing { t.pause } else { t.play } }
            </button>
            <button class="small" onclick={step(1)} data-testid="next-event">{t.step_forward_event}</button>
            <label class="gs-speed">{t.speed}{" "}
                <select onchange={on_speed} data-testid="speed">
                    { for Speed::ALL.iter().map(|&sp| html! {
                        <option value={speed_key(sp)} selected={state.speed == sp}>{speed_name(sp)}</option>
                    }) }
                </select>
            </label>
        </div>
    }
}

fn speed_key(sp: Speed) -> &'static str {
    match sp {
        Speed::Slow => "slow",
        Speed::Normal => "normal",
        Speed::Fast => "fast",
    }
}

fn results(lang: Lang, state: &GoState, view: &RunView, on_cursor: Callback<Option<u64>>, canvas: NodeRef, player: &Player) -> Html {
    let m = lang.messages();
    let t = &m.go_scheduler;
    let s = &*view.summary;
    let tl = &*view.timeline;
    let describe = {
        let timeline = view.timeline.clone();
        Callback::from(move |h: Hit| describe_hit(lang, &timeline, h))
    };
    let label = (t.timeline_label)(
        view.key.procs,
        &duration(lang, s.duration_ns),
        &group(lang, s.gs_created as i64),
        &group(lang, s.steals as i64),
        &group(lang, s.handoffs as i64),
    );
    let csv = {
        let s = view.summary.clone();
        Callback::from(move |_| per_p_csv(&s))
    };
    let trace = {
        let run = view.run.clone();
        Callback::from(move |_| run.trace.to_chrome_json())
    };
    let stats: [(&str, String, &str); 8] = [
        (t.stat_duration, duration(lang, s.duration_ns), "duration"),
        (t.stat_goroutines, group(lang, s.gs_created as i64), "goroutines"),
        (t.stat_steals, group(lang, s.steals as i64), "steals"),
        (t.stat_handoffs, group(lang, s.handoffs as i64), "handoffs"),
        (t.stat_ms, group(lang, s.m_spawned as i64 + 1), "ms"),
        (t.stat_syscalls, group(lang, s.syscalls as i64), "syscalls"),
        (t.stat_yields, group(lang, s.yields as i64), "yields"),
        (t.stat_global_max, group(lang, i64::from(s.max_global_len)), "global-max"),
    ];
    html! {
        <section class="results gs-results" aria-labelledby="gs-results-title">
            <h2 id="gs-results-title">{(t.results_title)(view.key.procs, &view.key.seed.to_string())}
                { end_badge(lang, &view.run.end) }
            </h2>
            { end_detail(lang, view) }
            <dl class="gs-stats" data-testid="stats" data-events={view.run.trace.events.len().to_string()}>
                { for stats.iter().map(|(name, value, id)| html! {
                    <div><dt>{*name}</dt><dd data-testid={format!("stat-{id}")}>{value.clone()}</dd></div>
                }) }
            </dl>
            <TimelineView timeline={view.timeline.clone()} cursor={state.cursor} on_cursor={on_cursor.clone()} {describe} {label} canvas={canvas.clone()} />
            { legend(m) }
            { player_bar(lang, state, player) }
            { readout(lang, state, view) }
            <details class="data" data-testid="per-p-data">
                <summary>{m.data_table}</summary>
                <table data-testid="per-p">
                    <caption>{t.table_caption}</caption>
                    <thead><tr>
                        <th scope="col">{"P"}</th><th scope="col">{t.col_busy}</th><th scope="col">{t.col_gs_run}</th>
                        <th scope="col">{t.col_steals}</th><th scope="col">{t.col_stolen}</th><th scope="col">{t.col_handoffs}</th>
                        <th scope="col">{t.col_max_local}</th>
                    </tr></thead>
                    <tbody>
                        { for s.procs.iter().enumerate().map(|(p, ps)| html! {
                            <tr>
                                <th scope="row">{format!("P{p}")}</th>
                                <td>{format!("{} %", number(lang, 100.0 * ps.busy_ns as f64 / s.duration_ns.max(1) as f64, Some(1)))}</td>
                                <td>{group(lang, ps.gs_run as i64)}</td>
                                <td>{group(lang, ps.steals as i64)}</td>
                                <td>{group(lang, ps.stolen_gs as i64)}</td>
                                <td>{group(lang, ps.handoffs as i64)}</td>
                                <td>{group(lang, i64::from(ps.max_local_len))}</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </details>
            <Exports name={format!("go-scheduler-{}", view.key.seed)} csv={csv} trace={trace} canvas={canvas} />
            if tl.anomalies > 0 {
                <p class="notice">{(t.anomalies)(tl.anomalies)}</p>
            }
        </section>
    }
}

fn end_badge(lang: Lang, end: &End) -> Html {
    let t = &lang.messages().go_scheduler;
    match end {
        End::Finished => html! { <span class="badge ok" data-testid="end-finished">{t.end_finished}</span> },
        End::Deadlock => html! { <span class="badge bad" data-testid="end-deadlock">{t.end_deadlock}</span> },
        End::Failed(_) => html! { <span class="badge bad" data-testid="end-failed">{t.end_failed}</span> },
    }
}

/// What the end means: the deadlocked goroutines and where each waits, or the run error.
fn end_detail(lang: Lang, view: &RunView) -> Html {
    let t = &lang.messages().go_scheduler;
    let at = |stmt| view.program.span(stmt).map_or((0, 0), |s| (s.line, s.column));
    match &view.run.end {
        End::Finished if view.run.left_gs > 0 => html! { <p class="gs-end">{(t.left_behind)(view.run.left_gs)}</p> },
        End::Finished => html! {},
        End::Deadlock => html! {
            <div class="gs-end" data-testid="deadlock">
                <p>{t.deadlock_explained}</p>
                <ul>
                    { for view.run.blocked.iter().map(|&(g, stmt)| {
                        let (line, column) = at(stmt);
                        html! { <li>{(t.blocked_at)(g, line, column)}</li> }
                    }) }
                </ul>
            </div>
        },
        End::Failed(e) => html! { <p class="gs-end notice error" data-testid="run-error">{(t.run_error)(e.line, e.column, &e.message)}</p> },
    }
}

fn legend(m: &Messages) -> Html {
    use super::draw::mark_style;
    use super::timeline::MarkClass;
    let t = &m.go_scheduler;
    let name = |c: MarkClass| match c {
        MarkClass::Steal => t.mark_steal,
        MarkClass::Handoff => t.mark_handoff,
        MarkClass::SyscallBegin => t.mark_syscall_begin,
        MarkClass::SyscallEnd => t.mark_syscall_end,
        MarkClass::Spawn => t.mark_spawn,
        MarkClass::Park => t.mark_park,
        MarkClass::Unpark => t.mark_unpark,
    };
    html! {
        <ul class="gs-legend" aria-label={t.legend}>
            { for MarkClass::ALL.iter().map(|&c| {
                let (colour, glyph) = mark_style(c);
                html! { <li><span class="gs-glyph" aria-hidden="true" data-glyph={glyph} style={format!("color:{}", colour.hex())}></span>{name(c)}</li> }
            }) }
            <li>{t.legend_slices}</li>
        </ul>
    }
}

/// At the scrubbed time: what each P runs, the queue lengths, and the program with each
/// goroutine's statement marked.
fn readout(lang: Lang, state: &GoState, view: &RunView) -> Html {
    let t = &lang.messages().go_scheduler;
    let Some(at) = state.cursor else {
        return html! { <p class="gs-hint" data-testid="scrub-hint">{t.scrub_hint}</p> };
    };
    let tl = &*view.timeline;
    let runs: Vec<String> = tl
        .lanes
        .iter()
        .filter_map(|l| match l.id {
            LaneId::P(p) => {
                let i = l.first_ending_after(at as f64);
                let g = l.slices.get(i).filter(|s| s.start <= at).map(|s| s.g);
                Some(match g {
                    Some(g) => (t.p_runs)(p, g),
                    None => (t.p_idle)(p),
                })
            }
            LaneId::M(_) => None,
        })
        .collect();
    let count = |id| tl.counter(id).map_or(0, |c| c.at(at as f64));
    let queues = (t.queues_at)(count(CounterId::Runnable), count(CounterId::Global));
    let by_stmt = view.at(at);
    let same_program = state.run_matches_editor();
    let lines: Vec<&str> = view.key.source.lines().collect();
    html! {
        <section class="gs-readout" aria-labelledby="gs-at-title" data-testid="readout">
            <h3 id="gs-at-title" aria-live="polite">{(t.at_time)(&duration(lang, at.saturating_sub(tl.start)))}</h3>
            <p data-testid="p-runs">{runs.join(" · ")}{" — "}{queues}</p>
            <RunQueues run={view.run.clone()} {at} />
            if !same_program {
                <p class="notice">{t.program_changed}</p>
            }
            <ol class="gs-source" data-testid="program-at">
                { for lines.iter().enumerate().map(|(i, text)| {
                    let line = i as u32 + 1;
                    let gs: Vec<u64> = by_stmt.iter()
                        .filter(|(s, _)| view.program.span(*s).is_some_and(|sp| sp.line == line))
                        .flat_map(|(_, gs)| gs.iter().copied())
                        .collect();
                    let here = !gs.is_empty();
                    html! {
                        <li class={classes!("gs-line", here.then_some("here"))} data-line={line.to_string()}>
                            <code>{*text}{" "}</code>
                            if here {
                                <span class="gs-gs" data-testid="gs-at-line">{gs_badge(lang, &gs)}</span>
                            }
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

/// "G5 G6 G7 +12": the first few goroutines and how many more.
fn gs_badge(lang: Lang, gs: &[u64]) -> String {
    const SHOWN: usize = 4;
    let mut s: Vec<String> = gs.iter().take(SHOWN).map(|g| format!("G{g}")).collect();
    if gs.len() > SHOWN {
        s.push(format!("+{}", group(lang, (gs.len() - SHOWN) as i64)));
    }
    s.join(" ")
}

fn describe_hit(lang: Lang, tl: &super::timeline::Timeline, h: Hit) -> String {
    let t = &lang.messages().go_scheduler;
    let d = |ns: u64| duration(lang, ns);
    let at = |ns: u64| duration(lang, ns.saturating_sub(tl.start));
    match h {
        Hit::Slice { lane, slice } => {
            let how = match slice.ended_by {
                SliceEnd::GoEnd => t.ended_end,
                SliceEnd::GoStop => t.ended_yield,
                SliceEnd::GoBlock(_) => t.ended_block,
                SliceEnd::GoSyscallBegin => t.ended_syscall,
                SliceEnd::ProcStop => t.ended_proc_stop,
                SliceEnd::GoSyscallEnd { .. } => t.ended_syscall_return,
                SliceEnd::TraceEnd => t.ended_trace_end,
            };
            let what = if slice.kind == SliceKind::Syscall { t.slice_syscall } else { t.slice_run };
            let _ = lane;
            (t.hover_slice)(what, slice.g, slice.p, slice.m, &at(slice.start), &d(slice.duration()), how)
        }
        Hit::Merged { start, end, count, busy_ns, dominant, .. } => {
            (t.hover_merged)(&group(lang, count as i64), &at(start), &d(end.saturating_sub(start)), &d(busy_ns as u64), dominant)
        }
        Hit::Mark { marker, count, .. } => {
            let what = match marker.kind {
                MarkKind::Steal { victim, n, runnext } => (t.hover_steal)(victim, n, runnext),
                MarkKind::Handoff { from } => (t.hover_handoff)(from),
                MarkKind::SyscallBegin { g, .. } => (t.hover_syscall_begin)(g),
                MarkKind::SyscallEnd { g, kept_p } => (t.hover_syscall_end)(g, kept_p),
                MarkKind::Spawn { p, .. } => (t.hover_spawn)(p),
                MarkKind::Park => t.mark_park.to_string(),
                MarkKind::Unpark { p, .. } => (t.hover_unpark)(p),
            };
            if count > 1 { (t.hover_marks)(&what, &at(marker.ts), &group(lang, count as i64)) } else { format!("{what} — {}", at(marker.ts)) }
        }
        Hit::Counter { id, t: time, value } => {
            let name = match id {
                CounterId::Runnable => t.counter_runnable.to_string(),
                CounterId::Global => t.counter_global.to_string(),
                CounterId::Local(p) => format!("{} P{p}", t.counter_local),
            };
            format!("{name}: {} — {}", group(lang, value), at(time.max(0.0) as u64))
        }
    }
}

/// A duration in ns, in µs or ms.
fn duration(lang: Lang, ns: u64) -> String {
    if ns >= 10_000_000 {
        format!("{} ms", number(lang, ns as f64 / 1e6, Some(1)))
    } else if ns >= 1_000_000 {
        format!("{} ms", number(lang, ns as f64 / 1e6, Some(3)))
    } else {
        format!("{} µs", number(lang, ns as f64 / 1e3, Some(1)))
    }
}

/// The live region's words for a finished run.
fn outcome(lang: Lang, end: &End, s: &Summary) -> String {
    let t = &lang.messages().go_scheduler;
    let how = match end {
        End::Finished => t.end_finished,
        End::Deadlock => t.end_deadlock,
        End::Failed(_) => t.end_failed,
    };
    (t.announce_done)(how, &duration(lang, s.duration_ns), &group(lang, s.steals as i64))
}

fn preset_title(m: &Messages, id: &str) -> &'static str {
    let t = &m.go_scheduler;
    match id {
        "uniform" => t.preset_uniform,
        "unbalanced" => t.preset_unbalanced,
        "syscalls" => t.preset_syscalls,
        "pipeline" => t.preset_pipeline,
        "fan-out-fan-in" => t.preset_fan_out_fan_in,
        "sleepers" => t.preset_sleepers,
        "never-yield" => t.preset_never_yield,
        _ => t.preset_yield_point,
    }
}

fn per_p_csv(s: &Summary) -> String {
    let mut out = String::from("p,busy_ns,gs_run,steals,stolen_gs,handoffs,max_local_len,overflows\n");
    for (p, ps) in s.procs.iter().enumerate() {
        out.push_str(&format!(
            "{p},{},{},{},{},{},{},{}\n",
            ps.busy_ns, ps.gs_run, ps.steals, ps.stolen_gs, ps.handoffs, ps.max_local_len, ps.overflows
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use interleave_experiments::go_scheduler::presets::IDS;

    use super::*;

    #[test]
    fn every_preset_has_a_title_in_both_languages() {
        for lang in [Lang::En, Lang::Ko] {
            let titles: Vec<&str> = IDS.iter().map(|id| preset_title(lang.messages(), id)).collect();
            let mut unique = titles.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), IDS.len(), "{lang:?}: {titles:?}");
        }
    }
}
