//! Instants and how they are shown to staff: always in JST, whatever the PC's time zone.

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::{Asia::Tokyo, Tz};

use crate::lang::Lang;

/// An absolute instant. Every comparison in this crate is between `Instant`s, so the
/// answer never depends on the time zone of the PC it runs on.
pub type Instant = DateTime<Utc>;

/// The instant in Japan Standard Time (UTC+9; Japan has no daylight saving time).
pub fn to_jst(t: Instant) -> DateTime<Tz> {
    t.with_timezone(&Tokyo)
}

/// The instant as RFC 3339 with the `+09:00` offset: `2024-12-31T03:00:00+09:00`.
pub fn rfc3339_jst(t: Instant) -> String {
    t.with_timezone(&jst_offset()).to_rfc3339()
}

/// UTC+9 as a fixed offset.
pub fn jst_offset() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset")
}

/// Parses an instant given on a command line.
///
/// Accepts RFC 3339 (`2024-12-31T03:30:00+09:00`, `2024-12-30T18:30:00Z`), the same
/// without seconds (`2024-12-31T03:30+09:00`), and — because staff think in JST — a
/// date and time with no offset (`2024-12-31T03:30`, `2024-12-31 03:30`), read as JST.
///
/// ```
/// let a = onshi::time::parse_instant("2024-12-31T03:30+09:00").unwrap();
/// let b = onshi::time::parse_instant("2024-12-30T18:30:00Z").unwrap();
/// let c = onshi::time::parse_instant("2024-12-31 03:30").unwrap();
/// assert_eq!(a, b);
/// assert_eq!(a, c);
/// ```
///
/// # Errors
/// A [`TimeError`] when `input` is in none of these forms, or names second 60; its
/// message says which forms are accepted.
///
/// ```
/// let err = onshi::time::parse_instant("tomorrow 3am").unwrap_err();
/// assert_eq!(err.input, "tomorrow 3am");
/// assert!(err.to_string().contains("2024-12-31T03:30:00+09:00"));
/// ```
pub fn parse_instant(input: &str) -> Result<Instant, TimeError> {
    let t = parse_any_second(input)?;
    // chrono reads :60 as a leap second and shows it as :59; notice files refuse it, so do we.
    if t.nanosecond() >= 1_000_000_000 {
        return Err(TimeError {
            input: input.to_string(),
            second_60: true,
        });
    }
    Ok(t)
}

fn parse_any_second(input: &str) -> Result<Instant, TimeError> {
    let s = input.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%d %H:%M:%S%:z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return Ok(t.with_timezone(&Utc));
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(jst_offset()
                .from_local_datetime(&naive)
                .single()
                .expect("a fixed offset has exactly one mapping")
                .with_timezone(&Utc));
        }
    }
    Err(TimeError {
        input: input.to_string(),
        second_60: false,
    })
}

/// A time that [`parse_instant`] cannot read.
///
/// Displays as one line for staff that shows the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeError {
    /// The text as given.
    pub input: String,
    /// The text is a time, but with second 60 (a leap second), which no notice uses.
    pub second_60: bool,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.second_60 {
            return write!(
                f,
                "cannot read the time {:?}: second 60 does not exist here; write it as 2024-12-31T23:59:59+09:00 or 2025-01-01T00:00+09:00",
                self.input
            );
        }
        write!(
            f,
            "cannot read the time {:?}: write it as 2024-12-31T03:30:00+09:00 (RFC 3339), or 2024-12-31T03:30 for JST",
            self.input
        )
    }
}

impl std::error::Error for TimeError {}

const WEEKDAYS_JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];

/// Date and time in JST for staff: `12月31日(火) 3:00` / `Tue 31 Dec 03:00`.
pub fn date_time_label(t: Instant, lang: Lang) -> String {
    let j = to_jst(t);
    match lang {
        Lang::Ja => format!(
            "{}月{}日({}) {}",
            j.month(),
            j.day(),
            WEEKDAYS_JA[j.weekday().num_days_from_monday() as usize],
            clock_label(t, lang)
        ),
        Lang::En => format!("{} {}", j.format("%a %-d %b"), clock_label(t, lang)),
    }
}

/// Date and time in JST with the year, always: `2024年12月31日(火) 3:00` /
/// `Tue 31 Dec 2024 03:00` — for what is kept on paper (the sheet) and for dates of
/// another year than the one the desk is in.
pub fn date_time_label_year(t: Instant, lang: Lang) -> String {
    let year = to_jst(t).year();
    match lang {
        Lang::Ja => format!("{year}年{}", date_time_label(t, lang)),
        Lang::En => {
            let label = date_time_label(t, lang);
            // `Tue 31 Dec 03:00` → `Tue 31 Dec 2024 03:00`.
            match label.rsplit_once(' ') {
                Some((date, clock)) => format!("{date} {year} {clock}"),
                None => label,
            }
        }
    }
}

/// [`date_time_label`], with the year when `t` is not in the JST year of `now`: 「12月31日(火)」
/// of 2024 must not read as this year's.
///
/// ```
/// use onshi::{time::{dated_label, parse_instant as t}, Lang};
/// let now = t("2026-12-03T10:00+09:00").unwrap();
/// assert_eq!(dated_label(t("2026-12-31T03:00+09:00").unwrap(), now, Lang::Ja), "12月31日(木) 3:00");
/// assert_eq!(dated_label(t("2024-12-31T03:00+09:00").unwrap(), now, Lang::Ja), "2024年12月31日(火) 3:00");
/// ```
pub fn dated_label(t: Instant, now: Instant, lang: Lang) -> String {
    if to_jst(t).year() == to_jst(now).year() {
        date_time_label(t, lang)
    } else {
        date_time_label_year(t, lang)
    }
}

/// [`range_label`], with the year on the start when `with_year`, and on the end too when
/// its year differs from the start's: `2024年12月31日(火) 8:00 〜 2025年1月1日(水) 3:00`.
pub fn range_label_year(start: Instant, end: Instant, with_year: bool, lang: Lang) -> String {
    if !with_year {
        return range_label(start, end, lang);
    }
    let (s, e) = (to_jst(start), to_jst(end));
    let end_label = if s.date_naive() == e.date_naive() {
        clock_label(end, lang)
    } else if s.year() == e.year() {
        date_time_label(end, lang)
    } else {
        date_time_label_year(end, lang)
    };
    format!(
        "{}{}{end_label}",
        date_time_label_year(start, lang),
        lang.pick(" 〜 ", " – ")
    )
}

/// Time of day in JST: `3:00` / `03:00`, with seconds only when they are not zero.
pub fn clock_label(t: Instant, lang: Lang) -> String {
    let j = to_jst(t);
    let hm = match lang {
        Lang::Ja => format!("{}:{:02}", j.hour(), j.minute()),
        Lang::En => format!("{:02}:{:02}", j.hour(), j.minute()),
    };
    if j.second() == 0 {
        hm
    } else {
        format!("{hm}:{:02}", j.second())
    }
}

/// A window's span for staff, with the end's date only when it differs from the start's:
/// `12月31日(火) 8:00 〜 1月1日(水) 3:00`, `12月31日(火) 3:00 〜 5:20`.
pub fn range_label(start: Instant, end: Instant, lang: Lang) -> String {
    let same_day = to_jst(start).date_naive() == to_jst(end).date_naive();
    let end_label = if same_day {
        clock_label(end, lang)
    } else {
        date_time_label(end, lang)
    };
    match lang {
        Lang::Ja => format!("{} 〜 {}", date_time_label(start, lang), end_label),
        Lang::En => format!("{} – {}", date_time_label(start, lang), end_label),
    }
}

/// `（予定）` / ` (planned)` when a time is only announced as planned (予定).
pub fn tentative_mark(tentative: bool, lang: Lang) -> &'static str {
    match (tentative, lang) {
        (false, _) => "",
        (true, Lang::Ja) => "（予定）",
        (true, Lang::En) => " (planned)",
    }
}

/// A length of time for staff: `1時間50分` / `1 h 50 min`, rounded down to the minute.
pub fn duration_label(d: chrono::Duration, lang: Lang) -> String {
    let minutes = d.num_minutes().max(0);
    let (h, m) = (minutes / 60, minutes % 60);
    match (lang, h, m) {
        (Lang::Ja, 0, m) => format!("{m}分"),
        (Lang::Ja, h, 0) => format!("{h}時間"),
        (Lang::Ja, h, m) => format!("{h}時間{m}分"),
        (Lang::En, 0, m) => format!("{m} min"),
        (Lang::En, h, 0) => format!("{h} h"),
        (Lang::En, h, m) => format!("{h} h {m} min"),
    }
}

/// Serde helper: an [`Instant`] as RFC 3339 in JST.
pub fn serialize_jst<S: serde::Serializer>(t: &Instant, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339_jst(*t))
}

/// Serde both ways (`#[serde(with = "crate::time::jst")]`): an [`Instant`] as RFC 3339 in
/// JST, read back from any RFC 3339 offset — what the small record files keep.
pub mod jst {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::Instant;

    /// Writes RFC 3339 in JST.
    pub fn serialize<S: Serializer>(t: &Instant, s: S) -> Result<S::Ok, S::Error> {
        super::serialize_jst(t, s)
    }

    /// Reads RFC 3339 with any offset.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Instant, D::Error> {
        let text = String::deserialize(d)?;
        chrono::DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&chrono::Utc))
            .map_err(serde::de::Error::custom)
    }
}

/// Serde helper: an optional [`Instant`] as RFC 3339 in JST, or `null`.
pub fn serialize_jst_opt<S: serde::Serializer>(
    t: &Option<Instant>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&rfc3339_jst(*t)),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Instant {
        parse_instant(s).unwrap()
    }

    #[test]
    fn labels_are_in_jst_whatever_the_input_offset() {
        let t = at("2024-12-30T18:00:00Z");
        assert_eq!(date_time_label(t, Lang::Ja), "12月31日(火) 3:00");
        assert_eq!(date_time_label(t, Lang::En), "Tue 31 Dec 03:00");
        assert_eq!(rfc3339_jst(t), "2024-12-31T03:00:00+09:00");
    }

    #[test]
    fn range_crossing_midnight_names_the_second_date() {
        let (s, e) = (at("2024-12-31T08:00+09:00"), at("2025-01-01T03:00+09:00"));
        assert_eq!(
            range_label(s, e, Lang::Ja),
            "12月31日(火) 8:00 〜 1月1日(水) 3:00"
        );
        let (s, e) = (at("2024-12-31T03:00+09:00"), at("2024-12-31T05:20+09:00"));
        assert_eq!(range_label(s, e, Lang::Ja), "12月31日(火) 3:00 〜 5:20");
    }

    #[test]
    fn garbage_is_an_error_that_shows_the_form() {
        let err = parse_instant("tomorrow 3am").unwrap_err().to_string();
        assert!(err.contains("2024-12-31T03:30:00+09:00"), "{err}");
    }

    #[test]
    fn a_leap_second_is_refused_as_notice_files_refuse_it() {
        for s in [
            "2024-12-31T23:59:60+09:00",
            "2024-12-31T23:59:60",
            "2024-12-31 23:59:60",
        ] {
            let err = parse_instant(s).unwrap_err();
            assert!(err.to_string().contains("second 60"), "{s}: {err}");
        }
        assert!(parse_instant("2024-12-31T23:59:59+09:00").is_ok());
    }

    #[test]
    fn durations() {
        let d = chrono::Duration::minutes(110);
        assert_eq!(duration_label(d, Lang::Ja), "1時間50分");
        assert_eq!(duration_label(d, Lang::En), "1 h 50 min");
    }
}
