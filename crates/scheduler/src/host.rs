//! Hosts: what the core needs from the world (threads, parking, a clock), as
//! one small trait, and what a host calls back. The native implementation on
//! `std::thread` is in [`crate::native`], the simulator in [`crate::sim`];
//! a host outside this crate (the engine's Web Worker host) builds its run
//! with [`Hosted`] exactly as [`crate::Runtime`] does.
//!
//! ## The protocol between a host and the scheduler
//! 1. **Start.** [`Hosted::start`] creates the scheduler with `Config::procs`
//!    Ps, queues the root G and asks for the first M with [`Host::spawn_m`].
//! 2. **An M.** `spawn_m` hands over an [`MHandle`]. The host runs it on a
//!    thread of its own (an OS thread, a Web Worker sharing the wasm memory)
//!    by calling [`MHandle::run`] there, which loops on [`MHandle::step`] and
//!    parks on the M's [`Parker`] (the host's `new_parker`: natively a
//!    condvar, in a worker `memory.atomic.wait32` on a word of shared
//!    memory) until the run shuts down. A host may also drive
//!    [`MHandle::step`] itself (the simulator does).
//! 3. **An M that cannot start.** A host may refuse: `spawn_m` returns the
//!    handle, `Err(m)`; or it accepts and the M fails later (a worker whose
//!    script never loads): the host calls [`MHandle::spawn_failed`] with the
//!    handle it still holds. Either way the M never stepped, and the
//!    scheduler: records `MSpawnFailed` in the trace and counts it
//!    ([`SchedHandle::spawn_refused`], [`Finished::spawn_refused`]); puts
//!    the P it was for back on the idle list, so the Gs in that P's queue
//!    wait for the Ms that exist (an M that finishes its G looks at every
//!    queue, stealing, before it parks; an M leaving a syscall takes an
//!    idle P); gives back the spinning unit the M was started with; and
//!    frees the M's id (and parker) for the next M it asks for. Nothing is
//!    retried at once: the next `wakep`, hand-off or sysmon tick asks
//!    again, and [`SchedHandle::sysmon`] asks whenever work is queued while
//!    no M holds a P (the stall a refused first M would cause). Go has no
//!    twin (its `newm` dies with "thread exhaustion"). Rejected: *a pool
//!    of Ms started ahead of time* — Ms beyond GOMAXPROCS exist only for
//!    syscalls, and a pool sized for the worst case boots workers most runs
//!    never use, while a smaller one runs out just the same.
//! 4. **Sysmon.** The host calls [`SchedHandle::sysmon`] (a clone of
//!    [`Hosted::handle`] is `Send`) from a thread of its own, not an M,
//!    every 20 µs to 10 ms; [`Sysmon::tick`] is Go's pacing and says how
//!    long to sleep after each tick. One tick retakes the Ps of Ms blocked
//!    in syscalls (Go: `retake`) and fires every overdue timer (Go:
//!    `checkTimers`): the Gs they wake go to the global queue and an idle
//!    P is started for them. A timer is therefore late by at most a tick
//!    even when the host wakes an M parked until it late, or never. A tick
//!    that only asked again for a refused M does not reset the back-off
//!    ([`SysmonTick::did_work`]): a host that refuses every M sees one
//!    refusal per tick at the slowest pace, not one every 20 µs.
//! 5. **End.** When the root finishes ([`Hosted::root`] is its
//!    `JoinHandle`: poll it with any waker for the output, or test
//!    [`Hosted::is_done`]), the host calls [`SchedHandle::shutdown`]: every
//!    M returns from `run` at its next step ([`crate::Step::Exit`]; parked
//!    Ms are unparked). Once every handle it was given has exited, been
//!    refused or been dropped, it calls [`Hosted::finish`] for the trace.
//!    Calling `finish` while an M still steps is a bug.
//!
//! ## The clock: what `now()` must satisfy
//! - **Monotonic, one origin for all Ms.** Timer deadlines, syscall
//!   durations (retake) and trace timestamps from different Ms are compared
//!   with each other. In a browser each worker's `performance.now()` counts
//!   from that worker's own start, so a worker host must read
//!   `performance.timeOrigin + performance.now()` minus one origin shared by
//!   every worker (or a counter in shared memory), never the bare
//!   `performance.now()`. Readings of two workers that disagree by a few
//!   µs only move a timer by as much; trace order does not depend on them
//!   (below).
//! - **Any resolution.** Browsers give 5 µs when cross-origin isolated and
//!   100 µs otherwise, and `now()` may return the same value for many
//!   events. The scheduler assumes nothing finer: a timer fires at the
//!   first reading at or past its deadline (`at <= now`), a retake at the
//!   first tick that reads the syscall as long enough, the runnext grace
//!   (Go's `usleep(3)`) and the spinning window ([`Config::spin_ns`]) last
//!   until the clock has moved that far — up to one tick longer on a
//!   coarse clock; an M parked until a deadline may wake while the clock
//!   still reads earlier, and parks again (at most a tick of such naps;
//!   sysmon fires the timer anyway). Trace
//!   timestamps on a real clock are made strictly increasing across all Ms
//!   (`Sched::event_ts`: the host reading, or 1 ns past the previous event
//!   if that is later), so events that happened one after another stay in
//!   that order when the per-M buffers are merged by time: a GoCreate
//!   before its GoStart, a GoBlock before its GoUnblock, whatever the
//!   clock's resolution. Events are then late by at most 1 ns per event
//!   within one tick.
//! - **Nanoseconds since the run started** (small numbers: they are
//!   encoded as deltas).

use crate::cost::CostModel;
use crate::g::JoinHandle;
use crate::park::Parker;
use crate::sched::{Config, MHandle, Sched};
use crate::sync::Arc;
use crate::trace::{MId, Trace};
use std::future::Future;

pub use crate::native::{NativeHost, Runtime};

/// Capabilities the scheduler core takes from its host.
pub trait Host: Send + Sync + 'static {
    /// The clock, ns since the run started: monotonic, one origin for every
    /// M, any resolution (module doc, "The clock").
    fn now(&self) -> u64;
    /// Start running an M (module doc, protocol step 2): call
    /// [`MHandle::run`] on a thread of the host's (or step it). It may
    /// return before the M runs (a worker still booting). `Err(m)`: the
    /// host cannot start another M now; the scheduler takes the handle
    /// back (protocol step 3). An M that fails after `Ok` goes back
    /// through [`MHandle::spawn_failed`].
    fn spawn_m(&self, m: MHandle) -> Result<(), MHandle>;
    /// A parker for M `m`. Called once per M id: an id freed by a refused
    /// M keeps its parker for the next M.
    fn new_parker(&self, m: MId) -> Arc<dyn Parker>;
    /// Virtual ns a syscall takes. The native host returns 0 (the call really
    /// blocks); the simulator returns `nominal` or draws a duration.
    fn syscall_ns(&self, nominal: Option<u64>) -> u64 {
        let _ = nominal;
        0
    }
    /// Burn `ns` of CPU inside the current G without yielding.
    fn work(&self, ns: u64);
    /// Whether time is virtual (the simulator): blocking calls must not
    /// really block.
    fn is_virtual(&self) -> bool {
        false
    }
    /// Causality on a virtual clock: the current M observes something
    /// published at `ts` (a runnable or parked G, a released P), so its
    /// clock cannot be earlier. The simulator moves the stepping M's clock
    /// to `max(clock, ts)`; real clocks need nothing.
    fn observe(&self, ts: u64) {
        let _ = ts;
    }
    /// Every event as it is emitted, in the order the Ms emit them (the
    /// trace merges them by time later). The simulator keeps them as its
    /// step log ([`crate::sim::step`]); other hosts need nothing.
    fn on_event(&self, e: &crate::trace::Event) {
        let _ = e;
    }
    /// What each scheduling action costs on a virtual clock ([`CostModel`]).
    /// Real clocks charge nothing: the actions take their time by
    /// themselves.
    fn cost(&self) -> CostModel {
        CostModel::ZERO
    }
}

/// What a finished run left behind.
#[derive(Debug)]
pub struct Report<T> {
    pub output: T,
    pub trace: Trace,
    /// Gs still alive after the run (0 unless Gs were left blocked forever).
    pub live_gs: usize,
}

/// A run on a host of the caller's (module doc, the protocol): the
/// scheduler, its root G, and what the host calls. [`crate::Runtime`] is
/// this on [`NativeHost`] with a sysmon thread.
pub struct Hosted<T: Send + 'static> {
    handle: SchedHandle,
    root: JoinHandle<T>,
}

impl<T: Send + 'static> Hosted<T> {
    /// Protocol step 1: create the scheduler on `host`, queue `f` as the
    /// root G (Go: `main.main`) and ask the host for the first M
    /// ([`Host::spawn_m`] is called before this returns).
    pub fn start<F>(cfg: Config, host: Arc<dyn Host>, f: F) -> Hosted<T>
    where
        F: Future<Output = T> + Send + 'static,
    {
        let sched = Sched::new(cfg, host);
        let root = sched.spawn(f);
        sched.start();
        Hosted { handle: SchedHandle { sched }, root }
    }

    /// What a sysmon thread, or any other thread, holds.
    pub fn handle(&self) -> &SchedHandle {
        &self.handle
    }

    /// The root G: await it (or poll it with the host's waker) for its
    /// output; a panic in the root resumes there.
    pub fn root(&mut self) -> &mut JoinHandle<T> {
        &mut self.root
    }

    /// Whether the root G has finished.
    pub fn is_done(&self) -> bool {
        self.root.is_finished()
    }

    /// Protocol step 5: destroy every G the run left behind and collect the
    /// trace. Call it after [`SchedHandle::shutdown`], once every M handle
    /// the host was given has exited, been refused or been dropped.
    pub fn finish(self) -> Finished {
        let Hosted { handle, root } = self;
        // The root's handle holds the root G: not alive after the run.
        drop(root);
        let sched = &handle.sched;
        sched.shutdown();
        let trace = sched.finish();
        Finished { trace, live_gs: sched.live_gs(), spawn_refused: sched.spawn_refused() }
    }
}

/// What [`Hosted::finish`] returns (the root's output comes from
/// [`Hosted::root`]).
#[derive(Debug)]
pub struct Finished {
    pub trace: Trace,
    /// Gs still alive after the run (0 unless Gs were left blocked forever).
    pub live_gs: usize,
    /// Ms the host could not start ([`SchedHandle::spawn_refused`]).
    pub spawn_refused: u64,
}

/// A handle on a running scheduler for the host's own threads (sysmon, the
/// thread that waits for the root): cheap to clone, `Send`, `Sync`.
#[derive(Clone)]
pub struct SchedHandle {
    sched: Arc<Sched>,
}

impl SchedHandle {
    /// One sysmon tick (protocol step 4): retake the Ps of Ms blocked in
    /// syscalls, fire overdue timers, and ask for an M again if work is
    /// queued while no M holds a P. Call it from a thread that is not an M.
    /// Go: `sysmon`'s loop body with `retake` and `checkTimers`.
    pub fn sysmon(&self) -> SysmonTick {
        self.sched.sysmon_tick()
    }

    /// The earliest timer deadline on the host's clock, if any.
    pub fn next_timer(&self) -> Option<u64> {
        self.sched.next_timer()
    }

    /// The host's clock, as the scheduler reads it.
    pub fn now(&self) -> u64 {
        self.sched.now()
    }

    /// Protocol step 5: every M exits at its next step (parked Ms are
    /// unparked).
    pub fn shutdown(&self) {
        self.sched.shutdown();
    }

    pub fn is_shutdown(&self) -> bool {
        self.sched.is_shutdown()
    }

    /// How many times the host could not start an M (protocol step 3): a
    /// page reads it to say that the run was short of Ms.
    pub fn spawn_refused(&self) -> u64 {
        self.sched.spawn_refused()
    }

    /// Ms that exist (started and not refused).
    pub fn ms(&self) -> usize {
        self.sched.ms()
    }
}

/// What one [`SchedHandle::sysmon`] tick did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SysmonTick {
    /// Ps taken from Ms blocked in syscalls and handed off.
    pub retaken: usize,
    /// Overdue timers fired (their Gs were made runnable).
    pub timers_fired: usize,
    /// Work was queued while no M held a P, and an M was asked for.
    pub restarted: bool,
}

impl SysmonTick {
    /// Whether the tick did anything that resets sysmon's back-off. Asking
    /// again for an M does not: a host that keeps refusing Ms would keep
    /// sysmon at its fastest pace, each tick another refusal in the trace.
    pub fn did_work(&self) -> bool {
        self.retaken > 0 || self.timers_fired > 0
    }
}

/// Go's sysmon pacing: tick every 20 µs, backing off (doubling) to 10 ms
/// after 50 idle ticks, back to 20 µs after a tick that did something, and
/// never sleeping past the next timer. A host's sysmon thread loops on
/// [`Sysmon::tick`] and sleeps (natively `thread::sleep`, in a worker
/// `memory.atomic.wait32` with a timeout) for what it returns, until
/// [`SchedHandle::is_shutdown`].
#[derive(Clone, Debug)]
pub struct Sysmon {
    delay_us: u64,
    idle: u32,
}

impl Default for Sysmon {
    fn default() -> Self {
        Self::new()
    }
}

impl Sysmon {
    pub fn new() -> Self {
        Sysmon { delay_us: 20, idle: 0 }
    }

    /// One tick ([`SchedHandle::sysmon`]); returns how long to sleep before
    /// the next, in ns.
    pub fn tick(&mut self, h: &SchedHandle) -> u64 {
        if h.sysmon().did_work() {
            self.idle = 0;
            self.delay_us = 20;
        } else {
            self.idle += 1;
            if self.idle > 50 {
                self.delay_us = (self.delay_us * 2).min(10_000);
            }
        }
        let mut nap = self.delay_us;
        if let Some(t) = h.next_timer() {
            let until = t.saturating_sub(h.now()) / 1_000;
            nap = nap.min(until.max(20));
        }
        nap * 1_000
    }
}
