//! The runs of an experiment page: what is queued, what runs now (and whether it is stopping),
//! how the last run ended, and the results so far. Every experiment page's reducer keeps one
//! [`RunQueue`] and forwards [`RunAction`]s to it, so queueing, progress, Stop and failures
//! behave the same on every page.
//!
//! States of one run: queued → running → (stopping →) finished | stopped | failed.
//! - `T` is what a run is (a parameter set, a variant); `R` is what a finished run recorded.
//! - The page starts [`RunQueue::next`] whenever [`RunQueue::is_idle`] and dispatches
//!   [`RunAction::Started`]; the run's events arrive as the other actions.
//! - Stopping or a failure clears the queue: a sweep or "Run all" does not go on after either.
//! - Progress for a job id other than the running one (a late message of an earlier job) is
//!   ignored.

use interleave_protocol::JobId;

use crate::share::Replay;

/// The run in flight.
#[derive(Clone, Debug, PartialEq)]
pub struct Running<T> {
    pub run: T,
    /// The engine's id for the job, once known (runs on the main thread have none).
    pub job: Option<JobId>,
    pub done: u32,
    pub total: u32,
    pub stopping: bool,
}

/// How the last run ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Ended {
    Finished,
    Stopped,
    Failed(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct RunQueue<T, R> {
    /// Runs still to start, next first.
    pub queued: Vec<T>,
    pub running: Option<Running<T>>,
    pub ended: Option<Ended>,
    /// Finished runs, oldest first.
    pub results: Vec<R>,
    /// Results recorded elsewhere that the page's link carried (or why they were ignored). They
    /// are shown until a run starts here.
    pub replay: Option<Result<Replay<R>, String>>,
}

impl<T, R> Default for RunQueue<T, R> {
    fn default() -> Self {
        RunQueue { queued: Vec::new(), running: None, ended: None, results: Vec::new(), replay: None }
    }
}

impl<T, R> RunQueue<T, R> {
    /// A queue showing the results a link carried, if any.
    pub fn with_replay(replay: Option<Result<Replay<R>, String>>) -> Self {
        RunQueue { replay, ..RunQueue::default() }
    }

    /// The replayed results, while they are what the page shows.
    pub fn replaying(&self) -> Option<&Replay<R>> {
        match &self.replay {
            Some(Ok(r)) if self.results.is_empty() && self.running.is_none() => Some(r),
            _ => None,
        }
    }

    /// The results to show: this page's own, or the replayed ones before anything ran here.
    pub fn shown(&self) -> &[R] {
        self.replaying().map_or(&self.results, |r| &r.results)
    }

    /// For the replay banner: where the link's results were measured, or why they were ignored.
    pub fn replay_note(&self) -> Option<Result<crate::share::replay::Source, String>> {
        match &self.replay {
            Some(Ok(r)) => Some(Ok(r.about.clone())),
            Some(Err(why)) => Some(Err(why.clone())),
            None => None,
        }
    }
}

pub enum RunAction<T, R> {
    /// Queue these runs (replacing any queued); the page starts the first when idle.
    Queue(Vec<T>),
    /// The page started `run` (the first queued one equal to it leaves the queue).
    Started { run: T, total: u32, job: Option<JobId> },
    /// The engine accepted the running job under this id.
    Job(JobId),
    Progress { job: Option<JobId>, done: u32, total: u32 },
    /// Stop was pressed: the running run is stopping and nothing queued will start.
    Stopping,
    Finished(R),
    Stopped,
    Failed(String),
    ClearResults,
}

impl<T: PartialEq, R> RunQueue<T, R> {
    /// Applies one action; false when it changed nothing (stale progress, a job id with no run).
    pub fn apply(&mut self, action: RunAction<T, R>) -> bool {
        match action {
            RunAction::Queue(runs) => {
                self.queued = runs;
                self.ended = None;
            }
            RunAction::Started { run, total, job } => {
                if let Some(i) = self.queued.iter().position(|q| *q == run) {
                    self.queued.remove(i);
                }
                self.running = Some(Running { run, job, done: 0, total, stopping: false });
                self.ended = None;
                self.replay = None;
            }
            RunAction::Job(id) => match self.running.as_mut() {
                Some(r) => r.job = Some(id),
                None => return false,
            },
            RunAction::Progress { job, done, total } => match self.running.as_mut() {
                Some(r) if job.is_none() || r.job.is_none() || job == r.job => {
                    r.done = done;
                    r.total = total;
                }
                _ => return false,
            },
            RunAction::Stopping => {
                if let Some(r) = self.running.as_mut() {
                    r.stopping = true;
                }
                self.queued.clear();
            }
            RunAction::Finished(result) => {
                self.running = None;
                self.results.push(result);
                self.ended = Some(Ended::Finished);
            }
            RunAction::Stopped => self.end(Ended::Stopped),
            RunAction::Failed(message) => self.end(Ended::Failed(message)),
            RunAction::ClearResults => self.results.clear(),
        }
        true
    }

    fn end(&mut self, how: Ended) {
        self.running = None;
        self.queued.clear();
        self.ended = Some(how);
    }

    /// The run to start now, if nothing runs.
    pub fn next(&self) -> Option<&T> {
        if self.running.is_some() { None } else { self.queued.first() }
    }

    /// Nothing runs and nothing waits.
    pub fn is_idle(&self) -> bool {
        self.running.is_none() && self.queued.is_empty()
    }

    /// Something runs or waits: controls that would change it are off.
    pub fn is_busy(&self) -> bool {
        !self.is_idle()
    }

    /// What to tell the person about the last run's end, if anything, in `m`'s language. A
    /// failure's own words come from the engine, a worker or the browser, and stay as they are
    /// (a diagnosis to quote, not a sentence of the page).
    pub fn notice(&self, m: &crate::i18n::Messages) -> Option<String> {
        match &self.ended {
            Some(Ended::Stopped) => Some(m.stopped_notice.into()),
            Some(Ended::Failed(message)) => Some((m.run_failed)(message)),
            Some(Ended::Finished) | None => None,
        }
    }

    /// What the page's live region says (`components::Announce`): the run in flight (`running`
    /// words it), or how the last run ended (`finished` words the newest result). Progress is
    /// left out, so the region speaks when a run starts and ends, not on every row.
    pub fn announcement(
        &self,
        m: &crate::i18n::Messages,
        running: impl FnOnce(&T) -> String,
        finished: impl FnOnce(&R) -> String,
    ) -> String {
        match (&self.running, &self.ended) {
            (Some(r), _) if r.stopping => m.stopping.into(),
            (Some(r), _) => running(&r.run),
            (None, Some(Ended::Finished)) => self.results.last().map(finished).unwrap_or_default(),
            (None, _) => self.notice(m).unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Q = RunQueue<u32, &'static str>;
    const EN: &crate::i18n::Messages = crate::i18n::Lang::En.messages();

    #[test]
    fn the_announcement_names_the_run_then_how_it_ended() {
        let mut q = Q::default();
        let say = |q: &Q| q.announcement(EN, |n| format!("running {n}"), |r| format!("done {r}"));
        assert_eq!(say(&q), "");
        q.apply(RunAction::Queue(vec![1, 2]));
        q.apply(RunAction::Started { run: 1, total: 10, job: None });
        assert_eq!(say(&q), "running 1");
        q.apply(RunAction::Progress { job: None, done: 5, total: 10 });
        assert_eq!(say(&q), "running 1", "progress is not announced");
        q.apply(RunAction::Finished("one"));
        assert_eq!(say(&q), "done one");
        q.apply(RunAction::Started { run: 2, total: 10, job: None });
        q.apply(RunAction::Stopping);
        assert_eq!(say(&q), EN.stopping);
        q.apply(RunAction::Stopped);
        assert!(say(&q).starts_with("Stopped."));
    }

    #[test]
    fn a_queue_drains_in_order_and_records_results() {
        let mut q = Q::default();
        assert!(q.is_idle() && q.next().is_none());
        q.apply(RunAction::Queue(vec![1, 2, 3]));
        assert_eq!(q.next(), Some(&1));
        q.apply(RunAction::Started { run: 1, total: 10, job: Some(JobId(5)) });
        assert_eq!((q.queued.clone(), q.next()), (vec![2, 3], None));
        assert!(q.apply(RunAction::Progress { job: Some(JobId(5)), done: 4, total: 10 }));
        assert_eq!(q.running.as_ref().unwrap().done, 4);
        q.apply(RunAction::Finished("one"));
        assert_eq!((q.results.clone(), q.next()), (vec!["one"], Some(&2)));
        assert_eq!(q.ended, Some(Ended::Finished));
        assert_eq!(q.notice(EN), None);
    }

    #[test]
    fn stale_progress_and_job_ids_without_a_run_change_nothing() {
        let mut q = Q::default();
        assert!(!q.apply(RunAction::Job(JobId(1))));
        assert!(!q.apply(RunAction::Progress { job: None, done: 1, total: 2 }));
        q.apply(RunAction::Started { run: 7, total: 10, job: None });
        assert!(q.apply(RunAction::Job(JobId(2))));
        let before = q.clone();
        assert!(!q.apply(RunAction::Progress { job: Some(JobId(1)), done: 9, total: 10 }));
        assert_eq!(q, before);
        assert!(q.apply(RunAction::Progress { job: Some(JobId(2)), done: 9, total: 10 }));
    }

    #[test]
    fn stop_and_failure_clear_the_queue_and_say_so() {
        let mut q = Q::default();
        q.apply(RunAction::Queue(vec![1, 2]));
        q.apply(RunAction::Started { run: 1, total: 1, job: None });
        q.apply(RunAction::Stopping);
        assert!(q.running.as_ref().unwrap().stopping && q.queued.is_empty() && q.is_busy());
        q.apply(RunAction::Stopped);
        assert!(q.is_idle() && q.notice(EN).unwrap().starts_with("Stopped."));
        q.apply(RunAction::Queue(vec![3, 4]));
        assert_eq!(q.notice(EN), None);
        q.apply(RunAction::Started { run: 3, total: 1, job: None });
        q.apply(RunAction::Failed("the engine crashed".into()));
        assert!(q.is_idle());
        assert_eq!(q.notice(EN).as_deref(), Some("The run failed: the engine crashed"));
        q.apply(RunAction::Finished("late"));
        q.apply(RunAction::ClearResults);
        assert!(q.results.is_empty());
    }

    #[test]
    fn replayed_results_show_until_a_run_starts_here() {
        let about = crate::share::replay::Source { browser: "elsewhere".into(), engine: "0".into(), tier: "threads".into() };
        let replay = Replay { about, results: vec!["theirs"], blob: "b".into() };
        let mut q = Q::with_replay(Some(Ok(replay)));
        assert_eq!(q.shown(), ["theirs"]);
        assert!(q.replaying().is_some());
        q.apply(RunAction::Started { run: 1, total: 1, job: None });
        assert!(q.replaying().is_none() && q.replay.is_none());
        q.apply(RunAction::Finished("mine"));
        assert_eq!(q.shown(), ["mine"]);
        let broken = Q::with_replay(Some(Err("damaged".into())));
        assert!(broken.shown().is_empty());
        assert_eq!(broken.replay_note(), Some(Err("damaged".into())));
    }
}
