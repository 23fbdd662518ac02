//! Saved files handed to the desktop's own programs: the browser prints the sheet, the
//! calendar program imports the calendar file. The webview itself never opens them.

use tauri::{AppHandle, Manager, Runtime};

/// Writes `bytes` to `path` (atomically) and opens it with the program the desktop
/// chooses; answers with the path. When nothing opens it, the error says where the file
/// is, after `saved` (what to do with it).
pub fn save_and_open<R: Runtime>(
    app: &AppHandle<R>,
    path: &std::path::Path,
    bytes: &[u8],
    saved: &str,
) -> Result<String, String> {
    use tauri_plugin_opener::OpenerExt;
    onshi::feed::cache::write_atomic(path, bytes)?;
    let shown = path.display().to_string();
    // The opener plugin is absent in unit tests: the file is written all the same.
    if app.try_state::<tauri_plugin_opener::Opener<R>>().is_some() {
        if let Err(e) = app.opener().open_path(&shown, None::<&str>) {
            eprintln!("onshi-watch: cannot open {shown}: {e}");
            return Err(format!("{saved}: {shown}"));
        }
    }
    Ok(shown)
}
