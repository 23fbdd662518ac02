//! The commands the window may call. Each answers with the new view, so the UI never
//! works anything out itself.

use onshi::{Lang, Prefecture};
use serde::Deserialize;
use serde_json::Value;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::settings::Settings;
use crate::state::Shared;

fn current_view(shared: &Shared) -> Value {
    let now = shared.clock.now();
    let inner = shared.lock();
    crate::view::view(&inner, &shared.clock, shared.notifier.failure(), now)
}

#[tauri::command]
pub fn get_view(shared: State<'_, Shared>) -> Value {
    current_view(&shared)
}

/// What the settings form sends. The prefecture may be a code or any spelling
/// [`Prefecture::parse`] accepts.
#[derive(Debug, Deserialize)]
pub struct SettingsInput {
    pub prefecture: Value,
    pub lang: Option<Lang>,
    pub reminders_minutes: Vec<u32>,
    #[serde(default)]
    pub autostart: bool,
}

#[tauri::command]
pub fn save_settings<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Shared>,
    settings: SettingsInput,
) -> Result<Value, String> {
    let prefecture = match &settings.prefecture {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let prefecture = Prefecture::parse(&prefecture).map_err(|e| e.to_string())?;
    let old = shared.lock().settings.clone();
    let new = Settings {
        prefecture: Some(prefecture.code()),
        lang: settings.lang.unwrap_or(old.lang),
        reminders_minutes: settings.reminders_minutes,
        autostart: settings.autostart,
    };
    shared.apply_settings(new.clone())?;
    if new.autostart != old.autostart {
        set_autostart(&app, new.autostart);
    }
    crate::timer::refresh(&app);
    Ok(current_view(&shared))
}

#[tauri::command]
pub fn set_lang<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Shared>,
    lang: Lang,
) -> Result<Value, String> {
    let mut new = shared.lock().settings.clone();
    new.lang = lang;
    shared.apply_settings(new)?;
    crate::timer::refresh(&app);
    Ok(current_view(&shared))
}

#[tauri::command]
pub fn mute<R: Runtime>(app: AppHandle<R>, shared: State<'_, Shared>) -> Value {
    shared.toggle_mute();
    crate::timer::refresh(&app);
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
