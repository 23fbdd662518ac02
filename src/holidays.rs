//! Japan's public holidays (国民の祝日・振替休日・国民の休日), as the Cabinet Office lists them.
//!
//! Source: 内閣府「国民の祝日について」, the CSV `syukujitsu.csv`
//! (<https://www8.cao.go.jp/chosei/shukujitsu/gaiyou.html>). The table covers
//! [`FIRST_YEAR`]..=[`LAST_YEAR`]; the equinox days of a year are fixed only by the
//! 官報 of February of the year before, so later years cannot be known yet. Each year is
//! checked in `tests/holidays.rs` against the rules of the 祝日法 with that year's
//! equinox dates.

use chrono::{Datelike, NaiveDate};

/// The first year the table covers.
pub const FIRST_YEAR: i32 = 2024;
/// The last year the table covers.
pub const LAST_YEAR: i32 = 2027;

/// (year, month, day) of every public holiday in the covered years, in order.
const TABLE: &[(i32, u32, u32)] = &[
    // 2024
    (2024, 1, 1),
    (2024, 1, 8),
    (2024, 2, 11),
    (2024, 2, 12),
    (2024, 2, 23),
    (2024, 3, 20),
    (2024, 4, 29),
    (2024, 5, 3),
    (2024, 5, 4),
    (2024, 5, 5),
    (2024, 5, 6),
    (2024, 7, 15),
    (2024, 8, 11),
    (2024, 8, 12),
    (2024, 9, 16),
    (2024, 9, 22),
    (2024, 9, 23),
    (2024, 10, 14),
    (2024, 11, 3),
    (2024, 11, 4),
    (2024, 11, 23),
    // 2025
    (2025, 1, 1),
    (2025, 1, 13),
    (2025, 2, 11),
    (2025, 2, 23),
    (2025, 2, 24),
    (2025, 3, 20),
    (2025, 4, 29),
    (2025, 5, 3),
    (2025, 5, 4),
    (2025, 5, 5),
    (2025, 5, 6),
    (2025, 7, 21),
    (2025, 8, 11),
    (2025, 9, 15),
    (2025, 9, 23),
    (2025, 10, 13),
    (2025, 11, 3),
    (2025, 11, 23),
    (2025, 11, 24),
    // 2026
    (2026, 1, 1),
    (2026, 1, 12),
    (2026, 2, 11),
    (2026, 2, 23),
    (2026, 3, 20),
    (2026, 4, 29),
    (2026, 5, 3),
    (2026, 5, 4),
    (2026, 5, 5),
    (2026, 5, 6),
    (2026, 7, 20),
    (2026, 8, 11),
    (2026, 9, 21),
    (2026, 9, 22),
    (2026, 9, 23),
    (2026, 10, 12),
    (2026, 11, 3),
    (2026, 11, 23),
    // 2027
    (2027, 1, 1),
    (2027, 1, 11),
    (2027, 2, 11),
    (2027, 2, 23),
    (2027, 3, 21),
    (2027, 3, 22),
    (2027, 4, 29),
    (2027, 5, 3),
    (2027, 5, 4),
    (2027, 5, 5),
    (2027, 7, 19),
    (2027, 8, 11),
    (2027, 9, 20),
    (2027, 9, 23),
    (2027, 10, 11),
    (2027, 11, 3),
    (2027, 11, 23),
];

/// Whether `day` is a public holiday: `Some(true)` or `Some(false)` inside the covered
/// years, `None` outside them (not known here).
///
/// ```
/// use chrono::NaiveDate;
/// use onshi::holidays::is_holiday;
/// assert_eq!(is_holiday(NaiveDate::from_ymd_opt(2026, 9, 22).unwrap()), Some(true)); // 国民の休日
/// assert_eq!(is_holiday(NaiveDate::from_ymd_opt(2026, 9, 24).unwrap()), Some(false));
/// assert_eq!(is_holiday(NaiveDate::from_ymd_opt(2030, 1, 1).unwrap()), None);
/// ```
pub fn is_holiday(day: NaiveDate) -> Option<bool> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&day.year()) {
        return None;
    }
    let key = (day.year(), day.month(), day.day());
    Some(TABLE.binary_search(&key).is_ok())
}

/// Every holiday of `year` in the table, in order (empty outside the covered years).
pub fn of_year(year: i32) -> Vec<NaiveDate> {
    TABLE
        .iter()
        .filter(|(y, _, _)| *y == year)
        .filter_map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
        .collect()
}
