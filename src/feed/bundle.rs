//! The feed bundle: one TOML document carrying a sequence number and the texts of notice files.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::notice::{Notice, NoticeError};
use crate::time::{self, Instant};

/// The bundle format this build reads and writes (`format = 1`).
pub const FORMAT: u32 = 1;

/// A feed bundle: every notice a publisher offers, as one signed file.
///
/// The file is TOML (see `docs/feed.md`):
///
/// ```toml
/// format = 1
/// sequence = 12
/// created = "2026-11-27T09:00:00+09:00"
/// expires = "2026-12-04T09:00:00+09:00"
///
/// [[notice]]
/// file = "2026-12-01-jpki.toml"
/// text = '''
/// id = "…"
/// …'''
/// ```
///
/// A bundle is only ever parsed after its signature has been verified
/// ([`super::sign::TrustedKeys::verify`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    /// Raised by one at every build; a client refuses a bundle whose sequence is lower
    /// than the one it already holds (a rollback to an older, signed bundle).
    pub sequence: u64,
    /// When the publisher built it.
    pub created: Instant,
    /// Until when the publisher vouches for it: past this, a client says its notices are
    /// out of date however recently it fetched them (a frozen publisher, a stale mirror, a
    /// replayed bundle). `None` in bundles built before this existed: only the 48-hour
    /// rule of [`crate::freshness`] applies to them.
    pub expires: Option<Instant>,
    /// The publisher's next public key (the base64 line of its `.pub`, `RW…`), named while
    /// it rotates keys: signed by the current key, it makes a client trust the next one
    /// too, until a bundle signed by the next one arrives and the old one is dropped.
    pub next_key: Option<String>,
    /// `(file name, notice text)`, in name order.
    pub files: Vec<(String, String)>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBundle {
    format: u32,
    sequence: u64,
    created: String,
    // Optional so that bundles built before it existed still read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires: Option<String>,
    // Optional: only a publisher rotating keys names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    next_key: Option<String>,
    #[serde(default, rename = "notice")]
    notices: Vec<RawFile>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    file: String,
    text: String,
}

impl Bundle {
    /// Builds a bundle from every `*.toml` notice in `dir` (name order), checking each
    /// with the same validator as `onshi check`. It has no expiry until one is set with
    /// [`Bundle::valid_for`].
    ///
    /// # Errors
    /// The first broken notice (FILE:LINE:COLUMN), two notices with one id, an empty
    /// folder, or an unreadable one.
    pub fn from_dir(dir: &Path, sequence: u64, created: Instant) -> Result<Bundle, String> {
        let (notices, errors) = crate::notice::load_dir(dir);
        if let Some(e) = errors.first() {
            return Err(e.to_string());
        }
        if notices.is_empty() {
            return Err(format!(
                "{}: no notice files (*.toml) to put in the feed",
                dir.display()
            ));
        }
        let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
        for n in &notices {
            if let Some(other) = ids.insert(&n.id, &n.origin) {
                return Err(format!(
                    "{}: notice id {:?} is also used by {other}: give each notice its own id",
                    n.origin, n.id
                ));
            }
        }
        let mut files = Vec::new();
        for n in &notices {
            let path = Path::new(&n.origin);
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("{}: cannot read the file: {e}", path.display()))?;
            let name = path
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push((name, text));
        }
        Ok(Bundle {
            sequence,
            created,
            expires: None,
            next_key: None,
            files,
        })
    }

    /// The same bundle, vouched for `validity` from its `created` time.
    ///
    /// # Errors
    /// A validity of zero or less (the bundle would be out of date when built).
    pub fn valid_for(self, validity: chrono::Duration) -> Result<Bundle, String> {
        if validity <= chrono::Duration::zero() {
            return Err("the validity must be longer than zero (--expires 7d)".into());
        }
        Ok(Bundle {
            expires: Some(self.created + validity),
            ..self
        })
    }

    /// The same bundle naming `key` (a `.pub` file's text or its base64 line) as the
    /// publisher's next key.
    ///
    /// # Errors
    /// When `key` is not a minisign public key.
    pub fn naming_next_key(self, key: &str) -> Result<Bundle, String> {
        Ok(Bundle {
            next_key: Some(super::sign::key_line(key)?),
            ..self
        })
    }

    /// The bundle as the TOML document that gets signed.
    pub fn to_toml(&self) -> String {
        let raw = RawBundle {
            format: FORMAT,
            sequence: self.sequence,
            created: time::rfc3339_jst(self.created),
            expires: self.expires.map(time::rfc3339_jst),
            next_key: self.next_key.clone(),
            notices: self
                .files
                .iter()
                .map(|(file, text)| RawFile {
                    file: file.clone(),
                    text: text.clone(),
                })
                .collect(),
        };
        let body = toml::to_string(&raw).expect("a bundle always serializes");
        format!("# Onshi Watch feed bundle (docs/feed.md). Signed: do not edit by hand.\n{body}")
    }

    /// Reads a bundle whose signature has already been verified.
    ///
    /// # Errors
    /// Not UTF-8, not TOML, a newer `format`, a bad `created` or `expires` time, or an
    /// `expires` before `created` — one line.
    pub fn parse(bytes: &[u8]) -> Result<Bundle, String> {
        let text = std::str::from_utf8(bytes).map_err(|_| "the bundle is not UTF-8 text")?;
        let raw: RawBundle = toml::from_str(text).map_err(|e| {
            format!(
                "the bundle is not a valid feed document: {}",
                e.message().lines().next().unwrap_or("invalid TOML")
            )
        })?;
        if raw.format != FORMAT {
            return Err(format!(
                "the bundle has format {} but this version reads format {FORMAT}: update Onshi Watch",
                raw.format
            ));
        }
        let created = instant("created", &raw.created)?;
        let expires = raw
            .expires
            .as_deref()
            .map(|e| instant("expires", e))
            .transpose()?;
        if let Some(e) = expires.filter(|e| *e <= created) {
            return Err(format!(
                "the bundle expires ({}) before it was created ({}): build it again with a positive --expires",
                time::rfc3339_jst(e),
                time::rfc3339_jst(created)
            ));
        }
        let next_key = raw
            .next_key
            .as_deref()
            .map(|k| {
                super::sign::key_line(k).map_err(|e| format!("the bundle's next_key {k:?} is {e}"))
            })
            .transpose()?;
        Ok(Bundle {
            sequence: raw.sequence,
            created,
            expires,
            next_key,
            files: raw.notices.into_iter().map(|f| (f.file, f.text)).collect(),
        })
    }

    /// The bundle's notices, each checked as a notice file named `feed:FILE`. A broken
    /// one is returned as an error beside the good ones, as for a notices folder.
    pub fn notices(&self) -> (Vec<Notice>, Vec<NoticeError>) {
        let mut notices = Vec::new();
        let mut errors = Vec::new();
        for (file, text) in &self.files {
            match Notice::parse(text, &format!("feed:{file}")) {
                Ok(n) => notices.push(n),
                Err(e) => errors.push(e),
            }
        }
        (notices, errors)
    }
}

/// A bundle's RFC 3339 time field.
fn instant(key: &str, text: &str) -> Result<Instant, String> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|_| format!("the bundle's {key} time {text:?} is not RFC 3339"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "format = 1\nsequence = 3\ncreated = \"2026-11-27T09:00:00+09:00\"\n";

    #[test]
    fn a_bundle_from_before_expiry_existed_still_reads() {
        let b = Bundle::parse(OLD.as_bytes()).unwrap();
        assert_eq!((b.sequence, b.expires), (3, None));
        // Written back without an expiry, it has no `expires` line.
        assert!(!b.to_toml().contains("expires"));
    }

    #[test]
    fn the_expiry_round_trips_and_must_follow_created() {
        let b = Bundle::parse(OLD.as_bytes())
            .unwrap()
            .valid_for(chrono::Duration::hours(36))
            .unwrap();
        let text = b.to_toml();
        assert!(
            text.contains("\nexpires = \"2026-11-28T21:00:00+09:00\"\n"),
            "{text}"
        );
        assert_eq!(Bundle::parse(text.as_bytes()).unwrap(), b);
        assert!(b.clone().valid_for(chrono::Duration::zero()).is_err());

        let before = format!("{OLD}expires = \"2026-11-27T08:00:00+09:00\"\n");
        let e = Bundle::parse(before.as_bytes()).unwrap_err();
        assert!(
            e.contains("expires") && e.contains("before it was created"),
            "{e}"
        );
        let bad = format!("{OLD}expires = \"next week\"\n");
        let e = Bundle::parse(bad.as_bytes()).unwrap_err();
        assert!(
            e.contains("expires time \"next week\" is not RFC 3339"),
            "{e}"
        );
    }
}
