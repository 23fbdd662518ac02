//! Windows only: checks at start what an install must give — the shortcut with the app id (toasts), WebView2 (the window).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tauri::{AppHandle, Runtime};

/// The Start-menu shortcut's file name (packaging/windows/onshi-watch.nsi creates it).
pub const SHORTCUT: &str = "Onshi Watch.lnk";

/// Microsoft's WebView2 runtime page: the Evergreen bootstrapper, and the standalone
/// installer IT can roll out without internet access.
pub const WEBVIEW2_URL: &str = "https://developer.microsoft.com/microsoft-edge/webview2/";

/// The WebView2 runtime's client id under EdgeUpdate's registry keys.
const WEBVIEW2_CLIENT: &str = "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}";

/// Runs the start-up checks. A missing WebView2 runtime is said on stderr and in the tray
/// (the window, where problems are listed, cannot open without it); a shortcut without
/// the app id is the problem returned, for the window.
pub fn check(app_id: &str) -> Option<String> {
    match webview2_version() {
        Some(v) => eprintln!("onshi-watch: WebView2 runtime {v}"),
        None => eprintln!(
            "onshi-watch: the WebView2 runtime is not installed: the tray and the notifications work, the window needs it ({WEBVIEW2_URL})"
        ),
    }
    shortcut(app_id).err()
}

/// The installed WebView2 runtime's version, as Microsoft documents detecting it: the
/// `pv` value under EdgeUpdate's `Clients\{F3017226-…}` key, per machine (64-bit and
/// 32-bit Windows) or per user, present and not `0.0.0.0`. A Fixed Version runtime is
/// named by WEBVIEW2_BROWSER_EXECUTABLE_FOLDER instead.
/// <https://learn.microsoft.com/en-us/microsoft-edge/webview2/concepts/distribution#detect-if-a-webview2-runtime-is-already-installed>
pub fn webview2_version() -> Option<String> {
    static FOUND: OnceLock<Option<String>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            if let Some(dir) = std::env::var_os("WEBVIEW2_BROWSER_EXECUTABLE_FOLDER") {
                return Some(format!("fixed version in {}", dir.to_string_lossy()));
            }
            let key = format!(r"Microsoft\EdgeUpdate\Clients\{WEBVIEW2_CLIENT}");
            let machine = windows_registry::LOCAL_MACHINE;
            let user = windows_registry::CURRENT_USER;
            [
                (machine, format!(r"SOFTWARE\WOW6432Node\{key}")),
                (machine, format!(r"SOFTWARE\{key}")),
                (user, format!(r"Software\{key}")),
            ]
            .iter()
            .find_map(|(root, path)| {
                let pv = root.open(path).ok()?.get_string("pv").ok()?;
                (!pv.is_empty() && pv != "0.0.0.0").then_some(pv)
            })
        })
        .clone()
}

/// The tray's "show" line when the window cannot open: what it needs and where to get it.
pub fn missing_webview2_line(ja: bool) -> Option<String> {
    webview2_version().is_none().then(|| {
        if ja {
            "画面には WebView2 ランタイムが必要です（入手先を開く）".to_string()
        } else {
            "The window needs the WebView2 runtime (open where to get it)".to_string()
        }
    })
}

/// Instead of a window that cannot open: Microsoft's WebView2 page in the browser.
/// Returns false when WebView2 is there and the window can open.
pub fn instead_of_window<R: Runtime>(app: &AppHandle<R>) -> bool {
    if webview2_version().is_some() {
        return false;
    }
    use tauri_plugin_opener::OpenerExt;
    eprintln!("onshi-watch: the window needs the WebView2 runtime: opening {WEBVIEW2_URL}");
    if let Err(e) = app.opener().open_url(WEBVIEW2_URL, None::<&str>) {
        eprintln!("onshi-watch: cannot open {WEBVIEW2_URL}: {e}");
    }
    true
}

/// Checks that a Start-menu shortcut carries `app_id` as its System.AppUserModel.ID:
/// Windows shows toasts from a desktop app only then (the installer sets it; see
/// packaging/windows/onshi-watch.nsi). Looks in All Users' Start menu, then the user's.
fn shortcut(app_id: &str) -> Result<(), String> {
    let found: Vec<PathBuf> = ["ProgramData", "APPDATA"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|base| {
            PathBuf::from(base)
                .join(r"Microsoft\Windows\Start Menu\Programs")
                .join(SHORTCUT)
        })
        .filter(|p| p.is_file())
        .collect();
    if found.is_empty() {
        return Err(format!(
            "スタートメニューに「{SHORTCUT}」がありません（セットアップで入れていない）。Windows が通知を表示しないことがあります。セットアップで入れ直してください。 / No Start-menu shortcut \"{SHORTCUT}\" (not installed with the setup): Windows may not show the notifications. Install with the setup."
        ));
    }
    // COM on a thread of its own: the main thread's apartment belongs to the window system.
    let paths = found.clone();
    let ids =
        std::thread::spawn(move || paths.iter().map(|p| shortcut_app_id(p)).collect::<Vec<_>>())
            .join()
            .map_err(|_| "the shortcut check stopped".to_string())?;
    if ids
        .iter()
        .any(|id| matches!(id, Ok(Some(id)) if id == app_id))
    {
        return Ok(());
    }
    let seen: Vec<String> = found
        .iter()
        .zip(&ids)
        .map(|(p, id)| match id {
            Ok(Some(id)) => format!("{}: {id}", p.display()),
            Ok(None) => format!("{}: no id", p.display()),
            Err(e) => format!("{}: {e}", p.display()),
        })
        .collect();
    Err(format!(
        "スタートメニューのショートカットにアプリ ID {app_id} がありません。Windows が通知を表示しないことがあります。セットアップで入れ直してください。 / The Start-menu shortcut lacks the app id {app_id} ({}): Windows may not show the notifications. Run the setup again.",
        seen.join("; ")
    ))
}

/// The System.AppUserModel.ID a shortcut file carries, if any.
fn shortcut_app_id(path: &Path) -> Result<Option<String>, String> {
    use windows::core::{Interface, HSTRING};
    use windows::Win32::Storage::EnhancedStorage::PKEY_AppUserModel_ID;
    use windows::Win32::System::Com::StructuredStorage::{
        PropVariantClear, PropVariantToStringAlloc,
    };
    use windows::Win32::System::Com::{
        CoCreateInstance, CoInitializeEx, CoTaskMemFree, CoUninitialize, IPersistFile,
        CLSCTX_INPROC_SERVER, COINIT_MULTITHREADED, STGM_READ,
    };
    use windows::Win32::UI::Shell::PropertiesSystem::IPropertyStore;
    use windows::Win32::UI::Shell::{IShellLinkW, ShellLink};

    // SAFETY: plain COM calls on this thread, between its own CoInitializeEx and
    // CoUninitialize; the string PropVariantToStringAlloc returns is freed once.
    unsafe {
        let init = CoInitializeEx(None, COINIT_MULTITHREADED);
        let read = || -> windows::core::Result<Option<String>> {
            let link: IShellLinkW = CoCreateInstance(&ShellLink, None, CLSCTX_INPROC_SERVER)?;
            link.cast::<IPersistFile>()?
                .Load(&HSTRING::from(path.as_os_str()), STGM_READ)?;
            let store: IPropertyStore = link.cast()?;
            let mut value = store.GetValue(&PKEY_AppUserModel_ID)?;
            let text = PropVariantToStringAlloc(&value);
            let _ = PropVariantClear(&mut value);
            Ok(match text {
                Ok(p) => {
                    let s = p.to_string().ok();
                    CoTaskMemFree(Some(p.0 as *const _));
                    s.filter(|s| !s.is_empty())
                }
                Err(_) => None,
            })
        };
        let result = read().map_err(|e| e.to_string());
        if init.is_ok() {
            CoUninitialize();
        }
        result
    }
}
