//! Format v3 in the app, through Tauri's mock runtime and real files: deadline reminders on
//! the notification path, 「対応済み」 stopping the rest across a restart, insurers' lines in
//! the window, and a service of the clinic's own from the policy file.

mod common;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use common::{invoke, invoke_raw, mock_app, state_at, t};
use onshi_watch::clock::Hand;
use onshi_watch::options::Options;
use onshi_watch::state::Shared;
use serde_json::json;
use tauri::test::mock_builder;
use tauri::Manager;

/// The policy path is an environment variable: one test at a time sets it.
static POLICY_ENV: Mutex<()> = Mutex::new(());

fn policy_at(policy: &Path) -> MutexGuard<'static, ()> {
    let guard = POLICY_ENV.lock().unwrap_or_else(|e| e.into_inner());
    std::env::set_var(onshi::policy::PATH_ENV, policy);
    guard
}

fn root(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel)
}

const REPORT: &str = "mhlw-2025-09-erx-inspection-report/inspection-report";

fn with_examples(dir: &Path, prefecture: &str, at: &str) -> (Shared, Hand) {
    let options = Options {
        prefecture: Some(prefecture.into()),
        notices: Some(root("docs/examples")),
        ..Options::default()
    };
    state_at(dir, &options, at)
}

/// The deadline reminders a wake at `at` gives, as (due, days left, key).
fn reminders_at(shared: &Shared, hand: &Hand, at: &str) -> Vec<(String, i64, String)> {
    hand.set(t(at));
    shared
        .tick()
        .deadline_events
        .iter()
        .map(|e| {
            (
                onshi::time::rfc3339_jst(e.at),
                e.reminder.days_left,
                e.deadline.key(),
            )
        })
        .collect()
}

#[test]
fn done_stops_the_rest_of_a_deadlines_reminders_across_a_restart() {
    let _policy = policy_at(&root("tests/fixtures/own-service-undefined/none.toml"));
    let dir = tempfile::tempdir().unwrap();
    let (shared, hand) = with_examples(dir.path(), "福岡", "2026-01-07T08:00+09:00");
    assert!(reminders_at(&shared, &hand, "2026-01-07T08:00+09:00").is_empty());
    // The timer sleeps until the 9:00 reminder, not a look later.
    hand.set(t("2026-01-07T08:59:45+09:00"));
    let tick = shared.tick();
    assert_eq!(
        shared.sleep_after(&tick.snapshot),
        std::time::Duration::from_secs(15)
    );
    assert_eq!(
        reminders_at(&shared, &hand, "2026-01-07T09:00+09:00"),
        [(
            "2026-01-07T09:00:00+09:00".to_string(),
            3,
            REPORT.to_string()
        )]
    );
    assert!(
        reminders_at(&shared, &hand, "2026-01-07T09:00:30+09:00").is_empty(),
        "once"
    );

    let (_app, w) = mock_app(mock_builder().manage(shared));
    let view = invoke(&w, "get_view", json!({})).unwrap();
    let d = &view["deadlines"][0];
    assert_eq!(
        (d["key"].as_str(), d["done"].as_bool()),
        (Some(REPORT), Some(false))
    );
    assert_eq!(d["left_label"], "あと3日");
    assert_eq!(d["due_label"], "期限 1月10日(土) 24:00");
    assert_eq!(d["service_name"], "電子処方箋管理サービス");
    // A deadline is no outage: 電子処方箋 is not listed as down (the tray's "upcoming" is
    // the monthly illustration's claims window at 18:00 that day).
    assert!(view["services"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["service"] != "erx"));

    // 「対応済み」.
    let view = invoke(&w, "mark_deadline_done", json!({"key": REPORT})).unwrap();
    assert_eq!(view["deadlines"][0]["done"], true);
    assert_eq!(
        view["deadlines"][0]["done_label"],
        "1月7日(水) 9:00:30 に対応済み"
    );
    let err = invoke_raw(&w, "mark_deadline_done", json!({"key": "no/such"})).unwrap_err();
    assert!(err.as_str().unwrap().contains("no such deadline"), "{err}");

    // None of the rest: 1 day before, the last day, overdue.
    let shared = w.state::<Shared>();
    for at in [
        "2026-01-09T09:00+09:00",
        "2026-01-10T09:00+09:00",
        "2026-01-11T09:00+09:00",
    ] {
        assert!(reminders_at(&shared, &hand, at).is_empty(), "{at}");
    }
    let saved = std::fs::read_to_string(dir.path().join(onshi::done::FILE_NAME)).unwrap();
    assert!(saved.contains(REPORT), "{saved}");

    // Restarted on the last day after 9:00: still done, nothing told.
    let (again, hand) = with_examples(dir.path(), "福岡", "2026-01-10T10:00+09:00");
    assert!(reminders_at(&again, &hand, "2026-01-10T10:00+09:00").is_empty());
    let (_app, w) = mock_app(mock_builder().manage(again));
    let view = invoke(&w, "get_view", json!({})).unwrap();
    assert_eq!(view["deadlines"][0]["done"], true);

    // A PC that did not mark it is told on that same start: the day's reminder at once.
    let other = tempfile::tempdir().unwrap();
    let (shared, hand) = with_examples(other.path(), "福岡", "2026-01-10T10:00+09:00");
    assert_eq!(
        reminders_at(&shared, &hand, "2026-01-10T10:00+09:00"),
        [(
            "2026-01-10T10:00:00+09:00".to_string(),
            0,
            REPORT.to_string()
        )]
    );
}

#[test]
fn an_insurers_problem_is_a_line_in_the_window_not_an_outage() {
    let _policy = policy_at(&root("tests/fixtures/own-service-undefined/none.toml"));
    let dir = tempfile::tempdir().unwrap();
    let (shared, _hand) = with_examples(dir.path(), "熊本", "2025-07-01T10:00+09:00");
    let (_app, w) = mock_app(mock_builder().manage(shared));
    let view = invoke(&w, "get_view", json!({})).unwrap();
    assert_eq!(view["state"], "normal");
    let lines = view["insurer_lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(
        lines[0]["line"],
        "熊本市国民健康保険: 負担割合・限度額適用区分が正しく表示されないことがあります → 該当する方は保険者（熊本市）に電話で負担割合・限度額適用区分を確認する"
    );
    assert_eq!(
        lines[0]["range_label"],
        "7月1日(火) 0:00 〜 7月3日(木) 0:00"
    );
}

#[test]
fn a_service_from_the_policy_file_is_watched_and_shown_with_its_steps_and_contact() {
    let _policy = policy_at(&root("tests/fixtures/own-service/policy.toml"));
    let dir = tempfile::tempdir().unwrap();
    let options = Options {
        notices: Some(root("tests/fixtures/own-service/notices")),
        ..Options::default()
    };
    // The policy's prefecture (東京都) is the desk's.
    let (shared, hand) = state_at(dir.path(), &options, "2026-03-07T12:59+09:00");
    hand.set(t("2026-03-07T12:59+09:00"));
    let _ = shared.tick();
    hand.set(t("2026-03-07T13:00+09:00"));
    let tick = shared.tick();
    let started: Vec<String> = tick
        .events
        .iter()
        .map(|e| format!("{:?} {}", e.kind, e.window.service.as_str()))
        .collect();
    assert_eq!(
        started,
        ["Start rececom"],
        "its outage is told like any other"
    );
    let title = onshi::message::message(&tick.events[0], onshi::Lang::Ja).title;
    assert!(title.contains("レセコン（院内サーバー）"), "{title}");
    hand.set(t("2026-03-07T14:00+09:00"));
    let (_app, w) = mock_app(mock_builder().manage(shared));
    let view = invoke(&w, "get_view", json!({})).unwrap();
    let own = view["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service"] == "rececom")
        .unwrap_or_else(|| panic!("{}", view["services"]));
    assert_eq!(own["name"], "レセコン（院内サーバー）");
    assert_eq!(own["state"], "full_outage");
    let steps: Vec<&str> = own["groups"][0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "会計は手書きの領収書で行い、控えを残す",
            "復旧後、控えからレセコンに入力する"
        ]
    );
    assert_eq!(
        own["contact"],
        json!({"name": "〇〇システム サポートセンター", "phone": "0120-000-000", "hours": "平日 9:00〜18:00"})
    );
    assert!(
        view["state_label"]
            .as_str()
            .unwrap()
            .starts_with("レセコン（院内サーバー）: "),
        "{}",
        view["state_label"]
    );
}

#[test]
fn a_pasted_deadline_is_never_dropped_in_silence() {
    let _policy = policy_at(&root("tests/fixtures/own-service-undefined/none.toml"));
    let dir = tempfile::tempdir().unwrap();
    let (shared, _hand) = with_examples(dir.path(), "福岡", "2026-01-05T10:00+09:00");
    let (_app, w) = mock_app(mock_builder().manage(shared));
    // A deadline only: the form cannot hold it, and the reply says how to bring it in.
    let text = std::fs::read_to_string(root(
        "tests/fixtures/draft/shapes/erx-inspection-report.txt",
    ))
    .unwrap();
    let err = invoke_raw(&w, "draft_notice", json!({ "text": text })).unwrap_err();
    let err = err.as_str().unwrap();
    assert!(err.contains("期限") && err.contains("onshi draft"), "{err}");
    // Windows and a monthly rule: the windows fill the form, the rest is named.
    let mixed = "件名：計画停止とメンテナンス\n厚生労働省\n2025年12月1日\n\
                 2025年12月10日（水）3:00～5:00 オンライン資格確認等システムを停止します（全国）。\n\
                 毎月第1水曜日 18:00～21:00 はメンテナンスのため停止します（全国）。\n";
    let r = invoke(&w, "draft_notice", json!({ "text": mixed })).unwrap();
    assert_eq!(r["windows"].as_array().unwrap().len(), 1, "{r}");
    assert!(
        r["shapes_note"].as_str().unwrap().contains("（1件）"),
        "{r}"
    );
}
