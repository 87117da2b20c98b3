//! Go scheduler (G/M/P): workloads written as small Go-like programs, run as Gs on the real
//! M:N scheduler (`interleave-scheduler`), in its deterministic simulator or natively.
//!
//! - [`program`]: the language — lexer, parser (located [`program::ParseError`]s, every size
//!   bounded before a run) and the parsed [`program::Program`] with statement spans.
//! - [`interp`]: runs a program as Gs and records, beside the scheduler's trace, which
//!   statement each G is at ([`interp::Mark`]) so a page can highlight it while the timeline
//!   is scrubbed; a deadlock or a run error ends the run with a located reason.
//! - [`presets`]: the eight workloads the page starts from.
//! - [`link`]: a program in a share link.
//! - [`wire`]: a whole simulated run as compact bytes, for a worker to hand to the page.
//!
//! The simulated run's seed travels as the link's own `seed`, never as a parameter; the preset
//! as the view key [`PRESET`], and an edited program under the text key [`PROGRAM`].

pub mod interp;
pub mod link;
pub mod presets;
pub mod program;
pub mod wire;

use serde::{Deserialize, Serialize};

use crate::params::{ParamKind, ParamSpec};
use crate::spec::{ExperimentId, ExperimentSpec, Needs, SeedSection, TextKey, ViewKey};
use crate::typed_params;

pub const ID: ExperimentId = ExperimentId::new("go-scheduler");

/// The most Ps a simulated run may have.
pub const MAX_PROCS: u32 = 64;

pub const GOMAXPROCS: ParamSpec = ParamSpec {
    key: "gomaxprocs",
    label: "GOMAXPROCS",
    unit: "Ps",
    help: "How many Ps (logical processors) the scheduler has: at most this many goroutines run \
           at once. Ms (threads) may outnumber them while some are blocked in syscalls.",
    kind: ParamKind::Int { min: 1, max: MAX_PROCS as i64, default: 4, step: 1 },
};

/// The most goroutines `N` may ask for (the language's own bound on a run's goroutines).
pub const MAX_N: u32 = program::limits::MAX_GOROUTINES as u32;

pub const GOROUTINES: ParamSpec = ParamSpec {
    key: "n",
    label: "N (goroutines)",
    unit: "",
    help: "The number N in the program: the presets start about N goroutines (the pipeline sends N \
           values). Up to 1,000,000; large runs take a while to simulate.",
    kind: ParamKind::Int { min: 1, max: MAX_N as i64, default: 16, step: 1 },
};

/// The program the page starts from: a preset's id (an edited program travels under
/// [`link::PROGRAM_KEY`] beside it).
pub const PRESET: ViewKey = ViewKey { key: "preset", values: &presets::IDS };

/// An edited program in a link (see [`link`]).
pub const PROGRAM: TextKey = TextKey { key: link::PROGRAM_KEY, max_len: link::MAX_ENCODED };

pub const SPEC: ExperimentSpec = ExperimentSpec {
    id: ID,
    title: "Go scheduler (G/M/P)",
    question: "How does Go's scheduler spread goroutines over threads: run queues, stealing, \
               hand-off around blocking calls, and what a goroutine that never yields does?",
    seed: SeedSection { heading: "golang의 goroutine", english: "Go's goroutines" },
    params: GoSchedulerParams::SPECS,
    needs: Needs::Nothing,
    engine_job: false,
    simulated: true,
    view_keys: &[PRESET],
    text_keys: &[PROGRAM],
    renamed: &[],
};

typed_params! {
    /// The validated parameters.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct GoSchedulerParams {
        pub gomaxprocs: u32 = GOMAXPROCS,
        pub n: u32 = GOROUTINES,
    }
}

#[cfg(test)]
mod tests;
