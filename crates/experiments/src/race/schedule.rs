//! A schedule: which thread ran each step, written as one digit per step.
//!
//! `"010122"` is thread 0, then 1, 0, 1, 2, 2. Digits keep it readable in a link and in the
//! page's text, and a thread id is one digit because a race has at most
//! [`super::MAX_RACE_THREADS`] threads. Reading never panics: anything but a digit below that, or
//! more than [`MAX_SCHEDULE_LEN`] characters, is refused with a [`ScheduleError`]. Whether the
//! steps can run is the machine's question ([`super::Machine::replay`]).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::MAX_RACE_THREADS;

/// The most steps a schedule has: a complete schedule of the largest step-mode race without
/// spins is at most `6 × 8 × 4 = 192` steps, which leaves room for spinning.
pub const MAX_SCHEDULE_LEN: usize = 512;

/// Thread ids, one per step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Schedule(Vec<u8>);

/// Why a text is not a schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleError {
    /// Longer than [`MAX_SCHEDULE_LEN`] (`len` in bytes; not read further).
    TooLong { len: usize, max: usize },
    /// The character at `at` (0-based, in characters) is not a thread digit.
    NotAThread { at: usize, found: char },
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScheduleError::TooLong { len, max } => {
                write!(f, "a schedule has at most {max} steps (this one has {len} characters)")
            }
            ScheduleError::NotAThread { at, found } => write!(
                f,
                "step {} of the schedule is “{}”, not a thread 0 to {}",
                at + 1,
                found.escape_debug(),
                MAX_RACE_THREADS - 1
            ),
        }
    }
}

impl std::error::Error for ScheduleError {}

impl Schedule {
    /// Thread ids as a [`super::Machine`] ran them (already below [`MAX_RACE_THREADS`]).
    pub(crate) fn from_steps(steps: impl IntoIterator<Item = u8>) -> Schedule {
        let steps: Vec<u8> = steps.into_iter().collect();
        debug_assert!(steps.iter().all(|&t| u32::from(t) < MAX_RACE_THREADS) && steps.len() <= MAX_SCHEDULE_LEN);
        Schedule(steps)
    }

    /// The thread of each step.
    pub fn threads(&self) -> &[u8] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The schedule as digits, one per step.
    pub fn encode(&self) -> String {
        self.0.iter().map(|&t| char::from(b'0' + t)).collect()
    }

    /// Reads [`Schedule::encode`]'s form back.
    pub fn decode(text: &str) -> Result<Schedule, ScheduleError> {
        if text.len() > MAX_SCHEDULE_LEN {
            return Err(ScheduleError::TooLong { len: text.len(), max: MAX_SCHEDULE_LEN });
        }
        text.chars()
            .enumerate()
            .map(|(at, c)| match c.to_digit(10) {
                Some(d) if c.is_ascii_digit() && d < MAX_RACE_THREADS => Ok(d as u8),
                _ => Err(ScheduleError::NotAThread { at, found: c }),
            })
            .collect::<Result<Vec<u8>, _>>()
            .map(Schedule)
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encode())
    }
}

impl FromStr for Schedule {
    type Err = ScheduleError;

    fn from_str(s: &str) -> Result<Schedule, ScheduleError> {
        Schedule::decode(s)
    }
}

/// A schedule travels (in replays, in messages) as its digits.
impl Serialize for Schedule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.encode())
    }
}

impl<'de> Deserialize<'de> for Schedule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Schedule::decode(&text).map_err(serde::de::Error::custom)
    }
}
