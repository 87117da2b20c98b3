//! The CPU job of the event-loop experiment: `units` equal work units, each a fixed number of
//! dependent floating-point steps, folded into a checksum.
//!
//! Every unit costs the same (no early exit, no data-dependent branches), so a job of `n` units
//! takes `n` times as long as one, however it is cut into chunks; and the steps depend on each
//! other, so the compiler can neither vectorise nor skip them. The main thread (UI module, no
//! atomics) and the engine worker (threaded module) run this same code.

/// Floating-point steps per unit. What that costs depends on the machine (1.1 ms in the engine
/// on the 2-core CI machine, less on a fast laptop core), so the page measures it on the
/// visitor's machine ([`ms_per_unit`]) instead of promising a figure.
pub const STEPS_PER_UNIT: u32 = 360_000;

/// A checksum of no units.
pub const EMPTY: u64 = 0xcbf2_9ce4_8422_2325;

/// Runs units `start..end` and folds their results into `acc` (start with [`EMPTY`]).
/// Running `0..a` then `a..n` gives the same checksum as `0..n`.
pub fn run(start: u32, end: u32, mut acc: u64) -> u64 {
    for i in start..end {
        acc = fold(acc, unit(i));
    }
    acc
}

/// One unit: iterates z ← z² + c for a `c` inside the Mandelbrot set's main cardioid (so `z`
/// stays bounded and every step is real work) and returns the bits of the final `z`.
#[inline(never)]
pub fn unit(i: u32) -> u64 {
    let cx = -0.3 + f64::from(i % 97) * 1e-3;
    let cy = 0.2 + f64::from(i % 89) * 1e-3;
    let (mut x, mut y) = (0.0f64, 0.0f64);
    for _ in 0..STEPS_PER_UNIT {
        let x2 = x * x - y * y + cx;
        y = 2.0 * x * y + cy;
        x = x2;
    }
    x.to_bits() ^ y.to_bits().rotate_left(32)
}

/// The time of one unit from timings of single units (in ms): the median, which ignores units
/// slowed by a compiler tier-up or a busy moment. `None` without timings.
pub fn ms_per_unit(samples: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = samples.iter().copied().filter(|x| x.is_finite() && *x >= 0.0).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

fn fold(acc: u64, v: u64) -> u64 {
    // FNV-1a over the eight bytes of `v`.
    v.to_le_bytes().iter().fold(acc, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunking_does_not_change_the_checksum() {
        let whole = run(0, 50, EMPTY);
        let mut acc = EMPTY;
        for (a, b) in [(0, 7), (7, 8), (8, 31), (31, 50)] {
            acc = run(a, b, acc);
        }
        assert_eq!(acc, whole);
        assert_ne!(whole, run(0, 49, EMPTY));
        assert_eq!(run(3, 3, EMPTY), EMPTY);
    }

    #[test]
    fn ms_per_unit_is_the_median_of_the_sane_samples() {
        assert_eq!(ms_per_unit(&[]), None);
        assert_eq!(ms_per_unit(&[f64::NAN, -1.0]), None);
        assert_eq!(ms_per_unit(&[9.0, 1.0, 1.2, f64::INFINITY, 1.1]), Some(1.2));
        assert_eq!(ms_per_unit(&[3.0, 1.0, 2.0]), Some(2.0));
    }

    #[test]
    fn units_are_deterministic_and_distinct() {
        assert_eq!(unit(5), unit(5));
        assert_ne!(unit(5), unit(6));
        let (x, y) = (f64::from_bits(unit(0)), 0.0);
        assert!(x.is_finite() || y == 0.0);
    }
}
