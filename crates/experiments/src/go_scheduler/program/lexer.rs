//! Characters to tokens. Whitespace other than line breaks is skipped, `//` comments run to the
//! end of the line, and a line break is a token: statements end at one (or at `;`).

use super::error::ParseError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    Ident(String),
    Int(i64),
    LBrace,
    RBrace,
    LParen,
    RParen,
    Colon,
    /// `:=`
    Define,
    /// `<-`
    Arrow,
    Comma,
    Dot,
    /// `..`
    DotDot,
    Plus,
    Minus,
    Star,
    Semi,
    Newline,
    Eof,
}

impl Tok {
    /// How an error message names the token.
    pub fn describe(&self) -> String {
        match self {
            Tok::Ident(s) => format!("'{s}'"),
            Tok::Int(i) => format!("the number {i}"),
            Tok::LBrace => "'{'".into(),
            Tok::RBrace => "'}'".into(),
            Tok::LParen => "'('".into(),
            Tok::RParen => "')'".into(),
            Tok::Colon => "':'".into(),
            Tok::Define => "':='".into(),
            Tok::Arrow => "'<-'".into(),
            Tok::Comma => "','".into(),
            Tok::Dot => "'.'".into(),
            Tok::DotDot => "'..'".into(),
            Tok::Plus => "'+'".into(),
            Tok::Minus => "'-'".into(),
            Tok::Star => "'*'".into(),
            Tok::Semi => "';'".into(),
            Tok::Newline => "the end of the line".into(),
            Tok::Eof => "the end of the program".into(),
        }
    }
}

/// A token and where it is: its first character and the column just after its last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub tok: Tok,
    pub line: u32,
    pub column: u32,
    pub end_column: u32,
}

/// The longest name.
pub const MAX_NAME: usize = 64;
/// The largest integer literal.
pub const MAX_LITERAL: i64 = 1_000_000_000_000;

/// Split `src` into tokens, ending with [`Tok::Eof`].
pub fn lex(src: &str) -> Result<Vec<Token>, ParseError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line, mut col) = (0usize, 1u32, 1u32);
    while i < chars.len() {
        let c = chars[i];
        let (start_line, start_col) = (line, col);
        let push = |tok: Tok, len: u32, out: &mut Vec<Token>| {
            out.push(Token { tok, line: start_line, column: start_col, end_column: start_col + len });
        };
        let next = chars.get(i + 1).copied();
        match c {
            '\n' => {
                push(Tok::Newline, 1, &mut out);
                i += 1;
                line += 1;
                col = 1;
                continue;
            }
            ' ' | '\t' | '\r' => {}
            '/' if next == Some('/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                    col += 1;
                }
                continue;
            }
            '{' => push(Tok::LBrace, 1, &mut out),
            '}' => push(Tok::RBrace, 1, &mut out),
            '(' => push(Tok::LParen, 1, &mut out),
            ')' => push(Tok::RParen, 1, &mut out),
            ',' => push(Tok::Comma, 1, &mut out),
            '+' => push(Tok::Plus, 1, &mut out),
            '-' => push(Tok::Minus, 1, &mut out),
            '*' => push(Tok::Star, 1, &mut out),
            ';' => push(Tok::Semi, 1, &mut out),
            ':' if next == Some('=') => {
                push(Tok::Define, 2, &mut out);
                i += 2;
                col += 2;
                continue;
            }
            ':' => push(Tok::Colon, 1, &mut out),
            '<' if next == Some('-') => {
                push(Tok::Arrow, 2, &mut out);
                i += 2;
                col += 2;
                continue;
            }
            '.' if next == Some('.') => {
                push(Tok::DotDot, 2, &mut out);
                i += 2;
                col += 2;
                continue;
            }
            '.' => push(Tok::Dot, 1, &mut out),
            '0'..='9' => {
                let mut value: i64 = 0;
                let mut len = 0u32;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '_') {
                    if let Some(d) = chars[i].to_digit(10) {
                        value = value.saturating_mul(10).saturating_add(i64::from(d));
                    }
                    i += 1;
                    len += 1;
                }
                if i < chars.len() && (chars[i].is_alphabetic() || chars[i] == '_') {
                    return Err(ParseError::new(line, col + len, "a number cannot run into a name; put a space or an operator between them"));
                }
                if value > MAX_LITERAL {
                    return Err(ParseError::new(line, col, format!("the number is too large (at most {MAX_LITERAL})")));
                }
                out.push(Token { tok: Tok::Int(value), line, column: col, end_column: col + len });
                col += len;
                continue;
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                let len = i - start;
                if len > MAX_NAME {
                    return Err(ParseError::new(line, col, format!("a name is at most {MAX_NAME} characters long")));
                }
                let name: String = chars[start..i].iter().collect();
                out.push(Token { tok: Tok::Ident(name), line, column: col, end_column: col + len as u32 });
                col += len as u32;
                continue;
            }
            c => {
                let shown = if c.is_control() { format!("U+{:04X}", c as u32) } else { format!("'{c}'") };
                return Err(ParseError::new(line, col, format!("unexpected character {shown}")));
            }
        }
        i += 1;
        col += 1;
    }
    out.push(Token { tok: Tok::Eof, line, column: col, end_column: col });
    Ok(out)
}
