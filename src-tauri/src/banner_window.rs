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
            .resizable(false)
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
                // Asked again once mapped: on a cold start GTK may first give it its
                // default 200 px.
                let _ = w.set_size(tauri::PhysicalSize::new(area.size.width, height));
                let _ = w.set_position(tauri::PhysicalPosition::new(
                    area.position.x,
                    area.position.y,
                ));
                println!(
                    "onshi-watch: banner-window label={label} x={} y={} width={} height={height}",
                    area.position.x, area.position.y, area.size.width
                );
            }
            Err(e) => eprintln!("onshi-watch: cannot open the banner: {e}"),
        }
    }
}
