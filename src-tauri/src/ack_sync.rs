//! Looks at the shared folder every 30 s on a thread of its own, so an acknowledgement on
//! another PC reaches this one's banner within that time and a slow share never holds up
//! the timer.

use std::time::Duration;

use tauri::{AppHandle, Manager, Runtime};

use crate::state::Shared;

/// How often the other PCs' acknowledgements are read.
pub const EVERY: Duration = Duration::from_secs(30);

/// Starts the thread; it ends when the app quits.
pub fn spawn<R: Runtime>(app: AppHandle<R>) {
    let started = std::thread::Builder::new()
        .name("onshi-acks".into())
        .spawn(move || {
            let shared = app.state::<Shared>();
            let every = std::env::var("ONSHI_WATCH_ACK_EVERY_MS")
                .ok()
                .and_then(|v| v.parse().ok())
                .map_or(EVERY, Duration::from_millis);
            while !shared.lock().quitting {
                shared.refresh_acks();
                std::thread::sleep(every);
            }
        });
    if let Err(e) = started {
        eprintln!("onshi-watch: cannot start the shared folder's thread: {e}");
    }
}
