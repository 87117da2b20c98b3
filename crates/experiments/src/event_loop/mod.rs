//! Event loop: the same CPU job run three ways — blocking the main thread, cut into chunks that
//! yield back to the event loop, and in the engine worker — while a jank meter watches the page.
//!
//! - [`kernel`] is the job itself (pure arithmetic, the same code on the main thread and in the
//!   engine worker).
//! - [`jank`] turns what the meter saw (animation frames, a timer heartbeat, long tasks, input
//!   events, the job's own synchronous slices) into the numbers of the results table.

pub mod jank;
pub mod kernel;

use serde::{Deserialize, Serialize};

use crate::params::{ParamKind, ParamSpec};
use crate::spec::{EngineJob, ExperimentId, ExperimentSpec, Needs, SeedSection, hex_u64};
use crate::typed_params;

pub const ID: ExperimentId = ExperimentId::new("event-loop");

pub const UNITS: ParamSpec = ParamSpec {
    key: "units",
    label: "Job size",
    unit: "units",
    help: "How many equal work units the job has. A unit is a fixed amount of arithmetic, so its \
           time depends on the machine: the page measures one unit here and shows the job's \
           expected length below. The default blocks a laptop's page for a second or two.",
    kind: ParamKind::Int { min: 20, max: 10_000, default: 1_200, step: 20 },
};
pub const CHUNK: ParamSpec = ParamSpec {
    key: "chunk",
    label: "Chunk size",
    unit: "units per chunk",
    help: "For the chunked variants: how many units run before yielding to the event loop. \
           Smaller chunks keep the page smoother but pay for more yields.",
    kind: ParamKind::Int { min: 1, max: 500, default: 5, step: 1 },
};

pub const SPEC: ExperimentSpec = ExperimentSpec {
    id: ID,
    title: "Event loop",
    question: "Why does a busy loop freeze the page, and what do yielding and a worker change?",
    seed: SeedSection { heading: "event-loop 모델", english: "The event-loop model" },
    params: EventLoopParams::SPECS,
    needs: Needs::Nothing,
    engine_job: true,
    simulated: false,
    view_keys: &[],
    text_keys: &[],
    renamed: &[],
};

typed_params! {
    /// The validated parameters of one run.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct EventLoopParams {
        pub units: u32 = UNITS,
        pub chunk: u32 = CHUNK,
    }
}

impl EventLoopParams {
    /// The chunks of the chunked variants: `start..end` ranges covering `0..units` in order.
    pub fn chunks(&self) -> impl Iterator<Item = (u32, u32)> + use<> {
        let (units, chunk) = (self.units, self.chunk.max(1));
        (0..units).step_by(chunk as usize).map(move |s| (s, (s + chunk).min(units)))
    }
}

/// How a chunked run gives the event loop a turn between chunks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum YieldWith {
    /// `setTimeout(resume, 0)`: a timer task. Nested timers are clamped to ≥ 4 ms by the HTML
    /// spec after five levels, so this wastes time between chunks.
    Timeout,
    /// `port.postMessage()` on a `MessageChannel`: a task with no clamp.
    MessageChannel,
    /// `await scheduler.yield()` (Prioritized Task Scheduling): the continuation goes ahead of
    /// other tasks of the same priority, so the job loses less time while input still gets in.
    SchedulerYield,
}

/// One way of running the job.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// The whole job in one synchronous call on the main thread.
    Blocking,
    /// On the main thread, `chunk` units at a time, yielding between chunks.
    Chunked(YieldWith),
    /// In the engine worker; the main thread only receives progress messages.
    Worker,
}

impl Variant {
    /// Every variant, in the order the page lists and "Run all" runs them.
    pub const ALL: [Variant; 5] = [
        Variant::Blocking,
        Variant::Chunked(YieldWith::Timeout),
        Variant::Chunked(YieldWith::MessageChannel),
        Variant::Chunked(YieldWith::SchedulerYield),
        Variant::Worker,
    ];

    /// Stable id for tests and links.
    pub fn id(self) -> &'static str {
        match self {
            Variant::Blocking => "blocking",
            Variant::Chunked(YieldWith::Timeout) => "chunked-timeout",
            Variant::Chunked(YieldWith::MessageChannel) => "chunked-message",
            Variant::Chunked(YieldWith::SchedulerYield) => "chunked-scheduler-yield",
            Variant::Worker => "worker",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Variant::Blocking => "Blocking",
            Variant::Chunked(YieldWith::Timeout) => "Chunks + setTimeout(0)",
            Variant::Chunked(YieldWith::MessageChannel) => "Chunks + MessageChannel",
            Variant::Chunked(YieldWith::SchedulerYield) => "Chunks + scheduler.yield()",
            Variant::Worker => "Worker",
        }
    }

    /// Where the job's arithmetic runs.
    pub fn on_main_thread(self) -> bool {
        !matches!(self, Variant::Worker)
    }
}

/// What one run measured.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventLoopResult {
    pub variant: Variant,
    pub params: EventLoopParams,
    /// From pressing Run to the result being back on the main thread, in ms.
    pub total_ms: f64,
    /// Time spent in the arithmetic itself (the sum of the slices, or the worker's own clock).
    pub compute_ms: f64,
    /// How many times the job gave the event loop a turn.
    pub yields: u32,
    pub checksum: u64,
    pub jank: jank::Jank,
}

/// What the engine worker reports for the worker variant (the page adds the jank numbers).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkerRun {
    pub params: EventLoopParams,
    /// The arithmetic's time on the worker's own clock, in ms.
    pub compute_ms: f64,
    /// Travels as 16 hex digits: JavaScript numbers cannot hold every u64.
    #[serde(with = "hex_u64")]
    pub checksum: u64,
}

/// The worker variant's engine job: the same units on one pool thread.
pub struct WorkerJob;

impl EngineJob for WorkerJob {
    const EXPERIMENT: ExperimentId = ID;
    type Input = EventLoopParams;
    type Output = WorkerRun;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TypedParams;
    use crate::params::ParamValue;

    #[test]
    fn worker_run_checksum_travels_as_hex() {
        let r = WorkerRun { params: EventLoopParams::default(), compute_ms: 2.5, checksum: u64::MAX };
        let text = serde_json::to_string(&r).unwrap();
        assert!(text.contains(r#""checksum":"ffffffffffffffff""#), "{text}");
        assert_eq!(serde_json::from_str::<WorkerRun>(&text).unwrap(), r);
    }

    #[test]
    fn defaults_are_valid_and_round_trip() {
        let p = EventLoopParams::default();
        assert_eq!((p.units, p.chunk), (1_200, 5));
        assert_eq!(p.validated(), Ok(p));
        assert_eq!(EventLoopParams::from_values(&p.to_values()).0, p);
    }

    #[test]
    fn out_of_range_values_are_refused_with_a_message() {
        let mut v = EventLoopParams::default().to_values();
        v.insert(UNITS.key.into(), ParamValue::Int(1_000_000));
        let (p, errors) = EventLoopParams::from_values(&v);
        assert_eq!(p.units, 1_200);
        assert_eq!(errors[0].to_string(), "Job size must be between 20 and 10000 (got 1000000)");
        assert!(EventLoopParams { units: 5, chunk: 1 }.validated().is_err());
        assert!(EventLoopParams { units: 100, chunk: 0 }.validated().is_err());
    }

    #[test]
    fn chunks_cover_the_job_in_order() {
        let p = EventLoopParams { units: 23, chunk: 5 };
        let c: Vec<_> = p.chunks().collect();
        assert_eq!(c, vec![(0, 5), (5, 10), (10, 15), (15, 20), (20, 23)]);
        let one = EventLoopParams { units: 20, chunk: 500 };
        assert_eq!(one.chunks().collect::<Vec<_>>(), vec![(0, 20)]);
    }

    #[test]
    fn variant_ids_are_unique_and_serialise_kebab_case() {
        for (i, v) in Variant::ALL.iter().enumerate() {
            assert!(Variant::ALL[i + 1..].iter().all(|o| o.id() != v.id()));
        }
        let text = serde_json::to_string(&Variant::Chunked(YieldWith::MessageChannel)).unwrap();
        assert_eq!(text, r#"{"chunked":"message-channel"}"#);
    }
}
