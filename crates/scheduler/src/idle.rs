//! The spinning / idle protocol's counters, and its steps on the idle P
//! and M lists. Go: `sched.npidle`, `sched.nmspinning`, `wakep`,
//! `resetspinning`, `startm`, `stopm` and the "Worker thread
//! parking/unparking" comment at the top of proc.go. The runtime's M loop
//! (`sched/`) calls these functions; the loom models below call the same
//! ones with a P or two (`IdleLists`).
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
/// future `wakep` (loom model `loom_startm_stopm_handoff`).
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

    pub(crate) fn is_some(&self) -> bool {
        lock(&self.slot).is_some()
    }
}

/// Go: `sched.midle`: the Ms parked in `stopm`, and whether each M is on
/// the list (an M awake past its timer deadline may call `stopm` again).
#[derive(Default)]
pub(crate) struct MIdle {
    list: Vec<u32>,
    on: Vec<bool>,
}

impl MIdle {
    /// A new M (it starts busy, not on the list).
    pub(crate) fn add_m(&mut self) {
        self.on.push(false);
    }
}

/// What the idle protocol keeps under `sched.lock`: the idle P list, the
/// idle M list, and each M's `nextp`. The runtime's `sched::Locked`
/// implements it; the loom models implement it for a P or two, so they
/// run the same `startm_locked`, `mput` and `pidleget` the runtime runs.
pub(crate) trait IdleLists<P> {
    /// Go: `sched.pidle`.
    fn pidle(&mut self) -> &mut Vec<P>;
    /// Go: `sched.midle`.
    fn midle(&mut self) -> &mut MIdle;
    /// M `m`'s `nextp`.
    fn nextp(&self, m: u32) -> &NextP<P>;
}

/// Go: `pidleput`'s list half. Caller holds `sched.lock`.
pub(crate) fn pidleput<P>(l: &mut impl IdleLists<P>, idle: &Idle, p: P) {
    l.pidle().push(p);
    idle.p_put();
}

/// Go: `pidleget`. Caller holds `sched.lock`.
pub(crate) fn pidleget<P>(l: &mut impl IdleLists<P>, idle: &Idle) -> Option<P> {
    let p = l.pidle().pop();
    if p.is_some() {
        idle.p_get();
    }
    p
}

/// What `startm_locked` decided; the caller acts on it after releasing
/// `sched.lock`.
#[derive(Debug)]
pub(crate) enum StartM<P> {
    /// The P and the spinning unit are in M `m`'s `nextp`: unpark it.
    Handed { m: u32 },
    /// No idle M: start a new one with this P (or give it back).
    NoM(P),
    /// No idle P to run: nothing starts; the spinning unit was given back.
    NoP,
}

/// Go: `startm`'s part under `sched.lock`: take `p` (or an idle P), and
/// an idle M to run it, and hand that M the P **and** the spinning unit
/// in its `nextp` before the lock is released. `ready` sees the P just
/// before it is handed over. An M awake in `stopm` (its timer deadline
/// passed) then sees, under the same lock, either itself on the idle list
/// or its `nextp` full — never neither, or it would register again and a
/// second `startm` could hand it a second P.
pub(crate) fn startm_locked<P>(
    l: &mut impl IdleLists<P>,
    idle: &Idle,
    p: Option<P>,
    spinning: bool,
    ready: impl FnOnce(&mut P),
) -> StartM<P> {
    let Some(mut p) = p.or_else(|| pidleget(l, idle)) else {
        if spinning {
            idle.stop_spinning();
        }
        return StartM::NoP;
    };
    ready(&mut p);
    let Some(m) = l.midle().list.pop() else {
        return StartM::NoM(p);
    };
    l.midle().on[m as usize] = false;
    l.nextp(m).hand(p, spinning);
    StartM::Handed { m }
}

/// Go: `stopm`'s `mput`, under `sched.lock`: put M `m` on the idle list
/// (once), unless `startm` already handed it a P — then it must not park
/// but take the P from its `nextp` (returns false).
pub(crate) fn mput<P>(l: &mut impl IdleLists<P>, m: u32) -> bool {
    if l.nextp(m).is_some() {
        return false;
    }
    let midle = l.midle();
    if !midle.on[m as usize] {
        midle.on[m as usize] = true;
        midle.list.push(m);
    }
    true
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

    #[cfg_attr(loom, allow(dead_code, reason = "used by sched/, which loom does not build"))]
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
    ///
    /// The check and the increment are one CAS, so Ms that ask at the
    /// same time cannot all pass on the same count and overshoot the bound
    /// (Go's load-then-add can; loom model `loom_spinning_bound`).
    pub(crate) fn try_spin(&self) -> bool {
        // Relaxed: a counter; the protocol's ordering comes from the fences.
        let mut spinning = self.nmspinning.load(Ordering::Relaxed);
        loop {
            // Relaxed: idle Ps are a heuristic input to the bound.
            let busy = self.nprocs.saturating_sub(self.npidle.load(Ordering::Relaxed));
            if 2 * spinning >= busy.max(1) {
                return false;
            }
            // Relaxed: as above; the CAS makes the check and the unit one step.
            match self.nmspinning.compare_exchange(spinning, spinning + 1, Ordering::Relaxed, Ordering::Relaxed) {
                Ok(_) => return true,
                Err(now) => spinning = now,
            }
        }
    }

    /// Step 3 for a spinning M that has just put its P on the idle list:
    /// stop spinning, fence, re-check every queue (`work`), and if there
    /// is work take an idle P back (`pidleget`) and spin again — the caller
    /// then owns a spinning unit again. `None`: park. Go: findRunnable
    /// after `stop:`'s `releasep` (the `wasSpinning` re-check).
    pub(crate) fn stop_spinning_recheck<P>(&self, work: impl FnOnce() -> bool, pidleget: impl FnOnce() -> Option<P>) -> Option<P> {
        self.stop_spinning_idle();
        if !work() {
            return None;
        }
        let p = pidleget()?;
        self.add_spinning();
        Some(p)
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

    /// `sched.lock`'s contents in the models: the global run queue's
    /// length and the idle lists, Ps numbered as `u8`s. Each M's `nextp`
    /// lives outside the lock, as in the runtime's `MShared`.
    struct Lists {
        runq: usize,
        pidle: Vec<u8>,
        midle: MIdle,
        nextp: Vec<Arc<NextP<u8>>>,
    }

    impl IdleLists<u8> for Lists {
        fn pidle(&mut self) -> &mut Vec<u8> {
            &mut self.pidle
        }
        fn midle(&mut self) -> &mut MIdle {
            &mut self.midle
        }
        fn nextp(&self, m: u32) -> &NextP<u8> {
            &self.nextp[m as usize]
        }
    }

    impl Lists {
        /// `ms` Ms (none idle), no idle P, an empty global queue.
        fn new(ms: usize) -> Self {
            let mut midle = MIdle::default();
            for _ in 0..ms {
                midle.add_m();
            }
            Lists { runq: 0, pidle: Vec::new(), midle, nextp: (0..ms).map(|_| Arc::new(NextP::new(None, false))).collect() }
        }
    }

    /// The real idle path of one M against a producer that runs the real
    /// wake path, one P. The M spins holding P0 and finds nothing: the
    /// `stop:` path (last look at the global queue under the lock,
    /// `pidleput`), protocol step 3 (`Idle::stop_spinning_recheck`: stop
    /// spinning, fence, re-check, take the P back), then `stopm`
    /// (`mput`, park on the real `ThreadParker`) and, woken, `M::step`'s
    /// `NextP::take`. The producer puts a G on the global queue and runs
    /// `wakep`: `Idle::should_wake`, then `startm_locked` under the lock
    /// (idle P + idle M: the P and the spinning unit go into the M's
    /// nextp, then unpark; idle P and no idle M: a new M, which the
    /// producer plays: it takes the G, stops spinning, gives the P back).
    /// The G runs exactly once, and a lost wake-up (the M parked for good
    /// with the G queued) is a deadlock, which loom reports. When the new
    /// M ran the G it unparks the old one with `done` set (as the
    /// runtime's shutdown), so that M's sleep is not mistaken for one.
    #[test]
    fn loom_idle_path() {
        use crate::park::{Parker, ThreadParker};
        struct S {
            idle: Idle,
            lock: Mutex<Lists>,
            /// Go: `sched.runqsize`.
            runqsize: AtomicUsize,
            ran: AtomicUsize,
            parker: ThreadParker,
            done: crate::sync::AtomicBool,
        }
        impl S {
            /// globrunqget under the lock: take the G if it is queued.
            fn take_g(&self, l: &mut Lists) -> bool {
                if l.runq == 0 {
                    return false;
                }
                l.runq -= 1;
                // Release: as globrunqget's runqsize store.
                self.runqsize.store(l.runq, Ordering::Release);
                // Relaxed: counted under the lock.
                self.ran.fetch_add(1, Ordering::Relaxed);
                true
            }
        }
        loom::model(|| {
            let s = Arc::new(S {
                idle: Idle::new(1),
                lock: Mutex::new(Lists::new(1)),
                runqsize: AtomicUsize::new(0),
                ran: AtomicUsize::new(0),
                parker: ThreadParker::new(),
                done: crate::sync::AtomicBool::new(false),
            });
            s.idle.add_spinning(); // M0 spins holding P0
            let s2 = s.clone();
            let producer = loom::thread::spawn(move || {
                {
                    // globrunqput.
                    let mut l = lock(&s2.lock);
                    l.runq += 1;
                    // Release: as globrunqput.
                    s2.runqsize.fetch_add(1, Ordering::Release);
                }
                // wakep
                if !s2.idle.should_wake() {
                    return;
                }
                let mut l = lock(&s2.lock);
                match startm_locked(&mut *l, &s2.idle, None, true, |_| {}) {
                    StartM::Handed { m } => {
                        assert_eq!(m, 0);
                        drop(l);
                        s2.parker.unpark();
                    }
                    StartM::NoM(p) => {
                        // A new M with the P, spinning: it finds the G
                        // (then stops spinning), runs it, and idles.
                        let took = s2.take_g(&mut l);
                        pidleput(&mut *l, &s2.idle, p);
                        drop(l);
                        s2.idle.stop_spinning();
                        if took {
                            // Release: pairs with M0's Acquire load of `done`.
                            s2.done.store(true, Ordering::Release);
                            s2.parker.unpark();
                        }
                    }
                    StartM::NoP => {}
                }
            });
            let s3 = s.clone();
            let m0 = loom::thread::spawn(move || {
                let nextp = lock(&s3.lock).nextp[0].clone();
                let mut p = Some(0u8);
                let mut spinning = true;
                loop {
                    let Some(p0) = p.take() else {
                        // M::step without a P: the P startm handed over,
                        // else stopm.
                        if let Some((p0, sp)) = nextp.take() {
                            p = Some(p0);
                            spinning = sp;
                            continue;
                        }
                        if mput(&mut *lock(&s3.lock), 0) {
                            // Acquire: pairs with the new M's Release store.
                            if s3.done.load(Ordering::Acquire) {
                                return;
                            }
                            s3.parker.park(None);
                        }
                        continue;
                    };
                    // find_runnable with P0 and nothing local: the `stop:`
                    // path, last look under the lock, then release the P.
                    let mut l = lock(&s3.lock);
                    if s3.take_g(&mut l) {
                        drop(l);
                        if spinning {
                            s3.idle.stop_spinning();
                        }
                        return;
                    }
                    pidleput(&mut *l, &s3.idle, p0);
                    drop(l);
                    if std::mem::replace(&mut spinning, false) {
                        // Acquire: as runqsize_hint.
                        let work = || s3.runqsize.load(Ordering::Acquire) > 0;
                        p = s3.idle.stop_spinning_recheck(work, || pidleget(&mut *lock(&s3.lock), &s3.idle));
                        spinning = p.is_some();
                    }
                }
            });
            producer.join().unwrap();
            m0.join().unwrap();
            // Relaxed: both threads joined.
            assert_eq!(s.ran.load(Ordering::Relaxed), 1, "the G ran {} times", s.ran.load(Ordering::Relaxed));
            assert_eq!(s.idle.nmspinning(), 0, "a spinning unit was left behind");
        });
    }

    /// startm against an M that is awake in `stopm` (its timer deadline
    /// passed; it is on the idle M list): the producer, running on P0,
    /// readies a G and runs `wakep` → `startm_locked`, which hands idle P1
    /// and one unit of `nmspinning` to that M's `nextp`; the M loops as
    /// `M::step` does (`NextP::take`, else `mput` and park). Whatever the
    /// interleaving, the M ends up with P1 **and** the spinning unit, and
    /// gives the unit back when it finds the G: a unit left behind keeps
    /// `nmspinning` raised forever, after which `wakep` never wakes anyone
    /// (defect 4's hang, when the flag was published after the P).
    #[test]
    fn loom_startm_stopm_handoff() {
        use crate::park::{Parker, ThreadParker};
        loom::model(|| {
            let idle = Arc::new(Idle::new(2));
            let lists = Arc::new(Mutex::new(Lists::new(2)));
            let parker = Arc::new(ThreadParker::new());
            let nextp1 = {
                let mut l = lock(&lists);
                pidleput(&mut *l, &idle, 1u8); // P1 idle; P0 runs the producer
                assert!(mput(&mut *l, 1), "M1 goes on the idle list");
                l.nextp[1].clone()
            };
            let (i2, l2, pk2) = (idle.clone(), lists.clone(), parker.clone());
            let producer = loom::thread::spawn(move || {
                // ready(G) on P0, then wakep.
                assert!(i2.should_wake(), "an idle P and nobody spinning: wake an M");
                let mut l = lock(&l2);
                match startm_locked(&mut *l, &i2, None, true, |_| {}) {
                    StartM::Handed { m } => {
                        assert_eq!(m, 1);
                        drop(l);
                        pk2.unpark();
                    }
                    other => panic!("startm: M1 is idle and P1 too, got {other:?}"),
                }
            });
            // M1, awake: M::step without a P.
            let (p, spinning) = loop {
                if let Some(got) = nextp1.take() {
                    break got;
                }
                if mput(&mut *lock(&lists), 1) {
                    parker.park(None);
                }
            };
            producer.join().unwrap();
            assert_eq!(p, 1);
            assert!(spinning, "M1 took P1 without the spinning unit that came with it");
            // It finds the G: Go's resetspinning.
            idle.stop_spinning();
            assert_eq!(idle.nmspinning(), 0, "a spinning unit was lost");
            assert_eq!(idle.npidle(), 0);
            assert!(mput(&mut *lock(&lists), 1), "M1 can park again");
        });
    }

    /// Two `startm`s (sysmon's for an overdue timer, a hand-off) against
    /// one idle M (on the idle list) that is awake past its timer deadline
    /// and runs `M::step` (`NextP::take`, else `stopm`'s `mput`) twice
    /// before it parks: the M is on the idle list at most once and
    /// is never handed a second P over the one in its `nextp` (`mput`
    /// re-checks `nextp` under the lock; `NextP::hand` panics on a full
    /// slot). Each P goes to the M or to a new M; none is lost.
    #[test]
    fn loom_two_startm_one_idle_m() {
        use crate::park::{Parker, ThreadParker};
        loom::model(|| {
            let idle = Arc::new(Idle::new(2));
            let lists = Arc::new(Mutex::new(Lists::new(2)));
            let parker = Arc::new(ThreadParker::new());
            let nextp1 = {
                let mut l = lock(&lists);
                pidleput(&mut *l, &idle, 0u8);
                pidleput(&mut *l, &idle, 1u8);
                assert!(mput(&mut *l, 1), "M1 parked on the idle list earlier");
                l.nextp[1].clone()
            };
            let producers: Vec<_> = (0..2)
                .map(|_| {
                    let (i2, l2, pk2) = (idle.clone(), lists.clone(), parker.clone());
                    loom::thread::spawn(move || {
                        let mut l = lock(&l2);
                        match startm_locked(&mut *l, &i2, None, false, |_| {}) {
                            StartM::Handed { m } => {
                                assert_eq!(m, 1);
                                drop(l);
                                pk2.unpark();
                                None
                            }
                            // A new M runs it.
                            StartM::NoM(p) => Some(p),
                            StartM::NoP => unreachable!("two idle Ps, two startms"),
                        }
                    })
                })
                .collect();
            // M1: two rounds of M::step without parking (its deadline
            // passed), then parks until it is handed a P.
            let mut got = None;
            for _ in 0..2 {
                if let Some((p, _)) = nextp1.take() {
                    got = Some(p);
                    break;
                }
                mput(&mut *lock(&lists), 1);
            }
            let mut new_ms = Vec::new();
            for t in producers {
                new_ms.extend(t.join().unwrap());
            }
            if got.is_none() && new_ms.len() < 2 {
                got = loop {
                    if let Some((p, _)) = nextp1.take() {
                        break Some(p);
                    }
                    if mput(&mut *lock(&lists), 1) {
                        parker.park(None);
                    }
                };
            }
            let mut all: Vec<u8> = new_ms.into_iter().chain(got).collect();
            all.sort_unstable();
            assert_eq!(all, [0, 1], "each P goes to exactly one M");
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

    /// Spinning Ms stay bounded to half the busy Ps: three Ms with 4
    /// busy Ps ask at once; exactly two may spin. (Two Ms could never
    /// exceed the bound of two, whatever `try_spin` checked.)
    #[test]
    fn loom_spinning_bound() {
        loom::model(|| {
            let idle = Arc::new(Idle::new(4));
            let ts: Vec<_> = (0..2)
                .map(|_| {
                    let i = idle.clone();
                    loom::thread::spawn(move || i.try_spin())
                })
                .collect();
            let mut spun = usize::from(idle.try_spin());
            for t in ts {
                spun += usize::from(t.join().unwrap());
            }
            assert!(idle.nmspinning() <= 2, "{} Ms spin with 4 busy Ps", idle.nmspinning());
            assert_eq!(spun, 2, "the first two may always spin");
            assert_eq!(idle.nmspinning(), spun);
        });
    }
}
