//! The banner windows' commands: what to show, 「確認しました」, 「手順を見る」.

use tauri::{AppHandle, Runtime, State};

use crate::alerts::BannerView;
use crate::state::Shared;

/// What the banner shows now (`None`: no banner, the window closes itself soon).
#[tauri::command]
pub fn get_banner(shared: State<'_, Shared>) -> Option<BannerView> {
    let inner = shared.lock();
    let lang = inner.settings.lang;
    inner.banner.as_ref().map(|b| b.view(lang, false))
}

/// 「確認しました」 on this PC: every banner window closes, the re-reminders stop, and the
/// other PCs (through the shared folder) see who did. Answers with problems of the share.
#[tauri::command]
pub fn acknowledge_banner<R: Runtime>(app: AppHandle<R>, shared: State<'_, Shared>) -> Vec<String> {
    let problems = shared.acknowledge_banner().unwrap_or_default();
    crate::banner_window::close(&app);
    problems
}

/// 「手順を見る」: the status window with the steps.
#[tauri::command]
pub fn open_steps<R: Runtime>(app: AppHandle<R>) {
    crate::status_window::show(&app);
}
