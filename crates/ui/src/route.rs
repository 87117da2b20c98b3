//! Routes. Hash routing (`#/x/parallel-speedup`) so any static host and any embed can serve the
//! app from one `index.html`.

use yew_router::prelude::*;

#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/x/:id")]
    Experiment { id: String },
    /// One experiment with minimal chrome, for an iframe in another page.
    #[at("/embed/:id")]
    Embed { id: String },
    #[at("/diagnostics")]
    Diagnostics,
    #[not_found]
    #[at("/404")]
    NotFound,
}
