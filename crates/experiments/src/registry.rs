//! The one place experiments are registered. The catalog page, routes, share links and the
//! engine all look experiments up in [`crate::CATALOG`]; an experiment that is not in it does not
//! exist.
//!
//! Adding an experiment is one line in the `catalog!` invocation in `lib.rs`: it declares the
//! experiment's module (`src/<module>/mod.rs`, which defines `SPEC`) and lists that `SPEC`.

use crate::spec::{ExperimentId, ExperimentSpec};

/// Declares each experiment's module and lists its `SPEC` in [`crate::CATALOG`], in this order.
macro_rules! catalog {
    ($($module:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// Every experiment, in catalog order.
        pub const CATALOG: &[$crate::spec::ExperimentSpec] = &[$($module::SPEC),*];
    };
}
pub(crate) use catalog;

/// The experiment with this id. Ids come from [`ExperimentId::parse`] or an experiment's own
/// `ID`, so one is always found.
pub fn find(id: ExperimentId) -> &'static ExperimentSpec {
    crate::CATALOG
        .iter()
        .find(|e| e.id == id)
        .expect("find: every ExperimentId names a CATALOG entry")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CATALOG;

    #[test]
    fn ids_are_unique_kebab_case_and_round_trip() {
        for (i, e) in CATALOG.iter().enumerate() {
            let id = e.id.as_str();
            assert!(!id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            assert_eq!(ExperimentId::parse(id), Some(e.id));
            assert_eq!(find(e.id).title, e.title);
            assert!(CATALOG[i + 1..].iter().all(|o| o.id != e.id), "{id} twice");
            let json = serde_json::to_string(&e.id).unwrap();
            assert_eq!(json, format!("\"{id}\""));
            assert_eq!(serde_json::from_str::<ExperimentId>(&json).unwrap(), e.id);
        }
        assert_eq!(ExperimentId::parse("nope"), None);
        let err = serde_json::from_str::<ExperimentId>("\"nope\"").unwrap_err();
        assert!(err.to_string().contains("unknown experiment \"nope\""), "{err}");
    }

    #[test]
    fn every_default_is_valid_and_keys_are_unique() {
        for e in CATALOG {
            for (i, p) in e.params.iter().enumerate() {
                assert!(p.validate(p.default_value()).is_ok(), "{}: {}", e.title, p.key);
                assert!(e.params[i + 1..].iter().all(|o| o.key != p.key));
            }
        }
    }

    #[test]
    fn link_keys_never_collide() {
        use crate::share::keys;
        for e in CATALOG {
            let mut all: Vec<&str> = e.params.iter().map(|p| p.key).collect();
            all.extend(e.view_keys.iter().map(|v| v.key));
            all.extend(e.text_keys.iter().map(|t| t.key));
            all.extend(keys::ALL);
            let n = all.len();
            all.sort_unstable();
            all.dedup();
            assert_eq!(all.len(), n, "{}: a parameter, view key, text key and link key share a name", e.id);
            for (old, new) in e.renamed {
                assert!(!all.contains(old), "{}: renamed key {old} is still in use", e.id);
                assert!(e.params.iter().any(|p| p.key == *new), "{}: {old} renamed to unknown {new}", e.id);
            }
        }
    }
}
