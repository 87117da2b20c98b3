//! Time, memory and wire size of a very large simulated Go-scheduler run, as the simulation
//! worker does it (`interp::run_sim_with_progress`, then `go_scheduler::wire::encode`).
//!
//! ```text
//! cargo run --release -p interleave-experiments --example go_sim_large -- [work|wait] [goroutines] [procs]
//! /usr/bin/time -v target/release/examples/go_sim_large wait 1000000   # peak RSS
//! ```
//! `work`: each goroutine does `work(1)` and `wg.done()`. `wait`: every goroutine first waits on
//! a WaitGroup that main releases only after it has started them all, so they are all blocked
//! at once (the case that made fixed-interval checkpoints take gigabytes).

use std::time::Instant;

use interleave_experiments::go_scheduler::{interp, program, wire};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let shape = args.get(1).map_or("work", String::as_str);
    let n: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let procs: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(4);
    let source = match shape {
        "work" => format!("var wg WaitGroup\nwg.add({n})\nfor i in 0..{n} {{\n    go {{\n        work(1)\n        wg.done()\n    }}\n}}\nwg.wait()\n"),
        "wait" => format!(
            "var start WaitGroup\nstart.add(1)\nvar wg WaitGroup\nwg.add({n})\nfor i in 0..{n} {{\n    go {{\n        start.wait()\n        wg.done()\n    }}\n}}\nstart.done()\nwg.wait()\n"
        ),
        other => panic!("unknown shape {other:?}: work or wait"),
    };
    let prog = match program::parse(&source) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("refused: {e}");
            std::process::exit(2);
        }
    };
    let t0 = Instant::now();
    let mut reports = 0u64;
    let run = interp::run_sim_with_progress(&prog, procs, 1, 4096, |_| {
        reports += 1;
        true
    })
    .expect("never stopped");
    let sim_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let bytes = wire::encode(&run);
    let enc_s = t1.elapsed().as_secs_f64();
    let t2 = Instant::now();
    let back = wire::decode(&bytes).expect("decodes");
    let dec_s = t2.elapsed().as_secs_f64();
    assert_eq!(back.trace.events.len(), run.trace.events.len());
    let trace_bytes = interleave_scheduler::trace::wire::encode(&run.trace).len();
    println!(
        "{shape} {n} goroutines, {procs} Ps: end {:?}, {} events, {} marks, virtual {:.3} ms; simulated in {sim_s:.2} s \
         ({reports} progress calls); wire {} bytes ({:.2} bytes/event; trace alone {trace_bytes} bytes, {:.2}/event), \
         encode {enc_s:.3} s, decode {dec_s:.3} s",
        run.end,
        run.trace.events.len(),
        run.marks.len(),
        run.end_ns as f64 / 1e6,
        bytes.len(),
        bytes.len() as f64 / run.trace.events.len() as f64,
        trace_bytes as f64 / run.trace.events.len() as f64,
    );
}
