//! How the problems more than one room tells are worded: one line each, Japanese first,
//! saying what still works and what to do.

/// How every notice-file problem line begins, at start-up and at a reload; a reload
/// replaces the lines of the last load by its own.
pub const NOTICE_PROBLEM: &str = "お知らせファイルを使えません";

/// A notice file that is skipped (the others are used), with where it is wrong.
pub fn notice_skipped(e: &impl std::fmt::Display) -> String {
    format!(
        "{NOTICE_PROBLEM}（他のファイルは使います）: {e} — `onshi check` で確認してください / Notice file skipped: {e}"
    )
}

/// The message for a desktop where the tray icon cannot be shown.
pub fn no_tray(why: &str) -> String {
    format!(
        "トレイにアイコンを表示できません（{why}）。通知とこの画面で状態を確認してください。 / The tray icon cannot be shown ({why}): use the notifications and this window."
    )
}

/// 「訓練を始める」 or 「訓練を終える」 could not start the program again.
pub fn no_restart(why: &str) -> String {
    format!(
        "訓練を始める（終える）ためにアプリを起動し直せませんでした（{why}）。アプリを終了してから、もう一度起動してください。 / Could not restart the app for the drill ({why}): quit it and start it again."
    )
}
