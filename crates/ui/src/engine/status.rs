use std::fmt;

/// The engine as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum EngineStatus {
    NotStarted,
    /// Cannot run in this tier; the reason is for the person.
    Unavailable(String),
    Starting,
    Ready { threads: u32, version: String },
    /// Could not start.
    Failed(String),
    /// Panicked; must be restarted.
    Crashed(String),
}

impl EngineStatus {
    pub fn is_ready(&self) -> bool {
        matches!(self, EngineStatus::Ready { .. })
    }

    pub fn threads(&self) -> Option<u32> {
        match self {
            EngineStatus::Ready { threads, .. } => Some(*threads),
            _ => None,
        }
    }

    /// Whether a Restart button makes sense.
    pub fn can_restart(&self) -> bool {
        matches!(self, EngineStatus::Failed(_) | EngineStatus::Crashed(_) | EngineStatus::Ready { .. })
    }
}

impl fmt::Display for EngineStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineStatus::NotStarted => write!(f, "not started"),
            EngineStatus::Unavailable(why) => write!(f, "unavailable: {why}"),
            EngineStatus::Starting => write!(f, "starting…"),
            EngineStatus::Ready { threads, version } => {
                write!(f, "ready: {threads} threads (engine {version})")
            }
            EngineStatus::Failed(why) => write!(f, "failed to start: {why}"),
            EngineStatus::Crashed(why) => write!(f, "crashed: {why}"),
        }
    }
}
