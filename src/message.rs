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
    let until = |lang| match event.until {
        Some(u) => match lang {
            Lang::Ja => format!("{}まで{}", clock_or_date(event.boundary, u, lang), planned),
            Lang::En => format!(
                "Until {}{}",
                clock_or_date(event.boundary, u, lang),
                planned
            ),
        },
        None => String::new(),
    };
    let guide = Guidance::embedded();
    let todo = |phase| guide.summary(phase, lang).to_string();

    let (title, body) = match (event.kind, lang) {
        (EventKind::Reminder { minutes }, Lang::Ja) => (
            format!(
                "【予告】あと{}でオンライン資格確認が{}（{}）",
                duration_label(chrono::Duration::minutes(minutes.into()), lang),
                coming_word(event.to, lang),
                area
            ),
            format!(
                "{}{} から{}。{}",
                date_time_label(event.boundary, lang),
                planned,
                until(lang),
                todo(Phase::Prepare)
            ),
        ),
        (EventKind::Reminder { minutes }, Lang::En) => (
            format!(
                "[Notice] Online eligibility confirmation {} in {} — {}",
                coming_word(event.to, lang),
                duration_label(chrono::Duration::minutes(minutes.into()), lang),
                area
            ),
            format!(
                "From {}{}. {}. {}",
                date_time_label(event.boundary, lang),
                planned,
                until(lang),
                todo(Phase::Prepare)
            ),
        ),
        (EventKind::End, Lang::Ja) => (
            format!("【再開】オンライン資格確認 {area}"),
            "通常どおりオンライン資格確認ができます。".to_string(),
        ),
        (EventKind::End, Lang::En) => (
            format!("[Back] Online eligibility confirmation — {area}"),
            "Online eligibility confirmation works as usual again.".to_string(),
        ),
        (_, _) => {
            let phase = event.to.phase().unwrap_or(Phase::Full);
            let lead = match (event.kind, lang) {
                (EventKind::AlreadyDown, Lang::Ja) => "現在、",
                (EventKind::AlreadyDown, Lang::En) => "Now: ",
                _ => "",
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
            let body = match lang {
                Lang::Ja => format!("{lead}{}。{}", until(lang), todo(phase)),
                Lang::En => format!("{lead}{}. {}", until(lang), todo(phase)),
            };
            (title, body)
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
