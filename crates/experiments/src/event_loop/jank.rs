//! What the jank meter records, and the numbers it draws from a run.
//!
//! The meter (on the page) pushes what it sees into [`Samples`]:
//! 1. every `requestAnimationFrame` callback's time — a frame the page could paint;
//! 2. every heartbeat: a timer due every [`HEARTBEAT_MS`] and how late it ran (its *lag*);
//! 3. `longtask` entries from a `PerformanceObserver`, where the browser has them;
//! 4. every input event (key, pointer) and its delay: when its handler ran minus the event's
//!    own timestamp (when the browser received it);
//! 5. the job's own synchronous slices on the main thread, timed around the call.
//!
//! [`Samples::summarize`] turns the part of that between a run's start and end into a [`Jank`].
//! "Longest main-thread block" is the larger of two witnesses — the job's own longest slice and
//! the longest long task — each a lower bound of the true longest block (the main thread ran one
//! task at least that long), so their maximum is too. The table says which witness gave it.
//!
//! The heartbeat's lag is reported on its own and is *not* a witness: it measures how long an
//! ordinary timer task waited, which is a block only when tasks run first come, first served.
//! `scheduler.yield()` continuations run ahead of timers, so a chunked job that yields that way
//! can starve the heartbeat for its whole run without ever blocking (rejected after measuring
//! exactly that in Chromium).

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

/// The heartbeat timer's period.
pub const HEARTBEAT_MS: f64 = 10.0;
/// The frame period assumed until the meter has seen enough frames.
pub const DEFAULT_FRAME_MS: f64 = 1000.0 / 60.0;
/// How much history the meter keeps.
pub const KEEP_MS: f64 = 30_000.0;

/// A stretch of time, in ms on the page's clock.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Span {
    pub start: f64,
    pub duration: f64,
}

impl Span {
    pub fn end(&self) -> f64 {
        self.start + self.duration
    }
}

/// A heartbeat: it ran `at`, `lag` ms after it was due.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Beat {
    pub at: f64,
    pub lag: f64,
}

/// An input event: handled `at`, `delay` ms after the browser received it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Input {
    pub at: f64,
    pub delay: f64,
}

/// Which observation gave the longest block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Witness {
    /// The job's own synchronous slice, timed around the call.
    OwnWork,
    /// A `longtask` entry from the browser.
    LongTask,
}

impl Witness {
    pub fn describe(self) -> &'static str {
        match self {
            Witness::OwnWork => "the job's longest slice",
            Witness::LongTask => "a long-task entry",
        }
    }
}

/// The jank numbers of one run.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Jank {
    pub longest_block_ms: f64,
    pub witness: Witness,
    /// The longest gap between two animation frames.
    pub longest_frame_ms: f64,
    /// Frames that should have been painted but were not.
    pub frames_dropped: u32,
    pub frame_ms: f64,
    pub worst_lag_ms: f64,
    /// The worst delay of any input event during the run; `None` if there was none.
    pub worst_input_ms: Option<f64>,
    pub inputs: u32,
    /// Long tasks (≥ 50 ms) the browser reported; `None` where it cannot observe them.
    pub long_tasks: Option<u32>,
}

/// The meter's memory: the last [`KEEP_MS`] of observations, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Samples {
    pub frames: VecDeque<f64>,
    pub beats: VecDeque<Beat>,
    pub long_tasks: VecDeque<Span>,
    /// Whether the browser reports long tasks at all.
    pub long_tasks_supported: bool,
    pub inputs: VecDeque<Input>,
    pub slices: VecDeque<Span>,
}

impl Samples {
    pub fn frame(&mut self, at: f64) {
        // rAF times never go backwards; ignore a repeat (two callbacks in one frame).
        if self.frames.back().is_none_or(|&last| at > last) {
            self.frames.push_back(at);
        }
        self.trim(at);
    }

    pub fn beat(&mut self, at: f64, lag: f64) {
        self.beats.push_back(Beat { at, lag: lag.max(0.0) });
    }

    pub fn long_task(&mut self, start: f64, duration: f64) {
        self.long_tasks.push_back(Span { start, duration });
    }

    pub fn input(&mut self, at: f64, delay: f64) {
        self.inputs.push_back(Input { at, delay: delay.max(0.0) });
    }

    pub fn slice(&mut self, start: f64, duration: f64) {
        self.slices.push_back(Span { start, duration });
    }

    /// Forgets what is older than [`KEEP_MS`] before `now`.
    pub fn trim(&mut self, now: f64) {
        let cut = now - KEEP_MS;
        while self.frames.front().is_some_and(|&t| t < cut) {
            self.frames.pop_front();
        }
        while self.beats.front().is_some_and(|b| b.at < cut) {
            self.beats.pop_front();
        }
        while self.long_tasks.front().is_some_and(|s| s.end() < cut) {
            self.long_tasks.pop_front();
        }
        while self.inputs.front().is_some_and(|i| i.at < cut) {
            self.inputs.pop_front();
        }
        while self.slices.front().is_some_and(|s| s.end() < cut) {
            self.slices.pop_front();
        }
    }

    /// The display's frame period: the median of the recent frame gaps that look like
    /// ordinary frames (under 50 ms), or 60 Hz until there are enough of them.
    pub fn frame_period(&self) -> f64 {
        let mut gaps: Vec<f64> = self
            .frames
            .iter()
            .zip(self.frames.iter().skip(1))
            .map(|(a, b)| b - a)
            .filter(|&d| d > 2.0 && d < 50.0)
            .collect();
        if gaps.len() < 10 {
            return DEFAULT_FRAME_MS;
        }
        let n = gaps.len();
        let (_, median, _) = gaps.select_nth_unstable_by(n / 2, f64::total_cmp);
        *median
    }

    /// Whether the meter has seen a frame and a heartbeat after `t`: then everything a block
    /// ending at `t` did to frames and timers is recorded.
    pub fn settled_after(&self, t: f64) -> bool {
        self.frames.back().is_some_and(|&f| f > t) && self.beats.back().is_some_and(|b| b.at > t)
    }

    /// The jank numbers for a run from `start` to `end` (ms on the page's clock).
    pub fn summarize(&self, start: f64, end: f64) -> Jank {
        let period = self.frame_period();
        let mut longest_frame: f64 = 0.0;
        let mut dropped = 0u32;
        for (a, b) in self.frames.iter().zip(self.frames.iter().skip(1)) {
            if *b > start && *a < end {
                let gap = b - a;
                longest_frame = longest_frame.max(gap);
                dropped += ((gap / period).round() as u32).saturating_sub(1);
            }
        }
        // A beat belongs to the run if it was due before the end and ran after the start.
        let worst_lag = self
            .beats
            .iter()
            .filter(|b| b.at > start && b.at - b.lag < end)
            .map(|b| b.lag)
            .fold(0.0, f64::max);
        let overlaps = |s: &&Span| s.end() > start && s.start < end;
        let own = self.slices.iter().filter(overlaps).map(|s| s.duration).fold(0.0, f64::max);
        let long: Vec<f64> = self.long_tasks.iter().filter(overlaps).map(|s| s.duration).collect();
        let longest_long = long.iter().copied().fold(0.0, f64::max);
        let inputs: Vec<f64> = self
            .inputs
            .iter()
            .filter(|i| i.at > start && i.at - i.delay < end)
            .map(|i| i.delay)
            .collect();
        let (longest_block_ms, witness) =
            if longest_long > own { (longest_long, Witness::LongTask) } else { (own, Witness::OwnWork) };
        Jank {
            longest_block_ms,
            witness,
            longest_frame_ms: longest_frame,
            frames_dropped: dropped,
            frame_ms: period,
            worst_lag_ms: worst_lag,
            worst_input_ms: inputs.iter().copied().reduce(f64::max),
            inputs: inputs.len() as u32,
            long_tasks: self.long_tasks_supported.then_some(long.len() as u32),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page at 60 Hz from 0 to `until`, with the main thread blocked from `block.0` to `block.1`.
    fn page(until: f64, block: (f64, f64)) -> Samples {
        let mut s = Samples { long_tasks_supported: true, ..Samples::default() };
        let mut t = 0.0;
        while t < until {
            if t > block.0 && t < block.1 {
                t = block.1 + 1.0;
            }
            s.frame(t);
            t += DEFAULT_FRAME_MS;
        }
        let mut due = 0.0;
        while due < until {
            let ran = if due > block.0 && due < block.1 { block.1 + 0.5 } else { due + 0.3 };
            s.beat(ran, ran - due);
            due = ran + HEARTBEAT_MS;
        }
        s
    }

    #[test]
    fn a_block_shows_in_frames_heartbeat_and_own_work() {
        let mut s = page(3000.0, (1000.0, 2000.0));
        s.slice(1000.0, 1000.0);
        s.long_task(1000.0, 1000.0);
        s.input(2000.5, 700.0);
        let j = s.summarize(995.0, 2001.0);
        assert!((s.frame_period() - DEFAULT_FRAME_MS).abs() < 0.01);
        assert!(j.longest_frame_ms >= 1000.0, "{j:?}");
        assert!((55..=61).contains(&j.frames_dropped), "{j:?}");
        assert!(j.worst_lag_ms > 985.0 && j.worst_lag_ms <= 1000.5, "{j:?}");
        assert_eq!(j.longest_block_ms, 1000.0);
        s.long_task(1500.0, 1200.0);
        assert_eq!(s.summarize(995.0, 2001.0).witness, Witness::LongTask);
        assert_eq!(j.worst_input_ms, Some(700.0));
        assert_eq!(j.long_tasks, Some(1));
    }

    #[test]
    fn a_smooth_page_drops_nothing_and_a_late_timer_is_not_a_block() {
        let mut s = page(3000.0, (0.0, 0.0));
        s.long_tasks_supported = false;
        s.slice(1500.0, 4.0);
        s.beat(1700.0, 300.0); // starved by higher-priority tasks, not blocked
        let j = s.summarize(1000.0, 2000.0);
        assert_eq!(j.frames_dropped, 0);
        assert!(j.longest_frame_ms < 17.0);
        assert_eq!((j.longest_block_ms, j.witness), (4.0, Witness::OwnWork));
        assert_eq!(j.worst_lag_ms, 300.0);
        assert_eq!((j.worst_input_ms, j.long_tasks), (None, None));
    }

    #[test]
    fn settles_only_after_a_frame_and_a_beat_past_the_end() {
        let mut s = Samples::default();
        s.frame(10.0);
        s.beat(12.0, 0.0);
        assert!(!s.settled_after(11.0));
        s.frame(20.0);
        assert!(s.settled_after(11.0));
    }

    #[test]
    fn history_is_trimmed_and_frames_never_go_back() {
        let mut s = Samples::default();
        s.frame(0.0);
        s.beat(0.0, 0.0);
        s.frame(0.0);
        assert_eq!(s.frames.len(), 1);
        s.frame(KEEP_MS + 100.0);
        assert_eq!(s.frames.len(), 1);
        assert!(s.beats.is_empty());
    }
}
