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
        EventKind::BeforeClosing => "before_closing".into(),
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

// The reminder in opening hours (「本日の受付終了前に」), issue 23 item 5.

fn with_hours(text: &str) -> Reminders {
    Reminders::default().with_opening_hours(text.parse().unwrap())
}

#[test]
fn opening_hours_add_one_reminder_before_closing_and_change_nothing_else() {
    let p = pref("福岡県");
    let (from, to) = (t("2024-12-29T00:00+09:00"), t("2025-01-02T00:00+09:00"));
    let plain = plan(&Schedule::embedded(), p, &Reminders::default(), from, to);
    let hours = plan(
        &Schedule::embedded(),
        p,
        &with_hours("9:00-18:00"),
        from,
        to,
    );
    // Monday 12/30 17:30, half an hour before closing, for both windows of 12/31 (the
    // 03:00 full outage and the intermittent cuts from 08:00, before opening time).
    let closing: Vec<(String, String)> = hours
        .iter()
        .filter(|e| e.kind == EventKind::BeforeClosing)
        .map(|e| (rfc3339_jst(e.at), rfc3339_jst(e.boundary)))
        .collect();
    assert_eq!(
        closing,
        [
            (
                "2024-12-30T17:30:00+09:00".into(),
                "2024-12-31T03:00:00+09:00".into()
            ),
            (
                "2024-12-30T17:30:00+09:00".into(),
                "2024-12-31T08:00:00+09:00".into()
            ),
        ]
    );
    let rest: Vec<Event> = hours
        .into_iter()
        .filter(|e| e.kind != EventKind::BeforeClosing)
        .collect();
    assert_eq!(rest, plain);
}

#[test]
fn the_reminder_before_closing_skips_closed_days_to_the_last_open_one() {
    // Mon 2025-01-06 03:00: Sunday closed, so Saturday's 13:00 closing, or with
    // Saturday closed too, Friday's 18:00.
    let start = t("2025-01-06T03:00+09:00");
    let sat = with_hours("weekdays=9:00-18:00; saturday=9:00-13:00; sunday=closed");
    assert_eq!(sat.before_closing(start), Some(t("2025-01-04T12:30+09:00")));
    assert_eq!(
        with_hours("9:00-18:00").before_closing(start),
        Some(t("2025-01-03T17:30+09:00"))
    );
    // Tue 2025-01-14 03:00: Monday 1/13 is 成人の日, closed on holidays: Saturday 1/11.
    let start = t("2025-01-14T03:00+09:00");
    assert_eq!(sat.before_closing(start), Some(t("2025-01-11T12:30+09:00")));
    // Open on holidays in the morning: that morning it is.
    let holiday = with_hours("weekdays=9:00-18:00; holidays=9:00-12:00");
    assert_eq!(
        holiday.before_closing(start),
        Some(t("2025-01-13T11:30+09:00"))
    );
    // A lunch break: the afternoon's closing, not the morning's.
    let lunch = with_hours("weekdays=9:00-12:30,14:00-18:00");
    assert_eq!(
        lunch.before_closing(t("2024-12-31T03:00+09:00")),
        Some(t("2024-12-30T17:30+09:00"))
    );
    // A window at 13:00 with a lunch break: the morning's closing that same day… unless
    // the 60-minute reminder at 12:00 already falls in that period.
    assert_eq!(lunch.before_closing(t("2024-12-30T13:00+09:00")), None);
    // Closed all week: no reminder in opening hours at all.
    assert_eq!(with_hours("weekdays=closed").before_closing(start), None);
}

#[test]
fn no_reminder_before_closing_when_a_minute_reminder_comes_while_open() {
    // A window at 12:00 on Tuesday: the 24-hour reminder at Monday 12:00 is heard.
    let r = with_hours("9:00-18:00");
    assert_eq!(r.before_closing(t("2024-12-31T12:00+09:00")), None);
    // Without the 24-hour lead, Monday 17:30 is the one said in hours.
    let short = Reminders::from_minutes(&[60, 10])
        .unwrap()
        .with_opening_hours("9:00-18:00".parse().unwrap());
    assert_eq!(
        short.before_closing(t("2024-12-31T12:00+09:00")),
        Some(t("2024-12-30T17:30+09:00"))
    );
}

#[test]
fn plan_next_due_sees_the_reminder_before_closing() {
    let tl = Schedule::embedded().timeline(pref("福岡県"));
    let r = with_hours("9:00-18:00");
    assert_eq!(
        onshi::plan::next_due(&tl, &r, t("2024-12-30T09:00+09:00")),
        Some(t("2024-12-30T17:30+09:00"))
    );
    assert_eq!(
        onshi::plan::next_due(&tl, &Reminders::default(), t("2024-12-30T09:00+09:00")),
        Some(t("2024-12-31T02:00+09:00"))
    );
}

#[test]
fn opening_hours_are_read_in_every_form_and_refused_with_what_to_write() {
    use onshi::opening_hours::OpeningHours;
    let h: OpeningHours = "平日=9:00-18:00 土=9:00-13:00 日=休み 祝=休み"
        .parse()
        .unwrap();
    assert_eq!(h.to_string(), "weekdays=9:00-18:00; saturday=9:00-13:00");
    assert_eq!(
        h.label(onshi::Lang::Ja),
        "月〜金 9:00〜18:00、土 9:00〜13:00、日・祝 休み"
    );
    let spaced: OpeningHours = "weekdays = 9:00 - 18:00; saturday = 9:00-13:00"
        .parse()
        .unwrap();
    assert_eq!(spaced, h);
    // Thursday afternoon off, as many clinics are: a day named alone wins over weekdays.
    let thu: OpeningHours = "weekdays=9:00-18:00; thursday=9:00-12:00".parse().unwrap();
    assert_eq!(thu.to_string(), "monday=9:00-18:00; tuesday=9:00-18:00; wednesday=9:00-18:00; thursday=9:00-12:00; friday=9:00-18:00");
    for bad in [
        "9-18",
        "weekdays=18:00-9:00",
        "mondays=9:00-18:00",
        "9:00-12:00,11:00-18:00",
        "",
    ] {
        let err = bad.parse::<OpeningHours>().unwrap_err().to_string();
        assert!(err.contains("weekdays=9:00-18:00"), "{bad}: {err}");
    }
}

#[test]
fn the_reminder_before_closing_is_told_once_across_a_restart() {
    use onshi::announced::Announced;
    use onshi::Watch;
    let dir = tempfile::tempdir().unwrap();
    let watch = |now: &str| {
        let (memory, problem) = Announced::open(dir.path());
        assert_eq!(problem, None);
        Watch::new(
            Schedule::embedded(),
            pref("福岡県"),
            with_hours("9:00-18:00"),
            t(now),
        )
        .with_memory(memory)
    };
    let mut w = watch("2024-12-30T17:29+09:00");
    assert!(w.start().is_empty());
    let told = w.poll(t("2024-12-30T17:30+09:00"));
    let kinds: Vec<EventKind> = told.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EventKind::BeforeClosing, EventKind::BeforeClosing]);
    drop(w);
    // The PC restarts a minute later, its clock a little behind: nothing is said again.
    let mut again = watch("2024-12-30T17:29+09:00");
    assert!(again.start().is_empty());
    assert!(again.poll(t("2024-12-30T17:31+09:00")).is_empty());
    // The minute reminders still come.
    let next = again.poll(t("2024-12-31T02:00+09:00"));
    assert_eq!(next[0].kind, EventKind::Reminder { minutes: 60 });
}
