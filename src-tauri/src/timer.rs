//! The one timer of the app: a thread that wakes at the next event (or after 30 s at
//! the most), reads the wall clock, and hands what is due to notifications, tray and window.

use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::state::Shared;
use crate::tray::Tray;

/// Starts the timer thread; it ends when the app quits.
pub fn spawn<R: Runtime>(app: AppHandle<R>) {
    std::thread::Builder::new()
        .name("onshi-timer".into())
        .spawn(move || run(&app))
        .expect("the OS can start a thread");
}

fn run<R: Runtime>(app: &AppHandle<R>) {
    let shared = app.state::<Shared>();
    let mut first = true;
    while !shared.lock().quitting {
        let tick = shared.tick();
        let lang = shared.lock().settings.lang;
        for event in &tick.events {
            let message = onshi::message::message(event, lang);
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
        // Late or failed notifications (the notifier thread's findings) go to the window.
        crate::notify::report(&shared);
        refresh_at(app, tick.now);
        if std::mem::take(&mut first) {
            let inner = shared.lock();
            println!(
                "onshi-watch: ready state={} at={}",
                crate::view::Look::of(inner.status(tick.now).as_ref()).as_str(),
                onshi::time::rfc3339_jst(tick.now)
            );
        }
        shared.sleep(shared.sleep_from_now());
    }
}

/// Has the tray and the open window brought up to date now, by the timer thread.
///
/// Only the timer thread updates the tray: `Tray::update` holds its lock while the OS
/// calls wait for the main thread, so an update run on the main thread (a command, a
/// menu event) while the timer is in one would deadlock the whole app.
pub fn refresh<R: Runtime>(app: &AppHandle<R>) {
    app.state::<Shared>().wake();
}

fn refresh_at<R: Runtime>(app: &AppHandle<R>, now: onshi::time::Instant) {
    let shared = app.state::<Shared>();
    if let Some(tray) = app.try_state::<Tray<R>>() {
        tray.update(&shared, now);
    }
    let open = shared.lock().window_open;
    if open {
        let view = {
            let inner = shared.lock();
            crate::view::view(&inner, &shared.clock, shared.notifier.failure(), now)
        };
        let _ = app.emit_to(crate::window::LABEL, "view", view);
    }
}
