//! The timer's memory against a clock that ticks, sleeps, and jumps.

mod common;

use chrono::Duration;
use common::{pref, t};
use onshi::announced::Announced;
use onshi::time::{rfc3339_jst, Instant};
use onshi::{plan, Event, EventKind, Reminders, Schedule, Watch};

fn watch(p: &str, now: &str) -> Watch {
    Watch::new(Schedule::embedded(), pref(p), Reminders::default(), t(now))
}

fn brief(events: &[Event]) -> Vec<(String, EventKind)> {
    events.iter().map(|e| (rfc3339_jst(e.at), e.kind)).collect()
}

fn want(rows: &[(&str, EventKind)]) -> Vec<(String, EventKind)> {
    rows.iter()
        .map(|(at, k)| (rfc3339_jst(t(at)), *k))
        .collect()
}

/// Polls every `step` from `from` (exclusive) to `to` (inclusive); returns every event
/// with the poll time it came out at.
fn tick(w: &mut Watch, from: Instant, to: Instant, step: Duration) -> Vec<(Instant, Event)> {
    let mut out = Vec::new();
    let mut now = from;
    while now < to {
        now = (now + step).min(to);
        out.extend(w.poll(now).into_iter().map(|e| (now, e)));
    }
    out
}

const R1440: EventKind = EventKind::Reminder { minutes: 1440 };
const R60: EventKind = EventKind::Reminder { minutes: 60 };
const R10: EventKind = EventKind::Reminder { minutes: 10 };

#[test]
fn polling_every_10_s_gives_exactly_the_plan_on_time() {
    let (from, to) = ("2024-12-30T12:00+09:00", "2025-01-01T06:00+09:00");
    let cases = [
        (
            "福岡県",
            vec![
                ("2024-12-31T02:00+09:00", R60),
                ("2024-12-31T02:50+09:00", R10),
                ("2024-12-31T03:00+09:00", EventKind::Start),
                ("2024-12-31T05:20+09:00", EventKind::End),
                ("2024-12-31T07:00+09:00", R60),
                ("2024-12-31T07:50+09:00", R10),
                ("2024-12-31T08:00+09:00", EventKind::Start),
                ("2025-01-01T03:00+09:00", EventKind::End),
            ],
        ),
        (
            "東京都",
            vec![
                // 12:00 on 12/30 is the watch's own start: its 24-h reminder is not replayed.
                ("2024-12-31T11:00+09:00", R60),
                ("2024-12-31T11:50+09:00", R10),
                ("2024-12-31T12:00+09:00", EventKind::Start),
                ("2024-12-31T13:30+09:00", EventKind::End),
            ],
        ),
    ];
    for (p, expected) in cases {
        let mut w = watch(p, from);
        assert!(w.start().is_empty(), "{p}: not down at the start");
        assert!(w.start().is_empty());
        let got = tick(&mut w, t(from), t(to), Duration::seconds(10));
        // Every event came out at the very poll at its time (10 s steps land on whole minutes).
        for (polled, e) in &got {
            assert_eq!(*polled, e.at, "{p}: {e:?} late");
        }
        let events: Vec<Event> = got.into_iter().map(|(_, e)| e).collect();
        assert_eq!(brief(&events), want(&expected), "{p}");
        assert_eq!(
            events,
            plan(
                &Schedule::embedded(),
                pref(p),
                &Reminders::default(),
                t(from),
                t(to)
            ),
            "{p}: the watch follows the plan"
        );
    }
}

#[test]
fn an_odd_step_still_gives_each_event_once_and_soon() {
    // 7-second polls never land on the minute: each event comes out at the first poll after it.
    let (from, to) = ("2024-12-31T01:00:03+09:00", "2025-01-01T06:00+09:00");
    let mut w = watch("fukuoka", from);
    let got = tick(&mut w, t(from), t(to), Duration::seconds(7));
    for (polled, e) in &got {
        assert!(
            *polled >= e.at && *polled - e.at < Duration::seconds(7),
            "{e:?}"
        );
    }
    let events: Vec<Event> = got.into_iter().map(|(_, e)| e).collect();
    assert_eq!(
        brief(&events),
        want(&[
            ("2024-12-31T02:00+09:00", R60),
            ("2024-12-31T02:50+09:00", R10),
            ("2024-12-31T03:00+09:00", EventKind::Start),
            ("2024-12-31T05:20+09:00", EventKind::End),
            ("2024-12-31T07:00+09:00", R60),
            ("2024-12-31T07:50+09:00", R10),
            ("2024-12-31T08:00+09:00", EventKind::Start),
            ("2025-01-01T03:00+09:00", EventKind::End),
        ])
    );
}

#[test]
fn suspended_across_the_start_gives_the_state_now_once_and_drops_stale_reminders() {
    let mut w = watch("福岡", "2024-12-31T02:25+09:00");
    assert!(w.start().is_empty());
    assert!(w.poll(t("2024-12-31T02:30+09:00")).is_empty());
    // Asleep 02:30 → 04:30: the 02:50 reminder is stale, and the 03:00 start is old news:
    // staff hear that it is down now, once.
    let e = w.poll(t("2024-12-31T04:30+09:00"));
    assert_eq!(
        brief(&e),
        want(&[("2024-12-31T04:30+09:00", EventKind::AlreadyDown)])
    );
    assert_eq!(e[0].window.id, "west-full");
    assert_eq!(e[0].until, Some(t("2024-12-31T05:20+09:00")));
    assert!(w.poll(t("2024-12-31T04:30+09:00")).is_empty());
    assert!(w.poll(t("2024-12-31T04:30:10+09:00")).is_empty());
    assert!(w.poll(t("2024-12-31T05:19:59+09:00")).is_empty());
    assert_eq!(
        brief(&w.poll(t("2024-12-31T05:20+09:00"))),
        want(&[("2024-12-31T05:20+09:00", EventKind::End)])
    );
}

#[test]
fn a_late_wake_within_the_grace_still_gives_the_start_itself() {
    let mut w = watch("福岡", "2024-12-31T02:59+09:00");
    assert_eq!(
        brief(&w.poll(t("2024-12-31T03:00:40+09:00"))),
        want(&[("2024-12-31T03:00+09:00", EventKind::Start)])
    );
}

#[test]
fn suspended_across_several_reminders_gives_only_the_latest() {
    let mut w = watch("福岡", "2024-12-31T01:00+09:00");
    assert!(w.poll(t("2024-12-31T01:00:10+09:00")).is_empty());
    // Asleep 01:00 → 02:55: the 60- and 10-min reminders both passed; only the 10-min one is news.
    assert_eq!(
        brief(&w.poll(t("2024-12-31T02:55+09:00"))),
        want(&[("2024-12-31T02:50+09:00", R10)])
    );
    assert_eq!(
        brief(&w.poll(t("2024-12-31T03:00+09:00"))),
        want(&[("2024-12-31T03:00+09:00", EventKind::Start)])
    );
}

#[test]
fn a_clock_jump_back_after_the_start_does_not_repeat_it() {
    let mut w = watch("福岡", "2024-12-31T02:55+09:00");
    assert_eq!(
        brief(&w.poll(t("2024-12-31T03:00+09:00"))),
        want(&[("2024-12-31T03:00+09:00", EventKind::Start)])
    );
    assert!(w.poll(t("2024-12-31T03:05+09:00")).is_empty());
    // NTP or a user sets the clock back 10 minutes, to before the start, and time runs on.
    let back = t("2024-12-31T02:55+09:00");
    let got = tick(
        &mut w,
        back,
        t("2024-12-31T05:00+09:00"),
        Duration::seconds(10),
    );
    assert!(got.is_empty(), "{got:?}");
    // And the end still comes once.
    assert_eq!(
        brief(&w.poll(t("2024-12-31T05:20+09:00"))),
        want(&[("2024-12-31T05:20+09:00", EventKind::End)])
    );
    assert!(w.poll(t("2024-12-31T05:20+09:00")).is_empty());
}

#[test]
fn a_clock_jump_forward_across_an_end_gives_the_end_once() {
    let mut w = watch("福岡", "2024-12-31T04:50+09:00");
    let down = w.start();
    assert_eq!(
        brief(&down),
        want(&[("2024-12-31T04:50+09:00", EventKind::AlreadyDown)])
    );
    assert!(w.start().is_empty(), "said once");
    assert!(w.poll(t("2024-12-31T05:00+09:00")).is_empty());
    // +1 h: 05:00 → 06:00 crosses the 05:20 end.
    assert_eq!(
        brief(&w.poll(t("2024-12-31T06:00+09:00"))),
        want(&[("2024-12-31T05:20+09:00", EventKind::End)])
    );
    assert!(w.poll(t("2024-12-31T06:00+09:00")).is_empty());
    assert!(w.poll(t("2024-12-31T06:30+09:00")).is_empty());
    // The next window is still reminded on time.
    assert_eq!(
        brief(&w.poll(t("2024-12-31T07:00+09:00"))),
        want(&[("2024-12-31T07:00+09:00", R60)])
    );
}

#[test]
fn a_long_jump_across_a_whole_window_gives_nothing_about_it() {
    // 11:55 → 14:00 passes the whole 12:00–13:30 window: it is over, staff are not
    // told of its start and end after the fact.
    let mut w = watch("東京", "2024-12-31T11:55+09:00");
    assert!(w.poll(t("2024-12-31T14:00+09:00")).is_empty());
    assert!(w.poll(t("2024-12-31T14:00:10+09:00")).is_empty());
}

#[test]
fn a_clock_ahead_at_start_then_corrected_still_gives_the_start() {
    // The PC starts a year ahead, then time sync sets it right a minute later.
    let mut w = watch("福岡", "2025-12-31T12:00+09:00");
    assert!(w.start().is_empty());
    assert!(w.poll(t("2025-12-31T12:00:30+09:00")).is_empty());
    assert!(w.poll(t("2024-12-31T02:59:50+09:00")).is_empty());
    let got = tick(
        &mut w,
        t("2024-12-31T02:59:50+09:00"),
        t("2024-12-31T05:30+09:00"),
        Duration::seconds(10),
    );
    for (polled, e) in &got {
        assert_eq!(*polled, e.at, "{e:?} late");
    }
    let events: Vec<Event> = got.into_iter().map(|(_, e)| e).collect();
    assert_eq!(
        brief(&events),
        want(&[
            ("2024-12-31T03:00+09:00", EventKind::Start),
            ("2024-12-31T05:20+09:00", EventKind::End),
        ])
    );
}

#[test]
fn a_clock_corrected_to_just_after_a_start_gives_the_start_itself() {
    // The timer wakes 20 s after 03:00 on the corrected clock: the start is still news.
    let mut w = watch("福岡", "2025-12-31T12:00+09:00");
    assert!(w.poll(t("2025-12-31T12:00:30+09:00")).is_empty());
    assert_eq!(
        brief(&w.poll(t("2024-12-31T03:00:20+09:00"))),
        want(&[("2024-12-31T03:00+09:00", EventKind::Start)])
    );
    assert!(w.poll(t("2024-12-31T03:00:30+09:00")).is_empty());
}

#[test]
fn a_clock_set_back_into_a_window_not_told_says_it_is_down_now() {
    let mut w = watch("福岡", "2025-12-31T12:00+09:00");
    assert!(w.poll(t("2025-12-31T12:00:30+09:00")).is_empty());
    assert_eq!(
        brief(&w.poll(t("2024-12-31T04:00+09:00"))),
        want(&[("2024-12-31T04:00+09:00", EventKind::AlreadyDown)])
    );
    assert!(w.poll(t("2024-12-31T04:00:10+09:00")).is_empty());
}

#[test]
fn a_clock_from_2000_corrected_to_today_says_nothing_about_old_windows() {
    // A dead CMOS battery: the PC thinks it is 2000, then time sync brings it to 2026.
    let mut w = watch("福岡", "2000-01-01T09:00+09:00");
    assert!(w.start().is_empty());
    assert!(w.poll(t("2000-01-01T09:00:30+09:00")).is_empty());
    assert!(w.poll(t("2026-06-01T10:00+09:00")).is_empty());
    assert!(w.poll(t("2026-06-01T10:00:30+09:00")).is_empty());
    assert_eq!(w.next_due(), None);
}

#[test]
fn a_jump_forward_from_a_told_outage_past_its_end_gives_one_end() {
    let mut w = watch("福岡", "2024-12-31T02:59:50+09:00");
    assert_eq!(
        brief(&w.poll(t("2024-12-31T03:00+09:00"))),
        want(&[("2024-12-31T03:00+09:00", EventKind::Start)])
    );
    // Suspended 03:00 → 10:00: the 05:20 end and the 07:00/07:50 reminders and the 08:00
    // intermittent start were passed. Staff hear the state now: intermittent cuts.
    let e = w.poll(t("2024-12-31T10:00+09:00"));
    assert_eq!(
        brief(&e),
        want(&[("2024-12-31T10:00+09:00", EventKind::AlreadyDown)])
    );
    assert_eq!(e[0].to, onshi::State::Intermittent);
}

#[test]
fn what_was_told_is_remembered_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let open = || {
        let (memory, problem) = Announced::open(dir.path());
        assert!(problem.is_none(), "{problem:?}");
        memory
    };
    let mut w = watch("福岡", "2024-12-31T02:59:50+09:00").with_memory(open());
    assert_eq!(
        brief(&w.poll(t("2024-12-31T03:00+09:00"))),
        want(&[("2024-12-31T03:00+09:00", EventKind::Start)])
    );
    drop(w);
    assert!(dir.path().join(onshi::announced::FILE_NAME).is_file());

    // Restarted inside the outage: it was told, so no "currently down" again.
    let mut w = watch("福岡", "2024-12-31T03:10+09:00").with_memory(open());
    assert!(w.start().is_empty());
    assert!(w.poll(t("2024-12-31T03:10:10+09:00")).is_empty());
    drop(w);
    // Restarted with the clock behind (before 03:00): 03:00 passes again, nothing repeats,
    // and the end still comes.
    let mut w = watch("福岡", "2024-12-31T02:58+09:00").with_memory(open());
    assert!(w.start().is_empty());
    let got = tick(
        &mut w,
        t("2024-12-31T02:58+09:00"),
        t("2024-12-31T05:20+09:00"),
        Duration::seconds(10),
    );
    let events: Vec<Event> = got.into_iter().map(|(_, e)| e).collect();
    assert_eq!(
        brief(&events),
        want(&[("2024-12-31T05:20+09:00", EventKind::End)])
    );

    // Without the memory, the same restart would say it again.
    let mut fresh = watch("福岡", "2024-12-31T03:10+09:00");
    assert_eq!(fresh.start().len(), 1);
}

#[test]
fn a_broken_memory_file_is_set_aside_and_the_watch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(onshi::announced::FILE_NAME);
    std::fs::write(&path, b"{\"version\": 1, \"told\": [tru").unwrap();
    let (memory, problem) = Announced::open(dir.path());
    let problem = problem.expect("a problem to show");
    assert!(problem.contains("announced.broken-"), "{problem}");
    assert!(!path.exists());
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("announced.broken-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read(&aside[0]).unwrap(),
        b"{\"version\": 1, \"told\": [tru"
    );
    let mut w = watch("福岡", "2024-12-31T02:59:50+09:00").with_memory(memory);
    assert_eq!(w.poll(t("2024-12-31T03:00+09:00")).len(), 1);
    // Saved afresh, and readable.
    let (again, problem) = Announced::open(dir.path());
    assert!(problem.is_none());
    assert_eq!(again.iter().count(), 1);
}

#[test]
fn next_due_and_sleep() {
    let mut w = watch("福岡", "2024-12-30T12:00+09:00");
    assert_eq!(w.next_due(), Some(t("2024-12-31T02:00+09:00")));
    // Far from any event: the longest sleep.
    assert_eq!(
        w.sleep_for(t("2024-12-30T12:00+09:00"), 1.0),
        onshi::watch::MAX_SLEEP
    );
    w.poll(t("2024-12-31T02:59:50+09:00"));
    assert_eq!(w.next_due(), Some(t("2024-12-31T03:00+09:00")));
    assert_eq!(
        w.sleep_for(t("2024-12-31T02:59:50+09:00"), 1.0),
        std::time::Duration::from_secs(10)
    );
    assert_eq!(
        w.sleep_for(t("2024-12-31T02:59:50+09:00"), 10.0),
        std::time::Duration::from_secs(1)
    );
    w.poll(t("2025-01-01T03:00+09:00"));
    assert_eq!(w.next_due(), None);
    assert_eq!(
        w.sleep_for(t("2025-01-01T03:00+09:00"), 1.0),
        onshi::watch::MAX_SLEEP
    );
}

#[test]
fn watching_a_seam_gives_one_change() {
    let s = common::fixture_schedule("seam/2030-01-seams.toml");
    let mut w = Watch::new(
        s,
        pref("佐賀"),
        Reminders::default(),
        t("2030-01-10T10:30+09:00"),
    );
    assert_eq!(w.start().len(), 1);
    let got = tick(
        &mut w,
        t("2030-01-10T10:30+09:00"),
        t("2030-01-10T13:00+09:00"),
        Duration::seconds(10),
    );
    let events: Vec<Event> = got.into_iter().map(|(_, e)| e).collect();
    assert_eq!(
        brief(&events),
        want(&[
            ("2030-01-10T11:00+09:00", EventKind::Change),
            ("2030-01-10T12:00+09:00", EventKind::End),
        ])
    );
}

#[test]
fn the_24_hour_reminder_comes_on_time() {
    let mut w = watch("福岡", "2024-12-30T02:59:55+09:00");
    assert!(w.poll(t("2024-12-30T02:59:59+09:00")).is_empty());
    let e = w.poll(t("2024-12-30T03:00:05+09:00"));
    assert_eq!(brief(&e), want(&[("2024-12-30T03:00+09:00", R1440)]));
    assert_eq!(e[0].boundary, t("2024-12-31T03:00+09:00"));
}
