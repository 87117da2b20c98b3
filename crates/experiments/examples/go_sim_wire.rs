//! Writes the wire bytes (`go_scheduler::wire`) of a simulated run to stdout: the program from
//! stdin, GOMAXPROCS and the seed from the arguments. The end-to-end test of the simulation
//! worker compares what the worker posts in the browser with these bytes, byte for byte.
//!
//! ```text
//! cargo run -q -p interleave-experiments --example go_sim_wire -- 4 1 < program.go > run.bin
//! ```

use std::io::{Read, Write};

use interleave_experiments::go_scheduler::{interp, program, wire};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let procs: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(4);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut source = String::new();
    std::io::stdin().read_to_string(&mut source).expect("go_sim_wire: read the program from stdin");
    let prog = program::parse(&source).unwrap_or_else(|e| panic!("go_sim_wire: {e}"));
    let run = interp::run_sim(&prog, procs, seed);
    std::io::stdout().write_all(&wire::encode(&run)).expect("go_sim_wire: write the bytes");
}
