//! `onshi draft`: notice texts in the styles notices come in (事務連絡, portal article, e-mail;
//! UTF-8 and Shift_JIS) → the notice each one announces, through the library and the CLI.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use chrono::{Datelike, Duration, NaiveDate};
use common::fixture;
use onshi::draft::{self, date::parse_date, Draft};
use onshi::Notice;

fn read(name: &str) -> String {
    let bytes = std::fs::read(fixture(&format!("draft/{name}"))).unwrap();
    draft::decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The draft of a fixture text, with the id of its expected notice.
fn draft_of(name: &str, id: &str) -> Draft {
    draft::draft(&read(&format!("{name}.txt")), Some(id))
}

fn table(text: &str, what: &str) -> toml::Table {
    toml::from_str(text).unwrap_or_else(|e| panic!("{what} is not TOML: {e}\n{text}"))
}

/// Compares a draft with its expected notice file key by key: every key of the notice and of
/// each window and region; of `[[source]]` only the urls (their labels are always 要確認).
fn assert_same_values(d: &Draft, expected: &str) {
    let mut got = table(&d.toml, "the draft");
    let mut want = table(
        &std::fs::read_to_string(fixture(&format!("draft/expected/{expected}.toml"))).unwrap(),
        expected,
    );
    let urls = |t: &mut toml::Table| -> Vec<String> {
        t.remove("source")
            .and_then(|s| s.as_array().cloned())
            .unwrap_or_default()
            .iter()
            .map(|s| s["url"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(urls(&mut got), urls(&mut want), "{expected}: source urls");
    assert_eq!(got, want, "{expected}: the draft was\n{}", d.toml);
}

fn expected_id(name: &str) -> String {
    let text = std::fs::read_to_string(fixture(&format!("draft/expected/{name}.toml"))).unwrap();
    table(&text, name)["id"].as_str().unwrap().to_string()
}

/// Notices in today's format: the draft parses as a notice, with the expected windows.
fn assert_parses_like_expected(name: &str) -> Notice {
    let d = draft_of(name, &expected_id(name));
    assert_same_values(&d, name);
    let got = Notice::parse(&d.toml, "draft").unwrap_or_else(|e| panic!("{e}\n{}", d.toml));
    let want = Notice::from_file(&fixture(&format!("draft/expected/{name}.toml"))).unwrap();
    assert_eq!(got.windows, want.windows);
    assert_eq!(got.regions, want.regions);
    got
}

/// The line of the draft after the `# 要確認:` comment that mentions `why`.
fn flagged_key(d: &Draft, why: &str) -> String {
    let lines: Vec<&str> = d.toml.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.starts_with("# 要確認:") && l.contains(why))
        .unwrap_or_else(|| panic!("no 要確認 about {why:?} in\n{}", d.toml));
    lines[i + 1].split(" =").next().unwrap().to_string()
}

#[test]
fn the_seed_gives_exactly_the_shipped_notices_windows_and_areas() {
    let shipped = Notice::from_file(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/notices/2024-12-31-network-upgrade.toml"),
    )
    .unwrap();
    let d = draft::draft(&read("seed.txt"), Some(&shipped.id));
    let got = Notice::parse(&d.toml, "seed draft").unwrap_or_else(|e| panic!("{e}\n{}", d.toml));

    assert_eq!(got.windows.len(), shipped.windows.len());
    for (g, s) in got.windows.iter().zip(&shipped.windows) {
        assert_eq!(
            (&g.id, g.kind, g.start, g.end, g.tentative),
            (&s.id, s.kind, s.start, s.end, s.tentative)
        );
        assert_eq!(g.area.name, s.area.name);
        assert_eq!(g.area.prefectures, s.area.prefectures, "{}", g.id);
    }
    let regions = |n: &Notice| -> Vec<_> {
        n.regions
            .iter()
            .map(|r| {
                (
                    r.id.clone(),
                    r.name.clone(),
                    r.name_en.clone(),
                    r.prefectures.clone(),
                )
            })
            .collect()
    };
    assert_eq!(regions(&got), regions(&shipped));
    assert_eq!(got.title, shipped.title);
    assert_eq!(got.issuer, shipped.issuer);
    assert_eq!(got.issued, shipped.issued);
    assert_eq!(got.sources.len(), 1);
    assert_eq!(got.sources[0].url, shipped.sources[0].url);
    // Read for sure: nothing in a window needs a second look.
    assert!(d.windows.iter().all(|w| !w.kind.needs_review
        && !w.start.needs_review
        && !w.end.needs_review
        && !w.scope.needs_review));
    assert!(!d.title.needs_review && !d.issuer.needs_review);
}

#[test]
fn a_jimu_renraku_in_full_width_digits_with_kara_made_and_yokujitsu() {
    let n = assert_parses_like_expected("oqs-jimu-fullwidth");
    // 令和６年１２月３１日（火）８時００分から翌日３時００分まで: across midnight.
    assert_eq!(
        onshi::time::rfc3339_jst(n.windows[1].end),
        "2025-01-01T03:00:00+09:00"
    );
}

#[test]
fn a_shift_jis_mail_with_a_wrong_weekday_is_read_and_the_weekday_marked() {
    let bytes = std::fs::read(fixture("draft/oqs-incident-sjis.txt")).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must be Shift_JIS bytes"
    );
    assert_parses_like_expected("oqs-incident-sjis");
    let d = draft_of("oqs-incident-sjis", "x");
    // 2025年2月13日（水）: the 13th was a Thursday. The date stays as written, marked.
    assert_eq!(flagged_key(&d, "曜日が合いません"), "start");
    assert!(d.windows[0].start.needs_review);
    assert_eq!(
        d.windows[0].start.value.to_string(),
        "2025-02-13T11:06:00+09:00"
    );
}

#[test]
fn a_portal_article_with_affected_patients_is_a_partial_jpki_window() {
    let d = draft_of("jpki-portal", &expected_id("jpki-portal"));
    assert_same_values(&d, "jpki-portal");
    // With the issue-10 format on main, the draft is a notice the app reads.
    assert_parses_like_expected("jpki-portal");
    assert_eq!(d.windows[0].kind.value, draft::DraftKind::Partial);
    assert!(!d.windows[0].affects.as_ref().unwrap().needs_review);
    // The article names no issuer: the portal is a guess, and says so.
    assert_eq!(flagged_key(&d, "総合ポータルサイト"), "issuer");
}

#[test]
fn a_jimu_renraku_of_an_association_with_gozen_times_and_numbered_sections() {
    let d = draft_of("jpki-jimu", &expected_id("jpki-jimu"));
    assert_same_values(&d, "jpki-jimu");
    // With the issue-10 format on main, the draft is a notice the app reads.
    assert_parses_like_expected("jpki-jimu");
    assert_eq!(flagged_key(&d, "件名の上の行"), "issuer");
}

#[test]
fn a_mail_with_two_windows_and_a_possible_extension() {
    let d = draft_of("mynaportal-mail", &expected_id("mynaportal-mail"));
    assert_same_values(&d, "mynaportal-mail");
    // With the issue-10 format on main, the draft is a notice the app reads.
    assert_parses_like_expected("mynaportal-mail");
    assert!(d.toml.contains("\nservice = \"mynaportal\"\n"));
}

#[test]
fn an_erx_stop_ending_at_24_00_is_a_partial_window_to_the_next_midnight() {
    let d = draft_of("erx-jimu", &expected_id("erx-jimu"));
    assert_same_values(&d, "erx-jimu");
    // With the issue-10 format on main, the draft is a notice the app reads.
    assert_parses_like_expected("erx-jimu");
    assert!(d.windows[0].tentative);
}

#[test]
fn oqs_drafts_write_no_service_key_and_no_affects() {
    for name in ["seed", "oqs-jimu-fullwidth", "oqs-incident-sjis"] {
        let d = draft_of(name, "x");
        assert!(!d.toml.contains("service ="), "{name}");
        assert!(!d.toml.contains("affects ="), "{name}");
    }
}

#[test]
fn every_reiwa_date_with_its_weekday_reads_as_itself() {
    const WD: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
    let full_width = |s: String| -> String {
        s.chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
                _ => c,
            })
            .collect()
    };
    let mut day = NaiveDate::from_ymd_opt(2019, 5, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2035, 12, 31).unwrap();
    let mut n = 0;
    while day <= last {
        let year = match day.year() - 2018 {
            1 => "元".to_string(),
            y => y.to_string(),
        };
        let wd = WD[day.weekday().num_days_from_monday() as usize];
        let text = format!("令和{year}年{}月{}日（{wd}）", day.month(), day.day());
        // Every other date in full-width digits, as many notices write them.
        let text = if n % 2 == 1 { full_width(text) } else { text };
        let read = parse_date(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(read.date, day, "{text}");
        assert_eq!(read.problem, None, "{text}");
        // And as a window line of a notice, through the whole reader.
        let d = draft::draft(&format!("{text}3:00～5:00"), Some("t"));
        assert_eq!(d.windows.len(), 1, "{text}");
        let start = &d.windows[0].start;
        assert_eq!(
            start.value.to_string(),
            format!("{day}T03:00:00+09:00"),
            "{text}"
        );
        assert!(!start.needs_review, "{text}: {:?}", start.why);
        // The day after, with this weekday, is a mismatch: marked, never moved.
        let wrong = format!("令和{year}年{}月{}日（{wd}）", day.month(), day.day());
        let next = day + Duration::days(1);
        if next.year() == day.year() && next.month() == day.month() {
            let wrong =
                wrong.replacen(&format!("{}日", day.day()), &format!("{}日", next.day()), 1);
            let read = parse_date(&wrong).unwrap();
            assert_eq!(read.date, next, "{wrong}");
            assert!(read.problem.unwrap().contains("曜日"), "{wrong}");
        }
        day = next;
        n += 1;
    }
    assert_eq!(n, 6089);
}

#[test]
fn heisei_and_era_edges() {
    let d = parse_date("平成31年4月30日（火）").unwrap();
    assert_eq!((d.date.to_string(), d.problem), ("2019-04-30".into(), None));
    let d = parse_date("平成元年1月8日(日)").unwrap();
    assert_eq!((d.date.to_string(), d.problem), ("1989-01-08".into(), None));
    // 令和1年4月1日 did not exist: that day was 平成31年.
    assert!(parse_date("令和1年4月1日")
        .unwrap()
        .problem
        .unwrap()
        .contains("令和"));
    assert!(parse_date("令和6年2月30日").is_err());
}

#[test]
fn an_end_time_earlier_than_the_start_is_the_next_day_and_24_00_is_midnight() {
    let d = draft::draft(
        "件名：オンライン資格確認等システムの計画停止について\n\
         ■日時\n令和7年3月1日（土）22:00～2:00\n令和7年3月2日（日）18:00～24:00\n■対象地域\n福岡県",
        Some("t"),
    );
    let spans: Vec<(String, String)> = d
        .windows
        .iter()
        .map(|w| (w.start.value.to_string(), w.end.value.to_string()))
        .collect();
    assert_eq!(
        spans,
        [
            (
                "2025-03-01T22:00:00+09:00".into(),
                "2025-03-02T02:00:00+09:00".into()
            ),
            (
                "2025-03-02T18:00:00+09:00".into(),
                "2025-03-03T00:00:00+09:00".into()
            ),
        ]
    );
    assert!(d
        .windows
        .iter()
        .all(|w| !w.start.needs_review && !w.end.needs_review));
    Notice::parse(&d.toml, "t").unwrap();
}

#[test]
fn a_date_without_a_year_and_without_a_weekday_is_marked() {
    let d = draft::draft(
        "事務連絡\n令和6年12月24日\n\n厚生労働省保険局医療介護連携政策課\n\n\
         システムの停止について\n\n１．日時\n１月５日 3:00～5:00\n２．対象\n全国",
        Some("t"),
    );
    assert_eq!(
        d.windows[0].start.value.to_string(),
        "2025-01-05T03:00:00+09:00"
    );
    assert_eq!(flagged_key(&d, "年がない"), "start");
    Notice::parse(&d.toml, "t").unwrap();
}

#[test]
fn an_area_section_with_numbered_items_gives_each_window_its_own_area() {
    let d = draft::draft(
        "事務連絡\n令和7年2月3日\n\n厚生労働省保険局医療介護連携政策課\n\n\
         オンライン資格確認等システムの計画停止について\n\n\
         １．影響が生じる日時\n\
         （１）令和７年２月１５日（土）２２時から翌日６時まで\n\
         （２）令和７年２月１６日（日）６：００～１２：００（断続的に通信断）\n\
         ２．影響が生じる地域\n（１）の時間帯：石川県、富山県\n（２）の時間帯：全国\n",
        Some("t"),
    );
    let n = Notice::parse(&d.toml, "t").unwrap_or_else(|e| panic!("{e}\n{}", d.toml));
    let got: Vec<(String, &str, String, String)> = n
        .windows
        .iter()
        .map(|w| {
            (
                format!("{:?}", w.kind),
                w.area.name.as_str(),
                onshi::time::rfc3339_jst(w.start),
                onshi::time::rfc3339_jst(w.end),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Full".to_string(),
                "富山県・石川県",
                "2025-02-15T22:00:00+09:00".to_string(),
                "2025-02-16T06:00:00+09:00".to_string()
            ),
            (
                "Intermittent".to_string(),
                "全国",
                "2025-02-16T06:00:00+09:00".to_string(),
                "2025-02-16T12:00:00+09:00".to_string()
            ),
        ]
    );
    assert!(d
        .windows
        .iter()
        .all(|w| !w.scope.needs_review && !w.kind.needs_review));
}

#[test]
fn a_range_written_over_two_lines_as_start_and_end() {
    let d = draft::draft(
        "件名：マイナポータルのメンテナンスについて\n差出人：運営事務局\n送信日時：2025年11月20日\n\n\
         ・開始日時：2025年12月6日（土）22:00\n・終了予定日時：2025年12月8日（月）6:00\n\
         ・対象：全国\n",
        Some("t"),
    );
    assert_eq!(d.windows.len(), 1, "{}", d.toml);
    let w = &d.windows[0];
    assert_eq!(
        (w.start.value.to_string(), w.end.value.to_string()),
        (
            "2025-12-06T22:00:00+09:00".to_string(),
            "2025-12-08T06:00:00+09:00".to_string()
        )
    );
    assert!(w.tentative, "終了予定 is 予定");
    assert_eq!(w.scope.value, draft::Scope::Nationwide);
    assert_eq!(w.kind.value, draft::DraftKind::Full);
}

#[test]
fn the_draft_serializes_with_per_field_review_flags_for_a_form() {
    let d = draft_of("oqs-incident-sjis", "x");
    let v = serde_json::to_value(&d).unwrap();
    let w = &v["windows"][0];
    assert_eq!(w["start"]["needs_review"], true);
    assert_eq!(w["start"]["value"], "2025-02-13T11:06:00+09:00");
    assert_eq!(w["kind"]["value"], "full");
    assert_eq!(w["scope"]["value"]["type"], "prefectures");
    assert_eq!(v["title"]["needs_review"], false);
    assert_eq!(v["toml"], d.toml);
}

#[test]
fn an_area_named_but_never_listed_is_kept_marked_and_never_widened_to_all_prefectures() {
    // The issue-25 事務連絡 without its ※エリアの詳細 lists: 東日本/西日本 are named, never defined.
    let text: String = read("corpus/mhlw-r9-03-network-east-west.txt")
        .lines()
        .filter(|l| !l.contains("エリアの詳細") && !l.contains("県）："))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!text.contains("北海道"), "the lists are gone");
    let d = draft::draft(&text, Some("t"));
    let scopes: Vec<(draft::Scope, bool)> = d
        .windows
        .iter()
        .map(|w| (w.scope.value.clone(), w.scope.needs_review))
        .collect();
    let region = |id: &str| (draft::Scope::Region(id.into()), true);
    assert_eq!(scopes, [region("east"), region("east"), region("west")]);
    assert!(d.windows.iter().all(|w| w
        .scope
        .why
        .as_deref()
        .is_some_and(|y| y.contains("都道府県が本文にありません"))));
    assert!(d.regions.iter().all(|r| r.prefectures.is_empty()));
    // Saved unread, the file is refused where the list must be filled in.
    let err = Notice::parse(&d.toml, "draft.toml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("lists no prefectures"), "{err}");
}

#[test]
fn a_notice_calling_off_one_of_two_windows_cancels_only_that_one() {
    let d = draft::draft(
        "件名：マイナポータルの計画停止の一部中止について\n送信日時：2026年10月20日\n\n\
         ■日時\n①2026年10月24日（土）22:00～10月25日（日）5:00（中止）\n\
         ②2026年10月31日（土）22:00～11月1日（日）5:00（予定どおり実施）\n■対象\n全国\n",
        Some("t"),
    );
    let cancelled: Vec<(bool, bool)> = d
        .windows
        .iter()
        .map(|w| (w.cancelled.value, w.cancelled.needs_review))
        .collect();
    assert_eq!(cancelled, [(true, false), (false, false)]);
    assert!(d.revision.as_ref().is_some_and(|r| r.needs_review));
    let n = Notice::parse(&d.toml, "t").unwrap_or_else(|e| panic!("{e}\n{}", d.toml));
    assert_eq!(n.revision, 2);
    assert!(n.windows.iter().any(|w| w.cancelled) && n.windows.iter().any(|w| !w.cancelled));

    // Only the title says 中止: the window is taken as the one called off, and marked.
    let d = draft::draft(
        "件名：【中止】計画停止について\n送信日時：2026年10月20日\n\n\
         ■日時\n2026年10月24日（土）22:00～10月25日（日）5:00\n■対象\n全国\n",
        Some("t"),
    );
    assert!(d.windows[0].cancelled.value && d.windows[0].cancelled.needs_review);
    assert!(d.summary()[0].contains("中止"), "{:?}", d.summary());
}

// ---- the CLI ----

fn onshi(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or_default()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).unwrap()
}

#[test]
fn cli_draft_of_the_seed_passes_onshi_check() {
    let o = onshi(&["draft", "tests/fixtures/draft/seed.txt"], None);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "one line per window: {err}");
    assert!(lines[0].starts_with("window west-full: full 2024-12-31T03:00:00+09:00 – 2024-12-31T05:20:00+09:00 予定 西日本エリア (line 74)"), "{err}");
    assert!(lines[2].contains("east-intermittent"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("draft.toml");
    std::fs::write(&file, &o.stdout).unwrap();
    let check = onshi(&["check", file.to_str().unwrap()], None);
    assert!(check.status.success(), "{}", text(&check.stderr));
    assert!(text(&check.stdout).contains("ok — mhlw-2024-12-24-oqs (3 windows, 2 regions)"));
    // The id was made up: it says so.
    assert!(text(&o.stdout).contains("# 要確認: id は仮のもの"));
}

#[test]
fn cli_draft_of_a_text_with_two_areas_gives_each_window_its_own_and_passes_onshi_check() {
    let o = onshi(
        &[
            "draft",
            "tests/fixtures/draft/corpus/mhlw-r9-03-network-east-west.txt",
            "--id",
            "r9",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    let areas: Vec<&str> = err
        .lines()
        .map(|l| {
            l.split(" (line")
                .next()
                .unwrap()
                .rsplit(' ')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(
        areas,
        ["東日本エリア", "東日本エリア", "西日本エリア"],
        "{err}"
    );
    assert!(!err.contains("要確認"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r9.toml");
    std::fs::write(&file, &o.stdout).unwrap();
    let check = onshi(&["check", file.to_str().unwrap()], None);
    assert!(check.status.success(), "{}", text(&check.stderr));
    assert!(text(&check.stdout).contains("ok — r9 (3 windows, 2 regions)"));
    // Read as the app reads it: 東日本's night stop is 東京's, never 富山's (西日本).
    for (prefecture, state) in [("東京", "full_outage"), ("富山", "normal")] {
        let status = onshi(
            &[
                "status",
                "--prefecture",
                prefecture,
                "--at",
                "2027-03-21T00:30+09:00",
                "--notices",
                dir.path().to_str().unwrap(),
                "--json",
            ],
            None,
        );
        assert!(status.status.success(), "{}", text(&status.stderr));
        let v: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
        assert_eq!(v["state"], state, "{prefecture}: {v}");
    }
}

#[test]
fn cli_draft_reads_shift_jis_and_utf8_bom_from_stdin() {
    let sjis = std::fs::read(fixture("draft/oqs-incident-sjis.txt")).unwrap();
    for args in [
        &["draft", "-", "--id", "incident"][..],
        &["draft", "--id", "incident"][..],
    ] {
        let o = onshi(args, Some(&sjis));
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o.stderr));
        let err = text(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("要確認: 曜日が合いません"), "{err}");
        assert!(text(&o.stdout).contains("id = \"incident\""));
    }
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(read("oqs-jimu-fullwidth.txt").as_bytes());
    let o = onshi(&["draft", "-"], Some(&bom));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stderr).lines().count(), 3);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.toml");
    std::fs::write(&file, &o.stdout).unwrap();
    assert!(onshi(&["check", file.to_str().unwrap()], None)
        .status
        .success());
}

#[test]
fn cli_draft_without_a_window_exits_1_and_says_what_it_looked_for() {
    let o = onshi(
        &["draft", "-"],
        Some(
            "件名：オンライン資格確認等システムについて\n平素よりお世話になっております。"
                .as_bytes(),
        ),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("onshi: no outage window found"), "{err}");
    assert!(err.contains("令和6年12月31日（火）3:00～5:20"), "{err}");

    // A range that ends before it starts is named, still on the one line.
    let o = onshi(
        &["draft", "-"],
        Some("2025年3月2日 18:00～2025年3月1日 20:00".as_bytes()),
    );
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("not used: line 1:"), "{err}");
}

#[test]
fn cli_draft_of_a_missing_or_binary_file_is_one_line() {
    let o = onshi(&["draft", "tests/fixtures/draft/no-such-file.txt"], None);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("no-such-file.txt: cannot read the file"),
        "{err}"
    );

    let o = onshi(&["draft", "-"], Some(&[0x82, 0xff, 0x00, 0xfe]));
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("neither UTF-8 nor Shift_JIS"), "{err}");
    assert!(!err.contains("panicked"));
}
