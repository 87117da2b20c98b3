//! Channels, select, WaitGroup and the G-level Mutex on the native host.

use interleave_scheduler::{Config, Mutex, Runtime, Select, WaitGroup, chan, go, sleep, yield_now};
use std::sync::Arc;
use std::time::Duration;

fn rt() -> Runtime {
    Runtime::new(Config::with_procs(2))
}

#[test]
fn unbuffered_rendezvous_and_close() {
    let got = rt().block_on(async {
        let (tx, rx) = chan::<u32>(0);
        let p = go(async move {
            for i in 0..1000 {
                tx.send(i).await;
            }
            tx.close();
        });
        let mut sum = 0;
        while let Some(v) = rx.recv().await {
            sum += v;
        }
        p.await;
        sum
    });
    assert_eq!(got, 999 * 1000 / 2);
}

#[test]
fn buffered_channel_holds_values() {
    rt().block_on(async {
        let (tx, rx) = chan::<u32>(3);
        for i in 0..3 {
            tx.send(i).await; // never blocks
        }
        assert_eq!(tx.len(), 3);
        assert!(tx.try_send(9).is_err());
        assert_eq!(rx.recv().await, Some(0));
        tx.close();
        assert_eq!(rx.recv().await, Some(1));
        assert_eq!(rx.recv().await, Some(2));
        assert_eq!(rx.recv().await, None);
    });
}

#[test]
fn ping_pong() {
    let n = rt().block_on(async {
        let (ptx, prx) = chan::<u64>(0);
        let (qtx, qrx) = chan::<u64>(0);
        let h = go(async move {
            while let Some(v) = prx.recv().await {
                qtx.send(v + 1).await;
            }
        });
        let mut v = 0;
        for _ in 0..10_000 {
            ptx.send(v).await;
            v = qrx.recv().await.unwrap();
        }
        ptx.close();
        h.await;
        v
    });
    assert_eq!(n, 10_000);
}

#[test]
fn select_over_several() {
    rt().block_on(async {
        let (atx, arx) = chan::<u32>(0);
        let (btx, brx) = chan::<&'static str>(1);
        let (ctx, crx) = chan::<u32>(1);
        let pa = go(async move {
            sleep(Duration::from_millis(1)).await;
            atx.send(7).await;
        });
        let mut seen = Vec::new();
        for _ in 0..2 {
            let r = Select::new()
                .recv(&arx, |v| format!("a{}", v.unwrap()))
                .recv(&brx, |v| format!("b{}", v.unwrap()))
                .await;
            seen.push(r);
            if seen.len() == 1 {
                btx.send("x").await;
            }
        }
        seen.sort();
        assert_eq!(seen, vec!["a7".to_string(), "bx".to_string()]);
        pa.await;
        // send arm on a buffered channel, and default
        let r = Select::new().send(&ctx, 5, || "sent").default(|| "full").await;
        assert_eq!(r, "sent");
        let r = Select::new().send(&ctx, 6, || "sent").default(|| "full").await;
        assert_eq!(r, "full");
        assert_eq!(crx.recv().await, Some(5));
    });
}

#[test]
fn waitgroup_and_mutex() {
    let total = rt().block_on(async {
        let wg = WaitGroup::new();
        let m = Arc::new(Mutex::new(0u64));
        for _ in 0..100 {
            wg.add(1);
            let (wg, m) = (wg.clone(), m.clone());
            go(async move {
                for _ in 0..100 {
                    let mut g = m.lock().await;
                    let v = *g;
                    yield_now().await; // hold the lock across a switch
                    *g = v + 1;
                }
                wg.done();
            });
        }
        wg.wait().await;
        *m.lock().await
    });
    assert_eq!(total, 10_000);
}

/// A select's send arm on an unbuffered channel pairs with another select's
/// receive arm (Go pairs two selects), in both orders of arrival, and with
/// plain operations on the other side.
#[test]
fn select_pairs_with_select_on_unbuffered() {
    rt().block_on(async {
        let (tx, rx) = chan::<u32>(0);
        let (tx, rx) = (Arc::new(tx), Arc::new(rx));
        let (_qtx, qrx) = chan::<u32>(0); // never ready: keeps both selects multi-arm
        let qrx = Arc::new(qrx);
        for i in 0..200u32 {
            let (tx2, qrx2) = (tx.clone(), qrx.clone());
            let sender = go(async move {
                if i % 2 == 0 {
                    yield_now().await; // the receiving select queues first
                }
                Select::new().send(&tx2, i, || "sent").recv(&qrx2, |_| "q").await
            });
            if i % 2 == 1 {
                yield_now().await; // the sending select queues first
            }
            let got = Select::new().recv(&rx, |v| v).recv(&qrx, |_| None).await;
            assert_eq!(got, Some(i));
            assert_eq!(sender.await, "sent");
        }
        // select send against a plain receiver, select receive against a plain sender
        let rx2 = rx.clone();
        let h = go(async move { rx2.recv().await });
        assert_eq!(Select::new().send(&tx, 7, || 1).recv(&qrx, |_| 2).await, 1);
        assert_eq!(h.await, Some(7));
        let tx2 = tx.clone();
        let h = go(async move { tx2.send(8).await });
        assert_eq!(Select::new().recv(&rx, |v| v).recv(&qrx, |_| None).await, Some(8));
        h.await;
    });
}

/// A blocked receive, send or select that is dropped leaves its channel
/// usable: its waiter is unlinked and never handed a value.
#[test]
fn dropped_waiters_are_unlinked() {
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};
    rt().block_on(async {
        let (tx, rx) = chan::<u32>(0);
        {
            let mut cx = Context::from_waker(Waker::noop());
            {
                let mut r = pin!(rx.recv());
                assert_eq!(r.as_mut().poll(&mut cx), Poll::Pending);
                let mut s = pin!(Select::new().recv(&rx, |v| v));
                assert!(s.as_mut().poll(&mut cx).is_pending());
            } // both dropped while queued
            assert_eq!(tx.try_send(1), Err(1), "no receiver is waiting any more");
            {
                let mut s = pin!(tx.send(2));
                assert_eq!(s.as_mut().poll(&mut cx), Poll::Pending);
            }
            assert_eq!(rx.try_recv(), Err(()), "no sender is waiting any more");
        }
        let h = go(async move { rx.recv().await });
        tx.send(3).await;
        assert_eq!(h.await, Some(3));
    });
}

/// Many selects on both sides of two shared unbuffered channels, plus plain
/// operations, across 2 Ps: every value is delivered exactly once.
#[test]
fn select_stress_every_value_once() {
    const SENDERS: u64 = 4;
    const PER: u64 = 2_000;
    let (sum, count) = rt().block_on(async {
        let (atx, arx) = chan::<u64>(0);
        let (btx, brx) = chan::<u64>(0);
        let (atx, arx, btx, brx) = (Arc::new(atx), Arc::new(arx), Arc::new(btx), Arc::new(brx));
        let mut senders = Vec::new();
        for s in 0..SENDERS {
            let (atx, btx) = (atx.clone(), btx.clone());
            senders.push(go(async move {
                for i in 0..PER {
                    let v = s * PER + i + 1;
                    if i % 3 == 0 {
                        atx.send(v).await; // plain send
                    } else {
                        Select::new().send(&atx, v, || ()).send(&btx, v, || ()).await;
                    }
                }
            }));
        }
        let mut receivers = Vec::new();
        for r in 0..4u64 {
            let (arx, brx) = (arx.clone(), brx.clone());
            receivers.push(go(async move {
                let (mut sum, mut n) = (0u64, 0u64);
                loop {
                    let v = if r == 0 {
                        arx.recv().await // plain receive
                    } else {
                        Select::new().recv(&arx, |v| v).recv(&brx, |v| v).await
                    };
                    match v {
                        Some(0) | None => return (sum, n),
                        Some(v) => {
                            sum += v;
                            n += 1;
                        }
                    }
                }
            }));
        }
        for s in senders {
            s.await;
        }
        for _ in 0..4 {
            atx.send(0).await; // one stop marker per receiver
        }
        let (mut sum, mut n) = (0, 0);
        for r in receivers {
            let (s, k) = r.await;
            sum += s;
            n += k;
        }
        (sum, n)
    });
    let total = SENDERS * PER;
    assert_eq!(count, total);
    assert_eq!(sum, total * (total + 1) / 2);
}

/// Go picks uniformly among the ready arms of a select (a random poll
/// order). Three arms, the first never ready, the other two always ready:
/// each ready arm must win about half the time. Rotating from one random
/// start gives the arm after the never-ready one 2/3 of the wins.
/// Run natively and in the simulator (several seeds); bounds are ±10
/// percentage points around 1/2 over 3,000 selects (≈ 11 standard deviations).
#[test]
fn select_picks_uniformly_among_ready_arms() {
    async fn count() -> [u32; 3] {
        let (_never_tx, never) = chan::<u32>(1);
        let (tx1, rx1) = chan::<u32>(1);
        let (tx2, rx2) = chan::<u32>(1);
        tx1.send(1).await;
        tx2.send(2).await;
        let mut wins = [0u32; 3];
        for _ in 0..3_000 {
            let k = Select::new().recv(&never, |_| 0).recv(&rx1, |_| 1).recv(&rx2, |_| 2).await;
            wins[k] += 1;
            // Refill the channel that fired so both stay ready.
            if k == 1 { tx1.send(1).await } else { tx2.send(2).await }
        }
        wins
    }
    let check = |wins: [u32; 3], what: &str| {
        assert_eq!(wins[0], 0, "{what}: the never-ready arm fired");
        for k in 1..3 {
            let share = f64::from(wins[k]) / 3_000.0;
            assert!((0.40..=0.60).contains(&share), "{what}: arm {k} won {share:.3} of selects (wins {wins:?})");
        }
    };
    check(rt().block_on(count()), "native");
    for seed in 1..=4 {
        let r = interleave_scheduler::sim::run(
            interleave_scheduler::sim::SimConfig { procs: 2, seed, ..Default::default() },
            count(),
        );
        check(r.output, &format!("sim seed {seed}"));
    }
}
