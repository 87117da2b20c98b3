//! The Go-scheduler experiment's timeline, as pure geometry (the page, its canvas and its input
//! handling land later; nothing here draws or touches the DOM, and all of it is tested natively).
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

pub mod hit;
pub mod lod;
pub mod sim_worker;
pub mod palette;
pub mod timeline;
pub mod viewport;

#[cfg(test)]
mod tests;
