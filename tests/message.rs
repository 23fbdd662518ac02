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
            "1月1日(水) 3:00まで（予定）。数分間の通信断が断続的に起きます（ずっと止まるのではありません）。{}",
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
        format!(
            "12:00まで。数分間の通信断が断続的に起きます（ずっと止まるのではありません）。{}",
            summary(Phase::Intermittent, Lang::Ja)
        )
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

/// The seed notice as it was published (the copy the draft tests read).
fn seed_text() -> String {
    std::fs::read_to_string(common::fixture("draft/seed.txt")).unwrap()
}

#[test]
fn intermittent_reminders_and_starts_say_cuts_of_a_few_minutes_on_and_off_as_the_seed_does() {
    // The fact, in the seed: 「(2) 数分間の通信断（当該時間帯で断続的に発生）」.
    assert!(seed_text().contains("数分間の通信断（当該時間帯で断続的に発生）"));
    let cuts = "数分間の通信断が断続的に起きます（ずっと止まるのではありません）。";
    let events = plan(
        &Schedule::embedded(),
        pref("福岡県"),
        &Reminders::default().with_opening_hours("9:00-18:00".parse().unwrap()),
        t("2024-12-29T00:00+09:00"),
        t("2025-01-01T06:00+09:00"),
    );
    let intermittent: Vec<&Event> = events
        .iter()
        .filter(|e| e.to == onshi::State::Intermittent)
        .collect();
    // The 24-hour, before-closing, 60- and 10-minute reminders, and the start.
    assert_eq!(intermittent.len(), 5, "{intermittent:?}");
    for e in intermittent {
        let ja = message(e, Lang::Ja);
        assert!(ja.body.contains(cuts), "{:?}: {}", e.kind, ja.body);
        // Never the words of a total stop, nor the prepare steps of one.
        assert!(
            !ja.body.contains("が止まります"),
            "{:?}: {}",
            e.kind,
            ja.body
        );
        assert!(ja.body.contains("少し待って再試行"), "{}", ja.body);
        let en = message(e, Lang::En);
        assert!(
            en.body.contains("a few minutes at a time, on and off"),
            "{}",
            en.body
        );
    }
    // The full outage's reminders keep theirs: that one is a total stop.
    let full = events
        .iter()
        .find(|e| e.to == onshi::State::FullOutage && e.kind.is_reminder())
        .unwrap();
    assert!(message(full, Lang::Ja)
        .body
        .contains(summary(Phase::Prepare, Lang::Ja)));
}

#[test]
fn the_reminder_before_closing_says_so_and_when() {
    let events = plan(
        &Schedule::embedded(),
        pref("福岡県"),
        &Reminders::default().with_opening_hours("9:00-18:00".parse().unwrap()),
        t("2024-12-30T17:00+09:00"),
        t("2024-12-30T18:00+09:00"),
    );
    let ja: Vec<_> = events.iter().map(|e| message(e, Lang::Ja)).collect();
    assert_eq!(
        ja[0].title,
        "【予告】本日の受付終了前に: 12月31日(火) 3:00 からオンライン資格確認が停止（予定） 福岡県（西日本エリア）"
    );
    assert_eq!(
        ja[0].body,
        format!(
            "12月31日(火) 3:00 〜 5:20（予定）。{}",
            summary(Phase::Prepare, Lang::Ja)
        )
    );
    assert!(ja[1].title.starts_with(
        "【予告】本日の受付終了前に: 12月31日(火) 8:00 からオンライン資格確認が断続的に停止（予定）"
    ));
    let en = message(&events[0], Lang::En);
    assert_eq!(
        en.title,
        "[Notice] Before closing today: Online eligibility confirmation down from Tue 31 Dec 03:00 (planned) — Fukuoka (West Japan area)"
    );
}

#[test]
fn a_partial_window_is_told_as_a_part_with_whom_it_concerns() {
    let mut s = Schedule::embedded();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples");
    assert!(s.add_dir(&dir).is_empty());
    let events = onshi::plan::plan_for(
        &s,
        pref("福岡"),
        onshi::Service::Jpki,
        &Reminders::default(),
        t("2024-12-14T00:00+09:00"),
        t("2024-12-15T05:00+09:00"),
    );
    let reminder = events.iter().find(|e| e.kind.is_reminder()).unwrap();
    let ja = message(reminder, Lang::Ja);
    assert!(ja.title.contains("一部停止"), "{}", ja.title);
    assert!(
        ja.body
            .contains("止まるのは一部です。対象: マイナ保険証の利用登録がまだの患者"),
        "{}",
        ja.body
    );
    // Not the prepare words of a whole stop (「公的個人認証サービスが止まります」).
    assert!(!ja.body.contains("が止まります"), "{}", ja.body);
    let start = events.iter().find(|e| e.kind == EventKind::Start).unwrap();
    assert!(message(start, Lang::Ja)
        .body
        .contains("止まるのは一部です。対象:"));
}

#[test]
fn two_reminders_at_one_closing_time_keep_their_own_places_on_screen() {
    let events = plan(
        &Schedule::embedded(),
        pref("福岡県"),
        &Reminders::default().with_opening_hours("9:00-18:00".parse().unwrap()),
        t("2024-12-30T17:00+09:00"),
        t("2024-12-31T02:00+09:00"),
    );
    let slots: Vec<String> = events.iter().map(onshi::message::slot).collect();
    // The two before closing, each its own; the 2:00 reminder in the service's slot.
    assert_eq!(slots.len(), 3, "{slots:?}");
    assert_ne!(slots[0], slots[1]);
    assert!(slots[0].starts_with("closing:oqs:"), "{slots:?}");
    assert_eq!(slots[2], "window:oqs");
}
