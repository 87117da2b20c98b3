//! The race experiment page: threads adding one to a shared counter, stepped by hand in the
//! manner of The Deadlock Empire (a column per thread, its program with the next instruction
//! marked, its register), with undo, a search for a losing interleaving, and a simulated run of
//! many increments for every variant.
//!
//! - [`state`]: the page's `Reducible` state (the step machine, the search's answer, the
//!   simulated outcomes) and its link, which carries the schedule; tested natively.
//! - `page`: the view and the simulation's slices between frames; `why`: the explanation.
//!
//! The model (machine, schedule, search, simulation) is `interleave_experiments::race`.

mod page;
pub mod state;
mod why;

pub use page::RacePage;
