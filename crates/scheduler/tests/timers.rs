//! Overdue timers fire within a bound, in both hosts, whatever the M that
//! was waiting for the next timer is doing (Go: sysmon's timer check and
//! `checkTimers` in `findRunnable`).

use interleave_scheduler::sim::{self, SimConfig};
use interleave_scheduler::{Config, Runtime, blocking, blocking_sleep, chan, go, now, sleep};
use std::time::Duration;

/// One G sleeps 10 ms while another blocks its M in a long syscall. The
/// blocking call is started by a timer (1 ms) through a channel, so the M
/// that runs it is the one that was waiting for timers: afterwards no M
/// waits for the 10 ms timer unless something (sysmon, another M) takes
/// over. The sleeper must wake on time, not when the syscall returns.
async fn sleep_beside_blocking_call(block: Duration) -> u64 {
    sleep_beside(block, false).await
}

/// With `handoff`, the blocking call hands its P off at once (Go's
/// `entersyscallblock`): the P goes idle, no M passes through `stopm`
/// again, and only sysmon can notice the overdue timer. In the simulator
/// the call lasts a drawn syscall duration (`SimConfig::syscall_ns`).
async fn sleep_beside(block: Duration, handoff: bool) -> u64 {
    let (tx, rx) = chan::<()>(0);
    let blocker = go(async move {
        rx.recv().await;
        if handoff {
            blocking(|| if !interleave_scheduler::sim::is_simulated() { std::thread::sleep(block) }).await;
        } else {
            blocking_sleep(block).await;
        }
    });
    let trigger = go(async move {
        sleep(Duration::from_millis(1)).await;
        tx.send(()).await;
    });
    let t0 = now();
    sleep(Duration::from_millis(10)).await;
    let slept = now() - t0;
    trigger.await;
    blocker.await;
    slept
}

#[test]
fn sim_sleep_is_not_delayed_by_a_blocking_call() {
    for seed in 1..=40 {
        for procs in [1, 2, 3] {
            let r = sim::run(SimConfig { procs, seed, ..SimConfig::default() }, sleep_beside_blocking_call(Duration::from_millis(200)));
            let ms = r.output as f64 / 1e6;
            assert!(ms < 12.0, "seed {seed}, {procs} P: sleep(10ms) took {ms:.3} ms");
        }
    }
}

#[test]
fn sim_sleep_is_not_delayed_by_a_handed_off_blocking_call() {
    for seed in 1..=20 {
        for procs in [1, 2, 3] {
            let cfg = SimConfig { procs, seed, syscall_ns: (200_000_000, 200_000_000), ..SimConfig::default() };
            let r = sim::run(cfg, sleep_beside(Duration::from_millis(200), true));
            let ms = r.output as f64 / 1e6;
            assert!(ms < 12.0, "seed {seed}, {procs} P: sleep(10ms) took {ms:.3} ms");
        }
    }
}

#[test]
fn native_sleep_is_not_delayed_by_a_handed_off_blocking_call() {
    for procs in [1, 2] {
        let slept = Runtime::new(Config::with_procs(procs)).block_on(sleep_beside(Duration::from_millis(300), true));
        let ms = slept as f64 / 1e6;
        assert!(ms < 40.0, "{procs} P: sleep(10ms) took {ms:.3} ms");
    }
}

#[test]
fn native_sleep_is_not_delayed_by_a_blocking_call() {
    for procs in [1, 2] {
        let slept = Runtime::new(Config::with_procs(procs)).block_on(sleep_beside_blocking_call(Duration::from_millis(400)));
        let ms = slept as f64 / 1e6;
        // Bound: sysmon's longest nap (10 ms) plus a thread wake-up.
        assert!(ms < 40.0, "{procs} P: sleep(10ms) took {ms:.3} ms");
    }
}

/// Many sleepers with different deadlines while every P's M is in turn
/// blocked in syscalls: each wakes within the bound of its deadline.
#[test]
fn sim_every_sleeper_wakes_on_time() {
    for seed in 1..=10 {
        let r = sim::run(SimConfig { procs: 2, seed, ..SimConfig::default() }, async {
            let mut hs = Vec::new();
            for k in 0..4u64 {
                hs.push(go(async move {
                    blocking_sleep(Duration::from_millis(200 + k)).await;
                }));
            }
            let mut sleepers = Vec::new();
            for k in 1..=8u64 {
                sleepers.push(go(async move {
                    let t0 = now();
                    sleep(Duration::from_millis(k * 3)).await;
                    (k, now() - t0)
                }));
            }
            let mut late = Vec::new();
            for s in sleepers {
                let (k, took) = s.await;
                if took > k * 3_000_000 + 1_000_000 {
                    late.push((k * 3, took as f64 / 1e6));
                }
            }
            for h in hs {
                h.await;
            }
            late
        });
        assert!(r.output.is_empty(), "seed {seed}: late sleepers (ms asked, ms taken): {:?}", r.output);
    }
}
