//! What the race page remembers, as a `Reducible` state machine (tested natively).
//!
//! Step mode is a [`Machine`] of the step-mode race (threads, increments in step mode, the
//! variant). A link carries the schedule stepped so far (one digit per step, the text key
//! [`SCHEDULE`]); opening it replays the schedule, and a schedule that cannot be read or run
//! leaves the machine at the start with a notice. The simulated run is a function of threads,
//! increments and the seed ([`SimKey`]); its outcomes come from the page, which runs it in slices
//! between frames.

use std::rc::Rc;

use interleave_experiments::TypedParams;
use interleave_experiments::race::{
    Losing, MAX_SEARCH_STATES, Machine, RaceOutcome, RaceParams, SCHEDULE, Schedule, Search, StepError, StepEvent,
    VARIANT, Variant, search,
};
use interleave_experiments::share::{LinkState, Mode};
use yew::Reducible;

use crate::form::ParamForm;

/// The seed a page starts with when its link has none.
pub const DEFAULT_SEED: u64 = 1;

/// Why the link's schedule was not replayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleNote {
    /// Not digits of threads, or too long.
    Unreadable(String),
    /// Readable, but a step cannot run in this race.
    Refused(String),
}

/// What "Find a losing interleaving" found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// Replayed into the machine.
    Losing(Losing),
    /// Every reachable state was visited and none loses an update.
    Never { states: usize },
    /// The search stopped after this many states without a loss.
    GaveUp { states: usize },
}

/// The last thing a step-mode control did, for the live region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Stepped(StepEvent),
    Undone(StepEvent),
    Refused(StepError),
    Reset,
    Found,
}

/// What one simulated run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimKey {
    pub threads: u32,
    pub increments: u32,
    pub seed: u64,
}

/// Simulated outcomes, one per variant as they finish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimView {
    pub key: SimKey,
    pub outcomes: Vec<(Variant, RaceOutcome)>,
    pub running: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RaceState {
    pub form: ParamForm<RaceParams>,
    pub variant: Variant,
    pub machine: Machine,
    pub note: Option<ScheduleNote>,
    pub found: Option<Found>,
    pub last: Option<Outcome>,
    pub seed: u64,
    /// The seed field as typed; `None` when it shows `seed`.
    pub seed_text: Option<String>,
    pub sim: Option<SimView>,
}

pub enum Action {
    Input(&'static str, String),
    Variant(Variant),
    Step(usize),
    Undo,
    Reset,
    Find,
    Seed(String),
    NextSeed,
    SimStarted(SimKey),
    SimDone(SimKey, Variant, RaceOutcome),
    SimEnded(SimKey),
}

impl Default for RaceState {
    fn default() -> Self {
        RaceState::from_link(&LinkState::default())
    }
}

/// A machine at the start of the step-mode race of `params` (always within bounds: the form
/// only keeps valid parameters).
fn start(params: &RaceParams, variant: Variant) -> Machine {
    let race = params.stepping(variant).expect("start: validated parameters make a race");
    Machine::new(race).expect("start: step-mode increments are within bounds")
}

impl RaceState {
    /// The state a share link describes: its parameters, variant, seed, and its schedule replayed.
    pub fn from_link(link_state: &LinkState) -> Self {
        let params = RaceParams::from_values(&link_state.values).0;
        let variant = link_state.view.get(VARIANT.key).and_then(|k| Variant::from_key(k)).unwrap_or_default();
        let mut note = None;
        let machine = match link_state.text.get(SCHEDULE.key).map(|t| Schedule::decode(t)) {
            None => start(&params, variant),
            Some(Err(e)) => {
                note = Some(ScheduleNote::Unreadable(e.to_string()));
                start(&params, variant)
            }
            Some(Ok(schedule)) => {
                let race = params.stepping(variant).expect("from_link: validated parameters make a race");
                Machine::replay(race, &schedule).unwrap_or_else(|e| {
                    note = Some(ScheduleNote::Refused(e.to_string()));
                    start(&params, variant)
                })
            }
        };
        RaceState {
            form: ParamForm::new(params),
            variant,
            machine,
            note,
            found: None,
            last: None,
            seed: link_state.seed.unwrap_or(DEFAULT_SEED),
            seed_text: None,
            sim: None,
        }
    }

    /// The link of this state: parameters, variant, seed and the schedule stepped so far.
    pub fn link(&self) -> LinkState {
        let mut state = LinkState {
            values: self.form.params.to_values(),
            view: [(VARIANT.key.to_string(), self.variant.key().to_string())].into(),
            mode: Some(Mode::Simulated),
            seed: Some(self.seed),
            ..LinkState::default()
        };
        let schedule = self.machine.schedule();
        if !schedule.is_empty() {
            state.text.insert(SCHEDULE.key.to_string(), schedule.encode());
        }
        state
    }

    /// What a simulated run would run now, if the fields are valid.
    pub fn sim_key(&self) -> Option<SimKey> {
        (self.form.is_valid() && self.seed_text.is_none()).then_some(SimKey {
            threads: self.form.params.threads,
            increments: self.form.params.increments,
            seed: self.seed,
        })
    }

    pub fn simulating(&self) -> bool {
        self.sim.as_ref().is_some_and(|s| s.running)
    }

    pub fn can_simulate(&self) -> bool {
        !self.simulating() && self.sim_key().is_some()
    }

    /// Back to the start of the step-mode race, dropping what the last search found.
    fn restart(&mut self) {
        self.machine = start(&self.form.params, self.variant);
        self.found = None;
    }
}

impl Reducible for RaceState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let busy = s.simulating();
        match action {
            Action::Input(key, text) if !busy => {
                let before = s.form.params;
                if !s.form.input(key, text) {
                    return self;
                }
                let p = s.form.params;
                if (p.threads, p.step_increments) != (before.threads, before.step_increments) {
                    s.restart();
                    s.note = None;
                    s.last = None;
                }
            }
            Action::Variant(v) => {
                if v == s.variant {
                    return self;
                }
                s.variant = v;
                s.restart();
                s.note = None;
                s.last = None;
            }
            Action::Step(thread) => {
                s.last = Some(match s.machine.step(thread) {
                    Ok(e) => Outcome::Stepped(e),
                    Err(e) => Outcome::Refused(e),
                });
            }
            Action::Undo => {
                let Some(e) = s.machine.undo() else { return self };
                s.last = Some(Outcome::Undone(e));
            }
            Action::Reset => {
                s.restart();
                s.note = None;
                s.last = Some(Outcome::Reset);
            }
            Action::Find => {
                let race = s.machine.race();
                let found = match search(race, MAX_SEARCH_STATES) {
                    Ok(Search::Found(l)) => {
                        s.machine = Machine::replay(race, &l.schedule).expect("Find: a found schedule replays");
                        Found::Losing(l)
                    }
                    Ok(Search::NeverLoses { states }) => Found::Never { states },
                    Ok(Search::GaveUp { states }) => Found::GaveUp { states },
                    // The machine's race is a step-mode race, so the search accepts it.
                    Err(_) => return self,
                };
                s.found = Some(found);
                s.note = None;
                s.last = Some(Outcome::Found);
            }
            Action::Seed(text) if !busy => match text.trim().parse::<u64>() {
                Ok(seed) => {
                    s.seed = seed;
                    s.seed_text = None;
                }
                Err(_) => s.seed_text = Some(text),
            },
            Action::NextSeed if !busy => {
                s.seed = s.seed.wrapping_add(1);
                s.seed_text = None;
            }
            Action::SimStarted(key) if !busy => s.sim = Some(SimView { key, outcomes: Vec::new(), running: true }),
            Action::SimDone(key, v, o) => match &mut s.sim {
                Some(sim) if sim.key == key && sim.running => sim.outcomes.push((v, o)),
                _ => return self,
            },
            Action::SimEnded(key) => match &mut s.sim {
                Some(sim) if sim.key == key && sim.running => sim.running = false,
                _ => return self,
            },
            _ => return self,
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use interleave_experiments::race::{Op, simulate};

    use super::*;
    use crate::test_support::{link_round_trip, reduce};

    fn round_trip(s: &RaceState) -> RaceState {
        RaceState::from_link(&link_round_trip(&interleave_experiments::race::SPEC, &s.link()))
    }

    #[test]
    fn steps_run_the_chosen_thread_and_undo_takes_them_back() {
        let s = RaceState::default();
        assert_eq!(s.variant, Variant::Plain);
        let s = reduce(s, Action::Step(0));
        assert!(matches!(s.last, Some(Outcome::Stepped(StepEvent { thread: 0, op: Op::Load, .. }))));
        let s = reduce(s, Action::Step(1));
        assert_eq!(s.machine.schedule().encode(), "01");
        let s = reduce(s, Action::Undo);
        assert!(matches!(s.last, Some(Outcome::Undone(StepEvent { thread: 1, .. }))));
        assert_eq!(s.machine.schedule().encode(), "0");
        // A thread that does not exist is refused, and nothing ran.
        let s = reduce(s, Action::Step(5));
        assert!(matches!(s.last, Some(Outcome::Refused(StepError::NoSuchThread { thread: 5, .. }))));
        assert_eq!(s.machine.schedule().encode(), "0");
        let s = reduce(s, Action::Undo);
        assert!(s.machine.events().is_empty());
        // Undo at the start changes nothing.
        let again = reduce(s.clone(), Action::Undo);
        assert_eq!(again, s);
    }

    #[test]
    fn load_load_store_store_loses_an_update_and_names_its_three_steps() {
        let mut s = RaceState::default();
        for t in [0, 1, 0, 0, 1, 1] {
            s = reduce(s, Action::Step(t));
        }
        assert!(s.machine.is_finished());
        assert_eq!((s.machine.counter(), s.machine.expected()), (1, 2));
        let lost: Vec<_> = s.machine.lost_updates().collect();
        assert_eq!(lost.len(), 1);
        assert_eq!((lost[0].load_at, lost[0].victim_store, lost[0].overwritten_by), (1, 3, 5));
    }

    #[test]
    fn a_link_carries_parameters_variant_seed_and_the_schedule() {
        let s = reduce(RaceState::default(), Action::Input("threads", "3".into()));
        let s = reduce(s, Action::Variant(Variant::SpinLock));
        let s = reduce(s, Action::Seed("42".into()));
        let s = [0, 1, 0, 2, 1].into_iter().fold(s, |s, t| reduce(s, Action::Step(t)));
        assert_eq!(s.link().text.get(SCHEDULE.key).map(String::as_str), Some("01021"));
        let back = round_trip(&s);
        assert_eq!((back.form.params.threads, back.variant, back.seed), (3, Variant::SpinLock, 42));
        assert_eq!(back.machine, s.machine);
        assert_eq!(back.note, None);
        // No steps, no schedule in the link.
        assert!(!RaceState::default().link().text.contains_key(SCHEDULE.key));
    }

    #[test]
    fn a_damaged_or_impossible_schedule_opens_the_start_with_a_notice() {
        for (text, unreadable) in [("01x1", true), ("0009", true), ("0000", false), ("2", false)] {
            let mut link = LinkState::default();
            link.text.insert(SCHEDULE.key.into(), text.into());
            let s = RaceState::from_link(&link);
            assert!(s.machine.events().is_empty(), "{text}");
            match (&s.note, unreadable) {
                (Some(ScheduleNote::Unreadable(_)), true) | (Some(ScheduleNote::Refused(_)), false) => {}
                other => panic!("{text}: {other:?}"),
            }
            // Stepping works from there, and the next change of race clears the notice.
            let s = reduce(s, Action::Step(0));
            assert_eq!(s.machine.events().len(), 1);
            let s = reduce(s, Action::Variant(Variant::Atomic));
            assert_eq!(s.note, None);
        }
    }

    #[test]
    fn find_replays_a_losing_schedule_for_plain_and_finds_none_for_the_others() {
        let s = reduce(RaceState::default(), Action::Step(1));
        let s = reduce(s, Action::Find);
        let Some(Found::Losing(l)) = s.found.clone() else { panic!("{:?}", s.found) };
        assert_eq!(s.machine.schedule(), l.schedule);
        assert!(s.machine.is_finished() && s.machine.lost() > 0);
        assert_eq!(s.machine.lost_updates().count(), l.lost.len());
        // Undo works through the replayed schedule.
        let s = reduce(s, Action::Undo);
        assert_eq!(s.machine.schedule().len(), l.schedule.len() - 1);

        for v in [Variant::Atomic, Variant::Mutex, Variant::SpinLock] {
            let s = reduce(RaceState::default(), Action::Variant(v));
            let s = reduce(s, Action::Find);
            assert!(matches!(s.found, Some(Found::Never { .. })), "{v:?}: {:?}", s.found);
            assert!(s.machine.events().is_empty());
        }
    }

    #[test]
    fn changing_the_race_restarts_step_mode() {
        let s = reduce(RaceState::default(), Action::Step(0));
        let s = reduce(s, Action::Find);
        let s = reduce(s, Action::Input("step_increments", "2".into()));
        assert!(s.machine.events().is_empty() && s.found.is_none());
        assert_eq!(s.machine.expected(), 4);
        // Increments of the simulated run leave step mode alone.
        let s = reduce(s, Action::Step(0));
        let s = reduce(s, Action::Input("increments", "500".into()));
        assert_eq!(s.machine.events().len(), 1);
    }

    #[test]
    fn the_simulation_collects_outcomes_for_its_own_key_only() {
        let s = reduce(RaceState::default(), Action::Input("increments", "1000".into()));
        let key = s.sim_key().unwrap();
        let s = reduce(s, Action::SimStarted(key));
        assert!(s.simulating() && !s.can_simulate());
        // Fields are frozen while it runs.
        let frozen = reduce(s.clone(), Action::Seed("9".into()));
        assert_eq!(frozen, s);
        let o = simulate(s.form.params.run(Variant::Plain).unwrap(), key.seed);
        let stale = SimKey { seed: key.seed + 1, ..key };
        let s = reduce(s, Action::SimDone(stale, Variant::Plain, o));
        assert!(s.sim.as_ref().unwrap().outcomes.is_empty());
        let s = reduce(s, Action::SimDone(key, Variant::Plain, o));
        let s = reduce(s, Action::SimEnded(key));
        assert!(!s.simulating() && s.can_simulate());
        assert_eq!(s.sim.unwrap().outcomes, vec![(Variant::Plain, o)]);
    }

    #[test]
    fn a_bad_seed_is_kept_as_typed_and_blocks_the_simulation() {
        let s = reduce(RaceState::default(), Action::Seed("12x".into()));
        assert_eq!((s.seed, s.seed_text.as_deref()), (DEFAULT_SEED, Some("12x")));
        assert!(!s.can_simulate());
        let s = reduce(s, Action::NextSeed);
        assert_eq!((s.seed, s.seed_text.as_deref()), (DEFAULT_SEED + 1, None));
    }
}
