//! Tokens to a [`Program`]: one recursive-descent pass that also resolves names to slots,
//! checks what each name is (a channel, a WaitGroup, a number), and counts how often each
//! statement can run, so that every size bound is checked before anything runs.

use super::Program;
use super::ast::{Block, Case, Expr, GoBody, Op, Slot, Span, Stmt, StmtId, StmtInfo, StmtKind};
use super::error::ParseError;
use super::lexer::{Tok, Token};
use super::limits::*;

/// What a name stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Chan,
    WaitGroup,
    Int,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Chan => "a channel",
            Kind::WaitGroup => "a WaitGroup",
            Kind::Int => "a number",
        }
    }
}

/// Words that cannot be names.
const KEYWORDS: &[&str] =
    &["go", "for", "in", "select", "case", "default", "var", "chan", "WaitGroup", "work", "sleep", "syscall", "yield"];

struct Frame {
    slots: u32,
    captures: Vec<(Slot, Slot)>,
}

struct Scope {
    frame: usize,
    /// `(name, kind, slot in `frame`, line of the declaration)`
    names: Vec<(String, Kind, Slot, u32)>,
}

pub(super) struct Parser {
    toks: Vec<Token>,
    pos: usize,
    /// Line and column just after the last token taken.
    last_end: (u32, u32),
    stmts: Vec<StmtInfo>,
    go_bodies: Vec<GoBody>,
    frames: Vec<Frame>,
    scopes: Vec<Scope>,
    depth: u32,
    /// How many times a statement here can run: the product of the enclosing loops' counts.
    mult: u128,
    goroutines: u128,
    executed: u128,
}

type R<T> = Result<T, ParseError>;

impl Parser {
    pub(super) fn new(toks: Vec<Token>) -> Parser {
        Parser {
            toks,
            pos: 0,
            last_end: (1, 1),
            stmts: Vec::new(),
            go_bodies: Vec::new(),
            frames: vec![Frame { slots: 0, captures: Vec::new() }],
            scopes: vec![Scope { frame: 0, names: Vec::new() }],
            depth: 0,
            mult: 1,
            goroutines: 1,
            executed: 0,
        }
    }

    pub(super) fn program(mut self) -> R<Program> {
        let body = self.stmts_until(|t| matches!(t, Tok::Eof))?;
        Ok(Program {
            body,
            main_slots: self.frames[0].slots,
            go_bodies: self.go_bodies,
            stmts: self.stmts,
            goroutines: self.goroutines as u64,
            statements: self.executed as u64,
        })
    }

    // ---- tokens ----

    fn peek(&self) -> &Tok {
        &self.toks[self.pos].tok
    }

    fn peek_at(&self, k: usize) -> &Tok {
        &self.toks[(self.pos + k).min(self.toks.len() - 1)].tok
    }

    fn here(&self) -> (u32, u32) {
        let t = &self.toks[self.pos];
        (t.line, t.column)
    }

    fn bump(&mut self) -> Token {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        self.last_end = (t.line, t.end_column);
        t
    }

    fn err<T>(&self, message: impl Into<String>) -> R<T> {
        let (line, column) = self.here();
        Err(ParseError::new(line, column, message))
    }

    /// Take `want` or fail with "expected {what}, found ...".
    fn expect(&mut self, want: Tok, what: &str) -> R<Token> {
        if *self.peek() == want {
            Ok(self.bump())
        } else {
            self.err(format!("expected {what}, found {}", self.peek().describe()))
        }
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Tok::Ident(s) if s == w)
    }

    /// A name being declared (not a keyword).
    fn new_name(&mut self, what: &str) -> R<(String, (u32, u32))> {
        match self.peek().clone() {
            Tok::Ident(s) if KEYWORDS.contains(&s.as_str()) => self.err(format!("'{s}' is a keyword and cannot name {what}")),
            Tok::Ident(s) => {
                let t = self.bump();
                Ok((s, (t.line, t.column)))
            }
            t => self.err(format!("expected a name for {what}, found {}", t.describe())),
        }
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err(format!("nested too deeply (at most {MAX_DEPTH} levels of blocks and parentheses)"));
        }
        Ok(())
    }

    // ---- names ----

    /// Declare `name`, written at `at`, in the innermost scope.
    fn declare(&mut self, name: String, at: (u32, u32), kind: Kind) -> R<Slot> {
        let line = at.0;
        if name == "_" {
            // Never read: a slot of its own, no name.
            let f = self.scopes.last().map_or(0, |s| s.frame);
            let slot = self.frames[f].slots;
            self.frames[f].slots += 1;
            return Ok(slot);
        }
        let scope = self.scopes.last().expect("parser: a scope is always open");
        if let Some(prev) = scope.names.iter().find(|n| n.0 == name) {
            return Err(ParseError::new(line, at.1, format!("'{name}' is already declared in this block (line {})", prev.3)));
        }
        let f = scope.frame;
        let slot = self.frames[f].slots;
        self.frames[f].slots += 1;
        self.scopes.last_mut().expect("parser: a scope is always open").names.push((name, kind, slot, line));
        Ok(slot)
    }

    /// Resolve a name used here, checking its kind; values from outer frames (a `go` block's
    /// enclosing code) are captured into every frame in between.
    fn resolve(&mut self, name: &str, want: Kind) -> R<Slot> {
        let found = self
            .scopes
            .iter()
            .rev()
            .find_map(|s| s.names.iter().find(|n| n.0 == name).map(|n| (s.frame, n.1, n.2)));
        let Some((frame, kind, mut slot)) = found else {
            let hint = match want {
                Kind::Chan => format!("; declare it first, e.g. {name} := chan(0)"),
                Kind::WaitGroup => format!("; declare it first: var {name} WaitGroup"),
                Kind::Int => String::new(),
            };
            return self.err(format!("unknown name '{name}'{hint}"));
        };
        if kind != want {
            return self.err(format!("'{name}' is {}, not {}", kind.noun(), want.noun()));
        }
        let current = self.scopes.last().map_or(0, |s| s.frame);
        for f in frame + 1..=current {
            let fr = &mut self.frames[f];
            slot = match fr.captures.iter().find(|c| c.0 == slot) {
                Some(&(_, inner)) => inner,
                None => {
                    let inner = fr.slots;
                    fr.slots += 1;
                    fr.captures.push((slot, inner));
                    inner
                }
            };
        }
        Ok(slot)
    }

    fn name_of(&mut self, want: Kind, what: &str) -> R<Slot> {
        match self.peek().clone() {
            Tok::Ident(s) if !KEYWORDS.contains(&s.as_str()) => {
                let slot = self.resolve(&s, want)?;
                self.bump();
                Ok(slot)
            }
            t => self.err(format!("expected {what}, found {}", t.describe())),
        }
    }

    // ---- statements ----

    /// Statements up to (not including) a token for which `end` holds.
    fn stmts_until(&mut self, end: impl Fn(&Tok) -> bool) -> R<Block> {
        let mut out = Vec::new();
        loop {
            while matches!(self.peek(), Tok::Newline | Tok::Semi) {
                self.bump();
            }
            if end(self.peek()) {
                return Ok(Block(out));
            }
            match self.peek() {
                Tok::Eof => return self.err("missing '}': a block is still open at the end of the program"),
                Tok::RBrace => return self.err("'}' without a block to close"),
                _ => {}
            }
            out.push(self.stmt()?);
            match self.peek() {
                Tok::Newline | Tok::Semi => {
                    self.bump();
                }
                t if end(t) || *t == Tok::RBrace || *t == Tok::Eof => {}
                t => return self.err(format!("expected a new line or ';' after the statement, found {}", t.describe())),
            }
        }
    }

    /// `{ statements }` in a new scope of frame `frame`.
    fn block(&mut self, frame: usize, after: &str) -> R<Block> {
        self.expect(Tok::LBrace, &format!("'{{' after {after}"))?;
        self.enter()?;
        self.scopes.push(Scope { frame, names: Vec::new() });
        let b = self.stmts_until(|t| matches!(t, Tok::RBrace))?;
        self.scopes.pop();
        self.bump();
        self.depth -= 1;
        Ok(b)
    }

    fn count(&mut self, what: &'static str, line: u32, column: u32) -> R<()> {
        self.executed += self.mult;
        if what == "go" {
            self.goroutines += self.mult;
            if self.goroutines > u128::from(MAX_GOROUTINES) {
                return Err(ParseError::new(line, column, format!(
                    "the program would start more than {} goroutines (loops multiply the go statements in them)",
                    thousands(MAX_GOROUTINES)
                )));
            }
        }
        if self.executed > u128::from(MAX_STATEMENTS) {
            return Err(ParseError::new(line, column, format!(
                "the program would run more than {} statements in all (loops multiply the statements in them)",
                thousands(MAX_STATEMENTS)
            )));
        }
        Ok(())
    }

    fn stmt(&mut self) -> R<Stmt> {
        let (line, column) = self.here();
        let id = self.stmts.len() as StmtId;
        let span = Span { line, column, end_line: line, end_column: column };
        self.stmts.push(StmtInfo { span, what: "" });
        let (what, kind) = self.stmt_kind(line, column)?;
        if what != "go" {
            self.count(what, line, column)?;
        }
        let (end_line, end_column) = self.last_end;
        self.stmts[id as usize] = StmtInfo { span: Span { end_line, end_column, ..span }, what };
        Ok(Stmt { id, kind })
    }

    fn stmt_kind(&mut self, line: u32, column: u32) -> R<(&'static str, StmtKind)> {
        let word = match self.peek() {
            Tok::Ident(s) => s.clone(),
            Tok::Arrow => {
                self.bump();
                let chan = self.name_of(Kind::Chan, "a channel after '<-'")?;
                return Ok(("recv", StmtKind::Recv { chan, bind: None }));
            }
            t => return self.err(format!("expected a statement, found {}", t.describe())),
        };
        match word.as_str() {
            "go" => {
                let stmt = self.stmts.len() as StmtId - 1;
                self.bump();
                if *self.peek() != Tok::LBrace {
                    return self.err("expected '{' after go: a goroutine is a block, as in go { work(100) }");
                }
                self.frames.push(Frame { slots: 0, captures: Vec::new() });
                let frame = self.frames.len() - 1;
                // Counted before its body, so a bound it passes names this statement.
                self.count("go", line, column)?;
                let block = self.block(frame, "go")?;
                let fr = self.frames.pop().expect("parser: the go frame");
                self.go_bodies.push(GoBody { stmt, block, slots: fr.slots, captures: fr.captures });
                Ok(("go", StmtKind::Go { body: self.go_bodies.len() as u32 - 1 }))
            }
            "for" => self.for_stmt(),
            "select" => self.select_stmt(),
            "var" => {
                self.bump();
                let (name, at) = self.new_name("a WaitGroup")?;
                if !self.is_word("WaitGroup") {
                    return self.err(format!("expected WaitGroup after 'var {name}' (the only type var declares)"));
                }
                self.bump();
                let slot = self.declare(name, at, Kind::WaitGroup)?;
                Ok(("var", StmtKind::MakeWaitGroup { slot }))
            }
            "work" | "sleep" | "syscall" => {
                self.bump();
                self.expect(Tok::LParen, &format!("'(' after {word}"))?;
                let e = self.expr()?;
                self.expect(Tok::RParen, &format!("')' after {word}'s argument"))?;
                Ok(match word.as_str() {
                    "work" => ("work", StmtKind::Work(e)),
                    "sleep" => ("sleep", StmtKind::Sleep(e)),
                    _ => ("syscall", StmtKind::Syscall(e)),
                })
            }
            "yield" => {
                self.bump();
                self.expect(Tok::LParen, "'(' after yield")?;
                self.expect(Tok::RParen, "')' after 'yield(': yield takes no argument")?;
                Ok(("yield", StmtKind::Yield))
            }
            "case" | "default" => self.err(format!("'{word}' belongs inside a select {{ ... }}")),
            "chan" | "in" | "WaitGroup" => self.err(format!("expected a statement, found '{word}'")),
            _ => self.name_stmt(word),
        }
    }

    /// A statement starting with a name: `x := chan(n)`, `v := <-ch`, `ch <- e`, `wg.op()`.
    fn name_stmt(&mut self, name: String) -> R<(&'static str, StmtKind)> {
        match self.peek_at(1).clone() {
            Tok::Define => {
                let (name, at) = self.new_name("a variable")?;
                self.bump();
                if self.is_word("chan") {
                    self.bump();
                    self.expect(Tok::LParen, "'(' after chan")?;
                    let cap = match *self.peek() {
                        Tok::Int(n) if n <= i64::from(MAX_CHAN_CAP) => n as u32,
                        Tok::Int(_) => return self.err(format!("a channel's buffer holds at most {MAX_CHAN_CAP} values")),
                        ref t => return self.err(format!("expected the buffer size (0 for unbuffered) after 'chan(', found {}", t.describe())),
                    };
                    self.bump();
                    self.expect(Tok::RParen, "')' after chan's buffer size")?;
                    let slot = self.declare(name.clone(), at, Kind::Chan)?;
                    Ok(("chan", StmtKind::MakeChan { slot, cap, name }))
                } else if *self.peek() == Tok::Arrow {
                    self.bump();
                    let chan = self.name_of(Kind::Chan, "a channel after '<-'")?;
                    let bind = Some(self.declare(name, at, Kind::Int)?);
                    Ok(("recv", StmtKind::Recv { chan, bind }))
                } else {
                    self.err(format!("expected chan(n) or <-channel after '{name} :=', found {}", self.peek().describe()))
                }
            }
            Tok::Arrow => {
                let chan = self.name_of(Kind::Chan, "a channel")?;
                self.bump();
                let value = self.expr()?;
                Ok(("send", StmtKind::Send { chan, value }))
            }
            Tok::Dot => {
                let wg = self.name_of(Kind::WaitGroup, "a WaitGroup")?;
                self.bump();
                let method = match self.peek() {
                    Tok::Ident(m) if ["add", "done", "wait"].contains(&m.as_str()) => m.clone(),
                    t => return self.err(format!("expected add, done or wait after '{name}.', found {}", t.describe())),
                };
                self.bump();
                self.expect(Tok::LParen, &format!("'(' after {method}"))?;
                let kind = match method.as_str() {
                    "add" => {
                        let n = self.expr()?;
                        self.expect(Tok::RParen, "')' after add's argument")?;
                        return Ok(("wg.add", StmtKind::WgAdd { wg, n }));
                    }
                    "done" => ("wg.done", StmtKind::WgDone { wg }),
                    _ => ("wg.wait", StmtKind::WgWait { wg }),
                };
                self.expect(Tok::RParen, &format!("')' after '{method}(': {method} takes no argument"))?;
                Ok(kind)
            }
            t => {
                self.bump();
                self.err(format!("expected ':=', '<-' or '.' after '{name}', found {}", t.describe()))
            }
        }
    }

    fn int_literal(&mut self, what: &str) -> R<i64> {
        let neg = *self.peek() == Tok::Minus;
        if neg {
            self.bump();
        }
        match *self.peek() {
            Tok::Int(n) => {
                self.bump();
                Ok(if neg { -n } else { n })
            }
            ref t => self.err(format!("expected {what} (a whole number), found {}", t.describe())),
        }
    }

    fn for_stmt(&mut self) -> R<(&'static str, StmtKind)> {
        self.bump();
        let (name, at) = self.new_name("the loop variable (or _)")?;
        if !self.is_word("in") {
            return self.err(format!("expected 'in' after 'for {name}', as in for {name} in 0..4 {{ }}"));
        }
        self.bump();
        let (l, c) = self.here();
        let from = self.int_literal("the loop's first value")?;
        self.expect(Tok::DotDot, "'..' between the loop's first and end values")?;
        let to = self.int_literal("the loop's end value")?;
        if to < from {
            return Err(ParseError::new(l, c, format!("the range {from}..{to} runs backwards")));
        }
        let n = (to - from) as u128;
        if n > u128::from(MAX_LOOP) {
            return Err(ParseError::new(l, c, format!("a loop runs at most {} times", thousands(MAX_LOOP))));
        }
        self.scopes.push(Scope { frame: self.scopes.last().map_or(0, |s| s.frame), names: Vec::new() });
        let var = if name == "_" { None } else { Some(self.declare(name, at, Kind::Int)?) };
        let outer = self.mult;
        self.mult = outer.saturating_mul(n);
        let frame = self.scopes.last().map_or(0, |s| s.frame);
        let body = self.block(frame, "the loop's range");
        self.mult = outer;
        self.scopes.pop();
        Ok(("for", StmtKind::For { var, from, to, body: body? }))
    }

    fn select_stmt(&mut self) -> R<(&'static str, StmtKind)> {
        self.bump();
        self.expect(Tok::LBrace, "'{' after select")?;
        self.enter()?;
        let frame = self.scopes.last().map_or(0, |s| s.frame);
        let (mut cases, mut default) = (Vec::new(), None);
        loop {
            while matches!(self.peek(), Tok::Newline | Tok::Semi) {
                self.bump();
            }
            match self.peek().clone() {
                Tok::RBrace => {
                    self.bump();
                    break;
                }
                Tok::Ident(w) if w == "case" => {
                    self.bump();
                    self.scopes.push(Scope { frame, names: Vec::new() });
                    let case = self.case_head();
                    let case = case.and_then(|c| {
                        self.expect(Tok::Colon, "':' after the case")?;
                        let body = self.case_body()?;
                        Ok(match c {
                            CaseHead::Recv { chan, bind } => Case::Recv { chan, bind, body },
                            CaseHead::Send { chan, value } => Case::Send { chan, value, body },
                        })
                    });
                    self.scopes.pop();
                    cases.push(case?);
                    if cases.len() > MAX_CASES {
                        return self.err(format!("a select has at most {MAX_CASES} cases"));
                    }
                }
                Tok::Ident(w) if w == "default" => {
                    if default.is_some() {
                        return self.err("a select has at most one default");
                    }
                    self.bump();
                    self.expect(Tok::Colon, "':' after default")?;
                    self.scopes.push(Scope { frame, names: Vec::new() });
                    let body = self.case_body();
                    self.scopes.pop();
                    default = Some(body?);
                }
                Tok::Eof => return self.err("missing '}' to close the select"),
                t => return self.err(format!("expected 'case', 'default' or '}}' in a select, found {}", t.describe())),
            }
        }
        self.depth -= 1;
        if cases.is_empty() {
            return self.err_at_last("a select needs at least one case (one without cases would block forever)");
        }
        Ok(("select", StmtKind::Select { cases, default }))
    }

    fn err_at_last<T>(&self, message: &str) -> R<T> {
        Err(ParseError::new(self.last_end.0, self.last_end.1.saturating_sub(1).max(1), message))
    }

    fn case_head(&mut self) -> R<CaseHead> {
        if *self.peek() == Tok::Arrow {
            self.bump();
            let chan = self.name_of(Kind::Chan, "a channel after '<-'")?;
            return Ok(CaseHead::Recv { chan, bind: None });
        }
        match self.peek_at(1) {
            Tok::Define => {
                let (name, at) = self.new_name("the received value")?;
                self.bump();
                self.expect(Tok::Arrow, "'<-' after ':=' in a case")?;
                let chan = self.name_of(Kind::Chan, "a channel after '<-'")?;
                let bind = Some(self.declare(name, at, Kind::Int)?);
                Ok(CaseHead::Recv { chan, bind })
            }
            Tok::Arrow => {
                let chan = self.name_of(Kind::Chan, "a channel")?;
                self.bump();
                let value = self.expr()?;
                Ok(CaseHead::Send { chan, value })
            }
            _ => self.err("expected '<-ch', 'v := <-ch' or 'ch <- value' after case"),
        }
    }

    fn case_body(&mut self) -> R<Block> {
        self.stmts_until(|t| matches!(t, Tok::RBrace) || matches!(t, Tok::Ident(w) if w == "case" || w == "default"))
    }

    // ---- expressions ----

    fn expr(&mut self) -> R<Expr> {
        let mut e = self.term()?;
        loop {
            let op = match self.peek() {
                Tok::Plus => Op::Add,
                Tok::Minus => Op::Sub,
                _ => return Ok(e),
            };
            self.bump();
            e = Expr::Bin(Box::new(e), op, Box::new(self.term()?));
        }
    }

    fn term(&mut self) -> R<Expr> {
        let mut e = self.unary()?;
        while *self.peek() == Tok::Star {
            self.bump();
            e = Expr::Bin(Box::new(e), Op::Mul, Box::new(self.unary()?));
        }
        Ok(e)
    }

    fn unary(&mut self) -> R<Expr> {
        self.enter()?;
        let e = match self.peek().clone() {
            Tok::Minus => {
                self.bump();
                Expr::Neg(Box::new(self.unary()?))
            }
            Tok::Int(n) => {
                self.bump();
                Expr::Int(n)
            }
            Tok::LParen => {
                self.bump();
                let e = self.expr()?;
                self.expect(Tok::RParen, "')' to close '('")?;
                e
            }
            Tok::Ident(s) if !KEYWORDS.contains(&s.as_str()) => {
                let slot = self.resolve(&s, Kind::Int)?;
                self.bump();
                Expr::Var(slot)
            }
            t => return self.err(format!("expected a number, a variable or '(', found {}", t.describe())),
        };
        self.depth -= 1;
        Ok(e)
    }
}

enum CaseHead {
    Recv { chan: Slot, bind: Option<Slot> },
    Send { chan: Slot, value: Expr },
}

/// `1000000` → `1,000,000`, for messages.
pub(super) fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
