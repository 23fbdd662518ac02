//! Dates as notices write them: 和暦 (令和・平成) and 西暦, with the weekday checked.

use chrono::{Datelike, NaiveDate, Weekday};

use super::grammar::{self, DateTok, Tok};
use super::weekday::weekday_ja;

/// 令和 starts on 2019-05-01 (令和元年), 平成 on 1989-01-08 and ends on 2019-04-30.
pub fn era_year(era: &str, year: u32) -> Option<i32> {
    if year == 0 || year > 99 {
        return None;
    }
    match era {
        "令和" => Some(2018 + year as i32),
        "平成" => Some(1988 + year as i32),
        _ => None,
    }
}

/// Whether a date lies inside its era (`令和1年4月1日` does not: that is 平成31年).
pub fn in_era(era: &str, date: NaiveDate) -> bool {
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a fixed, valid date");
    match era {
        "令和" => date >= ymd(2019, 5, 1),
        "平成" => date >= ymd(1989, 1, 8) && date <= ymd(2019, 4, 30),
        _ => true,
    }
}

/// A date read from the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadDate {
    /// The calendar date (JST).
    pub date: NaiveDate,
    /// The year was not written; it was taken from the text around the date.
    pub year_inferred: bool,
    /// The weekday written in brackets, if any.
    pub weekday: Option<Weekday>,
    /// Why the date needs a second look (a weekday that does not match, an era out of range).
    pub problem: Option<String>,
}

/// Resolves a date token: `context_year` is the year of the latest date written with a year
/// before it (a date without a year earlier in the month than `context_month` is the next year).
///
/// # Errors
/// A [`DateError`] when the era is unknown, the year is neither written nor known from
/// `context`, the year is outside 1989–2099, or the day does not exist.
pub fn resolve(tok: &DateTok, context: Option<NaiveDate>) -> Result<ReadDate, DateError> {
    let written = tok.text.trim();
    let (year, inferred) = match (tok.era.as_deref(), tok.year) {
        (Some(era), Some(y)) => (
            era_year(era, y).ok_or_else(|| DateError::UnknownEra(written.to_string()))?,
            false,
        ),
        (None, Some(y)) => (y as i32, false),
        (_, None) => {
            let c = context.ok_or_else(|| DateError::YearUnknown(written.to_string()))?;
            let y = if tok.month < c.month() {
                c.year() + 1
            } else {
                c.year()
            };
            (y, true)
        }
    };
    // Notices of these services are dated from 平成 on; a year far outside is a misreading.
    if !(1989..=2099).contains(&year) {
        return Err(DateError::ImplausibleYear(written.to_string(), year));
    }
    let date = NaiveDate::from_ymd_opt(year, tok.month, tok.day)
        .ok_or_else(|| DateError::NoSuchDay(written.to_string()))?;
    let mut problem = None;
    if let Some(era) = tok.era.as_deref() {
        if !in_era(era, date) {
            problem = Some(format!(
                "「{written}」は{era}の期間外です（{date}）: 元号を確認してください"
            ));
        }
    }
    if let Some(w) = tok.weekday {
        if w != date.weekday() {
            problem = Some(format!(
                "曜日が合いません: 本文は（{}）ですが {date} は{}曜日です",
                weekday_ja(w),
                weekday_ja(date.weekday())
            ));
        }
    }
    if inferred && problem.is_none() && tok.weekday.is_none() {
        problem = Some(format!("「{written}」には年がないので {year} 年としました"));
    }
    Ok(ReadDate {
        date,
        year_inferred: inferred,
        weekday: tok.weekday,
        problem,
    })
}

/// Reads one date written on its own, such as `令和元年5月1日（水）`, `令和６年１２月３１日（火）`
/// or `2024年12月31日(火)`. The weekday, when given, is checked.
///
/// ```
/// use onshi::draft::date::parse_date;
/// let d = parse_date("令和元年5月1日（水）").unwrap();
/// assert_eq!(d.date.to_string(), "2019-05-01");
/// assert!(d.problem.is_none());
/// let wrong = parse_date("令和６年１２月３１日（水）").unwrap();
/// assert!(wrong.problem.unwrap().contains("曜日"));
/// ```
///
/// # Errors
/// A [`DateError`] when the text holds no complete date, or [`resolve`] refuses it.
pub fn parse_date(text: &str) -> Result<ReadDate, DateError> {
    let folded = super::text::fold(text);
    let toks = grammar::tokens(&folded);
    let tok = toks
        .iter()
        .find_map(|t| match &t.tok {
            Tok::Date(d) => Some(d),
            _ => None,
        })
        .ok_or_else(|| DateError::NoDate(text.to_string()))?;
    if tok.year.is_none() {
        return Err(DateError::NoYear(text.to_string()));
    }
    resolve(tok, None)
}

/// A date that [`resolve`] or [`parse_date`] cannot read; each holds the text concerned.
/// Displayed in Japanese for resolving (it becomes a note in the draft), in English for
/// [`parse_date`]'s own checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// The era's year cannot be read: 「…」の年が読めません.
    UnknownEra(String),
    /// No year is written, and no earlier date gives one.
    YearUnknown(String),
    /// The year (second field) is outside 1989–2099: surely a misreading.
    ImplausibleYear(String, i32),
    /// The month and day do not exist in that year, e.g. 2月30日.
    NoSuchDay(String),
    /// [`parse_date`]: the text holds no date.
    NoDate(String),
    /// [`parse_date`]: the date has no year.
    NoYear(String),
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateError::UnknownEra(w) => write!(f, "「{w}」の年が読めません"),
            DateError::YearUnknown(w) => {
                write!(
                    f,
                    "「{w}」には年がなく、本文のほかの日付からも年が分かりません"
                )
            }
            DateError::ImplausibleYear(w, year) => {
                write!(f, "「{w}」の年 {year} は読み違いのようです")
            }
            DateError::NoSuchDay(w) => write!(f, "「{w}」は存在しない日付です"),
            DateError::NoDate(text) => write!(f, "no date in {text:?}"),
            DateError::NoYear(text) => write!(f, "no year in {text:?}"),
        }
    }
}

impl std::error::Error for DateError {}
