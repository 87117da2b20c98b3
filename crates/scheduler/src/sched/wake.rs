//! Making Gs runnable and waking Ms: `newproc`, `ready`, the local and
//! global run queues, `wakep`, `startm`, the idle P list. Go: proc.go.

use crate::g::{G, JoinHandle};
use crate::idle::{NextP, StartM};
use crate::queue;
use crate::sync::{Arc, MutexGuard, Ordering, lock};
use crate::trace::{EventKind, MId, Queue};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::ptr;
use super::*;

impl Sched {
    /// Go: `newproc`. Creates a G and makes it runnable: on the current P's
    /// runnext if called from a G, else on the global queue; then `wakep`.
    pub(crate) fn spawn<F>(self: &Arc<Sched>, f: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        // Relaxed: an id counter; Relaxed increment of the live count is
        // ordered before the G's drop by the G's own publication.
        let id = self.next_gid.fetch_add(1, Ordering::Relaxed);
        self.live_g.fetch_add(1, Ordering::Relaxed);
        let g = G::new(self.clone(), id, f);
        lock(&self.allgs[id as usize % ALLG_SHARDS]).insert(id, g.clone());
        let parent = with_current(|m| m.map_or(0, |m| m.cur_g.get()));
        let to = self.runq_target(true);
        self.emit(EventKind::GoCreate { g: id, parent, to });
        self.stamp_g(&g);
        let h = JoinHandle::new(g.clone());
        self.runqput(g, true);
        h
    }

    /// Go: `ready`. The G was just moved IDLE → RUNNABLE by its waker.
    pub(crate) fn ready(self: &Arc<Sched>, g: G) {
        let by = with_current(|m| m.map_or(0, |m| m.cur_g.get()));
        // The waker saw the G parked: not before it parked.
        self.observe_g(&g);
        let to = self.runq_target(true);
        self.emit(EventKind::GoUnblock { g: g.id, by, to });
        self.stamp_g(&g);
        self.runqput(g, true);
    }

    /// Where `runqput(_, next)` puts a G now (for the trace).
    pub(super) fn runq_target(self: &Arc<Sched>, next: bool) -> Queue {
        with_current(|m| match m {
            Some(m) if ptr::eq(&*m.sched, &**self) => m.local_target(next),
            _ => Queue::Global,
        })
    }

    /// Put a runnable G on the current P (runnext if `next`) or, from outside
    /// a P, on the global queue; then wake an M if Ps are idle.
    pub(super) fn runqput(self: &Arc<Sched>, g: G, next: bool) {
        let rest = with_current(|m| match m {
            Some(m) if ptr::eq(&*m.sched, &**self) => m.push_local(g, next),
            _ => Some(g),
        });
        if let Some(g) = rest {
            self.globrunqput(vec![g]);
        }
        self.wakep();
    }

    /// Go: `globrunqputbatch`.
    pub(super) fn globrunqput(&self, gs: Vec<G>) {
        let mut l = lock(&self.lock);
        let n = gs.len();
        l.runq.extend(gs);
        // Release: pairs with the Acquire in runqsize_hint readers that then
        // take the lock anyway; keeps the count ahead of nobody.
        self.runqsize.fetch_add(n, Ordering::Release);
    }

    pub(super) fn runqsize_hint(&self) -> usize {
        // Acquire: see globrunqput; a stale 0 is covered by the idle protocol
        // (the putter calls wakep after its push).
        self.runqsize.load(Ordering::Acquire)
    }

    /// Go: `globrunqget`. Takes up to a fair share of the global queue: one
    /// to run, the rest onto the P's local queue. Caller holds `l`.
    /// Returns the G and how many Gs it took (itself included).
    pub(super) fn globrunqget(&self, l: &mut MutexGuard<'_, Locked>, p: &mut PLocal, max: usize) -> Option<(G, u32)> {
        let size = l.runq.len();
        if size == 0 {
            return None;
        }
        let mut n = (size / self.procs() + 1).min(size);
        if max > 0 {
            n = n.min(max);
        }
        n = n.min(queue::LOCAL_QUEUE_CAPACITY / 2).min(p.q.remaining() + 1);
        let first = l.runq.pop_front();
        let mut taken = 1;
        for _ in 1..n {
            let g = l.runq.pop_front().expect("globrunqget: size checked above");
            if let Some(spill) = p.q.push_back(g) {
                l.runq.extend(spill);
                break;
            }
            taken += 1;
        }
        self.runqsize.store(l.runq.len(), Ordering::Release);
        first.map(|g| (g, taken))
    }

    /// Go: `wakep`: if Ps are idle and no M spins, start a spinning M.
    pub(crate) fn wakep(self: &Arc<Sched>) {
        if self.idle.should_wake() {
            self.startm(None, true);
        }
    }

    /// Go: `startm`. Runs `p` (or an idle P) on an idle M, or a new M.
    /// With `spinning`, the caller hands over one unit of nmspinning.
    pub(super) fn startm(self: &Arc<Sched>, p: Option<Box<PLocal>>, spinning: bool) {
        let mut l = lock(&self.lock);
        if self.is_shutdown() {
            // No new Ms after shutdown: the P goes back to the idle list,
            // where the teardown finds it.
            if let Some(p) = p {
                self.pidleput(&mut l, p);
            }
            drop(l);
            if spinning {
                self.idle.stop_spinning();
            }
            return;
        }
        let (mut pid, mut ts) = (0, 0);
        let start = crate::idle::startm_locked(&mut *l, &self.idle, p, spinning, |p| {
            self.stamp_p(p);
            pid = p.id;
            // Stamped before the P is handed over: an M awake in stopm may
            // take it at once, and its ProcStart must come after MUnpark.
            ts = self.reserve_ts();
        });
        match start {
            StartM::Handed { m } => {
                // The P and the spinning unit are in M m's nextp, handed
                // over under sched.lock (idle::startm_locked).
                let ms = l.ms[m as usize].clone();
                drop(l);
                self.emit_at(ts, EventKind::MUnpark { m, p: pid, spinning });
                ms.parker.unpark();
            }
            StartM::NoM(p) if !l.mfree.is_empty() || l.ms.len() < self.cfg.max_ms.max(self.procs()) => {
                let h = self.new_m(&mut l, p, spinning);
                drop(l);
                self.emit_at(ts, EventKind::MSpawn { m: h.id(), p: pid, spinning });
                if let Err(h) = self.host.spawn_m(h) {
                    self.spawn_failed(h);
                }
            }
            StartM::NoM(p) => {
                crate::idle::pidleput(&mut *l, &self.idle, p);
                drop(l);
                if spinning {
                    self.idle.stop_spinning();
                }
            }
            StartM::NoP => {}
        }
    }

    /// A new M to run `p`: the id (and parker) of an M the host could not
    /// start, or a new one. Caller holds `sched.lock`.
    pub(super) fn new_m(self: &Arc<Sched>, l: &mut Locked, p: Box<PLocal>, spinning: bool) -> MHandle {
        let (id, shared) = match l.mfree.pop() {
            Some(id) => {
                let shared = l.ms[id as usize].clone();
                shared.nextp.hand(p, spinning);
                (id, shared)
            }
            None => {
                let id = l.ms.len() as MId;
                let shared = Arc::new(MShared {
                    parker: self.host.new_parker(id),
                    nextp: NextP::new(Some(p), spinning),
                });
                l.ms.push(shared.clone());
                l.midle.add_m();
                (id, shared)
            }
        };
        let seed = self.cfg.seed ^ (u64::from(id) + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        MHandle {
            m: Box::new(M {
                sched: self.clone(),
                shared,
                id,
                p: RefCell::new(None),
                spinning: Cell::new(false),
                rng: Cell::new(seed | 1),
                trace: RefCell::new(Vec::new()),
                cur_g: Cell::new(0),
                entered_syscall: Cell::new(None),
                syscall_g: RefCell::new(None),
                stepped: Cell::new(false),
            }),
        }
    }

    /// The host could not start M `h` (host.rs, protocol step 3): say so,
    /// put its P back on the idle list (its Gs wait there for the Ms that
    /// exist), give back its spinning unit, and free its id for the next
    /// M. Go has no twin: `newm` throws.
    pub(super) fn spawn_failed(self: &Arc<Sched>, h: MHandle) {
        assert!(!h.m.stepped.get(), "Sched::spawn_failed: M{} has already stepped", h.m.id);
        let id = h.m.id;
        let handed = h.m.shared.nextp.take();
        drop(h);
        // Relaxed: a statistic.
        self.spawn_refused.fetch_add(1, Ordering::Relaxed);
        let p = handed.as_ref().map_or(u32::MAX, |(p, _)| p.id);
        self.emit(EventKind::MSpawnFailed { m: id, p });
        let mut l = lock(&self.lock);
        l.mfree.push(id);
        if let Some((p, spinning)) = handed {
            self.pidleput(&mut l, p);
            drop(l);
            if spinning {
                self.idle.stop_spinning();
            }
        }
    }

    /// Start the first M on an idle P. Go: `newm` for `main`.
    pub(crate) fn start(self: &Arc<Sched>) {
        self.startm(None, false);
    }

    pub(super) fn pidleput(&self, l: &mut Locked, mut p: Box<PLocal>) {
        self.stamp_p(&mut p);
        self.ps[p.id as usize].sys.set(P_IDLE);
        crate::idle::pidleput(l, &self.idle, p);
    }

    /// Causality: stamp a P with the time it leaves its M.
    pub(super) fn stamp_p(&self, p: &mut PLocal) {
        if self.virt {
            p.ts = self.now();
        }
    }

    pub(super) fn pidleget(&self) -> Option<Box<PLocal>> {
        crate::idle::pidleget(&mut *lock(&self.lock), &self.idle)
    }
}
