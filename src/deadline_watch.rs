//! The timer's memory for deadlines: each reminder told once, none after 「対応済み」, the
//! day's reminder told at start when its 9:00 passed before the PC was on.

use crate::announced::{Announced, Told};
use crate::deadline_plan::{deadline_plan, DeadlineEvent};
use crate::done::Done;
use crate::prefecture::Prefecture;
use crate::schedule::Schedule;
use crate::time::Instant;

/// The file name (in the app's config folder) of what was told of deadlines.
pub const TOLD_FILE: &str = "announced-deadlines.json";

/// Follows the deadline reminders of one prefecture against a clock that may jump.
///
/// Call [`DeadlineWatch::poll`] at every wake with the wall-clock time and the deadlines
/// marked done. A reminder is remembered by deadline and day (in an [`Announced`] set that
/// may be kept in a file), so a clock set back or a restart repeats nothing; the first poll
/// also tells today's reminder whose 9:00 has passed.
///
/// ```
/// use onshi::{deadline_watch::DeadlineWatch, done::Done, time::parse_instant as t, Notice, Schedule};
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
/// let mut w = DeadlineWatch::new("40".parse().unwrap(), t("2026-01-07T08:00+09:00").unwrap());
/// let mut done = Done::in_memory();
/// assert!(w.poll(&s, &done, t("2026-01-07T08:59+09:00").unwrap()).is_empty());
/// assert_eq!(w.poll(&s, &done, t("2026-01-07T09:00+09:00").unwrap())[0].reminder.days_left, 3);
/// assert!(w.poll(&s, &done, t("2026-01-07T09:00:30+09:00").unwrap()).is_empty());
/// done.mark("d/report", t("2026-01-08T10:00+09:00").unwrap());
/// assert!(w.poll(&s, &done, t("2026-01-09T09:00+09:00").unwrap()).is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct DeadlineWatch {
    prefecture: Prefecture,
    last: Instant,
    started: bool,
    memory: Announced,
}

impl DeadlineWatch {
    /// A watch that begins at `now`, remembering in memory only.
    pub fn new(prefecture: Prefecture, now: Instant) -> DeadlineWatch {
        DeadlineWatch::with_memory(prefecture, now, Announced::in_memory())
    }

    /// A watch that remembers what it told in `memory` (e.g. [`TOLD_FILE`] in the app's
    /// config folder, opened with [`Announced::open_named`]).
    pub fn with_memory(prefecture: Prefecture, now: Instant, memory: Announced) -> DeadlineWatch {
        DeadlineWatch {
            prefecture,
            last: now,
            started: false,
            memory,
        }
    }

    /// The memory of what was told, to carry into a new watch (a new schedule, a new
    /// prefecture): nothing is told twice.
    pub fn into_memory(self) -> Announced {
        self.memory
    }

    /// The same watch, remembering in `memory` from now on.
    pub fn with_memory_of(mut self, memory: Announced) -> DeadlineWatch {
        self.memory = memory;
        self
    }

    /// The prefecture watched.
    pub fn prefecture(&self) -> Prefecture {
        self.prefecture
    }

    /// The reminders to tell now: those due since the last poll (the first poll: today's
    /// too), not told before, not marked done.
    pub fn poll(&mut self, schedule: &Schedule, done: &Done, now: Instant) -> Vec<DeadlineEvent> {
        let starting = !self.started;
        self.started = true;
        let from = if starting { now } else { self.last.min(now) };
        let mut events = deadline_plan(schedule, self.prefecture, done, from, now, starting);
        // Of several reminders of one deadline passed at once (a suspend), the latest.
        events.reverse();
        let mut seen: Vec<String> = Vec::new();
        events.retain(|e| {
            let key = e.deadline.key();
            let first = !seen.contains(&key);
            seen.push(key);
            first
        });
        events.reverse();
        events.retain(|e| !self.memory.contains(&told(self.prefecture, e)));
        self.memory
            .record(events.iter().map(|e| told(self.prefecture, e)));
        self.last = now;
        events
    }

    /// When the next reminder after `after` falls due (none marked done): for the timer's
    /// sleep.
    pub fn next_due(&self, schedule: &Schedule, done: &Done, after: Instant) -> Option<Instant> {
        schedule
            .deadlines_for(self.prefecture)
            .iter()
            .filter(|d| !d.cancelled && !done.is_done(&d.key()))
            .flat_map(|d| d.reminders())
            .map(|r| r.at)
            .filter(|at| *at > after)
            .min()
    }

    /// Why the memory could not be saved, if it could not.
    pub fn save_error(&self) -> Option<&str> {
        self.memory.save_error()
    }
}

fn told(p: Prefecture, e: &DeadlineEvent) -> Told {
    Told {
        boundary: e.reminder.at,
        prefecture: p.code(),
        notice: e.deadline.notice.clone(),
        window: e.deadline.id.clone(),
        event: format!("deadline{}", e.reminder.days_left),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::Notice;
    use crate::time::parse_instant as t;

    fn schedule() -> Schedule {
        let mut s = Schedule::default();
        s.add(
            Notice::parse(
                "id = \"d\"\ntitle = \"t\"\nissuer = \"i\"\nissued = 2025-11-01\n[[window]]\nid = \"r\"\nkind = \"deadline\"\ndue = 2026-01-11T00:00:00+09:00\naction = \"a\"\nnationwide = true\n",
                "d.toml",
            )
            .unwrap(),
        )
        .unwrap();
        s
    }

    #[test]
    fn a_restart_and_a_clock_set_back_repeat_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let s = schedule();
        let p: Prefecture = "13".parse().unwrap();
        let done = Done::in_memory();
        let open = || Announced::open_named(dir.path(), TOLD_FILE).0;
        let mut w = DeadlineWatch::with_memory(p, t("2026-01-07T10:30+09:00").unwrap(), open());
        // Switched on after 9:00: today's reminder at once.
        let e = w.poll(&s, &done, t("2026-01-07T10:30+09:00").unwrap());
        assert_eq!(e.len(), 1);
        // Restarted the same day: not again.
        let mut w = DeadlineWatch::with_memory(p, t("2026-01-07T11:00+09:00").unwrap(), open());
        assert!(w
            .poll(&s, &done, t("2026-01-07T11:00+09:00").unwrap())
            .is_empty());
        // A suspend over two reminders: only the latest.
        let e = w.poll(&s, &done, t("2026-01-10T12:00+09:00").unwrap());
        assert_eq!(
            e.iter().map(|e| e.reminder.days_left).collect::<Vec<_>>(),
            [0]
        );
        // The clock set back a day and run forward again: nothing twice.
        assert!(w
            .poll(&s, &done, t("2026-01-09T08:00+09:00").unwrap())
            .is_empty());
        assert!(w
            .poll(&s, &done, t("2026-01-10T12:00+09:00").unwrap())
            .is_empty());
    }
}
