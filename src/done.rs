//! The deadlines marked 「対応済み」 on this PC, kept in a small file across restarts.
//!
//! Per PC, never in the notice: one desk having filed its 点検報告 says nothing of another's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::record_file::{self, Record};
use crate::time::Instant;

/// The file name in the app's config folder.
pub const FILE_NAME: &str = "deadlines-done.json";

const RECORD: Record = Record {
    ja: "「対応済み」の記録",
    en: "The record of deadlines marked done",
    loss_ja: "済んだ期限をもう一度知らせることがあります。",
};

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
        match record_file::open::<File>(&path, &RECORD) {
            Ok(f) => {
                set.done = f.map(|f| f.done).unwrap_or_default();
                (set, None)
            }
            Err(problem) => (set, Some(problem)),
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
    record_file::save(
        path,
        &File {
            version: 1,
            done: done.clone(),
        },
    )
}
