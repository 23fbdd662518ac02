//! The banner windows: one across the top of every monitor, above everything, never
//! taking the keyboard from the レセコン, no taskbar button. Created when a banner is
//! raised, told of changes by the `banner` event, destroyed when acknowledged.

use tauri::{AppHandle, Emitter, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

use crate::alerts::{BannerChange, BannerView};

/// Window labels are this plus the monitor's index.
pub const LABEL_PREFIX: &str = "banner-";

/// The bar's height in logical pixels: two lines of text and the buttons.
const HEIGHT: f64 = 96.0;

/// Does what a wake asks of the banner windows.
pub fn apply<R: Runtime>(app: &AppHandle<R>, change: &BannerChange) {
    match change {
        BannerChange::Show(view) => show(app, view, false),
        BannerChange::Flash(view) => show(app, view, true),
        BannerChange::Update(view) => {
            for w in windows(app) {
                let _ = w.emit("banner", view);
            }
        }
        BannerChange::Close => close(app),
    }
}

/// The banner windows open now.
pub fn windows<R: Runtime>(app: &AppHandle<R>) -> Vec<tauri::WebviewWindow<R>> {
    app.webview_windows()
        .into_iter()
        .filter(|(label, _)| label.starts_with(LABEL_PREFIX))
        .map(|(_, w)| w)
        .collect()
}

/// Closes every banner window.
pub fn close<R: Runtime>(app: &AppHandle<R>) {
    for w in windows(app) {
        let _ = w.destroy();
    }
}

/// Opens a banner on every monitor (or, open already, shows the new text); raised again
/// (`to_top`), each goes back above the other windows.
fn show<R: Runtime>(app: &AppHandle<R>, view: &BannerView, to_top: bool) {
    let monitors = app.available_monitors().unwrap_or_default();
    let count = monitors.len().max(1);
    // A monitor unplugged since: its banner goes.
    for w in windows(app) {
        let index = w.label()[LABEL_PREFIX.len()..].parse::<usize>().ok();
        if !index.is_some_and(|i| i < count) {
            let _ = w.destroy();
        }
    }
    for (i, monitor) in monitors.iter().enumerate() {
        let label = format!("{LABEL_PREFIX}{i}");
        if let Some(w) = app.get_webview_window(&label) {
            let _ = w.emit("banner", view);
            if to_top {
                let _ = w.set_always_on_top(true);
                let _ = w.show();
            }
            continue;
        }
        let scale = monitor.scale_factor();
        let area = monitor.work_area();
        let built = WebviewWindowBuilder::new(app, &label, WebviewUrl::App("banner.html".into()))
            .title("オン資ウォッチ — お知らせ")
            .decorations(false)
            .always_on_top(true)
            .skip_taskbar(true)
            // Resizable for GTK, bounded to one size below: a non-resizable GTK window takes
            // its child's size request, which the webview may report as 200 px.
            .resizable(true)
            .inner_size(f64::from(area.size.width) / scale, HEIGHT)
            // GTK's default minimum would make the bar 200 px tall.
            .min_inner_size(1.0, HEIGHT)
            .max_inner_size(f64::from(area.size.width) / scale, HEIGHT)
            .position(
                f64::from(area.position.x) / scale,
                f64::from(area.position.y) / scale,
            )
            // The レセコン keeps the keyboard: the banner is clicked, never typed into.
            .focused(false)
            .focusable(false)
            .visible(false)
            .build();
        match built {
            Ok(w) => {
                let height = (HEIGHT * scale).round() as u32;
                let _ = w.show();
                // Asked again once it is mapped, and once more a moment later: while the
                // webview is still being realized GTK may give the window its default
                // 200 px over what was asked (seen on a loaded machine).
                let size = tauri::PhysicalSize::new(area.size.width, height);
                let at = tauri::PhysicalPosition::new(area.position.x, area.position.y);
                let _ = w.set_size(size);
                let _ = w.set_position(at);
                let again = w.clone();
                let _ = std::thread::Builder::new()
                    .name("onshi-banner-size".into())
                    .spawn(move || {
                        for wait in [300, 1200, 3000] {
                            std::thread::sleep(std::time::Duration::from_millis(wait));
                            if again.outer_size().is_ok_and(|s| s.height != height) {
                                let _ = again.set_size(size);
                                let _ = again.set_position(at);
                            }
                        }
                    });
                println!(
                    "onshi-watch: banner-window label={label} x={} y={} width={} height={height}",
                    area.position.x, area.position.y, area.size.width
                );
            }
            Err(e) => eprintln!("onshi-watch: cannot open the banner: {e}"),
        }
    }
}
