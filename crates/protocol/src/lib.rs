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

use interleave_experiments::event_loop::{EventLoopParams, WorkerRun};
use interleave_experiments::speedup::{SpeedupParams, SpeedupResult};
use serde::{Deserialize, Serialize};

/// Bumped whenever a message changes shape.
pub const PROTOCOL_VERSION: u32 = 1;

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
    /// The Mandelbrot job of the parallel-speedup experiment. With `live`, finished rows stream
    /// to the page while it runs; without, they all come after the timing has ended, so drawing
    /// them cannot take CPU time from the measured run.
    Mandelbrot { params: SpeedupParams, live: bool },
    /// The event-loop experiment's CPU job (its worker variant), on one pool thread.
    EventLoop(EventLoopParams),
    /// Panics inside a pool thread: the diagnostics page uses it to show that a crash is reported
    /// and the engine can be restarted.
    Panic,
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
    Finished { id: JobId, result: JobResult },
    Stopped { id: JobId },
    /// The job was refused or failed without harming the engine.
    Failed { id: JobId, message: String },
    /// A panic: the engine must be restarted.
    Crashed { message: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum JobResult {
    Mandelbrot(SpeedupResult),
    EventLoop(WorkerRun),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_through_json() {
        let r = Envelope::new(Request::Run {
            id: JobId(7),
            job: Job::Mandelbrot { params: SpeedupParams::default(), live: true },
        });
        let text = serde_json::to_string(&r).unwrap();
        assert!(text.contains("\"type\":\"run\""), "{text}");
        let back: Envelope<Request> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn event_loop_jobs_round_trip() {
        let r = Envelope::new(Request::Run { id: JobId(2), job: Job::EventLoop(EventLoopParams::default()) });
        let text = serde_json::to_string(&r).unwrap();
        assert!(text.contains(r#""kind":"event-loop""#), "{text}");
        assert_eq!(serde_json::from_str::<Envelope<Request>>(&text).unwrap(), r);
        let done = JobResult::EventLoop(WorkerRun { params: EventLoopParams::default(), compute_ms: 1.0, checksum: 3 });
        let text = serde_json::to_string(&done).unwrap();
        assert_eq!(serde_json::from_str::<JobResult>(&text).unwrap(), done);
    }

    #[test]
    fn other_versions_are_refused() {
        let e = Envelope { v: PROTOCOL_VERSION + 1, msg: Request::Stop { id: JobId(1) } };
        let err = e.open().unwrap_err();
        assert!(err.to_string().contains("reload the page"));
    }
}
