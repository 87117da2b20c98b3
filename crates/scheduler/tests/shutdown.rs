//! Every run — finished, panicked or aborted — drops every G it created, in
//! both hosts: `live_gs` returns to 0 and every G's future is destroyed
//! (its destructors run), whatever state the G was left in: runnable in a
//! P's ring, in `runnext`, on the global queue, parked on a channel that
//! only it can reach (a G → channel → waker → G cycle), or sleeping.

use interleave_scheduler::sim::{self, SimConfig};
use interleave_scheduler::{Config, Runtime, chan, go, sleep, yield_now};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Counts its own drops.
struct Canary(Arc<AtomicUsize>);
impl Drop for Canary {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

const LEFT_RUNNABLE: usize = 300; // more than a ring (256): some go global
const LEFT_BLOCKED: usize = 10;
const LEFT_SLEEPING: usize = 10;
const CANARIES: usize = LEFT_RUNNABLE + LEFT_BLOCKED + LEFT_SLEEPING;

/// Spawns Gs that never finish on their own, then returns (or panics).
async fn abandon(dropped: Arc<AtomicUsize>, panic_at_end: bool) -> usize {
    for _ in 0..LEFT_RUNNABLE {
        let c = Canary(dropped.clone());
        go(async move {
            let _c = c;
            loop {
                yield_now().await;
            }
        });
    }
    for _ in 0..LEFT_BLOCKED {
        let c = Canary(dropped.clone());
        go(async move {
            let _c = c;
            // Holds both ends: nobody else can ever wake it.
            let (_tx, rx) = chan::<u8>(0);
            rx.recv().await;
        });
    }
    for _ in 0..LEFT_SLEEPING {
        let c = Canary(dropped.clone());
        go(async move {
            let _c = c;
            sleep(Duration::from_secs(3600)).await;
        });
    }
    // Let some of them start (and park) before the root returns.
    yield_now().await;
    yield_now().await;
    assert!(!panic_at_end, "root G panics on purpose");
    7
}

#[test]
fn native_run_drops_every_g() {
    for procs in [1, 2, 4] {
        let dropped = Arc::new(AtomicUsize::new(0));
        let r = Runtime::new(Config::with_procs(procs)).run(abandon(dropped.clone(), false));
        assert_eq!(r.output, 7);
        assert_eq!(r.live_gs, 0, "procs {procs}: Gs still alive after the run");
        assert_eq!(dropped.load(Ordering::SeqCst), CANARIES, "procs {procs}: futures not destroyed");
    }
}

#[test]
fn sim_run_drops_every_g() {
    for seed in 1..=10 {
        let dropped = Arc::new(AtomicUsize::new(0));
        let r = sim::run(SimConfig { procs: 3, seed, ..SimConfig::default() }, abandon(dropped.clone(), false));
        assert_eq!(r.output, 7);
        assert_eq!(r.live_gs, 0, "seed {seed}: Gs still alive after the run");
        assert_eq!(dropped.load(Ordering::SeqCst), CANARIES, "seed {seed}: futures not destroyed");
    }
}

#[test]
fn panicked_runs_drop_every_g() {
    let dropped = Arc::new(AtomicUsize::new(0));
    let d = dropped.clone();
    let r = std::panic::catch_unwind(move || Runtime::new(Config::with_procs(2)).run(abandon(d, true)));
    assert!(r.is_err(), "the root's panic reaches the caller");
    assert_eq!(dropped.load(Ordering::SeqCst), CANARIES, "native: futures not destroyed after a panic");

    let dropped = Arc::new(AtomicUsize::new(0));
    let d = dropped.clone();
    let r = std::panic::catch_unwind(move || sim::run(SimConfig { procs: 2, ..SimConfig::default() }, abandon(d, true)));
    assert!(r.is_err(), "the root's panic reaches the caller");
    assert_eq!(dropped.load(Ordering::SeqCst), CANARIES, "sim: futures not destroyed after a panic");
}

/// A simulation stopped by its step budget (a workload that never ends)
/// still destroys every G it made.
#[test]
fn aborted_simulation_drops_every_g() {
    let dropped = Arc::new(AtomicUsize::new(0));
    let d = dropped.clone();
    let r = std::panic::catch_unwind(move || {
        sim::run(SimConfig { procs: 2, max_steps: 20_000, ..SimConfig::default() }, async move {
            abandon(d, false).await;
            loop {
                yield_now().await;
            }
        })
    });
    assert!(r.is_err(), "the step budget stops the run");
    assert_eq!(dropped.load(Ordering::SeqCst), CANARIES, "futures not destroyed after an aborted run");
}
