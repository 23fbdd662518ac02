//! The weekdays as notices write them in brackets (`（火）`), for the grammar and the dates.

use chrono::Weekday;

/// Monday first, as [`Weekday::num_days_from_monday`] counts.
pub const WEEKDAYS_JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];

/// `火` for a Tuesday.
pub fn weekday_ja(w: Weekday) -> &'static str {
    WEEKDAYS_JA[w.num_days_from_monday() as usize]
}

/// The weekday a one-kanji name (`火`) stands for.
pub fn weekday_from_ja(s: &str) -> Option<Weekday> {
    WEEKDAYS_JA
        .iter()
        .position(|w| *w == s)
        .and_then(|i| Weekday::try_from(i as u8).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways() {
        for w in [Weekday::Mon, Weekday::Thu, Weekday::Sun] {
            assert_eq!(weekday_from_ja(weekday_ja(w)), Some(w));
        }
        assert_eq!(weekday_from_ja("祝"), None);
    }
}
