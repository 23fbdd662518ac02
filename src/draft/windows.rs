//! Windows from the lines: each range's instants, and the kind, scope and flags the lines
//! around it give.

use std::sync::OnceLock;

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use regex::Regex;

use super::area::{self, DraftRegion, Scope};
use super::grammar::{self, Point, RawRange, Tok};
use super::section::{self, heading, item_number, AreaSection, Level};
use super::text::{self, Line};
use super::{date, header, re, DraftKind, DraftWindow, Field, Jst};
use crate::time::{self, Instant};

/// The kind a piece of text names, if any. Intermittent words win over 停止/通信断, which
/// they usually stand beside (数分間の通信断).
fn kind_in(s: &str) -> Option<DraftKind> {
    static I: OnceLock<Regex> = OnceLock::new();
    static P: OnceLock<Regex> = OnceLock::new();
    static F: OnceLock<Regex> = OnceLock::new();
    if re(&I, "断続|数分間|数分程度|瞬断|つながりにく").is_match(s) {
        Some(DraftKind::Intermittent)
    } else if re(&P, "一部の患者|一部の機能|一部機能|一部の方|一部の利用者").is_match(s)
    {
        Some(DraftKind::Partial)
    } else if re(
        &F,
        "長時間|停止|通信断|利用できません|利用できなくな|休止|メンテナンス|障害|接続できな|接続ができな",
    )
    .is_match(s)
    {
        Some(DraftKind::Full)
    } else {
        None
    }
}

/// Where in the text the window's words stand, for its kind, scope and flags.
struct Place<'a> {
    line: &'a Line,
    index: usize,
    sub: Option<usize>,
    top: Option<usize>,
}

/// Every window in the text, in the order the text gives them, named.
pub(super) fn read_windows(
    lines: &[Line],
    regions: &[DraftRegion],
    head: &header::Header,
    notes: &mut Vec<String>,
) -> Vec<DraftWindow> {
    let title_kind = kind_in(&text::fold(&head.title.value));
    let doc_kinds: Vec<DraftKind> = {
        let mut k: Vec<DraftKind> = lines.iter().filter_map(|l| kind_in(&l.norm)).collect();
        k.sort_by_key(|k| k.code());
        k.dedup();
        k
    };
    let affects = section::affects_sections(lines);
    let doc_scope = section::area_section(lines, regions);

    let mut out: Vec<DraftWindow> = Vec::new();
    let mut last_date: Option<(NaiveDate, usize)> = None;
    let (mut top, mut sub) = (None, None);
    for (index, line) in lines.iter().enumerate() {
        match heading(&line.norm).map(|h| h.level) {
            Some(Level::Top) => (top, sub) = (Some(index), None),
            Some(Level::Sub) => sub = Some(index),
            None => {}
        }
        let place = Place {
            line,
            index,
            sub,
            top,
        };
        let mut ranges = grammar::ranges(&line.norm);
        if ranges.is_empty() {
            ranges.extend(split_range(lines, index));
        }
        if ranges.is_empty() && line.norm.contains("延長") {
            extension(line, last_date, &mut out);
        }
        for r in &ranges {
            let Some(mut w) = window(r, &place, last_date, notes) else {
                continue;
            };
            kind_and_scope(
                &mut w,
                &place,
                lines,
                regions,
                (title_kind, &doc_kinds),
                affects.as_deref(),
                &doc_scope,
            );
            // 予定 on the line, or on the heading the window stands under.
            w.tentative = r.tentative
                || line.norm.contains("予定")
                || [place.sub, place.top]
                    .iter()
                    .flatten()
                    .any(|i| heading(&lines[*i].norm).is_some_and(|h| h.name.contains("予定")));
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
    place: &Place,
    last_date: Option<(NaiveDate, usize)>,
    notes: &mut Vec<String>,
) -> Option<DraftWindow> {
    let no = place.line.no;
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
        line: no,
        text: place.line.raw.clone(),
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

fn kind_and_scope(
    w: &mut DraftWindow,
    place: &Place,
    lines: &[Line],
    regions: &[DraftRegion],
    (title_kind, doc_kinds): (Option<DraftKind>, &[DraftKind]),
    affects: Option<&str>,
    doc_scope: &AreaSection,
) {
    // Kind: the line, its (1) heading, the few lines above it (never across another (n)
    // heading or its section heading), the section heading, the title.
    let floor = place.sub.or(place.top).unwrap_or(0);
    let near = std::iter::once(place.index)
        .chain(place.sub)
        .chain((floor.max(place.index.saturating_sub(8))..place.index).rev())
        .chain(place.top)
        .find_map(|i| kind_in(&lines[i].norm).map(|k| (k, i)));
    let mut kind = match (near, title_kind) {
        (Some((k, _)), _) | (None, Some(k)) => Field::sure(k),
        (None, None) => match doc_kinds {
            [k] => Field::review(*k, "種類は本文全体の言葉から判断しました"),
            _ => Field::review(
                DraftKind::Full,
                "種類（長時間・断続的・一部）が読み取れないので長時間の停止としました",
            ),
        },
    };
    if kind.value != DraftKind::Intermittent {
        if let Some(a) = affects {
            // 【影響を受ける患者】 and its like say in so many words that only some are hit.
            kind = Field::sure(DraftKind::Partial);
            w.affects = Some(Field::sure(a.to_string()));
        } else if kind.value == DraftKind::Partial {
            let src = near.map_or(place.line, |(_, i)| &lines[i]);
            w.affects = Some(Field::review(
                src.raw.trim().to_string(),
                "影響を受ける患者・機能は本文の文から取りました: 短く書き直してください",
            ));
        }
    }
    w.kind = kind;

    // Scope: the line, the lines above it up to its (1) heading, the area section, the text.
    let own: Option<Scope> = std::iter::once(place.index)
        .chain((place.sub.unwrap_or(place.index)..place.index).rev())
        .find_map(|i| area::scope_in(&lines[i].norm, regions));
    // In an area section with numbered items, the window's own (n) picks its item.
    let number = place.sub.and_then(|i| item_number(&lines[i].norm));
    let item = doc_scope
        .items
        .iter()
        .find(|(n, _)| Some(n) == number.as_ref())
        .map(|(_, s)| s);
    let several = doc_scope
        .items
        .iter()
        .any(|(_, s)| Some(s) != doc_scope.items.first().map(|(_, s)| s));
    w.scope = match (own.as_ref(), item, &doc_scope.whole) {
        (Some(s), _, _) | (None, Some(s), _) => Field::sure(s.clone()),
        (None, None, Some(s)) if !several => Field::sure(s.clone()),
        (None, None, Some(s)) => Field::review(
            s.clone(),
            "対象地域の節に複数の地域があり、この窓の地域が決められません",
        ),
        (None, None, None) => {
            if lines.iter().any(|l| l.norm.contains("全国")) {
                Field::review(
                    Scope::Nationwide,
                    "対象地域は本文の「全国」から判断しました",
                )
            } else {
                Field::review(
                    Scope::Nationwide,
                    "対象地域が読み取れないので全国としました",
                )
            }
        }
    };
    if w.start.needs_review && w.start.why.as_deref().is_some_and(|s| s.contains("曜日")) {
        w.end.flag("開始の曜日が日付と合いません");
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
