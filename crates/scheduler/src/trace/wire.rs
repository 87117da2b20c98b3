//! A compact binary form of a [`Trace`], for moving a run between threads (a Web Worker posts
//! it to the page as one transferred buffer) and storing it: about 6–10 bytes an event, where
//! the JSON of the same trace takes over a hundred.
//!
//! ## Format
//! Every integer is an unsigned LEB128 varint (7 bits a byte, low bits first, at most 10 bytes).
//! 1. One byte: the format version, [`VERSION`].
//! 2. `procs`, then the event count.
//! 3. Each event: its time as the difference from the previous event's (the first from 0;
//!    traces are sorted by time, so these are small — a decreasing time still round-trips, as a
//!    wrapping difference), its M plus one (so [`NO_M`](super::NO_M) is 0), the tag [`super::encode`] gives
//!    its kind, then the kind's fields in that order, with three packings:
//!    a [`Queue`] is one varint (`Global` 0, `Runnext { p }` `1 + 2p`, `Local { p }` `2 + 2p`);
//!    a [`Source`] is its tag from [`super::encode`], then `batch` for `Global`;
//!    a [`Wait`] is its tag, then a timer's `at` (as a wrapping difference from the event's
//!    time) or a channel's number and direction (0 send, 1 receive). Booleans are 0 or 1.
//!
//! ## Hostile input
//! [`decode`] never panics and allocates at most a fixed multiple of its input: the event count
//! is checked against the bytes left (an event takes at least [`MIN_EVENT_BYTES`]), every
//! field against its type's range, and bytes left after the last event are an error.
//!
//! Rejected: *serde with a general-purpose binary format* (a dependency, and the delta times
//! and packed enums are where the size goes); *a length per event* (bigger, and the tag already
//! says how many fields follow).

use super::{BlockReason, Dir, Event, EventKind, MId, Queue, Source, Trace, Wait};
use std::fmt;

/// The format version written first; [`decode`] refuses any other.
pub const VERSION: u8 = 1;

/// The fewest bytes an event takes (time, M, tag: `MPark`).
pub const MIN_EVENT_BYTES: usize = 3;

/// Why bytes are not a trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WireError {
    /// The bytes end inside a value.
    Truncated,
    /// The first byte is not a version this decoder reads.
    Version(u8),
    /// A value outside its field's range (the field is named).
    Invalid(&'static str),
    /// Bytes left after the last value.
    Trailing,
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireError::Truncated => write!(f, "the data ends too early"),
            WireError::Version(v) => write!(f, "unknown format version {v} (this build reads {VERSION})"),
            WireError::Invalid(what) => write!(f, "invalid {what}"),
            WireError::Trailing => write!(f, "unexpected bytes after the end"),
        }
    }
}

impl std::error::Error for WireError {}

/// Append `v` as an unsigned LEB128 varint.
pub fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads varints from a byte slice; every read checks what is left.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    pub fn byte(&mut self) -> Result<u8, WireError> {
        let b = *self.bytes.get(self.pos).ok_or(WireError::Truncated)?;
        self.pos += 1;
        Ok(b)
    }

    /// `n` raw bytes.
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        if n > self.remaining() {
            return Err(WireError::Truncated);
        }
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// One varint; more than 64 bits is [`WireError::Invalid`].
    pub fn u64(&mut self) -> Result<u64, WireError> {
        let mut v: u64 = 0;
        for i in 0..10 {
            let b = self.byte()?;
            let bits = u64::from(b & 0x7f);
            if i == 9 && bits > 1 {
                return Err(WireError::Invalid("varint (more than 64 bits)"));
            }
            v |= bits << (7 * i);
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(WireError::Invalid("varint (more than 10 bytes)"))
    }

    /// A varint that must fit a `u32`; `what` names the field in the error.
    pub fn u32(&mut self, what: &'static str) -> Result<u32, WireError> {
        u32::try_from(self.u64()?).map_err(|_| WireError::Invalid(what))
    }

    /// A varint that must be 0 or 1.
    pub fn bool(&mut self, what: &'static str) -> Result<bool, WireError> {
        match self.u64()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(WireError::Invalid(what)),
        }
    }

    /// A count of items that each take at least `min_bytes`: larger than the bytes left could
    /// hold is an error, so a caller may allocate for it.
    pub fn count(&mut self, min_bytes: usize, what: &'static str) -> Result<usize, WireError> {
        let n = self.u64()?;
        let fits = self.remaining() / min_bytes.max(1);
        match usize::try_from(n) {
            Ok(n) if n <= fits => Ok(n),
            _ => Err(WireError::Invalid(what)),
        }
    }

    /// The end: anything left is [`WireError::Trailing`].
    pub fn finish(self) -> Result<(), WireError> {
        if self.remaining() == 0 { Ok(()) } else { Err(WireError::Trailing) }
    }
}

/// The trace's bytes (see the module doc).
pub fn encode(trace: &Trace) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + trace.events.len() * 8);
    encode_into(trace, &mut out);
    out
}

/// Append the trace's bytes to `out` (to embed a trace in a larger message).
pub fn encode_into(trace: &Trace, out: &mut Vec<u8>) {
    out.push(VERSION);
    put(out, trace.procs.into());
    put(out, trace.events.len() as u64);
    let mut prev = 0u64;
    for e in &trace.events {
        put(out, e.ts.wrapping_sub(prev));
        prev = e.ts;
        put(out, e.m.wrapping_add(1).into());
        put_kind(out, e.ts, &e.kind);
    }
}

/// Read a trace [`encode`] wrote; never panics.
pub fn decode(bytes: &[u8]) -> Result<Trace, WireError> {
    let mut r = Reader::new(bytes);
    let t = decode_from(&mut r)?;
    r.finish()?;
    Ok(t)
}

/// Read a trace [`encode_into`] wrote, leaving the reader after it.
pub fn decode_from(r: &mut Reader<'_>) -> Result<Trace, WireError> {
    let v = r.byte()?;
    if v != VERSION {
        return Err(WireError::Version(v));
    }
    let procs = r.u32("procs")?;
    let n = r.count(MIN_EVENT_BYTES, "event count")?;
    let mut events = Vec::with_capacity(n);
    let mut prev = 0u64;
    for _ in 0..n {
        let ts = prev.wrapping_add(r.u64()?);
        prev = ts;
        let m: MId = r.u32("M")?.wrapping_sub(1);
        let kind = kind(r, ts)?;
        events.push(Event { ts, m, kind });
    }
    Ok(Trace { procs, events })
}

fn put_queue(out: &mut Vec<u8>, q: &Queue) {
    put(out, match *q {
        Queue::Global => 0,
        Queue::Runnext { p } => 1 + 2 * u64::from(p),
        Queue::Local { p } => 2 + 2 * u64::from(p),
    });
}

fn queue_of(v: u64) -> Result<Queue, WireError> {
    if v == 0 {
        return Ok(Queue::Global);
    }
    let p = u32::try_from((v - 1) / 2).map_err(|_| WireError::Invalid("queue's P"))?;
    Ok(if (v - 1).is_multiple_of(2) { Queue::Runnext { p } } else { Queue::Local { p } })
}

fn queue(r: &mut Reader<'_>) -> Result<Queue, WireError> {
    queue_of(r.u64()?)
}

fn put_wait(out: &mut Vec<u8>, ts: u64, w: &Wait) {
    match *w {
        Wait::Waker => put(out, 0),
        Wait::Timer { at } => {
            put(out, 1);
            put(out, at.wrapping_sub(ts));
        }
        Wait::Chan { ch, dir } => {
            put(out, 2);
            put(out, ch);
            put(out, match dir {
                Dir::Send => 0,
                Dir::Recv => 1,
            });
        }
    }
}

fn wait(r: &mut Reader<'_>, ts: u64) -> Result<Wait, WireError> {
    Ok(match r.u64()? {
        0 => Wait::Waker,
        1 => Wait::Timer { at: ts.wrapping_add(r.u64()?) },
        2 => {
            let ch = r.u64()?;
            let dir = if r.bool("channel direction")? { Dir::Recv } else { Dir::Send };
            Wait::Chan { ch, dir }
        }
        _ => return Err(WireError::Invalid("wait tag")),
    })
}

fn reason(v: u64) -> Result<BlockReason, WireError> {
    use BlockReason::*;
    Ok(match v {
        0 => Chan,
        1 => Select,
        2 => Mutex,
        3 => WaitGroup,
        4 => Sleep,
        5 => Join,
        6 => Other,
        _ => return Err(WireError::Invalid("block reason")),
    })
}

fn put_kind(out: &mut Vec<u8>, ts: u64, k: &EventKind) {
    use EventKind::*;
    // The tags are `super::encode`'s first word; the test `tags_match_encode` keeps them equal.
    let b = u64::from;
    match k {
        GoCreate { g, parent, to } => {
            put(out, 0);
            put(out, *g);
            put(out, *parent);
            put_queue(out, to);
        }
        GoStart { g, p, local_len, global_len, from } => {
            put(out, 1);
            put(out, *g);
            put(out, b(*p));
            put(out, b(*local_len));
            put(out, b(*global_len));
            match from {
                Source::Runnext => put(out, 0),
                Source::Local => put(out, 1),
                Source::Global { batch } => {
                    put(out, 2);
                    put(out, b(*batch));
                }
                Source::Stolen => put(out, 3),
                Source::Syscall => put(out, 4),
            }
        }
        GoEnd { g, p } => {
            put(out, 2);
            put(out, *g);
            put(out, b(*p));
        }
        GoStop { g, p, to } => {
            put(out, 3);
            put(out, *g);
            put(out, b(*p));
            put_queue(out, to);
        }
        GoBlock { g, p, reason, on } => {
            put(out, 4);
            put(out, *g);
            put(out, b(*p));
            put(out, *reason as u64);
            put_wait(out, ts, on);
        }
        GoUnblock { g, by, to } => {
            put(out, 5);
            put(out, *g);
            put(out, *by);
            put_queue(out, to);
        }
        GoSyscallBegin { g, p, handoff } => {
            put(out, 6);
            put(out, *g);
            put(out, b(*p));
            put(out, (*handoff).into());
        }
        GoSyscallEnd { g, kept_p, to } => {
            put(out, 7);
            put(out, *g);
            put(out, (*kept_p).into());
            match to {
                None => put(out, 0),
                Some(q) => {
                    put(out, 1);
                    put_queue(out, q);
                }
            }
        }
        ProcStart { p } => {
            put(out, 8);
            put(out, b(*p));
        }
        ProcStop { p } => {
            put(out, 9);
            put(out, b(*p));
        }
        ProcSteal { p, victim, n, runnext } => {
            put(out, 10);
            put(out, b(*p));
            put(out, b(*victim));
            put(out, b(*n));
            put(out, (*runnext).into());
        }
        Handoff { p, from } => {
            put(out, 11);
            put(out, b(*p));
            put(out, b(*from));
        }
        RunqOverflow { p, n } => {
            put(out, 12);
            put(out, b(*p));
            put(out, b(*n));
        }
        MSpawn { m, p, spinning } => {
            put(out, 13);
            put(out, b(*m));
            put(out, b(*p));
            put(out, (*spinning).into());
        }
        MSpawnFailed { m, p } => {
            put(out, 18);
            put(out, b(*m));
            put(out, b(*p));
        }
        MPark => put(out, 14),
        MUnpark { m, p, spinning } => {
            put(out, 15);
            put(out, b(*m));
            put(out, b(*p));
            put(out, (*spinning).into());
        }
        Work { g, ns } => {
            put(out, 16);
            put(out, *g);
            put(out, *ns);
        }
        GoWaitAlso { g, on } => {
            put(out, 17);
            put(out, *g);
            put_wait(out, ts, on);
        }
    }
}

fn kind(r: &mut Reader<'_>, ts: u64) -> Result<EventKind, WireError> {
    use EventKind::*;
    Ok(match r.u64()? {
        0 => GoCreate { g: r.u64()?, parent: r.u64()?, to: queue(r)? },
        1 => GoStart {
            g: r.u64()?,
            p: r.u32("P")?,
            local_len: r.u32("local queue length")?,
            global_len: r.u32("global queue length")?,
            from: match r.u64()? {
                0 => Source::Runnext,
                1 => Source::Local,
                2 => Source::Global { batch: r.u32("batch")? },
                3 => Source::Stolen,
                4 => Source::Syscall,
                _ => return Err(WireError::Invalid("source tag")),
            },
        },
        2 => GoEnd { g: r.u64()?, p: r.u32("P")? },
        3 => GoStop { g: r.u64()?, p: r.u32("P")?, to: queue(r)? },
        4 => GoBlock { g: r.u64()?, p: r.u32("P")?, reason: reason(r.u64()?)?, on: wait(r, ts)? },
        5 => GoUnblock { g: r.u64()?, by: r.u64()?, to: queue(r)? },
        6 => GoSyscallBegin { g: r.u64()?, p: r.u32("P")?, handoff: r.bool("handoff")? },
        7 => GoSyscallEnd {
            g: r.u64()?,
            kept_p: r.bool("kept_p")?,
            to: if r.bool("syscall end queue")? { Some(queue(r)?) } else { None },
        },
        8 => ProcStart { p: r.u32("P")? },
        9 => ProcStop { p: r.u32("P")? },
        10 => ProcSteal { p: r.u32("P")?, victim: r.u32("victim")?, n: r.u32("steal count")?, runnext: r.bool("runnext")? },
        11 => Handoff { p: r.u32("P")?, from: r.u32("M")? },
        12 => RunqOverflow { p: r.u32("P")?, n: r.u32("overflow count")? },
        13 => MSpawn { m: r.u32("M")?, p: r.u32("P")?, spinning: r.bool("spinning")? },
        14 => MPark,
        15 => MUnpark { m: r.u32("M")?, p: r.u32("P")?, spinning: r.bool("spinning")? },
        16 => Work { g: r.u64()?, ns: r.u64()? },
        17 => GoWaitAlso { g: r.u64()?, on: wait(r, ts)? },
        18 => MSpawnFailed { m: r.u32("M")?, p: r.u32("P")? },
        _ => return Err(WireError::Invalid("event tag")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::NO_M;

    fn every_kind() -> Vec<EventKind> {
        use EventKind::*;
        let qs = [Queue::Global, Queue::Runnext { p: 3 }, Queue::Local { p: u32::MAX }];
        let mut v = vec![
            GoStart { g: 9, p: 1, local_len: 2, global_len: 3, from: Source::Global { batch: 7 } },
            GoStart { g: 9, p: 1, local_len: 2, global_len: 3, from: Source::Stolen },
            GoEnd { g: u64::MAX, p: 0 },
            GoBlock { g: 4, p: 2, reason: BlockReason::Sleep, on: Wait::Timer { at: 5 } },
            GoBlock { g: 4, p: 2, reason: BlockReason::Chan, on: Wait::Chan { ch: 3, dir: Dir::Recv } },
            GoWaitAlso { g: 4, on: Wait::Chan { ch: 4, dir: Dir::Send } },
            GoWaitAlso { g: 4, on: Wait::Waker },
            GoSyscallBegin { g: 1, p: 0, handoff: true },
            GoSyscallEnd { g: 1, kept_p: false, to: None },
            ProcStart { p: 1 },
            ProcStop { p: 1 },
            ProcSteal { p: 1, victim: 2, n: 64, runnext: false },
            Handoff { p: 0, from: NO_M },
            RunqOverflow { p: 0, n: 129 },
            MSpawn { m: 3, p: 1, spinning: true },
            MSpawnFailed { m: 3, p: 1 },
            MPark,
            MUnpark { m: 3, p: 1, spinning: false },
            Work { g: 2, ns: 1 << 40 },
        ];
        for to in qs {
            v.push(GoCreate { g: 1, parent: 0, to });
            v.push(GoStop { g: 1, p: 0, to });
            v.push(GoUnblock { g: 1, by: 2, to });
            v.push(GoSyscallEnd { g: 1, kept_p: true, to: Some(to) });
        }
        v
    }

    #[test]
    fn every_kind_round_trips() {
        let events: Vec<Event> = every_kind()
            .into_iter()
            .enumerate()
            .map(|(i, kind)| Event { ts: 1000 + i as u64 * 10, m: if i % 3 == 0 { NO_M } else { i as u32 }, kind })
            .collect();
        let t = Trace { procs: 4, events };
        assert_eq!(decode(&encode(&t)), Ok(t));
    }

    #[test]
    fn tags_match_encode() {
        for k in every_kind() {
            let mut out = Vec::new();
            put_kind(&mut out, 0, &k);
            assert_eq!(u64::from(out[0]), super::super::encode(&k)[0], "{k:?}");
        }
    }

    #[test]
    fn unsorted_times_round_trip() {
        let e = |ts| Event { ts, m: 0, kind: EventKind::MPark };
        let t = Trace { procs: 1, events: vec![e(u64::MAX), e(3), e(0), e(u64::MAX)] };
        assert_eq!(decode(&encode(&t)), Ok(t));
    }

    #[test]
    fn varints() {
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut out = Vec::new();
            put(&mut out, v);
            let mut r = Reader::new(&out);
            assert_eq!(r.u64(), Ok(v));
            assert_eq!(r.finish(), Ok(()));
        }
        // 11 bytes, and a tenth byte with more than the 64th bit.
        assert!(Reader::new(&[0xff; 11]).u64().is_err());
        let mut over = vec![0xff; 9];
        over.push(0x02);
        assert_eq!(Reader::new(&over).u64(), Err(WireError::Invalid("varint (more than 64 bits)")));
    }

    #[test]
    fn refuses_bad_headers() {
        assert_eq!(decode(&[]), Err(WireError::Truncated));
        assert_eq!(decode(&[2, 1, 0]), Err(WireError::Version(2)));
        // A count the bytes cannot hold: refused before any allocation.
        assert_eq!(decode(&[VERSION, 1, 0xff, 0xff, 0xff, 0xff, 0x0f]), Err(WireError::Invalid("event count")));
        let mut ok = encode(&Trace { procs: 2, events: vec![] });
        assert!(decode(&ok).is_ok());
        ok.push(0);
        assert_eq!(decode(&ok), Err(WireError::Trailing));
    }
}
