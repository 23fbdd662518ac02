//! The small JSON files the app keeps of what happened on this PC (what was told, which
//! deadlines were marked done): read leniently, written atomically, a broken one moved
//! aside and named — never deleted, never fatal.

use std::io::Write;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// What such a file is, for the problem staff read when it was broken: Japanese, then
/// English, and what the loss means (e.g. 「同じ通知がもう一度出ることがあります」).
pub struct Record {
    /// 「通知済みの記録」
    pub ja: &'static str,
    /// "The record of notices already shown"
    pub en: &'static str,
    /// What staff may see because of the loss, in Japanese.
    pub loss_ja: &'static str,
}

/// Reads `path` as JSON. A missing file is `Ok(None)`. A broken one (unreadable, not
/// JSON, the wrong shape) is renamed to `NAME.broken-STAMP.json` beside it and the
/// problem to show staff comes back as `Err`.
pub fn open<T: DeserializeOwned>(path: &Path, what: &Record) -> Result<Option<T>, String> {
    if matches!(path.symlink_metadata(), Err(e) if e.kind() == std::io::ErrorKind::NotFound) {
        return Ok(None);
    }
    let parsed = crate::read::read_text(path, crate::read::MAX_BYTES)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str::<T>(&t).map_err(|e| e.to_string()));
    let why = match parsed {
        Ok(v) => return Ok(Some(v)),
        Err(why) => why,
    };
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let stem = path
        .file_stem()
        .map_or("record".into(), |s| s.to_string_lossy());
    let aside = path.with_file_name(format!("{stem}.broken-{stamp}.json"));
    let Record { ja, en, loss_ja } = what;
    Err(match std::fs::rename(path, &aside) {
        Ok(()) => format!(
            "{ja}が壊れていたため退避しました（{}）。{loss_ja} / {en} was broken ({why}); it was moved to {}.",
            aside.display(),
            aside.display()
        ),
        Err(e) => format!(
            "{ja}を読めません: {} （{why}） / Cannot read {} ({why}) nor move it aside ({e}).",
            path.display(),
            path.display()
        ),
    })
}

/// Writes `value` as JSON to `path` through a temporary file and a rename, so a reader (or
/// a crash) sees the old file or the new one, never half of one.
pub fn save<T: Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map_or("record".into(), |s| s.to_string_lossy());
    let tmp = dir.join(format!(".{name}.tmp"));
    let text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        // A full disk must not leave a half-written temporary file behind.
        let _ = std::fs::remove_file(&tmp);
    }
    written
}
