//! Linux only: the start-up checks of what the desktop must give the window.

use std::process::Command;

/// Without a font that covers Japanese the window draws its banner with no text at all.
/// Asks fontconfig (what WebKitGTK draws with); `None` when a font is there or fontconfig
/// cannot be asked (then nothing is claimed).
pub fn missing_japanese_font() -> Option<String> {
    let out = Command::new("fc-list")
        .args([":lang=ja", "family"])
        .output()
        .ok()?;
    if !out.status.success() || !out.stdout.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    // English first: without the font, the Japanese half cannot be read.
    Some(
        "No Japanese font is installed, so the window cannot show its text: install one (sudo apt install fonts-noto-cjk) and restart the app / 日本語フォントがありません"
            .to_string(),
    )
}
