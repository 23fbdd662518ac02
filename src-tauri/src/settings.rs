//! What staff chose, kept in `settings.toml` in the OS config folder.
//!
//! Written atomically (a temporary file, then a rename), so a crash or power cut
//! leaves the old file or the new one, never half of one. A file that cannot be read
//! is moved aside under a new name, never deleted, and the app runs on defaults.

use std::path::{Path, PathBuf};

use onshi::{Facility, Lang, Prefecture, Reminders};
use serde::{Deserialize, Serialize};

pub const FILE_NAME: &str = "settings.toml";

/// The settings as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// JIS code of the clinic's prefecture; `None` until staff choose one.
    pub prefecture: Option<u8>,
    /// 医科・歯科・薬局: which steps apply; `None` until chosen (then every step shows).
    pub facility: Option<Facility>,
    pub lang: Lang,
    /// Reminder leads before a window starts, in minutes.
    pub reminders_minutes: Vec<u32>,
    pub autostart: bool,
    /// The services whose windows go into the calendar (`oqs`, `erx`, …); empty: all.
    pub services: Vec<String>,
    /// The notice feed: an `https://` or `http://` URL, or a folder or file path (a file
    /// share); `None`: no feed.
    pub feed_url: Option<String>,
    /// The feed's public keys, each the base64 line of a `feed.pub` file.
    pub feed_keys: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            prefecture: None,
            facility: None,
            lang: Lang::Ja,
            reminders_minutes: Reminders::default().minutes(),
            autostart: false,
            services: Vec::new(),
            feed_url: None,
            feed_keys: Vec::new(),
        }
    }
}

impl Settings {
    pub fn prefecture(&self) -> Option<Prefecture> {
        self.prefecture.and_then(Prefecture::from_code)
    }

    pub fn reminders(&self) -> Reminders {
        Reminders::from_minutes(&self.reminders_minutes).unwrap_or_default()
    }

    /// Checks what a user or a file may have put in.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(code) = self.prefecture {
            Prefecture::from_code(code).ok_or_else(|| {
                format!("prefecture {code} is not a JIS code 1–47 (都道府県コードは1〜47です)")
            })?;
        }
        Reminders::from_minutes(&self.reminders_minutes)?;
        if let Some(bad) = self
            .services
            .iter()
            .find(|s| !onshi::ics::SERVICES.contains(&s.as_str()))
        {
            return Err(format!(
                "不明なサービスです / unknown service {bad:?}: use one of {}",
                onshi::ics::SERVICES.join(", ")
            ));
        }
        if let Some(url) = &self.feed_url {
            check_feed_url(url)?;
            crate::feed_sync::feed(url, &self.feed_keys)?;
        } else if !self.feed_keys.is_empty() {
            crate::feed_sync::feed("", &self.feed_keys)?;
        }
        Ok(())
    }
}

/// A feed location staff may enter: an http(s) URL, a `file://` URL, or a full path
/// (a relative one would depend on the folder the app happened to start in).
fn check_feed_url(url: &str) -> Result<(), String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    let ok = if let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        !rest.is_empty() && !rest.starts_with('/') && !u.contains(char::is_whitespace)
    } else {
        lower.starts_with("file://")
            || Path::new(u).is_absolute()
            // A Windows share or drive path, also when checked on another OS.
            || u.starts_with("\\\\")
            || (u.len() > 2 && u.as_bytes()[1] == b':' && u.as_bytes()[0].is_ascii_alphabetic())
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "フィードの場所は https:// か http:// で始まる URL、またはフォルダのフルパスで指定してください / the feed must be an http(s) URL or a full folder path: {u:?}"
        ))
    }
}

/// The result of reading the settings at start-up.
#[derive(Debug)]
pub struct Loaded {
    pub settings: Settings,
    /// Set when the file was broken: where it was moved and why, for the window to show.
    pub problem: Option<String>,
}

/// Reads `dir/settings.toml`. Missing: defaults. Broken: moved aside, defaults, and a
/// problem that names the new file.
pub fn load(dir: &Path) -> Loaded {
    let path = dir.join(FILE_NAME);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Loaded {
                settings: Settings::default(),
                problem: None,
            }
        }
        Err(e) => return set_aside(&path, &format!("cannot read it: {e}")),
    };
    let parsed = toml::from_str::<Settings>(&text)
        .map_err(|e| {
            e.message()
                .lines()
                .next()
                .unwrap_or("invalid TOML")
                .to_string()
        })
        .and_then(|s| s.validate().map(|()| s));
    match parsed {
        Ok(settings) => Loaded {
            settings,
            problem: None,
        },
        Err(why) => set_aside(&path, &why),
    }
}

fn set_aside(path: &Path, why: &str) -> Loaded {
    let stamp = chrono::Local::now().format("%Y%m%dT%H%M%S");
    let aside = path.with_file_name(format!("settings.broken-{stamp}.toml"));
    let problem = match std::fs::rename(path, &aside) {
        Ok(()) => format!(
            "設定ファイルが壊れていたため退避し、初期設定で動いています。設定し直してください。退避先: {} （{why}） / The settings file was broken ({why}); it was moved to {} and defaults are used.",
            aside.display(),
            aside.display()
        ),
        Err(e) => format!(
            "設定ファイルを読めません: {} （{why}） / Cannot read the settings file {} ({why}); it could not be moved aside either ({e}). Defaults are used.",
            path.display(),
            path.display()
        ),
    };
    Loaded {
        settings: Settings::default(),
        problem: Some(problem),
    }
}

/// Writes `dir/settings.toml` atomically, creating `dir` if needed.
pub fn save(dir: &Path, settings: &Settings) -> std::io::Result<PathBuf> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let path = dir.join(FILE_NAME);
    let tmp = dir.join(format!(".{FILE_NAME}.tmp"));
    let text = toml::to_string_pretty(settings).map_err(std::io::Error::other)?;
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, &path)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_through_a_real_file() {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings {
            prefecture: Some(40),
            facility: Some(Facility::Pharmacy),
            lang: Lang::En,
            reminders_minutes: vec![120, 5],
            autostart: true,
            services: vec!["oqs".into(), "erx".into()],
            feed_url: Some("https://intranet.example/onshi/feed.toml".into()),
            feed_keys: vec!["RWSJ+0QmzDfs6Uj7RZ8b6p+qYzCI0ttvfICUUSFGWqFH9NHTMqco4etJ".into()],
        };
        save(dir.path(), &s).unwrap();
        let loaded = load(dir.path());
        assert_eq!(loaded.settings, s);
        assert!(loaded.problem.is_none());
    }

    #[test]
    fn missing_file_gives_defaults_without_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = load(dir.path());
        assert_eq!(loaded.settings, Settings::default());
        assert!(loaded.problem.is_none());
    }

    #[test]
    fn broken_file_is_moved_aside_with_its_bytes_intact() {
        let dir = tempfile::tempdir().unwrap();
        let garbage = "prefecture = [[[ not toml";
        std::fs::write(dir.path().join(FILE_NAME), garbage).unwrap();
        let loaded = load(dir.path());
        assert_eq!(loaded.settings, Settings::default());
        let problem = loaded.problem.unwrap();
        assert!(problem.contains("settings.broken-"), "{problem}");
        assert!(!dir.path().join(FILE_NAME).exists());
        let aside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains("settings.broken-"))
            .collect();
        assert_eq!(aside.len(), 1);
        assert_eq!(std::fs::read_to_string(&aside[0]).unwrap(), garbage);
    }

    #[test]
    fn unknown_prefecture_code_counts_as_broken() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "prefecture = 99\n").unwrap();
        let loaded = load(dir.path());
        assert!(loaded.problem.unwrap().contains("1–47"));
    }
}
