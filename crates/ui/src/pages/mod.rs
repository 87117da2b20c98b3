//! One component per route.

mod diagnostics;
mod experiment;
mod home;
mod not_found;

pub use diagnostics::Diagnostics;
pub use experiment::ExperimentPage;
pub use home::Home;
pub use not_found::NotFound;
