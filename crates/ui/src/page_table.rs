//! The one table from experiment id to page. `lib.rs` fills it with one line per experiment
//! (`experiment_pages!`), which also declares the page's module: `src/<module>/`, named like the
//! experiment's module in `interleave-experiments`, whose `ID` keys the entry.

use interleave_experiments::ExperimentId;
use yew::Html;

/// An experiment's page, rendered.
pub type PageFn = fn() -> Html;

/// Declares each experiment page's module and lists `(ID, page)` in [`crate::PAGES`]. Each page
/// is compiled only with its feature (named like the experiment's id: scripts/build-ui.sh builds
/// the app once per experiment, so each route downloads the shell and its own page);
/// [`crate::BUILDS`] lists every page's feature whether compiled in or not.
macro_rules! experiment_pages {
    ($($module:ident => $page:ident if $feature:literal),* $(,)?) => {
        $(#[cfg(feature = $feature)] pub mod $module;)*

        /// Every experiment page compiled into this build, keyed by the experiment's id.
        pub const PAGES: &[(interleave_experiments::ExperimentId, $crate::page_table::PageFn)] = &[
            $(#[cfg(feature = $feature)] (interleave_experiments::$module::ID, || yew::html! { <$module::$page /> }),)*
        ];

        /// Every experiment page and the build (feature) that has it.
        pub const BUILDS: &[(interleave_experiments::ExperimentId, &str)] =
            &[$((interleave_experiments::$module::ID, $feature),)*];
    };
}
pub(crate) use experiment_pages;

/// The page of experiment `id`, if this build has it.
pub fn page_for(id: ExperimentId) -> Option<PageFn> {
    crate::PAGES.iter().find(|(page_id, _)| *page_id == id).map(|&(_, page)| page)
}

/// The build that has experiment `id`'s page (web/boot.js loads it for the experiment's routes).
pub fn build_for(id: ExperimentId) -> Option<&'static str> {
    crate::BUILDS.iter().find(|(page_id, _)| *page_id == id).map(|&(_, build)| build)
}

#[cfg(test)]
mod tests {
    use interleave_experiments::CATALOG;

    use super::*;

    #[test]
    fn every_catalog_entry_has_exactly_one_page() {
        for e in CATALOG {
            let n = crate::PAGES.iter().filter(|(id, _)| *id == e.id).count();
            assert_eq!(n, 1, "experiment {} has {n} pages", e.id);
            assert!(page_for(e.id).is_some());
        }
        assert_eq!(crate::PAGES.len(), CATALOG.len(), "a page for an experiment that is not in CATALOG");
    }

    /// Each page's build is named like its experiment's id, and is a feature of this crate (the
    /// list scripts/build-ui.sh builds), on by default.
    #[test]
    fn every_page_has_its_own_build_named_by_its_id() {
        let manifest = include_str!("../Cargo.toml");
        let features = &manifest[manifest.find("[features]").expect("a [features] table")..];
        let features = &features[..features[1..].find("\n[").map_or(features.len(), |i| i + 1)];
        for e in CATALOG {
            assert_eq!(build_for(e.id), Some(e.id.as_str()), "{}", e.id);
            assert!(features.contains(&format!("\n{} = []", e.id)), "{}: no feature {} in crates/ui/Cargo.toml", e.id, e.id);
            assert!(features.contains(&format!("\"{}\"", e.id)), "{}: not in the default features", e.id);
        }
        let declared = features.lines().filter(|l| l.ends_with("= []")).count();
        assert_eq!(declared, CATALOG.len(), "a feature without an experiment:\n{features}");
    }
}
