//! Deadline reminders for one desk: which are due between two instants, 「対応済み」 ones left out.

use serde::Serialize;

use crate::deadline::{Deadline, Reminder};
use crate::done::Done;
use crate::prefecture::Prefecture;
use crate::schedule::Schedule;
use crate::time::{self, Instant};

/// One deadline reminder to give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineEvent {
    /// When to give it: the reminder's 9:00, or the start of watching on that day.
    #[serde(serialize_with = "time::serialize_jst")]
    pub at: Instant,
    /// The reminder (its own instant and days left).
    pub reminder: Reminder,
    /// The deadline it is about.
    pub deadline: Deadline,
}

/// The deadline reminders for `p` due in `(from, to]`, in order, without those marked done.
///
/// With `starting` (the desk begins watching at `from`: the app's start, `onshi plan`), a
/// reminder whose 9:00 passed earlier on `from`'s JST day is given at `from`: a PC switched
/// on at 10:00 still hears of today's reminder. At most one reminder per deadline a day.
///
/// ```
/// use onshi::{deadline_plan::deadline_plan, done::Done, time::parse_instant as t, Notice, Schedule};
/// let mut s = Schedule::embedded();
/// s.add(Notice::parse(r#"
/// id = "d"
/// title = "点検報告"
/// issuer = "厚生労働省"
/// issued = 2025-11-01
/// [[window]]
/// id = "report"
/// kind = "deadline"
/// due = 2026-01-11T00:00:00+09:00
/// action = "点検報告を提出する"
/// nationwide = true
/// "#, "d.toml").unwrap()).unwrap();
/// let p = "40".parse().unwrap();
/// let from = t("2026-01-07T10:30+09:00").unwrap();
/// let to = t("2026-01-08T12:00+09:00").unwrap();
/// let events = deadline_plan(&s, p, &Done::in_memory(), from, to, true);
/// // The 3-days reminder of 9:00 given at once, nothing on the 8th (2 days left is no lead).
/// assert_eq!(events.len(), 1);
/// assert_eq!((events[0].at, events[0].reminder.days_left), (from, 3));
/// ```
pub fn deadline_plan(
    schedule: &Schedule,
    p: Prefecture,
    done: &Done,
    from: Instant,
    to: Instant,
    starting: bool,
) -> Vec<DeadlineEvent> {
    let today = time::to_jst(from).date_naive();
    let mut out = Vec::new();
    for d in schedule.deadlines_for(p) {
        if d.cancelled || done.is_done(&d.key()) {
            continue;
        }
        for r in d.reminders() {
            let on_start_day = starting && r.at <= from && time::to_jst(r.at).date_naive() == today;
            let at = if on_start_day { from } else { r.at };
            if (from < r.at && r.at <= to) || on_start_day {
                out.push(DeadlineEvent {
                    at,
                    reminder: r,
                    deadline: d.clone(),
                });
            }
        }
    }
    out.sort_by(|a, b| {
        (a.at, &a.deadline.notice, &a.deadline.id).cmp(&(b.at, &b.deadline.notice, &b.deadline.id))
    });
    out
}
