//! The machine-wide policy an administrator installs: settings for every user of the PC,
//! and which of them staff may not change. Format: `docs/policy.md`.

use crate::notice::line_column;
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::banner_events::BannerEvents;
pub use crate::facility::Facility;
use crate::feed::TrustedKeys;
use crate::opening_hours::OpeningHours;
use crate::prefecture::Prefecture;
use crate::service::ServiceRegistry;
use crate::service_def::{define_all, RawService};

/// Overrides [`default_path`] (tests, and administrators trying a policy out).
pub const PATH_ENV: &str = "ONSHI_WATCH_POLICY";

/// Where the policy file lives: `/etc/onshi-watch/policy.toml` (Linux),
/// `%ProgramData%\OnshiWatch\policy.toml` (Windows), `/Library/Application
/// Support/OnshiWatch/policy.toml` (macOS); [`PATH_ENV`] overrides it.
pub fn default_path() -> PathBuf {
    if let Some(p) = std::env::var_os(PATH_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    if cfg!(windows) {
        let base = std::env::var_os("ProgramData").unwrap_or_else(|| "C:\\ProgramData".into());
        PathBuf::from(base).join("OnshiWatch").join("policy.toml")
    } else if cfg!(target_os = "macos") {
        PathBuf::from("/Library/Application Support/OnshiWatch/policy.toml")
    } else {
        PathBuf::from("/etc/onshi-watch/policy.toml")
    }
}

/// A setting the policy can lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Setting {
    /// 都道府県
    Prefecture,
    /// 施設の種類
    Facility,
    /// 使うサービス
    Services,
    /// The feed URL and its keys.
    Feed,
    /// ログイン時に起動
    Autostart,
    /// 受付時間 (`opening_hours`): when the reminder before closing comes.
    #[serde(rename = "opening_hours")]
    OpeningHours,
    /// The banner: which events raise it (`banner`) and how often it is raised again
    /// (`remind_every_minutes`).
    Banner,
    /// 共有フォルダ (`shared_folder`): where the clinic's PCs share 「確認しました」.
    #[serde(rename = "shared_folder")]
    SharedFolder,
    /// 中継フォルダ (`relay_folder`): where this PC writes each bundle it verified, for the
    /// clinic's other PCs to follow (one PC fetches for the clinic).
    #[serde(rename = "relay_folder")]
    RelayFolder,
}

/// The feed every PC follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedPolicy {
    /// An http(s) URL or a folder / file path (a file share).
    pub url: String,
    /// Public keys, each the base64 line of a `feed.pub` file.
    pub keys: Vec<String>,
}

/// A machine-wide policy. A key that is absent leaves the setting to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// The facility's prefecture.
    pub prefecture: Option<Prefecture>,
    /// Clinic, dental or pharmacy.
    pub facility: Option<Facility>,
    /// Service ids (`oqs`, `erx`, `mynaportal`, `jpki`, `claims`).
    pub services: Option<Vec<String>>,
    /// The feed every PC follows.
    pub feed: Option<FeedPolicy>,
    /// Whether the app starts at every login (absent: the user's setting, on by default).
    pub autostart: Option<bool>,
    /// The facility's opening hours (absent: the user's, or the facility type's usual ones).
    pub opening_hours: Option<OpeningHours>,
    /// Which events raise the banner.
    pub banner: Option<BannerEvents>,
    /// How often an unacknowledged banner is raised again, in minutes (1–60).
    pub remind_every_minutes: Option<u32>,
    /// The clinic's shared folder for acknowledgements.
    pub shared_folder: Option<String>,
    /// The folder this PC relays each verified bundle into, for the clinic's other PCs.
    pub relay_folder: Option<String>,
    /// The services of the clinic's own (`[[service]]`): notices may name them.
    pub service_defs: ServiceRegistry,
    /// Settings staff may not change (shown as set by the administrator).
    pub locked: BTreeSet<Setting>,
    /// The file it was read from.
    pub origin: String,
}

/// Whether `v` is a full folder path, as a shared or relay folder must be: `/mnt/onshi`,
/// `\\nas\onshi`, `C:\onshi` — whatever the machine reading it, since one policy may
/// serve PCs of both kinds.
pub fn is_full_folder(v: &str) -> bool {
    Path::new(v).is_absolute() || v.starts_with("\\\\") || v.get(1..2) == Some(":")
}

/// A policy file that cannot be used: the same `FILE:LINE:COLUMN: message` error a
/// notice file gives.
pub type PolicyError = crate::notice::NoticeError;

/// What looking for a policy found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// No policy file: everything is the user's to set.
    Absent,
    /// A usable policy.
    Policy(Policy),
    /// A policy file that cannot be used: it is ignored (the user's settings apply) and
    /// named, so the administrator can fix it.
    Broken(PolicyError),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    #[serde(default)]
    prefecture: Option<Spanned<String>>,
    #[serde(default)]
    facility: Option<Facility>,
    #[serde(default)]
    services: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    feed: Option<Spanned<RawFeed>>,
    #[serde(default)]
    autostart: Option<bool>,
    #[serde(default)]
    opening_hours: Option<OpeningHours>,
    #[serde(default)]
    banner: Option<BannerEvents>,
    #[serde(default)]
    remind_every_minutes: Option<Spanned<u32>>,
    #[serde(default)]
    shared_folder: Option<Spanned<String>>,
    #[serde(default)]
    relay_folder: Option<Spanned<String>>,
    #[serde(default)]
    locked: Vec<Setting>,
    #[serde(default, rename = "service")]
    service_defs: Vec<Spanned<RawService>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    url: Spanned<String>,
    keys: Vec<Spanned<String>>,
}

impl Policy {
    /// Reads the policy at `path`: absent, usable, or broken (never an error to stop on).
    pub fn load(path: &Path) -> Loaded {
        match std::fs::read_to_string(path) {
            Ok(text) => match Policy::parse(&text, &path.display().to_string()) {
                Ok(p) => Loaded::Policy(p),
                Err(e) => Loaded::Broken(e),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Loaded::Absent,
            Err(e) => Loaded::Broken(PolicyError {
                file: path.display().to_string(),
                line: 0,
                column: 0,
                message: format!("cannot read the policy file: {e}"),
            }),
        }
    }

    /// Parses and checks policy text; `origin` names it in errors.
    ///
    /// # Errors
    /// The first problem, with its line and column: bad TOML, an unknown key, an unknown
    /// prefecture, facility, service or lockable setting, a feed key that is not a minisign
    /// public key.
    pub fn parse(text: &str, origin: &str) -> Result<Policy, PolicyError> {
        let at = |span: Range<usize>, message: String| {
            let (line, column) = line_column(text, span.start);
            PolicyError {
                file: origin.to_string(),
                line,
                column,
                message,
            }
        };
        let raw: RawPolicy = toml::from_str(text).map_err(|e| {
            let message = e
                .message()
                .lines()
                .next()
                .unwrap_or("invalid TOML")
                .to_string();
            at(e.span().unwrap_or(0..0), message)
        })?;
        let prefecture = raw
            .prefecture
            .map(|p| Prefecture::parse(p.get_ref()).map_err(|e| at(p.span(), e.to_string())))
            .transpose()?;
        let mut service_defs = ServiceRegistry::default();
        define_all(raw.service_defs, &mut service_defs, &at)?;
        let services = raw
            .services
            .map(|list| {
                list.into_iter()
                    .map(|s| {
                        if service_defs.resolve(s.get_ref()).is_some() {
                            Ok(s.into_inner())
                        } else {
                            Err(at(
                                s.span(),
                                format!(
                                    "unknown service {:?}: use one of {}, or define it in a [[service]] table",
                                    s.get_ref(),
                                    service_defs.known_ids()
                                ),
                            ))
                        }
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        let feed = match raw.feed {
            None => None,
            Some(f) => {
                let span = f.span();
                let f = f.into_inner();
                if f.url.get_ref().trim().is_empty() {
                    return Err(at(f.url.span(), "the feed url is empty".into()));
                }
                if f.keys.is_empty() {
                    return Err(at(
                        span,
                        "the feed needs at least one public key in keys = [\"RW…\"]".into(),
                    ));
                }
                let mut keys = Vec::new();
                for k in f.keys {
                    TrustedKeys::default()
                        .add(k.get_ref())
                        .map_err(|e| at(k.span(), e))?;
                    keys.push(k.into_inner().trim().to_string());
                }
                Some(FeedPolicy {
                    url: f.url.into_inner(),
                    keys,
                })
            }
        };
        if let Some(m) = &raw.remind_every_minutes {
            if !(1..=60).contains(m.get_ref()) {
                return Err(at(
                    m.span(),
                    format!(
                        "remind_every_minutes must be between 1 and 60, not {}",
                        m.get_ref()
                    ),
                ));
            }
        }
        for (key, folder) in [
            ("shared_folder", &raw.shared_folder),
            ("relay_folder", &raw.relay_folder),
        ] {
            let Some(f) = folder else { continue };
            let v = f.get_ref().trim();
            if !is_full_folder(v) {
                return Err(at(
                    f.span(),
                    format!("{key} must be a full folder path such as \"\\\\nas\\onshi\" or \"/mnt/onshi\""),
                ));
            }
        }
        Ok(Policy {
            prefecture,
            facility: raw.facility,
            services,
            feed,
            autostart: raw.autostart,
            opening_hours: raw.opening_hours,
            banner: raw.banner,
            remind_every_minutes: raw.remind_every_minutes.map(Spanned::into_inner),
            shared_folder: raw.shared_folder.map(|f| f.into_inner().trim().to_string()),
            relay_folder: raw.relay_folder.map(|f| f.into_inner().trim().to_string()),
            locked: raw.locked.into_iter().collect(),
            service_defs,
            origin: origin.to_string(),
        })
    }

    /// Whether staff may not change `setting`.
    pub fn is_locked(&self, setting: Setting) -> bool {
        self.locked.contains(&setting)
    }

    /// The feed's trusted keys.
    pub fn feed_keys(&self) -> TrustedKeys {
        let mut keys = TrustedKeys::default();
        for k in self.feed.iter().flat_map(|f| &f.keys) {
            // Checked when the policy was parsed.
            let _ = keys.add(k);
        }
        keys
    }
}
