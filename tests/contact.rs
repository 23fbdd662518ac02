//! The call center's hours: open or closed at the instants the issue names, the year end
//! never promised, and the holiday table checked year by year against the 祝日法's rules.

mod common;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use common::t;
use onshi::contact::{availability, view, Availability};
use onshi::holidays;
use onshi::{Guidance, Lang};

fn at(s: &str) -> Availability {
    availability(&Guidance::embedded().contact, t(s))
}

#[test]
fn open_on_a_tuesday_morning() {
    // 2026-12-01 is a Tuesday.
    assert_eq!(
        at("2026-12-01T10:00+09:00"),
        Availability::Open {
            until: t("2026-12-01T18:00+09:00")
        }
    );
    let v = view(t("2026-12-01T10:00+09:00"), Lang::Ja);
    assert!(
        v.open && v.now.contains("受付時間内") && v.now.contains("18:00"),
        "{}",
        v.now
    );
}

#[test]
fn saturday_until_16_00_and_not_a_minute_more() {
    // 2026-11-28 is a Saturday.
    assert_eq!(
        at("2026-11-28T15:59+09:00"),
        Availability::Open {
            until: t("2026-11-28T16:00+09:00")
        }
    );
    assert_eq!(
        at("2026-11-28T16:00+09:00"),
        Availability::Closed {
            next: Some(t("2026-11-30T08:00+09:00"))
        }
    );
    let v = view(t("2026-11-28T16:00+09:00"), Lang::Ja);
    assert!(
        !v.open && v.now.contains("受付時間外") && v.now.contains("11月30日(月) 8:00"),
        "{}",
        v.now
    );
}

#[test]
fn closed_on_sunday_and_on_a_public_holiday() {
    assert_eq!(
        at("2026-11-29T10:00+09:00"),
        Availability::Closed {
            next: Some(t("2026-11-30T08:00+09:00"))
        }
    );
    // 2026-11-23 (Mon) is 勤労感謝の日.
    assert_eq!(
        at("2026-11-23T10:00+09:00"),
        Availability::Closed {
            next: Some(t("2026-11-24T08:00+09:00"))
        }
    );
    // 2026-09-21..23: 敬老の日, 国民の休日, 秋分の日 in a row.
    assert_eq!(
        at("2026-09-21T09:00+09:00"),
        Availability::Closed {
            next: Some(t("2026-09-24T08:00+09:00"))
        }
    );
}

#[test]
fn the_year_end_is_never_promised() {
    // During the 2024-12-31 full outage in 西日本: hours not known, say so.
    let a = at("2024-12-31T03:30+09:00");
    assert_eq!(
        a,
        Availability::Unknown {
            next: Some(t("2025-01-04T08:00+09:00"))
        }
    );
    let v = view(t("2024-12-31T03:30+09:00"), Lang::Ja);
    assert!(!v.open && v.now.contains("確認できていません"), "{}", v.now);
    // Even at 10:00 on a weekday of the year end.
    assert!(matches!(
        at("2026-12-29T10:00+09:00"),
        Availability::Unknown { .. }
    ));
    assert!(matches!(
        at("2027-01-04T10:00+09:00"),
        Availability::Open { .. }
    ));
}

#[test]
fn beyond_the_holiday_table_the_answer_is_unknown() {
    let year = holidays::LAST_YEAR + 1;
    let a = at(&format!("{year}-06-08T10:00+09:00"));
    assert!(matches!(a, Availability::Unknown { .. }), "{a:?}");
}

#[test]
fn the_time_zone_of_the_pc_does_not_matter() {
    // The same instant written in UTC.
    assert_eq!(at("2026-11-28T06:59:00Z"), at("2026-11-28T15:59+09:00"));
}

// ---------------------------------------------------------------- holidays by rule

fn nth_monday(year: i32, month: u32, n: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, n as u8).unwrap()
}

/// The equinox days as published in the 官報 (国立天文台 暦要項) for each year.
fn equinoxes(year: i32) -> (u32, u32) {
    match year {
        2024 => (20, 22),
        2025 => (20, 23),
        2026 => (20, 23),
        2027 => (21, 23),
        _ => panic!("no equinox data for {year}"),
    }
}

/// The holidays of a year from the rules of 国民の祝日に関する法律 (as amended for 2020-).
fn by_rule(year: i32) -> Vec<NaiveDate> {
    let d = |m, day| NaiveDate::from_ymd_opt(year, m, day).unwrap();
    let (spring, autumn) = equinoxes(year);
    let mut days = vec![
        d(1, 1),
        nth_monday(year, 1, 2),
        d(2, 11),
        d(2, 23),
        d(3, spring),
        d(4, 29),
        d(5, 3),
        d(5, 4),
        d(5, 5),
        nth_monday(year, 7, 3),
        d(8, 11),
        nth_monday(year, 9, 3),
        d(9, autumn),
        nth_monday(year, 10, 2),
        d(11, 3),
        d(11, 23),
    ];
    days.sort();
    let named = days.clone();
    // 国民の休日: a weekday between two holidays.
    for w in named.windows(2) {
        if w[1] - w[0] == Duration::days(2) {
            let mid = w[0] + Duration::days(1);
            if mid.weekday() != Weekday::Sun {
                days.push(mid);
            }
        }
    }
    // 振替休日: a holiday on Sunday moves to the next day that is not a holiday.
    for h in named.iter().filter(|h| h.weekday() == Weekday::Sun) {
        let mut next = *h + Duration::days(1);
        while days.contains(&next) {
            next += Duration::days(1);
        }
        days.push(next);
    }
    days.sort();
    days.dedup();
    days
}

#[test]
fn each_year_of_the_table_matches_the_rules() {
    for year in holidays::FIRST_YEAR..=holidays::LAST_YEAR {
        assert_eq!(holidays::of_year(year), by_rule(year), "{year}");
    }
}

#[test]
fn known_days_from_the_cabinet_office_list() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    assert_eq!(holidays::of_year(2024).len(), 21);
    assert_eq!(holidays::of_year(2025).len(), 19);
    assert_eq!(holidays::of_year(2026).len(), 18);
    assert_eq!(holidays::of_year(2027).len(), 17);
    assert_eq!(holidays::is_holiday(d(2024, 11, 4)), Some(true)); // 振替休日
    assert_eq!(holidays::is_holiday(d(2027, 3, 22)), Some(true)); // 振替休日
    assert_eq!(holidays::is_holiday(d(2024, 12, 31)), Some(false));
}
