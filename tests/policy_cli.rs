//! `onshi policy write` as the installers run it: values checked, one line for a bad one
//! and nothing written, the setup's own command line read as Windows splits it, and the
//! file then read by `onshi status` without --prefecture.

use std::path::Path;
use std::process::{Command, Output};

use onshi::policy::{FeedPolicy, Loaded, Policy};
use onshi::Prefecture;

fn onshi(policy: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_onshi"));
    cmd.args(args)
        .env("ONSHI_WATCH_POLICY", policy)
        .env_remove("RUST_BACKTRACE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run onshi")
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).unwrap()
}

fn read_back(path: &Path) -> Policy {
    match Policy::load(path) {
        Loaded::Policy(p) => p,
        other => panic!("{other:?}"),
    }
}

fn key_line(dir: &Path) -> String {
    let (_, public) = onshi::feed::sign::keygen(dir, None).unwrap();
    let text = std::fs::read_to_string(public).unwrap();
    text.lines().nth(1).unwrap().to_string()
}

#[test]
fn written_then_read_by_status_without_prefecture() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("OnshiWatch").join("policy.toml");
    let o = onshi(&policy, &["policy", "write", "--prefecture", "福岡"], &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), format!("wrote {}\n", policy.display()));
    let o = onshi(
        &policy,
        &["status", "--json", "--at", "2024-12-31T03:30+09:00"],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["prefecture"]["code"], 40);
    assert_eq!(v["state"], "full_outage");
    // --path writes elsewhere, and leaves the machine's file alone.
    let other = dir.path().join("other.toml");
    let before = std::fs::read(&policy).unwrap();
    let o = onshi(
        &policy,
        &[
            "policy",
            "write",
            "--facility",
            "dental",
            "--path",
            other.to_str().unwrap(),
        ],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(std::fs::read(&policy).unwrap(), before);
    assert!(read_back(&other).prefecture.is_none());
}

#[test]
fn a_bad_value_is_one_line_naming_it_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(&policy, "prefecture = \"沖縄\"\n").unwrap();
    let key = key_line(&dir.path().join("k"));
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--prefecture", "ネバーランド"],
            "--prefecture: unknown prefecture \"ネバーランド\"",
        ),
        (
            vec!["--prefecture", "40", "--facility", "hospital"],
            "--facility: unknown facility type \"hospital\": expected clinic",
        ),
        (
            vec!["--feed-url", "http://a.example/feed.toml"],
            "--feed-url: ",
        ),
        (
            vec!["--feed-url", "http://a.example/f", "--feed-key", "RWxyz"],
            "--feed-key: \"RWxyz\" is not a minisign public key",
        ),
        (vec!["--feed-key", &key], "--feed-key: "),
    ];
    for (values, says) in cases {
        let args = [&["policy", "write"][..], &values].concat();
        for dry in [false, true] {
            let mut args = args.clone();
            if dry {
                args.push("--dry-run");
            }
            let o = onshi(&policy, &args, &[]);
            let err = text(&o.stderr);
            assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
            assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
            assert!(
                err.starts_with(&format!("onshi: {says}")),
                "{args:?}: {err}"
            );
            assert!(o.stdout.is_empty(), "{args:?}");
            assert_eq!(
                std::fs::read_to_string(&policy).unwrap(),
                "prefecture = \"沖縄\"\n"
            );
        }
    }
}

#[test]
fn nothing_given_writes_nothing_and_a_dry_run_shows_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    for args in [
        vec!["policy", "write"],
        vec!["policy", "write", "--prefecture", "", "--feed-url", " "],
        vec!["policy", "write", "--setup-args", "/S /NCRC"],
        vec!["policy", "write", "--prefecture", "40", "--dry-run"],
    ] {
        let o = onshi(&policy, &args, &[]);
        assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
        assert!(!policy.exists(), "{args:?}");
    }
    let o = onshi(
        &policy,
        &["policy", "write", "--prefecture", "40", "--dry-run"],
        &[],
    );
    let shown = text(&o.stdout);
    assert!(shown.contains("prefecture = \"福岡県\""), "{shown}");
    onshi(&policy, &["policy", "write", "--prefecture", "40"], &[]);
    assert_eq!(std::fs::read_to_string(&policy).unwrap(), shown);
    let o = onshi(&policy, &["policy", "write"], &[]);
    assert!(o.status.success());
    assert_eq!(std::fs::read_to_string(&policy).unwrap(), shown);
}

#[test]
fn the_setups_command_line_is_read_as_windows_splits_it() {
    let dir = tempfile::tempdir().unwrap();
    let (k1, k2) = (
        key_line(&dir.path().join("a")),
        key_line(&dir.path().join("b")),
    );
    // (the setup's parameters, what the policy then says).
    let cases: Vec<(String, Option<Prefecture>, Option<FeedPolicy>)> = vec![
        ("/S /PREFECTURE=40".into(), Prefecture::from_code(40), None),
        (
            "/S /prefecture=Tokyo-to".into(),
            Prefecture::from_code(13),
            None,
        ),
        // A quoted value with a space; NSIS's /D= last, holding the rest of the line.
        (
            r#"/S "/PREFECTURE=福岡 " /D=C:\Program Files\Onshi /PREFECTURE=13"#.into(),
            Prefecture::from_code(40),
            None,
        ),
        // "/" in URLs and base64 keys, which NSIS's own option parser cuts at.
        (
            format!("/S /FEED_URL=http://intranet.example/onshi/feed.toml /FEED_KEY={k1},{k2}"),
            None,
            Some(FeedPolicy {
                url: "http://intranet.example/onshi/feed.toml".into(),
                keys: vec![k1.clone(), k2.clone()],
            }),
        ),
        // A share path with spaces, quoted, ending in a backslash (\\ before the closing quote).
        (
            format!(r#"/FEED_URL="\\file server\オン資 feed\\" "/FEED_KEY={k1}" /FEED_KEY={k2}"#),
            None,
            Some(FeedPolicy {
                url: r"\\file server\オン資 feed\".into(),
                keys: vec![k1.clone(), k2.clone()],
            }),
        ),
        // \" is a quote inside the value; "" inside quotes too.
        (
            format!(r#"/FEED_URL="C:\a\"b"" c" /FEED_KEY={k1}"#),
            None,
            Some(FeedPolicy {
                url: r#"C:\a"b" c"#.into(),
                keys: vec![k1.clone()],
            }),
        ),
    ];
    for (params, prefecture, feed) in cases {
        for how in ["arg", "env"] {
            let policy = dir.path().join(format!("{how}.toml"));
            let _ = std::fs::remove_file(&policy);
            let o = if how == "arg" {
                onshi(&policy, &["policy", "write", "--setup-args", &params], &[])
            } else {
                onshi(
                    &policy,
                    &[
                        "policy",
                        "write",
                        "--setup-args-env",
                        "ONSHI_TEST_SETUP_ARGS",
                    ],
                    &[("ONSHI_TEST_SETUP_ARGS", &params)],
                )
            };
            assert!(o.status.success(), "{params}: {}", text(&o.stderr));
            let p = read_back(&policy);
            assert_eq!(
                (p.prefecture, p.feed.clone()),
                (prefecture, feed.clone()),
                "{how}: {params}"
            );
        }
    }
    // A bad value is named as the setup names it; a misspelt option is not passed over.
    let policy = dir.path().join("bad.toml");
    for (params, says) in [
        (
            "/S /PREFECTURE=ネバーランド",
            "onshi: /PREFECTURE: unknown prefecture",
        ),
        (
            "/S /PREFECTUR=40",
            "onshi: /PREFECTUR=: unknown option of the setup",
        ),
        (
            "/S /FACILITY=hospital",
            "onshi: /FACILITY: unknown facility type",
        ),
    ] {
        let o = onshi(&policy, &["policy", "write", "--setup-args", params], &[]);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(says), "{err}");
        assert!(!policy.exists());
    }
}

#[test]
fn the_relay_folder_is_written_from_the_option_and_from_the_setups_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    let o = onshi(
        &policy,
        &["policy", "write", "--relay-folder", r"\\nas\onshi-feed"],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(
        read_back(&policy).relay_folder.as_deref(),
        Some(r"\\nas\onshi-feed")
    );
    // The setup's /RELAY_FOLDER= (a share with spaces, quoted), beside another value.
    let o = onshi(
        &policy,
        &[
            "policy",
            "write",
            "--setup-args",
            r#"/S /PREFECTURE=40 "/RELAY_FOLDER=\\nas\オン資 feed""#,
        ],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let p = read_back(&policy);
    assert_eq!(p.relay_folder.as_deref(), Some(r"\\nas\オン資 feed"));
    assert_eq!(p.prefecture, Prefecture::from_code(40));
    // Not a full path: one line naming the value as the setup calls it; the file stays.
    let before = std::fs::read(&policy).unwrap();
    let o = onshi(
        &policy,
        &["policy", "write", "--setup-args", "/RELAY_FOLDER=feed"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("/RELAY_FOLDER: ") && err.lines().count() == 1,
        "{err}"
    );
    assert_eq!(std::fs::read(&policy).unwrap(), before);
}
