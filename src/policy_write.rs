//! The policy file from an administrator's values (`onshi policy write`, the installers'
//! PREFECTURE, FACILITY, FEED_URL, FEED_KEY, RELAY_FOLDER): each checked as the app reads it, laid over the
//! policy already there, and written whole or not at all.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::banner_events::BannerEvents;
use crate::facility::Facility;
use crate::feed::cache::write_atomic;
use crate::feed::TrustedKeys;
use crate::opening_hours::OpeningHours;
use crate::policy::{FeedPolicy, Loaded, Policy, Setting};
use crate::prefecture::Prefecture;

/// The first lines of a file written here. The rest is TOML as docs/policy.md describes it.
pub const HEADER: &str = "# 管理者ポリシー: オン資ウォッチのセットアップ（onshi policy write）が書きました。書式は docs/policy.md\n\
     # The administrator's policy, written by the Onshi Watch setup (onshi policy write); format: docs/policy.md\n";

/// One of the values an administrator gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// The facility's prefecture.
    Prefecture,
    /// Clinic, dental or pharmacy.
    Facility,
    /// Where the feed is.
    FeedUrl,
    /// The feed's public keys.
    FeedKey,
    /// The folder one PC relays the feed into for the clinic's others.
    RelayFolder,
}

impl Key {
    /// Every key.
    pub const ALL: [Key; 5] = [
        Key::Prefecture,
        Key::Facility,
        Key::FeedUrl,
        Key::FeedKey,
        Key::RelayFolder,
    ];

    /// The installers' name: `PREFECTURE`, `FACILITY`, `FEED_URL`, `FEED_KEY`, `RELAY_FOLDER`.
    pub fn property(self) -> &'static str {
        match self {
            Key::Prefecture => "PREFECTURE",
            Key::Facility => "FACILITY",
            Key::FeedUrl => "FEED_URL",
            Key::FeedKey => "FEED_KEY",
            Key::RelayFolder => "RELAY_FOLDER",
        }
    }

    /// The CLI's option: `--prefecture`, `--facility`, `--feed-url`, `--feed-key`,
    /// `--relay-folder`.
    pub fn option(self) -> &'static str {
        match self {
            Key::Prefecture => "--prefecture",
            Key::Facility => "--facility",
            Key::FeedUrl => "--feed-url",
            Key::FeedKey => "--feed-key",
            Key::RelayFolder => "--relay-folder",
        }
    }
}

/// The values given. A value that is absent or blank is not given: the installers pass
/// every property, set or not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Given {
    /// A code (40), a name (福岡県, 福岡) or romaji (fukuoka).
    pub prefecture: Option<String>,
    /// `clinic`, `dental`, `pharmacy` (any case) or 医科, 歯科, 薬局.
    pub facility: Option<String>,
    /// An http(s) URL, or a folder or file on a share.
    pub feed_url: Option<String>,
    /// Each one key (the second line of a `feed.pub`) or several, separated by commas,
    /// semicolons or white space.
    pub feed_keys: Vec<String>,
    /// A full folder path (`\\nas\onshi-feed`, `/mnt/onshi-feed`): this PC relays each
    /// verified bundle there (`relay_folder`).
    pub relay_folder: Option<String>,
}

/// Why nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The value at fault; `None` when it is the policy file there or the disk.
    pub key: Option<Key>,
    /// One line: the value as given and what is allowed, or the file and what is wrong.
    pub message: String,
}

impl Refused {
    /// The message after the value's name as the caller calls it (`--prefecture: …`,
    /// `PREFECTURE: …`).
    pub fn shown<S: std::fmt::Display>(&self, name: impl Fn(Key) -> S) -> String {
        match self.key {
            Some(k) => format!("{}: {}", name(k), self.message),
            None => self.message.clone(),
        }
    }
}

/// What [`write`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// No value was given: a policy file there is as it was.
    NothingGiven,
    /// The file there already said exactly this: not touched.
    Unchanged,
    /// The file was written. A file it replaced that said something else (a comment, a
    /// value) is kept at `kept`, so nothing an administrator wrote by hand is lost.
    Written {
        /// Where the replaced file now is.
        kept: Option<PathBuf>,
    },
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn refuse(key: Key, message: String) -> Refused {
    Refused {
        key: Some(key),
        message,
    }
}

impl Given {
    /// Whether no value is given.
    pub fn is_empty(&self) -> bool {
        given(&self.prefecture).is_none()
            && given(&self.facility).is_none()
            && given(&self.feed_url).is_none()
            && self.feed_keys.iter().all(|k| k.trim().is_empty())
            && given(&self.relay_folder).is_none()
    }

    /// The policy that `existing` (the file there now) becomes with these values: the keys
    /// given are set, every other key is kept. `None` when no value is given.
    ///
    /// # Errors
    /// The first value that cannot be used, or a policy file there that is broken (it
    /// would be lost: the administrator fixes or deletes it first).
    pub fn apply(&self, existing: &Loaded) -> Result<Option<Policy>, Refused> {
        if self.is_empty() {
            return Ok(None);
        }
        let mut policy = match existing {
            Loaded::Absent => Policy {
                prefecture: None,
                facility: None,
                services: None,
                feed: None,
                autostart: None,
                opening_hours: None,
                banner: None,
                remind_every_minutes: None,
                shared_folder: None,
                relay_folder: None,
                locked: Default::default(),
                service_defs: Default::default(),
                origin: String::new(),
            },
            Loaded::Policy(p) => p.clone(),
            Loaded::Broken(e) => {
                return Err(Refused {
                    key: None,
                    message: format!(
                        "{e} (このポリシーファイルを直すか消してから、もう一度 / fix or delete this policy file, then try again)"
                    ),
                })
            }
        };
        if let Some(v) = given(&self.prefecture) {
            let p = Prefecture::parse(v).map_err(|e| refuse(Key::Prefecture, e.to_string()))?;
            policy.prefecture = Some(p);
        }
        if let Some(v) = given(&self.facility) {
            let f: Facility = v.parse().map_err(|e: crate::facility::UnknownFacility| {
                refuse(Key::Facility, e.to_string())
            })?;
            policy.facility = Some(f);
        }
        if let Some(v) = given(&self.relay_folder) {
            if v.chars().any(char::is_control) || !crate::policy::is_full_folder(v) {
                return Err(refuse(
                    Key::RelayFolder,
                    format!("{v:?} is not a full folder path (フォルダのフルパスで指定してください): give one such as \\\\nas\\onshi-feed or /mnt/onshi-feed"),
                ));
            }
            policy.relay_folder = Some(v.to_string());
        }
        let url = given(&self.feed_url).map(feed_url).transpose()?;
        let keys = self.keys()?;
        policy.feed = match (url, keys, policy.feed.take()) {
            (None, None, old) => old,
            (Some(url), Some(keys), _) => Some(FeedPolicy { url, keys }),
            (Some(url), None, Some(old)) => Some(FeedPolicy {
                url,
                keys: old.keys,
            }),
            (None, Some(keys), Some(old)) => Some(FeedPolicy { url: old.url, keys }),
            (Some(_), None, None) => {
                return Err(refuse(
                    Key::FeedUrl,
                    "フィードには公開鍵も必要です / a feed needs its public key too: give the feed key (the 2nd line of feed.pub, RW…) as well".into(),
                ))
            }
            (None, Some(_), None) => {
                return Err(refuse(
                    Key::FeedKey,
                    "公開鍵にはフィードの場所も必要です / a feed key needs the feed's location too: give the feed URL (http(s)://… or a folder on a share) as well".into(),
                ))
            }
        };
        Ok(Some(policy))
    }

    /// The feed keys given, each checked as a minisign public key; `None` when none is.
    fn keys(&self) -> Result<Option<Vec<String>>, Refused> {
        let mut keys: Vec<String> = Vec::new();
        let mut any = false;
        for raw in self.feed_keys.iter().filter(|k| !k.trim().is_empty()) {
            any = true;
            let mut here = 0;
            for k in raw
                .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
                .filter(|k| !k.is_empty())
            {
                here += 1;
                if TrustedKeys::default().add(k).is_err() {
                    return Err(refuse(
                        Key::FeedKey,
                        format!("{k:?} is not a minisign public key (公開鍵ではありません): give the 2nd line of feed.pub (RW…), several separated by commas"),
                    ));
                }
                if !keys.iter().any(|have| have == k) {
                    keys.push(k.to_string());
                }
            }
            if here == 0 {
                return Err(refuse(
                    Key::FeedKey,
                    format!("no key in {raw:?} (公開鍵がありません): give the 2nd line of feed.pub (RW…), several separated by commas"),
                ));
            }
        }
        Ok(any.then_some(keys))
    }
}

/// The feed's location, trimmed: any URL or path, but on one line.
fn feed_url(v: &str) -> Result<String, Refused> {
    if v.chars().any(char::is_control) {
        return Err(refuse(
            Key::FeedUrl,
            format!("{v:?} holds a line break or another control character (改行などは使えません): give an http(s)://… URL, or a folder or file on a share"),
        ));
    }
    Ok(v.to_string())
}

#[derive(Serialize)]
struct FileOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    prefecture: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    facility: Option<Facility>,
    #[serde(skip_serializing_if = "Option::is_none")]
    services: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    autostart: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remind_every_minutes: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shared_folder: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    relay_folder: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locked: Vec<Setting>,
    // Last: a table comes after the plain keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    banner: Option<BannerEvents>,
    #[serde(skip_serializing_if = "Option::is_none")]
    opening_hours: Option<&'a OpeningHours>,
    #[serde(skip_serializing_if = "Option::is_none")]
    feed: Option<FeedOut<'a>>,
    /// The clinic's own services (`[[service]]`), kept as they were defined.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    service: Vec<ServiceOut<'a>>,
}

#[derive(Serialize)]
struct ServiceOut<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name_en: Option<&'a str>,
    steps: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    steps_en: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact: Option<ContactOut<'a>>,
}

#[derive(Serialize)]
struct ContactOut<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hours: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hours_en: Option<&'a str>,
}

fn service_out(d: &crate::service::ServiceDef) -> ServiceOut<'_> {
    ServiceOut {
        id: &d.id,
        name: &d.name,
        name_en: d.name_en.as_deref(),
        steps: d.steps.iter().map(|s| s.text.as_str()).collect(),
        // Only when every step has its English: steps_en is one per step.
        steps_en: d
            .steps
            .iter()
            .map(|s| s.text_en.as_deref())
            .collect::<Option<Vec<&str>>>(),
        contact: d.contact.as_ref().map(|c| ContactOut {
            name: &c.name,
            phone: c.phone.as_deref(),
            hours: c.hours.as_deref(),
            hours_en: c.hours_en.as_deref(),
        }),
    }
}

#[derive(Serialize)]
struct FeedOut<'a> {
    url: &'a str,
    keys: &'a [String],
}

/// The text of a policy file saying `policy`: [`HEADER`], then TOML that
/// [`Policy::parse`] reads back to the same values (the prefecture by its full name).
pub fn to_toml(policy: &Policy) -> String {
    let file = FileOut {
        prefecture: policy.prefecture.map(Prefecture::name),
        facility: policy.facility,
        services: policy.services.as_deref(),
        autostart: policy.autostart,
        locked: policy.locked.iter().copied().collect(),
        opening_hours: policy.opening_hours.as_ref(),
        banner: policy.banner,
        remind_every_minutes: policy.remind_every_minutes,
        shared_folder: policy.shared_folder.as_deref(),
        relay_folder: policy.relay_folder.as_deref(),
        feed: policy.feed.as_ref().map(|f| FeedOut {
            url: &f.url,
            keys: &f.keys,
        }),
        service: policy
            .service_defs
            .custom()
            .iter()
            .filter_map(|s| s.custom_def())
            .map(service_out)
            .collect(),
    };
    // Strings, string lists and plain enums only: nothing the serializer can refuse.
    let body = toml::to_string(&file).expect("a policy serializes as TOML");
    format!("{HEADER}{body}")
}

/// The text [`write`] would write at `path`, without writing it; `None` when no value is
/// given.
///
/// # Errors
/// As [`Given::apply`].
pub fn preview(given: &Given, path: &Path) -> Result<Option<String>, Refused> {
    Ok(given.apply(&Policy::load(path))?.as_ref().map(to_toml))
}

/// Checks `given`, lays it over the policy at `path` and writes the result there through a
/// temporary file (a reader never sees half a file). Nothing is written when no value is
/// given or one is refused.
///
/// # Errors
/// As [`Given::apply`], or the file cannot be written.
pub fn write(given: &Given, path: &Path) -> Result<Written, Refused> {
    let Some(text) = preview(given, path)? else {
        return Ok(Written::NothingGiven);
    };
    let disk = |e: String| Refused {
        key: None,
        message: e,
    };
    let before = std::fs::read(path).ok();
    if before.as_deref() == Some(text.as_bytes()) {
        return Ok(Written::Unchanged);
    }
    let kept = match before {
        None => None,
        Some(old) => {
            let aside = path.with_extension("toml.old");
            write_atomic(&aside, &old).map_err(disk)?;
            Some(aside)
        }
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        make_folder(dir)
            .map_err(|e| disk(format!("{}: cannot create the folder: {e}", dir.display())))?;
    }
    write_atomic(path, text.as_bytes()).map_err(disk)?;
    Ok(Written::Written { kept })
}

/// Makes the policy's folder if it is missing. On Windows a folder made here may be
/// changed by SYSTEM and administrators only (every user's app reads it); %ProgramData%'s
/// own defaults would let any user add files to it.
fn make_folder(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    create_protected_folder(dir)
}

#[cfg(not(windows))]
fn create_protected_folder(dir: &Path) -> std::io::Result<()> {
    match std::fs::create_dir(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        other => other,
    }
}

#[cfg(windows)]
fn create_protected_folder(dir: &Path) -> std::io::Result<()> {
    use std::os::windows::ffi::OsStrExt;
    use windows_sys::Win32::Foundation::{LocalFree, ERROR_ALREADY_EXISTS};
    use windows_sys::Win32::Security::Authorization::{
        ConvertStringSecurityDescriptorToSecurityDescriptorW, SDDL_REVISION_1,
    };
    use windows_sys::Win32::Security::SECURITY_ATTRIBUTES;
    use windows_sys::Win32::Storage::FileSystem::CreateDirectoryW;

    let wide = |s: &std::ffi::OsStr| s.encode_wide().chain([0]).collect::<Vec<u16>>();
    // Protected (not inherited): SYSTEM and Administrators full control, Users read.
    let sddl = wide("D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)".as_ref());
    let path = wide(dir.as_os_str());
    let mut sa = SECURITY_ATTRIBUTES {
        nLength: std::mem::size_of::<SECURITY_ATTRIBUTES>() as u32,
        lpSecurityDescriptor: std::ptr::null_mut(),
        bInheritHandle: 0,
    };
    // SAFETY: both strings are NUL-terminated UTF-16 that outlive the calls; the
    // descriptor is allocated by the first call and freed once, after the second.
    unsafe {
        if ConvertStringSecurityDescriptorToSecurityDescriptorW(
            sddl.as_ptr(),
            SDDL_REVISION_1,
            &mut sa.lpSecurityDescriptor,
            std::ptr::null_mut(),
        ) == 0
        {
            return Err(std::io::Error::last_os_error());
        }
        let made = CreateDirectoryW(path.as_ptr(), &sa);
        let err = std::io::Error::last_os_error();
        LocalFree(sa.lpSecurityDescriptor);
        if made == 0 && err.raw_os_error() != Some(ERROR_ALREADY_EXISTS as i32) {
            return Err(err);
        }
    }
    Ok(())
}
