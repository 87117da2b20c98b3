//! Hosts: what the core needs from the world (threads, parking, a clock), as
//! one small trait. The native implementation on `std::thread` is in
//! [`crate::native`], the simulator in [`crate::sim`].
//!
//! The seam for the Web Worker host (a later issue): `spawn_m` posts the
//! `MHandle` to a worker (which loops on `step` and parks with
//! `Atomics.wait`), `new_parker` wraps `Atomics.wait/notify` on a word of
//! shared memory, `now` reads `performance.now()`. Nothing in the core
//! changes.

use crate::cost::CostModel;
use crate::park::Parker;
use crate::sched::MHandle;
use crate::sync::Arc;
use crate::trace::{MId, Trace};

pub use crate::native::{NativeHost, Runtime};

/// Capabilities the scheduler core takes from its host.
pub trait Host: Send + Sync + 'static {
    /// Monotonic clock, ns since the runtime started.
    fn now(&self) -> u64;
    /// Start running an M: the host loops on `MHandle::step`, parking on
    /// `MHandle::parker` when told to, until `Step::Exit`.
    fn spawn_m(&self, m: MHandle);
    /// A parker for M `m`.
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
