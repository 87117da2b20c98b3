//! The event-loop experiment page: the same CPU job blocking the main thread, cut into chunks
//! that yield, and in the engine worker, with a live jank meter.
//!
//! `state` (a `Reducible`) and `strip` (the meter's chart geometry) are plain Rust tested
//! natively; the numbers come from `interleave_experiments::event_loop::jank`. `meter` (the
//! observers and painting), `yielding` (the three ways to yield), `runner` and `page` are the
//! thin browser-facing parts.

mod meter;
mod page;
mod runner;
pub mod state;
pub mod strip;
mod why;
mod yielding;

pub use page::EventLoopPage;
