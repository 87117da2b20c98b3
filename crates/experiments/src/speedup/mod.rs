//! Parallel speedup: one CPU-bound job (a Mandelbrot image) on 1..N threads, measured against
//! Amdahl's law.
//!
//! The job is split into rows. A *serial fraction* `s` of the rows (spread evenly through the
//! image, so they cost about `s` of the total) is computed first by one thread; the rest is
//! shared by `threads` workers that take rows from a common counter. The image, and so its
//! checksum, is the same for every thread count.
//!
//! It runs two ways ([`Via`]): on the engine's threads sharing one memory (tier 1), or on plain
//! workers that pass rows back as messages (`messages`, what tier 2 can run).

pub mod amdahl;
pub mod mandelbrot;
pub mod messages;

use serde::{Deserialize, Serialize};

use crate::limits::MAX_THREADS;
use crate::params::{ParamKind, ParamSpec};
use crate::spec::{EngineJob, ExperimentId, ExperimentSpec, Needs, SeedSection, ViewKey, hex_u64};
use crate::typed_params;

pub const ID: ExperimentId = ExperimentId::new("parallel-speedup");

pub const SIZE: ParamSpec = ParamSpec {
    key: "size",
    label: "Image size",
    unit: "px",
    help: "Width and height of the image. Bigger images take longer and give steadier timings.",
    kind: ParamKind::Choice { options: &[256, 512, 1024, 2048], default: 1024 },
};
pub const ITERATIONS: ParamSpec = ParamSpec {
    key: "iterations",
    label: "Iterations",
    unit: "per pixel",
    help: "The most iterations per pixel; more means more work per row.",
    kind: ParamKind::Int { min: 16, max: 4096, default: 256, step: 16 },
};
pub const SERIAL_FRACTION: ParamSpec = ParamSpec {
    key: "serial",
    label: "Serial fraction",
    unit: "",
    help: "Share of the rows computed by one thread before the parallel phase (Amdahl's s).",
    kind: ParamKind::Float { min: 0.0, max: 0.9, default: 0.0, step: 0.05 },
};
pub const THREADS: ParamSpec = ParamSpec {
    key: "threads",
    label: "Threads",
    unit: "",
    help: "How many workers share the parallel phase (at most the machine's hardware threads).",
    kind: ParamKind::Int { min: 1, max: MAX_THREADS as i64, default: 2, step: 1 },
};

/// View key of share links: `live=1` draws rows while the job runs, `live=0` after it is timed.
pub const LIVE: ViewKey = ViewKey { key: "live", values: &["1", "0"] };
/// View key of share links: how the run is carried out, one of [`Via::KEYS`].
pub const VIA: ViewKey = ViewKey { key: "via", values: &Via::KEYS };

/// How a run is carried out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    /// The engine: rayon threads sharing one WebAssembly memory (tier 1 only).
    #[default]
    Engine,
    /// Plain Web Workers without shared memory, each computing its own rows and posting them
    /// back ([`messages`]).
    Messages,
}

impl Via {
    pub const ALL: [Via; 2] = [Via::Engine, Via::Messages];
    pub const KEYS: [&'static str; 2] = [Via::Engine.key(), Via::Messages.key()];

    /// Its value in share links and replays.
    pub const fn key(self) -> &'static str {
        match self {
            Via::Engine => "engine",
            Via::Messages => "messages",
        }
    }

    pub fn from_key(key: &str) -> Option<Via> {
        Via::ALL.into_iter().find(|v| v.key() == key)
    }

    /// What runs the job, in a few words.
    pub const fn label(self) -> &'static str {
        match self {
            Via::Engine => "threads sharing memory",
            Via::Messages => "workers passing messages",
        }
    }

    /// What one unit of parallelism is called in this mode.
    pub const fn unit(self, n: u32) -> &'static str {
        match (self, n) {
            (Via::Engine, 1) => "thread",
            (Via::Engine, _) => "threads",
            (Via::Messages, 1) => "worker",
            (Via::Messages, _) => "workers",
        }
    }
}

pub const SPEC: ExperimentSpec = ExperimentSpec {
    id: ID,
    title: "Parallel speedup",
    question: "How much faster does a CPU-bound job get with more threads, and what stops it?",
    seed: SeedSection { heading: "동시성과 병렬성", english: "Concurrency and parallelism" },
    params: SpeedupParams::SPECS,
    needs: Needs::SharedMemory,
    engine_job: true,
    simulated: false,
    view_keys: &[LIVE, VIA],
    text_keys: &[],
    renamed: &[],
};

typed_params! {
    /// The validated parameters of one run.
    #[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
    pub struct SpeedupParams {
        pub size: u32 = SIZE,
        pub iterations: u32 = ITERATIONS,
        pub serial_fraction: f64 = SERIAL_FRACTION,
        pub threads: u32 = THREADS,
    }
}

impl SpeedupParams {
    pub fn image(&self) -> mandelbrot::Image {
        mandelbrot::Image::new(self.size, self.size, self.iterations)
    }
}

/// What one run measured.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpeedupResult {
    pub params: SpeedupParams,
    /// Wall-clock time of the whole job, in milliseconds.
    pub total_ms: f64,
    /// Of which the serial phase, in milliseconds.
    pub serial_ms: f64,
    /// Checksum of the image; the same for every thread count. Travels as 16 hex digits because
    /// JavaScript numbers cannot hold every u64.
    #[serde(with = "hex_u64")]
    pub checksum: u64,
}

/// One recorded run: how it ran and what it measured. Replays packed before runs had a mode
/// carry only the result's fields; they read back as engine runs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpeedupRun {
    #[serde(default)]
    pub via: Via,
    #[serde(flatten)]
    pub result: SpeedupResult,
    /// Message-passing runs: from spawning the workers until all were ready (not in `total_ms`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup_ms: Option<f64>,
}

/// The engine job: the image on `params.threads` pool threads.
pub struct MandelbrotJob;

impl EngineJob for MandelbrotJob {
    const EXPERIMENT: ExperimentId = ID;
    type Input = MandelbrotInput;
    type Output = SpeedupResult;
}

/// What the page asks the engine for.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MandelbrotInput {
    pub params: SpeedupParams,
    /// Stream finished rows to the page while the job runs. Without it they all come after the
    /// timing has ended, so drawing them cannot take CPU time from the measured run.
    pub live: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TypedParams;
    use crate::params::ParamValue;

    #[test]
    fn defaults_match_the_issue() {
        let p = SpeedupParams::default();
        assert_eq!((p.size, p.iterations, p.serial_fraction), (1024, 256, 0.0));
        assert_eq!(p.validated(), Ok(p));
    }

    #[test]
    fn out_of_range_values_are_refused_with_a_message() {
        let mut v = SpeedupParams::default().to_values();
        v.insert(THREADS.key.into(), ParamValue::Int(999));
        let (p, errors) = SpeedupParams::from_values(&v);
        assert_eq!(p.threads, 2);
        assert_eq!(errors[0].to_string(), "Threads must be between 1 and 16 (got 999)");
        let bad = SpeedupParams { serial_fraction: 3.0, ..p };
        assert!(bad.validated().is_err());
    }

    #[test]
    fn checksum_travels_as_hex() {
        let r = SpeedupResult {
            params: SpeedupParams::default(),
            total_ms: 1.5,
            serial_ms: 0.0,
            checksum: u64::MAX - 1,
        };
        let text = serde_json::to_string(&r).unwrap();
        assert!(text.contains("\"checksum\":\"fffffffffffffffe\""), "{text}");
        assert_eq!(serde_json::from_str::<SpeedupResult>(&text).unwrap(), r);
    }

    #[test]
    fn a_run_records_its_mode_and_old_results_read_as_engine_runs() {
        let result = SpeedupResult { params: SpeedupParams::default(), total_ms: 2.0, serial_ms: 0.0, checksum: 7 };
        let run = SpeedupRun { via: Via::Messages, result, startup_ms: Some(3.5) };
        let text = serde_json::to_string(&run).unwrap();
        assert!(text.contains("\"via\":\"messages\"") && text.contains("\"checksum\":\"0000000000000007\""), "{text}");
        assert_eq!(serde_json::from_str::<SpeedupRun>(&text).unwrap(), run);
        let old = serde_json::to_string(&result).unwrap();
        let back = serde_json::from_str::<SpeedupRun>(&old).unwrap();
        assert_eq!(back, SpeedupRun { via: Via::Engine, result, startup_ms: None });
    }

    #[test]
    fn modes_have_link_keys_that_do_not_collide_with_the_links_own() {
        for v in Via::ALL {
            assert_eq!(Via::from_key(v.key()), Some(v));
        }
        assert_eq!(Via::from_key("threads"), None);
        assert!(!["v", "lang", "mode", "seed", "r"].contains(&VIA.key));
        assert!(SPEC.view_keys.contains(&VIA) && VIA.values == ["engine", "messages"]);
    }
}
