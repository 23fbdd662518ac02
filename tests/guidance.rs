//! The guidance file against its sources: every phase and facility type gets its steps
//! from `assets/guidance.toml` as they hold on each day, each step with a defined source;
//! the facts of ../shared/GUIDANCE-SOURCES.md hold, one test per fact; and a broken file
//! is refused with FILE:LINE:COLUMN.

mod common;

use chrono::{Duration, NaiveDate};
use common::t;
use onshi::guidance::{Audience, Guidance, Step};
use onshi::time::Instant;
use onshi::{Facility, Lang, Phase, Service, State};

fn g() -> &'static Guidance {
    Guidance::embedded()
}

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/guidance.toml");

fn text() -> String {
    std::fs::read_to_string(PATH).unwrap()
}

fn file() -> toml::Table {
    text().parse().unwrap()
}

/// The instants the tests look at: one in each period of the counter's rules.
const INSTANTS: [&str; 5] = [
    "2024-12-31T03:30+09:00", // old cards valid, no smartphone
    "2025-10-01T10:00+09:00", // old cards valid, smartphone
    "2026-01-02T02:00+09:00", // no old card, the interim rule
    "2026-12-31T03:30+09:00", // no old card, no interim rule
    "2031-06-01T10:00+09:00",
];

/// Whether a step (or rule) table of the file holds on `day`: its dates, read as written
/// with the toml crate rather than through the library, and its rule's.
fn holds(table: &toml::Value, rules: &[toml::Value], day: NaiveDate) -> bool {
    let date = |v: &toml::Value, key: &str| {
        v.get(key).map(|d| {
            d.as_datetime()
                .unwrap()
                .to_string()
                .parse::<NaiveDate>()
                .unwrap()
        })
    };
    let own = date(table, "valid_from").map_or(true, |f| f <= day)
        && date(table, "valid_until").map_or(true, |u| day <= u);
    let rule = match table.get("rule") {
        None => true,
        Some(id) => {
            let r = rules.iter().find(|r| r["id"] == *id).unwrap();
            holds(r, rules, day)
        }
    };
    own && rule
}

/// The `ja` texts of one phase's list in the file, for one facility type, on the JST day
/// of `at` (chooser-only steps left out).
fn file_steps(
    service: &str,
    phase: &str,
    facility: Option<&str>,
    at: Instant,
) -> Option<Vec<String>> {
    let f = file();
    let day = onshi::time::to_jst(at).date_naive();
    let rules = f["rule"].as_array().unwrap().clone();
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
        .filter(|s| s.get("chooser").and_then(toml::Value::as_bool) != Some(true))
        .filter(|s| holds(s, &rules, day))
        .map(|s| s["ja"].as_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .into()
}

const FACILITIES: [Option<Facility>; 4] = [
    None,
    Some(Facility::Clinic),
    Some(Facility::Dental),
    Some(Facility::Pharmacy),
];

#[test]
fn per_phase_facility_and_day_the_steps_are_the_files_each_with_a_source() {
    let mut guides = 0;
    for at in INSTANTS.map(t) {
        for service in Service::ALL {
            for phase in Phase::EVERY {
                for facility in FACILITIES {
                    let shown: Vec<String> = g()
                        .steps_for(service, phase, facility, at, Lang::Ja)
                        .into_iter()
                        .map(|s| s.text)
                        .collect();
                    let want = file_service(service, phase, facility, at);
                    assert_eq!(
                        g().guide(service, phase).is_some(),
                        want.is_some(),
                        "{service} {phase}"
                    );
                    assert_eq!(
                        shown,
                        want.unwrap_or_default(),
                        "{service} {phase} {facility:?} {at}"
                    );
                    for step in g().steps_for(service, phase, facility, at, Lang::En) {
                        assert!(!step.source_label.is_empty(), "{}", step.text);
                        assert!(step.unavailable.is_none(), "{}", step.text);
                        assert!(
                            step.text.starts_with(|c: char| c.is_ascii_alphanumeric()),
                            "{}",
                            step.text
                        );
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
    }
    assert_eq!(guides, g().phases.len() * INSTANTS.len());
    // steps() is オン資's.
    let at = t(INSTANTS[0]);
    assert_eq!(
        g().steps(Phase::Full, None, at, Lang::Ja),
        g().steps_for(Service::Oqs, Phase::Full, None, at, Lang::Ja)
    );
}

fn file_service(
    service: Service,
    phase: Phase,
    facility: Option<Facility>,
    at: Instant,
) -> Option<Vec<String>> {
    file_steps(
        service.as_str(),
        phase.as_str(),
        facility.map(Facility::as_str),
        at,
    )
}

#[test]
fn every_step_valid_at_every_instant_has_a_source_and_every_phase_a_step() {
    let audience = Audience::new(None);
    let mut day = t("2023-01-01T12:00+09:00");
    let end = t("2032-01-01T12:00+09:00");
    let mut checked = 0;
    while day < end {
        for guide in &g().phases {
            let steps: Vec<&Step> = g()
                .applying(guide.service, guide.phase, &audience, day)
                .collect();
            assert!(
                steps.iter().any(|s| !s.chooser),
                "{} {} has no step at {day}",
                guide.service,
                guide.phase
            );
            for s in steps {
                for id in std::iter::once(&s.source).chain(&s.also) {
                    let source = g().source(id).unwrap_or_else(|| panic!("{id}"));
                    assert!(!source.label_ja.is_empty() && !source.label_en.is_empty());
                }
                // Never on second-hand sources alone.
                assert!(
                    std::iter::once(&s.source)
                        .chain(&s.also)
                        .any(|id| !g().source(id).unwrap().second_hand),
                    "{}",
                    s.ja
                );
                checked += 1;
            }
        }
        day += Duration::days(1);
    }
    assert!(checked > 100_000, "{checked}");
}

fn all_steps() -> impl Iterator<Item = (Phase, &'static Step)> {
    g().phases
        .iter()
        .flat_map(|p| p.steps.iter().map(move |s| (p.phase, s)))
}

#[test]
fn steps_are_short_single_actions_of_40_characters_at_most() {
    for (phase, s) in all_steps() {
        let n = s.ja.chars().count();
        assert!(n <= 40, "{phase}: {n} chars: {}", s.ja);
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
        sorted[sorted.len() / 2] <= 36,
        "median length {}",
        sorted[sorted.len() / 2]
    );
}

#[test]
fn one_term_for_the_system_official_names_and_no_casual_words() {
    for (phase, s) in all_steps() {
        assert!(!s.ja.contains("オン資"), "{phase}: {}", s.ja);
        assert!(!s.ja.contains("運用コールセンター"), "{phase}: {}", s.ja);
        assert!(!s.ja.contains("だめなら"), "{phase}: {}", s.ja);
    }
    for p in &g().phases {
        assert!(!p.summary_ja.contains("オン資"), "{}", p.summary_ja);
        assert!(!p.summary_ja.contains("だめなら"), "{}", p.summary_ja);
    }
    let c = g().call_center();
    assert_eq!(c.name_ja, "オンライン資格確認等コールセンター");
    assert_eq!(c.phone, "0800-080-4583");
}

/// Every step of every phase, in Japanese, on one instant.
fn listed(service: Service, phase: Phase, facility: Option<Facility>, at: &str) -> Vec<String> {
    g().steps_for(service, phase, facility, t(at), Lang::Ja)
        .into_iter()
        .map(|s| s.text)
        .collect()
}

#[test]
fn prepare_never_says_to_enable_the_emergency_lookup_beforehand() {
    for at in INSTANTS {
        for s in listed(Service::Oqs, Phase::Prepare, None, at) {
            assert!(!s.contains("緊急時医療情報"), "{s}");
            assert!(!s.contains("事前"), "{s}");
        }
        // It is told where it belongs: per incident, by phone, with a report afterwards.
        let after: String = listed(Service::Oqs, Phase::After, None, at).concat();
        assert!(
            after.contains("緊急時医療情報・資格確認機能") && after.contains("その都度"),
            "{after}"
        );
        assert!(after.contains("利用報告書"), "{after}");
    }
}

#[test]
fn full_outage_order_is_confirm_then_take_the_copay_then_never_ten_wari() {
    for at in INSTANTS {
        let steps = listed(Service::Oqs, Phase::Full, None, at);
        let at_ = |needle: &str| {
            steps
                .iter()
                .position(|s| s.contains(needle))
                .unwrap_or_else(|| panic!("{needle} at {at}"))
        };
        assert_eq!(at_("資格を確認"), 0);
        assert!(at_("券面") < at_("自己負担割合"));
        assert!(at_("自己負担割合") < at_("10割にはしない"));
    }
    let summary = g().summary(Phase::Full, Lang::Ja);
    let (confirm, take, never) = (
        summary.find("確認").unwrap(),
        summary.find("自己負担割合で受け取って").unwrap(),
        summary.find("10割").unwrap(),
    );
    assert!(confirm < take && take < never, "{summary}");
    // At the counter the copay is taken (受け取る); 請求 is the claim (レセプト), later.
    for guide in g().phases.iter().filter(|p| p.service == Service::Oqs) {
        for s in guide.steps.iter().filter(|s| !s.later) {
            assert!(!s.ja.contains("請求"), "{}: {}", guide.phase, s.ja);
        }
    }
    assert!(!summary.contains("請求"), "{summary}");
}

#[test]
fn the_card_goes_with_the_mynaportal_screen_and_the_shikaku_notice() {
    for at in INSTANTS {
        let full = listed(Service::Oqs, Phase::Full, None, at);
        let portal = full.iter().find(|s| s.contains("マイナポータル")).unwrap();
        assert!(portal.contains("マイナンバーカードと一緒に"), "{portal}");
        let notice = full
            .iter()
            .find(|s| s.contains("資格情報のお知らせ"))
            .unwrap();
        assert!(notice.contains("マイナンバーカード"), "{notice}");
    }
}

#[test]
fn intermittent_says_ten_wari_and_points_to_the_makers_manual_with_its_own_source() {
    assert!(g()
        .summary(Phase::Intermittent, Lang::Ja)
        .contains("10割にはしません"));
    let steps = &g().phase(Phase::Intermittent).steps;
    assert!(steps[0].ja.contains("再度お試し"));
    let manual = steps
        .iter()
        .find(|s| s.ja.contains("メーカーの取扱説明書か導入業者"))
        .unwrap();
    // Its own source, 参考, not the page of the call center's hours.
    assert_eq!(manual.source, "vendor-reader-restart");
    let src = g().source(&manual.source).unwrap();
    assert!(
        !src.primary && src.label_ja.contains("再起動"),
        "{}",
        src.label_ja
    );
    // The one vendor's power-off order is not presented as a rule.
    assert!(!steps.iter().any(|s| s.ja.contains("→")), "{steps:?}");
}

#[test]
fn billing_with_unknown_insurer_is_a_later_step_as_the_2023_07_19_notice_says() {
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
    // 記号・番号 are 不詳 too, filled with 7s; the 摘要欄 carries the 申立書's details (the
    // 2023-07-19 notice as the sources quote it), nothing about beginning it with 不詳.
    assert!(
        text.contains("記号・番号も不詳として、必要な桁数の「7」"),
        "{text}"
    );
    assert!(
        text.contains("摘要欄には、申立書の住所・勤務先・連絡先"),
        "{text}"
    );
    assert!(!text.contains("摘要欄の最初"), "{text}");
    let src = g().source("claims-unknown-insurer").unwrap();
    assert!(
        src.label_ja
            .contains("厚生労働省 事務連絡（2023年7月19日、2023年9月15日改正）"),
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
fn e_prescription_steps_go_to_the_right_side_and_only_to_a_desk_that_uses_them() {
    for at in INSTANTS {
        let pharmacy: String =
            listed(Service::Oqs, Phase::Full, Some(Facility::Pharmacy), at).concat();
        let clinic: String = listed(Service::Oqs, Phase::Full, Some(Facility::Clinic), at).concat();
        assert!(
            pharmacy.contains("処方元に紙での再発行") && !pharmacy.contains("紙の処方箋を出して")
        );
        assert!(clinic.contains("紙の処方箋を出して") && !clinic.contains("処方元に紙での再発行"));
    }
    // Every オン資 step about e-prescriptions is for a desk that uses them.
    for guide in g().phases.iter().filter(|p| p.service == Service::Oqs) {
        for s in &guide.steps {
            assert_eq!(
                s.ja.contains("処方"),
                s.uses == [Service::Erx],
                "{}: {}",
                guide.phase,
                s.ja
            );
        }
    }
    let without = Audience {
        facility: Some(Facility::Pharmacy),
        uses: onshi::desk::services_for(Some(Facility::Pharmacy), Some(false)),
    };
    for phase in Phase::ALL {
        assert!(g()
            .listed(Service::Oqs, phase, &without, t(INSTANTS[3]))
            .all(|s| !s.ja.contains("処方")));
    }
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
    // The (2nd) order of the smartphone steps comes from news or a blog.
    let second: Vec<&str> = g()
        .sources
        .iter()
        .filter(|s| s.second_hand)
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(second, ["kenpo-smartphone-order"]);
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
    let at = INSTANTS[0];
    let text =
        |service, phase, facility| -> String { listed(service, phase, facility, at).concat() };
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
    // ... and the face of an old card only while old cards were valid.
    assert!(portal.contains("券面（保険証・資格確認書）"), "{portal}");
    let portal_2026 = listed(Service::Mynaportal, Phase::Full, None, INSTANTS[3]).concat();
    assert!(
        portal_2026.contains("資格確認書の券面") && !portal_2026.contains("券面（保険証"),
        "{portal_2026}"
    );
    // JPKI: who fails (the portal's words: 更新後初めて受診する場合), that others proceed.
    let jpki = text(Service::Jpki, Phase::Partial, None);
    assert!(
        jpki.contains("利用登録がまだの方、電子証明書の更新後初めて受診する方"),
        "{jpki}"
    );
    assert!(!jpki.contains("更新した方"), "{jpki}");
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
        assert!(
            pharmacy.contains("先にメール・FAX等で受け、原本はあとで郵送"),
            "{pharmacy}"
        );
        assert!(!pharmacy.contains("紙の処方箋を出して"), "{pharmacy}");
    }
    assert!(text(Service::Erx, Phase::After, Some(Facility::Dental)).contains("取り消して"));
    assert!(text(Service::Erx, Phase::After, Some(Facility::Pharmacy)).is_empty());
    // オンライン請求: hours differ by payer, shown as 参考.
    for s in g().steps_for(Service::Claims, Phase::Full, None, t(at), Lang::Ja) {
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

// ---------------------------------------------------------------- one test per dated fact

/// The オン資 full-outage list for a clinic at `at`.
fn full(at: &str) -> Vec<String> {
    listed(Service::Oqs, Phase::Full, Some(Facility::Clinic), at)
}

#[test]
fn old_health_insurance_cards_hold_until_2025_12_01_and_not_a_day_more() {
    let face = "健康保険証・資格確認書の方は、券面で確認してください。";
    // The last minute of 12/1 in Japan, then 12/2 00:00 JST (written in UTC).
    assert!(full("2025-12-01T23:59+09:00").iter().any(|s| s == face));
    let after = full("2025-12-01T15:00:00Z");
    assert!(!after.iter().any(|s| s == face), "{after:?}");
    assert!(after.contains(&"古い健康保険証は、2025年12月2日から使えません。".to_string()));
    assert!(
        after.contains(&"資格確認書（高齢の方に多い）は、停止中も券面で確認できます。".to_string())
    );
    let rule = g().rule("health-card-valid").unwrap();
    assert_eq!(rule.valid.until, NaiveDate::from_ymd_opt(2025, 12, 1));
    assert_eq!(rule.source, "myna-faq-3505");
    assert!(
        g().source("myna-faq-3505").unwrap().url.as_deref()
            == Some("https://faq.myna.go.jp/faq/show/3505")
    );
}

#[test]
fn the_smartphone_card_exists_from_2025_09_19_and_falls_back_to_the_card_itself() {
    let phone = "スマホのマイナ保険証の方も、マイナンバーカード本体を見せてもらってください。";
    assert!(!full("2025-09-18T23:59+09:00").contains(&phone.to_string()));
    assert!(full("2025-09-19T00:00+09:00").contains(&phone.to_string()));
    let ids = |at: &str| -> Vec<String> { g().brought_at(t(at)).map(|b| b.id.clone()).collect() };
    assert!(!ids("2025-09-18T12:00+09:00").contains(&"smartphone".to_string()));
    assert!(ids("2025-09-19T12:00+09:00").contains(&"smartphone".to_string()));
    // The physical card comes right after the phone fails, with its own source beside the
    // health insurance society's (2nd) order.
    let step = g()
        .phase(Phase::Full)
        .steps
        .iter()
        .find(|s| s.ja == phone)
        .unwrap();
    assert_eq!(step.source, "portal-smartphone");
    assert_eq!(step.also, ["kenpo-smartphone-order"]);
    assert!(g()
        .source("portal-smartphone")
        .unwrap()
        .url
        .as_deref()
        .unwrap()
        .ends_with("sys_kb_id=3b11e4ee93dbee107fa07cddfaba1051"));
}

#[test]
fn the_interim_rule_holds_2025_12_02_to_2026_03_31_and_is_never_a_fallback() {
    let interim = "被保険者番号での照会の特例は、オンライン資格確認が要るため停止中は使えません。";
    assert!(!full("2025-12-01T12:00+09:00").contains(&interim.to_string()));
    assert!(full("2025-12-02T00:00+09:00").contains(&interim.to_string()));
    assert!(full("2026-03-31T23:59+09:00").contains(&interim.to_string()));
    assert!(!full("2026-04-01T00:00+09:00").contains(&interim.to_string()));
    for (_, s) in all_steps() {
        // The only step about it says it cannot be used while the system is down.
        if s.rule.as_deref() == Some("interim-lookup") {
            assert!(
                !s.fallback && s.ja.contains("停止中は使えません"),
                "{}",
                s.ja
            );
        }
    }
    // Nowhere an expired card or the notice alone is said to be enough.
    for (_, s) in all_steps() {
        assert!(!s.ja.contains("期限切れの保険証で"), "{}", s.ja);
    }
}

#[test]
fn the_shikaku_notice_counts_only_with_the_card() {
    for (_, s) in all_steps() {
        if s.ja.contains("資格情報のお知らせ") && !s.ja.contains("だけ") {
            assert!(
                s.ja.contains("マイナンバーカード") || s.ja.contains("カードなど"),
                "{}",
                s.ja
            );
        }
    }
}

#[test]
fn a_pharmacy_reads_of_dispensing_records_not_of_visits() {
    for at in INSTANTS {
        for phase in [Phase::Prepare, Phase::Full] {
            let pharmacy = listed(Service::Oqs, phase, Some(Facility::Pharmacy), at).concat();
            assert!(!pharmacy.contains("受診記録"), "{pharmacy}");
            assert!(pharmacy.contains("調剤の記録"), "{pharmacy}");
            let clinic = listed(Service::Oqs, phase, Some(Facility::Clinic), at).concat();
            assert!(
                clinic.contains("受診記録") && !clinic.contains("調剤の記録"),
                "{clinic}"
            );
        }
    }
}

#[test]
fn the_pharmacy_reissue_is_by_mail_or_fax_and_the_patient_may_go_back() {
    let pharmacy = full_for(Facility::Pharmacy);
    assert!(pharmacy.contains("メール・FAX等"), "{pharmacy}");
    assert!(!pharmacy.contains("先にFAX"), "{pharmacy}");
    assert!(
        pharmacy.contains("処方元が近ければ、患者さんに紙の処方箋をもらいに戻ってもらう"),
        "{pharmacy}"
    );
    let prepare = listed(
        Service::Oqs,
        Phase::Prepare,
        Some(Facility::Pharmacy),
        INSTANTS[0],
    )
    .concat();
    assert!(
        prepare.contains("処方元の連絡先（メール・FAX等）"),
        "{prepare}"
    );
}

fn full_for(f: Facility) -> String {
    listed(Service::Oqs, Phase::Full, Some(f), INSTANTS[0]).concat()
}

#[test]
fn p0710_is_named_by_its_real_title() {
    let title =
        "「マイナンバーカードによるオンライン資格確認を行うことができない場合の対応について」";
    for id in ["mhlw-2023-07-10", "mhlw-2023-07-10-copay"] {
        let s = g().source(id).unwrap();
        assert!(
            s.label_ja.contains("保発0710第1号") && s.label_ja.contains(title),
            "{}",
            s.label_ja
        );
    }
}

#[test]
fn each_contact_has_its_own_hours_from_its_own_source() {
    let call = g().contact("call-center").unwrap();
    let lookup = g().contact("emergency-lookup").unwrap();
    let hm = |h: &str| chrono::NaiveTime::parse_from_str(h, "%H:%M").unwrap();
    let w = call.weekdays.unwrap();
    assert_eq!((w.open, w.close), (hm("08:00"), hm("18:00")));
    let s = call.saturday.unwrap();
    assert_eq!((s.open, s.close), (hm("08:00"), hm("16:00")));
    let w = lookup.weekdays.unwrap();
    assert_eq!((w.open, w.close), (hm("09:00"), hm("17:00")));
    assert!(lookup.saturday.is_none());
    assert_eq!(lookup.phone, call.phone);
    assert_ne!(lookup.source, call.source);
    assert!(g()
        .source(&lookup.source)
        .unwrap()
        .label_ja
        .contains("2024年1月5日"));
    // The step that enables the lookup names it, so its hours go beside it.
    let step = g()
        .phase(Phase::After)
        .steps
        .iter()
        .find(|s| s.ja.contains("その都度コールセンター"))
        .unwrap();
    assert_eq!(step.contact.as_deref(), Some("emergency-lookup"));
}

// ---------------------------------------------------------------- the file refused, and where

/// The 1-based line and column of the `n`-th (0-based) occurrence of `needle` in `text`.
fn place(text: &str, needle: &str, n: usize) -> (usize, usize) {
    let offset = text.match_indices(needle).nth(n).unwrap().0;
    onshi::span::line_column(text, offset)
}

fn refused(text: &str) -> onshi::guidance::GuidanceError {
    Guidance::parse(text, "guidance.toml").unwrap_err()
}

#[test]
fn a_step_citing_an_unknown_source_is_refused_at_its_place() {
    let text = text().replacen("source = \"portal-2025-02-13\"", "source = \"nope\"", 1);
    let err = refused(&text);
    let (line, column) = place(&text, "\"nope\"", 0);
    assert_eq!((err.line, err.column), (line, column), "{err}");
    assert!(
        err.to_string()
            .starts_with(&format!("guidance.toml:{line}:{column}: ")),
        "{err}"
    );
    assert!(err.message.contains("unknown source \"nope\""), "{err}");
}

#[test]
fn a_step_with_no_source_is_refused_at_the_step() {
    let text = text();
    let step = "ja = \"停止の日時を、受付の全員に伝えてください。\"";
    let at = text.find(step).unwrap();
    let source_at = at + text[at..].find("source = \"mhlw-2024-12-24\"\n").unwrap();
    let broken = format!(
        "{}{}",
        &text[..source_at],
        &text[source_at + "source = \"mhlw-2024-12-24\"\n".len()..]
    );
    let err = refused(&broken);
    // The [[phase.step]] header above the step.
    let header = broken[..at].rfind("[[phase.step]]").unwrap();
    assert_eq!(
        (err.line, err.column),
        onshi::span::line_column(&broken, header),
        "{err}"
    );
    assert!(err.message.contains("missing field `source`"), "{err}");
}

#[test]
fn dates_out_of_order_are_refused_at_valid_until() {
    let text = text().replacen(
        "valid_from = 2025-12-02\nvalid_until = 2026-03-31",
        "valid_from = 2026-04-01\nvalid_until = 2026-03-31",
        1,
    );
    let err = refused(&text);
    let (line, _) = place(&text, "valid_until = 2026-03-31", 0);
    assert_eq!((err.line, err.column), (line, 15), "{err}");
    assert!(err.message.contains("dates out of order"), "{err}");
    // A date with a time of day is no JST date.
    let text = self::text().replacen(
        "valid_until = 2025-12-01",
        "valid_until = 2025-12-01T23:59:00",
        1,
    );
    let err = refused(&text);
    assert_eq!(
        err.line,
        place(&text, "valid_until = 2025-12-01T", 0).0,
        "{err}"
    );
    assert!(err.message.contains("is not a date"), "{err}");
}

#[test]
fn two_versions_of_one_step_holding_on_the_same_day_are_refused() {
    // The 2025-12-02 version of "face" made to start a month early, without its rule.
    let text = text().replacen(
        "rule = \"health-card-ended\"\nbrought = [\"certificate\"]",
        "valid_from = 2025-11-01\nbrought = [\"certificate\"]",
        1,
    );
    let err = refused(&text);
    let (line, column) = place(&text, "id = \"face\"", 1);
    assert_eq!((err.line, err.column), (line, column + 5), "{err}");
    assert!(
        err.message.contains("overlaps the step \"face\" of line")
            && err.message.contains("both hold on 2025-11-01"),
        "{err}"
    );
}

#[test]
fn a_step_on_second_hand_sources_alone_is_refused() {
    let text = text().replacen(
        "source = \"portal-smartphone\"\nalso = [\"kenpo-smartphone-order\"]",
        "source = \"kenpo-smartphone-order\"",
        1,
    );
    let err = refused(&text);
    assert_eq!(
        (err.line, err.column),
        place(&text, "\"kenpo-smartphone-order\"\nrule", 0),
        "{err}"
    );
    assert!(err.message.contains("second-hand sources alone"), "{err}");
}

#[test]
fn a_day_without_any_step_is_refused_at_the_phase() {
    // オンライン請求's prepare steps made to end: from 2030 it would say nothing.
    let text = text().replace(
        "source = \"claims-hours-akita\"\n\n[[phase.step]]\nja = \"受付日時は審査支払機関ごとに違います。各機関の案内で確認してください。\"\nen = \"Each payer (国保連, 支払基金) sets its own hours: check their schedule.\"\nsource = \"claims-hours-akita\"\n\n[[phase]]\nservice = \"claims\"\nid = \"full\"",
        "source = \"claims-hours-akita\"\nvalid_until = 2029-12-31\n\n[[phase.step]]\nja = \"受付日時は審査支払機関ごとに違います。各機関の案内で確認してください。\"\nen = \"Each payer (国保連, 支払基金) sets its own hours: check their schedule.\"\nsource = \"claims-hours-akita\"\nvalid_until = 2029-12-31\n\n[[phase]]\nservice = \"claims\"\nid = \"full\"",
    );
    assert_ne!(text, self::text());
    let err = refused(&text);
    let phase = text.find("service = \"claims\"\nid = \"prepare\"").unwrap();
    let id = phase + "service = \"claims\"\nid = ".len();
    assert_eq!(
        (err.line, err.column),
        onshi::span::line_column(&text, id),
        "{err}"
    );
    assert!(err.message.contains("has no step on 2030-01-01"), "{err}");
}

#[test]
fn unknown_rules_answers_and_contacts_are_refused_at_their_place() {
    for (from, to, needle) in [
        (
            "rule = \"smartphone\"\nfallback",
            "rule = \"phone\"\nfallback",
            "\"phone\"",
        ),
        (
            "brought = [\"smartphone\"]",
            "brought = [\"phone\"]",
            "\"phone\"",
        ),
        (
            "contact = \"emergency-lookup\"",
            "contact = \"lookup\"",
            "\"lookup\"",
        ),
    ] {
        let text = text().replacen(from, to, 1);
        assert_ne!(text, self::text(), "{from}");
        let err = refused(&text);
        assert_eq!((err.line, err.column), place(&text, needle, 0), "{err}");
        assert!(err.message.contains("unknown"), "{err}");
    }
}

#[test]
fn a_service_phase_twice_or_a_step_needing_its_own_service_is_refused() {
    let text = text();
    let twice = format!(
        "{text}\n[[phase]]\nservice = \"claims\"\nid = \"full\"\nsummary_ja = \"x\"\nsummary_en = \"x\"\n\n[[phase.step]]\nja = \"x。\"\nen = \"x\"\nsource = \"claims-hours-akita\"\n"
    );
    let err = refused(&twice);
    assert!(
        err.message
            .contains("\"full\" of service \"claims\" appears more than once"),
        "{err}"
    );
    assert_eq!(err.line, twice.lines().count() - 7, "{err}");
    let own = format!(
        "{text}\n[[phase]]\nservice = \"claims\"\nid = \"after\"\nsummary_ja = \"x\"\nsummary_en = \"x\"\n\n[[phase.step]]\nja = \"x。\"\nen = \"x\"\nsource = \"claims-hours-akita\"\nneeds = [\"claims\"]\n"
    );
    let err = refused(&own);
    assert!(
        err.message.contains("needs its own service \"claims\""),
        "{err}"
    );
    assert_eq!(err.line, own.lines().count(), "{err}");
    let typo = text.replacen("\nneeds = [\"mynaportal\"]", "\nneeds = [\"myna\"]", 1);
    assert_ne!(typo, text);
    let err = refused(&typo);
    assert!(err.message.contains("myna"), "{err}");
    assert_eq!(err.line, place(&typo, "\"myna\"]", 0).0, "{err}");
}

#[test]
fn onshi_check_reads_a_guidance_file_and_names_its_errors() {
    let onshi = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_onshi"))
            .args(args)
            .output()
            .unwrap()
    };
    let o = onshi(&["check", PATH]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.starts_with(&format!("{PATH}: ok — guidance (")),
        "{out}"
    );
    // Under another name: recognised by its [[phase]] tables, or asked for.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("steps.toml");
    let text = text().replacen("source = \"portal-2025-02-13\"", "source = \"nope\"", 1);
    std::fs::write(&bad, &text).unwrap();
    let (line, column) = place(&text, "\"nope\"", 0);
    for args in [
        vec!["check", bad.to_str().unwrap()],
        vec!["check", "--guidance", bad.to_str().unwrap()],
    ] {
        let o = onshi(&args);
        assert!(!o.status.success());
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(
            err,
            format!(
                "{}:{line}:{column}: phase \"prepare\" step 4 cites unknown source \"nope\"\n",
                bad.display()
            )
        );
    }
}
