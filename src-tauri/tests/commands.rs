//! Every command the window calls, through Tauri's mock runtime and real files on disk.

mod common;

use std::path::Path;

use common::{invoke, mock_app, state_at, App, Window};
use onshi_watch::options::Options;
use onshi_watch::settings;
use onshi_watch::state::Shared;
use serde_json::json;
use tauri::test::mock_builder;

/// The app's state as start-up builds it from `config_dir`, on a clock stopped at `at`.
fn shared(config_dir: &Path, at: &str, prefecture: Option<&str>) -> Shared {
    let options = Options {
        prefecture: prefecture.map(str::to_string),
        ..Options::default()
    };
    state_at(config_dir, &options, at).0
}

fn app(shared: Shared) -> (App, Window) {
    mock_app(mock_builder().manage(shared))
}

#[test]
fn get_view_gives_the_full_outage_with_its_steps() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(shared(dir.path(), "2024-12-31T03:30+09:00", Some("福岡")));
    let view = invoke(&w, "get_view", json!({})).unwrap();
    assert_eq!(view["state"], "full_outage");
    assert_eq!(view["state_label"], "停止中（長時間の通信断）");
    assert_eq!(view["prefecture"]["name"], "福岡県");
    assert_eq!(view["region"], "西日本エリア");
    assert_eq!(view["window"]["end"], "2024-12-31T05:20:00+09:00");
    assert_eq!(view["tick"]["countdown_seconds"], 110 * 60);
    assert_eq!(view["step_groups"][0]["phase"], "full");
    let first_step = view["step_groups"][0]["steps"][0]["text"].as_str().unwrap();
    assert!(first_step.contains("資格を確認"), "{first_step}");
    assert_eq!(view["countdown"]["label"], "終了まで");
    assert_eq!(
        view["countdown"]["target_label"],
        "12月31日(火) 5:20（予定）"
    );
    assert_eq!(view["contact"]["phone"], "0800-080-4583");
    assert_eq!(view["can_mute"], true);
    assert_eq!(view["timeline"].as_array().unwrap().len(), 2);
    assert_eq!(view["timeline"][0]["current"], true);
    assert_eq!(view["prefectures"].as_array().unwrap().len(), 47);
    assert!(view["training"].is_null());
}

#[test]
fn get_view_gives_the_chooser_during_a_window_and_no_e_prescription_steps_when_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(settings::FILE_NAME),
        "prefecture = 40\nfacility = \"clinic\"\nerx = false\n",
    )
    .unwrap();
    let (_app, w) = app(shared(dir.path(), "2024-12-31T03:30+09:00", None));
    let view = invoke(&w, "get_view", json!({})).unwrap();
    let ids: Vec<&str> = view["chooser"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "card",
            "certificate",
            "notice-with-card",
            "notice-only",
            "health-card",
            "nothing"
        ]
    );
    assert_eq!(
        view["chooser"][1]["steps"][0]["text"],
        "健康保険証・資格確認書の方は、券面で確認してください。"
    );
    let steps = view["step_groups"].to_string();
    assert!(!steps.contains("処方箋"), "{steps}");
    let contacts: Vec<&str> = view["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(contacts, ["call-center", "emergency-lookup"]);
    // Two hours before the window: no chooser yet.
    let (_app, w) = app(shared(dir.path(), "2024-12-31T01:00+09:00", None));
    let view = invoke(&w, "get_view", json!({})).unwrap();
    assert_eq!(view["chooser"], json!([]));
}

#[test]
fn not_configured_until_a_prefecture_is_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(shared(dir.path(), "2024-12-31T03:30+09:00", None));
    let view = invoke(&w, "get_view", json!({})).unwrap();
    assert_eq!(view["state"], "not_configured");
    assert!(view["prefecture"].is_null());
    assert_eq!(view["step_groups"], json!([]));
}

#[test]
fn settings_round_trip_through_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(shared(dir.path(), "2024-12-31T12:10+09:00", None));
    let view = invoke(
        &w,
        "save_settings",
        json!({"settings": {"prefecture": "13", "lang": "en", "reminders_minutes": [120, 15], "autostart": false}}),
    )
    .unwrap();
    assert_eq!(view["state"], "intermittent");
    assert_eq!(view["prefecture"]["name_en"], "Tokyo");
    assert_eq!(view["lang"], "en");
    assert_eq!(
        view["state_label"],
        "Intermittent outages (a few minutes each)"
    );

    let on_disk = settings::load(dir.path());
    assert!(on_disk.problem.is_none());
    assert_eq!(on_disk.settings.prefecture, Some(13));
    assert_eq!(on_disk.settings.reminders_minutes, vec![120, 15]);
    assert_eq!(on_disk.settings.lang, onshi::Lang::En);

    // A restart reads the same choice back.
    let (_app2, w2) = app(shared(dir.path(), "2024-12-31T12:10+09:00", None));
    let view = invoke(&w2, "get_view", json!({})).unwrap();
    assert_eq!(view["settings"]["prefecture"], 13);
    assert_eq!(view["settings"]["reminders_minutes"], json!([120, 15]));

    let view = invoke(&w2, "set_lang", json!({"lang": "ja"})).unwrap();
    assert_eq!(view["lang"], "ja");
    assert_eq!(settings::load(dir.path()).settings.lang, onshi::Lang::Ja);
}

#[test]
fn opening_hours_from_the_form_are_saved_echoed_and_cleared_back_to_the_facility_types() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(shared(dir.path(), "2026-12-03T10:00+09:00", None));
    let save = |hours: Option<&str>| {
        let mut s = json!({"prefecture": "40", "facility": "clinic", "reminders_minutes": [60], "autostart": false});
        if let Some(h) = hours {
            s["opening_hours"] = json!(h);
        }
        invoke(&w, "save_settings", json!({ "settings": s }))
    };
    // Unset: the facility type's usual hours, said as such.
    let view = save(None).unwrap();
    assert!(view["settings"]["opening_hours"].is_null());
    let usual = view["settings"]["opening_hours_label"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(usual.starts_with("月〜金"), "{usual}");

    // Typed as staff write it, with the Japanese keys: saved, read back, echoed.
    let view = save(Some(" 平日=8:30-12:30,14:00-17:30; 土=8:30-12:00 ")).unwrap();
    assert_eq!(
        view["settings"]["opening_hours"],
        "weekdays=8:30-12:30,14:00-17:30; saturday=8:30-12:00"
    );
    let label = view["settings"]["opening_hours_label"].as_str().unwrap();
    assert!(
        label.contains("8:30") && label.contains("土") && label != usual,
        "{label}"
    );
    let on_disk = settings::load(dir.path()).settings;
    assert_eq!(
        on_disk.opening_hours.unwrap().to_string(),
        "weekdays=8:30-12:30,14:00-17:30; saturday=8:30-12:00"
    );

    // Another setting saved without the field keeps them.
    let view = invoke(
        &w,
        "save_settings",
        json!({"settings": {"prefecture": "40", "reminders_minutes": [60, 10], "autostart": false}}),
    )
    .unwrap();
    assert_eq!(
        view["settings"]["opening_hours"],
        "weekdays=8:30-12:30,14:00-17:30; saturday=8:30-12:00"
    );

    // Unreadable: one Japanese line with an example, and nothing saved over them.
    let err = save(Some("平日=25:00-26:00")).unwrap_err();
    let err = err.as_str().unwrap();
    assert!(
        err.starts_with("受付時間を読めません") && err.contains("例:"),
        "{err}"
    );
    assert!(settings::load(dir.path()).settings.opening_hours.is_some());

    // Emptied: back to the facility type's usual hours.
    let view = save(Some("")).unwrap();
    assert!(view["settings"]["opening_hours"].is_null());
    assert_eq!(view["settings"]["opening_hours_label"], usual.as_str());
    assert!(settings::load(dir.path()).settings.opening_hours.is_none());
}

#[test]
fn an_invalid_prefecture_is_rejected_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(shared(dir.path(), "2024-12-31T03:30+09:00", None));
    let err = invoke(
        &w,
        "save_settings",
        json!({"settings": {"prefecture": "Atlantis", "reminders_minutes": [60], "autostart": false}}),
    )
    .unwrap_err();
    let err = err.as_str().unwrap();
    assert!(err.contains("Atlantis") && err.contains("1–47"), "{err}");
    assert!(!dir.path().join(settings::FILE_NAME).exists());

    let err = invoke(
        &w,
        "save_settings",
        json!({"settings": {"prefecture": "40", "reminders_minutes": [0], "autostart": false}}),
    )
    .unwrap_err();
    assert!(
        err.as_str().unwrap().contains("between 1 and 10080"),
        "{err}"
    );
    assert!(!dir.path().join(settings::FILE_NAME).exists());
}

#[test]
fn a_corrupt_settings_file_is_moved_aside_and_named_in_the_view() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = "prefecture = \"福岡\nlang = ???";
    std::fs::write(dir.path().join(settings::FILE_NAME), garbage).unwrap();
    let (_app, w) = app(shared(dir.path(), "2024-12-31T03:30+09:00", None));
    let view = invoke(&w, "get_view", json!({})).unwrap();
    assert_eq!(view["state"], "not_configured");
    let problems = view["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let aside = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("settings.broken-"))
        .expect("the broken file is kept under a new name");
    assert!(
        problems[0].as_str().unwrap().contains(&aside),
        "{problems:?}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(&aside)).unwrap(),
        garbage
    );
}

#[test]
fn mute_lasts_until_the_outage_ends_and_toggles_back() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(shared(dir.path(), "2024-12-31T03:30+09:00", Some("福岡")));
    let view = invoke(&w, "mute", json!({})).unwrap();
    assert_eq!(
        view["muted_until_label"],
        "12月31日(火) 5:20 まで通知を止めています"
    );
    let view = invoke(&w, "mute", json!({})).unwrap();
    assert!(view["muted_until_label"].is_null());
}

#[test]
fn open_url_refuses_anything_but_https() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(shared(dir.path(), "2024-12-31T03:30+09:00", Some("福岡")));
    let err = invoke(&w, "open_url", json!({"url": "javascript:alert(1)"})).unwrap_err();
    assert!(err.as_str().unwrap().contains("https://"), "{err}");
}

#[test]
fn switching_language_keeps_the_prefecture_given_for_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(shared(dir.path(), "2024-12-31T03:30+09:00", Some("福岡")));
    let view = invoke(&w, "set_lang", json!({"lang": "en"})).unwrap();
    assert_eq!(view["state"], "full_outage");
    assert_eq!(view["prefecture"]["code"], 40);
    // --prefecture is for this run only: nothing of it reaches the file.
    assert_eq!(settings::load(dir.path()).settings.prefecture, None);
}

/// マイナポータル down nationwide, and オン資 has a window for 東京 next week: the look, the
/// words, the place, the countdown and the tray's lines all speak of マイナポータル.
#[test]
fn the_worst_service_that_matters_decides_the_look_and_the_words() {
    let dir = tempfile::tempdir().unwrap();
    let notices = dir.path().join(onshi_watch::paths::NOTICES_DIR);
    std::fs::create_dir_all(&notices).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::copy(
        repo.join("docs/examples/2025-12-31-mynaportal-year-end.toml"),
        notices.join("portal.toml"),
    )
    .unwrap();
    std::fs::copy(
        repo.join("tests/fixtures/desk/2026-01-08-oqs-east-full.toml"),
        notices.join("oqs-next-week.toml"),
    )
    .unwrap();
    let shared = shared(dir.path(), "2026-01-01T12:00+09:00", Some("東京"));
    let tray = shared.tick().snapshot.tray;
    let (_app, w) = app(shared);
    let view = invoke(&w, "get_view", json!({})).unwrap();
    assert_eq!(view["state"], "full_outage");
    assert_eq!(
        view["state_label"],
        "マイナポータル: 停止中（長時間の通信断）"
    );
    assert_eq!(view["region"], "全国");
    assert_eq!(view["window"]["service"], "mynaportal");
    assert_eq!(view["countdown"]["label"], "終了まで");
    assert_eq!(view["countdown"]["target_label"], "1月2日(金) 3:00");
    assert_eq!(view["tick"]["countdown_seconds"], 15 * 3600);
    // オン資's own window is the next one, as the tray's next line says.
    assert_eq!(view["next_window"]["id"], "east-full");
    assert!(tray.status.contains("マイナポータル"), "{}", tray.status);
    assert!(tray.status.contains("停止中"), "{}", tray.status);
    assert!(tray.next.contains("1月8日"), "{}", tray.next);

    // Before it, マイナポータル coming up first: the next line names it, not 「次の停止予定はありません」.
    let shared2 = self::shared(dir.path(), "2025-12-31T12:00+09:00", Some("東京"));
    let tray = shared2.tick().snapshot.tray;
    assert!(tray.status.contains("マイナポータル"), "{}", tray.status);
    assert!(
        tray.next
            .starts_with("次: マイナポータル 12月31日(水) 22:00"),
        "{}",
        tray.next
    );
}
