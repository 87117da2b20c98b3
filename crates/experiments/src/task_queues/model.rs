//! What the specifications guarantee about a scenario's order, derived from the scenario alone,
//! and a check of a recorded log against it.
//!
//! The model splits the scenario into *groups*: the script, and each task (timer, message) or
//! animation-frame callback it leads to, together with every microtask that one runs. Then:
//! 1. Inside a group the order is exact. A callback runs to the end; the microtask queue is
//!    first in, first out; a promise already resolved queues its callback at `then`; `await`
//!    queues the rest of its function at the `await` (ECMAScript: PerformPromiseThen, Await).
//! 2. A group is contiguous: after a task or frame callback the event loop empties the whole
//!    microtask queue before anything else runs (HTML: "perform a microtask checkpoint").
//! 3. Between groups, only what HTML fixes: the script first; a callback after the group that
//!    scheduled it; timers set by one group with a timeout not longer than a later one's run
//!    first ("timer initialisation steps"); interval ticks in order; a frame callback requested
//!    inside a frame callback in a later frame, and callbacks requested together in order.
//!
//! Which task source the browser serves first (timers or messages), and whether a frame comes
//! before or after a given task, is left to the browser; the model demands nothing there.

use std::collections::{HashMap, VecDeque};

use super::{Op, Queue};

/// A task or frame callback and the microtasks it runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub queue: Queue,
    pub label: String,
    /// The log texts, in the only order the specifications allow.
    pub logs: Vec<String>,
}

/// Why one group must come before another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    ScriptFirst,
    ScheduledBy,
    TimerOrder,
    IntervalOrder,
    FrameOrder,
}

impl Reason {
    pub fn explain(self) -> &'static str {
        match self {
            Reason::ScriptFirst => "the script runs to the end, with its microtasks, before any task",
            Reason::ScheduledBy => "a callback runs after the code that scheduled it",
            Reason::TimerOrder => "timers set earlier with a timeout no longer run first",
            Reason::IntervalOrder => "interval ticks run in order",
            Reason::FrameOrder => "animation-frame callbacks run in the order requested",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub groups: Vec<Group>,
    /// (a, b, why): every log of group `a` comes before every log of group `b`.
    pub before: Vec<(usize, usize, Reason)>,
}

struct Pending {
    queue: Queue,
    label: String,
    body: Vec<Op>,
    suffix: String,
    ms: u32,
    parent: usize,
    /// For interval ticks: (this tick, all ticks).
    tick: Option<(u32, u32)>,
}

struct Run {
    logs: Vec<String>,
    micro: VecDeque<(Vec<Op>, String)>,
    spawned: Vec<Pending>,
    group: usize,
}

impl Run {
    /// Runs statements until the end or an `await`, which queues the rest as a microtask.
    fn exec(&mut self, ops: &[Op], suffix: &str) {
        for (i, op) in ops.iter().enumerate() {
            match op {
                Op::Log { text } => self.logs.push(format!("{text}{suffix}")),
                Op::Then { body, .. } | Op::Microtask { body, .. } => {
                    self.micro.push_back((body.clone(), suffix.to_string()))
                }
                Op::Await { .. } => {
                    self.micro.push_back((ops[i + 1..].to_vec(), suffix.to_string()));
                    return;
                }
                Op::Async { body, .. } => self.exec(body, suffix),
                Op::Timeout { label, ms, body } => self.spawn(Queue::Timer, label, body, suffix, *ms, None),
                Op::Interval { label, ms, times, body } => {
                    self.spawn(Queue::Timer, label, body, suffix, *ms, Some((1, (*times).max(1))))
                }
                Op::Message { label, body } => self.spawn(Queue::Message, label, body, suffix, 0, None),
                Op::Frame { label, body } => self.spawn(Queue::Frame, label, body, suffix, 0, None),
            }
        }
    }

    fn spawn(&mut self, queue: Queue, label: &str, body: &[Op], suffix: &str, ms: u32, tick: Option<(u32, u32)>) {
        self.spawned.push(Pending {
            queue,
            label: label.to_string(),
            body: body.to_vec(),
            suffix: suffix.to_string(),
            ms,
            parent: self.group,
            tick,
        });
    }
}

/// Derives the groups and the constraints between them.
pub fn predict(script: &[Op]) -> Model {
    let mut groups = Vec::new();
    let mut before = Vec::new();
    let mut todo = VecDeque::from([Pending {
        queue: Queue::Script,
        label: "scenario()".into(),
        body: script.to_vec(),
        suffix: String::new(),
        ms: 0,
        parent: usize::MAX,
        tick: None,
    }]);
    while let Some(p) = todo.pop_front() {
        let index = groups.len();
        let suffix = match p.tick {
            Some((k, _)) => format!("{} #{k}", p.suffix),
            None => p.suffix.clone(),
        };
        let mut run = Run { logs: Vec::new(), micro: VecDeque::new(), spawned: Vec::new(), group: index };
        run.exec(&p.body, &suffix);
        while let Some((ops, sfx)) = run.micro.pop_front() {
            run.exec(&ops, &sfx);
        }
        if p.parent != usize::MAX {
            before.push((p.parent, index, Reason::ScheduledBy));
            if p.parent != 0 {
                before.push((0, index, Reason::ScriptFirst));
            }
        }
        groups.push(Group { queue: p.queue, label: p.label.clone(), logs: run.logs });
        // Ordering among what this group spawned: indices they will get, in spawn order.
        let first = index + 1 + todo.len();
        for (i, a) in run.spawned.iter().enumerate() {
            for (j, b) in run.spawned.iter().enumerate().skip(i + 1) {
                let reason = match (a.queue, b.queue) {
                    (Queue::Timer, Queue::Timer) if a.ms <= b.ms => Some(Reason::TimerOrder),
                    (Queue::Frame, Queue::Frame) => Some(Reason::FrameOrder),
                    _ => None,
                };
                if let Some(r) = reason {
                    before.push((first + i, first + j, r));
                }
            }
        }
        if let Some((k, n)) = p.tick
            && k < n
        {
            // The next tick: after this one.
            let next = Pending { tick: Some((k + 1, n)), parent: index, ..p };
            run.spawned.push(next);
        }
        let tick_index = run.spawned.iter().position(|s| s.tick.is_some_and(|(k2, _)| p.tick.is_some_and(|(k, _)| k2 == k + 1)));
        for (i, s) in run.spawned.into_iter().enumerate() {
            if Some(i) == tick_index {
                before.push((index, first + i, Reason::IntervalOrder));
            }
            todo.push_back(s);
        }
    }
    before.retain(|&(a, b, r)| !(r == Reason::ScheduledBy && a == usize::MAX) && a != b);
    Model { groups, before }
}

/// A way the recorded log breaks the model.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation(pub String);

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks a recorded log (log texts in the order they ran) against the model.
pub fn check(model: &Model, measured: &[String]) -> Result<(), Violation> {
    let mut owner: HashMap<&str, usize> = HashMap::new();
    for (g, group) in model.groups.iter().enumerate() {
        for text in &group.logs {
            owner.insert(text, g);
        }
    }
    let mut positions: Vec<Vec<usize>> = vec![Vec::new(); model.groups.len()];
    for (i, text) in measured.iter().enumerate() {
        let g = *owner.get(text.as_str()).ok_or_else(|| Violation(format!("“{text}” is not in the scenario")))?;
        positions[g].push(i);
    }
    for (g, group) in model.groups.iter().enumerate() {
        let seen: Vec<&str> = positions[g].iter().map(|&i| measured[i].as_str()).collect();
        let want: Vec<&str> = group.logs.iter().map(String::as_str).collect();
        if seen != want {
            return Err(Violation(format!(
                "{} ({}) should log {:?} in that order, but logged {:?}",
                group.label,
                group.queue.name(),
                want,
                seen
            )));
        }
        if let (Some(&a), Some(&b)) = (positions[g].first(), positions[g].last())
            && b - a + 1 != positions[g].len()
        {
            let intruder = (a..=b).find(|i| !positions[g].contains(i)).map_or("", |i| measured[i].as_str());
            return Err(Violation(format!(
                "“{intruder}” ran in the middle of {} and its microtasks; the microtask queue must be empty before anything else runs",
                group.label
            )));
        }
    }
    for &(a, b, why) in &model.before {
        if let (Some(&last_a), Some(&first_b)) = (positions[a].last(), positions[b].first())
            && last_a > first_b
        {
            return Err(Violation(format!(
                "“{}” ran before “{}”, but {}",
                measured[first_b],
                measured[last_a],
                why.explain()
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task_queues::{Preset, TaskQueueParams, build};

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_classic_scenario_has_the_spec_order_for_its_script_group() {
        let m = predict(&build(Preset::Classic, TaskQueueParams::default()));
        assert_eq!(
            m.groups[0].logs,
            strings(&["script start", "f() starts", "script end", "then 1", "microtask", "f() after await", "then 2"])
        );
        let labels: Vec<_> = m.groups.iter().map(|g| g.queue).collect();
        assert_eq!(labels, [Queue::Script, Queue::Timer, Queue::Message, Queue::Frame]);
    }

    #[test]
    fn tasks_may_come_in_either_order_but_not_inside_a_group() {
        let m = predict(&build(Preset::Classic, TaskQueueParams::default()));
        let script = &m.groups[0].logs;
        for tail in [["timeout", "message", "animation frame"], ["animation frame", "message", "timeout"]] {
            let mut log = script.clone();
            log.extend(strings(&tail));
            assert_eq!(check(&m, &log), Ok(()));
        }
        let mut early = strings(&["script start", "f() starts", "script end", "then 1", "timeout"]);
        early.extend(strings(&["microtask", "f() after await", "then 2", "message", "animation frame"]));
        let e = check(&m, &early).unwrap_err();
        assert!(e.0.contains("“timeout” ran in the middle of scenario()"), "{e}");
        let mut swapped = script.clone();
        swapped.swap(4, 5);
        assert!(check(&m, &swapped).is_err());
    }

    #[test]
    fn microtasks_in_tasks_and_timer_order() {
        let m = predict(&build(Preset::MicrotasksInTasks, TaskQueueParams::default()));
        let good = strings(&[
            "script start", "script end", "message", "then in message", "timeout 1", "then in timeout 1",
            "timeout 2", "microtask in timeout 2",
        ]);
        assert_eq!(check(&m, &good), Ok(()));
        let bad = strings(&[
            "script start", "script end", "timeout 2", "microtask in timeout 2", "timeout 1", "then in timeout 1",
            "message", "then in message",
        ]);
        assert!(check(&m, &bad).unwrap_err().0.contains("timers set earlier"));
    }

    #[test]
    fn await_interleaves_with_a_then_chain() {
        let m = predict(&build(Preset::AwaitVsThen, TaskQueueParams::default()));
        assert_eq!(
            m.groups[0].logs,
            strings(&["script start", "g() starts", "script end", "then A", "g() after await 1", "then B", "g() after await 2", "then C"])
        );
    }

    #[test]
    fn interval_ticks_and_nested_frames_are_ordered() {
        let m = predict(&build(Preset::IntervalAndFrames, TaskQueueParams::default()));
        let ticks: Vec<_> = m.groups.iter().flat_map(|g| g.logs.clone()).filter(|l| l.starts_with("interval")).collect();
        assert_eq!(ticks, strings(&["interval tick #1", "interval tick #2", "interval tick #3"]));
        let bad = strings(&[
            "script start", "script end", "then", "interval tick #2", "interval tick #1", "frame 1", "interval tick #3", "frame 2",
        ]);
        assert!(check(&m, &bad).is_err());
        let good = strings(&[
            "script start", "script end", "then", "interval tick #1", "frame 1", "interval tick #2", "interval tick #3", "frame 2",
        ]);
        assert_eq!(check(&m, &good), Ok(()));
        let frames_swapped = strings(&[
            "script start", "script end", "then", "frame 2", "interval tick #1", "frame 1", "interval tick #2", "interval tick #3",
        ]);
        assert!(check(&m, &frames_swapped).is_err());
    }

    #[test]
    fn a_microtask_chain_runs_before_the_timer() {
        let m = predict(&build(Preset::MicrotaskChain, TaskQueueParams { delay: 0, chain: 3 }));
        assert_eq!(m.groups[0].logs, strings(&["script start", "script end", "link 1", "link 2", "link 3"]));
        assert_eq!(m.groups[1].logs, strings(&["timeout"]));
    }
}
