//! The Parallel speedup over workers that pass messages: what tier 2 (no shared memory) can
//! still run. The kernel is the same [`mandelbrot`] code the engine runs; only the way rows are
//! handed out and brought back differs.
//!
//! # Protocol (the page's side; the worker's is in `crates/rows-worker`)
//!
//! 1. The page spawns `threads` plain Web Workers (built without atomics) and waits until each
//!    has said it is ready; that wait is the workers' start-up, measured but not timed as the run.
//! 2. It takes the start time on its own clock and posts the serial rows ([`Plan::serial`]) to
//!    worker 0 alone. When the last serial row is back, the serial phase is over.
//! 3. It posts each worker its share of the parallel rows ([`Plan::shares`]), all at once.
//! 4. Workers post their finished rows back in small batches (pixels transferred, not copied,
//!    with each row's hash; `crates/rows-worker` says how big). The page paints them and gives
//!    the hashes to an [`Assembly`]; when the assembly is complete it
//!    takes the end time and folds the hashes in row order into the checksum, exactly as the
//!    engine does ([`mandelbrot::combine`]), so both modes give the same checksum.
//! 5. Stop terminates the workers: a worker inside its share reads no message until it is done.
//!
//! # Rows are dealt out up front, interleaved
//!
//! Parallel row `i` goes to worker `i mod threads` ([`plan`]). Neighbouring rows cost almost the
//! same, so dealing them like cards gives each worker a near-equal slice of the expensive band
//! through the middle of the set, and no worker ever waits for the page.
//!
//! Rejected: letting workers claim rows by asking the page (the engine's shared counter, as
//! messages). Every claim would be a round trip through the page's thread, which is also the
//! thread receiving and painting rows, so each worker's pace would hang on the page's; hiding
//! that needs several rows in flight per worker, which brings the static split back. Also
//! rejected: contiguous blocks of rows (the worker holding the middle of the set would get most
//! of the work).

use super::SpeedupParams;
use super::mandelbrot;

/// Who computes which rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Rows of the serial phase, in order, all for worker 0.
    pub serial: Vec<u32>,
    /// Worker `k`'s rows of the parallel phase, in order.
    pub shares: Vec<Vec<u32>>,
}

/// The rows of `params`' image for `params.threads` workers (at least one).
pub fn plan(params: &SpeedupParams) -> Plan {
    let workers = params.threads.max(1) as usize;
    let (serial, parallel): (Vec<u32>, Vec<u32>) =
        (0..params.size).partition(|&y| mandelbrot::is_serial_row(y, params.serial_fraction));
    let mut shares = vec![Vec::with_capacity(parallel.len() / workers + 1); workers];
    for (i, y) in parallel.into_iter().enumerate() {
        shares[i % workers].push(y);
    }
    Plan { serial, shares }
}

/// A row that did not fit: the page reports it as the run's failure (it means a worker is not
/// the one this page built, or a bug).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowError {
    OutOfImage { y: u32, height: u32 },
    Twice { y: u32 },
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RowError::OutOfImage { y, height } => write!(f, "a worker sent row {y} of a {height}-row image"),
            RowError::Twice { y } => write!(f, "row {y} came back twice"),
        }
    }
}

/// The row hashes received so far, and the checksum once every row is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assembly {
    hashes: Vec<Option<u64>>,
    received: u32,
}

impl Assembly {
    pub fn new(height: u32) -> Self {
        Assembly { hashes: vec![None; height as usize], received: 0 }
    }

    /// Records row `y`'s hash; rows may come in any order, each exactly once.
    pub fn receive(&mut self, y: u32, hash: u64) -> Result<(), RowError> {
        let height = self.hashes.len() as u32;
        let slot = self.hashes.get_mut(y as usize).ok_or(RowError::OutOfImage { y, height })?;
        if slot.is_some() {
            return Err(RowError::Twice { y });
        }
        *slot = Some(hash);
        self.received += 1;
        Ok(())
    }

    /// Whether every row of `rows` is in.
    pub fn has_all(&self, rows: &[u32]) -> bool {
        rows.iter().all(|&y| self.hashes.get(y as usize).is_some_and(Option::is_some))
    }

    pub fn received(&self) -> u32 {
        self.received
    }

    pub fn total(&self) -> u32 {
        self.hashes.len() as u32
    }

    /// The image checksum, once every row is in.
    pub fn checksum(&self) -> Option<u64> {
        let hashes: Option<Vec<u64>> = self.hashes.iter().copied().collect();
        hashes.map(|h| mandelbrot::combine(&h))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::speedup::mandelbrot::{Image, reference_checksum};

    fn params(size: u32, threads: u32, serial_fraction: f64) -> SpeedupParams {
        SpeedupParams { size, iterations: 64, serial_fraction, threads }
    }

    #[test]
    fn every_row_goes_to_exactly_one_worker_dealt_in_turn() {
        for (threads, s) in [(1, 0.0), (2, 0.0), (3, 0.25), (16, 0.9)] {
            let p = plan(&params(256, threads, s));
            assert_eq!(p.shares.len(), threads as usize);
            let mut all: Vec<u32> = p.serial.iter().chain(p.shares.iter().flatten()).copied().collect();
            all.sort_unstable();
            assert_eq!(all, (0..256).collect::<Vec<_>>(), "threads {threads}, s {s}");
            let sizes: Vec<usize> = p.shares.iter().map(Vec::len).collect();
            assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1, "{sizes:?}");
            assert!(p.shares.iter().all(|share| share.windows(2).all(|w| w[0] < w[1])));
        }
        let p = plan(&params(8, 2, 0.0));
        assert_eq!(p.shares, vec![vec![0, 2, 4, 6], vec![1, 3, 5, 7]]);
        assert!(p.serial.is_empty());
    }

    #[test]
    fn the_serial_phase_is_the_engines() {
        let p = plan(&params(100, 4, 0.25));
        let expected: Vec<u32> = (0..100).filter(|&y| mandelbrot::is_serial_row(y, 0.25)).collect();
        assert_eq!(p.serial, expected);
        assert_eq!(p.serial.len(), 25);
    }

    #[test]
    fn rows_assembled_in_any_order_give_the_reference_checksum() {
        // The same fold as the engine's driver: per-row hashes combined in row order.
        let sp = params(48, 3, 0.2);
        let image = Image::new(sp.size, sp.size, sp.iterations);
        let p = plan(&sp);
        let mut a = Assembly::new(image.height);
        let mut row = vec![0u8; image.row_bytes()];
        for &y in &p.serial {
            a.receive(y, image.render_row(y, &mut row)).unwrap();
        }
        assert!(a.has_all(&p.serial) && a.checksum().is_none());
        // Workers' rows arrive interleaved, last worker first.
        for k in (0..p.shares.len()).rev() {
            for &y in p.shares[k].iter().rev() {
                a.receive(y, image.render_row(y, &mut row)).unwrap();
            }
        }
        assert_eq!((a.received(), a.total()), (48, 48));
        assert_eq!(a.checksum(), Some(reference_checksum(&image)));
    }

    #[test]
    fn the_checksum_matches_the_pinned_engine_value() {
        // 256×256, 256 iterations: what `examples/mandelbrot_checksum 256 256` prints and what the
        // isolated engine's e2e run produces.
        let image = Image::new(256, 256, 256);
        let mut a = Assembly::new(256);
        let mut row = vec![0u8; image.row_bytes()];
        for share in plan(&params(256, 2, 0.0)).shares {
            for y in share {
                a.receive(y, image.render_row(y, &mut row)).unwrap();
            }
        }
        assert_eq!(a.checksum(), Some(reference_checksum(&image)));
        assert_eq!(format!("{:016x}", a.checksum().unwrap()), PINNED_256_256);
    }

    const PINNED_256_256: &str = "c8824a8cd0d3a095";

    #[test]
    fn rows_outside_the_image_or_twice_are_refused() {
        let mut a = Assembly::new(4);
        assert_eq!(a.receive(4, 1), Err(RowError::OutOfImage { y: 4, height: 4 }));
        a.receive(2, 1).unwrap();
        assert_eq!(a.receive(2, 1), Err(RowError::Twice { y: 2 }));
        assert_eq!(a.received(), 1);
        assert_eq!(RowError::Twice { y: 2 }.to_string(), "row 2 came back twice");
    }
}
