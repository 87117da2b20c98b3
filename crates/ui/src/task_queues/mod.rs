//! The task-queues experiment page: runs a scenario for real (`recorder.js`), then shows the
//! measured log beside a diagram of the call stack and queues that can be stepped through.
//!
//! The scenario, the diagram's steps and the spec check are pure Rust in
//! `interleave_experiments::task_queues`; `state` is a `Reducible` tested natively; `page` is
//! the view. `recorder.js` is JavaScript on purpose: see its header.

mod page;
pub mod state;
mod why;

pub use page::TaskQueuesPage;
