//! What a notification says: a title with the state, the prefecture and its area, and a
//! body with until when and the first thing to do.
//!
//! Every planned (予定) time carries 「予定」 exactly once, and a window's planned end is
//! told as that — never as "back to normal": work can overrun.

use serde::Serialize;

use crate::guidance::{Guidance, Lang, Phase};
use crate::plan::{Event, EventKind};
use crate::present;
use crate::time::{clock_label, date_time_label, duration_label, tentative_mark, Instant};
use crate::window::State;

/// The text of one OS notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// The first line: 【停止中】オンライン資格確認 福岡県（西日本エリア）.
    pub title: String,
    /// Until when, and the first thing to do.
    pub body: String,
}

/// The notification for `event`, in `lang`.
///
/// ```
/// use onshi::{plan, message::message, time::parse_instant as t, Lang, Reminders, Schedule};
/// let s = Schedule::embedded();
/// let e = &plan(&s, "福岡".parse().unwrap(), &Reminders::default(),
///     t("2024-12-31T02:59+09:00").unwrap(), t("2024-12-31T03:00+09:00").unwrap())[0];
/// let m = message(e, Lang::Ja);
/// assert_eq!(m.title, "【停止中】オンライン資格確認 福岡県（西日本エリア）");
/// assert!(m.body.starts_with("5:20まで（予定）。"));
/// ```
pub fn message(event: &Event, lang: Lang) -> Message {
    let w = &event.window;
    let place = present::place(event.prefecture, &w.area, lang);
    let planned = tentative_mark(w.tentative, lang);
    let end = event.until.map(|u| clock_or_date(event.boundary, u, lang));
    let guide = Guidance::embedded();
    let todo = |phase| guide.summary(phase, lang).to_string();

    let (title, body) = match event.kind {
        EventKind::Reminder { minutes } => {
            let lead = duration_label(chrono::Duration::minutes(minutes.into()), lang);
            let from = date_time_label(event.boundary, lang);
            let span = match (&end, lang) {
                (Some(end), Lang::Ja) => format!("{from} 〜 {end}{planned}"),
                (Some(end), Lang::En) => format!("{from} – {end}{planned}"),
                (None, Lang::Ja) => format!("{from}{planned} から"),
                (None, Lang::En) => format!("From {from}{planned}"),
            };
            match lang {
                Lang::Ja => (
                    format!(
                        "【予告】あと{lead}でオンライン資格確認が{}{planned} {place}",
                        coming_word(event.to, lang)
                    ),
                    format!("{span}。{}", todo(Phase::Prepare)),
                ),
                Lang::En => (
                    format!(
                        "[Notice] Online eligibility confirmation {} in {lead}{planned} — {place}",
                        coming_word(event.to, lang)
                    ),
                    format!("{span}. {}", todo(Phase::Prepare)),
                ),
            }
        }
        EventKind::End => {
            let at = clock_label(event.boundary, lang);
            match lang {
                Lang::Ja => (
                    format!(
                        "【{}】オンライン資格確認 {place}",
                        if w.tentative {
                            "終了予定時刻"
                        } else {
                            "終了時刻"
                        }
                    ),
                    format!(
                        "{at}{planned}の終了時刻になりました。{}",
                        todo(Phase::After)
                    ),
                ),
                Lang::En => (
                    format!(
                        "[{}] Online eligibility confirmation — {place}",
                        if w.tentative { "Planned end" } else { "End" }
                    ),
                    format!(
                        "The end time {at}{planned} has come. {}",
                        todo(Phase::After)
                    ),
                ),
            }
        }
        kind => {
            let phase = event.to.phase().unwrap_or(Phase::Full);
            let now = kind == EventKind::AlreadyDown;
            let until = match (&end, lang, now) {
                (Some(end), Lang::Ja, false) => format!("{end}まで{planned}。"),
                (Some(end), Lang::Ja, true) => format!("現在、{end}まで{planned}。"),
                (Some(end), Lang::En, false) => format!("Until {end}{planned}. "),
                (Some(end), Lang::En, true) => format!("Already in effect, until {end}{planned}. "),
                (None, Lang::Ja, true) => "現在、".to_string(),
                (None, Lang::En, true) => "Already in effect. ".to_string(),
                (None, _, false) => String::new(),
            };
            let title = match lang {
                Lang::Ja => format!(
                    "【{}】オンライン資格確認 {place}",
                    state_word(event.to, lang)
                ),
                Lang::En => format!(
                    "[{}] Online eligibility confirmation — {place}",
                    state_word(event.to, lang)
                ),
            };
            (title, format!("{until}{}", todo(phase)))
        }
    };
    Message { title, body }
}

/// The word for a state in a notification title.
fn state_word(state: State, lang: Lang) -> &'static str {
    match state {
        State::FullOutage => lang.pick("停止中", "DOWN"),
        State::Intermittent => lang.pick("断続的に停止", "INTERMITTENT"),
        State::Partial => lang.pick("一部停止", "PARTLY DOWN"),
        State::Normal => lang.pick("終了時刻", "END"),
    }
}

/// What is coming, for a reminder's title.
fn coming_word(state: State, lang: Lang) -> &'static str {
    match state {
        State::Intermittent => lang.pick("断続的に停止", "cut intermittently"),
        _ => lang.pick("停止", "down"),
    }
}

/// The end time alone when it falls on the same JST day as `from`, else with its date.
fn clock_or_date(from: Instant, t: Instant, lang: Lang) -> String {
    if crate::time::to_jst(from).date_naive() == crate::time::to_jst(t).date_naive() {
        clock_label(t, lang)
    } else {
        date_time_label(t, lang)
    }
}
