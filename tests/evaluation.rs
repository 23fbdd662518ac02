//! Evaluation against the seed notice: which prefectures each window hits (checked
//! against the notice's own text), and the state at every window boundary.

mod common;

use std::collections::BTreeSet;

use common::{pref, t};
use onshi::{Kind, Prefecture, Schedule, State};

const EAST: &str = "・東日本エリア：";
const WEST: &str = "・西日本エリア：";

/// The prefecture names listed after `marker` in tests/fixtures/seed-areas.txt (a verbatim
/// copy of the seed's 「※エリアの詳細」), up to the next area's marker.
fn area_from_seed_text(marker: &str) -> Vec<String> {
    let text = include_str!("fixtures/seed-areas.txt");
    let after = &text[text
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} not in fixture"))
        + marker.len()..];
    let other = if marker == EAST { WEST } else { EAST };
    let body = match after.find(other) {
        Some(i) => &after[..i],
        None => after,
    };
    body.split(['、', '\n'])
        .map(str::trim)
        // The seed's Markdown puts a list marker "- " before the west line.
        .filter(|s| !s.is_empty() && *s != "-")
        .map(str::to_string)
        .collect()
}

#[test]
fn seed_text_lists_17_east_and_30_west_prefectures_47_in_all_without_overlap() {
    let east = area_from_seed_text(EAST);
    let west = area_from_seed_text(WEST);
    assert_eq!(east.len(), 17, "{east:?}");
    assert_eq!(west.len(), 30, "{west:?}");
    let east: BTreeSet<Prefecture> = east.iter().map(|n| pref(n)).collect();
    let west: BTreeSet<Prefecture> = west.iter().map(|n| pref(n)).collect();
    assert_eq!(east.len(), 17, "no name twice in the east list");
    assert_eq!(west.len(), 30, "no name twice in the west list");
    assert!(east.is_disjoint(&west));
    let all: BTreeSet<Prefecture> = east.union(&west).copied().collect();
    assert_eq!(all, Prefecture::all().collect());
}

#[test]
fn every_prefecture_gets_the_windows_of_its_area_in_the_seed_text() {
    let schedule = Schedule::embedded();
    let east: Vec<Prefecture> = area_from_seed_text(EAST).iter().map(|n| pref(n)).collect();
    let west: Vec<Prefecture> = area_from_seed_text(WEST).iter().map(|n| pref(n)).collect();
    for p in &east {
        let ws = schedule.windows_for(*p);
        let got: Vec<(&str, Kind, &str)> = ws
            .iter()
            .map(|w| (w.id.as_str(), w.kind, w.area.name.as_str()))
            .collect();
        assert_eq!(
            got,
            [("east-intermittent", Kind::Intermittent, "東日本エリア")],
            "{p}"
        );
    }
    for p in &west {
        let ws = schedule.windows_for(*p);
        let got: Vec<(&str, Kind, &str)> = ws
            .iter()
            .map(|w| (w.id.as_str(), w.kind, w.area.name.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("west-full", Kind::Full, "西日本エリア"),
                ("west-intermittent", Kind::Intermittent, "西日本エリア"),
            ],
            "{p}"
        );
    }
}

/// 令和N年M月D日（曜）H:MM → RFC 3339 in JST.
fn reiwa(s: &str) -> String {
    let s = s.trim();
    let num = |a: &str, b: &str, from: &str| -> (u32, String) {
        let i = from.find(b).unwrap_or_else(|| panic!("{b} in {from}"));
        (
            from[a.len()..i].parse().unwrap(),
            from[i + b.len()..].to_string(),
        )
    };
    let (y, rest) = num("令和", "年", s);
    let (m, rest) = num("", "月", &rest);
    let (d, rest) = num("", "日", &rest);
    let clock = rest.rsplit('）').next().unwrap();
    let (h, min) = clock.split_once(':').unwrap();
    format!(
        "{}-{m:02}-{d:02}T{:02}:{min}:00+09:00",
        2018 + y,
        h.parse::<u32>().unwrap()
    )
}

#[test]
fn the_windows_are_the_ones_in_the_seed_text() {
    // tests/fixtures/seed-windows.txt is a verbatim copy of the seed's 「1. …影響を受ける時間帯及びエリア」.
    let text = include_str!("fixtures/seed-windows.txt");
    let mut kind = None;
    let mut from_text = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with("(1)") {
            kind = Some(Kind::Full);
        } else if line.starts_with("(2)") {
            kind = Some(Kind::Intermittent);
        } else {
            let (area, span) = line.split_once('：').unwrap();
            let tentative = span.ends_with("（予定）");
            let span = span.trim_end_matches("（予定）");
            let (start, end) = span.split_once('～').unwrap();
            // "8:00～令和7年1月1日（水）3:00": an end without a date is on the start's day.
            let start = reiwa(start);
            let end = if end.starts_with("令和") {
                reiwa(end)
            } else {
                format!("{}T{:0>5}:00+09:00", &start[..10], end)
            };
            from_text.push((
                area.to_string(),
                kind.unwrap(),
                t(&start),
                t(&end),
                tentative,
            ));
        }
    }
    assert_eq!(from_text.len(), 3);

    let schedule = Schedule::embedded();
    let mut from_data: Vec<_> = schedule
        .notices()
        .iter()
        .flat_map(|n| &n.windows)
        .map(|w| (w.area.name.clone(), w.kind, w.start, w.end, w.tentative))
        .collect();
    from_text.sort_by_key(|w| w.2);
    from_data.sort_by_key(|w| w.2);
    assert_eq!(from_data, from_text);
}

/// (prefecture, window id, kind, start, end) for the 3 seed windows.
const WINDOWS: [(&str, &str, State, &str, &str); 3] = [
    (
        "福岡県",
        "west-full",
        State::FullOutage,
        "2024-12-31T03:00:00+09:00",
        "2024-12-31T05:20:00+09:00",
    ),
    (
        "福岡県",
        "west-intermittent",
        State::Intermittent,
        "2024-12-31T08:00:00+09:00",
        "2025-01-01T03:00:00+09:00",
    ),
    (
        "東京都",
        "east-intermittent",
        State::Intermittent,
        "2024-12-31T12:00:00+09:00",
        "2024-12-31T13:30:00+09:00",
    ),
];

#[test]
fn every_boundary_of_every_seed_window() {
    let schedule = Schedule::embedded();
    let second = chrono::Duration::seconds(1);
    for (p, id, state, start, end) in WINDOWS {
        let p = pref(p);
        let (start, end) = (t(start), t(end));
        for (at, inside) in [
            (start - second, false),
            (start, true),
            (end - second, true),
            (end, false),
        ] {
            let s = schedule.status(p, at);
            assert_eq!(s.prefecture, p);
            assert_eq!(s.at, at);
            if inside {
                assert_eq!(s.state, state, "{id} at {at}");
                let w = s.window.as_ref().expect("a window in force");
                assert_eq!(w.id, id, "{at}");
                assert_eq!((w.start, w.end), (start, end));
                assert_eq!(s.until, Some(end), "{id} at {at}");
            } else {
                assert_eq!(s.state, State::Normal, "{id} at {at}");
                assert_eq!(s.window, None, "{id} at {at}");
            }
        }
        // Just before the start, this window is the next one; at the start it no longer is.
        let before = schedule.status(p, start - second);
        assert_eq!(before.next_window.unwrap().id, id);
        assert_eq!(before.until, Some(start));
        assert_ne!(
            schedule.status(p, start).next_window.map(|w| w.id),
            Some(id.to_string())
        );
    }
}

#[test]
fn the_whole_day_for_fukuoka_and_tokyo() {
    let schedule = Schedule::embedded();
    let fukuoka = pref("fukuoka");
    let tokyo = pref("tokyo");
    let cases = [
        (
            fukuoka,
            "2024-12-30T12:00:00+09:00",
            State::Normal,
            Some("west-full"),
        ),
        (
            fukuoka,
            "2024-12-31T02:59:59+09:00",
            State::Normal,
            Some("west-full"),
        ),
        (
            fukuoka,
            "2024-12-31T03:30:00+09:00",
            State::FullOutage,
            Some("west-intermittent"),
        ),
        (
            fukuoka,
            "2024-12-31T06:00:00+09:00",
            State::Normal,
            Some("west-intermittent"),
        ),
        (
            fukuoka,
            "2024-12-31T12:30:00+09:00",
            State::Intermittent,
            None,
        ),
        (
            fukuoka,
            "2024-12-31T23:59:59+09:00",
            State::Intermittent,
            None,
        ),
        (
            fukuoka,
            "2025-01-01T00:00:00+09:00",
            State::Intermittent,
            None,
        ),
        (
            fukuoka,
            "2025-01-01T00:30:00+09:00",
            State::Intermittent,
            None,
        ),
        (
            fukuoka,
            "2025-01-01T02:59:59+09:00",
            State::Intermittent,
            None,
        ),
        (fukuoka, "2025-01-01T03:00:00+09:00", State::Normal, None),
        (fukuoka, "2025-01-02T00:00:00+09:00", State::Normal, None),
        (
            tokyo,
            "2024-12-31T03:30:00+09:00",
            State::Normal,
            Some("east-intermittent"),
        ),
        (
            tokyo,
            "2024-12-31T08:30:00+09:00",
            State::Normal,
            Some("east-intermittent"),
        ),
        (
            tokyo,
            "2024-12-31T12:45:00+09:00",
            State::Intermittent,
            None,
        ),
        (tokyo, "2025-01-01T00:30:00+09:00", State::Normal, None),
    ];
    for (p, at, state, next) in cases {
        let s = schedule.status(p, t(at));
        assert_eq!(s.state, state, "{p} at {at}");
        assert_eq!(s.next_window.map(|w| w.id).as_deref(), next, "{p} at {at}");
    }
}

#[test]
fn west_intermittent_runs_across_midnight_into_new_year() {
    let schedule = Schedule::embedded();
    let s = schedule.status(pref("40"), t("2025-01-01T00:30+09:00"));
    assert_eq!(s.state, State::Intermittent);
    let w = s.window.unwrap();
    assert_eq!(w.id, "west-intermittent");
    assert_eq!(w.kind, Kind::Intermittent);
    assert_eq!(s.until, Some(t("2025-01-01T03:00+09:00")));
    // In UTC that is still 2024-12-31, 15:30: the date must come from the instant, not the text.
    assert_eq!(
        schedule.status(pref("40"), t("2024-12-31T15:30:00Z")).state,
        State::Intermittent
    );
    let after = schedule.status(pref("40"), t("2025-01-01T03:00+09:00"));
    assert_eq!(after.state, State::Normal);
    assert_eq!(after.window, None);
    assert_eq!(after.next_window, None);
    assert_eq!(after.until, None);
}

#[test]
fn the_same_instant_in_utc_and_in_jst_gives_the_same_answer() {
    let schedule = Schedule::embedded();
    let pairs = [
        ("2024-12-31T03:00:00+09:00", "2024-12-30T18:00:00Z"),
        ("2024-12-31T02:59:59+09:00", "2024-12-30T17:59:59+00:00"),
        ("2024-12-31T05:20:00+09:00", "2024-12-30T20:20:00Z"),
        ("2025-01-01T00:30:00+09:00", "2024-12-31T15:30:00Z"),
        ("2025-01-01T03:00:00+09:00", "2024-12-31T18:00:00Z"),
        ("2024-12-31T12:00:00+09:00", "2024-12-31T03:00:00Z"),
        ("2024-12-31T12:00:00+09:00", "2024-12-30T22:00:00-05:00"),
        ("2024-12-31T12:00:00+09:00", "2024-12-31T16:00:00+13:00"),
        // Offset-less input is JST, whatever the PC's zone.
        ("2024-12-31T03:30:00+09:00", "2024-12-31T03:30"),
    ];
    for (jst, other) in pairs {
        assert_eq!(t(jst), t(other), "{jst} = {other}");
        for p in ["福岡県", "東京都", "北海道", "沖縄県"] {
            let a = schedule.status(pref(p), t(jst));
            let b = schedule.status(pref(p), t(other));
            assert_eq!(a, b, "{p}: {jst} vs {other}");
        }
    }
}

#[test]
fn full_wins_over_intermittent_where_they_overlap() {
    let text = r#"
id = "overlap"
title = "t"
issuer = "t"
issued = 2030-01-01

[[window]]
id = "long-intermittent"
kind = "intermittent"
prefectures = ["福岡"]
start = 2030-02-01T00:00:00+09:00
end = 2030-02-02T00:00:00+09:00

[[window]]
id = "short-full"
kind = "full"
prefectures = ["福岡"]
start = 2030-02-01T10:00:00+09:00
end = 2030-02-01T11:00:00+09:00
"#;
    let mut s = Schedule::default();
    s.add(onshi::Notice::parse(text, "inline").unwrap())
        .unwrap();
    let p = pref("福岡");
    let at = |x| s.status(p, t(x));
    assert_eq!(at("2030-02-01T09:59:59+09:00").state, State::Intermittent);
    let inside = at("2030-02-01T10:30:00+09:00");
    assert_eq!(inside.state, State::FullOutage);
    assert_eq!(inside.window.unwrap().id, "short-full");
    assert_eq!(inside.until, Some(t("2030-02-01T11:00:00+09:00")));
    let after = at("2030-02-01T11:00:00+09:00");
    assert_eq!(after.state, State::Intermittent);
    assert_eq!(after.window.unwrap().id, "long-intermittent");
    assert_eq!(after.until, Some(t("2030-02-02T00:00:00+09:00")));
}
