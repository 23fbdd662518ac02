//! `onshi ics` read back by an independent parser (Python's `icalendar`, Debian package
//! python3-icalendar): one event per window that hits the prefecture, in UTC, with stable
//! UIDs and the reminders as alarms.

mod common;

use std::process::{Command, Output};

use serde_json::Value;

fn onshi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TZ", "America/New_York") // the PC's zone must not matter
        .output()
        .expect("run onshi")
}

/// The events of `onshi ics ARGS` as Python's icalendar reads them.
fn parsed(args: &[&str]) -> Vec<Value> {
    let mut full = vec!["ics"];
    full.extend_from_slice(args);
    let out = onshi(&full);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ics = String::from_utf8(out.stdout).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    common::parsed_by_python(&ics)
}

/// The windows `onshi windows --json` lists, as (uid, start, end) in UTC.
fn windows(args: &[&str]) -> Vec<(String, String, String)> {
    let mut full = vec!["windows", "--json"];
    full.extend_from_slice(args);
    let out = onshi(&full);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let utc = |s: &Value| {
        chrono::DateTime::parse_from_rfc3339(s.as_str().unwrap())
            .unwrap()
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    v["windows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                format!(
                    "{}.{}@onshiwatch.jp",
                    w["notice"].as_str().unwrap(),
                    w["id"].as_str().unwrap()
                ),
                utc(&w["start"]),
                utc(&w["end"]),
            )
        })
        .collect()
}

fn triples(events: &[Value]) -> Vec<(String, String, String)> {
    events
        .iter()
        .map(|e| {
            (
                e["uid"].as_str().unwrap().to_string(),
                e["start"].as_str().unwrap().to_string(),
                e["end"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn one_event_per_window_that_hits_the_prefecture_in_utc() {
    for (p, extra) in [("福岡", None), ("東京", Some("tests/fixtures/extra"))] {
        let mut args = vec!["-p", p];
        if let Some(dir) = extra {
            args.extend(["--notices", dir]);
        }
        let events = parsed(&args);
        assert!(!events.is_empty());
        assert_eq!(triples(&events), windows(&args), "{p}");
        for e in &events {
            assert_eq!(e["sequence"], 1, "revision 1 until a notice says otherwise");
            assert!(e["dtstamp"].as_bool().unwrap());
            assert!(e["summary"].as_str().unwrap().starts_with("【オン資】"));
        }
    }
    // The seed's full outage in Fukuoka: 03:00–05:20 JST is 18:00–20:20 UTC the day before.
    let events = parsed(&["-p", "fukuoka"]);
    let full = events
        .iter()
        .find(|e| e["uid"] == "mhlw-2024-12-24-network-upgrade.west-full@onshiwatch.jp")
        .unwrap();
    assert_eq!(full["start"], "2024-12-30T18:00:00Z");
    assert_eq!(full["end"], "2024-12-30T20:20:00Z");
    assert_eq!(full["status"], "TENTATIVE");
}

#[test]
fn uids_are_stable_across_runs() {
    let a = parsed(&["-p", "40", "--notices", "tests/fixtures/extra"]);
    let b = parsed(&["-p", "40", "--notices", "tests/fixtures/extra"]);
    let uids = |v: &[Value]| {
        v.iter()
            .flat_map(|e| {
                std::iter::once(e["uid"].clone()).chain(
                    e["alarms"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|a| a["uid"].clone()),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(uids(&a), uids(&b));
    let mut unique = uids(&a);
    unique.sort_by_key(|v| v.to_string());
    unique.dedup();
    assert_eq!(unique.len(), uids(&a).len(), "every UID is its own");
}

#[test]
fn alarms_follow_the_reminders() {
    let seconds = |events: &[Value]| {
        events
            .iter()
            .map(|e| {
                e["alarms"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| {
                        assert_eq!(a["action"], "DISPLAY");
                        assert_eq!(a["related"], "START");
                        a["seconds"].as_i64().unwrap()
                    })
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    };
    for alarms in seconds(&parsed(&["-p", "福岡"])) {
        assert_eq!(
            alarms,
            vec![-86400, -3600, -600],
            "default: 24 h, 60 min, 10 min"
        );
    }
    for alarms in seconds(&parsed(&["-p", "福岡", "--reminders", "30,5"])) {
        assert_eq!(alarms, vec![-1800, -300]);
    }
}

#[test]
fn services_filter_the_events() {
    assert!(!parsed(&["-p", "福岡", "--service", "oqs"]).is_empty());
    assert!(parsed(&["-p", "福岡", "--service", "erx"]).is_empty());
    let out = onshi(&["ics", "-p", "福岡", "--service", "fax"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("unknown service \"fax\""), "{err}");
}

#[test]
fn a_later_revision_keeps_the_uid_and_bumps_the_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples");
    let r1 = "2024-12-20-erx-issuing-stop.toml";
    let r2 = "2024-12-20-erx-issuing-stop-r2.toml";
    std::fs::copy(examples.join(r1), dir.path().join(r1)).unwrap();
    let notices = dir.path().to_str().unwrap();
    let first = parsed(&["-p", "13", "--service", "erx", "--notices", notices]);
    std::fs::copy(examples.join(r2), dir.path().join(r2)).unwrap();
    let second = parsed(&["-p", "13", "--service", "erx", "--notices", notices]);
    assert_eq!(first.len(), 1, "{first:?}");
    assert_eq!(second.len(), 1, "{second:?}");
    assert_eq!(
        first[0]["uid"], second[0]["uid"],
        "a re-import updates the same event"
    );
    assert_eq!(first[0]["sequence"], 1);
    assert_eq!(second[0]["sequence"], 2);
    assert_ne!(
        first[0]["end"], second[0]["end"],
        "revision 2 extends the stop"
    );
}

#[test]
fn a_cancelled_window_is_an_event_with_status_cancelled() {
    let events = parsed(&["-p", "40", "--notices", "tests/fixtures/ics-cancel"]);
    let by_uid = |id: &str| {
        events
            .iter()
            .find(|e| e["uid"] == format!("test-ics-cancel.{id}@onshiwatch.jp"))
            .unwrap_or_else(|| panic!("{id} in {events:?}"))
    };
    assert_eq!(by_uid("called-off")["status"], "CANCELLED");
    assert_ne!(by_uid("kept")["status"], "CANCELLED");
    assert_eq!(by_uid("kept")["sequence"], 3);
}

#[test]
fn a_recurring_window_is_one_event_per_occurrence_with_stable_uids() {
    let args = [
        "-p",
        "13",
        "--service",
        "claims",
        "--notices",
        "docs/examples",
    ];
    let a = parsed(&args);
    let b = parsed(&args);
    let monthly: Vec<&Value> = a
        .iter()
        .filter(|e| {
            e["uid"]
                .as_str()
                .unwrap()
                .starts_with("illustration-2026-monthly-maintenance.")
        })
        .collect();
    assert_eq!(monthly.len(), 12);
    // The 1st Wednesday of each month, 18:00–21:00 JST = 09:00–12:00 UTC.
    assert_eq!(
        monthly[0]["uid"],
        "illustration-2026-monthly-maintenance.first-wednesday#20260107T1800@onshiwatch.jp"
    );
    assert_eq!(
        (monthly[0]["start"].as_str(), monthly[0]["end"].as_str()),
        (Some("2026-01-07T09:00:00Z"), Some("2026-01-07T12:00:00Z"))
    );
    assert_eq!(monthly[11]["start"], "2026-12-02T09:00:00Z");
    assert_eq!(monthly[0]["alarms"].as_array().unwrap().len(), 3);
    let uids = |v: &[Value]| v.iter().map(|e| e["uid"].clone()).collect::<Vec<_>>();
    assert_eq!(uids(&a), uids(&b), "the same UIDs at every run");
    // The same occurrences as onshi windows lists.
    let listed: Vec<_> = windows(&["-p", "13", "--notices", "docs/examples"])
        .into_iter()
        .filter(|(u, ..)| u.starts_with("illustration"))
        .collect();
    let written: Vec<_> = triples(&a)
        .into_iter()
        .filter(|(u, ..)| u.starts_with("illustration"))
        .collect();
    assert_eq!(listed, written);
}

#[test]
fn deadlines_are_all_day_events_with_lead_day_alarms_and_hours_leave_time_free() {
    let events = parsed(&[
        "-p",
        "05",
        "--service",
        "erx,claims",
        "--notices",
        "docs/examples",
    ]);
    let report = events
        .iter()
        .find(|e| e["uid"] == "mhlw-2025-09-erx-inspection-report.inspection-report@onshiwatch.jp")
        .unwrap();
    assert_eq!(report["all_day"], true);
    assert_eq!(
        (report["start"].as_str(), report["end"].as_str()),
        (Some("2026-01-10"), Some("2026-01-11"))
    );
    assert!(report["summary"]
        .as_str()
        .unwrap()
        .starts_with("【電子処方箋】期限: "));
    // 9:00 on the lead days: 30 days before 0:00 of the last day, less 9 hours.
    let leads: Vec<i64> = report["alarms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["seconds"].as_i64().unwrap())
        .collect();
    let day = 86_400;
    assert_eq!(
        leads,
        [
            -30 * day + 9 * 3600,
            -14 * day + 9 * 3600,
            -7 * day + 9 * 3600,
            -3 * day + 9 * 3600,
            -day + 9 * 3600
        ]
    );
    // The moved claims deadline: its regular UID, revision 2, on the 12th.
    let may = events
        .iter()
        .find(|e| e["uid"] == "claims-2022-monthly-deadline.monthly#20220511T0000@onshiwatch.jp")
        .unwrap();
    assert_eq!(
        (may["start"].as_str(), may["sequence"].as_i64()),
        (Some("2022-05-12"), Some(2))
    );
    // 秋田's hours: free time, no alarms, 8:00 JST = 23:00 UTC the day before.
    let hours: Vec<&Value> = events
        .iter()
        .filter(|e| e["uid"].as_str().unwrap().starts_with("akita-"))
        .collect();
    assert_eq!(hours.len(), 72);
    assert_eq!(hours[0]["start"], "2026-01-04T23:00:00Z");
    assert!(hours
        .iter()
        .all(|h| h["transparent"] == true && h["alarms"].as_array().unwrap().is_empty()));
    // Not for 東京: 秋田's hours are 秋田's.
    let tokyo = parsed(&[
        "-p",
        "13",
        "--service",
        "claims",
        "--notices",
        "docs/examples",
    ]);
    assert!(tokyo
        .iter()
        .all(|e| !e["uid"].as_str().unwrap().starts_with("akita-")));
}
