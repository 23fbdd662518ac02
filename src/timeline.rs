//! One prefecture's state over time for one service, cut into spans of constant state.

use crate::prefecture::Prefecture;
use crate::service::Service;
use crate::status::Status;
use crate::time::Instant;
use crate::window::{State, Window};

thread_local! {
    /// Timelines built and statuses worked out on this thread: (builds, statuses).
    static WORK: std::cell::Cell<(u64, u64)> = const { std::cell::Cell::new((0, 0)) };
}

/// How many timelines were built and how many statuses worked out on the calling thread
/// so far. Work a thread does once per timer wake should show up here once, not six
/// times: the app's tests check that with these counts.
pub fn work_done() -> (u64, u64) {
    WORK.with(|w| w.get())
}

fn count(builds: u64, statuses: u64) {
    WORK.with(|w| {
        let (b, s) = w.get();
        w.set((b + builds, s + statuses));
    });
}

/// The windows of one service that hit one prefecture, and the instants at which its
/// state changes. Cancelled windows are left out: they are never current nor next.
///
/// Built once from a [`crate::Schedule`]; each question is then a binary search, so
/// evaluating every minute of a year costs nanoseconds a minute.
///
/// Between two changes the state is constant: `states[i]` holds on
/// `[changes[i], changes[i + 1])`, and before the first change the state is `Normal`.
/// Two windows of the same kind back to back make one span, not two.
///
/// ```
/// use onshi::{time::parse_instant as t, Schedule, State};
/// let tl = Schedule::embedded().timeline("福岡".parse().unwrap());
/// assert_eq!(tl.state_at(t("2024-12-31T02:59:59+09:00").unwrap()), State::Normal);
/// assert_eq!(tl.state_at(t("2024-12-31T03:00:00+09:00").unwrap()), State::FullOutage);
/// assert_eq!(tl.next_change(t("2024-12-31T03:00:00+09:00").unwrap()),
///            Some(t("2024-12-31T05:20:00+09:00").unwrap()));
/// ```
#[derive(Debug, Clone)]
pub struct Timeline {
    prefecture: Prefecture,
    service: Service,
    /// Ordered by start, then end; `service`'s only, none cancelled.
    windows: Vec<Window>,
    changes: Vec<Instant>,
    /// `changes` in Unix seconds (notice times are whole seconds), so a search compares
    /// plain integers.
    change_secs: Vec<i64>,
    states: Vec<State>,
}

impl Timeline {
    /// The timeline of `service` among `windows` (all of which hit `prefecture`), in any
    /// order. Windows of other services, and cancelled ones, are left out.
    pub fn new(prefecture: Prefecture, service: Service, mut windows: Vec<Window>) -> Timeline {
        count(1, 0);
        windows.retain(|w| w.service == service && !w.cancelled);
        windows.sort_by(|a, b| (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id)));
        let mut bounds: Vec<Instant> = windows.iter().flat_map(|w| [w.start, w.end]).collect();
        bounds.sort();
        bounds.dedup();
        let (mut changes, mut states) = (Vec::new(), Vec::new());
        let mut before = State::Normal;
        for b in bounds {
            let after = state_among(&windows, b);
            if after != before {
                changes.push(b);
                states.push(after);
                before = after;
            }
        }
        let change_secs = changes.iter().map(|c| c.timestamp()).collect();
        Timeline {
            prefecture,
            service,
            windows,
            changes,
            change_secs,
            states,
        }
    }

    /// The prefecture this timeline is for.
    pub fn prefecture(&self) -> Prefecture {
        self.prefecture
    }

    /// The service this timeline is for.
    pub fn service(&self) -> Service {
        self.service
    }

    /// Every window of the service in force that hits the prefecture, ordered by start,
    /// then end.
    pub fn windows(&self) -> &[Window] {
        &self.windows
    }

    /// Each change of state as (instant, state before, state from then on), in order.
    pub fn changes(&self) -> impl Iterator<Item = (Instant, State, State)> + '_ {
        self.changes.iter().enumerate().map(|(i, at)| {
            let before = if i == 0 {
                State::Normal
            } else {
                self.states[i - 1]
            };
            (*at, before, self.states[i])
        })
    }

    /// The state at `t`.
    pub fn state_at(&self, t: Instant) -> State {
        self.span_at(t).0
    }

    /// The first instant after `t` at which the state changes, if any is scheduled.
    pub fn next_change(&self, t: Instant) -> Option<Instant> {
        self.span_at(t).1
    }

    /// The state at `t` and until when it holds, with one search.
    pub fn span_at(&self, t: Instant) -> (State, Option<Instant>) {
        // Floor to the second: exact, since every change falls on a whole second.
        self.span_at_unix(t.timestamp())
    }

    /// As [`Timeline::span_at`], for an instant given in Unix seconds — for scanning many
    /// instants without building a date-time for each.
    pub fn span_at_unix(&self, secs: i64) -> (State, Option<Instant>) {
        let i = self.change_secs.partition_point(|c| *c <= secs);
        let state = match i {
            0 => State::Normal,
            i => self.states[i - 1],
        };
        (state, self.changes.get(i).copied())
    }

    /// The full answer for `t`: state, the window that sets it, the next window, and
    /// until when the state holds.
    pub fn status(&self, at: Instant) -> Status {
        count(0, 1);
        let state = self.state_at(at);
        let window = self
            .windows
            .iter()
            .filter(|w| w.contains(at) && w.kind.state() == state)
            .max_by_key(|w| w.end)
            .cloned();
        Status {
            prefecture: self.prefecture,
            service: self.service,
            at,
            state,
            window,
            next_window: self.windows.iter().find(|w| w.start > at).cloned(),
            until: self.next_change(at),
            may_extend: self
                .windows
                .iter()
                .filter(|w| w.may_be_extended_at(at))
                .max_by_key(|w| w.may_extend_until)
                .cloned(),
            ended: match state {
                State::Normal => self
                    .windows
                    .iter()
                    .filter(|w| w.end <= at && at - w.end < crate::status::PAST_END)
                    .max_by_key(|w| w.end)
                    .cloned(),
                _ => None,
            },
        }
    }
}

/// The most severe state among the windows in force at `t`.
fn state_among(windows: &[Window], t: Instant) -> State {
    windows
        .iter()
        .filter(|w| w.contains(t))
        .map(|w| w.kind.state())
        .max()
        .unwrap_or(State::Normal)
}
