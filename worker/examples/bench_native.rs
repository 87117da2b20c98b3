//! The Mandelbrot job natively, on rayon pools, with exactly the code the engine runs in the
//! browser: the native side of `scripts/bench.sh speedup`, which runs it between the page's rounds
//! so both see the same machine.
//!
//!     cargo run --release -p interleave-engine --example bench_native -- \
//!         [--size 1024] [--iterations 256] [--threads 1,2] [--repeats 5]
//!
//! The flags are the ones every benchmark takes (tests/support/args.mjs). Each repeat runs every
//! thread count once, in turn, so drift on a shared machine hits them alike; one unmeasured round
//! first warms caches and the pools. Prints one JSON object: per thread count the median, min and
//! max wall time in ms and every time, and the checksum (identical for every thread count).

use std::collections::BTreeMap;
use std::sync::LazyLock;
use std::time::Instant;

use interleave_engine::jobs::speedup::MandelbrotJob;
use interleave_engine::runner::{Drive, Outcome};
use interleave_experiments::TypedParams;
use interleave_experiments::speedup::SpeedupParams;

fn now() -> f64 {
    static START: LazyLock<Instant> = LazyLock::new(Instant::now);
    START.elapsed().as_secs_f64() * 1e3
}

struct Args {
    size: u32,
    iterations: u32,
    threads: Vec<u32>,
    repeats: u32,
}

fn usage(problem: &str) -> ! {
    eprintln!("bench_native: {problem}\nusage: bench_native [--size 1024] [--iterations 256] [--threads 1,2] [--repeats 5]");
    std::process::exit(2)
}

fn parse() -> Args {
    let mut args = Args { size: 1024, iterations: 256, threads: vec![1, 2], repeats: 5 };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| usage(&format!("{flag} wants a value")));
        let number = |v: &str| v.parse::<u32>().unwrap_or_else(|_| usage(&format!("{flag} wants a number, got {v}")));
        match flag.as_str() {
            "--size" => args.size = number(&value),
            "--iterations" => args.iterations = number(&value),
            "--repeats" => args.repeats = number(&value).max(1),
            "--threads" => args.threads = value.split(',').map(number).collect(),
            _ => usage(&format!("unknown flag {flag}")),
        }
    }
    args
}

fn main() {
    let args = parse();
    let mut checksum = None;
    let mut times: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
    let runs: Vec<(SpeedupParams, rayon::ThreadPool)> = args
        .threads
        .iter()
        .map(|&threads| {
            let params = SpeedupParams { size: args.size, iterations: args.iterations, serial_fraction: 0.0, threads }
                .validated()
                .unwrap_or_else(|e| usage(&e.to_string()));
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads as usize).build().expect("pool");
            (params, pool)
        })
        .collect();
    for round in 0..=args.repeats {
        for (params, pool) in &runs {
            let job = MandelbrotJob::new(*params);
            let Outcome::Finished(r) = pool.install(|| job.drive(now)) else {
                unreachable!("nobody stops a benchmark")
            };
            assert!(*checksum.get_or_insert(r.checksum) == r.checksum, "bench_native: checksums differ");
            if round > 0 {
                times.entry(params.threads).or_default().push(r.total_ms);
            }
        }
    }
    let per_threads: Vec<String> = times
        .iter_mut()
        .map(|(threads, ts)| {
            ts.sort_by(f64::total_cmp);
            let all: Vec<String> = ts.iter().map(|t| format!("{t:.3}")).collect();
            format!(
                "\"{threads}\":{{\"median_ms\":{:.3},\"min_ms\":{:.3},\"max_ms\":{:.3},\"ms\":[{}]}}",
                ts[ts.len() / 2],
                ts[0],
                ts[ts.len() - 1],
                all.join(",")
            )
        })
        .collect();
    println!("{{\"threads\":{{{}}},\"checksum\":\"{:016x}\"}}", per_threads.join(","), checksum.unwrap_or(0));
}
