//! A whole simulated [`Run`] as bytes: how a Web Worker that ran the program hands it to the
//! page (one transferred `ArrayBuffer`, no JSON of a million events).
//!
//! ## Format
//! Integers are LEB128 varints (signed ones zigzag-encoded first), as in the scheduler's
//! trace format ([`interleave_scheduler::trace::wire`]), whose reader this module shares.
//! 1. One byte: [`VERSION`].
//! 2. [`Run::end`]: 0 finished, 1 deadlock, 2 failed followed by the error's statement, line,
//!    column and message.
//! 3. [`Run::trace`], in the trace format (with its own version byte).
//! 4. [`Run::marks`]: a count, then each mark's time as the difference from the previous one
//!    (they are sorted by time), its G as the (zigzag) difference from the previous mark's G
//!    (consecutive marks are mostly the same G or a near one), and its statement plus one (0:
//!    the G ended).
//! 5. [`Run::gs`]: a count, then each G and its `go` statement plus one (0: the main G).
//! 6. [`Run::channels`]: a count, then each channel's name, declaring statement, capacity,
//!    sent and received counts, and its kept values (a count, then each value).
//! 7. [`Run::end_ns`], [`Run::left_gs`], and [`Run::blocked`] (a count, then G and statement).
//!
//! Text is a byte length and UTF-8. [`decode`] never panics, checks every count against the
//! bytes left before it allocates, and refuses bytes after the end.

use interleave_scheduler::trace::wire::{self as trace_wire, Reader, put};
pub use interleave_scheduler::trace::wire::WireError;

use super::interp::{ChanStats, End, Mark, Run, RunError, Spawned};
use super::program::StmtId;

/// The format version written first; [`decode`] refuses any other.
pub const VERSION: u8 = 1;

/// The run's bytes (see the module doc).
pub fn encode(run: &Run) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + run.trace.events.len() * 8 + run.marks.len() * 4);
    out.push(VERSION);
    match &run.end {
        End::Finished => put(&mut out, 0),
        End::Deadlock => put(&mut out, 1),
        End::Failed(e) => {
            put(&mut out, 2);
            put(&mut out, e.stmt.into());
            put(&mut out, e.line.into());
            put(&mut out, e.column.into());
            put_str(&mut out, &e.message);
        }
    }
    trace_wire::encode_into(&run.trace, &mut out);
    put(&mut out, run.marks.len() as u64);
    let (mut prev, mut prev_g) = (0u64, 0u64);
    for m in &run.marks {
        put(&mut out, m.ts.wrapping_sub(prev));
        prev = m.ts;
        put(&mut out, zigzag(m.g.wrapping_sub(prev_g) as i64));
        prev_g = m.g;
        put_stmt(&mut out, m.stmt);
    }
    put(&mut out, run.gs.len() as u64);
    for s in &run.gs {
        put(&mut out, s.g);
        put_stmt(&mut out, s.go_stmt);
    }
    put(&mut out, run.channels.len() as u64);
    for c in &run.channels {
        put_str(&mut out, &c.name);
        put(&mut out, c.decl.into());
        put(&mut out, c.cap.into());
        put(&mut out, c.sent);
        put(&mut out, c.received);
        put(&mut out, c.values.len() as u64);
        for &v in &c.values {
            put(&mut out, zigzag(v));
        }
    }
    put(&mut out, run.end_ns);
    put(&mut out, run.left_gs);
    put(&mut out, run.blocked.len() as u64);
    for &(g, s) in &run.blocked {
        put(&mut out, g);
        put(&mut out, s.into());
    }
    out
}

/// Read a run [`encode`] wrote; never panics.
pub fn decode(bytes: &[u8]) -> Result<Run, WireError> {
    let mut r = Reader::new(bytes);
    let v = r.byte()?;
    if v != VERSION {
        return Err(WireError::Version(v));
    }
    let end = match r.u64()? {
        0 => End::Finished,
        1 => End::Deadlock,
        2 => End::Failed(RunError {
            stmt: r.u32("statement")?,
            line: r.u32("line")?,
            column: r.u32("column")?,
            message: string(&mut r)?,
        }),
        _ => return Err(WireError::Invalid("run end")),
    };
    let trace = trace_wire::decode_from(&mut r)?;
    let n = r.count(3, "mark count")?;
    let mut marks = Vec::with_capacity(n);
    let (mut prev, mut prev_g) = (0u64, 0u64);
    for _ in 0..n {
        let ts = prev.wrapping_add(r.u64()?);
        prev = ts;
        let g = prev_g.wrapping_add(unzigzag(r.u64()?) as u64);
        prev_g = g;
        marks.push(Mark { ts, g, stmt: stmt(&mut r)? });
    }
    let n = r.count(2, "G count")?;
    let mut gs = Vec::with_capacity(n);
    for _ in 0..n {
        gs.push(Spawned { g: r.u64()?, go_stmt: stmt(&mut r)? });
    }
    let n = r.count(6, "channel count")?;
    let mut channels = Vec::with_capacity(n);
    for _ in 0..n {
        let name = string(&mut r)?;
        let decl = r.u32("statement")?;
        let cap = r.u32("capacity")?;
        let (sent, received) = (r.u64()?, r.u64()?);
        let k = r.count(1, "value count")?;
        let mut values = Vec::with_capacity(k);
        for _ in 0..k {
            values.push(unzigzag(r.u64()?));
        }
        channels.push(ChanStats { name, decl, cap, sent, received, values });
    }
    let end_ns = r.u64()?;
    let left_gs = r.u64()?;
    let n = r.count(2, "blocked count")?;
    let mut blocked = Vec::with_capacity(n);
    for _ in 0..n {
        blocked.push((r.u64()?, r.u32("statement")?));
    }
    r.finish()?;
    Ok(Run { end, trace, marks, gs, channels, end_ns, left_gs, blocked })
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn string(r: &mut Reader<'_>) -> Result<String, WireError> {
    let n = usize::try_from(r.u64()?).map_err(|_| WireError::Truncated)?;
    let bytes = r.bytes(n)?;
    String::from_utf8(bytes.to_vec()).map_err(|_| WireError::Invalid("text (not UTF-8)"))
}

fn put_stmt(out: &mut Vec<u8>, s: Option<StmtId>) {
    put(out, s.map_or(0, |s| u64::from(s) + 1));
}

fn stmt(r: &mut Reader<'_>) -> Result<Option<StmtId>, WireError> {
    match r.u64()? {
        0 => Ok(None),
        v => StmtId::try_from(v - 1).map(Some).map_err(|_| WireError::Invalid("statement")),
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go_scheduler::interp::run_sim;
    use crate::go_scheduler::presets::PRESETS;
    use crate::go_scheduler::program::parse_with;
    use proptest::prelude::*;

    fn run_of(src: &str, procs: usize, seed: u64) -> Run {
        run_sim(&parse_with(src, 8).unwrap_or_else(|e| panic!("{e}")), procs, seed)
    }

    /// Every preset, a deadlock, a run error (its message not ASCII) and negative values.
    fn runs() -> Vec<Run> {
        let mut v: Vec<Run> = PRESETS.iter().map(|p| run_of(p.source, p.procs as usize, 1)).collect();
        v.push(run_of("a := chan(0)\nb := chan(0)\ngo {\n  <-a\n  b <- 1\n}\n<-b\na <- 1", 3, 7));
        v.push(run_of("work(1)\n  sleep(-5)", 2, 1));
        v.push(run_of("c := chan(4)\nfor i in 0..4 { c <- i * -1000000 }\nfor i in 0..4 { <-c }", 1, 9));
        v
    }

    #[test]
    fn every_preset_and_every_ending_round_trips() {
        let runs = runs();
        assert!(runs.iter().any(|r| r.end == End::Deadlock && !r.blocked.is_empty()));
        assert!(runs.iter().any(|r| matches!(&r.end, End::Failed(e) if e.message.contains('µ'))));
        assert!(runs.iter().any(|r| r.channels.iter().any(|c| c.values.iter().any(|&v| v < 0))));
        for run in runs {
            let bytes = encode(&run);
            assert_eq!(decode(&bytes).as_ref(), Ok(&run));
        }
    }

    #[test]
    fn every_truncation_is_an_error_and_extra_bytes_too() {
        let run = run_of(PRESETS[3].source, 2, 5);
        let bytes = encode(&run);
        for len in 0..bytes.len() {
            assert!(decode(&bytes[..len]).is_err(), "{len} of {} bytes decoded", bytes.len());
        }
        let mut longer = bytes;
        longer.push(0);
        assert_eq!(decode(&longer), Err(WireError::Trailing));
        assert_eq!(decode(&[VERSION + 1]), Err(WireError::Version(VERSION + 1)));
    }

    #[test]
    fn extreme_values_round_trip() {
        let mut run = run_of("work(1)", 1, 1);
        run.marks = [u64::MAX, 0, 5, u64::MAX, 1]
            .iter()
            .enumerate()
            .map(|(i, &g)| Mark { ts: [u64::MAX, 0, 7, 7, 1][i], g, stmt: [None, Some(0), Some(u32::MAX)][i % 3] })
            .collect();
        run.gs.push(Spawned { g: u64::MAX, go_stmt: Some(u32::MAX) });
        run.blocked = vec![(u64::MAX, u32::MAX), (0, 0)];
        (run.end_ns, run.left_gs) = (u64::MAX, u64::MAX);
        assert_eq!(decode(&encode(&run)), Ok(run));
    }

    #[test]
    fn zigzag_round_trips() {
        for v in [0, 1, -1, 63, -64, i64::MAX, i64::MIN] {
            assert_eq!(unzigzag(zigzag(v)), v);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1_000))]

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = decode(&bytes);
            let mut v = vec![VERSION, 0, trace_wire::VERSION];
            v.extend_from_slice(&bytes);
            let _ = decode(&v);
        }

        #[test]
        fn altered_runs_never_panic(at in any::<prop::sample::Index>(), byte in any::<u8>()) {
            let mut bytes = encode(&run_of(PRESETS[4].source, 2, 1));
            let i = at.index(bytes.len());
            bytes[i] = byte;
            if let Ok(run) = decode(&bytes) {
                prop_assert_eq!(decode(&encode(&run)), Ok(run));
            }
        }
    }
}
