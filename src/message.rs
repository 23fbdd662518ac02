//! What a notification says: a title with the state, the service and where, and a body
//! with until when, who is affected (a partial outage) and the first thing to do.
//!
//! Every planned (予定) time carries 「予定」 exactly once, and a window's planned end is
//! told as that — never as "back to normal": work can overrun. A notice that says the
//! work may run on gets 「最大 … まで延長の可能性があります」 at the planned end.
//!
//! オン資 is named as 「オンライン資格確認 福岡県（西日本エリア）」; the other services by
//! their name and scope: 「マイナポータル（全国）」.

use serde::Serialize;

use crate::guidance::Guidance;
use crate::lang::Lang;
use crate::phase::Phase;
use crate::plan::{Event, EventKind};
use crate::prefecture::Prefecture;
use crate::present;
use crate::revision::{Change, WindowChange};
use crate::service::Service;
use crate::time::{clock_label, date_time_label, duration_label, tentative_mark, Instant};
use crate::window::{Kind, Scope, State, Window};

/// The text of one OS notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// The first line: 【停止中】オンライン資格確認 福岡県（西日本エリア）.
    pub title: String,
    /// Until when, and the first thing to do.
    pub body: String,
}

/// How insistently a notification asks for attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Slides away by itself: reminders, ends, intermittent and partial outages.
    Normal,
    /// Stays until staff close it or the app replaces it: a full outage that is on now.
    Critical,
}

/// Only a full outage that is on now is critical. A reminder of one is not: red boxes
/// that stack up before anything happened teach staff to close them unread.
///
/// ```
/// use onshi::{plan, message::{urgency, Urgency}, time::parse_instant as t, Reminders, Schedule};
/// let s = Schedule::embedded();
/// let events = plan(&s, "福岡".parse().unwrap(), &Reminders::default(),
///     t("2024-12-31T02:00+09:00").unwrap(), t("2024-12-31T06:00+09:00").unwrap());
/// let u: Vec<Urgency> = events.iter().map(urgency).collect();
/// // 02:50 reminder, 03:00 start, 05:20 end.
/// assert_eq!(u, [Urgency::Normal, Urgency::Critical, Urgency::Normal]);
/// ```
pub fn urgency(event: &Event) -> Urgency {
    match event.kind {
        EventKind::Start | EventKind::AlreadyDown | EventKind::Change
            if event.to == State::FullOutage =>
        {
            Urgency::Critical
        }
        _ => Urgency::Normal,
    }
}

/// Which notification on screen `event` takes the place of: one per service. Each new
/// notice of a service replaces its last one, so 【停止中】 does not stay on screen beside
/// the end notice hours after its phase has passed.
///
/// The reminders before closing time are the exception, one slot per window: one closing
/// time may tell of two windows (福岡's 3:00 full outage and 8:00 cuts), and the second
/// must not wipe the first off the screen the moment it shows.
pub fn slot(event: &Event) -> String {
    match event.kind {
        EventKind::BeforeClosing => format!(
            "closing:{}:{}/{}",
            event.window.service.as_str(),
            event.window.notice,
            event.window.id
        ),
        _ => format!("window:{}", event.window.service.as_str()),
    }
}

/// `message` as a drill shows it: 【訓練】 first in the title, so a training run never
/// reads as a real outage.
///
/// ```
/// use onshi::{message::{drill, Message}, Lang};
/// let m = Message { title: "【停止中】オンライン資格確認".into(), body: "…".into() };
/// assert_eq!(drill(m, Lang::Ja).title, "【訓練】【停止中】オンライン資格確認");
/// ```
pub fn drill(message: Message, lang: Lang) -> Message {
    Message {
        title: format!("{}{}", lang.pick("【訓練】", "[DRILL] "), message.title),
        body: message.body,
    }
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
    let service = w.service;
    let oqs = service == Service::Oqs;
    let place = place(event, lang);
    let planned = tentative_mark(w.tentative, lang);
    let end = event.until.map(|u| clock_or_date(event.boundary, u, lang));
    let guide = Guidance::embedded();
    // The service's own summary; a service without a guide for the phase gets the plain
    // advice to keep following what it was told.
    let todo = |phase: Phase| match guide.summary_for(service, phase, lang) {
        Some(s) => s.to_string(),
        None => lang
            .pick(
                "使えないときは、停止中と同じ対応を続けてください。",
                "If it still fails, keep following the outage steps.",
            )
            .to_string(),
    };
    // 【予告】あと1時間で{name}が停止: オン資 keeps its short name of issue 8.
    let name = if oqs {
        lang.pick("オンライン資格確認", "Online eligibility confirmation")
    } else {
        service.name(lang)
    };

    let (title, body) = match event.kind {
        EventKind::Reminder { .. } | EventKind::BeforeClosing => {
            let from = date_time_label(event.boundary, lang);
            let span = match (&end, lang) {
                (Some(end), Lang::Ja) => format!("{from} 〜 {end}{planned}"),
                (Some(end), Lang::En) => format!("{from} – {end}{planned}"),
                (None, Lang::Ja) => format!("{from}{planned} から"),
                (None, Lang::En) => format!("From {from}{planned}"),
            };
            let coming = coming_word(event.to, lang);
            let title = match (event.kind, lang) {
                (EventKind::Reminder { minutes }, _) => {
                    let lead = duration_label(chrono::Duration::minutes(minutes.into()), lang);
                    match lang {
                        Lang::Ja => format!("【予告】あと{lead}で{name}が{coming}{planned}{place}"),
                        Lang::En => format!("[Notice] {name} {coming} in {lead}{planned}{place}"),
                    }
                }
                // Said before the desk closes: the window comes when nobody is there to
                // hear the minute reminders.
                (_, Lang::Ja) => format!(
                    "【予告】本日の受付終了前に: {from} から{name}が{coming}{planned}{place}"
                ),
                (_, Lang::En) => format!(
                    "[Notice] Before closing today: {name} {coming} from {from}{planned}{place}"
                ),
            };
            // What comes, when it is not a total stop (the seed: 「数分間の通信断（当該時間帯
            // で断続的に発生）」), then what to do then; a full stop gets the prepare steps.
            let what = match event.to {
                State::FullOutage => todo(Phase::Prepare),
                State::Intermittent => format!(
                    "{}{}",
                    not_a_total_stop(w, lang),
                    guide
                        .phase_of(service, event.to)
                        .and_then(|ph| guide.summary_for(service, ph, lang))
                        .map_or_else(|| todo(Phase::Prepare), str::to_string)
                ),
                _ => format!(
                    "{}{}",
                    not_a_total_stop(w, lang),
                    lang.pick(
                        "日時と対象を受付で共有してください。",
                        "Share the times and whom it affects at the desk."
                    )
                ),
            };
            let body = match lang {
                Lang::Ja => format!("{span}。{what}"),
                Lang::En => format!("{span}. {what}"),
            };
            (title, body)
        }
        EventKind::End => {
            let at = clock_label(event.boundary, lang);
            let extension = match (w.extension_label(lang), lang) {
                (Some(x), Lang::Ja) => format!("{x}があります。"),
                (Some(x), Lang::En) => format!("It {x}. "),
                (None, _) => String::new(),
            };
            match lang {
                Lang::Ja => (
                    format!(
                        "【{}】{name}{place}",
                        if w.tentative {
                            "終了予定時刻"
                        } else {
                            "終了時刻"
                        }
                    ),
                    format!(
                        "{at}{planned}の終了時刻になりました。{extension}{}",
                        todo(Phase::After)
                    ),
                ),
                Lang::En => (
                    format!(
                        "[{}] {name}{place}",
                        if w.tentative { "Planned end" } else { "End" }
                    ),
                    format!(
                        "The end time {at}{planned} has come. {extension}{}",
                        todo(Phase::After)
                    ),
                ),
            }
        }
        kind => {
            let phase = guide
                .phase_of(service, event.to)
                .or(event.to.phase())
                .unwrap_or(Phase::Full);
            let now = kind == EventKind::AlreadyDown;
            // A possible extension of the end just told: 「、最大 … まで延長の可能性」.
            let more = match (w.extension_label(lang), event.until == Some(w.end), lang) {
                (Some(x), true, Lang::Ja) => format!("、{x}"),
                (Some(x), true, Lang::En) => format!("; it {x}"),
                _ => String::new(),
            };
            let until = match (&end, lang, now) {
                (Some(end), Lang::Ja, false) => format!("{end}まで{planned}{more}。"),
                (Some(end), Lang::Ja, true) => format!("現在、{end}まで{planned}{more}。"),
                (Some(end), Lang::En, false) => format!("Until {end}{planned}{more}. "),
                (Some(end), Lang::En, true) => {
                    format!("Already in effect, until {end}{planned}{more}. ")
                }
                (None, Lang::Ja, true) => "現在、".to_string(),
                (None, Lang::En, true) => "Already in effect. ".to_string(),
                (None, _, false) => String::new(),
            };
            let title = match lang {
                Lang::Ja => format!("【{}】{name}{place}", state_word(event.to, lang)),
                Lang::En => format!("[{}] {name}{place}", state_word(event.to, lang)),
            };
            // Not a total stop: cuts of a few minutes, on and off, or only a part, and
            // whom it concerns in the notice's words.
            let affects = match event.to {
                State::Intermittent | State::Partial => not_a_total_stop(w, lang),
                _ => String::new(),
            };
            (title, format!("{until}{affects}{}", todo(phase)))
        }
    };
    Message { title, body }
}

/// Where, after the service's name: ` 福岡県（西日本エリア）` for an area or region (the
/// prefecture named, so staff who do not know their area still see themselves),
/// `（全国）` for a nationwide window of another service, ` 東京都` for a list of
/// prefectures (the list itself is too long for a title).
fn place(event: &Event, lang: Lang) -> String {
    place_of(&event.window, event.prefecture, lang)
}

/// As [`place`], for a window and a prefecture.
fn place_of(w: &Window, prefecture: Prefecture, lang: Lang) -> String {
    let nationwide = w.scope == Scope::Nationwide && w.service != Service::Oqs;
    let sep = lang.pick(" ", " — ");
    match (&w.scope, lang) {
        (Scope::Nationwide, Lang::Ja) if nationwide => "（全国）".to_string(),
        (Scope::Nationwide, Lang::En) if nationwide => " (nationwide)".to_string(),
        (Scope::Prefectures, _) => {
            format!("{sep}{}", present::prefecture_name(prefecture, lang))
        }
        _ => format!("{sep}{}", present::place(prefecture, &w.area, lang)),
    }
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
        State::Partial => lang.pick("一部停止", "partly down"),
        _ => lang.pick("停止", "down"),
    }
}

/// What an intermittent or partial window does, so it never reads as a total stop: the
/// seed's 「数分間の通信断（当該時間帯で断続的に発生）」, or the part and whom it concerns in
/// the notice's words.
fn not_a_total_stop(w: &Window, lang: Lang) -> String {
    match (w.kind, w.service, lang) {
        (Kind::Intermittent, Service::Oqs, Lang::Ja) => {
            "数分間の通信断が断続的に起きます（ずっと止まるのではありません）。".to_string()
        }
        (Kind::Intermittent, Service::Oqs, Lang::En) => {
            "The connection drops for a few minutes at a time, on and off (not one long stop). "
                .to_string()
        }
        (Kind::Intermittent, _, Lang::Ja) => {
            "断続的に止まります（ずっと止まるのではありません）。".to_string()
        }
        (Kind::Intermittent, _, Lang::En) => {
            "It stops on and off (not one long stop). ".to_string()
        }
        (_, _, _) => match (w.affects_label(lang), lang) {
            (Some(a), Lang::Ja) => {
                format!("止まるのは一部です。対象: {}。", a.trim_end_matches('。'))
            }
            (Some(a), Lang::En) => format!(
                "Only part of it stops. Affects: {}. ",
                a.trim_end_matches('.')
            ),
            (None, Lang::Ja) => "止まるのは一部です。".to_string(),
            (None, Lang::En) => "Only part of it stops. ".to_string(),
        },
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

/// The notice for a window the desk was told about that a later revision changed:
/// 「【変更】…」 naming the old and the new times, or 「【中止】…」. `old` is the window as
/// the desk knew it.
///
/// ```
/// use onshi::revision::{compare, WindowVersion};
/// use onshi::{message::change_message, time::parse_instant as t, Lang, Schedule};
/// let s = Schedule::embedded();
/// let p = "福岡".parse().unwrap();
/// let old = s.windows_for(p)[0].clone();
/// let mut new = WindowVersion::of(&old);
/// new.end = t("2024-12-31T06:00+09:00").unwrap();
/// new.revision = 2;
/// let change = compare(&WindowVersion::of(&old), Some(&new)).unwrap();
/// let m = change_message(&change, &old, p, Lang::Ja);
/// assert_eq!(m.title, "【変更】オンライン資格確認 福岡県（西日本エリア）");
/// assert!(m.body.starts_with("12月31日(火) 3:00 〜 5:20（予定） → 12月31日(火) 3:00 〜 6:00（予定）"));
/// ```
pub fn change_message(
    change: &WindowChange,
    old: &Window,
    prefecture: Prefecture,
    lang: Lang,
) -> Message {
    let name = if old.service == Service::Oqs {
        lang.pick("オンライン資格確認", "Online eligibility confirmation")
    } else {
        old.service.name(lang)
    };
    let place = place_of(old, prefecture, lang);
    let planned = tentative_mark(old.tentative, lang);
    let span = |start: Instant, end: Instant| {
        format!("{}{planned}", crate::time::range_label(start, end, lang))
    };
    let was = span(old.start, old.end);
    let revision = |r: u32| match lang {
        Lang::Ja => format!("（第{r}版）"),
        Lang::En => format!(" (revision {r})"),
    };
    match (&change.new, change.change.is_cancellation()) {
        (new, true) => {
            let r = new
                .as_ref()
                .map(|n| revision(n.revision))
                .unwrap_or_default();
            match lang {
                Lang::Ja => Message {
                    title: format!("【中止】{name}{place}"),
                    body: format!("{was}の停止は中止になりました{r}。"),
                },
                Lang::En => Message {
                    title: format!("[CANCELLED] {name}{place}"),
                    body: format!("The outage {was} is called off{r}."),
                },
            }
        }
        (Some(new), false) => {
            let now = span(new.start, new.end);
            let r = revision(new.revision);
            let word = match change.change {
                Change::Extended => lang.pick("延長", "extended"),
                Change::Shortened => lang.pick("短縮", "shortened"),
                Change::Reinstated => lang.pick("再び実施", "on again"),
                _ => lang.pick("変更", "changed"),
            };
            match lang {
                Lang::Ja => Message {
                    title: format!("【変更】{name}{place}"),
                    body: format!("{was} → {now}（{word}）{r}。"),
                },
                Lang::En => Message {
                    title: format!("[CHANGED] {name}{place}"),
                    body: format!("{was} → {now} ({word}){r}."),
                },
            }
        }
        (None, false) => Message {
            title: format!("{}{name}{place}", lang.pick("【変更】", "[CHANGED] ")),
            body: was,
        },
    }
}
