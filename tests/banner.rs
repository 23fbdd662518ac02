//! The banner: which events of the real seed plan raise it, and its re-reminders until the
//! window ends — compared with lists worked out by hand from the seed notice.

mod common;

use chrono::Duration;
use common::{fixture_schedule, pref, t};
use onshi::banner::{self, BannerEvents, RemindEvery};
use onshi::revision::{self, WindowVersion};
use onshi::time::{rfc3339_jst, Instant};
use onshi::{plan, Event, EventKind, Reminders, Schedule};

fn kind(e: &Event) -> String {
    match e.kind {
        EventKind::Reminder { minutes } => format!("reminder {minutes}"),
        EventKind::Start => "start".into(),
        EventKind::End => "end".into(),
        EventKind::Change => "change".into(),
        EventKind::AlreadyDown => "already_down".into(),
    }
}

fn fukuoka(from: &str, to: &str, r: &Reminders) -> Vec<Event> {
    plan(&Schedule::embedded(), pref("福岡"), r, t(from), t(to))
}

/// The (time, kind) of the events of `events` that raise a banner under `b`.
fn raised(events: &[Event], b: BannerEvents, r: &Reminders) -> Vec<(String, String)> {
    events
        .iter()
        .filter(|e| b.wants_banner(e, r))
        .map(|e| (rfc3339_jst(e.at), kind(e)))
        .collect()
}

fn rows(want: &[(&str, &str)]) -> Vec<(String, String)> {
    want.iter()
        .map(|(at, k)| (rfc3339_jst(t(at)), k.to_string()))
        .collect()
}

const SPAN: (&str, &str) = ("2024-12-30T00:00+09:00", "2025-01-02T00:00+09:00");

#[test]
fn by_default_the_seed_raises_banners_at_start_end_and_the_last_full_reminder() {
    let r = Reminders::default();
    let events = fukuoka(SPAN.0, SPAN.1, &r);
    // 西日本: full 12/31 3:00–5:20, intermittent 12/31 8:00 – 1/1 3:00. The 24 h and 60 min
    // reminders stay toasts; the 10 min one before the intermittent cuts too.
    assert_eq!(
        raised(&events, BannerEvents::default(), &r),
        rows(&[
            ("2024-12-31T02:50+09:00", "reminder 10"),
            ("2024-12-31T03:00+09:00", "start"),
            ("2024-12-31T05:20+09:00", "end"),
            ("2024-12-31T08:00+09:00", "start"),
            ("2025-01-01T03:00+09:00", "end"),
        ])
    );
}

#[test]
fn each_setting_turns_off_its_own_banners_only() {
    let r = Reminders::default();
    let events = fukuoka(SPAN.0, SPAN.1, &r);
    let no_end = BannerEvents {
        end: false,
        ..BannerEvents::default()
    };
    assert_eq!(
        raised(&events, no_end, &r),
        rows(&[
            ("2024-12-31T02:50+09:00", "reminder 10"),
            ("2024-12-31T03:00+09:00", "start"),
            ("2024-12-31T08:00+09:00", "start"),
        ])
    );
    let no_reminder = BannerEvents {
        full_outage_last_reminder: false,
        ..BannerEvents::default()
    };
    assert_eq!(raised(&events, no_reminder, &r).len(), 4);
    let no_start = BannerEvents {
        start: false,
        ..BannerEvents::default()
    };
    assert_eq!(
        raised(&events, no_start, &r),
        rows(&[
            ("2024-12-31T02:50+09:00", "reminder 10"),
            ("2024-12-31T05:20+09:00", "end"),
            ("2025-01-01T03:00+09:00", "end"),
        ])
    );
    assert!(raised(&events, BannerEvents::NONE, &r).is_empty());
}

#[test]
fn the_last_reminder_is_the_shortest_lead_in_use() {
    let r = Reminders::from_minutes(&[30, 5, 120]).unwrap();
    let events = fukuoka(SPAN.0, SPAN.1, &r);
    assert_eq!(
        raised(&events, BannerEvents::default(), &r)[0],
        (
            rfc3339_jst(t("2024-12-31T02:55+09:00")),
            "reminder 5".into()
        )
    );
    // The 10-minute lead is not the last one here: no banner for it.
    let ten = Reminders::from_minutes(&[10, 5]).unwrap();
    let events = fukuoka(SPAN.0, SPAN.1, &ten);
    let first = raised(&events, BannerEvents::default(), &ten);
    assert_eq!(first[0].1, "reminder 5");
    assert!(!first.iter().any(|(_, k)| k == "reminder 10"));
}

#[test]
fn watching_from_inside_the_outage_raises_the_banner_once() {
    let r = Reminders::default();
    let events = fukuoka("2024-12-31T04:00+09:00", "2024-12-31T06:00+09:00", &r);
    assert_eq!(
        raised(&events, BannerEvents::default(), &r),
        rows(&[
            ("2024-12-31T04:00+09:00", "already_down"),
            ("2024-12-31T05:20+09:00", "end"),
        ])
    );
}

#[test]
fn a_seam_from_full_to_intermittent_raises_a_banner_as_a_start_does() {
    let s = fixture_schedule("seam/2030-01-seams.toml");
    let r = Reminders::default();
    let events = plan(
        &s,
        pref("佐賀"),
        &r,
        t("2030-01-10T10:30+09:00"),
        t("2030-01-10T13:00+09:00"),
    );
    let change = events
        .iter()
        .find(|e| e.kind == EventKind::Change)
        .expect("a change at 11:00");
    assert!(BannerEvents::default().wants_banner(change, &r));
    let only_end = BannerEvents {
        end: true,
        ..BannerEvents::NONE
    };
    assert!(!only_end.wants_banner(change, &r));
    // Re-reminded until the intermittent span it begins ends at 12:00.
    let again: Vec<Instant> = banner::event_reminds(change, RemindEvery::default()).collect();
    assert_eq!(again.first(), Some(&t("2030-01-10T11:05+09:00")));
    assert_eq!(again.last(), Some(&t("2030-01-10T11:55+09:00")));
    assert_eq!(again.len(), 11);
}

/// The banner event of the seed plan at `at`.
fn event_at(events: &[Event], at: &str) -> Event {
    events
        .iter()
        .find(|e| e.at == t(at) && BannerEvents::default().wants_banner(e, &Reminders::default()))
        .cloned()
        .unwrap_or_else(|| panic!("no banner event at {at}"))
}

#[test]
fn the_full_outage_start_is_re_reminded_every_5_minutes_until_its_end() {
    let events = fukuoka(SPAN.0, SPAN.1, &Reminders::default());
    let start = event_at(&events, "2024-12-31T03:00+09:00");
    let again: Vec<Instant> = banner::event_reminds(&start, RemindEvery::default()).collect();
    let want: Vec<Instant> = (1..=27)
        .map(|i| t("2024-12-31T03:00+09:00") + Duration::minutes(5 * i))
        .collect();
    assert_eq!(again, want);
    assert_eq!(again.last(), Some(&t("2024-12-31T05:15+09:00")));
    // None at or after the window's end.
    assert!(again.iter().all(|a| *a < start.window.end));
}

#[test]
fn the_last_reminder_is_re_reminded_only_until_the_start_takes_over() {
    let events = fukuoka(SPAN.0, SPAN.1, &Reminders::default());
    let reminder = event_at(&events, "2024-12-31T02:50+09:00");
    let again: Vec<Instant> = banner::event_reminds(&reminder, RemindEvery::default()).collect();
    assert_eq!(again, [t("2024-12-31T02:55+09:00")]);
}

#[test]
fn an_end_is_never_re_reminded() {
    let events = fukuoka(SPAN.0, SPAN.1, &Reminders::default());
    let end = event_at(&events, "2024-12-31T05:20+09:00");
    assert_eq!(
        banner::event_reminds(&end, RemindEvery::default()).count(),
        0
    );
}

#[test]
fn the_intermittent_night_is_re_reminded_until_1_january_3_00() {
    let events = fukuoka(SPAN.0, SPAN.1, &Reminders::default());
    let start = event_at(&events, "2024-12-31T08:00+09:00");
    let every = RemindEvery::from_minutes(15).unwrap();
    let again: Vec<Instant> = banner::event_reminds(&start, every).collect();
    // 19 hours at 4 an hour, less the one at the end itself.
    assert_eq!(again.len(), 19 * 4 - 1);
    assert_eq!(again.last(), Some(&t("2025-01-01T02:45+09:00")));
}

#[test]
fn reminds_counts_from_the_first_and_stops_before_until() {
    let first = t("2024-12-31T03:00+09:00");
    let until = t("2024-12-31T03:12+09:00");
    let got: Vec<Instant> = banner::reminds(first, Duration::minutes(5), until).collect();
    assert_eq!(
        got,
        [t("2024-12-31T03:05+09:00"), t("2024-12-31T03:10+09:00")]
    );
    assert_eq!(
        banner::reminds(first, Duration::minutes(5), first).count(),
        0
    );
    assert_eq!(banner::reminds(first, Duration::zero(), until).count(), 0);
    assert_eq!(
        banner::reminds(first, Duration::minutes(-5), until).count(),
        0
    );
}

#[test]
fn the_interval_is_checked() {
    assert!(RemindEvery::from_minutes(0).is_err());
    assert!(RemindEvery::from_minutes(61)
        .unwrap_err()
        .contains("between 1 and 60"));
    assert_eq!(RemindEvery::from_minutes(1).unwrap().minutes(), 1);
}

#[test]
fn a_cancellation_raises_a_banner_re_reminded_until_the_old_end() {
    let r1 = fixture_schedule("cancel/2030-03-test-r1.toml");
    let r2 = fixture_schedule("cancel/2030-03-test-r2.toml");
    let p = pref("福岡");
    let told: Vec<WindowVersion> = r1
        .all_windows_for(p)
        .iter()
        .map(WindowVersion::of)
        .collect();
    let changes = revision::changes(&told, &r2.all_windows_for(p));
    assert_eq!(changes.len(), 1, "{changes:?}");
    let c = &changes[0];
    assert!(c.change.is_cancellation());
    assert!(BannerEvents::default().wants_revision_banner(c));
    let no_change = BannerEvents {
        change: false,
        ..BannerEvents::default()
    };
    assert!(!no_change.wants_revision_banner(c));
    assert_eq!(
        banner::revision_remind_until(c),
        t("2030-03-01T05:00+09:00")
    );
}

#[test]
fn the_setting_reads_from_toml_with_defaults_and_refuses_unknown_keys() {
    let b: BannerEvents = toml::from_str("full_outage_last_reminder = false").unwrap();
    assert_eq!(
        b,
        BannerEvents {
            full_outage_last_reminder: false,
            ..BannerEvents::default()
        }
    );
    assert_eq!(
        toml::from_str::<BannerEvents>("").unwrap(),
        BannerEvents::default()
    );
    assert!(toml::from_str::<BannerEvents>("stat = true").is_err());
}
