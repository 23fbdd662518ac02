//! One instant typed by hand, in JST: 「12/31 3:00」, 「2026-12-31 03:00」, 「令和8年12月31日 3時」 —
//! read with the notices' own grammar, so what staff type reads as a notice would.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};

use super::date::{self, DateError};
use super::grammar::{self, Tok};
use super::text;
use crate::lang::Lang;
use crate::time::{self, Instant};

/// An instant read from a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    /// The instant (typed as JST).
    pub at: Instant,
    /// No year was typed: the next such date on or after the reference day was taken.
    pub year_inferred: bool,
}

/// Why a field cannot be read as a date and time; each holds the text typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhenError {
    /// Nothing typed.
    Empty,
    /// No date at the start (「3:00」 alone, or words).
    NoDate(String),
    /// A date but no time of day.
    NoTime(String),
    /// Something after the date and time that is neither.
    Trailing(String, String),
    /// The date itself cannot be: 2月30日, 令和100年, a weekday that does not match.
    Date(String, String),
}

impl WhenError {
    /// The message for staff, with an example of what reads.
    pub fn label(&self, lang: Lang) -> String {
        const EXAMPLE_JA: &str = "例: 12/31 3:00、2026-12-31 03:00、令和8年12月31日 3時";
        const EXAMPLE_EN: &str = "e.g. 12/31 3:00, 2026-12-31 03:00, 令和8年12月31日 3時";
        match (self, lang) {
            (WhenError::Empty, Lang::Ja) => format!("日時を入力してください（{EXAMPLE_JA}）"),
            (WhenError::Empty, Lang::En) => format!("Enter a date and time ({EXAMPLE_EN})"),
            (WhenError::NoDate(w), Lang::Ja) => {
                format!("「{w}」に日付がありません（{EXAMPLE_JA}）")
            }
            (WhenError::NoDate(w), Lang::En) => format!("No date in “{w}” ({EXAMPLE_EN})"),
            (WhenError::NoTime(w), Lang::Ja) => {
                format!("「{w}」に時刻がありません（{EXAMPLE_JA}）")
            }
            (WhenError::NoTime(w), Lang::En) => {
                format!("No time of day in “{w}” ({EXAMPLE_EN})")
            }
            (WhenError::Trailing(w, rest), Lang::Ja) => {
                format!("「{w}」の「{rest}」が読めません（{EXAMPLE_JA}）")
            }
            (WhenError::Trailing(w, rest), Lang::En) => {
                format!("Cannot read “{rest}” in “{w}” ({EXAMPLE_EN})")
            }
            (WhenError::Date(_, why), Lang::Ja) => why.clone(),
            (WhenError::Date(w, why), Lang::En) => {
                format!("“{w}” is not a date that exists or matches its weekday ({why})")
            }
        }
    }
}

/// Reads one typed date and time, JST. A date without a year is the next such date on or
/// after `reference` (the day the form is filled in): 「1/5」 typed in December is January.
/// `24:00` (and up to `29:59`) is the next day's time, as notices write it. The ISO form
/// `2026-12-31T03:00` that older forms held reads too.
///
/// ```
/// use chrono::NaiveDate;
/// use onshi::draft::when::parse_when;
/// let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
/// let a = parse_when("12/31 3:00", today).unwrap();
/// let b = parse_when("令和8年12月31日 3時", today).unwrap();
/// assert_eq!(a.at, b.at);
/// assert_eq!(a.at.to_rfc3339(), "2026-12-30T18:00:00+00:00");
/// ```
///
/// # Errors
/// A [`WhenError`] when no date and time can be read, or when more than that is typed.
pub fn parse_when(typed: &str, reference: NaiveDate) -> Result<When, WhenError> {
    let written = typed.trim();
    if written.is_empty() {
        return Err(WhenError::Empty);
    }
    // 2026-12-31T03:00: the T stands where a space would.
    let folded = text::fold(written);
    let folded = match folded.find('T') {
        Some(i)
            if folded[..i].ends_with(|c: char| c.is_ascii_digit())
                && folded[i + 1..].starts_with(|c: char| c.is_ascii_digit()) =>
        {
            format!("{} {}", &folded[..i], &folded[i + 1..])
        }
        _ => folded,
    };
    let toks = grammar::tokens(&folded);
    let first = toks
        .iter()
        .position(|t| t.tok != Tok::Gap)
        .ok_or(WhenError::Empty)?;
    let Some((point, next)) = grammar::point(&toks, first) else {
        return Err(WhenError::NoDate(written.to_string()));
    };
    let Some(tok) = point.date.filter(|_| !point.next_day) else {
        return Err(WhenError::NoDate(written.to_string()));
    };
    let Some(clock) = point.time else {
        return Err(WhenError::NoTime(written.to_string()));
    };
    if let Some(rest) = toks[next..]
        .iter()
        .position(|t| !matches!(t.tok, Tok::Gap))
        .map(|k| toks[next + k].start)
    {
        return Err(WhenError::Trailing(
            written.to_string(),
            folded[rest..].trim().to_string(),
        ));
    }
    let date_error = |e: DateError| WhenError::Date(written.to_string(), e.to_string());
    let (day, year_inferred) = if tok.year.is_some() {
        let read = date::resolve(&tok, None).map_err(date_error)?;
        if let Some(why) = read.problem {
            return Err(WhenError::Date(written.to_string(), why));
        }
        (read.date, false)
    } else {
        // The next such date on or after the reference day (29 February may skip years).
        let mut year = reference.year();
        let day = loop {
            match NaiveDate::from_ymd_opt(year, tok.month, tok.day) {
                Some(d) if d >= reference => break d,
                _ if year > reference.year() + 8 => {
                    return Err(date_error(DateError::NoSuchDay(tok.text.clone())))
                }
                _ => year += 1,
            }
        };
        let mut with_year = tok.clone();
        with_year.year = Some(day.year() as u32);
        let read = date::resolve(&with_year, None).map_err(date_error)?;
        if let Some(why) = read.problem {
            return Err(WhenError::Date(written.to_string(), why));
        }
        (day, true)
    };
    let day = day + Duration::days(i64::from(clock.hour / 24));
    let clock = NaiveTime::from_hms_opt(clock.hour % 24, clock.minute, 0)
        .expect("the grammar gives hour <= 29, minute <= 59");
    let at = time::jst_offset()
        .from_local_datetime(&day.and_time(clock))
        .single()
        .expect("a fixed offset has exactly one mapping")
        .with_timezone(&Utc);
    Ok(When { at, year_inferred })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn at(s: &str) -> Instant {
        time::parse_instant(s).unwrap()
    }

    #[test]
    fn every_form_staff_type_is_the_same_instant() {
        let today = day(2026, 12, 3);
        let want = at("2026-12-31T03:00+09:00");
        for typed in [
            "12/31 3:00",
            "2026-12-31 03:00",
            "令和8年12月31日 3時",
            "2026/12/31 3:00",
            "2026年12月31日(木) 3:00",
            "１２／３１　３：００",
            "2026-12-31T03:00",
            "12月31日 午前3時",
            "12/30 27:00",
        ] {
            let got = parse_when(typed, today).unwrap_or_else(|e| panic!("{typed}: {e:?}"));
            assert_eq!(got.at, want, "{typed}");
        }
        assert!(parse_when("12/31 3:00", today).unwrap().year_inferred);
        assert!(!parse_when("2026-12-31 03:00", today).unwrap().year_inferred);
    }

    #[test]
    fn a_date_without_year_is_the_next_one_from_the_reference_day() {
        let today = day(2026, 12, 3);
        assert_eq!(
            parse_when("1/5 22:00", today).unwrap().at,
            at("2027-01-05T22:00+09:00")
        );
        assert_eq!(
            parse_when("12/3 9:00", today).unwrap().at,
            at("2026-12-03T09:00+09:00")
        );
        assert_eq!(
            parse_when("12/2 9:00", today).unwrap().at,
            at("2027-12-02T09:00+09:00")
        );
        assert_eq!(
            parse_when("2/29 0:00", today).unwrap().at,
            at("2028-02-29T00:00+09:00")
        );
    }

    #[test]
    fn what_cannot_be_read_says_why_in_japanese_and_english() {
        let today = day(2026, 12, 3);
        let err = |s: &str| parse_when(s, today).unwrap_err();
        assert_eq!(err("  "), WhenError::Empty);
        assert!(matches!(err("3:00"), WhenError::NoDate(_)));
        assert!(matches!(err("あした 3:00"), WhenError::NoDate(_)));
        assert!(matches!(err("12/31"), WhenError::NoTime(_)));
        assert!(matches!(err("12/31 3:00 ごろか"), WhenError::Trailing(..)));
        assert!(matches!(err("2026-02-30 3:00"), WhenError::Date(..)));
        let wrong_day = err("2026年12月31日(水) 3:00");
        assert!(wrong_day.label(Lang::Ja).contains("曜日"), "{wrong_day:?}");
        let ja = err("12/31").label(Lang::Ja);
        assert!(
            ja.contains("時刻がありません") && ja.contains("12/31 3:00"),
            "{ja}"
        );
        let en = err("12/31").label(Lang::En);
        assert!(en.starts_with("No time of day"), "{en}");
    }
}
