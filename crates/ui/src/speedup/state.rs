//! What the speedup page remembers, as a `Reducible` state machine.

use std::collections::BTreeMap;
use std::rc::Rc;

use interleave_experiments::speedup::{SpeedupParams, SpeedupResult, amdahl};
use interleave_protocol::JobId;
use yew::Reducible;

use crate::form::ParamForm;

/// The job in flight.
#[derive(Clone, Debug, PartialEq)]
pub struct Running {
    pub id: JobId,
    pub params: SpeedupParams,
    pub done: u32,
    pub total: u32,
    pub stopping: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SpeedupState {
    /// The controls: text as typed, refusals, and the last valid parameters.
    pub form: ParamForm<SpeedupParams>,
    pub running: Option<Running>,
    /// Thread counts still to run in a sweep, next first.
    pub queue: Vec<u32>,
    /// Finished runs, oldest first.
    pub results: Vec<SpeedupResult>,
    /// The last stop or failure, for the person.
    pub notice: Option<String>,
    /// Draw rows while the job runs (costs CPU on the same cores) or only after it is timed.
    pub live: bool,
}

pub enum Action {
    /// A control changed to this text.
    Input(&'static str, String),
    /// Whether to draw rows while the job runs.
    SetLive(bool),
    /// The most threads the engine offers; clamps the threads parameter.
    PoolSize(u32),
    /// Queue runs with these thread counts (the first is started by the page).
    Queue(Vec<u32>),
    Started { id: JobId, params: SpeedupParams },
    Progress { id: JobId, done: u32, total: u32 },
    Stopping,
    Finished(SpeedupResult),
    Stopped,
    Failed(String),
    ClearResults,
}

impl Default for SpeedupState {
    fn default() -> Self {
        SpeedupState {
            form: ParamForm::new(SpeedupParams::default()),
            running: None,
            queue: Vec::new(),
            results: Vec::new(),
            notice: None,
            live: true,
        }
    }
}

impl SpeedupState {
    /// Whether Run may be pressed.
    pub fn can_run(&self) -> bool {
        self.running.is_none() && self.form.is_valid()
    }

    /// The one-thread time for the same image and serial fraction, if measured.
    pub fn baseline_ms(&self, params: &SpeedupParams) -> Option<f64> {
        self.results
            .iter()
            .rev()
            .find(|r| r.params.threads == 1 && same_work(&r.params, params))
            .map(|r| r.total_ms)
    }

    /// Rows of the results table, newest first.
    pub fn table(&self) -> Vec<TableRow> {
        self.results
            .iter()
            .rev()
            .map(|r| {
                let speedup = self.baseline_ms(&r.params).map(|b| amdahl::speedup(b, r.total_ms));
                TableRow {
                    result: *r,
                    speedup,
                    efficiency: speedup.map(|s| amdahl::efficiency(s, r.params.threads)),
                    predicted: amdahl::predicted_speedup(r.params.serial_fraction, r.params.threads),
                }
            })
            .collect()
    }

    /// (threads, measured speedup) of the runs of the current work, best per thread count.
    pub fn curve(&self) -> Vec<(u32, f64)> {
        let mut best: BTreeMap<u32, f64> = BTreeMap::new();
        for row in self.table() {
            if let Some(s) = row.speedup.filter(|_| same_work(&row.result.params, &self.form.params)) {
                let e = best.entry(row.result.params.threads).or_insert(s);
                *e = e.max(s);
            }
        }
        best.into_iter().collect()
    }

    /// Whether every run of the same image produced the same checksum.
    pub fn checksums_agree(&self) -> bool {
        self.results.iter().all(|a| {
            self.results
                .iter()
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
    pub result: SpeedupResult,
    pub speedup: Option<f64>,
    pub efficiency: Option<f64>,
    pub predicted: f64,
}

impl Reducible for SpeedupState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Input(key, text) => {
                if !s.form.input(key, text) {
                    return self;
                }
            }
            Action::SetLive(live) => s.live = live,
            Action::PoolSize(n) => {
                if s.form.params.threads > n {
                    s.form.set(SpeedupParams { threads: n.max(1), ..s.form.params });
                }
            }
            Action::Queue(threads) => {
                s.queue = threads;
                s.notice = None;
            }
            Action::Started { id, params } => {
                s.queue.retain(|&t| t != params.threads);
                s.running = Some(Running { id, params, done: 0, total: params.size, stopping: false });
                s.notice = None;
            }
            Action::Progress { id, done, total } => match s.running.as_mut() {
                Some(r) if r.id == id => {
                    r.done = done;
                    r.total = total;
                }
                _ => return self,
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
                s.notice = Some("Stopped. The engine is ready for the next run.".into());
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

    fn result(threads: u32, ms: f64, checksum: u64) -> SpeedupResult {
        SpeedupResult {
            params: SpeedupParams { threads, ..SpeedupParams::default() },
            total_ms: ms,
            serial_ms: 0.0,
            checksum,
        }
    }

    fn reduce(s: SpeedupState, a: Action) -> SpeedupState {
        (*Rc::new(s).reduce(a)).clone()
    }

    #[test]
    fn typed_text_is_validated_and_bad_text_blocks_run() {
        let s = reduce(SpeedupState::default(), Action::Input("iterations", "99999".into()));
        assert!(s.form.errors["iterations"].contains("between 16 and 4096"));
        assert_eq!(s.form.params.iterations, 256);
        assert_eq!(s.form.texts["iterations"], "99999");
        assert!(!s.can_run());
        let s = reduce(s, Action::Input("iterations", "512".into()));
        assert!(s.form.errors.is_empty() && s.can_run());
        assert_eq!(s.form.params.iterations, 512);
    }

    #[test]
    fn pool_size_clamps_threads() {
        let s = reduce(SpeedupState::default(), Action::Input("threads", "8".into()));
        let s = reduce(s, Action::PoolSize(2));
        assert_eq!(s.form.params.threads, 2);
        assert_eq!(s.form.texts["threads"], "2");
    }

    #[test]
    fn table_and_curve_use_the_one_thread_baseline() {
        let mut s = SpeedupState {
            results: vec![result(1, 100.0, 7), result(2, 52.0, 7)],
            ..SpeedupState::default()
        };
        let table = s.table();
        assert_eq!(table[0].result.params.threads, 2);
        assert!((table[0].speedup.unwrap() - 100.0 / 52.0).abs() < 1e-9);
        assert!((table[0].efficiency.unwrap() - 100.0 / 104.0).abs() < 1e-9);
        assert_eq!(s.curve(), vec![(1, 1.0), (2, 100.0 / 52.0)]);
        assert!(s.checksums_agree());
        s.results.push(result(2, 50.0, 8));
        assert!(!s.checksums_agree());
    }

    #[test]
    fn a_run_goes_started_progress_finished_and_stop_clears_the_queue() {
        let s = reduce(SpeedupState::default(), Action::Queue(vec![1, 2]));
        let p = SpeedupParams { threads: 1, ..SpeedupParams::default() };
        let s = reduce(s, Action::Started { id: JobId(1), params: p });
        assert_eq!(s.queue, vec![2]);
        let s = reduce(s, Action::Progress { id: JobId(1), done: 10, total: 1024 });
        assert_eq!(s.running.as_ref().unwrap().done, 10);
        let same = reduce(s.clone(), Action::Progress { id: JobId(9), done: 11, total: 1024 });
        assert_eq!(same, s);
        let s = reduce(s, Action::Stopped);
        assert!(s.running.is_none() && s.queue.is_empty() && s.notice.is_some());
    }
}
