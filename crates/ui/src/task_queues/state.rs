//! What the task-queues page remembers, as a `Reducible` state machine.

use std::rc::Rc;

use interleave_experiments::task_queues::model::{self, Model};
use interleave_experiments::task_queues::trace::{self, Step, TraceEvent};
use interleave_experiments::TypedParams;
use interleave_experiments::share::LinkState;
use interleave_experiments::task_queues::{Op, Preset, Queue, SCENARIO, TaskQueueParams, build};
use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::form::ParamForm;
use crate::run_queue::{RunAction, RunQueue};
use crate::share::Replay;

/// What a run recorded: all a link needs to show it again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordedRun {
    pub preset: Preset,
    pub params: TaskQueueParams,
    pub events: Vec<TraceEvent>,
    pub complete: bool,
}

/// A finished run, with everything the page shows derived from its events. It travels in links
/// as its [`RecordedRun`] (parameters checked again when read back).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RecordedRun", into = "RecordedRun")]
pub struct RunView {
    pub preset: Preset,
    pub params: TaskQueueParams,
    pub lines: Vec<(String, f64, Queue)>,
    pub steps: Vec<Step>,
    /// `Ok` when the measured order keeps every rule of the specifications.
    pub check: Result<(), String>,
    /// False when the run was cut short (a hidden tab runs no animation frames).
    pub complete: bool,
    pub events: Vec<TraceEvent>,
}

impl TryFrom<RecordedRun> for RunView {
    type Error = String;

    fn try_from(r: RecordedRun) -> Result<Self, String> {
        let params = r.params.validated().map_err(|e| e.to_string())?;
        Ok(RunView::new(r.preset, params, &r.events, r.complete))
    }
}

impl From<RunView> for RecordedRun {
    fn from(v: RunView) -> Self {
        RecordedRun { preset: v.preset, params: v.params, events: v.events, complete: v.complete }
    }
}

impl RunView {
    pub fn new(preset: Preset, params: TaskQueueParams, events: &[TraceEvent], complete: bool) -> Self {
        let lines = trace::log_lines(events);
        let model: Model = model::predict(&build(preset, params));
        let texts: Vec<String> = lines.iter().map(|l| l.0.clone()).collect();
        let check = if complete { model::check(&model, &texts).map_err(|v| v.0) } else { Err("the run did not finish".into()) };
        RunView { preset, params, lines, steps: trace::steps(events), check, complete, events: events.to_vec() }
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
    /// The state a share link describes.
    pub fn from_link(link: &LinkState) -> Self {
        TaskQueueState {
            preset: link.view.get(SCENARIO.key).and_then(|p| Preset::parse(p)).unwrap_or_else(Preset::default_preset),
            form: ParamForm::new(TaskQueueParams::from_values(&link.values).0),
            runs: RunQueue::with_replay(Replay::from_link(link)),
            step: 0,
        }
        .at_last_step()
    }

    /// The link of this state (parameters and scenario).
    pub fn link(&self) -> LinkState {
        let view = [(SCENARIO.key.to_string(), self.preset.id().to_string())].into();
        LinkState { values: self.form.params.to_values(), view, ..LinkState::default() }
    }

    fn at_last_step(mut self) -> Self {
        self.step = self.run().map_or(0, |r| r.steps.len().saturating_sub(1));
        self
    }

    pub fn scenario(&self) -> Vec<Op> {
        build(self.preset, self.form.params)
    }

    pub fn can_run(&self) -> bool {
        self.runs.is_idle() && self.form.is_valid()
    }

    pub fn running(&self) -> bool {
        self.runs.running.is_some()
    }

    /// The last finished run (or the one a link carried).
    pub fn run(&self) -> Option<&RunView> {
        self.runs.shown().last()
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
                    s = s.at_last_step();
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
    use crate::test_support::reduce;
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
        assert_eq!(s.current().unwrap().caption.to_string(), "log(“link 1”)");
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
        assert!(s.form.errors[DELAY.key].to_string().contains("between 0 and 100"));
        assert!(!s.can_run());
    }

    #[test]
    fn a_link_restores_the_scenario_and_replays_its_run() {
        let mut s = reduce(TaskQueueState::default(), Action::Preset(Preset::MicrotaskChain));
        s = reduce(s, Action::Input(CHAIN.key, "1".into()));
        let view = RunView::new(s.preset, s.form.params, &chain_run(), true);
        let mut link = s.link();
        link.results = Some(crate::share::replay::pack(std::slice::from_ref(&view), "b".into(), "e".into(), "t".into()).unwrap());
        let back = TaskQueueState::from_link(&link);
        assert_eq!((back.preset, back.form.params), (Preset::MicrotaskChain, s.form.params));
        assert_eq!(back.run(), Some(&view));
        assert_eq!(back.step, 12);
        // A recorded run whose parameters are out of bounds is refused, not rebuilt.
        let mut bad = RecordedRun::from(view);
        bad.params.chain = 1_000_000;
        let blob = crate::share::replay::pack(&[bad], "b".into(), "e".into(), "t".into()).unwrap();
        let back = TaskQueueState::from_link(&LinkState { results: Some(blob), ..link });
        assert!(back.run().is_none() && matches!(back.runs.replay, Some(Err(_))));
    }
}
