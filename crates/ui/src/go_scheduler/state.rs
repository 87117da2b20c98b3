//! What the Go-scheduler page remembers, as a `Reducible` state machine (tested natively).
//!
//! The program is text a person edits: it is parsed on every edit (errors point at a line and
//! column), and a run takes the text, GOMAXPROCS and the seed ([`RunKey`]) to the simulator
//! worker. A simulated run is a function of those three, so a link carries them (the preset by
//! id, an edited program as link text, the seed) instead of results: opening it and pressing
//! Run draws the same timeline.

use std::rc::Rc;

use interleave_experiments::TypedParams;
use interleave_experiments::go_scheduler::interp::Run;
use interleave_experiments::go_scheduler::presets::{self, PRESETS, Preset};
use interleave_experiments::go_scheduler::program::{self, ParseError, Program, StmtId};
use interleave_experiments::go_scheduler::{GoSchedulerParams, PRESET, PROGRAM, link};
use interleave_experiments::share::{LinkState, Mode};
use interleave_scheduler::trace::{GId, Summary};
use yew::Reducible;

use super::timeline::Timeline;
use crate::form::ParamForm;
use crate::run_queue::{RunAction, RunQueue};

/// The seed a page starts with when its link has none.
pub const DEFAULT_SEED: u64 = 1;

/// What one run is: the program as typed, its `N`, GOMAXPROCS and the simulator's seed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunKey {
    pub source: String,
    pub n: u32,
    pub procs: u32,
    pub seed: u64,
}

/// A finished run and everything the page derives from it once.
#[derive(Clone, Debug)]
pub struct RunView {
    pub key: RunKey,
    pub program: Rc<Program>,
    pub run: Rc<Run>,
    pub timeline: Rc<Timeline>,
    pub summary: Rc<Summary>,
}

impl PartialEq for RunView {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key && Rc::ptr_eq(&self.run, &other.run)
    }
}

impl RunView {
    /// The view of `run`, which ran `program` (parsed from `key.source`).
    pub fn new(key: RunKey, program: Rc<Program>, run: Run) -> RunView {
        let timeline = Rc::new(Timeline::build(&run.trace));
        let summary = Rc::new(run.trace.summary());
        RunView { key, program, run: Rc::new(run), timeline, summary }
    }

    /// Which program G is at which statement at time `t`, grouped by statement (in statement
    /// order): the program view's highlights while the timeline is scrubbed. Gs the
    /// interpreter never marked (the runtime's own) are left out.
    pub fn at(&self, t: u64) -> Vec<(StmtId, Vec<GId>)> {
        let upto = self.run.marks.partition_point(|m| m.ts <= t);
        let mut last: std::collections::BTreeMap<GId, Option<StmtId>> = std::collections::BTreeMap::new();
        for m in &self.run.marks[..upto] {
            last.insert(m.g, m.stmt);
        }
        let mut by_stmt: std::collections::BTreeMap<StmtId, Vec<GId>> = std::collections::BTreeMap::new();
        for (g, s) in last {
            if let Some(s) = s {
                by_stmt.entry(s).or_default().push(g);
            }
        }
        by_stmt.into_iter().collect()
    }
}

/// Progress of the run in flight, as the worker reports it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SimProgress {
    pub events: u64,
    pub virtual_ns: u64,
}

/// Why the link's program was not used (the preset stands in).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgramNote {
    /// The link's program could not be read.
    LinkDamaged(link::LinkError),
    /// The edited program is too long for a link: the link carries the preset.
    TooLongToShare(link::LinkError),
}

#[derive(Clone, Debug, PartialEq)]
pub struct GoState {
    pub preset: &'static Preset,
    /// The program as typed.
    pub source: String,
    /// `source`, parsed.
    pub parsed: Result<Rc<Program>, ParseError>,
    /// The link's program was damaged (shown until the person edits or picks a preset).
    pub link_note: Option<link::LinkError>,
    pub form: ParamForm<GoSchedulerParams>,
    pub seed: u64,
    /// The seed field as typed; `None` when it shows `seed`.
    pub seed_text: Option<String>,
    pub runs: RunQueue<RunKey, RunView>,
    pub progress: Option<SimProgress>,
    /// The scrubbed time (ns), if the person chose one.
    pub cursor: Option<u64>,
    /// The cursor moves by itself (Play), at this speed.
    pub playing: bool,
    pub speed: Speed,
}

/// How fast Play moves the cursor: the whole run in this many seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speed {
    Slow,
    Normal,
    Fast,
}

impl Speed {
    pub const ALL: [Speed; 3] = [Speed::Slow, Speed::Normal, Speed::Fast];

    pub fn whole_run_s(self) -> f64 {
        match self {
            Speed::Slow => 30.0,
            Speed::Normal => 10.0,
            Speed::Fast => 3.0,
        }
    }
}

/// How often Play moves the cursor, ms.
pub const TICK_MS: u32 = 50;

pub enum Action {
    Preset(&'static str),
    Edit(String),
    /// Put the preset's own text back.
    Revert,
    Input(&'static str, String),
    Seed(String),
    /// The next seed (a different interleaving of the same program).
    NextSeed,
    Run(RunAction<RunKey, RunView>),
    Progress(SimProgress),
    Cursor(Option<u64>),
    /// To the next (`1`) or previous (`-1`) event's time, by this many events' times.
    StepEvent(i64),
    Play(bool),
    Speed(Speed),
    /// One tick of Play: [`TICK_MS`] of the chosen speed.
    Tick,
}

impl Default for GoState {
    fn default() -> Self {
        GoState::from_link(&LinkState::default())
    }
}

impl GoState {
    /// The state a share link describes.
    pub fn from_link(link_state: &LinkState) -> Self {
        let preset = link_state.view.get(PRESET.key).and_then(|id| presets::find(id)).unwrap_or(&PRESETS[0]);
        let (source, link_note) = match link_state.text.get(PROGRAM.key).map(|t| link::decode(t)) {
            Some(Ok(source)) => (source, None),
            Some(Err(e)) => (preset.source.to_string(), Some(e)),
            None => (preset.source.to_string(), None),
        };
        let params = if link_state.values.is_empty() {
            GoSchedulerParams { gomaxprocs: preset.procs, n: preset.n }
        } else {
            GoSchedulerParams::from_values(&link_state.values).0
        };
        GoState {
            preset,
            parsed: parse(&source, params.n),
            source,
            link_note,
            form: ParamForm::new(params),
            seed: link_state.seed.unwrap_or(DEFAULT_SEED),
            seed_text: None,
            runs: RunQueue::default(),
            progress: None,
            cursor: None,
            playing: false,
            speed: Speed::Normal,
        }
    }

    /// The link of this state: GOMAXPROCS, the preset, the program when edited, the seed.
    pub fn link(&self) -> LinkState {
        let mut state = LinkState {
            values: self.form.params.to_values(),
            view: [(PRESET.key.to_string(), self.preset.id.to_string())].into(),
            mode: Some(Mode::Simulated),
            seed: Some(self.seed),
            ..LinkState::default()
        };
        if self.edited()
            && let Ok(text) = link::encode(&self.source)
        {
            state.text.insert(PROGRAM.key.to_string(), text);
        }
        state
    }

    /// Whether the program differs from its preset's.
    pub fn edited(&self) -> bool {
        self.source != self.preset.source
    }

    /// Why the link does not carry the program as it is, if it does not.
    pub fn program_note(&self) -> Option<ProgramNote> {
        if let Some(e) = &self.link_note {
            return Some(ProgramNote::LinkDamaged(e.clone()));
        }
        if self.edited() {
            return link::encode(&self.source).err().map(ProgramNote::TooLongToShare);
        }
        None
    }

    /// What Run would run, if everything is valid.
    pub fn run_key(&self) -> Option<RunKey> {
        (self.parsed.is_ok() && self.form.is_valid() && self.seed_text.is_none())
            .then(|| RunKey {
                source: self.source.clone(),
                n: self.form.params.n,
                procs: self.form.params.gomaxprocs,
                seed: self.seed,
            })
    }

    pub fn can_run(&self) -> bool {
        self.runs.is_idle() && self.run_key().is_some()
    }

    pub fn running(&self) -> bool {
        self.runs.running.is_some()
    }

    /// The last finished run.
    pub fn run(&self) -> Option<&RunView> {
        self.runs.results.last()
    }

    /// The run's program is still the one in the editor (so its statements can be highlighted).
    pub fn run_matches_editor(&self) -> bool {
        self.run().is_some_and(|r| r.key.source == self.source)
    }
}

/// The program with `N` = `n`.
pub fn parse(source: &str, n: u32) -> Result<Rc<Program>, ParseError> {
    program::parse_with(source, n.into()).map(Rc::new)
}

impl Reducible for GoState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let busy = s.runs.is_busy();
        match action {
            Action::Preset(id) if !busy => {
                let Some(p) = presets::find(id) else { return self };
                s.preset = p;
                s.source = p.source.to_string();
                s.form.set(GoSchedulerParams { gomaxprocs: p.procs, n: p.n });
                s.parsed = parse(&s.source, s.form.params.n);
                s.link_note = None;
            }
            Action::Edit(text) if !busy => {
                if text == s.source {
                    return self;
                }
                s.parsed = parse(&text, s.form.params.n);
                s.source = text;
                s.link_note = None;
            }
            Action::Revert if !busy => {
                s.source = s.preset.source.to_string();
                s.parsed = parse(&s.source, s.form.params.n);
                s.link_note = None;
            }
            Action::Input(key, text) if !busy => {
                if !s.form.input(key, text) {
                    return self;
                }
                // N is part of the program.
                s.parsed = parse(&s.source, s.form.params.n);
            }
            Action::Seed(text) if !busy => match text.trim().parse::<u64>() {
                Ok(seed) => {
                    s.seed = seed;
                    s.seed_text = None;
                }
                Err(_) => s.seed_text = Some(text),
            },
            Action::NextSeed if !busy => {
                s.seed = s.seed.wrapping_add(1);
                s.seed_text = None;
            }
            Action::Run(a) => {
                let started = matches!(a, RunAction::Started { .. });
                let ended = matches!(a, RunAction::Finished(_) | RunAction::Stopped | RunAction::Failed(_));
                if !s.runs.apply(a) {
                    return self;
                }
                if started || ended {
                    s.progress = None;
                }
                if started {
                    s.cursor = None;
                    s.playing = false;
                }
            }
            Action::Progress(p) if s.running() => s.progress = Some(p),
            Action::Cursor(t) => {
                let Some(run) = s.run() else { return self };
                s.cursor = t.map(|t| t.clamp(run.timeline.start, run.timeline.end));
                s.playing = false;
            }
            Action::StepEvent(n) => {
                let Some(run) = s.run() else { return self };
                let events = &run.run.trace.events;
                let at = s.cursor;
                let mut i = match at {
                    // The first event after the cursor's time, or the last before it.
                    Some(t) if n > 0 => events.partition_point(|e| e.ts <= t) as i64 - 1,
                    Some(t) => events.partition_point(|e| e.ts < t) as i64,
                    None => -1,
                };
                let mut left = n.unsigned_abs();
                let mut time = at;
                while left > 0 {
                    i += n.signum();
                    let Some(e) = usize::try_from(i).ok().and_then(|i| events.get(i)) else { break };
                    if time != Some(e.ts) {
                        time = Some(e.ts);
                        left -= 1;
                    }
                }
                if time == s.cursor {
                    return self;
                }
                s.cursor = time;
                s.playing = false;
            }
            Action::Play(on) => {
                let Some(run) = s.run() else { return self };
                if on && s.cursor.is_none_or(|c| c >= run.timeline.end) {
                    s.cursor = Some(run.timeline.start);
                }
                s.playing = on;
            }
            Action::Speed(speed) => s.speed = speed,
            Action::Tick if s.playing => {
                let Some(run) = s.run() else { return self };
                let (start, end) = (run.timeline.start, run.timeline.end);
                let step = ((end - start) as f64 * f64::from(TICK_MS) / 1000.0 / s.speed.whole_run_s()).max(1.0) as u64;
                let next = s.cursor.unwrap_or(start).saturating_add(step).min(end);
                s.cursor = Some(next);
                s.playing = next < end;
            }
            _ => return self,
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use interleave_experiments::go_scheduler::interp::run_sim;

    use super::*;
    use crate::test_support::{link_round_trip, reduce};

    fn round_trip(s: &GoState) -> GoState {
        GoState::from_link(&link_round_trip(&interleave_experiments::go_scheduler::SPEC, &s.link()))
    }

    #[test]
    fn a_preset_opens_parsed_with_its_own_gomaxprocs() {
        let s = GoState::default();
        assert_eq!(s.preset.id, PRESETS[0].id);
        assert!(s.parsed.is_ok());
        for p in PRESETS {
            let s = reduce(GoState::default(), Action::Preset(p.id));
            assert_eq!((s.form.params.gomaxprocs, s.form.params.n, s.source.as_str()), (p.procs, p.n, p.source));
            assert!(s.can_run(), "{}", p.id);
        }
    }

    #[test]
    fn an_edit_with_an_error_points_at_it_and_disables_run() {
        let s = reduce(GoState::default(), Action::Edit("go {\n  work(\n}".into()));
        let e = s.parsed.as_ref().unwrap_err();
        assert!(e.line >= 2, "{e:?}");
        assert!(!s.can_run());
        let s = reduce(s, Action::Revert);
        assert!(s.can_run() && !s.edited());
    }

    #[test]
    fn links_carry_preset_program_procs_and_seed() {
        let s = reduce(GoState::default(), Action::Preset("pipeline"));
        let s = reduce(s, Action::Input("gomaxprocs", "3".into()));
        let s = reduce(s, Action::Seed("77".into()));
        let s = reduce(s, Action::Input("n", "500".into()));
        let back = round_trip(&s);
        assert_eq!((back.preset.id, back.form.params.gomaxprocs, back.form.params.n, back.seed), ("pipeline", 3, 500, 77));
        assert!(!back.edited() && !s.link().text.contains_key(PROGRAM.key));

        let s = reduce(s, Action::Edit("go { work(5) }\nwork(1)\n".into()));
        let back = round_trip(&s);
        assert_eq!(back.source, s.source);
        assert_eq!(back.run_key(), s.run_key());
    }

    #[test]
    fn a_damaged_program_in_a_link_falls_back_to_the_preset_and_says_so() {
        let mut link = LinkState::default();
        link.text.insert(PROGRAM.key.into(), "AAAA".into());
        let s = GoState::from_link(&link);
        assert_eq!(s.source, PRESETS[0].source);
        assert!(matches!(s.program_note(), Some(ProgramNote::LinkDamaged(_))));
    }

    #[test]
    fn n_reparses_the_program_and_its_bounds_refuse_too_many_goroutines() {
        let s = reduce(GoState::default(), Action::Preset("uniform"));
        let small = s.parsed.as_ref().unwrap().goroutines;
        let s = reduce(s, Action::Input("n", "1000".into()));
        assert!(s.parsed.as_ref().unwrap().goroutines > small);
        assert_eq!(s.run_key().unwrap().n, 1000);
        // The field refuses more than the language allows, and Run waits for a valid value.
        let s = reduce(s, Action::Input("n", "1000001".into()));
        assert!(!s.can_run());
    }

    #[test]
    fn a_bad_seed_is_kept_as_typed_and_blocks_run() {
        let s = reduce(GoState::default(), Action::Seed("12x".into()));
        assert_eq!((s.seed, s.seed_text.as_deref()), (DEFAULT_SEED, Some("12x")));
        assert!(!s.can_run());
        let s = reduce(s, Action::NextSeed);
        assert_eq!((s.seed, s.seed_text.as_deref()), (DEFAULT_SEED + 1, None));
    }

    #[test]
    fn controls_are_frozen_while_a_run_is_in_flight() {
        let s = GoState::default();
        let key = s.run_key().unwrap();
        let s = reduce(s, Action::Run(RunAction::Started { run: key, total: 0, job: None }));
        for a in [Action::Preset("pipeline"), Action::Edit("x".into()), Action::Input("gomaxprocs", "2".into()), Action::NextSeed] {
            let after = reduce(s.clone(), a);
            assert_eq!(after, s);
        }
    }

    #[test]
    fn scrubbing_shows_which_statement_each_goroutine_is_at() {
        let s = reduce(GoState::default(), Action::Preset("pipeline"));
        let key = s.run_key().unwrap();
        let program = s.parsed.clone().unwrap();
        let view = RunView::new(key.clone(), program.clone(), run_sim(&program, key.procs as usize, key.seed));
        assert_eq!(program, parse(&key.source, key.n).unwrap());
        let s = reduce(s, Action::Run(RunAction::Started { run: key, total: 0, job: None }));
        let s = reduce(s, Action::Run(RunAction::Finished(view)));
        let run = s.run().unwrap().clone();
        // Halfway through, some Gs are at statements, and each of them at one statement only.
        let mid = (run.timeline.start + run.timeline.end) / 2;
        let at = run.at(mid);
        assert!(!at.is_empty());
        let mut gs: Vec<GId> = at.iter().flat_map(|(_, gs)| gs.iter().copied()).collect();
        let n = gs.len();
        gs.sort_unstable();
        gs.dedup();
        assert_eq!(gs.len(), n);
        for (stmt, _) in &at {
            assert!(program.span(*stmt).is_some());
        }
        // The cursor is clamped to the run.
        let s = reduce(s, Action::Cursor(Some(u64::MAX)));
        assert_eq!(s.cursor, Some(run.timeline.end));

        // Event by event: forward from nothing is the first event; each step lands on an event's
        // time; back and forth returns to the same time.
        let s = reduce(s, Action::Cursor(None));
        let s = reduce(s, Action::StepEvent(1));
        let first = run.run.trace.events[0].ts;
        assert_eq!(s.cursor, Some(first));
        let s = reduce(s, Action::StepEvent(3));
        let three = s.cursor.unwrap();
        assert!(three > first && run.run.trace.events.iter().any(|e| e.ts == three));
        let back = reduce(reduce(s.clone(), Action::StepEvent(-1)), Action::StepEvent(1));
        assert_eq!(back.cursor, Some(three));
        assert_eq!(reduce(reduce(s, Action::StepEvent(-100_000)), Action::StepEvent(-1)).cursor, Some(first));

        // Play runs the cursor to the end and stops there.
        let mut s = reduce(reduce(GoState { runs: s_with_run(&run), ..GoState::default() }, Action::Speed(Speed::Fast)), Action::Play(true));
        assert_eq!(s.cursor, Some(run.timeline.start));
        let ticks = (Speed::Fast.whole_run_s() * 1000.0 / f64::from(TICK_MS)).ceil() as usize + 2;
        for _ in 0..ticks {
            s = reduce(s, Action::Tick);
        }
        assert_eq!((s.cursor, s.playing), (Some(run.timeline.end), false));
    }

    fn s_with_run(run: &RunView) -> RunQueue<RunKey, RunView> {
        let mut q = RunQueue::default();
        q.apply(RunAction::Started { run: run.key.clone(), total: 0, job: None });
        q.apply(RunAction::Finished(run.clone()));
        q
    }
}
