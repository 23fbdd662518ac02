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
            assert_eq!(e.as_object().unwrap().len(), 5, "{e}");
            assert!(["normal", "critical"].contains(&e["urgency"].as_str().unwrap()));
            let s = |k: &str| e[k].as_str().unwrap().to_string();
            (s("at"), s("kind"), s("title"), s("body"))
        })
        .collect()
}

fn row(at: &str, kind: &str, title: &str, body: &str) -> (String, String, String, String) {
    (at.into(), kind.into(), title.into(), body.into())
}

const PREPARE: &str = "オンライン資格確認が止まります。日時と対応を受付で共有してください。";
const FULL: &str =
    "別の方法で資格を確認し、通常の自己負担割合で受け取ってください。10割にはしません。";
const INTERMITTENT: &str =
    "エラーが出たら、少し待って再試行してください。続くときは停止中の対応で、10割にはしません。";
/// What intermittent windows are, in the seed's words (数分間の通信断, 断続的に発生): never
/// told as a total stop.
const CUTS: &str = "数分間の通信断が断続的に起きます（ずっと止まるのではありません）。";
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
            &format!("12月31日(火) 8:00 〜 1月1日(水) 3:00（予定）。{CUTS}{INTERMITTENT}"),
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
            &format!("12月31日(火) 8:00 〜 1月1日(水) 3:00（予定）。{CUTS}{INTERMITTENT}"),
        ),
        row(
            "2024-12-31T07:50:00+09:00",
            "reminder",
            &format!("【予告】あと10分でオンライン資格確認が断続的に停止（予定） {west}"),
            &format!("12月31日(火) 8:00 〜 1月1日(水) 3:00（予定）。{CUTS}{INTERMITTENT}"),
        ),
        row(
            "2024-12-31T08:00:00+09:00",
            "start",
            &format!("【断続的に停止】オンライン資格確認 {west}"),
            &format!("1月1日(水) 3:00まで（予定）。{CUTS}{INTERMITTENT}"),
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
            &format!("12月31日(火) 12:00 〜 13:30（予定）。{CUTS}{INTERMITTENT}"),
        ),
        row(
            "2024-12-31T11:00:00+09:00",
            "reminder",
            &format!("【予告】あと1時間でオンライン資格確認が断続的に停止（予定） {east}"),
            &format!("12月31日(火) 12:00 〜 13:30（予定）。{CUTS}{INTERMITTENT}"),
        ),
        row(
            "2024-12-31T11:50:00+09:00",
            "reminder",
            &format!("【予告】あと10分でオンライン資格確認が断続的に停止（予定） {east}"),
            &format!("12月31日(火) 12:00 〜 13:30（予定）。{CUTS}{INTERMITTENT}"),
        ),
        row(
            "2024-12-31T12:00:00+09:00",
            "start",
            &format!("【断続的に停止】オンライン資格確認 {east}"),
            &format!("13:30まで（予定）。{CUTS}{INTERMITTENT}"),
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
    assert!(
        all.contains("記号・番号も不詳として、必要な桁数の「7」を入れます。"),
        "{all}"
    );
    assert!(
        all.contains("摘要欄には、申立書の住所・勤務先・連絡先などを書きます。"),
        "{all}"
    );
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

/// The オン資 steps `onshi status` lists for a clinic in 福岡 at `at`, with the 2026 copy of
/// the seed's long outage beside the seed.
fn listed_steps(at: &str) -> Vec<String> {
    let o = onshi(&[
        "status",
        "-p",
        "福岡",
        "--at",
        at,
        "--facility",
        "clinic",
        "--notices",
        fixture("dated").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    let during = &text[text
        .find("停止中（長時間の通信断）にすること:")
        .expect(&text)..];
    let during = &during[..during.find("\n\n").unwrap()];
    during
        .lines()
        .filter_map(|l| l.trim_start().split_once(". "))
        .filter(|(n, _)| n.parse::<u32>().is_ok())
        .map(|(_, step)| step.to_string())
        .collect()
}

#[test]
fn the_same_window_in_2024_and_in_2026_gets_the_rules_of_its_own_day() {
    // The seed's window, 2024-12-31 3:00–5:20: old cards were valid, no smartphone yet.
    let y2024 = [
        "マイナ保険証の方は、KB0011769の手順で資格を確認してください。",
        "マイナポータルの資格情報画面を、マイナンバーカードと一緒に確認してください。",
        "資格情報のお知らせ（紙・PDF）とマイナンバーカードを一緒に確認してください。",
        "健康保険証・資格確認書の方は、券面で確認してください。",
        "再来の方は、過去の受診記録と本人への確認で資格を確認できます。",
        "それでも確認できない方には、被保険者資格申立書を書いてもらってください。",
        "確認できなかった方の4情報（氏名・性別・生年月日・住所）を控えてください。",
        "通常の自己負担割合（一般3割・未就学児2割・70歳以上1〜3割）で受け取ります。",
        "マイナ保険証の方も、10割にはしないでください。",
        "電子処方箋を登録できないため、紙の処方箋を出してください。",
    ];
    // The same window two years later: no old card is valid; the smartphone, the card itself.
    let y2026 = [
        "マイナ保険証の方は、KB0011769の手順で資格を確認してください。",
        "スマホのマイナ保険証の方も、マイナンバーカード本体を見せてもらってください。",
        "マイナポータルの資格情報画面を、マイナンバーカードと一緒に確認してください。",
        "資格情報のお知らせ（紙・PDF）とマイナンバーカードを一緒に確認してください。",
        "資格確認書（高齢の方に多い）は、停止中も券面で確認できます。",
        "古い健康保険証は、2025年12月2日から使えません。",
        "再来の方は、過去の受診記録と本人への確認で資格を確認できます。",
        "それでも確認できない方には、被保険者資格申立書を書いてもらってください。",
        "確認できなかった方の4情報（氏名・性別・生年月日・住所）を控えてください。",
        "通常の自己負担割合（一般3割・未就学児2割・70歳以上1〜3割）で受け取ります。",
        "マイナ保険証の方も、10割にはしないでください。",
        "電子処方箋を登録できないため、紙の処方箋を出してください。",
    ];
    assert_eq!(listed_steps("2024-12-31T03:30+09:00"), y2024);
    assert_eq!(listed_steps("2026-12-31T03:30+09:00"), y2026);
    // The 健康保険証 step only in the first.
    assert!(y2024.iter().any(|s| s.starts_with("健康保険証")));
    assert!(!y2026.iter().any(|s| s.starts_with("健康保険証")));
    // The same through the library, on a training clock's instant.
    let mut s = Schedule::embedded();
    assert!(s.add_dir(&fixture("dated")).is_empty());
    let tl = s.timeline(pref("福岡"));
    let texts = |at: &str| -> Vec<String> {
        advice(
            &tl.status(t(at)),
            tl.windows(),
            Some(onshi::Facility::Clinic),
            Lang::Ja,
        )[0]
        .steps
        .iter()
        .map(|s| s.text.clone())
        .collect()
    };
    assert_eq!(texts("2024-12-31T03:30+09:00"), y2024);
    assert_eq!(texts("2026-12-31T03:30+09:00"), y2026);
}

#[test]
fn the_sheet_for_fukuoka_printed_on_12_29_has_both_windows_and_their_steps() {
    let o = onshi(&["sheet", "-p", "福岡", "--at", "2024-12-29T10:00+09:00"]);
    assert!(o.status.success());
    let html = String::from_utf8(o.stdout).unwrap();
    // Both windows, with their years.
    assert!(
        html.contains("2024年12月31日(火) 3:00 〜 5:20（予定）"),
        "{html}"
    );
    assert!(
        html.contains("2024年12月31日(火) 8:00 〜 2025年1月1日(水) 3:00（予定）"),
        "{html}"
    );
    assert!(
        html.contains("オン資ウォッチで作成: 2024年12月29日(日) 10:00"),
        "{html}"
    );
    let g = onshi::Guidance::embedded();
    let at = t("2024-12-31T03:00+09:00");
    // The full window's steps, then the intermittent window's own, each printed once.
    for phase in [Phase::Full, Phase::Intermittent, Phase::After] {
        for s in g.steps(phase, None, at, Lang::Ja) {
            let text = onshi::sheet::esc(&s.text);
            assert!(html.contains(&text), "{phase}: {text}");
        }
    }
    // The intermittent window's fallback to the long outage's steps is not printed twice.
    assert_eq!(
        html.matches("少し時間をおいて再度お試しください").count(),
        1
    );
    assert_eq!(html.matches("KB0011769の手順で資格を確認").count(), 1);
    let full = html.find("停止中（長時間の通信断）にすること").unwrap();
    let intermittent = html.find("断続的な通信断の間にすること").unwrap();
    let after = html.find("終了予定のあとにすること").unwrap();
    assert!(full < intermittent && intermittent < after);
    // The emergency lookup's own hours beside its step.
    assert!(html.contains("使えるようにしてもらいます。 <span class=\"hours\">受付: 平日 9:00〜17:00（土日・祝日は休み）</span>"), "{html}");
    // The chooser as a table, in 2024 without the smartphone; then the blank list.
    let chooser = html
        .find("患者さんが持ってきたもの（長時間の通信断のとき）")
        .unwrap();
    let patients = html
        .find("確認待ちの患者（4情報を控え、停止のあとで確認）")
        .unwrap();
    assert!(after < chooser && chooser < patients);
    for answer in [
        "マイナンバーカード",
        "資格確認書",
        "資格情報のお知らせ（カードあり）",
        "資格情報のお知らせ（カードなし）",
        "古い保険証（健康保険証）",
        "何もない",
    ] {
        assert!(
            html.contains(&format!("<tr><th class=\"what\">{answer}</th>")),
            "{answer}"
        );
    }
    assert!(!html.contains("スマホ（マイナ保険証）"));
    assert_eq!(
        html.matches("<tr><td></td>").count(),
        onshi::sheet::BLANK_ROWS
    );
    // Every step carries its numbered source; the 参考 ones say so.
    let footer = &html[html.find("<footer>").unwrap()..];
    assert!(
        footer.contains("］</span>厚生労働省 保険局医療介護連携政策課 事務連絡（2024年12月24日）"),
        "{footer}"
    );
    assert!(
        footer.contains("］</span>参考: 厚生労働省 保発0710第1号（2023年7月10日）"),
        "{footer}"
    );
    assert!(html.contains("<span class=\"src\">［参考"), "{html}");
    for li in html.split("<li>").skip(1) {
        let li = &li[..li.find("</li>").unwrap()];
        assert!(
            li.contains("<span class=\"src\">［"),
            "a step without its source: {li}"
        );
    }
}

#[test]
fn the_sheet_is_two_pages_and_each_window_gets_the_rules_of_its_day() {
    let o = onshi(&[
        "sheet",
        "-p",
        "福岡",
        "--at",
        "2026-12-29T10:00+09:00",
        "--facility",
        "clinic",
        "--notices",
        fixture("dated").to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let html = String::from_utf8(o.stdout).unwrap();
    let pages: Vec<&str> = html.split("<div class=\"page\">").skip(1).collect();
    assert_eq!(pages.len(), 2);
    assert!(pages[0].contains("停止中（長時間の通信断）にすること"));
    assert!(pages[0].contains("問い合わせ先"));
    assert!(
        pages[1]
            .trim_start()
            .starts_with("<section class=\"chooser\">"),
        "{}",
        pages[1]
    );
    assert!(pages[1].contains("確認待ちの患者") && pages[1].contains("<footer>"));
    // Both 2026 windows; the 2026 rules, in the list and in the chooser.
    assert!(
        html.contains("2026年12月31日(木) 3:00 〜 5:20（予定）"),
        "{html}"
    );
    assert!(
        html.contains("2026年12月31日(木) 8:00 〜 2027年1月1日(金) 3:00（予定）"),
        "{html}"
    );
    assert!(!html.contains("健康保険証・資格確認書の方は"), "{html}");
    assert!(pages[0].contains("古い健康保険証は、2025年12月2日から使えません。"));
    assert!(pages[1].contains("<tr><th class=\"what\">スマホ（マイナ保険証）</th>"));
    // The smartphone row: the card itself, then as for the card (not repeated on paper).
    let phone = &pages[1][pages[1].find("スマホ（マイナ保険証）").unwrap()..];
    let phone = &phone[..phone.find("</tr>").unwrap()];
    assert!(
        phone.contains("マイナンバーカード本体を見せてもらってください。"),
        "{phone}"
    );
    assert!(
        phone.contains("このあとは「マイナンバーカード」と同じです。"),
        "{phone}"
    );
    assert!(!phone.contains("被保険者資格申立書"), "{phone}");
    // Short answers are written out, even when another ends the same way.
    let old = &pages[1][pages[1].find("古い保険証（健康保険証）").unwrap()..];
    let old = &old[..old.find("</tr>").unwrap()];
    assert!(
        old.contains("いつもの決まりで対応します") && !old.contains("と同じです"),
        "{old}"
    );
    // Holidays of 2027 are in the table; the year end is not promised.
    assert!(html.contains("年末年始（12月29日〜1月3日）の受付時間は確認できていません。"));
    assert!(!html.contains("の祝日はこのアプリに入っていません"));
}

#[test]
fn the_sheet_for_tokyo_has_the_intermittent_steps_and_the_long_outage_fallback() {
    let o = onshi(&[
        "sheet",
        "-p",
        "東京",
        "--at",
        "2024-12-29T10:00+09:00",
        "--facility",
        "pharmacy",
    ]);
    assert!(o.status.success());
    let html = String::from_utf8(o.stdout).unwrap();
    assert!(
        html.contains("2024年12月31日(火) 12:00 〜 13:30（予定）"),
        "{html}"
    );
    let intermittent = html.find("断続的な通信断の間にすること").unwrap();
    let fallback = html
        .find("それでも確認できないとき（長時間の通信断と同じ対応）")
        .unwrap();
    assert!(intermittent < fallback);
    assert!(!html.contains("停止中（長時間の通信断）にすること"));
    assert!(
        html.contains("調剤の記録") && !html.contains("受診記録"),
        "{html}"
    );
}
