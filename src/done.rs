//! The deadlines marked 「対応済み」 on this PC, kept in a small file across restarts.
//!
//! Per PC, never in the notice: one desk having filed its 点検報告 says nothing of another's.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::time::Instant;

/// The file name in the app's config folder.
pub const FILE_NAME: &str = "deadlines-done.json";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    /// Deadline key → when it was marked (RFC 3339, JST).
    done: BTreeMap<String, String>,
}

/// The deadline keys ([`crate::deadline::Deadline::key`]) marked done, in memory only or
/// backed by a file. Saving is atomic; a broken file is moved aside, never deleted.
#[derive(Debug, Clone, Default)]
pub struct Done {
    done: BTreeMap<String, String>,
    path: Option<PathBuf>,
    save_error: Option<String>,
}

impl Done {
    /// A set forgotten when the program ends (training clocks, the CLI, tests).
    pub fn in_memory() -> Done {
        Done::default()
    }

    /// The set kept in `dir/deadlines-done.json`; a missing file is an empty set.
    /// Returns a problem to show staff when the file was broken (and moved aside).
    pub fn open(dir: &Path) -> (Done, Option<String>) {
        let path = dir.join(FILE_NAME);
        let mut set = Done {
            path: Some(path.clone()),
            ..Done::default()
        };
        if matches!(path.symlink_metadata(), Err(e) if e.kind() == std::io::ErrorKind::NotFound) {
            return (set, None);
        }
        let parsed = crate::read::read_text(&path, crate::read::MAX_BYTES)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str::<File>(&t).map_err(|e| e.to_string()));
        match parsed {
            Ok(f) => {
                set.done = f.done;
                (set, None)
            }
            Err(why) => {
                let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
                let aside = path.with_file_name(format!("deadlines-done.broken-{stamp}.json"));
                let problem = match std::fs::rename(&path, &aside) {
                    Ok(()) => format!(
                        "「対応済み」の記録が壊れていたため退避しました（{}）。済んだ期限をもう一度知らせることがあります。 / The record of deadlines marked done was broken ({why}); it was moved to {}.",
                        aside.display(),
                        aside.display()
                    ),
                    Err(e) => format!(
                        "「対応済み」の記録を読めません: {} （{why}） / Cannot read {} ({why}) nor move it aside ({e}).",
                        path.display(),
                        path.display()
                    ),
                };
                (set, Some(problem))
            }
        }
    }

    /// Whether the deadline `key` was marked done.
    pub fn is_done(&self, key: &str) -> bool {
        self.done.contains_key(key)
    }

    /// When `key` was marked done (RFC 3339, JST), if it was.
    pub fn marked_at(&self, key: &str) -> Option<&str> {
        self.done.get(key).map(String::as_str)
    }

    /// Marks `key` done at `at` and saves the file if there is one. A save that fails is
    /// kept in [`Done::save_error`]; the set in memory is still right.
    pub fn mark(&mut self, key: &str, at: Instant) {
        if self.done.contains_key(key) {
            return;
        }
        self.done
            .insert(key.to_string(), crate::time::rfc3339_jst(at));
        if let Some(path) = &self.path {
            self.save_error = save(path, &self.done)
                .err()
                .map(|e| format!("cannot save {}: {e}", path.display()));
        }
    }

    /// Why the last save failed, if it did.
    pub fn save_error(&self) -> Option<&str> {
        self.save_error.as_deref()
    }
}

fn save(path: &Path, done: &BTreeMap<String, String>) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{FILE_NAME}.tmp"));
    let text = serde_json::to_string_pretty(&File {
        version: 1,
        done: done.clone(),
    })
    .map_err(std::io::Error::other)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_survives_a_restart_and_a_broken_file_is_kept_aside() {
        let dir = tempfile::tempdir().unwrap();
        let at = crate::time::parse_instant("2026-01-05T10:00+09:00").unwrap();
        let (mut d, problem) = Done::open(dir.path());
        assert!(problem.is_none());
        d.mark("n/report", at);
        assert!(d.save_error().is_none());
        let (again, _) = Done::open(dir.path());
        assert!(again.is_done("n/report") && !again.is_done("n/other"));
        assert_eq!(
            again.marked_at("n/report"),
            Some("2026-01-05T10:00:00+09:00")
        );

        std::fs::write(dir.path().join(FILE_NAME), "{ not json").unwrap();
        let (fresh, problem) = Done::open(dir.path());
        assert!(!fresh.is_done("n/report"));
        assert!(problem.unwrap().contains("退避"));
        let kept = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .any(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("deadlines-done.broken-")
            });
        assert!(kept, "the broken file is moved aside, not deleted");
    }
}
