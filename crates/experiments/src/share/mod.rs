//! Share links: an experiment's whole state in the URL, in a form a person can read and edit.
//!
//! ```text
//! #/x/parallel-speedup?size=1024&iterations=256&serial=0&threads=2&live=1&v=1
//! #/x/parallel-speedup?…&v=1&r=<packed results>
//! ```
//!
//! The path names the experiment (its [`crate::ExperimentId`]); the query holds every parameter
//! by its key, the page's view keys (`ExperimentSpec::view_keys`: a scenario, a drawing option),
//! and the link's own keys: `v` (format version, [`LINK_VERSION`]), `lang`, `mode` and `seed`
//! (simulated experiments only), and `r` (a packed summary of recorded results, [`results`]).
//!
//! Reading a link never fails and never panics ([`query::decode`]): whatever is unknown,
//! malformed, out of range, from another version or too long is left out, named in a notice for
//! the person, and replaced by its default. Nothing read from a link is ever used as HTML: the
//! page shows notices and values as text.
//!
//! Versions. `v=1` is the first format; a link without `v` is read as version 1. A link from a
//! newer version is read as the current one (what is unknown is ignored, and said). Parameters
//! that are added later take their defaults in old links; a parameter that is renamed keeps its
//! old key in its experiment's `ExperimentSpec::renamed`, so old links keep their value.

pub mod query;
pub mod results;

pub use query::{Decoded, LinkState, Mode, Notice, decode, encode};
pub use results::{Recorded, pack, unpack};

/// The format version written into every link.
pub const LINK_VERSION: u32 = 1;

/// The longest query a link may have (characters). A longer one is not read at all.
pub const MAX_QUERY_LEN: usize = 8_192;

/// The longest packed results (`r=`) a link may carry, in characters.
pub const MAX_RESULTS_LEN: usize = 6_000;

/// The keys every link may have besides the experiment's parameters and view keys.
pub mod keys {
    pub const VERSION: &str = "v";
    pub const LANG: &str = "lang";
    pub const MODE: &str = "mode";
    pub const SEED: &str = "seed";
    pub const RESULTS: &str = "r";
    /// Every link key, for checks that an experiment's keys do not collide with them.
    pub const ALL: [&str; 5] = [VERSION, LANG, MODE, SEED, RESULTS];
}
