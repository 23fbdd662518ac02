//! The status window: created on demand, destroyed when closed, so a closed window
//! gives its webview's memory back.

use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder, WindowEvent};

use crate::state::Shared;

pub const LABEL: &str = "main";

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
    let built = WebviewWindowBuilder::new(app, LABEL, WebviewUrl::App("index.html".into()))
        .title("オン資ウォッチ")
        .inner_size(440.0, 720.0)
        .min_inner_size(360.0, 480.0)
        .build();
    match built {
        Ok(w) => {
            let handle = app.clone();
            w.on_window_event(move |event| {
                if let WindowEvent::Destroyed = event {
                    handle.state::<Shared>().set_window_open(false);
                }
            });
            app.state::<Shared>().set_window_open(true);
        }
        Err(e) => eprintln!("onshi-watch: cannot open the window: {e}"),
    }
}
