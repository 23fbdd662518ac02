//! `onshi feed keygen|build|verify|rotate` and `--feed` as a publisher and a desk run them: real
//! files, a real HTTP server on 127.0.0.1, exit codes and one-line errors.

mod common;
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

/// Exit 1, one line on stderr, no panic; returns the line.
fn fails(args: &[&str]) -> String {
    let o = onshi(args);
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err:?}");
    assert!(!err.contains("panicked"), "{err}");
    err.trim_end().to_string()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// keygen + build of tests/fixtures/extra into DIR/pub/feed.toml.
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

#[test]
fn three_commands_publish_a_feed_and_verify_checks_it() {
    let dir = tempfile::tempdir().unwrap();
    let (file, public) = published(dir.path());
    assert!(Path::new(&format!("{file}.minisig")).is_file());
    let out = ok(&["feed", "verify", &file, "--pubkey", &public]);
    assert!(out.contains("sequence 1"), "{out}");
    assert!(out.contains("test-2025-02-15-maintenance"), "{out}");

    // Each build raises the sequence; --sequence sets it.
    let key = dir.path().join("keys/feed.key");
    let build = |extra: &[&str]| {
        let mut args = vec![
            "feed",
            "build",
            "tests/fixtures/extra",
            "--key",
            s(&key),
            "--out",
            &file,
        ];
        args.extend_from_slice(extra);
        ok(&args)
    };
    assert!(build(&[]).contains("sequence 2"));
    assert!(build(&["--sequence", "40"]).contains("sequence 40"));
    assert!(ok(&["feed", "verify", &file, "--pubkey", &public]).contains("sequence 40"));
}

#[test]
fn keygen_never_overwrites_a_key() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["feed", "keygen", "--out", s(dir.path())]);
    let before = std::fs::read(dir.path().join("feed.key")).unwrap();
    let err = fails(&["feed", "keygen", "--out", s(dir.path())]);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read(dir.path().join("feed.key")).unwrap(), before);
}

#[test]
fn a_password_protected_key_signs_only_with_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    let run = |args: &[&str], pw: &str| {
        Command::new(env!("CARGO_BIN_EXE_onshi"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("FEED_PW", pw)
            .output()
            .unwrap()
    };
    assert!(run(
        &[
            "feed",
            "keygen",
            "--out",
            s(&keys),
            "--password-env",
            "FEED_PW"
        ],
        "secret"
    )
    .status
    .success());
    let out = dir.path().join("feed.toml");
    let key = keys.join("feed.key");
    let build = |pw_args: &[&str], pw: &str| {
        let mut args = vec![
            "feed",
            "build",
            "tests/fixtures/extra",
            "--key",
            s(&key),
            "--out",
            s(&out),
        ];
        args.extend_from_slice(pw_args);
        run(&args, pw)
    };
    let no_pw = build(&[], "");
    assert_eq!(no_pw.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&no_pw.stderr).contains("--password-env"));
    let wrong = build(&["--password-env", "FEED_PW"], "wrong");
    assert_eq!(wrong.status.code(), Some(1));
    assert!(build(&["--password-env", "FEED_PW"], "secret")
        .status
        .success());
    ok(&[
        "feed",
        "verify",
        s(&out),
        "--pubkey",
        s(&keys.join("feed.pub")),
    ]);
}

#[test]
fn verify_refuses_another_key_and_a_changed_file_naming_the_signature() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = published(dir.path());
    let other = dir.path().join("other");
    ok(&["feed", "keygen", "--out", s(&other)]);
    let err = fails(&[
        "feed",
        "verify",
        &file,
        "--pubkey",
        s(&other.join("feed.pub")),
    ]);
    assert!(err.contains("署名") && err.contains("signature"), "{err}");

    let public = dir.path().join("keys/feed.pub");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("22:00:00", "23:00:00");
    std::fs::write(&file, text).unwrap();
    let err = fails(&["feed", "verify", &file, "--pubkey", s(&public)]);
    assert!(
        err.contains("署名が正しくありません") && err.contains("bad signature"),
        "{err}"
    );
}

#[test]
fn build_refuses_a_broken_notice_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["feed", "keygen", "--out", s(dir.path())]);
    let notices = dir.path().join("notices");
    std::fs::create_dir(&notices).unwrap();
    std::fs::copy(
        "tests/fixtures/broken/unknown-kind.toml",
        notices.join("x.toml"),
    )
    .unwrap();
    let out = dir.path().join("feed.toml");
    let err = fails(&[
        "feed",
        "build",
        s(&notices),
        "--key",
        s(&dir.path().join("feed.key")),
        "--out",
        s(&out),
    ]);
    assert!(err.contains("x.toml:"), "{err}");
    assert!(!out.exists(), "nothing written");
}

#[test]
fn status_and_windows_read_a_feed_once_over_http_and_from_a_folder() {
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
    let out = ok(&[
        "status",
        "-p",
        "福岡",
        "--at",
        "2025-02-15T23:00:00+09:00",
        "--json",
        "--feed",
        &url,
        "--feed-key",
        &public,
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["state"], "full_outage");
    assert_eq!(v["window"]["notice"], "test-2025-02-15-maintenance");
    // Without the feed, the same instant is normal.
    let plain: Value = serde_json::from_str(&ok(&[
        "status",
        "-p",
        "福岡",
        "--at",
        "2025-02-15T23:00:00+09:00",
        "--json",
    ]))
    .unwrap();
    assert_eq!(plain["state"], "normal");

    let folder = dir.path().join("pub");
    let out = ok(&[
        "windows",
        "-p",
        "東京",
        "--feed",
        s(&folder),
        "--feed-key",
        &public,
    ]);
    assert!(out.contains("2月15日(土) 22:00"), "{out}");
}

#[test]
fn a_refused_feed_is_an_error_that_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let (file, public) = published(dir.path());
    let bundle = std::fs::read(&file).unwrap();
    let server = Server::start(move |r| match r.path.as_str() {
        "/feed.toml" => Reply::Ok(bundle.clone(), vec![]),
        "/feed.toml.minisig" => Reply::Ok(
            b"untrusted comment: x\nRWQ=\ntrusted comment: y\nAA==\n".to_vec(),
            vec![],
        ),
        _ => Reply::Status(404, vec![]),
    });
    let err = fails(&[
        "status",
        "-p",
        "福岡",
        "--feed",
        &server.url("/feed.toml"),
        "--feed-key",
        &public,
    ]);
    assert!(err.contains("署名") && err.contains("signature"), "{err}");
    let err = fails(&[
        "windows",
        "-p",
        "福岡",
        "--feed",
        &server.url("/nothing.toml"),
        "--feed-key",
        &public,
    ]);
    assert!(err.contains("HTTP 404"), "{err}");
}

/// The bundle's `created` and `expires` lines, as written.
fn validity_of(
    file: &str,
) -> (
    chrono::DateTime<chrono::FixedOffset>,
    chrono::DateTime<chrono::FixedOffset>,
) {
    let text = std::fs::read_to_string(file).unwrap();
    let field = |key: &str| {
        let line = text
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
            .unwrap_or_else(|| panic!("no {key} in {text}"));
        chrono::DateTime::parse_from_rfc3339(line.trim_end_matches('"')).unwrap()
    };
    (field("created"), field("expires"))
}

#[test]
fn build_signs_the_expiry_seven_days_by_default_or_as_given() {
    let dir = tempfile::tempdir().unwrap();
    let (file, public) = published(dir.path());
    let (created, expires) = validity_of(&file);
    assert_eq!(expires - created, chrono::Duration::days(7));
    let age = chrono::Utc::now().signed_duration_since(created);
    assert!(
        age >= chrono::Duration::zero() && age < chrono::Duration::minutes(5),
        "{age}"
    );

    let key = dir.path().join("keys/feed.key");
    let build = |expires: &str| {
        onshi(&[
            "feed",
            "build",
            "tests/fixtures/extra",
            "--key",
            s(&key),
            "--out",
            &file,
            "--expires",
            expires,
        ])
    };
    let out = build("2d");
    assert!(out.status.success());
    let (created, expires) = validity_of(&file);
    assert_eq!(expires - created, chrono::Duration::days(2));
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.contains(&format!("valid until {}", expires.to_rfc3339())),
        "{said}"
    );
    assert!(build("36h").status.success());
    let (created, expires) = validity_of(&file);
    assert_eq!(expires - created, chrono::Duration::hours(36));
    let said = ok(&["feed", "verify", &file, "--pubkey", &public]);
    assert!(
        said.contains(&format!("valid until {}", expires.to_rfc3339())),
        "{said}"
    );

    // `none`, for PCs older than expiry: no expires line, read as before.
    assert!(build("none").status.success());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains("expires"), "{text}");
    let said = ok(&["feed", "verify", &file, "--pubkey", &public]);
    assert!(said.contains("no expiry"), "{said}");
    assert!(build("36h").status.success());

    // A wrong --expires is refused by name, and the bundle is left as it was.
    let before = std::fs::read(&file).unwrap();
    for bad in ["7", "0d", "7w", "7日", "99999d"] {
        let o = build(bad);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(
            err.contains("--expires") && err.contains("7d"),
            "{bad}: {err}"
        );
    }
    assert_eq!(std::fs::read(&file).unwrap(), before);

    // The expiry is inside the signed bytes: a later one written in by hand fails.
    let text = std::fs::read_to_string(&file).unwrap();
    let (_, expires) = validity_of(&file);
    let stamp = expires.to_rfc3339();
    let later = (expires + chrono::Duration::days(365)).to_rfc3339();
    std::fs::write(&file, text.replace(&stamp, &later)).unwrap();
    let err = fails(&["feed", "verify", &file, "--pubkey", &public]);
    assert!(
        err.contains("署名が正しくありません") && err.contains("bad signature"),
        "{err}"
    );
}

/// Serves FILE and FILE.minisig at /feed.toml over 127.0.0.1.
fn serve(file: &str) -> Server {
    let bundle = std::fs::read(file).unwrap();
    let sig = std::fs::read(format!("{file}.minisig")).unwrap();
    Server::start(move |r| match r.path.as_str() {
        "/feed.toml" => Reply::Ok(bundle.clone(), vec![]),
        "/feed.toml.minisig" => Reply::Ok(sig.clone(), vec![]),
        _ => Reply::Status(404, vec![]),
    })
}

#[test]
fn status_past_the_signed_expiry_says_the_notices_are_out_of_date() {
    let dir = tempfile::tempdir().unwrap();
    let (file, public) = published(dir.path());
    let key = dir.path().join("keys/feed.key");
    ok(&[
        "feed",
        "build",
        "tests/fixtures/extra",
        "--key",
        s(&key),
        "--out",
        &file,
        "--expires",
        "1h",
    ]);
    let (_, expires) = validity_of(&file);
    let server = serve(&file);
    let url = server.url("/feed.toml");
    let status = |at: &str, json: bool| {
        let mut args = vec![
            "status",
            "-p",
            "福岡",
            "--at",
            at,
            "--feed",
            &url,
            "--feed-key",
            &public,
        ];
        if json {
            args.push("--json");
        }
        ok(&args)
    };
    let jst = |t: chrono::DateTime<chrono::FixedOffset>| {
        t.with_timezone(&onshi::time::jst_offset()).to_rfc3339()
    };

    // Within the hour: fresh, with when it was checked and until when it is valid.
    let within = jst(expires - chrono::Duration::minutes(10));
    let v: Value = serde_json::from_str(&status(&within, true)).unwrap();
    assert_eq!(v["state"], "normal");
    assert_eq!(v["freshness"]["state"], "fresh", "{v}");
    assert_eq!(v["freshness"]["valid_until"], jst(expires));
    let checked =
        chrono::DateTime::parse_from_rfc3339(v["freshness"]["checked_at"].as_str().unwrap())
            .unwrap();
    assert!(chrono::Utc::now().signed_duration_since(checked) < chrono::Duration::minutes(5));
    assert_eq!(v["freshness"]["normal_label"], "通常どおり");
    let text = status(&within, false);
    assert!(text.contains("通常どおり"), "{text}");
    assert!(text.contains("まで有効）"), "{text}");

    // Past it: the same notices, but never 「通常どおり」 or 「停止予定はありません」.
    let past = jst(expires + chrono::Duration::minutes(1));
    let v: Value = serde_json::from_str(&status(&past, true)).unwrap();
    assert_eq!(v["freshness"]["state"], "expired", "{v}");
    assert_eq!(v["freshness"]["valid_until"], jst(expires));
    let label = v["freshness"]["normal_label"].as_str().unwrap();
    assert!(
        label.starts_with("お知らせの情報が古くなっています（"),
        "{label}"
    );
    let text = status(&past, false);
    let first = text.lines().next().unwrap();
    assert!(first.contains("お知らせの情報が古くなっています"), "{text}");
    assert!(
        !text.contains("通常どおり") && !text.contains("停止予定はありません"),
        "{text}"
    );
    let en = ok(&[
        "status",
        "-p",
        "福岡",
        "--at",
        &past,
        "--feed",
        &url,
        "--feed-key",
        &public,
        "--lang",
        "en",
    ]);
    assert!(
        en.contains("Notice information is out of date (valid until"),
        "{en}"
    );
    assert!(!en.contains("No outage known"), "{en}");

    // Without a feed, status is as before: no freshness claimed, state no_feed in JSON.
    let v: Value =
        serde_json::from_str(&ok(&["status", "-p", "福岡", "--at", &past, "--json"])).unwrap();
    assert_eq!(v["freshness"]["state"], "no_feed");
    assert_eq!(v["freshness"]["valid_until"], Value::Null);
    let plain = ok(&["status", "-p", "福岡", "--at", &past]);
    assert!(plain.contains("既知の停止予定はありません"), "{plain}");
}

#[test]
fn a_feed_created_in_the_future_is_refused_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    ok(&["feed", "keygen", "--out", s(&keys)]);
    // A publisher whose clock is three days fast.
    let created = chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp(), 0).unwrap()
        + chrono::Duration::days(3);
    let bundle = onshi::feed::Bundle::from_dir(Path::new("tests/fixtures/extra"), 1, created)
        .unwrap()
        .valid_for(chrono::Duration::days(7))
        .unwrap()
        .to_toml();
    let sig = onshi::feed::sign::sign(bundle.as_bytes(), &keys.join("feed.key"), None, 1).unwrap();
    let file = dir.path().join("feed.toml");
    std::fs::write(&file, &bundle).unwrap();
    std::fs::write(dir.path().join("feed.toml.minisig"), sig).unwrap();
    let server = serve(s(&file));
    let err = fails(&[
        "status",
        "-p",
        "福岡",
        "--feed",
        &server.url("/feed.toml"),
        "--feed-key",
        s(&keys.join("feed.pub")),
    ]);
    assert!(
        err.contains("作成日時が未来のフィードを拒否しました"),
        "{err}"
    );
    assert!(err.contains(&onshi::time::rfc3339_jst(created)), "{err}");
    assert!(err.contains("check the clock"), "{err}");
}

/// `DTSTAMP` is when a calendar was made: the build's `created` in the feed's, the clock's
/// in `onshi ics`. Every other byte must be the same.
fn without_stamps(ics: &str) -> (String, Vec<String>) {
    let mut stamps = Vec::new();
    let text = ics
        .split("\r\n")
        .map(|l| match l.strip_prefix("DTSTAMP:") {
            Some(s) => {
                stamps.push(s.to_string());
                "DTSTAMP:*"
            }
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\r\n");
    (text, stamps)
}

#[test]
fn build_writes_a_calendar_per_prefecture_equal_to_onshi_ics() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = published(dir.path());
    let (created, _) = validity_of(&file);
    let ics_dir = dir.path().join("pub/ics");
    let names: std::collections::BTreeSet<String> = std::fs::read_dir(&ics_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let expected: std::collections::BTreeSet<String> =
        (1..=47).map(|n| format!("{n:02}.ics")).collect();
    assert_eq!(names, expected);

    let stamp = created
        .with_timezone(&chrono::Utc)
        .format("%Y%m%dT%H%M%SZ")
        .to_string();
    for code in ["01", "13", "40", "47"] {
        let feed_ics = std::fs::read_to_string(ics_dir.join(format!("{code}.ics"))).unwrap();
        let cli_ics = ok(&[
            "ics",
            "--prefecture",
            code,
            "--notices",
            "tests/fixtures/extra",
        ]);
        let (feed_text, feed_stamps) = without_stamps(&feed_ics);
        let (cli_text, _) = without_stamps(&cli_ics);
        assert_eq!(feed_text, cli_text, "prefecture {code}");
        assert!(!feed_stamps.is_empty());
        assert!(
            feed_stamps.iter().all(|s| *s == stamp),
            "{feed_stamps:?} vs {stamp}"
        );

        let events = common::parsed_by_python(&feed_ics);
        let uids = |events: &[Value]| -> Vec<(String, i64)> {
            events
                .iter()
                .map(|e| {
                    (
                        e["uid"].as_str().unwrap().to_string(),
                        e["sequence"].as_i64().unwrap(),
                    )
                })
                .collect()
        };
        assert_eq!(
            uids(&events),
            uids(&common::parsed_by_python(&cli_ics)),
            "prefecture {code}"
        );
        let has = |uid: &str| events.iter().any(|e| e["uid"] == uid);
        assert!(
            has("test-2025-02-15-maintenance.nationwide-full@onshiwatch.jp"),
            "{code}"
        );
        // The window for Fukuoka and Tokyo only is in their calendars and no others.
        let both = has("test-2025-02-15-maintenance.two-prefectures@onshiwatch.jp");
        assert_eq!(both, code == "13" || code == "40", "{code}");
    }
}

#[test]
fn build_still_publishes_a_copy_of_a_built_in_notice_and_says_it_is_left_out_of_the_calendars() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    ok(&["feed", "keygen", "--out", s(&keys)]);
    let notices = dir.path().join("notices");
    std::fs::create_dir(&notices).unwrap();
    for e in std::fs::read_dir("assets/notices").unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, notices.join(p.file_name().unwrap())).unwrap();
    }
    let out = dir.path().join("www/feed.toml");
    let o = onshi(&[
        "feed",
        "build",
        s(&notices),
        "--key",
        s(&keys.join("feed.key")),
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("left out of the calendars"), "{err}");
    assert!(out.is_file() && dir.path().join("www/ics/40.ics").is_file());
    // The calendar is the built-in one's, as `onshi ics` gives it without the folder.
    let (feed_text, _) =
        without_stamps(&std::fs::read_to_string(dir.path().join("www/ics/40.ics")).unwrap());
    let (cli_text, _) = without_stamps(&ok(&["ics", "--prefecture", "40"]));
    assert_eq!(feed_text, cli_text);
}

#[test]
fn verify_says_when_a_bundle_has_expired() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    ok(&["feed", "keygen", "--out", s(&keys)]);
    // Built ten days ago, valid for seven.
    let created = chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp(), 0).unwrap()
        - chrono::Duration::days(10);
    let bundle = onshi::feed::Bundle::from_dir(Path::new("tests/fixtures/extra"), 4, created)
        .unwrap()
        .valid_for(chrono::Duration::days(7))
        .unwrap()
        .to_toml();
    let sig = onshi::feed::sign::sign(bundle.as_bytes(), &keys.join("feed.key"), None, 4).unwrap();
    let file = dir.path().join("feed.toml");
    std::fs::write(&file, &bundle).unwrap();
    std::fs::write(dir.path().join("feed.toml.minisig"), sig).unwrap();
    let said = ok(&[
        "feed",
        "verify",
        s(&file),
        "--pubkey",
        s(&keys.join("feed.pub")),
    ]);
    assert!(said.contains("署名OK"), "{said}");
    let expired = onshi::time::rfc3339_jst(created + chrono::Duration::days(7));
    assert!(
        said.contains(&format!("期限切れ / EXPIRED {expired}: build it again")),
        "{said}"
    );
}

#[test]
fn feed_takes_several_sources_and_uses_the_one_that_answers() {
    let dir = tempfile::tempdir().unwrap();
    let (file, public) = published(dir.path());
    let server = serve(&file);
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/feed.toml", l.local_addr().unwrap())
    };
    let sources = format!("{dead} | {}", server.url("/feed.toml"));
    let v: Value = serde_json::from_str(&ok(&[
        "status",
        "-p",
        "福岡",
        "--at",
        "2025-02-15T23:00:00+09:00",
        "--json",
        "--feed",
        &sources,
        "--feed-key",
        &public,
    ]))
    .unwrap();
    assert_eq!(v["state"], "full_outage");
    assert_eq!(v["freshness"]["state"], "fresh");
    // Every source down: one line, the first source's failure.
    let err = fails(&[
        "status",
        "-p",
        "福岡",
        "--feed",
        &format!("{dead} | {}", server.url("/gone.toml")),
        "--feed-key",
        &public,
    ]);
    assert!(
        err.contains("フィードに接続できません") && err.contains(&dead),
        "{err}"
    );
}

#[test]
fn rotate_makes_the_next_key_builds_name_it_and_switch_moves_to_it() {
    use onshi::feed::{self, Change, Feed, FeedCache, FeedError, Location, TrustedKeys};
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    let key = keys.join("feed.key");
    ok(&["feed", "keygen", "--out", s(&keys)]);
    // What the PCs were given: a copy of feed.pub (which the switch replaces).
    let old_pub = dir.path().join("given.pub");
    std::fs::copy(keys.join("feed.pub"), &old_pub).unwrap();
    let old_pub_text = std::fs::read_to_string(&old_pub).unwrap();
    let www = dir.path().join("www");
    std::fs::create_dir_all(&www).unwrap();
    let out = www.join("onshi-feed.toml");
    let build = || {
        ok(&[
            "feed",
            "build",
            "tests/fixtures/extra",
            "--key",
            s(&key),
            "--out",
            s(&out),
        ])
    };
    // A PC that trusts the old key only, and follows the folder with a cache.
    let cache_dir = tempfile::tempdir().unwrap();
    let pc = || {
        let feed = Feed {
            location: Location::parse(s(&www)),
            keys: TrustedKeys::from_files(std::slice::from_ref(&old_pub)).unwrap(),
            limits: feed::Limits::default(),
        };
        feed::refresh(
            &feed,
            Some(&FeedCache::new(cache_dir.path())),
            chrono::Utc::now(),
        )
    };
    let b = build();
    assert!(!b.contains("next key"), "{b}");
    assert_eq!(pc().outcome, Ok(Change::Updated { from: None, to: 1 }));

    // Step 1: the next key pair, beside the key; the next build names it.
    let said = ok(&["feed", "rotate", "--key", s(&key)]);
    assert!(
        said.contains("next.pub") && said.contains("--switch"),
        "{said}"
    );
    let next_pub = keys.join("next.pub");
    assert!(keys.join("next.key").is_file() && next_pub.is_file());
    let next_line = feed::sign::key_line(&std::fs::read_to_string(&next_pub).unwrap()).unwrap();
    let b = build();
    assert!(b.contains("names the next key"), "{b}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains(&format!("\nnext_key = \"{next_line}\"\n")),
        "{text}"
    );
    // Signed by the old key still; verify says the next key.
    let v = ok(&["feed", "verify", s(&out), "--pubkey", s(&old_pub)]);
    assert!(v.contains(&format!("next key {next_line}")), "{v}");
    assert_eq!(
        pc().outcome,
        Ok(Change::Updated {
            from: Some(1),
            to: 2
        })
    );
    // A second rotation before the switch is refused, one line.
    let e = fails(&["feed", "rotate", "--key", s(&key)]);
    assert!(
        e.contains("already under way") && e.contains("--switch"),
        "{e}"
    );

    // Step 2: switch. The same build command now signs with the new key.
    let said = ok(&["feed", "rotate", "--key", s(&key), "--switch"]);
    assert!(said.contains("retired-"), "{said}");
    assert!(!keys.join("next.key").exists() && !next_pub.exists());
    assert_eq!(
        feed::sign::key_line(&std::fs::read_to_string(keys.join("feed.pub")).unwrap()).unwrap(),
        next_line
    );
    let retired: Vec<String> = std::fs::read_dir(&keys)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("retired-"))
        .collect();
    assert_eq!(retired.len(), 2, "{retired:?}");
    let kept = retired.iter().find(|n| n.ends_with(".pub")).unwrap();
    assert_eq!(
        std::fs::read_to_string(keys.join(kept)).unwrap(),
        old_pub_text
    );
    let b = build();
    assert!(!b.contains("next key"), "{b}");
    let e = fails(&["feed", "verify", s(&out), "--pubkey", s(&old_pub)]);
    assert!(e.contains("untrusted key"), "{e}");
    ok(&[
        "feed",
        "verify",
        s(&out),
        "--pubkey",
        s(&keys.join("feed.pub")),
    ]);
    // The PC that trusted only the old key takes the new one, then refuses the old.
    assert_eq!(
        pc().outcome,
        Ok(Change::Updated {
            from: Some(2),
            to: 3
        })
    );
    let retired_key = keys.join(retired.iter().find(|n| n.ends_with(".key")).unwrap());
    ok(&[
        "feed",
        "build",
        "tests/fixtures/extra",
        "--key",
        s(&retired_key),
        "--out",
        s(&out),
    ]);
    assert_eq!(pc().outcome, Err(FeedError::RetiredKey));

    // Nothing to switch to: one line.
    let e = fails(&["feed", "rotate", "--key", s(&key), "--switch"]);
    assert!(e.contains("no next key"), "{e}");
}
