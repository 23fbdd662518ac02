//! The timer's memory: which events have been given, so none is given twice or lost.

use std::collections::HashMap;

use chrono::Duration;

use crate::plan::{plan, Event, EventKind, Reminders};
use crate::prefecture::Prefecture;
use crate::schedule::Schedule;
use crate::time::Instant;

/// Longest the timer sleeps between looks at the wall clock, so a suspend or a clock
/// change is noticed within this time even when no event is near.
pub const MAX_SLEEP: std::time::Duration = std::time::Duration::from_secs(30);

/// Follows the plan for one prefecture against a clock that may jump.
///
/// Call [`Watch::poll`] with the current wall-clock time at every wake. It returns the
/// events that became due since the last call, each exactly once:
///
/// - a clock that goes back (NTP correction, a user fixing the time) gives nothing
///   until it passes the latest instant already handled, so nothing repeats;
/// - a clock that jumps forward, or a resume after suspend, gives the start/end/change
///   events that were passed, in order, so none is lost; reminders for a window that
///   has already started by then are dropped, and of several passed reminders for one
///   window only the latest is kept.
///
/// ```
/// use onshi::{time::parse_instant as t, EventKind, Reminders, Schedule, Watch};
/// let mut w = Watch::new(Schedule::embedded(), "福岡".parse().unwrap(),
///     Reminders::default(), t("2024-12-31T02:55+09:00").unwrap());
/// assert!(w.start().is_empty());
/// let e = w.poll(t("2024-12-31T03:00+09:00").unwrap());
/// assert_eq!(e[0].kind, EventKind::Start);
/// assert!(w.poll(t("2024-12-31T03:00+09:00").unwrap()).is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct Watch {
    schedule: Schedule,
    prefecture: Prefecture,
    reminders: Reminders,
    /// Everything due at or before this instant has been handled.
    handled_until: Instant,
    started: bool,
}

impl Watch {
    /// A watch that begins at `now`: nothing before `now` will be given.
    pub fn new(
        schedule: Schedule,
        prefecture: Prefecture,
        reminders: Reminders,
        now: Instant,
    ) -> Watch {
        Watch {
            schedule,
            prefecture,
            reminders,
            handled_until: now,
            started: false,
        }
    }

    pub fn prefecture(&self) -> Prefecture {
        self.prefecture
    }

    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    pub fn reminders(&self) -> &Reminders {
        &self.reminders
    }

    /// Follows a new schedule (a notice added, or fetched from a feed) from where this
    /// watch stands: what was handled stays handled, so nothing is told twice, and the new
    /// schedule's events after that are given as they come due.
    pub fn set_schedule(&mut self, schedule: Schedule) {
        self.schedule = schedule;
    }

    /// The one "currently down" event if watching begins inside a window; empty otherwise.
    /// Only the first call returns anything.
    pub fn start(&mut self) -> Vec<Event> {
        if std::mem::replace(&mut self.started, true) {
            return Vec::new();
        }
        let at = self.handled_until;
        plan(&self.schedule, self.prefecture, &self.reminders, at, at)
            .into_iter()
            .filter(|e| e.kind == EventKind::AlreadyDown)
            .collect()
    }

    /// The events due in `(last handled, now]`, each at most once over the watch's life.
    pub fn poll(&mut self, now: Instant) -> Vec<Event> {
        self.started = true;
        if now <= self.handled_until {
            return Vec::new();
        }
        let mut due: Vec<Event> = plan(
            &self.schedule,
            self.prefecture,
            &self.reminders,
            self.handled_until,
            now,
        )
        .into_iter()
        .filter(|e| e.kind != EventKind::AlreadyDown)
        // A reminder whose window has begun is news no longer.
        .filter(|e| !matches!(e.kind, EventKind::Reminder { .. }) || e.boundary > now)
        .collect();
        // Of several reminders for one window passed while asleep, the latest says it all.
        let mut latest_reminder = HashMap::new();
        for (i, e) in due.iter().enumerate() {
            if matches!(e.kind, EventKind::Reminder { .. }) {
                latest_reminder.insert(e.boundary, i);
            }
        }
        let mut i = 0;
        due.retain(|e| {
            let keep =
                !matches!(e.kind, EventKind::Reminder { .. }) || latest_reminder[&e.boundary] == i;
            i += 1;
            keep
        });
        self.handled_until = now;
        due
    }

    /// When the next event is due after the last poll, if any is scheduled.
    pub fn next_due(&self) -> Option<Instant> {
        let from = self.handled_until;
        // Ten years ahead covers any notice anyone will publish.
        plan(
            &self.schedule,
            self.prefecture,
            &self.reminders,
            from,
            from + Duration::days(3660),
        )
        .into_iter()
        .filter(|e| e.kind != EventKind::AlreadyDown)
        .map(|e| e.at)
        .next()
    }

    /// How long to sleep from `now`: until the next event, never longer than [`MAX_SLEEP`]
    /// of wall-clock time at `speed`× (a training clock runs faster than the wall).
    pub fn sleep_for(&self, now: Instant, speed: f64) -> std::time::Duration {
        let Some(next) = self.next_due() else {
            return MAX_SLEEP;
        };
        let sim = (next - now).to_std().unwrap_or_default();
        sim.div_f64(speed.max(f64::MIN_POSITIVE)).min(MAX_SLEEP)
    }
}
