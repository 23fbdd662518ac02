//! Notice files through the library: what is accepted, and where each problem is reported.

mod common;

use common::{pref, t};
use onshi::{Kind, Notice, Prefecture, Schedule};

const HEAD: &str = "id = \"n\"\ntitle = \"t\"\nissuer = \"i\"\nissued = 2025-01-01\n";

/// HEAD (4 lines) + `rest`, so line 5 is the first line of `rest`.
fn parse(rest: &str) -> Result<Notice, onshi::NoticeError> {
    Notice::parse(&format!("{HEAD}{rest}"), "mem.toml")
}

fn err_at(rest: &str) -> (usize, usize, String) {
    let e = parse(rest).expect_err("should be rejected");
    assert_eq!(e.file, "mem.toml");
    assert!(!e.message.contains('\n'), "one line: {}", e.message);
    assert_eq!(
        e.to_string(),
        format!("mem.toml:{}:{}: {}", e.line, e.column, e.message)
    );
    (e.line, e.column, e.message)
}

#[test]
fn the_seed_notice_reads_as_the_notice_says() {
    let s = Schedule::embedded();
    assert_eq!(
        Schedule::embedded_files().collect::<Vec<_>>(),
        ["2024-12-31-network-upgrade.toml"]
    );
    let n = s.notice("mhlw-2024-12-24-network-upgrade").unwrap();
    assert_eq!(n.issued.to_string(), "2024-12-24");
    assert!(n.issuer.contains("厚生労働省保険局医療介護連携政策課"));
    assert!(n.title.contains("年末年始のネットワーク更改"));
    assert!(n
        .sources
        .iter()
        .any(|s| s.url.as_deref().is_some_and(|u| u.contains("KB0011769"))));
    let regions: Vec<(&str, &str, usize)> = n
        .regions
        .iter()
        .map(|r| (r.id.as_str(), r.name.as_str(), r.prefectures.len()))
        .collect();
    assert_eq!(
        regions,
        [("east", "東日本エリア", 17), ("west", "西日本エリア", 30)]
    );
    assert_eq!(n.windows.len(), 3);
    assert!(n.windows.iter().all(|w| w.tentative));
    assert_eq!(n.origin, "embedded:2024-12-31-network-upgrade.toml");
}

#[test]
fn accepted_forms() {
    let n = parse(
        r#"
[[window]]
id = "a"
kind = "full"
prefectures = ["40", "01", "Tokyo", "大阪", "京都府"]
start = 2025-01-20T03:00+09:00
end = 2025-01-20 05:00:00+09:00

[[window]]
id = "b"
kind = "intermittent"
nationwide = true
start = 2025-01-19T03:00:00+09:00
end = 2025-01-19T03:00:01+09:00
"#,
    )
    .unwrap();
    // Sorted by start.
    assert_eq!(n.windows[0].id, "b");
    assert_eq!(n.windows[0].area.name, "全国");
    assert_eq!(n.windows[0].area.prefectures.len(), 47);
    assert!(!n.windows[0].tentative, "tentative defaults to false");
    let a = &n.windows[1];
    assert_eq!(a.kind, Kind::Full);
    // Seconds may be left out (TOML 1.1), and a space may stand for the T.
    assert_eq!(a.start, t("2025-01-20T03:00:00+09:00"));
    assert_eq!(a.end, t("2025-01-20T05:00:00+09:00"));
    let codes: Vec<u8> = a.area.prefectures.iter().map(|p| p.code()).collect();
    assert_eq!(codes, [1, 13, 26, 27, 40]);
    assert_eq!(a.area.name, "北海道・東京都・京都府・大阪府・福岡県");
    assert!(a.hits(pref("福岡")) && !a.hits(pref("佐賀")));
    assert_eq!(a.notice, "n");
}

#[test]
fn where_each_problem_is_reported() {
    let window = |body: &str| format!("\n[[window]]\nid = \"w\"\nkind = \"full\"\n{body}");
    let times = "start = 2025-01-20T03:00:00+09:00\nend = 2025-01-20T05:00:00+09:00\n";

    // Lines 5.. are `rest`; in `window(…)` line 6 is [[window]], 9 is the body's first line.
    let (l, c, m) = err_at(&window(&format!("region = \"west\"\n{times}")));
    assert_eq!((l, c), (9, 10), "{m}");
    assert!(m.contains("unknown region \"west\""), "{m}");

    let (l, _, m) = err_at(&window(&format!(
        "region = \"west\"\nnationwide = true\n{times}"
    )));
    assert_eq!(l, 6, "the window as a whole: {m}");
    assert!(m.contains("exactly one of"), "{m}");

    let (l, _, m) = err_at(&window(times));
    assert_eq!(l, 6, "{m}");
    assert!(m.contains("exactly one of"), "{m}");

    let (l, _, m) = err_at(&window(&format!("prefectures = []\n{times}")));
    assert_eq!(l, 6, "{m}");
    assert!(m.contains("no prefectures"), "{m}");

    let (l, c, m) = err_at(&window(&format!(
        "prefectures = [\"福岡\", \"fukuoka\"]\n{times}"
    )));
    assert_eq!((l, c), (9, 22), "{m}");
    assert!(m.contains("福岡県 is listed twice"), "{m}");

    let (l, c, m) = err_at(&window(
        "nationwide = true\nstart = 2025-01-20T03:00:00.5+09:00\nend = 2025-01-20T05:00:00+09:00\n",
    ));
    assert_eq!((l, c), (10, 9), "{m}");
    assert!(m.contains("whole seconds"), "{m}");

    let (l, c, m) = err_at(&window(&format!("prefectures = [40]\n{times}")));
    assert_eq!((l, c), (9, 16), "{m}");
    assert!(m.contains("string"), "{m}");

    let (l, c, m) = err_at(&window(
        "nationwide = true\nstart = 2025-01-20T03:00:00+09:00\nend = 2025-01-20T03:00:00+09:00\n",
    ));
    assert_eq!((l, c), (11, 7), "{m}");
    assert!(m.contains("end must be after start"), "{m}");

    let (l, c, m) = err_at(&window(
        "nationwide = true\nstart = 2025-01-20\nend = 2025-01-20T03:00:00+09:00\n",
    ));
    assert_eq!((l, c), (10, 9), "{m}");
    assert!(m.contains("+09:00"), "{m}");

    let (l, c, m) = err_at(&window(
        "nationwide = true\nstart = 2025-01-20T03:00:00+08:00\nend = 2025-01-20T05:00:00+09:00\n",
    ));
    assert_eq!((l, c), (10, 9), "{m}");
    assert!(m.contains("not in JST"), "{m}");

    let (l, c, m) = err_at("\n[region.x]\nname = \"x\"\nname_en = \"x\"\nprefectures = []\n");
    assert_eq!((l, c), (6, 1), "{m}");
    assert!(m.contains("region \"x\" lists no prefectures"), "{m}");

    let (l, _, m) = err_at("\n[region.x]\nname = \"x\"\nprefectures = [\"福岡\"]\n");
    assert_eq!(l, 6, "{m}");
    assert!(m.contains("name_en"), "{m}");

    let (l, _, m) = err_at("\n[[source]]\nlabel = \"a\"\nurl = \"http://example.org\"\n");
    assert_eq!(l, 6, "{m}");
    assert!(m.contains("https://"), "{m}");

    let (l, c, m) = err_at("\n[[source]]\nlabel = \"a\"\nlink = \"https://example.org\"\n");
    assert_eq!((l, c), (8, 1), "{m}");
    assert!(m.contains("link"), "{m}");

    let (l, c, m) = err_at("colour = \"red\"\n");
    assert_eq!((l, c), (5, 1), "{m}");
    assert!(m.contains("colour"), "{m}");
}

#[test]
fn the_head_is_checked_too() {
    let e = Notice::parse(
        "id = \"\"\ntitle = \"t\"\nissuer = \"i\"\nissued = 2025-01-01\n",
        "x",
    )
    .unwrap_err();
    assert_eq!((e.line, e.column), (1, 6), "{e}");
    let e = Notice::parse(
        "id = \"n\"\ntitle = \"t\"\nissuer = \"i\"\nissued = 2025-01-01T00:00:00+09:00\n",
        "x",
    )
    .unwrap_err();
    assert_eq!((e.line, e.column), (4, 10), "{e}");
    assert!(e.message.contains("2024-12-24"), "{e}");
    let e = Notice::parse("id = \"n\"\ntitle = \"t\"\nissued = 2025-01-01\n", "x").unwrap_err();
    assert!(e.message.contains("issuer"), "{e}");
}

#[test]
fn a_notice_id_is_used_once_across_the_schedule() {
    let mut s = Schedule::embedded();
    let again = Notice::parse(
        include_str!("../assets/notices/2024-12-31-network-upgrade.toml"),
        "again.toml",
    )
    .unwrap();
    let e = s.add(again).unwrap_err();
    assert_eq!(e.file, "again.toml");
    assert!(e.to_string().contains("already used"), "{e}");
    assert_eq!(s.notices().len(), 1, "unchanged");
}

#[test]
fn a_folder_keeps_the_good_files_and_reports_the_broken_ones() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::fixture("extra/2025-02-15-test-maintenance.toml"),
        tmp.path().join("a-good.toml"),
    )
    .unwrap();
    std::fs::copy(
        common::fixture("broken/unknown-region.toml"),
        tmp.path().join("b-broken.toml"),
    )
    .unwrap();
    std::fs::write(tmp.path().join("c-ignored.txt"), "not toml").unwrap();
    let mut s = Schedule::embedded();
    let errors = s.add_dir(tmp.path());
    assert_eq!(errors.len(), 1);
    assert!(errors[0].file.ends_with("b-broken.toml"));
    assert_eq!((errors[0].line, errors[0].column), (15, 10));
    let ids: Vec<&str> = s.notices().iter().map(|n| n.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "mhlw-2024-12-24-network-upgrade",
            "test-2025-02-15-maintenance"
        ]
    );
    let okinawa = Prefecture::from_code(47).unwrap();
    // West: the seed's two windows, plus the nationwide one.
    assert_eq!(s.windows_for(okinawa).len(), 3);
}

#[test]
fn services_defaults_and_overrides() {
    use onshi::{Scope, Service};
    // An old file (no service, no revision) reads as before: オン資, revision 1.
    let n = parse("[[window]]\nid = \"a\"\nkind = \"full\"\nnationwide = true\nstart = 2025-01-20T03:00+09:00\nend = 2025-01-20T04:00+09:00\n").unwrap();
    assert_eq!((n.service, n.revision, n.updated), (Service::Oqs, 1, None));
    let w = &n.windows[0];
    assert_eq!(
        (w.service, w.revision, &w.scope, w.cancelled),
        (Service::Oqs, 1, &Scope::Nationwide, false)
    );
    assert_eq!((w.affects.as_deref(), w.may_extend_until), (None, None));

    // The top-level service, overridden by one window.
    let n = Notice::parse(
        "id = \"n\"\ntitle = \"t\"\nissuer = \"i\"\nissued = 2025-01-01\nservice = \"mynaportal\"\nrevision = 3\nupdated = 2025-01-05T10:00+09:00\n\
         [[window]]\nid = \"a\"\nkind = \"full\"\nnationwide = true\nstart = 2025-01-20T03:00+09:00\nend = 2025-01-20T04:00+09:00\n\
         [[window]]\nid = \"b\"\nservice = \"claims\"\nkind = \"partial\"\naffects = \"返戻の再請求\"\nprefectures = [\"秋田\"]\nstart = 2025-01-20T03:00+09:00\nend = 2025-01-20T04:00+09:00\n",
        "mem.toml",
    )
    .unwrap();
    assert_eq!((n.service, n.revision), (Service::Mynaportal, 3));
    assert_eq!(n.updated, Some(t("2025-01-05T10:00+09:00")));
    let services: Vec<_> = n
        .windows
        .iter()
        .map(|w| (w.id.as_str(), w.service, w.revision))
        .collect();
    assert_eq!(
        services,
        [("a", Service::Mynaportal, 3), ("b", Service::Claims, 3)]
    );
    assert_eq!(n.windows[1].scope, Scope::Prefectures);
    assert_eq!(
        n.windows[1].affects_label(onshi::Lang::En),
        Some("返戻の再請求")
    );
}

#[test]
fn where_each_new_key_problem_is_reported() {
    let win = |extra: &str, kind: &str| {
        format!("[[window]]\nid = \"a\"\nkind = \"{kind}\"\nnationwide = true\nstart = 2025-01-20T03:00+09:00\nend = 2025-01-20T04:00+09:00\n{extra}")
    };
    // A partial window must say what it affects: reported at its kind.
    let (l, c, m) = err_at(&win("", "partial"));
    assert_eq!((l, c), (7, 8), "{m}");
    assert!(m.contains("affects"), "{m}");
    let (l, c, m) = err_at(&win("affects = \" \"\n", "partial"));
    assert_eq!((l, c), (11, 11), "{m}");
    // …and no other kind may.
    let (l, c, m) = err_at(&win("affects = \"一部の患者\"\n", "full"));
    assert_eq!((l, c), (11, 11), "{m}");
    assert!(m.contains("only for kind = \"partial\""), "{m}");
    let (l, c, m) = err_at(&win("affects_en = \"some\"\n", "intermittent"));
    assert_eq!((l, c), (11, 14), "{m}");
    // may_extend_until after end, in JST.
    let (l, c, m) = err_at(&win("may_extend_until = 2025-01-20T04:00+09:00\n", "full"));
    assert_eq!((l, c), (11, 20), "{m}");
    assert!(m.contains("must come after end"), "{m}");
    let (l, c, m) = err_at(&win("may_extend_until = 2025-01-20T05:00Z\n", "full"));
    assert_eq!((l, c), (11, 20), "{m}");
    assert!(m.contains("+09:00"), "{m}");
    // Unknown service, at the window and at the top.
    let (l, c, m) = err_at(&win("service = \"myna\"\n", "full"));
    assert_eq!((l, c), (11, 11), "{m}");
    assert!(m.contains("myna") && m.contains("mynaportal"), "{m}");
    let (l, c, m) = err_at("service = \"eRx\"\n");
    assert_eq!((l, c), (5, 11), "{m}");
    // revision from 1; updated a date or a JST date-time.
    let (l, c, m) = err_at("revision = 0\n");
    assert_eq!((l, c), (5, 12), "{m}");
    assert!(m.contains("revision 0"), "{m}");
    let (l, c, m) = err_at("updated = 2025-01-05T10:00\n");
    assert_eq!((l, c), (5, 11), "{m}");
    assert!(m.contains("+09:00"), "{m}");
    assert_eq!(
        parse("updated = 2025-01-05\n").unwrap().updated,
        Some(t("2025-01-05T00:00+09:00"))
    );
    // cancelled is a boolean.
    let (l, c, _) = err_at(&win("cancelled = \"yes\"\n", "full"));
    assert_eq!((l, c), (11, 13));
    // Typos are caught at every level: top, source, region, window.
    for (text, line, col) in [
        ("revison = 2\n".to_string(), 5, 1),
        (
            "[[source]]\nlabel = \"l\"\nlabl_en = \"x\"\n".to_string(),
            7,
            1,
        ),
        (
            "[region.r]\nname = \"n\"\nname_en = \"n\"\nprefectures = [\"1\"]\nnationwide = true\n"
                .to_string(),
            9,
            1,
        ),
        (win("tentativ = true\n", "full"), 11, 1),
        (
            win(
                "cancelled = true\nmay_extend = 2025-01-20T05:00+09:00\n",
                "full",
            ),
            12,
            1,
        ),
    ] {
        let (l, c, m) = err_at(&text);
        assert_eq!((l, c), (line, col), "{text}: {m}");
        assert!(m.contains("unknown field"), "{m}");
    }
}

#[test]
fn partial_sits_between_normal_and_intermittent() {
    use onshi::State;
    assert!(State::Normal < State::Partial && State::Partial < State::Intermittent);
    let n = parse(
        "[[window]]\nid = \"p\"\nkind = \"partial\"\naffects = \"一部\"\nnationwide = true\nstart = 2025-01-20T03:00+09:00\nend = 2025-01-20T06:00+09:00\n\
         [[window]]\nid = \"i\"\nkind = \"intermittent\"\nnationwide = true\nstart = 2025-01-20T04:00+09:00\nend = 2025-01-20T05:00+09:00\n",
    )
    .unwrap();
    let mut s = Schedule::default();
    s.add(n).unwrap();
    let tl = s.timeline(pref("40"));
    let at = |x| tl.state_at(t(x));
    assert_eq!(at("2025-01-20T03:00+09:00"), State::Partial);
    assert_eq!(at("2025-01-20T04:00+09:00"), State::Intermittent);
    assert_eq!(at("2025-01-20T05:00+09:00"), State::Partial);
    assert_eq!(at("2025-01-20T06:00+09:00"), State::Normal);
    let st = s.status(pref("40"), t("2025-01-20T04:30+09:00"));
    assert_eq!(
        (st.window.unwrap().id, st.until),
        ("i".to_string(), Some(t("2025-01-20T05:00+09:00")))
    );
}

// ---- Format v3: deadlines, insurers, hours, recurring windows, services of one's own ----

/// A `[[window]]` from line 5 on: `id`, `kind`, then `rest` from line 7.
fn entry(kind: &str, rest: &str) -> String {
    format!("[[window]]\nid = \"a\"\nkind = \"{kind}\"\n{rest}")
}

const NATIONWIDE_3_5: &str =
    "nationwide = true\nstart = 2026-01-07T03:00+09:00\nend = 2026-01-07T05:00+09:00\n";

#[test]
fn every_new_key_problem_is_reported_at_its_line_and_column() {
    // A deadline needs due and action, and has no start.
    let (l, c, m) = err_at(&entry("deadline", "nationwide = true\naction = \"x\"\n"));
    assert_eq!((l, c), (5, 1), "{m}");
    assert!(m.contains("`due`"), "{m}");
    let (l, c, m) = err_at(&entry(
        "deadline",
        "nationwide = true\ndue = 2026-01-11T00:00+09:00\n",
    ));
    assert_eq!((l, c), (5, 1), "{m}");
    assert!(m.contains("`action`"), "{m}");
    let (l, c, m) = err_at(&entry(
        "deadline",
        "nationwide = true\ndue = 2026-01-11T00:00+09:00\naction = \"x\"\nstart = 2026-01-01T00:00+09:00\n",
    ));
    assert_eq!((l, c), (11, 9), "{m}");
    assert!(m.contains("due"), "{m}");
    let (l, c, m) = err_at(&entry(
        "deadline",
        "nationwide = true\ndue = 2026-01-11T00:00\naction = \"x\"\n",
    ));
    assert_eq!((l, c), (9, 7), "{m}");
    assert!(m.contains("+09:00"), "{m}");
    let (l, c, m) = err_at(&entry(
        "deadline",
        "nationwide = true\ndue = 2026-01-11T00:00+09:00\naction = \" \"\n",
    ));
    assert_eq!((l, c), (10, 10), "{m}");
    // due and action belong to deadlines (action also to insurers' problems).
    let (l, c, m) = err_at(&entry(
        "full",
        &format!("{NATIONWIDE_3_5}due = 2026-01-11T00:00+09:00\n"),
    ));
    assert_eq!((l, c), (11, 7), "{m}");
    let (l, c, m) = err_at(&entry("full", &format!("{NATIONWIDE_3_5}action = \"x\"\n")));
    assert_eq!((l, c), (11, 10), "{m}");
    assert!(m.contains("note"), "{m}");
    // Insurers: kind partial, fields known and named, 保険者番号 of 6 or 8 digits, an action.
    let insurer = |kind: &str, extra: &str| {
        entry(kind, &format!("start = 2025-07-01T00:00+09:00\nend = 2025-07-03T00:00+09:00\ninsurers = [\"熊本市国民健康保険\"]\n{extra}"))
    };
    let (l, c, m) = err_at(&insurer(
        "full",
        "fields = [\"負担割合\"]\naction = \"電話\"\n",
    ));
    assert_eq!((l, c), (7, 8), "{m}");
    assert!(m.contains("partial"), "{m}");
    let (l, c, m) = err_at(&insurer(
        "partial",
        "fields = [\"負担割合\", \"住所録\"]\naction = \"電話\"\n",
    ));
    assert_eq!((l, c), (11, 19), "{m}");
    assert!(m.contains("住所録") && m.contains("限度額適用区分"), "{m}");
    let (l, c, m) = err_at(&insurer(
        "partial",
        "fields = [\"負担割合\", \"copay_rate\"]\naction = \"電話\"\n",
    ));
    assert_eq!((l, c), (11, 19), "{m}");
    assert!(m.contains("twice"), "{m}");
    let (l, c, m) = err_at(&insurer("partial", "action = \"電話\"\n"));
    assert_eq!((l, c), (5, 1), "{m}");
    assert!(m.contains("`fields`"), "{m}");
    let (l, c, m) = err_at(&insurer("partial", "fields = [\"負担割合\"]\n"));
    assert_eq!((l, c), (5, 1), "{m}");
    assert!(m.contains("`action`"), "{m}");
    let (l, c, m) = err_at(&entry(
        "partial",
        "start = 2025-07-01T00:00+09:00\nend = 2025-07-03T00:00+09:00\ninsurers = [\"43100\"]\nfields = [\"負担割合\"]\naction = \"電話\"\n",
    ));
    assert_eq!((l, c), (10, 13), "{m}");
    assert!(m.contains("5 digits"), "{m}");
    let (l, c, m) = err_at(&entry(
        "full",
        &format!("{NATIONWIDE_3_5}fields = [\"負担割合\"]\n"),
    ));
    assert_eq!((l, c), (11, 10), "{m}");
    assert!(m.contains("insurers"), "{m}");
    // Hours take no affects; kinds are spelled as documented.
    let (l, c, m) = err_at(&entry(
        "hours",
        &format!("{NATIONWIDE_3_5}affects = \"x\"\n"),
    ));
    assert_eq!((l, c), (11, 11), "{m}");
    let (l, c, m) = err_at(&entry("deadlines", NATIONWIDE_3_5));
    assert_eq!((l, c), (7, 8), "{m}");
    assert!(m.contains("deadline"), "{m}");
}

#[test]
fn a_rule_is_refused_when_it_never_ends_expands_too_far_or_misses_its_start() {
    let rule = |r: &str| entry("full", &format!("{NATIONWIDE_3_5}rrule = \"{r}\"\n"));
    let (l, c, m) = err_at(&rule("FREQ=DAILY"));
    assert_eq!((l, c), (11, 9), "{m}");
    assert!(m.contains("COUNT or UNTIL"), "{m}");
    // The bound is onshi::recurrence::MAX_OCCURRENCES (400): 400 is fine, 401 is not.
    let n = parse(&rule("FREQ=DAILY;COUNT=400")).unwrap();
    assert_eq!(n.windows.len(), onshi::recurrence::MAX_OCCURRENCES);
    let (l, c, m) = err_at(&rule("FREQ=DAILY;COUNT=401"));
    assert_eq!((l, c), (11, 9), "{m}");
    assert!(m.contains("more than 400 occurrences"), "{m}");
    let (_, _, m) = err_at(&rule("FREQ=DAILY;UNTIL=20301231"));
    assert!(m.contains("more than 400 occurrences"), "{m}");
    // 2026-01-07 is a Wednesday, not a Tuesday.
    let (l, c, m) = err_at(&rule("FREQ=WEEKLY;BYDAY=TU;COUNT=3"));
    assert_eq!((l, c), (11, 9), "{m}");
    assert!(
        m.contains("not an occurrence") && m.contains("2026-01-13T03:00:00+09:00"),
        "{m}"
    );
    let (_, _, m) = err_at(&rule("FREQ=SOMETIMES;COUNT=3"));
    assert!(m.contains("not an RFC 5545 rule"), "{m}");
    let (_, _, m) = err_at(&rule("FREQ=DAILY;UNTIL=next week"));
    assert!(m.contains("UNTIL=next week"), "{m}");
    // A possible extension is for one window.
    let (l, c, m) = err_at(&entry(
        "full",
        &format!("{NATIONWIDE_3_5}may_extend_until = 2026-01-07T06:00+09:00\nrrule = \"FREQ=DAILY;COUNT=2\"\n"),
    ));
    assert_eq!((l, c), (12, 9), "{m}");
}

/// The starts of the windows a rule gives from `start` (each `hours` long), in JST.
fn starts(start: &str, end: &str, rule: &str) -> Vec<(String, String)> {
    let n = parse(&entry(
        "full",
        &format!("nationwide = true\nstart = {start}\nend = {end}\nrrule = \"{rule}\"\n"),
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    n.windows
        .iter()
        .map(|w| {
            (
                onshi::time::rfc3339_jst(w.start),
                onshi::time::rfc3339_jst(w.end),
            )
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn recurrences_cross_month_ends_leap_days_and_the_year_end_in_jst() {
    // The last day of each month, 23:00 to 2:00 the next morning: across the month end.
    assert_eq!(
        starts(
            "2026-01-31T23:00+09:00",
            "2026-02-01T02:00+09:00",
            "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3"
        ),
        pairs(&[
            ("2026-01-31T23:00:00+09:00", "2026-02-01T02:00:00+09:00"),
            ("2026-02-28T23:00:00+09:00", "2026-03-01T02:00:00+09:00"),
            ("2026-03-31T23:00:00+09:00", "2026-04-01T02:00:00+09:00"),
        ])
    );
    // Every night across February 2028: the leap day is one of them.
    assert_eq!(
        starts(
            "2028-02-27T22:00+09:00",
            "2028-02-28T01:00+09:00",
            "FREQ=DAILY;UNTIL=20280301T235959"
        ),
        pairs(&[
            ("2028-02-27T22:00:00+09:00", "2028-02-28T01:00:00+09:00"),
            ("2028-02-28T22:00:00+09:00", "2028-02-29T01:00:00+09:00"),
            ("2028-02-29T22:00:00+09:00", "2028-03-01T01:00:00+09:00"),
            ("2028-03-01T22:00:00+09:00", "2028-03-02T01:00:00+09:00"),
        ])
    );
    // A 29 February rule finds the leap years only.
    assert_eq!(
        starts(
            "2028-02-29T03:00+09:00",
            "2028-02-29T04:00+09:00",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=2"
        )[1]
        .0,
        "2032-02-29T03:00:00+09:00"
    );
    // 2026-12-31 → 2027-01-01: the JST calendar decides, not UTC (where 22:00 JST is still
    // the 31st's 13:00): BYMONTHDAY=31 in December, then the 1st of January.
    assert_eq!(
        starts(
            "2026-12-31T22:00+09:00",
            "2027-01-01T03:00+09:00",
            "FREQ=DAILY;COUNT=2"
        ),
        pairs(&[
            ("2026-12-31T22:00:00+09:00", "2027-01-01T03:00:00+09:00"),
            ("2027-01-01T22:00:00+09:00", "2027-01-02T03:00:00+09:00"),
        ])
    );
    assert_eq!(
        starts(
            "2026-12-31T08:00+09:00",
            "2026-12-31T09:00+09:00",
            "FREQ=DAILY;BYMONTHDAY=31,1;COUNT=3"
        )
        .iter()
        .map(|(s, _)| s.as_str())
        .collect::<Vec<_>>(),
        [
            "2026-12-31T08:00:00+09:00",
            "2027-01-01T08:00:00+09:00",
            "2027-01-31T08:00:00+09:00"
        ]
    );
    // UNTIL in JST without Z, and with Z in UTC, mean what they say.
    let jst = starts(
        "2026-12-30T09:00+09:00",
        "2026-12-30T10:00+09:00",
        "FREQ=DAILY;UNTIL=20270101T090000",
    );
    let utc = starts(
        "2026-12-30T09:00+09:00",
        "2026-12-30T10:00+09:00",
        "FREQ=DAILY;UNTIL=20270101T000000Z",
    );
    assert_eq!(jst.len(), 3);
    assert_eq!(jst, utc);
    // Each occurrence has its own id, and they are ordered.
    let n = parse(&entry(
        "full",
        &format!("{NATIONWIDE_3_5}rrule = \"FREQ=MONTHLY;BYDAY=1WE;COUNT=2\"\n"),
    ))
    .unwrap();
    let ids: Vec<&str> = n.windows.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(ids, ["a#20260107T0300", "a#20260204T0300"]);
}

#[test]
fn services_of_ones_own_are_defined_checked_and_named() {
    let own = "[[service]]\nid = \"ehr-cloud\"\nname = \"クラウド電子カルテ\"\nsteps = [\"紙に記録する\"]\n\n";
    let n = parse(&format!("{own}{}", entry("full", NATIONWIDE_3_5))).unwrap();
    assert_eq!(n.windows[0].service.as_str(), "ehr-cloud");
    assert_eq!(
        n.windows[0].service.name(onshi::Lang::Ja),
        "クラウド電子カルテ"
    );
    assert_eq!(n.services.len(), 1);
    // An undefined service is refused where it is named.
    let (l, c, m) = err_at(&entry(
        "full",
        &format!("{NATIONWIDE_3_5}service = \"ehr-clod\"\n"),
    ));
    assert_eq!((l, c), (11, 11), "{m}");
    assert!(m.contains("ehr-clod") && m.contains("[[service]]"), "{m}");
    // The definition itself.
    let (l, c, m) = err_at("[[service]]\nid = \"oqs\"\nname = \"x\"\nsteps = [\"y\"]\n");
    assert_eq!((l, c), (6, 6), "{m}");
    assert!(m.contains("built in"), "{m}");
    let (l, c, m) = err_at("[[service]]\nid = \"my ehr\"\nname = \"x\"\nsteps = [\"y\"]\n");
    assert_eq!((l, c), (6, 6), "{m}");
    let (l, c, m) = err_at("[[service]]\nid = \"e\"\nname = \"x\"\nsteps = []\n");
    assert_eq!((l, c), (8, 9), "{m}");
    let (l, c, m) = err_at("[[service]]\nid = \"e\"\nname = \"x\"\nsteps = [\"a\", \" \"]\n");
    assert_eq!((l, c), (8, 15), "{m}");
    let (l, c, m) = err_at(
        "[[service]]\nid = \"e\"\nname = \"x\"\nsteps = [\"a\"]\nsteps_en = [\"a\", \"b\"]\n",
    );
    assert_eq!((l, c), (9, 12), "{m}");
    assert!(m.contains("steps_en has 2"), "{m}");
    let (l, c, m) =
        err_at("[[service]]\nid = \"e\"\nname = \"x\"\nsteps = [\"a\"]\nphone = \"1\"\n");
    assert_eq!((l, c), (9, 1), "{m}");
    let (l, c, m) = err_at(
        "[[service]]\nid = \"e\"\nname = \"x\"\nsteps = [\"a\"]\n[service.contact]\nname = \" \"\n",
    );
    assert_eq!((l, c), (10, 8), "{m}");
    // Two definitions: each window names its own.
    let two = "[[service]]\nid = \"e1\"\nname = \"x\"\nsteps = [\"a\"]\n[[service]]\nid = \"e2\"\nname = \"y\"\nsteps = [\"b\"]\n";
    let (l, c, m) = err_at(&format!("{two}{}", entry("full", NATIONWIDE_3_5)));
    assert_eq!((l, c), (13, 1), "{m}");
    assert!(m.contains("several services"), "{m}");
    // A service the policy defines may be named without defining it again.
    let policy = onshi::policy::Policy::parse(
        "[[service]]\nid = \"rececom\"\nname = \"レセコン\"\nsteps = [\"手書きの領収書\"]\n",
        "policy.toml",
    )
    .unwrap();
    let text = format!(
        "{HEAD}{}",
        entry("full", &format!("{NATIONWIDE_3_5}service = \"rececom\"\n"))
    );
    let n = Notice::parse_with(&text, "mem.toml", &policy.service_defs).unwrap();
    assert_eq!(n.windows[0].service.name(onshi::Lang::En), "レセコン");
    assert!(n.services.is_empty(), "the policy's, not the notice's");
    assert!(
        Notice::parse(&text, "mem.toml").is_err(),
        "unknown without the policy"
    );
}

#[test]
fn a_moved_deadline_moves_one_occurrence_and_each_mistake_is_placed() {
    let base = entry(
        "deadline",
        "nationwide = true\ndue = 2022-04-11T00:00+09:00\nrrule = \"FREQ=MONTHLY;COUNT=3\"\naction = \"送信する\"\n",
    );
    let moved = |deadline: &str, from: &str, to: &str| {
        format!("{base}\n[[deadline_moved]]\ndeadline = \"{deadline}\"\nfrom = {from}\nto = {to}\n")
    };
    let n = parse(&moved(
        "a",
        "2022-05-11T00:00+09:00",
        "2022-05-12T21:00+09:00",
    ))
    .unwrap();
    let dues: Vec<String> = n
        .deadlines
        .iter()
        .map(|d| onshi::time::rfc3339_jst(d.due))
        .collect();
    assert_eq!(
        dues,
        [
            "2022-04-11T00:00:00+09:00",
            "2022-05-12T21:00:00+09:00",
            "2022-06-11T00:00:00+09:00"
        ]
    );
    assert_eq!(n.deadlines[1].moved_from, Some(t("2022-05-11T00:00+09:00")));
    assert_eq!(
        n.deadlines[1].id, "a#20220511T0000",
        "the id keeps the regular due"
    );
    let (l, c, m) = err_at(&moved(
        "b",
        "2022-05-11T00:00+09:00",
        "2022-05-12T21:00+09:00",
    ));
    assert_eq!((l, c), (14, 12), "{m}");
    let (l, c, m) = err_at(&moved(
        "a",
        "2022-05-10T00:00+09:00",
        "2022-05-12T21:00+09:00",
    ));
    assert_eq!((l, c), (15, 8), "{m}");
    assert!(m.contains("not a due"), "{m}");
    let (l, c, m) = err_at(&moved(
        "a",
        "2022-05-11T00:00+09:00",
        "2022-05-11T00:00+09:00",
    ));
    assert_eq!((l, c), (16, 6), "{m}");
    let one_off = entry(
        "deadline",
        "nationwide = true\ndue = 2022-04-11T00:00+09:00\naction = \"送信する\"\n",
    );
    let (l, c, m) = err_at(&format!(
        "{one_off}\n[[deadline_moved]]\ndeadline = \"a\"\nfrom = 2022-04-11T00:00+09:00\nto = 2022-04-12T21:00+09:00\n"
    ));
    assert_eq!((l, c), (13, 12), "{m}");
    assert!(m.contains("does not recur"), "{m}");
}

#[test]
fn v2_files_read_as_before() {
    // Every notice of the older shapes still reads, with nothing of the new ones.
    for f in [
        "2024-12-15-jpki-maintenance.toml",
        "2025-12-31-mynaportal-year-end.toml",
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs/examples")
            .join(f);
        let n = Notice::from_file(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(n.windows.len(), 1);
        assert!(n.deadlines.is_empty() && n.insurer_issues.is_empty() && n.hours.is_empty());
        assert!(n.services.is_empty());
        assert_eq!(
            n.windows[0].id,
            if f.contains("jpki") {
                "jpki-stop"
            } else {
                "year-end"
            }
        );
    }
    let s = Schedule::embedded();
    assert_eq!(s.windows_for(pref("福岡")).len(), 2);
    assert!(s.deadlines_for(pref("福岡")).is_empty());
    let _ = Prefecture::all();
    let _ = Kind::Full;
}
