//! The page's side of the engine: one dedicated module worker (`engine-worker.js`) that loads the
//! threaded engine and its rayon pool. The main thread only posts messages and reacts to events;
//! it never waits.
//!
//! Lifecycle: `NotStarted → Starting → Ready`, or `→ Failed` (could not load; a reason is shown),
//! or `Ready → Crashed` (a panic; the page offers Restart, which terminates the worker and starts
//! a fresh one). Without shared memory the engine is `Unavailable` and never started.

mod client;
mod status;

pub use client::{EngineHandle, JobListener};
pub use status::EngineStatus;
