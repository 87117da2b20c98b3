//! The one place that names `std::sync` or `loom`.
//!
//! Every other module imports its atomics, locks and `Arc` from here, so that
//! `RUSTFLAGS="--cfg loom"` swaps the whole crate onto loom's model-checked
//! versions (the tokio habit). Capacities that loom would explode on are shrunk
//! next to their definitions with `cfg(loom)`.

#[cfg(not(loom))]
pub(crate) use std::sync::{
    Arc, Condvar, Mutex, MutexGuard,
    atomic::{AtomicBool, AtomicPtr, AtomicU32, AtomicU64, AtomicUsize, Ordering, fence},
};

#[cfg(loom)]
pub(crate) use loom::sync::{
    Arc, Condvar, Mutex, MutexGuard,
    atomic::{AtomicBool, AtomicPtr, AtomicU32, AtomicU64, AtomicUsize, Ordering, fence},
};

/// `Mutex::lock` that treats poisoning as a bug elsewhere already reported:
/// a panic inside a G is caught before it can poison scheduler locks, so a
/// poisoned lock only means a scheduler invariant already panicked.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    }
}

/// Spin hint; a no-op yield point under loom so the model can switch threads.
#[cfg_attr(loom, allow(dead_code, reason = "used by sched/, which loom does not build"))]
#[inline]
pub(crate) fn spin_loop() {
    #[cfg(loom)]
    loom::thread::yield_now();
    #[cfg(not(loom))]
    std::hint::spin_loop();
}
