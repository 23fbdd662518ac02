//! The tray icon and its menu: built once, then only their texts and icon change.

use tauri::image::Image;
use tauri::menu::{IsMenuItem, Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::tray::{MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime};

use crate::drill::{self, Offer, Relaunch};
use crate::problems;
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
    drill: Drill<R>,
    quit: MenuItem<R>,
    /// What the OS was last told: icon, item texts, whether "mute" is enabled, the drills
    /// offered.
    last: std::sync::Mutex<Option<Last>>,
}

type Last = (Look, [String; 6], bool, Vec<Offer>);

/// 「訓練を始める」 and the past windows under it; in a drill, 「訓練を終える」.
enum Drill<R: Runtime> {
    Start(Submenu<R>),
    End(MenuItem<R>),
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
    drilling: bool,
) -> tauri::Result<Tray<R>> {
    // The status line stands in for the tooltip, which Linux trays do not show. On Linux
    // (no click events) it is also the way in: choosing it opens the window.
    let status = MenuItem::with_id(app, "status", "オン資ウォッチ", true, None::<&str>)?;
    let show = MenuItem::with_id(app, "show", "状態を表示", true, None::<&str>)?;
    let next = MenuItem::with_id(app, "next", "", false, None::<&str>)?;
    let mute = MenuItem::with_id(app, "mute", "通知を止める", false, None::<&str>)?;
    let drill = if drilling {
        Drill::End(MenuItem::with_id(
            app,
            drill::END_ID,
            "訓練を終える",
            true,
            None::<&str>,
        )?)
    } else {
        Drill::Start(Submenu::with_id(app, "drill", "訓練を始める", true)?)
    };
    let quit = MenuItem::with_id(app, "quit", "終了", true, None::<&str>)?;
    let menu = Menu::with_items(
        app,
        &[
            &status,
            &show,
            &next,
            &PredefinedMenuItem::separator(app)?,
            &mute,
            drill.item(),
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
            id if id == drill::END_ID => restart(app, None),
            id => {
                if let Some(at) = drill::start_of(id) {
                    restart(app, Some(at))
                }
            }
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
        drill,
        quit,
        last: std::sync::Mutex::new(None),
    })
}

/// Into a drill from `at`, or (`None`) out of it: this run starts the next and quits. A
/// failure is told in the window; this run goes on.
fn restart<R: Runtime>(app: &AppHandle<R>, at: Option<&str>) {
    let relaunch = app
        .try_state::<Relaunch>()
        .map(|r| r.inner().clone())
        .unwrap_or_default();
    match relaunch.start(at) {
        Ok(()) => {
            println!(
                "onshi-watch: restarting {}",
                at.map_or("on the real clock".to_string(), |at| format!(
                    "for a drill from {at}"
                ))
            );
            app.state::<Shared>().quit();
            app.exit(0);
        }
        Err(e) => {
            app.state::<Shared>()
                .add_problem(problems::no_restart(&e.to_string()));
            app.state::<Shared>().wake();
        }
    }
}

impl<R: Runtime> Drill<R> {
    fn item(&self) -> &dyn IsMenuItem<R> {
        match self {
            Drill::Start(menu) => menu,
            Drill::End(item) => item,
        }
    }

    fn set_text(&self, text: &str) {
        let _ = match self {
            Drill::Start(menu) => menu.set_text(text),
            Drill::End(item) => item.set_text(text),
        };
    }

    /// The past windows under 「訓練を始める」, or one line saying why there are none.
    fn offer(&self, app: &AppHandle<R>, offers: &[Offer], none: &str) {
        let Drill::Start(menu) = self else { return };
        if let Ok(items) = menu.items() {
            for item in items {
                let _ = menu.remove(&item);
            }
        }
        for o in offers {
            if let Ok(item) = MenuItem::with_id(app, o.id.as_str(), &o.label, true, None::<&str>) {
                let _ = menu.append(&item);
            }
        }
        if offers.is_empty() {
            if let Ok(item) = MenuItem::with_id(app, "drill-none", none, false, None::<&str>) {
                let _ = menu.append(&item);
            }
        }
    }
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
            t.drill.clone(),
            t.quit.clone(),
        ];
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let old = last.as_ref();
        if old.map(|(l, ..)| *l) != Some(look) {
            if let Ok(image) = Image::from_bytes(icon_bytes(look)) {
                let _ = self.icon.set_icon(Some(image));
            }
        }
        let items = [&self.status, &self.show, &self.next, &self.mute];
        for (i, item) in items.iter().enumerate() {
            if old.map(|(_, t, ..)| &t[i]) != Some(&texts[i]) {
                let _ = item.set_text(&texts[i]);
            }
        }
        if old.map(|(_, t, ..)| &t[4]) != Some(&texts[4]) {
            self.drill.set_text(&texts[4]);
        }
        if old.map(|(_, t, ..)| &t[5]) != Some(&texts[5]) {
            let _ = self.quit.set_text(&texts[5]);
        }
        if old.map(|(_, t, ..)| &t[0]) != Some(&texts[0]) {
            let _ = self.icon.set_tooltip(Some(&texts[0]));
        }
        // Every call into a menu item is a round trip to the main thread: skip it when
        // nothing changed, so an idle tick wakes only the timer thread.
        if old.map(|(_, _, m, _)| *m) != Some(t.can_mute) {
            let _ = self.mute.set_enabled(t.can_mute);
        }
        // The none-line's wording follows the language, so a language change rebuilds too.
        if old.map(|(_, t, _, o)| (o, &t[4])) != Some((&t.drills, &texts[4])) {
            self.drill
                .offer(self.icon.app_handle(), &t.drills, &t.no_drill);
        }
        *last = Some((look, texts, t.can_mute, t.drills.clone()));
    }
}
