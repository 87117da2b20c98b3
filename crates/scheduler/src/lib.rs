//! # interleave-scheduler: a Go-style G/M/P work-stealing M:N scheduler
//!
//! This crate is the "wasm-compiled M:N scheduler" the Go-scheduler and
//! threading-models experiments show. It follows the design of Go's runtime
//! (`src/runtime/proc.go`, `runtime2.go`) closely enough that Go's names mean
//! the same thing here, and it knows nothing of the browser: threads, parking,
//! time and trace output come in through the [`Host`] trait.
//!
//! ## The model, in Go's words
//! - **G** — a goroutine: here a Rust future ([`g`]). A G is *stackless*: it
//!   keeps its state in the future, not on a stack of its own. A G is one
//!   heap block (header + future, later its output; tokio's task cell) with
//!   its own reference count; a G parked on a channel keeps its channel
//!   waiter inside that future (Go's `sudog`, see [`chan`]).
//! - **P** — a logical processor, the right to run Gs. There are exactly
//!   GOMAXPROCS of them ([`Config::procs`]). Each P owns a **local run queue**:
//!   a bounded lock-free ring of 256 Gs (single producer — the P's owner —,
//!   many stealers) plus a `runnext` slot for the G to run next ([`queue`]).
//! - **M** — a thread of execution supplied by the host: an OS thread natively,
//!   a Web Worker in the browser, a simulated thread in the simulator. An M runs
//!   Gs only while it holds a P. There can be more Ms than Ps: Ms blocked in
//!   syscalls have handed their P to another M.
//! - The **global run queue** (under `sched.lock`, as in Go) takes Gs made
//!   runnable outside any P and half of a P's ring when it overflows (Go's
//!   `runqputslow`). Every 61st schedule tick a P looks at it first, so Gs there
//!   cannot starve (Go's fairness rule).
//!
//! ## Why stackless Gs
//! wasm has no stack switching (the stack-switching proposal is not shipped),
//! so a G cannot be suspended in the middle of a function as a goroutine can.
//! A Rust future is a state machine that suspends only at `.await`; Gs
//! therefore switch **only at await points**. That is Go's behaviour before
//! 1.14 (cooperative scheduling, switches at calls into the runtime). Go 1.14
//! added asynchronous preemption by signals; we cannot, and we do not hide it:
//! a G that never awaits keeps its P, and the trace shows it ([`api::work`]
//! records a `Work` event, and the G's run on its P lane is as long as it is).
//!
//! Rejected alternatives: *stackful coroutines* (not possible on wasm; native
//! only); *one OS thread per G* (that is the 1:1 model the experiment compares
//! against, not M:N); *a single global queue* (simple, but every scheduling
//! decision would contend on one lock — the reason Go 1.1 introduced Ps);
//! *crossbeam-deque's Chase–Lev deques* (unbounded LIFO for the owner; Go's
//! bounded FIFO ring with `runnext` and overflow-to-global is what we teach).
//!
//! ## Scheduling: `schedule` and `findrunnable` (`sched/schedule.rs`)
//! An M holding a P loops: find a runnable G, poll it once, repeat. Finding
//! (Go: `findRunnable`), in order:
//! 1. every 61st tick, one G from the global queue;
//! 2. `runnext`, then the local ring (a G from runnext inherits the time slice:
//!    the tick does not advance; after 16 runnext picks in a row the ring gets
//!    a turn, because without preemption a ping-ponging pair would otherwise
//!    starve it);
//! 3. a batch from the global queue (a fair share, Go's `globrunqget`);
//! 4. **stealing**, if this M may spin: steal half (⌈n/2⌉) of a random
//!    victim's queue, trying every P from a random start for a few rounds —
//!    natively for at least [`Config::spin_ns`], backing off between rounds —
//!    and only the last round may take a victim's `runnext`, after a short
//!    grace (Go's `usleep(3)`: the P that readied that G is probably about to
//!    block and run it itself);
//! 5. otherwise give the P back and park.
//!
//! When a G is made runnable (spawned with [`go`], or woken), it goes to the
//! current P's `runnext` (the previous runnext moves to the tail) — or to the
//! global queue when the waker runs outside any P — and then `wakep` runs.
//!
//! ## The spinning / idle protocol (no lost wake-ups)
//! Go's rule: an M is *spinning* while it holds a P and looks for work but has
//! none. At most one M is woken per burst of new work, and spinning Ms are
//! bounded to half the busy Ps. The protocol ([`idle`] has the counters, the
//! fences and the idle lists' steps that the M loop calls):
//! 1. a producer publishes work, then `SeqCst` fence, then reads `npidle` and
//!    `nmspinning`; if a P is idle and nobody spins, it claims `nmspinning`
//!    0 → 1 by CAS and starts an M (an idle one, unparked through its parker
//!    after being handed the P in `nextp` under `sched.lock`; or a new one
//!    from the host). While an M spins nobody else is woken, which is why a
//!    natively spinning M keeps looking for [`Config::spin_ns`] before it
//!    gives up: waking a parked thread costs tens of µs on a VM;
//! 2. a spinning M that finds work stops spinning and, if it was the last
//!    spinner, does step 1 itself (work comes in bursts);
//! 3. a spinning M that found nothing puts its P on the idle list
//!    (`npidle += 1`), stops spinning, `SeqCst` fence, and **re-checks every
//!    queue**; if it sees work it takes an idle P back and spins again;
//! 4. then it registers as an idle M and parks. The parker keeps a token, so
//!    an unpark that arrives between "registered idle" and "parked" is kept
//!    ([`park`]).
//!
//! Steps 1 and 3 are a store→fence→load handshake on both sides: at least one
//! side sees the other's store, so new work is either seen by the idling M or
//! the producer wakes someone. Acquire/Release is not enough there (it permits
//! both loads to miss), which is why those two fences are `SeqCst`.
//!
//! ## Syscalls, sysmon and hand-off
//! [`syscall`] runs a blocking closure on the current M (Go: `entersyscall`):
//! the P is parked in the P table in state `Psyscall`. When the call returns
//! the M tries to CAS its P back to `Prunning` (the *exitsyscall fast path*).
//! Meanwhile **sysmon** (a host thread natively, a periodic event in the
//! simulator) retakes the P of any M blocked longer than
//! [`Config::syscall_retake_ns`] with the opposite CAS and hands it off
//! (`handoffp`): to an idle M, or a new M up to [`Config::max_ms`]. A returning
//! G whose P was taken gets an idle P or goes to the global queue while its M
//! parks. [`blocking`] hands off at once (Go: `entersyscallblock`).
//!
//! Because a G is a future, the syscall future splits the call in two polls:
//! the first runs the closure and returns `Pending` with the M still holding
//! the G; the M performs `exitsyscall` and polls again to deliver the value.
//!
//! ## Loom models
//! `RUSTFLAGS="--cfg loom"` builds the protocol steps (not `sched/`, which
//! calls them) with loom's atomics and locks, capacities shrunk. Each model
//! drives the functions the runtime calls, never a copy: the run queue
//! ([`queue`]: overflow, runnext, two thieves); the spinning/idle handshake;
//! the idle path (`find_runnable`'s stop path, the step-3 re-check,
//! `stopm`'s `mput`, the parker) against a producer's `wakep` and
//! `startm_locked`; `startm`'s hand-over of `nextp` with the spinning unit
//! to an M awake in `stopm`, and two `startm`s against one such M (never
//! two Ps for it); the spinning bound with three Ms; the timer
//! waiter; the parker; exitsyscall's fast path against retake (`pstatus`);
//! and a G woken while it is polled (`gstate`).
//!
//! ## Hosts
//! [`Host`] is small: spawn an M (which the host may refuse), make a
//! parker, read the clock, burn CPU. A host builds its run with [`Hosted`]
//! (create, tick sysmon with [`SchedHandle::sysmon`], shut down, finish)
//! and runs each M's loop with [`MHandle::run`]; `host.rs` states that
//! protocol and what the clock must satisfy. The native host ([`Runtime`])
//! is `Hosted` on OS threads with a sysmon thread. The simulator ([`sim`]) runs all
//! Ms on one OS thread with a virtual clock; a seeded RNG picks which M steps
//! next, the steal victims and syscall durations, so a seed and a workload give
//! a bit-identical trace. The Web Worker host lives in the engine, outside
//! this crate, on the same protocol (`tests/hosted.rs` is such a host on OS
//! threads, with a coarse clock and refused Ms). The crate
//! depends on no browser crate (a test checks `cargo metadata`) and builds
//! for wasm32 with and without atomics.
//!
//! ## The simulator's cost model
//! A simulated step executes in no time, so on its own the simulator would
//! let a spinning M try every victim and wait out the `runnext` grace before
//! the P that readied a G gets to run it — Go's locality backwards. Every
//! scheduling action therefore costs virtual time from one [`CostModel`]
//! (part of [`sim::SimConfig`]): a poll (180 ns), a steal attempt per victim
//! (100 ns), the runnext grace (3 µs, Go's `usleep(3)`: a spinning M ends its
//! step and takes the G only if it sat in `runnext` that long), waking a
//! parked or new M (2.6 µs before it runs), syscall entry and exit (10 ns
//! each). The defaults were measured on the native host (figures, method and
//! date in [`cost`]); `tests/parity.rs` checks that a channel ping-pong, a
//! fan-out and an unbalanced spawn look the same natively and simulated
//! (ping-pong: no steals, one P; unbalanced: steals).
//!
//! ## Differences from Go
//! What this scheduler does differently from Go's runtime (Go 1.22's
//! `proc.go`), in words an experiment page can quote. Each was checked
//! against the code; the ones that changed what a trace shows were fixed
//! (below the list).
//! - **No preemption, not even at a ready `.await`.** A G gives up its P
//!   only when it blocks (a channel, a lock, a sleep, a syscall, a join) or
//!   calls `yield_now`. An `.await` on something already ready (a buffered
//!   channel with room, an unlocked Mutex) continues without a switch, and
//!   a G that never blocks keeps its P for as long as it runs. Go preempts a
//!   goroutine that has run for 10 ms (asynchronously, with signals, since
//!   Go 1.14); we cannot interrupt a Rust future, and we do not add a
//!   budget as tokio does, because the lesson is what cooperative
//!   scheduling does. The trace shows the long run on its P lane.
//! - **No `needspinning` (Go 1.21).** When new work needs a spinning M but
//!   every P is busy, Go sets `sched.needspinning` so that the next M about
//!   to release its P spins instead. We drop the request: the work waits in
//!   its P's queue until that P gets to it, or until an M that runs out of
//!   work re-checks every queue before parking (step 3 above) and finds it.
//! - **Retake measures the syscall, not sysmon's ticks.** Go's `retake`
//!   takes a P only when two sysmon ticks in a row saw the same syscall
//!   (`syscalltick`), so a syscall is retaken after one to two ticks
//!   (20 µs to 40 µs when sysmon is busy). We retake once the syscall has
//!   lasted [`Config::syscall_retake_ns`] (20 µs) since it began, at the
//!   first sysmon tick past that: a little earlier and more regular.
//! - **Running out of Ms is not fatal.** Go dies with "thread exhaustion"
//!   past 10,000 Ms. When we reach [`Config::max_ms`] (64), `startm` puts
//!   the P back on the idle list: the work it was for waits until an M is
//!   free, and no event says so. When the host cannot start an M (a
//!   browser that will not start another worker), the same happens and the
//!   trace says so (`MSpawnFailed`, counted by
//!   [`host::SchedHandle::spawn_refused`]; `host.rs`, protocol step 3).
//! - **Sysmon fires overdue timers itself** on real hosts
//!   ([`host::SchedHandle::sysmon`]); Go's sysmon only starts an M to run
//!   them (and so does the simulator's, to keep Go's traces). A browser
//!   may wake a parked worker late, and a worker host may have no M left
//!   to start. The Gs it wakes are queued globally, `GoUnblock` from
//!   outside any M.
//! - **Channel waits can be cancelled, and that is not always clean.** A Go
//!   goroutine blocked on a channel cannot stop waiting; a Rust future can
//!   be dropped. Dropping a blocked send or receive that nobody matched yet
//!   just leaves the queue. Dropped just after a partner matched it, a
//!   receive loses the value handed to it, and a send counts as done
//!   although its future never completed (the receiver has the value).
//!   `select` is not affected: its arms are settled together.
//! - **The spinning bound is exact.** Go checks
//!   `2*nmspinning < busy Ps` and then adds one, so Ms asking at once may
//!   overshoot it; `Idle::try_spin` checks and adds in one CAS.
//! - **A G woken while it runs goes to its P's ring.** A future can be
//!   woken by another M while it is being polled (a goroutine cannot:
//!   it is parked before anyone can ready it); it is then re-queued at the
//!   tail of the local ring, where other Ps can steal it.
//!
//! Fixed, because they changed what a trace shows (tests in
//! `tests/deviations.rs`):
//! - `yield_now` (Go's `Gosched`) puts the G on the **global** queue and
//!   wakes an idle P if there is one, as Go's `goschedImpl` does; it used to
//!   go to the tail of its own P's ring.
//! - exitsyscall's fast path takes its P back whenever the P is in a
//!   syscall — also when sysmon retook it meanwhile and the M it went to is
//!   now in a syscall with it. Go does the same (`exitsyscallfast` only
//!   looks at the P's status). The trace used to say the M kept its P; it
//!   now shows the P handed off from the other M (which later finds its P
//!   gone), as Go's tracer reports the P taken from the syscall.
//!
//! ## Tracing
//! Every scheduling decision is an [`trace::Event`] in Go's tracer vocabulary,
//! appended to the current M's buffer; [`trace::Trace`] merges them, summarises
//! them ([`trace::Summary`]) and exports Chrome Trace Event JSON for Perfetto.
//! Events that move a G say which queue it went into ([`trace::Queue`],
//! [`trace::Wait`]) and came out of ([`trace::Source`]), so the simulator's
//! stepper ([`sim::step::Sim`]) draws every queue at any event as a fold
//! over them ([`sim::snapshot::Snapshot`]) and steps back without re-running.
//!
//! ## Source map
//! `queue` (runq), `idle` (spinning counters, idle lists), `park` (parker),
//! `g` (the G), `gstate` (its state transitions), `pstatus` (a P's status
//! and syscall slot),
//! `sched/` (one concern per file: `mod.rs` the P, M and scheduler state and
//! the shutdown teardown; `wake.rs` newproc, ready, the run queues, wakep and
//! startm; `schedule.rs` the M loop, findrunnable and stealing; `syscall.rs`
//! entersyscall/exitsyscall, handoffp and retake; `timer.rs` timers), `host`
//! (the `Host` trait), `native` (the native host and [`Runtime`]), `sim`
//! (simulator; `sim/step.rs` the stepper, `sim/snapshot.rs` the snapshot
//! fold), `api` (go/yield/sleep/syscall), `chan/` (`state.rs` the
//! channel, `waiter.rs` waiters and the waiting helper, `ops.rs` send and
//! receive, `select.rs` select), `gsync` (WaitGroup, Mutex), `trace` (events,
//! summary, export). Only `sync` names `std::sync` or `loom`.

#![warn(missing_debug_implementations)]
#![allow(missing_debug_implementations, reason = "runtime handles hold futures and trait objects")]

pub(crate) mod sync;

pub mod cost;

pub(crate) mod gstate;
pub(crate) mod idle;
pub mod park;
pub(crate) mod pstatus;
pub mod queue;

#[cfg(not(loom))]
pub mod api;
#[cfg(not(loom))]
pub mod chan;
#[cfg(not(loom))]
mod g;
#[cfg(not(loom))]
pub mod gsync;
#[cfg(not(loom))]
pub mod host;
#[cfg(not(loom))]
mod sched;
#[cfg(not(loom))]
pub mod native;
#[cfg(not(loom))]
pub mod sim;
pub mod trace;

#[cfg(not(loom))]
pub use api::{blocking, blocking_sleep, current_g, go, gomaxprocs, now, sleep, sleep_until, spawn, syscall, work, yield_now};
#[cfg(not(loom))]
pub use chan::{Receiver, Select, Sender, chan};
#[cfg(not(loom))]
pub use g::JoinHandle;
#[cfg(not(loom))]
pub use gsync::{Mutex, MutexGuard, WaitGroup};
#[cfg(not(loom))]
pub use host::{Finished, Host, Hosted, Report, SchedHandle, Sysmon, SysmonTick};
#[cfg(not(loom))]
pub use native::{NativeHost, Runtime};
pub use cost::CostModel;
pub use park::Parker;
#[cfg(not(loom))]
pub use sched::{Config, MHandle, Step};
