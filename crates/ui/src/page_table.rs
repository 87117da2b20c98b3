//! The one table from experiment id to page. `lib.rs` fills it with one line per experiment
//! (`experiment_pages!`), which also declares the page's module: `src/<module>/`, named like the
//! experiment's module in `interleave-experiments`, whose `ID` keys the entry.

use interleave_experiments::ExperimentId;
use yew::Html;

/// An experiment's page, rendered.
pub type PageFn = fn() -> Html;

/// Declares each experiment page's module and lists `(ID, page)` in [`crate::PAGES`].
macro_rules! experiment_pages {
    ($($module:ident => $page:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// Every experiment page, keyed by the experiment's id.
        pub const PAGES: &[(interleave_experiments::ExperimentId, $crate::page_table::PageFn)] = &[
            $((interleave_experiments::$module::ID, || yew::html! { <$module::$page /> }),)*
        ];
    };
}
pub(crate) use experiment_pages;

/// The page of experiment `id`, if it has one.
pub fn page_for(id: ExperimentId) -> Option<PageFn> {
    crate::PAGES.iter().find(|(page_id, _)| *page_id == id).map(|&(_, page)| page)
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
}
