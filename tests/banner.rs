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
        EventKind::BeforeClosing => "before_closing".into(),
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

/// `onshi plan ARGS` run as staff run it; its stdout, after checking it succeeded.
fn onshi_plan(args: &[&str]) -> String {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_onshi"))
        .arg("plan")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("TZ")
        .output()
        .expect("run onshi");
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

const NIGHT: [&str; 6] = [
    "-p",
    "福岡",
    "--from",
    "2024-12-31T02:30+09:00",
    "--to",
    "2024-12-31T06:00+09:00",
];

#[test]
fn cli_plan_lists_the_banner_at_3_00_and_its_re_reminders_until_before_5_20() {
    let mut args = NIGHT.to_vec();
    args.extend(["--banner", "--remind-every", "5", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&onshi_plan(&args)).unwrap();
    let rows: Vec<(String, String, bool)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["at"].as_str().unwrap().to_string(),
                e["kind"].as_str().unwrap().to_string(),
                e["banner"].as_bool().unwrap(),
            )
        })
        .collect();
    let at = |s: &str| rfc3339_jst(t(s));
    let mut want = vec![
        (at("2024-12-31T02:50+09:00"), "reminder".to_string(), true),
        (at("2024-12-31T02:55+09:00"), "re_remind".to_string(), true),
        (at("2024-12-31T03:00+09:00"), "start".to_string(), true),
    ];
    for i in 1..=27 {
        let a = t("2024-12-31T03:00+09:00") + Duration::minutes(5 * i);
        want.push((rfc3339_jst(a), "re_remind".into(), true));
    }
    want.push((at("2024-12-31T05:20+09:00"), "end".into(), true));
    assert_eq!(rows, want);
    // Each re-reminder says which notice it repeats.
    let last_again = &v[29];
    assert_eq!(last_again["at"], "2024-12-31T05:15:00+09:00");
    assert_eq!(last_again["reminds"], "start");
    assert_eq!(last_again["first_at"], "2024-12-31T03:00:00+09:00");
    assert!(last_again["title"]
        .as_str()
        .unwrap()
        .starts_with("【再通知】【停止中】"));
}

#[test]
fn cli_plan_marks_banners_in_text_and_leaves_the_plain_listing_as_it_was() {
    let plain = onshi_plan(&NIGHT);
    assert!(
        !plain.contains("バナー") && !plain.contains("再通知"),
        "{plain}"
    );
    let mut args = NIGHT.to_vec();
    args.push("--banner");
    let marked = onshi_plan(&args);
    // Same notices, the banner ones marked; no re-reminders without --remind-every.
    assert_eq!(
        marked.replace("  ［バナー］", ""),
        plain,
        "only the marks differ"
    );
    let lines: Vec<&str> = marked.lines().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(lines.len(), 3, "{marked}");
    assert!(lines.iter().all(|l| l.ends_with("［バナー］")), "{marked}");
    assert!(lines[1].starts_with("12月31日(火) 3:00  【停止中】"));
    // The 60-minute reminder at 2:00 is a toast only.
    let mut early = args.clone();
    early[3] = "2024-12-31T01:30+09:00";
    let text = onshi_plan(&early);
    let two = text.lines().find(|l| l.contains(" 2:00 ")).unwrap();
    assert!(!two.contains("バナー"), "{two}");

    // JSON without --banner has no banner field, as before.
    let mut json = NIGHT.to_vec();
    json.push("--json");
    let v: serde_json::Value = serde_json::from_str(&onshi_plan(&json)).unwrap();
    assert!(v[0].get("banner").is_none());
}

#[test]
fn cli_plan_re_reminders_in_english_and_a_bad_interval_is_one_line() {
    let mut args = NIGHT.to_vec();
    args.extend(["--banner", "--remind-every", "60", "--lang", "en"]);
    let text = onshi_plan(&args);
    let again: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("[Reminder again]"))
        .collect();
    // 2:50's reminder gives way to the start at 3:00; the start is repeated at 4:00 and 5:00.
    assert_eq!(again.len(), 2, "{text}");
    assert!(again[0].starts_with("Tue 31 Dec 04:00"), "{text}");
    assert!(again[1].starts_with("Tue 31 Dec 05:00"), "{text}");
    assert!(again.iter().all(|l| l.ends_with("[banner]")));

    let o = std::process::Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(["plan", "-p", "福岡", "--from", "2024-12-31T02:30+09:00"])
        .args([
            "--to",
            "2024-12-31T06:00+09:00",
            "--banner",
            "--remind-every",
            "0",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("--remind-every") && err.contains("between 1 and 60"),
        "{err}"
    );
}

#[test]
fn an_acknowledgement_on_another_pc_stops_the_re_reminders_here() {
    use onshi::ack::{AckBook, Alert};
    let tl = Schedule::embedded().timeline(pref("福岡"));
    let events = fukuoka(SPAN.0, SPAN.1, &Reminders::default());
    let start = event_at(&events, "2024-12-31T03:00+09:00");
    let dir = tempfile::tempdir().unwrap();
    let mut one = AckBook::new("受付1", Some(dir.path().to_path_buf()));
    let mut two = AckBook::new("受付2", Some(dir.path().to_path_buf()));
    let alert = Alert::of_event(&start, &tl);
    assert!(one
        .acknowledge(&alert, t("2024-12-31T03:12+09:00"))
        .is_empty());
    assert!(two.refresh().is_empty());
    let acked = two.acked_elsewhere(&alert).map(|a| a.at);
    let left: Vec<Instant> =
        banner::pending_reminds(&start, RemindEvery::default(), acked).collect();
    assert_eq!(
        left,
        [t("2024-12-31T03:05+09:00"), t("2024-12-31T03:10+09:00")]
    );
    // Not acknowledged anywhere: every one until the end.
    assert_eq!(
        banner::pending_reminds(&start, RemindEvery::default(), None).count(),
        27
    );
}

#[test]
fn the_interval_reads_from_settings_as_minutes_and_is_checked() {
    #[derive(serde::Deserialize)]
    struct S {
        every: RemindEvery,
    }
    let s: S = toml::from_str("every = 10").unwrap();
    assert_eq!(s.every.minutes(), 10);
    let e = toml::from_str::<S>("every = 0").err().unwrap().to_string();
    assert!(e.contains("between 1 and 60"), "{e}");
}

#[test]
fn the_reminder_before_closing_raises_no_banner() {
    let r = Reminders::default().with_opening_hours("9:00-18:00".parse().unwrap());
    let events = fukuoka("2024-12-30T17:00+09:00", "2024-12-30T18:00+09:00", &r);
    assert_eq!(events.len(), 2, "{events:?}");
    for e in &events {
        assert_eq!(e.kind, EventKind::BeforeClosing);
        assert!(!onshi::banner::BannerEvents::default().wants_banner(e, &r));
    }
}
