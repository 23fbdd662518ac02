//! Every service behind the counter, through the example notices in docs/examples/ (past
//! events) and the CLI: scopes, partial windows, may_extend_until, revisions, cancellations.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{fixture, pref, t};
use onshi::revision::{self, Change, WindowKey, WindowVersion};
use onshi::{Kind, Notice, Schedule, Scope, Service, State};
use serde_json::Value;

const JPKI: &str = "2024-12-15-jpki-maintenance.toml";
const ERX_R1: &str = "2024-12-20-erx-issuing-stop.toml";
const ERX_R2: &str = "2024-12-20-erx-issuing-stop-r2.toml";
const MYNA: &str = "2025-12-31-mynaportal-year-end.toml";
const OQS_LINES: &str = "2025-02-13-oqs-line-incident.toml";

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples")
}

fn example(name: &str) -> Notice {
    Notice::from_file(&examples().join(name)).unwrap_or_else(|e| panic!("{e}"))
}

/// The embedded notices plus every example, as `--notices docs/examples` loads them.
fn with_examples() -> Schedule {
    let mut s = Schedule::embedded();
    let errors = s.add_dir(&examples());
    assert!(errors.is_empty(), "{errors:?}");
    s
}

fn onshi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("RUST_BACKTRACE")
        .env("TZ", "America/New_York")
        .output()
        .expect("run onshi")
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn status_json(p: &str, at: &str) -> Value {
    let o = onshi(&[
        "status",
        "-p",
        p,
        "--at",
        at,
        "--notices",
        "docs/examples",
        "--json",
    ]);
    assert!(o.status.success(), "{}", err(&o));
    serde_json::from_str(&out(&o)).unwrap()
}

fn service<'a>(v: &'a Value, id: &str) -> Option<&'a Value> {
    v["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service"] == id)
}

#[test]
fn onshi_check_passes_every_example() {
    let mut files: Vec<String> = std::fs::read_dir(examples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    files.sort();
    // The five shapes of 2024–2025 and the seven of format v3 (deadlines, insurers, hours,
    // recurring windows, a service of the clinic's own).
    assert_eq!(files.len(), 12, "{files:?}");
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let o = onshi(&args);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        out(&o).lines().filter(|l| l.contains(": ok — ")).count(),
        12
    );
    // Each says it is a past event (or, the one shape no issuer published, an
    // illustration), not a schedule.
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let illustration = f.contains("illustration") && text.starts_with("# ILLUSTRATION");
        assert!(text.starts_with("# PAST EVENT") || illustration, "{f}");
    }
}

#[test]
fn jpki_partial_nationwide_at_its_boundaries() {
    let n = example(JPKI);
    assert_eq!(n.service, Service::Jpki);
    let w = &n.windows[0];
    assert_eq!(
        (w.kind, w.service, &w.scope),
        (Kind::Partial, Service::Jpki, &Scope::Nationwide)
    );
    assert!(w
        .affects
        .as_deref()
        .unwrap()
        .contains("利用者証明用電子証明書を更新した"));

    for p in ["1", "13", "40", "47"] {
        let before = status_json(p, "2024-12-15T02:59:59+09:00");
        let jpki = service(&before, "jpki").expect("a future jpki window is listed");
        assert_eq!(jpki["name"], "公的個人認証サービス");
        assert_eq!(jpki["state"], "normal");
        assert_eq!(jpki["window"], Value::Null);
        assert_eq!(jpki["next_window"]["start"], "2024-12-15T03:00:00+09:00");

        let during = status_json(p, "2024-12-15T03:00:00+09:00");
        let jpki = service(&during, "jpki").unwrap();
        assert_eq!(jpki["state"], "partial", "{p}");
        let w = &jpki["window"];
        assert_eq!(w["kind"], "partial");
        assert_eq!(w["service"], "jpki");
        assert_eq!(w["scope"], "nationwide");
        assert_eq!(w["region"], "全国");
        assert_eq!(w["end"], "2024-12-15T04:00:00+09:00");
        assert_eq!(w["revision"], 1);
        assert_eq!(w["may_extend_until"], Value::Null);
        assert!(w["affects"].as_str().unwrap().contains("マイナ保険証"));
        // オン資 itself is not down: the top-level fields keep describing oqs.
        assert_eq!(during["state"], "normal");
        assert_eq!(during["window"], Value::Null);

        assert_eq!(
            service(&status_json(p, "2024-12-15T03:59:59+09:00"), "jpki").unwrap()["state"],
            "partial"
        );
        // At the end nothing of jpki is left to come: it is not listed.
        let after = status_json(p, "2024-12-15T04:00:00+09:00");
        assert!(service(&after, "jpki").is_none(), "{after}");
    }

    let o = onshi(&[
        "status",
        "-p",
        "福岡",
        "--at",
        "2024-12-15T03:30+09:00",
        "--notices",
        "docs/examples",
    ]);
    let text = out(&o);
    assert!(text.contains("公的個人認証サービス  一部停止中"), "{text}");
    assert!(
        text.contains("対象: マイナ保険証の利用登録がまだの患者"),
        "{text}"
    );
}

#[test]
fn mynaportal_may_be_extended_but_its_state_ends_at_end() {
    let w = &example(MYNA).windows[0];
    assert_eq!((w.service, w.kind), (Service::Mynaportal, Kind::Full));
    assert_eq!(w.may_extend_until, Some(t("2026-01-04T22:00+09:00")));
    assert!(!w.may_be_extended_at(t("2026-01-02T02:59:59+09:00")));
    assert!(w.may_be_extended_at(t("2026-01-02T03:00+09:00")));
    assert!(!w.may_be_extended_at(t("2026-01-04T22:00+09:00")));
    let tl = with_examples().timeline_for(pref("東京"), Service::Mynaportal);
    assert_eq!(tl.state_at(t("2025-12-31T21:59:59+09:00")), State::Normal);
    assert_eq!(
        tl.state_at(t("2025-12-31T22:00:00+09:00")),
        State::FullOutage
    );
    assert_eq!(
        tl.state_at(t("2026-01-02T02:59:59+09:00")),
        State::FullOutage
    );
    assert_eq!(tl.state_at(t("2026-01-02T03:00:00+09:00")), State::Normal);
    assert_eq!(
        tl.next_change(t("2026-01-01T12:00+09:00")),
        Some(t("2026-01-02T03:00+09:00"))
    );

    let v = status_json("沖縄", "2026-01-01T12:00+09:00");
    let m = service(&v, "mynaportal").unwrap();
    assert_eq!(m["name"], "マイナポータル");
    assert_eq!(m["state"], "full_outage");
    assert_eq!(m["window"]["may_extend_until"], "2026-01-04T22:00:00+09:00");
    assert_eq!(m["window"]["end"], "2026-01-02T03:00:00+09:00");
    assert_eq!(m["window"]["affects"], Value::Null);
    assert_eq!(v["state"], "normal");

    let text = |at: &str| {
        out(&onshi(&[
            "status",
            "-p",
            "沖縄",
            "--at",
            at,
            "--notices",
            "docs/examples",
        ]))
    };
    let during = text("2026-01-01T12:00+09:00");
    assert!(during.contains("マイナポータル  停止中"), "{during}");
    assert!(
        during.contains("最大 1月4日(日) 22:00 まで延長の可能性"),
        "{during}"
    );
    assert!(
        during.contains("オンライン資格確認等システム: 通常どおり"),
        "{during}"
    );
    // After the planned end, inside the possible extension: not 「通常どおり」, and a warning.
    let after = text("2026-01-02T03:00+09:00");
    assert!(
        after.contains("マイナポータル  終了予定時刻を過ぎました（延長の可能性あり）"),
        "{after}"
    );
    assert!(!after.contains("マイナポータル  通常どおり"), "{after}");
    assert!(after.contains("延長のお知らせに注意"), "{after}");
    assert!(service(&status_json("沖縄", "2026-01-02T03:00+09:00"), "mynaportal").is_none());
    // After the latest possible end, nothing is said.
    assert!(!text("2026-01-04T22:00+09:00").contains("マイナポータル"));
}

#[test]
fn erx_the_higher_revision_wins_whatever_the_order() {
    let (r1, r2) = (example(ERX_R1), example(ERX_R2));
    assert_eq!(r1.id, r2.id);
    assert_eq!((r1.revision, r2.revision), (1, 2));
    assert_eq!(r1.updated, None);
    assert_eq!(r2.updated, Some(t("2024-12-24T00:00+09:00")));
    for order in [[r1.clone(), r2.clone()], [r2.clone(), r1.clone()]] {
        let mut s = Schedule::default();
        for n in order {
            s.add(n).unwrap();
        }
        assert_eq!(s.notices().len(), 1);
        assert_eq!(s.notice(&r1.id).unwrap().revision, 2);
        assert_eq!(s.superseded().len(), 1);
        let tl = s.timeline_for(pref("40"), Service::Erx);
        // Revision 1 ended the stop on the 25th; revision 2 runs it to the 27th.
        assert_eq!(tl.state_at(t("2024-12-25T12:00+09:00")), State::Partial);
        assert_eq!(tl.state_at(t("2024-12-26T23:59:59+09:00")), State::Partial);
        assert_eq!(tl.state_at(t("2024-12-27T00:00+09:00")), State::Normal);
        // The erx stop says nothing about オン資.
        assert_eq!(
            s.status(pref("40"), t("2024-12-25T12:00+09:00")).state,
            State::Normal
        );
    }
    // Revision 1 alone: the 25th is normal.
    let mut s = Schedule::default();
    s.add(r1.clone()).unwrap();
    assert_eq!(
        s.timeline_for(pref("40"), Service::Erx)
            .state_at(t("2024-12-25T12:00+09:00")),
        State::Normal
    );

    // Through the CLI, with both files in the folder.
    let v = status_json("40", "2024-12-25T12:00+09:00");
    let erx = service(&v, "erx").unwrap();
    assert_eq!(erx["name"], "電子処方箋管理サービス");
    assert_eq!(erx["state"], "partial");
    assert_eq!(erx["window"]["revision"], 2);
    assert_eq!(erx["window"]["end"], "2024-12-27T00:00:00+09:00");
}

#[test]
fn erx_extension_is_a_change_of_the_same_window() {
    let s = with_examples();
    let key = WindowKey {
        notice: "mhlw-2024-12-20-erx-issuing-stop".into(),
        window: "issuing".into(),
    };
    let history = s.history(&key);
    assert_eq!(
        history
            .iter()
            .map(|v| (v.revision, v.end))
            .collect::<Vec<_>>(),
        [
            (1, t("2024-12-25T00:00+09:00")),
            (2, t("2024-12-27T00:00+09:00"))
        ]
    );
    // What a desk told about revision 1 now learns.
    let told = [history[0].clone()];
    let changes = revision::changes(&told, &s.all_windows_for(pref("福岡")));
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].change, Change::Extended);
    assert_eq!(changes[0].old.end, t("2024-12-25T00:00+09:00"));
    assert_eq!(
        changes[0].new.as_ref().unwrap().end,
        t("2024-12-27T00:00+09:00")
    );
    // Told about revision 2 already: nothing new.
    assert!(revision::changes(&history[1..], &s.all_windows_for(pref("福岡"))).is_empty());
    // The versions survive a round trip through JSON (the timer keeps them on disk).
    let json = serde_json::to_string(&history).unwrap();
    assert!(json.contains("2024-12-27T00:00:00+09:00"), "{json}");
    let back: Vec<WindowVersion> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, history);
}

#[test]
fn the_same_revision_twice_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    for name in ["a.toml", "b.toml"] {
        std::fs::copy(examples().join(ERX_R1), tmp.path().join(name)).unwrap();
    }
    let o = onshi(&[
        "windows",
        "-p",
        "40",
        "--notices",
        tmp.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.contains("b.toml"), "{e}");
    assert!(e.contains("revision 1 is already used by"), "{e}");
    assert!(e.contains("revision = 2"), "{e}");

    // Also when a higher revision was added in between.
    let mut s = Schedule::default();
    s.add(example(ERX_R1)).unwrap();
    s.add(example(ERX_R2)).unwrap();
    let e = s.add(example(ERX_R1)).unwrap_err();
    assert!(e.message.contains("revision 1"), "{e}");
    assert!(e.message.contains("revision = 3"), "{e}");
    assert_eq!(
        s.notice("mhlw-2024-12-20-erx-issuing-stop")
            .unwrap()
            .revision,
        2
    );
}

#[test]
fn a_prefecture_list_hits_only_those_listed() {
    let n = example(OQS_LINES);
    let w = &n.windows[0];
    assert_eq!(
        (w.service, w.kind, &w.scope),
        (Service::Oqs, Kind::Partial, &Scope::Prefectures)
    );
    assert_eq!(w.area.prefectures.len(), 17);

    let tokyo = status_json("東京都", "2025-02-13T11:06:00+09:00");
    assert_eq!(tokyo["state"], "partial");
    assert_eq!(tokyo["until"], "2025-02-13T11:35:00+09:00");
    assert_eq!(tokyo["window"]["scope"], "prefectures");
    assert_eq!(tokyo["window"]["service"], "oqs");
    assert!(tokyo["window"]["affects"]
        .as_str()
        .unwrap()
        .contains("フレッツ"));
    assert_eq!(service(&tokyo, "oqs").unwrap()["state"], "partial");
    assert_eq!(
        status_json("長野", "2025-02-13T11:34:59+09:00")["state"],
        "partial"
    );
    assert_eq!(
        status_json("東京都", "2025-02-13T11:35:00+09:00")["state"],
        "normal"
    );
    assert_eq!(
        status_json("東京都", "2025-02-13T11:05:59+09:00")["state"],
        "normal"
    );
    // Not listed: untouched.
    for p in ["富山", "福岡", "沖縄"] {
        assert_eq!(
            status_json(p, "2025-02-13T11:20+09:00")["state"],
            "normal",
            "{p}"
        );
    }
    // A region scope names the region id.
    let fukuoka = status_json("福岡", "2024-12-31T03:30+09:00");
    assert_eq!(fukuoka["window"]["scope"], "west");
    assert_eq!(fukuoka["window"]["service"], "oqs");
    assert_eq!(fukuoka["window"]["revision"], 1);
    assert_eq!(fukuoka["window"]["affects"], Value::Null);
}

#[test]
fn services_come_in_order_and_only_with_something_ahead() {
    let v = status_json("東京", "2024-12-01T00:00+09:00");
    let ids: Vec<&str> = v["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service"].as_str().unwrap())
        .collect();
    // The five in their order (オンライン請求 has the monthly illustration ahead), then the
    // clinic's own.
    assert_eq!(
        ids,
        ["oqs", "erx", "mynaportal", "jpki", "claims", "ehr-cloud"]
    );
    for s in v["services"].as_array().unwrap() {
        let keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["look", "name", "next_window", "service", "state", "window"]
        );
    }
    // The oqs entry tells what the top-level fields tell.
    let oqs = service(&v, "oqs").unwrap();
    assert_eq!(oqs["state"], v["state"]);
    assert_eq!(oqs["next_window"], v["next_window"]);

    // Without the examples, only oqs has anything, and after it nothing at all.
    let o = onshi(&[
        "status",
        "-p",
        "40",
        "--at",
        "2024-12-01T00:00+09:00",
        "--json",
    ]);
    let v: Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(v["services"].as_array().unwrap().len(), 1);
    assert_eq!(v["services"][0]["name"], "オンライン資格確認等システム");
    let o = onshi(&[
        "status",
        "-p",
        "40",
        "--at",
        "2025-06-01T00:00+09:00",
        "--json",
    ]);
    let v: Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(v["services"], serde_json::json!([]));
}

#[test]
fn a_cancelled_window_is_never_current_nor_next() {
    let dir = fixture("cancel");
    let dir = dir.to_str().unwrap();
    let status = |at: &str| {
        let o = onshi(&["status", "-p", "40", "--at", at, "--notices", dir, "--json"]);
        assert!(o.status.success(), "{}", err(&o));
        serde_json::from_str::<Value>(&out(&o)).unwrap()
    };
    // Before: the next window is the second, not the cancelled first.
    let v = status("2030-03-01T02:00+09:00");
    assert_eq!(v["state"], "normal");
    assert_eq!(v["next_window"]["id"], "second");
    // Inside the cancelled one: normal.
    let v = status("2030-03-01T03:30+09:00");
    assert_eq!(v["state"], "normal");
    assert_eq!(v["window"], Value::Null);
    assert_eq!(v["until"], "2030-03-02T03:00:00+09:00");
    assert_eq!(status("2030-03-02T03:30+09:00")["state"], "intermittent");

    // `windows` lists it, as cancelled, in JSON and text.
    let o = onshi(&["windows", "-p", "40", "--notices", dir, "--json"]);
    let v: Value = serde_json::from_str(&out(&o)).unwrap();
    let first = v["windows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == "first")
        .unwrap();
    assert_eq!(first["cancelled"], true);
    assert_eq!(first["revision"], 2);
    assert_eq!(first["service"], "oqs");
    let text = out(&onshi(&["windows", "-p", "40", "--notices", dir]));
    // The list spans 2024 (the seed) and 2030: every date has its year.
    assert!(
        text.contains("【中止】2030年3月1日(金) 3:00 〜 5:00"),
        "{text}"
    );
    assert!(!text.contains("【中止】2030年3月2日"), "{text}");
    let text = out(&onshi(&[
        "windows",
        "-p",
        "40",
        "--notices",
        dir,
        "--lang",
        "en",
    ]));
    assert!(text.contains("[CANCELLED] Fri 1 Mar 2030 03:00"), "{text}");

    // What a desk told about revision 1 learns that the first is called off.
    let s = {
        let mut s = Schedule::default();
        assert!(s.add_dir(&fixture("cancel")).is_empty());
        s
    };
    let r1 = Notice::from_file(&fixture("cancel/2030-03-test-r1.toml")).unwrap();
    let told: Vec<WindowVersion> = r1.windows.iter().map(WindowVersion::of).collect();
    let changes = revision::changes(&told, &s.all_windows_for(pref("佐賀")));
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].change, Change::Cancelled);
    assert!(changes[0].change.is_cancellation());
    assert_eq!(changes[0].old.key.window, "first");
    assert!(s.windows_for(pref("佐賀")).iter().all(|w| w.id != "first"));
}

#[test]
fn a_typo_in_a_key_is_an_error_with_line_and_column() {
    let path = "tests/fixtures/broken/unknown-key-tentativ.toml";
    let o = onshi(&["check", path]);
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.starts_with(&format!("{path}:18:1: ")), "{e}");
    assert!(e.contains("`tentativ`"), "{e}");
    assert!(e.contains("`tentative`"), "{e}");
}

// ---- The shapes of 2025–2026 (format v3), read back through the CLI ----

fn json_of(args: &[&str]) -> Value {
    let o = onshi(args);
    assert!(o.status.success(), "{}", err(&o));
    serde_json::from_str(&out(&o)).unwrap_or_else(|e| panic!("{e}: {}", out(&o)))
}

fn text_of(args: &[&str]) -> String {
    let o = onshi(args);
    assert!(o.status.success(), "{}", err(&o));
    out(&o)
}

const EX: [&str; 2] = ["--notices", "docs/examples"];

fn with_ex<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut v = args.to_vec();
    v.extend(EX);
    v
}

#[test]
fn the_inspection_report_deadline_reads_back() {
    let v = json_of(&with_ex(&["windows", "-p", "福岡", "--json"]));
    let erx: Vec<&Value> = v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["service"] == "erx")
        .collect();
    assert_eq!(erx.len(), 1);
    let d = erx[0];
    assert_eq!(
        d["key"],
        "mhlw-2025-09-erx-inspection-report/inspection-report"
    );
    assert_eq!(d["due"], "2026-01-11T00:00:00+09:00");
    assert_eq!(d["last_day"], "2026-01-10");
    assert_eq!(d["moved_from"], Value::Null);
    assert_eq!(d["region"], "全国");
    assert!(d["action"].as_str().unwrap().contains("点検報告"));

    // Three days before the last day: status says so, and the state of オン資 is untouched.
    let s = json_of(&with_ex(&[
        "status",
        "-p",
        "福岡",
        "--at",
        "2026-01-07T10:00+09:00",
        "--json",
    ]));
    assert_eq!(s["state"], "normal");
    let ds = s["deadlines"].as_array().unwrap();
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(
        (ds[0]["days_left"].as_i64(), ds[0]["service"].as_str()),
        (Some(3), Some("erx"))
    );
    let text = text_of(&with_ex(&[
        "status",
        "-p",
        "福岡",
        "--at",
        "2026-01-07T10:00+09:00",
    ]));
    assert!(
        text.contains("期限 1月10日(土) 24:00（あと3日）  電子処方箋管理サービス: 電子処方箋の医薬品等マスタの点検報告を厚生労働省に提出する"),
        "{text}"
    );
    // 31 days before the last day it is not yet told; 31 days after, no longer.
    for at in ["2025-12-10T10:00+09:00", "2026-02-10T10:00+09:00"] {
        let s = json_of(&with_ex(&["status", "-p", "福岡", "--at", at, "--json"]));
        assert!(
            s["deadlines"]
                .as_array()
                .unwrap()
                .iter()
                .all(|d| d["service"] != "erx"),
            "{at}"
        );
    }
    let s = json_of(&with_ex(&[
        "status",
        "-p",
        "福岡",
        "--at",
        "2026-01-12T10:00+09:00",
        "--json",
    ]));
    assert_eq!(s["deadlines"][0]["days_left"], -2);
}

#[test]
fn the_insurers_problem_is_a_line_not_an_outage() {
    for (at, shown) in [
        ("2025-06-30T23:59:59+09:00", false),
        ("2025-07-01T00:00+09:00", true),
        ("2025-07-02T17:30+09:00", true),
        ("2025-07-03T00:00+09:00", false),
    ] {
        let s = json_of(&with_ex(&["status", "-p", "熊本", "--at", at, "--json"]));
        assert_eq!(
            s["state"], "normal",
            "{at}: an insurer's problem is no outage"
        );
        let lines = s["insurer_issues"].as_array().unwrap();
        assert_eq!(lines.len(), usize::from(shown), "{at}");
        if shown {
            let i = &lines[0];
            assert_eq!(
                i["insurers"],
                serde_json::json!([{"by": "name", "value": "熊本市国民健康保険"}])
            );
            assert_eq!(
                i["fields"],
                serde_json::json!(["copay_rate", "limit_category"])
            );
            assert_eq!(
                i["line"],
                "熊本市国民健康保険: 負担割合・限度額適用区分が正しく表示されないことがあります → 該当する方は保険者（熊本市）に電話で負担割合・限度額適用区分を確認する"
            );
        }
    }
    let text = text_of(&with_ex(&[
        "status",
        "-p",
        "熊本",
        "--at",
        "2025-07-02T09:00+09:00",
    ]));
    assert!(
        text.contains("保険者の情報:\n  熊本市国民健康保険: 負担割合・限度額適用区分が"),
        "{text}"
    );
    assert!(
        text.contains("（7月1日(火) 0:00 〜 7月3日(木) 0:00、オンライン資格確認等システム）"),
        "{text}"
    );
    let en = text_of(&with_ex(&[
        "status",
        "-p",
        "熊本",
        "--at",
        "2025-07-02T09:00+09:00",
        "--lang",
        "en",
    ]));
    assert!(en.contains("熊本市国民健康保険: copay rate, high-cost ceiling category may be missing or wrong → For those patients, phone the insurer"), "{en}");
}

#[test]
fn the_claims_deadline_moved_to_the_12th_at_21_reads_back() {
    let v = json_of(&with_ex(&["windows", "-p", "秋田", "--json"]));
    let claims: Vec<&Value> = v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["service"] == "claims")
        .collect();
    assert_eq!(claims.len(), 12, "one a month, April 2022 to March 2023");
    let dues: Vec<&str> = claims.iter().map(|d| d["due"].as_str().unwrap()).collect();
    assert_eq!(dues[0], "2022-04-11T00:00:00+09:00");
    assert_eq!(
        dues[1], "2022-05-12T21:00:00+09:00",
        "revision 2 moved May's"
    );
    assert_eq!(dues[2], "2022-06-11T00:00:00+09:00");
    assert_eq!(dues[11], "2023-03-11T00:00:00+09:00");
    assert_eq!(claims[1]["moved_from"], "2022-05-11T00:00:00+09:00");
    assert_eq!(claims[1]["revision"], 2);
    assert_eq!(
        claims[1]["key"],
        "claims-2022-monthly-deadline/monthly#20220511T0000"
    );
    assert!(claims.iter().filter(|d| !d["moved_from"].is_null()).count() == 1);
    // Revision 1 alone: the twelve regular dues, none moved.
    let r1 = example("2022-05-claims-deadline.toml");
    assert_eq!(r1.deadlines.len(), 12);
    assert!(r1.deadlines.iter().all(|d| d.moved_from.is_none()));
    assert_eq!(r1.deadlines[1].due, t("2022-05-11T00:00+09:00"));
    let text = text_of(&with_ex(&["windows", "-p", "秋田"]));
    assert!(
        text.contains("  期限 5月12日(木) 21:00（延長）  オンライン請求システム  前月分のレセプトをオンライン請求で送信する  [全国]\n      元の期限: 5月10日(火) 24:00（オンライン請求システムの混雑のため延長）"),
        "{text}"
    );
    // On the 11th the moved deadline is still ahead: the last day is the 12th.
    let s = json_of(&with_ex(&[
        "status",
        "-p",
        "秋田",
        "--at",
        "2022-05-11T10:00+09:00",
        "--json",
    ]));
    let may = s["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["due"] == "2022-05-12T21:00:00+09:00")
        .unwrap();
    assert_eq!(may["days_left"], 1);
}

#[test]
fn recurring_hours_and_windows_read_back() {
    let v = json_of(&with_ex(&["windows", "-p", "秋田", "--json"]));
    let hours = v["hours"].as_array().unwrap();
    assert_eq!(hours.len(), 72, "days 5–7 and 8–10 of each month of 2026");
    let span = |h: &Value| {
        (
            h["start"].as_str().unwrap().to_string(),
            h["end"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(
        span(&hours[0]),
        (
            "2026-01-05T08:00:00+09:00".into(),
            "2026-01-05T21:00:00+09:00".into()
        )
    );
    assert_eq!(
        span(&hours[3]),
        (
            "2026-01-08T08:00:00+09:00".into(),
            "2026-01-09T00:00:00+09:00".into()
        )
    );
    assert_eq!(
        span(&hours[71]),
        (
            "2026-12-10T08:00:00+09:00".into(),
            "2026-12-11T00:00:00+09:00".into()
        )
    );
    assert_eq!(hours[0]["id"], "days-5-7#20260105T0800");
    // Only 秋田's desks see 秋田's hours.
    let tokyo = json_of(&with_ex(&["windows", "-p", "東京", "--json"]));
    assert!(tokyo["hours"].as_array().unwrap().is_empty());
    let text = text_of(&with_ex(&["windows", "-p", "秋田"]));
    assert!(text.contains("受付時間:\n  受付時間 1月5日(月) 8:00 〜 21:00  オンライン請求システム  [秋田県]  請求の受付\n"), "{text}");
    assert!(text.contains("  受付時間 1月10日(土) 8:00 〜 1月11日(日) 0:00  オンライン請求システム  [秋田県]  請求の受付（24:00まで）\n"), "{text}");

    // The monthly illustration: the 1st Wednesday, 18:00–21:00, every month of 2026.
    let firsts: Vec<String> = tokyo["windows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["notice"] == "illustration-2026-monthly-maintenance")
        .map(|w| w["start"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        firsts,
        [
            "2026-01-07T18:00:00+09:00",
            "2026-02-04T18:00:00+09:00",
            "2026-03-04T18:00:00+09:00",
            "2026-04-01T18:00:00+09:00",
            "2026-05-06T18:00:00+09:00",
            "2026-06-03T18:00:00+09:00",
            "2026-07-01T18:00:00+09:00",
            "2026-08-05T18:00:00+09:00",
            "2026-09-02T18:00:00+09:00",
            "2026-10-07T18:00:00+09:00",
            "2026-11-04T18:00:00+09:00",
            "2026-12-02T18:00:00+09:00",
        ]
    );
    // Read on New Year's Day 2026 (not the test machine's clock): nothing of 2026 has ended
    // yet, and the list spans 2024–2026, so every date has its year.
    let text = text_of(&with_ex(&[
        "windows",
        "-p",
        "東京",
        "--at",
        "2026-01-01T00:00",
    ]));
    assert!(
        text.contains("  2026年1月7日(水) 18:00 〜 21:00（予定）  オンライン請求システム  長時間の通信断  [全国]\n  2026年2月4日(水) 18:00 〜 21:00（予定）  オンライン請求システム"),
        "{text}"
    );
    for (at, state) in [
        ("2026-02-04T17:59:59+09:00", "normal"),
        ("2026-02-04T18:00+09:00", "full_outage"),
        ("2026-02-04T21:00+09:00", "normal"),
        ("2026-02-11T19:00+09:00", "normal"),
    ] {
        let s = json_of(&with_ex(&["status", "-p", "東京", "--at", at, "--json"]));
        assert_eq!(
            service(&s, "claims")
                .map(|c| c["state"].clone())
                .unwrap_or(Value::from("normal")),
            state,
            "{at}"
        );
        assert_eq!(
            s["state"], "normal",
            "{at}: the claims system is not オン資"
        );
    }
}

#[test]
fn a_cloud_ehr_outage_is_a_service_of_the_clinics_own() {
    let s = json_of(&with_ex(&[
        "status",
        "-p",
        "沖縄",
        "--at",
        "2025-11-15T13:00+09:00",
        "--json",
    ]));
    let ehr = service(&s, "ehr-cloud").expect("listed after the five");
    assert_eq!(ehr["name"], "クラウド電子カルテ");
    assert_eq!(ehr["state"], "full_outage");
    assert_eq!(ehr["window"]["end"], "2025-11-15T15:55:00+09:00");
    assert_eq!(s["state"], "normal");
    let text = text_of(&with_ex(&[
        "status",
        "-p",
        "沖縄",
        "--at",
        "2025-11-15T13:00+09:00",
    ]));
    assert!(
        text.contains("✕ クラウド電子カルテ  停止中\n  停止: 11月15日(土) 12:15 〜 15:55 [全国]"),
        "{text}"
    );
    assert!(text.contains("1. 受付・診療の内容を紙（受付票・紙カルテ）に記録し、復旧後に電子カルテへ入力する\n       （施設で定めた手順）"), "{text}");
    assert!(
        text.contains("問い合わせ先: 電子カルテのサポート窓口（契約書・画面に記載の番号）"),
        "{text}"
    );
    let after = json_of(&with_ex(&[
        "status",
        "-p",
        "沖縄",
        "--at",
        "2025-11-15T15:55+09:00",
        "--json",
    ]));
    assert!(
        service(&after, "ehr-cloud").is_none(),
        "nothing ahead once it is over"
    );
}

#[test]
fn a_service_from_the_policy_file_shows_its_own_name_steps_and_contact() {
    let policy = "tests/fixtures/own-service/policy.toml";
    let notices = "tests/fixtures/own-service/notices";
    let args = [
        "status",
        "-p",
        "東京",
        "--at",
        "2026-03-07T14:00+09:00",
        "--notices",
        notices,
        "--policy",
        policy,
    ];
    let text = text_of(&args);
    assert!(
        text.contains("✕ レセコン（院内サーバー）  停止中"),
        "{text}"
    );
    assert!(
        text.contains("1. 会計は手書きの領収書で行い、控えを残す"),
        "{text}"
    );
    assert!(
        text.contains("2. 復旧後、控えからレセコンに入力する"),
        "{text}"
    );
    assert!(
        text.contains(
            "問い合わせ先: 〇〇システム サポートセンター 0120-000-000（平日 9:00〜18:00）"
        ),
        "{text}"
    );
    let mut en = args.to_vec();
    en.extend(["--lang", "en"]);
    let en = text_of(&en);
    assert!(
        en.contains("Billing computer (in-house server)  Down"),
        "{en}"
    );
    assert!(
        en.contains("1. Take payments with handwritten receipts and keep the copies"),
        "{en}"
    );
    assert!(
        en.contains(
            "Who to call: 〇〇システム サポートセンター 0120-000-000（Weekdays 09:00–18:00）"
        ),
        "{en}"
    );
    let mut json = args.to_vec();
    json.push("--json");
    let v = json_of(&json);
    assert_eq!(service(&v, "rececom").unwrap()["state"], "full_outage");
    assert_eq!(
        service(&v, "rececom").unwrap()["name"],
        "レセコン（院内サーバー）"
    );
    // The policy is found where the app finds it, too.
    let o = Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(&args[..7])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("ONSHI_WATCH_POLICY", policy)
        .output()
        .unwrap();
    assert!(out(&o).contains("レセコン（院内サーバー）"), "{}", err(&o));
    // onshi check reads the notice as the app would, with the policy.
    let file = "tests/fixtures/own-service/notices/2026-03-07-rececom-maintenance.toml";
    let o = onshi(&["check", file, "--policy", policy]);
    assert!(o.status.success(), "{}", err(&o));
}

#[test]
fn a_notice_for_an_undefined_service_is_refused_with_its_line_and_column() {
    let file = "tests/fixtures/own-service-undefined/2026-03-07-rececom-maintenance.toml";
    let o = onshi(&[
        "check",
        file,
        "--policy",
        "tests/fixtures/own-service-undefined/none.toml",
    ]);
    assert!(!o.status.success());
    assert!(err(&o).contains("no such policy file"), "{}", err(&o));
    let o = Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(["check", file])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env(
            "ONSHI_WATCH_POLICY",
            "tests/fixtures/own-service-undefined/none.toml",
        )
        .output()
        .unwrap();
    assert!(!o.status.success());
    let e = err(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(
        e.starts_with(&format!("{file}:10:11: unknown service \"rececom\": use one of oqs, erx, mynaportal, jpki, claims, or define it")),
        "{e}"
    );
    // windows refuses the folder the same way.
    let o = onshi(&[
        "windows",
        "-p",
        "東京",
        "--notices",
        "tests/fixtures/own-service-undefined",
        "--policy",
        "tests/fixtures/own-service/../own-service/policy.toml",
    ]);
    assert!(
        o.status.success(),
        "with the policy it is defined: {}",
        err(&o)
    );
}

/// The deadline reminders `onshi plan` gives for 福岡 over a span, as (at, days_left).
fn deadline_plan(from: &str, to: &str, done: &[&str]) -> Vec<(String, i64)> {
    let mut args = with_ex(&["plan", "-p", "福岡", "--from", from, "--to", to, "--json"]);
    for d in done {
        args.extend(["--done", d]);
    }
    json_of(&args)
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "deadline")
        .map(|e| {
            (
                e["at"].as_str().unwrap().to_string(),
                e["days_left"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_deadline_is_reminded_at_the_exact_instants_over_40_days() {
    // 2025-12-05 to 2026-01-14: 30, 14, 7, 3 and 1 days before the last day (10 January),
    // the last day itself, then every day it is overdue — each at 9:00 JST.
    let got = deadline_plan("2025-12-05T00:00+09:00", "2026-01-14T00:00+09:00", &[]);
    let want: Vec<(String, i64)> = [
        ("2025-12-11T09:00:00+09:00", 30),
        ("2025-12-27T09:00:00+09:00", 14),
        ("2026-01-03T09:00:00+09:00", 7),
        ("2026-01-07T09:00:00+09:00", 3),
        ("2026-01-09T09:00:00+09:00", 1),
        ("2026-01-10T09:00:00+09:00", 0),
        ("2026-01-11T09:00:00+09:00", -1),
        ("2026-01-12T09:00:00+09:00", -2),
        ("2026-01-13T09:00:00+09:00", -3),
    ]
    .iter()
    .map(|(a, d)| (a.to_string(), *d))
    .collect();
    assert_eq!(got, want);
    // What a reminder says.
    let all = json_of(&with_ex(&[
        "plan",
        "-p",
        "福岡",
        "--from",
        "2026-01-09T08:00+09:00",
        "--to",
        "2026-01-09T10:00+09:00",
        "--json",
    ]));
    let e = all
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "deadline")
        .unwrap();
    assert_eq!(
        e["title"],
        "【期限】電子処方箋管理サービス: 期限まであと1日"
    );
    assert_eq!(
        e["deadline"],
        "mhlw-2025-09-erx-inspection-report/inspection-report"
    );
    assert!(
        e["body"]
            .as_str()
            .unwrap()
            .contains("期限 1月10日(土) 24:00"),
        "{e}"
    );
    // A PC switched on at 10:30 on a reminder's day hears of it at once, once.
    assert_eq!(
        deadline_plan("2026-01-07T10:30+09:00", "2026-01-08T23:00+09:00", &[]),
        [("2026-01-07T10:30:00+09:00".to_string(), 3)]
    );
    // Marked 対応済み: none of the rest.
    let key = "mhlw-2025-09-erx-inspection-report/inspection-report";
    assert!(deadline_plan("2025-12-05T00:00+09:00", "2026-01-14T00:00+09:00", &[key]).is_empty());
    // The overdue reminders stop 30 days after the due.
    let late = deadline_plan("2026-02-05T00:00+09:00", "2026-02-20T00:00+09:00", &[]);
    assert_eq!(
        late.first().map(|(a, _)| a.as_str()),
        Some("2026-02-05T09:00:00+09:00")
    );
    assert_eq!(
        late.last().map(|(a, d)| (a.as_str(), *d)),
        Some(("2026-02-09T09:00:00+09:00", -30))
    );
}

#[test]
fn one_service_id_has_one_meaning_across_the_notices_in_force() {
    let def = |name: &str, id: &str| {
        format!(
            "id = \"{id}\"\ntitle = \"t\"\nissuer = \"i\"\nissued = 2025-11-01\n\n[[service]]\nid = \"ehr-cloud\"\nname = \"{name}\"\nsteps = [\"紙に記録する\"]\n\n[[window]]\nid = \"w\"\nkind = \"full\"\nnationwide = true\nstart = 2025-11-15T12:15:00+09:00\nend = 2025-11-15T15:55:00+09:00\n"
        )
    };
    let mut s = Schedule::embedded();
    s.add(Notice::parse(&def("クラウド電子カルテ", "a"), "a.toml").unwrap())
        .unwrap();
    // The same words again: fine, one service.
    s.add(Notice::parse(&def("クラウド電子カルテ", "b"), "b.toml").unwrap())
        .unwrap();
    assert_eq!(
        s.services()
            .iter()
            .filter(|x| x.as_str() == "ehr-cloud")
            .count(),
        1
    );
    // Other words for the same id: refused, naming the other file.
    let e = s
        .add(Notice::parse(&def("別の電子カルテ", "c"), "c.toml").unwrap())
        .unwrap_err();
    assert_eq!(e.file, "c.toml");
    assert!(e.message.contains("defined otherwise by a.toml"), "{e}");
    // A definition the policy already has, in other words: refused where the notice defines it.
    let policy = onshi::policy::Policy::parse(
        "[[service]]\nid = \"ehr-cloud\"\nname = \"院内の電子カルテ\"\nsteps = [\"x\"]\n",
        "policy.toml",
    )
    .unwrap();
    let e = Notice::parse_with(
        &def("クラウド電子カルテ", "d"),
        "d.toml",
        &policy.service_defs,
    )
    .unwrap_err();
    assert_eq!((e.line, e.column), (7, 6), "{e}");
    assert!(e.message.contains("already defined"), "{e}");
}

#[test]
fn writing_the_policy_keeps_the_clinics_own_services() {
    use onshi::policy::{Loaded, Policy};
    use onshi::policy_write::{self, Given};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.toml");
    std::fs::copy(fixture("own-service/policy.toml"), &path).unwrap();
    let before = match Policy::load(&path) {
        Loaded::Policy(p) => p.service_defs,
        other => panic!("{other:?}"),
    };
    // The installer sets the prefecture over the administrator's file.
    let given = Given {
        prefecture: Some("40".into()),
        ..Given::default()
    };
    policy_write::write(&given, &path).unwrap();
    let Loaded::Policy(after) = Policy::load(&path) else {
        panic!("{}", std::fs::read_to_string(&path).unwrap())
    };
    assert_eq!(after.prefecture.map(|p| p.code()), Some(40));
    // Every word of each definition, not only its id.
    let defs = |r: &onshi::service::ServiceRegistry| -> Vec<onshi::service::ServiceDef> {
        r.custom()
            .iter()
            .filter_map(|s| s.custom_def().cloned())
            .collect()
    };
    assert_eq!(
        defs(&after.service_defs),
        defs(&before),
        "{}",
        std::fs::read_to_string(&path).unwrap()
    );
    assert_eq!(defs(&before).len(), 1);
    let own = after
        .service_defs
        .resolve("rececom")
        .unwrap()
        .custom_def()
        .unwrap();
    assert_eq!(
        own.contact.as_ref().unwrap().hours.as_deref(),
        Some("平日 9:00〜18:00")
    );
    assert_eq!(
        own.steps[1].text_en.as_deref(),
        Some("Once it is back, enter the copies into the billing computer")
    );
}

#[test]
fn a_recurring_window_is_planned_occurrence_by_occurrence() {
    let v = json_of(&[
        "plan",
        "-p",
        "東京",
        "--from",
        "2026-01-01T00:00+09:00",
        "--to",
        "2026-03-31T00:00+09:00",
        "--notices",
        "tests/fixtures/recurring",
        "--json",
    ]);
    let got: Vec<(String, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["at"].as_str().unwrap().to_string(),
                e["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut want = Vec::new();
    for day in ["2026-01-07", "2026-02-04", "2026-03-04"] {
        let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        let before = (d - chrono::Duration::days(1))
            .format("%Y-%m-%d")
            .to_string();
        want.extend([
            (format!("{before}T18:00:00+09:00"), "reminder".to_string()),
            (format!("{day}T17:00:00+09:00"), "reminder".to_string()),
            (format!("{day}T17:50:00+09:00"), "reminder".to_string()),
            (format!("{day}T18:00:00+09:00"), "start".to_string()),
            (format!("{day}T21:00:00+09:00"), "end".to_string()),
        ]);
    }
    assert_eq!(got, want);
    // Outside the rule: nothing, and not in another prefecture.
    let other = json_of(&[
        "plan",
        "-p",
        "大阪",
        "--from",
        "2026-01-01T00:00+09:00",
        "--to",
        "2026-03-31T00:00+09:00",
        "--notices",
        "tests/fixtures/recurring",
        "--json",
    ]);
    assert_eq!(other.as_array().unwrap().len(), 0);
}
