//! What one wake tells staff through notifications: each due event, each window a new
//! notice changed and each deadline reminder, one notification and one log line each; and
//! how the last ones went.

use crate::snapshot::Tick;
use crate::state::Shared;

/// Hands the wake's notifications to the notifier (which only queues them), and moves
/// late or failed deliveries (the notifier thread's findings) into the window's problems.
pub fn send(shared: &Shared, tick: &Tick) {
    for event in &tick.events {
        let message = onshi::message::message(event, tick.snapshot.lang);
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
        shared.notifier.show(&message, event.to);
    }
    for message in &tick.changes {
        println!(
            "onshi-watch: notify at={} due={} kind=\"revision\" title={}",
            onshi::time::rfc3339_jst(tick.now),
            onshi::time::rfc3339_jst(tick.now),
            message.title
        );
        shared.notifier.show(message, onshi::State::Normal);
    }
    for e in &tick.deadline_events {
        let (title, body) = e.deadline.reminder_text(&e.reminder, tick.snapshot.lang);
        println!(
            "onshi-watch: notify at={} due={} kind=\"deadline\" title={}",
            onshi::time::rfc3339_jst(tick.now),
            onshi::time::rfc3339_jst(e.at),
            title
        );
        // The alerts' banner, once the app has one, also takes the reminders that
        // `Reminder::wants_banner` (from the day before the last day on).
        shared.notifier.show(
            &onshi::message::Message { title, body },
            onshi::State::Normal,
        );
    }
    for p in shared.notifier.take_reports() {
        shared.add_problem(p);
    }
}
