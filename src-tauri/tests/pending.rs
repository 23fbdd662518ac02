//! 「確認待ちの患者」 through the commands the window calls (Tauri's mock runtime), with the
//! real encrypted file in a temporary config folder, and the purge at start-up.

mod common;

use common::{invoke_raw, mock_app, state_at, t, App, Window};
use onshi_watch::options::Options;
use serde_json::{json, Value};
use tauri::test::mock_builder;

const NAME: &str = "山田 花子";
const ADDRESS: &str = "福岡県福岡市中央区天神一丁目2番3号";

fn hanako() -> Value {
    json!({"name": NAME, "sex": "女", "birth": "1948-07-15", "address": ADDRESS,
           "memo": "資格確認書を忘れた"})
}

fn app_at(dir: &std::path::Path, at: &str) -> (App, Window, onshi_watch::clock::Hand) {
    let options = Options {
        prefecture: Some("福岡".into()),
        ..Options::default()
    };
    let (shared, hand) = state_at(dir, &options, at);
    let (app, w) = mock_app(mock_builder().manage(shared));
    (app, w, hand)
}

fn names(view: &Value) -> Vec<String> {
    view["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_desk_adds_a_patient_during_the_window_and_marks_them_confirmed_after() {
    let dir = tempfile::tempdir().unwrap();
    // 福岡県's full stop of the seed: 2024-12-31 3:00–5:20.
    let (_app, w, hand) = app_at(dir.path(), "2024-12-31T04:00:00+09:00");
    let view = invoke_raw(&w, "pending_list", json!({})).unwrap();
    assert_eq!(view["shown"], true, "{view}");
    assert_eq!(view["note"], Value::Null);
    assert!(names(&view).is_empty());

    let mut no_address = hanako();
    no_address["address"] = json!(" ");
    let err = invoke_raw(&w, "pending_add", json!({"entry": no_address})).unwrap_err();
    assert_eq!(err, json!("住所を入れてください。 / Enter the address."));

    let view = invoke_raw(&w, "pending_add", json!({"entry": hanako()})).unwrap();
    assert_eq!(names(&view), [NAME]);
    let entry = &view["entries"][0];
    assert_eq!(entry["address"], ADDRESS);
    assert_eq!(entry["birth"], "1948-07-15");
    assert_eq!(entry["added_label"], "12月31日(火) 4:00");
    assert!(dir.path().join("pending.enc").exists());
    assert!(
        !dir.path().join("drill").exists(),
        "not a drill: the real list"
    );

    // After the planned end: the line says what to do; weeks on, still shown while he waits.
    hand.set(t("2024-12-31T06:00:00+09:00"));
    let view = invoke_raw(&w, "pending_list", json!({})).unwrap();
    let note = view["note"].as_str().unwrap();
    assert!(
        note.starts_with("停止は12月31日(火) 5:20に終わる予定でした。"),
        "{note}"
    );
    hand.set(t("2025-01-20T09:00:00+09:00"));
    let view = invoke_raw(&w, "pending_list", json!({})).unwrap();
    assert_eq!(view["shown"], true);

    let id = view["entries"][0]["id"].as_str().unwrap().to_string();
    let view = invoke_raw(&w, "pending_done", json!({"id": id})).unwrap();
    assert!(names(&view).is_empty());
    assert_eq!(
        view["shown"], false,
        "nobody waits, no window within 7 days"
    );
    // Gone from the file too: a fresh app on the folder lists nobody.
    let (_app2, w2, _) = app_at(dir.path(), "2025-01-20T09:00:00+09:00");
    assert!(names(&invoke_raw(&w2, "pending_list", json!({})).unwrap()).is_empty());
}

#[test]
fn the_app_started_32_days_after_an_entry_purges_it() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (_app, w, _) = app_at(dir.path(), "2024-12-31T04:00:00+09:00");
        invoke_raw(&w, "pending_add", json!({"entry": hanako()})).unwrap();
    }
    // 31 days on: still there.
    let (_app, w, _) = app_at(dir.path(), "2025-01-31T04:00:00+09:00");
    assert_eq!(
        names(&invoke_raw(&w, "pending_list", json!({})).unwrap()),
        [NAME]
    );
    // 32 days on, the start purges it; the clock moved back shows it is gone from disk.
    let (_app, _w, _) = app_at(dir.path(), "2025-02-01T04:00:01+09:00");
    let (_app, w, _) = app_at(dir.path(), "2024-12-31T05:00:00+09:00");
    assert!(names(&invoke_raw(&w, "pending_list", json!({})).unwrap()).is_empty());
}

#[test]
fn a_broken_list_becomes_one_problem_in_the_window_and_the_desk_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pending.enc"), b"not ours").unwrap();
    let (_app, w, _) = app_at(dir.path(), "2024-12-31T04:00:00+09:00");
    let view = common::invoke(&w, "get_view", json!({})).unwrap();
    let problems = view["problems"].to_string();
    assert!(problems.contains("pending.broken-"), "{problems}");
    let view = invoke_raw(&w, "pending_add", json!({"entry": hanako()})).unwrap();
    assert_eq!(names(&view), [NAME]);
}
