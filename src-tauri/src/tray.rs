//! The tray icon and its menu: built once, then only their texts and icon change.

use tauri::image::Image;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime};

use crate::snapshot::Snapshot;
use crate::state::Shared;
use onshi::present::Look;

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
        // Not an outage, not yet normal: amber, as before a window.
        Look::Upcoming | Look::PastEnd | Look::MayExtend => {
            include_bytes!("../../assets/icons/tray-upcoming.png")
        }
        // A partial outage shares the amber "some things fail" icon.
        Look::Intermittent | Look::Partial => {
            include_bytes!("../../assets/icons/tray-intermittent.png")
        }
        Look::FullOutage => include_bytes!("../../assets/icons/tray-full.png"),
    }
}

/// Builds the tray; its status line, 「状態を表示」 and (on Windows and macOS) a left click
/// call `show_window`. Fails where the desktop has no tray host; the caller reports it and
/// the app goes on with notifications and the window.
pub fn build<R: Runtime>(
    app: &AppHandle<R>,
    show_window: fn(&AppHandle<R>),
) -> tauri::Result<Tray<R>> {
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
        .on_menu_event(move |app, event| match event.id().as_ref() {
            "status" | "show" => show_window(app),
            "mute" => {
                app.state::<Shared>().toggle_mute();
                app.state::<Shared>().wake();
            }
            "quit" => {
                app.state::<Shared>().quit();
                app.exit(0);
            }
            _ => {}
        })
        .on_tray_icon_event(move |tray, event| {
            // Windows and macOS: a left click opens the window, the right click the menu.
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                show_window(tray.app_handle());
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
    /// Brings icon and texts up to date from the wake's snapshot; touches the OS only for
    /// what changed.
    pub fn update(&self, snap: &Snapshot) {
        let (look, t) = (snap.look, &snap.tray);
        let texts = [
            t.status.clone(),
            t.show.clone(),
            t.next.clone(),
            t.mute.clone(),
            t.quit.clone(),
        ];
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
        if old.map(|(_, _, m)| *m) != Some(t.can_mute) {
            let _ = self.mute.set_enabled(t.can_mute);
        }
        *last = Some((look, texts, t.can_mute));
    }
}
