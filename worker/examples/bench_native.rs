//! The Mandelbrot job natively, on a rayon pool, with exactly the code the engine runs in the
//! browser: the native side of `scripts/bench.sh`.
//!
//!     cargo run --release -p interleave-engine --example bench_native -- <size> <iterations> <threads> <repeats>
//!
//! Prints one JSON object: the median wall time in ms and the checksum.

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

fn main() {
    let args: Vec<u32> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let [size, iterations, threads, repeats] = args[..] else {
        eprintln!("usage: bench_native <size> <iterations> <threads> <repeats>");
        std::process::exit(2);
    };
    let params = SpeedupParams { size, iterations, serial_fraction: 0.0, threads }
        .validated()
        .unwrap_or_else(|e| {
            eprintln!("bench_native: {e}");
            std::process::exit(2)
        });
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads as usize).build().expect("pool");
    let mut times = Vec::new();
    let mut checksum = 0;
    for _ in 0..=repeats {
        let job = MandelbrotJob::new(params);
        match pool.install(|| job.drive(now)) {
            Outcome::Finished(r) => {
                times.push(r.total_ms);
                checksum = r.checksum;
            }
            Outcome::Stopped => unreachable!("nobody stops a benchmark"),
        }
    }
    times.remove(0); // the first run warms caches and the pool
    times.sort_by(f64::total_cmp);
    println!("{{\"median_ms\":{:.3},\"checksum\":\"{checksum:016x}\"}}", times[times.len() / 2]);
}
