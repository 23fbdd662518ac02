//! Recurring windows and deadlines: an RFC 5545 RRULE expanded in JST, bounded.

use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};

use crate::time::{self, Instant};

/// The most occurrences one rule may have. A rule that would make more is refused rather
/// than cut short: a notice whose last occurrences were silently dropped would tell staff
/// nothing at the end. 400 covers a daily rule for a year, a monthly one for 33 years.
pub const MAX_OCCURRENCES: usize = 400;

/// The instants a rule gives from `first` on (its DTSTART, the window's `start` or the
/// deadline's `due`), in order, `first` included.
///
/// The rule is the value of an RRULE (`FREQ=MONTHLY;BYDAY=1WE;COUNT=12`), read in Japan
/// time: `BYDAY`, `BYMONTHDAY` and `BYHOUR` mean the JST calendar. `UNTIL` may be written in
/// JST without `Z` (`UNTIL=20261231T235959`, or a date alone, the end of that day) or in
/// UTC with `Z`, as RFC 5545 has it.
///
/// # Errors
/// One line saying what to write instead: the rule does not parse, has neither `COUNT` nor
/// `UNTIL`, would give more than [`MAX_OCCURRENCES`], or `first` is not its first occurrence.
///
/// ```
/// use onshi::{recurrence::occurrences, time::parse_instant as t};
/// let first = t("2026-01-07T18:00+09:00").unwrap(); // the 1st Wednesday of January
/// let all = occurrences("FREQ=MONTHLY;BYDAY=1WE;COUNT=3", first).unwrap();
/// assert_eq!(all[2], t("2026-03-04T18:00+09:00").unwrap());
/// let err = occurrences("FREQ=DAILY", first).unwrap_err();
/// assert!(err.contains("COUNT or UNTIL"), "{err}");
/// ```
pub fn occurrences(rule: &str, first: Instant) -> Result<Vec<Instant>, String> {
    let rule = rule.trim();
    let rule = rule.strip_prefix("RRULE:").unwrap_or(rule);
    if rule.is_empty() {
        return Err(
            "rrule is empty: write a rule such as \"FREQ=MONTHLY;BYDAY=1WE;COUNT=12\"".into(),
        );
    }
    let mut parts = Vec::new();
    let (mut count, mut until) = (false, false);
    for part in rule.split(';') {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        let key = key.trim().to_ascii_uppercase();
        match key.as_str() {
            "COUNT" => count = true,
            "UNTIL" => {
                until = true;
                parts.push(format!("UNTIL={}", until_utc(value.trim())?));
                continue;
            }
            "DTSTART" => {
                return Err("rrule must not carry DTSTART: the window's start (a deadline's due) is the first occurrence".into())
            }
            _ => {}
        }
        parts.push(format!("{key}={}", value.trim()));
    }
    if !count && !until {
        return Err(format!(
            "rrule {rule:?} never ends: give COUNT or UNTIL (at most {MAX_OCCURRENCES} occurrences), so every window can be listed"
        ));
    }
    let rule = parts.join(";");
    let parsed: rrule::RRule<rrule::Unvalidated> = rule
        .parse()
        .map_err(|e| format!("rrule {rule:?} is not an RFC 5545 rule: {e}"))?;
    let start = first.with_timezone(&rrule::Tz::Asia__Tokyo);
    let set = parsed
        .build(start)
        .map_err(|e| format!("rrule {rule:?} cannot be used: {e}"))?;
    // One more than the bound tells "too many" from "exactly the bound".
    let result = set.all(MAX_OCCURRENCES as u16 + 1);
    if result.dates.len() > MAX_OCCURRENCES {
        return Err(format!(
            "rrule {rule:?} gives more than {MAX_OCCURRENCES} occurrences: shorten it with COUNT or an earlier UNTIL, or split it into notices"
        ));
    }
    let out: Vec<Instant> = result.dates.iter().map(|d| d.with_timezone(&Utc)).collect();
    match out.first() {
        Some(f) if *f == first => Ok(out),
        Some(f) => Err(format!(
            "{} is not an occurrence of rrule {rule:?} (its first is {}): make the start the rule's first occurrence",
            time::rfc3339_jst(first),
            time::rfc3339_jst(*f)
        )),
        None => Err(format!(
            "rrule {rule:?} gives no occurrence from {}: check UNTIL",
            time::rfc3339_jst(first)
        )),
    }
}

/// `UNTIL` as RFC 5545 wants it beside a DTSTART with a time zone: UTC with `Z`.
fn until_utc(value: &str) -> Result<String, String> {
    if value.ends_with(['Z', 'z']) {
        return Ok(value.to_ascii_uppercase());
    }
    let jst = if let Ok(t) = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S") {
        t
    } else if let Ok(d) = NaiveDate::parse_from_str(value, "%Y%m%d") {
        // A date alone: the whole of that day counts.
        d.and_hms_opt(23, 59, 59).expect("23:59:59 exists")
    } else {
        return Err(format!(
            "UNTIL={value} is not a time: write 20261231T235959 (JST), 20261231 (to the end of that day) or 20261231T145959Z (UTC)"
        ));
    };
    let utc = time::jst_offset()
        .from_local_datetime(&jst)
        .single()
        .expect("JST has no gaps")
        .with_timezone(&Utc);
    Ok(utc.format("%Y%m%dT%H%M%SZ").to_string())
}

/// The id of one occurrence of a recurring entry: `ID#YYYYMMDDTHHMM` (its start in JST),
/// the same at every run so calendars and memories of what was told keep it.
pub fn occurrence_id(id: &str, start: Instant) -> String {
    format!("{id}#{}", time::to_jst(start).format("%Y%m%dT%H%M"))
}
