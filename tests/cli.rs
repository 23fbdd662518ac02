//! The `onshi` binary as a user (or CI) runs it: JSON contract, time-zone independence,
//! `check` on broken files, bad input, `--notices DIR`.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::fixture;
use serde_json::Value;

fn onshi(args: &[&str]) -> Output {
    onshi_tz(None, args)
}

fn onshi_tz(tz: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_onshi"));
    cmd.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    match tz {
        Some(tz) => cmd.env("TZ", tz),
        None => cmd.env_remove("TZ"),
    };
    cmd.output().expect("run onshi")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn ok_json(args: &[&str]) -> Value {
    let o = onshi(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

/// Non-zero exit, exactly one line on stderr, no panic, nothing on stdout.
fn fails_with_one_line(args: &[&str]) -> String {
    let o = onshi(args);
    let err = stderr(&o);
    assert!(!o.status.success(), "{args:?} should fail");
    assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: one line, got {err:?}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    assert!(stdout(&o).is_empty(), "{args:?}");
    err.trim_end().to_string()
}

#[test]
fn status_json_for_fukuoka_in_the_full_outage() {
    let v = ok_json(&[
        "status",
        "--prefecture",
        "福岡県",
        "--at",
        "2024-12-31T03:30:00+09:00",
        "--json",
    ]);
    assert_eq!(v["prefecture"]["code"], 40);
    assert_eq!(v["prefecture"]["name"], "福岡県");
    assert_eq!(v["at"], "2024-12-31T03:30:00+09:00");
    assert_eq!(v["state"], "full_outage");
    assert_eq!(v["until"], "2024-12-31T05:20:00+09:00");
    let w = &v["window"];
    assert_eq!(w["kind"], "full");
    assert_eq!(w["start"], "2024-12-31T03:00:00+09:00");
    assert_eq!(w["end"], "2024-12-31T05:20:00+09:00");
    assert_eq!(w["tentative"], true);
    assert_eq!(w["region"], "西日本エリア");
    assert_eq!(w["notice"], "mhlw-2024-12-24-network-upgrade");
    let n = &v["next_window"];
    assert_eq!(n["kind"], "intermittent");
    assert_eq!(n["start"], "2024-12-31T08:00:00+09:00");
    assert_eq!(n["end"], "2025-01-01T03:00:00+09:00");
    assert_eq!(n["tentative"], true);
    assert_eq!(n["region"], "西日本エリア");
}

#[test]
fn status_json_normal_and_intermittent() {
    // An instant given in UTC is reported in JST.
    let v = ok_json(&[
        "status",
        "-p",
        "13",
        "--at",
        "2024-12-30T15:00:00Z",
        "--json",
    ]);
    assert_eq!(v["prefecture"]["code"], 13);
    assert_eq!(v["prefecture"]["name"], "東京都");
    assert_eq!(v["at"], "2024-12-31T00:00:00+09:00");
    assert_eq!(v["state"], "normal");
    assert_eq!(v["window"], Value::Null);
    assert_eq!(v["next_window"]["kind"], "intermittent");
    assert_eq!(v["next_window"]["start"], "2024-12-31T12:00:00+09:00");
    assert_eq!(v["next_window"]["end"], "2024-12-31T13:30:00+09:00");
    assert_eq!(v["next_window"]["region"], "東日本エリア");

    let v = ok_json(&[
        "status",
        "-p",
        "fukuoka",
        "--at",
        "2025-01-01T00:30+09:00",
        "--json",
    ]);
    assert_eq!(v["state"], "intermittent");
    assert_eq!(v["window"]["kind"], "intermittent");
    assert_eq!(v["window"]["end"], "2025-01-01T03:00:00+09:00");
    assert_eq!(v["next_window"], Value::Null);

    let v = ok_json(&[
        "status",
        "-p",
        "Fukuoka",
        "--at",
        "2025-01-01T03:00+09:00",
        "--json",
    ]);
    assert_eq!(v["state"], "normal");
    assert_eq!(v["window"], Value::Null);
    assert_eq!(v["next_window"], Value::Null);
}

#[test]
fn the_answer_does_not_depend_on_the_process_time_zone() {
    let instants = [
        "2024-12-31T02:59:59+09:00",
        "2024-12-31T03:00:00+09:00",
        "2024-12-31T05:20:00+09:00",
        "2025-01-01T00:30:00+09:00",
        "2025-01-01T03:00:00+09:00",
        "2024-12-30T18:30:00Z",
        // No offset: read as JST, not as the process's local time.
        "2024-12-31T03:30",
        "2024-12-31 12:15",
    ];
    for p in ["40", "13"] {
        for at in instants {
            let args = ["status", "-p", p, "--at", at, "--json"];
            let reference = onshi_tz(Some("Asia/Tokyo"), &args);
            assert!(reference.status.success());
            let reference = stdout(&reference);
            for tz in [
                "UTC",
                "America/New_York",
                "Pacific/Auckland",
                "Europe/London",
            ] {
                let o = onshi_tz(Some(tz), &args);
                assert!(o.status.success(), "{tz}");
                assert_eq!(stdout(&o), reference, "TZ={tz} {p} {at}");
            }
            // The human text too (times shown in JST).
            let text = ["status", "-p", p, "--at", at];
            assert_eq!(
                stdout(&onshi_tz(Some("Pacific/Auckland"), &text)),
                stdout(&onshi_tz(Some("America/New_York"), &text)),
                "{p} {at}"
            );
        }
        let w = ["windows", "-p", p, "--json"];
        assert_eq!(
            stdout(&onshi_tz(Some("Pacific/Auckland"), &w)),
            stdout(&onshi_tz(Some("America/New_York"), &w))
        );
    }
    let v: Value = serde_json::from_str(&stdout(&onshi_tz(
        Some("America/New_York"),
        &["status", "-p", "40", "--at", "2024-12-31T03:30", "--json"],
    )))
    .unwrap();
    assert_eq!(v["at"], "2024-12-31T03:30:00+09:00");
    assert_eq!(v["state"], "full_outage");
}

#[test]
fn status_text_shows_the_03_00_outage_and_the_steps() {
    let o = onshi(&["status", "-p", "福岡", "--at", "2024-12-31T03:30+09:00"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("福岡県"), "{out}");
    assert!(out.contains("停止中"), "{out}");
    assert!(out.contains("12月31日(火) 3:00 〜 5:20（予定）"), "{out}");
    assert!(out.contains("西日本エリア"), "{out}");
    assert!(out.contains("12月31日(火) 5:20（予定）"), "{out}");
    assert!(out.contains("すること"), "{out}");
}

#[test]
fn windows_text_gives_years_when_the_list_spans_them_and_marks_ended_windows() {
    let text = |args: &[&str]| {
        let o = onshi(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    // docs/examples: notices of 2024, 2025 and 2026, read in mid-2026.
    let out = text(&[
        "windows",
        "-p",
        "福岡",
        "--notices",
        "docs/examples",
        "--at",
        "2026-06-10T10:00",
    ]);
    // 2024's 12/31 and 2025's 12/31 no longer read alike.
    assert!(
        out.contains("【終了】2024年12月31日(火) 3:00 〜 5:20（予定）"),
        "{out}"
    );
    assert!(
        out.contains("【終了】2024年12月31日(火) 8:00 〜 2025年1月1日(水) 3:00（予定）"),
        "{out}"
    );
    assert!(
        out.contains("【終了】2025年12月31日(水) 22:00 〜 2026年1月2日(金) 3:00"),
        "{out}"
    );
    // This year's windows still to come: with the year too (the list spans years), not ended.
    assert!(
        out.contains("  2026年7月1日(水) 18:00 〜 21:00（予定）"),
        "{out}"
    );
    assert!(!out.contains("【終了】2026年7月1日"), "{out}");
    // No window's date without its year (the window lines come before the other sections).
    let window_lines = out
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| l.contains("月") && l.contains("〜"));
    for line in window_lines {
        let first = line.find("月").unwrap();
        assert!(line[..first].contains("年"), "{line}");
    }
    let en = text(&[
        "windows",
        "-p",
        "福岡",
        "--notices",
        "docs/examples",
        "--at",
        "2026-06-10T10:00",
        "--lang",
        "en",
    ]);
    assert!(en.contains("[ENDED] Tue 31 Dec 2024 03:00 – 05:20"), "{en}");

    // One window, in the year the desk is in: no year, nothing ended.
    let out = text(&["windows", "-p", "北海道", "--at", "2024-12-01T10:00"]);
    assert!(
        out.contains("  12月31日(火) 12:00 〜 13:30（予定）"),
        "{out}"
    );
    assert!(!out.contains("年") && !out.contains("【終了】"), "{out}");
    // The same window read in 2026: ended, with its year.
    let out = text(&["windows", "-p", "北海道", "--at", "2026-12-01T10:00"]);
    assert!(
        out.contains("【終了】2024年12月31日(火) 12:00 〜 13:30（予定）"),
        "{out}"
    );
}

#[test]
fn windows_json_lists_what_hits_the_prefecture() {
    let v = ok_json(&["windows", "-p", "fukuoka", "--json"]);
    assert_eq!(v["prefecture"]["code"], 40);
    let ws = v["windows"].as_array().unwrap();
    let got: Vec<(&str, &str, &str)> = ws
        .iter()
        .map(|w| {
            (
                w["kind"].as_str().unwrap(),
                w["start"].as_str().unwrap(),
                w["end"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "full",
                "2024-12-31T03:00:00+09:00",
                "2024-12-31T05:20:00+09:00"
            ),
            (
                "intermittent",
                "2024-12-31T08:00:00+09:00",
                "2025-01-01T03:00:00+09:00"
            ),
        ]
    );
    let v = ok_json(&["windows", "-p", "Hokkaido", "--json"]);
    assert_eq!(v["windows"].as_array().unwrap().len(), 1);
    assert_eq!(v["windows"][0]["region"], "東日本エリア");
}

#[test]
fn notices_dir_adds_windows() {
    let dir = fixture("extra");
    let dir = dir.to_str().unwrap();
    let v = ok_json(&["windows", "-p", "40", "--notices", dir, "--json"]);
    let ids: Vec<(&str, &str)> = v["windows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["notice"].as_str().unwrap(), w["id"].as_str().unwrap()))
        .collect();
    assert_eq!(
        ids,
        [
            ("mhlw-2024-12-24-network-upgrade", "west-full"),
            ("mhlw-2024-12-24-network-upgrade", "west-intermittent"),
            ("test-2025-02-15-maintenance", "nationwide-full"),
            ("test-2025-02-15-maintenance", "two-prefectures"),
        ]
    );
    let nationwide = &v["windows"][2];
    assert_eq!(nationwide["kind"], "full");
    assert_eq!(nationwide["start"], "2025-02-15T22:00:00+09:00");
    assert_eq!(nationwide["end"], "2025-02-16T06:00:00+09:00");
    assert_eq!(nationwide["tentative"], false);
    assert_eq!(nationwide["region"], "全国");

    // 北海道: the seed's east window plus the nationwide one, not the 福岡・東京 one.
    let v = ok_json(&["windows", "-p", "1", "--notices", dir, "--json"]);
    assert_eq!(v["windows"].as_array().unwrap().len(), 2);

    let v = ok_json(&[
        "status",
        "-p",
        "沖縄",
        "--at",
        "2025-02-16T01:00+09:00",
        "--notices",
        dir,
        "--json",
    ]);
    assert_eq!(v["state"], "full_outage");
    assert_eq!(v["window"]["notice"], "test-2025-02-15-maintenance");
    assert_eq!(v["window"]["region"], "全国");
    // Without the folder, the same instant is normal.
    let v = ok_json(&[
        "status",
        "-p",
        "沖縄",
        "--at",
        "2025-02-16T01:00+09:00",
        "--json",
    ]);
    assert_eq!(v["state"], "normal");
}

#[test]
fn a_broken_or_duplicate_notice_in_the_folder_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("broken/end-before-start.toml"),
        tmp.path().join("x.toml"),
    )
    .unwrap();
    let dir = tmp.path().to_str().unwrap();
    let err = fails_with_one_line(&["windows", "-p", "40", "--notices", dir]);
    assert!(err.contains("x.toml:17:7:"), "{err}");

    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/notices/2024-12-31-network-upgrade.toml"),
        tmp.path().join("again.toml"),
    )
    .unwrap();
    let err = fails_with_one_line(&[
        "status",
        "-p",
        "40",
        "--notices",
        tmp.path().to_str().unwrap(),
    ]);
    assert!(err.contains("mhlw-2024-12-24-network-upgrade"), "{err}");
    assert!(err.contains("already used"), "{err}");

    let err = fails_with_one_line(&["status", "-p", "40", "--notices", "/nonexistent/onshi"]);
    assert!(err.contains("/nonexistent/onshi"), "{err}");
}

#[test]
fn bad_input_is_one_line_and_non_zero() {
    let err = fails_with_one_line(&[
        "status",
        "--prefecture",
        "nowhere",
        "--at",
        "2024-12-31T03:30+09:00",
    ]);
    assert!(err.contains("nowhere") && err.contains("1–47"), "{err}");
    let err = fails_with_one_line(&["status", "--prefecture", "40", "--at", "garbage"]);
    assert!(err.contains("garbage") && err.contains("+09:00"), "{err}");
    let err = fails_with_one_line(&["windows", "--prefecture", "48"]);
    assert!(err.contains("48"), "{err}");
    let err = fails_with_one_line(&["check", "tests/fixtures/no-such-file.toml"]);
    assert!(
        err.starts_with("tests/fixtures/no-such-file.toml: cannot read"),
        "{err}"
    );
}

#[test]
fn check_passes_on_the_shipped_notices() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/notices");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let o = onshi(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).is_empty());
    let out = stdout(&o);
    assert_eq!(out.lines().count(), files.len());
    assert!(
        out.contains("ok — mhlw-2024-12-24-network-upgrade (3 windows, 2 regions)"),
        "{out}"
    );

    // And the test fixtures that are meant to be good.
    for f in [
        "extra/2025-02-15-test-maintenance.toml",
        "seam/2030-01-seams.toml",
    ] {
        let o = onshi(&["check", fixture(f).to_str().unwrap()]);
        assert!(o.status.success(), "{f}: {}", stderr(&o));
    }
}

#[test]
fn check_names_file_line_and_column_of_each_broken_fixture() {
    // (file, line, column, words the message must contain). The lines are the ones
    // broken on purpose in tests/fixtures/broken/.
    let cases: [(&str, usize, usize, &[&str]); 9] = [
        ("bad-syntax.toml", 3, 19, &["string"]),
        ("end-before-start.toml", 17, 7, &["end must be after start"]),
        (
            "unknown-region.toml",
            15,
            10,
            &["unknown region \"north\"", "west"],
        ),
        ("unknown-prefecture.toml", 10, 23, &["福丘県", "1–47"]),
        ("no-offset.toml", 16, 9, &["+09:00"]),
        ("utc-offset.toml", 16, 9, &["JST", "+09:00"]),
        ("duplicate-id.toml", 21, 6, &["\"w1\"", "twice"]),
        ("unknown-key.toml", 18, 1, &["colour"]),
        (
            "unknown-kind.toml",
            14,
            8,
            &["outage", "full", "intermittent", "partial"],
        ),
    ];
    for (file, line, column, words) in cases {
        let path = format!("tests/fixtures/broken/{file}");
        let o = onshi(&["check", &path]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{file}: {err}");
        assert!(stdout(&o).is_empty(), "{file}");
        assert!(
            !err.contains("panicked") && !err.contains("backtrace"),
            "{err}"
        );
        let mut lines = err.lines();
        let first = lines.next().unwrap_or_default();
        let prefix = format!("{path}:{line}:{column}: ");
        assert!(
            first.starts_with(&prefix),
            "{file}: want {prefix}…, got {first:?}"
        );
        for w in words {
            assert!(first.contains(w), "{file}: {first:?} should say {w:?}");
        }
        // One file, one line: nothing else on stderr.
        assert_eq!(lines.count(), 0, "{file}: {err}");

        // The library says the same thing.
        let e = onshi::Notice::from_file(&fixture(&format!("broken/{file}"))).unwrap_err();
        assert_eq!((e.line, e.column), (line, column), "{file}");
    }

    // Several files at once: each broken one named, the good one passes, exit non-zero.
    let o = onshi(&[
        "check",
        "assets/notices/2024-12-31-network-upgrade.toml",
        "tests/fixtures/broken/unknown-region.toml",
        "tests/fixtures/broken/duplicate-id.toml",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("unknown-region.toml:15:10:"), "{err}");
    assert!(err.contains("duplicate-id.toml:21:6:"), "{err}");
    assert!(err.contains("2 of 3 notice files are broken"), "{err}");
    assert!(stdout(&o).contains("2024-12-31-network-upgrade.toml: ok"));
}

/// Runs `onshi ARGS`, killing it if it takes more than 2 s: a FIFO or a device must
/// be refused at once, not read.
#[cfg(unix)]
fn onshi_within_2_s(args: &[&str]) -> Output {
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run onshi");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(2) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("onshi {args:?} still running after 2 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn a_fifo_a_device_or_a_huge_file_is_refused_at_once_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.toml");
    mkfifo(&fifo);
    let huge = dir.path().join("huge.toml");
    let f = std::fs::File::create(&huge).unwrap();
    f.set_len(3 * 1024 * 1024).unwrap();
    for (file, words) in [
        (fifo.to_str().unwrap(), &["FIFO", "not a regular file"][..]),
        ("/dev/zero", &["device", "not a regular file"][..]),
        (huge.to_str().unwrap(), &["3145728 bytes", "1048576"][..]),
    ] {
        let o = onshi_within_2_s(&["check", file]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{file}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(&format!("{file}: skipped: ")), "{err}");
        for w in words {
            assert!(err.contains(w), "{file}: {err:?} should say {w:?}");
        }
    }

    // In a notices folder: `status` names the file and returns.
    let notices = dir.path().join("notices");
    std::fs::create_dir(&notices).unwrap();
    mkfifo(&notices.join("stray.toml"));
    let dir_arg = notices.to_str().unwrap();
    let o = onshi_within_2_s(&["status", "-p", "40", "--notices", dir_arg]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("stray.toml") && err.contains("FIFO"), "{err}");
}

#[test]
fn a_shift_jis_notice_says_it_is_not_utf8_and_how_to_save_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sjis.toml");
    // 「停止」 in Shift_JIS in the title, as Notepad's ANSI save writes it on a Japanese PC.
    std::fs::write(
        &path,
        b"id = \"sjis\"\ntitle = \"\x92\xe2\x8e\x7e\"\nissuer = \"x\"\nissued = 2025-01-01\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let err = fails_with_one_line(&["check", p]);
    assert!(err.starts_with(&format!("{p}:2:10: ")), "{err}");
    assert!(err.contains("not UTF-8"), "{err}");
    assert!(err.contains("メモ帳") && err.contains("「UTF-8」"), "{err}");
}

#[test]
fn check_refuses_a_notice_whose_id_is_the_built_in_ones() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/notices/2024-12-31-network-upgrade.toml");
    let text = std::fs::read_to_string(shipped).unwrap();
    let path = dir.path().join("my-copy.toml");
    std::fs::write(
        &path,
        text.replacen("title = \"", "title = \"（院内で編集）", 1),
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let err = fails_with_one_line(&["check", p]);
    assert!(
        err.contains("mhlw-2024-12-24-network-upgrade") && err.contains("built-in"),
        "{err}"
    );
    // The app refuses it the same way.
    let mut s = onshi::Schedule::embedded();
    assert!(!s.add_dir(dir.path()).is_empty());
}

#[test]
fn a_leap_second_at_is_refused_as_in_notice_files() {
    let err = fails_with_one_line(&["status", "-p", "40", "--at", "2024-12-31T23:59:60+09:00"]);
    assert!(err.contains("second 60"), "{err}");
}

/// `onshi` with the machine policy at `policy` (`ONSHI_WATCH_POLICY`, as the app reads it).
fn onshi_with_policy(policy: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_onshi"));
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("ONSHI_WATCH_POLICY", policy)
        .env_remove("TZ")
        .env_remove("RUST_BACKTRACE");
    cmd.output().expect("run onshi")
}

#[test]
fn without_prefecture_the_machine_policys_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(
        &policy,
        "prefecture = \"fukuoka\"\nlocked = [\"prefecture\"]\n",
    )
    .unwrap();
    let at = ["--at", "2024-12-31T03:30+09:00"];
    let from_to = [
        "--from",
        "2024-12-30T00:00+09:00",
        "--to",
        "2025-01-01T00:00+09:00",
    ];
    let commands: Vec<Vec<&str>> = vec![
        [&["status", "--json"][..], &at].concat(),
        [&["status"][..], &at].concat(),
        vec!["windows", "--json"],
        [&["plan", "--json"][..], &from_to].concat(),
        [&["sheet"][..], &at].concat(),
        vec!["ics"],
    ];
    for args in commands {
        let o = onshi_with_policy(&policy, &args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        // The same answer as with --prefecture 40 (ics stamps the time it is made).
        let mut with_p = args.clone();
        with_p.extend(["--prefecture", "40"]);
        let want = onshi(&with_p);
        let strip_stamp = |s: String| {
            s.lines()
                .filter(|l| !l.starts_with("DTSTAMP"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(
            strip_stamp(stdout(&o)),
            strip_stamp(stdout(&want)),
            "{args:?}"
        );
        assert!(stdout(&o).contains("福岡"), "{args:?}");
    }
    // --prefecture still wins over the policy.
    let o = onshi_with_policy(&policy, &["status", "-p", "13", "--json", "--at", at[1]]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["prefecture"]["code"], 13);
}

#[test]
fn without_prefecture_or_a_policy_one_the_error_is_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    let required = |usage: &str| {
        format!(
            "error: the following required arguments were not provided:\n  --prefecture <PREFECTURE>\n\nUsage: {usage}\n\nFor more information, try '--help'.\n"
        )
    };
    let cases = [
        (vec!["status"], "onshi status --prefecture <PREFECTURE>"),
        (
            vec!["windows", "--json"],
            "onshi windows --prefecture <PREFECTURE> --json",
        ),
        (vec!["ics"], "onshi ics --prefecture <PREFECTURE>"),
    ];
    // No policy file; one that sets no prefecture; a broken one (named, then the error).
    for text in [
        None,
        Some("facility = \"dental\"\n"),
        Some("prefecture = 99\n"),
    ] {
        if let Some(text) = text {
            std::fs::write(&policy, text).unwrap();
        }
        for (args, usage) in &cases {
            let o = onshi_with_policy(&policy, args);
            assert_eq!(o.status.code(), Some(2), "{args:?}");
            assert!(stdout(&o).is_empty());
            let err = stderr(&o);
            let (note, rest) = match text {
                Some(t) if t.contains("99") => err.split_once('\n').unwrap(),
                _ => ("", err.as_str()),
            };
            assert_eq!(rest, required(usage), "{args:?}");
            if !note.is_empty() {
                assert!(
                    note.starts_with(&format!(
                        "onshi: the policy file is ignored: {}:1:14: ",
                        policy.display()
                    )),
                    "{note}"
                );
            }
        }
    }
}

/// `onshi status | head -n 2`: a reader that stops early is normal on a command line. The
/// read end is closed before `onshi` starts, so every write meets a broken pipe.
#[test]
fn a_reader_that_goes_away_ends_the_program_quietly() {
    for args in [
        &["status", "-p", "tokyo", "--at", "2024-12-31T12:30+09:00"][..],
        &["windows", "-p", "40"][..],
        &["ics", "-p", "40"][..],
    ] {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let o = Command::new(env!("CARGO_BIN_EXE_onshi"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(writer)
            .output()
            .expect("run onshi");
        assert!(
            o.status.success(),
            "{args:?}: {:?} {}",
            o.status,
            stderr(&o)
        );
        assert_eq!(stderr(&o), "", "{args:?}");
    }
}

#[test]
fn a_drills_plan_marks_every_title_and_only_a_full_outage_on_now_is_critical() {
    let args = [
        "plan",
        "-p",
        "40",
        "--from",
        "2024-12-29T00:00+09:00",
        "--to",
        "2025-01-01T06:00+09:00",
        "--json",
    ];
    let real: Vec<Value> = serde_json::from_str(&stdout(&onshi(&args))).unwrap();
    let drill: Vec<Value> =
        serde_json::from_str(&stdout(&onshi(&[&args[..], &["--drill"]].concat()))).unwrap();
    assert_eq!(real.len(), drill.len());
    assert!(real.len() >= 6, "{real:?}");
    for (r, d) in real.iter().zip(&drill) {
        let (rt, dt) = (r["title"].as_str().unwrap(), d["title"].as_str().unwrap());
        assert!(!rt.contains("訓練"), "{rt}");
        assert_eq!(dt, format!("【訓練】{rt}"));
        assert_eq!(r["body"], d["body"]);
    }
    // Critical: the 03:00 start of the full outage, nothing else — not its reminders.
    let critical: Vec<(&str, &str)> = real
        .iter()
        .filter(|e| e["urgency"] == "critical")
        .map(|e| (e["at"].as_str().unwrap(), e["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(critical, [("2024-12-31T03:00:00+09:00", "start")]);
    assert!(real
        .iter()
        .any(|e| e["kind"] == "reminder" && e["urgency"] == "normal"));
}

#[test]
fn after_a_planned_end_the_status_never_says_all_is_normal_until_it_may_be() {
    // The seed's intermittent cuts end at 1/1 3:00 (予定): ten minutes on, nobody has
    // confirmed anything.
    let o = onshi(&["status", "-p", "40", "--at", "2025-01-01T03:10+09:00"]);
    let text = stdout(&o);
    let first = text.lines().next().unwrap();
    assert!(!text.contains("通常どおり"), "{text}");
    assert!(first.contains("終了予定時刻を過ぎました"), "{first}");
    let v: Value = serde_json::from_str(&stdout(&onshi(&[
        "status",
        "-p",
        "40",
        "--at",
        "2025-01-01T03:10+09:00",
        "--json",
    ])))
    .unwrap();
    assert_eq!(v["state"], "normal");
    assert_eq!(v["look"], "past_end");
    // Two hours on it is normal again.
    let later = stdout(&onshi(&[
        "status",
        "-p",
        "40",
        "--at",
        "2025-01-01T05:10+09:00",
    ]));
    assert!(
        later.lines().next().unwrap().contains("通常どおり"),
        "{later}"
    );

    // A window whose notice says it may run on: not 「通常どおり」 up to that bound.
    let desk = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/desk");
    let at = |t: &str| {
        stdout(&onshi(&[
            "status",
            "-p",
            "40",
            "--notices",
            desk.to_str().unwrap(),
            "--at",
            t,
        ]))
    };
    for t in ["2030-06-02T06:00+09:00", "2030-06-03T21:59+09:00"] {
        let text = at(t);
        let portal = text
            .lines()
            .find(|l| l.contains("マイナポータル  "))
            .unwrap_or_else(|| panic!("{t}: {text}"));
        assert!(portal.contains("延長の可能性あり"), "{t}: {portal}");
    }
    let after = at("2030-06-04T01:00+09:00");
    assert!(!after.contains("延長の可能性あり"), "{after}");
}

#[test]
fn plan_with_opening_hours_reminds_before_closing_on_the_last_open_day() {
    let span = [
        "plan",
        "-p",
        "40",
        "--from",
        "2024-12-29T00:00+09:00",
        "--to",
        "2024-12-31T04:00+09:00",
    ];
    let hours = [&span[..], &["--opening-hours", "9:00-18:00", "--json"]].concat();
    let events = ok_json(&hours);
    let closing: Vec<&Value> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "before_closing")
        .collect();
    // Sunday 12/29 is closed: Monday 12/30, within 9:00–18:00, for the 03:00 window.
    let first = closing.first().expect("a reminder in opening hours");
    assert_eq!(first["at"], "2024-12-30T17:30:00+09:00");
    let title = first["title"].as_str().unwrap();
    assert!(
        title.starts_with(
            "【予告】本日の受付終了前に: 12月31日(火) 3:00 からオンライン資格確認が停止（予定）"
        ),
        "{title}"
    );
    // Without hours the plan is as it always was: the same events, less that reminder.
    let plain = ok_json(&[&span[..], &["--json"]].concat());
    let rest: Vec<&Value> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] != "before_closing")
        .collect();
    assert_eq!(rest, plain.as_array().unwrap().iter().collect::<Vec<_>>());
    assert!(!plain.to_string().contains("受付終了前"));
    // --facility gives the type's usual hours: the same Monday 17:30.
    let clinic = ok_json(&[&span[..], &["--facility", "clinic", "--json"]].concat());
    assert!(clinic
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "before_closing" && e["at"] == "2024-12-30T17:30:00+09:00"));
    // The text form shows it too.
    let text = stdout(&onshi(
        &[&span[..], &["--opening-hours", "9:00-18:00"]].concat(),
    ));
    assert!(
        text.contains("12月30日(月) 17:30  【予告】本日の受付終了前に"),
        "{text}"
    );
}

#[test]
fn plan_refuses_opening_hours_it_cannot_read_in_one_line() {
    let err = fails_with_one_line(&[
        "plan",
        "-p",
        "40",
        "--from",
        "2024-12-29T00:00+09:00",
        "--to",
        "2024-12-31T04:00+09:00",
        "--opening-hours",
        "18:00-9:00",
    ]);
    assert!(
        err.contains("--opening-hours") && err.contains("closes before it opens"),
        "{err}"
    );
}
