//! What the task-queues page remembers, as a `Reducible` state machine.

use std::rc::Rc;

use interleave_experiments::task_queues::model::{self, Model};
use interleave_experiments::task_queues::trace::{self, Step, TraceEvent};
use interleave_experiments::task_queues::{Op, Preset, Queue, TaskQueueParams, build};
use yew::Reducible;

use crate::form::ParamForm;
use crate::run_queue::{RunAction, RunQueue};

/// A finished run, with everything the page shows derived from its events.
#[derive(Clone, Debug, PartialEq)]
pub struct RunView {
    pub preset: Preset,
    pub params: TaskQueueParams,
    pub lines: Vec<(String, f64, Queue)>,
    pub steps: Vec<Step>,
    /// `Ok` when the measured order keeps every rule of the specifications.
    pub check: Result<(), String>,
    /// False when the run was cut short (a hidden tab runs no animation frames).
    pub complete: bool,
}

impl RunView {
    pub fn new(preset: Preset, params: TaskQueueParams, events: &[TraceEvent], complete: bool) -> Self {
        let lines = trace::log_lines(events);
        let model: Model = model::predict(&build(preset, params));
        let texts: Vec<String> = lines.iter().map(|l| l.0.clone()).collect();
        let check = if complete { model::check(&model, &texts).map_err(|v| v.0) } else { Err("the run did not finish".into()) };
        RunView { preset, params, lines, steps: trace::steps(events), check, complete }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TaskQueueState {
    pub preset: Preset,
    /// The controls: text as typed, refusals, and the last valid parameters.
    pub form: ParamForm<TaskQueueParams>,
    /// The run in flight and the last finished run (only the last is kept: the page shows one).
    pub runs: RunQueue<Preset, RunView>,
    /// The diagram's step (index into the last run's `steps`).
    pub step: usize,
}

pub enum Action {
    Preset(Preset),
    Input(&'static str, String),
    /// A run started, finished (with its view, built by [`RunView::new`]) or failed.
    Run(RunAction<Preset, RunView>),
    /// Move the diagram by this many steps (clamped).
    Step(i64),
    First,
    Last,
    /// Jump to the step that wrote log line `n` (0-based).
    ToLine(usize),
}

impl Default for TaskQueueState {
    fn default() -> Self {
        TaskQueueState {
            preset: Preset::Classic,
            form: ParamForm::new(TaskQueueParams::default()),
            runs: RunQueue::default(),
            step: 0,
        }
    }
}

impl TaskQueueState {
    pub fn scenario(&self) -> Vec<Op> {
        build(self.preset, self.form.params)
    }

    pub fn can_run(&self) -> bool {
        self.runs.is_idle() && self.form.is_valid()
    }

    pub fn running(&self) -> bool {
        self.runs.running.is_some()
    }

    /// The last finished run.
    pub fn run(&self) -> Option<&RunView> {
        self.runs.results.last()
    }

    pub fn current(&self) -> Option<&Step> {
        self.run().and_then(|r| r.steps.get(self.step))
    }
}

impl Reducible for TaskQueueState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let last = s.run().map_or(0, |r| r.steps.len().saturating_sub(1));
        match action {
            Action::Preset(p) => s.preset = p,
            Action::Input(key, text) => {
                if !s.form.input(key, text) {
                    return self;
                }
            }
            Action::Run(a) => {
                let finished = matches!(a, RunAction::Finished(_));
                if !s.runs.apply(a) {
                    return self;
                }
                if finished {
                    let n = s.runs.results.len();
                    s.runs.results.drain(..n - 1);
                    s.step = s.run().map_or(0, |r| r.steps.len().saturating_sub(1));
                }
            }
            Action::Step(by) => s.step = (s.step as i64 + by).clamp(0, last as i64) as usize,
            Action::First => s.step = 0,
            Action::Last => s.step = last,
            Action::ToLine(n) => {
                if let Some(i) = s.run().and_then(|r| r.steps.iter().position(|st| st.logged == n + 1)) {
                    s.step = i;
                }
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleave_experiments::task_queues::trace::TraceKind;
    use interleave_experiments::task_queues::{CHAIN, DELAY};

    fn ev(kind: TraceKind, id: u32, queue: Queue, label: &str) -> TraceEvent {
        TraceEvent { kind, id, queue, label: label.into(), t: 0.0 }
    }

    /// The events the recorder produces for the chain preset with one link, in spec order.
    fn chain_run() -> Vec<TraceEvent> {
        use Queue::*;
        use TraceKind::*;
        vec![
            ev(Schedule, 1, Script, "scenario()"),
            ev(Start, 1, Script, "scenario()"),
            ev(Log, 1, Script, "script start"),
            ev(Schedule, 2, Timer, "setTimeout callback"),
            ev(Schedule, 3, Microtask, "then link 1"),
            ev(Log, 1, Script, "script end"),
            ev(End, 1, Script, "scenario()"),
            ev(Start, 3, Microtask, "then link 1"),
            ev(Log, 3, Microtask, "link 1"),
            ev(End, 3, Microtask, "then link 1"),
            ev(Start, 2, Timer, "setTimeout callback"),
            ev(Log, 2, Timer, "timeout"),
            ev(End, 2, Timer, "setTimeout callback"),
        ]
    }

    fn reduce(s: TaskQueueState, a: Action) -> TaskQueueState {
        (*Rc::new(s).reduce(a)).clone()
    }

    #[test]
    fn a_run_is_checked_and_stepped() {
        let s = reduce(TaskQueueState::default(), Action::Preset(Preset::MicrotaskChain));
        let s = reduce(s, Action::Input(CHAIN.key, "1".into()));
        let preset = s.preset;
        let s = reduce(s, Action::Run(RunAction::Started { run: preset, total: 0, job: None }));
        assert!(!s.can_run());
        let view = RunView::new(s.preset, s.form.params, &chain_run(), true);
        let s = reduce(s, Action::Run(RunAction::Finished(view)));
        let run = s.run().unwrap();
        assert_eq!(run.check, Ok(()));
        assert_eq!(s.step, 12);
        let s = reduce(s, Action::First);
        assert_eq!(s.step, 0);
        let s = reduce(s, Action::Step(-3));
        assert_eq!(s.step, 0);
        let s = reduce(s, Action::ToLine(2));
        assert_eq!(s.current().unwrap().caption, "log(“link 1”)");
        let s = reduce(s, Action::Step(100));
        assert_eq!(s.step, 12);
    }

    #[test]
    fn a_wrong_order_is_reported_and_bad_input_blocks_run() {
        let mut events = chain_run();
        // Pretend the timer ran before the microtask.
        let timer: Vec<_> = events.drain(10..13).collect();
        events.splice(7..7, timer);
        let s = reduce(TaskQueueState::default(), Action::Preset(Preset::MicrotaskChain));
        let s = reduce(s, Action::Input(CHAIN.key, "1".into()));
        let view = RunView::new(s.preset, s.form.params, &events, true);
        let s = reduce(s, Action::Run(RunAction::Finished(view)));
        assert!(s.run().unwrap().check.is_err());
        assert_eq!(s.runs.results.len(), 1);
        let s = reduce(TaskQueueState::default(), Action::Input(DELAY.key, "500".into()));
        assert!(s.form.errors[DELAY.key].contains("between 0 and 100"));
        assert!(!s.can_run());
    }
}
