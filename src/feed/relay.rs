//! One PC fetches for the clinic: the bundle it verified, with its signature, written into
//! a folder that the clinic's other PCs follow as their feed (the folder transport's own
//! file names, [`FOLDER_BUNDLE`] and its `.minisig`). `docs/feed.md`, "One PC fetches for
//! the clinic".
//!
//! The relay writes only what verifies with the keys this PC trusts, never a lower sequence
//! over a higher one, never into a folder this PC itself reads its feed from, and each file
//! atomically (a temporary file in the same folder, then a rename).

use std::fmt;
use std::path::{Path, PathBuf};

use super::cache::write_atomic;
use super::fetch::FOLDER_BUNDLE;
use super::{open, trusted_keys, Feed, FeedCache, Location};

/// What a relay did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relayed {
    /// No bundle in use yet: nothing to relay.
    Nothing,
    /// The bundle of this sequence was written into the folder.
    Written(u64),
    /// The folder already holds this bundle: nothing written.
    Unchanged(u64),
    /// The folder holds a newer bundle (another PC relayed it, or the publisher's own):
    /// the older one is not written over it.
    Newer {
        /// The sequence in the folder.
        held: u64,
        /// The sequence this PC has.
        offered: u64,
    },
}

/// Why a relay wrote nothing: the folder, what went wrong and what to do. Displays as one
/// line, Japanese first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayError {
    /// The relay folder.
    pub folder: PathBuf,
    /// What went wrong, and what to do (English).
    pub what: String,
    /// What to do (Japanese).
    pub todo_ja: &'static str,
}

impl fmt::Display for RelayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "フィードを中継フォルダ（{}）に書けません。{} / feed not relayed to {}: {}",
            self.folder.display(),
            self.todo_ja,
            self.folder.display(),
            self.what
        )
    }
}

impl std::error::Error for RelayError {}

/// Writes the bundle in `cache` (the one this PC uses for `feed`) into `folder` as
/// `onshi-feed.toml` and `onshi-feed.toml.minisig`, after verifying it again with the keys
/// this PC trusts.
///
/// # Errors
/// The folder is one of `feed`'s own sources, it does not exist (a share not connected),
/// it cannot be written, or the cached bundle does not verify — one line each, and nothing
/// written.
pub fn relay(feed: &Feed, cache: &FeedCache, folder: &Path) -> Result<Relayed, RelayError> {
    let fail = |what: String, todo_ja: &'static str| RelayError {
        folder: folder.to_path_buf(),
        what,
        todo_ja,
    };
    if reads_from(&feed.location, folder) {
        return Err(fail(
            "it is also where this PC reads its feed from, and a bundle is never relayed back into its own folder: choose another folder (relay_folder)".into(),
            "このPCがフィードを読んでいるフォルダです。別のフォルダを指定してください",
        ));
    }
    let state = cache.state();
    if state.location != feed.location.label() || state.sequence.is_none() {
        return Ok(Relayed::Nothing);
    }
    let Some((bytes, signature)) = cache.bundle() else {
        return Ok(Relayed::Nothing);
    };
    let keys = trusted_keys(feed, &state);
    let bundle = open(&keys, &bytes, &signature).map_err(|e| {
        fail(
            format!("the bundle this PC holds does not verify ({e}), so it is not relayed"),
            "このPCのフィードの署名を確認できないため中継しません",
        )
    })?;
    if !folder.is_dir() {
        return Err(fail(
            "the folder does not exist or cannot be reached: check that it exists and the share is connected".into(),
            "フォルダがあるか、ネットワークにつながっているか確認してください",
        ));
    }
    let bundle_path = folder.join(FOLDER_BUNDLE);
    let sig_path = folder.join(format!("{FOLDER_BUNDLE}.minisig"));
    // What the folder holds counts only if it verifies: a tampered or half-written pair is
    // replaced.
    if let (Ok(held_bytes), Ok(held_sig)) = (std::fs::read(&bundle_path), std::fs::read(&sig_path))
    {
        if let Ok(held) = open(&keys, &held_bytes, &held_sig) {
            if held.sequence > bundle.sequence {
                return Ok(Relayed::Newer {
                    held: held.sequence,
                    offered: bundle.sequence,
                });
            }
            if held_bytes == bytes && held_sig == signature {
                return Ok(Relayed::Unchanged(bundle.sequence));
            }
        }
    }
    // The signature first, then the bundle: a PC reading between the two sees a bad
    // signature once and keeps its own cached bundle.
    write_atomic(&sig_path, &signature)
        .and_then(|()| write_atomic(&bundle_path, &bytes))
        .map_err(|e| {
            fail(
                format!("{e}: check that this PC may write to the folder"),
                "このPCからそのフォルダに書き込めるか確認してください",
            )
        })?;
    Ok(Relayed::Written(bundle.sequence))
}

/// Whether `folder` is (or holds) one of the places `location` reads its feed from.
fn reads_from(location: &Location, folder: &Path) -> bool {
    let same = |a: &Path| match (a.canonicalize(), folder.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == folder,
    };
    location.sources().into_iter().any(|source| match source {
        Location::File(p) => same(p) || p.parent().is_some_and(same),
        _ => false,
    })
}
