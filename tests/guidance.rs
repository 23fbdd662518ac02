//! The guidance file against its sources: every phase and facility type gets its steps
//! from `assets/guidance.toml`, each step with a defined source, and the corrected
//! facts of ../shared/GUIDANCE-SOURCES.md hold.

use onshi::guidance::{Guidance, Step};
use onshi::{Facility, Lang, Phase, Service, State};

fn g() -> &'static Guidance {
    Guidance::embedded()
}

fn file() -> toml::Table {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/guidance.toml"))
            .unwrap();
    text.parse().unwrap()
}

/// The `ja` texts of one オン資 phase in the file, for one facility type, read with the
/// toml crate rather than through the library.
fn file_steps(phase: &str, facility: Option<&str>) -> Vec<String> {
    file_service_steps("oqs", phase, facility).expect(phase)
}

/// As [`file_steps`], for any service (`None`: the file has no such phase for it).
fn file_service_steps(service: &str, phase: &str, facility: Option<&str>) -> Option<Vec<String>> {
    let f = file();
    let phase = f["phase"].as_array().unwrap().iter().find(|p| {
        p["id"].as_str() == Some(phase)
            && p.get("service").map_or("oqs", |s| s.as_str().unwrap()) == service
    })?;
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
        .collect::<Vec<_>>()
        .into()
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
    let err = Guidance::parse(&text).unwrap_err().to_string();
    assert!(err.contains("\"nope\""), "{err}");
}

#[test]
fn per_service_phase_and_facility_the_steps_are_the_files_each_with_a_source() {
    let mut guides = 0;
    for service in Service::ALL {
        for phase in Phase::EVERY {
            for facility in [
                None,
                Some(Facility::Clinic),
                Some(Facility::Dental),
                Some(Facility::Pharmacy),
            ] {
                let shown: Vec<String> = g()
                    .steps_for(service, phase, facility, Lang::Ja)
                    .into_iter()
                    .map(|s| s.text)
                    .collect();
                let want = file_service_steps(
                    service.as_str(),
                    phase.as_str(),
                    facility.map(Facility::as_str),
                );
                assert_eq!(
                    g().guide(service, phase).is_some(),
                    want.is_some(),
                    "{service} {phase}"
                );
                assert_eq!(
                    shown,
                    want.unwrap_or_default(),
                    "{service} {phase} {facility:?}"
                );
                for step in g().steps_for(service, phase, facility, Lang::Ja) {
                    assert!(!step.source_label.is_empty(), "{}", step.text);
                    assert!(step.unavailable.is_none(), "{}", step.text);
                }
            }
            guides += usize::from(g().guide(service, phase).is_some());
        }
        // Every service has its during and prepare steps.
        assert!(g().guide(service, Phase::Prepare).is_some(), "{service}");
        assert!(
            g().phase_of(service, State::FullOutage).is_some(),
            "{service}"
        );
        assert!(g().phase_of(service, State::Partial).is_some(), "{service}");
    }
    assert_eq!(guides, g().phases.len());
    // steps() is オン資's.
    assert_eq!(
        g().steps(Phase::Full, None, Lang::Ja),
        g().steps_for(Service::Oqs, Phase::Full, None, Lang::Ja)
    );
}

#[test]
fn the_mynaportal_screen_step_needs_mynaportal_and_the_fallbacks_are_per_patient() {
    let full = &g().phase(Phase::Full).steps;
    let needs: Vec<&Step> = full.iter().filter(|s| !s.needs.is_empty()).collect();
    assert_eq!(needs.len(), 1);
    assert!(needs[0].ja.contains("マイナポータルの資格情報画面"));
    assert_eq!(needs[0].needs, [Service::Mynaportal]);
    // The step after it is the next way to show the same thing (promoted when it fails).
    let i = full.iter().position(|s| !s.needs.is_empty()).unwrap();
    assert!(full[i + 1].ja.contains("資格情報のお知らせ"));
    let fallback: String = full
        .iter()
        .filter(|s| s.fallback)
        .map(|s| s.ja.as_str())
        .collect();
    for want in [
        "資格情報のお知らせ",
        "申立書",
        "自己負担割合",
        "10割にはしない",
    ] {
        assert!(fallback.contains(want), "{want}");
    }
    // Not the system-wide outage's steps.
    assert!(
        !fallback.contains("4情報") && !fallback.contains("処方箋"),
        "{fallback}"
    );
}

#[test]
fn other_services_say_what_their_sources_say() {
    let text = |service, phase, facility| -> String {
        g().steps_for(service, phase, facility, Lang::Ja)
            .iter()
            .map(|s| s.text.clone())
            .collect()
    };
    // マイナポータル: the screen and registration through it fail; the notice with the card remains.
    let portal = text(Service::Mynaportal, Phase::Full, None);
    assert!(
        portal.contains("資格情報画面は、停止中は表示できません"),
        "{portal}"
    );
    assert!(portal.contains("利用登録"), "{portal}");
    assert!(
        portal.contains("資格情報のお知らせ（紙・PDF）とマイナンバーカード"),
        "{portal}"
    );
    // JPKI: who fails, that others proceed.
    let jpki = text(Service::Jpki, Phase::Partial, None);
    assert!(
        jpki.contains("利用登録がまだの方、電子証明書を更新した方"),
        "{jpki}"
    );
    assert!(jpki.contains("それ以外の方は、いつもどおり"), "{jpki}");
    // 電子処方箋: each side its own.
    for phase in [Phase::Full, Phase::Partial] {
        let clinic = text(Service::Erx, phase, Some(Facility::Clinic));
        let pharmacy = text(Service::Erx, phase, Some(Facility::Pharmacy));
        assert!(clinic.contains("紙の処方箋を出して"), "{clinic}");
        assert!(
            clinic.contains("あとで登録しなくてかまいません"),
            "{clinic}"
        );
        assert!(!clinic.contains("処方元に紙での再発行"), "{clinic}");
        assert!(
            pharmacy.contains("処方元に紙での再発行を頼んで"),
            "{pharmacy}"
        );
        assert!(pharmacy.contains("先にFAX、原本は郵送"), "{pharmacy}");
        assert!(!pharmacy.contains("紙の処方箋を出して"), "{pharmacy}");
    }
    assert!(text(Service::Erx, Phase::After, Some(Facility::Dental)).contains("取り消して"));
    assert!(text(Service::Erx, Phase::After, Some(Facility::Pharmacy)).is_empty());
    // オンライン請求: hours differ by payer, shown as 参考.
    for s in g().steps_for(Service::Claims, Phase::Full, None, Lang::Ja) {
        assert!(!s.primary, "{}", s.text);
    }
    assert!(text(Service::Claims, Phase::Full, None).contains("審査支払機関ごと"));
    // The services' sources are secondary: only the seed and KB0011769 are primary.
    let src = g().source("portal-2024-12-15-jpki").unwrap();
    assert!(!src.primary && src.url.as_deref().unwrap().contains("968388be"));
}

#[test]
fn a_partial_outage_uses_the_services_own_guide_else_its_full_one() {
    assert_eq!(
        g().phase_of(Service::Oqs, State::Partial),
        Some(Phase::Full)
    );
    assert_eq!(
        g().phase_of(Service::Oqs, State::Intermittent),
        Some(Phase::Intermittent)
    );
    assert_eq!(
        g().phase_of(Service::Jpki, State::Partial),
        Some(Phase::Partial)
    );
    assert_eq!(
        g().phase_of(Service::Erx, State::Partial),
        Some(Phase::Partial)
    );
    assert_eq!(
        g().phase_of(Service::Mynaportal, State::Partial),
        Some(Phase::Full)
    );
    assert_eq!(
        g().phase_of(Service::Claims, State::Intermittent),
        Some(Phase::Full)
    );
    for s in Service::ALL {
        assert_eq!(g().phase_of(s, State::Normal), None);
    }
}

#[test]
fn a_service_phase_twice_or_a_step_needing_its_own_service_is_refused() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/guidance.toml"))
            .unwrap();
    let twice = format!(
        "{text}\n[[phase]]\nservice = \"claims\"\nid = \"full\"\nsummary_ja = \"x\"\nsummary_en = \"x\"\n\n[[phase.step]]\nja = \"x。\"\nen = \"x\"\nsource = \"claims-hours-akita\"\n"
    );
    let err = Guidance::parse(&twice).unwrap_err().to_string();
    assert!(
        err.contains("\"full\" of service \"claims\" appears more than once"),
        "{err}"
    );
    let own = format!(
        "{text}\n[[phase]]\nservice = \"claims\"\nid = \"after\"\nsummary_ja = \"x\"\nsummary_en = \"x\"\n\n[[phase.step]]\nja = \"x。\"\nen = \"x\"\nsource = \"claims-hours-akita\"\nneeds = [\"claims\"]\n"
    );
    let err = Guidance::parse(&own).unwrap_err().to_string();
    assert!(err.contains("needs its own service \"claims\""), "{err}");
    let typo = text.replacen("\nneeds = [\"mynaportal\"]", "\nneeds = [\"myna\"]", 1);
    assert_ne!(typo, text);
    let err = Guidance::parse(&typo).unwrap_err().to_string();
    assert!(err.contains("myna"), "{err}");
}
