//! Each contact's own hours: open or closed at the instants the issues name, the year end
//! never promised, no opening named past days of unknown hours, holidays beyond the table
//! never guessed, and the holiday table checked year by year against the 祝日法's rules.

mod common;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use common::t;
use onshi::contact::{availability, view, views, Availability, Unknown};
use onshi::holidays;
use onshi::{Guidance, Lang};

fn at(s: &str) -> Availability {
    availability(Guidance::embedded().call_center(), t(s))
}

/// The emergency lookup (緊急時医療情報・資格確認機能), enabled through the call center.
fn lookup(s: &str) -> Availability {
    availability(
        Guidance::embedded().contact("emergency-lookup").unwrap(),
        t(s),
    )
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
            next: Some(t("2026-11-30T08:00+09:00")),
            unknown_before: None
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
    let closed = |next: &str| Availability::Closed {
        next: Some(t(next)),
        unknown_before: None,
    };
    assert_eq!(
        at("2026-11-29T10:00+09:00"),
        closed("2026-11-30T08:00+09:00")
    );
    // 2026-11-23 (Mon) is 勤労感謝の日.
    assert_eq!(
        at("2026-11-23T10:00+09:00"),
        closed("2026-11-24T08:00+09:00")
    );
    // 2026-09-21..23: 敬老の日, 国民の休日, 秋分の日 in a row.
    assert_eq!(
        at("2026-09-21T09:00+09:00"),
        closed("2026-09-24T08:00+09:00")
    );
}

#[test]
fn the_year_end_is_never_promised() {
    // During the 2024-12-31 full outage in 西日本: hours not known, say so.
    let a = at("2024-12-31T03:30+09:00");
    assert_eq!(
        a,
        Availability::Unknown {
            why: Unknown::YearEnd,
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
fn the_evening_before_the_year_end_names_no_next_opening() {
    // 2026-12-28 (Mon) 18:30: closed, and 12/29–1/3 are not known, so 1/4 8:00 is only
    // when the regular hours resume — never "the next opening".
    assert_eq!(
        at("2026-12-28T18:30+09:00"),
        Availability::Closed {
            next: Some(t("2027-01-04T08:00+09:00")),
            unknown_before: Some(Unknown::YearEnd)
        }
    );
    let v = view(t("2026-12-28T18:30+09:00"), Lang::Ja);
    assert!(!v.now.contains("次の受付"), "{}", v.now);
    assert_eq!(
        v.now,
        "いまは受付時間外です。年末年始（12月29日〜1月3日）の受付時間は確認できていません。つながらないことがあります（通常の受付は 1月4日(月) 8:00 から）"
    );
}

#[test]
fn beyond_the_holiday_table_the_answer_is_unknown_and_says_why() {
    let year = holidays::LAST_YEAR + 1;
    // A Tuesday of that year: whether it is a holiday is not known.
    let a = at(&format!("{year}-06-06T10:00+09:00"));
    assert_eq!(
        a,
        Availability::Unknown {
            why: Unknown::Holidays { year },
            next: None
        },
        "{a:?}"
    );
    let v = view(t(&format!("{year}-06-06T10:00+09:00")), Lang::Ja);
    assert!(
        v.now
            .contains(&format!("{year}年の祝日はこのアプリに入っていない"))
            && !v.open,
        "{}",
        v.now
    );
    assert!(!v.now.contains("年末年始"), "{}", v.now);
    // A Sunday is closed either way; its next opening is not guessed.
    assert_eq!(
        at(&format!("{year}-06-04T10:00+09:00")),
        Availability::Closed {
            next: None,
            unknown_before: Some(Unknown::Holidays { year })
        }
    );
    // The last evening of the table before the year end: nothing after it is known.
    let last = format!("{}-12-28T18:30+09:00", holidays::LAST_YEAR);
    assert_eq!(
        at(&last),
        Availability::Closed {
            next: None,
            unknown_before: Some(Unknown::YearEnd)
        }
    );
    let v = view(t(&last), Lang::Ja);
    assert!(
        !v.now.contains("次の受付:") && !v.now.contains("から"),
        "{}",
        v.now
    );
}

#[test]
fn the_emergency_lookup_has_its_own_hours_weekdays_9_to_17() {
    // Saturday 10:00: the call center answers, the lookup is not enabled.
    assert!(matches!(
        at("2026-11-28T10:00+09:00"),
        Availability::Open { .. }
    ));
    assert_eq!(
        lookup("2026-11-28T10:00+09:00"),
        Availability::Closed {
            next: Some(t("2026-11-30T09:00+09:00")),
            unknown_before: None
        }
    );
    // Tuesday 10:00: open until 17:00; 8:30 and 17:00 closed.
    assert_eq!(
        lookup("2026-12-01T10:00+09:00"),
        Availability::Open {
            until: t("2026-12-01T17:00+09:00")
        }
    );
    assert!(matches!(
        lookup("2026-12-01T08:30+09:00"),
        Availability::Closed { .. }
    ));
    assert!(matches!(
        lookup("2026-12-01T17:00+09:00"),
        Availability::Closed { .. }
    ));
    // A public holiday (2026-11-23, Monday, 勤労感謝の日): closed.
    assert_eq!(
        lookup("2026-11-23T10:00+09:00"),
        Availability::Closed {
            next: Some(t("2026-11-24T09:00+09:00")),
            unknown_before: None
        }
    );
    // Over the year end: not known, as for the call center it goes through.
    assert!(matches!(
        lookup("2026-12-30T10:00+09:00"),
        Availability::Unknown {
            why: Unknown::YearEnd,
            ..
        }
    ));
}

#[test]
fn each_contact_is_told_with_its_own_hours_and_line() {
    // Saturday 10:00.
    let all = views(t("2026-11-28T10:00+09:00"), Lang::Ja);
    let ids: Vec<&str> = all.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["call-center", "emergency-lookup"]);
    let (call, lookup) = (&all[0], &all[1]);
    assert_eq!(
        call.hours,
        "平日 8:00〜18:00・土曜 8:00〜16:00（日曜・祝日は休み）"
    );
    assert_eq!(call.now, "いまは受付時間内です（16:00まで）");
    assert!(call.open);
    assert_eq!(lookup.hours, "平日 9:00〜17:00（土日・祝日は休み）");
    assert_eq!(
        lookup.now,
        "いまは受付時間外です（次の受付: 11月30日(月) 9:00）"
    );
    assert!(!lookup.open);
    assert!(
        lookup.name.starts_with("緊急時医療情報・資格確認機能"),
        "{}",
        lookup.name
    );
    assert_eq!(lookup.phone, "0800-080-4583");
    // Each from its source, shown as 参考.
    assert!(lookup.source_label.contains("2024年1月5日") && !lookup.primary);
    assert!(call.source_label.contains("受付時間") && !call.primary);
    let en = views(t("2026-12-01T10:00+09:00"), Lang::En);
    assert_eq!(
        en[1].hours,
        "Mon–Fri 09:00–17:00 (closed weekends and public holidays)"
    );
    assert_eq!(en[1].now, "Open now (until 17:00)");
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
