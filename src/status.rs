//! What one prefecture's state is at one instant: the answer a [`crate::Timeline`] gives.

use serde::Serialize;

use crate::prefecture::Prefecture;
use crate::service::Service;
use crate::time::Instant;
use crate::window::{State, Window};

/// What the schedule says about one prefecture and one service at one instant.
///
/// Made by [`crate::Timeline::status`] (or [`crate::Schedule::status`] for オン資);
/// serialized with every instant as RFC 3339 in JST.
///
/// ```
/// use onshi::{time::parse_instant as t, Schedule, State};
/// let fukuoka = "福岡".parse().unwrap();
/// let s = Schedule::embedded().status(fukuoka, t("2024-12-31T04:00+09:00").unwrap());
/// assert_eq!(s.state, State::FullOutage);
/// assert_eq!(s.window.as_ref().unwrap().id, "west-full");
/// assert_eq!(s.until, Some(t("2024-12-31T05:20+09:00").unwrap()));
///
/// // Before the window: normal, with the window next and starting within a day.
/// let s = Schedule::embedded().status(fukuoka, t("2024-12-30T12:00+09:00").unwrap());
/// assert_eq!(s.state, State::Normal);
/// assert!(s.window.is_none());
/// assert!(s.upcoming(onshi::status::UPCOMING).is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// The prefecture asked about.
    pub prefecture: Prefecture,
    /// The service this status is about ([`crate::Schedule::status`]: オン資).
    pub service: Service,
    /// The instant asked about.
    #[serde(serialize_with = "crate::time::serialize_jst")]
    pub at: Instant,
    /// The state at `at`: the most severe of the windows in force.
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
    /// The window whose planned end passed less than [`PAST_END`] ago, while nothing is in
    /// force: a planned end is not a confirmed recovery, so the desk is not told
    /// 「通常どおり」 yet. `None` otherwise.
    pub ended: Option<Window>,
}

impl Status {
    /// The next window, if it starts within `within` of `at` — the time to prepare.
    pub fn upcoming(&self, within: chrono::Duration) -> Option<&Window> {
        self.next_window
            .as_ref()
            .filter(|w| w.start - self.at <= within)
    }
}

/// How long after a planned end the desk is told that the end has passed, not that all is
/// normal: long enough for the first patients after it to show whether it works.
pub const PAST_END: chrono::Duration = chrono::Duration::hours(2);

/// How far ahead a window counts as upcoming: staff get the "prepare" steps and the
/// tray turns amber.
pub const UPCOMING: chrono::Duration = chrono::Duration::hours(24);
