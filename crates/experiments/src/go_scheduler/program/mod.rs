//! The workload language: a tiny Go a person can read and edit on the page.
//!
//! ```text
//! ch := chan(0)          // unbuffered; chan(4) is buffered
//! var wg WaitGroup
//! for i in 0..4 {        // loops have counts: 0, 1, 2, 3
//!     wg.add(1)
//!     go {               // a goroutine is a block; it sees this iteration's i
//!         work(200)      // 200 µs of CPU without a yield point
//!         ch <- i
//!         wg.done()
//!     }
//! }
//! go { for i in 0..4 { v := <-ch; sleep(10 * v) } }
//! wg.wait()
//! ```
//!
//! `N` is the number the page's "goroutines" control sets ([`parse_with`]); the presets use it
//! for their loop counts.
//!
//! ## Grammar
//! Statements end at a line break or `;`. Values are integers; names are channels, WaitGroups,
//! loop variables and received values, each declared before use and visible in its block and
//! the blocks inside it.
//! ```text
//! stmt  := name ':=' 'chan' '(' INT ')'           make a channel (0: unbuffered)
//!        | 'var' name 'WaitGroup'
//!        | 'go' block                             start a goroutine
//!        | 'for' (name | '_') 'in' INT '..' INT block
//!        | 'select' '{' ('case' head ':' stmts | 'default' ':' stmts)+ '}'
//!        | name '<-' expr                         send
//!        | '<-' name  |  name ':=' '<-' name      receive (and keep the value)
//!        | ('work' | 'sleep' | 'syscall') '(' expr ')'   microseconds
//!        | 'yield' '(' ')'
//!        | name '.' ('add' '(' expr ')' | 'done' '(' ')' | 'wait' '(' ')')
//! head  := '<-' name | name ':=' '<-' name | name '<-' expr
//! expr  := term (('+' | '-') term)* ;  term := unary ('*' unary)* ;
//! unary := '-' unary | INT | name | '(' expr ')'
//! ```
//!
//! ## Bounds
//! Parsing never panics and checks every size before anything runs ([`limits`]): the source
//! length, nesting depth, loop counts, and — multiplying each statement by the counts of the
//! loops around it — how many goroutines the program can start and how many statements it can
//! run. Loop bounds are literals so that these are known exactly. What only a run can know (a
//! negative duration, an overflow, a WaitGroup below zero) is a located run error
//! ([`super::interp::RunError`]).
//!
//! Rejected: *a subset of real Go* (a person would expect all of Go to work, and its parser is
//! large); *Lua or JavaScript* (the lesson is Go's words: `go`, channels, `select`).

pub mod ast;
pub mod error;
pub mod lexer;
mod parser;

pub use ast::{Block, Case, Expr, GoBody, Op, Slot, Span, Stmt, StmtId, StmtInfo, StmtKind};
pub use error::ParseError;

/// Every bound the parser checks.
pub mod limits {
    /// The longest program, in bytes of UTF-8.
    pub const MAX_SOURCE_BYTES: usize = 16 * 1024;
    /// Blocks and parentheses inside each other.
    pub const MAX_DEPTH: u32 = 16;
    /// Iterations of one loop.
    pub const MAX_LOOP: u64 = 1_000_000;
    /// Goroutines one run can start, the main one included.
    pub const MAX_GOROUTINES: u64 = 1_000_000;
    /// Statements one run can execute (each counted once per time it can run).
    pub const MAX_STATEMENTS: u64 = 4_000_000;
    /// A channel's buffer.
    pub const MAX_CHAN_CAP: u32 = 10_000;
    /// Cases of one select.
    pub const MAX_CASES: usize = 64;
}

/// A parsed program, ready to run any number of times.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    /// The main goroutine's statements.
    pub body: Block,
    /// Slots of the main goroutine's frame.
    pub main_slots: u32,
    /// The body of every `go` statement, in source order.
    pub go_bodies: Vec<GoBody>,
    /// Every statement's span, by [`StmtId`] (in source order of their first character).
    pub stmts: Vec<StmtInfo>,
    /// The most goroutines a run can start (the main one included).
    pub goroutines: u64,
    /// The most statements a run can execute.
    pub statements: u64,
}

impl Program {
    /// The statement's span, if `id` is one of this program's.
    pub fn span(&self, id: StmtId) -> Option<Span> {
        self.stmts.get(id as usize).map(|s| s.span)
    }
}

/// The name of the constant the page sets (its "goroutines" control): with [`parse_with`], `N`
/// stands for that number wherever a number may stand, loop bounds included, so that the bounds
/// stay exact. Without it, `N` is an undeclared name like any other.
pub const N: &str = "N";

/// Parse a program. Never panics; the error says where and what.
pub fn parse(src: &str) -> Result<Program, ParseError> {
    parse_tokens(src, None)
}

/// Parse a program in which [`N`] is the number `n` (it cannot then be declared as a name).
pub fn parse_with(src: &str, n: i64) -> Result<Program, ParseError> {
    parse_tokens(src, Some(n))
}

/// Whether the program mentions [`N`] (outside comments): whether the page's "goroutines"
/// control changes it.
pub fn uses_n(src: &str) -> bool {
    lexer::lex(src).is_ok_and(|toks| toks.iter().any(|t| matches!(&t.tok, lexer::Tok::Ident(name) if name == N)))
}

fn parse_tokens(src: &str, n: Option<i64>) -> Result<Program, ParseError> {
    if src.len() > limits::MAX_SOURCE_BYTES {
        return Err(ParseError::new(1, 1, format!(
            "the program is too long ({} bytes, at most {})",
            src.len(),
            limits::MAX_SOURCE_BYTES
        )));
    }
    let mut toks = lexer::lex(src)?;
    if let Some(n) = n {
        for t in &mut toks {
            if matches!(&t.tok, lexer::Tok::Ident(name) if name == N) {
                t.tok = lexer::Tok::Int(n);
            }
        }
    }
    parser::Parser::new(toks).program()
}
