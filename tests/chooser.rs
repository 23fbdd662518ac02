//! 「患者さんが持ってきたもの」: each answer × {オン資 down, マイナポータル down as well}, on the
//! days of each period of the counter's rules, equals a list written out by hand — through
//! the library and through `onshi status --json` on real notice files.

mod common;

use std::path::Path;
use std::process::Command;

use common::{fixture, t};
use onshi::chooser::answers;
use onshi::guidance::Audience;
use onshi::{Facility, Lang, Service, State};
use serde_json::Value;

const PORTAL: &str = "マイナポータルの資格情報画面を、マイナンバーカードと一緒に確認してください。";
const NOTICE: &str = "資格情報のお知らせ（紙・PDF）とマイナンバーカードを一緒に確認してください。";
const PHONE: &str = "スマホのマイナ保険証の方も、マイナンバーカード本体を見せてもらってください。";
const RETURNING: &str = "再来の方は、過去の受診記録と本人への確認で資格を確認できます。";
const RETURNING_PHARMACY: &str = "以前来局した方は、調剤の記録と本人への確認で資格を確認できます。";
const FORM: &str = "それでも確認できない方には、被保険者資格申立書を書いてもらってください。";
const NOTE: &str = "確認できなかった方の4情報（氏名・性別・生年月日・住所）を控えてください。";
const COPAY: &str = "通常の自己負担割合（一般3割・未就学児2割・70歳以上1〜3割）で受け取ります。";
const NEVER: &str = "マイナ保険証の方も、10割にはしないでください。";
const FACE_2024: &str = "健康保険証・資格確認書の方は、券面で確認してください。";
const CERTIFICATE: &str = "資格確認書（高齢の方に多い）は、停止中も券面で確認できます。";
const OLD_CARD: &str = "古い健康保険証は、2025年12月2日から使えません。";
const INTERIM: &str =
    "被保険者番号での照会の特例は、オンライン資格確認が要るため停止中は使えません。";
const ASK_2024: &str =
    "マイナ保険証・健康保険証・資格確認書のどれかをお持ちでないか、聞いてください。";
const ASK: &str = "マイナ保険証か資格確認書をお持ちでないか、聞いてください。";
const NONE: &str = "何もない方への特別な扱いは案内にありません。いつもの決まりで対応します。";
const RETRY: &str = "エラーが出たら、少し時間をおいて再度お試しください。";
const RESTART: &str =
    "エラーが続けば、顔認証付きカードリーダーを再起動（電源オフ・オン）してください。";
const AS_FULL: &str = "それでも確認できないときは、長時間の通信断と同じ対応をしてください。";

type Expect = Vec<(&'static str, Vec<&'static str>)>;

/// The chooser as (answer id, step texts).
fn chooser(
    state: State,
    at: &str,
    down: &[Service],
    facility: Facility,
) -> Vec<(String, Vec<String>)> {
    answers(state, t(at), down, &Audience::new(Some(facility)), Lang::Ja)
        .into_iter()
        .map(|a| (a.id, a.steps.into_iter().map(|s| s.text).collect()))
        .collect()
}

fn owned(e: Expect) -> Vec<(String, Vec<String>)> {
    e.into_iter()
        .map(|(id, steps)| {
            (
                id.to_string(),
                steps.into_iter().map(String::from).collect(),
            )
        })
        .collect()
}

const OQS: &[Service] = &[Service::Oqs];
const BOTH: &[Service] = &[Service::Oqs, Service::Mynaportal];

#[test]
fn in_2026_each_answer_with_oqs_down_and_with_mynaportal_down_too() {
    let at = "2026-12-31T03:30+09:00";
    let want = |portal: bool| -> Expect {
        let with_portal = |v: Vec<&'static str>| -> Vec<&'static str> {
            v.into_iter().filter(|s| portal || *s != PORTAL).collect()
        };
        vec![
            (
                "card",
                with_portal(vec![PORTAL, NOTICE, RETURNING, FORM, NOTE, COPAY, NEVER]),
            ),
            (
                "smartphone",
                with_portal(vec![
                    PHONE, PORTAL, NOTICE, RETURNING, FORM, NOTE, COPAY, NEVER,
                ]),
            ),
            ("certificate", vec![CERTIFICATE]),
            ("notice-with-card", vec![NOTICE, COPAY, NEVER]),
            ("notice-only", vec![ASK, NONE]),
            ("health-card", vec![OLD_CARD, ASK, NONE]),
            ("nothing", vec![ASK, NONE]),
        ]
    };
    assert_eq!(
        chooser(State::FullOutage, at, OQS, Facility::Clinic),
        owned(want(true))
    );
    assert_eq!(
        chooser(State::FullOutage, at, BOTH, Facility::Clinic),
        owned(want(false))
    );
}

#[test]
fn in_2024_no_smartphone_and_the_old_card_by_its_face() {
    let at = "2024-12-31T03:30+09:00";
    let want = |portal: bool| -> Expect {
        let card: Vec<&str> = [PORTAL, NOTICE, RETURNING, FORM, NOTE, COPAY, NEVER]
            .into_iter()
            .filter(|s| portal || *s != PORTAL)
            .collect();
        vec![
            ("card", card),
            ("certificate", vec![FACE_2024]),
            ("notice-with-card", vec![NOTICE, COPAY, NEVER]),
            ("notice-only", vec![ASK_2024, NONE]),
            ("health-card", vec![FACE_2024]),
            ("nothing", vec![ASK_2024, NONE]),
        ]
    };
    assert_eq!(
        chooser(State::FullOutage, at, OQS, Facility::Clinic),
        owned(want(true))
    );
    assert_eq!(
        chooser(State::FullOutage, at, BOTH, Facility::Clinic),
        owned(want(false))
    );
}

#[test]
fn during_intermittent_cuts_retry_first_then_the_long_outage_ways() {
    let got = chooser(
        State::Intermittent,
        "2024-12-31T09:00+09:00",
        &[],
        Facility::Clinic,
    );
    let card = &got.iter().find(|(id, _)| id == "card").unwrap().1;
    assert_eq!(
        *card,
        [RETRY, RESTART, AS_FULL, PORTAL, NOTICE, RETURNING, FORM, NOTE, COPAY, NEVER]
    );
    let certificate = &got.iter().find(|(id, _)| id == "certificate").unwrap().1;
    assert_eq!(*certificate, [FACE_2024]);
    // Normal: the card works as usual, no chooser.
    assert!(chooser(
        State::Normal,
        "2024-12-31T07:00+09:00",
        &[],
        Facility::Clinic
    )
    .is_empty());
}

/// `onshi status --json`'s chooser for 福岡's pharmacy at `at`, with the マイナポータル
/// year-end stop and an オン資 outage that overlaps its end (notice files in a folder).
fn cli_chooser(at: &str) -> Vec<(String, Vec<String>)> {
    let dir = tempfile::tempdir().unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples");
    let myna = "2025-12-31-mynaportal-year-end.toml";
    std::fs::copy(examples.join(myna), dir.path().join(myna)).unwrap();
    std::fs::copy(
        fixture("desk/2026-01-02-oqs-full.toml"),
        dir.path().join("oqs-full.toml"),
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args([
            "status",
            "-p",
            "福岡",
            "--facility",
            "pharmacy",
            "--json",
            "--at",
            at,
            "--notices",
        ])
        .arg(dir.path())
        .env("TZ", "America/New_York")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    // The fields of before are all still there.
    for key in [
        "prefecture",
        "at",
        "state",
        "until",
        "window",
        "next_window",
        "services",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
    v["chooser"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            assert!(a["label"].as_str().is_some_and(|l| !l.is_empty()));
            let steps = a["steps"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    assert!(!s["source_label"].as_str().unwrap().is_empty(), "{s}");
                    s["text"].as_str().unwrap().to_string()
                })
                .collect();
            (a["id"].as_str().unwrap().to_string(), steps)
        })
        .collect()
}

#[test]
fn in_the_interim_period_through_the_cli_with_both_down_then_oqs_alone() {
    // 2026-01-02 2:00: オン資 down (1:00–5:00) and マイナポータル down (until 3:00).
    let want = |portal: bool| -> Expect {
        let card = |head: Vec<&'static str>| -> Vec<&'static str> {
            head.into_iter()
                .chain([PORTAL, NOTICE, RETURNING_PHARMACY, FORM, NOTE, COPAY, NEVER])
                .filter(|s| portal || *s != PORTAL)
                .collect()
        };
        vec![
            ("card", card(vec![])),
            ("smartphone", card(vec![PHONE])),
            ("certificate", vec![CERTIFICATE]),
            ("notice-with-card", vec![NOTICE, COPAY, NEVER]),
            ("notice-only", vec![INTERIM, ASK, NONE]),
            ("health-card", vec![OLD_CARD, INTERIM, ASK, NONE]),
            ("nothing", vec![ASK, NONE]),
        ]
    };
    assert_eq!(cli_chooser("2026-01-02T02:00+09:00"), owned(want(false)));
    // 4:00: マイナポータル's planned end has passed; オン資 is still down.
    assert_eq!(cli_chooser("2026-01-02T04:00+09:00"), owned(want(true)));
    // 6:00: オン資 is back: no chooser.
    assert!(cli_chooser("2026-01-02T06:00+09:00").is_empty());
}

#[test]
fn the_cli_text_lists_the_chooser_during_a_window_only() {
    let status = |at: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_onshi"))
            .args(["status", "-p", "福岡", "--at", at])
            .output()
            .unwrap();
        String::from_utf8(o.stdout).unwrap()
    };
    let during = status("2024-12-31T03:30+09:00");
    let chooser = &during[during.find("患者さんが持ってきたもの:").expect(&during)..];
    assert!(
        chooser.contains("  ■ マイナンバーカード\n    1. "),
        "{chooser}"
    );
    assert!(
        chooser.contains("  ■ 何もない\n    1. マイナ保険証・健康保険証・資格確認書"),
        "{chooser}"
    );
    assert!(!chooser.contains("スマホ"), "{chooser}");
    assert!(!status("2024-12-30T10:00+09:00").contains("患者さんが持ってきたもの"));
}
