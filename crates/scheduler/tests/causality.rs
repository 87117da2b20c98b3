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

mod common;

use common::{Op, check_causality, run_workload};
use interleave_scheduler::sim::{self, SimConfig};
use interleave_scheduler::{go, work};
use proptest::prelude::*;
use std::time::Duration;

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
