//! The engine: the part of Interleave that runs on a pool of Web Workers sharing one wasm memory.
//!
//! It is built only with shared memory (`+atomics` and the linker flags in
//! `scripts/build-engine.sh`), loaded by `web/engine-worker.js` inside a dedicated module worker,
//! and never on the browser main thread: rayon's threads block with `Atomics.wait`, which the main
//! thread may not do.
//!
//! - [`runner`] is what every job has in common: the traits a job implements ([`runner::Drive`]
//!   for the state it shares with the pool, [`runner::PoolJob`] for the engine thread's view), and
//!   the one generic runner that starts any job with `rayon::spawn` and turns what it publishes
//!   into [`interleave_protocol::Event`]s.
//! - [`jobs`] holds one file per experiment that runs in the engine (`jobs/<module>.rs`, named like
//!   the experiment's module) and the table from experiment id to job. All of it is plain Rust and
//!   runs natively too (tests, benchmarks).
//! - `wasm` (wasm32 only) exposes the engine to the worker script: it decodes
//!   [`interleave_protocol::Request`]s, looks the job up in the table, holds the one running job
//!   and polls it when the worker script asks.
//! - [`panic_note`] keeps the first panic's message, so a panic (which aborts in wasm) still
//!   reaches the page as `Crashed`.

pub mod jobs;
pub mod panic_note;
pub mod runner;

#[cfg(target_arch = "wasm32")]
mod wasm;

/// `initThreadPool(n)` for the worker script: wasm-bindgen-rayon spawns the pool's workers.
#[cfg(target_arch = "wasm32")]
pub use wasm_bindgen_rayon::init_thread_pool;

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
compile_error!(
    "the engine needs shared memory: build it with scripts/build-engine.sh \
     (RUSTFLAGS with +atomics and -Z build-std), not a plain wasm32 build"
);

/// The engine's version, shown on the page and carried in `Ready`.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg(test)]
mod tests {
    /// The worker script's own copy of the protocol version (for a start that fails before the
    /// engine is loaded) must be the crate's.
    #[test]
    fn the_worker_scripts_fallback_protocol_version_is_the_crates() {
        let script = include_str!("../../web/engine-worker.js");
        let line = format!("let protocol = {};", interleave_protocol::PROTOCOL_VERSION);
        assert!(script.contains(&line), "web/engine-worker.js: expected `{line}`");
    }
}
