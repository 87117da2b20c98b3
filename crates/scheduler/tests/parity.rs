//! Parity between the native runtime and the simulator: the same workload
//! shows the same qualitative picture in both, because the simulator
//! charges every scheduling action its cost from one [`CostModel`]
//! calibrated on the native host.
//! - ping-pong over an unbuffered channel: the partner readied into
//!   `runnext` is run by the same P (Go's design); steals ≈ 0 and almost
//!   every run is on one P;
//! - an unbalanced spawn (one P creates all the work): other Ps steal;
//! - fan-out of CPU-bound workers: the work spreads over every P.
//!
//! Before the cost model the simulated ping-pong showed 4,002 steals over
//! 2,000 round trips and runs split [2001, 2002] over 2 Ps (seed 1).

use interleave_scheduler::sim::{self, SimConfig};
use interleave_scheduler::trace::{EventKind, Trace};
use interleave_scheduler::{Config, CostModel, Runtime, WaitGroup, chan, go, work};
use std::time::Duration;

const ROUND_TRIPS: u32 = 2_000;

async fn ping_pong() {
    let (tx, rx) = chan::<u32>(0);
    let (back_tx, back_rx) = chan::<u32>(0);
    let echo = go(async move {
        while let Some(v) = rx.recv().await {
            back_tx.send(v).await;
        }
    });
    for i in 0..ROUND_TRIPS {
        tx.send(i).await;
        back_rx.recv().await;
    }
    tx.close();
    echo.await;
}

async fn unbalanced() {
    let wg = WaitGroup::new();
    for _ in 0..64 {
        wg.add(1);
        let wg = wg.clone();
        go(async move {
            work(Duration::from_micros(200));
            wg.done();
        });
    }
    wg.wait().await;
}

/// CPU-bound workers reporting over a buffered channel (which nobody
/// closes: the root counts the reports).
async fn fan_out(procs: usize) {
    let workers = procs as u64 * 4;
    let (tx, rx) = chan::<u64>(procs);
    for w in 0..workers {
        let tx = tx.clone();
        go(async move {
            work(Duration::from_millis(1));
            tx.send(w).await;
        });
    }
    let mut sum = 0;
    for _ in 0..workers {
        sum += rx.recv().await.expect("fan_out: the channel is never closed");
    }
    assert_eq!(sum, workers * (workers - 1) / 2);
}

/// GoStarts per P.
fn runs_per_p(t: &Trace) -> Vec<u64> {
    let mut v = vec![0u64; t.procs as usize];
    for e in &t.events {
        if let EventKind::GoStart { p, .. } = e.kind {
            v[p as usize] += 1;
        }
    }
    v
}

fn steals(t: &Trace) -> u64 {
    t.summary().steals
}

/// Native runs, one at a time (the test harness runs tests in parallel,
/// and on a 2-vCPU machine a second runtime would take the CPUs away).
fn native(procs: usize, f: impl std::future::Future<Output = ()> + Send + 'static) -> Trace {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    Runtime::new(Config { trace: true, ..Config::with_procs(procs) }).run(f).trace
}

fn simulated(procs: usize, seed: u64, f: impl std::future::Future<Output = ()> + Send + 'static) -> Trace {
    sim::run(SimConfig { procs, seed, ..SimConfig::default() }, f).trace
}

/// Steals and the share of runs on the busiest P, as printed on failure.
fn locality(t: &Trace) -> (u64, Vec<u64>, f64) {
    let runs = runs_per_p(t);
    let total: u64 = runs.iter().sum();
    let top = *runs.iter().max().expect("at least one P");
    (steals(t), runs, top as f64 / total.max(1) as f64)
}

/// The simulator is exact about it: at most 1 % of the round trips stolen,
/// at least 98 % of the runs on one P.
fn check_ping_pong_simulated(t: &Trace, what: &str) {
    let (steals, runs, top) = locality(t);
    assert!(steals <= u64::from(ROUND_TRIPS) / 100, "{what}: {steals} steals over {ROUND_TRIPS} round trips (runs per P {runs:?})");
    assert!(top >= 0.98, "{what}: runs split over Ps: {runs:?}");
}

#[test]
fn ping_pong_stays_on_one_p_simulated() {
    for seed in 1..=5 {
        check_ping_pong_simulated(&simulated(2, seed, ping_pong()), &format!("sim 2 P seed {seed}"));
        check_ping_pong_simulated(&simulated(4, seed, ping_pong()), &format!("sim 4 P seed {seed}"));
    }
}

/// Without costs (every action free, a grace that lasts nothing) the
/// simulator shows the locality backwards — the spinning M takes the
/// partner from `runnext` almost every round and the runs split over the
/// Ps — which is what the cost model is for.
#[test]
fn without_costs_the_simulator_steals_the_partner() {
    for seed in 1..=3 {
        let cfg = SimConfig { procs: 2, seed, cost: CostModel::ZERO, ..SimConfig::default() };
        let (steals, runs, top) = locality(&sim::run(cfg, ping_pong()).trace);
        assert!(steals >= u64::from(ROUND_TRIPS) / 2, "seed {seed}: only {steals} steals (runs per P {runs:?})");
        assert!(top < 0.75, "seed {seed}: runs on one P: {runs:?}");
    }
}

/// Natively, on a noisy 2-vCPU machine, a descheduled thread can let the
/// spinner in now and then (and a stolen pair then lives on the other P
/// for a while): generous bounds — at most 5 % of the round trips stolen,
/// at least 60 % of the runs on one P (measured: 2 steals, 78 %; a split,
/// as the simulator showed without costs, is ~50 %). Best of three runs.
#[test]
fn ping_pong_stays_on_one_p_natively() {
    let mut seen = Vec::new();
    for _ in 0..3 {
        let (steals, runs, top) = locality(&native(2, ping_pong()));
        if steals <= u64::from(ROUND_TRIPS) / 20 && top >= 0.60 {
            return;
        }
        seen.push((steals, runs));
    }
    panic!("native ping-pong: (steals, runs per P) in three runs: {seen:?}");
}

/// Natively, best of three runs (as for fan-out).
#[test]
fn unbalanced_spawn_is_stolen_in_both_hosts() {
    let mut seen = Vec::new();
    for _ in 0..3 {
        let t = native(2, unbalanced());
        if steals(&t) > 0 {
            break;
        }
        seen.push(runs_per_p(&t));
    }
    assert!(seen.len() < 3, "native: no steals in three runs; runs per P {seen:?}");
    for seed in 1..=5 {
        let t = simulated(2, seed, unbalanced());
        assert!(steals(&t) > 0, "sim seed {seed}: no steals; runs per P {:?}", runs_per_p(&t));
        let runs = runs_per_p(&t);
        assert!(runs.iter().all(|&r| r >= 10), "sim seed {seed}: work not spread: {runs:?}");
    }
}

/// Natively, best of three runs: on a loaded 2-vCPU machine the second
/// M's thread may not get a CPU before the work is done.
#[test]
fn fan_out_uses_every_p_in_both_hosts() {
    let mut seen = Vec::new();
    for _ in 0..3 {
        let runs = runs_per_p(&native(2, fan_out(2)));
        if runs.iter().all(|&r| r > 0) {
            break;
        }
        seen.push(runs);
    }
    assert!(seen.len() < 3, "native: a P ran nothing in three runs: {seen:?}");
    for seed in 1..=5 {
        let t = simulated(4, seed, fan_out(4));
        let runs = runs_per_p(&t);
        assert!(runs.iter().all(|&r| r > 0), "sim seed {seed}: a P ran nothing: {runs:?}");
        assert!(steals(&t) > 0, "sim seed {seed}: no steals: {runs:?}");
    }
}

/// The figures behind the report: steals and runs per P, natively and
/// simulated with and without costs.
#[test]
#[ignore = "prints figures; run with --ignored --nocapture"]
fn print_locality() {
    let (s, r, _) = locality(&native(2, ping_pong()));
    println!("native 2 P ping-pong: {s} steals, runs per P {r:?}");
    for seed in 1..=3 {
        let (s, r, _) = locality(&simulated(2, seed, ping_pong()));
        let cfg = SimConfig { procs: 2, seed, cost: CostModel::ZERO, ..SimConfig::default() };
        let (s0, r0, _) = locality(&sim::run(cfg, ping_pong()).trace);
        println!("sim seed {seed}: measured costs {s} steals {r:?}; zero costs {s0} steals {r0:?}");
    }
    let (s, r, _) = locality(&native(2, unbalanced()));
    println!("native unbalanced: {s} steals {r:?}");
    let (s, r, _) = locality(&simulated(2, 1, unbalanced()));
    println!("sim unbalanced: {s} steals {r:?}");
}
