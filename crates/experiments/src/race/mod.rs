//! Race: threads that each add one to a shared counter, with and without protection.
//!
//! Every thread runs `counter += 1` [`RaceParams::increments`] times. [`Variant`] says how the
//! increment is written ([`program`]): plain load / add / store, one atomic `fetch_add`, or the
//! plain increment under a parking mutex or a spinlock. The real form runs on engine workers
//! sharing one memory; everything here is the model behind the page's step mode and the
//! simulated form, which runs in every tier.
//!
//! 1. [`state`]: the shared state (counter, each thread's register and position, the lock and
//!    its waiters) and one micro-step of one thread. Everything else runs it.
//! 2. [`machine`]: step mode. The person picks the thread that steps next; every step can be
//!    undone back to the start; a store that overwrites another thread's update records a
//!    [`LostUpdate`] naming the three steps that lost it (the stale load, the overwritten store
//!    and the overwriting one), so the page can highlight them.
//! 3. [`schedule`]: the sequence of thread ids a machine has run, written as one digit per step
//!    (`"010101"`) for share links and replays, and read back without ever panicking.
//! 4. [`search`]: "find a losing interleaving": breadth-first over distinct states for the
//!    fewest steps after which an update is lost, completed to a full schedule and explained.
//! 5. [`simulate`]: the simulated run of many increments: a seeded random schedule.
//!
//! Why a lost update never comes back: a plain store writes `load + 1`, so after any store by
//! another thread between a thread's load and its store, the counter stays below the number of
//! stores made so far for the rest of the run (each later store either loaded after that point
//! or has a store in its own window). So "an update was lost" is a property of the state —
//! stores made minus the counter ([`state::State::lost`]) — which is what lets the search
//! merge states, and the final count is below `threads × increments` exactly when some store
//! had another store inside its window. The final count can fall as low as 2 (not
//! `increments`): one thread's stale store can undo almost all of another's work.

pub mod machine;
pub mod program;
pub mod schedule;
pub mod search;
pub mod simulate;
pub mod state;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::params::{ParamKind, ParamSpec};
use crate::spec::{ExperimentId, ExperimentSpec, Needs, SeedSection, TextKey, ViewKey};
use crate::typed_params;

pub use machine::{LostUpdate, Machine, ReplayError, StepError, StepEvent, ThreadView};
pub use program::{Op, Variant};
pub use schedule::{MAX_SCHEDULE_LEN, Schedule, ScheduleError};
pub use search::{Losing, MAX_SEARCH_STATES, Search, find_losing, search};
pub use simulate::{RaceOutcome, Simulation, simulate};
pub use state::Effect;

pub const ID: ExperimentId = ExperimentId::new("race");

/// The most threads a race has. Step mode writes one digit per step, so at most ten; eight keeps
/// the page's columns readable.
pub const MAX_RACE_THREADS: u32 = 8;
/// The most increments per thread of a run (real or simulated).
pub const MAX_INCREMENTS: u32 = 1_000_000;
/// The most increments per thread in step mode, where every one is stepped by hand; its complete
/// schedules (at most six steps an increment, spins aside) fit in [`MAX_SCHEDULE_LEN`].
pub const MAX_STEP_INCREMENTS: u32 = 4;

pub const THREADS: ParamSpec = ParamSpec {
    key: "threads",
    label: "Threads",
    unit: "",
    help: "How many threads increment the shared counter.",
    kind: ParamKind::Int { min: 2, max: MAX_RACE_THREADS as i64, default: 2, step: 1 },
};
pub const INCREMENTS: ParamSpec = ParamSpec {
    key: "increments",
    label: "Increments",
    unit: "per thread",
    help: "How many times each thread adds one to the counter in a run. Lost updates need \
           threads to overlap, so more increments lose more.",
    kind: ParamKind::Int { min: 1, max: MAX_INCREMENTS as i64, default: 100_000, step: 1 },
};
pub const STEP_INCREMENTS: ParamSpec = ParamSpec {
    key: "step_increments",
    label: "Increments in step mode",
    unit: "per thread",
    help: "How many times each thread adds one to the counter when you step it by hand.",
    kind: ParamKind::Int { min: 1, max: MAX_STEP_INCREMENTS as i64, default: 1, step: 1 },
};

/// View key of share links: how the increment is protected, one of [`Variant::KEYS`]. A view
/// key rather than a parameter because parameters are numbers and the form shows them as such.
pub const VARIANT: ViewKey = ViewKey { key: "variant", values: &Variant::KEYS };

/// Text key of share links: the step-mode schedule as digits ([`Schedule::encode`]); opening
/// the link replays it.
pub const SCHEDULE: TextKey = TextKey { key: "schedule", max_len: MAX_SCHEDULE_LEN };

/// The engine's job for real runs comes later (`engine_job: false` until then). The simulated
/// run's seed travels as the link's own `seed`, never as a parameter.
pub const SPEC: ExperimentSpec = ExperimentSpec {
    id: ID,
    title: "Race",
    question: "What happens when threads add to one counter without protection, and what do an \
               atomic, a mutex and a spinlock change?",
    seed: SeedSection { heading: "공유 자원 문제", english: "The shared-resource problem" },
    params: RaceParams::SPECS,
    needs: Needs::SharedMemory,
    engine_job: false,
    simulated: true,
    view_keys: &[VARIANT],
    text_keys: &[SCHEDULE],
    renamed: &[],
};

typed_params! {
    /// The validated parameters.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct RaceParams {
        pub threads: u32 = THREADS,
        pub increments: u32 = INCREMENTS,
        pub step_increments: u32 = STEP_INCREMENTS,
    }
}

impl RaceParams {
    /// The race of a run (real or simulated).
    pub fn run(&self, variant: Variant) -> Result<Race, SetupError> {
        Race::new(self.threads, self.increments, variant)
    }

    /// The race of step mode.
    pub fn stepping(&self, variant: Variant) -> Result<Race, SetupError> {
        Race::new(self.threads, self.step_increments, variant)
    }
}

/// One race: how many threads, how many increments each, and how the increment is protected.
/// Only built by [`Race::new`], so its sizes are always within bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Race {
    threads: u8,
    increments: u32,
    variant: Variant,
}

impl Race {
    /// `threads` in `2..=MAX_RACE_THREADS`, `increments` in `1..=MAX_INCREMENTS`.
    pub fn new(threads: u32, increments: u32, variant: Variant) -> Result<Race, SetupError> {
        if !(2..=MAX_RACE_THREADS).contains(&threads) {
            return Err(SetupError::Threads { threads });
        }
        if !(1..=MAX_INCREMENTS).contains(&increments) {
            return Err(SetupError::Increments { increments, max: MAX_INCREMENTS });
        }
        Ok(Race { threads: threads as u8, increments, variant })
    }

    pub fn threads(&self) -> usize {
        self.threads.into()
    }

    pub fn increments(&self) -> u32 {
        self.increments
    }

    pub fn variant(&self) -> Variant {
        self.variant
    }

    /// The count when no update is lost: `threads × increments`.
    pub fn expected(&self) -> u32 {
        u32::from(self.threads) * self.increments
    }
}

/// Why a race cannot be set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetupError {
    Threads { threads: u32 },
    Increments { increments: u32, max: u32 },
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetupError::Threads { threads } => {
                write!(f, "a race needs 2 to {MAX_RACE_THREADS} threads (got {threads})")
            }
            SetupError::Increments { increments, max } => {
                write!(f, "each thread makes 1 to {max} increments here (got {increments})")
            }
        }
    }
}

impl std::error::Error for SetupError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TypedParams;
    use crate::params::ParamValue;

    #[test]
    fn defaults_are_valid_and_every_bound_fits_the_fields() {
        let p = RaceParams::default();
        assert_eq!((p.threads, p.increments, p.step_increments), (2, 100_000, 1));
        assert_eq!(p.validated(), Ok(p));
        for spec in RaceParams::SPECS {
            let ParamKind::Int { min, max, .. } = spec.kind else { panic!("{}: not an integer", spec.key) };
            assert!(min >= 1 && max <= i64::from(u32::MAX), "{}", spec.key);
        }
        for v in Variant::ALL {
            assert!(p.run(v).is_ok() && p.stepping(v).is_ok());
        }
    }

    #[test]
    fn out_of_range_values_are_refused_with_a_message() {
        let mut v = RaceParams::default().to_values();
        v.insert(THREADS.key.into(), ParamValue::Int(9));
        v.insert(STEP_INCREMENTS.key.into(), ParamValue::Int(0));
        let (p, errors) = RaceParams::from_values(&v);
        assert_eq!((p.threads, p.step_increments), (2, 1));
        assert_eq!(errors[0].to_string(), "Threads must be between 2 and 8 (got 9)");
        assert_eq!(errors.len(), 2);
        let e = Race::new(1, 5, Variant::Plain).unwrap_err();
        assert_eq!(e.to_string(), "a race needs 2 to 8 threads (got 1)");
        assert!(Race::new(2, 0, Variant::Plain).is_err());
        assert!(Race::new(2, MAX_INCREMENTS + 1, Variant::Plain).is_err());
    }

    #[test]
    fn the_variant_key_and_the_seed_stay_out_of_the_parameters() {
        use crate::share::keys;
        assert_eq!(VARIANT.values, ["plain", "atomic", "mutex", "spinlock"]);
        let mut all: Vec<&str> = SPEC.params.iter().map(|p| p.key).collect();
        all.push(VARIANT.key);
        all.extend(keys::ALL);
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n);
    }
}
