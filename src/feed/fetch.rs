//! Getting a bundle and its signature: over http(s) with a conditional GET, or from a file
//! or folder (a file share), always bounded in size and time.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant as Clock};

use super::error::FeedError;

/// The bundle's file name when a feed location is a folder.
pub const FOLDER_BUNDLE: &str = "onshi-feed.toml";

/// Where a feed is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// `https://…` or `http://…`: integrity comes from the signature, not from TLS, so an
    /// intranet server on plain http is fine. The signature is at the same URL + `.minisig`.
    Http(String),
    /// A bundle file (its signature beside it, + `.minisig`). A folder given as the
    /// location means the folder's [`FOLDER_BUNDLE`].
    File(PathBuf),
    /// Several places publishing the same feed (a main host and mirrors), each an `Http`
    /// or a `File`: every fetch asks each in order, and the newest valid bundle wins, so
    /// one host down (or one stale mirror) does not leave a PC blind.
    Several(Vec<Location>),
}

/// What separates the sources in one feed setting, besides a line break: a character that
/// neither a URL (unescaped) nor a Windows path may hold.
pub const SOURCE_SEPARATOR: char = '|';

impl Location {
    /// Reads a feed location as written in settings or on the command line: an
    /// `http(s)://` URL, a `file://` URL, or a path to a bundle file or its folder.
    ///
    /// Several sources, one per line or separated by [`SOURCE_SEPARATOR`], make a
    /// [`Location::Several`] (one alone is just that one).
    pub fn parse(s: &str) -> Location {
        let mut parts: Vec<Location> = s
            .split(['\n', SOURCE_SEPARATOR])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(Location::parse_one)
            .collect();
        match parts.len() {
            1 => parts.remove(0),
            0 => Location::parse_one(s),
            _ => Location::Several(parts),
        }
    }

    fn parse_one(s: &str) -> Location {
        let s = s.trim();
        let lower = s.to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            return Location::Http(s.to_string());
        }
        let path = PathBuf::from(file_url_path(s));
        if path.is_dir() {
            Location::File(folder_bundle(&path))
        } else {
            Location::File(path)
        }
    }

    /// The location as text, for messages and to key the cache.
    pub fn label(&self) -> String {
        match self {
            Location::Http(url) => url.clone(),
            Location::File(p) => p.display().to_string(),
            Location::Several(all) => all
                .iter()
                .map(Location::label)
                .collect::<Vec<_>>()
                .join(&format!(" {SOURCE_SEPARATOR} ")),
        }
    }

    /// The places to ask, in order: the sources of a [`Location::Several`], else this one.
    pub fn sources(&self) -> Vec<&Location> {
        match self {
            Location::Several(all) => all.iter().flat_map(Location::sources).collect(),
            one => vec![one],
        }
    }
}

/// The path in a `file://` URL (`file:///srv/feed.toml`, `file:///C:/feed/feed.toml`,
/// `file://server/share/feed.toml`); anything else is a path already.
fn file_url_path(s: &str) -> String {
    let Some(rest) = s.strip_prefix("file://") else {
        return s.to_string();
    };
    let drive = |r: &str| {
        let b = r.as_bytes();
        b.len() >= 3 && b[0] == b'/' && b[1].is_ascii_alphabetic() && b[2] == b':'
    };
    if drive(rest) {
        rest[1..].to_string()
    } else if rest.starts_with('/') {
        rest.to_string()
    } else {
        // A host: a UNC path on Windows.
        format!("//{rest}")
    }
}

/// The bundle in a feed folder: [`FOLDER_BUNDLE`] if it is there, else the one bundle
/// that has a `.minisig` beside it; when there is no single answer, [`FOLDER_BUNDLE`]
/// (and the fetch names it as missing).
fn folder_bundle(dir: &Path) -> PathBuf {
    let preferred = dir.join(FOLDER_BUNDLE);
    if preferred.is_file() {
        return preferred;
    }
    let signed: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|p| {
            let name = p
                .file_name()?
                .to_str()?
                .strip_suffix(".minisig")?
                .to_string();
            Some(dir.join(name))
        })
        .filter(|p| p.is_file())
        .collect();
    match signed.as_slice() {
        [one] => one.clone(),
        _ => preferred,
    }
}

/// How much a fetch may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest bundle accepted (the signature file is held to 16 KiB).
    pub max_bytes: u64,
    /// To open the connection.
    pub connect: Duration,
    /// For the whole fetch, bundle and signature together.
    pub total: Duration,
}

impl Default for Limits {
    /// 2 MB, 10 s to connect, 30 s in all.
    fn default() -> Limits {
        Limits {
            max_bytes: 2_000_000,
            connect: Duration::from_secs(10),
            total: Duration::from_secs(30),
        }
    }
}

const MAX_SIGNATURE: u64 = 16 * 1024;

/// What the server last said about the bundle, sent back for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// Sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// Sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

/// The outcome of one fetch.
#[derive(Debug)]
pub enum Fetched {
    /// `304 Not Modified`: the cached bundle is still current.
    NotModified,
    /// The bytes as they came; nothing in them is trusted until verified.
    New {
        /// The bundle file's bytes.
        bundle: Vec<u8>,
        /// The `.minisig` file's bytes.
        signature: Vec<u8>,
        /// For the next conditional GET.
        validators: Validators,
    },
}

/// Fetches the bundle and its signature. Of several sources, the first that answers
/// (which one is newest is [`super::refresh`]'s to decide, after verifying).
///
/// # Errors
/// One [`FeedError`] naming what failed: no connection, a timeout, an HTTP status, a body
/// over the limit, a missing signature.
pub fn fetch(loc: &Location, since: &Validators, limits: Limits) -> Result<Fetched, FeedError> {
    match loc {
        Location::Http(url) => fetch_http(url, since, limits),
        Location::Several(all) => {
            let mut first_error = None;
            for one in all {
                match fetch(one, since, limits) {
                    Ok(f) => return Ok(f),
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
            }
            Err(first_error
                .unwrap_or_else(|| FeedError::Unreachable("no feed source is set".into())))
        }
        Location::File(path) => {
            let bundle = read_file(path, limits.max_bytes)?;
            let sig_path = PathBuf::from(format!("{}.minisig", path.display()));
            let signature = read_file(&sig_path, MAX_SIGNATURE).map_err(|e| match e {
                FeedError::Unreachable(m) => FeedError::MissingSignature(m),
                e => e,
            })?;
            Ok(Fetched::New {
                bundle,
                signature,
                validators: Validators::default(),
            })
        }
    }
}

fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, FeedError> {
    let f = std::fs::File::open(path)
        .map_err(|e| FeedError::Unreachable(format!("{}: {e}", path.display())))?;
    let mut out = Vec::new();
    f.take(max + 1)
        .read_to_end(&mut out)
        .map_err(|e| FeedError::Unreachable(format!("{}: {e}", path.display())))?;
    if out.len() as u64 > max {
        return Err(FeedError::TooLarge(max));
    }
    Ok(out)
}

fn fetch_http(url: &str, since: &Validators, limits: Limits) -> Result<Fetched, FeedError> {
    let started = Clock::now();
    let agent = |left: Duration| {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(limits.connect.min(left)))
            .timeout_global(Some(left))
            .user_agent(concat!("OnshiWatch/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent()
    };
    let left = |started: Clock| limits.total.saturating_sub(started.elapsed());

    let mut req = agent(left(started)).get(url);
    if let Some(etag) = &since.etag {
        req = req.header("If-None-Match", etag);
    }
    if let Some(lm) = &since.last_modified {
        req = req.header("If-Modified-Since", lm);
    }
    let mut resp = req.call().map_err(|e| http_error(url, e, limits))?;
    let status = resp.status().as_u16();
    if status == 304 {
        return Ok(Fetched::NotModified);
    }
    if status != 200 {
        return Err(FeedError::Status(status, url.to_string()));
    }
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let validators = Validators {
        etag: header("etag"),
        last_modified: header("last-modified"),
    };
    let bundle = resp
        .body_mut()
        .with_config()
        .limit(limits.max_bytes)
        .read_to_vec()
        .map_err(|e| http_error(url, e, limits))?;

    let sig_url = format!("{url}.minisig");
    let mut sig = agent(left(started))
        .get(&sig_url)
        .call()
        .map_err(|e| http_error(&sig_url, e, limits))?;
    match sig.status().as_u16() {
        200 => {}
        404 => {
            return Err(FeedError::MissingSignature(format!(
                "{sig_url}: 404 Not Found"
            )))
        }
        s => return Err(FeedError::Status(s, sig_url)),
    }
    let signature = sig
        .body_mut()
        .with_config()
        .limit(MAX_SIGNATURE)
        .read_to_vec()
        .map_err(|e| http_error(&sig_url, e, limits))?;
    Ok(Fetched::New {
        bundle,
        signature,
        validators,
    })
}

fn http_error(url: &str, e: ureq::Error, limits: Limits) -> FeedError {
    match e {
        ureq::Error::Timeout(_) => FeedError::Timeout(limits.total.as_secs(), url.to_string()),
        ureq::Error::BodyExceedsLimit(n) => FeedError::TooLarge(n),
        e => FeedError::Unreachable(format!("{url}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_urls_files_or_folders() {
        let http = |s: &str| Location::Http(s.to_string());
        let file = |s: &str| Location::File(PathBuf::from(s));
        assert_eq!(
            Location::parse(" https://a.example/f.toml "),
            http("https://a.example/f.toml")
        );
        assert_eq!(
            Location::parse("HTTP://intranet/f.toml"),
            http("HTTP://intranet/f.toml")
        );
        assert_eq!(Location::parse("file:///srv/f.toml"), file("/srv/f.toml"));
        assert_eq!(
            Location::parse("file:///C:/feed/f.toml"),
            file("C:/feed/f.toml")
        );
        assert_eq!(
            Location::parse("file://server/share/f.toml"),
            file("//server/share/f.toml")
        );
        assert_eq!(Location::parse("/no/such/f.toml"), file("/no/such/f.toml"));
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        assert_eq!(
            Location::parse(d),
            Location::File(dir.path().join(FOLDER_BUNDLE))
        );
        std::fs::write(dir.path().join("x.toml"), "").unwrap();
        std::fs::write(dir.path().join("x.toml.minisig"), "").unwrap();
        assert_eq!(
            Location::parse(d),
            Location::File(dir.path().join("x.toml"))
        );
        std::fs::write(dir.path().join(FOLDER_BUNDLE), "").unwrap();
        assert_eq!(
            Location::parse(d),
            Location::File(dir.path().join(FOLDER_BUNDLE))
        );
    }

    #[test]
    fn several_sources_one_per_line_or_between_bars() {
        let http = |s: &str| Location::Http(s.to_string());
        let both = Location::Several(vec![
            http("https://a.example/f.toml"),
            Location::File(PathBuf::from(r"C:\My Feed\f.toml")),
        ]);
        assert_eq!(
            Location::parse("https://a.example/f.toml\n  C:\\My Feed\\f.toml\n\n"),
            both
        );
        assert_eq!(
            Location::parse(r"https://a.example/f.toml | C:\My Feed\f.toml"),
            both
        );
        assert_eq!(
            both.label(),
            r"https://a.example/f.toml | C:\My Feed\f.toml"
        );
        assert_eq!(both.sources().len(), 2);
        // One source alone is that source, even with a trailing separator.
        assert_eq!(
            Location::parse("https://a.example/f.toml |"),
            http("https://a.example/f.toml")
        );
        assert_eq!(http("x").sources(), vec![&http("x")]);
    }
}
