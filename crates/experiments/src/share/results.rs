//! "Share with results": a summary of recorded runs packed into a link (`r=`), so a reader sees
//! what the sender measured before running anything (tier 3, replay).
//!
//! Packing is JSON, deflated (miniz_oxide), in unpadded URL-safe base64. Unpacking treats the
//! blob as hostile: it is bounded before decoding ([`MAX_RESULTS_LEN`]) and while inflating
//! ([`MAX_UNPACKED`], so a small blob cannot inflate into a large one), and anything that does not
//! decode into the experiment's result type is refused with a message.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::share::MAX_RESULTS_LEN;

/// The most bytes a packed summary may inflate to.
pub const MAX_UNPACKED: usize = 64 * 1024;
/// The most runs a summary holds (the newest are kept).
pub const MAX_RUNS: usize = 32;
/// The longest a description of the machine may be.
const MAX_ABOUT: usize = 120;

/// Recorded results and where they were measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recorded<T> {
    /// The browser and machine, in a few words ("Chrome 156, Linux, 2 cores").
    pub browser: String,
    /// The engine version that measured them.
    pub engine: String,
    /// The tier the page ran in ("threads", "workers", ...).
    pub tier: String,
    pub results: Vec<T>,
}

/// Packs results for a link; an error says why they do not fit.
pub fn pack<T: Serialize>(recorded: &Recorded<T>) -> Result<String, String> {
    let json = serde_json::to_vec(recorded).map_err(|e| format!("the results could not be written: {e}"))?;
    let deflated = miniz_oxide::deflate::compress_to_vec(&json, 9);
    let text = URL_SAFE_NO_PAD.encode(deflated);
    if text.len() > MAX_RESULTS_LEN {
        return Err(format!(
            "the results are too many for a link ({} characters packed, at most {MAX_RESULTS_LEN}); clear some and share again",
            text.len()
        ));
    }
    Ok(text)
}

/// Unpacks results from a link. Never panics; the error is a sentence for the person.
pub fn unpack<T: DeserializeOwned>(blob: &str) -> Result<Recorded<T>, String> {
    let damaged = |what: &str| format!("the recorded results in this link are damaged ({what}) and were ignored");
    if blob.len() > MAX_RESULTS_LEN {
        return Err(damaged("too long"));
    }
    let deflated = URL_SAFE_NO_PAD.decode(blob).map_err(|_| damaged("not base64"))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_UNPACKED)
        .map_err(|_| damaged("not compressed results"))?;
    let mut recorded: Recorded<T> = serde_json::from_slice(&json).map_err(|_| damaged("not results of this experiment"))?;
    if recorded.results.len() > MAX_RUNS {
        return Err(damaged("too many runs"));
    }
    for about in [&mut recorded.browser, &mut recorded.engine, &mut recorded.tier] {
        *about = about.chars().filter(|c| !c.is_control()).take(MAX_ABOUT).collect();
    }
    Ok(recorded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    struct Run {
        threads: u32,
        ms: f64,
    }

    fn recorded(n: usize) -> Recorded<Run> {
        Recorded {
            browser: "Chrome 156, Linux, 2 cores".into(),
            engine: "0.1.0".into(),
            tier: "threads".into(),
            results: (0..n).map(|i| Run { threads: i as u32 % 4 + 1, ms: 100.0 / (i as f64 + 1.0) }).collect(),
        }
    }

    #[test]
    fn results_round_trip_through_a_link_sized_text() {
        let r = recorded(16);
        let text = pack(&r).unwrap();
        assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert!(text.len() < serde_json::to_string(&r).unwrap().len(), "packing compresses");
        assert_eq!(unpack::<Run>(&text).unwrap(), r);
    }

    #[test]
    fn damaged_foreign_and_oversized_blobs_are_refused() {
        let ok = pack(&recorded(3)).unwrap();
        assert!(unpack::<Run>("***").unwrap_err().contains("not base64"));
        assert!(unpack::<Run>(&ok[..ok.len() / 2]).is_err());
        assert!(unpack::<u8>(&ok).unwrap_err().contains("not results of this experiment"));
        // A blob that inflates past the limit (a run of zeros compresses extremely well).
        let bomb = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&vec![b'0'; MAX_UNPACKED * 4], 9));
        assert!(bomb.len() < MAX_RESULTS_LEN);
        assert!(unpack::<Run>(&bomb).unwrap_err().contains("not compressed results"));
        assert!(unpack::<Run>(&pack(&recorded(MAX_RUNS + 1)).unwrap()).unwrap_err().contains("too many runs"));
    }

    #[test]
    fn too_many_results_for_a_link_are_refused_when_packing() {
        let mut r = recorded(1);
        r.browser = (0..20_000).map(|i| char::from(b'a' + (i * 7 % 26) as u8)).collect::<String>() + &"xyz".repeat(3000);
        r.browser = r.browser.chars().enumerate().map(|(i, c)| if i % 3 == 0 { char::from_u32(0x4e00 + (i as u32 % 900)).unwrap() } else { c }).collect();
        assert!(pack(&r).unwrap_err().contains("too many for a link"));
    }

    proptest::proptest! {
        #[test]
        fn any_text_unpacks_or_is_refused_without_panicking(blob in "[A-Za-z0-9_-]{0,400}") {
            let _ = unpack::<Run>(&blob);
        }

        #[test]
        fn any_deflated_bytes_unpack_or_are_refused(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let _ = unpack::<Run>(&URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&bytes, 1)));
        }
    }
}
