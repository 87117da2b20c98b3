//! Causality in the simulator: a step's effects become visible no earlier
//! than the moment they happen. Over random workloads (CPU work between
//! scheduling actions, spawns, channel round trips, yields, sleeps,
//! syscalls), the merged trace must read as a possible history:
//! - every G's GoCreate comes before (and no later than) its first GoStart;
//! - every GoUnblock of a G follows a GoBlock of that G (since its last
//!   start), and is no earlier;
//! - on each M and on each P lane, runs nest properly: a GoStart is
//!   followed by that G's GoEnd / GoBlock / GoStop / GoSyscallBegin before
//!   the next GoStart on the same lane (events reordered by time would
//!   break this), and timestamps never go back.

use interleave_scheduler::sim::{self, SimConfig};
use interleave_scheduler::trace::{Event, EventKind, Trace};
use interleave_scheduler::{WaitGroup, blocking_sleep, chan, go, sleep, syscall, work, yield_now};
use proptest::prelude::*;
use std::collections::HashMap;
use std::time::Duration;

#[derive(Clone, Debug)]
enum Op {
    Work(u64),
    Spawn(u64),
    Ping,
    Yield,
    Sleep(u64),
    Syscall(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (1u64..2_000).prop_map(Op::Work),
        2 => (0u64..2_000).prop_map(Op::Spawn),
        2 => Just(Op::Ping),
        1 => Just(Op::Yield),
        1 => (1u64..200).prop_map(Op::Sleep),
        1 => (1u64..100).prop_map(Op::Syscall),
    ]
}

/// Each worker runs its ops; `Ping` is a round trip through an echo G on
/// unbuffered channels; `Spawn(ns)` starts a child that works `ns` then
/// ends.
async fn run_workload(workers: Vec<Vec<Op>>) {
    let wg = WaitGroup::new();
    for ops in workers {
        wg.add(1);
        let wg = wg.clone();
        go(async move {
            let (tx, rx) = chan::<u64>(0);
            let (back_tx, back_rx) = chan::<u64>(0);
            let echo = go(async move {
                while let Some(v) = rx.recv().await {
                    back_tx.send(v + 1).await;
                }
            });
            for op in ops {
                match op {
                    Op::Work(us) => work(Duration::from_micros(us)),
                    Op::Spawn(ns) => {
                        go(async move { work(Duration::from_nanos(ns)) });
                    }
                    Op::Ping => {
                        tx.send(1).await;
                        assert_eq!(back_rx.recv().await, Some(2));
                    }
                    Op::Yield => yield_now().await,
                    Op::Sleep(us) => sleep(Duration::from_micros(us)).await,
                    Op::Syscall(us) => blocking_sleep(Duration::from_micros(us)).await,
                }
            }
            tx.close();
            echo.await;
            syscall(|| ()).await;
            wg.done();
        });
    }
    wg.wait().await;
}

/// The G a run-ending event ends, if `k` ends a run.
fn run_end(k: &EventKind) -> Option<u64> {
    match *k {
        EventKind::GoEnd { g, .. }
        | EventKind::GoBlock { g, .. }
        | EventKind::GoStop { g, .. }
        | EventKind::GoSyscallBegin { g, .. } => Some(g),
        _ => None,
    }
}

fn check_causality(t: &Trace) -> Result<(), String> {
    let mut created: HashMap<u64, u64> = HashMap::new();
    let mut blocked: HashMap<u64, u64> = HashMap::new();
    // Lane → (G running on it, ts of its start); and last ts per lane.
    let mut on_m: HashMap<u32, u64> = HashMap::new();
    let mut on_p: HashMap<u32, u64> = HashMap::new();
    let mut last_m: HashMap<u32, u64> = HashMap::new();
    for (i, Event { ts, m, kind }) in t.events.iter().enumerate() {
        let (ts, m) = (*ts, *m);
        if let Some(&prev) = last_m.get(&m)
            && ts < prev
        {
            return Err(format!("#{i}: M{m}'s clock went back from {prev} to {ts}"));
        }
        last_m.insert(m, ts);
        match *kind {
            EventKind::GoCreate { g, .. } => {
                created.insert(g, ts);
            }
            EventKind::GoStart { g, p, .. } => {
                let Some(&c) = created.get(&g) else {
                    return Err(format!("#{i} ts {ts}: G{g} starts before its GoCreate"));
                };
                if c > ts {
                    return Err(format!("#{i}: G{g} created at {c}, started at {ts}"));
                }
                if let Some(other) = on_m.insert(m, g) {
                    return Err(format!("#{i} ts {ts}: G{g} starts on M{m} while G{other} runs there"));
                }
                if let Some(other) = on_p.insert(p, g) {
                    return Err(format!("#{i} ts {ts}: G{g} starts on P{p} while G{other} runs there"));
                }
            }
            EventKind::GoBlock { g, .. } => {
                blocked.insert(g, ts);
            }
            EventKind::GoUnblock { g, .. } => match blocked.remove(&g) {
                None => return Err(format!("#{i} ts {ts}: GoUnblock of G{g}, which is not blocked")),
                Some(b) if b > ts => return Err(format!("#{i}: G{g} blocked at {b}, unblocked at {ts}")),
                Some(_) => {}
            },
            _ => {}
        }
        if let Some(g) = run_end(kind) {
            if on_m.remove(&m) != Some(g) {
                return Err(format!("#{i} ts {ts}: G{g}'s run ends on M{m}, which is not running it"));
            }
            let p = match *kind {
                EventKind::GoEnd { p, .. }
                | EventKind::GoBlock { p, .. }
                | EventKind::GoStop { p, .. }
                | EventKind::GoSyscallBegin { p, .. } => p,
                _ => unreachable!(),
            };
            if on_p.remove(&p) != Some(g) {
                return Err(format!("#{i} ts {ts}: G{g}'s run ends on P{p}, which is not running it"));
            }
        }
    }
    Ok(())
}

/// The example: CPU work, then a spawn. The child cannot start
/// before it was created, on any seed.
#[test]
fn work_then_go_child_starts_after_it_is_created() {
    for seed in 1..=20 {
        let r = sim::run(SimConfig { procs: 2, seed, ..SimConfig::default() }, async {
            let mut children = Vec::new();
            for _ in 0..4 {
                work(Duration::from_millis(1));
                children.push(go(async { work(Duration::from_micros(10)) }));
            }
            work(Duration::from_millis(1));
            for c in children {
                c.await;
            }
        });
        if let Err(e) = check_causality(&r.trace) {
            panic!("seed {seed}: {e}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    #[test]
    fn simulated_traces_are_causal(
        workers in proptest::collection::vec(proptest::collection::vec(op(), 1..12), 1..5),
        procs in 1usize..5,
        seed in any::<u64>(),
    ) {
        let r = sim::run(SimConfig { procs, seed, ..SimConfig::default() }, run_workload(workers));
        prop_assert_eq!(r.live_gs, 0);
        if let Err(e) = check_causality(&r.trace) {
            let around: Vec<String> = r.trace.events.iter().map(|e| format!("{:>8} M{} {:?}", e.ts, e.m as i64, e.kind)).collect();
            prop_assert!(false, "{}\n{}", e, around.join("\n"));
        }
    }
}
