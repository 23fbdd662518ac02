//! Who to call when the system fails, and whether each of them answers at a given instant.
//!
//! Each contact of `assets/guidance.toml` has its own regular hours: the
//! オンライン資格確認等コールセンター answers Monday to Friday and Saturday, the lookup
//! 「緊急時医療情報・資格確認機能」 is enabled through it on weekdays only, in shorter hours.
//! None answers on Sundays or public holidays ([`crate::holidays`]). Two things are never
//! guessed: the hours over the year end (12/29–1/3), found in no source, and whether a day
//! beyond the holiday table is a holiday — for those the answer is
//! [`Availability::Unknown`], and a closed contact whose next opening lies past such days
//! says so instead of naming that opening as "the next".

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Weekday};
use serde::Serialize;

use crate::guidance::{Contact, Guidance, Hours};
use crate::holidays;
use crate::lang::Lang;
use crate::time::{self, Instant};

/// Why the hours of a day are not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unknown {
    /// 12/29–1/3: no source gives the hours.
    YearEnd,
    /// A year beyond the holiday table ([`holidays::LAST_YEAR`]): whether the day is a
    /// public holiday is not known.
    Holidays {
        /// The year.
        year: i32,
    },
}

/// Whether a contact answers at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Availability {
    /// Inside regular hours; closes at `until`.
    Open {
        /// The first instant it is closed again.
        #[serde(serialize_with = "crate::time::serialize_jst")]
        until: Instant,
    },
    /// Outside regular hours. `next` is the next regular opening, if one is known;
    /// `unknown_before` says that days of unknown hours come first, so `next` is only the
    /// next *regular* opening, not a promise that nobody answers before it.
    Closed {
        /// The next regular opening.
        #[serde(serialize_with = "crate::time::serialize_jst_opt")]
        next: Option<Instant>,
        /// Days of unknown hours between now and `next`.
        unknown_before: Option<Unknown>,
    },
    /// A day whose hours are not known. `next` is the next regular opening after the
    /// unknown days, if known.
    Unknown {
        /// Why.
        why: Unknown,
        /// The next regular opening after the unknown days.
        #[serde(serialize_with = "crate::time::serialize_jst_opt")]
        next: Option<Instant>,
    },
}

/// Days the regular hours are not known to apply: 12/29 to 1/3.
fn year_end(day: NaiveDate) -> bool {
    matches!((day.month(), day.day()), (12, 29..=31) | (1, 1..=3))
}

fn at_jst(day: NaiveDate, t: NaiveTime) -> Instant {
    time::jst_offset()
        .from_local_datetime(&day.and_time(t))
        .single()
        .expect("a fixed offset has exactly one mapping")
        .with_timezone(&chrono::Utc)
}

/// What one day is for a contact.
enum Day {
    Open(Instant, Instant),
    Closed,
    Unknown(Unknown),
}

fn day(contact: &Contact, day: NaiveDate) -> Day {
    if year_end(day) {
        return Day::Unknown(Unknown::YearEnd);
    }
    let hours: Option<Hours> = match day.weekday() {
        Weekday::Sun => None,
        Weekday::Sat => contact.saturday,
        _ => contact.weekdays,
    };
    // A day it never opens on is closed, holiday or not.
    let Some(h) = hours else { return Day::Closed };
    match holidays::is_holiday(day) {
        None => Day::Unknown(Unknown::Holidays { year: day.year() }),
        Some(true) => Day::Closed,
        Some(false) => Day::Open(at_jst(day, h.open), at_jst(day, h.close)),
    }
}

/// Whether `contact` answers at `at`.
///
/// ```
/// use onshi::contact::{availability, Availability};
/// use onshi::time::parse_instant as t;
/// let g = onshi::Guidance::embedded();
/// let lookup = g.contact("emergency-lookup").unwrap();
/// // Tuesday 10:00: open until 17:00; Saturday 10:00: closed (weekdays only).
/// assert!(matches!(availability(lookup, t("2026-12-01T10:00+09:00").unwrap()), Availability::Open { .. }));
/// assert!(matches!(availability(lookup, t("2026-11-28T10:00+09:00").unwrap()), Availability::Closed { .. }));
/// assert!(matches!(availability(g.call_center(), t("2026-12-30T10:00+09:00").unwrap()), Availability::Unknown { .. }));
/// ```
pub fn availability(contact: &Contact, at: Instant) -> Availability {
    let today = time::to_jst(at).date_naive();
    match day(contact, today) {
        Day::Unknown(why) => Availability::Unknown {
            why,
            next: next_opening(contact, today, at).0,
        },
        Day::Open(open, close) if open <= at && at < close => Availability::Open { until: close },
        _ => {
            let (next, unknown_before) = next_opening(contact, today, at);
            Availability::Closed {
                next,
                unknown_before,
            }
        }
    }
}

/// The first regular opening after `at`, looking up to three weeks ahead, and the first
/// kind of unknown day met on the way. Beyond the holiday table no opening is named.
fn next_opening(
    contact: &Contact,
    from: NaiveDate,
    at: Instant,
) -> (Option<Instant>, Option<Unknown>) {
    let mut unknown = None;
    let mut d = from;
    for _ in 0..21 {
        match day(contact, d) {
            Day::Open(open, _) if open > at => return (Some(open), unknown),
            Day::Open(..) | Day::Closed => {}
            Day::Unknown(Unknown::YearEnd) => {
                unknown.get_or_insert(Unknown::YearEnd);
            }
            Day::Unknown(why) => return (None, unknown.or(Some(why))),
        }
        d += Duration::days(1);
    }
    (None, unknown)
}

/// One contact as staff read it: name, number, regular hours and whether it answers now,
/// in `lang`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactView {
    /// `call-center`, `emergency-lookup`: what a step names it by.
    pub id: String,
    /// オンライン資格確認等コールセンター.
    pub name: String,
    /// `0800-080-4583`.
    pub phone: String,
    /// `平日 8:00〜18:00・土曜 8:00〜16:00（日曜・祝日は休み）`.
    pub hours: String,
    /// Whether it answers now: `いまは受付時間内です（18:00まで）`, `いまは受付時間外です
    /// （次の受付: 12月2日(月) 8:00）`, or what is not known.
    pub now: String,
    /// Whether the regular hours say it is open now.
    pub open: bool,
    /// The source the hours come from.
    pub source_label: String,
    /// Its address.
    pub source_url: Option<String>,
    /// Whether that source is primary (otherwise shown as 参考).
    pub primary: bool,
}

/// The call center of the embedded guidance, told for `at`.
pub fn view(at: Instant, lang: Lang) -> ContactView {
    view_of(Guidance::embedded().call_center(), at, lang)
}

/// Every contact of the embedded guidance, in file order, told for `at`.
pub fn views(at: Instant, lang: Lang) -> Vec<ContactView> {
    Guidance::embedded()
        .contacts
        .iter()
        .map(|c| view_of(c, at, lang))
        .collect()
}

/// The year-end line, said wherever the hours are printed for later use (the sheet).
pub fn year_end_note(lang: Lang) -> &'static str {
    lang.pick(
        "年末年始（12月29日〜1月3日）の受付時間は確認できていません。",
        "Hours over the year end (29 Dec – 3 Jan) are not known.",
    )
}

fn unknown_label(why: Unknown, lang: Lang) -> String {
    match (why, lang) {
        (Unknown::YearEnd, Lang::Ja) => {
            "年末年始（12月29日〜1月3日）の受付時間は確認できていません。つながらないことがあります".to_string()
        }
        (Unknown::YearEnd, Lang::En) => {
            "Hours over the year end (29 Dec – 3 Jan) are not known; it may not answer".to_string()
        }
        (Unknown::Holidays { year }, Lang::Ja) => {
            format!("{year}年の祝日はこのアプリに入っていないため、受付日かどうか分かりません")
        }
        (Unknown::Holidays { year }, Lang::En) => format!(
            "The public holidays of {year} are not known to this app, so whether it answers is not known"
        ),
    }
}

/// `contact` told for `at`, in `lang`.
pub fn view_of(contact: &Contact, at: Instant, lang: Lang) -> ContactView {
    let guidance = Guidance::embedded();
    let availability = availability(contact, at);
    let when = |n: Instant| time::date_time_label(n, lang);
    let now = match (availability, lang) {
        (Availability::Open { until }, Lang::Ja) => {
            format!(
                "いまは受付時間内です（{}まで）",
                time::clock_label(until, lang)
            )
        }
        (Availability::Open { until }, Lang::En) => {
            format!("Open now (until {})", time::clock_label(until, lang))
        }
        (
            Availability::Closed {
                next: Some(n),
                unknown_before: None,
            },
            Lang::Ja,
        ) => {
            format!("いまは受付時間外です（次の受付: {}）", when(n))
        }
        (
            Availability::Closed {
                next: Some(n),
                unknown_before: None,
            },
            Lang::En,
        ) => {
            format!("Closed now (next opening: {})", when(n))
        }
        (
            Availability::Closed {
                next,
                unknown_before: Some(why),
            },
            Lang::Ja,
        ) => format!(
            "いまは受付時間外です。{}{}",
            unknown_label(why, lang),
            next.map(|n| format!("（通常の受付は {} から）", when(n)))
                .unwrap_or_default()
        ),
        (
            Availability::Closed {
                next,
                unknown_before: Some(why),
            },
            Lang::En,
        ) => format!(
            "Closed now. {}{}",
            unknown_label(why, lang),
            next.map(|n| format!(" (regular hours again from {})", when(n)))
                .unwrap_or_default()
        ),
        (
            Availability::Closed {
                next: None,
                unknown_before: None,
            },
            Lang::Ja,
        ) => "いまは受付時間外です（次の受付日は分かりません）".to_string(),
        (
            Availability::Closed {
                next: None,
                unknown_before: None,
            },
            Lang::En,
        ) => "Closed now (next opening not known)".to_string(),
        (Availability::Unknown { why, next }, Lang::Ja) => format!(
            "{}（{}）",
            unknown_label(why, lang),
            match next {
                Some(n) => format!("通常の受付は {} から", when(n)),
                None => "通常の受付の再開日は分かりません".to_string(),
            }
        ),
        (Availability::Unknown { why, next }, Lang::En) => format!(
            "{} ({})",
            unknown_label(why, lang),
            match next {
                Some(n) => format!("regular hours again from {}", when(n)),
                None => "when regular hours resume is not known".to_string(),
            }
        ),
    };
    let source = guidance.source(&contact.source);
    ContactView {
        id: contact.id.clone(),
        name: lang.pick(&contact.name_ja, &contact.name_en).to_string(),
        phone: contact.phone.clone(),
        hours: hours_label(contact, lang),
        now,
        open: matches!(availability, Availability::Open { .. }),
        source_label: source
            .map(|s| lang.pick(&s.label_ja, &s.label_en).to_string())
            .unwrap_or_default(),
        source_url: source.and_then(|s| s.url.clone()),
        primary: source.is_some_and(|s| s.primary),
    }
}

/// `平日 8:00〜18:00・土曜 8:00〜16:00（日曜・祝日は休み）`, `平日 9:00〜17:00（土日・祝日は休み）`.
pub fn hours_label(contact: &Contact, lang: Lang) -> String {
    let span = |h: Hours| match lang {
        Lang::Ja => format!("{}〜{}", h.open.format("%-H:%M"), h.close.format("%-H:%M")),
        Lang::En => format!("{}–{}", h.open.format("%H:%M"), h.close.format("%H:%M")),
    };
    let mut parts = Vec::new();
    if let Some(h) = contact.weekdays {
        parts.push(format!("{} {}", lang.pick("平日", "Mon–Fri"), span(h)));
    }
    if let Some(h) = contact.saturday {
        parts.push(format!("{} {}", lang.pick("土曜", "Sat"), span(h)));
    }
    let closed = match (contact.saturday.is_some(), lang) {
        (true, Lang::Ja) => "（日曜・祝日は休み）",
        (false, Lang::Ja) => "（土日・祝日は休み）",
        (true, Lang::En) => " (closed Sundays and public holidays)",
        (false, Lang::En) => " (closed weekends and public holidays)",
    };
    format!("{}{closed}", parts.join(lang.pick("・", ", ")))
}
