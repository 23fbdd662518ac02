//! 「訓練を始める」: the past windows the tray offers, and what the restart is started with.

mod common;

use std::ffi::OsString;
use std::path::PathBuf;

use common::t;
use onshi::{Lang, Prefecture, Schedule, Service};
use onshi_watch::drill::{self, Relaunch};
use onshi_watch::options::Options;

fn fukuoka() -> Option<Prefecture> {
    Some(Prefecture::from_code(40).unwrap())
}

#[test]
fn the_past_windows_of_the_prefecture_are_offered_latest_first() {
    let offers = drill::offers(
        &Schedule::embedded(),
        fukuoka(),
        &[Service::Oqs],
        t("2026-12-03T10:00"),
        Lang::Ja,
    );
    let labels: Vec<_> = offers.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "2024年12月31日(火) 8:00 〜 2025年1月1日(水) 3:00 数分間の断続的な通信断",
            "2024年12月31日(火) 3:00 〜 5:20 長時間の通信断",
        ]
    );
    // Each starts its clock 15 minutes before its window.
    let starts: Vec<_> = offers.iter().map(|o| drill::start_of(&o.id)).collect();
    assert_eq!(
        starts,
        [
            Some("2024-12-31T07:45:00+09:00"),
            Some("2024-12-31T02:45:00+09:00")
        ]
    );
    assert_eq!(drill::start_of(drill::END_ID), None);
    assert_eq!(drill::start_of("mute"), None);
}

#[test]
fn a_window_not_yet_over_is_not_offered_and_nothing_without_a_prefecture() {
    let schedule = Schedule::embedded();
    // During the full outage: nothing has ended yet.
    let during = t("2024-12-31T04:00");
    assert!(drill::offers(&schedule, fukuoka(), &[Service::Oqs], during, Lang::Ja).is_empty());
    // Once it has ended it is the one offered, in English too.
    let after = drill::offers(&schedule, fukuoka(), &[], t("2024-12-31T05:20"), Lang::En);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0].label, "Tue 31 Dec 2024 03:00 – 05:20 Long outage");
    let none = drill::offers(
        &schedule,
        None,
        &[Service::Oqs],
        t("2026-12-03T10:00"),
        Lang::Ja,
    );
    assert!(none.is_empty());
}

#[test]
fn the_restart_keeps_the_notices_and_prefecture_and_names_the_run_it_replaces() {
    let options = Options {
        notices: Some(PathBuf::from("/srv/notices")),
        prefecture: Some("福岡".into()),
        at: Some("2024-12-31T02:55+09:00".into()),
        speed: Some(30.0),
        autostarted: true,
        ..Options::default()
    };
    let relaunch = Relaunch::of(&options);
    let pid = std::process::id().to_string();
    let words = |v: Vec<OsString>| {
        v.into_iter()
            .map(|a| a.into_string().unwrap())
            .collect::<Vec<_>>()
    };
    // Into a drill: this run's clock and login flag are not carried over.
    assert_eq!(
        words(relaunch.args(Some("2024-12-31T02:45:00+09:00"))),
        [
            "--notices",
            "/srv/notices",
            "--prefecture",
            "福岡",
            "--at",
            "2024-12-31T02:45:00+09:00",
            "--speed",
            "10",
            "--replaces",
            pid.as_str()
        ]
    );
    // Out of it: the real clock.
    assert_eq!(
        words(relaunch.args(None)),
        [
            "--notices",
            "/srv/notices",
            "--prefecture",
            "福岡",
            "--replaces",
            pid.as_str()
        ]
    );
}

#[test]
fn waiting_for_a_run_that_has_ended_returns_at_once_and_for_a_live_one_at_the_limit() {
    let mut child = std::process::Command::new("sleep")
        .arg("0.2")
        .spawn()
        .unwrap();
    let pid = child.id();
    let started = std::time::Instant::now();
    drill::wait_for_exit(pid, std::time::Duration::from_millis(50));
    assert!(started.elapsed() >= std::time::Duration::from_millis(50));
    child.wait().unwrap();
    let started = std::time::Instant::now();
    drill::wait_for_exit(pid, std::time::Duration::from_secs(10));
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
}
