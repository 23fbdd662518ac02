//! What a notification says: a title with the state and area, a body with until when
//! and the first thing to do.

use serde::Serialize;

use crate::guidance::{Guidance, Lang, Phase};
use crate::plan::{Event, EventKind};
use crate::time::{clock_label, date_time_label, duration_label, tentative_mark};
use crate::window::State;

/// The text of one OS notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    pub title: String,
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
/// assert_eq!(m.title, "【停止中】オンライン資格確認 西日本エリア");
/// assert!(m.body.starts_with("5:20まで（予定）"));
/// ```
pub fn message(event: &Event, lang: Lang) -> Message {
    let w = &event.window;
    let area = w.area.label(lang);
    let planned = tentative_mark(w.tentative, lang);
    let end = event.until.map(|u| clock_or_date(event.boundary, u, lang));
    let guide = Guidance::embedded();
    let todo = |phase| guide.summary(phase, lang).to_string();

    let (title, body) = match (event.kind, lang) {
        (EventKind::Reminder { minutes }, _) => {
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
                        "【予告】あと{lead}でオンライン資格確認が{}（{area}）",
                        coming_word(event.to, lang)
                    ),
                    format!("{span}。{}", todo(Phase::Prepare)),
                ),
                Lang::En => (
                    format!(
                        "[Notice] Online eligibility confirmation {} in {lead} — {area}",
                        coming_word(event.to, lang)
                    ),
                    format!("{span}. {}", todo(Phase::Prepare)),
                ),
            }
        }
        (EventKind::End, Lang::Ja) => (
            format!("【再開】オンライン資格確認 {area}"),
            "通常どおりオンライン資格確認ができます。".to_string(),
        ),
        (EventKind::End, Lang::En) => (
            format!("[Back] Online eligibility confirmation — {area}"),
            "Online eligibility confirmation works as usual again.".to_string(),
        ),
        (kind, _) => {
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
                    "【{}】オンライン資格確認 {area}",
                    state_word(event.to, lang)
                ),
                Lang::En => format!(
                    "[{}] Online eligibility confirmation — {area}",
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
    match (state, lang) {
        (State::FullOutage, Lang::Ja) => "停止中",
        (State::FullOutage, Lang::En) => "DOWN",
        (State::Intermittent, Lang::Ja) => "断続的に停止",
        (State::Intermittent, Lang::En) => "INTERMITTENT",
        (State::Partial, Lang::Ja) => "一部停止",
        (State::Partial, Lang::En) => "PARTLY DOWN",
        (State::Normal, Lang::Ja) => "再開",
        (State::Normal, Lang::En) => "BACK",
    }
}

/// What is coming, for a reminder's title.
fn coming_word(state: State, lang: Lang) -> &'static str {
    match (state, lang) {
        (State::Intermittent, Lang::Ja) => "断続的に停止",
        (State::Intermittent, Lang::En) => "cut intermittently",
        (_, Lang::Ja) => "停止",
        (_, Lang::En) => "down",
    }
}

/// The end time alone when it falls on the same JST day as `from`, else with its date.
fn clock_or_date(from: crate::time::Instant, t: crate::time::Instant, lang: Lang) -> String {
    if crate::time::to_jst(from).date_naive() == crate::time::to_jst(t).date_naive() {
        clock_label(t, lang)
    } else {
        date_time_label(t, lang)
    }
}
