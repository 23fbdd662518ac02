//! What staff have been told, kept in a small file so a restart or a clock jump never tells it again.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::record_file::{self, Record};
use crate::time::Instant;

/// The file name in the app's config folder.
pub const FILE_NAME: &str = "announced.json";

const RECORD: Record = Record {
    ja: "通知済みの記録",
    en: "The record of notices already shown",
    loss_ja: "同じ通知がもう一度出ることがあります。",
};

/// How many entries the file keeps: the newest by boundary. Years of notices fit; a
/// clock that jumps to 2099 cannot make it forget what it told yesterday by age.
const KEEP: usize = 2000;

/// One thing staff were told: which window, which event, about which instant.
///
/// For a "currently down" notice `boundary` is the instant the state it announces began,
/// so telling it again after a restart in the same span is recognised as a repeat.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Told {
    /// Unix seconds of the boundary first: the newest entries sort last.
    #[serde(with = "crate::time::jst")]
    pub boundary: Instant,
    /// JIS code of the prefecture it was told for.
    pub prefecture: u8,
    /// The id of the notice the window belongs to.
    pub notice: String,
    /// The window's id within its notice.
    pub window: String,
    /// `start`, `end`, `change`, `already_down`, `reminder-MINUTES` or `before-closing`.
    pub event: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    told: Vec<Told>,
}

/// The set of [`Told`] entries, in memory only or backed by a file.
///
/// Saving is atomic (a temporary file, then a rename). A file that cannot be read is
/// moved aside, never deleted, and the set starts empty.
#[derive(Debug, Clone, Default)]
pub struct Announced {
    told: BTreeSet<Told>,
    path: Option<PathBuf>,
    /// The last save failure, kept so the app can say it once.
    save_error: Option<String>,
}

impl Announced {
    /// A set that is forgotten when the program ends (training clocks, tests).
    pub fn in_memory() -> Announced {
        Announced::default()
    }

    /// The set kept in `dir/announced.json`; a missing file is an empty set.
    ///
    /// Returns a problem to show staff when the file was broken (and moved aside).
    pub fn open(dir: &Path) -> (Announced, Option<String>) {
        Announced::open_named(dir, FILE_NAME)
    }

    /// As [`Announced::open`], in `dir/name` (one file per watched service).
    pub fn open_named(dir: &Path, name: &str) -> (Announced, Option<String>) {
        let path = dir.join(name);
        let mut set = Announced {
            path: Some(path.clone()),
            ..Announced::default()
        };
        match record_file::open::<File>(&path, &RECORD) {
            Ok(file) => {
                set.told = file
                    .map(|f| f.told.into_iter().collect())
                    .unwrap_or_default();
                (set, None)
            }
            Err(problem) => (set, Some(problem)),
        }
    }

    /// Whether `t` was told already.
    pub fn contains(&self, t: &Told) -> bool {
        self.told.contains(t)
    }

    /// Every entry, oldest boundary first.
    pub fn iter(&self) -> impl Iterator<Item = &Told> {
        self.told.iter()
    }

    /// Adds entries and saves the file if there is one. A save that fails is kept in
    /// [`Announced::save_error`]; the set in memory is still right.
    pub fn record(&mut self, new: impl IntoIterator<Item = Told>) {
        let mut changed = false;
        for t in new {
            changed |= self.told.insert(t);
        }
        while self.told.len() > KEEP {
            self.told.pop_first();
        }
        if changed {
            if let Some(path) = &self.path {
                self.save_error = save(path, &self.told)
                    .err()
                    .map(|e| format!("cannot save {}: {e}", path.display()));
            }
        }
    }

    /// Why the last save failed, if it did.
    pub fn save_error(&self) -> Option<&str> {
        self.save_error.as_deref()
    }
}

fn save(path: &Path, told: &BTreeSet<Told>) -> std::io::Result<()> {
    record_file::save(
        path,
        &File {
            version: 1,
            told: told.iter().cloned().collect(),
        },
    )
}
