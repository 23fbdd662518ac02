//! What the app keeps in its config folder, by name: the one place to see them all.
//!
//! The domain names its own files there too: `announced.json` and `announced-<service>.json`
//! (what staff were told, [`onshi::announced`]), `deadlines-done.json` ([`onshi::done`]),
//! `pending.enc` and its key `pending.key` (確認待ちの患者, encrypted, [`onshi::pending`]) with
//! `announced-pending.json`, and `drill/` (a drill's own list, never mixed with real patients).

/// The settings staff chose (settings.rs reads and writes it).
pub const SETTINGS_FILE: &str = "settings.toml";

/// Notices staff (or an administrator) put here are read at every start, so a new
/// notice needs no new release; the notices page writes hand-entered and imported ones here.
pub const NOTICES_DIR: &str = "notices";

/// The notice feed's cache: the last bundle that passed, and when the feed last answered.
pub const FEED_CACHE_DIR: &str = "feed";

/// The printable sheet 「印刷用シート」 writes, for the browser to print.
pub const SHEET_FILE: &str = "sheet.html";

/// The calendar file 「カレンダーに追加」 writes, for the calendar program to import.
pub const CALENDAR_FILE: &str = "onshi.ics";

/// What this PC acknowledged (「確認しました」), when no shared folder is set: one file,
/// as in a shared folder, so it outlives a restart.
pub const ACKS_DIR: &str = "acks";

/// The status window's size as staff last left it.
pub const WINDOW_SIZE_FILE: &str = "window-size.json";
