//! A facility's opening hours (受付時間) per weekday, with 祝日 apart: when someone is at
//! the desk to read a reminder.
//!
//! Written the same way in `settings.toml`, the policy and on the command line:
//!
//! - a table: `opening_hours = { weekdays = "9:00-18:00", saturday = "9:00-13:00",
//!   sunday = "closed", holidays = "closed" }` — keys `weekdays` (月–金), `monday` …
//!   `sunday` (a day named alone wins over `weekdays`), `holidays` (祝日, whatever the
//!   weekday); values a range `9:00-18:00`, several with a lunch break
//!   `9:00-12:30,14:00-18:00`, or `closed` (休み);
//! - one line of text: the same `key=value` pairs, separated by `;` or spaces
//!   (`weekdays=9:00-18:00; saturday=9:00-13:00`), or a bare range for 月–金 alone.
//!
//! A day that is not given is closed: what is written is all that is open.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Weekday};
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::facility::Facility;
use crate::holidays::is_holiday;
use crate::lang::Lang;
use crate::time::{jst_offset, to_jst, Instant};

/// One stretch of a day the desk is open, `[open, close)` on the clock in JST.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    /// When the desk opens.
    pub open: NaiveTime,
    /// When it closes (the first minute it is closed).
    pub close: NaiveTime,
}

/// When the desk is open: the periods of each weekday (Monday first) and of 祝日.
///
/// ```
/// use onshi::opening_hours::OpeningHours;
/// let h: OpeningHours = "weekdays=9:00-18:00; saturday=9:00-13:00".parse().unwrap();
/// assert_eq!(h.to_string(), "weekdays=9:00-18:00; saturday=9:00-13:00");
/// assert_eq!("9:00-18:00".parse::<OpeningHours>().unwrap().to_string(), "weekdays=9:00-18:00");
/// let err = "weekdays=18:00-9:00".parse::<OpeningHours>().unwrap_err();
/// assert!(err.to_string().contains("18:00-9:00"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpeningHours {
    /// Monday … Sunday, then 祝日 at [`HOLIDAYS`]: one small value to carry around.
    days: Vec<Vec<Period>>,
}

/// Where the 祝日 periods are in [`OpeningHours`]'s list.
const HOLIDAYS: usize = 7;

/// Opening hours that cannot be read: what was given, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpeningHoursError(pub String);

impl fmt::Display for OpeningHoursError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "opening hours: {} (write e.g. weekdays=9:00-18:00; saturday=9:00-13:00; sunday=closed; holidays=closed)",
            self.0
        )
    }
}

impl std::error::Error for OpeningHoursError {}

/// The keys in the order they are written back, with the days each stands for.
const DAY_KEYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// The keys that may be written, English or Japanese.
const KEYS: &str = "weekdays, monday … sunday, holidays (平日, 月 … 日, 祝)";

impl OpeningHours {
    /// Nothing open: a desk with these hours gets no reminder in its hours.
    pub fn closed() -> OpeningHours {
        OpeningHours {
            days: vec![Vec::new(); 8],
        }
    }

    /// The hours a facility of this type usually keeps, until staff say otherwise:
    /// 月–金 9:00–18:00 and 土 9:00–13:00 (歯科 月–金 until 19:00), 日・祝 closed.
    ///
    /// ```
    /// use onshi::{opening_hours::OpeningHours, Facility};
    /// assert_eq!(OpeningHours::default_for(Facility::Clinic).to_string(),
    ///     "weekdays=9:00-18:00; saturday=9:00-13:00");
    /// ```
    pub fn default_for(facility: Facility) -> OpeningHours {
        let text = match facility {
            Facility::Clinic | Facility::Pharmacy => "weekdays=9:00-18:00; saturday=9:00-13:00",
            Facility::Dental => "weekdays=9:00-19:00; saturday=9:00-13:00",
        };
        text.parse().expect("the defaults are valid")
    }

    /// From `(key, value)` pairs as the table form gives them.
    ///
    /// # Errors
    /// The first unknown key, value that is neither a range nor `closed`, or range that
    /// does not run forward.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<OpeningHours, OpeningHoursError> {
        let mut h = OpeningHours::closed();
        let mut weekdays: Option<Vec<Period>> = None;
        let mut single: Vec<(Weekday, Vec<Period>)> = Vec::new();
        for (key, value) in pairs {
            let periods = parse_periods(value)?;
            match key.trim() {
                "weekdays" | "平日" => weekdays = Some(periods),
                "holidays" | "祝" | "祝日" => h.days[HOLIDAYS] = periods,
                other => {
                    let day = DAY_KEYS
                        .iter()
                        .zip(["月", "火", "水", "木", "金", "土", "日"])
                        .find(|((en, _), ja)| *en == other || *ja == other)
                        .map(|((_, d), _)| *d)
                        .ok_or_else(|| {
                            OpeningHoursError(format!("unknown key {other:?}: use {KEYS}"))
                        })?;
                    single.push((day, periods));
                }
            }
        }
        if let Some(w) = weekdays {
            for d in 0..5 {
                h.days[d] = w.clone();
            }
        }
        for (day, periods) in single {
            h.days[day.num_days_from_monday() as usize] = periods;
        }
        Ok(h)
    }

    /// The periods of `day`: its weekday's, or the 祝日 ones on a public holiday. A day
    /// past the holiday table counts by its weekday (not known to be a holiday).
    pub fn periods_on(&self, day: NaiveDate) -> &[Period] {
        if is_holiday(day) == Some(true) {
            &self.days[HOLIDAYS]
        } else {
            &self.days[day.weekday().num_days_from_monday() as usize]
        }
    }

    /// Whether nothing is ever open.
    pub fn is_closed(&self) -> bool {
        self.days.iter().all(Vec::is_empty)
    }

    /// The last opening period that has closed by `t` (its close at or before `t`),
    /// looking back at most `days` days: `(opens, closes)` as instants.
    ///
    /// ```
    /// use onshi::{opening_hours::OpeningHours, time::parse_instant as t};
    /// let h: OpeningHours = "9:00-18:00".parse().unwrap();
    /// // 2024-12-31 03:00 (Tue): Monday 12/30 closed at 18:00.
    /// let (_, close) = h.last_close_before(t("2024-12-31T03:00+09:00").unwrap(), 7).unwrap();
    /// assert_eq!(close, t("2024-12-30T18:00+09:00").unwrap());
    /// // 2024-12-30 09:30 (Mon): the Friday before, the weekend being closed.
    /// let (_, close) = h.last_close_before(t("2024-12-30T09:30+09:00").unwrap(), 7).unwrap();
    /// assert_eq!(close, t("2024-12-27T18:00+09:00").unwrap());
    /// ```
    pub fn last_close_before(&self, t: Instant, days: u32) -> Option<(Instant, Instant)> {
        let first = to_jst(t).date_naive();
        (0..=i64::from(days))
            .map(|back| first - Duration::days(back))
            .find_map(|day| {
                self.periods_on(day)
                    .iter()
                    .rev()
                    .map(|p| (at(day, p.open), at(day, p.close)))
                    .find(|(_, close)| *close <= t)
            })
    }

    /// For staff: `月〜金 9:00〜18:00、土 9:00〜13:00、日・祝 休み`.
    pub fn label(&self, lang: Lang) -> String {
        const JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
        const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        let names = match lang {
            Lang::Ja => JA,
            Lang::En => EN,
        };
        let (to, and, closed) = match lang {
            Lang::Ja => ("〜", "・", "休み"),
            Lang::En => ("–", "/", "closed"),
        };
        let hours = |ps: &[Period]| {
            if ps.is_empty() {
                closed.to_string()
            } else {
                ps.iter()
                    .map(|p| format!("{}{to}{}", clock(p.open), clock(p.close)))
                    .collect::<Vec<_>>()
                    .join(",")
            }
        };
        // Runs of days with the same hours: 月〜金, then 土, then 日・祝.
        let mut parts: Vec<(String, String)> = Vec::new();
        let mut d = 0;
        while d < 7 {
            let mut e = d;
            while e + 1 < 7 && self.days[e + 1] == self.days[d] {
                e += 1;
            }
            let days = match e - d {
                0 => names[d].to_string(),
                1 => format!("{}{and}{}", names[d], names[e]),
                _ => format!("{}{to}{}", names[d], names[e]),
            };
            parts.push((days, hours(&self.days[d])));
            d = e + 1;
        }
        let holiday = lang.pick("祝", "holidays");
        let h = hours(&self.days[HOLIDAYS]);
        match parts.iter_mut().find(|(_, hs)| *hs == h) {
            Some((days, _)) => {
                days.push_str(and);
                days.push_str(holiday);
            }
            None => parts.push((holiday.to_string(), h)),
        }
        let sep = lang.pick("、", ", ");
        parts
            .into_iter()
            .map(|(days, hs)| format!("{days} {hs}"))
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// The `(key, value)` pairs of the written form, open days only (the rest is closed):
    /// `weekdays` when Monday to Friday agree.
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let same = self.days[..5].iter().all(|d| *d == self.days[0]);
        if same && !self.days[0].is_empty() {
            out.push(("weekdays", periods_text(&self.days[0])));
        }
        for (i, (key, _)) in DAY_KEYS.iter().enumerate() {
            if (i < 5 && same) || self.days[i].is_empty() {
                continue;
            }
            out.push((key, periods_text(&self.days[i])));
        }
        if !self.days[HOLIDAYS].is_empty() {
            out.push(("holidays", periods_text(&self.days[HOLIDAYS])));
        }
        out
    }
}

/// `day` at `clock` in JST.
fn at(day: NaiveDate, clock: NaiveTime) -> Instant {
    jst_offset()
        .from_local_datetime(&day.and_time(clock))
        .single()
        .expect("a fixed offset has one instant per local time")
        .to_utc()
}

fn clock(t: NaiveTime) -> String {
    t.format("%-H:%M").to_string()
}

fn periods_text(ps: &[Period]) -> String {
    ps.iter()
        .map(|p| format!("{}-{}", clock(p.open), clock(p.close)))
        .collect::<Vec<_>>()
        .join(",")
}

/// `closed`, or ranges `9:00-12:30,14:00-18:00` in order, none overlapping.
fn parse_periods(value: &str) -> Result<Vec<Period>, OpeningHoursError> {
    let v = value.trim();
    if matches!(
        v.to_ascii_lowercase().as_str(),
        "closed" | "休み" | "休診" | "休業" | "-"
    ) {
        return Ok(Vec::new());
    }
    let mut out: Vec<Period> = Vec::new();
    for part in v.split([',', '、']) {
        let bad = || {
            OpeningHoursError(format!(
                "{part:?} is not a range such as 9:00-18:00, or closed"
            ))
        };
        let (a, b) = part
            .trim()
            .split_once(['-', '〜', '~', '–'])
            .ok_or_else(bad)?;
        let read =
            |s: &str| NaiveTime::parse_from_str(s.trim().replace('：', ":").as_str(), "%H:%M");
        let (open, close) = (read(a).map_err(|_| bad())?, read(b).map_err(|_| bad())?);
        if close <= open {
            return Err(OpeningHoursError(format!(
                "{:?} closes before it opens: write the earlier time first",
                part.trim()
            )));
        }
        if out.last().is_some_and(|last| open < last.close) {
            return Err(OpeningHoursError(format!(
                "{v:?}: the ranges overlap or are out of order"
            )));
        }
        out.push(Period { open, close });
    }
    Ok(out)
}

impl FromStr for OpeningHours {
    type Err = OpeningHoursError;

    fn from_str(s: &str) -> Result<OpeningHours, OpeningHoursError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(OpeningHoursError("nothing given".into()));
        }
        if !s.contains('=') {
            return OpeningHours::from_pairs([("weekdays", s)]);
        }
        let mut pairs = Vec::new();
        // `;` between pairs; spaces too when a piece holds several (`平日=… 土=…`), so
        // `weekdays = 9:00-18:00` with spaces around `=` still reads as one pair.
        let items = s.split([';', '；']).flat_map(|piece| {
            if piece.matches('=').count() > 1 {
                piece.split([' ', '　']).collect::<Vec<_>>()
            } else {
                vec![piece]
            }
        });
        for item in items.filter(|i| !i.trim().is_empty()) {
            let (k, v) = item.split_once('=').ok_or_else(|| {
                OpeningHoursError(format!(
                    "{item:?} is not key=value, e.g. saturday=9:00-13:00"
                ))
            })?;
            pairs.push((k, v));
        }
        OpeningHours::from_pairs(pairs)
    }
}

impl fmt::Display for OpeningHours {
    /// The one-line form, open days only: `weekdays=9:00-18:00; saturday=9:00-13:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pairs = self.pairs();
        if pairs.is_empty() {
            return f.write_str("weekdays=closed");
        }
        let text: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        f.write_str(&text.join("; "))
    }
}

impl Serialize for OpeningHours {
    /// The table form, open days only, then every closed key as `closed`, so the file
    /// says in words what is closed.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let pairs = self.pairs();
        let mut map = s.serialize_map(None)?;
        for (k, v) in &pairs {
            map.serialize_entry(k, v)?;
        }
        if pairs.is_empty() {
            map.serialize_entry("weekdays", "closed")?;
        }
        for (i, (key, _)) in DAY_KEYS.iter().enumerate().skip(5) {
            if self.days[i].is_empty() {
                map.serialize_entry(key, "closed")?;
            }
        }
        if self.days[HOLIDAYS].is_empty() {
            map.serialize_entry("holidays", "closed")?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for OpeningHours {
    /// The table form, or the one-line text.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<OpeningHours, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OpeningHours;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("opening hours such as { weekdays = \"9:00-18:00\", saturday = \"9:00-13:00\" }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OpeningHours, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<OpeningHours, A::Error> {
                let mut pairs: Vec<(String, String)> = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, String>()? {
                    pairs.push((k, v));
                }
                OpeningHours::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                    .map_err(de::Error::custom)
            }
        }
        d.deserialize_any(V)
    }
}
