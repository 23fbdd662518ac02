//! オン資ウォッチ, the desktop app: a thin shell over the `onshi` domain crate.
//! notice files → onshi (schedule, plan) → timer → tray / notifications / window.
//! The rooms below are in floors, each importing only from lower ones: docs/ARCHITECTURE.md.

// Names, wording, and parts that know nothing of the app's state.
pub mod alerts;
pub mod clock;
#[cfg(target_os = "linux")]
pub mod linux_env;
pub mod notice_files;
pub mod notice_form;
pub mod notifier;
pub mod options;
pub mod paths;
pub mod problems;
#[cfg(windows)]
pub mod windows_env;

// The state: settings, policy, the feed, and what the app knows behind one lock.
pub mod deadlines_view;
pub mod drill;
pub mod feed_sync;
pub mod feeds;
pub mod policy;
pub mod settings;
pub mod snapshot;
pub mod startup;
pub mod state;

// The presenters: what staff see, from the snapshot.
pub mod banner_window;
pub mod notices_view;
pub mod notify;
pub mod open;
pub mod status_window;
pub mod tray;
pub mod view;

// What drives them: the timer, and the commands the window calls.
pub mod ack_sync;
pub mod commands;
pub mod timer;

use clap::Parser;
use tauri::{App, Manager, RunEvent, Runtime};

use options::Options;
use state::Shared;

pub fn run() {
    let options = Options::parse();
    // GTK panics deep inside the runtime without a display; say it in one line instead.
    #[cfg(target_os = "linux")]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!("onshi-watch: no display (DISPLAY / WAYLAND_DISPLAY unset): start it in a desktop session. For the schedule without a desktop, use the `onshi` CLI.");
        std::process::exit(1);
    }
    if let Some(pid) = options.replaces {
        drill::wait_for_exit(pid, std::time::Duration::from_secs(15));
    }
    let built = tauri::Builder::default()
        // Must be the first plugin: a second launch exits here and the running one shows its window.
        .plugin(tauri_plugin_single_instance::init(|app, argv, _| {
            // A login entry starting it again (the system's and the user's both) is not
            // staff asking for the window.
            if !argv.iter().any(|a| a == "--autostarted") {
                status_window::show(app)
            }
        }))
        // "Start at login", switched from the settings form; started so, it checks the
        // settings and the policy first, as from the installer's entry.
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec!["--autostarted"]),
        ))
        // Source links, the sheet and the calendar open in the desktop's programs, never in the webview.
        .plugin(tauri_plugin_opener::init())
        // 「ファイルを選ぶ」 on the notices page: the native open dialog.
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| setup(app, &options))
        .invoke_handler(invoke_handler())
        .build(tauri::generate_context!());
    let app = built.unwrap_or_else(|e| {
        eprintln!(
            "onshi-watch: cannot start ({e}). It needs a desktop session (a display) and WebKitGTK on Linux, WebView2 on Windows."
        );
        std::process::exit(1);
    });
    app.run(|app, event| {
        // Closing the window leaves the app in the tray; only "quit" (code 0) exits.
        if let RunEvent::ExitRequested {
            code: None, api, ..
        } = event
        {
            if !app.state::<Shared>().lock().quitting {
                api.prevent_exit();
            }
        }
    });
}

/// The state from the options, settings and notice files; then the tray, the timer and
/// the feed's thread; the window when staff must act (set up, read a problem) or are drilling.
fn setup<R: Runtime>(
    app: &mut App<R>,
    options: &Options,
) -> Result<(), Box<dyn std::error::Error>> {
    let handle = app.handle();
    let config_dir = app.path().app_config_dir()?;
    let (shared, feeds) = startup::build(options, config_dir, &app.config().identifier);
    if options.autostarted && !shared.lock().settings.starts_at_login() {
        // One line for whoever looks at the session's log; nothing was opened or saved.
        println!(
            "onshi-watch: start at login is off (settings or policy `autostart`); not starting"
        );
        std::process::exit(0);
    }
    let configured = shared.lock().prefecture().is_some();
    app.manage(shared);
    app.manage(notice_files::ExtraDir(options.notices.clone()));
    app.manage(drill::Relaunch::of(options));
    #[cfg(windows)]
    if let Some(p) = windows_env::check(&app.config().identifier) {
        app.state::<Shared>().add_problem(p);
    }
    #[cfg(target_os = "linux")]
    if let Some(p) = linux_env::missing_japanese_font() {
        eprintln!("onshi-watch: {p}");
        app.state::<Shared>().add_problem(p);
    }
    app.manage(feeds);
    // Built even without a tray host: appindicator registers once a panel starts.
    match tray::build(handle, status_window::show, options.training()) {
        Ok(tray) => {
            app.manage(tray);
        }
        Err(e) => app
            .state::<Shared>()
            .add_problem(problems::no_tray(&e.to_string())),
    }
    if let Err(e) = tray::host_present() {
        app.state::<Shared>().add_problem(problems::no_tray(&e));
    }
    timer::spawn(handle.clone());
    ack_sync::spawn(handle.clone());
    app.state::<feeds::Feeds>().spawn(handle.clone());
    let troubled = !app.state::<Shared>().lock().problems.is_empty();
    if !configured || troubled || options.training() {
        status_window::show(handle);
    }
    Ok(())
}

/// The commands the window may call, by page (the tests call them through the mock runtime).
pub fn invoke_handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    use commands::{banner, feed, notices, pending, status};
    tauri::generate_handler![
        banner::get_banner,
        banner::acknowledge_banner,
        banner::open_steps,
        status::get_view,
        status::mark_deadline_done,
        status::save_settings,
        status::set_lang,
        status::mute,
        status::open_url,
        status::open_sheet,
        notices::list_notices,
        notices::save_manual,
        notices::read_manual,
        notices::delete_manual,
        notices::preview_import,
        notices::import_notice,
        notices::draft_notice,
        notices::parse_when,
        feed::get_feed,
        feed::save_feed_settings,
        feed::check_feed_now,
        feed::save_calendar,
        pending::pending_list,
        pending::pending_add,
        pending::pending_done
    ]
}
