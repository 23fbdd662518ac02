//! The one timer of the app: a thread that wakes at the next event (or after 30 s at the
//! most), takes one snapshot, and hands it to the notifications, the tray and the window.

use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::notify;
use crate::state::Shared;
use crate::tray::Tray;
use crate::view::{self, View};

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
    let mut sender = ViewSender::default();
    while !shared.lock().quitting {
        let tick = shared.tick();
        let snap = &tick.snapshot;
        notify::send(&shared, &tick);
        if let Some(change) = &tick.banner {
            crate::banner_window::apply(app, change);
        }
        // Only the timer thread updates the tray: `Tray::update` holds its lock while the
        // OS calls wait for the main thread, so an update run on the main thread (a
        // command, a menu event) while the timer is in one would deadlock the whole app.
        if let Some(tray) = app.try_state::<Tray<R>>() {
            tray.update(snap);
        }
        if snap.window_open {
            let view = {
                let state = shared.lock();
                view::view(&state, snap, &shared.clock, shared.notifier.failure())
            };
            if let Some(view) = sender.changed(view) {
                let _ = app.emit_to(crate::status_window::LABEL, "view", view);
            }
            let _ = app.emit_to(crate::status_window::LABEL, "tick", view::tick(snap));
        } else {
            // The next window starts from get_view; anything sent later is a change to it.
            sender = ViewSender::default();
        }
        if std::mem::take(&mut first) {
            println!(
                "onshi-watch: ready state={} at={}",
                snap.look_str(),
                onshi::time::rfc3339_jst(tick.now)
            );
        }
        shared.sleep(shared.sleep_after(snap));
    }
}

/// Remembers the last full view sent, so the window gets it again only when something
/// in it changed — not every second.
#[derive(Default)]
pub struct ViewSender {
    last: Option<View>,
}

impl ViewSender {
    /// `Some(view)` when it differs from the last one sent (and remembers it), else `None`.
    pub fn changed(&mut self, view: View) -> Option<View> {
        if self.last.as_ref() == Some(&view) {
            return None;
        }
        self.last = Some(view.clone());
        Some(view)
    }
}
