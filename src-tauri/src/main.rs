//! The `onshi-watch` binary: what must be set before any thread starts, then the app.

// No console window behind the tray app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK's GPU compositing keeps its graphics buffers in ordinary memory on PCs
    // without a GPU (most reception PCs): ~35 MiB more for a window of text, measured by
    // bench/run (bench/README.md). The page looks the same without it. Set here, before
    // any thread starts; a value the user set wins.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    onshi_watch::run()
}
