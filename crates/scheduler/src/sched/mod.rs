//! The scheduler proper: P and M state, the global run queue, `findrunnable`,
//! `execute`, spinning/idle hand-over, syscalls and sysmon's retake.
//! Go: proc.go. The protocols are described in the crate doc; functions name
//! their Go twins and who may call them.
//!
//! One concern per file:
//! - `mod.rs` (this file) — the scheduler's state — configuration, the P, M
//!   and `Sched` types, the host's `MHandle`, and the shutdown teardown;
//! - `wake.rs` — making Gs runnable and waking Ms: `newproc`, `ready`, the run
//!   queues' put/get, `wakep`, `startm` (and an M the host could not
//!   start: `spawn_failed`), the idle P list;
//! - `schedule.rs` — the M loop: `step`, `stopm`, `findRunnable`, stealing,
//!   `execute`;
//! - `syscall.rs` — `entersyscall`/`exitsyscall`, `handoffp`, and sysmon's
//!   `retake` and tick (the simulator's, and the hosts' `sysmon_tick`,
//!   which also fires overdue timers);
//! - `timer.rs` — the timer heap: `addtimer`, `checkTimers`.

mod schedule;
mod syscall;
mod timer;
mod wake;

use timer::Timers;

use crate::cost::CostModel;
use crate::g::{CANCELLED, DONE, G};
use crate::host::Host;
use crate::idle::{Idle, IdleLists, MIdle, NO_TIMER, NextP, TimerWait};
use crate::park::Parker;
use crate::pstatus::{P_IDLE, P_RUNNING, PStatus};
use crate::queue::{self, Local, Steal};
use crate::sync::{Arc, AtomicBool, AtomicU64, AtomicUsize, Mutex, Ordering, lock};
use crate::trace::{BlockReason, Event, EventKind, MId, NO_M, PId, Trace, Wait};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::ptr;

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
    /// The P's status, and the slot it waits in while its M is in a
    /// syscall: exitsyscall's fast path and sysmon race on it
    /// (crate::pstatus).
    sys: PStatus<Box<PLocal>>,
    /// Virtual clock only: when the G now in `runnext` was put there (the
    /// simulator's runnext grace, `M::runnext_ripe`). Written by the owner
    /// M in `push_local`.
    runnext_since: AtomicU64,
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
    midle: MIdle,
    ms: Vec<Arc<MShared>>,
    /// Ids of Ms the host could not start (`spawn_failed`): the next new M
    /// takes one, with its parker, before a new id is made.
    mfree: Vec<MId>,
}

impl IdleLists<Box<PLocal>> for Locked {
    #[allow(clippy::vec_box, reason = "a P is an owned Box handed between Ms by pointer move")]
    fn pidle(&mut self) -> &mut Vec<Box<PLocal>> {
        &mut self.pidle
    }
    fn midle(&mut self) -> &mut MIdle {
        &mut self.midle
    }
    fn nextp(&self, m: u32) -> &NextP<Box<PLocal>> {
        &self.ms[m as usize].nextp
    }
}


/// Shards of the all-Gs registry (spawn and exit of Gs on different Ps
/// rarely meet on one lock).
const ALLG_SHARDS: usize = 16;

/// The scheduler. Go: `schedt` plus `allp`.
pub(crate) struct Sched {
    pub(crate) host: Arc<dyn Host>,
    /// `host.is_virtual()`, read once: the simulator's causality stamps.
    virt: bool,
    /// `host.cost()`, read once: what the simulator charges each scheduling
    /// action (crate::cost). Unused natively.
    cost: CostModel,
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
    /// Numbers the run's channels for the trace (`Wait::Chan`).
    next_chan: AtomicU64,
    shutdown: AtomicBool,
    timers: Mutex<Timers>,
    /// Earliest timer deadline and the M parked until it (idle.rs).
    timer: TimerWait,
    /// Trace buffers of exited Ms and events from outside any M.
    trace_done: Mutex<Vec<Vec<Event>>>,
    foreign: Mutex<Vec<Event>>,
    /// Real clocks only: the latest event timestamp handed out
    /// (`event_ts`), so that events get strictly increasing times.
    last_ts: AtomicU64,
    /// Ms the host could not start (`spawn_failed`).
    spawn_refused: AtomicU64,
}

thread_local! {
    static CURRENT: Cell<*const M> = const { Cell::new(ptr::null()) };
    static BLOCK_REASON: Cell<BlockReason> = const { Cell::new(BlockReason::Other) };
    static BLOCK_WAITS: RefCell<Vec<Wait>> = const { RefCell::new(Vec::new()) };
    static YIELDED: Cell<bool> = const { Cell::new(false) };
}

/// `yield_now` calls this right before returning `Pending`: the G is
/// rescheduled as Go's `Gosched` does it, on the global queue.
pub(crate) fn set_yielded() {
    YIELDED.with(|c| c.set(true));
}

/// Whether the poll that just ended yielded (cleared).
pub(crate) fn take_yielded() -> bool {
    YIELDED.with(|c| c.replace(false))
}

/// Primitives call this when the current G's poll leaves it in a queue the
/// trace names (a channel's wait queue, the timer heap), so its GoBlock
/// says where it waits (a select calls it once per arm).
pub(crate) fn note_wait(w: Wait) {
    BLOCK_WAITS.with(|v| v.borrow_mut().push(w));
}

/// The waits noted during the poll that just ended (cleared).
pub(crate) fn take_waits() -> Vec<Wait> {
    BLOCK_WAITS.with(|v| std::mem::take(&mut *v.borrow_mut()))
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
    /// Whether the host has stepped this M (a refused M never has).
    stepped: Cell<bool>,
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

    /// The loop of the thread (or Web Worker) that runs this M, until the
    /// run shuts down: step, and park on [`MHandle::parker`] when told to,
    /// until the deadline if there is one (read on the host's clock). Go:
    /// `mstart`. The native host's threads run exactly this.
    pub fn run(mut self) {
        loop {
            match self.step() {
                Step::Ran | Step::Syscall(_) => {}
                Step::Park(deadline) => {
                    let timeout = deadline.map(|d| {
                        let now = self.m.sched.now();
                        std::time::Duration::from_nanos(d.saturating_sub(now).max(1))
                    });
                    self.m.shared.parker.park(timeout);
                }
                Step::Exit => return,
            }
        }
    }

    /// The host accepted this M from [`crate::Host::spawn_m`] but cannot
    /// start it after all (a worker that failed to load): the same as
    /// refusing it then (host.rs, protocol step 3). Only for an M that has
    /// never stepped.
    pub fn spawn_failed(self) {
        let sched = self.m.sched.clone();
        sched.spawn_failed(self);
    }

    /// One scheduling step: run one G (or one syscall exit), or decide to park.
    pub fn step(&mut self) -> Step {
        self.m.stepped.set(true);
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
                sys: PStatus::new(),
                runnext_since: AtomicU64::new(0),
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
            cost: host.cost(),
            host,
            ps: ps.into_boxed_slice(),
            lock: Mutex::new(Locked {
                runq: VecDeque::new(),
                pidle,
                midle: MIdle::default(),
                ms: Vec::new(),
                mfree: Vec::new(),
            }),
            runqsize: AtomicUsize::new(0),
            idle,
            live_g: AtomicUsize::new(0),
            allgs: (0..ALLG_SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
            next_gid: AtomicU64::new(1),
            next_chan: AtomicU64::new(1),
            shutdown: AtomicBool::new(false),
            timers: Mutex::new(Timers::default()),
            timer: TimerWait::new(),
            trace_done: Mutex::new(Vec::new()),
            foreign: Mutex::new(Vec::new()),
            last_ts: AtomicU64::new(0),
            spawn_refused: AtomicU64::new(0),
            cfg,
        })
    }

    /// The run queues as they are: each P's (runnext, ring from head to
    /// tail) and the global queue, by G id. For the simulator's check of
    /// its snapshots; call it only between steps, with no M running.
    pub(crate) fn runq_ids(&self) -> crate::trace::RunQueues {
        assert!(self.virt, "Sched::runq_ids: only the simulator can read queues between steps");
        let ps = self
            .ps
            .iter()
            .map(|ps| {
                let (mut next, mut ring) = (None, Vec::new());
                // SAFETY: the simulator runs every M on the calling thread
                // and calls this between steps: nobody touches the queue.
                unsafe {
                    ps.steal.peek_each(|g, is_next| if is_next { next = Some(g.id) } else { ring.push(g.id) });
                }
                (next, ring)
            })
            .collect();
        let global = lock(&self.lock).runq.iter().map(|g| g.id).collect();
        (ps, global)
    }

    /// A number for a new channel of this run (trace: `Wait::Chan`).
    pub(crate) fn new_chan_id(&self) -> u64 {
        // Relaxed: an id counter.
        self.next_chan.fetch_add(1, Ordering::Relaxed)
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

    pub(crate) fn now(&self) -> u64 {
        self.host.now()
    }

    /// The timestamp of an event emitted now. On a virtual clock, the M's
    /// clock (the simulator's causality stamps order the Ms). On a real
    /// clock, the host's reading or 1 ns past the previous event's, if that
    /// is later: strictly increasing over every M, so an event that
    /// happened before another (a GoCreate before the GoStart it made
    /// possible) has a smaller timestamp even when a coarse clock read the
    /// same value for both, and merging the per-M buffers by time keeps
    /// the order (host.rs, "The clock").
    pub(crate) fn event_ts(&self) -> u64 {
        let now = self.now();
        if self.virt {
            return now;
        }
        // Relaxed: read-modify-writes of one location are totally ordered
        // consistently with happens-before (coherence), so an event that
        // happens before another took the earlier, smaller value.
        let mut prev = self.last_ts.load(Ordering::Relaxed);
        loop {
            let ts = now.max(prev + 1);
            match self.last_ts.compare_exchange_weak(prev, ts, Ordering::Relaxed, Ordering::Relaxed) {
                Ok(_) => return ts,
                Err(p) => prev = p,
            }
        }
    }

    /// Ms the host could not start so far.
    pub(crate) fn spawn_refused(&self) -> u64 {
        // Relaxed: a statistic.
        self.spawn_refused.load(Ordering::Relaxed)
    }

    /// Ms that exist: started, and not refused.
    pub(crate) fn ms(&self) -> usize {
        let l = lock(&self.lock);
        l.ms.len() - l.mfree.len()
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
        self.emit_at(self.event_ts(), kind);
    }

    /// The timestamp for an event that must be stamped before the change
    /// it reports is published (and emitted after, with `emit_at`): another
    /// M may react to the change at once, and its event must not get the
    /// earlier time. 0 when the trace is off.
    pub(crate) fn reserve_ts(&self) -> u64 {
        if self.cfg.trace { self.event_ts() } else { 0 }
    }

    /// Record an event stamped `ts` (from `reserve_ts`) on the current M's
    /// buffer, or the shared one.
    pub(crate) fn emit_at(&self, ts: u64, kind: EventKind) {
        if !self.cfg.trace {
            return;
        }
        with_current(|m| match m {
            Some(m) if ptr::eq(&*m.sched, self) => m.emit_at(ts, kind),
            _ => {
                let e = Event { ts, m: NO_M, kind };
                self.host.on_event(&e);
                lock(&self.foreign).push(e);
            }
        });
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
                    ps.extend(shared.sys.take_parked());
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


// Keep DONE referenced for readers of the state machine.
const _: u32 = DONE;
