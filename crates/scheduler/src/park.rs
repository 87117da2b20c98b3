//! Parking an idle M: the host's `Parker` and the native implementation.
//!
//! An idle M parks on its own parker; whoever hands it work (`startm`) sets
//! its `nextp` and then calls `unpark`. The parker keeps a **token**: an
//! `unpark` that lands before the `park` makes that `park` return at once, so
//! the window between "M registers itself idle" and "M blocks" cannot lose a
//! wake-up. (Go: `notesleep`/`notewakeup` on `m.park`.)
//!
//! States of `ThreadParker::state`:
//! `EMPTY` (no token, nobody parked) → `PARKED` (owner blocked in the
//! condvar) → `NOTIFIED` (token present) → `EMPTY` when the owner consumes it.

use crate::sync::{AtomicUsize, Condvar, Mutex, Ordering, lock};
use std::time::Duration;

/// How the host blocks and wakes an M. The simulator implements it without
/// blocking (it steps Ms explicitly); the native host blocks the OS thread;
/// a Web Worker host would use `Atomics.wait` in the worker.
pub trait Parker: Send + Sync {
    /// Block the calling M until `unpark` or the timeout. Called only by the
    /// M that owns this parker. May return spuriously.
    fn park(&self, timeout: Option<Duration>);
    /// Wake the owner, or leave a token so its next `park` returns at once.
    fn unpark(&self);
}

const EMPTY: usize = 0;
const PARKED: usize = 1;
const NOTIFIED: usize = 2;

/// Mutex + condvar parker with a token (the shape of std's generic parker).
#[derive(Default)]
pub struct ThreadParker {
    state: AtomicUsize,
    mutex: Mutex<()>,
    cv: Condvar,
}

impl ThreadParker {
    pub fn new() -> Self {
        ThreadParker { state: AtomicUsize::new(EMPTY), mutex: Mutex::new(()), cv: Condvar::new() }
    }
}

impl Parker for ThreadParker {
    fn park(&self, timeout: Option<Duration>) {
        // Acquire: pairs with the Release swap in unpark; what the waker wrote
        // before unpark (nextp, queued work) is visible after we return.
        if self.state.compare_exchange(NOTIFIED, EMPTY, Ordering::Acquire, Ordering::Relaxed).is_ok() {
            return;
        }
        let mut guard = lock(&self.mutex);
        // Relaxed on success: the mutex orders us with unpark's lock/unlock.
        // Acquire on the NOTIFIED failure path: pairs with unpark's Release.
        match self.state.compare_exchange(EMPTY, PARKED, Ordering::Relaxed, Ordering::Acquire) {
            Ok(_) => {}
            Err(NOTIFIED) => {
                // Acquire: consume the token, see above.
                self.state.swap(EMPTY, Ordering::Acquire);
                return;
            }
            Err(s) => panic!("ThreadParker::park: inconsistent state {s}"),
        }
        loop {
            guard = match timeout {
                None => match self.cv.wait(guard) {
                    Ok(g) => g,
                    Err(p) => p.into_inner(),
                },
                Some(d) => {
                    let (g, _timed_out) = match self.cv.wait_timeout(guard, d) {
                        Ok(r) => r,
                        Err(p) => p.into_inner(),
                    };
                    // Acquire: consume a token if one arrived meanwhile.
                    self.state.swap(EMPTY, Ordering::Acquire);
                    drop(g);
                    return;
                }
            };
            // Acquire: pairs with unpark's Release swap.
            if self.state.compare_exchange(NOTIFIED, EMPTY, Ordering::Acquire, Ordering::Relaxed).is_ok() {
                return;
            }
            // Spurious condvar wake-up: wait again.
        }
    }

    fn unpark(&self) {
        // Release: pairs with the Acquire in park; publishes everything the
        // waker did before (e.g. handing over a P).
        match self.state.swap(NOTIFIED, Ordering::Release) {
            EMPTY | NOTIFIED => return,
            PARKED => {}
            s => panic!("ThreadParker::unpark: inconsistent state {s}"),
        }
        // The parked thread holds the mutex between setting PARKED and
        // waiting; taking it here guarantees it is inside `wait` before we
        // notify, so the notification cannot fall into that gap.
        drop(lock(&self.mutex));
        self.cv.notify_one();
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn token_before_park() {
        let p = ThreadParker::new();
        p.unpark();
        p.park(None); // returns at once
        p.park(Some(Duration::from_millis(1))); // times out
    }

    #[test]
    fn cross_thread() {
        let p = Arc::new(ThreadParker::new());
        let q = p.clone();
        let t = std::thread::spawn(move || q.park(None));
        std::thread::sleep(Duration::from_millis(5));
        p.unpark();
        t.join().unwrap();
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use crate::sync::{AtomicBool, Arc};

    /// The waker publishes a flag then unparks; the parker must see the flag
    /// after `park` returns, whichever runs first, and never sleep forever.
    #[test]
    fn loom_park_unpark_no_lost_wakeup() {
        loom::model(|| {
            let p = Arc::new(ThreadParker::new());
            let flag = Arc::new(AtomicBool::new(false));
            let (p2, f2) = (p.clone(), flag.clone());
            let th = loom::thread::spawn(move || {
                // Relaxed: published by unpark's Release.
                f2.store(true, Ordering::Relaxed);
                p2.unpark();
            });
            // Relaxed: acquired through park's Acquire.
            while !flag.load(Ordering::Relaxed) {
                p.park(None);
            }
            th.join().unwrap();
        });
    }
}
