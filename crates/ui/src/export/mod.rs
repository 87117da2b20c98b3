//! Exports, one mechanism for every page: results tables as CSV, charts as SVG and PNG, canvases
//! as PNG, traces as Chrome Trace Event JSON. Pages say what they have ([`Exports`] props); the
//! text formats are built by `interleave_experiments::export` (tested natively), and this module
//! only turns them into downloads.

mod buttons;
mod download;
mod image;

pub use buttons::Exports;
