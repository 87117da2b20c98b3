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
//! Not yet in the catalog: the page comes first (a native test requires one for every catalog
//! entry). The simulated run's seed travels as the link's own `seed`, never as a parameter, and
//! an edited program under [`link::PROGRAM_KEY`].

pub mod interp;
pub mod link;
pub mod presets;
pub mod program;
pub mod wire;

use serde::{Deserialize, Serialize};

use crate::params::{ParamKind, ParamSpec};
use crate::spec::{ExperimentId, ExperimentSpec, Needs, SeedSection};
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

pub const PRESET: ParamSpec = ParamSpec {
    key: "preset",
    label: "Workload",
    unit: "",
    help: "The program the run starts from (an index into the presets); you can edit it.",
    kind: ParamKind::Int { min: 0, max: presets::PRESETS.len() as i64 - 1, default: 0, step: 1 },
};

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
    view_keys: &[],
    renamed: &[],
};

typed_params! {
    /// The validated parameters.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct GoSchedulerParams {
        pub gomaxprocs: u32 = GOMAXPROCS,
        pub preset: u32 = PRESET,
    }
}

impl GoSchedulerParams {
    /// The chosen preset.
    pub fn preset(&self) -> &'static presets::Preset {
        &presets::PRESETS[(self.preset as usize).min(presets::PRESETS.len() - 1)]
    }
}

#[cfg(test)]
mod tests;
