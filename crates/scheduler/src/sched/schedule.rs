//! The M loop: `step`, `stopm`, `findRunnable`, stealing, `execute`.
//! Go: proc.go's `schedule`, `findRunnable`, `stealWork`, `execute`.

use crate::g::{G, NOTIFIED, RUNNABLE, RUNNING};
use crate::gstate::AfterPoll;
use crate::sync::{Ordering, lock};
use crate::trace::{BlockReason, Event, EventKind, PId, Queue, Source, Wait};
use std::task::{Context, Poll};
use super::*;

impl M {
    pub(super) fn emit(&self, kind: EventKind) {
        if self.sched.cfg.trace {
            self.emit_at(self.sched.event_ts(), kind);
        }
    }

    /// Record an event stamped `ts` (`Sched::reserve_ts`).
    pub(super) fn emit_at(&self, ts: u64, kind: EventKind) {
        if self.sched.cfg.trace {
            let e = Event { ts, m: self.id, kind };
            self.sched.host.on_event(&e);
            self.trace.borrow_mut().push(e);
        }
    }

    pub(super) fn flush_trace(&self) {
        let t = std::mem::take(&mut *self.trace.borrow_mut());
        if !t.is_empty() {
            lock(&self.sched.trace_done).push(t);
        }
    }

    /// Go's `cheaprand` (wyrand): small, fast, seedable. Hand-written so the
    /// simulator's choices never change with a dependency's version.
    pub(crate) fn rand(&self) -> u64 {
        let s = self.rng.get().wrapping_add(0xa076_1d64_78bd_642f);
        self.rng.set(s);
        let t = u128::from(s) * u128::from(s ^ 0xe703_7ed1_a0b4_28db);
        (t as u64) ^ ((t >> 64) as u64)
    }

    /// Push onto this M's P. Returns the G back if the M has no P.
    pub(super) fn push_local(&self, g: G, next: bool) -> Option<G> {
        let mut pb = self.p.borrow_mut();
        let Some(p) = pb.as_mut() else {
            return Some(g);
        };
        let spill = if next { p.q.push_next(g) } else { p.q.push_back(g) };
        let pid = p.id;
        drop(pb);
        if next && self.sched.virt {
            // Relaxed: one OS thread in the simulator.
            self.sched.ps[pid as usize].runnext_since.store(self.sched.now(), Ordering::Relaxed);
        }
        if let Some(spill) = spill {
            self.emit(EventKind::RunqOverflow { p: pid, n: spill.len() as u32 });
            self.sched.globrunqput(spill);
        }
        None
    }

    /// Where `push_local(_, next)` puts a G (for the trace): this M's P,
    /// or the global queue when it has none.
    pub(super) fn local_target(&self, next: bool) -> Queue {
        match self.p.borrow().as_ref() {
            Some(p) if next => Queue::Runnext { p: p.id },
            Some(p) => Queue::Local { p: p.id },
            None => Queue::Global,
        }
    }

    pub(super) fn pid(&self) -> PId {
        self.p.borrow().as_ref().map_or(u32::MAX, |p| p.id)
    }

    pub(super) fn acquirep(&self, p: Box<PLocal>) {
        if self.sched.virt {
            self.sched.host.observe(p.ts + 1);
        }
        self.sched.ps[p.id as usize].sys.set(P_RUNNING);
        self.emit(EventKind::ProcStart { p: p.id });
        let old = self.p.borrow_mut().replace(p);
        assert!(old.is_none(), "acquirep: M already has a P");
    }

    pub(super) fn step(&self) -> Step {
        if self.sched.is_shutdown() {
            self.release_all();
            return Step::Exit;
        }
        let in_syscall = self.syscall_g.borrow_mut().take();
        if let Some((g, pid)) = in_syscall {
            return self.exitsyscall(g, pid);
        }
        if self.p.borrow().is_none() {
            let nextp = self.shared.nextp.take();
            match nextp {
                Some((p, spinning)) => {
                    // Busy from now on: another M waits for timers.
                    self.sched.timer.release(self.id);
                    self.acquirep(p);
                    if spinning {
                        self.spinning.set(true);
                    }
                }
                None => return self.stopm(),
            }
        }
        match self.find_runnable() {
            Found::Run(g, from) => {
                if self.spinning.replace(false) {
                    // Go: resetspinning.
                    self.sched.idle.stop_spinning();
                    self.sched.wakep();
                }
                self.execute(g, from)
            }
            // The simulator's runnext grace: the M keeps its P and its
            // spinning unit and looks again at its next step.
            Found::Pause => Step::Ran,
            Found::Park => self.stopm(),
        }
    }

    /// Go: `stopm`: put this M on the idle list and park. Called without a P.
    pub(super) fn stopm(&self) -> Step {
        debug_assert!(self.p.borrow().is_none());
        self.sched.run_timers();
        // Stamped before mput: once the M is on the idle list another M
        // may unpark it, and its MUnpark must come after this MPark.
        let ts = self.sched.reserve_ts();
        {
            if !crate::idle::mput(&mut *lock(&self.sched.lock), self.id) {
                // startm already handed us a P (e.g. for a G a timer woke).
                return Step::Ran;
            }
        }
        // Work may have been handed to us meanwhile (run_timers may have
        // woken Gs and started us): the parker's token covers that. The
        // deadline is read after claiming the waiter role (TimerWait).
        let deadline = self.sched.timer.claim(self.id);
        self.emit_at(ts, EventKind::MPark);
        Step::Park(deadline)
    }

    /// The M exits (or its handle is dropped): its P goes back to the idle
    /// list, where the teardown drains its ring (dropping a P would leave
    /// its Gs in the ring buffer the P table still shares: a leak).
    pub(super) fn release_all(&self) {
        let p = self.p.borrow_mut().take();
        if let Some(p) = p {
            self.emit(EventKind::ProcStop { p: p.id });
            self.sched.pidleput(&mut lock(&self.sched.lock), p);
        }
        let in_syscall = self.syscall_g.borrow_mut().take();
        drop(in_syscall);
    }

    /// Go: `findRunnable`. Returns a G to run and where it came from (one
    /// from runnext inherits the time slice), or `Park` after releasing the
    /// P (the caller then parks), or — on a virtual clock only — `Pause`
    /// (see [`Found::Pause`]).
    /// Caller: an M holding a P.
    pub(super) fn find_runnable(&self) -> Found {
        let sched = &*self.sched;
        'top: loop {
            if sched.next_timer().is_some() {
                self.sched.run_timers();
            }
            {
                let mut pb = self.p.borrow_mut();
                let p = pb.as_mut().expect("find_runnable: M without a P");
                // Fairness: every 61st tick look at the global queue first.
                if p.schedtick.is_multiple_of(GLOBAL_CHECK_INTERVAL) && sched.runqsize_hint() > 0 {
                    let mut l = lock(&sched.lock);
                    if let Some((g, batch)) = sched.globrunqget(&mut l, p, 1) {
                        return Found::Run(g, Source::Global { batch });
                    }
                }
                let skip = p.runnext_streak >= RUNNEXT_LIMIT;
                if let Some((g, inherit)) = p.q.pop(skip) {
                    p.runnext_streak = if inherit { p.runnext_streak + 1 } else { 0 };
                    return Found::Run(g, if inherit { Source::Runnext } else { Source::Local });
                }
                if sched.runqsize_hint() > 0 {
                    let mut l = lock(&sched.lock);
                    if let Some((g, batch)) = sched.globrunqget(&mut l, p, 0) {
                        return Found::Run(g, Source::Global { batch });
                    }
                }
            }
            // Steal, if spinning is allowed (Go: at most half the busy Ps spin).
            // Rounds over all victims; the last one (after at least
            // `steal_rounds` and `spin_ns`) may take a runnext.
            if self.spinning.get() || sched.idle.try_spin() {
                self.spinning.set(true);
                let rounds = sched.cfg.steal_rounds.max(1);
                let spin_until = if sched.cfg.spin_ns > 0 { sched.now().saturating_add(sched.cfg.spin_ns) } else { 0 };
                let mut round = 0;
                loop {
                    round += 1;
                    let last = round >= rounds && (spin_until == 0 || sched.now() >= spin_until);
                    match self.steal_work(last) {
                        Stolen::G(g) => return Found::Run(g, Source::Stolen),
                        Stolen::Wait(until) => {
                            // A virtual clock's grace: come back at `until`
                            // (the host clock is the step's end).
                            sched.host.observe(until);
                            return Found::Pause;
                        }
                        Stolen::Nothing => {}
                    }
                    if sched.runqsize_hint() > 0 || sched.next_timer().is_some_and(|t| t <= sched.now()) {
                        continue 'top;
                    }
                    if last {
                        break;
                    }
                    // Past the first rounds, back off between rounds: a
                    // spinner that polls the victims' queue heads nonstop
                    // steals their cache lines from the Ms running Gs.
                    let pause = if round < rounds { 1 } else { SPIN_BACKOFF };
                    for _ in 0..pause {
                        crate::sync::spin_loop();
                    }
                }
            }
            // Go: the "stop" label. Last look at the global queue under the
            // lock, then release the P.
            {
                let mut l = lock(&sched.lock);
                let mut pb = self.p.borrow_mut();
                let p = pb.as_mut().expect("find_runnable: M without a P");
                if let Some((g, batch)) = sched.globrunqget(&mut l, p, 0) {
                    return Found::Run(g, Source::Global { batch });
                }
                let p = pb.take().expect("checked above");
                let pid = p.id;
                // Before pidleput: another M may take the P at once, and
                // its ProcStart must come after this ProcStop.
                self.emit(EventKind::ProcStop { p: pid });
                sched.pidleput(&mut l, p);
            }
            if self.spinning.replace(false) {
                // Step 3 of the protocol: stop spinning, fence, re-check all.
                let work = || sched.runqsize_hint() > 0 || sched.ps.iter().any(|ps| !ps.steal.is_empty());
                if let Some(p) = sched.idle.stop_spinning_recheck(work, || sched.pidleget()) {
                    self.acquirep(p);
                    self.spinning.set(true);
                    continue 'top;
                }
            }
            return Found::Park;
        }
    }

    /// Go: `stealWork`: one round over all Ps from a random start. With
    /// `steal_runnext` (the last round), a victim whose ring is empty may
    /// give up its `runnext`, after the grace (natively a pause, Go's
    /// `usleep(3)`; on a virtual clock [`Stolen::Wait`], see
    /// [`M::runnext_ripe`]).
    pub(super) fn steal_work(&self, steal_runnext: bool) -> Stolen {
        let sched = &*self.sched;
        let n = sched.ps.len();
        if n == 1 {
            return Stolen::Nothing;
        }
        let mut pb = self.p.borrow_mut();
        let p = pb.as_mut().expect("steal_work: M without a P");
        let start = (self.rand() % n as u64) as usize;
        let mut wait = None;
        for i in 0..n {
            let v = (start + i) % n;
            if v == p.id as usize {
                continue;
            }
            let victim = &sched.ps[v].steal;
            if sched.virt {
                // Cost model: every victim looked at costs a steal attempt.
                sched.host.work(sched.cost.steal_attempt_ns);
            }
            if victim.is_empty() {
                continue;
            }
            let stolen = if sched.virt {
                match victim.steal_into_from(&mut p.q, None) {
                    Some(s) => Some(s),
                    None if steal_runnext => match self.runnext_ripe(v) {
                        Ripe::Now => victim.steal_into_from(&mut p.q, Some(&|| {})),
                        Ripe::At(until) => {
                            wait = Some(wait.map_or(until, |w: u64| w.min(until)));
                            None
                        }
                    },
                    None => None,
                }
            } else {
                let pause = || self.pause_ns(RUNNEXT_GRACE_NS);
                let pause: Option<&dyn Fn()> = if steal_runnext { Some(&pause) } else { None };
                victim.steal_into_from(&mut p.q, pause)
            };
            if let Some((g, taken, runnext)) = stolen {
                let pid = p.id;
                drop(pb);
                self.emit(EventKind::ProcSteal { p: pid, victim: v as PId, n: taken as u32, runnext });
                return Stolen::G(g);
            }
        }
        match wait {
            Some(until) => Stolen::Wait(until),
            None => Stolen::Nothing,
        }
    }

    /// On a virtual clock: may this M take P `v`'s `runnext` now? Go sleeps
    /// 3 µs and then takes the G only if it is still the one it saw (the P
    /// that readied it did not run it meanwhile). A simulated step cannot
    /// sleep in the middle, so the G must have sat in `runnext` for the
    /// whole grace; if it has not, the M waits until it has (ends its step
    /// and looks again then). A G readied meanwhile restarts the grace, as
    /// Go's CAS after the sleep fails on a different G.
    pub(super) fn runnext_ripe(&self, v: usize) -> Ripe {
        let sched = &*self.sched;
        // Relaxed: one OS thread in the simulator.
        let since = sched.ps[v].runnext_since.load(Ordering::Relaxed);
        let ripe = since.saturating_add(sched.cost.runnext_grace_ns);
        if sched.now() >= ripe { Ripe::Now } else { Ripe::At(ripe) }
    }

    /// Go: `execute` + the return path of `schedule`.
    pub(super) fn execute(&self, g: G, from: Source) -> Step {
        let inherit = from == Source::Runnext;
        self.sched.observe_g(&g);
        let pid = {
            let mut pb = self.p.borrow_mut();
            let p = pb.as_mut().expect("execute: M without a P");
            if !inherit {
                p.schedtick = p.schedtick.wrapping_add(1);
            }
            let local_len = p.q.len() as u32;
            let pid = p.id;
            drop(pb);
            if self.sched.cfg.trace {
                let global_len = self.sched.runqsize_hint() as u32;
                self.emit(EventKind::GoStart { g: g.id, p: pid, local_len, global_len, from });
            }
            pid
        };
        let prev = crate::gstate::begin_poll(&g.state);
        debug_assert!(matches!(prev, RUNNABLE | RUNNING | NOTIFIED), "execute: G{} in state {prev}", g.id);
        self.run_g(g, pid)
    }

    pub(super) fn run_g(&self, g: G, pid: PId) -> Step {
        let waker = g.waker_ref();
        let mut cx = Context::from_waker(&waker);
        self.cur_g.set(g.id);
        set_block_reason(BlockReason::Other);
        take_yielded();
        drop(take_waits());
        let res = g.poll(&mut cx);
        self.cur_g.set(0);
        if let Some(ns) = self.entered_syscall.take() {
            // The G is inside syscall(): the M holds it; the P is parked.
            *self.syscall_g.borrow_mut() = Some((g, pid));
            return Step::Syscall(ns);
        }
        match res {
            Poll::Ready(()) => {
                self.emit(EventKind::GoEnd { g: g.id, p: pid });
                g.complete();
                self.sched.allg_remove(g.id);
            }
            Poll::Pending => {
                // GoBlock and its GoWaitAlsos are stamped before end_poll
                // parks the G: from then on another M may wake it, and its
                // GoUnblock must come after them.
                let waits = take_waits();
                let stamps: Vec<u64> = (0..waits.len().max(1)).map(|_| self.sched.reserve_ts()).collect();
                // Park the G, unless it was woken during the poll
                // (crate::gstate).
                match crate::gstate::end_poll(&g.state) {
                    AfterPoll::Parked => {
                        let reason = BLOCK_REASON.with(|c| c.get());
                        let mut waits = waits.into_iter();
                        let mut stamps = stamps.into_iter();
                        let on = waits.next().unwrap_or(Wait::Waker);
                        let ts = stamps.next().expect("one stamp per wait, at least one");
                        self.emit_at(ts, EventKind::GoBlock { g: g.id, p: pid, reason, on });
                        for (on, ts) in waits.zip(stamps) {
                            self.emit_at(ts, EventKind::GoWaitAlso { g: g.id, on });
                        }
                        self.sched.stamp_g(&g);
                    }
                    AfterPoll::Requeue => {
                        if take_yielded() {
                            // yield_now: Go's Gosched (goschedImpl) puts the
                            // G on the global queue and calls wakep, so any
                            // idle P may pick it up.
                            self.emit(EventKind::GoStop { g: g.id, p: pid, to: Queue::Global });
                            self.sched.stamp_g(&g);
                            self.sched.globrunqput(vec![g]);
                            self.sched.wakep();
                        } else {
                            // Woken while running by another M (a future can
                            // be, a goroutine cannot): requeue at the local
                            // tail; other Ps can still steal it.
                            let to = self.local_target(false);
                            self.emit(EventKind::GoStop { g: g.id, p: pid, to });
                            self.sched.stamp_g(&g);
                            if let Some(g) = self.push_local(g, false) {
                                self.sched.globrunqput(vec![g]);
                            }
                        }
                    }
                }
            }
        }
        Step::Ran
    }

    /// Busy-wait `ns` of host time; nothing on a virtual clock (the
    /// simulator's time only moves between steps).
    pub(super) fn pause_ns(&self, ns: u64) {
        if self.sched.host.is_virtual() {
            return;
        }
        let until = self.sched.now().saturating_add(ns);
        while self.sched.now() < until {
            crate::sync::spin_loop();
        }
    }

    pub(crate) fn emit_work(&self, ns: u64) {
        self.emit(EventKind::Work { g: self.cur_g.get(), ns });
    }
}

/// What `find_runnable` found.
pub(super) enum Found {
    /// A G to run, and where it came from.
    Run(G, Source),
    /// Nothing: the P was released; the M parks.
    Park,
    /// Virtual clock only: a busy P's `runnext` is still inside its grace.
    /// The M keeps its P and its spinning unit, its clock moved to the end
    /// of the grace, and it looks for work again at its next step — the
    /// simulator's way of sleeping inside a step (Go's `usleep(3)`).
    Pause,
}

/// What one steal round found.
pub(super) enum Stolen {
    G(G),
    Nothing,
    /// Virtual clock only: a victim's `runnext` may be taken at this time.
    Wait(u64),
}

/// Whether a spinning M on a virtual clock may take a victim's `runnext`.
pub(super) enum Ripe {
    /// It sat there for the whole grace: take it.
    Now,
    /// Not yet: wait until then.
    At(u64),
}
