//! The feed, the policy and the calendar in the app, through Tauri's mock runtime, real
//! files, a real policy file and a real HTTP server on 127.0.0.1: policy values used and
//! locked, a broken policy named and ignored, feed settings validated, freshness told
//! with and without a feed and after 48 hours unreachable, 「今すぐ確認」 and the calendar.

mod common;
#[path = "../../tests/http_server/mod.rs"]
mod http_server;

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use common::{invoke, mock_app, t, App, Window, APP_ID};
use http_server::{Reply, Server};
use onshi::feed::{self, Bundle};
use onshi_watch::clock::{Clock, Hand};
use onshi_watch::options::Options;
use onshi_watch::startup;
use onshi_watch::state::Shared;
use serde_json::{json, Value};
use tauri::test::mock_builder;
use tauri::Manager;

/// The policy path is an environment variable: one test at a time sets it.
static POLICY_ENV: Mutex<()> = Mutex::new(());

/// Points the app at `policy` (a file that may not exist) while the guard lives.
fn policy_at(policy: &Path) -> MutexGuard<'static, ()> {
    let guard = POLICY_ENV.lock().unwrap_or_else(|e| e.into_inner());
    std::env::set_var(onshi::policy::PATH_ENV, policy);
    guard
}

/// The app as start-up builds it from `config_dir` (the feed's state too), on a clock
/// moved by hand.
fn app(config_dir: &Path, at: &str, prefecture: Option<&str>) -> (App, Window, Hand) {
    let options = Options {
        prefecture: prefecture.map(str::to_string),
        ..Options::default()
    };
    let (clock, hand) = Clock::manual(t(at));
    let (shared, feeds) =
        startup::app_state(&options, config_dir.to_path_buf(), APP_ID, Some(clock));
    let (app, window) = mock_app(mock_builder().manage(shared).manage(feeds));
    (app, window, hand)
}

fn err_text(r: Result<Value, Value>) -> String {
    match r {
        Ok(v) => panic!("expected an error, got {v}"),
        Err(e) => e.as_str().unwrap_or_default().to_string(),
    }
}

/// A key pair and a feed folder: `publish` signs the notices given into a bundle served
/// at /feed.toml by a real HTTP server.
struct Publisher {
    dir: tempfile::TempDir,
    key: std::path::PathBuf,
    public: String,
    server: Server,
}

impl Publisher {
    fn new() -> Publisher {
        let dir = tempfile::tempdir().unwrap();
        let (key, public) = feed::sign::keygen(&dir.path().join("keys"), None).unwrap();
        let public = std::fs::read_to_string(public).unwrap();
        let server = Server::start(|_| Reply::Status(404, vec![]));
        Publisher {
            dir,
            key,
            public,
            server,
        }
    }

    /// Publishes one notice with one nationwide full outage [start, end).
    fn publish(&self, id: &str, start: &str, end: &str, sequence: u64) {
        let notices = self.dir.path().join(format!("notices-{sequence}"));
        std::fs::create_dir_all(&notices).unwrap();
        std::fs::write(
            notices.join("n.toml"),
            format!(
                "id = \"{id}\"\ntitle = \"フィードのお知らせ {id}\"\nissuer = \"テスト\"\nissued = 2026-11-20\n\n\
                 [[window]]\nid = \"full\"\nkind = \"full\"\nstart = {start}\nend = {end}\nnationwide = true\n"
            ),
        )
        .unwrap();
        let text = Bundle::from_dir(&notices, sequence, t("2026-11-27T08:00:00+09:00"))
            .unwrap()
            .to_toml();
        let sig = feed::sign::sign(text.as_bytes(), &self.key, None, sequence).unwrap();
        self.server.set(move |r| match r.path.as_str() {
            "/feed.toml" => Reply::Ok(text.clone().into_bytes(), vec![]),
            "/feed.toml.minisig" => Reply::Ok(sig.clone().into_bytes(), vec![]),
            _ => Reply::Status(404, vec![]),
        });
    }

    fn url(&self) -> String {
        self.server.url("/feed.toml")
    }

    /// Publishes one notice (a full outage on 1 December), signed with `key`, naming
    /// `next` (a `.pub` file's text) as the next key.
    fn publish_signed(&self, id: &str, sequence: u64, key: &Path, next: Option<&str>) {
        let notices = self.dir.path().join(format!("notices-signed-{sequence}"));
        std::fs::create_dir_all(&notices).unwrap();
        std::fs::write(
            notices.join("n.toml"),
            format!(
                "id = \"{id}\"\ntitle = \"フィードのお知らせ {id}\"\nissuer = \"テスト\"\nissued = 2026-11-20\n\n\
                 [[window]]\nid = \"full\"\nkind = \"full\"\nstart = 2026-12-01T03:00:00+09:00\nend = 2026-12-01T05:00:00+09:00\nnationwide = true\n"
            ),
        )
        .unwrap();
        let mut b = Bundle::from_dir(&notices, sequence, t("2026-11-27T08:00:00+09:00")).unwrap();
        if let Some(next) = next {
            b = b.naming_next_key(next).unwrap();
        }
        let text = b.to_toml();
        let sig = feed::sign::sign(text.as_bytes(), key, None, sequence).unwrap();
        self.server.set(move |r| match r.path.as_str() {
            "/feed.toml" => Reply::Ok(text.clone().into_bytes(), vec![]),
            "/feed.toml.minisig" => Reply::Ok(sig.clone().into_bytes(), vec![]),
            _ => Reply::Status(404, vec![]),
        });
    }

    /// The base64 line of the public key, as a policy file holds it.
    fn key_line(&self) -> String {
        self.public.lines().nth(1).unwrap().trim().to_string()
    }
}

#[test]
fn policy_values_are_used_and_locked_ones_cannot_be_changed() {
    let p = Publisher::new();
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(
        &policy,
        format!(
            "prefecture = \"福岡\"\nfacility = \"pharmacy\"\nservices = [\"oqs\", \"erx\"]\n\
             locked = [\"prefecture\", \"feed\"]\n\n[feed]\nurl = \"{}\"\nkeys = [\"{}\"]\n",
            p.url(),
            p.key_line()
        ),
    )
    .unwrap();
    let _env = policy_at(&policy);
    let config = dir.path().join("config");
    std::fs::create_dir(&config).unwrap();
    // Staff chose Tokyo before the administrator installed the policy.
    std::fs::write(config.join("settings.toml"), "prefecture = 13\n").unwrap();
    let (_app, w, _) = app(&config, "2026-11-27T09:00+09:00", Some("東京"));

    let v = invoke(&w, "get_view", json!({})).unwrap();
    assert_eq!(v["prefecture"]["name"], "福岡県", "locked: the policy's");
    assert_eq!(v["settings"]["facility"], "pharmacy", "unset: filled in");
    assert!(
        v["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p.as_str().unwrap().contains("--prefecture")),
        "the ignored --prefecture is named: {}",
        v["problems"]
    );
    let f = invoke(&w, "get_feed", json!({})).unwrap();
    assert_eq!(
        f["locks"],
        json!({"prefecture": true, "facility": false, "services": false, "feed": true, "autostart": false, "opening_hours": false, "banner": false, "shared_folder": false, "relay_folder": false})
    );
    assert_eq!(f["locked_label"], "管理者が設定しています");
    assert_eq!(f["url"], p.url());
    assert_eq!(f["keys"], p.key_line());
    assert_eq!(f["services"], json!(["oqs", "erx"]));
    assert_eq!(f["policy_file"], policy.display().to_string());

    // A locked value is refused, with a message; nothing is saved.
    let err = err_text(invoke(
        &w,
        "save_settings",
        json!({"settings": {"prefecture": "13", "facility": "pharmacy", "reminders_minutes": [60], "autostart": false}}),
    ));
    assert!(err.contains("管理者が設定"), "{err}");
    assert!(
        !std::fs::read_to_string(config.join("settings.toml"))
            .unwrap()
            .contains("60"),
        "nothing saved"
    );
    let err = err_text(invoke(
        &w,
        "save_feed_settings",
        json!({"feed": {"url": "https://elsewhere.example/feed.toml", "keys": p.public, "services": []}}),
    ));
    assert!(err.contains("フィードは管理者が設定"), "{err}");

    // What is not locked, staff may change (the locked prefecture sent as it is).
    let v = invoke(
        &w,
        "save_settings",
        json!({"settings": {"prefecture": "40", "facility": "clinic", "reminders_minutes": [60], "autostart": false}}),
    )
    .unwrap();
    assert_eq!(v["settings"]["facility"], "clinic");
    let saved = std::fs::read_to_string(config.join("settings.toml")).unwrap();
    assert!(saved.contains("facility = \"clinic\""), "{saved}");
    assert!(saved.contains(&p.url()), "the feed stays: {saved}");
}

#[test]
fn a_broken_policy_is_named_with_its_place_and_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(&policy, "prefecture = \"福岡\"\nfacility = \"hospital\"\n").unwrap();
    let _env = policy_at(&policy);
    let config = dir.path().join("config");
    std::fs::create_dir(&config).unwrap();
    std::fs::write(config.join("settings.toml"), "prefecture = 13\n").unwrap();
    let (_app, w, _) = app(&config, "2026-11-27T09:00+09:00", None);
    let v = invoke(&w, "get_view", json!({})).unwrap();
    let problems: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let named = format!("{}:2:12", policy.display());
    assert!(
        problems
            .iter()
            .any(|p| p.contains(&named) && p.contains("hospital")),
        "{problems:?}"
    );
    assert_eq!(
        v["prefecture"]["name"], "東京都",
        "the user's settings apply"
    );
    let f = invoke(&w, "get_feed", json!({})).unwrap();
    assert_eq!(
        f["locks"],
        json!({"prefecture": false, "facility": false, "services": false, "feed": false, "autostart": false, "opening_hours": false, "banner": false, "shared_folder": false, "relay_folder": false})
    );
    assert!(f["policy_file"].is_null());
}

#[test]
fn feed_settings_are_validated_saved_and_old_settings_files_still_load() {
    let p = Publisher::new();
    let dir = tempfile::tempdir().unwrap();
    let _env = policy_at(&dir.path().join("no-policy.toml"));
    let config = dir.path().join("config");
    std::fs::create_dir(&config).unwrap();
    // A settings file from before feeds: loads as it is.
    let old =
        "prefecture = 40\nlang = \"ja\"\nreminders_minutes = [1440, 60, 10]\nautostart = false\n";
    std::fs::write(config.join("settings.toml"), old).unwrap();
    let (_app, w, _) = app(&config, "2026-11-27T09:00+09:00", None);
    let v = invoke(&w, "get_view", json!({})).unwrap();
    assert_eq!(v["prefecture"]["code"], 40);
    assert_eq!(v["problems"], json!([]));

    let save = |url: &str, keys: &str, services: Value| {
        invoke(
            &w,
            "save_feed_settings",
            json!({"feed": {"url": url, "keys": keys, "services": services}}),
        )
    };
    let err = err_text(save("ftp://intranet/feed.toml", &p.public, json!([])));
    assert!(err.contains("http(s) URL"), "{err}");
    let err = err_text(save("feed.toml", &p.public, json!([])));
    assert!(err.contains("full folder path"), "{err}");
    let err = err_text(save(&p.url(), "RWQnot-a-key", json!([])));
    assert!(err.contains("minisign"), "{err}");
    let err = err_text(save(&p.url(), "", json!([])));
    assert!(err.contains("公開鍵"), "{err}");
    let err = err_text(save(&p.url(), &p.public, json!(["fax"])));
    assert!(err.contains("fax"), "{err}");
    assert_eq!(
        std::fs::read_to_string(config.join("settings.toml")).unwrap(),
        old,
        "nothing saved while invalid"
    );

    // The feed.pub text as pasted (comment line and all) is kept as its key line.
    let f = save(&p.url(), &p.public, json!(["oqs"])).unwrap();
    assert_eq!(f["url"], p.url());
    assert_eq!(f["keys"], p.key_line());
    assert_eq!(f["services"], json!(["oqs"]));
    let saved = std::fs::read_to_string(config.join("settings.toml")).unwrap();
    assert!(
        saved.contains(&p.url()) && saved.contains(&p.key_line()),
        "{saved}"
    );
    // A folder on a share is a feed location too.
    let share = dir.path().join("share");
    std::fs::create_dir(&share).unwrap();
    let f = save(&share.display().to_string(), &p.public, json!([])).unwrap();
    assert_eq!(f["url"], share.display().to_string());
    // Emptied: no feed.
    let f = save("", "", json!([])).unwrap();
    assert!(f["url"].is_null());
    assert_eq!(f["freshness"], "お知らせの自動確認なし");
}

#[test]
fn freshness_without_a_feed_with_one_and_after_48_hours_unreachable() {
    let p = Publisher::new();
    // A notice whose window is over: nothing ahead, so the normal state says how fresh.
    p.publish(
        "feed-past",
        "2026-11-01T03:00:00+09:00",
        "2026-11-01T05:00:00+09:00",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let _env = policy_at(&dir.path().join("no-policy.toml"));
    let config = dir.path().join("config");
    let (app, w, hand) = app(&config, "2026-11-27T09:00+09:00", Some("福岡"));
    let shared = app.state::<Shared>();
    let status_line = |at: &str| {
        let state = shared.lock();
        onshi_watch::snapshot::Snapshot::take(&state, &shared.clock, t(at))
            .tray
            .status
    };

    // No feed.
    let v = invoke(&w, "get_view", json!({})).unwrap();
    assert_eq!(v["state"], "normal");
    assert_eq!(
        v["state_label"],
        "既知の停止予定はありません（お知らせの確認: 自動確認なし）"
    );
    assert_eq!(v["freshness"], "お知らせの自動確認なし");
    assert_eq!(
        status_line("2026-11-27T09:00+09:00"),
        "✓ 既知の停止予定はありません（お知らせの確認: 自動確認なし） 福岡県"
    );
    let f = invoke(&w, "get_feed", json!({})).unwrap();
    let how = f["how_to_add"].as_str().unwrap();
    assert!(
        how.contains("「お知らせ」") && how.contains(&config.join("notices").display().to_string()),
        "{how}"
    );
    // What it knows, and since when: the newest notice is the shipped one of 2024-12-24.
    assert!(
        how.starts_with("この PC が知っている最も新しいお知らせは 2024年12月24日（厚生労働省"),
        "{how}"
    );
    let err = err_text(invoke(&w, "check_feed_now", json!({})));
    assert!(err.contains("フィードが設定されていません"), "{err}");

    // A feed, reached now: a bare 「通常どおり」, and when it was confirmed.
    invoke(
        &w,
        "save_feed_settings",
        json!({"feed": {"url": p.url(), "keys": p.public, "services": []}}),
    )
    .unwrap();
    let line = invoke(&w, "check_feed_now", json!({})).unwrap();
    assert_eq!(
        line,
        "お知らせ確認 11月27日 9:00（フィードのお知らせ 1 件）"
    );
    let v = invoke(&w, "get_view", json!({})).unwrap();
    assert_eq!(v["state_label"], "通常どおり");
    assert_eq!(v["freshness"], "お知らせ確認 11月27日 9:00");
    assert_eq!(
        status_line("2026-11-27T09:00+09:00"),
        "✓ 通常どおり 福岡県（お知らせ確認 11月27日 9:00）"
    );
    assert!(invoke(&w, "get_feed", json!({})).unwrap()["how_to_add"].is_null());

    // The server fails from now on: 47 hours later it is still fresh…
    p.server.set(|_| Reply::Status(500, b"oops".to_vec()));
    hand.set(t("2026-11-29T08:00+09:00"));
    let err = err_text(invoke(&w, "check_feed_now", json!({})));
    assert!(
        err.contains("HTTP 500") && err.contains("11月29日 8:00 から失敗中"),
        "{err}"
    );
    let v = invoke(&w, "get_view", json!({})).unwrap();
    assert_eq!(v["state_label"], "通常どおり");
    assert!(
        v["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p.as_str().unwrap().contains("HTTP 500")),
        "the failure is in the window: {}",
        v["problems"]
    );
    // …49 hours later it is not: the normal state says what it knows and since when.
    hand.set(t("2026-11-29T10:00+09:00"));
    let v = invoke(&w, "get_view", json!({})).unwrap();
    assert_eq!(
        v["state_label"],
        "既知の停止予定はありません（お知らせの確認: 11月27日 9:00）"
    );
    assert_eq!(v["freshness"], "お知らせ確認 11月27日 9:00");
    assert_eq!(
        status_line("2026-11-29T10:00+09:00"),
        "✓ 既知の停止予定はありません（お知らせの確認: 11月27日 9:00） 福岡県"
    );
    let f = invoke(&w, "get_feed", json!({})).unwrap();
    assert!(f["how_to_add"].as_str().unwrap().contains("フィード"));
    assert!(f["failure"].as_str().unwrap().contains("HTTP 500"));
    // The feed's notice is still known (the cache stays).
    assert!(shared.lock().schedule.notice("feed-past").is_some());

    // In English too.
    invoke(&w, "set_lang", json!({"lang": "en"})).unwrap();
    let v = invoke(&w, "get_view", json!({})).unwrap();
    assert_eq!(
        v["state_label"],
        "No known outage scheduled (notices checked: 27 Nov 09:00)"
    );
}

#[test]
fn a_new_notice_from_the_feed_gets_its_reminders_and_goes_into_the_calendar() {
    let p = Publisher::new();
    p.publish(
        "feed-dec",
        "2026-12-01T03:00:00+09:00",
        "2026-12-01T05:00:00+09:00",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let _env = policy_at(&dir.path().join("no-policy.toml"));
    let config = dir.path().join("config");
    let (app, w, _) = app(&config, "2026-11-27T09:00+09:00", Some("福岡"));
    invoke(
        &w,
        "save_feed_settings",
        json!({"feed": {"url": p.url(), "keys": p.public, "services": []}}),
    )
    .unwrap();
    invoke(&w, "check_feed_now", json!({})).unwrap();
    let v = invoke(&w, "get_view", json!({})).unwrap();
    assert_eq!(v["next_window"]["notice_id"], "feed-dec");
    assert_eq!(v["state_label"], "通常どおり");

    // The timer's watch follows the new schedule: the 24-hour reminder comes due.
    let shared = app.state::<Shared>();
    {
        let mut inner = shared.lock();
        let watch = inner.watch.as_mut().unwrap();
        let due = watch.poll(t("2026-11-30T03:00:00+09:00"));
        assert_eq!(due.len(), 1, "{due:?}");
        assert_eq!(due[0].at, t("2026-11-30T03:00:00+09:00"));
    }

    let path = invoke(&w, "save_calendar", json!({})).unwrap();
    let path = path.as_str().unwrap();
    assert_eq!(Path::new(path), config.join("onshi.ics"));
    let ics = std::fs::read_to_string(path).unwrap();
    assert!(ics.contains("UID:feed-dec.full@onshiwatch.jp"), "{ics}");
    assert!(ics.contains("DTSTART:20261130T180000Z"), "{ics}");
    // One alarm per reminder setting (24 h, 60 min, 10 min) on every event.
    assert_eq!(
        ics.matches("BEGIN:VALARM").count(),
        3 * ics.matches("BEGIN:VEVENT").count(),
        "{ics}"
    );
}

/// The window's problems, as text.
fn problems(w: &Window) -> Vec<String> {
    invoke(w, "get_view", json!({})).unwrap()["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn keys_the_policy_locks_never_rotate_and_keys_from_the_settings_do() {
    let p = Publisher::new();
    let keys = p.dir.path().join("keys");
    let (next_key, next_pub) = feed::sign::keygen_named(&keys, "next", None).unwrap();
    let next_pub = std::fs::read_to_string(next_pub).unwrap();
    let next_line = next_pub.lines().nth(1).unwrap().trim().to_string();
    let dir = tempfile::tempdir().unwrap();

    // The policy sets the feed and its (old) key and locks them.
    let policy = dir.path().join("policy.toml");
    std::fs::write(
        &policy,
        format!(
            "locked = [\"feed\"]\n\n[feed]\nurl = \"{}\"\nkeys = [\"{}\"]\n",
            p.url(),
            p.key_line()
        ),
    )
    .unwrap();
    {
        let _env = policy_at(&policy);
        let (app, w, _) = app(
            &dir.path().join("pinned"),
            "2026-11-27T09:00+09:00",
            Some("福岡"),
        );
        p.publish_signed("pin-1", 1, &p.key, Some(&next_pub));
        invoke(&w, "check_feed_now", json!({})).unwrap();
        assert!(app
            .state::<Shared>()
            .lock()
            .schedule
            .notice("pin-1")
            .is_some());
        // Said once, as a problem that is not a failure; a second fetch does not repeat it.
        invoke(&w, "check_feed_now", json!({})).unwrap();
        let said: Vec<String> = problems(&w)
            .into_iter()
            .filter(|l| l.contains("次の鍵"))
            .collect();
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(
            said[0].contains(&next_line) && said[0].contains("pins the feed's keys"),
            "{}",
            said[0]
        );
        let f = invoke(&w, "get_feed", json!({})).unwrap();
        assert!(f["failure"].is_null(), "not a failure: {}", f["failure"]);
        // A bundle signed by the named key is refused: the policy's key alone counts.
        p.publish_signed("pin-2", 2, &next_key, None);
        let err = err_text(invoke(&w, "check_feed_now", json!({})));
        assert!(err.contains("署名の鍵が違います"), "{err}");
        assert!(app
            .state::<Shared>()
            .lock()
            .schedule
            .notice("pin-2")
            .is_none());
    }

    // The same feed from the settings (no policy): the named key takes over, the old is refused.
    let _env = policy_at(&dir.path().join("no-policy.toml"));
    let config = dir.path().join("settings");
    let (first, w, _) = app(&config, "2026-11-27T09:00+09:00", Some("福岡"));
    invoke(
        &w,
        "save_feed_settings",
        json!({"feed": {"url": p.url(), "keys": p.public, "services": []}}),
    )
    .unwrap();
    p.publish_signed("rot-1", 1, &p.key, Some(&next_pub));
    invoke(&w, "check_feed_now", json!({})).unwrap();
    assert!(!problems(&w).iter().any(|l| l.contains("次の鍵")));
    p.publish_signed("rot-2", 2, &next_key, None);
    invoke(&w, "check_feed_now", json!({})).unwrap();
    assert!(first
        .state::<Shared>()
        .lock()
        .schedule
        .notice("rot-2")
        .is_some());
    drop((first, w));
    // After a restart, a bundle signed by the old key is refused, with its own line.
    let (app, w, _) = app(&config, "2026-11-27T10:00+09:00", Some("福岡"));
    assert!(
        app.state::<Shared>()
            .lock()
            .schedule
            .notice("rot-2")
            .is_some(),
        "cached"
    );
    p.publish_signed("rot-3", 3, &p.key, None);
    let err = err_text(invoke(&w, "check_feed_now", json!({})));
    assert!(
        err.contains("古い鍵で署名されたフィードを拒否しました"),
        "{err}"
    );
}

#[test]
fn one_pc_relays_the_feed_into_a_folder_the_other_pcs_follow() {
    let p = Publisher::new();
    p.publish(
        "relay-dec",
        "2026-12-01T03:00:00+09:00",
        "2026-12-01T05:00:00+09:00",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let _env = policy_at(&dir.path().join("no-policy.toml"));
    let relay = dir.path().join("share");
    std::fs::create_dir(&relay).unwrap();
    let settings = |config: &Path, url: &str, relay: Option<&Path>| {
        std::fs::create_dir_all(config).unwrap();
        let mut text = format!("feed_url = '{url}'\nfeed_keys = [\"{}\"]\n", p.key_line());
        if let Some(r) = relay {
            text.push_str(&format!("relay_folder = '{}'\n", r.display()));
        }
        std::fs::write(config.join("settings.toml"), text).unwrap();
    };

    // PC A fetches over HTTP and relays.
    let a = dir.path().join("pc-a");
    settings(&a, &p.url(), Some(&relay));
    let (_app_a, wa, _) = app(&a, "2026-11-27T09:00+09:00", Some("福岡"));
    invoke(&wa, "check_feed_now", json!({})).unwrap();
    assert!(relay.join("onshi-feed.toml").is_file());
    assert!(relay.join("onshi-feed.toml.minisig").is_file());
    assert_eq!(
        std::fs::read_dir(&relay).unwrap().count(),
        2,
        "no temporary file left"
    );
    // The feed block says what is in the folder and since when.
    let line = invoke(&wa, "get_feed", json!({})).unwrap()["relay"].clone();
    let line = line.as_str().unwrap_or_default();
    assert!(
        line.starts_with("中継: 第1版を ") && line.contains(&relay.display().to_string()),
        "{line}"
    );

    // PC B reads only the folder and has the same notice.
    let b = dir.path().join("pc-b");
    settings(&b, &relay.display().to_string(), None);
    let (app_b, wb, _) = app(&b, "2026-11-27T09:00+09:00", Some("福岡"));
    invoke(&wb, "check_feed_now", json!({})).unwrap();
    assert!(app_b
        .state::<Shared>()
        .lock()
        .schedule
        .notice("relay-dec")
        .is_some());
    let asked = p.server.requests().len();

    // A relay folder that is not there: one line naming it, and the app goes on.
    let c = dir.path().join("pc-c");
    let gone = dir.path().join("not-mounted");
    settings(&c, &p.url(), Some(&gone));
    let (app_c, wc, _) = app(&c, "2026-11-27T09:00+09:00", Some("福岡"));
    invoke(&wc, "check_feed_now", json!({})).unwrap();
    assert!(app_c
        .state::<Shared>()
        .lock()
        .schedule
        .notice("relay-dec")
        .is_some());
    let said: Vec<String> = problems(&wc)
        .into_iter()
        .filter(|l| l.contains("中継フォルダ"))
        .collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].contains(&gone.display().to_string()), "{}", said[0]);
    // Nothing was put there: no relay line, only the problem.
    assert!(invoke(&wc, "get_feed", json!({})).unwrap()["relay"].is_null());
    assert!(!gone.exists());
    assert!(p.server.requests().len() > asked, "C fetched itself");
}

#[test]
fn the_feed_form_sets_the_relay_folder_and_a_locked_one_cannot_be_changed() {
    let p = Publisher::new();
    p.publish(
        "relay-form",
        "2026-12-01T03:00:00+09:00",
        "2026-12-01T05:00:00+09:00",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let relay = dir.path().join("share");
    std::fs::create_dir(&relay).unwrap();
    {
        let _env = policy_at(&dir.path().join("no-policy.toml"));
        let config = dir.path().join("config");
        let (_app, w, _) = app(&config, "2026-11-27T09:00+09:00", Some("福岡"));
        let save = |relay_folder: Value| {
            invoke(
                &w,
                "save_feed_settings",
                json!({"feed": {"url": p.url(), "keys": p.public, "services": [], "relay_folder": relay_folder}}),
            )
        };
        // A relative folder is refused, one line; nothing saved.
        let err = err_text(save(json!("onshi-feed")));
        assert!(err.contains("中継フォルダはフォルダのフルパス"), "{err}");
        let f = save(json!(relay.display().to_string())).unwrap();
        assert_eq!(f["relay_folder"], relay.display().to_string());
        let saved = std::fs::read_to_string(config.join("settings.toml")).unwrap();
        assert!(saved.contains("relay_folder"), "{saved}");
        // Followed at once: the next fetch relays.
        invoke(&w, "check_feed_now", json!({})).unwrap();
        assert!(relay.join("onshi-feed.toml").is_file());
        // A form that does not send it leaves it; an empty one clears it.
        let f = save(Value::Null).unwrap();
        assert_eq!(f["relay_folder"], relay.display().to_string());
        let f = save(json!("")).unwrap();
        assert!(f["relay_folder"].is_null(), "{f}");
    }

    // Set and locked by the policy: shown locked, and a change refused.
    let policy = dir.path().join("policy.toml");
    std::fs::write(
        &policy,
        format!(
            "relay_folder = '{}'\nlocked = [\"relay_folder\"]\n",
            relay.display()
        ),
    )
    .unwrap();
    let _env = policy_at(&policy);
    let (_app, w, _) = app(
        &dir.path().join("locked"),
        "2026-11-27T09:00+09:00",
        Some("福岡"),
    );
    let f = invoke(&w, "get_feed", json!({})).unwrap();
    assert_eq!(f["locks"]["relay_folder"], true);
    assert_eq!(f["relay_folder"], relay.display().to_string());
    let err = err_text(invoke(
        &w,
        "save_feed_settings",
        json!({"feed": {"url": p.url(), "keys": p.public, "services": [], "relay_folder": ""}}),
    ));
    assert!(err.contains("中継フォルダは管理者が設定"), "{err}");
}
