//! Step mode: the person chooses which thread steps next, and can undo any number of steps.
//!
//! A [`Machine`] is a [`State`] plus what the page shows about the past: every step's
//! [`StepEvent`], and for each store whether it overwrote an update it never saw. Undo restores
//! a copy of everything but the history taken before the step (a few hundred bytes; schedules
//! are at most [`MAX_SCHEDULE_LEN`] steps), so it is exact by construction. Re-running the
//! schedule from the start would also be exact, but costs a whole replay per undo.

use std::fmt;

use super::program::Op;
use super::schedule::{MAX_SCHEDULE_LEN, Schedule};
use super::state::{Effect, State};
use super::{MAX_RACE_THREADS, MAX_STEP_INCREMENTS, Race, SetupError};

const SLOTS: usize = MAX_RACE_THREADS as usize;

/// An update that was lost, as three steps of the schedule (indices into it): the thread that
/// stored at `overwritten_by` had loaded at `load_at`, before another thread's store at
/// `victim_store`, so it wrote back a value computed without that store's update.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LostUpdate {
    /// The store whose update was lost (the latest other store inside the window).
    pub victim_store: usize,
    /// The store that overwrote it.
    pub overwritten_by: usize,
    /// The overwriting thread's stale load.
    pub load_at: usize,
}

/// One step that ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StepEvent {
    /// Its position in the schedule.
    pub index: usize,
    pub thread: usize,
    pub op: Op,
    pub effect: Effect,
    /// Set on a store that overwrote another thread's update.
    pub lost: Option<LostUpdate>,
}

/// Why a thread cannot step. Input from the page or a link, so never a panic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepError {
    NoSuchThread { thread: usize, threads: usize },
    Finished { thread: usize },
    /// Waiting for the mutex: only an unlock makes it runnable again.
    Parked { thread: usize },
    /// The schedule is as long as a link can carry ([`MAX_SCHEDULE_LEN`]).
    TooManySteps { max: usize },
}

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepError::NoSuchThread { thread, threads } => {
                write!(f, "there is no thread {thread}: the threads are 0 to {}", threads.saturating_sub(1))
            }
            StepError::Finished { thread } => write!(f, "thread {thread} has finished"),
            StepError::Parked { thread } => write!(f, "thread {thread} waits for the lock until it is unlocked"),
            StepError::TooManySteps { max } => write!(f, "a schedule has at most {max} steps"),
        }
    }
}

impl std::error::Error for StepError {}

/// Why [`Machine::replay`] failed: the race is too big to step, or a step was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplayError {
    Setup(SetupError),
    /// The step at `at` (0-based) was refused.
    Refused { at: usize, error: StepError },
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::Setup(e) => e.fmt(f),
            ReplayError::Refused { at, error } => write!(f, "step {} of the schedule cannot run: {error}", at + 1),
        }
    }
}

impl std::error::Error for ReplayError {}

/// One thread as the page draws it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThreadView {
    /// Increments finished.
    pub done: u32,
    /// The step it runs next; `None` once finished.
    pub next: Option<Op>,
    /// Its register from its load to its store.
    pub register: Option<u32>,
    pub parked: bool,
    pub holds_lock: bool,
    /// Whether it may step now.
    pub runnable: bool,
}

/// Everything but the history: what undo restores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Frame {
    state: State,
    /// Each thread's load not yet followed by its store.
    load_at: [Option<usize>; SLOTS],
    /// The latest store (or `fetch_add`).
    last_store: Option<usize>,
}

/// A race being stepped by hand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Machine {
    now: Frame,
    events: Vec<StepEvent>,
    /// `before[i]` is the frame step `i` started from.
    before: Vec<Frame>,
}

impl Machine {
    /// A machine at the start. Step mode takes at most [`MAX_STEP_INCREMENTS`] per thread.
    pub fn new(race: Race) -> Result<Machine, SetupError> {
        if race.increments() > MAX_STEP_INCREMENTS {
            return Err(SetupError::Increments { increments: race.increments(), max: MAX_STEP_INCREMENTS });
        }
        let now = Frame { state: State::new(race), load_at: [None; SLOTS], last_store: None };
        Ok(Machine { now, events: Vec::new(), before: Vec::new() })
    }

    /// A machine that has run `schedule` from the start.
    pub fn replay(race: Race, schedule: &Schedule) -> Result<Machine, ReplayError> {
        let mut m = Machine::new(race).map_err(ReplayError::Setup)?;
        for (at, &thread) in schedule.threads().iter().enumerate() {
            m.step(usize::from(thread)).map_err(|error| ReplayError::Refused { at, error })?;
        }
        Ok(m)
    }

    pub fn race(&self) -> Race {
        self.now.state.race()
    }

    /// The state now.
    pub fn state(&self) -> &State {
        &self.now.state
    }

    pub fn counter(&self) -> u32 {
        self.now.state.counter()
    }

    /// `threads × increments`: the count when nothing is lost.
    pub fn expected(&self) -> u32 {
        self.race().expected()
    }

    /// Updates lost so far; once finished, `expected − counter`.
    pub fn lost(&self) -> u32 {
        self.now.state.lost()
    }

    /// The final count, once every thread has finished.
    pub fn final_count(&self) -> Option<u32> {
        self.is_finished().then(|| self.counter())
    }

    pub fn is_finished(&self) -> bool {
        self.now.state.is_finished()
    }

    /// Threads that may step now, in id order.
    pub fn runnable(&self) -> Vec<usize> {
        self.now.state.runnable().collect()
    }

    pub fn can_step(&self, thread: usize) -> bool {
        self.now.state.can_step(thread)
    }

    /// `thread` as the page draws it; `None` for a thread the race does not have.
    pub fn thread(&self, thread: usize) -> Option<ThreadView> {
        let s = &self.now.state;
        (thread < s.race().threads()).then(|| ThreadView {
            done: s.done(thread),
            next: s.next_op(thread),
            register: s.register(thread),
            parked: s.is_parked(thread),
            holds_lock: s.holder() == Some(thread),
            runnable: s.can_step(thread),
        })
    }

    /// The steps run so far, in order.
    pub fn events(&self) -> &[StepEvent] {
        &self.events
    }

    /// Every lost update so far, in the order of the stores that lost them.
    pub fn lost_updates(&self) -> impl Iterator<Item = LostUpdate> + '_ {
        self.events.iter().filter_map(|e| e.lost)
    }

    /// Steps spent spinning on a held spinlock.
    pub fn spins(&self) -> usize {
        self.events.iter().filter(|e| e.effect == Effect::Spun).count()
    }

    /// Times a thread parked on a held mutex.
    pub fn parks(&self) -> usize {
        self.events.iter().filter(|e| e.effect == Effect::Parked).count()
    }

    /// The schedule run so far.
    pub fn schedule(&self) -> Schedule {
        Schedule::from_steps(self.events.iter().map(|e| e.thread as u8))
    }

    /// Runs `thread`'s next step.
    pub fn step(&mut self, thread: usize) -> Result<StepEvent, StepError> {
        self.now.state.check(thread)?;
        let index = self.events.len();
        if index >= MAX_SCHEDULE_LEN {
            return Err(StepError::TooManySteps { max: MAX_SCHEDULE_LEN });
        }
        let before = self.now;
        let op = self.now.state.next_op(thread).expect("Machine::step: a thread that may step has a next step");
        let effect = self.now.state.step(thread)?;
        let mut lost = None;
        match effect {
            Effect::Loaded { .. } => self.now.load_at[thread] = Some(index),
            Effect::Stored { .. } => {
                let load_at = self.now.load_at[thread].take();
                if let (Some(load_at), Some(victim_store)) = (load_at, self.now.last_store)
                    && victim_store > load_at
                {
                    lost = Some(LostUpdate { victim_store, overwritten_by: index, load_at });
                }
                self.now.last_store = Some(index);
            }
            Effect::FetchAdded { .. } => self.now.last_store = Some(index),
            _ => {}
        }
        let event = StepEvent { index, thread, op, effect, lost };
        self.events.push(event);
        self.before.push(before);
        Ok(event)
    }

    /// Takes back the last step and returns it; `None` at the start.
    pub fn undo(&mut self) -> Option<StepEvent> {
        let event = self.events.pop()?;
        self.now = self.before.pop().expect("Machine::undo: one frame per event");
        Some(event)
    }
}
