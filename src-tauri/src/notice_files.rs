//! The notice files the app reads and writes: the built-in notices, `--notices DIR` and the
//! config folder's `notices/` (read at start and at every reload), the hand-entered
//! `manual-ID.toml` files there, and a file staff choose to import.

use std::path::{Path, PathBuf};

use onshi::{Lang, Notice, Schedule};

use crate::paths::NOTICES_DIR;
use crate::problems;

/// Files entered by hand are `manual-ID.toml` in the config folder's `notices/`.
pub const MANUAL_PREFIX: &str = "manual-";

/// A notice file bigger than this is not a notice.
const MAX_FILE: u64 = 1024 * 1024;

/// The `--notices DIR` of this run, read again at every reload.
#[derive(Debug, Clone, Default)]
pub struct ExtraDir(pub Option<PathBuf>);

/// The config folder's `notices/`.
pub fn dir(config_dir: &Path) -> PathBuf {
    config_dir.join(NOTICES_DIR)
}

/// Every notice, as start-up reads them: the built-in ones, `--notices DIR`, then the
/// config folder's `notices/`; with one problem line per file that cannot be used. Notices
/// may name the clinic's own `services` (the policy's `[[service]]` tables).
pub fn load(
    config_dir: &Path,
    extra: Option<&Path>,
    services: &onshi::service::ServiceRegistry,
) -> (Schedule, Vec<String>) {
    let mut schedule = Schedule::embedded();
    schedule.set_services(services.clone());
    let mut skipped = Vec::new();
    let user_dir = dir(config_dir);
    let dirs = extra
        .map(Path::to_path_buf)
        .into_iter()
        .chain(user_dir.is_dir().then_some(user_dir));
    for dir in dirs {
        for e in schedule.add_dir(&dir) {
            skipped.push(problems::notice_skipped(&e));
        }
    }
    (schedule, skipped)
}

/// The `ID` of `notices/manual-ID.toml`, when `origin` is such a file; `notices` is the
/// config folder's `notices/`.
pub fn manual_id_of(origin: &str, notices: &Path) -> Option<String> {
    let path = Path::new(origin);
    if path.parent()? != notices {
        return None;
    }
    let name = path.file_name()?.to_str()?;
    let id = name.strip_prefix(MANUAL_PREFIX)?.strip_suffix(".toml")?;
    valid_id(id).then(|| id.to_string())
}

/// A hand-entered notice's id: lower-case letters, digits and `-`, so it can only ever
/// name a file directly inside `notices/`.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `id` if it may name a hand-entered notice, else the message staff read.
pub fn checked_id(id: &str) -> Result<&str, String> {
    if valid_id(id) {
        Ok(id)
    } else {
        Err(format!(
            "手入力のお知らせの id {id:?} は使えません（英小文字・数字・- のみ） / invalid id: lower-case letters, digits and - only"
        ))
    }
}

/// `notices/manual-ID.toml` in `config_dir`.
pub fn manual_path(config_dir: &Path, id: &str) -> PathBuf {
    dir(config_dir).join(format!("{MANUAL_PREFIX}{id}.toml"))
}

/// Writes `bytes` to `path` whole or not at all: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().ok_or("no folder")?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("notice");
    // Not *.toml, so a reload never reads a half-written file.
    let tmp = dir.join(format!(".{name}.tmp"));
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("保存できません / cannot save {}: {e}", path.display())
        })
}

/// A file staff chose to import, read and checked; nothing is written yet.
pub struct Import {
    pub notice: Notice,
    /// The file as it is, to be copied byte for byte.
    pub bytes: Vec<u8>,
    /// Its name in `notices/`: `.toml` added if missing, never taken for a hand-entered file.
    pub file_name: String,
}

/// Reads and checks the file at `path` (as `onshi check` does); the error, in `lang`
/// (Japanese first), names the file, and for a notice that does not pass, its line and
/// column, what is wrong and what to do.
pub fn read_import(path: &str, lang: Lang) -> Result<Import, String> {
    if path.is_empty() {
        return Err(lang
            .pick(
                "取り込むファイルを選んでください",
                "Choose a file to import",
            )
            .into());
    }
    let src = PathBuf::from(path);
    let unreadable = |e: std::io::Error| match lang {
        Lang::Ja => format!(
            "{path}: ファイルを読めません（{e}）。場所と名前を確かめて、もう一度選んでください"
        ),
        Lang::En => format!("{path}: cannot read the file: {e}"),
    };
    let meta = std::fs::metadata(&src).map_err(unreadable)?;
    if !meta.is_file() || meta.len() > MAX_FILE {
        return Err(match lang {
            Lang::Ja => format!(
                "{path}: お知らせファイル（1 MB までの .toml）ではありません。.toml のファイルを選んでください"
            ),
            Lang::En => format!("{path}: not a notice file (a .toml of at most 1 MB)"),
        });
    }
    let bytes = std::fs::read(&src).map_err(unreadable)?;
    let text = String::from_utf8(bytes.clone()).map_err(|_| match lang {
        Lang::Ja => format!(
            "{path}: UTF-8 のテキストではありません。UTF-8 で保存し直してから取り込んでください"
        ),
        Lang::En => format!("{path}: not UTF-8 text: save it as UTF-8, then import it"),
    })?;
    let notice = Notice::parse(&text, path).map_err(|e| e.label(lang))?;

    let name = src
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("notice.toml");
    let mut file_name = if name.ends_with(".toml") {
        name.to_string()
    } else {
        format!("{name}.toml")
    };
    // Only the form writes manual-*.toml: an imported file is never taken for one.
    if file_name.starts_with(MANUAL_PREFIX) || file_name.starts_with('.') {
        file_name = format!("imported-{}", file_name.trim_start_matches('.'));
    }
    Ok(Import {
        notice,
        bytes,
        file_name,
    })
}
