//! `onshi diagnose` (「うちだけ？全国？」) as the desk runs it: the built binary over the seed
//! notice, a feed served on 127.0.0.1, and the app's feed folder written on disk.

mod http_server;

use std::path::Path;
use std::process::{Command, Output};

use http_server::{Reply, Server};
use serde_json::Value;

fn onshi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("RUST_BACKTRACE")
        // No machine policy of the test machine's: the built-in notices only.
        .env("ONSHI_WATCH_POLICY", "/nonexistent/onshi-policy.toml")
        .output()
        .expect("run onshi")
}

fn ok(args: &[&str]) -> String {
    let o = onshi(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn json(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    serde_json::from_str(&ok(&a)).unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn ids(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect()
}

/// A key pair and tests/fixtures/extra built into DIR/pub/feed.toml (+ .minisig).
fn published(dir: &Path) -> (String, String) {
    let keys = dir.join("keys");
    ok(&["feed", "keygen", "--out", s(&keys)]);
    let out = dir.join("pub/feed.toml");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    ok(&[
        "feed",
        "build",
        "tests/fixtures/extra",
        "--key",
        s(&keys.join("feed.key")),
        "--out",
        s(&out),
    ]);
    (s(&out).to_string(), s(&keys.join("feed.pub")).to_string())
}

/// The app's feed folder as it leaves it: feed-state.toml (and the bundle, if given).
fn feed_folder(dir: &Path, state: &str, bundle: Option<&str>) -> String {
    let feed = dir.join("feed");
    std::fs::create_dir_all(&feed).unwrap();
    std::fs::write(feed.join("feed-state.toml"), state).unwrap();
    if let Some(b) = bundle {
        std::fs::copy(b, feed.join("feed-bundle.toml")).unwrap();
        std::fs::copy(
            format!("{b}.minisig"),
            feed.join("feed-bundle.toml.minisig"),
        )
        .unwrap();
    }
    s(&feed).to_string()
}

const CHECKS: [&str; 4] = ["reader", "terminal", "line", "portal"];
const CALLS: [&str; 3] = ["reader-maker", "vendor", "call-center"];

#[test]
fn during_the_seed_window_it_is_everyones_with_the_steps_for_now() {
    let args = ["diagnose", "-p", "福岡", "--at", "2024-12-31T03:10+09:00"];
    let v = json(&args);
    assert_eq!(v["verdict"], "known");
    assert_eq!(v["outages"][0]["window"]["id"], "west-full");
    assert_eq!(v["outages"][0]["state"], "full_outage");
    // The steps are the ones `onshi status` gives, not a copy: the same groups.
    let status: Value = serde_json::from_str(&ok(&[
        "status",
        "-p",
        "福岡",
        "--at",
        "2024-12-31T03:10+09:00",
        "--json",
    ]))
    .unwrap();
    assert_eq!(v["chooser"], status["chooser"]);
    let steps = v["steps"][0]["groups"][0]["steps"].as_array().unwrap();
    assert!(steps.iter().any(|s| s["text"]
        .as_str()
        .unwrap()
        .contains("10割にはしないでください")));
    // No checks of our own devices while an outage is known.
    assert!(v["checks"].as_array().unwrap().is_empty());

    let text = ok(&args);
    assert!(text.contains("全国・地域の停止中です"), "{text}");
    assert!(
        text.contains("長時間の通信断 12月31日(火) 3:00 〜 5:20（予定） [西日本エリア]"),
        "{text}"
    );
    assert!(text.contains("患者さんが持ってきたもの"), "{text}");
    assert!(!text.contains("カードリーダーの電源とケーブル"), "{text}");

    // Tokyo is not in the western area: at the same instant nothing is known there.
    let tokyo = json(&["diagnose", "-p", "東京", "--at", "2024-12-31T03:10+09:00"]);
    assert_eq!(tokyo["verdict"], "cannot_tell");
}

#[test]
fn no_window_and_a_fresh_served_feed_is_likely_ours_with_checks_and_whom_to_call() {
    let dir = tempfile::tempdir().unwrap();
    let (file, public) = published(dir.path());
    let bundle = std::fs::read(&file).unwrap();
    let sig = std::fs::read(format!("{file}.minisig")).unwrap();
    let server = Server::start(move |r| match r.path.as_str() {
        "/feed.toml" => Reply::Ok(bundle.clone(), vec![]),
        "/feed.toml.minisig" => Reply::Ok(sig.clone(), vec![]),
        _ => Reply::Status(404, vec![]),
    });
    let url = server.url("/feed.toml");
    // A Tuesday 10:00, nothing scheduled for Fukuoka.
    let args = [
        "diagnose",
        "-p",
        "40",
        "--at",
        "2026-12-01T10:00+09:00",
        "--feed",
        &url,
        "--feed-key",
        &public,
    ];
    let v = json(&args);
    assert_eq!(v["verdict"], "likely_ours");
    assert_eq!(v["freshness"]["state"], "fresh");
    assert_eq!(ids(&v["checks"]), CHECKS);
    assert_eq!(ids(&v["calls"]), CALLS);
    for c in v["checks"].as_array().unwrap() {
        assert!(!c["source_label"].as_str().unwrap().is_empty(), "{c}");
    }
    let center = &v["calls"][2]["contact"];
    assert_eq!(center["phone"], "0800-080-4583");
    assert_eq!(center["open"], true);

    let text = ok(&args);
    assert!(
        text.contains("院内（機器・回線）の問題の可能性が高いです"),
        "{text}"
    );
    let order: Vec<usize> = [
        "カードリーダーの電源とケーブル",
        "端末のネットワーク",
        "回線業者の障害情報",
        "オンライン資格確認等コールセンター",
    ]
    .iter()
    .map(|w| text.find(w).unwrap_or_else(|| panic!("{w}: {text}")))
    .collect();
    assert!(order.windows(2).all(|p| p[0] < p[1]), "{text}");
    assert!(text.contains("いまは受付時間内です（18:00まで）"), "{text}");

    // The feed's own nationwide window, at its time: everyone's.
    let during = json(&[
        "diagnose",
        "-p",
        "40",
        "--at",
        "2025-02-15T23:00+09:00",
        "--feed",
        &url,
        "--feed-key",
        &public,
    ]);
    assert_eq!(during["verdict"], "known");
    assert_eq!(during["outages"][0]["window"]["id"], "nationwide-full");
}

#[test]
fn a_feed_that_cannot_be_reached_now_says_it_cannot_tell_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let (_, public) = published(dir.path());
    let server = Server::start(|_| Reply::Status(503, vec![]));
    let url = server.url("/feed.toml");
    let v = json(&[
        "diagnose",
        "-p",
        "福岡",
        "--at",
        "2026-12-01T10:00+09:00",
        "--feed",
        &url,
        "--feed-key",
        &public,
    ]);
    assert_eq!(v["verdict"], "cannot_tell");
    assert!(v["feed_problem"].as_str().unwrap().contains("503"), "{v}");
    let reason = v["reason"].as_str().unwrap();
    assert!(reason.contains("お知らせフィードにつながりません"), "{v}");
    assert!(reason.contains("503"), "{v}");
    // The same checks follow.
    assert_eq!(ids(&v["checks"]), CHECKS);
}

#[test]
fn the_apps_feed_folder_fresh_or_stale_decides_between_ours_and_cannot_tell() {
    let dir = tempfile::tempdir().unwrap();
    let (_, public) = published(dir.path());
    let state = |confirmed: &str| {
        format!(
            "location = \"https://example.invalid/feed.toml\"\nlast_confirmed = \"{confirmed}\"\n"
        )
    };
    let at = "2026-12-01T10:00+09:00";
    let fresh = feed_folder(&dir.path().join("a"), &state("2026-12-01T00:00:00Z"), None);
    let v = json(&[
        "diagnose",
        "-p",
        "福岡",
        "--at",
        at,
        "--feed-cache",
        &fresh,
        "--feed-key",
        &public,
    ]);
    assert_eq!(v["verdict"], "likely_ours");
    assert_eq!(v["freshness"]["confirmed"], "2026-12-01T09:00:00+09:00");

    // Three days without reaching the feed: stale.
    let stale = feed_folder(&dir.path().join("b"), &state("2026-11-28T00:00:00Z"), None);
    let args = [
        "diagnose",
        "-p",
        "福岡",
        "--at",
        at,
        "--feed-cache",
        &stale,
        "--feed-key",
        &public,
    ];
    let v = json(&args);
    assert_eq!(v["verdict"], "cannot_tell");
    assert_eq!(v["freshness"]["state"], "stale");
    assert_eq!(ids(&v["checks"]), CHECKS);
    let text = ok(&args);
    assert!(text.contains("分かりません"), "{text}");
    assert!(
        text.contains(
            "お知らせフィードを最後に確認できたのは11月28日(土) 9:00です（48時間以上前）"
        ),
        "{text}"
    );
    assert!(text.contains("カードリーダーの電源とケーブル"), "{text}");

    let en = ok(&[
        "diagnose",
        "-p",
        "福岡",
        "--at",
        at,
        "--feed-cache",
        &stale,
        "--feed-key",
        &public,
        "--lang",
        "en",
    ]);
    assert!(en.contains("cannot tell"), "{en}");
    assert!(en.contains("Check in this order"), "{en}");
}

#[test]
fn the_cached_bundles_notices_count_as_known() {
    let dir = tempfile::tempdir().unwrap();
    let (file, public) = published(dir.path());
    let state = format!(
        "location = {:?}\nsequence = 1\nlast_confirmed = \"2025-02-15T12:00:00Z\"\n",
        file
    );
    let folder = feed_folder(&dir.path().join("app"), &state, Some(&file));
    let v = json(&[
        "diagnose",
        "-p",
        "福岡",
        "--at",
        "2025-02-15T23:00+09:00",
        "--feed-cache",
        &folder,
        "--feed-key",
        &public,
    ]);
    assert_eq!(v["verdict"], "known", "{v}");
    assert_eq!(v["outages"][0]["window"]["id"], "nationwide-full");
}

#[test]
fn past_a_planned_end_that_may_be_extended_it_says_may_and_gives_the_checks_too() {
    // マイナポータル 2025-12-31 22:00 – 2026-01-02 03:00, possibly up to 1/4 22:00.
    let at = [
        "diagnose",
        "-p",
        "東京",
        "--notices",
        "docs/examples",
        "--at",
    ];
    let during = json(&[&at[..], &["2026-01-01T10:00"]].concat());
    assert_eq!(during["verdict"], "known");
    assert_eq!(during["outages"][0]["service"], "mynaportal");
    assert_eq!(during["outages"][0]["may_extend"], false);
    assert!(during["checks"].as_array().unwrap().is_empty());
    // Only the service that is down has steps here (not the claims window to come).
    let services: Vec<&str> = during["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service"].as_str().unwrap())
        .collect();
    assert_eq!(services, ["mynaportal"]);

    let after = json(&[&at[..], &["2026-01-02T04:00"]].concat());
    assert_eq!(after["verdict"], "known");
    assert_eq!(after["outages"][0]["may_extend"], true);
    assert!(
        after["headline"]
            .as_str()
            .unwrap()
            .contains("続いている可能性"),
        "{after}"
    );
    assert_eq!(ids(&after["checks"]), CHECKS);
    // After the bound, nothing is known any more.
    let later = json(&[&at[..], &["2026-01-05T10:00"]].concat());
    assert_eq!(later["verdict"], "cannot_tell");
}

#[test]
fn without_a_feed_it_cannot_tell_and_says_so() {
    let v = json(&["diagnose", "-p", "福岡", "--at", "2026-12-01T10:00+09:00"]);
    assert_eq!(v["verdict"], "cannot_tell");
    assert_eq!(v["freshness"]["state"], "no_feed");
    assert!(
        v["reason"]
            .as_str()
            .unwrap()
            .contains("フィードが設定されていない"),
        "{v}"
    );
}

#[test]
fn an_unknown_prefecture_is_one_clear_line_and_exit_1() {
    let o = onshi(&["diagnose", "-p", "48", "--at", "2026-12-01T10:00+09:00"]);
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err:?}");
    assert!(err.contains("48"), "{err}");
    assert!(o.stdout.is_empty());
}
