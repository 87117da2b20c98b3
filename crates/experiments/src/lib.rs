//! What Interleave can run, described as data, and the pure kernels behind it.
//!
//! Every experiment is an [`ExperimentSpec`] ([`spec`]): an id, a title, the question it answers,
//! the section of the seed essay it comes from, and typed parameters with defaults and bounds
//! ([`ParamSpec`], a struct per experiment declared with [`typed_params!`]). The UI renders
//! controls from the specs, share links and embeds carry [`ParamValues`], and the engine turns
//! validated values back into a typed parameter struct before running anything.
//!
//! Nothing here knows about the browser: the kernels run the same natively (tests, benchmarks)
//! and in the engine worker.

pub mod export;
pub mod limits;
pub mod params;
pub mod registry;
pub mod share;
pub mod spec;

// The catalog: one line per experiment, in the order the catalog page shows them. Each names the
// experiment's module (`src/<module>/`), which defines its `SPEC`.
registry::catalog! {
    speedup,
    event_loop,
    task_queues,
    go_scheduler,
    race,
}

pub use limits::MAX_THREADS;
pub use params::{ParamError, ParamKind, ParamSpec, ParamValue, ParamValues, TypedParams};
pub use registry::find;
pub use spec::{EngineJob, ExperimentId, ExperimentSpec, Needs, SeedSection, ViewKey};
