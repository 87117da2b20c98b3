//! What the event-loop page remembers, as a `Reducible` state machine.

use std::rc::Rc;

use interleave_experiments::event_loop::{EventLoopParams, EventLoopResult, Variant};
use interleave_experiments::TypedParams;
use interleave_experiments::share::LinkState;
use yew::Reducible;

use crate::form::ParamForm;
use crate::run_queue::{RunAction, RunQueue};
use crate::share::Replay;

#[derive(Clone, Debug, PartialEq)]
pub struct EventLoopState {
    /// The controls: text as typed, refusals, and the last valid parameters.
    pub form: ParamForm<EventLoopParams>,
    /// Variants still to run ("Run all"), the one in flight, and the results.
    pub runs: RunQueue<Variant, EventLoopResult>,
}

pub enum Action {
    Input(&'static str, String),
    /// Queueing, progress and the end of runs.
    Run(RunAction<Variant, EventLoopResult>),
}

impl Default for EventLoopState {
    fn default() -> Self {
        EventLoopState { form: ParamForm::new(EventLoopParams::default()), runs: RunQueue::default() }
    }
}

impl EventLoopState {
    /// The state a share link describes (its values are already checked against the specs).
    pub fn from_link(link: &LinkState) -> Self {
        EventLoopState {
            form: ParamForm::new(EventLoopParams::from_values(&link.values).0),
            runs: RunQueue::with_replay(Replay::retain_sane(Replay::from_link(link), |r| r.params.validated().is_ok())),
        }
    }

    /// The link of this state.
    pub fn link(&self) -> LinkState {
        LinkState { values: self.form.params.to_values(), ..LinkState::default() }
    }

    pub fn can_run(&self) -> bool {
        self.runs.is_idle() && self.form.is_valid()
    }

    /// The blocking run's total for the same job, the baseline the others are compared to.
    pub fn baseline_ms(&self, params: &EventLoopParams) -> Option<f64> {
        self.runs
            .shown()
            .iter()
            .rev()
            .find(|r| r.variant == Variant::Blocking && r.params.units == params.units)
            .map(|r| r.total_ms)
    }

    /// Whether every finished run of the same job size computed the same checksum.
    pub fn checksums_agree(&self) -> bool {
        let shown = self.runs.shown();
        shown.iter().all(|a| {
            shown.iter().filter(|b| b.params.units == a.params.units).all(|b| b.checksum == a.checksum)
        })
    }
}

impl Reducible for EventLoopState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let changed = match action {
            Action::Input(key, text) => s.form.input(key, text),
            Action::Run(a) => s.runs.apply(a),
        };
        if changed { Rc::new(s) } else { self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::reduce;
    use interleave_experiments::event_loop::UNITS;
    use interleave_experiments::event_loop::YieldWith;
    use interleave_experiments::event_loop::jank::{Jank, Witness};

    fn result(variant: Variant, total_ms: f64, checksum: u64) -> EventLoopResult {
        EventLoopResult {
            variant,
            params: EventLoopParams::default(),
            total_ms,
            compute_ms: total_ms,
            yields: 0,
            checksum,
            jank: Jank {
                longest_block_ms: 1.0,
                witness: Witness::OwnWork,
                longest_frame_ms: 17.0,
                frames_dropped: 0,
                frame_ms: 16.7,
                worst_lag_ms: 0.0,
                worst_input_ms: None,
                inputs: 0,
                long_tasks: None,
            },
        }
    }

    #[test]
    fn bad_text_is_refused_and_blocks_run() {
        let s = reduce(EventLoopState::default(), Action::Input(UNITS.key, "99999".into()));
        assert!(s.form.errors[UNITS.key].to_string().contains("between 20 and 10000"));
        assert_eq!(s.form.params.units, 1_200);
        assert!(!s.can_run());
        let s = reduce(s, Action::Input(UNITS.key, "400".into()));
        assert!(s.can_run());
        assert_eq!(s.form.params.units, 400);
    }

    #[test]
    fn run_all_drains_the_queue_in_order() {
        let s = reduce(EventLoopState::default(), Action::Run(RunAction::Queue(Variant::ALL.to_vec())));
        assert!(!s.can_run());
        let started = RunAction::Started { run: Variant::Blocking, total: 1_200, job: None };
        let s = reduce(s, Action::Run(started));
        assert_eq!(s.runs.queued.len(), 4);
        let s = reduce(s, Action::Run(RunAction::Progress { job: None, done: 5, total: 1_200 }));
        assert_eq!(s.runs.running.as_ref().unwrap().done, 5);
        let s = reduce(s, Action::Run(RunAction::Finished(result(Variant::Blocking, 1_500.0, 7))));
        assert!(s.runs.running.is_none());
        assert_eq!(s.runs.next(), Some(&Variant::Chunked(YieldWith::Timeout)));
        let s = reduce(s, Action::Run(RunAction::Stopping));
        assert!(s.runs.queued.is_empty());
    }

    #[test]
    fn baseline_and_checksums() {
        let mut s = EventLoopState::default();
        s.runs.results = vec![result(Variant::Blocking, 1_500.0, 7), result(Variant::Worker, 1_520.0, 7)];
        assert_eq!(s.baseline_ms(&EventLoopParams::default()), Some(1_500.0));
        assert!(s.checksums_agree());
        s.runs.results.push(result(Variant::Chunked(YieldWith::Timeout), 2_000.0, 8));
        assert!(!s.checksums_agree());
    }
}
