//! What the desk is told, read against ../shared/GUIDANCE-SOURCES.md: `onshi plan` gives
//! the same texts the app sends (compared with lists written out by hand), planned ends
//! are never told as "back to normal", 予定 is there exactly once, and the steps are there
//! in every phase — from the moment a window is known.

mod common;

use std::process::{Command, Output};

use common::{fixture, pref, t};
use onshi::advice::advice;
use onshi::message::message;
use onshi::{plan, Lang, Phase, Reminders, Schedule, State};
use serde_json::Value;

fn onshi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(args)
        .env_remove("TZ")
        .output()
        .expect("run onshi")
}

fn plan_json(prefecture: &str) -> Vec<(String, String, String, String)> {
    let o = onshi(&[
        "plan",
        "-p",
        prefecture,
        "--from",
        "2024-12-30T00:00+09:00",
        "--to",
        "2025-01-01T23:59+09:00",
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e.as_object().unwrap().len(), 4, "{e}");
            let s = |k: &str| e[k].as_str().unwrap().to_string();
            (s("at"), s("kind"), s("title"), s("body"))
        })
        .collect()
}

fn row(at: &str, kind: &str, title: &str, body: &str) -> (String, String, String, String) {
    (at.into(), kind.into(), title.into(), body.into())
}

const PREPARE: &str = "オンライン資格確認が止まります。日時と対応を受付で共有してください。";
const FULL: &str = "別の方法で資格を確認し、通常の自己負担で請求してください。10割にはしません。";
const INTERMITTENT: &str =
    "エラーが出たら少し待って再試行。だめなら停止中の対応で、10割にはしません。";
const AFTER: &str = "エラーが続くときは、停止中の対応を続けてください（10割にはしません）。";

#[test]
fn plan_for_fukuoka_over_the_year_end_equals_the_list_by_hand() {
    let west = "福岡県（西日本エリア）";
    let want = vec![
        row(
            "2024-12-30T03:00:00+09:00",
            "reminder",
            &format!("【予告】あと24時間でオンライン資格確認が停止（予定） {west}"),
            &format!("12月31日(火) 3:00 〜 5:20（予定）。{PREPARE}"),
        ),
        row(
            "2024-12-30T08:00:00+09:00",
            "reminder",
            &format!("【予告】あと24時間でオンライン資格確認が断続的に停止（予定） {west}"),
            &format!("12月31日(火) 8:00 〜 1月1日(水) 3:00（予定）。{PREPARE}"),
        ),
        row(
            "2024-12-31T02:00:00+09:00",
            "reminder",
            &format!("【予告】あと1時間でオンライン資格確認が停止（予定） {west}"),
            &format!("12月31日(火) 3:00 〜 5:20（予定）。{PREPARE}"),
        ),
        row(
            "2024-12-31T02:50:00+09:00",
            "reminder",
            &format!("【予告】あと10分でオンライン資格確認が停止（予定） {west}"),
            &format!("12月31日(火) 3:00 〜 5:20（予定）。{PREPARE}"),
        ),
        row(
            "2024-12-31T03:00:00+09:00",
            "start",
            &format!("【停止中】オンライン資格確認 {west}"),
            &format!("5:20まで（予定）。{FULL}"),
        ),
        row(
            "2024-12-31T05:20:00+09:00",
            "end",
            &format!("【終了予定時刻】オンライン資格確認 {west}"),
            &format!("5:20（予定）の終了時刻になりました。{AFTER}"),
        ),
        row(
            "2024-12-31T07:00:00+09:00",
            "reminder",
            &format!("【予告】あと1時間でオンライン資格確認が断続的に停止（予定） {west}"),
            &format!("12月31日(火) 8:00 〜 1月1日(水) 3:00（予定）。{PREPARE}"),
        ),
        row(
            "2024-12-31T07:50:00+09:00",
            "reminder",
            &format!("【予告】あと10分でオンライン資格確認が断続的に停止（予定） {west}"),
            &format!("12月31日(火) 8:00 〜 1月1日(水) 3:00（予定）。{PREPARE}"),
        ),
        row(
            "2024-12-31T08:00:00+09:00",
            "start",
            &format!("【断続的に停止】オンライン資格確認 {west}"),
            &format!("1月1日(水) 3:00まで（予定）。{INTERMITTENT}"),
        ),
        row(
            "2025-01-01T03:00:00+09:00",
            "end",
            &format!("【終了予定時刻】オンライン資格確認 {west}"),
            &format!("3:00（予定）の終了時刻になりました。{AFTER}"),
        ),
    ];
    assert_eq!(plan_json("福岡"), want);
}

#[test]
fn plan_for_tokyo_over_the_year_end_equals_the_list_by_hand() {
    let east = "東京都（東日本エリア）";
    let want = vec![
        row(
            "2024-12-30T12:00:00+09:00",
            "reminder",
            &format!("【予告】あと24時間でオンライン資格確認が断続的に停止（予定） {east}"),
            &format!("12月31日(火) 12:00 〜 13:30（予定）。{PREPARE}"),
        ),
        row(
            "2024-12-31T11:00:00+09:00",
            "reminder",
            &format!("【予告】あと1時間でオンライン資格確認が断続的に停止（予定） {east}"),
            &format!("12月31日(火) 12:00 〜 13:30（予定）。{PREPARE}"),
        ),
        row(
            "2024-12-31T11:50:00+09:00",
            "reminder",
            &format!("【予告】あと10分でオンライン資格確認が断続的に停止（予定） {east}"),
            &format!("12月31日(火) 12:00 〜 13:30（予定）。{PREPARE}"),
        ),
        row(
            "2024-12-31T12:00:00+09:00",
            "start",
            &format!("【断続的に停止】オンライン資格確認 {east}"),
            &format!("13:30まで（予定）。{INTERMITTENT}"),
        ),
        row(
            "2024-12-31T13:30:00+09:00",
            "end",
            &format!("【終了予定時刻】オンライン資格確認 {east}"),
            &format!("13:30（予定）の終了時刻になりました。{AFTER}"),
        ),
    ];
    assert_eq!(plan_json("東京都"), want);
}

#[test]
fn the_summaries_above_are_the_ones_in_guidance_toml() {
    let g = onshi::Guidance::embedded();
    assert_eq!(g.summary(Phase::Prepare, Lang::Ja), PREPARE);
    assert_eq!(g.summary(Phase::Full, Lang::Ja), FULL);
    assert_eq!(g.summary(Phase::Intermittent, Lang::Ja), INTERMITTENT);
    assert_eq!(g.summary(Phase::After, Lang::Ja), AFTER);
}

#[test]
fn no_planned_end_is_told_as_back_to_normal_and_yotei_is_there_once() {
    let s = Schedule::embedded();
    for p in onshi::Prefecture::all() {
        let events = plan(
            &s,
            p,
            &Reminders::default(),
            t("2024-12-01T00:00+09:00"),
            t("2025-01-31T00:00+09:00"),
        );
        assert!(!events.is_empty(), "{p:?}");
        for e in &events {
            let m = message(e, Lang::Ja);
            for bad in ["再開", "できます", "通常どおり"] {
                assert!(!m.title.contains(bad) && !m.body.contains(bad), "{m:?}");
            }
            // Every seed time is 予定: once in the body; the title names it at most once.
            assert_eq!(m.body.matches("予定").count(), 1, "{m:?}");
            assert!(m.title.matches("予定").count() <= 1, "{m:?}");
            assert!(m.title.contains(p.name()), "{m:?}");
            let en = message(e, Lang::En);
            assert_eq!(en.body.matches("planned").count(), 1, "{en:?}");
        }
    }
}

#[test]
fn a_window_that_is_not_tentative_never_says_yotei() {
    let mut s = Schedule::default();
    s.add(onshi::Notice::from_file(&fixture("seam/2030-01-seams.toml")).unwrap())
        .unwrap();
    let events = plan(
        &s,
        pref("福岡"),
        &Reminders::default(),
        t("2030-01-08T00:00+09:00"),
        t("2030-01-12T00:00+09:00"),
    );
    assert!(!events.is_empty());
    for e in &events {
        assert!(!e.window.tentative);
        let m = message(e, Lang::Ja);
        assert!(
            !m.title.contains("予定") && !m.body.contains("予定"),
            "{m:?}"
        );
    }
}

/// `onshi status` text for 福岡 at an instant.
fn status_text(at: &str, extra: &[&str]) -> String {
    let mut args = vec!["status", "-p", "福岡", "--at", at];
    args.extend_from_slice(extra);
    let o = onshi(&args);
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn two_days_ahead_the_prepare_steps_show_and_never_no_planned_outage() {
    // 12/29 is during the year-end closure, long before the 24-hour mark.
    let text = status_text("2024-12-29T10:00+09:00", &[]);
    assert!(text.contains("停止の前に準備すること"), "{text}");
    assert!(text.contains("被保険者資格申立書"), "{text}");
    assert!(text.contains("4情報"), "{text}");
    for claim in [
        "予定されている停止はありません",
        "既知の停止予定はありません",
    ] {
        assert!(!text.contains(claim), "{text}");
    }
    // No step says to have the emergency lookup enabled beforehand (it is per incident).
    assert!(!text.contains("緊急時医療情報"), "{text}");
    // Who to call, and no promise over the year end.
    assert!(
        text.contains("オンライン資格確認等コールセンター 0800-080-4583"),
        "{text}"
    );
    assert!(text.contains("確認できていません"), "{text}");
}

#[test]
fn inside_the_full_outage_confirm_then_bill_then_never_ten_wari() {
    let text = status_text("2024-12-31T03:30+09:00", &["--facility", "clinic"]);
    let pos = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} missing in\n{text}"))
    };
    assert!(pos("KB0011769の手順で資格を確認") < pos("通常の自己負担割合"));
    assert!(pos("通常の自己負担割合") < pos("10割にはしないで"));
    assert!(
        text.contains("資格情報のお知らせ（紙・PDF）とマイナンバーカード"),
        "{text}"
    );
    assert!(
        text.contains("資格情報画面を、マイナンバーカードと一緒に"),
        "{text}"
    );
    assert!(text.contains("紙の処方箋を出して"), "{text}");
    assert!(
        !text.contains("処方元に紙での再発行"),
        "pharmacy step shown to a clinic\n{text}"
    );
    assert!(text.contains("終了: 12月31日(火) 5:20（予定）"), "{text}");
    assert_eq!(text.matches("（予定）（予定）").count(), 0, "{text}");
}

#[test]
fn intermittent_shows_its_steps_then_the_long_outage_steps() {
    let s = Schedule::embedded();
    let tl = s.timeline(pref("福岡"));
    let status = tl.status(t("2024-12-31T09:00+09:00"));
    assert_eq!(status.state, State::Intermittent);
    let groups = advice(&status, tl.windows(), None, Lang::Ja);
    let phases: Vec<Phase> = groups.iter().map(|g| g.phase).collect();
    assert_eq!(phases, [Phase::Intermittent, Phase::Full]);
    assert!(groups[0]
        .steps
        .iter()
        .any(|s| s.text.contains("メーカーの取扱説明書か導入業者")));
}

#[test]
fn after_the_planned_end_what_to_check_and_the_billing_group() {
    let s = Schedule::embedded();
    let tl = s.timeline(pref("東京"));
    let status = tl.status(t("2024-12-31T14:00+09:00"));
    let groups = advice(&status, tl.windows(), None, Lang::Ja);
    assert_eq!(groups.len(), 2, "{groups:#?}");
    assert!(groups.iter().all(|g| g.phase == Phase::After));
    let billing = groups.iter().find(|g| g.later).unwrap();
    let text: Vec<&str> = billing.steps.iter().map(|s| s.text.as_str()).collect();
    let all = text.join("\n");
    assert!(
        all.contains("「77777777」") && all.contains("「77777779」"),
        "{all}"
    );
    assert!(all.contains("摘要欄の最初に「不詳」"), "{all}");
    // Seven days on, the after steps are gone and nothing is claimed.
    let later = tl.status(t("2025-01-08T00:00+09:00"));
    assert!(advice(&later, tl.windows(), None, Lang::Ja).is_empty());
}

#[test]
fn the_sheet_is_one_escaped_page_with_steps_phones_and_blanks() {
    let o = onshi(&[
        "sheet",
        "-p",
        "福岡",
        "--facility",
        "pharmacy",
        "--at",
        "2024-12-29T10:00+09:00",
    ]);
    assert!(o.status.success());
    let html = String::from_utf8(o.stdout).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("@page{size:A4"), "print CSS");
    assert!(html.contains("0800-080-4583"));
    assert!(html.contains("12月31日(火) 3:00 〜 5:20（予定）"));
    assert!(html.contains("処方元に紙での再発行"), "pharmacy step");
    assert!(
        !html.contains("紙の処方箋を出して"),
        "clinic step shown to a pharmacy"
    );
    assert!(html.contains("「77777777」"));
    assert_eq!(
        html.matches("<tr><td></td>").count(),
        onshi::sheet::BLANK_ROWS
    );
    for remote in ["<script", "<link", "src=", "http://"] {
        assert!(!html.contains(remote), "{remote}");
    }
}

#[test]
fn plan_refuses_a_span_backwards_with_one_line() {
    let o = onshi(&[
        "plan",
        "-p",
        "40",
        "--from",
        "2025-01-02T00:00",
        "--to",
        "2025-01-01T00:00",
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
}
