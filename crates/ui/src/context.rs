//! What every page may read: the browser's capabilities, the engine handle and its status. The
//! root component provides it; pages and components read it with [`use_app`].

use yew::prelude::*;

use crate::engine::{EngineHandle, EngineStatus};
use crate::platform::Capabilities;

#[derive(Clone, PartialEq)]
pub struct AppContext {
    pub caps: Capabilities,
    pub engine: EngineHandle,
    pub status: EngineStatus,
}

/// The app's context. Every component is rendered inside the root `App`, which provides it.
#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("use_app: every component renders inside App, which provides AppContext")
}
