//! Limits every experiment and the engine share.

/// The most threads any experiment (and the engine's pool) uses, whatever the machine reports.
/// The engine worker script reads it from the engine (`maxThreads()`), the page from here.
pub const MAX_THREADS: u32 = 16;
