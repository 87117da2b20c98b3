//! The page: a Yew app rendered on the browser main thread, built without atomics so it loads in
//! every browser, isolated or not.
//!
//! - [`platform`] reads what the browser gives (isolation, shared memory, cores) and names the tier.
//! - [`engine`] owns the engine worker: starts it, speaks `interleave_protocol`, restarts it.
//! - [`components`] are reusable views (status strip, parameter controls, progress bar).
//! - [`pages`] are routes (catalog, experiment, diagnostics); each experiment keeps its page,
//!   its state machine and its pure chart geometry in its own folder ([`speedup`]), listed once
//!   in [`PAGES`] ([`page_table`]).
//! - [`i18n`] is the two message catalogs (English, Korean), the language and its switcher.
//! - [`context`] is what every page reads (capabilities, engine); [`form`] and [`run_queue`] are
//!   the state every experiment page shares: its parameter form and its runs.

pub mod app;
pub mod clock;
pub mod components;
pub mod context;
pub mod engine;
pub mod export;
pub mod form;
pub mod i18n;
pub mod page_table;
pub mod pages;
pub mod platform;
pub mod route;
pub mod run_queue;
pub mod share;
#[cfg(test)]
mod test_support;

// The experiment pages: one line per experiment, `<module> => <page component> if "<id>"`. The
// module (`src/<module>/`) is named like the experiment's module in `interleave-experiments`;
// the page is compiled with the crate feature named by the experiment's id (Cargo.toml).
page_table::experiment_pages! {
    speedup => SpeedupPage if "parallel-speedup",
    event_loop => EventLoopPage if "event-loop",
    task_queues => TaskQueuesPage if "task-queues",
    go_scheduler => GoSchedulerPage if "go-scheduler",
    race => RacePage if "race",
}

pub use app::App;

/// Replaces the loading message in `#app` with the app.
pub fn start() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .expect_throw("start: index.html has an #app element");
    root.set_inner_html("");
    yew::Renderer::<App>::with_root(root).render();
}

use wasm_bindgen::UnwrapThrowExt;
