//! The parallel-speedup experiment page: controls, the image drawn as rows arrive, the results
//! table, the speedup chart against Amdahl's law, and the explanation.
//!
//! `state` (what the page remembers, a `Reducible`) and `chart` (pure SVG geometry) are plain Rust
//! tested natively; `page` and `canvas` are the thin browser-facing parts, and `messages` runs the
//! image on plain workers that pass rows back (tier 2, no shared memory).

mod canvas;
pub mod chart;
mod messages;
mod page;
pub mod state;
mod why;

pub use page::SpeedupPage;
