//! The simulator as a value a person can step: forward one step at a time,
//! to a virtual time, or to the end, and back to any earlier event.
//!
//! ## Design
//! 1. **The step log.** Every event the scheduler emits also reaches the
//!    host ([`crate::Host::on_event`]); the simulator's host appends it to
//!    one log, so the log is in *execution* order — the order in which the
//!    simulator ran the steps. (The run's [`crate::trace::Trace`] is the
//!    same events merged by time for the timeline; the two orders differ
//!    where a step that ran later started at an earlier virtual time, and
//!    queue contents only make sense in execution order.)
//! 2. **Snapshots are a fold.** Events say which queue a G went into and
//!    came out of ([`crate::trace::Queue`], [`crate::trace::Source`],
//!    [`crate::trace::Wait`]), so [`Snapshot::apply`] rebuilds every queue,
//!    every M's and P's state, the timers and the channel wait queues from
//!    the log alone. The stepper keeps the snapshot at the frontier (the
//!    last event run) up to date as it steps.
//! 3. **Stepping back** to event `k` clones the nearest checkpoint at or
//!    before `k` (taken while stepping forward) and folds the events from
//!    there to `k`. Nothing is re-executed, so stepping back and forward
//!    again shows exactly the same pictures, and costs microseconds, not a
//!    replay.
//! 4. **Checkpoints are spaced by their size.** The next checkpoint is
//!    taken once at least max([`CHECKPOINT_EVERY`], the frontier's
//!    [`Snapshot::entries`]) events have passed since the last one. A
//!    snapshot's size is paid for by as many events, and one event adds
//!    at most a few entries, so all checkpoints together hold a small
//!    multiple of the log's length, however many Gs wait at once (a fixed
//!    interval cloned a queue of 100,000 Gs every 1,024 events:
//!    gigabytes). A step back then folds at most that many events — no
//!    more than the clone itself costs. Each checkpoint keeps its event
//!    index ([`Snapshot::events`]), and `snapshot_at` finds the nearest
//!    one by binary search.
//! 5. **Stepping forward past the frontier** runs the real simulator on:
//!    the log only grows, so any earlier point stays reachable.
//! 6. [`crate::sim::run`] is this stepper run to the end: stepping to the end
//!    and `run` are the same code, and `tests/step.rs` also compares their
//!    traces.
//!
//! Rejected: *replaying from the seed to reach an earlier event* (deterministic,
//! but it re-runs the whole prefix — and needs a way to build the root
//! future again — for every step back); *cloning the scheduler at
//! checkpoints* (futures cannot be cloned).
//!
//! The fold is checked against the scheduler's real queues after every step
//! of random workloads (`tests/step.rs`, through [`Sim::real_runqs`]).

use super::snapshot::Snapshot;
use super::{SimConfig, SimHost, SimM, take_output};
use crate::g::JoinHandle;
use crate::host::Report;
use crate::sched::{Config, Sched, Step};
use crate::sync::{Arc, Ordering, lock};
use crate::trace::{Event, Trace};
use std::future::Future;

/// The fewest events between two checkpoints (more when the snapshot is larger: see the module
/// doc, step 4).
pub const CHECKPOINT_EVERY: usize = 1024;

/// What one turn of the simulator loop did.
enum Turn {
    /// An M stepped, or virtual time moved.
    Moved,
    /// Virtual time would pass the limit: nothing was done.
    Limit,
    /// The run is over.
    Done,
}

/// A simulation that can be stepped. Built like [`crate::sim::run`] from a
/// configuration and the root future.
///
/// ```
/// use interleave_scheduler::sim::{SimConfig, step::Sim};
/// let mut sim = Sim::new(SimConfig::default(), async { interleave_scheduler::go(async {}).await; 7 });
/// let first = sim.step().len();
/// assert!(first > 0);
/// let before = sim.snapshot().clone();
/// sim.run_to_end();
/// assert_eq!(sim.snapshot_at(before.events as usize), before);
/// assert_eq!(sim.finish().output, 7);
/// ```
pub struct Sim<T: Send + 'static> {
    cfg: SimConfig,
    host: Arc<SimHost>,
    sched: Arc<Sched>,
    ms: Vec<SimM>,
    root: Option<JoinHandle<T>>,
    /// The simulator's clock: the earliest time an M can step.
    now: u64,
    next_sysmon: u64,
    steps: u64,
    shutting_down: bool,
    /// Every M has exited; `ended` holds what the run left.
    ended: Option<Ended<T>>,
    /// The step log (execution order).
    log: Vec<Event>,
    /// The state after the whole log.
    frontier: Snapshot,
    /// Snapshots of earlier states, by increasing event index
    /// ([`Snapshot::events`]); the first is the state before any event.
    checkpoints: Vec<Snapshot>,
    /// The log's length at which the next checkpoint is taken.
    next_checkpoint: usize,
}

struct Ended<T> {
    output: Option<T>,
    trace: Trace,
    live_gs: usize,
}

impl<T: Send + 'static> Sim<T> {
    /// Set up the run: the root G is created and the first M started (their
    /// events are the first of the log); nothing has stepped yet.
    pub fn new<F>(cfg: SimConfig, f: F) -> Sim<T>
    where
        F: Future<Output = T> + Send + 'static,
    {
        let host = Arc::new(SimHost::new(&cfg));
        let sched_cfg = Config {
            procs: cfg.procs,
            max_ms: cfg.max_ms,
            trace: true,
            syscall_retake_ns: cfg.syscall_retake_ns,
            steal_rounds: 4,
            seed: cfg.seed,
            spin_ns: 0,
        };
        let sched = Sched::new(sched_cfg, host.clone());
        let root = sched.spawn(f);
        sched.start();
        let procs = cfg.procs;
        let mut sim = Sim {
            next_sysmon: cfg.sysmon_ns,
            cfg,
            host,
            sched,
            ms: Vec::new(),
            root: Some(root),
            now: 0,
            steps: 0,
            shutting_down: false,
            ended: None,
            log: Vec::new(),
            frontier: Snapshot::new(procs),
            checkpoints: vec![Snapshot::new(procs)],
            next_checkpoint: CHECKPOINT_EVERY,
        };
        sim.collect();
        sim
    }

    /// Run until at least one event happens (one M's step, or a sysmon
    /// tick that did something) and return the events it produced; empty
    /// once the run is over.
    pub fn step(&mut self) -> &[Event] {
        let start = self.log.len();
        while self.log.len() == start {
            if matches!(self.turn(u64::MAX), Turn::Done) {
                break;
            }
        }
        &self.log[start..]
    }

    /// Run every step that starts at or before virtual time `t` (ns).
    /// Returns the events produced.
    pub fn run_until(&mut self, t: u64) -> &[Event] {
        let start = self.log.len();
        while let Turn::Moved = self.turn(t) {}
        &self.log[start..]
    }

    /// Run to the end (the root G finished and every M exited). The log,
    /// the snapshots and the trace stay available.
    pub fn run_to_end(&mut self) {
        while !matches!(self.turn(u64::MAX), Turn::Done) {}
    }

    /// Run to the end and return what [`crate::sim::run`] returns.
    pub fn finish(mut self) -> Report<T> {
        self.run_to_end();
        let ended = self.ended.as_mut().expect("Sim::finish: the run ended");
        Report {
            output: ended.output.take().expect("Sim::finish: output taken once"),
            trace: std::mem::take(&mut ended.trace),
            live_gs: ended.live_gs,
        }
    }

    /// Whether the run is over.
    pub fn is_finished(&self) -> bool {
        self.ended.is_some()
    }

    /// The simulator's clock, virtual ns: when the latest step started (or
    /// the latest moment time advanced to). After [`Sim::run_until`]`(t)`
    /// it is at most `t`, and the next step starts after `t`.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// Simulator steps run so far (M steps, not events).
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The step log so far, in execution order.
    pub fn events(&self) -> &[Event] {
        &self.log
    }

    /// The state after every event so far.
    pub fn snapshot(&self) -> &Snapshot {
        &self.frontier
    }

    /// The state after the first `k` events of the log (`k` is clamped to
    /// the log's length): step back (or forward within the log) to any
    /// point. Costs one snapshot clone and folding the events since the
    /// nearest checkpoint: at most max([`CHECKPOINT_EVERY`], that
    /// checkpoint's [`Snapshot::entries`]).
    pub fn snapshot_at(&self, k: usize) -> Snapshot {
        let k = k.min(self.log.len());
        // The first checkpoint is at event 0, so at least one is at or before `k`.
        let i = self.checkpoints.partition_point(|c| c.events as usize <= k).saturating_sub(1);
        let base = &self.checkpoints[i];
        let mut s = base.clone();
        for e in &self.log[base.events as usize..k] {
            s.apply(e);
        }
        s
    }

    /// Entries held by every checkpoint together ([`Snapshot::entries`]):
    /// what stepping back costs in memory, for tests and measurements.
    pub fn checkpoint_entries(&self) -> usize {
        self.checkpoints.iter().map(Snapshot::entries).sum()
    }

    /// Checkpoints kept so far.
    pub fn checkpoints(&self) -> usize {
        self.checkpoints.len()
    }

    /// The trace of the finished run (merged by time, as [`crate::sim::run`]
    /// returns it); `None` while it runs.
    pub fn trace(&self) -> Option<&Trace> {
        self.ended.as_ref().map(|e| &e.trace)
    }

    /// The scheduler's real run queues now — each P's (runnext, ring from
    /// head to tail) and the global queue — read from the scheduler, not
    /// folded: what the fold's [`Snapshot::runqs`] must equal between steps.
    pub fn real_runqs(&self) -> crate::trace::RunQueues {
        self.sched.runq_ids()
    }

    /// Move the step log's new events into the log and the frontier.
    fn collect(&mut self) {
        let new = std::mem::take(&mut *lock(&self.host.log));
        for e in new {
            self.frontier.apply(&e);
            self.log.push(e);
            if self.log.len() >= self.next_checkpoint {
                let snap = self.frontier.clone();
                self.next_checkpoint = self.log.len() + CHECKPOINT_EVERY.max(snap.entries());
                self.checkpoints.push(snap);
            }
        }
    }

    /// One turn of the simulator loop: step an M ready at `now` (the
    /// generator picks which), or move `now` to the next moment something
    /// can happen — but not past `limit`.
    fn turn(&mut self, limit: u64) -> Turn {
        if self.ended.is_some() {
            return Turn::Done;
        }
        let r = self.turn_inner(limit);
        self.collect();
        if let Turn::Done = r {
            self.end();
        }
        r
    }

    fn turn_inner(&mut self, limit: u64) -> Turn {
        let (host, sched) = (&self.host, &self.sched);
        for h in lock(&host.spawned).drain(..) {
            let parker = lock(&host.parkers)[h.id() as usize].clone();
            // Cost model: a new M runs a wake-up after it was started.
            let ready_at = self.now + self.cfg.cost.wake_ns;
            self.ms.push(SimM { h, parker, ready_at, parked: None, exited: false });
        }
        if !self.shutting_down && self.root.as_ref().is_some_and(|r| r.is_finished()) {
            self.shutting_down = true;
            sched.shutdown();
        }
        if self.shutting_down && self.ms.iter().all(|m| m.exited) {
            return Turn::Done;
        }
        let now = self.now;
        let ready: Vec<usize> = (0..self.ms.len()).filter(|&i| self.ms[i].can_step(now)).collect();
        if ready.is_empty() {
            // Advance virtual time to the next event.
            let mut next = u64::MAX;
            for m in &self.ms {
                if m.exited {
                    continue;
                }
                match m.parked {
                    Some(Some(d)) => next = next.min(d),
                    Some(None) => {}
                    None => next = next.min(m.ready_at),
                }
            }
            let in_syscall = self.ms.iter().any(|m| !m.exited && m.parked.is_none() && m.ready_at > now);
            let timer = sched.next_timer();
            if in_syscall || next != u64::MAX || timer.is_some() {
                next = next.min(self.next_sysmon);
            }
            // Go's sysmon, with nothing else to do, sleeps until the next
            // timer (an overdue one it checks at its ticks).
            let timer = timer.filter(|&t| t > now).unwrap_or(u64::MAX);
            next = next.min(timer);
            assert!(next != u64::MAX, "sim::run: deadlock — every G is blocked and no timer is pending");
            let now = now.max(next);
            if now > limit {
                return Turn::Limit;
            }
            self.now = now;
            if now >= self.next_sysmon || now == timer {
                // Relaxed: one OS thread.
                host.clock.store(now, Ordering::Relaxed);
                sched.sysmon();
                super::wake_unparked(&mut self.ms, now, self.cfg.cost.wake_ns);
                self.next_sysmon = now + self.cfg.sysmon_ns;
            }
            return Turn::Moved;
        }
        if now > limit {
            return Turn::Limit;
        }
        if now >= self.next_sysmon {
            // Relaxed: one OS thread.
            host.clock.store(now, Ordering::Relaxed);
            sched.sysmon();
            super::wake_unparked(&mut self.ms, now, self.cfg.cost.wake_ns);
            self.next_sysmon = now + self.cfg.sysmon_ns;
        }
        let pick = ready[(host.rand() % ready.len() as u64) as usize];
        let m = &mut self.ms[pick];
        if m.parked.take().is_some() {
            // Relaxed: one OS thread; consume the token.
            m.parker.token.store(false, Ordering::Relaxed);
        }
        // Relaxed: one OS thread.
        host.clock.store(now, Ordering::Relaxed);
        let step = m.h.step();
        let end = host.clock.load(Ordering::Relaxed);
        match step {
            Step::Ran => m.ready_at = end + self.cfg.cost.poll_ns,
            Step::Syscall(ns) => m.ready_at = end + ns,
            Step::Park(deadline) => {
                m.parked = Some(deadline);
                m.ready_at = end;
            }
            Step::Exit => m.exited = true,
        }
        super::wake_unparked(&mut self.ms, end, self.cfg.cost.wake_ns);
        self.steps += 1;
        assert!(self.steps < self.cfg.max_steps, "sim::run: more than {} steps", self.cfg.max_steps);
        Turn::Moved
    }

    /// Every M has exited: collect the output and the trace, and destroy
    /// every G the run left behind.
    fn end(&mut self) {
        self.ms.clear();
        let output = self.root.as_mut().map(take_output);
        self.root = None;
        let trace = self.sched.finish();
        let live_gs = self.sched.live_gs();
        self.ended = Some(Ended { output, trace, live_gs });
    }
}

impl<T: Send + 'static> Drop for Sim<T> {
    /// A run dropped before its end (abandoned, or unwinding from a panic:
    /// a deadlock, the step budget, a panicking root) still drops every G:
    /// the Ms' handles go first, handing back their Ps, then the teardown.
    fn drop(&mut self) {
        if self.ended.is_none() {
            self.ms.clear();
            self.sched.teardown();
        }
    }
}
