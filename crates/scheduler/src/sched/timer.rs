//! Timers: one heap of deadlines with their wakers; the earliest deadline
//! and the M parked until it live in `idle::TimerWait`. Go: time.go's
//! `addtimer` and proc.go's `checkTimers`.

use crate::idle::{NO_TIMER, TimerKick};
use crate::sync::{Arc, lock};
use std::collections::BinaryHeap;
use std::task::Waker;
use super::*;

pub(super) struct TimerEntry {
    at: u64,
    seq: u64,
    waker: Waker,
}
impl PartialEq for TimerEntry {
    fn eq(&self, o: &Self) -> bool {
        (self.at, self.seq) == (o.at, o.seq)
    }
}
impl Eq for TimerEntry {}
impl PartialOrd for TimerEntry {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for TimerEntry {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        (o.at, o.seq).cmp(&(self.at, self.seq)) // min-heap
    }
}

#[derive(Default)]
pub(super) struct Timers {
    pub(super) heap: BinaryHeap<TimerEntry>,
    seq: u64,
}

impl Sched {
    /// Add a timer that wakes `waker` at host time `at`. Go: `addtimer`.
    pub(crate) fn add_timer(self: &Arc<Sched>, at: u64, waker: Waker) {
        let kick = {
            let mut t = lock(&self.timers);
            t.seq += 1;
            let seq = t.seq;
            t.heap.push(TimerEntry { at, seq, waker });
            let new_min = at < self.timer.next();
            if new_min { self.timer.set_next(at, true) } else { TimerKick::Nothing }
        };
        match kick {
            TimerKick::Nothing => {}
            TimerKick::Unpark(w) => {
                let ms = lock(&self.lock).ms.get(w as usize).cloned();
                if let Some(ms) = ms {
                    ms.parker.unpark();
                }
            }
            TimerKick::Wakep => self.wakep(),
        }
    }

    /// Fire expired timers. Returns the next deadline (NO_TIMER if none).
    /// Go: `checkTimers`.
    pub(crate) fn run_timers(self: &Arc<Sched>) -> u64 {
        self.fire_timers().1
    }

    /// Fire every timer whose deadline is at or before the host clock's
    /// reading (a coarse clock reads the same value for a while: `<=`, so a
    /// timer due at that reading fires now, not a tick later). Returns how
    /// many fired and the next deadline (NO_TIMER if none). Any thread may
    /// call it: from outside an M (sysmon) the woken Gs go to the global
    /// queue.
    pub(crate) fn fire_timers(self: &Arc<Sched>) -> (usize, u64) {
        let next = self.timer.next();
        if next == NO_TIMER {
            return (0, NO_TIMER);
        }
        let now = self.now();
        if now < next {
            return (0, next);
        }
        let mut fired = Vec::new();
        let next = {
            let mut t = lock(&self.timers);
            while t.heap.peek().is_some_and(|e| e.at <= now) {
                fired.push(t.heap.pop().expect("peeked").waker);
            }
            let next = t.heap.peek().map_or(NO_TIMER, |e| e.at);
            self.timer.set_next(next, false);
            next
        };
        let n = fired.len();
        for w in fired {
            w.wake();
        }
        (n, next)
    }

    pub(crate) fn next_timer(&self) -> Option<u64> {
        let t = self.timer.next();
        (t != NO_TIMER).then_some(t)
    }
}
