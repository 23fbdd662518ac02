//! Keys and signatures: minisign, the scheme Tauri's updater uses.
//!
//! Signing and key generation use the `minisign` crate; verification uses
//! `minisign-verify`, the small verifier Tauri's updater itself relies on.

use std::path::{Path, PathBuf};

use super::error::FeedError;

/// The public keys a feed may be signed with (one or more: a publisher rotating keys
/// lists both for a while, or names the next one in a bundle: `docs/feed.md`).
#[derive(Debug, Clone, Default)]
pub struct TrustedKeys {
    /// Each key with its base64 line (`RW…`), which names it.
    keys: Vec<(String, minisign_verify::PublicKey)>,
    /// Pinned by the machine policy: a next key a bundle names is never taken.
    pinned: bool,
}

impl TrustedKeys {
    /// Reads public keys from `.pub` files (the two-line minisign form).
    ///
    /// # Errors
    /// A file that cannot be read or is not a minisign public key, named.
    pub fn from_files(paths: &[PathBuf]) -> Result<TrustedKeys, String> {
        let mut keys = TrustedKeys::default();
        for p in paths {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("{}: cannot read the public key: {e}", p.display()))?;
            keys.add(&text)
                .map_err(|e| format!("{}: {e}", p.display()))?;
        }
        Ok(keys)
    }

    /// Adds one key, given either as a `.pub` file's text or as its base64 line alone
    /// (as a policy file may hold it).
    ///
    /// # Errors
    /// When the text is not a minisign public key.
    pub fn add(&mut self, text: &str) -> Result<(), String> {
        let line = key_line(text)?;
        if !self.contains(&line) {
            let key = minisign_verify::PublicKey::from_base64(&line)
                .map_err(|_| NOT_A_KEY.to_string())?;
            self.keys.push((line, key));
        }
        Ok(())
    }

    /// Whether no key is trusted (then every signature is refused).
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Whether the key whose base64 line is `line` is trusted.
    pub fn contains(&self, line: &str) -> bool {
        self.keys.iter().any(|(l, _)| l == line)
    }

    /// The trusted keys' base64 lines (`RW…`), in order.
    pub fn lines(&self) -> Vec<String> {
        self.keys.iter().map(|(l, _)| l.clone()).collect()
    }

    /// The same keys, pinned: the machine policy set and locked them, so a next key a
    /// bundle names is never taken (key rotation is left to the administrator).
    #[must_use]
    pub fn pin(self) -> TrustedKeys {
        TrustedKeys {
            pinned: true,
            ..self
        }
    }

    /// Whether the keys are pinned ([`TrustedKeys::pin`]).
    pub fn is_pinned(&self) -> bool {
        self.pinned
    }

    /// These keys without the ones named in `lines` (the keys a rotation dropped).
    #[must_use]
    pub fn without(mut self, lines: &[String]) -> TrustedKeys {
        self.keys.retain(|(l, _)| !lines.contains(l));
        self
    }

    /// Checks `signature` over `data` as [`TrustedKeys::verify`] does, and returns the base64
    /// line of the key that signed it.
    ///
    /// # Errors
    /// As [`TrustedKeys::verify`].
    pub fn verify_by(&self, data: &[u8], signature: &[u8]) -> Result<String, FeedError> {
        let sig = decode(data, signature)?;
        if self.keys.is_empty() {
            return Err(FeedError::UnknownKey(
                "no public key is configured for the feed".into(),
            ));
        }
        let mut wrong_key = true;
        for (line, key) in &self.keys {
            match key.verify(data, &sig, false) {
                Ok(()) => return Ok(line.clone()),
                Err(minisign_verify::Error::UnexpectedKeyId) => {}
                Err(_) => wrong_key = false,
            }
        }
        if wrong_key {
            Err(FeedError::UnknownKey(
                "the feed is signed with a key that is not trusted here (check --feed-key / the feed's public key)".into(),
            ))
        } else if looks_like_html(data) {
            Err(FeedError::NotABundle(
                "an HTML page came back instead of the feed (a login page or proxy?)".into(),
            ))
        } else {
            Err(FeedError::BadSignature(
                "the bundle does not match its signature (changed or cut short on the way)".into(),
            ))
        }
    }

    /// Checks `signature` (a `.minisig` file's text) over `data` against every trusted key.
    /// Call this before reading anything in `data`.
    ///
    /// # Errors
    /// [`FeedError::BadSignature`] (with a hint when `data` is an HTML page), or
    /// [`FeedError::UnknownKey`] when the signature is from a key not trusted here.
    pub fn verify(&self, data: &[u8], signature: &[u8]) -> Result<(), FeedError> {
        self.verify_by(data, signature).map(|_| ())
    }
}

const NOT_A_KEY: &str =
    "not a minisign public key (expected a feed.pub file from `onshi feed keygen`)";

/// The base64 line (`RW…`) of a public key given as a `.pub` file's text or as that line.
///
/// # Errors
/// When the text is not a minisign public key.
pub fn key_line(text: &str) -> Result<String, String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let line = match lines.as_slice() {
        [one] => *one,
        [comment, key, ..] if comment.starts_with("untrusted comment:") => *key,
        _ => return Err(NOT_A_KEY.to_string()),
    };
    minisign_verify::PublicKey::from_base64(line).map_err(|_| NOT_A_KEY.to_string())?;
    Ok(line.to_string())
}

/// The `.minisig` text decoded, or why not (an HTML page named as such).
fn decode(data: &[u8], signature: &[u8]) -> Result<minisign_verify::Signature, FeedError> {
    let sig_text = std::str::from_utf8(signature).unwrap_or("");
    minisign_verify::Signature::decode(sig_text).map_err(|_| {
        if looks_like_html(data) || looks_like_html(signature) {
            FeedError::NotABundle(
                "an HTML page came back instead of the feed (a login page or proxy?)".into(),
            )
        } else {
            FeedError::BadSignature("the .minisig file is not a minisign signature".into())
        }
    })
}

fn looks_like_html(data: &[u8]) -> bool {
    let head: Vec<u8> = data
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html") || head.starts_with(b"<?xml")
}

/// Writes a new key pair as `DIR/feed.key` (secret) and `DIR/feed.pub` (public), creating
/// DIR. With a password the secret key is encrypted (minisign's scrypt); never prompts.
///
/// # Errors
/// When `DIR/feed.key` already exists (a signing key is never overwritten), or on I/O.
pub fn keygen(dir: &Path, password: Option<String>) -> Result<(PathBuf, PathBuf), String> {
    keygen_named(dir, "feed", password)
}

/// As [`keygen`], as `DIR/NAME.key` and `DIR/NAME.pub` (a rotation's `next`).
///
/// # Errors
/// As [`keygen`].
pub fn keygen_named(
    dir: &Path,
    name: &str,
    password: Option<String>,
) -> Result<(PathBuf, PathBuf), String> {
    let key_path = dir.join(format!("{name}.key"));
    let pub_path = dir.join(format!("{name}.pub"));
    if key_path.exists() {
        return Err(format!(
            "{} already exists: a signing key is never overwritten; move it away or choose another folder",
            key_path.display()
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: cannot create the folder: {e}", dir.display()))?;
    let minisign::KeyPair { pk, sk } = match password {
        Some(pw) => minisign::KeyPair::generate_encrypted_keypair(Some(pw)),
        None => minisign::KeyPair::generate_unencrypted_keypair(),
    }
    .map_err(|e| format!("cannot generate a key pair: {e}"))?;
    let pk_box = pk.to_box().map_err(|e| e.to_string())?;
    let sk_box = sk
        .to_box(Some("Onshi Watch feed secret key"))
        .map_err(|e| e.to_string())?;
    write_private(&key_path, &sk_box.to_bytes())?;
    std::fs::write(&pub_path, pk_box.to_bytes())
        .map_err(|e| format!("{}: cannot write: {e}", pub_path.display()))?;
    Ok((key_path, pub_path))
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

/// Signs `data` with the secret key in `key_path`; returns the `.minisig` text. The
/// trusted comment (covered by the signature) records the bundle's sequence.
///
/// # Errors
/// An unreadable key, a password-protected key without (or with a wrong) password.
pub fn sign(
    data: &[u8],
    key_path: &Path,
    password: Option<String>,
    sequence: u64,
) -> Result<String, String> {
    let text = std::fs::read_to_string(key_path)
        .map_err(|e| format!("{}: cannot read the secret key: {e}", key_path.display()))?;
    let sk_box = minisign::SecretKeyBox::from_string(&text)
        .map_err(|e| format!("{}: not a minisign secret key: {e}", key_path.display()))?;
    let sk = match password {
        Some(pw) => minisign::SecretKey::from_box(sk_box, Some(pw)),
        None => minisign::SecretKey::from_unencrypted_box(sk_box),
    }
    .map_err(|e| {
        format!(
            "{}: cannot use the secret key ({e}); a password-protected key needs --password-env",
            key_path.display()
        )
    })?;
    let trusted = format!(
        "onshi-feed sequence:{sequence} timestamp:{}",
        chrono::Utc::now().timestamp()
    );
    let sig = minisign::sign(
        None,
        &sk,
        data,
        Some(&trusted),
        Some("Onshi Watch feed signature"),
    )
    .map_err(|e| format!("cannot sign: {e}"))?;
    Ok(sig.into_string())
}
