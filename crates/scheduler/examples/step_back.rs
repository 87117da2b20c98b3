//! Benchmark line for the steppable simulator: how long stepping back to an
//! earlier event takes in a run of at least 100,000 events (the goal: at
//! most 50 ms, so a person scrubbing the timeline never waits). Prints the
//! average and the worst over random targets; it is not a test and never
//! fails on a number.
//!
//!     cargo run --release -p interleave-scheduler --example step_back [-- --events N --targets N]

use interleave_scheduler::sim::SimConfig;
use interleave_scheduler::sim::step::{CHECKPOINT_EVERY, Sim};
use interleave_scheduler::{WaitGroup, chan, go, sleep, work, yield_now};
use std::time::{Duration, Instant};

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Eight workers, each ping-ponging with an echo G, spawning short Gs,
/// yielding and sleeping: every kind of queue traffic. `rounds` sets the
/// length.
async fn workload(rounds: u64) {
    let wg = WaitGroup::new();
    for w in 0..8u64 {
        wg.add(1);
        let wg = wg.clone();
        go(async move {
            let (tx, rx) = chan::<u64>(0);
            let (btx, brx) = chan::<u64>(0);
            let echo = go(async move {
                while let Some(v) = rx.recv().await {
                    btx.send(v + 1).await;
                }
            });
            for i in 0..rounds {
                tx.send(i).await;
                assert_eq!(brx.recv().await, Some(i + 1));
                if i % 4 == w % 4 {
                    go(async { work(Duration::from_nanos(500)) });
                }
                if i % 16 == 0 {
                    yield_now().await;
                }
                if i % 64 == 0 {
                    sleep(Duration::from_micros(5 + w)).await;
                }
            }
            tx.close();
            echo.await;
            wg.done();
        });
    }
    wg.wait().await;
}

fn main() {
    let want = arg("--events", 100_000);
    let targets = arg("--targets", 2_000);
    // Grow the workload until the run has enough events.
    let mut rounds = 1_000u64;
    let (sim, run_time) = loop {
        let t0 = Instant::now();
        let mut sim = Sim::new(SimConfig { procs: 4, seed: 1, ..SimConfig::default() }, workload(rounds));
        sim.run_to_end();
        let el = t0.elapsed();
        if sim.events().len() >= want {
            break (sim, el);
        }
        rounds = rounds * want as u64 / sim.events().len().max(1) as u64 + 100;
    };
    let n = sim.events().len();
    // Random targets (a fixed LCG: the same targets every run).
    let mut r: u64 = 0x2545_F491_4F6C_DD1D;
    let mut total = Duration::ZERO;
    let mut worst = Duration::ZERO;
    let mut worst_k = 0;
    for _ in 0..targets {
        r = r.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let k = (r >> 11) as usize % (n + 1);
        let t0 = Instant::now();
        let s = sim.snapshot_at(k);
        let el = t0.elapsed();
        std::hint::black_box(&s);
        total += el;
        if el > worst {
            worst = el;
            worst_k = k;
        }
    }
    // The worst case by construction: the event just before a checkpoint.
    let k = (n / CHECKPOINT_EVERY) * CHECKPOINT_EVERY - 1;
    let t0 = Instant::now();
    std::hint::black_box(sim.snapshot_at(k));
    let before_checkpoint = t0.elapsed();
    let avg = total / targets as u32;
    let goal = Duration::from_millis(50);
    let met = if worst.max(before_checkpoint) <= goal { "met" } else { "MISSED" };
    println!(
        "step back ({n} events, {} steps, run {:.1} ms, checkpoint every {CHECKPOINT_EVERY}): \
         avg {:.1} µs, worst {:.1} µs (event {worst_k}) over {targets} random targets, \
         {:.1} µs just before a checkpoint; goal <= 50 ms: {met}",
        sim.steps(),
        run_time.as_secs_f64() * 1e3,
        avg.as_secs_f64() * 1e6,
        worst.as_secs_f64() * 1e6,
        before_checkpoint.as_secs_f64() * 1e6,
    );
}
