//! What the speedup page remembers, as a `Reducible` state machine.

use std::collections::BTreeMap;
use std::rc::Rc;

use interleave_experiments::speedup::{SpeedupParams, SpeedupResult, SpeedupRun, Via, amdahl};
use interleave_experiments::TypedParams;
use interleave_experiments::share::LinkState;
use interleave_experiments::speedup::{LIVE, VIA};
use yew::Reducible;

use crate::form::ParamForm;
use crate::run_queue::{RunAction, RunQueue};
use crate::share::Replay;

#[derive(Clone, Debug, PartialEq)]
pub struct SpeedupState {
    /// The controls: text as typed, refusals, and the last valid parameters.
    pub form: ParamForm<SpeedupParams>,
    /// Queued runs (a sweep: one per thread count), the one in flight, and the results.
    pub runs: RunQueue<Planned, SpeedupRun>,
    /// Draw rows while the job runs (costs CPU on the same cores) or only after it is timed.
    pub live: bool,
    /// How the next runs are carried out.
    pub via: Via,
}

/// One run to do: the parameters and how.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Planned {
    pub via: Via,
    pub params: SpeedupParams,
}

pub enum Action {
    /// A control changed to this text.
    Input(&'static str, String),
    /// Whether to draw rows while the job runs.
    SetLive(bool),
    /// The most threads (or workers) the current mode offers; clamps the threads parameter.
    PoolSize(u32),
    /// Run with threads sharing memory or with workers passing messages.
    SetVia(Via),
    /// Threads sharing memory cannot run here (tier 2): message passing is what runs.
    EngineUnavailable,
    /// Queueing, progress and the end of runs.
    Run(RunAction<Planned, SpeedupRun>),
}

impl Default for SpeedupState {
    fn default() -> Self {
        SpeedupState {
            form: ParamForm::new(SpeedupParams::default()),
            runs: RunQueue::default(),
            live: true,
            via: Via::default(),
        }
    }
}

impl SpeedupState {
    /// The state a share link describes (its values are already checked against the specs).
    pub fn from_link(link: &LinkState) -> Self {
        SpeedupState {
            form: ParamForm::new(SpeedupParams::from_values(&link.values).0),
            runs: RunQueue::with_replay(Replay::retain_sane(Replay::from_link(link), |r| {
                r.result.params.validated().is_ok()
            })),
            live: link.view.get(LIVE.key).is_none_or(|v| v != "0"),
            via: link.view.get(VIA.key).and_then(|v| Via::from_key(v)).unwrap_or_default(),
        }
    }

    /// The link of this state (parameters, the drawing option and the mode).
    pub fn link(&self) -> LinkState {
        let view = [
            (LIVE.key.to_string(), if self.live { "1" } else { "0" }.to_string()),
            (VIA.key.to_string(), self.via.key().to_string()),
        ]
        .into();
        LinkState { values: self.form.params.to_values(), view, ..LinkState::default() }
    }
}

impl SpeedupState {
    /// Whether Run may be pressed.
    pub fn can_run(&self) -> bool {
        self.runs.is_idle() && self.form.is_valid()
    }

    /// The current parameters on each of these thread counts, in the current mode: a sweep.
    pub fn sweep(&self, threads: impl IntoIterator<Item = u32>) -> Vec<Planned> {
        threads
            .into_iter()
            .map(|threads| Planned { via: self.via, params: SpeedupParams { threads, ..self.form.params } })
            .collect()
    }

    /// The one-thread (one-worker) time of the same mode, image and serial fraction, if measured.
    pub fn baseline_ms(&self, via: Via, params: &SpeedupParams) -> Option<f64> {
        self.runs
            .shown()
            .iter()
            .rev()
            .find(|r| r.via == via && r.result.params.threads == 1 && same_work(&r.result.params, params))
            .map(|r| r.result.total_ms)
    }

    /// Rows of the results table, newest first.
    pub fn table(&self) -> Vec<TableRow> {
        self.runs
            .shown()
            .iter()
            .rev()
            .map(|run| {
                let r = &run.result;
                let speedup = self.baseline_ms(run.via, &r.params).map(|b| amdahl::speedup(b, r.total_ms));
                TableRow {
                    via: run.via,
                    result: *r,
                    startup_ms: run.startup_ms,
                    speedup,
                    efficiency: speedup.map(|s| amdahl::efficiency(s, r.params.threads)),
                    predicted: amdahl::predicted_speedup(r.params.serial_fraction, r.params.threads),
                }
            })
            .collect()
    }

    /// (threads, measured speedup) of the current mode's runs of the current work, best per
    /// thread count.
    pub fn curve(&self) -> Vec<(u32, f64)> {
        let mut best: BTreeMap<u32, f64> = BTreeMap::new();
        for row in self.table() {
            let current = row.via == self.via && same_work(&row.result.params, &self.form.params);
            if let Some(s) = row.speedup.filter(|_| current) {
                let e = best.entry(row.result.params.threads).or_insert(s);
                *e = e.max(s);
            }
        }
        best.into_iter().collect()
    }

    /// Whether every run of the same image, in either mode, produced the same checksum.
    pub fn checksums_agree(&self) -> bool {
        let shown = self.runs.shown();
        shown.iter().map(|r| &r.result).all(|a| {
            shown
                .iter()
                .map(|r| &r.result)
                .filter(|b| b.params.size == a.params.size && b.params.iterations == a.params.iterations)
                .all(|b| b.checksum == a.checksum)
        })
    }
}

/// Same image and serial fraction: runs that differ only in thread count.
fn same_work(a: &SpeedupParams, b: &SpeedupParams) -> bool {
    a.size == b.size && a.iterations == b.iterations && a.serial_fraction == b.serial_fraction
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TableRow {
    pub via: Via,
    pub result: SpeedupResult,
    /// Message-passing runs: the workers' start-up, not part of the timed run.
    pub startup_ms: Option<f64>,
    pub speedup: Option<f64>,
    pub efficiency: Option<f64>,
    pub predicted: f64,
}

impl Reducible for SpeedupState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let changed = match action {
            Action::Input(key, text) => s.form.input(key, text),
            Action::SetLive(live) => {
                s.live = live;
                true
            }
            Action::PoolSize(n) => {
                if s.form.params.threads > n {
                    s.form.set(SpeedupParams { threads: n.max(1), ..s.form.params });
                }
                true
            }
            Action::SetVia(via) => {
                s.via = via;
                true
            }
            Action::EngineUnavailable => {
                s.via = Via::Messages;
                true
            }
            Action::Run(a) => s.runs.apply(a),
        };
        if changed { Rc::new(s) } else { self }
    }
}

#[cfg(test)]
mod tests {
    use interleave_experiments::speedup::{ITERATIONS, THREADS};
    use interleave_protocol::JobId;

    use super::*;
    use crate::test_support::reduce;

    fn result(threads: u32, ms: f64, checksum: u64) -> SpeedupRun {
        run(Via::Engine, threads, ms, checksum)
    }

    fn run(via: Via, threads: u32, ms: f64, checksum: u64) -> SpeedupRun {
        let result = SpeedupResult {
            params: SpeedupParams { threads, ..SpeedupParams::default() },
            total_ms: ms,
            serial_ms: 0.0,
            checksum,
        };
        SpeedupRun { via, result, startup_ms: (via == Via::Messages).then_some(5.0) }
    }

    #[test]
    fn typed_text_is_validated_and_bad_text_blocks_run() {
        let s = reduce(SpeedupState::default(), Action::Input(ITERATIONS.key, "99999".into()));
        assert!(s.form.errors[ITERATIONS.key].to_string().contains("between 16 and 4096"));
        assert_eq!(s.form.params.iterations, 256);
        assert_eq!(s.form.texts[ITERATIONS.key], "99999");
        assert!(!s.can_run());
        let s = reduce(s, Action::Input(ITERATIONS.key, "512".into()));
        assert!(s.form.errors.is_empty() && s.can_run());
        assert_eq!(s.form.params.iterations, 512);
    }

    #[test]
    fn pool_size_clamps_threads() {
        let s = reduce(SpeedupState::default(), Action::Input(THREADS.key, "8".into()));
        let s = reduce(s, Action::PoolSize(2));
        assert_eq!(s.form.params.threads, 2);
        assert_eq!(s.form.texts[THREADS.key], "2");
    }

    #[test]
    fn table_and_curve_use_the_one_thread_baseline() {
        let mut s = SpeedupState::default();
        s.runs.results = vec![result(1, 100.0, 7), result(2, 52.0, 7)];
        let table = s.table();
        assert_eq!(table[0].result.params.threads, 2);
        assert_eq!(table[0].via, Via::Engine);
        assert!((table[0].speedup.unwrap() - 100.0 / 52.0).abs() < 1e-9);
        assert!((table[0].efficiency.unwrap() - 100.0 / 104.0).abs() < 1e-9);
        assert_eq!(s.curve(), vec![(1, 1.0), (2, 100.0 / 52.0)]);
        assert!(s.checksums_agree());
        s.runs.results.push(result(2, 50.0, 8));
        assert!(!s.checksums_agree());
    }

    #[test]
    fn a_sweep_goes_started_progress_finished_and_stop_clears_the_queue() {
        let s0 = SpeedupState::default();
        let sweep = s0.sweep([1, 2]);
        let s = reduce(s0, Action::Run(RunAction::Queue(sweep.clone())));
        assert!(!s.can_run());
        let p = *s.runs.next().unwrap();
        assert_eq!((p.params.threads, p.via), (1, Via::Engine));
        let s = reduce(s, Action::Run(RunAction::Started { run: p, total: p.params.size, job: Some(JobId(1)) }));
        assert_eq!(s.runs.queued, vec![sweep[1]]);
        let s = reduce(s, Action::Run(RunAction::Progress { job: Some(JobId(1)), done: 10, total: 1024 }));
        assert_eq!(s.runs.running.as_ref().unwrap().done, 10);
        let same = reduce(s.clone(), Action::Run(RunAction::Progress { job: Some(JobId(9)), done: 11, total: 1024 }));
        assert_eq!(same, s);
        let s = reduce(s, Action::Run(RunAction::Stopping));
        let s = reduce(s, Action::Run(RunAction::Stopped));
        assert!(s.runs.is_idle() && s.runs.notice(crate::i18n::Lang::En.messages()).is_some() && s.can_run());
    }

    #[test]
    fn a_link_restores_the_state_and_its_results() {
        let mut s = SpeedupState::default();
        s.form.set(SpeedupParams { size: 512, threads: 1, ..SpeedupParams::default() });
        s.live = false;
        s.via = Via::Messages;
        let mut link = s.link();
        assert_eq!((link.view[LIVE.key].as_str(), link.view[VIA.key].as_str()), ("0", "messages"));
        let results = vec![result(1, 100.0, 7), result(2, 52.0, 7)];
        link.results = Some(crate::share::replay::pack(&results, "b".into(), "e".into(), "t".into()).unwrap());
        let back = SpeedupState::from_link(&link);
        assert_eq!((back.form.params, back.live, back.via), (s.form.params, false, Via::Messages));
        assert_eq!(back.runs.shown(), results.as_slice());
        assert_eq!(back.table().len(), 2, "the replayed runs fill the table");
    }

    #[test]
    fn each_mode_is_measured_against_its_own_one_worker_baseline() {
        let mut s = SpeedupState::default();
        s.runs.results = vec![
            run(Via::Engine, 1, 100.0, 7),
            run(Via::Engine, 2, 50.0, 7),
            run(Via::Messages, 1, 120.0, 7),
            run(Via::Messages, 2, 80.0, 7),
        ];
        let table = s.table();
        let speedup = |via, threads| {
            table.iter().find(|r| r.via == via && r.result.params.threads == threads).unwrap().speedup.unwrap()
        };
        assert!((speedup(Via::Engine, 2) - 2.0).abs() < 1e-9);
        assert!((speedup(Via::Messages, 2) - 1.5).abs() < 1e-9);
        assert_eq!(table[0].startup_ms, Some(5.0));
        assert_eq!(s.curve(), vec![(1, 1.0), (2, 2.0)], "the chart shows the current mode");
        s = reduce(s, Action::SetVia(Via::Messages));
        assert_eq!(s.curve(), vec![(1, 1.0), (2, 1.5)]);
        assert!(s.checksums_agree(), "both modes compute the same image");
        let sweep = s.sweep([1, 2]);
        assert!(sweep.iter().all(|p| p.via == Via::Messages));
    }

    #[test]
    fn without_the_engine_message_passing_is_what_runs_and_the_link_says_so() {
        let link = SpeedupState::default().link();
        assert_eq!(link.view[VIA.key], "engine");
        let s = reduce(SpeedupState::from_link(&link), Action::EngineUnavailable);
        assert_eq!(s.via, Via::Messages);
        assert_eq!(s.link().view[VIA.key], "messages");
        let mut bad = link.clone();
        bad.view.insert(VIA.key.into(), "carrier-pigeon".into());
        assert_eq!(SpeedupState::from_link(&bad).via, Via::Engine);
    }
}
