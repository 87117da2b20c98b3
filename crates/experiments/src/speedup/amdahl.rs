//! Amdahl's law and the derived figures of the results table.

/// Predicted speedup on `threads` workers when a share `serial` of the work cannot be split.
pub fn predicted_speedup(serial: f64, threads: u32) -> f64 {
    predicted_speedup_at(serial, f64::from(threads.max(1)))
}

/// The same law at a fractional thread count, for drawing the curve.
pub fn predicted_speedup_at(serial: f64, threads: f64) -> f64 {
    1.0 / (serial + (1.0 - serial) / threads)
}

/// Measured speedup of a run against the one-thread time.
pub fn speedup(one_thread_ms: f64, ms: f64) -> f64 {
    if ms > 0.0 { one_thread_ms / ms } else { 0.0 }
}

/// Speedup per thread: 1.0 means every added thread paid for itself in full.
pub fn efficiency(speedup: f64, threads: u32) -> f64 {
    speedup / f64::from(threads.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amdahl_limits() {
        assert_eq!(predicted_speedup(0.0, 4), 4.0);
        assert_eq!(predicted_speedup(1.0, 16), 1.0);
        assert!((predicted_speedup(0.5, 2) - 4.0 / 3.0).abs() < 1e-12);
        assert!(predicted_speedup(0.1, 1_000_000) < 10.0);
        assert_eq!(efficiency(speedup(100.0, 50.0), 2), 1.0);
    }
}
