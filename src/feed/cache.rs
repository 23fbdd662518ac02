//! The last good bundle on disk, and what the client remembers about its feed.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::fetch::Validators;
use crate::time::Instant;

const BUNDLE: &str = "feed-bundle.toml";
const SIGNATURE: &str = "feed-bundle.toml.minisig";
const STATE: &str = "feed-state.toml";

/// A folder (in the app's config folder) holding the last good bundle, its signature, and
/// [`FeedState`]. Every file is written atomically (a temporary file, then a rename), so a
/// crash or a full disk never leaves half a bundle.
#[derive(Debug, Clone)]
pub struct FeedCache {
    dir: PathBuf,
}

/// What the client remembers between fetches. Times are the app clock's (a training
/// clock in training mode).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedState {
    /// The feed location this state is about; a different location starts afresh.
    pub location: String,
    /// The sequence of the cached bundle.
    pub sequence: Option<u64>,
    /// The bundle's last `ETag`.
    pub etag: Option<String>,
    /// The bundle's last `Last-Modified`.
    pub last_modified: Option<String>,
    /// When the feed was last reached and its bundle (new or unchanged) accepted.
    pub last_confirmed: Option<Instant>,
    /// When the current run of failures began; `None` while the feed works.
    pub failing_since: Option<Instant>,
    /// The latest failure, one line.
    pub last_error: Option<String>,
    /// The `expires` of the bundle in use, as it signed it; `None` for a bundle without
    /// one (or none). Remembered so freshness can say "out of date" offline too.
    #[serde(default)]
    pub expires: Option<Instant>,
    /// Key rotation: the next key (base64 line, `RW…`) the bundle in use names, trusted
    /// besides the configured keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_key: Option<String>,
    /// Key rotation: the key the feed moved to (a next key that then signed a bundle),
    /// trusted from then on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotated_to: Option<String>,
    /// Key rotation: the keys dropped when the feed moved to its next key; a bundle signed
    /// by one is refused ([`super::FeedError::RetiredKey`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired_keys: Vec<String>,
    /// With several sources: what each answered at the last fetch, in the setting's order
    /// (empty with one source, whose memory is the fields above).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceState>,
}

/// One of several sources, as the last fetch found it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceState {
    /// The source's location, as in the feed setting.
    pub location: String,
    /// The sequence of the valid bundle it offered, if it offered one.
    pub sequence: Option<u64>,
    /// Its `ETag`, kept only while it serves the bundle in use (a 304 then means "still that one").
    pub etag: Option<String>,
    /// Its `Last-Modified`, on the same terms.
    pub last_modified: Option<String>,
    /// When it last answered with a valid bundle (or a 304).
    pub last_ok: Option<Instant>,
    /// Why the last fetch from it failed, one line; `None` when it worked.
    pub last_error: Option<String>,
}

impl SourceState {
    /// The validators for a conditional GET to this source.
    pub fn validators(&self) -> Validators {
        Validators {
            etag: self.etag.clone(),
            last_modified: self.last_modified.clone(),
        }
    }
}

impl FeedState {
    /// The validators for a conditional GET.
    pub fn validators(&self) -> Validators {
        Validators {
            etag: self.etag.clone(),
            last_modified: self.last_modified.clone(),
        }
    }
}

impl FeedCache {
    /// A cache in `dir` (created on first write).
    pub fn new(dir: impl Into<PathBuf>) -> FeedCache {
        FeedCache { dir: dir.into() }
    }

    /// The cache's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The remembered state; default when there is none or it cannot be read (the state is
    /// only a memory of the feed: the bundle itself is verified again on every load).
    pub fn state(&self) -> FeedState {
        std::fs::read_to_string(self.dir.join(STATE))
            .ok()
            .and_then(|t| toml::from_str(&t).ok())
            .unwrap_or_default()
    }

    /// Saves the state atomically.
    ///
    /// # Errors
    /// One line naming the file.
    pub fn save_state(&self, state: &FeedState) -> Result<(), String> {
        let text = toml::to_string(state).expect("feed state always serializes");
        write_atomic(&self.dir.join(STATE), text.as_bytes())
    }

    /// The cached bundle and signature bytes, if both are there.
    pub fn bundle(&self) -> Option<(Vec<u8>, Vec<u8>)> {
        let b = std::fs::read(self.dir.join(BUNDLE)).ok()?;
        let s = std::fs::read(self.dir.join(SIGNATURE)).ok()?;
        Some((b, s))
    }

    /// Replaces the cached bundle: the signature first, then the bundle, each atomically.
    /// A crash between the two leaves a pair that fails verification and is ignored, never
    /// a bundle trusted on the wrong signature.
    ///
    /// # Errors
    /// One line naming the file.
    pub fn save_bundle(&self, bundle: &[u8], signature: &[u8]) -> Result<(), String> {
        write_atomic(&self.dir.join(SIGNATURE), signature)?;
        write_atomic(&self.dir.join(BUNDLE), bundle)
    }
}

/// Writes `bytes` to a temporary file beside `path`, flushes it, and renames it over `path`.
///
/// # Errors
/// One line naming the file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let fail = |e: std::io::Error| format!("{}: cannot write: {e}", path.display());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let tmp = path.with_extension(format!(
        "{}.tmp-{}",
        path.extension().and_then(|e| e.to_str()).unwrap_or(""),
        std::process::id()
    ));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}
