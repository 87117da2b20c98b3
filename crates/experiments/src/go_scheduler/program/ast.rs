//! The parsed program: statements with ids and source spans, names resolved to slots.
//!
//! Names never reach the interpreter: the parser resolves each to a *slot* of the frame that
//! runs it. A frame is the main program or one `go` block; a `go` block copies the outer values
//! it uses into its own slots when it starts ([`GoBody::captures`]), so a goroutine started in a
//! loop sees that iteration's loop variable (Go 1.22's per-iteration variables) and shares the
//! outer channels and WaitGroups (they are handles).

/// Index of a statement in [`super::Program::stmts`]; what the marks of a run name.
pub type StmtId = u32;

/// Index of a value in the frame that runs the statement.
pub type Slot = u32;

/// Where a statement is in the source: from its first character to just after its last, lines
/// and columns from 1 (columns in characters). A `go`, `for` or `select` spans its whole block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// What the page needs to show a statement: its span and what it is.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StmtInfo {
    pub span: Span,
    /// The statement's keyword or operation (`go`, `for`, `send`, `recv`, `work`, ...).
    pub what: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Block(pub Vec<Stmt>);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stmt {
    pub id: StmtId,
    pub kind: StmtKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StmtKind {
    /// `name := chan(cap)`; 0 is unbuffered.
    MakeChan { slot: Slot, cap: u32, name: String },
    /// `var name WaitGroup`
    MakeWaitGroup { slot: Slot },
    /// `go { ... }`: the body is [`super::Program::go_bodies`]`[body]`.
    Go { body: u32 },
    /// `for var in from..to { ... }` (`var` may be `_`).
    For { var: Option<Slot>, from: i64, to: i64, body: Block },
    /// `select { case ...: ... default: ... }`
    Select { cases: Vec<Case>, default: Option<Block> },
    /// `ch <- value`
    Send { chan: Slot, value: Expr },
    /// `<-ch` or `v := <-ch`
    Recv { chan: Slot, bind: Option<Slot> },
    /// `work(µs)`: CPU without a yield point.
    Work(Expr),
    /// `sleep(µs)`: parks the G on a timer.
    Sleep(Expr),
    /// `syscall(µs)`: a blocking call; the M blocks with it.
    Syscall(Expr),
    /// `yield()`: Go's `runtime.Gosched`.
    Yield,
    /// `wg.add(n)`
    WgAdd { wg: Slot, n: Expr },
    /// `wg.done()`
    WgDone { wg: Slot },
    /// `wg.wait()`
    WgWait { wg: Slot },
}

/// One `case` of a `select`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Case {
    /// `case <-ch:` or `case v := <-ch:`
    Recv { chan: Slot, bind: Option<Slot>, body: Block },
    /// `case ch <- value:`
    Send { chan: Slot, value: Expr, body: Block },
}

/// An integer expression: literals, variables, `+ - *`, unary `-`, parentheses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    Int(i64),
    Var(Slot),
    Neg(Box<Expr>),
    Bin(Box<Expr>, Op, Box<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
}

/// The body of a `go` statement and the frame it runs in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoBody {
    /// The `go` statement.
    pub stmt: StmtId,
    pub block: Block,
    /// Slots of the goroutine's frame.
    pub slots: u32,
    /// `(outer slot, own slot)`: values copied from the starting frame.
    pub captures: Vec<(Slot, Slot)>,
}
