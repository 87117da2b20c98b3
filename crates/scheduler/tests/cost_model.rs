//! Measures, on the native host, the scheduling actions the simulator's
//! `CostModel` charges, and prints them (the figures in `src/cost.rs` come
//! from here). Ignored: it is a measurement, not a check.
//!
//! cargo test --release -p interleave-scheduler --test cost_model -- --ignored --nocapture

use interleave_scheduler::park::{Parker, ThreadParker};
use interleave_scheduler::queue;
use interleave_scheduler::{Config, Runtime, chan, go, syscall, yield_now};
use std::sync::Arc;
use std::time::{Duration, Instant};

const REPS: usize = 7;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// ns per `yield_now` on one P: one G poll plus its requeue.
fn poll_ns() -> f64 {
    const N: u64 = 200_000;
    Runtime::new(Config::with_procs(1)).block_on(async {
        let t = Instant::now();
        for _ in 0..N {
            yield_now().await;
        }
        t.elapsed().as_nanos() as f64 / N as f64
    })
}

/// ns per `syscall(|| ())` on one P, minus a yield: entersyscall + exitsyscall.
fn syscall_ns(poll: f64) -> f64 {
    const N: u64 = 200_000;
    let per = Runtime::new(Config::with_procs(1)).block_on(async {
        let t = Instant::now();
        for _ in 0..N {
            syscall(|| ()).await;
        }
        t.elapsed().as_nanos() as f64 / N as f64
    });
    per - poll
}

/// ns per steal attempt: (empty victim, victim with 2 Gs of which 1 is taken).
fn steal_ns() -> (f64, f64) {
    const N: u32 = 200_000;
    let (mut dst, _dst_steal) = queue::local::<Arc<u32>>();
    let (_src_local, src) = queue::local::<Arc<u32>>();
    let t = Instant::now();
    for _ in 0..N {
        std::hint::black_box(src.steal_into(&mut dst, false));
    }
    let empty = t.elapsed().as_nanos() as f64 / f64::from(N);
    let (mut src_local, src) = queue::local::<Arc<u32>>();
    let item = Arc::new(7);
    let mut total = Duration::ZERO;
    for _ in 0..N {
        let _ = src_local.push_back(item.clone());
        let _ = src_local.push_back(item.clone());
        let t = Instant::now();
        let got = std::hint::black_box(src.steal_into(&mut dst, false));
        total += t.elapsed();
        drop(got);
        while src_local.pop(false).is_some() {}
        while dst.pop(false).is_some() {}
    }
    (empty, total.as_nanos() as f64 / f64::from(N))
}

/// ns from `unpark` to the parked thread running again.
fn wake_ns() -> f64 {
    const N: usize = 2_000;
    let parker = Arc::new(ThreadParker::new());
    let stamp = Arc::new(std::sync::Mutex::new(Instant::now()));
    let (p2, s2) = (parker.clone(), stamp.clone());
    let (tx, rx) = std::sync::mpsc::channel::<Duration>();
    let th = std::thread::spawn(move || {
        for _ in 0..N {
            p2.park(None);
            let woke = Instant::now();
            let sent = *s2.lock().unwrap();
            tx.send(woke.duration_since(sent)).unwrap();
        }
    });
    let mut lat = Vec::with_capacity(N);
    for _ in 0..N {
        // Let the thread reach park() so the unpark wakes a sleeping thread.
        std::thread::sleep(Duration::from_micros(200));
        *stamp.lock().unwrap() = Instant::now();
        parker.unpark();
        lat.push(rx.recv().unwrap().as_nanos() as f64);
    }
    th.join().unwrap();
    median(lat)
}

/// ns per hand-over in a 2-P channel ping-pong (ready → run on the same P).
fn handover_ns() -> f64 {
    const N: u32 = 50_000;
    Runtime::new(Config::with_procs(2)).block_on(async {
        let (tx, rx) = chan::<u32>(0);
        let (btx, brx) = chan::<u32>(0);
        let echo = go(async move {
            while let Some(v) = rx.recv().await {
                btx.send(v).await;
            }
        });
        let t = Instant::now();
        for i in 0..N {
            tx.send(i).await;
            brx.recv().await;
        }
        let per = t.elapsed().as_nanos() as f64 / f64::from(N) / 2.0;
        tx.close();
        echo.await;
        per
    })
}

#[test]
#[ignore = "a measurement of this machine, not a check; run with --ignored --nocapture"]
fn measure_native_costs() {
    let poll = median((0..REPS).map(|_| poll_ns()).collect());
    let sys = median((0..REPS).map(|_| syscall_ns(poll)).collect());
    let steals: Vec<(f64, f64)> = (0..REPS).map(|_| steal_ns()).collect();
    let steal_empty = median(steals.iter().map(|s| s.0).collect());
    let steal_one = median(steals.iter().map(|s| s.1).collect());
    let hand = median((0..REPS).map(|_| handover_ns()).collect());
    let wake = wake_ns();
    println!("poll (yield_now round, 1 P)        {poll:>9.0} ns");
    println!("syscall entry+exit (minus a yield) {sys:>9.0} ns");
    println!("steal attempt, empty victim        {steal_empty:>9.1} ns");
    println!("steal attempt, takes 1 of 2        {steal_one:>9.1} ns");
    println!("ping-pong hand-over (2 P)          {hand:>9.0} ns");
    println!("wake a parked thread (median)      {wake:>9.0} ns");
}
