//! The recorded events of a run, and the diagram's steps rebuilt from them.
//!
//! The page's recorder (`crates/ui/src/task_queues/recorder.js`) appends one [`TraceEvent`] when
//! a callback is scheduled, when it starts, when it returns (or stops at an `await`), and for
//! every `log`. [`steps`] replays them: a scheduled callback joins its queue, a started one moves
//! from its queue onto the call stack, a returning one leaves it. Every state the diagram shows
//! is therefore the state the run went through, in the order it went through it.

use serde::{Deserialize, Serialize};

use super::Queue;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TraceKind {
    Schedule,
    Start,
    End,
    Log,
}

/// One recorded event. `id` names a callback (0 is the scenario itself); `t` is
/// `performance.now()` when it happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceEvent {
    pub kind: TraceKind,
    pub id: u32,
    pub queue: Queue,
    pub label: String,
    pub t: f64,
}

/// A callback waiting in a queue or running on the stack.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub id: u32,
    pub label: String,
    pub queue: Queue,
}

/// What happened at one step, as data: the page says it in its language; `Display` says it in
/// English.
#[derive(Clone, Debug, PartialEq)]
pub enum Caption {
    /// A callback joined its queue (the scenario itself: its task).
    Scheduled { queue: Queue, label: String },
    /// A callback started; `checkpoint` when a microtask runs because the stack emptied.
    Started { queue: Queue, checkpoint: bool, label: String },
    /// A callback returned, leaving the stack empty or not.
    Returned { label: String, stack_empty: bool },
    /// A line was logged.
    Logged { label: String },
}

impl std::fmt::Display for Caption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Caption::Scheduled { queue, label } => match queue {
                Queue::Script => write!(f, "The scenario is queued as a task: {label}"),
                Queue::Microtask => write!(f, "“{label}” joins the microtask queue"),
                Queue::Timer => write!(f, "A timer is set for “{label}”; it joins the timer task queue when due"),
                Queue::Message => write!(f, "A message is posted; “{label}” joins the message task queue"),
                Queue::Frame => write!(f, "“{label}” waits for the next rendering step"),
            },
            Caption::Started { queue, checkpoint, label } => {
                let why = match queue {
                    Queue::Script => "The event loop takes the scenario's task",
                    Queue::Microtask if *checkpoint => "The stack is empty, so the microtask checkpoint runs",
                    Queue::Microtask => "A microtask runs",
                    Queue::Timer => "The event loop takes a timer task",
                    Queue::Message => "The event loop takes a message task",
                    Queue::Frame => "Rendering step: an animation-frame callback runs",
                };
                write!(f, "{why}: “{label}”")
            }
            Caption::Returned { label, stack_empty } => {
                write!(f, "“{label}” returns; the stack is {}", if *stack_empty { "empty" } else { "not empty" })
            }
            Caption::Logged { label } => write!(f, "log(“{label}”)"),
        }
    }
}

/// What the diagram shows after one event.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// What happened.
    pub caption: Caption,
    pub stack: Vec<Entry>,
    pub microtasks: Vec<Entry>,
    /// Timer and message tasks (timers join when set; the browser queues them when due).
    pub tasks: Vec<Entry>,
    /// Animation-frame callbacks waiting for the next rendering step.
    pub frames: Vec<Entry>,
    /// How many log lines have been written up to and including this step.
    pub logged: usize,
    /// The queue of the running callback, if one runs.
    pub phase: Option<Queue>,
    /// Milliseconds since the scenario was scheduled.
    pub t: f64,
}

/// The log lines of a run: (text, ms since start, the queue of the callback that wrote it).
pub fn log_lines(events: &[TraceEvent]) -> Vec<(String, f64, Queue)> {
    let t0 = events.first().map_or(0.0, |e| e.t);
    events
        .iter()
        .filter(|e| e.kind == TraceKind::Log)
        .map(|e| (e.label.clone(), e.t - t0, e.queue))
        .collect()
}

/// Replays the events into diagram steps, one per event after the first schedule.
pub fn steps(events: &[TraceEvent]) -> Vec<Step> {
    let t0 = events.first().map_or(0.0, |e| e.t);
    let mut stack: Vec<Entry> = Vec::new();
    let mut waiting: Vec<Entry> = Vec::new();
    let mut logged = 0;
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        let entry = Entry { id: e.id, label: e.label.clone(), queue: e.queue };
        let label = e.label.clone();
        let caption = match e.kind {
            TraceKind::Schedule => {
                waiting.push(entry);
                Caption::Scheduled { queue: e.queue, label }
            }
            TraceKind::Start => {
                waiting.retain(|w| w.id != e.id);
                let checkpoint = e.queue == Queue::Microtask && stack.is_empty();
                stack.push(entry);
                Caption::Started { queue: e.queue, checkpoint, label }
            }
            TraceKind::End => {
                if let Some(i) = stack.iter().rposition(|s| s.id == e.id) {
                    stack.remove(i);
                }
                Caption::Returned { label, stack_empty: stack.is_empty() }
            }
            TraceKind::Log => {
                logged += 1;
                Caption::Logged { label }
            }
        };
        let pick = |q: &[Queue]| waiting.iter().filter(|w| q.contains(&w.queue)).cloned().collect::<Vec<_>>();
        out.push(Step {
            caption,
            stack: stack.clone(),
            microtasks: pick(&[Queue::Microtask]),
            tasks: pick(&[Queue::Script, Queue::Timer, Queue::Message]),
            frames: pick(&[Queue::Frame]),
            logged,
            phase: stack.last().map(|s| s.queue),
            t: e.t - t0,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(kind: TraceKind, id: u32, queue: Queue, label: &str, t: f64) -> TraceEvent {
        TraceEvent { kind, id, queue, label: label.into(), t }
    }

    #[test]
    fn replay_moves_callbacks_from_queues_to_the_stack_and_off() {
        use Queue::*;
        use TraceKind::*;
        let events = vec![
            ev(Schedule, 0, Script, "scenario()", 10.0),
            ev(Start, 0, Script, "scenario()", 11.0),
            ev(Log, 0, Script, "script start", 11.0),
            ev(Schedule, 1, Timer, "setTimeout callback", 11.0),
            ev(Schedule, 2, Microtask, "then callback", 11.0),
            ev(End, 0, Script, "scenario()", 11.5),
            ev(Start, 2, Microtask, "then callback", 11.6),
            ev(Log, 2, Microtask, "then", 11.6),
            ev(End, 2, Microtask, "then callback", 11.7),
            ev(Start, 1, Timer, "setTimeout callback", 15.0),
            ev(Log, 1, Timer, "timeout", 15.0),
            ev(End, 1, Timer, "setTimeout callback", 15.1),
        ];
        let s = steps(&events);
        assert_eq!(s.len(), events.len());
        assert_eq!(s[0].tasks.len(), 1);
        assert_eq!(s[1].stack[0].label, "scenario()");
        assert!(s[1].tasks.is_empty());
        assert_eq!((s[4].microtasks.len(), s[4].tasks.len()), (1, 1));
        assert!(s[5].stack.is_empty());
        assert!(s[6].caption.to_string().starts_with("The stack is empty, so the microtask checkpoint runs"), "{}", s[6].caption);
        assert_eq!(s[7].phase, Some(Microtask));
        assert_eq!(s[11].logged, 3);
        assert!(s[11].stack.is_empty() && s[11].tasks.is_empty() && s[11].microtasks.is_empty());
        assert_eq!(s[10].t, 5.0);
        let lines = log_lines(&events);
        assert_eq!(lines.iter().map(|l| l.0.as_str()).collect::<Vec<_>>(), ["script start", "then", "timeout"]);
        assert_eq!(lines[2].2, Timer);
    }
}

/// The run as a Chrome trace: lane 1 is the main thread (each callback a span from start to
/// return, each log line a moment), and each queue has a lane where a callback's span runs from
/// being queued to being started: the time it waited in that queue.
pub fn chrome_trace(events: &[TraceEvent]) -> String {
    use crate::export::{TraceEvent as Ct, chrome_trace};
    const QUEUES: [Queue; 5] = [Queue::Script, Queue::Microtask, Queue::Timer, Queue::Message, Queue::Frame];
    let lane = |q: Queue| 2 + QUEUES.iter().position(|x| *x == q).unwrap_or(0) as u32;
    let mut out = vec![Ct::lane_name(1, "main thread (call stack)")];
    out.extend(QUEUES.iter().map(|q| Ct::lane_name(lane(*q), &format!("{} queue", q.name()))));
    let mut queued: std::collections::HashMap<u32, f64> = std::collections::HashMap::new();
    let mut started: std::collections::HashMap<u32, f64> = std::collections::HashMap::new();
    for e in events {
        match e.kind {
            TraceKind::Schedule => {
                queued.insert(e.id, e.t);
            }
            TraceKind::Start => {
                if let Some(t) = queued.remove(&e.id) {
                    out.push(Ct::span(&e.label, e.queue.name(), lane(e.queue), t, e.t));
                }
                started.insert(e.id, e.t);
            }
            TraceKind::End => {
                if let Some(t) = started.remove(&e.id) {
                    out.push(Ct::span(&e.label, e.queue.name(), 1, t, e.t));
                }
            }
            TraceKind::Log => out.push(Ct::instant(&format!("log: {}", e.label), "log", 1, e.t)),
        }
    }
    chrome_trace(&out)
}

#[cfg(test)]
mod chrome_trace_tests {
    use super::*;

    #[test]
    fn callbacks_become_spans_on_the_main_thread_and_waits_on_their_queue() {
        let ev = |kind, id, queue, label: &str, t| TraceEvent { kind, id, queue, label: label.into(), t };
        let events = vec![
            ev(TraceKind::Schedule, 2, Queue::Timer, "setTimeout callback", 1.0),
            ev(TraceKind::Start, 2, Queue::Timer, "setTimeout callback", 5.0),
            ev(TraceKind::Log, 2, Queue::Timer, "timeout", 5.5),
            ev(TraceKind::End, 2, Queue::Timer, "setTimeout callback", 6.0),
        ];
        let v: serde_json::Value = serde_json::from_str(&chrome_trace(&events)).unwrap();
        let spans: Vec<_> = v["traceEvents"].as_array().unwrap().iter().filter(|e| e["ph"] == "X").collect();
        assert_eq!(spans.len(), 2);
        assert_eq!((spans[0]["tid"].as_u64(), spans[0]["ts"].as_f64(), spans[0]["dur"].as_f64()), (Some(4), Some(1000.0), Some(4000.0)));
        assert_eq!((spans[1]["tid"].as_u64(), spans[1]["dur"].as_f64()), (Some(1), Some(1000.0)));
        assert!(v["traceEvents"].as_array().unwrap().iter().any(|e| e["name"] == "log: timeout"));
    }
}
