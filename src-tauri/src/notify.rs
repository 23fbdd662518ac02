//! What one wake tells staff through notifications: each due event, each window a new
//! notice changed and each deadline reminder, one notification and one log line each; and
//! how the last ones went.
//!
//! In a drill (the training clock) every title starts with 【訓練】: the pop-up must never
//! read as a real outage.

use onshi::message::{self, Message, Urgency};

use crate::snapshot::Tick;
use crate::state::Shared;

/// Hands the wake's notifications to the notifier (which only queues them), and moves
/// late or failed deliveries (the notifier thread's findings) into the window's problems.
pub fn send(shared: &Shared, tick: &Tick) {
    let lang = tick.snapshot.lang;
    let drill = shared.clock.training_info().is_some();
    let told = |m: Message| if drill { message::drill(m, lang) } else { m };
    for event in &tick.events {
        let message = told(message::message(event, lang));
        // One line per notification: what operators and the end-to-end tests read.
        println!(
            "onshi-watch: notify at={} due={} kind={} title={}",
            onshi::time::rfc3339_jst(tick.now),
            onshi::time::rfc3339_jst(event.at),
            serde_json::to_value(event.kind)
                .map(|v| v["type"].to_string())
                .unwrap_or_default(),
            message.title
        );
        shared.notifier.show(
            &message,
            message::urgency(event),
            Some(&message::slot(event)),
        );
    }
    for message in &tick.changes {
        let message = &told(message.clone());
        println!(
            "onshi-watch: notify at={} due={} kind=\"revision\" title={}",
            onshi::time::rfc3339_jst(tick.now),
            onshi::time::rfc3339_jst(tick.now),
            message.title
        );
        shared.notifier.show(message, Urgency::Normal, None);
    }
    for e in &tick.deadline_events {
        let (title, body) = e.deadline.reminder_text(&e.reminder, lang);
        let m = told(Message { title, body });
        println!(
            "onshi-watch: notify at={} due={} kind=\"deadline\" title={}",
            onshi::time::rfc3339_jst(tick.now),
            onshi::time::rfc3339_jst(e.at),
            m.title
        );
        // The alerts' banner, once the app has one, also takes the reminders that
        // `Reminder::wants_banner` (from the day before the last day on).
        // Each deadline's reminder replaces its last one.
        shared.notifier.show(
            &m,
            Urgency::Normal,
            Some(&format!("deadline:{}", e.deadline.key())),
        );
    }
    if let Some(again) = &tick.re_remind {
        println!(
            "onshi-watch: notify at={} due={} kind=\"re_remind\" title={}",
            onshi::time::rfc3339_jst(tick.now),
            onshi::time::rfc3339_jst(tick.now),
            again.title
        );
        shared.notifier.show(again, Urgency::Normal, Some("banner"));
    }
    // 確認待ちの患者: one toast once a window's planned end has passed while someone waits.
    let (reminder, problem) = {
        let mut state = shared.lock();
        let prefecture = state.prefecture();
        let windows = prefecture.map(|p| state.schedule.windows_for(p));
        match (prefecture, windows, state.pending_reminders.as_mut()) {
            (Some(p), Some(windows), Some(watch)) => watch.due(&windows, p, tick.now, lang),
            _ => (None, None),
        }
    };
    if let Some(p) = problem {
        shared.add_problem(p);
    }
    if let Some(r) = reminder {
        let m = told(Message {
            title: r.title,
            body: r.body,
        });
        println!(
            "onshi-watch: notify at={} due={} kind=\"pending\" title={}",
            onshi::time::rfc3339_jst(tick.now),
            onshi::time::rfc3339_jst(tick.now),
            m.title
        );
        shared.notifier.show(&m, Urgency::Normal, Some("pending"));
    }
    for p in shared.notifier.take_reports() {
        shared.add_problem(p);
    }
}
