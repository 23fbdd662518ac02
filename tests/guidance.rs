//! The guidance file against its sources: every phase and facility type gets its steps
//! from `assets/guidance.toml`, each step with a defined source, and the corrected
//! facts of ../shared/GUIDANCE-SOURCES.md hold.

use onshi::guidance::{Facility, Guidance, Lang, Phase, Step};

fn g() -> &'static Guidance {
    Guidance::embedded()
}

fn file() -> toml::Table {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/guidance.toml"))
            .unwrap();
    text.parse().unwrap()
}

/// The `ja` texts of one phase in the file, for one facility type, read with the toml
/// crate rather than through the library.
fn file_steps(phase: &str, facility: Option<&str>) -> Vec<String> {
    let f = file();
    let phase = f["phase"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"].as_str() == Some(phase))
        .unwrap();
    phase["step"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| match (s.get("facility"), facility) {
            (None, _) | (_, None) => true,
            (Some(list), Some(f)) => list
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x.as_str() == Some(f)),
        })
        .map(|s| s["ja"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn per_phase_and_facility_the_steps_are_the_files_each_with_a_source() {
    for phase in Phase::ALL {
        for facility in [
            None,
            Some(Facility::Clinic),
            Some(Facility::Dental),
            Some(Facility::Pharmacy),
        ] {
            let shown: Vec<String> = g()
                .steps(phase, facility, Lang::Ja)
                .into_iter()
                .map(|s| s.text)
                .collect();
            let want = file_steps(phase.as_str(), facility.map(Facility::as_str));
            assert_eq!(shown, want, "{phase} {facility:?}");
            assert!(!shown.is_empty(), "{phase} {facility:?}");
            for step in g().steps(phase, facility, Lang::En) {
                assert!(!step.source_label.is_empty(), "{phase}: {}", step.text);
                assert!(
                    step.text.starts_with(|c: char| c.is_ascii_alphanumeric()),
                    "{}",
                    step.text
                );
            }
        }
    }
}

fn all_steps() -> impl Iterator<Item = (Phase, &'static Step)> {
    g().phases
        .iter()
        .flat_map(|p| p.steps.iter().map(move |s| (p.phase, s)))
}

#[test]
fn steps_are_short_single_actions() {
    for (phase, s) in all_steps() {
        let n = s.ja.chars().count();
        // About 40 characters where the fact allows; a quoted official heading may run longer.
        assert!(n <= 65, "{phase}: {n} chars: {}", s.ja);
        assert!(s.ja.ends_with('。'), "{phase}: {}", s.ja);
        assert!(
            s.ja.matches('。').count() <= 2,
            "{phase}: more than one action? {}",
            s.ja
        );
    }
    let lens: Vec<usize> = all_steps().map(|(_, s)| s.ja.chars().count()).collect();
    let mut sorted = lens.clone();
    sorted.sort_unstable();
    assert!(
        sorted[sorted.len() / 2] <= 42,
        "median length {}",
        sorted[sorted.len() / 2]
    );
}

#[test]
fn one_term_for_the_system_and_official_names() {
    for (phase, s) in all_steps() {
        assert!(!s.ja.contains("オン資"), "{phase}: {}", s.ja);
        assert!(!s.ja.contains("運用コールセンター"), "{phase}: {}", s.ja);
    }
    for p in &g().phases {
        assert!(!p.summary_ja.contains("オン資"), "{}", p.summary_ja);
    }
    assert_eq!(g().contact.name_ja, "オンライン資格確認等コールセンター");
    assert_eq!(g().contact.phone, "0800-080-4583");
}

#[test]
fn prepare_never_says_to_enable_the_emergency_lookup_beforehand() {
    for s in &g().phase(Phase::Prepare).steps {
        assert!(!s.ja.contains("緊急時医療情報"), "{}", s.ja);
        assert!(!s.ja.contains("事前"), "{}", s.ja);
    }
    // It is told where it belongs: per incident, by phone, with a report afterwards.
    let after: String = g()
        .phase(Phase::After)
        .steps
        .iter()
        .map(|s| s.ja.as_str())
        .collect();
    assert!(
        after.contains("緊急時医療情報・資格確認機能") && after.contains("その都度"),
        "{after}"
    );
    assert!(after.contains("利用報告書"), "{after}");
}

#[test]
fn full_outage_order_is_confirm_then_bill_then_never_ten_wari() {
    let steps: Vec<&str> = g()
        .phase(Phase::Full)
        .steps
        .iter()
        .map(|s| s.ja.as_str())
        .collect();
    let at = |needle: &str| {
        steps
            .iter()
            .position(|s| s.contains(needle))
            .unwrap_or_else(|| panic!("{needle}"))
    };
    assert_eq!(at("資格を確認"), 0);
    assert!(at("券面") < at("自己負担割合"));
    assert!(at("自己負担割合") < at("10割にはしない"));
    let summary = g().summary(Phase::Full, Lang::Ja);
    let (confirm, bill, never) = (
        summary.find("確認").unwrap(),
        summary.find("自己負担").unwrap(),
        summary.find("10割").unwrap(),
    );
    assert!(confirm < bill && bill < never, "{summary}");
}

#[test]
fn the_card_goes_with_the_mynaportal_screen_and_the_shikaku_notice() {
    let full: Vec<&str> = g()
        .phase(Phase::Full)
        .steps
        .iter()
        .map(|s| s.ja.as_str())
        .collect();
    let portal = full.iter().find(|s| s.contains("マイナポータル")).unwrap();
    assert!(portal.contains("マイナンバーカードと一緒に"), "{portal}");
    let notice = full
        .iter()
        .find(|s| s.contains("資格情報のお知らせ"))
        .unwrap();
    assert!(notice.contains("マイナンバーカード"), "{notice}");
}

#[test]
fn intermittent_says_ten_wari_and_points_to_the_makers_manual() {
    assert!(g()
        .summary(Phase::Intermittent, Lang::Ja)
        .contains("10割にはしません"));
    let steps: Vec<&str> = g()
        .phase(Phase::Intermittent)
        .steps
        .iter()
        .map(|s| s.ja.as_str())
        .collect();
    assert!(steps[0].contains("再度お試し"));
    assert!(steps
        .iter()
        .any(|s| s.contains("メーカーの取扱説明書か導入業者")));
    // The one vendor's power-off order is not presented as a rule.
    assert!(!steps.iter().any(|s| s.contains("→")), "{steps:?}");
}

#[test]
fn billing_with_unknown_insurer_is_a_later_step_with_the_exact_numbers() {
    let later: Vec<&Step> = all_steps()
        .filter(|(_, s)| s.later)
        .map(|(_, s)| s)
        .collect();
    assert!(later.iter().all(|s| s.source == "claims-unknown-insurer"));
    let text: String = later.iter().map(|s| s.ja.as_str()).collect();
    assert!(
        text.contains("「77777777」") && text.contains("「77777779」"),
        "{text}"
    );
    assert!(text.contains("摘要欄の最初に「不詳」"), "{text}");
    let src = g().source("claims-unknown-insurer").unwrap();
    assert!(
        src.label_ja.contains("厚生労働省 事務連絡"),
        "{}",
        src.label_ja
    );
    assert!(src
        .url
        .as_deref()
        .unwrap()
        .starts_with("https://media.shaho.co.jp/"));
    // Not at the counter while the system is down.
    for phase in [Phase::Prepare, Phase::Full, Phase::Intermittent] {
        assert!(g()
            .phase(phase)
            .steps
            .iter()
            .all(|s| !s.later && !s.ja.contains("7777")));
    }
}

#[test]
fn e_prescription_steps_go_to_the_right_side() {
    let pharmacy: String = g()
        .steps(Phase::Full, Some(Facility::Pharmacy), Lang::Ja)
        .iter()
        .map(|s| s.text.clone())
        .collect();
    let clinic: String = g()
        .steps(Phase::Full, Some(Facility::Clinic), Lang::Ja)
        .iter()
        .map(|s| s.text.clone())
        .collect();
    assert!(pharmacy.contains("処方元に紙での再発行") && !pharmacy.contains("紙の処方箋を出して"));
    assert!(clinic.contains("紙の処方箋を出して") && !clinic.contains("処方元に紙での再発行"));
}

#[test]
fn primary_sources_are_only_the_seed_and_the_article_it_cites() {
    let mut primary: Vec<&str> = g()
        .sources
        .iter()
        .filter(|s| s.primary)
        .map(|s| s.id.as_str())
        .collect();
    primary.sort_unstable();
    assert_eq!(primary, ["mhlw-2024-12-24", "mhlw-kb0011769"]);
    for s in &g().sources {
        if let Some(url) = &s.url {
            assert!(url.starts_with("https://"), "{url}");
        }
    }
}

#[test]
fn a_step_citing_an_unknown_source_is_refused() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/guidance.toml"))
            .unwrap()
            .replacen("source = \"portal-2025-02-13\"", "source = \"nope\"", 1);
    let err = Guidance::parse(&text).unwrap_err();
    assert!(err.contains("\"nope\""), "{err}");
}
