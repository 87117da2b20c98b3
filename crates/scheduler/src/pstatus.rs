//! A P's status word and the slot a P waits in while its M is in a
//! syscall: the race between exitsyscall's fast path and sysmon's retake.
//! Go: `p.status` (`_Pidle`, `_Prunning`, `_Psyscall`), `exitsyscallfast`
//! and `retake`'s `atomic.Cas(&pp.status, s, _Pidle)`.
//!
//! `entersyscall` leaves the P here (with when and by which M) and only
//! then publishes `P_SYSCALL` (Release). The returning M and sysmon then
//! race to move `P_SYSCALL` on, with one CAS each: `P_RUNNING` (the M keeps
//! its P) or `P_IDLE` (sysmon hands it off). Whoever wins takes the P from
//! the slot; the loser never sees it. The runtime (`sched/syscall.rs`) and
//! the loom model `loom_exitsyscall_against_retake` call these same
//! functions.

use crate::sync::{AtomicU32, AtomicU64, Mutex, Ordering, lock};

/// Go: `_Pidle`.
pub(crate) const P_IDLE: u32 = 0;
/// Go: `_Prunning`.
pub(crate) const P_RUNNING: u32 = 1;
/// Go: `_Psyscall`.
pub(crate) const P_SYSCALL: u32 = 2;

pub(crate) struct PStatus<P> {
    /// P_IDLE / P_RUNNING / P_SYSCALL.
    status: AtomicU32,
    /// Where the P waits while its M is in a syscall.
    slot: Mutex<Option<P>>,
    /// When the syscall began (host clock).
    since: AtomicU64,
    /// The M in the syscall.
    m: AtomicU32,
}

impl<P> PStatus<P> {
    pub(crate) fn new() -> Self {
        PStatus { status: AtomicU32::new(P_IDLE), slot: Mutex::new(None), since: AtomicU64::new(0), m: AtomicU32::new(u32::MAX) }
    }

    /// The P changes hands outside a syscall (acquirep, pidleput, an
    /// entersyscallblock's hand-off): the new owner holds it.
    pub(crate) fn set(&self, s: u32) {
        // Relaxed: the P's owner changes under sched.lock or through
        // nextp's mutex, which order it.
        self.status.store(s, Ordering::Relaxed);
    }

    /// Go: `entersyscall`, keeping the P: park `p` here with the time and
    /// the M, then publish `P_SYSCALL`.
    pub(crate) fn enter(&self, p: P, m: u32, now: u64) {
        // Relaxed: both published by the Release store of P_SYSCALL below.
        self.since.store(now, Ordering::Relaxed);
        self.m.store(m, Ordering::Relaxed);
        *lock(&self.slot) = Some(p);
        // Release: pairs with the Acquire load in `syscall_since` and the
        // AcqRel CASes of `exit_fast` and `retake`.
        self.status.store(P_SYSCALL, Ordering::Release);
    }

    /// Go: `exitsyscallfast`: take the P back if it is still in a
    /// syscall, and say which M's syscall it was taken from (not the
    /// caller if sysmon retook it meanwhile and another M entered a
    /// syscall with it). `None`: the P is gone.
    pub(crate) fn exit_fast(&self) -> Option<(P, u32)> {
        // AcqRel: races with retake's CAS on the same word; Acquire makes
        // enter's stores visible.
        self.status.compare_exchange(P_SYSCALL, P_RUNNING, Ordering::AcqRel, Ordering::Relaxed).ok()?;
        Some(self.take("exitsyscall"))
    }

    /// sysmon: when the syscall that holds this P began, if one does.
    pub(crate) fn syscall_since(&self) -> Option<u64> {
        // Acquire: pairs with the Release store of P_SYSCALL in `enter`.
        if self.status.load(Ordering::Acquire) != P_SYSCALL {
            return None;
        }
        // Relaxed: written before the Release store of P_SYSCALL.
        Some(self.since.load(Ordering::Relaxed))
    }

    /// Go: `retake`'s CAS `_Psyscall` → `_Pidle`: take the P from the M
    /// blocked in its syscall. `Some((P, that M))` if sysmon won the race.
    pub(crate) fn retake(&self) -> Option<(P, u32)> {
        // AcqRel: the CAS decides between us and exitsyscall's fast path.
        self.status.compare_exchange(P_SYSCALL, P_IDLE, Ordering::AcqRel, Ordering::Relaxed).ok()?;
        Some(self.take("retake"))
    }

    fn take(&self, who: &str) -> (P, u32) {
        let p = lock(&self.slot).take().unwrap_or_else(|| panic!("{who}: P_SYSCALL without a parked P"));
        // Relaxed: written before the Release store of P_SYSCALL, which
        // the caller's CAS read.
        (p, self.m.load(Ordering::Relaxed))
    }

    /// Teardown: a P still parked in a syscall (no M is left).
    #[cfg_attr(loom, allow(dead_code, reason = "the teardown is in sched/, which loom does not build"))]
    pub(crate) fn take_parked(&self) -> Option<P> {
        lock(&self.slot).take()
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use crate::sync::Arc;

    /// An M enters a syscall keeping P0 and returns (exitsyscall's fast
    /// path) while sysmon looks at P0 and retakes it: exactly one of them
    /// gets the P, and a retake sees when the call began and which M it
    /// took the P from (the Handoff the trace records).
    #[test]
    fn loom_exitsyscall_against_retake() {
        loom::model(|| {
            let ps: Arc<PStatus<u8>> = Arc::new(PStatus::new());
            ps.set(P_RUNNING);
            let ps2 = ps.clone();
            let sysmon = loom::thread::spawn(move || {
                let since = ps2.syscall_since()?;
                assert_eq!(since, 7, "retake saw P_SYSCALL but not when the call began");
                let (p, from) = ps2.retake()?;
                assert_eq!(from, 1, "retake took the P from M{from}, not from the M in the syscall");
                Some(p)
            });
            // M1: entersyscall (keeps P0), the call, exitsyscall.
            ps.enter(0u8, 1, 7);
            let back = ps.exit_fast();
            let retaken = sysmon.join().unwrap();
            match (back, retaken) {
                (Some((0, 1)), None) | (None, Some(0)) => {}
                (b, r) => panic!("P0 must go to exactly one: exitsyscall got {b:?}, retake got {r:?}"),
            }
            assert!(ps.take_parked().is_none(), "P0 left behind in the syscall slot");
        });
    }

    /// As above, but the M sysmon hands P0 to (M2, played by the sysmon
    /// thread: handoffp, acquirep) enters a syscall with it before M1
    /// returns. M1's fast path may then take P0 from M2's syscall — and
    /// must say so (`from` is M2: the runtime records a Handoff from M2),
    /// after which M2 finds its P gone. P0 ends with exactly one M.
    #[test]
    fn loom_exitsyscall_takes_p_from_reentered_syscall() {
        loom::model(|| {
            let ps: Arc<PStatus<u8>> = Arc::new(PStatus::new());
            ps.set(P_RUNNING);
            let ps2 = ps.clone();
            let m2 = loom::thread::spawn(move || {
                if ps2.syscall_since().is_none() {
                    return (false, None);
                }
                let Some((p, from)) = ps2.retake() else {
                    return (false, None);
                };
                assert_eq!(from, 1);
                // handoffp → startm → M2: acquirep, then its own syscall.
                ps2.set(P_RUNNING);
                ps2.enter(p, 2, 9);
                let back = ps2.exit_fast();
                if let Some((_, from)) = back {
                    assert_eq!(from, 2, "M2 took P0 back from M{from}'s syscall");
                }
                (true, back.map(|(p, _)| p))
            });
            ps.enter(0u8, 1, 7);
            let back = ps.exit_fast();
            let (retaken, m2_has) = m2.join().unwrap();
            match (back, retaken, m2_has) {
                (Some((0, 1)), false, None) | (Some((0, 2)), true, None) | (None, true, Some(0)) => {}
                (b, t, r) => panic!("P0 must end with exactly one M, taken from the right syscall: M1 got {b:?}, retaken {t}, M2 has {r:?}"),
            }
            assert!(ps.take_parked().is_none(), "P0 left behind in the syscall slot");
        });
    }
}
