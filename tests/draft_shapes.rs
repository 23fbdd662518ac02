//! `onshi draft` and the shapes of format v3: a deadline (期限・点検報告), one insurer's fields
//! (保険者), a deadline moved (延長), monthly rules (毎月). Each guess is marked 要確認, and the
//! draft is a notice file that reads back.

mod common;

use common::{fixture, t};
use onshi::draft::{self, Draft};
use onshi::Notice;

fn draft_of(name: &str) -> Draft {
    let text = std::fs::read_to_string(fixture(&format!("draft/shapes/{name}"))).unwrap();
    draft::draft(&text, Some("x"))
}

/// The draft's file, read as the app reads a notice file.
fn reads_back(d: &Draft) -> Notice {
    Notice::parse(&d.toml, "draft.toml").unwrap_or_else(|e| panic!("{e}\n{}", d.toml))
}

/// Every value that needs a second look has its `# 要確認:` line in the file.
fn marks(d: &Draft) -> usize {
    d.toml
        .lines()
        .filter(|l| l.starts_with("# 要確認:"))
        .count()
}

#[test]
fn a_inspection_report_deadline_is_drafted_with_its_guesses_marked() {
    let d = draft_of("erx-inspection-report.txt");
    assert!(d.windows.is_empty());
    let dl = &d.shapes.deadlines;
    assert_eq!(dl.len(), 1, "{dl:?}");
    // 「2026年1月11日（日）朝から…停止」: act by the end of the 10th, and say so.
    assert_eq!(dl[0].due.value.0, t("2026-01-11T00:00+09:00"));
    assert!(dl[0].due.needs_review);
    assert!(dl[0].due.why.as_deref().unwrap().contains("停止が始まる日"));
    assert!(
        dl[0].action.needs_review,
        "the sentence is not an action yet"
    );
    assert!(d.toml.contains("kind = \"deadline\""), "{}", d.toml);
    let n = reads_back(&d);
    assert_eq!(n.deadlines.len(), 1);
    assert_eq!(n.deadlines[0].due, t("2026-01-11T00:00+09:00"));
    assert_eq!(n.service, onshi::Service::Erx);
    assert!(marks(&d) >= 3, "{}", d.toml);
    assert!(d
        .summary()
        .iter()
        .any(|l| l.starts_with("deadline deadline: due 2026-01-11T00:00:00+09:00")));
}

#[test]
fn an_insurers_fields_are_a_line_not_an_outage_window() {
    let d = draft_of("kumamoto-fields.txt");
    assert!(
        d.windows.is_empty(),
        "the dates are the insurer's problem, not a window: {:?}",
        d.windows
    );
    let i = &d.shapes.insurers[0];
    assert_eq!(i.insurers.value, ["熊本市国民健康保険"]);
    assert!(i.insurers.needs_review);
    assert_eq!(i.fields, ["負担割合", "限度額適用区分"]);
    assert_eq!(
        (i.start.value.0, i.end.value.0),
        (t("2025-07-01T00:00+09:00"), t("2025-07-03T00:00+09:00"))
    );
    assert!(
        i.start.needs_review && i.end.needs_review,
        "no hours in the text"
    );
    assert!(i.action.value.contains("電話"));
    let n = reads_back(&d);
    assert_eq!(n.insurer_issues.len(), 1);
    assert!(n.windows.is_empty());
    assert!(
        d.notes.iter().any(|n| n.contains("保険者の情報")),
        "{:?}",
        d.notes
    );
}

#[test]
fn a_deadline_extended_to_the_12th_at_21_says_how_to_write_the_move() {
    let d = draft_of("claims-extended.txt");
    let dl = &d.shapes.deadlines[0];
    assert!(dl.moved);
    assert_eq!(dl.due.value.0, t("2022-05-12T21:00+09:00"));
    assert!(dl.due.why.as_deref().unwrap().contains("発行日の月"));
    assert!(
        d.toml.contains("# [[deadline_moved]]\n# deadline = "),
        "{}",
        d.toml
    );
    assert!(
        d.toml.contains("# to = 2022-05-12T21:00:00+09:00"),
        "{}",
        d.toml
    );
    assert!(
        d.revision.as_ref().is_some_and(|r| r.needs_review),
        "延長 is a revision, marked"
    );
    assert_eq!(reads_back(&d).deadlines[0].due, t("2022-05-12T21:00+09:00"));
}

#[test]
fn monthly_words_become_a_rule_whose_end_is_marked() {
    let d = draft_of("monthly-maintenance.txt");
    assert!(
        d.windows.is_empty(),
        "no one-off window on the notice's own date: {:?}",
        d.windows
    );
    let r = &d.shapes.recurring[0];
    assert_eq!(r.rrule.value, "FREQ=MONTHLY;BYDAY=1WE;COUNT=12");
    assert!(r.rrule.needs_review && r.start.needs_review);
    // 2025-12-01 is a Monday: the first 1st Wednesday from then is the 3rd.
    assert_eq!(r.start.value.0, t("2025-12-03T18:00+09:00"));
    assert_eq!(r.end.value.0, t("2025-12-03T21:00+09:00"));
    assert!(!r.scope.needs_review, "（全国） is written");
    let n = reads_back(&d);
    assert_eq!(n.windows.len(), 12);
    assert_eq!(n.windows[11].start, t("2026-11-04T18:00+09:00"));

    let d = draft_of("claims-monthly-deadline.txt");
    let dl = &d.shapes.deadlines[0];
    assert_eq!(
        dl.due.value.0,
        t("2022-04-11T00:00+09:00"),
        "毎月10日 is by the end of the 10th"
    );
    assert!(dl.due.needs_review);
    assert_eq!(
        dl.rrule.as_ref().unwrap().value,
        "FREQ=MONTHLY;BYMONTHDAY=11;COUNT=12"
    );
    assert!(dl.rrule.as_ref().unwrap().needs_review);
    assert_eq!(reads_back(&d).deadlines.len(), 12);
}

#[test]
fn onshi_draft_writes_a_file_for_a_notice_without_windows() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args([
            "draft",
            "tests/fixtures/draft/shapes/erx-inspection-report.txt",
            "--id",
            "x",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("kind = \"deadline\""), "{out}");
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("要確認"), "{err}");
}
