//! The grammar of dates, times and ranges, over one folded line.
//!
//! ```text
//! range  := point SEP point [まで]          SEP := ~ | - | から | より
//! point  := [翌|翌日] [date [weekday]] [翌|翌日] [time]    (a date or a time, or both)
//! date   := (令和|平成)(元|N)年M月D日 | YYYY年M月D日 | YYYY/M/D | M月D日 | M/D
//! weekday:= (火) | (火曜) | (火曜日) | (月・祝)
//! time   := [午前|午後] H:MM | H時[MM分|半]
//! ```
//!
//! White space, 頃/ごろ, の and （予定） may stand between the parts; anything else ends a range.

use std::sync::OnceLock;

use chrono::Weekday;
use regex::Regex;

use super::weekday::weekday_from_ja;

/// A date as written, before its year is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTok {
    /// The era name (`令和`, `平成`) when the year is 和暦.
    pub era: Option<String>,
    /// The year as written: in the era when `era` is set, else 西暦.
    pub year: Option<u32>,
    /// 1–12, as written (not yet checked against the year).
    pub month: u32,
    /// 1–31, as written.
    pub day: u32,
    /// The weekday written in brackets, `（火）`, if any.
    pub weekday: Option<Weekday>,
    /// The text it was read from, for messages.
    pub text: String,
}

/// A time of day as written; `hour` may be 24 (`24:00`, the end of the day) or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeTok {
    /// 0–29: `翌3:00` may be written `27:00`.
    pub hour: u32,
    /// 0–59.
    pub minute: u32,
}

/// One token of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// A date, `令和6年12月31日（火）`, `12/31`.
    Date(DateTok),
    /// A time of day, `3:00`, `22時`.
    Time(TimeTok),
    /// `~`, `-`, `から`, `より`.
    Sep,
    /// `まで`.
    Until,
    /// `翌` / `翌日`: the next day.
    Next,
    /// `(予定)`.
    Tentative,
    /// Space and words that may stand between the parts of a range.
    Gap,
    /// Anything else.
    Other,
}

/// A token and where it stands in the line (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned {
    /// The token.
    pub tok: Tok,
    /// Where it starts.
    pub start: usize,
    /// Where the next token starts.
    pub end: usize,
}

struct Patterns {
    era: Regex,
    ymd_kanji: Regex,
    ymd_slash: Regex,
    md_kanji: Regex,
    md_slash: Regex,
    weekday: Regex,
    time: Regex,
    sep: Regex,
    until: Regex,
    next: Regex,
    tentative: Regex,
    gap: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let r = |s: &str| Regex::new(s).expect("the grammar's patterns are valid");
        // Digits may be spaced out ("1 2 月 2 6 日") in text copied from a PDF.
        Patterns {
            era: r(r"^(令\s*和|平\s*成)\s*(元|\d(?: ?\d)*)\s*年\s*(\d(?: ?\d)?)\s*月\s*(\d(?: ?\d)?)\s*日"),
            ymd_kanji: r(r"^(\d(?: ?\d){3})\s*年\s*(\d(?: ?\d)?)\s*月\s*(\d(?: ?\d)?)\s*日"),
            ymd_slash: r(r"^(\d{4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})"),
            md_kanji: r(r"^(\d(?: ?\d)?)\s*月\s*(\d(?: ?\d)?)\s*日"),
            md_slash: r(r"^(\d{1,2})/(\d{1,2})"),
            weekday: r(r"^\s*\(\s*([月火水木金土日])\s*(?:曜日?)?\s*(?:[・,、]?\s*祝日?)?\s*\)"),
            time: r(r"^(午前|午後)?\s*(\d{1,2})\s*(?::\s*(\d{2})|時\s*(?:(\d{1,2})\s*分|(半))?)"),
            sep: r(r"^(?:~|-|から|より)"),
            until: r(r"^(?:まで|迄)"),
            next: r(r"^翌日?"),
            tentative: r(r"^\(\s*予定\s*\)"),
            gap: r(r"^(?:\s+|頃|ごろ|ころ|の)"),
        }
    })
}

fn num(s: &str) -> u32 {
    s.chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(0)
}

/// Splits a folded line into tokens.
pub fn tokens(line: &str) -> Vec<Spanned> {
    let p = patterns();
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < line.len() {
        let rest = &line[pos..];
        // A number starts only where the previous character is not a digit.
        let after_digit = line[..pos]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit());
        let (tok, len) = if after_digit {
            (None, 0)
        } else {
            date_at(p, rest)
                .map(|(d, n)| (Some(Tok::Date(d)), n))
                .or_else(|| time_at(p, rest).map(|(t, n)| (Some(Tok::Time(t)), n)))
                .unwrap_or((None, 0))
        };
        let (tok, len) = match tok {
            Some(t) => (t, len),
            None => {
                let simple = [
                    (&p.tentative, Tok::Tentative),
                    (&p.sep, Tok::Sep),
                    (&p.until, Tok::Until),
                    (&p.next, Tok::Next),
                    (&p.gap, Tok::Gap),
                ];
                simple
                    .into_iter()
                    .find_map(|(re, t)| re.find(rest).map(|m| (t, m.end())))
                    .unwrap_or_else(|| (Tok::Other, rest.chars().next().map_or(1, char::len_utf8)))
            }
        };
        out.push(Spanned {
            tok,
            start: pos,
            end: pos + len,
        });
        pos += len;
    }
    out
}

fn date_at(p: &Patterns, rest: &str) -> Option<(DateTok, usize)> {
    let mut found = None;
    if let Some(c) = p.era.captures(rest) {
        let era: String = c[1].chars().filter(|c| !c.is_whitespace()).collect();
        let year = if &c[2] == "元" { 1 } else { num(&c[2]) };
        found = Some((Some(era), Some(year), num(&c[3]), num(&c[4]), c[0].len()));
    } else if let Some(c) = p
        .ymd_kanji
        .captures(rest)
        .or_else(|| p.ymd_slash.captures(rest))
    {
        found = Some((None, Some(num(&c[1])), num(&c[2]), num(&c[3]), c[0].len()));
    } else if let Some(c) = p.md_kanji.captures(rest) {
        found = Some((None, None, num(&c[1]), num(&c[2]), c[0].len()));
    } else if let Some(c) = p.md_slash.captures(rest) {
        // `3/7` is a date only when no further digit or slash follows (not a fraction or a path).
        let next = rest[c[0].len()..].chars().next();
        if !next.is_some_and(|n| n.is_ascii_digit() || n == '/') {
            found = Some((None, None, num(&c[1]), num(&c[2]), c[0].len()));
        }
    }
    let (era, year, month, day, mut len) = found?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut wd = None;
    if let Some(c) = p.weekday.captures(&rest[len..]) {
        wd = weekday_from_ja(&c[1]);
        len += c[0].len();
    }
    Some((
        DateTok {
            era,
            year,
            month,
            day,
            weekday: wd,
            text: rest[..len].to_string(),
        },
        len,
    ))
}

fn time_at(p: &Patterns, rest: &str) -> Option<(TimeTok, usize)> {
    let c = p.time.captures(rest)?;
    let len = c[0].len();
    // 24時間 is a duration, not a time.
    if rest[len..].starts_with('間') {
        return None;
    }
    let mut hour = num(&c[2]);
    let minute = match (c.get(3), c.get(4), c.get(5)) {
        (Some(m), _, _) | (_, Some(m), _) => num(m.as_str()),
        (_, _, Some(_)) => 30,
        _ => 0,
    };
    if c.get(1).is_some_and(|m| m.as_str() == "午後") && hour < 12 {
        hour += 12;
    }
    (hour <= 29 && minute <= 59).then_some((TimeTok { hour, minute }, len))
}

/// One end of a range.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Point {
    /// `翌` / `翌日` stood before it: the day after the other end's date.
    pub next_day: bool,
    /// The date, when written at this end.
    pub date: Option<DateTok>,
    /// The time of day, when written at this end.
    pub time: Option<TimeTok>,
}

/// A range as written: `start SEP end`, with where it stands in the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRange {
    /// Where it begins.
    pub start: Point,
    /// Where it ends.
    pub end: Point,
    /// `(予定)` stood inside the range.
    pub tentative: bool,
    /// Byte offset in the folded line of the range's first token.
    pub from: usize,
    /// Byte offset in the folded line just after its last token.
    pub to: usize,
}

fn skip_gaps(toks: &[Spanned], mut i: usize, tentative: &mut bool) -> usize {
    while let Some(t) = toks.get(i) {
        match t.tok {
            Tok::Gap => {}
            Tok::Tentative => *tentative = true,
            _ => break,
        }
        i += 1;
    }
    i
}

/// A point at `i`: returns it and the index after it.
pub fn point(toks: &[Spanned], mut i: usize) -> Option<(Point, usize)> {
    let mut p = Point::default();
    let mut ignored = false;
    if matches!(toks.get(i).map(|t| &t.tok), Some(Tok::Next)) {
        p.next_day = true;
        i = skip_gaps(toks, i + 1, &mut ignored);
    }
    if let Some(Tok::Date(d)) = toks.get(i).map(|t| &t.tok) {
        p.date = Some(d.clone());
        i = skip_gaps(toks, i + 1, &mut ignored);
    }
    if matches!(toks.get(i).map(|t| &t.tok), Some(Tok::Next)) {
        p.next_day = true;
        i = skip_gaps(toks, i + 1, &mut ignored);
    }
    let before_time = i;
    if let Some(Tok::Time(t)) = toks.get(i).map(|t| &t.tok) {
        p.time = Some(*t);
        i += 1;
    } else {
        i = before_time;
    }
    if p.date.is_none() && p.time.is_none() {
        return None;
    }
    // Do not swallow the gaps after a date-only point: the caller skips them.
    if p.time.is_none() {
        i = toks[..i]
            .iter()
            .rposition(|t| matches!(t.tok, Tok::Date(_) | Tok::Next))
            .map_or(i, |k| k + 1);
    }
    Some((p, i))
}

/// Every range in a folded line, left to right.
pub fn ranges(line: &str) -> Vec<RawRange> {
    let toks = tokens(line);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some(r) = range_at(&toks, i) {
            let (range, next) = r;
            out.push(range);
            i = next;
        } else {
            i += 1;
        }
    }
    out
}

fn range_at(toks: &[Spanned], i: usize) -> Option<(RawRange, usize)> {
    let mut tentative = false;
    let (start, j) = point(toks, i)?;
    let j = skip_gaps(toks, j, &mut tentative);
    if !matches!(toks.get(j)?.tok, Tok::Sep) {
        return None;
    }
    let k = skip_gaps(toks, j + 1, &mut tentative);
    let (end, mut m) = point(toks, k)?;
    // A date-only start needs a date-only or dated end: "12月20日～12月27日".
    if start.time.is_none() && end.date.is_none() {
        return None;
    }
    let after = skip_gaps(toks, m, &mut tentative);
    if matches!(toks.get(after).map(|t| &t.tok), Some(Tok::Until)) {
        m = after + 1;
    }
    let to = toks[m - 1].end;
    Some((
        RawRange {
            start,
            end,
            tentative,
            from: toks[i].start,
            to,
        },
        m,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> RawRange {
        let r = ranges(&crate::draft::text::fold(line));
        assert_eq!(r.len(), 1, "{line}: {r:?}");
        r.into_iter().next().unwrap()
    }

    #[test]
    fn the_seed_forms() {
        let r = one("西日本エリア：令和6年12月31日（火）3:00～5:20（予定）");
        let d = r.start.date.unwrap();
        assert_eq!(
            (d.era.as_deref(), d.year, d.month, d.day),
            (Some("令和"), Some(6), 12, 31)
        );
        assert_eq!(d.weekday, Some(Weekday::Tue));
        assert_eq!(r.start.time, Some(TimeTok { hour: 3, minute: 0 }));
        assert_eq!(
            r.end.time,
            Some(TimeTok {
                hour: 5,
                minute: 20
            })
        );
        assert!(r.end.date.is_none());
        let r = one("令和6年12月31日（火）8:00～令和7年1月1日（水）3:00（予定）");
        assert_eq!(r.end.date.unwrap().year, Some(7));
    }

    #[test]
    fn kanji_times_kara_made_and_next_day() {
        let r = one("（１）令和７年２月１５日（土）２２時００分から翌日６時００分まで");
        assert!(r.end.next_day);
        assert_eq!(
            r.start.time,
            Some(TimeTok {
                hour: 22,
                minute: 0
            })
        );
        assert_eq!(r.end.time, Some(TimeTok { hour: 6, minute: 0 }));
        let r = one("12月20日～12月27日");
        assert!(r.start.time.is_none() && r.end.time.is_none());
        assert_eq!(one("2025/3/9(日) 18:00 - 24:00").end.time.unwrap().hour, 24);
    }

    #[test]
    fn what_is_not_a_range() {
        for s in [
            "令和6年12月2日より現行の健康保険証が新たに発行されなくなり",
            "24時間365日",
            "日薬業発第 362 号",
            "10割負担",
        ] {
            assert!(ranges(&crate::draft::text::fold(s)).is_empty(), "{s}");
        }
    }
}
