//! A window across revisions of its notice: its identity, what staff were told, and how
//! a later revision changed it (the facts a 【変更】/【中止】 notification is built from).

use serde::{Deserialize, Serialize};

use crate::service::Service;
use crate::time::{self, Instant};
use crate::window::{Kind, Window};

/// A window's identity across revisions: the notice's id and the window's own id.
/// Revisions keep both, so a window moved or cancelled by revision 2 is the same window
/// revision 1 announced.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct WindowKey {
    /// The notice's `id`.
    pub notice: String,
    /// The window's `id` within that notice.
    pub window: String,
}

impl std::fmt::Display for WindowKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.notice, self.window)
    }
}

/// The facts of one window in one revision: enough to tell later what changed.
///
/// Serializable (instants as RFC 3339 in JST) so the timer can keep what it told staff
/// across a restart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowVersion {
    /// Which window this is, across revisions.
    pub key: WindowKey,
    /// The notice revision these facts come from.
    pub revision: u32,
    /// As [`Window::service`].
    pub service: Service,
    /// As [`Window::kind`].
    pub kind: Kind,
    /// As [`Window::start`].
    #[serde(with = "jst")]
    pub start: Instant,
    /// As [`Window::end`].
    #[serde(with = "jst")]
    pub end: Instant,
    /// As [`Window::may_extend_until`].
    #[serde(default, with = "jst_opt")]
    pub may_extend_until: Option<Instant>,
    /// As [`Window::cancelled`].
    #[serde(default)]
    pub cancelled: bool,
}

impl WindowVersion {
    /// The version of `w` as loaded.
    pub fn of(w: &Window) -> WindowVersion {
        WindowVersion {
            key: w.key(),
            revision: w.revision,
            service: w.service,
            kind: w.kind,
            start: w.start,
            end: w.end,
            may_extend_until: w.may_extend_until,
            cancelled: w.cancelled,
        }
    }

    /// Whether staff would see a difference between `self` and `other` (the revision
    /// number alone is not one).
    pub fn same_facts(&self, other: &WindowVersion) -> bool {
        (
            self.service,
            self.kind,
            self.start,
            self.end,
            self.may_extend_until,
            self.cancelled,
        ) == (
            other.service,
            other.kind,
            other.start,
            other.end,
            other.may_extend_until,
            other.cancelled,
        )
    }
}

impl Window {
    /// The window's identity across revisions.
    pub fn key(&self) -> WindowKey {
        WindowKey {
            notice: self.notice.clone(),
            window: self.id.clone(),
        }
    }
}

/// How a later revision changed a window, in the order a notification names them:
/// a cancellation or removal outweighs new times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// `cancelled = true` now (中止).
    Cancelled,
    /// The window is gone from the newer revision, or no longer hits the prefecture (中止).
    Removed,
    /// Cancelled before, in force again.
    Reinstated,
    /// Same start, later end (延長).
    Extended,
    /// Same start, earlier end (e.g. lifted early).
    Shortened,
    /// A different start (変更).
    Moved,
    /// Same times; the kind, the service or `may_extend_until` changed.
    Amended,
}

impl Change {
    /// Whether the window no longer happens: 【中止】 rather than 【変更】.
    pub fn is_cancellation(self) -> bool {
        matches!(self, Change::Cancelled | Change::Removed)
    }
}

/// One window that staff were told about, old against new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WindowChange {
    /// What changed.
    pub change: Change,
    /// The window as staff were told about it.
    pub old: WindowVersion,
    /// `None` when the window is gone ([`Change::Removed`]).
    pub new: Option<WindowVersion>,
}

/// How `new` differs from `old`, `None` when staff would see no difference.
///
/// ```
/// use onshi::revision::{compare, Change, WindowVersion};
/// use onshi::{time::parse_instant as t, Kind, Service};
/// let old = WindowVersion {
///     key: onshi::revision::WindowKey { notice: "n".into(), window: "w".into() },
///     revision: 1, service: Service::Erx, kind: Kind::Full,
///     start: t("2024-12-20T00:00+09:00").unwrap(), end: t("2024-12-23T00:00+09:00").unwrap(),
///     may_extend_until: None, cancelled: false,
/// };
/// let new = WindowVersion { revision: 2, end: t("2024-12-27T00:00+09:00").unwrap(), ..old.clone() };
/// assert_eq!(compare(&old, Some(&new)).unwrap().change, Change::Extended);
/// assert_eq!(compare(&old, Some(&old)), None);
/// assert_eq!(compare(&old, None).unwrap().change, Change::Removed);
/// ```
pub fn compare(old: &WindowVersion, new: Option<&WindowVersion>) -> Option<WindowChange> {
    let change = match new {
        None if old.cancelled => return None,
        None => Change::Removed,
        Some(n) if n.same_facts(old) => return None,
        Some(n) if n.cancelled && !old.cancelled => Change::Cancelled,
        Some(n) if n.cancelled => return None,
        Some(_) if old.cancelled => Change::Reinstated,
        Some(n) if n.start != old.start => Change::Moved,
        Some(n) if n.end > old.end => Change::Extended,
        Some(n) if n.end < old.end => Change::Shortened,
        Some(_) => Change::Amended,
    };
    Some(WindowChange {
        change,
        old: old.clone(),
        new: new.cloned(),
    })
}

/// Every window in `told` that `now` changes: each is looked up by its [`WindowKey`]
/// among `now` (pass every window that hits the prefecture, cancelled ones included,
/// e.g. [`crate::Schedule::all_windows_for`]). Windows in `now` that `told` lacks are
/// new, not changed, and are left out.
pub fn changes(told: &[WindowVersion], now: &[Window]) -> Vec<WindowChange> {
    told.iter()
        .filter_map(|old| {
            let new = now
                .iter()
                .find(|w| w.notice == old.key.notice && w.id == old.key.window)
                .map(WindowVersion::of);
            compare(old, new.as_ref())
        })
        .collect()
}

mod jst {
    use super::*;

    pub fn serialize<S: serde::Serializer>(t: &Instant, s: S) -> Result<S::Ok, S::Error> {
        time::serialize_jst(t, s)
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Instant, D::Error> {
        let s = String::deserialize(d)?;
        time::parse_instant(&s).map_err(serde::de::Error::custom)
    }
}

mod jst_opt {
    use super::*;

    pub fn serialize<S: serde::Serializer>(t: &Option<Instant>, s: S) -> Result<S::Ok, S::Error> {
        time::serialize_jst_opt(t, s)
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Instant>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|s| time::parse_instant(&s).map_err(serde::de::Error::custom))
            .transpose()
    }
}
