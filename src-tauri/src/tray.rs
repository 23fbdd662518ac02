//! The tray icon and its menu: built once, then only their texts and icon change.

use tauri::image::Image;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime};

use crate::state::Shared;
use crate::view::{self, Look};

pub const TRAY_ID: &str = "onshi-watch";

/// The menu items whose text changes, kept so the timer can update them.
pub struct Tray<R: Runtime> {
    icon: TrayIcon<R>,
    status: MenuItem<R>,
    show: MenuItem<R>,
    next: MenuItem<R>,
    mute: MenuItem<R>,
    quit: MenuItem<R>,
    /// What the OS was last told: icon, item texts, whether "mute" is enabled.
    last: std::sync::Mutex<Option<(Look, [String; 5], bool)>>,
}

fn icon_bytes(look: Look) -> &'static [u8] {
    match look {
        Look::NotConfigured => include_bytes!("../../assets/icons/tray-unset.png"),
        Look::Normal => include_bytes!("../../assets/icons/tray-normal.png"),
        Look::Upcoming => include_bytes!("../../assets/icons/tray-upcoming.png"),
        Look::Intermittent => include_bytes!("../../assets/icons/tray-intermittent.png"),
        Look::FullOutage => include_bytes!("../../assets/icons/tray-full.png"),
    }
}

/// "Show status"; on Windows without WebView2, what the window needs and where to get it.
fn show_text(ja: bool) -> String {
    #[cfg(windows)]
    if let Some(line) = crate::windows_env::missing_webview2_line(ja) {
        return line;
    }
    (if ja { "状態を表示" } else { "Show status" }).to_string()
}

/// Builds the tray. Fails where the desktop has no tray host; the caller reports it and
/// the app goes on with notifications and the window.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Tray<R>> {
    // The status line stands in for the tooltip, which Linux trays do not show. On Linux
    // (no click events) it is also the way in: choosing it opens the window.
    let status = MenuItem::with_id(app, "status", "オン資ウォッチ", true, None::<&str>)?;
    let show = MenuItem::with_id(app, "show", "状態を表示", true, None::<&str>)?;
    let next = MenuItem::with_id(app, "next", "", false, None::<&str>)?;
    let mute = MenuItem::with_id(app, "mute", "通知を止める", false, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "終了", true, None::<&str>)?;
    let menu = Menu::with_items(
        app,
        &[
            &status,
            &show,
            &next,
            &PredefinedMenuItem::separator(app)?,
            &mute,
            &PredefinedMenuItem::separator(app)?,
            &quit,
        ],
    )?;
    let icon = TrayIconBuilder::with_id(TRAY_ID)
        .icon(Image::from_bytes(icon_bytes(Look::NotConfigured))?)
        .tooltip("オン資ウォッチ")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "status" | "show" => crate::window::show(app),
            "mute" => {
                app.state::<Shared>().toggle_mute();
                crate::timer::refresh(app);
            }
            "quit" => {
                app.state::<Shared>().quit();
                app.exit(0);
            }
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            // Windows and macOS: a left click opens the window, the right click the menu.
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                crate::window::show(tray.app_handle());
            }
        })
        .build(app)?;
    Ok(Tray {
        icon,
        status,
        show,
        next,
        mute,
        quit,
        last: std::sync::Mutex::new(None),
    })
}

/// Whether the desktop has somewhere to show the tray icon. On Linux the icon is a
/// StatusNotifierItem, seen only if a StatusNotifierWatcher owns its name on the session
/// bus; libayatana-appindicator does not say when none does. Elsewhere there always is.
pub fn host_present() -> Result<(), String> {
    #[cfg(target_os = "linux")]
    {
        let bus = zbus::blocking::Connection::session().map_err(|e| e.to_string())?;
        let dbus = zbus::blocking::fdo::DBusProxy::new(&bus).map_err(|e| e.to_string())?;
        let name = zbus::names::BusName::try_from("org.kde.StatusNotifierWatcher")
            .map_err(|e| e.to_string())?;
        match dbus.name_has_owner(name) {
            Ok(true) => Ok(()),
            Ok(false) => Err("no StatusNotifierWatcher on the session bus".into()),
            Err(e) => Err(e.to_string()),
        }
    }
    #[cfg(not(target_os = "linux"))]
    Ok(())
}

impl<R: Runtime> Tray<R> {
    /// Brings icon and texts up to date; touches the OS only for what changed.
    pub fn update(&self, shared: &Shared, now: onshi::time::Instant) {
        let (look, texts, can_mute) = {
            let inner = shared.lock();
            let lang = inner.settings.lang;
            let ja = lang == onshi::Lang::Ja;
            let target = inner.mute_target(now);
            let mute_text = match (inner.muted_until, target) {
                (Some(u), _) => format!(
                    "{} ({})",
                    if ja {
                        "通知を再開する"
                    } else {
                        "Unmute notifications"
                    },
                    onshi::time::date_time_label(u, lang)
                ),
                (None, Some(u)) => format!(
                    "{} {}",
                    if ja {
                        "この停止が終わるまで通知を止める"
                    } else {
                        "Mute until this outage ends"
                    },
                    onshi::time::date_time_label(u, lang)
                ),
                (None, None) => (if ja {
                    "通知を止める"
                } else {
                    "Mute notifications"
                })
                .to_string(),
            };
            (
                Look::of(inner.status(now).as_ref()),
                [
                    view::status_line(&inner, &shared.clock, now),
                    show_text(ja),
                    view::next_line(&inner, now),
                    mute_text,
                    (if ja { "終了" } else { "Quit" }).to_string(),
                ],
                inner.muted_until.is_some() || target.is_some(),
            )
        };
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let old = last.as_ref();
        if old.map(|(l, _, _)| *l) != Some(look) {
            if let Ok(image) = Image::from_bytes(icon_bytes(look)) {
                let _ = self.icon.set_icon(Some(image));
            }
        }
        let items = [&self.status, &self.show, &self.next, &self.mute, &self.quit];
        for (i, item) in items.iter().enumerate() {
            if old.map(|(_, t, _)| &t[i]) != Some(&texts[i]) {
                let _ = item.set_text(&texts[i]);
            }
        }
        if old.map(|(_, t, _)| &t[0]) != Some(&texts[0]) {
            let _ = self.icon.set_tooltip(Some(&texts[0]));
        }
        // Every call into a menu item is a round trip to the main thread: skip it when
        // nothing changed, so an idle tick wakes only the timer thread.
        if old.map(|(_, _, m)| *m) != Some(can_mute) {
            let _ = self.mute.set_enabled(can_mute);
        }
        *last = Some((look, texts, can_mute));
    }
}
