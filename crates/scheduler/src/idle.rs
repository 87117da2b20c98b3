//! The spinning / idle protocol's counters. Go: `sched.npidle`,
//! `sched.nmspinning`, `wakep`, `resetspinning` and the "Worker thread
//! parking/unparking" comment at the top of proc.go.
//!
//! ## The protocol (numbered as in the crate doc)
//! 1. A **producer** makes a G runnable (pushes it to a run queue), issues a
//!    `SeqCst` fence, then reads `npidle` and `nmspinning`
//!    ([`Idle::should_wake`]). It starts a new spinning M only if there is an
//!    idle P and **no** M is spinning; it claims the right to do so by CAS
//!    `nmspinning` 0 → 1, so at most one producer wakes an M at a time.
//! 2. A **spinning** M looks for work (local, global, steal). When it finds
//!    some it stops spinning ([`Idle::stop_spinning`]) and, if it was the last
//!    spinner, wakes another (step 1 again): work tends to come in bursts.
//! 3. An M that found nothing releases its P (`npidle += 1`), stops spinning,
//!    issues a `SeqCst` fence and then **re-checks every queue**. If it sees
//!    work it takes an idle P back and spins again; otherwise it parks.
//!
//! Steps 1 and 3 are the two halves of a Dekker handshake: each side stores
//! (work / idle counters), fences, then loads the other side's store. With
//! both fences `SeqCst`, at least one side sees the other: either the producer
//! sees the idle P and no spinner (and wakes an M), or the idling M sees the
//! work. Acquire/Release alone would allow both loads to read stale values
//! (store→load reordering), which is exactly the lost wake-up.
//! 4. Spinning Ms are bounded to half the busy Ps ([`Idle::may_spin`]), so a
//!    burst of idleness does not burn every CPU.

use crate::sync::{AtomicUsize, Mutex, Ordering, fence, lock};

/// Go: `m.nextp` together with the spinning flag `startm(spinning)` passes
/// to the M it wakes (Go sets `mp.spinning` and `mp.nextp` before
/// `notewakeup`, and the woken M reads both after it wakes).
///
/// The P and the flag travel **in one critical section**: an M that is
/// already awake (its timer deadline passed) may take `nextp` the moment it
/// appears, and if the flag were published after the P (a separate store),
/// that M could take the P, read "not spinning", and leave the flag raised
/// for nobody: one unit of `nmspinning` lost for good, and with it every
/// future `wakep` (loom model `loom_nextp_hands_spinning_with_the_p`).
pub(crate) struct NextP<P> {
    /// The P and whether it comes with one unit of `nmspinning`.
    slot: Mutex<Option<(P, bool)>>,
}

impl<P> NextP<P> {
    pub(crate) fn new(p: Option<P>, spinning: bool) -> Self {
        NextP { slot: Mutex::new(p.map(|p| (p, spinning))) }
    }

    /// startm: hand `p` (and, with `spinning`, one unit of `nmspinning`) to
    /// the M that owns this slot. Panics if the slot is full.
    #[track_caller]
    pub(crate) fn hand(&self, p: P, spinning: bool) {
        let old = lock(&self.slot).replace((p, spinning));
        assert!(old.is_none(), "NextP::hand: the M already had a nextp");
    }

    /// The owning M takes its P and whether it was started spinning (then it
    /// owns that unit of `nmspinning`).
    pub(crate) fn take(&self) -> Option<(P, bool)> {
        lock(&self.slot).take()
    }

    #[cfg_attr(loom, allow(dead_code, reason = "used by sched/, which loom does not build"))]
    pub(crate) fn is_some(&self) -> bool {
        lock(&self.slot).is_some()
    }
}

/// No timer pending.
pub(crate) const NO_TIMER: u64 = u64::MAX;
/// No M is the timer waiter.
pub(crate) const NO_WAITER: u32 = u32::MAX;

/// What `add_timer` must do after publishing a new earliest deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TimerKick {
    /// The deadline is not a new minimum: the waiter's deadline covers it.
    Nothing,
    /// Unpark the timer waiter M so it re-reads the deadline.
    Unpark(u32),
    /// No M waits for timers: `wakep` (sysmon is the backstop).
    Wakep,
}

/// The earliest timer deadline and the one idle M that parks with it as
/// its timeout (Go parks in `netpoll(delay)` for the next timer; sysmon
/// backs it up).
///
/// A Dekker handshake between `add_timer` (store a new minimum, then load
/// the waiter) and `stopm` (claim the waiter role, then load the minimum):
/// both sides store, `SeqCst`, then load, so at least one sees the other —
/// either the new timer's producer sees the waiter and unparks it, or the
/// waiter sees the new minimum and parks until it. Reading the minimum
/// before claiming (as `stopm` once did) lets a new, earlier timer wait
/// for the old deadline (loom model `loom_timer_waiter_sees_new_minimum`).
pub(crate) struct TimerWait {
    next: crate::sync::AtomicU64,
    waiter: crate::sync::AtomicU32,
}

impl TimerWait {
    pub(crate) fn new() -> Self {
        TimerWait { next: crate::sync::AtomicU64::new(NO_TIMER), waiter: crate::sync::AtomicU32::new(NO_WAITER) }
    }

    /// The earliest deadline, NO_TIMER if none.
    pub(crate) fn next(&self) -> u64 {
        // Relaxed: in `claim` the fence before it orders it (the load half
        // of stopm's handshake); elsewhere a hint whose staleness the
        // handshake and sysmon cover.
        self.next.load(Ordering::Relaxed)
    }

    /// Set the earliest deadline (the timers lock is held: the heap is the
    /// truth). For a new minimum, returns what the caller must do once it
    /// has released the timers lock.
    pub(crate) fn set_next(&self, at: u64, new_min: bool) -> TimerKick {
        // Relaxed store, then the SeqCst fence: the store half of
        // add_timer's handshake; the fence pairs with the one in `claim`.
        self.next.store(at, Ordering::Relaxed);
        if !new_min {
            return TimerKick::Nothing;
        }
        // SeqCst fence: store→load barrier (a fence, not SeqCst accesses:
        // the same shape as `Idle::should_wake`, and what loom models).
        fence(Ordering::SeqCst);
        // Relaxed: ordered by the fence above.
        match self.waiter.load(Ordering::Relaxed) {
            NO_WAITER => TimerKick::Wakep,
            w => TimerKick::Unpark(w),
        }
    }

    /// stopm: become the timer waiter if nobody is. Returns the deadline to
    /// park until (read **after** the claim), or None (park without one).
    pub(crate) fn claim(&self, m: u32) -> Option<u64> {
        // Relaxed CAS, then the SeqCst fence: the store half of stopm's
        // handshake; the fence pairs with the one in `set_next`.
        let mine = match self.waiter.compare_exchange(NO_WAITER, m, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => true,
            Err(w) => w == m,
        };
        if !mine {
            return None;
        }
        fence(Ordering::SeqCst);
        let next = self.next();
        if next == NO_TIMER {
            self.release(m);
            return None;
        }
        Some(next)
    }

    /// Give up the waiter role if `m` holds it (it woke to run Gs).
    pub(crate) fn release(&self, m: u32) {
        // Relaxed: giving up a role; a producer that still sees `m` unparks
        // it, which costs one spurious wake-up at worst.
        let _ = self.waiter.compare_exchange(m, NO_WAITER, Ordering::Relaxed, Ordering::Relaxed);
    }

    pub(crate) fn waiter(&self) -> u32 {
        // Relaxed: a hint for sysmon.
        self.waiter.load(Ordering::Relaxed)
    }
}

pub(crate) struct Idle {
    /// Go: `sched.npidle`. Changed under the scheduler lock together with
    /// the idle P list; read without it.
    npidle: AtomicUsize,
    /// Go: `sched.nmspinning`.
    nmspinning: AtomicUsize,
    nprocs: usize,
}

impl Idle {
    pub(crate) fn new(nprocs: usize) -> Self {
        Idle { npidle: AtomicUsize::new(0), nmspinning: AtomicUsize::new(0), nprocs }
    }

    pub(crate) fn npidle(&self) -> usize {
        // Relaxed: heuristic read (the fenced reads are in should_wake/stop_spinning_and_recheck).
        self.npidle.load(Ordering::Relaxed)
    }

    pub(crate) fn nmspinning(&self) -> usize {
        // Relaxed: heuristic read.
        self.nmspinning.load(Ordering::Relaxed)
    }

    /// Step 1 (producer side), after the work is published. Returns true if
    /// the caller won the right to start one spinning M (it then owns one
    /// unit of `nmspinning` and must call `startm(spinning)` or give the unit
    /// back with [`Idle::stop_spinning`]). Go: `wakep`.
    pub(crate) fn should_wake(&self) -> bool {
        // SeqCst fence: the store-load barrier of step 1; pairs with the
        // fence in `stop_spinning_idle` (see the module doc).
        fence(Ordering::SeqCst);
        // Relaxed: ordered by the fence above.
        if self.npidle.load(Ordering::Relaxed) == 0 || self.nmspinning.load(Ordering::Relaxed) != 0 {
            return false;
        }
        // AcqRel: claims the single "waker" role among concurrent producers.
        self.nmspinning.compare_exchange(0, 1, Ordering::AcqRel, Ordering::Relaxed).is_ok()
    }

    /// Step 4: may an M with a P start spinning? Go: the
    /// `2*nmspinning >= gomaxprocs-npidle` check in findRunnable.
    /// On true the caller owns one unit of `nmspinning`.
    pub(crate) fn try_spin(&self) -> bool {
        // Relaxed: a heuristic bound; correctness does not depend on it.
        let spinning = self.nmspinning.load(Ordering::Relaxed);
        let busy = self.nprocs.saturating_sub(self.npidle.load(Ordering::Relaxed));
        if 2 * spinning >= busy.max(1) {
            return false;
        }
        // Relaxed: a counter; the protocol's ordering comes from the fences.
        self.nmspinning.fetch_add(1, Ordering::Relaxed);
        true
    }

    /// Test helper: claim the waker role (CAS 0 → 1) regardless of idle Ps.
    #[cfg(loom)]
    pub(crate) fn should_wake_claim(&self) -> bool {
        // AcqRel: as in should_wake.
        self.nmspinning.compare_exchange(0, 1, Ordering::AcqRel, Ordering::Relaxed).is_ok()
    }

    /// Take a spinning unit unconditionally (a spinning M that re-acquired a
    /// P in step 3, or `startm(spinning)` that created one).
    pub(crate) fn add_spinning(&self) {
        // Relaxed: counter; see try_spin.
        self.nmspinning.fetch_add(1, Ordering::Relaxed);
    }

    /// Step 2: give back a spinning unit. Returns true if it was the last
    /// spinner (Go's resetspinning then calls wakep).
    #[track_caller]
    pub(crate) fn stop_spinning(&self) -> bool {
        // AcqRel: keeps the decrement ordered with the work we found / the
        // checks that follow; the real barrier is stop_spinning_idle's fence.
        let prev = self.nmspinning.fetch_sub(1, Ordering::AcqRel);
        assert!(prev > 0, "Idle::stop_spinning: nmspinning underflow");
        prev == 1
    }

    /// Step 3: a spinning M that already released its P stops spinning; after
    /// this returns the caller must re-check all queues.
    #[track_caller]
    pub(crate) fn stop_spinning_idle(&self) {
        self.stop_spinning();
        // SeqCst fence: store-load barrier of step 3; pairs with should_wake's.
        fence(Ordering::SeqCst);
    }

    /// A P went onto the idle list (caller holds the scheduler lock).
    pub(crate) fn p_put(&self) {
        // Release: pairs with the fenced Relaxed load in should_wake (the fence
        // there provides the ordering; Release keeps the P list write first).
        self.npidle.fetch_add(1, Ordering::Release);
        // SeqCst fence: step 3's barrier also covers an M that was not spinning.
        fence(Ordering::SeqCst);
    }

    /// A P left the idle list (caller holds the scheduler lock).
    pub(crate) fn p_get(&self) {
        // Relaxed: counter, protected by the scheduler lock for writers.
        let prev = self.npidle.fetch_sub(1, Ordering::Relaxed);
        assert!(prev > 0, "Idle::p_get: npidle underflow");
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use crate::sync::{Arc, AtomicUsize, Mutex, lock};

    /// The handshake of steps 1 and 3 with one P: an M that is spinning and
    /// about to go idle, and a producer publishing one G on another thread.
    /// In every interleaving, either the M's re-check sees the G, or the
    /// producer wins the right to wake an M **and** finds the idle P to hand
    /// over — never neither (that would be a lost wake-up).
    #[test]
    fn loom_spinning_idle_no_lost_wakeup() {
        loom::model(|| {
            let idle = Arc::new(Idle::new(1));
            let work = Arc::new(AtomicUsize::new(0));
            let pidle: Arc<Mutex<Vec<usize>>> = Arc::new(Mutex::new(Vec::new()));
            idle.add_spinning(); // the M is spinning and holds P0
            let (i2, w2, pl2) = (idle.clone(), work.clone(), pidle.clone());
            let producer = loom::thread::spawn(move || {
                // Release: the queue push (runqput's store-release of tail).
                w2.store(1, Ordering::Release);
                if !i2.should_wake() {
                    return false;
                }
                let mut l = lock(&pl2);
                match l.pop() {
                    Some(_) => {
                        i2.p_get();
                        true // startm(P, spinning): the G will be found
                    }
                    None => {
                        drop(l);
                        i2.stop_spinning();
                        false
                    }
                }
            });
            // The M: found nothing; release the P, stop spinning, re-check.
            {
                let mut l = lock(&pidle);
                l.push(0);
                idle.p_put();
            }
            idle.stop_spinning_idle();
            // Acquire: pairs with the producer's Release push.
            let seen = work.load(Ordering::Acquire) == 1;
            let woken = producer.join().unwrap();
            assert!(seen || woken, "lost wake-up: the M parks and nobody wakes it");
        });
    }

    /// The whole idle path of one M against one producer, with the parker:
    /// the M (spinning, holding the only P) finds nothing, releases the P,
    /// stops spinning, re-checks, maybe takes the P back, else registers as
    /// idle and parks; the producer publishes a G on the global queue and
    /// runs `wakep` → `startm` (idle P + idle M: hand over `nextp` under the
    /// scheduler lock, then unpark; idle P and no idle M: start a new M,
    /// which the producer plays). Mirrors `find_runnable`'s stop path,
    /// `stopm`, `startm` and `M::step` in sched/. The G runs exactly once,
    /// and a lost wake-up (the M parked for good with the G queued) is a
    /// deadlock, which loom reports. When the new M ran the G, it unparks the
    /// parked M with `done` set (as the runtime's shutdown), so that M's
    /// sleep is not mistaken for one.
    #[test]
    fn loom_idle_park_takes_p_back() {
        use crate::park::{Parker, ThreadParker};
        struct L {
            pidle: Vec<u8>,
            midle: Vec<u8>,
        }
        struct S {
            idle: Idle,
            /// The global run queue's length (`runqsize`).
            runq: AtomicUsize,
            ran: AtomicUsize,
            lock: Mutex<L>,
            nextp: Mutex<Option<u8>>,
            parker: ThreadParker,
            /// The G ran on the new M; set before unparking the old one.
            done: crate::sync::AtomicBool,
        }
        impl S {
            /// Take the G from the global queue (under the lock, as globrunqget).
            fn take_g(&self, _l: &L) -> bool {
                // Relaxed: under the scheduler lock, which the putter held.
                if self.runq.load(Ordering::Relaxed) == 1 {
                    self.runq.store(0, Ordering::Relaxed);
                    self.ran.fetch_add(1, Ordering::Relaxed);
                    return true;
                }
                false
            }
        }
        loom::model(|| {
            let s = Arc::new(S {
                idle: Idle::new(1),
                runq: AtomicUsize::new(0),
                ran: AtomicUsize::new(0),
                lock: Mutex::new(L { pidle: Vec::new(), midle: Vec::new() }),
                nextp: Mutex::new(None),
                parker: ThreadParker::new(),
                done: crate::sync::AtomicBool::new(false),
            });
            s.idle.add_spinning(); // the M spins holding P0
            let s2 = s.clone();
            let producer = loom::thread::spawn(move || {
                {
                    // globrunqput: under the lock.
                    let _l = lock(&s2.lock);
                        // Release: as globrunqput's runqsize update.
                    s2.runq.store(1, Ordering::Release);
                }
                if !s2.idle.should_wake() {
                    return;
                }
                // startm(None, spinning)
                let mut l = lock(&s2.lock);
                let Some(p) = l.pidle.pop() else {
                    drop(l);
                    s2.idle.stop_spinning();
                    return;
                };
                s2.idle.p_get();
                if l.midle.pop().is_some() {
                    *lock(&s2.nextp) = Some(p); // handed over under the lock
                    drop(l);
                    s2.parker.unpark();
                } else {
                    // A new M with P0: it runs the G (the producer plays it).
                    let took = s2.take_g(&l);
                    l.pidle.push(p);
                    s2.idle.p_put();
                    drop(l);
                    s2.idle.stop_spinning();
                    if took {
                        // Release: pairs with the M's Acquire load of `done`.
                        s2.done.store(true, Ordering::Release);
                        s2.parker.unpark();
                    }
                }
            });
            let s3 = s.clone();
            let m = loom::thread::spawn(move || {
                let mut have_p = true;
                let mut spinning = true;
                loop {
                    if have_p {
                        // find_runnable's stop path: last look under the lock,
                        // then release the P.
                        let mut l = lock(&s3.lock);
                        if s3.take_g(&l) {
                            drop(l);
                            if spinning {
                                s3.idle.stop_spinning();
                            }
                            return;
                        }
                        l.pidle.push(0);
                        s3.idle.p_put();
                        drop(l);
                        have_p = false;
                        if spinning {
                            spinning = false;
                            s3.idle.stop_spinning_idle();
                            // Acquire: as runqsize_hint; pairs with the put.
                            if s3.runq.load(Ordering::Acquire) > 0 {
                                let mut l = lock(&s3.lock);
                                if let Some(_p) = l.pidle.pop() {
                                    s3.idle.p_get();
                                    drop(l);
                                    s3.idle.add_spinning();
                                    have_p = true;
                                    spinning = true;
                                    continue;
                                }
                            }
                        }
                    }
                    // stopm
                    {
                        let mut l = lock(&s3.lock);
                        if lock(&s3.nextp).is_none() {
                            l.midle.push(0);
                        }
                    }
                    loop {
                        if lock(&s3.nextp).take().is_some() {
                            have_p = true;
                            break;
                        }
                        // Acquire: pairs with the new M's Release store.
                        if s3.done.load(Ordering::Acquire) {
                            return;
                        }
                        s3.parker.park(None);
                    }
                }
            });
            producer.join().unwrap();
            m.join().unwrap();
            // Relaxed: both threads joined.
            assert_eq!(s.ran.load(Ordering::Relaxed), 1, "the G ran {} times", s.ran.load(Ordering::Relaxed));
        });
    }

    /// startm hands an idle M its P and one unit of `nmspinning` while that
    /// M is awake in its step loop (its timer deadline passed) and takes
    /// `nextp` on its own. Whatever the interleaving, the unit must end up
    /// with the M that took the P, and be given back when it finds work:
    /// a unit left behind keeps `nmspinning` raised forever, after which
    /// `wakep` never wakes anyone (a hang).
    #[test]
    fn loom_nextp_hands_spinning_with_the_p() {
        loom::model(|| {
            let idle = Arc::new(Idle::new(2));
            let nextp: Arc<NextP<u8>> = Arc::new(NextP::new(None, false));
            let (i2, n2) = (idle.clone(), nextp.clone());
            let startm = loom::thread::spawn(move || {
                assert!(i2.should_wake_claim(), "nobody spins yet");
                n2.hand(1, true);
            });
            // The M, awake: polls its nextp until the P arrives.
            let spinning = loop {
                if let Some((_p, spinning)) = nextp.take() {
                    break spinning;
                }
                loom::thread::yield_now();
            };
            startm.join().unwrap();
            assert!(spinning, "the M took the P without the spinning unit that came with it");
            // It finds work: Go's resetspinning.
            idle.stop_spinning();
            assert_eq!(idle.nmspinning(), 0, "a spinning unit was lost");
        });
    }

    /// stopm (an M about to park, with an old earliest deadline of 100)
    /// against add_timer (a new earliest deadline of 50): in every
    /// interleaving either the M parks until 50 or the producer unparks it.
    #[test]
    fn loom_timer_waiter_sees_new_minimum() {
        loom::model(|| {
            let tw = Arc::new(TimerWait::new());
            tw.set_next(100, true);
            let t2 = tw.clone();
            let producer = loom::thread::spawn(move || t2.set_next(50, true));
            let deadline = tw.claim(0);
            let kick = producer.join().unwrap();
            assert!(
                deadline == Some(50) || kick == TimerKick::Unpark(0),
                "the new timer waits for the old deadline: M parks until {deadline:?}, producer did {kick:?}"
            );
        });
    }

    /// Spinning Ms stay bounded to half the busy Ps.
    #[test]
    fn loom_spinning_bound() {
        loom::model(|| {
            let idle = Arc::new(Idle::new(4));
            let i2 = idle.clone();
            let t = loom::thread::spawn(move || i2.try_spin());
            let a = idle.try_spin();
            let b = t.join().unwrap();
            // 4 busy Ps: at most 2 spinners, and the first always may spin.
            assert!(a || b);
            assert!(idle.nmspinning() <= 2);
        });
    }
}
