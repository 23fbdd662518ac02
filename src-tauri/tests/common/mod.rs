//! Helpers every test of the app shares: instants, waiting for a thread, the app's state as
//! start-up builds it on a clock moved by hand, the mock app with the app's own command
//! list, and calling a command as the window does.
// Each test file uses a part of these.
#![allow(dead_code)]

use std::path::Path;

use onshi::time::{parse_instant, Instant};
use onshi_watch::clock::{Clock, Hand};
use onshi_watch::options::Options;
use onshi_watch::startup;
use onshi_watch::state::Shared;
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Builder, WebviewWindow};

/// The bundle identifier the tests run under (the notifier's app id).
pub const APP_ID: &str = "jp.onshiwatch.test";

pub type App = tauri::App<MockRuntime>;
pub type Window = WebviewWindow<MockRuntime>;

/// An instant from RFC 3339 text; panics on a typo in the test itself.
pub fn t(s: &str) -> Instant {
    parse_instant(s).unwrap_or_else(|e| panic!("bad time in test {s:?}: {e}"))
}

/// Waits (up to 5 s) until `f` holds: for what another thread does.
pub fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !f() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// The app's state as start-up builds it from `config_dir` and `options`, on a clock that
/// stands at `at` until its hand moves it.
pub fn state_at(config_dir: &Path, options: &Options, at: &str) -> (Shared, Hand) {
    let (clock, hand) = Clock::manual(t(at));
    let shared = startup::build_on(options, config_dir.to_path_buf(), APP_ID, Some(clock));
    (shared, hand)
}

/// The mock app over `builder` (with the state the test manages) and the app's own
/// commands, and its window `main`.
pub fn mock_app(builder: Builder<MockRuntime>) -> (App, Window) {
    let app = builder
        .invoke_handler(onshi_watch::invoke_handler())
        .build(mock_context(noop_assets()))
        .expect("mock app builds");
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock window builds");
    (app, window)
}

/// Calls `cmd` as the window does; the reply (or the error) as sent.
pub fn invoke_raw(window: &Window, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // WebKitGTK serves the app from tauri://localhost.
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

/// As [`invoke_raw`], but a view command's frame `{view, tick}` comes back as the view
/// with its tick in it — what the tests read; any other reply as it is.
pub fn invoke(window: &Window, cmd: &str, args: Value) -> Result<Value, Value> {
    invoke_raw(window, cmd, args).map(|frame| match (frame.get("view"), frame.get("tick")) {
        (Some(view), Some(tick)) => {
            let mut view = view.clone();
            view["tick"] = tick.clone();
            view
        }
        _ => frame,
    })
}
