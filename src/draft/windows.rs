//! Windows from the lines: each range's instants, and — from the words that speak for it — its
//! kind, scope, and whether it is the old time of a change or a window called off.

use std::sync::OnceLock;

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use regex::Regex;

use super::area::Areas;
use super::change::{mark_in, Change, Mark};
use super::date;
use super::grammar::{self, Point, RawRange, Tok};
use super::kind;
use super::place::{own_words, Layout};
use super::scope::{self, scope_of};
use super::section::{self, heading};
use super::text::{re, Line};
use super::values::{DraftKind, DraftWindow, Field, Jst, Scope};
use crate::time::{self, Instant};

/// Every window in the text, in the order the text gives them, named. Areas a window names
/// but the text never lists join `areas` (with no prefectures, and the window marked).
pub(super) fn read_windows(
    lines: &[Line],
    areas: &mut Areas,
    title: &str,
    change: Option<Change>,
    notes: &mut Vec<String>,
) -> Vec<DraftWindow> {
    let ranges: Vec<Vec<RawRange>> = (0..lines.len())
        .map(|i| {
            let r = grammar::ranges(&lines[i].norm);
            if r.is_empty() {
                split_range(lines, i).into_iter().collect()
            } else {
                r
            }
        })
        .collect();
    let range_lines = (0..lines.len())
        .filter(|i| !ranges[*i].is_empty())
        .collect();
    let definitions = areas.lines.clone();
    let layout = Layout::new(lines, range_lines, &definitions);
    let kinds = kind::Doc::read(lines, title, &section::affects(lines));
    let area_section = section::area_section(lines, &areas.regions);
    let scopes = scope::Doc {
        section: &area_section,
        says_nationwide: lines.iter().any(|l| l.norm.contains("全国")),
    };

    let mut out: Vec<DraftWindow> = Vec::new();
    // Whether each window's own words or labels say nothing of a change.
    let mut unmarked: Vec<bool> = Vec::new();
    let mut last_date: Option<(NaiveDate, usize)> = None;
    for (index, line) in lines.iter().enumerate() {
        if ranges[index].is_empty() && line.norm.contains("延長") {
            extension(line, last_date, &mut out);
        }
        // A later range without a date takes the date of the one before it on the line.
        let mut context = last_date;
        for (k, r) in ranges[index].iter().enumerate() {
            let Some(mut w) = window(r, line, context, notes) else {
                continue;
            };
            if r.start.date.is_some() {
                context = Some((time::to_jst(w.start.value.0).date_naive(), line.no));
            }
            let own = own_words(&line.norm, &ranges[index], k);
            // 変更前 on the range's own words, or on a label above it: the old time.
            let mark = own
                .iter()
                .map(String::as_str)
                .chain(
                    layout
                        .above(index, false)
                        .into_iter()
                        .map(|j| lines[j].norm.as_str()),
                )
                .find_map(mark_in);
            if mark == Some(Mark::Old) {
                notes.push(format!(
                    "line {}: 変更前の日時なので窓にしませんでした",
                    line.no
                ));
                continue;
            }
            (w.kind, w.affects) = kind::kind_of(&layout, index, &own, &kinds);
            let read = scope_of(&layout, index, &own, &mut areas.regions, &scopes);
            w.scope = read.scope;
            w.scope_line = read.from.map(|j| lines[j].no);
            w.cancelled = Field::sure(mark == Some(Mark::Cancelled));
            unmarked.push(mark.is_none());
            // 予定 on the line, on the heading the window stands under, or in the title.
            w.tentative = r.tentative
                || line.norm.contains("予定")
                || title.contains("予定")
                || [layout.outline.sub[index], layout.outline.top[index]]
                    .iter()
                    .flatten()
                    .any(|i| heading(&lines[*i].norm).is_some_and(|h| h.name.contains("予定")));
            if w.start.needs_review && w.start.why.as_deref().is_some_and(|s| s.contains("曜日"))
            {
                w.end.flag("開始の曜日が日付と合いません");
            }
            out.push(w);
        }
        // Dates on this line give the year and the day to the lines after it.
        for t in grammar::tokens(&line.norm) {
            if let Tok::Date(d) = t.tok {
                if let Ok(r) = date::resolve(&d, last_date.map(|(d, _)| d)) {
                    last_date = Some((r.date, line.no));
                }
            }
        }
    }
    // A 中止 notice that marks no window itself: each unmarked window is the one called off,
    // as far as the text says — marked.
    if change == Some(Change::Cancelled) && !out.iter().any(|w| w.cancelled.value) {
        for (w, _) in out.iter_mut().zip(&unmarked).filter(|(_, u)| **u) {
            w.cancelled = Field::review(
                true,
                "中止のお知らせなので中止としました: この窓が中止されたものか確かめてください",
            );
        }
    }
    name_windows(&mut out);
    out
}

/// The first point (a date, a time, or both) in a folded piece of text.
fn first_point(s: &str) -> Option<Point> {
    let toks = grammar::tokens(s);
    (0..toks.len()).find_map(|i| grammar::point(&toks, i).map(|(p, _)| p))
}

/// 「開始：12月6日（土）22:00」 with 「終了：12月8日（月）6:00」 on one of the next lines: one
/// range written over two lines, as e-mails often do.
fn split_range(lines: &[Line], index: usize) -> Option<RawRange> {
    static START: OnceLock<Regex> = OnceLock::new();
    static END: OnceLock<Regex> = OnceLock::new();
    let start_label = re(
        &START,
        r"^[・■●\s]*(?:停止|作業|メンテナンス)?開始(?:予定)?(?:日時|時刻|日)?\s*:",
    );
    let end_label = re(
        &END,
        r"^[・■●\s]*(?:停止|作業|メンテナンス)?(?:終了|再開)(?:予定)?(?:日時|時刻|日)?\s*:",
    );
    let line = &lines[index];
    let at = start_label.find(&line.norm)?.end();
    let start = first_point(&line.norm[at..])?;
    let next = lines[index + 1..]
        .iter()
        .filter(|l| !l.is_blank())
        .take(2)
        .find_map(|l| end_label.find(&l.norm).map(|m| (l, m.end())));
    let (next, at) = next?;
    let end = first_point(&next.norm[at..])?;
    (start.date.is_some() && (end.time.is_some() || end.date.is_some())).then(|| RawRange {
        start,
        end,
        tentative: next.norm.contains("予定"),
        from: 0,
        to: line.norm.len(),
    })
}

/// 「最大2026年1月4日（日）22:00まで延長の可能性」: attaches to the window before it.
fn extension(line: &Line, last_date: Option<(NaiveDate, usize)>, out: &mut [DraftWindow]) {
    let toks = grammar::tokens(&line.norm);
    let found =
        (0..toks.len()).find_map(|i| grammar::point(&toks, i).filter(|(p, _)| p.time.is_some()));
    let (Some((p, _)), Some(w)) = (found, out.last_mut()) else {
        return;
    };
    let context = Some(time::to_jst(w.end.value.0).date_naive());
    let day = match &p.date {
        Some(d) => match date::resolve(d, context.or(last_date.map(|(d, _)| d))) {
            Ok(r) => r.date,
            Err(_) => return,
        },
        // 「最長で翌日9:00まで」: the day after the window's first day.
        None if p.next_day => time::to_jst(w.start.value.0).date_naive() + Duration::days(1),
        None => time::to_jst(w.end.value.0).date_naive(),
    };
    if let Some(t) = p.time {
        let (day, clock, _) = clock(day, t.hour, t.minute);
        let at = jst(day, clock);
        if at > w.end.value.0 {
            w.may_extend_until = Some(Jst(at));
        }
    }
}

/// A day and a time as written, with 24:00 and later rolled into the next day.
fn clock(day: NaiveDate, hour: u32, minute: u32) -> (NaiveDate, NaiveTime, bool) {
    let (day, hour, rolled) = if hour >= 24 {
        (day + Duration::days(1), hour - 24, hour > 24 || minute > 0)
    } else {
        (day, hour, false)
    };
    (
        day,
        NaiveTime::from_hms_opt(hour, minute, 0).expect("hour < 24 and minute < 60"),
        rolled,
    )
}

fn jst(day: NaiveDate, t: NaiveTime) -> Instant {
    time::jst_offset()
        .from_local_datetime(&day.and_time(t))
        .single()
        .expect("a fixed offset has exactly one mapping")
        .with_timezone(&Utc)
}

/// The instants of a range, each with its certainty.
fn window(
    r: &RawRange,
    line: &Line,
    last_date: Option<(NaiveDate, usize)>,
    notes: &mut Vec<String>,
) -> Option<DraftWindow> {
    let no = line.no;
    let context = last_date.map(|(d, _)| d);
    let mut start_why: Option<String> = None;
    let mut end_why: Option<String> = None;

    let start_day = match &r.start.date {
        Some(d) => match date::resolve(d, context) {
            Ok(read) => {
                start_why = read.problem;
                read.date
            }
            Err(e) => {
                notes.push(format!("line {no}: {e}"));
                return None;
            }
        },
        None => match last_date {
            Some((d, from)) => {
                if from != no {
                    start_why = Some(format!("日付は {from} 行目から取りました"));
                }
                d
            }
            None => {
                notes.push(format!("line {no}: 時刻だけで日付がありません"));
                return None;
            }
        },
    };
    let start_day = if r.start.next_day && r.start.date.is_none() {
        start_day + Duration::days(1)
    } else {
        start_day
    };
    let (start_day, start_clock) = match r.start.time {
        Some(t) => {
            let (d, c, rolled) = clock(start_day, t.hour, t.minute);
            if rolled {
                start_why.get_or_insert_with(|| "24時より後の時刻を翌日としました".into());
            }
            (d, c)
        }
        None => {
            start_why.get_or_insert_with(|| "開始の時刻がないので 0:00 としました".into());
            (start_day, NaiveTime::MIN)
        }
    };
    let start = jst(start_day, start_clock);

    let end = end_instant(&r.end, start_day, start_clock, &mut end_why)?;
    if end <= start {
        notes.push(format!(
            "line {no}: 終わり ({}) が始まり ({}) より前なので使いませんでした",
            time::rfc3339_jst(end),
            time::rfc3339_jst(start)
        ));
        return None;
    }
    let field = |v, why: Option<String>| match why {
        Some(w) => Field::review(Jst(v), w),
        None => Field::sure(Jst(v)),
    };
    Some(DraftWindow {
        id: String::new(),
        kind: Field::sure(DraftKind::Full),
        start: field(start, start_why),
        end: field(end, end_why),
        tentative: false,
        scope: Field::sure(Scope::Nationwide),
        affects: None,
        may_extend_until: None,
        cancelled: Field::sure(false),
        line: no,
        scope_line: None,
        text: line.raw.clone(),
    })
}

fn end_instant(
    end: &Point,
    start_day: NaiveDate,
    start_clock: NaiveTime,
    why: &mut Option<String>,
) -> Option<Instant> {
    let day = match &end.date {
        Some(d) => match date::resolve(d, Some(start_day)) {
            Ok(read) => {
                // An end without a year takes the start's (or the next, at New Year): sure.
                if !(read.year_inferred && d.weekday.is_none()) {
                    *why = read.problem;
                }
                read.date
            }
            Err(_) => return None,
        },
        None if end.next_day => start_day + Duration::days(1),
        None => start_day,
    };
    match end.time {
        Some(t) => {
            let (d, c, rolled) = clock(day, t.hour, t.minute);
            if rolled {
                why.get_or_insert_with(|| "24時より後の時刻を翌日としました".into());
            }
            let mut at = jst(d, c);
            // An end time without a date earlier than the start is on the next day.
            if end.date.is_none() && !end.next_day && t.hour < 24 && c <= start_clock {
                at = jst(d + Duration::days(1), c);
            }
            Some(at)
        }
        None => {
            why.get_or_insert_with(|| {
                "終わりの時刻がないのでその日の終わり (24:00) としました".into()
            });
            Some(jst(day + Duration::days(1), NaiveTime::MIN))
        }
    }
}

/// Window ids: the scope and the kind (`west-full`), numbered when they repeat.
fn name_windows(windows: &mut [DraftWindow]) {
    let mut taken: Vec<String> = Vec::new();
    for w in windows.iter_mut() {
        let scope = match &w.scope.value {
            Scope::Region(id) => id.clone(),
            Scope::Nationwide => "nationwide".into(),
            Scope::Prefectures(p) if p.len() == 1 => p[0].romaji().to_string(),
            Scope::Prefectures(_) => "prefectures".into(),
        };
        let base = format!("{scope}-{}", w.kind.value.code());
        let mut id = base.clone();
        let mut n = 2;
        while taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        taken.push(id.clone());
        w.id = id;
    }
}
