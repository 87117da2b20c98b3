//! Go's invariants, a model-based property test, the 1,000,000-G stress
//! run, and the "no browser crate in the core" check.

use interleave_scheduler::queue::{self, LOCAL_QUEUE_CAPACITY};
use interleave_scheduler::{Config, Runtime, go, yield_now};
use proptest::prelude::*;
use std::collections::VecDeque;
use std::sync::Arc;

#[derive(Clone, Debug)]
enum Op {
    Push(bool),
    Pop,
    Steal,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![any::<bool>().prop_map(Op::Push), Just(Op::Pop), Just(Op::Steal)]
}

proptest! {
    /// The run queue against a VecDeque model (single thread): same items,
    /// same order, runnext semantics, overflow of half to "global", steal
    /// of ⌈n/2⌉ from the head.
    #[test]
    fn queue_matches_model(ops in proptest::collection::vec(op(), 1..600)) {
        let (mut q, s) = queue::local::<Arc<u64>>();
        let (mut thief, _) = queue::local::<Arc<u64>>();
        let mut ring: VecDeque<u64> = VecDeque::new();
        let mut next: Option<u64> = None;
        let mut global: Vec<u64> = Vec::new();
        let mut model_global: Vec<u64> = Vec::new();
        let mut id = 0u64;
        for op in ops {
            match op {
                Op::Push(as_next) => {
                    id += 1;
                    let spill = if as_next { q.push_next(Arc::new(id)) } else { q.push_back(Arc::new(id)) };
                    let mut to_ring = Some(id);
                    if as_next {
                        to_ring = next.replace(id);
                    }
                    if let Some(x) = to_ring {
                        if ring.len() == LOCAL_QUEUE_CAPACITY {
                            let half: Vec<u64> = ring.drain(..LOCAL_QUEUE_CAPACITY / 2).collect();
                            model_global.extend(half);
                            model_global.push(x);
                        } else {
                            ring.push_back(x);
                        }
                    }
                    if let Some(b) = spill {
                        global.extend(b.iter().map(|a| **a));
                    }
                }
                Op::Pop => {
                    let got = q.pop(false).map(|(a, n)| (*a, n));
                    let want = next.take().map(|x| (x, true)).or_else(|| ring.pop_front().map(|x| (x, false)));
                    prop_assert_eq!(got, want);
                }
                Op::Steal => {
                    let n = ring.len();
                    let got = s.steal_into(&mut thief, false);
                    let taken = got.as_ref().map_or(0, |g| g.1);
                    // Go's runqgrab: n - n/2, the larger half.
                    prop_assert_eq!(taken, n - n / 2, "steal took {} of {}", taken, n);
                    let stolen: Vec<u64> = ring.drain(..taken).collect();
                    let mut mine = Vec::new();
                    while let Some((a, _)) = thief.pop(false) { mine.push(*a); }
                    if let Some((a, _)) = got { mine.push(*a); }
                    prop_assert_eq!(mine, stolen);
                }
            }
            prop_assert_eq!(&global, &model_global);
            prop_assert_eq!(q.len(), ring.len() + usize::from(next.is_some()));
        }
    }
}

/// 1,000,000 Gs complete and the live-G count returns to 0. Release mode
/// makes this a couple of seconds; debug builds run a tenth of it.
#[test]
fn stress_million_gs() {
    let n: usize = if cfg!(debug_assertions) { 100_000 } else { 1_000_000 };
    let report = Runtime::new(Config::with_procs(2)).run(async move {
        let mut done = 0usize;
        // Spawn in waves so the join handles of all Gs are not held at once.
        for _ in 0..n / 10_000 {
            let hs: Vec<_> = (0..10_000)
                .map(|i| {
                    go(async move {
                        if i % 4 == 0 {
                            yield_now().await;
                        }
                        1usize
                    })
                })
                .collect();
            for h in hs {
                done += h.await;
            }
        }
        done
    });
    assert_eq!(report.output, n);
    assert_eq!(report.live_gs, 0, "every G was freed");
}

/// The core must stay free of browser crates (STYLE.md habit 1).
#[test]
fn core_has_no_browser_dependency() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    for target in [None, Some("wasm32-unknown-unknown")] {
        let mut cmd = std::process::Command::new(&cargo);
        cmd.args(["tree", "--manifest-path", manifest, "-e", "normal,build", "--prefix", "none", "--offline"]);
        if let Some(t) = target {
            cmd.args(["--target", t]);
        }
        let out = cmd.output().expect("run cargo tree");
        assert!(out.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&out.stderr));
        let tree = String::from_utf8_lossy(&out.stdout);
        assert!(tree.contains("interleave-scheduler"), "unexpected cargo tree output: {tree}");
        for bad in ["wasm-bindgen", "web-sys", "js-sys"] {
            assert!(
                !tree.lines().any(|l| l.starts_with(&format!("{bad} "))),
                "the scheduler core depends on {bad} (target {target:?}):\n{tree}"
            );
        }
    }
}
