//! The text of the OS notifications for the seed notice's events.

mod common;

use common::{fixture_schedule, pref, t};
use onshi::message::message;
use onshi::{plan, Event, EventKind, Guidance, Lang, Phase, Reminders, Schedule};

/// The one event of `kind` for 福岡県 in (from, to].
fn fukuoka_event(kind: EventKind, from: &str, to: &str) -> Event {
    let events = plan(
        &Schedule::embedded(),
        pref("福岡県"),
        &Reminders::default(),
        t(from),
        t(to),
    );
    let mut of_kind = events.into_iter().filter(|e| e.kind == kind);
    let e = of_kind.next().unwrap_or_else(|| panic!("no {kind:?}"));
    assert!(of_kind.next().is_none(), "one {kind:?}");
    e
}

fn summary(phase: Phase, lang: Lang) -> &'static str {
    Guidance::embedded().summary(phase, lang)
}

#[test]
fn start_of_the_03_00_full_outage() {
    let e = fukuoka_event(
        EventKind::Start,
        "2024-12-31T02:59+09:00",
        "2024-12-31T03:00+09:00",
    );
    let ja = message(&e, Lang::Ja);
    assert_eq!(
        ja.title,
        "【停止中】オンライン資格確認 福岡県（西日本エリア）"
    );
    assert_eq!(
        ja.body,
        format!("5:20まで（予定）。{}", summary(Phase::Full, Lang::Ja))
    );
    let en = message(&e, Lang::En);
    assert_eq!(
        en.title,
        "[DOWN] Online eligibility confirmation — Fukuoka (West Japan area)"
    );
    assert_eq!(
        en.body,
        format!("Until 05:20 (planned). {}", summary(Phase::Full, Lang::En))
    );
    assert!(!summary(Phase::Full, Lang::Ja).is_empty());
}

#[test]
fn end_of_the_full_outage() {
    let e = fukuoka_event(
        EventKind::End,
        "2024-12-31T05:00+09:00",
        "2024-12-31T06:00+09:00",
    );
    let ja = message(&e, Lang::Ja);
    // The end is only planned: told as that, never as "works as usual again".
    assert_eq!(
        ja.title,
        "【終了予定時刻】オンライン資格確認 福岡県（西日本エリア）"
    );
    assert_eq!(
        ja.body,
        format!(
            "5:20（予定）の終了時刻になりました。{}",
            summary(Phase::After, Lang::Ja)
        )
    );
    assert!(ja.body.contains("10割にはしません"), "{}", ja.body);
    assert!(!ja.title.contains("再開") && !ja.body.contains("できます"));
    let en = message(&e, Lang::En);
    assert_eq!(
        en.title,
        "[Planned end] Online eligibility confirmation — Fukuoka (West Japan area)"
    );
    assert_eq!(
        en.body,
        format!(
            "The end time 05:20 (planned) has come. {}",
            summary(Phase::After, Lang::En)
        )
    );
}

#[test]
fn start_of_the_intermittent_window_across_midnight_names_the_end_date() {
    let e = fukuoka_event(
        EventKind::Start,
        "2024-12-31T07:59+09:00",
        "2024-12-31T08:00+09:00",
    );
    let ja = message(&e, Lang::Ja);
    assert_eq!(
        ja.title,
        "【断続的に停止】オンライン資格確認 福岡県（西日本エリア）"
    );
    assert!(ja.title.contains("断続的"));
    assert_eq!(
        ja.body,
        format!(
            "1月1日(水) 3:00まで（予定）。{}",
            summary(Phase::Intermittent, Lang::Ja)
        )
    );
    let en = message(&e, Lang::En);
    assert_eq!(
        en.title,
        "[INTERMITTENT] Online eligibility confirmation — Fukuoka (West Japan area)"
    );
    assert!(
        en.body.starts_with("Until Wed 1 Jan 03:00 (planned). "),
        "{}",
        en.body
    );
}

#[test]
fn change_from_full_to_intermittent() {
    let s = fixture_schedule("seam/2030-01-seams.toml");
    let events = plan(
        &s,
        pref("福岡"),
        &Reminders::default(),
        t("2030-01-10T10:30+09:00"),
        t("2030-01-10T11:00+09:00"),
    );
    let e = events.iter().find(|e| e.kind == EventKind::Change).unwrap();
    let ja = message(e, Lang::Ja);
    assert_eq!(
        ja.title,
        "【断続的に停止】オンライン資格確認 福岡県（九州テストエリア）"
    );
    // Not tentative in the fixture: no （予定）.
    assert_eq!(
        ja.body,
        format!("12:00まで。{}", summary(Phase::Intermittent, Lang::Ja))
    );
    let en = message(e, Lang::En);
    assert!(en.title.starts_with("[INTERMITTENT]"), "{}", en.title);
    assert!(en.body.starts_with("Until 12:00. "), "{}", en.body);
}

#[test]
fn reminders_say_how_long_until_what_and_where() {
    let r60 = fukuoka_event(
        EventKind::Reminder { minutes: 60 },
        "2024-12-31T01:30+09:00",
        "2024-12-31T02:30+09:00",
    );
    let ja = message(&r60, Lang::Ja);
    assert_eq!(
        ja.title,
        "【予告】あと1時間でオンライン資格確認が停止（予定） 福岡県（西日本エリア）"
    );
    assert!(
        ja.body.starts_with("12月31日(火) 3:00 〜 5:20（予定）。"),
        "{}",
        ja.body
    );
    assert!(
        ja.body.contains(summary(Phase::Prepare, Lang::Ja)),
        "{}",
        ja.body
    );
    let en = message(&r60, Lang::En);
    assert_eq!(
        en.title,
        "[Notice] Online eligibility confirmation down in 1 h (planned) — Fukuoka (West Japan area)"
    );
    assert!(
        en.body.starts_with("Tue 31 Dec 03:00 – 05:20 (planned)."),
        "{}",
        en.body
    );

    let r10 = fukuoka_event(
        EventKind::Reminder { minutes: 10 },
        "2024-12-31T07:30+09:00",
        "2024-12-31T07:55+09:00",
    );
    let ja = message(&r10, Lang::Ja);
    assert_eq!(
        ja.title,
        "【予告】あと10分でオンライン資格確認が断続的に停止（予定） 福岡県（西日本エリア）"
    );
    assert!(
        ja.body.contains("〜 1月1日(水) 3:00（予定）"),
        "{}",
        ja.body
    );

    let r1440 = fukuoka_event(
        EventKind::Reminder { minutes: 1440 },
        "2024-12-30T02:00+09:00",
        "2024-12-30T04:00+09:00",
    );
    assert_eq!(
        message(&r1440, Lang::Ja).title,
        "【予告】あと24時間でオンライン資格確認が停止（予定） 福岡県（西日本エリア）"
    );
}

#[test]
fn already_down_says_now() {
    let events = plan(
        &Schedule::embedded(),
        pref("福岡県"),
        &Reminders::default(),
        t("2024-12-31T04:00+09:00"),
        t("2024-12-31T04:00+09:00"),
    );
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(e.kind, EventKind::AlreadyDown);
    let ja = message(e, Lang::Ja);
    assert_eq!(
        ja.title,
        "【停止中】オンライン資格確認 福岡県（西日本エリア）"
    );
    assert!(
        ja.body.starts_with("現在、5:20まで（予定）。"),
        "{}",
        ja.body
    );
    assert!(ja.body.contains(summary(Phase::Full, Lang::Ja)));
    let en = message(e, Lang::En);
    assert!(en.title.starts_with("[DOWN]"), "{}", en.title);
    assert!(
        en.body
            .starts_with("Already in effect, until 05:20 (planned)."),
        "{}",
        en.body
    );
    assert!(en.body.contains("05:20 (planned)"), "{}", en.body);
}

#[test]
fn every_message_is_short_enough_for_a_notification() {
    let events = plan(
        &Schedule::embedded(),
        pref("福岡県"),
        &Reminders::default(),
        t("2024-12-29T00:00+09:00"),
        t("2025-01-02T00:00+09:00"),
    );
    for e in &events {
        for lang in [Lang::Ja, Lang::En] {
            let m = message(e, lang);
            assert!(!m.title.is_empty() && !m.body.is_empty());
            assert!(!m.title.contains('\n'), "{}", m.title);
            assert!(m.title.chars().count() <= 110, "{}", m.title);
            assert!(m.body.chars().count() <= 300, "{}", m.body);
        }
    }
}
