//! The timer's memory: which events have been told, so none is told twice or lost, and a
//! jump of the clock gives the state now rather than a burst of old news.

use std::collections::HashMap;

use chrono::Duration;

use crate::announced::{Announced, Told};
use crate::plan::{plan_on, Event, EventKind, Reminders};
use crate::prefecture::Prefecture;
use crate::schedule::Schedule;
use crate::service::Service;
use crate::time::Instant;
use crate::timeline::Timeline;
use crate::window::State;

/// Longest the timer sleeps between looks at the wall clock, so a suspend or a clock
/// change is noticed within this time even when no event is near.
pub const MAX_SLEEP: std::time::Duration = std::time::Duration::from_secs(30);

/// How late (on the watch's clock) an event may be handled and still be told as it
/// is, by default. Later than this it was passed by a suspend or a clock jump.
pub fn default_grace() -> Duration {
    Duration::seconds(60)
}

/// The events that announce a down state: any of them tells staff the span it begins.
const DOWN: [&str; 3] = ["start", "change", "already_down"];

/// Follows the plan for one prefecture against a clock that may jump.
///
/// Call [`Watch::poll`] with the current wall-clock time at every wake. It remembers
/// what it told (window and event, in an [`Announced`] set that may be kept in a file
/// across restarts), not a time watermark:
///
/// - an event is told at most once, whatever the clock does: a clock set back (NTP, a
///   user fixing the time, a restart) repeats nothing already told, and still tells
///   what was not;
/// - after a jump forward or a resume from suspend (an event passed by more than the
///   grace, one minute by default), staff get the state *now*: one
///   [`EventKind::AlreadyDown`] if inside a window not yet told, one
///   [`EventKind::End`] if the outage they were told of is over — never the start and
///   end of a window that is already over;
/// - reminders for a window that has begun (or was told) are dropped, and of several
///   passed reminders for one window only the latest is kept.
///
/// ```
/// use onshi::{time::parse_instant as t, EventKind, Reminders, Schedule, Watch};
/// let mut w = Watch::new(Schedule::embedded(), "福岡".parse().unwrap(),
///     Reminders::default(), t("2024-12-31T02:55+09:00").unwrap());
/// assert!(w.start().is_empty());
/// let e = w.poll(t("2024-12-31T03:00+09:00").unwrap());
/// assert_eq!(e[0].kind, EventKind::Start);
/// // The clock is set back, then runs past 03:00 again: nothing is repeated.
/// assert!(w.poll(t("2024-12-31T02:58+09:00").unwrap()).is_empty());
/// assert!(w.poll(t("2024-12-31T03:01+09:00").unwrap()).is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct Watch {
    schedule: Schedule,
    prefecture: Prefecture,
    reminders: Reminders,
    timeline: Timeline,
    /// The instant of the last poll (or the start): the next poll looks at what fell due since.
    last: Instant,
    started: bool,
    memory: Announced,
    grace: Duration,
}

impl Watch {
    /// A watch that begins at `now`, remembering in memory only: nothing due before `now`
    /// will be given.
    pub fn new(
        schedule: Schedule,
        prefecture: Prefecture,
        reminders: Reminders,
        now: Instant,
    ) -> Watch {
        Watch::for_service(schedule, prefecture, Service::Oqs, reminders, now)
    }

    /// As [`Watch::new`], for one service's windows (マイナポータル, JPKI, …).
    pub fn for_service(
        schedule: Schedule,
        prefecture: Prefecture,
        service: Service,
        reminders: Reminders,
        now: Instant,
    ) -> Watch {
        let timeline = schedule.timeline_for(prefecture, service);
        Watch {
            schedule,
            prefecture,
            reminders,
            timeline,
            last: now,
            started: false,
            memory: Announced::in_memory(),
            grace: default_grace(),
        }
    }

    /// The same watch, remembering in `memory` (for example [`Announced::open`]ed from
    /// the config folder) what was told before.
    pub fn with_memory(mut self, memory: Announced) -> Watch {
        self.memory = memory;
        self
    }

    /// The same watch with another grace: how late an event may be handled and still
    /// be told as it is. A training clock at `speed`× needs `speed` times the default.
    pub fn with_grace(mut self, grace: Duration) -> Watch {
        self.grace = grace;
        self
    }

    /// What was told, to hand on to the next watch (another prefecture, other reminders).
    pub fn into_memory(self) -> Announced {
        self.memory
    }

    /// What was told so far.
    pub fn memory(&self) -> &Announced {
        &self.memory
    }

    /// The timeline the watch follows (built once, when the watch was made).
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The prefecture being watched.
    pub fn prefecture(&self) -> Prefecture {
        self.prefecture
    }

    /// The schedule the watch plans from (its own copy).
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// The reminder leads in use.
    pub fn reminders(&self) -> &Reminders {
        &self.reminders
    }

    /// The one "currently down" event if watching begins inside a window that staff
    /// have not been told of; empty otherwise. Only the first call returns anything.
    pub fn start(&mut self) -> Vec<Event> {
        if std::mem::replace(&mut self.started, true) {
            return Vec::new();
        }
        self.already_down(self.last).into_iter().collect()
    }

    /// What staff must hear at `now`, oldest first; each event at most once over the
    /// life of the [`Announced`] memory.
    pub fn poll(&mut self, now: Instant) -> Vec<Event> {
        self.started = true;
        let from = std::mem::replace(&mut self.last, now);
        let mut out = Vec::new();
        let mut reminders = Vec::new();
        let mut stale_ends = Vec::new();
        // A clock set back looks only at the last grace: what was due there and not told
        // is still news as it is (a clock corrected to 03:00:20 gives the 03:00 start).
        let from = if now >= from { from } else { now - self.grace };
        let due = plan_on(&self.timeline, &self.reminders, from, now);
        for e in due {
            if e.kind == EventKind::AlreadyDown || self.told(&e) {
                continue;
            }
            let fresh = now - e.at <= self.grace;
            match e.kind {
                // News only while the window it announces is ahead and not yet told.
                EventKind::Reminder { .. } | EventKind::BeforeClosing
                    if e.boundary > now && !self.span_told(e.boundary) =>
                {
                    reminders.push(e)
                }
                EventKind::Start | EventKind::Change if fresh => self.tell(e, &mut out),
                // "Back to normal" only for an outage staff were told of.
                EventKind::End if fresh && self.believed_down(e.boundary) => self.tell(e, &mut out),
                EventKind::End if fresh => {}
                EventKind::End => stale_ends.push(e),
                _ => {}
            }
        }
        // Of several reminders for one window passed while asleep, the latest says it all.
        let mut latest = HashMap::new();
        for (i, e) in reminders.iter().enumerate() {
            latest.insert(e.boundary, i);
        }
        for (i, e) in reminders.into_iter().enumerate() {
            if latest[&e.boundary] == i {
                self.tell(e, &mut out);
            }
        }
        // The state now, for what a jump or a suspend passed by.
        if self.timeline.state_at(now) != State::Normal {
            out.extend(self.already_down(now));
        } else if let Some(end) = stale_ends
            .into_iter()
            .rev()
            .find(|e| self.believed_down(e.boundary))
        {
            self.tell(end, &mut out);
        }
        // Stable: at one instant a state change comes before a reminder about a later one.
        out.sort_by_key(|e| (e.at, e.kind.is_reminder()));
        out
    }

    /// When the next event not yet told is due after the last poll, if any is scheduled.
    pub fn next_due(&self) -> Option<Instant> {
        let from = self.last;
        // Ten years ahead covers any notice anyone will publish.
        plan_on(
            &self.timeline,
            &self.reminders,
            from,
            from + Duration::days(3660),
        )
        .into_iter()
        .filter(|e| e.kind != EventKind::AlreadyDown && !self.told(e))
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

    /// One "currently down" event at `now`, if down then and that span was not told.
    fn already_down(&mut self, now: Instant) -> Option<Event> {
        let since = self.span_start(now)?;
        if self.timeline.state_at(now) == State::Normal || self.span_told(since) {
            return None;
        }
        let e = plan_on(&self.timeline, &self.reminders, now, now)
            .into_iter()
            .find(|e| e.kind == EventKind::AlreadyDown)?;
        let mut out = Vec::new();
        self.tell(e, &mut out);
        out.pop()
    }

    /// Records `e` as told and hands it out.
    fn tell(&mut self, e: Event, out: &mut Vec<Event>) {
        let key = self.key(&e);
        self.memory.record([key]);
        out.push(e);
    }

    fn key(&self, e: &Event) -> Told {
        let (event, boundary) = match e.kind {
            EventKind::Reminder { minutes } => (format!("reminder-{minutes}"), e.boundary),
            // One per window: the desk closes once before it, whatever the hours say.
            EventKind::BeforeClosing => ("before-closing".into(), e.boundary),
            EventKind::Start => ("start".into(), e.boundary),
            EventKind::End => ("end".into(), e.boundary),
            EventKind::Change => ("change".into(), e.boundary),
            // The span it announces, so a restart in the same span knows it was said.
            EventKind::AlreadyDown => (
                "already_down".into(),
                self.span_start(e.at).unwrap_or(e.boundary),
            ),
        };
        Told {
            boundary,
            prefecture: self.prefecture.code(),
            notice: e.window.notice.clone(),
            window: e.window.id.clone(),
            event,
        }
    }

    fn told(&self, e: &Event) -> bool {
        self.memory.contains(&self.key(e))
    }

    /// The instant the state in force at `t` began, if it is not the normal state from
    /// before the first window.
    fn span_start(&self, t: Instant) -> Option<Instant> {
        self.timeline
            .changes()
            .take_while(|(at, _, _)| *at <= t)
            .last()
            .map(|(at, _, _)| at)
    }

    /// Whether staff were told of the down span that begins at `b`.
    fn span_told(&self, b: Instant) -> bool {
        let p = self.prefecture.code();
        self.memory
            .iter()
            .any(|t| t.prefecture == p && t.boundary == b && DOWN.contains(&t.event.as_str()))
    }

    /// Whether staff were told of the outage that ends at `end` (any span of it).
    fn believed_down(&self, end: Instant) -> bool {
        let Some(began) = self
            .timeline
            .changes()
            .filter(|(at, before, _)| *at < end && *before == State::Normal)
            .map(|(at, _, _)| at)
            .last()
        else {
            return false;
        };
        let p = self.prefecture.code();
        self.memory.iter().any(|t| {
            t.prefecture == p
                && began <= t.boundary
                && t.boundary < end
                && DOWN.contains(&t.event.as_str())
        })
    }
}
