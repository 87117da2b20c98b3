//! Any text as a share link's query, for every experiment, and as packed results: decoding never
//! panics, always yields valid parameters, and what it yields writes back to a link that reads
//! the same without notices.
#![no_main]

use interleave_experiments::share::{self, Recorded};
use interleave_experiments::{CATALOG, ExperimentSpec};
use libfuzzer_sys::fuzz_target;

fn check(spec: &ExperimentSpec, query: &str) {
    let d = share::decode(spec, query);
    for p in spec.params {
        assert!(p.validate(d.state.values[p.key]).is_ok(), "{}: {} invalid", spec.id, p.key);
    }
    let again = share::decode(spec, &share::encode(spec, &d.state));
    assert_eq!(again.state, d.state);
    assert!(again.notices.is_empty(), "{:?}", again.notices);
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for spec in CATALOG {
        check(spec, &text);
    }
    let _ = share::unpack::<serde_json::Value>(&text);
    if let Ok(r) = share::unpack::<serde_json::Value>(&text) {
        let _: Recorded<serde_json::Value> = r;
    }
});
