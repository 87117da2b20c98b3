//! The scheduler proper: P and M state, the global run queue, `findrunnable`,
//! `execute`, spinning/idle hand-over, syscalls and sysmon's retake.
//! Go: proc.go. The protocols are described in the crate doc; functions name
//! their Go twins and who may call them.

use crate::g::{CANCELLED, DONE, G, IDLE, JoinHandle, NOTIFIED, RUNNABLE, RUNNING};
use crate::host::Host;
use crate::idle::{Idle, NO_TIMER, NextP, TimerKick, TimerWait};
use crate::park::Parker;
use crate::queue::{self, Local, Steal};
use crate::sync::{Arc, AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Mutex, MutexGuard, Ordering, lock};
use crate::trace::{BlockReason, Event, EventKind, MId, NO_M, PId, Trace};
use std::cell::{Cell, RefCell};
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::future::Future;
use std::ptr;
use std::task::{Context, Poll, Waker};

/// Go: `schedtick%61 == 0` — how often a P looks at the global queue first.
pub(crate) const GLOBAL_CHECK_INTERVAL: u32 = 61;
/// Consecutive runnext picks before the ring gets a turn. Go bounds runnext
/// chains by time slice + preemption; without preemption we bound by count.
const RUNNEXT_LIMIT: u32 = 16;
/// Go: `stealTries`.
const STEAL_TRIES: u32 = 4;
/// Default [`Config::spin_ns`] on the native host.
const SPIN_NS: u64 = 30_000;
/// Spin-loop hints between steal rounds once the first `steal_rounds` failed.
const SPIN_BACKOFF: u32 = 256;
/// Go: the `usleep(3)` before stealing a running P's `runnext`.
const RUNNEXT_GRACE_NS: u64 = 3_000;

/// Runtime configuration. Go: GOMAXPROCS and friends.
#[derive(Clone, Debug)]
pub struct Config {
    /// GOMAXPROCS: number of Ps.
    pub procs: usize,
    /// Cap on Ms (Go's `sched.maxmcount` is 10000); Ms beyond `procs` exist
    /// only to run Ps whose previous M is blocked in a syscall.
    pub max_ms: usize,
    /// Record the trace.
    pub trace: bool,
    /// Sysmon retakes the P of an M blocked in a syscall longer than this.
    /// Go: 20 µs (one sysmon tick).
    pub syscall_retake_ns: u64,
    /// Steal rounds an M makes before giving up its P. Go: 4. Natively a few
    /// more rounds pay for themselves: waking a parked thread costs tens of µs.
    pub steal_rounds: u32,
    /// Seed of the per-M random generators (victim order).
    pub seed: u64,
    /// How long a spinning M that found nothing keeps looking (holding its
    /// P, counted in `nmspinning`) before it gives the P back and parks.
    /// While an M spins, producers wake nobody (protocol step 1), so a
    /// ping-ponging pair on one P costs no cross-thread wake-ups; natively a
    /// wake-up of a parked thread costs tens of µs on a VM. It also delays
    /// stealing a busy P's `runnext` (the last round) by up to this long.
    /// 0 (the simulator): steal rounds only.
    pub spin_ns: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            procs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            max_ms: 64,
            trace: false,
            syscall_retake_ns: 20_000,
            steal_rounds: STEAL_TRIES,
            seed: 0x5eed,
            spin_ns: SPIN_NS,
        }
    }
}

impl Config {
    pub fn with_procs(procs: usize) -> Self {
        Config { procs: procs.max(1), ..Config::default() }
    }
}

// ---- P ----------------------------------------------------------------

/// P status. Go: `_Pidle`, `_Prunning`, `_Psyscall`.
const P_IDLE: u32 = 0;
const P_RUNNING: u32 = 1;
const P_SYSCALL: u32 = 2;

/// The movable, owner-only part of a P: whoever holds the `Box` runs Gs on it.
pub(crate) struct PLocal {
    pub(crate) id: PId,
    pub(crate) q: Local<G>,
    schedtick: u32,
    runnext_streak: u32,
    /// Virtual time the P last left an M (simulator causality; 0 natively).
    ts: u64,
}

/// The shared part of a P, in the P table.
pub(crate) struct PShared {
    steal: Steal<G>,
    /// P_IDLE / P_RUNNING / P_SYSCALL. The syscall fast path and sysmon race
    /// on P_SYSCALL → {P_RUNNING, P_IDLE} with CAS; the winner takes the P.
    status: AtomicU32,
    /// Where the P waits while its M is in a syscall.
    syscall_slot: Mutex<Option<Box<PLocal>>>,
    syscall_since: AtomicU64,
    syscall_m: AtomicU32,
}

// ---- M ----------------------------------------------------------------

/// What other Ms need of an M: how to wake it and where to leave it a P.
pub(crate) struct MShared {
    parker: Arc<dyn Parker>,
    /// Go: `m.nextp` (and `m.spinning` as startm sets it) — set by startm
    /// before unparking.
    nextp: NextP<Box<PLocal>>,
}

struct Locked {
    /// Go: `sched.runq`.
    runq: VecDeque<G>,
    /// Go: `sched.pidle`.
    #[allow(clippy::vec_box, reason = "a P is an owned Box handed between Ms by pointer move")]
    pidle: Vec<Box<PLocal>>,
    /// Go: `sched.midle`.
    midle: Vec<MId>,
    in_midle: Vec<bool>,
    ms: Vec<Arc<MShared>>,
}

struct TimerEntry {
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
struct Timers {
    heap: BinaryHeap<TimerEntry>,
    seq: u64,
}


/// Shards of the all-Gs registry (spawn and exit of Gs on different Ps
/// rarely meet on one lock).
const ALLG_SHARDS: usize = 16;

/// The scheduler. Go: `schedt` plus `allp`.
pub(crate) struct Sched {
    pub(crate) host: Arc<dyn Host>,
    /// `host.is_virtual()`, read once: the simulator's causality stamps.
    virt: bool,
    pub(crate) cfg: Config,
    ps: Box<[PShared]>,
    /// Go: `sched.lock`: global run queue, idle P list, idle M list.
    lock: Mutex<Locked>,
    /// Go: `sched.runqsize`; written under `lock`, read without it.
    runqsize: AtomicUsize,
    pub(crate) idle: Idle,
    live_g: AtomicUsize,
    /// Go: `allgs`: every G that has not finished, so that the teardown can
    /// destroy the ones a run leaves behind (runnable in a ring, parked on a
    /// channel only they can reach, sleeping). Each holds one reference.
    /// Inserted by `spawn`, removed when the G finishes (`run_g`), drained
    /// by `teardown`.
    allgs: Box<[Mutex<HashMap<u64, G>>]>,
    next_gid: AtomicU64,
    shutdown: AtomicBool,
    timers: Mutex<Timers>,
    /// Earliest timer deadline and the M parked until it (idle.rs).
    timer: TimerWait,
    /// Trace buffers of exited Ms and events from outside any M.
    trace_done: Mutex<Vec<Vec<Event>>>,
    foreign: Mutex<Vec<Event>>,
}

thread_local! {
    static CURRENT: Cell<*const M> = const { Cell::new(ptr::null()) };
    static BLOCK_REASON: Cell<BlockReason> = const { Cell::new(BlockReason::Other) };
}

/// Primitives call this right before returning `Pending` so the GoBlock
/// event says why.
pub(crate) fn set_block_reason(r: BlockReason) {
    BLOCK_REASON.with(|c| c.set(r));
}

/// Run `f` with the current M, if the calling thread is running one.
pub(crate) fn with_current<R>(f: impl FnOnce(Option<&M>) -> R) -> R {
    let p = CURRENT.with(|c| c.get());
    // SAFETY: CURRENT is set only by `MHandle::step` to a Box<M> that outlives
    // the step, and reset before the step returns; we are inside that step.
    f(unsafe { p.as_ref() })
}

/// An M: a thread of execution supplied by the host. Go: `m`.
/// All fields are touched only by the thread currently stepping this M.
pub(crate) struct M {
    pub(crate) sched: Arc<Sched>,
    shared: Arc<MShared>,
    pub(crate) id: MId,
    p: RefCell<Option<Box<PLocal>>>,
    spinning: Cell<bool>,
    rng: Cell<u64>,
    trace: RefCell<Vec<Event>>,
    /// G being polled (for GoUnblock's `by`), 0 if none.
    pub(crate) cur_g: Cell<u64>,
    /// Set by the syscall future during a poll: (handoff, virtual ns).
    entered_syscall: Cell<Option<u64>>,
    /// The G this M holds across its syscall, and the P it left.
    syscall_g: RefCell<Option<(G, PId)>>,
}

/// What the host should do after a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Did something; step again.
    Ran,
    /// Nothing to do: park until unparked (or until the host clock reaches
    /// the deadline, in ns).
    Park(Option<u64>),
    /// The G on this M entered a blocking syscall. Natively the call already
    /// ran; in simulation the M is busy for this many virtual ns.
    Syscall(u64),
    /// The runtime shut down; the M is gone.
    Exit,
}

/// The host's handle on an M. Go: an M's `mstart` loop is the host's loop
/// around [`MHandle::step`].
pub struct MHandle {
    m: Box<M>,
}

impl MHandle {
    pub fn id(&self) -> MId {
        self.m.id
    }

    pub fn parker(&self) -> &Arc<dyn Parker> {
        &self.m.shared.parker
    }

    /// One scheduling step: run one G (or one syscall exit), or decide to park.
    pub fn step(&mut self) -> Step {
        let prev = CURRENT.with(|c| c.replace(&*self.m as *const M));
        let r = self.m.step();
        CURRENT.with(|c| c.set(prev));
        r
    }
}

impl Drop for MHandle {
    fn drop(&mut self) {
        // An M dropped without exiting (a panicking or abandoned simulation)
        // hands back its P and its syscall G like an exiting one.
        self.m.release_all();
        self.m.flush_trace();
    }
}

impl Sched {
    pub(crate) fn new(cfg: Config, host: Arc<dyn Host>) -> Arc<Sched> {
        assert!(cfg.procs >= 1, "Sched::new: GOMAXPROCS must be at least 1");
        let mut pidle = Vec::new();
        let mut ps = Vec::new();
        for id in 0..cfg.procs {
            let (q, steal) = queue::local();
            ps.push(PShared {
                steal,
                status: AtomicU32::new(P_IDLE),
                syscall_slot: Mutex::new(None),
                syscall_since: AtomicU64::new(0),
                syscall_m: AtomicU32::new(0),
            });
            pidle.push(Box::new(PLocal { id: id as PId, q, schedtick: 0, runnext_streak: 0, ts: 0 }));
        }
        pidle.reverse(); // pop() hands out P0 first
        let idle = Idle::new(cfg.procs);
        for _ in 0..cfg.procs {
            idle.p_put();
        }
        Arc::new(Sched {
            virt: host.is_virtual(),
            host,
            ps: ps.into_boxed_slice(),
            lock: Mutex::new(Locked {
                runq: VecDeque::new(),
                pidle,
                midle: Vec::new(),
                in_midle: Vec::new(),
                ms: Vec::new(),
            }),
            runqsize: AtomicUsize::new(0),
            idle,
            live_g: AtomicUsize::new(0),
            allgs: (0..ALLG_SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
            next_gid: AtomicU64::new(1),
            shutdown: AtomicBool::new(false),
            timers: Mutex::new(Timers::default()),
            timer: TimerWait::new(),
            trace_done: Mutex::new(Vec::new()),
            foreign: Mutex::new(Vec::new()),
            cfg,
        })
    }

    pub(crate) fn procs(&self) -> usize {
        self.ps.len()
    }

    pub(crate) fn live_gs(&self) -> usize {
        // Acquire: pairs with the Release decrement in g_dropped.
        self.live_g.load(Ordering::Acquire)
    }

    /// The G finished: it leaves `allgs`.
    fn allg_remove(&self, id: u64) {
        let g = lock(&self.allgs[id as usize % ALLG_SHARDS]).remove(&id);
        drop(g);
    }

    pub(crate) fn g_dropped(&self) {
        // Release: a test that reads 0 also sees the G's memory released.
        self.live_g.fetch_sub(1, Ordering::Release);
    }

    fn now(&self) -> u64 {
        self.host.now()
    }

    /// Causality on the simulator's clock (crate doc, "Time model"): stamp
    /// a G with the time it is published to other Ms (queued or parked).
    fn stamp_g(&self, g: &G) {
        if self.virt {
            // Relaxed: one OS thread in the simulator.
            g.ts.store(self.now(), Ordering::Relaxed);
        }
    }

    /// The current M observes a G another M published: its clock moves
    /// past the stamp (strictly, so merged traces order the two).
    fn observe_g(&self, g: &G) {
        if self.virt {
            // Relaxed: one OS thread in the simulator.
            self.host.observe(g.ts.load(Ordering::Relaxed) + 1);
        }
    }

    /// Record an event on the current M's buffer, or the shared one.
    pub(crate) fn emit(&self, kind: EventKind) {
        if !self.cfg.trace {
            return;
        }
        with_current(|m| match m {
            Some(m) if ptr::eq(&*m.sched, self) => m.emit(kind),
            _ => lock(&self.foreign).push(Event { ts: self.now(), m: NO_M, kind }),
        });
    }

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
        self.emit(EventKind::GoCreate { g: id, parent });
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
        self.emit(EventKind::GoUnblock { g: g.id, by });
        self.stamp_g(&g);
        self.runqput(g, true);
    }

    /// Put a runnable G on the current P (runnext if `next`) or, from outside
    /// a P, on the global queue; then wake an M if Ps are idle.
    fn runqput(self: &Arc<Sched>, g: G, next: bool) {
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
    fn globrunqput(&self, gs: Vec<G>) {
        let mut l = lock(&self.lock);
        let n = gs.len();
        l.runq.extend(gs);
        // Release: pairs with the Acquire in runqsize_hint readers that then
        // take the lock anyway; keeps the count ahead of nobody.
        self.runqsize.fetch_add(n, Ordering::Release);
    }

    fn runqsize_hint(&self) -> usize {
        // Acquire: see globrunqput; a stale 0 is covered by the idle protocol
        // (the putter calls wakep after its push).
        self.runqsize.load(Ordering::Acquire)
    }

    /// Go: `globrunqget`. Takes up to a fair share of the global queue: one
    /// to run, the rest onto the P's local queue. Caller holds `l`.
    fn globrunqget(&self, l: &mut MutexGuard<'_, Locked>, p: &mut PLocal, max: usize) -> Option<G> {
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
        for _ in 1..n {
            let g = l.runq.pop_front().expect("globrunqget: size checked above");
            if let Some(spill) = p.q.push_back(g) {
                l.runq.extend(spill);
                break;
            }
        }
        self.runqsize.store(l.runq.len(), Ordering::Release);
        first
    }

    /// Go: `wakep`: if Ps are idle and no M spins, start a spinning M.
    pub(crate) fn wakep(self: &Arc<Sched>) {
        if self.idle.should_wake() {
            self.startm(None, true);
        }
    }

    /// Go: `startm`. Runs `p` (or an idle P) on an idle M, or a new M.
    /// With `spinning`, the caller hands over one unit of nmspinning.
    fn startm(self: &Arc<Sched>, p: Option<Box<PLocal>>, spinning: bool) {
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
        let p = match p {
            Some(p) => p,
            None => match l.pidle.pop() {
                Some(p) => {
                    self.idle.p_get();
                    p
                }
                None => {
                    drop(l);
                    if spinning {
                        self.idle.stop_spinning();
                    }
                    return;
                }
            },
        };
        let mut p = p;
        self.stamp_p(&mut p);
        if let Some(mid) = l.midle.pop() {
            l.in_midle[mid as usize] = false;
            let ms = l.ms[mid as usize].clone();
            // Hand the P over before releasing sched.lock: an M awake in
            // stopm (a timer deadline passed) must see either itself still
            // on the idle list or its nextp, never neither — else it would
            // re-register and a second startm could hand it another P over
            // this one. Lock order: sched.lock, then nextp (as stopm).
            ms.nextp.hand(p, spinning);
            drop(l);
            self.emit(EventKind::MUnpark { m: mid });
            ms.parker.unpark();
        } else if l.ms.len() < self.cfg.max_ms.max(self.procs()) {
            let h = self.new_m(&mut l, Some(p), spinning);
            drop(l);
            self.emit(EventKind::MSpawn { m: h.id() });
            self.host.spawn_m(h);
        } else {
            l.pidle.push(p);
            self.idle.p_put();
            drop(l);
            if spinning {
                self.idle.stop_spinning();
            }
        }
    }

    fn new_m(self: &Arc<Sched>, l: &mut Locked, p: Option<Box<PLocal>>, spinning: bool) -> MHandle {
        let id = l.ms.len() as MId;
        let shared = Arc::new(MShared {
            parker: self.host.new_parker(id),
            nextp: NextP::new(p, spinning),
        });
        l.ms.push(shared.clone());
        l.in_midle.push(false);
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
            }),
        }
    }

    /// Start the first M on an idle P. Go: `newm` for `main`.
    pub(crate) fn start(self: &Arc<Sched>) {
        self.startm(None, false);
    }

    /// Go: `handoffp`. Called with a P taken from an M blocked in a syscall.
    fn handoffp(self: &Arc<Sched>, p: Box<PLocal>) {
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

    fn pidleput(&self, l: &mut Locked, mut p: Box<PLocal>) {
        self.stamp_p(&mut p);
        // Relaxed: ordering comes from the lock and Idle::p_put's fence.
        self.ps[p.id as usize].status.store(P_IDLE, Ordering::Relaxed);
        l.pidle.push(p);
        self.idle.p_put();
    }

    /// Causality: stamp a P with the time it leaves its M.
    fn stamp_p(&self, p: &mut PLocal) {
        if self.virt {
            p.ts = self.now();
        }
    }

    fn pidleget(&self) -> Option<Box<PLocal>> {
        let mut l = lock(&self.lock);
        let p = l.pidle.pop();
        if p.is_some() {
            self.idle.p_get();
        }
        p
    }

    /// Go: `sysmon`'s `retake`: take the P of any M blocked in a syscall for
    /// longer than the threshold and hand it off. Returns how many were retaken.
    pub(crate) fn retake(self: &Arc<Sched>) -> usize {
        let now = self.now();
        let mut n = 0;
        for ps in self.ps.iter() {
            // Acquire: pairs with the Release store of P_SYSCALL in entersyscall.
            if ps.status.load(Ordering::Acquire) != P_SYSCALL {
                continue;
            }
            // Relaxed: written before the Release store of P_SYSCALL.
            let since = ps.syscall_since.load(Ordering::Relaxed);
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
            // AcqRel: the CAS decides between us and exitsyscall's fast path.
            if ps.status.compare_exchange(P_SYSCALL, P_IDLE, Ordering::AcqRel, Ordering::Relaxed).is_err() {
                continue;
            }
            let p = lock(&ps.syscall_slot).take().expect("retake: P_SYSCALL without a parked P");
            // Relaxed: written before the Release store of P_SYSCALL.
            let from = ps.syscall_m.load(Ordering::Relaxed);
            self.emit(EventKind::Handoff { p: p.id, from });
            self.handoffp(p);
            n += 1;
        }
        n
    }

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
        let next = self.timer.next();
        if next == NO_TIMER {
            return NO_TIMER;
        }
        let now = self.now();
        if now < next {
            return next;
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
        for w in fired {
            w.wake();
        }
        next
    }

    pub(crate) fn next_timer(&self) -> Option<u64> {
        let t = self.timer.next();
        (t != NO_TIMER).then_some(t)
    }

    /// One sysmon tick. Go: `sysmon`'s loop body: `retake`, and start an M
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

    /// Stop all Ms. They exit at their next step.
    pub(crate) fn shutdown(&self) {
        // Release: pairs with the Acquire load at the top of M::step.
        self.shutdown.store(true, Ordering::Release);
        let ms: Vec<_> = lock(&self.lock).ms.clone();
        for m in ms {
            m.parker.unpark();
        }
    }

    pub(crate) fn is_shutdown(&self) -> bool {
        // Acquire: pairs with shutdown's Release.
        self.shutdown.load(Ordering::Acquire)
    }

    /// Destroy every G the run left behind and collect the trace. Called
    /// once every M is gone (exited, or its handle dropped), for finished,
    /// panicked and abandoned runs alike.
    pub(crate) fn finish(&self) -> Trace {
        self.teardown();
        let mut bufs = std::mem::take(&mut *lock(&self.trace_done));
        bufs.push(std::mem::take(&mut *lock(&self.foreign)));
        Trace::merge(self.procs() as u32, bufs)
    }

    /// Go has no twin (a Go program's exit just ends the process); tokio's
    /// `OwnedTasks::close_and_shutdown_all` is the model. Breaks every
    /// G → Sched cycle so `live_gs` reaches 0 and every future's destructors
    /// run:
    /// 1. every unfinished G in `allgs` moves to CANCELLED, so the wakes
    ///    that dropping futures causes (a dropped Sender wakes its peer)
    ///    no-op instead of queueing;
    /// 2. each such G's future is dropped in place (`G::cancel`);
    /// 3. every reference a queue still holds is dropped: the global queue,
    ///    every P's ring and `runnext` (the Ps are gathered back from the
    ///    syscall slots and `nextp`s onto the idle list), the timer heap.
    ///
    /// Repeats until nothing is left (a destructor may create references).
    /// Caller: no M may step any more (all exited or dropped).
    pub(crate) fn teardown(&self) {
        // Release: pairs with the Acquire in is_shutdown (startm stops
        // starting Ms).
        self.shutdown.store(true, Ordering::Release);
        loop {
            let mut gs: Vec<G> = Vec::new();
            for shard in self.allgs.iter() {
                gs.extend(lock(shard).drain().map(|(_, g)| g));
            }
            gs.sort_by_key(|g| g.id); // deterministic destructor order
            for g in &gs {
                // Relaxed: no M exists; nothing else reads the future.
                let s = g.state.swap(CANCELLED, Ordering::Relaxed);
                debug_assert_ne!(s, DONE, "teardown: a finished G was still in allgs");
            }
            for g in &gs {
                g.cancel();
            }
            let mut queued: Vec<G> = Vec::new();
            {
                let ms: Vec<_> = lock(&self.lock).ms.clone();
                let mut ps: Vec<Box<PLocal>> = Vec::new();
                for m in &ms {
                    ps.extend(m.nextp.take().map(|(p, _)| p));
                }
                for shared in self.ps.iter() {
                    ps.extend(lock(&shared.syscall_slot).take());
                }
                let mut l = lock(&self.lock);
                self.runqsize.store(0, Ordering::Relaxed);
                queued.extend(l.runq.drain(..));
                for p in ps {
                    self.pidleput(&mut l, p);
                }
                for p in l.pidle.iter_mut() {
                    while let Some((g, _)) = p.q.pop(false) {
                        queued.push(g);
                    }
                }
            }
            let timers = {
                let mut t = lock(&self.timers);
                self.timer.set_next(NO_TIMER, false);
                std::mem::take(&mut t.heap)
            };
            let done = gs.is_empty() && queued.is_empty() && timers.is_empty();
            drop(timers);
            drop(queued);
            drop(gs);
            if done {
                return;
            }
        }
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
    fn emit(&self, kind: EventKind) {
        if self.sched.cfg.trace {
            let ts = self.sched.now();
            self.trace.borrow_mut().push(Event { ts, m: self.id, kind });
        }
    }

    fn flush_trace(&self) {
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
    fn push_local(&self, g: G, next: bool) -> Option<G> {
        let mut pb = self.p.borrow_mut();
        let Some(p) = pb.as_mut() else {
            return Some(g);
        };
        let spill = if next { p.q.push_next(g) } else { p.q.push_back(g) };
        let pid = p.id;
        drop(pb);
        if let Some(spill) = spill {
            self.emit(EventKind::RunqOverflow { p: pid, n: spill.len() as u32 });
            self.sched.globrunqput(spill);
        }
        None
    }

    fn pid(&self) -> PId {
        self.p.borrow().as_ref().map_or(u32::MAX, |p| p.id)
    }

    fn acquirep(&self, p: Box<PLocal>) {
        if self.sched.virt {
            self.sched.host.observe(p.ts + 1);
        }
        // Relaxed: the P's owner changes under the lock / nextp mutex.
        self.sched.ps[p.id as usize].status.store(P_RUNNING, Ordering::Relaxed);
        self.emit(EventKind::ProcStart { p: p.id });
        let old = self.p.borrow_mut().replace(p);
        assert!(old.is_none(), "acquirep: M already has a P");
    }

    fn step(&self) -> Step {
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
            Some((g, inherit)) => {
                if self.spinning.replace(false) {
                    // Go: resetspinning.
                    self.sched.idle.stop_spinning();
                    self.sched.wakep();
                }
                self.execute(g, inherit)
            }
            None => self.stopm(),
        }
    }

    /// Go: `stopm`: put this M on the idle list and park. Called without a P.
    fn stopm(&self) -> Step {
        debug_assert!(self.p.borrow().is_none());
        self.sched.run_timers();
        {
            let mut l = lock(&self.sched.lock);
            if self.shared.nextp.is_some() {
                // startm already handed us a P (e.g. for a G a timer woke).
                return Step::Ran;
            }
            if !l.in_midle[self.id as usize] {
                l.in_midle[self.id as usize] = true;
                l.midle.push(self.id);
            }
        }
        // Work may have been handed to us meanwhile (run_timers may have
        // woken Gs and started us): the parker's token covers that. The
        // deadline is read after claiming the waiter role (TimerWait).
        let deadline = self.sched.timer.claim(self.id);
        self.emit(EventKind::MPark);
        Step::Park(deadline)
    }

    /// The M exits (or its handle is dropped): its P goes back to the idle
    /// list, where the teardown drains its ring (dropping a P would leave
    /// its Gs in the ring buffer the P table still shares: a leak).
    fn release_all(&self) {
        let p = self.p.borrow_mut().take();
        if let Some(p) = p {
            self.emit(EventKind::ProcStop { p: p.id });
            self.sched.pidleput(&mut lock(&self.sched.lock), p);
        }
        let in_syscall = self.syscall_g.borrow_mut().take();
        drop(in_syscall);
    }

    /// Go: `findRunnable`. Returns a G to run (and whether it inherits the
    /// time slice), or None after releasing the P (the caller then parks).
    /// Caller: an M holding a P.
    fn find_runnable(&self) -> Option<(G, bool)> {
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
                    if let Some(g) = sched.globrunqget(&mut l, p, 1) {
                        return Some((g, false));
                    }
                }
                let skip = p.runnext_streak >= RUNNEXT_LIMIT;
                if let Some((g, inherit)) = p.q.pop(skip) {
                    p.runnext_streak = if inherit { p.runnext_streak + 1 } else { 0 };
                    return Some((g, inherit));
                }
                if sched.runqsize_hint() > 0 {
                    let mut l = lock(&sched.lock);
                    if let Some(g) = sched.globrunqget(&mut l, p, 0) {
                        return Some((g, false));
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
                    if let Some(g) = self.steal_work(last) {
                        return Some((g, false));
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
            let p = {
                let mut l = lock(&sched.lock);
                let mut pb = self.p.borrow_mut();
                let p = pb.as_mut().expect("find_runnable: M without a P");
                if let Some(g) = sched.globrunqget(&mut l, p, 0) {
                    return Some((g, false));
                }
                let p = pb.take().expect("checked above");
                let pid = p.id;
                sched.pidleput(&mut l, p);
                pid
            };
            self.emit(EventKind::ProcStop { p });
            if self.spinning.replace(false) {
                // Step 3 of the protocol: stop spinning, fence, re-check all.
                sched.idle.stop_spinning_idle();
                let work = sched.runqsize_hint() > 0 || sched.ps.iter().any(|ps| !ps.steal.is_empty());
                if work && let Some(p) = sched.pidleget() {
                    self.acquirep(p);
                    sched.idle.add_spinning();
                    self.spinning.set(true);
                    continue 'top;
                }
            }
            return None;
        }
    }

    /// Go: `stealWork`: one round over all Ps from a random start.
    fn steal_work(&self, steal_runnext: bool) -> Option<G> {
        let n = self.sched.ps.len();
        if n == 1 {
            return None;
        }
        let mut pb = self.p.borrow_mut();
        let p = pb.as_mut().expect("steal_work: M without a P");
        let start = (self.rand() % n as u64) as usize;
        for i in 0..n {
            let v = (start + i) % n;
            if v == p.id as usize {
                continue;
            }
            let victim = &self.sched.ps[v].steal;
            if victim.is_empty() {
                continue;
            }
            let pause = || self.pause_ns(RUNNEXT_GRACE_NS);
            let pause: Option<&dyn Fn()> = if steal_runnext { Some(&pause) } else { None };
            if let Some((g, taken)) = victim.steal_into_pausing(&mut p.q, pause) {
                let pid = p.id;
                drop(pb);
                self.emit(EventKind::ProcSteal { p: pid, victim: v as PId, n: taken as u32 });
                return Some(g);
            }
        }
        None
    }

    /// Go: `execute` + the return path of `schedule`.
    fn execute(&self, g: G, inherit: bool) -> Step {
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
                self.emit(EventKind::GoStart { g: g.id, p: pid, local_len, global_len });
            }
            pid
        };
        // Acquire: pairs with the waker's Release CAS to RUNNABLE (the queue
        // push already synchronised us; this is belt and braces for NOTIFIED).
        let prev = g.state.swap(RUNNING, Ordering::Acquire);
        debug_assert!(matches!(prev, RUNNABLE | RUNNING | NOTIFIED), "execute: G{} in state {prev}", g.id);
        self.run_g(g, pid)
    }

    fn run_g(&self, g: G, pid: PId) -> Step {
        let waker = g.waker_ref();
        let mut cx = Context::from_waker(&waker);
        self.cur_g.set(g.id);
        set_block_reason(BlockReason::Other);
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
                // Release: pairs with wake_ref's Acquire; publishes the
                // future's state to the M that polls it next.
                match g.state.compare_exchange(RUNNING, IDLE, Ordering::Release, Ordering::Relaxed) {
                    Ok(_) => {
                        let reason = BLOCK_REASON.with(|c| c.get());
                        self.emit(EventKind::GoBlock { g: g.id, p: pid, reason });
                        self.sched.stamp_g(&g);
                    }
                    Err(s) => {
                        assert_eq!(s, NOTIFIED, "run_g: G{} in unexpected state {s}", g.id);
                        // Woken while running (yield_now or a wake from a G
                        // on another P): requeue at the tail. Go's Gosched
                        // uses the global queue; the local tail keeps it cheap
                        // and other Ps can still steal it.
                        // Relaxed: we own the G; the queue push publishes it.
                        g.state.store(RUNNABLE, Ordering::Relaxed);
                        self.emit(EventKind::GoStop { g: g.id, p: pid });
                        self.sched.stamp_g(&g);
                        if let Some(g) = self.push_local(g, false) {
                            self.sched.globrunqput(vec![g]);
                        }
                    }
                }
            }
        }
        Step::Ran
    }

    /// Go: `entersyscall` / `entersyscallblock`. Called by the syscall future
    /// from inside a poll on this M.
    pub(crate) fn entersyscall(&self, handoff: bool, ns: u64) {
        let p = self.p.borrow_mut().take().expect("entersyscall: M without a P");
        let pid = p.id;
        let ps = &self.sched.ps[pid as usize];
        self.emit(EventKind::GoSyscallBegin { g: self.cur_g.get(), p: pid, handoff });
        self.entered_syscall.set(Some(ns));
        if handoff {
            self.emit(EventKind::Handoff { p: pid, from: self.id });
            self.emit(EventKind::ProcStop { p: pid });
            // Relaxed: the P is ours until handoffp publishes it.
            ps.status.store(P_IDLE, Ordering::Relaxed);
            self.sched.handoffp(p);
        } else {
            // Relaxed: both published by the Release store of P_SYSCALL.
            ps.syscall_since.store(self.sched.now(), Ordering::Relaxed);
            ps.syscall_m.store(self.id, Ordering::Relaxed);
            let mut p = p;
            self.sched.stamp_p(&mut p);
            *lock(&ps.syscall_slot) = Some(p);
            // Release: pairs with the Acquire load in retake.
            ps.status.store(P_SYSCALL, Ordering::Release);
        }
    }

    /// Go: `exitsyscall`. Fast path: our P is still ours. Else any idle P.
    /// Else the G goes to the global queue and the M stops.
    fn exitsyscall(&self, g: G, pid: PId) -> Step {
        let ps = &self.sched.ps[pid as usize];
        // AcqRel: races with retake's CAS on the same word.
        if ps.status.compare_exchange(P_SYSCALL, P_RUNNING, Ordering::AcqRel, Ordering::Relaxed).is_ok() {
            let p = lock(&ps.syscall_slot).take().expect("exitsyscall: P_SYSCALL without a parked P");
            if self.sched.virt {
                // The P may have been parked by another M since (after a
                // retake): not before it was parked.
                self.sched.host.observe(p.ts + 1);
            }
            *self.p.borrow_mut() = Some(p);
            self.emit(EventKind::GoSyscallEnd { g: g.id, kept_p: true });
            return self.resume(g);
        }
        self.emit(EventKind::GoSyscallEnd { g: g.id, kept_p: false });
        if let Some(p) = self.sched.pidleget() {
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

    fn resume(&self, g: G) -> Step {
        let pid = self.pid();
        if self.sched.cfg.trace {
            let local_len = self.p.borrow().as_ref().map_or(0, |p| p.q.len()) as u32;
            let global_len = self.sched.runqsize_hint() as u32;
            self.emit(EventKind::GoStart { g: g.id, p: pid, local_len, global_len });
        }
        // Relaxed: this M has owned the G throughout the syscall.
        g.state.store(RUNNING, Ordering::Relaxed);
        self.run_g(g, pid)
    }

    /// Busy-wait `ns` of host time; nothing on a virtual clock (the
    /// simulator's time only moves between steps).
    fn pause_ns(&self, ns: u64) {
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

// Keep DONE referenced for readers of the state machine.
const _: u32 = DONE;
