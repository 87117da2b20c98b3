//! Runs a [`Program`] as Gs on the real scheduler: every `go` statement is a [`rt::go`], every
//! channel a scheduler channel, `select` the scheduler's [`Select`], `wg` its [`WaitGroup`],
//! `work` / `sleep` / `syscall` / `yield` its [`rt::work`], [`rt::sleep`], [`rt::blocking_sleep`]
//! (a syscall that blocks its M) and [`rt::yield_now`]. Statements that do not block never
//! `.await` anything pending, so a G switches only where Go before 1.14 would.
//!
//! ## What a run records for the page
//! The scheduler's trace has no user-annotation event, so the interpreter keeps a side table:
//! each G, as it starts a statement, appends a [`Mark`] `(time, G, statement)` (and one with no
//! statement when it ends). To highlight what each G is at, at time `t`, take each G's last
//! mark at or before `t`. The times are the scheduler's clock (virtual in the simulator), the
//! same as the trace's. [`Run::gs`] says which `go` statement started each G.
//!
//! ## Ending a run: finished, failed, deadlocked
//! The root G is the runtime's, not the program's: it starts a **watchdog** G and the program's
//! main G, then waits on a one-slot `done` channel. The main G sends [`End::Finished`] when its
//! last statement is done (other Gs are then abandoned, as Go's `main` returning ends the
//! program); a G that hits a run error sends [`End::Failed`]. A G that is about to park on a
//! channel, a select or a WaitGroup counts itself blocked; when every live program G is
//! blocked it signals the watchdog, which waits a grace period and, if still every G is blocked
//! and no statement ran meanwhile, sends [`End::Deadlock`] (Go's "all goroutines are asleep").
//! So a deadlocked program ends like any other — the simulator never reaches its own deadlock
//! assertion and a native run never hangs — and nothing here panics on any program.
//! The root and the watchdog are Gs 1 and 2 of the trace (the main G is 3); the runtime's two
//! channels are the trace's channels 1 and 2, so program channel `k` of [`Run::channels`] is
//! the trace's channel `k + 3`.
//!
//! Rejected: *a deadlock check on the simulator's snapshot* (exact, but only in the simulator,
//! and a failing G elsewhere would still need a way to end the run).

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::SeqCst};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use interleave_scheduler::sim::SimConfig;
use interleave_scheduler::sim::step::Sim;
use interleave_scheduler::trace::{GId, Trace};
use interleave_scheduler::{self as rt, Config, Receiver, Runtime, Select, Sender, WaitGroup, chan};
use serde::Serialize;

use super::program::{Block, Case, Expr, Op, Program, Stmt, StmtId, StmtKind};

/// The longest one `work`, `sleep` or `syscall` may ask for, in µs.
pub const MAX_CALL_US: i64 = 1_000_000;
/// What all of a native run's `work`, `sleep` and `syscall` calls may ask for together, in µs:
/// this bounds the run's length in real time.
pub const MAX_TOTAL_US: u64 = 60_000_000;
/// The same for a simulated run, whose time is virtual: a million goroutines that each work for
/// half a millisecond fit. Virtual time is not free (sysmon ticks through it: a program that only
/// sleeps for this long takes about 15 s to simulate), so it stays bounded.
pub const MAX_SIM_TOTAL_US: u64 = 600_000_000;
/// Received values kept per channel in [`ChanStats::values`].
pub const KEPT_VALUES: usize = 256;
/// Channels the runtime makes before the program's (see the module doc).
pub const RUNTIME_CHANS: u64 = 2;
/// The watchdog's grace in the simulator (virtual time), ns.
pub const SIM_GRACE_NS: u64 = 1_000_000;
/// The watchdog's grace natively, ns: long enough for a woken G to be run on a loaded machine.
pub const NATIVE_GRACE_NS: u64 = 200_000_000;

/// A G started statement `stmt` at `ts` (ns on the run's clock); `stmt: None`: the G ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Mark {
    pub ts: u64,
    pub g: GId,
    pub stmt: Option<StmtId>,
}

/// A G of the program and the `go` statement that started it (`None`: the main G), recorded
/// when it is created (it may never run if the run ends first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Spawned {
    pub g: GId,
    pub go_stmt: Option<StmtId>,
}

/// One channel the program made, in creation order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChanStats {
    pub name: String,
    /// The `chan(..)` statement that made it.
    pub decl: StmtId,
    pub cap: u32,
    pub sent: u64,
    pub received: u64,
    /// The first [`KEPT_VALUES`] values received, in the order they were received.
    pub values: Vec<i64>,
}

/// A statement that could not run: where, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RunError {
    pub stmt: StmtId,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum End {
    /// The main G ran its last statement.
    Finished,
    /// Every G of the program was blocked for good.
    Deadlock,
    Failed(RunError),
}

/// Everything one run left: how it ended, the scheduler's trace and the interpreter's tables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub end: End,
    pub trace: Trace,
    /// Sorted by time (ties in the order they were recorded).
    pub marks: Vec<Mark>,
    pub gs: Vec<Spawned>,
    pub channels: Vec<ChanStats>,
    /// When the main G finished (or the run ended otherwise), ns.
    pub end_ns: u64,
    /// Program Gs still alive when the run ended (blocked, or abandoned when main returned).
    pub left_gs: u64,
    /// For a deadlock: each live G and the statement it is blocked at.
    pub blocked: Vec<(GId, StmtId)>,
}

impl Run {
    /// The statement G `g` is at, at time `t` (ns): its last mark at or before `t`. `None`
    /// before it started or after it ended.
    pub fn stmt_at(&self, g: GId, t: u64) -> Option<StmtId> {
        let upto = self.marks.partition_point(|m| m.ts <= t);
        self.marks[..upto].iter().rev().find(|m| m.g == g).and_then(|m| m.stmt)
    }
}

#[derive(Clone)]
enum Value {
    Unset,
    Int(i64),
    Chan(Arc<ChanVal>),
    Wg(Arc<WgVal>),
}

struct ChanVal {
    tx: Sender<i64>,
    rx: Receiver<i64>,
    stats: usize,
}

struct WgVal {
    wg: WaitGroup,
    /// The counter as the program sees it, checked before the scheduler's WaitGroup (which
    /// panics below zero) is touched; the lock keeps both in the same order.
    count: Mutex<i64>,
}

/// What every G of one run shares.
struct Shared {
    program: Arc<Program>,
    grace_ns: u64,
    max_total_us: u64,
    marks: Mutex<Vec<Mark>>,
    gs: Mutex<Vec<Spawned>>,
    chans: Mutex<Vec<ChanStats>>,
    /// Program Gs started and not ended.
    live: AtomicU64,
    /// Program Gs parked (or about to park) on a channel, a select or a WaitGroup.
    blocked: AtomicU64,
    /// Statements started and blocking operations completed: "something happened".
    progress: AtomicU64,
    budget_us: AtomicU64,
    end_ns: AtomicU64,
    finished: AtomicBool,
    done: OnceLock<Sender<End>>,
    suspect: OnceLock<Sender<()>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding one of these locks is a bug; the data stays readable.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    fn mark(&self, stmt: Option<StmtId>) {
        self.progress.fetch_add(1, SeqCst);
        lock(&self.marks).push(Mark { ts: rt::now(), g: rt::current_g(), stmt });
    }

    fn end(&self, end: End) {
        self.end_ns.fetch_max(rt::now(), SeqCst);
        if let Some(tx) = self.done.get() {
            let _ = tx.try_send(end);
        }
    }

    /// Every live program G blocked: wake the watchdog. SeqCst: pairs with the other
    /// counter's update in `park` and `exit`, so the last of two racing updates sees both.
    fn check(&self) {
        let live = self.live.load(SeqCst);
        if live > 0 && self.blocked.load(SeqCst) >= live
            && let Some(tx) = self.suspect.get()
        {
            let _ = tx.try_send(());
        }
    }

    /// Run a blocking operation, counted as blocked while it waits.
    async fn park<F: Future>(&self, f: F) -> F::Output {
        self.blocked.fetch_add(1, SeqCst);
        self.check();
        let r = f.await;
        self.blocked.fetch_sub(1, SeqCst);
        self.progress.fetch_add(1, SeqCst);
        r
    }

    fn error(&self, stmt: StmtId, message: String) -> RunError {
        let span = self.program.span(stmt).unwrap_or(super::program::Span { line: 0, column: 0, end_line: 0, end_column: 0 });
        RunError { stmt, line: span.line, column: span.column, message }
    }
}

type Env = Vec<Value>;
type Res = Result<(), RunError>;

/// Build the root G of a run of `program` and the handle to read what it records. Give the
/// future to [`interleave_scheduler::sim::step::Sim::new`] (to step it), to
/// [`interleave_scheduler::sim::run`] or to a [`Runtime`]; `grace_ns` is the watchdog's
/// grace on that clock ([`SIM_GRACE_NS`], [`NATIVE_GRACE_NS`]) and `max_total_us` what all its
/// durations may add up to ([`MAX_SIM_TOTAL_US`], [`MAX_TOTAL_US`]).
pub fn start(
    program: Arc<Program>,
    grace_ns: u64,
    max_total_us: u64,
) -> (Recorder, impl Future<Output = End> + Send + 'static) {
    let sh = Arc::new(Shared {
        program,
        grace_ns,
        max_total_us,
        marks: Mutex::new(Vec::new()),
        gs: Mutex::new(Vec::new()),
        chans: Mutex::new(Vec::new()),
        live: AtomicU64::new(0),
        blocked: AtomicU64::new(0),
        progress: AtomicU64::new(0),
        budget_us: AtomicU64::new(0),
        end_ns: AtomicU64::new(0),
        finished: AtomicBool::new(false),
        done: OnceLock::new(),
        suspect: OnceLock::new(),
    });
    let root = {
        let sh = sh.clone();
        async move {
            let (done_tx, done_rx) = chan::<End>(1);
            let (sus_tx, sus_rx) = chan::<()>(1);
            let _ = sh.done.set(done_tx);
            let _ = sh.suspect.set(sus_tx);
            drop(rt::go(watchdog(sh.clone(), sus_rx)));
            sh.live.fetch_add(1, SeqCst);
            let slots = sh.program.main_slots as usize;
            let main = rt::go(run_g(sh.clone(), None, vec![Value::Unset; slots]));
            lock(&sh.gs).push(Spawned { g: main.id(), go_stmt: None });
            let end = done_rx.recv().await.unwrap_or(End::Finished);
            sh.finished.store(true, SeqCst);
            end
        }
    };
    (Recorder(sh), root)
}

/// Reads what a run recorded, during or after it.
#[derive(Clone)]
pub struct Recorder(Arc<Shared>);

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder").field("marks", &lock(&self.0.marks).len()).finish()
    }
}

impl Recorder {
    /// The marks so far, in the order they were recorded.
    pub fn marks(&self) -> Vec<Mark> {
        lock(&self.0.marks).clone()
    }

    pub fn gs(&self) -> Vec<Spawned> {
        lock(&self.0.gs).clone()
    }

    pub fn channels(&self) -> Vec<ChanStats> {
        lock(&self.0.chans).clone()
    }

    /// Everything, with the trace and the end of a finished run.
    pub fn into_run(self, end: End, trace: Trace) -> Run {
        let mut marks = self.marks();
        marks.sort_by_key(|m| m.ts);
        let mut last: BTreeMap<GId, Option<StmtId>> = BTreeMap::new();
        for m in &marks {
            last.insert(m.g, m.stmt);
        }
        let blocked = match end {
            End::Deadlock => last.iter().filter_map(|(&g, &s)| s.map(|s| (g, s))).collect(),
            _ => Vec::new(),
        };
        Run {
            end,
            trace,
            marks,
            gs: self.gs(),
            channels: self.channels(),
            end_ns: self.0.end_ns.load(SeqCst),
            left_gs: self.0.live.load(SeqCst),
            blocked,
        }
    }
}

/// Run `program` in the deterministic simulator: `procs` Ps (GOMAXPROCS), `seed`.
pub fn run_sim(program: &Program, procs: usize, seed: u64) -> Run {
    let (rec, root) = start(Arc::new(program.clone()), SIM_GRACE_NS, MAX_SIM_TOTAL_US);
    let cfg = SimConfig { procs, seed, ..SimConfig::default() };
    let report = rt::sim::run(cfg, root);
    rec.into_run(report.output, report.trace)
}

/// How far a simulated run has got: events recorded and the simulator's clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub events: u64,
    pub virtual_ns: u64,
}

/// [`run_sim`], stepped: `on_progress` hears how far the run has got after every `every_steps`
/// simulator steps (at least 1) and stops it by returning `false` (then `None`). The same
/// program, `procs` and `seed` give exactly the [`Run`] `run_sim` gives: both are the
/// simulator's stepper run to the end ([`interleave_scheduler::sim::run`] is
/// [`Sim::finish`]), and how a run is cut into steps changes nothing.
pub fn run_sim_with_progress(
    program: &Program,
    procs: usize,
    seed: u64,
    every_steps: u64,
    mut on_progress: impl FnMut(Progress) -> bool,
) -> Option<Run> {
    let (rec, root) = start(Arc::new(program.clone()), SIM_GRACE_NS, MAX_SIM_TOTAL_US);
    let cfg = SimConfig { procs, seed, ..SimConfig::default() };
    let mut sim = Sim::new(cfg, root);
    let every = every_steps.max(1);
    let mut next = every;
    while !sim.is_finished() {
        sim.step();
        if sim.steps() >= next {
            next = sim.steps() + every;
            let progress = Progress { events: sim.events().len() as u64, virtual_ns: sim.now() };
            if !on_progress(progress) {
                return None;
            }
        }
    }
    let report = sim.finish();
    Some(rec.into_run(report.output, report.trace))
}

/// Run `program` on OS threads with `procs` Ps.
pub fn run_native(program: &Program, procs: usize) -> Run {
    let (rec, root) = start(Arc::new(program.clone()), NATIVE_GRACE_NS, MAX_TOTAL_US);
    let report = Runtime::new(Config { procs, trace: true, ..Config::default() }).run(root);
    rec.into_run(report.output, report.trace)
}

async fn watchdog(sh: Arc<Shared>, suspect: Receiver<()>) {
    loop {
        let _ = suspect.recv().await;
        loop {
            if sh.finished.load(SeqCst) {
                return;
            }
            let live = sh.live.load(SeqCst);
            if live == 0 || sh.blocked.load(SeqCst) < live {
                break;
            }
            let before = sh.progress.load(SeqCst);
            rt::sleep(Duration::from_nanos(sh.grace_ns)).await;
            if sh.finished.load(SeqCst) {
                return;
            }
            let live = sh.live.load(SeqCst);
            if live > 0 && sh.blocked.load(SeqCst) >= live && sh.progress.load(SeqCst) == before {
                sh.end(End::Deadlock);
                return;
            }
        }
    }
}

/// One program G: the main body (`body: None`) or a `go` block's.
async fn run_g(sh: Arc<Shared>, body: Option<u32>, mut env: Env) {
    let program = sh.program.clone();
    let block = match body {
        None => &program.body,
        Some(i) => &program.go_bodies[i as usize].block,
    };
    let r = exec_block(&sh, block, &mut env).await;
    drop(env);
    sh.mark(None);
    match r {
        Err(e) => sh.end(End::Failed(e)),
        Ok(()) if body.is_none() => sh.end(End::Finished),
        Ok(()) => {}
    }
    sh.live.fetch_sub(1, SeqCst);
    sh.check();
}

type Fut<'a> = Pin<Box<dyn Future<Output = Res> + Send + 'a>>;

fn exec_block<'a>(sh: &'a Arc<Shared>, block: &'a Block, env: &'a mut Env) -> Fut<'a> {
    Box::pin(async move {
        for s in &block.0 {
            exec(sh, s, env).await?;
        }
        Ok(())
    })
}

fn eval(sh: &Shared, stmt: StmtId, e: &Expr, env: &Env) -> Result<i64, RunError> {
    let overflow = || sh.error(stmt, "arithmetic overflow".into());
    Ok(match e {
        Expr::Int(n) => *n,
        Expr::Var(s) => match env.get(*s as usize) {
            Some(Value::Int(n)) => *n,
            _ => return Err(sh.error(stmt, "interpreter: a variable without a value".into())),
        },
        Expr::Neg(a) => eval(sh, stmt, a, env)?.checked_neg().ok_or_else(overflow)?,
        Expr::Bin(a, op, b) => {
            let (a, b) = (eval(sh, stmt, a, env)?, eval(sh, stmt, b, env)?);
            match op {
                Op::Add => a.checked_add(b),
                Op::Sub => a.checked_sub(b),
                Op::Mul => a.checked_mul(b),
            }
            .ok_or_else(overflow)?
        }
    })
}

fn chan_of(sh: &Shared, stmt: StmtId, env: &Env, slot: u32) -> Result<Arc<ChanVal>, RunError> {
    match env.get(slot as usize) {
        Some(Value::Chan(c)) => Ok(c.clone()),
        _ => Err(sh.error(stmt, "interpreter: not a channel".into())),
    }
}

fn wg_of(sh: &Shared, stmt: StmtId, env: &Env, slot: u32) -> Result<Arc<WgVal>, RunError> {
    match env.get(slot as usize) {
        Some(Value::Wg(w)) => Ok(w.clone()),
        _ => Err(sh.error(stmt, "interpreter: not a WaitGroup".into())),
    }
}

fn set(env: &mut Env, slot: u32, v: Value) {
    if let Some(s) = env.get_mut(slot as usize) {
        *s = v;
    }
}

/// A duration argument: checked, and charged to the run's budget.
fn micros(sh: &Shared, stmt: StmtId, what: &str, e: &Expr, env: &Env) -> Result<Duration, RunError> {
    let us = eval(sh, stmt, e, env)?;
    if !(0..=MAX_CALL_US).contains(&us) {
        return Err(sh.error(stmt, format!("{what}({us}): the duration must be between 0 and {MAX_CALL_US} µs")));
    }
    let total = sh.budget_us.fetch_add(us as u64, SeqCst) + us as u64;
    if total > sh.max_total_us {
        return Err(sh.error(stmt, format!(
            "the program asks for more than {} s of work, sleep and syscalls in all",
            sh.max_total_us / 1_000_000
        )));
    }
    Ok(Duration::from_micros(us as u64))
}

fn sent(sh: &Shared, c: &ChanVal) {
    lock(&sh.chans)[c.stats].sent += 1;
}

fn received(sh: &Shared, c: &ChanVal, v: i64) {
    let mut chans = lock(&sh.chans);
    let s = &mut chans[c.stats];
    s.received += 1;
    if s.values.len() < KEPT_VALUES {
        s.values.push(v);
    }
}

fn wg_add(sh: &Shared, stmt: StmtId, w: &WgVal, n: i64) -> Res {
    let mut count = lock(&w.count);
    let next = count.checked_add(n).ok_or_else(|| sh.error(stmt, "arithmetic overflow".into()))?;
    if next < 0 {
        return Err(sh.error(stmt, format!("the WaitGroup's counter would go below zero ({} {:+})", *count, n)));
    }
    *count = next;
    w.wg.add(n);
    Ok(())
}

async fn exec(sh: &Arc<Shared>, s: &Stmt, env: &mut Env) -> Res {
    let id = s.id;
    sh.mark(Some(id));
    match &s.kind {
        StmtKind::MakeChan { slot, cap, name } => {
            let mut chans = lock(&sh.chans);
            // Made under the stats lock: the trace numbers channels in this same order.
            let (tx, rx) = chan::<i64>(*cap as usize);
            chans.push(ChanStats { name: name.clone(), decl: id, cap: *cap, sent: 0, received: 0, values: Vec::new() });
            let stats = chans.len() - 1;
            drop(chans);
            set(env, *slot, Value::Chan(Arc::new(ChanVal { tx, rx, stats })));
        }
        StmtKind::MakeWaitGroup { slot } => {
            set(env, *slot, Value::Wg(Arc::new(WgVal { wg: WaitGroup::new(), count: Mutex::new(0) })));
        }
        StmtKind::Go { body } => {
            let b = &sh.program.go_bodies[*body as usize];
            let mut child = vec![Value::Unset; b.slots as usize];
            for &(outer, inner) in &b.captures {
                if let (Some(v), Some(c)) = (env.get(outer as usize), child.get_mut(inner as usize)) {
                    *c = v.clone();
                }
            }
            sh.live.fetch_add(1, SeqCst);
            let g = rt::go(run_g(sh.clone(), Some(*body), child));
            lock(&sh.gs).push(Spawned { g: g.id(), go_stmt: Some(id) });
        }
        StmtKind::For { var, from, to, body } => {
            for i in *from..*to {
                if let Some(v) = var {
                    set(env, *v, Value::Int(i));
                }
                exec_block(sh, body, env).await?;
            }
        }
        StmtKind::Send { chan, value } => {
            let c = chan_of(sh, id, env, *chan)?;
            let v = eval(sh, id, value, env)?;
            if let Err(v) = c.tx.try_send(v) {
                sh.park(c.tx.send(v)).await;
            }
            sent(sh, &c);
        }
        StmtKind::Recv { chan, bind } => {
            let c = chan_of(sh, id, env, *chan)?;
            let v = match c.rx.try_recv() {
                Ok(v) => v,
                Err(()) => sh.park(c.rx.recv()).await,
            }
            .unwrap_or(0);
            received(sh, &c, v);
            if let Some(b) = bind {
                set(env, *b, Value::Int(v));
            }
        }
        StmtKind::Select { cases, default } => {
            let chans = cases
                .iter()
                .map(|c| match c {
                    Case::Recv { chan, .. } | Case::Send { chan, .. } => chan_of(sh, id, env, *chan),
                })
                .collect::<Result<Vec<_>, _>>()?;
            let values = cases
                .iter()
                .map(|c| match c {
                    Case::Send { value, .. } => eval(sh, id, value, env).map(Some),
                    Case::Recv { .. } => Ok(None),
                })
                .collect::<Result<Vec<_>, _>>()?;
            // First without blocking (Go's selectgo polls every case before it parks); park
            // only if no case is ready and there is no default.
            let build = || {
                let mut sel: Select<'_, Option<(usize, Option<i64>)>> = Select::new();
                for (k, c) in chans.iter().enumerate() {
                    sel = match values[k] {
                        Some(v) => sel.send(&c.tx, v, move || Some((k, None))),
                        None => sel.recv(&c.rx, move |v| Some((k, Some(v.unwrap_or(0))))),
                    };
                }
                sel
            };
            let fired = match build().default(|| None).await {
                Some(f) => Some(f),
                None if default.is_some() => None,
                None => sh.park(build()).await,
            };
            match fired {
                Some((k, got)) => {
                    let c = &chans[k];
                    match (got, &cases[k]) {
                        (Some(v), Case::Recv { bind, body, .. }) => {
                            received(sh, c, v);
                            if let Some(b) = bind {
                                set(env, *b, Value::Int(v));
                            }
                            exec_block(sh, body, env).await?;
                        }
                        (_, Case::Send { body, .. }) | (None, Case::Recv { body, .. }) => {
                            sent(sh, c);
                            exec_block(sh, body, env).await?;
                        }
                    }
                }
                None => {
                    if let Some(d) = default {
                        exec_block(sh, d, env).await?;
                    }
                }
            }
        }
        StmtKind::Work(e) => rt::work(micros(sh, id, "work", e, env)?),
        StmtKind::Sleep(e) => rt::sleep(micros(sh, id, "sleep", e, env)?).await,
        StmtKind::Syscall(e) => rt::blocking_sleep(micros(sh, id, "syscall", e, env)?).await,
        StmtKind::Yield => rt::yield_now().await,
        StmtKind::WgAdd { wg, n } => {
            let w = wg_of(sh, id, env, *wg)?;
            let n = eval(sh, id, n, env)?;
            wg_add(sh, id, &w, n)?;
        }
        StmtKind::WgDone { wg } => {
            let w = wg_of(sh, id, env, *wg)?;
            wg_add(sh, id, &w, -1)?;
        }
        StmtKind::WgWait { wg } => {
            let w = wg_of(sh, id, env, *wg)?;
            if *lock(&w.count) != 0 {
                sh.park(w.wg.wait()).await;
            }
        }
    }
    Ok(())
}
