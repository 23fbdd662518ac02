//! The notices page's commands through Tauri's mock runtime, on real folders: hand entry,
//! edit and delete, import (and refusals), 本文から読み取る, and the schedule following them.

mod common;

use std::path::{Path, PathBuf};

use common::{invoke, invoke_raw, mock_app, state_at, App, Window};
use onshi::time::parse_instant;
use onshi::Notice;
use onshi_watch::notice_files::ExtraDir;
use onshi_watch::options::Options;
use onshi_watch::state::Shared;
use serde_json::{json, Value};
use tauri::test::mock_builder;
use tauri::Manager;

fn app(config_dir: &Path, at: &str, extra: Option<&Path>) -> (App, Window) {
    let options = Options {
        prefecture: Some("福岡".into()),
        notices: extra.map(Path::to_path_buf),
        ..Options::default()
    };
    let (shared, _) = state_at(config_dir, &options, at);
    mock_app(
        mock_builder()
            .manage(shared)
            .manage(ExtraDir(options.notices.clone())),
    )
}

/// Every file in a folder (none when it does not exist), sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn form(start: &str, end: &str) -> Value {
    json!({
        "service": "oqs",
        "kind": "full",
        "start": start,
        "end": end,
        "tentative": true,
        "scope": "prefectures",
        "prefectures": [40, 41],
        "title": "回線工事に伴う停止 \"テスト\" <b>",
        "url": "https://example.org/notice",
        "memo": "",
    })
}

fn notice_rows(view: &Value) -> Vec<Value> {
    view["notices"].as_array().unwrap().clone()
}

#[test]
fn the_form_writes_a_notice_that_the_checker_accepts_and_the_app_follows() {
    let dir = tempfile::tempdir().unwrap();
    let (app, w) = app(dir.path(), "2025-01-15T09:00+09:00", None);
    let shared = app.state::<Shared>();
    assert_eq!(
        shared.lock().status(shared.clock.now()).unwrap().state,
        onshi::State::Normal
    );

    let saved = invoke(
        &w,
        "save_manual",
        json!({"form": form("2025-01-15T10:00", "2025-01-15T12:00")}),
    )
    .unwrap();
    let path = PathBuf::from(saved["path"].as_str().unwrap());
    assert_eq!(path.parent().unwrap(), dir.path().join("notices"));
    assert_eq!(path.file_name().unwrap(), "manual-20250115-1000-oqs.toml");
    // The same validator as `onshi check`, on the file as written.
    let notice = Notice::from_file(&path).unwrap();
    assert_eq!(notice.id, "manual-20250115-1000-oqs");
    assert_eq!(notice.title, "回線工事に伴う停止 \"テスト\" <b>");
    assert_eq!(notice.revision, 1);
    assert_eq!(notice.issued.to_string(), "2025-01-15");
    let win = &notice.windows[0];
    assert_eq!(
        onshi::time::rfc3339_jst(win.start),
        "2025-01-15T10:00:00+09:00"
    );
    assert_eq!(
        onshi::time::rfc3339_jst(win.end),
        "2025-01-15T12:00:00+09:00"
    );
    assert!(win.tentative);
    assert_eq!(win.area.name, "福岡県・佐賀県");
    assert_eq!(
        notice.sources[0].url.as_deref(),
        Some("https://example.org/notice")
    );
    // No temporary file left beside it.
    assert_eq!(
        files(&dir.path().join("notices")),
        ["manual-20250115-1000-oqs.toml"]
    );

    // The page lists it as entered by hand, with its window for 福岡県.
    let rows = notice_rows(&saved["notices"]);
    let row = rows
        .iter()
        .find(|r| r["id"] == "manual-20250115-1000-oqs")
        .unwrap();
    assert_eq!(row["origin"], "manual");
    assert_eq!(row["origin_label"], "手入力");
    assert_eq!(row["manual_id"], "20250115-1000-oqs");
    assert_eq!(
        row["windows"][0]["range_label"],
        "1月15日(水) 10:00 〜 12:00（予定）"
    );
    let builtin = rows
        .iter()
        .find(|r| r["id"] == "mhlw-2024-12-24-network-upgrade")
        .unwrap();
    assert_eq!(builtin["origin"], "embedded");
    assert_eq!(builtin["origin_label"], "組み込み");
    assert_eq!(builtin["manual_id"], Value::Null);

    // The schedule and the watch follow at once: the window is next, its reminder planned.
    let now = shared.clock.now();
    let status = shared.lock().status(now).unwrap();
    assert_eq!(
        status.next_window.as_ref().unwrap().notice,
        "manual-20250115-1000-oqs"
    );
    let view = invoke_raw(&w, "get_view", json!({})).unwrap();
    assert_eq!(
        view["view"]["next_window"]["notice_id"],
        "manual-20250115-1000-oqs"
    );
    let next_due = shared.lock().watch.as_ref().unwrap().next_due().unwrap();
    assert_eq!(
        onshi::time::rfc3339_jst(next_due),
        "2025-01-15T09:50:00+09:00"
    );
}

#[test]
fn a_bad_form_is_refused_with_line_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(dir.path(), "2025-01-15T09:00+09:00", None);
    // Ends before it starts: Notice::parse names the `end` line of the file it would write.
    let err = invoke(
        &w,
        "save_manual",
        json!({"form": form("2025-01-15T12:00", "2025-01-15T10:00")}),
    )
    .unwrap_err();
    let err = err.as_str().unwrap();
    assert!(err.contains("manual-20250115-1200-oqs.toml:"), "{err}");
    assert!(err.contains("end must be after start"), "{err}");
    let (line, col) = line_col(err);
    assert!(line > 1 && col >= 1, "{err}");
    // A link that is not https.
    let mut bad = form("2025-01-15T10:00", "2025-01-15T12:00");
    bad["url"] = json!("http://example.org/x");
    let err = invoke(&w, "save_manual", json!({ "form": bad })).unwrap_err();
    assert!(
        err.as_str().unwrap().contains("must start with https://"),
        "{err}"
    );
    // Partial with no `affects`; an empty start.
    let mut bad = form("2025-01-15T10:00", "2025-01-15T12:00");
    bad["kind"] = json!("partial");
    let err = invoke(&w, "save_manual", json!({ "form": bad })).unwrap_err();
    assert!(err.as_str().unwrap().contains("affects"), "{err}");
    let err = invoke(
        &w,
        "save_manual",
        json!({"form": form("", "2025-01-15T12:00")}),
    )
    .unwrap_err();
    assert!(err.as_str().unwrap().contains("開始日時"), "{err}");
    assert!(files(&dir.path().join("notices")).is_empty());
}

/// `FILE:LINE:COLUMN: …` → (LINE, COLUMN).
fn line_col(err: &str) -> (usize, usize) {
    let rest = &err[err.find(".toml:").unwrap() + 6..];
    let mut parts = rest.splitn(3, ':');
    (
        parts.next().unwrap().parse().unwrap(),
        parts.next().unwrap().parse().unwrap(),
    )
}

#[test]
fn an_area_and_a_partial_window_round_trip_through_edit() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(dir.path(), "2025-01-15T09:00+09:00", None);
    let mut f = form("2025-02-01T22:00", "2025-02-02T06:00");
    f["scope"] = json!("area");
    f["area"] = json!("west");
    f["kind"] = json!("partial");
    f["affects"] = json!("利用者証明用電子証明書を更新した患者");
    f["service"] = json!("jpki");
    f["url"] = json!("");
    f["memo"] = json!("FAXで受領（1月10日）");
    let saved = invoke(&w, "save_manual", json!({ "form": f })).unwrap();
    let id = "20250201-2200-jpki";
    let path = dir.path().join("notices").join(format!("manual-{id}.toml"));
    assert_eq!(saved["path"], path.display().to_string());
    let n = Notice::from_file(&path).unwrap();
    assert_eq!(n.windows[0].area.name, "西日本エリア");
    assert!(n.windows[0].hits("福岡".parse().unwrap()));
    assert_eq!(n.sources[0].label, "FAXで受領（1月10日）");
    assert_eq!(n.sources[0].url, None);

    let back = invoke(&w, "read_manual", json!({ "id": id })).unwrap();
    assert_eq!(back["id"], id);
    assert_eq!(back["scope"], "area");
    assert_eq!(back["area"], "west");
    assert_eq!(back["kind"], "partial");
    assert_eq!(back["service"], "jpki");
    assert_eq!(back["start"], "2025-02-01 22:00");
    assert_eq!(back["end"], "2025-02-02 06:00");
    assert_eq!(back["memo"], "FAXで受領（1月10日）");
    assert_eq!(back["affects"], "利用者証明用電子証明書を更新した患者");

    // Edit: the same file, the next revision, the new end.
    let mut edited = back.clone();
    edited["end"] = json!("2025-02-02T08:00");
    invoke(&w, "save_manual", json!({ "form": edited })).unwrap();
    assert_eq!(
        files(&dir.path().join("notices")),
        [format!("manual-{id}.toml")]
    );
    let n = Notice::from_file(&path).unwrap();
    assert_eq!(n.revision, 2);
    assert_eq!(
        onshi::time::rfc3339_jst(n.windows[0].end),
        "2025-02-02T08:00:00+09:00"
    );
}

#[test]
fn delete_and_edit_touch_hand_entered_files_only() {
    let dir = tempfile::tempdir().unwrap();
    let notices = dir.path().join("notices");
    std::fs::create_dir_all(&notices).unwrap();
    let other = notices.join("2025-01-20-imported.toml");
    std::fs::write(&other, EXTRA.replace("ID", "imported-one")).unwrap();
    std::fs::write(dir.path().join("settings.toml"), "lang = \"ja\"\n").unwrap();
    let (_app, w) = app(dir.path(), "2025-01-15T09:00+09:00", None);
    invoke(
        &w,
        "save_manual",
        json!({"form": form("2025-01-15T10:00", "2025-01-15T12:00")}),
    )
    .unwrap();

    let view = invoke(&w, "list_notices", json!({})).unwrap();
    let rows = notice_rows(&view);
    let imported = rows.iter().find(|r| r["id"] == "imported-one").unwrap();
    assert_eq!(imported["origin"], "folder");
    assert_eq!(imported["manual_id"], Value::Null);

    for bad in [
        "../settings",
        "../../etc/passwd",
        "/etc/passwd",
        "x/../../settings",
        "2025-01-20-imported",
        "..",
        "",
        "A",
        "-rf",
    ] {
        let err = invoke(&w, "delete_manual", json!({ "id": bad })).unwrap_err();
        assert!(err.is_string(), "{bad}: {err}");
        let err = invoke(&w, "read_manual", json!({ "id": bad })).unwrap_err();
        assert!(err.is_string(), "{bad}: {err}");
        let mut f = form("2025-01-15T10:00", "2025-01-15T12:00");
        f["id"] = json!(bad);
        invoke(&w, "save_manual", json!({ "form": f })).unwrap_err();
    }
    assert!(other.exists() && dir.path().join("settings.toml").exists());
    assert_eq!(
        files(&notices),
        ["2025-01-20-imported.toml", "manual-20250115-1000-oqs.toml"]
    );

    let gone = invoke(&w, "delete_manual", json!({"id": "20250115-1000-oqs"})).unwrap();
    assert!(notice_rows(&gone["notices"])
        .iter()
        .all(|r| r["id"] != "manual-20250115-1000-oqs"));
    assert_eq!(files(&notices), ["2025-01-20-imported.toml"]);
    // Deleting it again says so.
    let err = invoke(&w, "delete_manual", json!({"id": "20250115-1000-oqs"})).unwrap_err();
    assert!(
        err.as_str()
            .unwrap()
            .contains("manual-20250115-1000-oqs.toml"),
        "{err}"
    );
}

const EXTRA: &str = r#"id = "ID"
title = "取り込むお知らせ"
issuer = "テスト"
issued = 2025-01-10

[[window]]
id = "w1"
kind = "intermittent"
prefectures = ["福岡県"]
start = 2025-01-20T10:00:00+09:00
end = 2025-01-20T11:00:00+09:00

[[window]]
id = "w2"
kind = "full"
prefectures = ["北海道"]
start = 2025-01-21T10:00:00+09:00
end = 2025-01-21T11:00:00+09:00
"#;

#[test]
fn a_broken_import_is_refused_with_line_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let (_app, w) = app(dir.path(), "2025-01-15T09:00+09:00", None);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/broken");
    for (name, at) in [("unknown-region.toml", ":15:10:"), ("bad-syntax.toml", ":")] {
        let path = fixtures.join(name);
        let expected = Notice::from_file(&path).unwrap_err();
        for cmd in ["preview_import", "import_notice"] {
            let err = invoke(&w, cmd, json!({"path": path.display().to_string()})).unwrap_err();
            let err = err.as_str().unwrap();
            // Japanese first (the app's default), the place as FILE:LINE:COLUMN.
            assert_eq!(err, expected.label(onshi::Lang::Ja), "{cmd} {name}");
            assert!(err.contains(at) && expected.line > 0, "{err}");
            assert!(err.contains("行目") && err.contains("直してから"), "{err}");
        }
    }
    // In English mode, exactly as `onshi check` says it.
    let en_dir = tempfile::tempdir().unwrap();
    std::fs::write(en_dir.path().join("settings.toml"), "lang = \"en\"\n").unwrap();
    let (_en_app, en) = app(en_dir.path(), "2025-01-15T09:00+09:00", None);
    let path = fixtures.join("unknown-kind.toml");
    let err = invoke(
        &en,
        "preview_import",
        json!({"path": path.display().to_string()}),
    )
    .unwrap_err();
    assert_eq!(err, Notice::from_file(&path).unwrap_err().to_string());
    let err = invoke(&en, "preview_import", json!({"path": ""})).unwrap_err();
    assert_eq!(err, "Choose a file to import");
    // Not a notice at all, a missing file, no path.
    let garbage = src.path().join("garbage.toml");
    std::fs::write(&garbage, [0xff, 0xfe, 0x00]).unwrap();
    for (p, want) in [
        (garbage.clone(), "UTF-8 のテキストではありません"),
        (src.path().join("missing.toml"), "ファイルを読めません"),
        (PathBuf::new(), "取り込むファイルを選んでください"),
    ] {
        let err = invoke(
            &w,
            "import_notice",
            json!({"path": p.display().to_string()}),
        )
        .unwrap_err();
        assert!(err.as_str().unwrap().contains(want), "{err}");
    }
    assert!(
        !dir.path().join("notices").exists(),
        "{:?}",
        files(&dir.path().join("notices"))
    );
}

#[test]
fn an_import_shows_what_it_changes_then_copies_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let (app, w) = app(dir.path(), "2025-01-15T09:00+09:00", None);
    let first = src.path().join("2025-01-20-lines.toml");
    std::fs::write(&first, EXTRA.replace("ID", "lines")).unwrap();
    let p = invoke(
        &w,
        "preview_import",
        json!({"path": first.display().to_string()}),
    )
    .unwrap();
    assert_eq!(p["change"], "new");
    assert_eq!(p["file_name"], "2025-01-20-lines.toml");
    // Only the window that hits 福岡県; the 北海道 one is counted, not listed.
    assert_eq!(p["windows"].as_array().unwrap().len(), 1);
    assert_eq!(p["windows"][0]["range_label"], "1月20日(月) 10:00 〜 11:00");
    assert_eq!(p["other_windows"], 1);
    assert!(
        !dir.path().join("notices").exists(),
        "a preview writes nothing"
    );

    let done = invoke(
        &w,
        "import_notice",
        json!({"path": first.display().to_string()}),
    )
    .unwrap();
    let dest = dir.path().join("notices/2025-01-20-lines.toml");
    assert_eq!(done["path"], dest.display().to_string());
    assert_eq!(
        std::fs::read(&dest).unwrap(),
        std::fs::read(&first).unwrap()
    );
    let shared = app.state::<Shared>();
    let at = parse_instant("2025-01-20T10:30+09:00").unwrap();
    assert_eq!(
        shared.lock().status(at).unwrap().state,
        onshi::State::Intermittent
    );

    // The same file again: refused, the one copied stays as it is.
    let err = invoke(
        &w,
        "import_notice",
        json!({"path": first.display().to_string()}),
    )
    .unwrap_err();
    assert!(
        err.as_str().unwrap().contains("2025-01-20-lines.toml"),
        "{err}"
    );

    // Revision 2 under another name: it replaces revision 1, and its window is cancelled.
    let second = src.path().join("2025-01-20-lines-r2.toml");
    let r2 = EXTRA
        .replace("ID", "lines")
        .replace("issued = 2025-01-10", "issued = 2025-01-10\nrevision = 2")
        .replacen(
            "kind = \"intermittent\"",
            "kind = \"intermittent\"\ncancelled = true",
            1,
        );
    std::fs::write(&second, r2).unwrap();
    let p = invoke(
        &w,
        "preview_import",
        json!({"path": second.display().to_string()}),
    )
    .unwrap();
    assert_eq!(p["change"], "replaces");
    assert_eq!(p["change_label"], "第1版を置き換えます（第2版）");
    assert_eq!(p["windows"][0]["cancelled"], true);
    invoke(
        &w,
        "import_notice",
        json!({"path": second.display().to_string()}),
    )
    .unwrap();
    assert_eq!(
        shared.lock().status(at).unwrap().state,
        onshi::State::Normal
    );
    let view = invoke(&w, "list_notices", json!({})).unwrap();
    let rows: Vec<Value> = notice_rows(&view)
        .into_iter()
        .filter(|r| r["id"] == "lines")
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .any(|r| r["revision"] == 2 && r["in_force"] == true));
    assert!(rows
        .iter()
        .any(|r| r["revision"] == 1 && r["in_force"] == false));

    // Same id, same revision under a third name: refused as every load would.
    let third = src.path().join("copy.toml");
    std::fs::write(&third, EXTRA.replace("ID", "lines")).unwrap();
    let err = invoke(
        &w,
        "preview_import",
        json!({"path": third.display().to_string()}),
    )
    .unwrap_err();
    assert!(err.as_str().unwrap().contains("第1版"), "{err}");
    // A file named like a hand-entered one is not taken for one.
    let sneaky = src.path().join("manual-x.toml");
    std::fs::write(&sneaky, EXTRA.replace("ID", "sneaky")).unwrap();
    let done = invoke(
        &w,
        "import_notice",
        json!({"path": sneaky.display().to_string()}),
    )
    .unwrap();
    assert!(
        done["path"]
            .as_str()
            .unwrap()
            .ends_with("imported-manual-x.toml"),
        "{done}"
    );
    let row = notice_rows(&done["notices"])
        .into_iter()
        .find(|r| r["id"] == "sneaky")
        .unwrap();
    assert_eq!(row["origin"], "folder");
}

#[test]
fn a_notices_dir_given_at_start_is_read_again_at_every_reload() {
    let dir = tempfile::tempdir().unwrap();
    let extra = tempfile::tempdir().unwrap();
    std::fs::write(extra.path().join("a.toml"), EXTRA.replace("ID", "from-dir")).unwrap();
    let (_app, w) = app(dir.path(), "2025-01-15T09:00+09:00", Some(extra.path()));
    let saved = invoke(
        &w,
        "save_manual",
        json!({"form": form("2025-01-15T10:00", "2025-01-15T12:00")}),
    )
    .unwrap();
    let rows = notice_rows(&saved["notices"]);
    let row = rows
        .iter()
        .find(|r| r["id"] == "from-dir")
        .expect("the --notices folder is still read");
    assert_eq!(row["origin"], "folder");
    assert_eq!(row["origin_label"], "フォルダ");
}

#[test]
fn pasted_text_becomes_forms_with_what_to_check() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(dir.path(), "2024-12-20T09:00+09:00", None);
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/draft/seed.txt"),
    )
    .unwrap();
    let r = invoke(&w, "draft_notice", json!({ "text": seed })).unwrap();
    let windows = r["windows"].as_array().unwrap();
    assert_eq!(windows.len(), 3, "{r}");
    // The seed's areas are the built-in 西日本/東日本: each window names that area.
    let scopes: Vec<(String, String)> = windows
        .iter()
        .map(|w| {
            (
                w["form"]["scope"].as_str().unwrap().into(),
                w["form"]["area"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        scopes.contains(&("area".into(), "west".into())),
        "{scopes:?}"
    );
    assert!(
        scopes.contains(&("area".into(), "east".into())),
        "{scopes:?}"
    );
    let first = &windows[0]["form"];
    assert_eq!(first["start"], "2024-12-31 03:00");
    assert_eq!(first["end"], "2024-12-31 05:20");
    assert_eq!(first["tentative"], true);

    // A weekday that does not match its date: start and end are marked, with the reason.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/e2e/paste-notice.txt"),
    )
    .unwrap();
    let r = invoke(&w, "draft_notice", json!({ "text": text })).unwrap();
    let fill = &r["windows"][0];
    assert!(
        fill["review"]["start"].as_str().unwrap().contains("曜日"),
        "{fill}"
    );
    assert!(fill["review"].get("end").is_some(), "{fill}");
    assert!(fill["review"].get("title").is_none(), "{fill}");
    assert_eq!(fill["form"]["scope"], "prefectures");
    assert_eq!(fill["form"]["prefectures"], json!([40]));
    // Saved as it was read, it is a notice like any other.
    let mut f = fill["form"].clone();
    f["memo"] = json!("メールで受領");
    let saved = invoke(&w, "save_manual", json!({ "form": f })).unwrap();
    Notice::from_file(Path::new(saved["path"].as_str().unwrap())).unwrap();

    let err = invoke(
        &w,
        "draft_notice",
        json!({"text": "停止の予定はありません。"}),
    )
    .unwrap_err();
    assert!(
        err.as_str().unwrap().contains("停止の日時が見つかりません"),
        "{err}"
    );
}

#[test]
fn a_reload_tells_staff_of_a_new_outage_now_but_never_repeats_one_they_know() {
    let dir = tempfile::tempdir().unwrap();
    // 福岡県 inside the built-in full outage: the first tick says so, once.
    let (mock, w) = app(dir.path(), "2024-12-31T03:30+09:00", None);
    let shared = mock.state::<Shared>();
    let kinds = |events: Vec<onshi::Event>| -> Vec<onshi::EventKind> {
        events.into_iter().map(|e| e.kind).collect()
    };
    assert_eq!(kinds(shared.tick().events), [onshi::EventKind::AlreadyDown]);
    // A notice for later changes nothing now: nothing is said again.
    invoke(
        &w,
        "save_manual",
        json!({"form": form("2025-01-15T10:00", "2025-01-15T12:00")}),
    )
    .unwrap();
    assert_eq!(kinds(shared.tick().events), []);

    // Normal now, then a window entered by hand that covers now: staff are told at once.
    let dir = tempfile::tempdir().unwrap();
    let (mock, w) = app(dir.path(), "2025-01-15T09:00+09:00", None);
    let shared = mock.state::<Shared>();
    assert_eq!(kinds(shared.tick().events), []);
    invoke(
        &w,
        "save_manual",
        json!({"form": form("2025-01-15T08:00", "2025-01-15T12:00")}),
    )
    .unwrap();
    assert_eq!(kinds(shared.tick().events), [onshi::EventKind::AlreadyDown]);
    assert_eq!(kinds(shared.tick().events), []);
}

#[test]
fn a_possible_extension_read_from_the_text_is_kept_in_the_saved_notice() {
    let dir = tempfile::tempdir().unwrap();
    let (_mock, w) = app(dir.path(), "2025-11-25T09:00+09:00", None);
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/draft/mynaportal-mail.txt"),
    )
    .unwrap();
    let r = invoke(&w, "draft_notice", json!({ "text": text })).unwrap();
    assert_eq!(r["windows"].as_array().unwrap().len(), 2);
    assert_eq!(r["windows"][0]["form"]["may_extend_until"], "");
    let second = r["windows"][1]["form"].clone();
    assert_eq!(second["service"], "mynaportal");
    assert_eq!(second["scope"], "nationwide");
    assert_eq!(second["may_extend_until"], "2026-01-04 22:00");
    let saved = invoke(&w, "save_manual", json!({ "form": second })).unwrap();
    let path = PathBuf::from(saved["path"].as_str().unwrap());
    let n = Notice::from_file(&path).unwrap();
    assert_eq!(n.service, onshi::Service::Mynaportal);
    let until = n.windows[0].may_extend_until.unwrap();
    assert_eq!(onshi::time::rfc3339_jst(until), "2026-01-04T22:00:00+09:00");
    let id = path
        .file_stem()
        .unwrap()
        .to_str()
        .unwrap()
        .strip_prefix("manual-")
        .unwrap();
    let back = invoke(&w, "read_manual", json!({ "id": id })).unwrap();
    assert_eq!(back["may_extend_until"], "2026-01-04 22:00");
}

#[test]
fn dates_typed_as_staff_write_them_are_echoed_and_saved_as_the_same_instant() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(dir.path(), "2026-12-03T09:00+09:00", None);
    for typed in ["12/31 3:00", "2026-12-31 03:00", "令和8年12月31日 3時"] {
        let echo = invoke(&w, "parse_when", json!({ "text": typed })).unwrap();
        assert_eq!(echo["label"], "2026年12月31日(木) 3:00", "{typed}");
        assert_eq!(echo["instant"], "2026-12-31T03:00:00+09:00", "{typed}");
        assert_eq!(echo["year_inferred"], typed == "12/31 3:00", "{typed}");
    }
    // A year-less date before today is next year's.
    let echo = invoke(&w, "parse_when", json!({ "text": "1/5 22:00" })).unwrap();
    assert_eq!(echo["instant"], "2027-01-05T22:00:00+09:00");
    let err = invoke(&w, "parse_when", json!({ "text": "12/31" })).unwrap_err();
    assert!(err.as_str().unwrap().contains("時刻がありません"), "{err}");
    // In English mode, the echo and the error are English.
    let en_dir = tempfile::tempdir().unwrap();
    std::fs::write(en_dir.path().join("settings.toml"), "lang = \"en\"\n").unwrap();
    let (_en_app, en) = app(en_dir.path(), "2026-12-03T09:00+09:00", None);
    let echo = invoke(&en, "parse_when", json!({ "text": "12/31 3:00" })).unwrap();
    assert_eq!(echo["label"], "Thu 31 Dec 2026 03:00");
    let err = invoke(&en, "parse_when", json!({ "text": "12/31" })).unwrap_err();
    assert!(err.as_str().unwrap().starts_with("No time of day"), "{err}");
    let err = invoke(&w, "parse_when", json!({ "text": "2026-02-30 3:00" })).unwrap_err();
    assert!(err.as_str().unwrap().contains("存在しない日付"), "{err}");

    // Saved from the typed forms, the file holds the same instants.
    for (n, (start, end)) in [
        ("12/31 3:00", "12/31 5:20"),
        ("令和8年12月31日 3時", "2026-12-31 05:20"),
    ]
    .into_iter()
    .enumerate()
    {
        let saved = invoke(&w, "save_manual", json!({ "form": form(start, end) })).unwrap();
        let path = PathBuf::from(saved["path"].as_str().unwrap());
        let want = if n == 0 {
            "manual-20261231-0300-oqs.toml"
        } else {
            "manual-20261231-0300-oqs-2.toml"
        };
        assert_eq!(path.file_name().unwrap(), want);
        assert_eq!(
            saved["id"],
            format!(
                "manual-{}",
                want.trim_end_matches(".toml").trim_start_matches("manual-")
            )
        );
        let notice = Notice::from_file(&path).unwrap();
        let win = &notice.windows[0];
        assert_eq!(
            onshi::time::rfc3339_jst(win.start),
            "2026-12-31T03:00:00+09:00"
        );
        assert_eq!(
            onshi::time::rfc3339_jst(win.end),
            "2026-12-31T05:20:00+09:00"
        );
    }
    let err = invoke(
        &w,
        "save_manual",
        json!({ "form": form("12/31 3:00", "あした") }),
    )
    .unwrap_err();
    let err = err.as_str().unwrap();
    assert!(
        err.contains("終了日時") && err.contains("日付がありません"),
        "{err}"
    );
}

/// The seed notice's text, pasted: optionally with its 東日本エリア changed from the built-in one.
fn pasted_seed(w: &Window, edit: impl Fn(String) -> String) -> Value {
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/draft/seed.txt"),
    )
    .unwrap();
    invoke(w, "draft_notice", json!({ "text": edit(seed) })).unwrap()
}

#[test]
fn a_pasted_notice_keeps_its_issuer_date_and_area_name_when_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(dir.path(), "2024-12-26T09:00+09:00", None);
    let r = pasted_seed(&w, |s| s);
    let east = r["windows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["form"]["area"] == "east")
        .unwrap()
        .clone();
    assert_eq!(
        east["form"]["issuer"],
        "厚生労働省保険局医療介護連携政策課（事務連絡）"
    );
    assert_eq!(east["form"]["issued"], "2024-12-24");
    // Every value counted is a field of the form (the made-up id is not one).
    let first = &r["windows"][0];
    let review = first["review"].as_object().unwrap();
    assert_eq!(r["review_count"], review.len(), "{review:?}");
    for field in review.keys() {
        assert!(
            [
                "service", "title", "issuer", "issued", "kind", "start", "end", "scope", "affects",
                "memo"
            ]
            .contains(&field.as_str()),
            "{field} is not in the form"
        );
    }
    let saved = invoke(&w, "save_manual", json!({ "form": east["form"] })).unwrap();
    let path = PathBuf::from(saved["path"].as_str().unwrap());
    let notice = Notice::from_file(&path).unwrap();
    assert_eq!(
        notice.issuer,
        "厚生労働省保険局医療介護連携政策課（事務連絡）"
    );
    assert_eq!(notice.issued.to_string(), "2024-12-24");
    assert_eq!(notice.windows[0].area.name, "東日本エリア");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("[region.east]"), "{text}");

    // Its own 東日本エリア (one prefecture fewer than the built-in): still a named area.
    let r = pasted_seed(&w, |s| s.replace("山梨県、長野県", "山梨県"));
    let east = r["windows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["form"]["regions"][0]["name"] == "東日本エリア")
        .unwrap_or_else(|| panic!("no window keeps 東日本エリア: {r}"))
        .clone();
    assert_eq!(east["form"]["scope"], "area");
    assert_eq!(east["form"]["area"], "east-notice");
    assert_eq!(
        east["form"]["regions"][0]["prefectures"]
            .as_array()
            .unwrap()
            .len(),
        16
    );
    let saved = invoke(&w, "save_manual", json!({ "form": east["form"] })).unwrap();
    let path = PathBuf::from(saved["path"].as_str().unwrap());
    let notice = Notice::from_file(&path).unwrap();
    assert_eq!(notice.windows[0].area.name, "東日本エリア");
    assert_eq!(notice.windows[0].area.prefectures.len(), 16);
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("[region.east-notice]"));
    // Edited, the form keeps the issuer, the date and the area; the new revision too.
    let id = saved["id"]
        .as_str()
        .unwrap()
        .trim_start_matches("manual-")
        .to_string();
    let back = invoke(&w, "read_manual", json!({ "id": id })).unwrap();
    assert_eq!(back["issued"], "2024-12-24");
    assert_eq!(back["area"], "east-notice");
    let again = invoke(&w, "save_manual", json!({ "form": back })).unwrap();
    let notice = Notice::from_file(Path::new(again["path"].as_str().unwrap())).unwrap();
    assert_eq!(notice.revision, 2);
    assert_eq!(
        notice.issuer,
        "厚生労働省保険局医療介護連携政策課（事務連絡）"
    );
    assert_eq!(notice.issued.to_string(), "2024-12-24");
    assert_eq!(notice.windows[0].area.name, "東日本エリア");

    // A hand-entered notice with no issuer typed is still 手入力, dated the day it is saved.
    let saved = invoke(
        &w,
        "save_manual",
        json!({ "form": form("12/31 3:00", "12/31 5:00") }),
    )
    .unwrap();
    let notice = Notice::from_file(Path::new(saved["path"].as_str().unwrap())).unwrap();
    assert_eq!(notice.issuer, "手入力");
    assert_eq!(notice.issued.to_string(), "2024-12-26");
}
