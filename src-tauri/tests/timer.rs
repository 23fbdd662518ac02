//! The app's timer logic (`Shared::tick`) on a clock moved by hand: it follows the plan
//! exactly, wakes at each event, and survives suspend and clock changes.

mod common;

use chrono::Duration;
use common::{state_at, t};
use onshi::time::rfc3339_jst;
use onshi::EventKind;
use onshi_watch::clock::Hand;
use onshi_watch::options::Options;
use onshi_watch::state::Shared;

fn watching(prefecture: &str, at: &str) -> (Shared, Hand, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let options = Options {
        prefecture: Some(prefecture.into()),
        ..Options::default()
    };
    let (shared, hand) = state_at(dir.path(), &options, at);
    (shared, hand, dir)
}

fn kind(k: EventKind) -> String {
    match k {
        EventKind::Reminder { minutes } => format!("reminder {minutes}"),
        other => serde_json::to_value(other).unwrap()["type"]
            .as_str()
            .unwrap()
            .to_string(),
    }
}

/// Runs the timer loop as the app does (tick, then ask how long to sleep), but jumps the
/// clock by each sleep instead of sleeping. Returns (instant delivered, instant due, kind)
/// for every notification.
fn follow(shared: &Shared, hand: &Hand, from: &str, to: &str) -> Vec<(String, String, String)> {
    let (mut now, end) = (t(from), t(to));
    let mut out = Vec::new();
    loop {
        hand.set(now);
        let tick = shared.tick();
        let sleep = shared.sleep_after(&tick.snapshot);
        assert!(
            sleep <= std::time::Duration::from_secs(30),
            "never sleeps past 30 s"
        );
        for e in tick.events {
            out.push((rfc3339_jst(tick.now), rfc3339_jst(e.at), kind(e.kind)));
        }
        if now >= end {
            return out;
        }
        now = (now + Duration::from_std(sleep).unwrap()).min(end);
    }
}

fn on_time(list: &[(&str, &str)]) -> Vec<(String, String, String)> {
    list.iter()
        .map(|(at, k)| (t(at), k))
        .map(|(at, k)| (rfc3339_jst(at), rfc3339_jst(at), k.to_string()))
        .collect()
}

#[test]
fn fukuoka_gets_every_planned_notice_on_the_dot() {
    let (shared, hand, _dir) = watching("福岡", "2024-12-30T12:00+09:00");
    let got = follow(
        &shared,
        &hand,
        "2024-12-30T12:00+09:00",
        "2025-01-01T06:00+09:00",
    );
    // The facility type's usual hours (none chosen: a clinic's, 月–金 9:00–18:00): the
    // reminder 「本日の受付終了前に」 at Monday 17:30 for each window of the 31st.
    assert_eq!(
        got,
        on_time(&[
            ("2024-12-30T17:30+09:00", "before_closing"),
            ("2024-12-30T17:30+09:00", "before_closing"),
            ("2024-12-31T02:00+09:00", "reminder 60"),
            ("2024-12-31T02:50+09:00", "reminder 10"),
            ("2024-12-31T03:00+09:00", "start"),
            ("2024-12-31T05:20+09:00", "end"),
            ("2024-12-31T07:00+09:00", "reminder 60"),
            ("2024-12-31T07:50+09:00", "reminder 10"),
            ("2024-12-31T08:00+09:00", "start"),
            ("2025-01-01T03:00+09:00", "end"),
        ])
    );
}

#[test]
fn tokyo_gets_every_planned_notice_on_the_dot() {
    let (shared, hand, _dir) = watching("東京都", "2024-12-30T12:00+09:00");
    let got = follow(
        &shared,
        &hand,
        "2024-12-30T12:00+09:00",
        "2025-01-01T06:00+09:00",
    );
    // The 24-hour reminder (12-30 12:00) is the instant the watch began: not replayed.
    assert_eq!(
        got,
        on_time(&[
            ("2024-12-31T11:00+09:00", "reminder 60"),
            ("2024-12-31T11:50+09:00", "reminder 10"),
            ("2024-12-31T12:00+09:00", "start"),
            ("2024-12-31T13:30+09:00", "end"),
        ])
    );
}

#[test]
fn starting_inside_the_outage_says_so_once() {
    let (shared, hand, _dir) = watching("福岡", "2024-12-31T04:00+09:00");
    let got = follow(
        &shared,
        &hand,
        "2024-12-31T04:00+09:00",
        "2024-12-31T05:30+09:00",
    );
    assert_eq!(
        got,
        on_time(&[
            ("2024-12-31T04:00+09:00", "already_down"),
            ("2024-12-31T05:20+09:00", "end"),
        ])
    );
}

#[test]
fn suspend_and_clock_changes_neither_repeat_nor_lose_a_notice() {
    let (shared, hand, _dir) = watching("福岡", "2024-12-31T02:30+09:00");
    let mut seen = Vec::new();
    let mut at = |s: &str| {
        hand.set(t(s));
        for e in shared.tick().events {
            seen.push((s.to_string(), rfc3339_jst(e.at), kind(e.kind)));
        }
    };
    at("2024-12-31T02:30+09:00");
    // Suspended for 2 h across the 02:50 reminder and the 03:00 start.
    at("2024-12-31T04:30+09:00");
    // The clock is set back 10 min, then runs on past where it was.
    at("2024-12-31T04:20+09:00");
    at("2024-12-31T04:29:59+09:00");
    at("2024-12-31T04:30:01+09:00");
    // The clock jumps forward 1 h across the 05:20 end.
    at("2024-12-31T05:30:01+09:00");
    at("2024-12-31T05:30:02+09:00");
    let expected: Vec<(String, String, String)> = [
        // The 03:00 start is old news after the suspend: the state now, once.
        (
            "2024-12-31T04:30+09:00",
            "2024-12-31T04:30:00+09:00",
            "already_down",
        ),
        (
            "2024-12-31T05:30:01+09:00",
            "2024-12-31T05:20:00+09:00",
            "end",
        ),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(seen, expected);
}

#[test]
fn muting_holds_back_notices_until_the_outage_ends() {
    let (shared, hand, _dir) = watching("東京", "2024-12-31T10:30+09:00");
    hand.set(t("2024-12-31T10:30+09:00"));
    assert!(shared.tick().events.is_empty());
    // Upcoming within 24 h: mute reaches to the end of the coming window.
    assert_eq!(shared.toggle_mute(), Some(t("2024-12-31T13:30+09:00")));
    let got = follow(
        &shared,
        &hand,
        "2024-12-31T10:30+09:00",
        "2024-12-31T14:00+09:00",
    );
    assert_eq!(got, on_time(&[("2024-12-31T13:30+09:00", "end")]));
}

#[test]
fn changing_reminders_during_an_outage_does_not_announce_it_again() {
    let (shared, hand, _dir) = watching("福岡", "2024-12-31T03:30+09:00");
    let first: Vec<_> = shared
        .tick()
        .events
        .into_iter()
        .map(|e| kind(e.kind))
        .collect();
    assert_eq!(first, ["already_down"]);

    let mut settings = shared.lock().settings.clone();
    settings.prefecture = Some(40);
    settings.reminders_minutes = vec![30];
    shared.apply_settings(settings).unwrap();
    hand.set(t("2024-12-31T03:31+09:00"));
    assert!(shared.tick().events.is_empty());

    // Another prefecture is news: Osaka (west) is down too, and staff hear it once.
    let mut settings = shared.lock().settings.clone();
    settings.prefecture = Some(27);
    shared.apply_settings(settings).unwrap();
    let got: Vec<_> = shared
        .tick()
        .events
        .into_iter()
        .map(|e| kind(e.kind))
        .collect();
    assert_eq!(got, ["already_down"]);
}

#[test]
fn a_wake_works_out_the_status_once_and_builds_no_timeline() {
    let (shared, hand, _dir) = watching("福岡", "2024-12-31T01:00+09:00");
    shared.tick();
    // A quiet wake (nothing due), with the window open: tray texts, view, tick, sleep.
    shared.set_window_open(true);
    hand.set(t("2024-12-31T01:00:30+09:00"));
    let (builds, statuses) = onshi::timeline::work_done();
    let tick = shared.tick();
    assert!(tick.events.is_empty());
    let view = {
        let state = shared.lock();
        onshi_watch::view::view(&state, &tick.snapshot, &shared.clock, None)
    };
    let _ = onshi_watch::view::tick(&tick.snapshot);
    let _ = shared.sleep_after(&tick.snapshot);
    let (b, s) = onshi::timeline::work_done();
    // One status per service (オン資 and the four others), each worked out once.
    assert_eq!(
        (b - builds, s - statuses),
        (0, onshi::Service::ALL.len() as u64),
        "timelines built, statuses worked out"
    );
    assert_eq!(view.state, onshi::present::Look::Upcoming);

    // A wake at an event: still one status for the snapshot (the plan asks one per change).
    hand.set(t("2024-12-31T03:00+09:00"));
    let (builds, _) = onshi::timeline::work_done();
    let tick = shared.tick();
    assert_eq!(tick.events.len(), 1);
    assert_eq!(
        onshi::timeline::work_done().0 - builds,
        0,
        "no timeline built"
    );
}

#[test]
fn the_window_gets_a_small_tick_each_second_and_the_full_view_only_on_change() {
    let (shared, hand, _dir) = watching("福岡", "2024-12-31T02:59:58+09:00");
    shared.set_window_open(true);
    let mut sender = onshi_watch::timer::ViewSender::default();
    let frame = |shared: &Shared| {
        let tick = shared.tick();
        let state = shared.lock();
        (
            onshi_watch::view::view(&state, &tick.snapshot, &shared.clock, None),
            onshi_watch::view::tick(&tick.snapshot),
        )
    };
    let (view, tick) = frame(&shared);
    assert!(sender.changed(view).is_some(), "the first view is sent");
    let tick_json = serde_json::to_string(&tick).unwrap();
    assert!(
        tick_json.len() < 120,
        "{} bytes: {tick_json}",
        tick_json.len()
    );
    assert_eq!(tick.countdown_seconds, Some(2));

    hand.set(t("2024-12-31T02:59:59+09:00"));
    let (view, tick) = frame(&shared);
    assert!(
        sender.changed(view).is_none(),
        "a second passing is not a change"
    );
    assert_eq!(tick.countdown_seconds, Some(1));

    hand.set(t("2024-12-31T03:00:00+09:00"));
    let (view, _) = frame(&shared);
    let sent = sender
        .changed(view)
        .expect("the outage starting is a change");
    assert_eq!(sent.state, onshi::present::Look::FullOutage);
    let full = serde_json::to_string(&sent).unwrap();
    assert!(
        full.len() > 20 * tick_json.len(),
        "the full view is the big one"
    );
}

/// The seed notice's text as a later revision: `edit` applied to it.
fn seed_revision_text(revision: u32, edit: impl Fn(String) -> String) -> String {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../assets/notices/2024-12-31-network-upgrade.toml"
    ))
    .unwrap()
    .replace(
        "issued = 2024-12-24\n",
        &format!("issued = 2024-12-24\nrevision = {revision}\n"),
    );
    edit(text)
}

/// The seed notice as a later revision: `edit` applied to its text.
fn seed_revision(revision: u32, edit: impl Fn(String) -> String) -> onshi::Notice {
    onshi::Notice::parse(
        &seed_revision_text(revision, edit),
        &format!("rev{revision}.toml"),
    )
    .unwrap()
}

fn pref_tokyo() -> onshi::Prefecture {
    "東京".parse().unwrap()
}

fn schedule_with(notice: onshi::Notice) -> onshi::Schedule {
    let mut s = onshi::Schedule::embedded();
    s.add(notice).unwrap();
    s
}

#[test]
fn a_revision_that_changes_a_told_window_is_told_once_as_a_change_or_a_cancellation() {
    // 東京, 11:55: the 10-minute reminder of the 12:00 window was told at 11:50.
    let (shared, hand, _dir) = watching("東京", "2024-12-31T11:55+09:00");
    assert!(shared.tick().changes.is_empty());

    let extended = seed_revision(2, |t| {
        t.replace(
            "end = 2024-12-31T13:30:00+09:00",
            "end = 2024-12-31T14:00:00+09:00",
        )
    });
    shared.replace_schedule(schedule_with(extended.clone()), Vec::new());
    hand.set(t("2024-12-31T11:55:05+09:00"));
    let told: Vec<(String, String)> = shared
        .tick()
        .changes
        .into_iter()
        .map(|m| (m.title, m.body))
        .collect();
    assert_eq!(
        told,
        [(
            "【変更】オンライン資格確認 東京都（東日本エリア）".to_string(),
            "12月31日(火) 12:00 〜 13:30（予定） → 12月31日(火) 12:00 〜 14:00（予定）（延長）（第2版）。"
                .to_string()
        )]
    );
    hand.set(t("2024-12-31T11:55:10+09:00"));
    assert!(shared.tick().changes.is_empty(), "told once");
    // The West's windows changed too in no way that concerns 東京: nothing about them.

    let cancel = |t: String| {
        t.replace(
            "region = \"east\"\nstart = 2024-12-31T12:00:00+09:00",
            "region = \"east\"\ncancelled = true\nstart = 2024-12-31T12:00:00+09:00",
        )
    };
    let cancelled = seed_revision(3, cancel);
    assert!(cancelled.windows.iter().any(|w| w.cancelled));
    shared.replace_schedule(schedule_with(cancelled.clone()), Vec::new());
    let told: Vec<String> = shared.tick().changes.into_iter().map(|m| m.title).collect();
    assert_eq!(told, ["【中止】オンライン資格確認 東京都（東日本エリア）"]);

    // A restart finds revision 3 in its notices folder: nothing to compare, nothing
    // repeated.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("notices")).unwrap();
    std::fs::write(
        dir.path().join("notices/rev3.toml"),
        seed_revision_text(3, cancel),
    )
    .unwrap();
    let options = Options {
        prefecture: Some("東京".into()),
        ..Options::default()
    };
    let (restarted, _hand) = state_at(dir.path(), &options, "2024-12-31T11:56+09:00");
    assert!(
        restarted.lock().problems.is_empty(),
        "{:?}",
        restarted.lock().problems
    );
    // Revision 3 is in force: the cancelled window is not there to be told of again.
    assert!(!restarted
        .lock()
        .schedule
        .windows_for(pref_tokyo())
        .iter()
        .any(|w| w.id == "east-intermittent"));
    assert!(restarted.tick().changes.is_empty());
}

#[test]
fn the_timer_wakes_for_another_services_event_too() {
    // Only a マイナポータル window ahead (22:00): the sleep runs to it, not the full 30 s.
    let dir = tempfile::tempdir().unwrap();
    let options = Options {
        prefecture: Some("東京".into()),
        notices: Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/examples")),
        ..Options::default()
    };
    let (shared, _hand) = state_at(dir.path(), &options, "2025-12-31T21:59:50+09:00");
    let tick = shared.tick();
    assert_eq!(
        tick.snapshot.next_due,
        Some(t("2025-12-31T22:00+09:00")),
        "the マイナポータル start is the next thing to do"
    );
    assert_eq!(
        shared.sleep_after(&tick.snapshot),
        std::time::Duration::from_secs(10)
    );
}

#[test]
fn a_revision_of_a_told_window_raises_its_own_banner_until_the_new_end() {
    use onshi_watch::alerts::BannerChange;
    let (shared, hand, _dir) = watching("東京", "2024-12-31T11:55+09:00");
    shared.tick();
    let extended = seed_revision(2, |t| {
        t.replace(
            "end = 2024-12-31T13:30:00+09:00",
            "end = 2024-12-31T14:00:00+09:00",
        )
    });
    shared.replace_schedule(schedule_with(extended), Vec::new());
    hand.set(t("2024-12-31T11:55:05+09:00"));
    match shared.tick().banner {
        Some(BannerChange::Show(v)) => {
            assert_eq!(v.title, "【変更】オンライン資格確認 東京都（東日本エリア）");
            assert_eq!(v.ack_label, "確認しました");
        }
        other => panic!("no banner for the revision: {other:?}"),
    }
    let b = shared.lock().banner.clone().unwrap();
    assert_eq!(b.alert.kind, "revision-2");
    // Raised again every 5 minutes, never at or after the new end of 14:00.
    assert_eq!(b.until, t("2024-12-31T14:00+09:00"));
    assert_eq!(b.next_remind, Some(t("2024-12-31T12:00:05+09:00")));
}
