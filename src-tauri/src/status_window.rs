//! The status window: created on demand, destroyed when closed, so a closed window
//! gives its webview's memory back.

use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder, WindowEvent};

use crate::state::Shared;

pub const LABEL: &str = "main";

/// The size it opens at, in logical pixels, when it fits and staff chose none.
const DEFAULT: (f64, f64) = (440.0, 720.0);
/// The smallest it can be made, where the screen allows.
const MIN: (f64, f64) = (360.0, 480.0);
/// What the window leaves free of the work area (its frame, a panel that overlaps).
const MARGIN: f64 = 48.0;

const SIZE_RECORD: onshi::record_file::Record = onshi::record_file::Record {
    ja: "画面の大きさの記録",
    en: "The window's size",
    loss_ja: "画面は標準の大きさで開きます",
};

/// The monitor's work area (without the taskbar or panels), in logical pixels.
fn work_area(m: &tauri::Monitor) -> (f64, f64) {
    let scale = m.scale_factor();
    let a = m.work_area();
    (
        f64::from(a.size.width) / scale,
        f64::from(a.size.height) / scale,
    )
}

/// The size to open at: the one remembered, or the default, never larger than the work
/// area less a margin — at 125 % on 1366×768 the default 720 would run off the bottom.
pub fn fit(wanted: Option<(f64, f64)>, area: Option<(f64, f64)>) -> (f64, f64) {
    let (w, h) = wanted.unwrap_or(DEFAULT);
    let (w, h) = (w.max(MIN.0), h.max(MIN.1));
    match area {
        Some((aw, ah)) => (w.min(aw - MARGIN).max(200.0), h.min(ah - MARGIN).max(200.0)),
        None => (w, h),
    }
}

fn remembered(dir: &std::path::Path) -> Option<(f64, f64)> {
    onshi::record_file::open::<(f64, f64)>(&dir.join(crate::paths::WINDOW_SIZE_FILE), &SIZE_RECORD)
        .ok()
        .flatten()
        .filter(|(w, h)| w.is_finite() && h.is_finite())
}

fn remember(dir: &std::path::Path, size: (f64, f64)) {
    let _ = std::fs::create_dir_all(dir);
    let _ = onshi::record_file::save(&dir.join(crate::paths::WINDOW_SIZE_FILE), &size);
}

/// Shows the window, creating it if needed.
pub fn show<R: Runtime>(app: &AppHandle<R>) {
    #[cfg(windows)]
    if crate::windows_env::instead_of_window(app) {
        return;
    }
    if let Some(w) = app.get_webview_window(LABEL) {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
        return;
    }
    let config_dir = app.state::<Shared>().config_dir.clone();
    let area = app.primary_monitor().ok().flatten().map(|m| work_area(&m));
    let (width, height) = fit(remembered(&config_dir), area);
    let built = WebviewWindowBuilder::new(app, LABEL, WebviewUrl::App("index.html".into()))
        .title("オン資ウォッチ")
        .inner_size(width, height)
        .min_inner_size(MIN.0.min(width), MIN.1.min(height))
        .resizable(true)
        .build();
    match built {
        Ok(w) => {
            let handle = app.clone();
            let scale = w.scale_factor().unwrap_or(1.0);
            w.on_window_event(move |event| match event {
                WindowEvent::Destroyed => handle.state::<Shared>().set_window_open(false),
                WindowEvent::Resized(size) => {
                    let s = size.to_logical::<f64>(scale);
                    remember(&config_dir, (s.width, s.height));
                }
                _ => {}
            });
            app.state::<Shared>().set_window_open(true);
        }
        Err(e) => eprintln!("onshi-watch: cannot open the window: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn the_window_fits_the_work_area_and_keeps_the_size_given() {
        // 1366×768 at 125 %: 1093×614 logical, less a taskbar of 40.
        assert_eq!(fit(None, Some((1093.0, 574.0))), (440.0, 526.0));
        assert_eq!(fit(None, Some((1920.0, 1040.0))), (440.0, 720.0));
        assert_eq!(
            fit(Some((600.0, 900.0)), Some((1920.0, 1040.0))),
            (600.0, 900.0)
        );
        assert_eq!(fit(Some((100.0, 100.0)), None), (360.0, 480.0));
    }
}
