//! The race page: step threads by hand and watch an update get lost (or not, with an atomic or
//! a lock), find the shortest losing interleaving, and simulate many increments per variant.

use interleave_experiments::race::{Effect, LostUpdate, Machine, Op, SPEC, Simulation, StepError, StepEvent, Variant};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use super::state::{Action, Found, Outcome, RaceState, ScheduleNote, SimKey};
use super::why::Why;
use crate::components::{Announce, FieldsView, ParamFields};
use crate::i18n::{Lang, Messages, experiment, group, use_lang};
use crate::share::{ShareBar, use_link};

/// Steps of one simulation slice: a few milliseconds, so the page stays responsive.
const SLICE_STEPS: u64 = 200_000;

#[function_component(RacePage)]
pub fn race_page() -> Html {
    let lang = use_lang();
    let m = lang.messages();
    let t = &m.race;
    let words = experiment(lang, SPEC.id);
    let link = use_link();
    let state = {
        let decoded = link.decoded.clone();
        use_reducer(move || RaceState::from_link(&decoded.state))
    };
    // Bumped to stop the simulation in flight (on unmount).
    let generation = use_mut_ref(|| 0u32);
    {
        let generation = generation.clone();
        use_effect_with((), move |_| {
            move || {
                let mut g = generation.borrow_mut();
                *g = g.wrapping_add(1);
            }
        })
    }

    let on_input = {
        let d = state.dispatcher();
        Callback::from(move |(key, text): (&'static str, String)| d.dispatch(Action::Input(key, text)))
    };
    let on_variant = {
        let d = state.dispatcher();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if let Some(v) = Variant::from_key(&value) {
                d.dispatch(Action::Variant(v));
            }
        })
    };
    let go = |a: fn() -> Action| {
        let d = state.dispatcher();
        Callback::from(move |_| d.dispatch(a()))
    };
    let onkeydown = {
        let d = state.dispatcher();
        Callback::from(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let key = e.key();
            let action = match key.as_str() {
                "Backspace" | "z" => Action::Undo,
                k if k.len() == 1 && k.as_bytes()[0].is_ascii_digit() && k.as_bytes()[0] < b'8' => {
                    Action::Step(usize::from(k.as_bytes()[0] - b'0'))
                }
                _ => return,
            };
            e.prevent_default();
            d.dispatch(action);
        })
    };
    let on_seed = {
        let d = state.dispatcher();
        Callback::from(move |e: InputEvent| d.dispatch(Action::Seed(e.target_unchecked_into::<web_sys::HtmlInputElement>().value())))
    };
    let simulate = {
        let d = state.dispatcher();
        let key = state.sim_key();
        let generation = generation.clone();
        Callback::from(move |_| {
            let Some(key) = key else { return };
            d.dispatch(Action::SimStarted(key));
            let (d, generation) = (d.clone(), generation.clone());
            let mine = *generation.borrow();
            wasm_bindgen_futures::spawn_local(async move {
                for v in Variant::ALL {
                    let Ok(race) = interleave_experiments::race::Race::new(key.threads, key.increments, v) else { break };
                    let mut sim = Simulation::new(race, key.seed);
                    while !sim.advance(SLICE_STEPS) {
                        next_tick().await;
                        if *generation.borrow() != mine {
                            return;
                        }
                    }
                    d.dispatch(Action::SimDone(key, v, sim.outcome()));
                }
                d.dispatch(Action::SimEnded(key));
            });
        })
    };

    let machine = &state.machine;
    let announce = announcement(lang, &state);
    let busy = state.simulating();

    html! {
        <article class="experiment race" data-testid="experiment-race">
            <header class="experiment-head">
                <h1>{words.title}</h1>
                <p class="question">{words.question}</p>
                <p class="mode"><span class="badge sim" data-testid="sim-badge">{t.badge_sim}</span>{t.mode_sim}</p>
            </header>

            <div class="lab race-lab">
                <section class="controls" aria-label={t.controls}>
                    <div class="param">
                        <label for="race-variant">{t.variant}</label>
                        <select id="race-variant" data-testid="variant" onchange={on_variant}>
                            { for Variant::ALL.iter().map(|&v| html! {
                                <option value={v.key()} selected={state.variant == v}>{variant_name(m, v)}</option>
                            }) }
                        </select>
                    </div>
                    <ParamFields specs={SPEC.params} form={FieldsView::from(&state.form)} disabled={busy} {on_input} />
                    if let Some(note) = &state.note {
                        <p class="notice" data-testid="schedule-note">{ match note {
                            ScheduleNote::Unreadable(why) => (t.note_unreadable)(why),
                            ScheduleNote::Refused(why) => (t.note_refused)(why),
                        } }</p>
                    }
                    <Announce text={announce} />
                </section>

                <section class="picture race-step" aria-labelledby="race-step-title">
                    <h2 id="race-step-title">{t.step_title}</h2>
                    <div class="race-stepper" tabindex="0" role="group" {onkeydown} data-testid="stepper"
                         aria-label={t.stepper_label} aria-describedby="race-keys">
                        <dl class="race-counter">
                            <div><dt>{t.counter}</dt><dd data-testid="counter">{machine.counter()}</dd></div>
                            <div><dt>{t.expected}</dt><dd data-testid="expected">{machine.expected()}</dd></div>
                            <div class={classes!((machine.lost() > 0).then_some("bad"))}><dt>{t.lost}</dt><dd data-testid="lost">{machine.lost()}</dd></div>
                        </dl>
                        <div class="race-threads">
                            { for (0..machine.race().threads()).map(|th| thread_column(m, &state, th)) }
                        </div>
                        <div class="buttons race-buttons">
                            <button onclick={go(|| Action::Undo)} disabled={machine.events().is_empty()} data-testid="undo" aria-keyshortcuts="Backspace z">{t.undo}</button>
                            <button onclick={go(|| Action::Reset)} disabled={machine.events().is_empty()} data-testid="reset">{t.reset}</button>
                            <button class="primary" onclick={go(|| Action::Find)} data-testid="find">{t.find}</button>
                        </div>
                        <p class="race-keys" id="race-keys">{t.keys_hint}</p>
                    </div>
                    { found(lang, &state) }
                    { finished(m, machine) }
                    { explanations(m, machine) }
                    { step_log(m, machine) }
                </section>
            </div>

            <ShareBar id={SPEC.id} state={state.link()} />

            <section class="results race-sim" aria-labelledby="race-sim-title">
                <h2 id="race-sim-title">{t.sim_title}<span class="badge sim">{t.badge_sim}</span></h2>
                <p class="race-help">{t.sim_help}</p>
                <div class={classes!("param", "race-seed", state.seed_text.is_some().then_some("invalid"))}>
                    <label for="race-seed">{t.seed}</label>
                    <div class="race-seed-row">
                        <input id="race-seed" type="text" inputmode="numeric" data-testid="seed" disabled={busy}
                            value={state.seed_text.clone().unwrap_or_else(|| state.seed.to_string())}
                            aria-invalid={state.seed_text.is_some().to_string()} aria-describedby="race-seed-help"
                            oninput={on_seed} />
                        <button class="small" onclick={go(|| Action::NextSeed)} disabled={busy} data-testid="next-seed">{t.next_seed}</button>
                    </div>
                    if state.seed_text.is_some() {
                        <p class="param-error" role="alert" data-testid="seed-error">{t.seed_bad}</p>
                    }
                    <p class="race-help" id="race-seed-help">{t.seed_help}</p>
                </div>
                <div class="buttons">
                    <button class="primary" onclick={simulate} disabled={!state.can_simulate()} data-testid="simulate">
                        { if busy { t.simulating } else { t.simulate } }
                    </button>
                </div>
                { sim_table(lang, &state) }
            </section>
            <Why />
        </article>
    }
}

/// Resolves on the next turn of the event loop (a `setTimeout(0)`), so a long simulation leaves
/// room for input and painting between its slices.
async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(resolve.unchecked_ref());
        }
    });
    let _ = JsFuture::from(promise).await;
}

fn variant_name(m: &Messages, v: Variant) -> &'static str {
    let t = &m.race;
    match v {
        Variant::Plain => t.variant_plain,
        Variant::Atomic => t.variant_atomic,
        Variant::Mutex => t.variant_mutex,
        Variant::SpinLock => t.variant_spinlock,
    }
}

fn op_code(m: &Messages, op: Op) -> &'static str {
    let t = &m.race;
    match op {
        Op::Load => t.op_load,
        Op::Add => t.op_add,
        Op::Store => t.op_store,
        Op::FetchAdd => t.op_fetch_add,
        Op::Lock => t.op_lock,
        Op::TryLock => t.op_try_lock,
        Op::Unlock => t.op_unlock,
    }
}

fn op_key(op: Op) -> &'static str {
    match op {
        Op::Load => "load",
        Op::Add => "add",
        Op::Store => "store",
        Op::FetchAdd => "fetch-add",
        Op::Lock => "lock",
        Op::TryLock => "try-lock",
        Op::Unlock => "unlock",
    }
}

/// One thread's column: its program with the next instruction marked, its register, its state
/// and its step button.
fn thread_column(m: &Messages, state: &UseReducerHandle<RaceState>, th: usize) -> Html {
    let t = &m.race;
    let machine = &state.machine;
    let Some(view) = machine.thread(th) else { return html! {} };
    let program = machine.race().variant().program();
    let locked = program.len() > 3;
    let status = if view.next.is_none() {
        t.thread_finished.to_string()
    } else if view.parked {
        t.thread_parked.to_string()
    } else {
        (t.thread_progress)(view.done + 1, machine.race().increments())
    };
    let d = state.dispatcher();
    let title_id = format!("race-thread-{th}");
    html! {
        <section class={classes!("race-thread", view.next.is_none().then_some("finished"), view.parked.then_some("parked"))}
                 data-testid={format!("thread-{th}")} aria-labelledby={title_id.clone()}>
            <h3 id={title_id}>{(t.thread_title)(th)}
                if view.holds_lock { <span class="badge ok race-holds" data-testid={format!("holds-{th}")}>{t.holds_lock}</span> }
            </h3>
            <ol class="race-program" aria-label={t.program}>
                { for program.iter().map(|&op| {
                    let here = view.next == Some(op);
                    let inner = locked && !matches!(op, Op::Lock | Op::TryLock | Op::Unlock);
                    html! {
                        <li class={classes!("race-op", here.then_some("here"), inner.then_some("inner"))}
                            data-op={op_key(op)} aria-current={here.then_some("step")}>
                            <code>{op_code(m, op)}</code>
                        </li>
                    }
                }) }
            </ol>
            <p class="race-reg" data-testid={format!("register-{th}")}>
                {t.register}{" "}<code>{view.register.map_or_else(|| "—".to_string(), |r| r.to_string())}</code>
            </p>
            <p class="race-status" data-testid={format!("status-{th}")}>{status}</p>
            <button class="race-step-btn" data-testid={format!("step-{th}")} disabled={!view.runnable}
                aria-keyshortcuts={th.to_string()}
                onclick={Callback::from(move |_| d.dispatch(Action::Step(th)))}>{(t.step_thread)(th)}</button>
        </section>
    }
}

/// What one step did, in words.
fn effect_text(m: &Messages, e: &Effect) -> String {
    let t = &m.race;
    match *e {
        Effect::Loaded { value } => (t.ev_loaded)(value),
        Effect::Added { value } => (t.ev_added)(value),
        Effect::Stored { value, was } => (t.ev_stored)(value, was),
        Effect::FetchAdded { value } => (t.ev_fetch_added)(value),
        Effect::Acquired => t.ev_acquired.to_string(),
        Effect::Parked => t.ev_parked.to_string(),
        Effect::Spun => t.ev_spun.to_string(),
        Effect::Released { woke: None } => t.ev_released.to_string(),
        Effect::Released { woke: Some(w) } => (t.ev_released_woke)(usize::from(w)),
    }
}

/// The value a step read or wrote (0 for a step that touches no value).
fn value_of(e: &StepEvent) -> u32 {
    match e.effect {
        Effect::Loaded { value } | Effect::Added { value } | Effect::Stored { value, .. } | Effect::FetchAdded { value } => value,
        _ => 0,
    }
}

/// "Thread 0 loaded 3, thread 1 stored 4, thread 0 stored 4: thread 1's update is lost."
fn lost_text(m: &Messages, machine: &Machine, l: &LostUpdate) -> String {
    let ev = machine.events();
    let (load, victim, over) = (&ev[l.load_at], &ev[l.victim_store], &ev[l.overwritten_by]);
    (m.race.lost_explained)(
        [l.load_at + 1, l.victim_store + 1, l.overwritten_by + 1],
        load.thread,
        value_of(load),
        victim.thread,
        value_of(victim),
        value_of(over),
    )
}

fn explanations(m: &Messages, machine: &Machine) -> Html {
    let lost: Vec<LostUpdate> = machine.lost_updates().collect();
    if lost.is_empty() {
        return html! {};
    }
    html! {
        <div class="race-lost" data-testid="lost-explained">
            <h3>{m.race.lost_title}</h3>
            <ul>
                { for lost.iter().map(|l| html! { <li>{lost_text(m, machine, l)}</li> }) }
            </ul>
        </div>
    }
}

fn finished(m: &Messages, machine: &Machine) -> Html {
    let t = &m.race;
    let Some(count) = machine.final_count() else { return html! {} };
    if machine.lost() == 0 {
        html! { <p class="race-final ok" data-testid="final">{(t.final_ok)(count)}</p> }
    } else {
        html! { <p class="race-final bad" data-testid="final">{(t.final_lost)(count, machine.expected(), machine.lost())}</p> }
    }
}

fn step_log(m: &Messages, machine: &Machine) -> Html {
    let t = &m.race;
    let lost: Vec<LostUpdate> = machine.lost_updates().collect();
    let role = |i: usize| {
        lost.iter().find_map(|l| {
            if l.load_at == i {
                Some("stale-load")
            } else if l.victim_store == i {
                Some("overwritten")
            } else if l.overwritten_by == i {
                Some("overwriting")
            } else {
                None
            }
        })
    };
    html! {
        <div class="race-log">
            <h3 id="race-log-title">{t.log_title}</h3>
            if machine.events().is_empty() {
                <p class="empty">{t.log_empty}</p>
            } else {
                <ol data-testid="log" aria-labelledby="race-log-title">
                    { for machine.events().iter().map(|e| {
                        let r = role(e.index);
                        html! {
                            <li class={classes!("race-log-step", r.map(|_| "lost"), r)} data-testid="log-step"
                                data-thread={e.thread.to_string()} data-role={r.unwrap_or("")}>
                                {(t.log_line)(e.thread, &effect_text(m, &e.effect))}
                                if let Some(r) = r { <span class="race-role">{role_name(m, r)}</span> }
                            </li>
                        }
                    }) }
                </ol>
            }
        </div>
    }
}

fn role_name(m: &Messages, role: &str) -> &'static str {
    let t = &m.race;
    match role {
        "stale-load" => t.role_stale_load,
        "overwritten" => t.role_overwritten,
        _ => t.role_overwriting,
    }
}

fn found(lang: Lang, state: &RaceState) -> Html {
    let Some(f) = &state.found else { return html! {} };
    html! { <p class="race-found" data-testid="found" data-found={matches!(f, Found::Losing(_)).to_string()}>{found_text(lang, f)}</p> }
}

fn found_text(lang: Lang, f: &Found) -> String {
    let t = &lang.messages().race;
    match f {
        Found::Losing(l) => (t.found_losing)(l.prefix, l.schedule.len(), l.final_count),
        Found::Never { states } => (t.found_never)(&group(lang, *states as i64)),
        Found::GaveUp { states } => (t.found_gave_up)(&group(lang, *states as i64)),
    }
}

fn refused_text(m: &Messages, e: &StepError) -> String {
    let t = &m.race;
    match *e {
        StepError::NoSuchThread { thread, .. } => (t.refused_no_thread)(thread),
        StepError::Finished { thread } => (t.refused_finished)(thread),
        StepError::Parked { thread } => (t.refused_parked)(thread),
        StepError::TooManySteps { max } => (t.refused_too_many)(max),
    }
}

/// The live region's words for the last step-mode action.
fn announcement(lang: Lang, state: &RaceState) -> String {
    let m = lang.messages();
    let t = &m.race;
    let machine = &state.machine;
    match &state.last {
        None => String::new(),
        Some(Outcome::Stepped(e)) => {
            let mut s = (t.announce_step)(e.thread, &effect_text(m, &e.effect), machine.counter());
            if let Some(l) = &e.lost {
                s.push(' ');
                s.push_str(&lost_text(m, machine, l));
            }
            s
        }
        Some(Outcome::Undone(e)) => (t.announce_undone)(e.index + 1, e.thread, machine.counter()),
        Some(Outcome::Refused(e)) => refused_text(m, e),
        Some(Outcome::Reset) => t.announce_reset.to_string(),
        Some(Outcome::Found) => state.found.as_ref().map(|f| found_text(lang, f)).unwrap_or_default(),
    }
}

fn sim_table(lang: Lang, state: &RaceState) -> Html {
    let m = lang.messages();
    let t = &m.race;
    let Some(sim) = &state.sim else { return html! { <p class="empty">{t.no_sim}</p> } };
    let SimKey { threads, increments, seed } = sim.key;
    html! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="race-sim-caption">
            <table data-testid="sim-table">
                <caption id="race-sim-caption">{(t.sim_caption)(threads, &group(lang, i64::from(increments)), &seed.to_string())}</caption>
                <thead><tr>
                    <th scope="col">{t.col_variant}</th><th scope="col">{t.col_final}</th><th scope="col">{t.expected}</th>
                    <th scope="col">{t.lost}</th><th scope="col">{t.col_spins}</th><th scope="col">{t.col_parks}</th>
                </tr></thead>
                <tbody>
                    { for sim.outcomes.iter().map(|(v, o)| html! {
                        <tr data-testid={format!("sim-{}", v.key())}>
                            <th scope="row">{variant_name(m, *v)}</th>
                            <td data-testid="sim-final">{group(lang, i64::from(o.final_count))}</td>
                            <td>{group(lang, i64::from(o.expected))}</td>
                            <td class={classes!((o.lost > 0).then_some("bad"))} data-testid="sim-lost">{group(lang, i64::from(o.lost))}</td>
                            <td>{group(lang, o.spins as i64)}</td>
                            <td>{group(lang, o.parks as i64)}</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if sim.running {
                <p class="race-help" data-testid="sim-running">{t.simulating}</p>
            }
        </div>
    }
}
