//! The one error type of parsing: where (line and column, from 1) and what, in words for the
//! person who typed the program.

use std::fmt;

/// A program the parser refused. Columns count characters, not bytes, so a page can put a caret
/// under the right character of the line it shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl ParseError {
    pub fn new(line: u32, column: u32, message: impl Into<String>) -> Self {
        ParseError { line, column, message: message.into() }
    }
}

impl fmt::Display for ParseError {
    /// `3:14: expected ')' after work's argument`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ParseError {}
