//! The notifier against a notification server that stops answering: the caller (the
//! timer) never waits, the stall is said, the late answer is said, later notices still go.

mod common;

use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use common::wait_until;
use onshi::message::{Message, Urgency};
use onshi_watch::notifier::{Notifier, SendFn, Shown};

fn msg(title: &str) -> Message {
    Message {
        title: title.into(),
        body: "body".into(),
    }
}

#[test]
fn a_stalled_server_never_blocks_the_caller_and_every_notice_is_accounted_for() {
    // A server that answers only when the test lets it (as a SIGSTOPped dunst).
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let release_rx = Mutex::new(release_rx);
    let shown = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = shown.clone();
    let send: SendFn = Arc::new(move |m: &Message, _u: Urgency, _r: Option<u32>| {
        // Answered in the order asked, as a bus daemon does.
        let rx = release_rx.lock().unwrap();
        let _ = rx.recv();
        seen.lock().unwrap().push(m.title.clone());
        drop(rx);
        Ok(Shown::default())
    });
    let n = Notifier::with_sender(send, Duration::from_millis(300), Duration::from_millis(200));

    let started = Instant::now();
    n.show(&msg("【停止中】A"), Urgency::Critical, None);
    n.show(&msg("【再開】B"), Urgency::Normal, None);
    assert!(
        started.elapsed() < Duration::from_millis(100),
        "show() waited for the server"
    );
    assert!(n.failure().is_none(), "not stalled yet");
    wait_until("the stall to be said", || n.failure().is_some());
    let f = n.failure().unwrap();
    assert!(
        f.contains("【停止中】A") && f.contains("応答しません"),
        "{f}"
    );

    // The server wakes up: both are shown, in order, and the lateness is reported.
    release_tx.send(()).unwrap();
    release_tx.send(()).unwrap();
    wait_until("both to be shown", || shown.lock().unwrap().len() == 2);
    assert_eq!(*shown.lock().unwrap(), ["【停止中】A", "【再開】B"]);
    wait_until("no failure left", || n.failure().is_none());
    let reports = n.take_reports();
    assert!(
        reports
            .iter()
            .any(|r| r.contains("【停止中】A") && r.contains("遅れて")),
        "{reports:?}"
    );
    assert!(n.take_reports().is_empty(), "each report is given once");

    // A later notice goes through at once and is not reported.
    release_tx.send(()).unwrap();
    n.show(&msg("【予告】C"), Urgency::Normal, None);
    wait_until("the later notice", || shown.lock().unwrap().len() == 3);
    std::thread::sleep(Duration::from_millis(50));
    assert!(n.take_reports().is_empty());
    assert!(n.failure().is_none());
}

#[test]
fn a_server_that_never_answers_one_call_does_not_hold_back_the_next() {
    // The first call hangs for good; the next ones are answered at once.
    let calls = Arc::new(Mutex::new(0));
    let shown = Arc::new(Mutex::new(Vec::<String>::new()));
    let (c, seen) = (calls.clone(), shown.clone());
    let send: SendFn = Arc::new(move |m: &Message, _u: Urgency, _r: Option<u32>| {
        let first = {
            let mut c = c.lock().unwrap();
            *c += 1;
            *c == 1
        };
        if first {
            std::thread::sleep(Duration::from_secs(3600));
        }
        seen.lock().unwrap().push(m.title.clone());
        Ok(Shown::default())
    });
    let n = Notifier::with_sender(send, Duration::from_millis(200), Duration::from_millis(100));
    n.show(&msg("stuck"), Urgency::Critical, None);
    n.show(&msg("next"), Urgency::Normal, None);
    wait_until("the next notice", || shown.lock().unwrap().len() == 1);
    assert_eq!(*shown.lock().unwrap(), ["next"]);
    // The stuck one is still said as not delivered.
    let f = n.failure().expect("the stuck one is said");
    assert!(f.contains("stuck"), "{f}");
}

#[test]
fn a_refusal_is_said_and_cleared_by_the_next_success() {
    let ok = Arc::new(Mutex::new(false));
    let o = ok.clone();
    let send: SendFn = Arc::new(move |_m: &Message, _u: Urgency, _r: Option<u32>| {
        if *o.lock().unwrap() {
            Ok(Shown::default())
        } else {
            Err("org.freedesktop.DBus.Error.ServiceUnknown".into())
        }
    });
    let n = Notifier::with_sender(send, Duration::from_millis(500), Duration::from_millis(400));
    n.show(&msg("A"), Urgency::Critical, None);
    wait_until("the refusal", || n.failure().is_some());
    assert!(n.failure().unwrap().contains("ServiceUnknown"));
    *ok.lock().unwrap() = true;
    n.show(&msg("B"), Urgency::Normal, None);
    wait_until("the failure to clear", || n.failure().is_none());
}

#[test]
fn a_notice_replaces_the_last_one_of_its_slot_and_no_other() {
    // A server that numbers what it shows, as a real one does, and records what each
    // call asked to replace.
    let asked = Arc::new(Mutex::new(Vec::<(String, Urgency, Option<u32>)>::new()));
    let a = asked.clone();
    let send: SendFn = Arc::new(move |m: &Message, u: Urgency, r: Option<u32>| {
        let mut a = a.lock().unwrap();
        a.push((m.title.clone(), u, r));
        Ok(Shown {
            id: Some(r.unwrap_or(100 + a.len() as u32)),
            keep: None,
        })
    });
    let n = Notifier::with_sender(send, Duration::from_millis(500), Duration::from_millis(400));
    n.show(&msg("【停止中】"), Urgency::Critical, Some("window:oqs"));
    n.show(
        &msg("【停止中】ポータル"),
        Urgency::Critical,
        Some("window:portal"),
    );
    n.show(
        &msg("【終了予定時刻】"),
        Urgency::Normal,
        Some("window:oqs"),
    );
    n.show(&msg("【変更】"), Urgency::Normal, None);
    n.show(&msg("【予告】"), Urgency::Normal, Some("window:oqs"));
    wait_until("all five", || asked.lock().unwrap().len() == 5);
    assert_eq!(
        *asked.lock().unwrap(),
        [
            ("【停止中】".to_string(), Urgency::Critical, None),
            ("【停止中】ポータル".to_string(), Urgency::Critical, None),
            // In place of the first, not beside it; the other service's stays.
            ("【終了予定時刻】".to_string(), Urgency::Normal, Some(101)),
            ("【変更】".to_string(), Urgency::Normal, None),
            ("【予告】".to_string(), Urgency::Normal, Some(101)),
        ]
    );
}
