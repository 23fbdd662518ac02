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
    // After the planned end, inside the possible extension: normal, with a warning.
    let after = text("2026-01-02T03:00+09:00");
    assert!(after.contains("マイナポータル  通常どおり"), "{after}");
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
        assert_eq!(keys, ["name", "next_window", "service", "state", "window"]);
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
    assert!(text.contains("【中止】3月1日(金) 3:00 〜 5:00"), "{text}");
    assert!(!text.contains("【中止】3月2日"), "{text}");
    let text = out(&onshi(&[
        "windows",
        "-p",
        "40",
        "--notices",
        dir,
        "--lang",
        "en",
    ]));
    assert!(text.contains("[CANCELLED] Fri 1 Mar 03:00"), "{text}");

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
