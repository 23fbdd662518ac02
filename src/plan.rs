//! The notification plan: what to tell staff, and when, for one prefecture.

use std::fmt;

use chrono::Duration;
use serde::Serialize;

use crate::prefecture::Prefecture;
use crate::schedule::Schedule;
use crate::service::Service;
use crate::time::Instant;
use crate::timeline::Timeline;
use crate::window::{State, Window};

/// How long before a window starts to remind staff. Defaults: 24 h, 60 min, 10 min.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminders(Vec<Duration>);

impl Default for Reminders {
    fn default() -> Self {
        Reminders::from_minutes(&[24 * 60, 60, 10]).expect("defaults are valid")
    }
}

impl Reminders {
    /// The longest lead allowed: 7 days, in minutes.
    pub const MAX_MINUTES: u32 = 7 * 24 * 60;

    /// Reminder leads in minutes before the start, any order; duplicates are merged.
    ///
    /// # Errors
    /// A [`RemindersError`] naming the first lead that is not between 1 minute and 7 days
    /// ([`Reminders::MAX_MINUTES`]).
    ///
    /// ```
    /// use onshi::Reminders;
    /// let r = Reminders::from_minutes(&[10, 1440, 60, 10]).unwrap();
    /// assert_eq!(r.minutes(), [1440, 60, 10]);
    /// assert_eq!(Reminders::from_minutes(&[60, 0]).unwrap_err().minutes, 0);
    /// ```
    pub fn from_minutes(minutes: &[u32]) -> Result<Reminders, RemindersError> {
        let mut v = Vec::new();
        for &m in minutes {
            if !(1..=Reminders::MAX_MINUTES).contains(&m) {
                return Err(RemindersError { minutes: m });
            }
            v.push(Duration::minutes(i64::from(m)));
        }
        v.sort_by(|a, b| b.cmp(a));
        v.dedup();
        Ok(Reminders(v))
    }

    /// Longest lead first.
    pub fn leads(&self) -> &[Duration] {
        &self.0
    }

    /// The leads in whole minutes, longest first: what [`Reminders::from_minutes`] takes.
    pub fn minutes(&self) -> Vec<u32> {
        self.0.iter().map(|d| d.num_minutes() as u32).collect()
    }

    /// The longest lead, or zero when there are no reminders.
    pub fn longest(&self) -> Duration {
        self.0.first().copied().unwrap_or_else(Duration::zero)
    }
}

/// A reminder lead that [`Reminders::from_minutes`] refuses: not between 1 minute and
/// 7 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemindersError {
    /// The lead given, in minutes.
    pub minutes: u32,
}

impl fmt::Display for RemindersError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "reminder {} min is out of range: give minutes between 1 and {} (7 days)",
            self.minutes,
            Reminders::MAX_MINUTES
        )
    }
}

impl std::error::Error for RemindersError {}

/// What happens at an [`Event`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// A window that makes things worse starts `minutes` from now.
    Reminder {
        /// The lead: how long before the window's start the reminder is due.
        minutes: u32,
    },
    /// Normal → down (full or intermittent).
    Start,
    /// Down → normal.
    End,
    /// Down → down of the other kind, e.g. the full outage ends and intermittent cuts
    /// follow. One event, not an end and a start.
    Change,
    /// Watching began while already down: said once, at the start.
    AlreadyDown,
}

/// One thing to tell staff, due at `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// The prefecture the event is for.
    pub prefecture: Prefecture,
    /// When to tell staff.
    #[serde(serialize_with = "crate::time::serialize_jst")]
    pub at: Instant,
    /// What to tell them.
    #[serde(flatten)]
    pub kind: EventKind,
    /// The state before `boundary`.
    pub from: State,
    /// The state from `boundary` on.
    pub to: State,
    /// The instant the state changes: `at` itself, or the start a reminder is about.
    #[serde(serialize_with = "crate::time::serialize_jst")]
    pub boundary: Instant,
    /// The window in force from `boundary` (for `End`: the one that just ended).
    pub window: Window,
    /// When the state entered at `boundary` changes again, if scheduled.
    #[serde(serialize_with = "crate::time::serialize_jst_opt")]
    pub until: Option<Instant>,
}

/// The オン資 events for `p` (see [`plan_for`] for another service) due in `(from, to]`, in
/// order, plus one [`EventKind::AlreadyDown`] at `from` if `p` is already down then.
///
/// Reminders whose time is before `from` are not replayed. A reminder is only given for
/// a change to a worse state (normal → intermittent, → full), and not while staff are
/// already in a state at least that bad.
///
/// ```
/// use onshi::{plan, time::parse_instant, EventKind, Prefecture, Reminders, Schedule};
/// let s = Schedule::embedded();
/// let events = plan(&s, "tokyo".parse().unwrap(), &Reminders::default(),
///     parse_instant("2024-12-31T11:55+09:00").unwrap(),
///     parse_instant("2024-12-31T14:00+09:00").unwrap());
/// let kinds: Vec<_> = events.iter().map(|e| e.kind).collect();
/// assert_eq!(kinds, [EventKind::Start, EventKind::End]); // the 10-min reminder was at 11:50
/// ```
pub fn plan(
    schedule: &Schedule,
    p: Prefecture,
    reminders: &Reminders,
    from: Instant,
    to: Instant,
) -> Vec<Event> {
    plan_for(schedule, p, Service::Oqs, reminders, from, to)
}

/// The events of several services for `p` due in `(from, to]`, merged in order (at one
/// instant, in [`Service::ALL`] order): what a desk that cares about `services` is told.
/// Each service is planned on its own, as [`plan_for`] does.
pub fn plan_services(
    schedule: &Schedule,
    p: Prefecture,
    services: &[Service],
    reminders: &Reminders,
    from: Instant,
    to: Instant,
) -> Vec<Event> {
    let mut events: Vec<Event> = Service::ALL
        .into_iter()
        .filter(|s| services.contains(s))
        .flat_map(|s| plan_for(schedule, p, s, reminders, from, to))
        .collect();
    events.sort_by_key(|e| {
        (
            e.at,
            matches!(e.kind, EventKind::Reminder { .. }),
            e.window.service,
        )
    });
    events
}

/// As [`plan`], for one service (its windows only; `Event::window.service` names it).
pub fn plan_for(
    schedule: &Schedule,
    p: Prefecture,
    service: Service,
    reminders: &Reminders,
    from: Instant,
    to: Instant,
) -> Vec<Event> {
    plan_on(&schedule.timeline_for(p, service), reminders, from, to)
}

/// As [`plan_for`], on a timeline already built (the app keeps one and asks it at every
/// wake). Works out a status only for the changes that give an event in `(from, to]`.
pub fn plan_on(
    timeline: &Timeline,
    reminders: &Reminders,
    from: Instant,
    to: Instant,
) -> Vec<Event> {
    let p = timeline.prefecture();
    let mut events = Vec::new();

    if timeline.state_at(from) != State::Normal {
        let now = timeline.status(from);
        if let Some(window) = now.window {
            events.push(Event {
                prefecture: p,
                at: from,
                kind: EventKind::AlreadyDown,
                from: now.state,
                to: now.state,
                boundary: from,
                window,
                until: now.until,
            });
        }
    }

    let longest = reminders.longest();
    for (b, before, after) in timeline.changes() {
        // Only a change in (from, to], or one whose reminder may fall there, gives an event.
        if b <= from || (b > to && (after <= before || b - longest > to)) {
            continue;
        }
        // Which reminders fall in (from, to], and whether the change itself does: the
        // change's status is worked out only when it gives an event.
        let reminders_due: Vec<(Duration, Instant, State)> = if after > before {
            reminders
                .leads()
                .iter()
                .map(|lead| (*lead, b - *lead))
                .filter(|(_, r)| from < *r && *r <= to)
                .map(|(lead, r)| (lead, r, timeline.state_at(r)))
                .filter(|(_, _, state_then)| *state_then < after)
                .collect()
        } else {
            Vec::new()
        };
        let change_due = from < b && b <= to;
        if reminders_due.is_empty() && !change_due {
            continue;
        }
        let status = timeline.status(b);
        let window = match status.window {
            Some(w) => w,
            // Back to normal: name the window that just ended (the most severe ending here).
            None => timeline
                .windows()
                .iter()
                .filter(|w| w.end == b)
                .max_by_key(|w| w.kind.state())
                .cloned()
                .expect("a change to normal happens where a window ends"),
        };
        let kind = match (before, after) {
            (State::Normal, _) => EventKind::Start,
            (_, State::Normal) => EventKind::End,
            _ => EventKind::Change,
        };
        for (lead, r, state_then) in reminders_due {
            events.push(Event {
                prefecture: p,
                at: r,
                kind: EventKind::Reminder {
                    minutes: lead.num_minutes() as u32,
                },
                from: state_then,
                to: after,
                boundary: b,
                window: window.clone(),
                until: status.until,
            });
        }
        if change_due {
            events.push(Event {
                prefecture: p,
                at: b,
                kind,
                from: before,
                to: after,
                boundary: b,
                window,
                until: status.until,
            });
        }
    }
    // Stable: at one instant a state change comes before a reminder about a later one.
    events.sort_by_key(|e| (e.at, matches!(e.kind, EventKind::Reminder { .. })));
    events
}

/// When the next event of [`plan_on`] after `after` falls due, if any is scheduled —
/// without working out any status (the timer asks this at every wake to know how long it
/// may sleep).
///
/// ```
/// use onshi::{plan::next_due, time::parse_instant as t, Reminders, Schedule};
/// let tl = Schedule::embedded().timeline("福岡".parse().unwrap());
/// let next = next_due(&tl, &Reminders::default(), t("2024-12-31T02:51+09:00").unwrap());
/// assert_eq!(next, Some(t("2024-12-31T03:00+09:00").unwrap()));
/// ```
pub fn next_due(timeline: &Timeline, reminders: &Reminders, after: Instant) -> Option<Instant> {
    let longest = reminders.longest();
    let mut best: Option<Instant> = None;
    for (b, before, state) in timeline.changes() {
        if b <= after {
            continue;
        }
        if best.is_some_and(|best| b - longest > best) {
            break;
        }
        let mut consider = |t: Instant| {
            if best.map_or(true, |best| t < best) {
                best = Some(t);
            }
        };
        consider(b);
        if state > before {
            for lead in reminders.leads() {
                let r = b - *lead;
                if r > after && timeline.state_at(r) < state {
                    consider(r);
                }
            }
        }
    }
    best
}
