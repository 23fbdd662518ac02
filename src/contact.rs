//! Who to call when the system fails, and whether they answer at a given instant.
//!
//! The オンライン資格確認等コールセンター answers Monday to Friday and Saturday in set hours,
//! not on public holidays ([`crate::holidays`]). Its hours over the year end (12/29–1/3)
//! were not found in any source, so for those days the answer is [`Availability::Unknown`]
//! — the app never promises that anyone picks up then.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Weekday};
use serde::Serialize;

use crate::guidance::{Contact, Guidance};
use crate::holidays;
use crate::lang::Lang;
use crate::time::{self, Instant};

/// Whether the call center answers at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Availability {
    /// Inside regular hours; closes at `until`.
    Open {
        /// The first instant it is closed again.
        #[serde(serialize_with = "crate::time::serialize_jst")]
        until: Instant,
    },
    /// Outside regular hours; `next` is the next regular opening, if one is known.
    Closed {
        /// The next regular opening.
        #[serde(serialize_with = "crate::time::serialize_jst_opt")]
        next: Option<Instant>,
    },
    /// A day whose hours are not known: the year end (12/29–1/3) or a year beyond the
    /// holiday table. `next` is the next regular opening after it, if known.
    Unknown {
        /// The next regular opening after the unknown days.
        #[serde(serialize_with = "crate::time::serialize_jst_opt")]
        next: Option<Instant>,
    },
}

/// Days the regular hours are not known to apply: 12/29 to 1/3.
fn year_end(day: NaiveDate) -> bool {
    matches!((day.month(), day.day()), (12, 29..=31) | (1, 1..=3))
}

fn hhmm(text: &str) -> NaiveTime {
    // Checked by Guidance::parse.
    NaiveTime::parse_from_str(text, "%H:%M").unwrap_or(NaiveTime::MIN)
}

fn at_jst(day: NaiveDate, t: NaiveTime) -> Instant {
    time::jst_offset()
        .from_local_datetime(&day.and_time(t))
        .single()
        .expect("a fixed offset has exactly one mapping")
        .with_timezone(&chrono::Utc)
}

/// The regular hours of `day` as instants, `Ok(None)` when closed all day, `Err(())` when
/// the day's hours are not known.
fn hours(contact: &Contact, day: NaiveDate) -> Result<Option<(Instant, Instant)>, ()> {
    if year_end(day) {
        return Err(());
    }
    let holiday = holidays::is_holiday(day).ok_or(())?;
    let (open, close) = match day.weekday() {
        Weekday::Sun => return Ok(None),
        _ if holiday => return Ok(None),
        Weekday::Sat => (&contact.saturday_open, &contact.saturday_close),
        _ => (&contact.weekday_open, &contact.weekday_close),
    };
    Ok(Some((at_jst(day, hhmm(open)), at_jst(day, hhmm(close)))))
}

/// Whether the call center answers at `at`.
///
/// ```
/// use onshi::contact::{availability, Availability};
/// use onshi::time::parse_instant as t;
/// let c = &onshi::Guidance::embedded().contact;
/// assert!(matches!(availability(c, t("2026-12-01T10:00+09:00").unwrap()), Availability::Open { .. }));
/// assert!(matches!(availability(c, t("2026-12-30T10:00+09:00").unwrap()), Availability::Unknown { .. }));
/// ```
pub fn availability(contact: &Contact, at: Instant) -> Availability {
    let today = time::to_jst(at).date_naive();
    match hours(contact, today) {
        Err(()) => Availability::Unknown {
            next: next_opening(contact, today, at),
        },
        Ok(Some((open, close))) if open <= at && at < close => Availability::Open { until: close },
        Ok(_) => Availability::Closed {
            next: next_opening(contact, today, at),
        },
    }
}

/// The first regular opening after `at`, looking up to three weeks ahead; `None` when
/// the days in between are not all known (beyond the holiday table).
fn next_opening(contact: &Contact, from: NaiveDate, at: Instant) -> Option<Instant> {
    let mut day = from;
    for _ in 0..21 {
        match hours(contact, day) {
            Ok(Some((open, _))) if open > at => return Some(open),
            Ok(_) => {}
            Err(()) if year_end(day) => {}
            Err(()) => return None,
        }
        day += Duration::days(1);
    }
    None
}

/// The call center as staff read it: name, number, regular hours and whether it answers
/// now, in `lang`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactView {
    /// オンライン資格確認等コールセンター.
    pub name: String,
    /// `0800-080-4583`.
    pub phone: String,
    /// `平日 8:00〜18:00・土曜 8:00〜16:00（日曜・祝日は休み）`.
    pub hours: String,
    /// Whether it answers now: `受付時間内です（18:00まで）`, `受付時間外です（次の受付:
    /// 12月2日(月) 8:00）`, or that the year-end hours are not known.
    pub now: String,
    /// Whether the regular hours say it is open now.
    pub open: bool,
    /// The source the hours come from.
    pub source_label: String,
    /// Its address.
    pub source_url: Option<String>,
}

/// The call center of the embedded guidance, told for `at`.
pub fn view(at: Instant, lang: Lang) -> ContactView {
    let guidance = Guidance::embedded();
    let c = &guidance.contact;
    let availability = availability(c, at);
    let next = |next: Option<Instant>| match next {
        Some(n) => lang
            .pick("次の受付: {}", "next opening: {}")
            .replace("{}", &time::date_time_label(n, lang)),
        None => lang
            .pick("次の受付日は分かりません", "next opening not known")
            .to_string(),
    };
    let now = match availability {
        Availability::Open { until } => match lang {
            Lang::Ja => format!("いまは受付時間内です（{}まで）", time::clock_label(until, lang)),
            Lang::En => format!("Open now (until {})", time::clock_label(until, lang)),
        },
        Availability::Closed { next: n } => match lang {
            Lang::Ja => format!("いまは受付時間外です（{}）", next(n)),
            Lang::En => format!("Closed now ({})", next(n)),
        },
        Availability::Unknown { next: n } => match lang {
            Lang::Ja => format!(
                "年末年始（12月29日〜1月3日）の受付時間は確認できていません。つながらないことがあります（{}）",
                match n {
                    Some(n) => format!("通常の受付は {} から", time::date_time_label(n, lang)),
                    None => "通常の受付の再開日は分かりません".to_string(),
                }
            ),
            Lang::En => format!(
                "Hours over the year end (29 Dec – 3 Jan) are not known; it may not answer ({})",
                next(n)
            ),
        },
    };
    let hours = match lang {
        Lang::Ja => format!(
            "平日 {}〜{}・土曜 {}〜{}（日曜・祝日は休み）",
            trim_hour(&c.weekday_open),
            trim_hour(&c.weekday_close),
            trim_hour(&c.saturday_open),
            trim_hour(&c.saturday_close)
        ),
        Lang::En => format!(
            "Mon–Fri {}–{}, Sat {}–{} (closed Sundays and public holidays)",
            c.weekday_open, c.weekday_close, c.saturday_open, c.saturday_close
        ),
    };
    let source = guidance.source(&c.source);
    ContactView {
        name: lang.pick(&c.name_ja, &c.name_en).to_string(),
        phone: c.phone.clone(),
        hours,
        now,
        open: matches!(availability, Availability::Open { .. }),
        source_label: source
            .map(|s| lang.pick(&s.label_ja, &s.label_en).to_string())
            .unwrap_or_default(),
        source_url: source.and_then(|s| s.url.clone()),
    }
}

/// `08:00` → `8:00`, as Japanese text writes hours.
fn trim_hour(hhmm: &str) -> &str {
    hhmm.strip_prefix('0').unwrap_or(hhmm)
}
