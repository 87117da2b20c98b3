//! Syscalls and retake: `entersyscall`/`exitsyscall` on the M, `handoffp`,
//! and sysmon's `retake` and tick. Go: proc.go.

use crate::g::{G, RUNNABLE, RUNNING};
use crate::sync::{Arc, Ordering, lock};
use crate::trace::{EventKind, PId};
use super::*;

impl Sched {
    /// Go: `handoffp`. Called with a P taken from an M blocked in a syscall.
    pub(super) fn handoffp(self: &Arc<Sched>, p: Box<PLocal>) {
        if !p.q.is_empty() || self.runqsize_hint() > 0 {
            self.startm(Some(p), false);
            return;
        }
        // No local work: start a spinning M only if nobody spins or idles.
        if self.idle.nmspinning() + self.idle.npidle() == 0 && self.idle.should_wake_forced() {
            self.startm(Some(p), true);
            return;
        }
        let mut l = lock(&self.lock);
        if !l.runq.is_empty() {
            drop(l);
            self.startm(Some(p), false);
            return;
        }
        self.pidleput(&mut l, p);
    }
    /// Go: `sysmon`'s `retake`: take the P of any M blocked in a syscall for
    /// longer than the threshold and hand it off. Returns how many were retaken.
    pub(crate) fn retake(self: &Arc<Sched>) -> usize {
        let now = self.now();
        let mut n = 0;
        for ps in self.ps.iter() {
            let Some(since) = ps.sys.syscall_since() else {
                continue;
            };
            if now.saturating_sub(since) < self.cfg.syscall_retake_ns {
                continue;
            }
            let local_empty = ps.steal.is_empty();
            // Go: don't retake if there is no other work and there are spare
            // Ms/Ps, unless the syscall has been going on for 10ms.
            if local_empty
                && self.runqsize_hint() == 0
                && self.idle.nmspinning() + self.idle.npidle() > 0
                && now.saturating_sub(since) < 10_000_000
            {
                continue;
            }
            // The CAS decides between us and exitsyscall's fast path.
            let Some((p, from)) = ps.sys.retake() else {
                continue;
            };
            self.emit(EventKind::Handoff { p: p.id, from });
            self.handoffp(p);
            n += 1;
        }
        n
    }

    /// One sysmon tick as the simulator runs it (hosts run [`Sched::sysmon_tick`]).
    /// Go: `sysmon`'s loop body: `retake`, and start an M
    /// when a timer is overdue and no M waits for timers (the M that did
    /// may have been handed a P and be blocked in a syscall, while every
    /// other M parked without a deadline). Returns how many Ps were retaken.
    pub(crate) fn sysmon(self: &Arc<Sched>) -> usize {
        let n = self.retake();
        if self.next_timer().is_some_and(|t| t <= self.now())
            && self.timer.waiter() == crate::idle::NO_WAITER
            && self.idle.npidle() > 0
        {
            self.startm(None, false);
        }
        n
    }

    /// One tick of a host's sysmon (host.rs, protocol step 4): `retake`;
    /// fire the overdue timers (Go's `checkTimers`, which Go's Ms run and
    /// its sysmon only starts an M for: here the tick fires them itself, so
    /// a timer is late by at most one tick however late the host wakes the
    /// M parked until it); and, when work is queued but no M holds a P or
    /// spins (every M the scheduler asked for was refused), ask for an M
    /// again. The simulator ticks with [`Sched::sysmon`], Go's sysmon as it
    /// is, so its traces stay those of Go's design.
    pub(crate) fn sysmon_tick(self: &Arc<Sched>) -> crate::host::SysmonTick {
        let retaken = self.retake();
        let (timers_fired, _) = self.fire_timers();
        let stalled = self.idle.npidle() == self.procs()
            && self.idle.nmspinning() == 0
            && (self.runqsize_hint() > 0 || self.ps.iter().any(|ps| !ps.steal.is_empty()));
        if stalled {
            self.startm(None, false);
        }
        crate::host::SysmonTick { retaken, timers_fired, restarted: stalled }
    }
}

impl crate::idle::Idle {
    /// handoffp's "start a spinning M": claim a spinning unit unconditionally
    /// when nobody spins (the P we hold is not on the idle list).
    pub(crate) fn should_wake_forced(&self) -> bool {
        if self.nmspinning() != 0 {
            return false;
        }
        self.add_spinning();
        true
    }
}

impl M {
    /// Go: `entersyscall` / `entersyscallblock`. Called by the syscall future
    /// from inside a poll on this M.
    pub(crate) fn entersyscall(&self, handoff: bool, ns: u64) {
        if self.sched.virt {
            // Cost model: entersyscall.
            self.sched.host.work(self.sched.cost.syscall_enter_ns);
        }
        let p = self.p.borrow_mut().take().expect("entersyscall: M without a P");
        let pid = p.id;
        let ps = &self.sched.ps[pid as usize];
        self.emit(EventKind::GoSyscallBegin { g: self.cur_g.get(), p: pid, handoff });
        self.entered_syscall.set(Some(ns));
        if handoff {
            self.emit(EventKind::Handoff { p: pid, from: self.id });
            self.emit(EventKind::ProcStop { p: pid });
            ps.sys.set(P_IDLE);
            self.sched.handoffp(p);
        } else {
            let mut p = p;
            self.sched.stamp_p(&mut p);
            ps.sys.enter(p, self.id, self.sched.now());
        }
    }

    /// Go: `exitsyscall`. Fast path: our P is still ours. Else any idle P.
    /// Else the G goes to the global queue and the M stops.
    pub(super) fn exitsyscall(&self, g: G, pid: PId) -> Step {
        if self.sched.virt {
            // Cost model: exitsyscall.
            self.sched.host.work(self.sched.cost.syscall_exit_ns);
        }
        let ps = &self.sched.ps[pid as usize];
        // Races with retake's CAS on the same word (crate::pstatus).
        if let Some((p, from)) = ps.sys.exit_fast() {
            if from != self.id {
                // Our P was retaken, handed to M `from`, and that M is now in
                // a syscall with it: the CAS took it from that M. Go does the
                // same (exitsyscallfast only looks at the status) and its
                // tracer reports the P taken from the syscall; so do we: a
                // hand-off from that M, then this M starting the P as after
                // taking an idle one. That M will find its P gone.
                self.emit(EventKind::Handoff { p: pid, from });
                self.emit(EventKind::GoSyscallEnd { g: g.id, kept_p: false, to: None });
                self.acquirep(p);
                return self.resume(g);
            }
            if self.sched.virt {
                // The P may have been parked by another M since (after a
                // retake): not before it was parked.
                self.sched.host.observe(p.ts + 1);
            }
            *self.p.borrow_mut() = Some(p);
            self.emit(EventKind::GoSyscallEnd { g: g.id, kept_p: true, to: None });
            return self.resume(g);
        }
        let p = self.sched.pidleget();
        let to = if p.is_none() { Some(crate::trace::Queue::Global) } else { None };
        self.emit(EventKind::GoSyscallEnd { g: g.id, kept_p: false, to });
        if let Some(p) = p {
            self.acquirep(p);
            return self.resume(g);
        }
        // Go: exitsyscall0: no P — queue the G globally and stop this M.
        // Relaxed: we own the G; the queue lock publishes it.
        g.state.store(RUNNABLE, Ordering::Relaxed);
        self.sched.stamp_g(&g);
        self.sched.globrunqput(vec![g]);
        self.sched.wakep();
        self.stopm()
    }

    pub(super) fn resume(&self, g: G) -> Step {
        let pid = self.pid();
        if self.sched.cfg.trace {
            let local_len = self.p.borrow().as_ref().map_or(0, |p| p.q.len()) as u32;
            let global_len = self.sched.runqsize_hint() as u32;
            let from = crate::trace::Source::Syscall;
            self.emit(EventKind::GoStart { g: g.id, p: pid, local_len, global_len, from });
        }
        // Relaxed: this M has owned the G throughout the syscall.
        g.state.store(RUNNING, Ordering::Relaxed);
        self.run_g(g, pid)
    }
}
