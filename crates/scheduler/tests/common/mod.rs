//! What the causality tests share: a workload of random operations
//! (CPU work, spawns, channel round trips, yields, sleeps, syscalls) and
//! the check that a merged trace reads as a possible history. Used by
//! `causality.rs` (the simulator) and `hosted.rs` (real threads on a
//! coarse clock).

#![allow(dead_code, reason = "each test crate uses part of it")]

use interleave_scheduler::trace::{Event, EventKind, Trace};
use interleave_scheduler::{WaitGroup, blocking_sleep, chan, go, sleep, syscall, work, yield_now};
use std::collections::HashMap;
use std::time::Duration;

#[derive(Clone, Debug)]
pub enum Op {
    Work(u64),
    Spawn(u64),
    Ping,
    Yield,
    Sleep(u64),
    Syscall(u64),
}

/// Each worker runs its ops; `Ping` is a round trip through an echo G on
/// unbuffered channels; `Spawn(ns)` starts a child that works `ns` then
/// ends.
pub async fn run_workload(workers: Vec<Vec<Op>>) {
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

pub fn check_causality(t: &Trace) -> Result<(), String> {
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

