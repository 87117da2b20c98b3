//! What the event-loop page remembers, as a `Reducible` state machine.

use std::rc::Rc;

use interleave_experiments::event_loop::{EventLoopParams, EventLoopResult, Variant};
use interleave_protocol::JobId;
use yew::Reducible;

use crate::form::ParamForm;

/// The run in flight.
#[derive(Clone, Debug, PartialEq)]
pub struct Running {
    pub variant: Variant,
    pub params: EventLoopParams,
    pub done: u32,
    pub total: u32,
    /// The engine's job id, for the worker variant.
    pub job: Option<JobId>,
    pub stopping: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EventLoopState {
    /// The controls: text as typed, refusals, and the last valid parameters.
    pub form: ParamForm<EventLoopParams>,
    pub running: Option<Running>,
    /// Variants still to run ("Run all"), next first.
    pub queue: Vec<Variant>,
    /// Finished runs, oldest first.
    pub results: Vec<EventLoopResult>,
    /// The last stop or failure, for the person.
    pub notice: Option<String>,
}

pub enum Action {
    Input(&'static str, String),
    /// Queue these variants; the page starts the first when idle.
    Queue(Vec<Variant>),
    Started { variant: Variant, params: EventLoopParams },
    /// The engine accepted the worker job under this id.
    JobId(JobId),
    Progress { done: u32, total: u32 },
    Stopping,
    Finished(EventLoopResult),
    Stopped,
    Failed(String),
    ClearResults,
}

impl Default for EventLoopState {
    fn default() -> Self {
        EventLoopState {
            form: ParamForm::new(EventLoopParams::default()),
            running: None,
            queue: Vec::new(),
            results: Vec::new(),
            notice: None,
        }
    }
}


impl EventLoopState {
    pub fn can_run(&self) -> bool {
        self.running.is_none() && self.queue.is_empty() && self.form.is_valid()
    }

    /// The blocking run's total for the same job, the baseline the others are compared to.
    pub fn baseline_ms(&self, params: &EventLoopParams) -> Option<f64> {
        self.results
            .iter()
            .rev()
            .find(|r| r.variant == Variant::Blocking && r.params.units == params.units)
            .map(|r| r.total_ms)
    }

    /// Whether every finished run of the same job size computed the same checksum.
    pub fn checksums_agree(&self) -> bool {
        self.results.iter().all(|a| {
            self.results.iter().filter(|b| b.params.units == a.params.units).all(|b| b.checksum == a.checksum)
        })
    }
}

impl Reducible for EventLoopState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Input(key, text) => {
                if !s.form.input(key, text) {
                    return self;
                }
            }
            Action::Queue(variants) => {
                s.queue = variants;
                s.notice = None;
            }
            Action::Started { variant, params } => {
                if let Some(i) = s.queue.iter().position(|v| *v == variant) {
                    s.queue.remove(i);
                }
                s.running =
                    Some(Running { variant, params, done: 0, total: params.units, job: None, stopping: false });
                s.notice = None;
            }
            Action::JobId(id) => match s.running.as_mut() {
                Some(r) => r.job = Some(id),
                None => return self,
            },
            Action::Progress { done, total } => match s.running.as_mut() {
                Some(r) => {
                    r.done = done;
                    r.total = total;
                }
                None => return self,
            },
            Action::Stopping => {
                if let Some(r) = s.running.as_mut() {
                    r.stopping = true;
                }
                s.queue.clear();
            }
            Action::Finished(result) => {
                s.running = None;
                s.results.push(result);
            }
            Action::Stopped => {
                s.running = None;
                s.queue.clear();
                s.notice = Some("Stopped. Nothing was recorded for that run.".into());
            }
            Action::Failed(message) => {
                s.running = None;
                s.queue.clear();
                s.notice = Some(message);
            }
            Action::ClearResults => s.results.clear(),
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleave_experiments::event_loop::YieldWith;
    use interleave_experiments::event_loop::jank::{Jank, Witness};

    fn reduce(s: EventLoopState, a: Action) -> EventLoopState {
        (*Rc::new(s).reduce(a)).clone()
    }

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
        let s = reduce(EventLoopState::default(), Action::Input("units", "99999".into()));
        assert!(s.form.errors["units"].contains("between 20 and 10000"));
        assert_eq!(s.form.params.units, 1_200);
        assert!(!s.can_run());
        let s = reduce(s, Action::Input("units", "400".into()));
        assert!(s.can_run());
        assert_eq!(s.form.params.units, 400);
    }

    #[test]
    fn run_all_drains_the_queue_in_order() {
        let s = reduce(EventLoopState::default(), Action::Queue(Variant::ALL.to_vec()));
        assert!(!s.can_run());
        let s = reduce(s, Action::Started { variant: Variant::Blocking, params: EventLoopParams::default() });
        assert_eq!(s.queue.len(), 4);
        let s = reduce(s, Action::Progress { done: 5, total: 1_200 });
        assert_eq!(s.running.as_ref().unwrap().done, 5);
        let s = reduce(s, Action::Finished(result(Variant::Blocking, 1_500.0, 7)));
        assert!(s.running.is_none());
        assert_eq!(s.queue[0], Variant::Chunked(YieldWith::Timeout));
        let s = reduce(s, Action::Stopping);
        assert!(s.queue.is_empty());
    }

    #[test]
    fn baseline_and_checksums() {
        let mut s = EventLoopState {
            results: vec![result(Variant::Blocking, 1_500.0, 7), result(Variant::Worker, 1_520.0, 7)],
            ..EventLoopState::default()
        };
        assert_eq!(s.baseline_ms(&EventLoopParams::default()), Some(1_500.0));
        assert!(s.checksums_agree());
        s.results.push(result(Variant::Chunked(YieldWith::Timeout), 2_000.0, 8));
        assert!(!s.checksums_agree());
    }
}
