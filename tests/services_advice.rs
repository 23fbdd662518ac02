//! The desk across services, through the example notices in docs/examples/ (past events),
//! small fixtures and the CLI: a step that needs a service which is down is marked and the
//! next fallback comes first; JPKI's partial outage says who fails and what to do; the
//! e-prescription steps go to the right side; notifications name the service and scope,
//! who is affected and a possible extension, with 予定 once per planned time.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{fixture, pref, t};
use onshi::advice::{advice, advice_all, unavailable_reason, ServiceAdvice};
use onshi::desk::{self, services_for, worst, worst_look, worst_state};
use onshi::message::message;
use onshi::plan::{plan_for, plan_services};
use onshi::present::Look;
use onshi::{EventKind, Facility, Lang, Phase, Reminders, Schedule, Service, State};

const MYNA: &str = "2025-12-31-mynaportal-year-end.toml";
const OQS_FULL: &str = "desk/2026-01-02-oqs-full.toml";
/// Both down: オン資 from 1:00 (福岡・佐賀), マイナポータル until 3:00 (nationwide).
const BOTH_DOWN: &str = "2026-01-02T02:00+09:00";
/// マイナポータル's planned end has passed; オン資 is still down.
const OQS_ONLY: &str = "2026-01-02T04:00+09:00";

const PORTAL_STEP: &str = "マイナポータルの資格情報画面を、マイナンバーカードと一緒に";
const NOTICE_STEP: &str = "資格情報のお知らせ（紙・PDF）とマイナンバーカードを一緒に";

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples")
}

fn onshi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TZ", "America/New_York")
        .output()
        .expect("run onshi")
}

fn text(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// A folder as a desk would have it: the マイナポータル example and an オン資 outage that
/// overlaps its end.
fn both_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(examples().join(MYNA), dir.path().join(MYNA)).unwrap();
    std::fs::copy(fixture(OQS_FULL), dir.path().join("oqs-full.toml")).unwrap();
    dir
}

fn both_schedule() -> Schedule {
    let dir = both_folder();
    let mut s = Schedule::embedded();
    assert!(s.add_dir(dir.path()).is_empty());
    s
}

fn with_examples() -> Schedule {
    let mut s = Schedule::embedded();
    assert!(s.add_dir(&examples()).is_empty());
    s
}

fn all_advice(s: &Schedule, p: &str, at: &str, facility: Option<Facility>) -> Vec<ServiceAdvice> {
    let p = pref(p);
    advice_all(
        &desk::statuses(s, p, t(at)),
        &s.windows_for(p),
        facility,
        Lang::Ja,
    )
}

/// The step lines (`  N. text`) of `text` that contain `needle`.
fn step_lines<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.contains(needle)).collect()
}

#[test]
fn cli_marks_the_mynaportal_step_unavailable_while_mynaportal_is_down() {
    let dir = both_folder();
    let status = |at: &str, lang: &str| {
        text(&onshi(&[
            "status",
            "-p",
            "福岡",
            "--at",
            at,
            "--notices",
            dir.path().to_str().unwrap(),
            "--lang",
            lang,
        ]))
    };
    let out = status(BOTH_DOWN, "ja");
    assert!(
        out.contains("オンライン資格確認等システム: 停止中"),
        "{out}"
    );
    assert!(out.contains("マイナポータル  停止中"), "{out}");
    let portal = step_lines(&out, PORTAL_STEP);
    assert_eq!(portal.len(), 1, "{out}");
    assert!(
        portal[0].ends_with("（マイナポータル停止中のため使えません）"),
        "{out}"
    );
    // The next fallback is promoted: the eligibility notice with the card comes first.
    let (notice, portal_at) = (
        out.find(NOTICE_STEP).unwrap(),
        out.find(PORTAL_STEP).unwrap(),
    );
    assert!(notice < portal_at, "{out}");
    // In 2026 the smartphone step is 2. (the card itself): the notice is 3., the screen 4.
    assert!(portal[0].trim_start().starts_with("4. "), "{out}");
    assert!(step_lines(&out, NOTICE_STEP)[0]
        .trim_start()
        .starts_with("3. "));
    // The other fallbacks stay usable.
    for other in ["券面で確認", "被保険者資格申立書を書いて", NOTICE_STEP] {
        for line in step_lines(&out, other) {
            assert!(!line.contains("使えません"), "{line}");
        }
    }
    // マイナポータル's own steps: no screen, no registration through it.
    assert!(
        out.contains("マイナポータルでのマイナ保険証の利用登録も"),
        "{out}"
    );

    let en = status(BOTH_DOWN, "en");
    let portal = step_lines(
        &en,
        "Ask the patient to show マイナポータル's eligibility screen",
    );
    assert!(
        portal[0].ends_with("(Not available: Mynaportal is down)"),
        "{en}"
    );

    // Past マイナポータル's planned end (オン資 still down): usable again, in its place.
    let out = status(OQS_ONLY, "ja");
    assert!(
        out.contains("オンライン資格確認等システム: 停止中"),
        "{out}"
    );
    // (Since 2025-12-02 some steps say themselves what cannot be used: only the mark counts.)
    assert!(!out.contains("停止中のため使えません"), "{out}");
    assert!(out.find(PORTAL_STEP).unwrap() < out.find(NOTICE_STEP).unwrap());
    assert!(step_lines(&out, PORTAL_STEP)[0]
        .trim_start()
        .starts_with("3. "));
    // Without the マイナポータル notice, the オン資 outage alone marks nothing.
    let only_oqs = text(&onshi(&[
        "status",
        "-p",
        "福岡",
        "--at",
        BOTH_DOWN,
        "--notices",
        fixture("desk").to_str().unwrap(),
    ]));
    assert!(!only_oqs.contains("停止中のため使えません"), "{only_oqs}");
}

#[test]
fn advice_all_marks_the_step_and_keeps_advice_unaware() {
    let s = both_schedule();
    let all = all_advice(&s, "佐賀", BOTH_DOWN, Some(Facility::Clinic));
    let services: Vec<(Service, State)> = all.iter().map(|a| (a.service, a.state)).collect();
    assert_eq!(
        services,
        [
            (Service::Oqs, State::FullOutage),
            (Service::Mynaportal, State::FullOutage)
        ]
    );
    let oqs = &all[0];
    assert_eq!(oqs.groups[0].phase, Phase::Full);
    let steps = &oqs.groups[0].steps;
    let marked: Vec<_> = steps.iter().filter(|s| s.unavailable.is_some()).collect();
    assert_eq!(marked.len(), 1);
    assert!(marked[0].text.contains("マイナポータルの資格情報画面"));
    assert_eq!(
        marked[0].unavailable.as_deref(),
        Some("マイナポータル停止中のため使えません")
    );
    assert_eq!(
        unavailable_reason(Service::Mynaportal, Lang::Ja),
        "マイナポータル停止中のため使えません"
    );
    // 2026-01-02: after the smartphone step (the card itself), the notice before the screen.
    assert!(steps[1].text.contains("スマホのマイナ保険証"));
    assert!(steps[2].text.contains("資格情報のお知らせ"));
    assert!(steps[3].text.contains("マイナポータルの資格情報画面"));

    // The same steps as advice() gives, only reordered and marked.
    let tl = s.timeline(pref("佐賀"));
    let plain = advice(
        &tl.status(t(BOTH_DOWN)),
        tl.windows(),
        Some(Facility::Clinic),
        Lang::Ja,
    );
    assert!(plain[0].steps.iter().all(|s| s.unavailable.is_none()));
    let mut a: Vec<&str> = plain[0].steps.iter().map(|s| s.text.as_str()).collect();
    let mut b: Vec<&str> = steps.iter().map(|s| s.text.as_str()).collect();
    assert_ne!(a, b);
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b);

    // 東京 has no オン資 outage: マイナポータル alone is listed, with its own steps.
    let tokyo = all_advice(&s, "東京", BOTH_DOWN, None);
    assert_eq!(tokyo.len(), 1);
    assert_eq!(tokyo[0].service, Service::Mynaportal);
    assert!(tokyo[0].groups[0]
        .steps
        .iter()
        .any(|s| s.text.contains("資格情報画面は、停止中は表示できません")));
}

#[test]
fn jpki_partial_says_who_fails_and_gives_them_the_fallback_steps() {
    let out = text(&onshi(&[
        "status",
        "-p",
        "北海道",
        "--at",
        "2024-12-15T03:30+09:00",
        "--notices",
        "docs/examples",
        "--facility",
        "clinic",
    ]));
    let jpki = &out[out.find("公的個人認証サービス  一部停止中").expect(&out)..];
    let at = |needle: &str| {
        jpki.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} missing in\n{jpki}"))
    };
    assert!(at("対象: マイナ保険証の利用登録がまだの患者") < at("一部停止の間にすること"));
    assert!(
        at("対象は、利用登録がまだの方、電子証明書の更新後初めて受診する方などです。")
            < at("それ以外の方は、いつもどおり")
    );
    assert!(at("それ以外の方は、いつもどおり") < at("マイナ保険証で受付できない方の資格確認"));
    assert!(at("マイナ保険証で受付できない方の資格確認") < at(NOTICE_STEP));
    assert!(at(NOTICE_STEP) < at("通常の自己負担割合"));
    assert!(at("通常の自己負担割合") < at("10割にはしないで"));
    // Only the ways to confirm one patient: not the オン資 outage's e-prescription or
    // 4情報 steps, which are about the system being cut off.
    assert!(!jpki.contains("紙の処方箋"), "{jpki}");
    assert!(!jpki.contains("4情報"), "{jpki}");
    // An hour later JPKI has nothing left to say.
    let later = text(&onshi(&[
        "status",
        "-p",
        "北海道",
        "--at",
        "2024-12-15T04:00+09:00",
        "--notices",
        "docs/examples",
    ]));
    assert!(!later.contains("公的個人認証サービス"), "{later}");
}

#[test]
fn e_prescription_stop_gives_each_side_its_steps() {
    let status = |at: &str, facility: &str| {
        text(&onshi(&[
            "status",
            "-p",
            "40",
            "--at",
            at,
            "--notices",
            "docs/examples",
            "--facility",
            facility,
        ]))
    };
    for clinic in ["clinic", "dental"] {
        let out = status("2024-12-25T12:00+09:00", clinic);
        let erx = &out[out.find("電子処方箋管理サービス  一部停止中").expect(&out)..];
        assert!(erx.contains("電子処方箋を発行できない間は、紙の処方箋を出してください。"));
        assert!(
            erx.contains("処方情報は、あとで登録しなくてかまいません"),
            "{erx}"
        );
        assert!(!erx.contains("処方元に紙での再発行"), "{erx}");
        // After the stop: cancel the electronic ones reissued on paper.
        let after = status("2024-12-28T09:00+09:00", clinic);
        let erx = &after[after
            .find("電子処方箋管理サービス  通常どおり")
            .expect(&after)..];
        assert!(erx.contains("終了予定のあとにすること"), "{erx}");
        assert!(erx.contains("電子処方箋は、取り消してください"), "{erx}");
    }
    let out = status("2024-12-25T12:00+09:00", "pharmacy");
    let erx = &out[out.find("電子処方箋管理サービス  一部停止中").expect(&out)..];
    assert!(
        erx.contains("処方元に紙での再発行を頼んでください。"),
        "{erx}"
    );
    assert!(
        erx.contains("再発行の処方箋は、先にメール・FAX等で受け、原本はあとで郵送してもらいます。"),
        "{erx}"
    );
    assert!(!erx.contains("紙の処方箋を出して"), "{erx}");
    // A pharmacy has nothing to do after it: the service is not listed then.
    let after = status("2024-12-28T09:00+09:00", "pharmacy");
    assert!(!after.contains("電子処方箋管理サービス  "), "{after}");
    assert!(!after.contains("電子処方箋は、取り消して"), "{after}");
}

#[test]
fn notifications_name_the_service_and_scope_and_who_is_affected() {
    let s = with_examples();
    let r = Reminders::default();
    let portal = plan_for(
        &s,
        pref("沖縄"),
        Service::Mynaportal,
        &r,
        t("2025-12-30T00:00+09:00"),
        t("2026-01-05T00:00+09:00"),
    );
    let told: Vec<(EventKind, String, String)> = portal
        .iter()
        .map(|e| {
            let m = message(e, Lang::Ja);
            (e.kind, m.title, m.body)
        })
        .collect();
    let (kind, title, body) = told.iter().find(|(k, ..)| *k == EventKind::Start).unwrap();
    assert_eq!(*kind, EventKind::Start);
    assert_eq!(title, "【停止中】マイナポータル（全国）");
    assert!(
        body.starts_with("1月2日(金) 3:00まで、最大 1月4日(日) 22:00 まで延長の可能性。"),
        "{body}"
    );
    let (_, title, body) = told.iter().find(|(k, ..)| *k == EventKind::End).unwrap();
    assert_eq!(title, "【終了時刻】マイナポータル（全国）");
    assert!(
        body.starts_with(
            "3:00の終了時刻になりました。最大 1月4日(日) 22:00 まで延長の可能性があります。"
        ),
        "{body}"
    );
    for (_, title, body) in &told {
        assert!(
            !title.contains("再開") && !body.contains("再開"),
            "{title} {body}"
        );
        assert!(
            !title.contains("予定") && !body.contains("（予定）"),
            "{title}"
        );
    }
    let (_, title, _) = &told[0];
    assert_eq!(title, "【予告】あと24時間でマイナポータルが停止（全国）");
    let end_en = message(
        portal.iter().find(|e| e.kind == EventKind::End).unwrap(),
        Lang::En,
    );
    assert_eq!(end_en.title, "[End] Mynaportal (nationwide)");
    assert!(
        end_en
            .body
            .contains("It may be extended up to Sun 4 Jan 22:00."),
        "{}",
        end_en.body
    );

    let jpki = plan_for(
        &s,
        pref("福岡"),
        Service::Jpki,
        &r,
        t("2024-12-15T02:59+09:00"),
        t("2024-12-15T05:00+09:00"),
    );
    let start = message(&jpki[0], Lang::Ja);
    assert_eq!(start.title, "【一部停止】公的個人認証サービス（全国）");
    assert!(
        start
            .body
            .starts_with("4:00まで。止まるのは一部です。対象: マイナ保険証の利用登録がまだの患者"),
        "{}",
        start.body
    );
    assert!(start
        .body
        .ends_with(Onshi::summary(Service::Jpki, Phase::Partial)));
    let en = message(&jpki[0], Lang::En);
    assert_eq!(
        en.title,
        "[PARTLY DOWN] Public Key Infrastructure for individuals (JPKI) (nationwide)"
    );
    assert!(
        en.body.contains("Affects: Patients not yet registered"),
        "{}",
        en.body
    );

    // オン資's titles are as issue 8 made them, also when other services are planned too.
    let both = both_schedule();
    let events = plan_services(
        &both,
        pref("福岡"),
        &Service::ALL,
        &r,
        t("2026-01-02T00:30+09:00"),
        t("2026-01-02T06:00+09:00"),
    );
    let titles: Vec<String> = events.iter().map(|e| message(e, Lang::Ja).title).collect();
    // Watching began while マイナポータル was already down: said once, first.
    assert_eq!(events[0].kind, EventKind::AlreadyDown);
    assert!(message(&events[0], Lang::Ja)
        .body
        .starts_with("現在、3:00まで、最大 1月4日(日) 22:00 まで延長の可能性。"));
    assert_eq!(
        titles,
        [
            "【停止中】マイナポータル（全国）",
            "【予告】あと10分でオンライン資格確認が停止（予定） 福岡県",
            "【停止中】オンライン資格確認 福岡県",
            "【終了時刻】マイナポータル（全国）",
            "【終了予定時刻】オンライン資格確認 福岡県",
        ]
    );
}

/// The summary a service's guide gives for a phase.
struct Onshi;
impl Onshi {
    fn summary(service: Service, phase: Phase) -> &'static str {
        onshi::Guidance::embedded()
            .summary_for(service, phase, Lang::Ja)
            .unwrap()
    }
}

#[test]
fn every_planned_time_says_yotei_once_for_every_service() {
    let mut s = Schedule::default();
    assert!(s.add_dir(&fixture("desk")).is_empty());
    let events = plan_services(
        &s,
        pref("佐賀"),
        &Service::ALL,
        &Reminders::default(),
        t("2025-12-01T00:00+09:00"),
        t("2030-07-01T00:00+09:00"),
    );
    let services: std::collections::BTreeSet<Service> =
        events.iter().map(|e| e.window.service).collect();
    assert_eq!(services.into_iter().collect::<Vec<_>>(), Service::ALL);
    for e in &events {
        assert!(e.window.tentative);
        let m = message(e, Lang::Ja);
        assert_eq!(m.body.matches("予定").count(), 1, "{m:?}");
        assert!(m.title.matches("予定").count() <= 1, "{m:?}");
        assert!(
            !m.title.contains("再開") && !m.body.contains("再開"),
            "{m:?}"
        );
        let en = message(e, Lang::En);
        assert_eq!(en.body.matches("planned").count(), 1, "{en:?}");
        if e.window.service == Service::Oqs {
            assert!(m.title.ends_with(" 佐賀県"), "{m:?}");
        } else {
            assert!(m.title.ends_with("（全国）"), "{m:?}");
            assert!(m.title.contains(e.window.service.name(Lang::Ja)), "{m:?}");
        }
        if e.kind == EventKind::End && e.window.service == Service::Mynaportal {
            assert!(
                m.body
                    .contains("最大 6月3日(月) 22:00 まで延長の可能性があります。"),
                "{m:?}"
            );
        }
        if e.window.service == Service::Jpki && e.kind == EventKind::Start {
            assert_eq!(m.title, "【一部停止】公的個人認証サービス（全国）");
            assert!(m
                .body
                .contains("対象: 利用者証明用電子証明書を更新した患者。"));
        }
    }
}

#[test]
fn the_services_that_matter_and_the_worst_among_them() {
    for f in Facility::ALL {
        assert_eq!(f.default_services(), Service::ALL, "{f:?}");
        assert!(!services_for(Some(f), Some(false)).contains(&Service::Erx));
        assert_eq!(services_for(Some(f), Some(true)), Service::ALL);
    }
    let mut s = Schedule::default();
    assert!(s.add_dir(&fixture("desk")).is_empty());
    let p = pref("佐賀");
    // 6 h before the e-prescription stop, nothing else near: upcoming only if it matters.
    let at = t("2030-06-19T18:00+09:00");
    let all = desk::statuses(&s, p, at);
    assert_eq!(all.len(), 5);
    let with_erx = services_for(Some(Facility::Pharmacy), None);
    let without = services_for(Some(Facility::Pharmacy), Some(false));
    assert_eq!(worst_look(&all, &with_erx), Look::Upcoming);
    assert_eq!(worst(&all, &with_erx).unwrap().service, Service::Erx);
    assert_eq!(worst_look(&all, &without), Look::Normal);
    assert_eq!(worst_look(&all, &[]), Look::NotConfigured);

    // Inside the JPKI hour: partial, whichever else matters.
    let all = desk::statuses(&s, p, t("2030-06-10T03:30+09:00"));
    assert_eq!(worst_state(&all, &Service::ALL), State::Partial);
    assert_eq!(
        worst_state(&all, &[Service::Oqs, Service::Erx]),
        State::Normal
    );
    assert_eq!(worst_look(&all, &without), Look::Partial);

    // オン資 down while マイナポータル is down: full, and オン資 is the one shown.
    let both = both_schedule();
    let all = desk::statuses(&both, pref("福岡"), t(BOTH_DOWN));
    assert_eq!(worst_state(&all, &Service::ALL), State::FullOutage);
    assert_eq!(worst(&all, &Service::ALL).unwrap().service, Service::Oqs);
    assert_eq!(
        worst(&all, &[Service::Mynaportal, Service::Claims])
            .unwrap()
            .service,
        Service::Mynaportal
    );
}
