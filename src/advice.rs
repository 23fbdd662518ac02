//! What to do now: the groups of steps for a prefecture's status, in the order staff
//! need them.
//!
//! - a window is known and has not started → the prepare steps (from the moment it is
//!   known, not only in the last 24 hours);
//! - inside a long outage → its steps;
//! - inside intermittent cuts → their steps, then the long-outage steps their last step
//!   points to;
//! - the planned end of a window passed less than [`AFTER`] ago → what to check now, and
//!   the "later, at billing" group.

use chrono::Duration;
use serde::Serialize;

use crate::guidance::{Facility, Guidance, Lang, LocalizedStep, Phase};
use crate::status::Status;
use crate::time::Instant;
use crate::window::{State, Window};

/// How long after a window's planned end the "after" steps are shown: the desk confirms
/// the noted patients in the next working days, and billing follows.
pub const AFTER: Duration = Duration::days(7);

/// One group of steps with its heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepGroup {
    /// The phase the steps come from.
    pub phase: Phase,
    /// Whether this is the "later, at billing" part of the phase.
    pub later: bool,
    /// The heading, in the requested language.
    pub title: String,
    /// The steps, in order.
    pub steps: Vec<LocalizedStep>,
}

/// The groups of steps for `status`, given the windows that hit the prefecture (to find
/// the one that ended last) and the facility type.
///
/// ```
/// use onshi::{advice::advice, time::parse_instant as t, Guidance, Lang, Phase, Schedule};
/// let tl = Schedule::embedded().timeline("福岡".parse().unwrap());
/// // Two days ahead of the outage: the prepare steps, already.
/// let s = tl.status(t("2024-12-29T10:00+09:00").unwrap());
/// let groups = advice(&s, tl.windows(), None, Lang::Ja);
/// assert_eq!(groups[0].phase, Phase::Prepare);
/// ```
pub fn advice(
    status: &Status,
    windows: &[Window],
    facility: Option<Facility>,
    lang: Lang,
) -> Vec<StepGroup> {
    let mut phases: Vec<(Phase, &str, &str)> = Vec::new();
    match status.state {
        State::FullOutage => phases.push((
            Phase::Full,
            "停止中（長時間の通信断）にすること",
            "During the long outage",
        )),
        State::Partial => phases.push((
            Phase::Full,
            "影響を受ける方への対応（長時間の通信断と同じ）",
            "For the patients affected (as in the long outage)",
        )),
        State::Intermittent => {
            phases.push((
                Phase::Intermittent,
                "断続的な通信断の間にすること",
                "During intermittent outages",
            ));
            phases.push((
                Phase::Full,
                "それでも確認できないとき（長時間の通信断と同じ対応）",
                "If it still fails (as in the long outage)",
            ));
        }
        State::Normal => {
            if last_ended(windows, status.at).is_some_and(|w| status.at - w.end < AFTER) {
                phases.push((
                    Phase::After,
                    "終了予定のあとにすること",
                    "After the planned end",
                ));
            }
            if status.next_window.is_some() {
                phases.push((
                    Phase::Prepare,
                    "停止の前に準備すること",
                    "Before the outage",
                ));
            }
        }
    }
    let guidance = Guidance::embedded();
    let mut groups = Vec::new();
    for (phase, ja, en) in phases {
        let (later, now): (Vec<_>, Vec<_>) = guidance
            .steps(phase, facility, lang)
            .into_iter()
            .partition(|s| s.later);
        groups.push(StepGroup {
            phase,
            later: false,
            title: lang.pick(ja, en).to_string(),
            steps: now,
        });
        if !later.is_empty() {
            groups.push(StepGroup {
                phase,
                later: true,
                title: lang
                    .pick("あとで（レセプト請求のとき）", "Later, at billing")
                    .to_string(),
                steps: later,
            });
        }
    }
    groups
}

/// The window that ended last at or before `at`, if any.
pub fn last_ended(windows: &[Window], at: Instant) -> Option<&Window> {
    windows.iter().filter(|w| w.end <= at).max_by_key(|w| w.end)
}
