//! The simulator's cost model: how much virtual time each scheduling action
//! takes. Natively these costs are simply paid in real time; the simulator
//! runs every M on one thread and a step executes in no time at all, so
//! without them a spinning M would try every victim, take a `runnext` after
//! a "grace" that lasts nothing, and do it all before the P that readied the
//! G gets to run it: the simulator would show Go's locality backwards (a 2-P
//! channel ping-pong stolen every round, runs split 50/50 over the Ps, where
//! Go and the native host keep the pair on one P with no steals).
//!
//! Each cost is charged where its action happens:
//! - **poll** — every step that runs a G (or an idle check) keeps its M busy
//!   this long (the simulator's step cost);
//! - **steal attempt** — each victim a spinning M looks at
//!   (`stealWork`'s inner loop);
//! - **runnext grace** — Go's `usleep(3)` before taking a busy P's
//!   `runnext`: the spinning M ends its step and comes back after the
//!   grace, and takes the G only if it has sat in `runnext` that long (the
//!   P that readied it did not run it meanwhile; Go's CAS after the sleep);
//! - **wake** — an M parked on its parker, unparked (`startm`), or a new M,
//!   cannot step before this long after the unpark (a futex wake and a
//!   context switch);
//! - **syscall entry / exit** — `entersyscall` and `exitsyscall` on the M.
//!
//! ## Defaults, measured
//! The defaults are measurements of the native host (`NativeHost`, OS
//! threads, `ThreadParker`) on the development machine, a 2-vCPU x86-64 VM
//! with other builds running, taken on 2026-12-01 with
//! `cargo test --release -p interleave-scheduler --test cost_model --
//! --ignored --nocapture` (medians of 7 runs; wake: median of 2,000):
//!
//! | action          | measured                                       | default  |
//! |-----------------|------------------------------------------------|----------|
//! | poll            | a `yield_now` round on one P: 184 ns           | 180 ns   |
//! | steal attempt   | `steal_into` of an empty victim 4 ns, of a     | 100 ns   |
//! |                 | 2-G victim (takes 1) 95 ns                     |          |
//! | runnext grace   | Go's constant (`usleep(3)`); for scale, a      | 3,000 ns |
//! |                 | ping-pong hand-over on one P takes 331 ns      |          |
//! | wake            | `unpark` → the parked thread running: 2.6 µs   | 2,600 ns |
//! | syscall entry   | a `syscall(\|\| ())` round minus a `yield_now`  | 10 ns    |
//! | syscall exit    | round: 17 ns, split evenly                     | 10 ns    |
//!
//! A steal attempt is charged at the cost of a successful one: it bounds a
//! failed one from above, and a spinner's round pays the cache misses on
//! the victims' queue heads. What matters for the picture is the
//! proportion — a poll and a hand-over far below the grace — so that the
//! simulator makes the decisions the native host makes; the parity tests
//! (`tests/parity.rs`) check that it does.

/// Virtual ns each scheduling action costs in the simulator. Part of
/// [`crate::sim::SimConfig`]; natively unused (real time passes by itself).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CostModel {
    /// One step that polls a G or checks for work.
    pub poll_ns: u64,
    /// One victim looked at by a spinning M.
    pub steal_attempt_ns: u64,
    /// How long a spinning M waits before taking a busy P's `runnext`, and
    /// how long the G must have sat there. Go: `usleep(3)` in `runqgrab`.
    pub runnext_grace_ns: u64,
    /// From unparking an M (or creating one) to that M running.
    pub wake_ns: u64,
    /// `entersyscall`.
    pub syscall_enter_ns: u64,
    /// `exitsyscall`.
    pub syscall_exit_ns: u64,
}

impl CostModel {
    /// Every action free: the simulator as it was before the cost model
    /// (steps still cost `poll_ns` = 0). For tests that want to show what
    /// goes wrong without costs.
    pub const ZERO: CostModel = CostModel {
        poll_ns: 0,
        steal_attempt_ns: 0,
        runnext_grace_ns: 0,
        wake_ns: 0,
        syscall_enter_ns: 0,
        syscall_exit_ns: 0,
    };

    /// The measured defaults (see the module doc).
    pub const MEASURED: CostModel = CostModel {
        poll_ns: 180,
        steal_attempt_ns: 100,
        runnext_grace_ns: 3_000,
        wake_ns: 2_600,
        syscall_enter_ns: 10,
        syscall_exit_ns: 10,
    };
}

impl Default for CostModel {
    fn default() -> Self {
        CostModel::MEASURED
    }
}
