//! The deterministic simulator host: every M runs on the calling OS thread,
//! time is virtual, and one seeded generator decides every choice — which M
//! steps next, the steal victims (each M's generator is derived from the
//! seed), and syscall durations. The same seed and workload give a
//! bit-identical trace ([`crate::trace::Trace::fingerprint`]); it models any
//! number of Ms and Ps on any machine, which is how the browser shows a
//! 64-P scheduler on a phone (tier 2).
//!
//! ## Time model
//! Each M has a `ready_at` time. The simulator's clock `now` is the earliest
//! time at which some M can step; among the Ms ready at `now` the generator
//! picks one. A step costs what its scheduling actions cost in
//! [`SimConfig::cost`] (the [`CostModel`]: a poll, each steal attempt, a
//! runnext grace, syscall entry and exit) plus whatever the G burned with
//! [`crate::work`]; an unparked or new M can step only the model's wake
//! cost after it was woken; a syscall keeps its M busy for its (drawn) duration while
//! sysmon ticks every `sysmon_ns` and may retake the P. Parked Ms wake when
//! unparked or at their timer deadline.
//!
//! ## Causality
//! A step runs to its end on one OS thread, but its clock moves while it
//! runs ([`crate::work`]), so a later-executed step of another M may start
//! at an earlier virtual time than an effect it can already see. Effects
//! therefore carry the time they were published, and an M that observes
//! one cannot be earlier (Lamport's rule; [`crate::Host::observe`]):
//! a G is stamped when it is queued (GoCreate, GoUnblock, GoStop) or parks
//! (GoBlock); a P when it leaves its M (idle list, `nextp`, syscall slot).
//! Running a G, waking a parked G, or taking a P moves the observing M's
//! clock to just after the stamp. So a child created after 1 ms of work
//! never starts before it was created, a G is never unblocked before it
//! blocked, and every M's and P's lane reads forward in time
//! (`tests/causality.rs` checks this over random workloads).
//!
//! ## Stepping
//! [`step::Sim`] is the simulator as a value: step it, run it to a virtual
//! time or to the end, and look at a [`snapshot::Snapshot`] of every queue
//! and every M and P after any event, earlier ones included. [`run`] is that
//! stepper run to the end.

use crate::cost::CostModel;
use crate::g::JoinHandle;
use crate::host::{Host, Report};
use crate::park::Parker;
use crate::sched::MHandle;
use crate::sync::{Arc, AtomicBool, AtomicU64, Mutex, Ordering, lock};
use crate::trace::{Event, MId};
use std::future::Future;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

pub mod snapshot;
pub mod step;

/// Simulation parameters. Everything that can vary between runs is here.
#[derive(Clone, Debug)]
pub struct SimConfig {
    pub procs: usize,
    pub seed: u64,
    pub max_ms: usize,
    /// What each scheduling action costs in virtual time ([`CostModel`]:
    /// measured on the native host; see `cost.rs`).
    pub cost: CostModel,
    /// Syscall durations without a nominal value are drawn uniformly here.
    pub syscall_ns: (u64, u64),
    pub sysmon_ns: u64,
    pub syscall_retake_ns: u64,
    /// Abort (panic) after this many steps: a workload that never ends.
    pub max_steps: u64,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            procs: 4,
            seed: 1,
            max_ms: 64,
            cost: CostModel::default(),
            syscall_ns: (5_000, 100_000),
            sysmon_ns: 20_000,
            syscall_retake_ns: 20_000,
            max_steps: 50_000_000,
        }
    }
}

struct SimParker {
    token: AtomicBool,
}

impl Parker for SimParker {
    fn park(&self, _timeout: Option<Duration>) {
        panic!("SimParker::park: the simulator never blocks an M");
    }
    fn unpark(&self) {
        // Relaxed: single OS thread; the simulator reads it between steps.
        self.token.store(true, Ordering::Relaxed);
    }
}

struct SimHost {
    clock: AtomicU64,
    rng: Mutex<u64>,
    syscall_range: (u64, u64),
    cost: CostModel,
    spawned: Mutex<Vec<MHandle>>,
    parkers: Mutex<Vec<Arc<SimParker>>>,
    /// The step log: every event, in the order the steps ran ([`step`]).
    log: Mutex<Vec<Event>>,
}

impl SimHost {
    fn new(cfg: &SimConfig) -> SimHost {
        SimHost {
            clock: AtomicU64::new(0),
            rng: Mutex::new(cfg.seed ^ 0x243F_6A88_85A3_08D3),
            syscall_range: cfg.syscall_ns,
            cost: cfg.cost,
            spawned: Mutex::new(Vec::new()),
            parkers: Mutex::new(Vec::new()),
            log: Mutex::new(Vec::new()),
        }
    }

    /// wyrand, as in sched/ (Go's cheaprand).
    fn rand(&self) -> u64 {
        let mut s = lock(&self.rng);
        *s = s.wrapping_add(0xa076_1d64_78bd_642f);
        let t = u128::from(*s) * u128::from(*s ^ 0xe703_7ed1_a0b4_28db);
        (t as u64) ^ ((t >> 64) as u64)
    }
}

impl Host for SimHost {
    fn now(&self) -> u64 {
        // Relaxed: one OS thread.
        self.clock.load(Ordering::Relaxed)
    }
    fn spawn_m(&self, m: MHandle) -> Result<(), MHandle> {
        lock(&self.spawned).push(m);
        Ok(())
    }
    fn new_parker(&self, m: MId) -> Arc<dyn Parker> {
        let p = Arc::new(SimParker { token: AtomicBool::new(false) });
        let mut ps = lock(&self.parkers);
        assert_eq!(ps.len(), m as usize, "SimHost::new_parker: Ms are numbered in order");
        ps.push(p.clone());
        p
    }
    fn syscall_ns(&self, nominal: Option<u64>) -> u64 {
        nominal.unwrap_or_else(|| {
            let (lo, hi) = self.syscall_range;
            lo + self.rand() % (hi.saturating_sub(lo) + 1)
        })
    }
    fn work(&self, ns: u64) {
        // Relaxed: one OS thread.
        self.clock.fetch_add(ns, Ordering::Relaxed);
    }
    fn is_virtual(&self) -> bool {
        true
    }
    fn observe(&self, ts: u64) {
        // Relaxed: one OS thread.
        self.clock.fetch_max(ts, Ordering::Relaxed);
    }
    fn on_event(&self, e: &Event) {
        lock(&self.log).push(*e);
    }
    fn cost(&self) -> CostModel {
        self.cost
    }
}

struct SimM {
    h: MHandle,
    parker: Arc<SimParker>,
    ready_at: u64,
    /// Some(deadline) while parked.
    parked: Option<Option<u64>>,
    exited: bool,
}

impl SimM {
    /// Whether the M can step at virtual time `now`.
    fn can_step(&self, now: u64) -> bool {
        if self.exited {
            return false;
        }
        match self.parked {
            // Relaxed: one OS thread.
            Some(dl) => self.parker.token.load(Ordering::Relaxed) || dl.is_some_and(|d| d <= now),
            None => self.ready_at <= now,
        }
    }
}

/// Run `f` as the root G in the simulator and return its output, the trace
/// and the live-G count: [`step::Sim`] run to the end.
pub fn run<F>(cfg: SimConfig, f: F) -> Report<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    step::Sim::new(cfg, f).finish()
}

/// Cost model: a parked M whose parker was unparked (at `at`, or just
/// before) runs only `wake_ns` later — natively a futex wake and a context
/// switch. It leaves the parked set now, with its token consumed.
fn wake_unparked(ms: &mut [SimM], at: u64, wake_ns: u64) {
    for m in ms.iter_mut() {
        // Relaxed: one OS thread.
        if m.parked.is_some() && m.parker.token.load(Ordering::Relaxed) {
            m.parked = None;
            m.parker.token.store(false, Ordering::Relaxed);
            m.ready_at = at + wake_ns;
        }
    }
}

/// Whether the calling G runs in the simulator (its blocking closures must
/// not really block). False outside any runtime.
pub fn is_simulated() -> bool {
    crate::sched::with_current(|m| m.is_some_and(|m| m.sched.host.is_virtual()))
}

fn take_output<T: Send + 'static>(h: &mut JoinHandle<T>) -> T {
    let mut cx = Context::from_waker(Waker::noop());
    match std::pin::Pin::new(h).poll(&mut cx) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("sim::run: root G not finished"),
    }
}
