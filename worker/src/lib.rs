//! The engine: the part of Interleave that runs on a pool of Web Workers sharing one wasm memory.
//!
//! It is built only with shared memory (`+atomics` and the linker flags in
//! `scripts/build-engine.sh`), loaded by `web/engine-worker.js` inside a dedicated module worker,
//! and never on the browser main thread: rayon's threads block with `Atomics.wait`, which the main
//! thread may not do.
//!
//! - [`job`] runs one experiment job on a rayon pool and publishes its progress through shared
//!   state; it is plain Rust and runs natively too (tests, benchmarks).
//! - `wasm` (wasm32 only) exposes the engine to the worker script: it decodes
//!   [`interleave_protocol::Request`]s, starts jobs with `rayon::spawn` so the worker's own thread
//!   stays free to receive `Stop`, and turns job state into [`interleave_protocol::Event`]s when the
//!   worker script polls.

pub mod cpu_job;
pub mod job;
pub mod panic_note;

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
