//! What one prefecture's state is at one instant: the answer a [`crate::Timeline`] gives.

use serde::Serialize;

use crate::prefecture::Prefecture;
use crate::service::Service;
use crate::time::Instant;
use crate::window::{State, Window};

/// What the schedule says about one prefecture at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub prefecture: Prefecture,
    /// The service this status is about ([`Schedule::status`]: オン資).
    pub service: Service,
    #[serde(serialize_with = "crate::time::serialize_jst")]
    pub at: Instant,
    pub state: State,
    /// The window that sets `state` (the most severe in force; of equals, the one that
    /// lasts longest), `None` when normal.
    pub window: Option<Window>,
    /// The first window that starts after `at`.
    pub next_window: Option<Window>,
    /// When `state` next changes, if anything is scheduled.
    #[serde(serialize_with = "crate::time::serialize_jst_opt")]
    pub until: Option<Instant>,
    /// A window that has ended, but which its notice said may run on up to a later time
    /// (`may_extend_until`), while `at` is in that extra time: staff should expect an
    /// extension to be announced. `None` otherwise.
    pub may_extend: Option<Window>,
}

impl Status {
    /// The next window, if it starts within `within` of `at` — the time to prepare.
    pub fn upcoming(&self, within: chrono::Duration) -> Option<&Window> {
        self.next_window
            .as_ref()
            .filter(|w| w.start - self.at <= within)
    }
}

/// How far ahead a window counts as upcoming: staff get the "prepare" steps and the
/// tray turns amber.
pub const UPCOMING: chrono::Duration = chrono::Duration::hours(24);
