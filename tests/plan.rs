//! The notification plan, compared with lists written out by hand from the notice.

mod common;

use common::{fixture_schedule, pref, t};
use onshi::time::rfc3339_jst;
use onshi::{plan, Event, EventKind, Reminders, Schedule, State};

use State::{FullOutage as Full, Intermittent as Inter, Normal};

/// What staff are told: when, what, from which state to which.
type Row = (&'static str, &'static str, State, State);

fn kind(e: &Event) -> String {
    match e.kind {
        EventKind::Reminder { minutes } => format!("reminder {minutes}"),
        EventKind::Start => "start".into(),
        EventKind::End => "end".into(),
        EventKind::Change => "change".into(),
        EventKind::AlreadyDown => "already_down".into(),
    }
}

fn rows(events: &[Event]) -> Vec<(String, String, State, State)> {
    events
        .iter()
        .map(|e| (rfc3339_jst(e.at), kind(e), e.from, e.to))
        .collect()
}

fn expected(rows: &[Row]) -> Vec<(String, String, State, State)> {
    rows.iter()
        .map(|(at, k, from, to)| (rfc3339_jst(t(at)), k.to_string(), *from, *to))
        .collect()
}

fn seed_plan(p: &str, from: &str, to: &str) -> Vec<Event> {
    plan(
        &Schedule::embedded(),
        pref(p),
        &Reminders::default(),
        t(from),
        t(to),
    )
}

const SPAN: (&str, &str) = ("2024-12-30T00:00+09:00", "2025-01-02T00:00+09:00");

#[test]
fn fukuoka_whole_span_by_hand() {
    // 西日本エリア: 長時間の通信断 12/31 3:00–5:20; 断続的 12/31 8:00 – 1/1 3:00.
    let want: &[Row] = &[
        ("2024-12-30T03:00+09:00", "reminder 1440", Normal, Full),
        ("2024-12-30T08:00+09:00", "reminder 1440", Normal, Inter),
        ("2024-12-31T02:00+09:00", "reminder 60", Normal, Full),
        ("2024-12-31T02:50+09:00", "reminder 10", Normal, Full),
        ("2024-12-31T03:00+09:00", "start", Normal, Full),
        ("2024-12-31T05:20+09:00", "end", Full, Normal),
        ("2024-12-31T07:00+09:00", "reminder 60", Normal, Inter),
        ("2024-12-31T07:50+09:00", "reminder 10", Normal, Inter),
        ("2024-12-31T08:00+09:00", "start", Normal, Inter),
        ("2025-01-01T03:00+09:00", "end", Inter, Normal),
    ];
    let events = seed_plan("福岡県", SPAN.0, SPAN.1);
    assert_eq!(rows(&events), expected(want));

    // What each event is about.
    let boundary: Vec<String> = events.iter().map(|e| rfc3339_jst(e.boundary)).collect();
    assert_eq!(
        boundary,
        [
            "2024-12-31T03:00:00+09:00",
            "2024-12-31T08:00:00+09:00",
            "2024-12-31T03:00:00+09:00",
            "2024-12-31T03:00:00+09:00",
            "2024-12-31T03:00:00+09:00",
            "2024-12-31T05:20:00+09:00",
            "2024-12-31T08:00:00+09:00",
            "2024-12-31T08:00:00+09:00",
            "2024-12-31T08:00:00+09:00",
            "2025-01-01T03:00:00+09:00",
        ]
    );
    let window: Vec<&str> = events.iter().map(|e| e.window.id.as_str()).collect();
    assert_eq!(
        window,
        [
            "west-full",
            "west-intermittent",
            "west-full",
            "west-full",
            "west-full",
            "west-full",
            "west-intermittent",
            "west-intermittent",
            "west-intermittent",
            "west-intermittent",
        ]
    );
    let until: Vec<Option<String>> = events.iter().map(|e| e.until.map(rfc3339_jst)).collect();
    let full_end = Some("2024-12-31T05:20:00+09:00".to_string());
    let inter_end = Some("2025-01-01T03:00:00+09:00".to_string());
    assert_eq!(
        until,
        [
            full_end.clone(),
            inter_end.clone(),
            full_end.clone(),
            full_end.clone(),
            full_end,
            // After 05:20 nothing is in force until the 08:00 start.
            Some("2024-12-31T08:00:00+09:00".to_string()),
            inter_end.clone(),
            inter_end.clone(),
            inter_end,
            None,
        ]
    );
}

#[test]
fn tokyo_whole_span_by_hand() {
    // 東日本エリア: 断続的 12/31 12:00–13:30.
    let want: &[Row] = &[
        ("2024-12-30T12:00+09:00", "reminder 1440", Normal, Inter),
        ("2024-12-31T11:00+09:00", "reminder 60", Normal, Inter),
        ("2024-12-31T11:50+09:00", "reminder 10", Normal, Inter),
        ("2024-12-31T12:00+09:00", "start", Normal, Inter),
        ("2024-12-31T13:30+09:00", "end", Inter, Normal),
    ];
    let events = seed_plan("東京都", SPAN.0, SPAN.1);
    assert_eq!(rows(&events), expected(want));
    assert!(events.iter().all(|e| e.window.id == "east-intermittent"));
    assert!(events.iter().all(|e| e.window.area.name == "東日本エリア"));
}

#[test]
fn starting_inside_a_window_says_so_once_and_replays_nothing() {
    let want: &[Row] = &[
        ("2024-12-31T04:00+09:00", "already_down", Full, Full),
        ("2024-12-31T05:20+09:00", "end", Full, Normal),
        ("2024-12-31T07:00+09:00", "reminder 60", Normal, Inter),
        ("2024-12-31T07:50+09:00", "reminder 10", Normal, Inter),
        ("2024-12-31T08:00+09:00", "start", Normal, Inter),
        ("2025-01-01T03:00+09:00", "end", Inter, Normal),
    ];
    let events = seed_plan("福岡県", "2024-12-31T04:00+09:00", SPAN.1);
    assert_eq!(rows(&events), expected(want));
    let down = &events[0];
    assert_eq!(down.window.id, "west-full");
    assert_eq!(down.until, Some(t("2024-12-31T05:20+09:00")));

    // Inside the intermittent window, just after midnight.
    let events = seed_plan("fukuoka", "2025-01-01T00:30+09:00", SPAN.1);
    assert_eq!(
        rows(&events),
        expected(&[
            ("2025-01-01T00:30+09:00", "already_down", Inter, Inter),
            ("2025-01-01T03:00+09:00", "end", Inter, Normal),
        ])
    );

    // Exactly at a start: the start is "already down", not a second event.
    let events = seed_plan("東京", "2024-12-31T12:00+09:00", SPAN.1);
    assert_eq!(
        rows(&events),
        expected(&[
            ("2024-12-31T12:00+09:00", "already_down", Inter, Inter),
            ("2024-12-31T13:30+09:00", "end", Inter, Normal),
        ])
    );
}

#[test]
fn the_span_is_from_exclusive_to_inclusive() {
    // (02:00, 03:00]: the 60-min reminder at 02:00 is the past, the start at 03:00 is in.
    let events = seed_plan("40", "2024-12-31T02:00+09:00", "2024-12-31T03:00+09:00");
    assert_eq!(
        rows(&events),
        expected(&[
            ("2024-12-31T02:50+09:00", "reminder 10", Normal, Full),
            ("2024-12-31T03:00+09:00", "start", Normal, Full),
        ])
    );
    // Nothing at all outside the notice's days, and nothing for an empty span.
    assert!(seed_plan("40", "2025-01-01T03:00+09:00", "2025-12-31T00:00+09:00").is_empty());
    assert!(seed_plan("13", "2024-12-01T00:00+09:00", "2024-12-30T11:59+09:00").is_empty());
    assert!(seed_plan("40", "2024-12-31T02:00+09:00", "2024-12-31T02:00+09:00").is_empty());
}

#[test]
fn custom_reminders_change_only_the_reminders() {
    let r = Reminders::from_minutes(&[30, 120, 30]).unwrap();
    assert_eq!(r.minutes(), [120, 30]);
    let events = plan(
        &Schedule::embedded(),
        pref("tokyo"),
        &r,
        t(SPAN.0),
        t(SPAN.1),
    );
    assert_eq!(
        rows(&events),
        expected(&[
            ("2024-12-31T10:00+09:00", "reminder 120", Normal, Inter),
            ("2024-12-31T11:30+09:00", "reminder 30", Normal, Inter),
            ("2024-12-31T12:00+09:00", "start", Normal, Inter),
            ("2024-12-31T13:30+09:00", "end", Inter, Normal),
        ])
    );
    let none = Reminders::from_minutes(&[]).unwrap();
    let events = plan(
        &Schedule::embedded(),
        pref("tokyo"),
        &none,
        t(SPAN.0),
        t(SPAN.1),
    );
    assert_eq!(events.len(), 2);
    assert!(Reminders::from_minutes(&[0]).is_err());
    assert!(Reminders::from_minutes(&[7 * 24 * 60 + 1]).is_err());
}

#[test]
fn seams_between_windows() {
    // tests/fixtures/seam/: windows for 福岡県・佐賀県 that meet at 11:00.
    let s = fixture_schedule("seam/2030-01-seams.toml");
    let events = plan(
        &s,
        pref("福岡"),
        &Reminders::default(),
        t("2030-01-01T00:00+09:00"),
        t("2030-02-01T00:00+09:00"),
    );
    let want: &[Row] = &[
        // 1/10: full 10:00–11:00 then intermittent 11:00–12:00: one Change at 11:00.
        ("2030-01-09T10:00+09:00", "reminder 1440", Normal, Full),
        ("2030-01-10T09:00+09:00", "reminder 60", Normal, Full),
        ("2030-01-10T09:50+09:00", "reminder 10", Normal, Full),
        ("2030-01-10T10:00+09:00", "start", Normal, Full),
        ("2030-01-10T11:00+09:00", "change", Full, Inter),
        ("2030-01-10T12:00+09:00", "end", Inter, Normal),
        // 1/20: intermittent 10:00–11:00 and 11:00–12:00: nothing at the seam.
        ("2030-01-19T10:00+09:00", "reminder 1440", Normal, Inter),
        ("2030-01-20T09:00+09:00", "reminder 60", Normal, Inter),
        ("2030-01-20T09:50+09:00", "reminder 10", Normal, Inter),
        ("2030-01-20T10:00+09:00", "start", Normal, Inter),
        ("2030-01-20T12:00+09:00", "end", Inter, Normal),
        // 1/30: intermittent 10:00–11:00 then full 11:00–12:00: the full outage is
        // announced (it is worse), once at the seam as a Change.
        ("2030-01-29T10:00+09:00", "reminder 1440", Normal, Inter),
        ("2030-01-29T11:00+09:00", "reminder 1440", Normal, Full),
        ("2030-01-30T09:00+09:00", "reminder 60", Normal, Inter),
        ("2030-01-30T09:50+09:00", "reminder 10", Normal, Inter),
        ("2030-01-30T10:00+09:00", "start", Normal, Inter),
        ("2030-01-30T10:00+09:00", "reminder 60", Inter, Full),
        ("2030-01-30T10:50+09:00", "reminder 10", Inter, Full),
        ("2030-01-30T11:00+09:00", "change", Inter, Full),
        ("2030-01-30T12:00+09:00", "end", Full, Normal),
    ];
    assert_eq!(rows(&events), expected(want));

    let change = events.iter().find(|e| e.kind == EventKind::Change).unwrap();
    assert_eq!(change.window.id, "full-then-intermittent-2");
    assert_eq!(change.until, Some(t("2030-01-10T12:00+09:00")));
    let end_20 = &events[10];
    assert_eq!(end_20.window.id, "same-kind-2");

    // Never two events of the same kind at one instant.
    for pair in events.windows(2) {
        assert!(
            !(pair[0].at == pair[1].at && pair[0].kind == pair[1].kind),
            "{:?} twice",
            pair[0]
        );
    }
    // 佐賀県 shares the region; 東京都 is untouched.
    assert_eq!(
        rows(&plan(
            &s,
            pref("佐賀"),
            &Reminders::default(),
            t("2030-01-01T00:00+09:00"),
            t("2030-02-01T00:00+09:00"),
        )),
        expected(want)
    );
    assert!(plan(
        &s,
        pref("東京"),
        &Reminders::default(),
        t("2030-01-01T00:00+09:00"),
        t("2030-02-01T00:00+09:00"),
    )
    .is_empty());
}

#[test]
fn starting_at_a_seam_is_already_down_in_the_new_state() {
    let s = fixture_schedule("seam/2030-01-seams.toml");
    let events = plan(
        &s,
        pref("福岡"),
        &Reminders::default(),
        t("2030-01-10T11:00+09:00"),
        t("2030-01-11T00:00+09:00"),
    );
    assert_eq!(
        rows(&events),
        expected(&[
            ("2030-01-10T11:00+09:00", "already_down", Inter, Inter),
            ("2030-01-10T12:00+09:00", "end", Inter, Normal),
        ])
    );
}
