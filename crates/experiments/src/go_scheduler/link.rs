//! A program in a share link: its text deflated (miniz_oxide, as [`crate::share::results`]
//! packs results) in unpadded URL-safe base64, so it needs no escaping in a query. Reading one
//! treats it as hostile: its length is bounded before decoding, the inflated size while
//! inflating, and the text must be UTF-8. Parsing is the caller's next step (and reports its
//! own located errors).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::fmt;

use super::program::limits::MAX_SOURCE_BYTES;

/// The link key a program travels under.
pub const PROGRAM_KEY: &str = "prog";
/// The longest encoded program a link may carry, in characters (well inside the link's
/// `crate::share::MAX_QUERY_LEN`).
pub const MAX_ENCODED: usize = 4_000;

/// Why a program could not be put into a link or read back from one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// The program is longer than a program may be.
    TooLong { bytes: usize },
    /// Encoded, the program is too long for a link.
    TooLongForLink { chars: usize },
    /// The link's program is not one this page wrote.
    Damaged(&'static str),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::TooLong { bytes } => {
                write!(f, "the program is too long ({bytes} bytes, at most {MAX_SOURCE_BYTES})")
            }
            LinkError::TooLongForLink { chars } => write!(
                f,
                "the program is too long for a link ({chars} characters encoded, at most {MAX_ENCODED}); shorten it to share it"
            ),
            LinkError::Damaged(why) => write!(f, "the link's program is damaged ({why}); the preset is shown instead"),
        }
    }
}

impl std::error::Error for LinkError {}

/// The program as link text.
pub fn encode(source: &str) -> Result<String, LinkError> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(LinkError::TooLong { bytes: source.len() });
    }
    let text = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(source.as_bytes(), 9));
    if text.len() > MAX_ENCODED {
        return Err(LinkError::TooLongForLink { chars: text.len() });
    }
    Ok(text)
}

/// The program a link carries.
pub fn decode(text: &str) -> Result<String, LinkError> {
    if text.len() > MAX_ENCODED {
        return Err(LinkError::TooLongForLink { chars: text.len() });
    }
    let deflated = URL_SAFE_NO_PAD.decode(text).map_err(|_| LinkError::Damaged("not base64"))?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_SOURCE_BYTES)
        .map_err(|_| LinkError::Damaged("does not inflate to a program"))?;
    String::from_utf8(bytes).map_err(|_| LinkError::Damaged("not UTF-8 text"))
}
