//! The bare Tauri app onshi-watch is measured against: a tray icon with a one-item menu
//! and no window at start; a second launch opens one small window (single-instance),
//! destroyed when closed, as onshi-watch does.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use tauri::image::Image;
use tauri::menu::{Menu, MenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, RunEvent, WebviewUrl, WebviewWindowBuilder};

fn show(app: &AppHandle) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.show();
        let _ = w.set_focus();
        return;
    }
    let _ = WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
        .title("Baseline window")
        .inner_size(440.0, 720.0)
        .build();
}

fn main() {
    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            show(app)
        }))
        .setup(|app| {
            let quit = MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
            let menu = Menu::with_items(app, &[&quit])?;
            TrayIconBuilder::with_id("bench-baseline")
                .icon(Image::from_bytes(include_bytes!(
                    "../../../assets/icons/tray-normal.png"
                ))?)
                .menu(&menu)
                .on_menu_event(|app, event| {
                    if event.id().as_ref() == "quit" {
                        app.exit(0);
                    }
                })
                .build(app)?;
            println!("bench-baseline: ready");
            Ok(())
        })
        .build(tauri::generate_context!())
        .expect("the Tauri runtime starts")
        .run(|_app, event| {
            // Closing the window leaves the app in the tray, as onshi-watch does.
            if let RunEvent::ExitRequested {
                code: None, api, ..
            } = event
            {
                api.prevent_exit();
            }
        });
}
