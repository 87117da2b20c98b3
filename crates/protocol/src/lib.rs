//! The messages between the UI (browser main thread) and the engine (a dedicated Web Worker).
//!
//! One versioned enum each way, serialised with serde (serde-wasm-bindgen on the wire, so byte
//! buffers cross as `Uint8Array`s):
//!
//! 1. The UI creates the engine worker; the engine answers [`Event::Ready`] (or
//!    [`Event::StartFailed`] with a reason a person can read).
//! 2. The UI sends [`Request::Run`] with a fresh [`JobId`]. The engine answers with any number of
//!    [`Event::Progress`], then exactly one of [`Event::Finished`], [`Event::Stopped`] or
//!    [`Event::Failed`] for that id. One job runs at a time; a second `Run` while one is running is
//!    refused with `Failed`.
//! 3. [`Request::Stop`] asks the running job to stop; the engine answers `Stopped` once every
//!    thread has left the job (within one row of work, far under 100 ms).
//! 4. A panic anywhere in the engine becomes [`Event::Crashed`]; the engine is then unusable and
//!    the UI terminates the worker and starts a new one.
//!
//! Every message carries [`PROTOCOL_VERSION`]; a message of another version is refused with a
//! clear error instead of being misread (the UI and engine are built together, so this only
//! catches stale caches).

use interleave_experiments::{EngineJob, ExperimentId};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Bumped whenever a message changes shape.
pub const PROTOCOL_VERSION: u32 = 2;

/// Identifies one job; chosen by the UI, unique per engine instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct JobId(pub u32);

/// A message with its protocol version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub v: u32,
    pub msg: T,
}

impl<T> Envelope<T> {
    pub fn new(msg: T) -> Self {
        Envelope { v: PROTOCOL_VERSION, msg }
    }

    /// The message, if it speaks our version.
    pub fn open(self) -> Result<T, VersionMismatch> {
        if self.v == PROTOCOL_VERSION {
            Ok(self.msg)
        } else {
            Err(VersionMismatch { got: self.v })
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VersionMismatch {
    pub got: u32,
}

impl std::fmt::Display for VersionMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the page and the engine are from different versions (protocol {} vs {}); reload the page",
            self.got, PROTOCOL_VERSION
        )
    }
}

/// What a job computes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Job {
    /// An experiment's engine job: `input` is its [`EngineJob::Input`], encoded. Build it with
    /// [`Job::of`]; the engine's job table picks the job by `experiment`.
    Experiment { experiment: ExperimentId, input: Payload },
    /// Panics inside a pool thread: the diagnostics page uses it to show that a crash is reported
    /// and the engine can be restarted.
    Panic,
}

impl Job {
    /// The engine job of experiment `J` with this input.
    pub fn of<J: EngineJob>(input: &J::Input) -> Job {
        Job::Experiment { experiment: J::EXPERIMENT, input: Payload::encode(input) }
    }
}

/// An experiment's typed job input or result, encoded as JSON text so that the protocol needs no
/// variant per experiment. Both ends know the type from the experiment's [`EngineJob`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Payload(String);

impl Payload {
    pub fn encode<T: Serialize>(value: &T) -> Payload {
        Payload(serde_json::to_string(value).expect("Payload::encode: job inputs and results serialise"))
    }

    /// The typed value; the error names what did not fit, for a `Failed` message.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_str(&self.0).map_err(|e| format!("unreadable job data: {e}"))
    }
}

/// UI → engine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Request {
    Run { id: JobId, job: Job },
    Stop { id: JobId },
}

/// A block of finished image rows, `rgba` holding `(y_end - y_start) * width * 4` bytes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rows {
    pub y_start: u32,
    pub y_end: u32,
    #[serde(with = "serde_bytes")]
    pub rgba: Vec<u8>,
}

/// Engine → UI.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Event {
    /// The engine is up with a pool of `threads` workers over shared memory.
    Ready { threads: u32, engine_version: String },
    /// The engine could not start; `reason` says why in plain words.
    StartFailed { reason: String },
    /// Work done so far: `done` of `total` units, plus newly finished rows in any order.
    Progress { id: JobId, done: u32, total: u32, rows: Vec<Rows> },
    /// The job's [`EngineJob::Output`], encoded.
    Finished { id: JobId, result: Payload },
    Stopped { id: JobId },
    /// The job was refused or failed without harming the engine.
    Failed { id: JobId, message: String },
    /// A panic: the engine must be restarted.
    Crashed { message: String },
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleave_experiments::event_loop::{EventLoopParams, WorkerJob, WorkerRun};
    use interleave_experiments::speedup::{MandelbrotInput, MandelbrotJob, SpeedupParams};

    impl Envelope<Request> {
        fn msg_job(self) -> Job {
            match self.msg {
                Request::Run { job, .. } => job,
                Request::Stop { .. } => panic!("not a run"),
            }
        }
    }

    #[test]
    fn messages_round_trip_through_json() {
        let input = MandelbrotInput { params: SpeedupParams::default(), live: true };
        let r = Envelope::new(Request::Run { id: JobId(7), job: Job::of::<MandelbrotJob>(&input) });
        let text = serde_json::to_string(&r).unwrap();
        assert!(text.contains("\"type\":\"run\""), "{text}");
        assert!(text.contains("\"experiment\":\"parallel-speedup\""), "{text}");
        let back: Envelope<Request> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, r);
        let Job::Experiment { experiment, input: payload } = back.msg_job() else { panic!("not an experiment job") };
        assert_eq!(experiment, MandelbrotJob::EXPERIMENT);
        assert_eq!(payload.decode::<MandelbrotInput>(), Ok(input));
    }

    #[test]
    fn results_round_trip_and_bad_payloads_are_errors() {
        let run = WorkerRun { params: EventLoopParams::default(), compute_ms: 1.0, checksum: 3 };
        let done = Event::Finished { id: JobId(2), result: Payload::encode(&run) };
        let text = serde_json::to_string(&done).unwrap();
        let Event::Finished { result, .. } = serde_json::from_str::<Event>(&text).unwrap() else { panic!() };
        assert_eq!(result.decode::<<WorkerJob as EngineJob>::Output>(), Ok(run));
        assert!(result.decode::<MandelbrotInput>().unwrap_err().starts_with("unreadable job data"));
    }

    #[test]
    fn unknown_experiments_are_refused_when_read() {
        let text = r#"{"v":2,"msg":{"type":"run","id":1,"job":{"kind":"experiment","experiment":"nope","input":"{}"}}}"#;
        let err = serde_json::from_str::<Envelope<Request>>(text).unwrap_err();
        assert!(err.to_string().contains("unknown experiment"), "{err}");
    }

    #[test]
    fn other_versions_are_refused() {
        let e = Envelope { v: PROTOCOL_VERSION + 1, msg: Request::Stop { id: JobId(1) } };
        let err = e.open().unwrap_err();
        assert!(err.to_string().contains("reload the page"));
    }
}
