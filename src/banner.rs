//! Which events raise the banner across the top of every screen (beside the OS toast, which
//! Focus Assist may hold back), and when an unacknowledged banner is raised again.
//!
//! The app and `onshi plan --banner --remind-every MIN` both ask these functions, so the
//! CLI lists exactly what the counter will see.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::message::Message;
use crate::plan::{Event, EventKind, Reminders};
use crate::revision::WindowChange;
use crate::time::{self, Instant};
use crate::window::State;

pub use crate::banner_events::BannerEvents;

impl BannerEvents {
    /// Whether `event` of the plan raises a banner. `reminders` are the leads in use: only
    /// the shortest of them, before a full outage, is "the last reminder".
    ///
    /// ```
    /// use onshi::{banner::BannerEvents, plan, time::parse_instant as t, Reminders, Schedule};
    /// let r = Reminders::default();
    /// let events = plan(&Schedule::embedded(), "福岡".parse().unwrap(), &r,
    ///     t("2024-12-31T01:00+09:00").unwrap(), t("2024-12-31T03:00+09:00").unwrap());
    /// let raised: Vec<_> = events.iter()
    ///     .filter(|e| BannerEvents::default().wants_banner(e, &r))
    ///     .map(|e| onshi::time::rfc3339_jst(e.at)).collect();
    /// // Not the 60-minute reminder at 2:00: the 10-minute one at 2:50, and the start.
    /// assert_eq!(raised, ["2024-12-31T02:50:00+09:00", "2024-12-31T03:00:00+09:00"]);
    /// ```
    pub fn wants_banner(&self, event: &Event, reminders: &Reminders) -> bool {
        match event.kind {
            EventKind::Start | EventKind::AlreadyDown | EventKind::Change => self.start,
            EventKind::End => self.end,
            // Hours ahead of the window, at the counter's busiest time: a notification is enough.
            EventKind::BeforeClosing => false,
            EventKind::Reminder { minutes } => {
                self.full_outage_last_reminder
                    && event.to == State::FullOutage
                    && reminders
                        .leads()
                        .last()
                        .is_some_and(|last| last.num_minutes() == i64::from(minutes))
            }
        }
    }

    /// Whether a revision of a window staff were told of (【変更】/【中止】) raises a banner.
    pub fn wants_revision_banner(&self, _change: &WindowChange) -> bool {
        self.change
    }
}

/// How often an unacknowledged banner is raised again, by default: every 5 minutes.
pub const DEFAULT_REMIND_MINUTES: u32 = 5;

/// The longest interval allowed: a re-reminder less often than hourly is no reminder.
pub const MAX_REMIND_MINUTES: u32 = 60;

/// The interval between re-reminders, 1 to [`MAX_REMIND_MINUTES`] minutes.
///
/// ```
/// use onshi::banner::RemindEvery;
/// assert_eq!(RemindEvery::default().minutes(), 5);
/// assert!(RemindEvery::from_minutes(0).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct RemindEvery(u32);

impl TryFrom<u32> for RemindEvery {
    type Error = String;

    fn try_from(minutes: u32) -> Result<RemindEvery, String> {
        RemindEvery::from_minutes(minutes)
    }
}

impl From<RemindEvery> for u32 {
    fn from(every: RemindEvery) -> u32 {
        every.0
    }
}

impl Default for RemindEvery {
    fn default() -> Self {
        RemindEvery(DEFAULT_REMIND_MINUTES)
    }
}

impl RemindEvery {
    /// `minutes` between re-reminders.
    ///
    /// # Errors
    /// One line naming the value and the range allowed.
    pub fn from_minutes(minutes: u32) -> Result<RemindEvery, String> {
        if (1..=MAX_REMIND_MINUTES).contains(&minutes) {
            Ok(RemindEvery(minutes))
        } else {
            Err(format!(
                "re-remind interval {minutes} min is out of range: give minutes between 1 and {MAX_REMIND_MINUTES}"
            ))
        }
    }

    /// The interval in whole minutes.
    pub fn minutes(self) -> u32 {
        self.0
    }

    /// The interval as a duration.
    pub fn duration(self) -> Duration {
        Duration::minutes(i64::from(self.0))
    }
}

/// The re-reminders of a banner first raised at `first`: `first + every`, `first + 2×every`,
/// … while before `until` — none at or after it. An interval that is not positive gives none.
///
/// ```
/// use onshi::{banner::reminds, time::parse_instant as t};
/// let r: Vec<_> = reminds(t("2024-12-31T03:00+09:00").unwrap(), chrono::Duration::minutes(60),
///     t("2024-12-31T05:00+09:00").unwrap()).collect();
/// assert_eq!(r, [t("2024-12-31T04:00+09:00").unwrap()]); // 5:00 is the end itself
/// ```
pub fn reminds(first: Instant, every: Duration, until: Instant) -> impl Iterator<Item = Instant> {
    let positive = every > Duration::zero();
    std::iter::successors(Some(first), move |t| Some(*t + every))
        .skip(1)
        .take_while(move |t| positive && *t < until)
}

/// Until when a banner for `event` is raised again while nobody acknowledges it: the end of
/// what it announces. A reminder's banner gives way to the start's own at the boundary; a
/// start's lasts while that state does; an end has nothing after it.
pub fn remind_until(event: &Event) -> Instant {
    match event.kind {
        EventKind::Reminder { .. } | EventKind::BeforeClosing | EventKind::End => event.boundary,
        EventKind::Start | EventKind::AlreadyDown | EventKind::Change => {
            event.until.unwrap_or(event.window.end)
        }
    }
}

/// Until when a revision's banner is raised again: the end of the window as it now is, or,
/// when it is called off, as staff knew it.
pub fn revision_remind_until(change: &WindowChange) -> Instant {
    match &change.new {
        Some(new) if !new.cancelled => new.end,
        _ => change.old.end,
    }
}

/// The re-reminders of the banner for `event`, as if nobody ever acknowledged it.
pub fn event_reminds(event: &Event, every: RemindEvery) -> impl Iterator<Item = Instant> {
    reminds(event.at, every.duration(), remind_until(event))
}

/// The re-reminders of the banner for `event` still to come when it was acknowledged at
/// `acked` (on this PC or another), if it was: none at or after the acknowledgement.
///
/// ```
/// use onshi::{banner::{pending_reminds, RemindEvery}, plan, time::parse_instant as t};
/// use onshi::{Reminders, Schedule};
/// let e = &plan(&Schedule::embedded(), "福岡".parse().unwrap(), &Reminders::default(),
///     t("2024-12-31T02:59+09:00").unwrap(), t("2024-12-31T03:00+09:00").unwrap())[0];
/// let left: Vec<_> = pending_reminds(e, RemindEvery::default(),
///     Some(t("2024-12-31T03:12+09:00").unwrap())).collect();
/// assert_eq!(left, [t("2024-12-31T03:05+09:00").unwrap(), t("2024-12-31T03:10+09:00").unwrap()]);
/// ```
pub fn pending_reminds(
    event: &Event,
    every: RemindEvery,
    acked: Option<Instant>,
) -> impl Iterator<Item = Instant> {
    let until = remind_until(event);
    let until = acked.map_or(until, |a| a.min(until));
    reminds(event.at, every.duration(), until)
}

/// What a re-reminder says: the first notice again, marked 【再通知】 and saying since when
/// it waits for 「確認しました」.
///
/// ```
/// use onshi::{banner::re_remind_message, message::Message, time::parse_instant as t, Lang};
/// let first = Message { title: "【停止中】オンライン資格確認".into(), body: "5:20まで（予定）。".into() };
/// let m = re_remind_message(&first, t("2024-12-31T03:00+09:00").unwrap(), Lang::Ja);
/// assert_eq!(m.title, "【再通知】【停止中】オンライン資格確認");
/// assert_eq!(m.body, "3:00 の通知がまだ確認されていません。5:20まで（予定）。");
/// ```
pub fn re_remind_message(first: &Message, told_at: Instant, lang: Lang) -> Message {
    let at = time::clock_label(told_at, lang);
    match lang {
        Lang::Ja => Message {
            title: format!("【再通知】{}", first.title),
            body: format!("{at} の通知がまだ確認されていません。{}", first.body),
        },
        Lang::En => Message {
            title: format!("[Reminder again] {}", first.title),
            body: format!("Not yet acknowledged (told at {at}). {}", first.body),
        },
    }
}

/// The mark of a notice that raises the banner, in listings (`onshi plan --banner`).
pub fn banner_mark(lang: Lang) -> &'static str {
    lang.pick("［バナー］", "[banner]")
}
