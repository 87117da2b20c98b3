//! Reusable views. Each takes data and callbacks through its `Props`; logic lives elsewhere.

mod announce;
mod param_control;
mod param_fields;
mod progress;
mod status_strip;

pub use announce::Announce;
pub use param_control::ParamControl;
pub use param_fields::{FieldsView, ParamFields};
pub use progress::ProgressBar;
pub use status_strip::StatusStrip;
