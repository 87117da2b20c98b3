//! The trace's binary form (`trace::wire`): real simulated traces round-trip exactly, stay
//! compact, and hostile bytes (random, truncated, altered) are refused without a panic.

use interleave_scheduler::sim::{self, SimConfig};
use interleave_scheduler::trace::Trace;
use interleave_scheduler::trace::wire::{self, WireError};
use interleave_scheduler::{Select, WaitGroup, blocking_sleep, chan, go, sleep, work, yield_now};
use proptest::prelude::*;
use std::time::Duration;

/// Gs that work, yield, sleep, make syscalls, talk over channels and select: every kind of
/// event, with `n` workers.
async fn mixed(n: u64) {
    let wg = WaitGroup::new();
    let (tx, rx) = chan::<u64>(0);
    let (tx2, rx2) = chan::<u64>(2);
    for i in 0..n {
        wg.add(1);
        let (wg, tx, tx2) = (wg.clone(), tx.clone(), tx2.clone());
        drop(go(async move {
            work(Duration::from_micros(1 + i % 7));
            if i % 3 == 0 {
                yield_now().await;
            }
            if i % 5 == 0 {
                sleep(Duration::from_micros(3)).await;
            }
            if i % 11 == 0 {
                blocking_sleep(Duration::from_micros(30)).await;
            }
            if i % 2 == 0 { tx.send(i).await } else { tx2.send(i).await }
            wg.done();
        }));
    }
    for _ in 0..n {
        let _got = Select::new().recv(&rx, |v| v).recv(&rx2, |v| v).await;
    }
    wg.wait().await;
}

fn trace(n: u64, procs: usize, seed: u64) -> Trace {
    sim::run(SimConfig { procs, seed, ..SimConfig::default() }, mixed(n)).trace
}

#[test]
fn real_traces_round_trip() {
    for (n, procs, seed) in [(1, 1, 1), (20, 2, 7), (200, 4, 3), (300, 8, 11)] {
        let t = trace(n, procs, seed);
        let bytes = wire::encode(&t);
        let back = wire::decode(&bytes).expect("decode a trace encode wrote");
        assert_eq!(back, t, "n {n}, procs {procs}, seed {seed}");
        assert_eq!(back.fingerprint(), t.fingerprint());
    }
}

#[test]
fn compact_on_a_large_trace() {
    let t = trace(5_000, 8, 5);
    let bytes = wire::encode(&t);
    let per_event = bytes.len() as f64 / t.events.len() as f64;
    println!("{} events, {} bytes, {per_event:.2} bytes/event", t.events.len(), bytes.len());
    assert!(t.events.len() > 20_000, "{} events", t.events.len());
    assert!(per_event < 12.0, "{per_event:.2} bytes an event");
}

#[test]
fn every_truncation_is_an_error() {
    let bytes = wire::encode(&trace(30, 3, 2));
    for len in 0..bytes.len() {
        assert!(wire::decode(&bytes[..len]).is_err(), "{len} of {} bytes decoded", bytes.len());
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(wire::decode(&longer), Err(WireError::Trailing));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = wire::decode(&bytes);
        // With a valid version byte first, the decoder gets further.
        let mut v = vec![wire::VERSION];
        v.extend_from_slice(&bytes);
        let _ = wire::decode(&v);
    }

    #[test]
    fn altered_traces_never_panic(at in any::<prop::sample::Index>(), byte in any::<u8>(), seed in 0u64..50) {
        let mut bytes = wire::encode(&trace(10, 2, seed));
        let i = at.index(bytes.len());
        bytes[i] = byte;
        if let Ok(t) = wire::decode(&bytes) {
            // Whatever decodes encodes back to a trace that decodes the same.
            prop_assert_eq!(wire::decode(&wire::encode(&t)), Ok(t));
        }
    }
}
