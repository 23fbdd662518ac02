//! The commands of the status page: the view, the settings form, the language, mute, a
//! source link, the printable sheet. Each answers with the new view.

use onshi::opening_hours::OpeningHours;
use onshi::{Facility, Lang, Prefecture};
use serde::Deserialize;
use serde_json::Value;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::feeds::Feeds;
use crate::open;
use crate::paths::SHEET_FILE;
use crate::settings::Settings;
use crate::snapshot::Snapshot;
use crate::state::Shared;
use crate::view::{self, Frame};

fn current_view(shared: &Shared) -> Frame {
    let now = shared.clock.now();
    let state = shared.lock();
    let snap = Snapshot::take(&state, &shared.clock, now);
    Frame {
        view: view::view(&state, &snap, &shared.clock, shared.notifier.failure()),
        tick: view::tick(&snap),
    }
}

/// The whole view and the clock, for a window that has just opened (later changes come
/// as "view" and "tick" events).
#[tauri::command]
pub fn get_view(shared: State<'_, Shared>) -> Frame {
    current_view(&shared)
}

/// 「対応済み」 on a deadline (its `key` from the view): its reminders stop, on this PC,
/// across restarts.
#[tauri::command]
pub fn mark_deadline_done(shared: State<'_, Shared>, key: String) -> Result<Frame, String> {
    let now = shared.clock.now();
    shared.lock().mark_done(&key, now)?;
    println!("onshi-watch: deadline done key={key}");
    shared.wake();
    Ok(current_view(&shared))
}

/// What the settings form sends. The prefecture may be a code or any spelling
/// [`Prefecture::parse`] accepts.
#[derive(Debug, Deserialize)]
pub struct SettingsInput {
    pub prefecture: Value,
    /// 医科・歯科・薬局; absent keeps what was saved.
    #[serde(default)]
    pub facility: Option<Facility>,
    /// 電子処方箋を使っている; absent keeps what was saved.
    #[serde(default)]
    pub erx: Option<bool>,
    pub lang: Option<Lang>,
    pub reminders_minutes: Vec<u32>,
    #[serde(default)]
    pub autostart: bool,
    /// 受付時間 in the one-line form (`平日=9:00-18:00; 土=9:00-13:00`); empty: the
    /// facility type's usual hours; absent keeps what was saved.
    #[serde(default)]
    pub opening_hours: Option<String>,
}

#[tauri::command]
pub fn save_settings<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Shared>,
    settings: SettingsInput,
) -> Result<Frame, String> {
    let prefecture = match &settings.prefecture {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let prefecture = Prefecture::parse(&prefecture).map_err(|e| e.to_string())?;
    let old = shared.lock().settings.clone();
    let lang = settings.lang.unwrap_or(old.lang);
    let opening_hours = match settings.opening_hours.as_deref().map(str::trim) {
        None => old.opening_hours.clone(),
        Some("") => None,
        Some(text) => Some(text.parse::<OpeningHours>().map_err(|e| {
            lang.pick(
                &format!("受付時間を読めません（{e}）。例: 平日=9:00-18:00; 土=9:00-13:00"),
                &format!("Cannot read the opening hours ({e}). E.g. weekdays=9:00-18:00; saturday=9:00-13:00"),
            )
            .to_string()
        })?),
    };
    let new = Settings {
        prefecture: Some(prefecture.code()),
        facility: settings.facility.or(old.facility),
        erx: settings.erx.or(old.erx),
        lang,
        reminders_minutes: settings.reminders_minutes,
        autostart: Some(settings.autostart),
        opening_hours,
        ..old.clone()
    };
    if let Some(feeds) = app.try_state::<Feeds>() {
        feeds.policy.check(&old, &new, new.lang)?;
    }
    shared.apply_settings(new.clone())?;
    if new.starts_at_login() != old.starts_at_login() {
        set_autostart(&app, new.starts_at_login());
    }
    shared.wake();
    Ok(current_view(&shared))
}

#[tauri::command]
pub fn set_lang(shared: State<'_, Shared>, lang: Lang) -> Result<Frame, String> {
    let mut new = shared.lock().settings.clone();
    new.lang = lang;
    shared.apply_settings(new)?;
    shared.wake();
    Ok(current_view(&shared))
}

#[tauri::command]
pub fn mute(shared: State<'_, Shared>) -> Frame {
    shared.toggle_mute();
    shared.wake();
    current_view(&shared)
}

/// Opens a source link in the system browser; the webview itself never navigates away.
#[tauri::command]
pub fn open_url<R: Runtime>(app: AppHandle<R>, url: String) -> Result<(), String> {
    use tauri_plugin_opener::OpenerExt;
    if !url.starts_with("https://") {
        return Err(format!("only https:// links are opened: {url}"));
    }
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| e.to_string())
}

/// Writes the printable sheet (two A4 pages) for the current prefecture and opens it in
/// the system browser, where staff print it. Answers with the file's path, which the
/// window shows in case no browser opens.
#[tauri::command]
pub fn open_sheet<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Shared>,
) -> Result<String, String> {
    let now = shared.clock.now();
    let (html, lang) = {
        let inner = shared.lock();
        let lang = inner.settings.lang;
        // The timeline the app keeps for the prefecture: none until one is chosen.
        let timeline = inner
            .timeline
            .as_ref()
            .ok_or_else(|| inner.ask_prefecture())?;
        // For this desk: its facility type and the services it uses.
        let audience = onshi::guidance::Audience {
            facility: inner.settings.facility,
            uses: inner.services(),
        };
        (
            onshi::sheet::sheet_for(timeline, now, &audience, lang),
            lang,
        )
    };
    open::save_and_open(
        &app,
        &shared.config_dir.join(SHEET_FILE),
        html.as_bytes(),
        lang.pick(
            "印刷用シートを保存しました。ブラウザで開いて印刷してください",
            "The sheet was saved. Open it in a browser and print it",
        ),
    )
}

/// Applies "start at login" where the autostart plugin is present (not in unit tests).
fn set_autostart<R: Runtime>(app: &AppHandle<R>, on: bool) {
    use tauri_plugin_autostart::ManagerExt;
    if app
        .try_state::<tauri_plugin_autostart::AutoLaunchManager>()
        .is_none()
    {
        return;
    }
    let launcher = app.autolaunch();
    let result = if on {
        launcher.enable()
    } else {
        launcher.disable()
    };
    if let Err(e) = result {
        eprintln!("onshi-watch: cannot change start at login: {e}");
        app.state::<Shared>().lock().problems.push(format!(
            "ログイン時の起動を設定できません / cannot set start at login: {e}"
        ));
    }
}
