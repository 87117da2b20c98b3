//! Prints the reference checksum of a Mandelbrot image, computed serially on this machine:
//! the value every engine run must reproduce (the end-to-end tests compare against it).
//!
//!     cargo run -q -p interleave-experiments --example mandelbrot_checksum -- 1024 256

use interleave_experiments::speedup::mandelbrot::{Image, reference_checksum};

fn main() {
    let args: Vec<u32> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let (size, iterations) = match args[..] {
        [size, iterations] => (size, iterations),
        _ => {
            eprintln!("usage: mandelbrot_checksum <size> <iterations>");
            std::process::exit(2);
        }
    };
    println!("{:016x}", reference_checksum(&Image::new(size, size, iterations)));
}
