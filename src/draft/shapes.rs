//! The shapes of format v3 in notice text: a deadline (期限, 点検報告), one insurer's fields
//! (保険者), a deadline moved (延長), a monthly rule (毎月). Each value the text leaves open is
//! marked 要確認 with why; nothing is filled in silently.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use regex::Regex;
use serde::Serialize;

use super::date;
use super::grammar::{self, Tok};
use super::text::Line;
use super::values::{DraftKind, Field, Jst, Scope};
use crate::insurer::Field as InsurerField;
use crate::time;

/// What a notice says besides outage windows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Shapes {
    /// Deadlines (`kind = "deadline"`), moved ones included.
    pub deadlines: Vec<DraftDeadline>,
    /// Insurers' data problems (`insurers`, `fields`).
    pub insurers: Vec<DraftInsurer>,
    /// Windows that recur (`rrule`).
    pub recurring: Vec<DraftRecurring>,
}

impl Shapes {
    /// Whether the text holds none of them.
    pub fn is_empty(&self) -> bool {
        self.deadlines.is_empty() && self.insurers.is_empty() && self.recurring.is_empty()
    }

    /// How many values need a second look.
    pub fn review_count(&self) -> usize {
        let mut n = 0;
        for d in &self.deadlines {
            n += [
                d.due.needs_review,
                d.action.needs_review,
                d.scope.needs_review,
            ]
            .iter()
            .filter(|b| **b)
            .count();
            n += usize::from(d.rrule.as_ref().is_some_and(|r| r.needs_review));
            n += usize::from(d.moved);
        }
        for i in &self.insurers {
            n += [
                i.insurers.needs_review,
                i.action.needs_review,
                i.start.needs_review,
                i.end.needs_review,
            ]
            .iter()
            .filter(|b| **b)
            .count();
        }
        for r in &self.recurring {
            n += [
                r.kind.needs_review,
                r.start.needs_review,
                r.rrule.needs_review,
                r.scope.needs_review,
            ]
            .iter()
            .filter(|b| **b)
            .count();
        }
        n
    }
}

/// A deadline read from the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftDeadline {
    /// `deadline`, `deadline-2`, …
    pub id: String,
    /// The first instant after the deadline.
    pub due: Field<Jst>,
    /// What the desk must do: the notice's sentence, always to be shortened by a person.
    pub action: Field<String>,
    /// 全国 when the text says so; otherwise a guess.
    pub scope: Field<Scope>,
    /// For 「毎月…まで」: the rule.
    pub rrule: Option<Field<String>>,
    /// The text extends a deadline (延長): it may be a `[[deadline_moved]]` of another notice.
    pub moved: bool,
    /// The line it was read from (1-based), and that line.
    pub line: usize,
    /// The line as written.
    pub text: String,
}

/// An insurer's data problem read from the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftInsurer {
    /// `insurer`, `insurer-2`, …
    pub id: String,
    /// The insurers named (by name or 保険者番号).
    pub insurers: Field<Vec<String>>,
    /// The fields named, by their Japanese names, in the order of the text.
    pub fields: Vec<String>,
    /// What staff do for those patients.
    pub action: Field<String>,
    /// From when.
    pub start: Field<Jst>,
    /// Until when.
    pub end: Field<Jst>,
    /// The line the dates were read from.
    pub line: usize,
    /// That line as written.
    pub text: String,
}

/// A window that recurs, read from a 「毎月」 or 「毎週」 line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftRecurring {
    /// `monthly`, `monthly-2`, …
    pub id: String,
    /// What it does.
    pub kind: Field<DraftKind>,
    /// The first occurrence (from the notice's date on).
    pub start: Field<Jst>,
    /// The first occurrence's end.
    pub end: Field<Jst>,
    /// The rule.
    pub rrule: Field<String>,
    /// 全国 when the text says so; otherwise a guess.
    pub scope: Field<Scope>,
    /// The line it was read from.
    pub line: usize,
    /// That line as written.
    pub text: String,
}

fn re(s: &str) -> Regex {
    Regex::new(s).expect("the shapes' patterns are valid")
}

fn at(day: NaiveDate, clock: NaiveTime) -> Jst {
    Jst(time::jst_offset()
        .from_local_datetime(&day.and_time(clock))
        .single()
        .expect("JST has no gaps")
        .with_timezone(&Utc))
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

/// A clock time as written, 24:00 and later folded into the next day: (days to add, time).
fn clock(h: u32, m: u32) -> (i64, NaiveTime) {
    (i64::from(h / 24), hm(h % 24, m))
}

/// The first date written on a line, resolved with `context` for a missing year, and the
/// time written right after it, if any.
fn date_on(line: &str, context: Option<NaiveDate>) -> Option<(date::ReadDate, Option<(u32, u32)>)> {
    let toks = grammar::tokens(line);
    let i = toks.iter().position(|t| matches!(t.tok, Tok::Date(_)))?;
    let Tok::Date(d) = &toks[i].tok else {
        return None;
    };
    let read = date::resolve(d, context).ok()?;
    let time = toks[i + 1..]
        .iter()
        .find(|t| !matches!(t.tok, Tok::Gap))
        .and_then(|t| match t.tok {
            Tok::Time(t) => Some((t.hour, t.minute)),
            _ => None,
        });
    Some((read, time))
}

fn scope_of(text: &str) -> Field<Scope> {
    if text.contains("全国") {
        Field::sure(Scope::Nationwide)
    } else {
        Field::review(
            Scope::Nationwide,
            "対象の地域が本文にないので全国としました: 地域を確認してください",
        )
    }
}

fn action_of(raw: &str) -> Field<String> {
    Field::review(
        raw.trim().to_string(),
        "本文の一文をそのまま入れました: するべきことを短く書き直してください",
    )
}

/// Reads the shapes from the lines. `issued`: the notice's date, the context for dates
/// without a year and the start of monthly rules. `window_lines`: the lines outage windows
/// were read from (a range there is a window, not a deadline).
pub fn shapes(lines: &[Line], issued: Option<NaiveDate>, window_lines: &[usize]) -> Shapes {
    let whole: String = lines
        .iter()
        .map(|l| l.norm.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Shapes::default();
    out.insurers.extend(insurer(lines, &whole, issued));
    let insurer_lines: Vec<usize> = out.insurers.iter().map(|i| i.line).collect();
    for l in lines {
        if insurer_lines.contains(&l.no) {
            continue;
        }
        if let Some(r) = recurring(l, issued, &whole) {
            out.recurring.push(r);
            continue;
        }
        if window_lines.contains(&l.no) {
            continue;
        }
        if let Some(d) = deadline(l, issued, &whole) {
            if !out.deadlines.iter().any(|x| x.due == d.due) {
                out.deadlines.push(d);
            }
        }
    }
    let number = |base: &str, i: usize| {
        if i == 0 {
            base.to_string()
        } else {
            format!("{base}-{}", i + 1)
        }
    };
    for (i, d) in out.deadlines.iter_mut().enumerate() {
        d.id = number("deadline", i);
    }
    for (i, d) in out.insurers.iter_mut().enumerate() {
        d.id = number("insurer", i);
    }
    for (i, d) in out.recurring.iter_mut().enumerate() {
        d.id = number("monthly", i);
    }
    out
}

/// 「…期限…」「…点検報告…」 with a date: a deadline; with 「延長」, a deadline moved.
fn deadline(l: &Line, issued: Option<NaiveDate>, whole: &str) -> Option<DraftDeadline> {
    let s = &l.norm;
    // The words of a deadline, not any 「までに」: 「開始までにご準備ください」 is advice.
    let says = ["期限", "点検報告"].iter().any(|w| s.contains(w));
    if !says {
        return None;
    }
    let moved = s.contains("延長");
    let monthly = re(r"毎月\s*(\d{1,2})\s*日\s*(?:(\d{1,2})\s*(?::\s*(\d{2})|時))?");
    if let Some(c) = monthly.captures(s) {
        // 「毎月10日まで」: the next such day from the notice's date on, then monthly.
        let day: u32 = c[1].parse().ok()?;
        let from = issued?;
        let (add, t) = match c.get(2) {
            Some(h) => clock(
                h.as_str().parse().ok()?,
                c.get(3).map_or(0, |m| m.as_str().parse().unwrap_or(0)),
            ),
            None => (1, NaiveTime::MIN),
        };
        let first = (0..13).find_map(|k| {
            let m = from.with_day(1)? + chrono::Months::new(k);
            let d = m.with_day(day)?;
            (d >= from).then_some(d)
        })?;
        let due_day = first + Duration::days(add);
        let mut due = Field::sure(at(due_day, t));
        if c.get(2).is_none() {
            due.flag("時刻が書かれていないので、その日の24:00（翌日0:00）としました");
        }
        return Some(DraftDeadline {
            id: String::new(),
            due,
            action: action_of(&l.raw),
            scope: scope_of(whole),
            rrule: Some(Field::review(
                format!("FREQ=MONTHLY;BYMONTHDAY={};COUNT=12", due_day.day()),
                "終わりが本文にないので12か月分としました: 回数（COUNT）か終わり（UNTIL）を確かめてください",
            )),
            moved,
            line: l.no,
            text: l.raw.clone(),
        });
    }
    let (due, why) = match date_on(s, issued) {
        Some((d, time)) => {
            let (due, mut why) = match time {
                Some((h, m)) => {
                    let (add, t) = clock(h, m);
                    (at(d.date + Duration::days(add), t), None)
                }
                // 「…朝から停止」: the stop starts that day, so the desk must act the day before.
                None if s.contains("から") && s.contains("停止") => (
                    at(d.date, NaiveTime::MIN),
                    Some("停止が始まる日の0:00を期限としました（その前日までに対応）".to_string()),
                ),
                None => (
                    at(d.date + Duration::days(1), NaiveTime::MIN),
                    Some(
                        "時刻が書かれていないので、その日の24:00（翌日0:00）としました".to_string(),
                    ),
                ),
            };
            if let Some(p) = d.problem {
                why = Some(p);
            }
            (due, why)
        }
        None if moved => {
            // 「12日（木）21時まで延長」: a day of the month without its month.
            let c =
                re(r"(\d{1,2})\s*日\s*(?:\([月火水木金土日]\))?\s*(\d{1,2})\s*(?::\s*(\d{2})|時)")
                    .captures(s)?;
            let from = issued?;
            let day = from.with_day(c[1].parse().ok()?)?;
            let (add, t) = clock(
                c[2].parse().ok()?,
                c.get(3).map_or(0, |m| m.as_str().parse().unwrap_or(0)),
            );
            (
                at(day + Duration::days(add), t),
                Some("月が書かれていないので発行日の月としました".to_string()),
            )
        }
        None => return None,
    };
    let mut due = Field::sure(due);
    if let Some(why) = why {
        due.flag(why);
    }
    Some(DraftDeadline {
        id: String::new(),
        due,
        action: action_of(&l.raw),
        scope: scope_of(whole),
        rrule: None,
        moved,
        line: l.no,
        text: l.raw.clone(),
    })
}

/// 「保険者」 and a field of the eligibility data (負担割合, 限度額区分, …): one insurer's data.
fn insurer(lines: &[Line], whole: &str, issued: Option<NaiveDate>) -> Option<DraftInsurer> {
    if !whole.contains("保険者") {
        return None;
    }
    // Only the lines that say something is shown wrong: an outage notice's 「氏名・生年月日」
    // (what to write down) is no insurer's problem.
    let wrong = ["表示", "誤", "不備", "正しく", "欠落"];
    let said: Vec<&Line> = lines
        .iter()
        .filter(|l| wrong.iter().any(|w| l.norm.contains(w)))
        .collect();
    let mut fields: Vec<(usize, usize, InsurerField)> = Vec::new();
    for (f, w) in InsurerField::words() {
        if let Some((no, at)) = said
            .iter()
            .find_map(|l| l.norm.find(w).map(|at| (l.no, at)))
        {
            fields.push((no, at, f));
        }
    }
    if fields.is_empty() {
        return None;
    }
    fields.sort();
    let mut names: Vec<String> = Vec::new();
    for (_, _, f) in fields {
        let name = f.label(crate::lang::Lang::Ja).to_string();
        // 限度額区分 and 限度額適用区分 are one field.
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let who = re(
        r"[\p{Han}\p{Hiragana}\p{Katakana}ー]{1,12}?(?:国民健康保険組合|国民健康保険|国保|後期高齢者医療広域連合|健康保険組合|共済組合|協会けんぽ)",
    );
    let number = re(r"保険者番号\s*[:：]?\s*(\d{8}|\d{6})\b");
    // The first name only: later ones are most often the same insurer shortened
    // (熊本市国保年金課 after 熊本市国民健康保険); a person adds any other.
    let mut insurers: Vec<String> = who
        .find(whole)
        .map(|m| m.as_str().to_string())
        .into_iter()
        .collect();
    insurers.extend(number.captures_iter(whole).map(|c| c[1].to_string()));
    insurers.dedup();
    if insurers.is_empty() {
        // 「保険者」 and a field, but no insurer named: not this shape, as far as the text says.
        return None;
    }
    let insurers = Field::review(
        insurers,
        "保険者は本文から読み取りました: 正式名称か保険者番号を確かめてください",
    );
    let action = lines
        .iter()
        .find(|l| {
            ["電話", "問い合わせ", "問合せ", "お問い合わせ"]
                .iter()
                .any(|w| l.norm.contains(w))
        })
        .map_or_else(
            || {
                Field::review(
                    "保険者に確認する".to_string(),
                    "対応が本文にありません: 書き足してください",
                )
            },
            |l| action_of(&l.raw),
        );
    // The span: the first range on a line, else the first date (that whole day).
    let mut context = issued;
    for l in lines {
        if let Some(r) = grammar::ranges(&l.norm).first() {
            let (Some(sd), end_date) = (r.start.date.as_ref(), r.end.date.as_ref()) else {
                continue;
            };
            let Ok(s) = date::resolve(sd, context) else {
                continue;
            };
            context = Some(s.date);
            let e = match end_date {
                Some(ed) => date::resolve(ed, context).ok().map(|d| d.date),
                None => Some(s.date),
            }
            .unwrap_or(s.date);
            let start_t = r.start.time.map(|t| clock(t.hour, t.minute));
            let end_t = r.end.time.map(|t| clock(t.hour, t.minute));
            let start = match start_t {
                Some((add, t)) => Field::sure(at(s.date + Duration::days(add), t)),
                None => Field::review(
                    at(s.date, NaiveTime::MIN),
                    "時刻が書かれていないので、その日の0:00からとしました",
                ),
            };
            let end = match end_t {
                Some((add, t)) => Field::sure(at(e + Duration::days(add), t)),
                None => Field::review(
                    at(e + Duration::days(1), NaiveTime::MIN),
                    "時刻が書かれていないので、その日の終わり（24:00）までとしました",
                ),
            };
            return Some(DraftInsurer {
                id: String::new(),
                insurers,
                fields: names,
                action,
                start,
                end,
                line: l.no,
                text: l.raw.clone(),
            });
        }
    }
    let (l, d) = lines
        .iter()
        .find_map(|l| date_on(&l.norm, issued).map(|(d, _)| (l, d)))?;
    Some(DraftInsurer {
        id: String::new(),
        insurers,
        fields: names,
        action,
        start: Field::review(
            at(d.date, NaiveTime::MIN),
            "期間が本文にないので、この日の0:00からとしました",
        ),
        end: Field::review(
            at(d.date + Duration::days(1), NaiveTime::MIN),
            "終わりが本文にないので、この日の終わりまでとしました",
        ),
        line: l.no,
        text: l.raw.clone(),
    })
}

/// 「毎月第1水曜日 18:00〜21:00」, 「毎月5日 8:00〜21:00」, 「毎週水曜日 …」: a recurring window.
fn recurring(l: &Line, issued: Option<NaiveDate>, whole: &str) -> Option<DraftRecurring> {
    let s = &l.norm;
    if !s.contains("毎月") && !s.contains("毎週") {
        return None;
    }
    let times =
        re(r"(\d{1,2})\s*(?::\s*(\d{2})|時)\s*(?:~|-|から)\s*(\d{1,2})\s*(?::\s*(\d{2})|時)")
            .captures(s)?;
    let n = |i: usize| {
        times
            .get(i)
            .map_or(0, |m| m.as_str().parse::<u32>().unwrap_or(0))
    };
    let (sh, sm, eh, em) = (n(1), n(2), n(3), n(4));
    let from = issued?;
    let weekday = |c: &str| -> Option<(Weekday, &'static str)> {
        Some(match c {
            "月" => (Weekday::Mon, "MO"),
            "火" => (Weekday::Tue, "TU"),
            "水" => (Weekday::Wed, "WE"),
            "木" => (Weekday::Thu, "TH"),
            "金" => (Weekday::Fri, "FR"),
            "土" => (Weekday::Sat, "SA"),
            "日" => (Weekday::Sun, "SU"),
            _ => return None,
        })
    };
    let (first, rule) =
        if let Some(c) = re(r"毎月\s*第\s*([1-5])\s*([月火水木金土日])曜").captures(s) {
            let k: u8 = c[1].parse().ok()?;
            let (wd, code) = weekday(&c[2])?;
            let first = (0..13).find_map(|m| {
                let month = from.with_day(1)? + chrono::Months::new(m);
                let d = NaiveDate::from_weekday_of_month_opt(month.year(), month.month(), wd, k)?;
                (d >= from).then_some(d)
            })?;
            (first, format!("FREQ=MONTHLY;BYDAY={k}{code};COUNT=12"))
        } else if let Some(c) = re(r"毎月\s*(\d{1,2})\s*日").captures(s) {
            let day: u32 = c[1].parse().ok()?;
            let first = (0..13).find_map(|m| {
                let d = (from.with_day(1)? + chrono::Months::new(m)).with_day(day)?;
                (d >= from).then_some(d)
            })?;
            (first, format!("FREQ=MONTHLY;BYMONTHDAY={day};COUNT=12"))
        } else if let Some(c) = re(r"毎週\s*([月火水木金土日])曜").captures(s) {
            let (wd, code) = weekday(&c[1])?;
            let first = (0..7)
                .map(|k| from + Duration::days(k))
                .find(|d| d.weekday() == wd)?;
            (first, format!("FREQ=WEEKLY;BYDAY={code};COUNT=52"))
        } else {
            return None;
        };
    let (sa, st) = clock(sh, sm);
    let (ea, et) = clock(eh, em);
    let start = at(first + Duration::days(sa), st);
    let mut end = at(first + Duration::days(ea), et);
    if end <= start {
        end = Jst(end.0 + Duration::days(1));
    }
    let kind = if s.contains("断続") || s.contains("数分") {
        Field::sure(DraftKind::Intermittent)
    } else if s.contains("停止") || s.contains("メンテナンス") || s.contains("通信断") {
        Field::sure(DraftKind::Full)
    } else {
        Field::review(
            DraftKind::Full,
            "種類が本文にないので長時間の停止（full）としました",
        )
    };
    Some(DraftRecurring {
        id: String::new(),
        kind,
        start: Field::review(
            start,
            "最初の回は発行日以降の最初の該当日としました: 確かめてください",
        ),
        end: Field::sure(end),
        rrule: Field::review(
            rule,
            "終わりが本文にないので回数（COUNT）を仮に決めました: 確かめてください",
        ),
        scope: scope_of(whole),
        line: l.no,
        text: l.raw.clone(),
    })
}

/// One line per shape for stderr, as for windows.
pub fn summary(s: &Shapes) -> Vec<String> {
    let whys = |fs: &[&Option<String>]| -> String {
        let w: Vec<&str> = fs.iter().filter_map(|w| w.as_deref()).collect();
        if w.is_empty() {
            String::new()
        } else {
            format!(" 要確認: {}", w.join("; "))
        }
    };
    let mut out = Vec::new();
    for d in &s.deadlines {
        out.push(format!(
            "deadline {}: due {}{}{} (line {}){}",
            d.id,
            d.due.value,
            d.rrule
                .as_ref()
                .map(|r| format!(" {}", r.value))
                .unwrap_or_default(),
            if d.moved { " 延長" } else { "" },
            d.line,
            whys(&[
                &d.due.why,
                &d.action.why,
                &d.scope.why,
                &d.rrule.as_ref().and_then(|r| r.why.clone())
            ])
        ));
    }
    for i in &s.insurers {
        out.push(format!(
            "insurer {}: {} [{}] {} – {} (line {}){}",
            i.id,
            i.insurers.value.join("・"),
            i.fields.join("・"),
            i.start.value,
            i.end.value,
            i.line,
            whys(&[&i.insurers.why, &i.action.why, &i.start.why, &i.end.why])
        ));
    }
    for r in &s.recurring {
        out.push(format!(
            "window {}: {} {} – {} {} (line {}){}",
            r.id,
            r.kind.value.code(),
            r.start.value,
            r.end.value,
            r.rrule.value,
            r.line,
            whys(&[&r.kind.why, &r.start.why, &r.rrule.why, &r.scope.why])
        ));
    }
    out
}

/// A TOML string, quoted and escaped.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn review<T>(out: &mut String, f: &Field<T>) {
    if let (true, Some(why)) = (f.needs_review, &f.why) {
        out.push_str(&format!("# 要確認: {}\n", comment(why)));
    }
}

fn scope_line(out: &mut String, f: &Field<Scope>) {
    review(out, f);
    out.push_str(match f.value {
        Scope::Nationwide => "nationwide = true\n",
        // The shapes read only 全国; a region or list is written by hand.
        _ => "nationwide = true\n",
    });
}

/// The shapes as `[[window]]` tables of the notice file, each value that needs a second look
/// with its `# 要確認:` line. A moved deadline is written as a deadline of its own, with the
/// `[[deadline_moved]]` to use instead when the notice revises another one.
pub fn render(s: &Shapes, out: &mut String) {
    for d in &s.deadlines {
        out.push_str(&format!(
            "\n# line {}: {}\n",
            d.line,
            comment(d.text.trim())
        ));
        if d.moved {
            out.push_str(&format!(
                "# 要確認: 期限の延長です。元の期限のお知らせの改訂なら、そのお知らせの id と次の revision で、\n\
                 # この [[window]] の代わりに次を書いてください:\n\
                 # [[deadline_moved]]\n\
                 # deadline = \"（元のお知らせの期限の id）\"\n\
                 # from = （元の期限）\n\
                 # to = {}\n",
                d.due.value
            ));
        }
        out.push_str(&format!(
            "[[window]]\nid = {}\nkind = \"deadline\"\n",
            quote(&d.id)
        ));
        scope_line(out, &d.scope);
        review(out, &d.due);
        out.push_str(&format!("due = {}\n", d.due.value));
        if let Some(r) = &d.rrule {
            review(out, r);
            out.push_str(&format!("rrule = {}\n", quote(&r.value)));
        }
        review(out, &d.action);
        out.push_str(&format!("action = {}\n", quote(&d.action.value)));
    }
    for i in &s.insurers {
        out.push_str(&format!(
            "\n# line {}: {}\n",
            i.line,
            comment(i.text.trim())
        ));
        out.push_str(&format!(
            "[[window]]\nid = {}\nkind = \"partial\"\n",
            quote(&i.id)
        ));
        review(out, &i.insurers);
        let names: Vec<String> = i.insurers.value.iter().map(|n| quote(n)).collect();
        out.push_str(&format!("insurers = [{}]\n", names.join(", ")));
        let fields: Vec<String> = i.fields.iter().map(|n| quote(n)).collect();
        out.push_str(&format!("fields = [{}]\n", fields.join(", ")));
        review(out, &i.start);
        out.push_str(&format!("start = {}\n", i.start.value));
        review(out, &i.end);
        out.push_str(&format!("end = {}\n", i.end.value));
        review(out, &i.action);
        out.push_str(&format!("action = {}\n", quote(&i.action.value)));
    }
    for r in &s.recurring {
        out.push_str(&format!(
            "\n# line {}: {}\n",
            r.line,
            comment(r.text.trim())
        ));
        out.push_str(&format!("[[window]]\nid = {}\n", quote(&r.id)));
        review(out, &r.kind);
        out.push_str(&format!("kind = {}\n", quote(r.kind.value.code())));
        scope_line(out, &r.scope);
        review(out, &r.start);
        out.push_str(&format!("start = {}\n", r.start.value));
        out.push_str(&format!("end = {}\n", r.end.value));
        review(out, &r.rrule);
        out.push_str(&format!("rrule = {}\n", quote(&r.rrule.value)));
    }
}
