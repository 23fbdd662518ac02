//! オン資ウォッチ, the desktop app: a thin shell over the `onshi` domain crate.
//! notice files → onshi (schedule, plan) → timer → tray / notifications / window.

pub mod clock;
pub mod commands;
pub mod feed_sync;
pub mod feeds;
pub mod notice_files;
pub mod notice_form;
pub mod notices_view;
pub mod notifier;
pub mod notify;
pub mod open;
pub mod options;
pub mod paths;
pub mod policy;
pub mod problems;
pub mod settings;
pub mod snapshot;
pub mod startup;
pub mod state;
pub mod status_window;
pub mod timer;
pub mod tray;
pub mod view;
#[cfg(windows)]
pub mod windows_env;

use clap::Parser;
use tauri::{Manager, RunEvent, Runtime};

/// The commands the window may call.
pub fn invoke_handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    tauri::generate_handler![
        commands::status::get_view,
        commands::status::save_settings,
        commands::status::set_lang,
        commands::status::mute,
        commands::status::open_url,
        commands::status::open_sheet,
        commands::notices::list_notices,
        commands::notices::save_manual,
        commands::notices::read_manual,
        commands::notices::delete_manual,
        commands::notices::preview_import,
        commands::notices::import_notice,
        commands::notices::draft_notice,
        commands::feed::get_feed,
        commands::feed::save_feed_settings,
        commands::feed::check_feed_now,
        commands::feed::save_calendar
    ]
}

pub fn run() {
    let options = options::Options::parse();
    // GTK panics deep inside the runtime without a display; say it in one line instead.
    #[cfg(target_os = "linux")]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!("onshi-watch: no display (DISPLAY / WAYLAND_DISPLAY unset): start it in a desktop session. For the schedule without a desktop, use the `onshi` CLI.");
        std::process::exit(1);
    }
    let app = tauri::Builder::default()
        // Must be the first plugin: a second launch exits here and the running one shows its window.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            status_window::show(app)
        }))
        // "Start at login", switched from the settings form.
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            None,
        ))
        // Source links open in the system browser, never inside the webview.
        .plugin(tauri_plugin_opener::init())
        // 「ファイルを選ぶ」 on the notices page: the native open dialog.
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            let handle = app.handle();
            let config_dir = app.path().app_config_dir()?;
            let (shared, feeds) = startup::build(&options, config_dir, &app.config().identifier);
            let configured = shared.lock().prefecture().is_some();
            app.manage(shared);
            app.manage(notice_files::ExtraDir(options.notices.clone()));
            #[cfg(windows)]
            if let Some(p) = windows_env::check(&app.config().identifier) {
                app.state::<state::Shared>().add_problem(p);
            }
            app.manage(feeds);
            // Built even without a tray host: appindicator registers once a panel starts.
            match tray::build(handle) {
                Ok(tray) => {
                    app.manage(tray);
                }
                Err(e) => app
                    .state::<state::Shared>()
                    .add_problem(problems::no_tray(&e.to_string())),
            }
            if let Err(e) = tray::host_present() {
                app.state::<state::Shared>()
                    .add_problem(problems::no_tray(&e));
            }
            timer::spawn(handle.clone());
            app.state::<feeds::Feeds>().spawn(handle.clone());
            // Open the window when staff must act (set up, read a problem) or are drilling.
            let problems = !app.state::<state::Shared>().lock().problems.is_empty();
            if !configured || problems || options.training() {
                status_window::show(handle);
            }
            Ok(())
        })
        .invoke_handler(invoke_handler());
    let app = match app.build(tauri::generate_context!()) {
        Ok(app) => app,
        Err(e) => {
            eprintln!(
                "onshi-watch: cannot start ({e}). It needs a desktop session (a display) and WebKitGTK on Linux, WebView2 on Windows."
            );
            std::process::exit(1);
        }
    };
    app.run(|app, event| {
        // Closing the window leaves the app in the tray; only "quit" (code 0) exits.
        if let RunEvent::ExitRequested {
            code: None, api, ..
        } = event
        {
            if !app.state::<state::Shared>().lock().quitting {
                api.prevent_exit();
            }
        }
    });
}
