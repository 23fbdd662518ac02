//! The notification plan: what to tell staff, and when, for one prefecture.

use std::fmt;

use chrono::Duration;
use serde::Serialize;

use crate::opening_hours::OpeningHours;
use crate::prefecture::Prefecture;
use crate::schedule::Schedule;
use crate::service::Service;
use crate::time::Instant;
use crate::timeline::Timeline;
use crate::window::{State, Window};

/// How long before a window starts to remind staff. Defaults: 24 h, 60 min, 10 min.
///
/// With the facility's opening hours ([`Reminders::with_opening_hours`]) there is one
/// more, [`EventKind::BeforeClosing`]: [`BEFORE_CLOSING`] before the desk closes for the
/// last time before the window, so a window at night is heard of while staff are there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminders {
    leads: Vec<Duration>,
    hours: Option<OpeningHours>,
}

impl Default for Reminders {
    fn default() -> Self {
        Reminders::from_minutes(&[24 * 60, 60, 10]).expect("defaults are valid")
    }
}

/// How long before closing time the reminder in opening hours comes: 30 minutes, while
/// staff are still there and the next day's patients can still be thought of.
pub const BEFORE_CLOSING: Duration = Duration::minutes(30);

/// How far back from a window the reminder in opening hours is looked for: a desk
/// closed longer than this (a long holiday) hears only the minute reminders.
pub const CLOSING_LOOKBACK_DAYS: u32 = 7;

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
        Ok(Reminders {
            leads: v,
            hours: None,
        })
    }

    /// The same reminders, plus one [`BEFORE_CLOSING`] the last closing time of `hours`
    /// before each window (「本日の受付終了前に」).
    pub fn with_opening_hours(mut self, hours: OpeningHours) -> Reminders {
        self.hours = Some(hours);
        self
    }

    /// The opening hours the reminder before closing follows, if any.
    pub fn opening_hours(&self) -> Option<&OpeningHours> {
        self.hours.as_ref()
    }

    /// Longest lead first.
    pub fn leads(&self) -> &[Duration] {
        &self.leads
    }

    /// The leads in whole minutes, longest first: what [`Reminders::from_minutes`] takes.
    pub fn minutes(&self) -> Vec<u32> {
        self.leads.iter().map(|d| d.num_minutes() as u32).collect()
    }

    /// The longest lead, or zero when there are no reminders.
    pub fn longest(&self) -> Duration {
        self.leads.first().copied().unwrap_or_else(Duration::zero)
    }

    /// How long before a window its earliest reminder may come: the longest lead, or
    /// with opening hours the look-back for the last closing time.
    pub fn reach(&self) -> Duration {
        match self.hours {
            Some(_) => self
                .longest()
                .max(Duration::days(i64::from(CLOSING_LOOKBACK_DAYS) + 1)),
            None => self.longest(),
        }
    }

    /// When the reminder in opening hours for a window starting at `start` is due: half
    /// an hour before the last closing time before `start` (from opening time, for a
    /// shorter period). None without opening hours, when the desk was not open in the
    /// week before, or when a minute reminder already falls in that same opening period.
    ///
    /// ```
    /// use onshi::{time::parse_instant as t, Reminders};
    /// let r = Reminders::default().with_opening_hours("9:00-18:00".parse().unwrap());
    /// // The 03:00 window of Tue 31 Dec: Monday 17:30 (the 24-hour reminder is at 03:00).
    /// assert_eq!(r.before_closing(t("2024-12-31T03:00+09:00").unwrap()),
    ///     Some(t("2024-12-30T17:30+09:00").unwrap()));
    /// // A window at 12:00 on Monday: the 24-hour reminder falls on Sunday, closed; Friday.
    /// assert_eq!(r.before_closing(t("2024-12-30T12:00+09:00").unwrap()),
    ///     Some(t("2024-12-27T17:30+09:00").unwrap()));
    /// ```
    pub fn before_closing(&self, start: Instant) -> Option<Instant> {
        let hours = self.hours.as_ref()?;
        let (open, close) = hours.last_close_before(start, CLOSING_LOOKBACK_DAYS)?;
        let at = (close - BEFORE_CLOSING).max(open);
        // A minute reminder while the desk is open that day already reaches staff.
        let heard = self
            .leads
            .iter()
            .map(|lead| start - *lead)
            .any(|r| open <= r && r < close);
        (!heard).then_some(at)
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
    /// A window that makes things worse starts after the desk closes: said
    /// [`BEFORE_CLOSING`] the last closing time before it (「本日の受付終了前に」).
    BeforeClosing,
}

impl EventKind {
    /// Whether it tells of a window ahead ([`EventKind::Reminder`] or
    /// [`EventKind::BeforeClosing`]) rather than a change now.
    pub fn is_reminder(self) -> bool {
        matches!(self, EventKind::Reminder { .. } | EventKind::BeforeClosing)
    }
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
    events.sort_by_key(|e| (e.at, e.kind.is_reminder(), e.window.service));
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

    let reach = reminders.reach();
    for (b, before, after) in timeline.changes() {
        // Only a change in (from, to], or one whose reminder may fall there, gives an event.
        if b <= from || (b > to && (after <= before || b - reach > to)) {
            continue;
        }
        // Which reminders fall in (from, to], and whether the change itself does: the
        // change's status is worked out only when it gives an event.
        let reminders_due: Vec<(EventKind, Instant, State)> = if after > before {
            reminders
                .before_closing(b)
                .map(|r| (EventKind::BeforeClosing, r))
                .into_iter()
                .chain(reminders.leads().iter().map(|lead| {
                    (
                        EventKind::Reminder {
                            minutes: lead.num_minutes() as u32,
                        },
                        b - *lead,
                    )
                }))
                .filter(|(_, r)| from < *r && *r <= to)
                .map(|(kind, r)| (kind, r, timeline.state_at(r)))
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
        for (reminder, r, state_then) in reminders_due {
            events.push(Event {
                prefecture: p,
                at: r,
                kind: reminder,
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
    events.sort_by_key(|e| (e.at, e.kind.is_reminder()));
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
    let reach = reminders.reach();
    let mut best: Option<Instant> = None;
    for (b, before, state) in timeline.changes() {
        if b <= after {
            continue;
        }
        if best.is_some_and(|best| b - reach > best) {
            break;
        }
        let mut consider = |t: Instant| {
            if best.map_or(true, |best| t < best) {
                best = Some(t);
            }
        };
        consider(b);
        if state > before {
            let leads = reminders.leads().iter().map(|lead| b - *lead);
            for r in leads.chain(reminders.before_closing(b)) {
                if r > after && timeline.state_at(r) < state {
                    consider(r);
                }
            }
        }
    }
    best
}
