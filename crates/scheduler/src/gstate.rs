//! A G's state word and its transitions between the M that polls it and
//! whoever wakes it (the state machine `g.rs` describes). The runtime
//! (`G::wake_ref`, `M::execute`, `M::run_g`) and the loom model
//! `loom_wake_during_poll` call these same functions: a G woken while it
//! is being polled is neither lost nor queued (and so run) twice.

use crate::sync::{AtomicU32, Ordering};

pub(crate) const IDLE: u32 = 0;
pub(crate) const RUNNABLE: u32 = 1;
pub(crate) const RUNNING: u32 = 2;
pub(crate) const NOTIFIED: u32 = 3;
pub(crate) const DONE: u32 = 4;
/// Being destroyed at shutdown (no M exists any more): wakes are ignored,
/// the JoinHandle still waits; `G::cancel` then drops the future and
/// moves it to DONE.
#[cfg_attr(loom, allow(dead_code, reason = "used by g.rs and sched/, which loom does not build"))]
pub(crate) const CANCELLED: u32 = 5;

/// Go: `ready`'s `casgstatus(_Gwaiting, _Grunnable)`. A parked G
/// (`IDLE`) becomes `RUNNABLE` and the caller must queue it (true); a G
/// being polled (`RUNNING`) becomes `NOTIFIED` and its M requeues it after
/// the poll; a G done or cancelled ignores the wake.
///
/// A G already queued (`RUNNABLE`, or `NOTIFIED`) is not queued again, but
/// the wake still writes its state (the same value, a Release CAS): the
/// poll that follows reads that write (`begin_poll`, `end_poll`), so it
/// sees what the waker wrote before waking. Returning without a write
/// would let that poll read stale data, return `Pending`, and park the G
/// with its wake-up spent (loom model `loom_wake_during_poll`).
pub(crate) fn wake(state: &AtomicU32) -> bool {
    // Acquire on load: pairs with the Release CAS RUNNING→IDLE in
    // `end_poll`, so the state we see is the one the M left.
    let mut s = state.load(Ordering::Acquire);
    loop {
        let next = match s {
            IDLE => RUNNABLE,
            RUNNING => NOTIFIED,
            RUNNABLE | NOTIFIED => s,
            _ => return false, // DONE, CANCELLED: gone
        };
        // AcqRel: the winner of IDLE→RUNNABLE owns the G and queues it;
        // Release publishes whatever the waker wrote for the G (a channel
        // value) to the M that polls it next.
        match state.compare_exchange(s, next, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => return s == IDLE,
            Err(actual) => s = actual,
        }
    }
}

/// Go: `execute`'s `casgstatus(_Grunnable, _Grunning)`: the M that took
/// the G from a queue starts polling it. Returns the previous state
/// (RUNNABLE; RUNNING or NOTIFIED only for a G its M holds across a
/// syscall).
pub(crate) fn begin_poll(state: &AtomicU32) -> u32 {
    // Acquire: pairs with the waker's Release CAS to RUNNABLE (the queue
    // push already synchronised us; this is belt and braces for NOTIFIED).
    state.swap(RUNNING, Ordering::Acquire)
}

/// What a poll that returned `Pending` leaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AfterPoll {
    /// The G is parked (`IDLE`): its next wake queues it.
    Parked,
    /// It was woken during the poll: it is `RUNNABLE` again and the M
    /// must queue it.
    Requeue,
}

/// After a `Pending` poll: park the G, unless a wake came during the poll.
/// Caller: the M that polled it.
pub(crate) fn end_poll(state: &AtomicU32) -> AfterPoll {
    // Release: pairs with wake's Acquire; publishes the future's state to
    // the M that polls it next. Acquire on failure: pairs with the wake's
    // Release CAS to NOTIFIED, so what the waker wrote before waking (the
    // value it sent) is visible to the poll that follows (the swap below,
    // a read-modify-write, also carries that Release on to `begin_poll`).
    match state.compare_exchange(RUNNING, IDLE, Ordering::Release, Ordering::Acquire) {
        Ok(_) => AfterPoll::Parked,
        Err(s) => {
            assert_eq!(s, NOTIFIED, "end_poll: G in unexpected state {s}");
            // A swap where a plain store would do (wakers only write
            // NOTIFIED over NOTIFIED now): loom does not keep a plain store
            // in the modification order that other threads' CASes saw
            // (tokio-rs/loom#282) and would report the next poll starting
            // on NOTIFIED. Relaxed: the M owns the G; the queue push
            // publishes it.
            let s = state.swap(RUNNABLE, Ordering::Relaxed);
            assert_eq!(s, NOTIFIED, "end_poll: G in unexpected state {s}");
            AfterPoll::Requeue
        }
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use crate::sync::{Arc, AtomicBool, Mutex, lock};
    use loom::cell::UnsafeCell;

    /// A G waiting for a value is polled by an M while another thread
    /// publishes the value and wakes it twice (a send, then a close), and
    /// a second M takes the G whenever it finds it queued: every wake-up
    /// the G needs is delivered — it completes, with the value — and it is
    /// never queued twice or polled by two Ms at once. The run queue is a
    /// locked counter of queued copies (the global queue: the waker runs
    /// outside any P); the future's state is a loom `UnsafeCell`, so two
    /// overlapping polls would also be a data race loom reports.
    #[test]
    fn loom_wake_during_poll() {
        struct G {
            state: AtomicU32,
            /// The future: has it seen the value?
            fut: UnsafeCell<bool>,
            value: AtomicBool,
            queued: Mutex<usize>,
            polling: AtomicBool,
        }
        /// An M: take the G from the queue and poll it, until the queue is
        /// empty. Returns whether the G completed.
        fn run(g: &G) -> bool {
            let mut done = false;
            loop {
                {
                    let mut q = lock(&g.queued);
                    if *q == 0 {
                        return done;
                    }
                    *q -= 1;
                }
                assert!(!done, "a finished G was queued again");
                let prev = begin_poll(&g.state);
                assert_eq!(prev, RUNNABLE, "polled a G that was not runnable");
                // Relaxed: a marker for overlapping polls.
                assert!(!g.polling.swap(true, Ordering::Relaxed), "two Ms poll the G at once");
                // The poll: ready once the value is there.
                // Relaxed: the wake and the queue order it (as a channel's lock).
                let ready = g.value.load(Ordering::Relaxed);
                // SAFETY: the `polling` check above: no other poll overlaps
                // (loom also checks the cell).
                g.fut.with_mut(|f| unsafe { *f = ready });
                g.polling.store(false, Ordering::Relaxed);
                if ready {
                    state_done(&g.state);
                    done = true;
                } else if end_poll(&g.state) == AfterPoll::Requeue {
                    queue(g);
                }
            }
        }
        fn queue(g: &G) {
            let mut q = lock(&g.queued);
            *q += 1;
            assert_eq!(*q, 1, "the G is queued twice");
        }
        fn state_done(s: &AtomicU32) {
            // Release: as G::complete.
            s.store(DONE, Ordering::Release);
        }
        loom::model(|| {
            let g = Arc::new(G {
                state: AtomicU32::new(RUNNABLE),
                fut: UnsafeCell::new(false),
                value: AtomicBool::new(false),
                queued: Mutex::new(1), // spawned: in the run queue
                polling: AtomicBool::new(false),
            });
            let g2 = g.clone();
            let waker = loom::thread::spawn(move || {
                // Relaxed: published by wake's Release CAS.
                g2.value.store(true, Ordering::Relaxed);
                // Woken twice (a send, then a close): the second wake
                // must not queue it again.
                for _ in 0..2 {
                    if wake(&g2.state) {
                        queue(&g2);
                    }
                }
            });
            // A second M takes the G from the queue if it finds it there.
            let g3 = g.clone();
            let m2 = loom::thread::spawn(move || run(&g3));
            let mut done = run(&g);
            waker.join().unwrap();
            done |= m2.join().unwrap();
            // An M picks up whatever is still queued.
            done |= run(&g);
            assert!(done, "lost wake-up: the G never saw the value (state {})", g.state.load(Ordering::Relaxed));
            // SAFETY: both threads are done with the G.
            assert!(g.fut.with(|f| unsafe { *f }), "the G finished without the value");
        });
    }
}
