//! The Go-scheduler experiment page: a program a person picks or edits, run as goroutines on
//! the M:N scheduler in the deterministic simulator, off the main thread ([`sim_worker`]), and
//! drawn as a `go tool trace`-style timeline.
//!
//! - [`state`]: the page's `Reducible` state (program, parse result, GOMAXPROCS, seed, runs,
//!   the scrubbed time) and its link; tested natively.
//! - `page`: the view; `timeline_view`: the canvas and its input; [`draw`]: painting one frame;
//!   `why`: the explanation.
//!
//! The timeline's geometry is pure and tested natively (nothing below draws or touches the DOM):
//!
//! In the manner of `go tool trace` and gotraceui: a lane per P and per M, G slices in a stable
//! colour per G, markers for steals, hand-offs, syscalls and M parks, and counters for the
//! runnable Gs and every run queue.
//!
//! 1. [`timeline`] builds, once per trace, the index everything else reads: per-lane slices sorted
//!    by start, with prefix sums and a range-maximum tree, per-lane markers by kind, and the
//!    counters as step functions, all derived from an `interleave_scheduler::trace::Trace`.
//! 2. [`viewport`] is the window of time on screen and how wheel, pinch, drag and the W/A/S/D keys
//!    move it (pure functions, clamped to the trace).
//! 3. [`lod`] turns a lane and a viewport into a draw list whose length is bounded by the width
//!    in pixels, however many events there are: slices narrower than a pixel are merged.
//! 4. [`hit`] answers "what is under this pixel", consistently with what [`lod`] draws.
//! 5. [`palette`] gives every G the same colour-blind-safe colour everywhere.
//!
//! Rejected: *a DOM or SVG node per slice* (a 1,000,000-event trace would not scroll);
//! *re-scanning the events on every frame* (a full zoom-out touches every event: the indexes make
//! a frame cost O(width × lanes × log events)).

pub mod draw;
pub mod hit;
pub mod lod;
mod page;
pub mod palette;
mod queues_view;
pub mod sim_worker;
pub mod state;
pub mod timeline;
mod timeline_view;
pub mod viewport;
mod why;

pub use page::GoSchedulerPage;

#[cfg(test)]
mod tests;
