//! OS notifications through notify-rust.

use std::sync::Mutex;

use onshi::message::Message;
use onshi::State;

/// Sends notifications and remembers whether the OS has a notification server.
pub struct Notifier {
    app_id: String,
    /// Recent handles kept alive: each holds its D-Bus connection, and some servers
    /// withdraw a notification once its sender's connection goes away.
    #[cfg(all(unix, not(target_os = "macos")))]
    alive: Mutex<std::collections::VecDeque<notify_rust::NotificationHandle>>,
    /// The last failure, said once in the log and shown in the window.
    failure: Mutex<Option<String>>,
}

/// How many shown notifications to keep connected.
#[cfg(all(unix, not(target_os = "macos")))]
const KEEP: usize = 8;

impl Notifier {
    /// `app_id` is the bundle identifier: Windows shows a toast only for an installed
    /// app whose Start-menu shortcut carries this id (the installer sets it).
    pub fn new(app_id: &str) -> Notifier {
        Notifier {
            app_id: app_id.to_string(),
            #[cfg(all(unix, not(target_os = "macos")))]
            alive: Mutex::new(Default::default()),
            failure: Mutex::new(None),
        }
    }

    /// Shows `message`. A failure (no notification server) is logged once and kept for
    /// the window; the app goes on either way.
    pub fn show(&self, message: &Message, state: State) {
        let mut n = notify_rust::Notification::new();
        n.summary(&message.title)
            .body(&message.body)
            .appname("オン資ウォッチ");
        #[cfg(all(unix, not(target_os = "macos")))]
        {
            use notify_rust::{Hint, Urgency};
            // A full outage must not slide away before staff have seen it.
            let urgency = match state {
                State::FullOutage => Urgency::Critical,
                _ => Urgency::Normal,
            };
            n.urgency(urgency)
                // The desktop entry's file name without `.desktop`: the .deb installs
                // jp.onshiwatch.desktop.desktop (packaging/linux), name and icon for the server.
                .hint(Hint::DesktopEntry(self.app_id.clone()))
                .hint(Hint::Category("network".into()));
        }
        #[cfg(target_os = "windows")]
        {
            let _ = state;
            n.app_id(&self.app_id);
        }
        #[cfg(target_os = "macos")]
        let _ = state;

        match n.show() {
            Ok(handle) => {
                #[cfg(all(unix, not(target_os = "macos")))]
                {
                    let mut alive = self.alive.lock().unwrap_or_else(|e| e.into_inner());
                    alive.push_back(handle);
                    while alive.len() > KEEP {
                        alive.pop_front();
                    }
                }
                #[cfg(not(all(unix, not(target_os = "macos"))))]
                let _ = handle;
                *self.failure.lock().unwrap_or_else(|e| e.into_inner()) = None;
            }
            Err(e) => {
                let mut failure = self.failure.lock().unwrap_or_else(|e| e.into_inner());
                if failure.is_none() {
                    eprintln!(
                        "onshi-watch: cannot show a notification ({e}); the tray and the window still show the state"
                    );
                }
                *failure = Some(e.to_string());
            }
        }
    }

    /// The last failure to notify, if the latest attempt failed.
    pub fn failure(&self) -> Option<String> {
        self.failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}
