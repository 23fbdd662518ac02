//! What staff chose, kept in `settings.toml` in the OS config folder.
//!
//! Written atomically (a temporary file, then a rename), so a crash or power cut
//! leaves the old file or the new one, never half of one. A file that cannot be read
//! is moved aside under a new name, never deleted, and the app runs on defaults.

use std::path::{Path, PathBuf};

use onshi::opening_hours::OpeningHours;
use onshi::span::line_column;
use onshi::{Facility, Lang, Prefecture, Reminders};
use serde::{Deserialize, Serialize};

pub const FILE_NAME: &str = crate::paths::SETTINGS_FILE;

/// The settings as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// JIS code of the clinic's prefecture; `None` until staff choose one.
    pub prefecture: Option<u8>,
    /// 医科・歯科・薬局: which steps apply; `None` until chosen (then every step shows).
    pub facility: Option<Facility>,
    /// Whether the facility uses electronic prescriptions; `None`: as its type suggests.
    pub erx: Option<bool>,
    pub lang: Lang,
    /// Reminder leads before a window starts, in minutes.
    pub reminders_minutes: Vec<u32>,
    /// Start at login; `None` until staff (or the policy) choose: then on, for an app
    /// that is to warn on the first morning after a reboot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub autostart: Option<bool>,
    /// The services whose windows go into the calendar (`oqs`, `erx`, …); empty: all.
    pub services: Vec<String>,
    /// The notice feed: an `https://` or `http://` URL, or a folder or file path (a file
    /// share); `None`: no feed.
    pub feed_url: Option<String>,
    /// The feed's public keys, each the base64 line of a `feed.pub` file.
    pub feed_keys: Vec<String>,
    /// This PC's name at the counter (「受付2」), which an acknowledgement names; `None`:
    /// the computer's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pc_label: Option<String>,
    /// A folder every reception PC can write (a file share): each writes there what it
    /// acknowledged and reads the others'. `None`: this PC alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared_folder: Option<String>,
    /// One PC fetches for the clinic: a folder (a file share) this PC writes each feed
    /// bundle it verified into, with its signature, for the clinic's other PCs to follow as
    /// their feed. `None`: no relay.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relay_folder: Option<String>,
    /// How often an unacknowledged banner is raised again, in minutes (1–60); `None`: 5.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remind_every_minutes: Option<u32>,
    /// Which events raise the banner; `None`: all four (start, end, revisions, the last
    /// reminder of a full outage).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub banner: Option<onshi::banner::BannerEvents>,
    /// 受付時間: when the reminder 「本日の受付終了前に」 comes; `None`: the facility type's
    /// usual hours ([`OpeningHours::default_for`]; 医科's when no type is chosen).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opening_hours: Option<OpeningHours>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            prefecture: None,
            facility: None,
            erx: None,
            lang: Lang::Ja,
            reminders_minutes: Reminders::default().minutes(),
            autostart: None,
            services: Vec::new(),
            feed_url: None,
            feed_keys: Vec::new(),
            pc_label: None,
            shared_folder: None,
            relay_folder: None,
            remind_every_minutes: None,
            banner: None,
            opening_hours: None,
        }
    }
}

impl Settings {
    pub fn prefecture(&self) -> Option<Prefecture> {
        self.prefecture.and_then(Prefecture::from_code)
    }

    /// How often an unacknowledged banner is raised again.
    pub fn remind_every(&self) -> onshi::banner::RemindEvery {
        self.remind_every_minutes
            .and_then(|m| onshi::banner::RemindEvery::from_minutes(m).ok())
            .unwrap_or_default()
    }

    /// Which events raise the banner.
    pub fn banner_events(&self) -> onshi::banner::BannerEvents {
        self.banner.unwrap_or_default()
    }

    /// The label acknowledgements of this PC carry: as set, else the computer's name.
    pub fn pc_label(&self) -> String {
        self.pc_label
            .clone()
            .filter(|l| !l.trim().is_empty())
            .unwrap_or_else(onshi::ack::default_label)
    }

    /// Whether the app starts at login: as chosen, on when nobody chose.
    pub fn starts_at_login(&self) -> bool {
        self.autostart.unwrap_or(true)
    }

    /// The reminder leads, and the reminder before closing time by the opening hours.
    pub fn reminders(&self) -> Reminders {
        Reminders::from_minutes(&self.reminders_minutes)
            .unwrap_or_default()
            .with_opening_hours(self.opening_hours())
    }

    /// The opening hours as set, or the facility type's usual ones (a clinic's when no
    /// type is chosen: the reminder in opening hours is for every desk).
    pub fn opening_hours(&self) -> OpeningHours {
        self.opening_hours
            .clone()
            .unwrap_or_else(|| OpeningHours::default_for(self.facility.unwrap_or(Facility::Clinic)))
    }

    /// Checks what a user or a file may have put in.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(code) = self.prefecture {
            Prefecture::from_code(code).ok_or_else(|| {
                format!("prefecture {code} is not a JIS code 1–47 (都道府県コードは1〜47です)")
            })?;
        }
        Reminders::from_minutes(&self.reminders_minutes).map_err(|e| e.to_string())?;
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
        if let Some(f) = &self.relay_folder {
            if !onshi::policy::is_full_folder(f) {
                return Err(format!(
                    "中継フォルダはフォルダのフルパスで指定してください / the relay folder must be a full folder path such as \"\\\\nas\\onshi-feed\": {f:?}"
                ));
            }
        }
        Ok(())
    }
}

/// A feed location staff may enter: an http(s) URL, a `file://` URL, or a full path
/// (a relative one would depend on the folder the app happened to start in); several,
/// one per line or separated by `|` (mirrors, tried all, the newest bundle wins).
fn check_feed_url(url: &str) -> Result<(), String> {
    url.split(['|', '\n'])
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .try_for_each(check_one_feed_url)
}

fn check_one_feed_url(u: &str) -> Result<(), String> {
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

/// Reads `dir/settings.toml`. Missing: defaults. Partly wrong (an unknown key, a bad
/// value, a typo in the syntax): what is valid is used, each wrong place is named as
/// FILE:LINE:COLUMN, the original is moved aside and the valid part written back. Not
/// readable at all (not UTF-8, not a regular file, too large): moved aside, defaults.
pub fn load(dir: &Path) -> Loaded {
    let path = dir.join(FILE_NAME);
    let text = match onshi::read::read_text(&path, onshi::read::MAX_BYTES) {
        Ok(t) => t,
        Err(onshi::read::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return Loaded {
                settings: Settings::default(),
                problem: None,
            }
        }
        Err(e) => return set_aside(&path, &e.to_string()),
    };
    let (settings, wrong) = parse_lenient(&text, &path.display().to_string());
    if wrong.is_empty() {
        return Loaded {
            settings,
            problem: None,
        };
    }
    let why = wrong.join("; ");
    if settings == Settings::default() {
        return set_aside(&path, &why);
    }
    let aside = aside_name(&path);
    let kept = match std::fs::rename(&path, &aside) {
        Ok(()) => match save(dir, &settings) {
            Ok(_) => format!("元のファイルは {} に残しました / the original is kept as {}", aside.display(), aside.display()),
            Err(e) => format!(
                "元のファイルは {} に残しましたが、直した設定を保存できません（{e}） / the original is kept as {}; the corrected settings could not be saved ({e})",
                aside.display(),
                aside.display()
            ),
        },
        Err(e) => format!(
            "元のファイルはそのままです（退避できません: {e}） / the file was left as it is (it could not be moved aside: {e})"
        ),
    };
    Loaded {
        problem: Some(format!(
            "設定ファイルの一部を使えません。正しい設定（都道府県など）はそのまま使っています。直してください: {why}。{kept} / Part of the settings file is wrong ({why}); the valid settings are in use."
        )),
        settings,
    }
}

/// Settings from `text`, taking each key that is valid; the rest as `FILE:LINE:COLUMN: what`.
pub fn parse_lenient(text: &str, file: &str) -> (Settings, Vec<String>) {
    use toml::de::{DeTable, DeValue};
    let at = |span: Option<std::ops::Range<usize>>, what: String| {
        let (line, column) = line_column(text, span.map_or(0, |s| s.start));
        format!("{file}:{line}:{column}: {what}")
    };
    let (table, errors) = DeTable::parse_recoverable(text);
    let mut wrong: Vec<String> = errors
        .iter()
        .map(|e| {
            let first = e.message().lines().next().unwrap_or("invalid TOML");
            at(e.span(), first.to_string())
        })
        .collect();
    // A value on a line with a syntax error is not trusted, even if the parser recovered
    // one (`prefecture = "福岡` unterminated): it is named above and left at its default.
    let bad_lines: Vec<usize> = errors
        .iter()
        .map(|e| line_column(text, e.span().map_or(0, |s| s.start)).0)
        .collect();
    let mut s = Settings::default();
    for (key, value) in table.get_ref().iter() {
        let first = line_column(text, key.span().start).0;
        let last = line_column(text, value.span().end.saturating_sub(1)).0;
        if bad_lines.iter().any(|l| (first..=last).contains(l)) {
            continue;
        }
        let span = Some(value.span());
        let v = value.get_ref();
        let int = |v: &DeValue| {
            v.as_integer()
                .and_then(|i| i64::from_str_radix(i.as_str(), i.radix()).ok())
        };
        match key.get_ref().as_ref() {
            "prefecture" => {
                // Any spelling a notice accepts: 40, "40", "福岡", "福岡県", "fukuoka".
                let text = match (int(v), v.as_str()) {
                    (Some(n), _) => Some(n.to_string()),
                    (None, Some(t)) => Some(t.to_string()),
                    _ => None,
                };
                match text.map(|t| Prefecture::parse(&t)) {
                    Some(Ok(p)) => s.prefecture = Some(p.code()),
                    Some(Err(e)) => wrong.push(at(span, e.to_string())),
                    None => wrong.push(at(
                        span,
                        format!(
                            "prefecture must be a code or a name such as 40 or \"福岡\", not {}",
                            v.type_str()
                        ),
                    )),
                }
            }
            "lang" => match v.as_str() {
                Some("ja") => s.lang = Lang::Ja,
                Some("en") => s.lang = Lang::En,
                _ => wrong.push(at(span, "lang must be \"ja\" or \"en\"".into())),
            },
            "reminders_minutes" => {
                let list: Option<Vec<u32>> = v.as_array().and_then(|a| {
                    a.iter()
                        .map(|x| int(x.get_ref()).and_then(|n| u32::try_from(n).ok()))
                        .collect()
                });
                match list.map(|l| Reminders::from_minutes(&l).map(|_| l)) {
                    Some(Ok(l)) => s.reminders_minutes = l,
                    Some(Err(e)) => wrong.push(at(span, e.to_string())),
                    None => wrong.push(at(
                        span,
                        "reminders_minutes must be a list of minutes such as [1440, 60, 10]".into(),
                    )),
                }
            }
            "autostart" => match v.as_bool() {
                Some(b) => s.autostart = Some(b),
                None => wrong.push(at(span, "autostart must be true or false".into())),
            },
            "facility" => match v.as_str().map(str::parse::<Facility>) {
                Some(Ok(f)) => s.facility = Some(f),
                _ => wrong.push(at(
                    span,
                    "facility must be \"clinic\" (医科), \"dental\" (歯科) or \"pharmacy\" (薬局)".into(),
                )),
            },
            "erx" => match v.as_bool() {
                Some(b) => s.erx = Some(b),
                None => wrong.push(at(span, "erx must be true or false".into())),
            },
            "services" => match strings(v) {
                Some(list) => s.services = list,
                None => wrong.push(at(span, "services must be a list such as [\"oqs\", \"erx\"]".into())),
            },
            "feed_url" => match v.as_str() {
                Some(u) => s.feed_url = Some(u.to_string()),
                None => wrong.push(at(span, "feed_url must be text such as \"https://…/notices.bundle\"".into())),
            },
            "feed_keys" => match strings(v) {
                Some(list) => s.feed_keys = list,
                None => wrong.push(at(span, "feed_keys must be a list of public keys (the text of feed.pub)".into())),
            },
            "pc_label" => match v.as_str().map(str::trim) {
                Some(l) if !l.is_empty() && l.chars().count() <= 32 => {
                    s.pc_label = Some(l.to_string())
                }
                _ => wrong.push(at(span, "pc_label must be a short name such as \"受付2\"".into())),
            },
            "shared_folder" => match v.as_str().map(str::trim) {
                Some(f) if onshi::policy::is_full_folder(f) => {
                    s.shared_folder = Some(f.to_string())
                }
                _ => wrong.push(at(
                    span,
                    "shared_folder must be a full folder path such as \"\\\\nas\\onshi\" or \"/mnt/onshi\"".into(),
                )),
            },
            "relay_folder" => match v.as_str().map(str::trim) {
                Some(f) if onshi::policy::is_full_folder(f) => {
                    s.relay_folder = Some(f.to_string())
                }
                _ => wrong.push(at(
                    span,
                    "relay_folder must be a full folder path such as \"\\\\nas\\onshi-feed\" or \"/mnt/onshi-feed\"".into(),
                )),
            },
            "remind_every_minutes" => match int(v)
                .and_then(|n| u32::try_from(n).ok())
                .map(onshi::banner::RemindEvery::from_minutes)
            {
                Some(Ok(r)) => s.remind_every_minutes = Some(r.minutes()),
                Some(Err(e)) => wrong.push(at(span, format!("remind_every_minutes: {e}"))),
                None => wrong.push(at(span, "remind_every_minutes must be minutes such as 5".into())),
            },
            "banner" => match banner_events(v) {
                Ok(b) => s.banner = Some(b),
                Err(e) => wrong.push(at(span, e)),
            },
            "opening_hours" => match opening_hours(v) {
                Ok(h) => s.opening_hours = Some(h),
                // The entry at fault, or the whole value when it is not text or a table.
                Err((inner, e)) => wrong.push(at(inner.or(span), e)),
            },
            other => wrong.push(at(
                Some(key.span()),
                format!(
                    "unknown key `{other}`: the keys are prefecture, facility, erx, services, feed_url, feed_keys, lang, reminders_minutes, opening_hours, autostart, pc_label, shared_folder, relay_folder, remind_every_minutes, banner"
                ),
            )),
        }
    }
    (s, wrong)
}

/// `banner = { start = true, end = false, change = true, full_outage_last_reminder = true }`:
/// each key true or false, a missing one on.
fn banner_events(v: &toml::de::DeValue) -> Result<onshi::banner::BannerEvents, String> {
    let wrong = || {
        "banner must be a table such as { start = true, end = false, change = true, full_outage_last_reminder = true }".to_string()
    };
    let table = v.as_table().ok_or_else(wrong)?;
    let mut b = onshi::banner::BannerEvents::default();
    for (k, x) in table.iter() {
        let on = x.get_ref().as_bool().ok_or_else(wrong)?;
        match k.get_ref().as_ref() {
            "start" => b.start = on,
            "end" => b.end = on,
            "change" => b.change = on,
            "full_outage_last_reminder" => b.full_outage_last_reminder = on,
            _ => return Err(wrong()),
        }
    }
    Ok(b)
}

/// `opening_hours = "9:00-18:00"` or `opening_hours = { weekdays = "9:00-18:00", … }`;
/// on an error, the span of the entry at fault (if it is one entry) and what is wrong.
#[allow(clippy::type_complexity)]
fn opening_hours(
    v: &toml::de::DeValue,
) -> Result<OpeningHours, (Option<std::ops::Range<usize>>, String)> {
    if let Some(text) = v.as_str() {
        return text
            .parse()
            .map_err(|e: onshi::opening_hours::OpeningHoursError| (None, e.to_string()));
    }
    let Some(table) = v.as_table() else {
        return Err((
            None,
            "opening_hours must be a table such as { weekdays = \"9:00-18:00\", saturday = \"9:00-13:00\" }".into(),
        ));
    };
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for (k, value) in table.iter() {
        let Some(text) = value.get_ref().as_str() else {
            return Err((
                Some(value.span()),
                format!(
                    "opening_hours.{} must be text such as \"9:00-18:00\" or \"closed\"",
                    k.get_ref()
                ),
            ));
        };
        // Each entry alone first, so an error names its own line.
        OpeningHours::from_pairs([(k.get_ref().as_ref(), text)])
            .map_err(|e| (Some(value.span()), e.to_string()))?;
        pairs.push((k.get_ref().as_ref(), text));
    }
    OpeningHours::from_pairs(pairs).map_err(|e| (None, e.to_string()))
}

fn aside_name(path: &Path) -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%dT%H%M%S");
    path.with_file_name(format!("settings.broken-{stamp}.toml"))
}

fn set_aside(path: &Path, why: &str) -> Loaded {
    let aside = aside_name(path);
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

/// Writes `dir/settings.toml` atomically, creating `dir` if needed. On failure the
/// saved file is untouched and no temporary file is left behind.
pub fn save(dir: &Path, settings: &Settings) -> std::io::Result<PathBuf> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let path = dir.join(FILE_NAME);
    let tmp = dir.join(format!(".{FILE_NAME}.tmp"));
    let text = toml::to_string_pretty(settings).map_err(std::io::Error::other)?;
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, &path)
    })();
    if let Err(e) = written {
        // A full disk leaves a half-written temporary file: it must not stay behind.
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(path)
}

/// What staff read when saving failed: the folder, and in plain words why.
pub fn save_failure(dir: &Path, e: &std::io::Error) -> String {
    // ENOSPC (Linux, macOS) / ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL (Windows).
    let full = matches!(e.raw_os_error(), Some(28) if cfg!(unix))
        || matches!(e.raw_os_error(), Some(112 | 39) if cfg!(windows));
    // EROFS (30) or permissions.
    let read_only = e.kind() == std::io::ErrorKind::PermissionDenied
        || matches!(e.raw_os_error(), Some(30) if cfg!(unix));
    let (ja, en) = if full {
        ("ディスクがいっぱいです", "the disk is full")
    } else if read_only {
        (
            "フォルダーに書き込めません（読み取り専用）",
            "the folder is read-only",
        )
    } else {
        ("書き込めません", "it cannot be written")
    };
    format!(
        "設定を保存できません: {ja}。前の設定のままです（{}） / Cannot save the settings: {en} ({e}); the saved settings are unchanged in {}",
        dir.display(),
        dir.display()
    )
}

/// A TOML array of strings, or `None` if it is anything else.
fn strings(v: &toml::de::DeValue) -> Option<Vec<String>> {
    v.as_array()?
        .iter()
        .map(|x| x.get_ref().as_str().map(str::to_string))
        .collect()
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
            erx: Some(false),
            lang: Lang::En,
            reminders_minutes: vec![120, 5],
            autostart: Some(true),
            services: vec!["oqs".into(), "erx".into()],
            feed_url: Some("https://intranet.example/onshi/feed.toml".into()),
            feed_keys: vec!["RWSJ+0QmzDfs6Uj7RZ8b6p+qYzCI0ttvfICUUSFGWqFH9NHTMqco4etJ".into()],
            pc_label: Some("受付2".into()),
            shared_folder: Some("/mnt/onshi".into()),
            relay_folder: Some("/mnt/onshi-feed".into()),
            remind_every_minutes: Some(3),
            banner: Some(onshi::banner::BannerEvents {
                end: false,
                ..Default::default()
            }),
            opening_hours: Some(
                "weekdays=9:00-12:30,14:00-18:00; thursday=9:00-12:30"
                    .parse()
                    .unwrap(),
            ),
        };
        save(dir.path(), &s).unwrap();
        let loaded = load(dir.path());
        assert_eq!(loaded.settings, s);
        assert!(loaded.problem.is_none());
    }

    #[test]
    fn opening_hours_are_read_in_both_forms_and_a_bad_one_is_named_by_line() {
        let (s, wrong) = parse_lenient(
            "prefecture = 40\nopening_hours = { weekdays = \"9:00-18:00\", saturday = \"9:00-13:00\", sunday = \"closed\", holidays = \"closed\" }\n",
            "settings.toml",
        );
        assert!(wrong.is_empty(), "{wrong:?}");
        assert_eq!(
            s.opening_hours.unwrap().to_string(),
            "weekdays=9:00-18:00; saturday=9:00-13:00"
        );
        let (s, wrong) = parse_lenient("opening_hours = \"8:30-17:00\"\n", "settings.toml");
        assert!(wrong.is_empty(), "{wrong:?}");
        assert_eq!(s.opening_hours.unwrap().to_string(), "weekdays=8:30-17:00");
        // The entry at fault by its own line and column; the other keys stay in use.
        let text = "prefecture = 40\n[opening_hours]\nweekdays = \"9:00-18:00\"\nsaturday = \"13:00-9:00\"\n";
        let (s, wrong) = parse_lenient(text, "settings.toml");
        assert_eq!(s.prefecture, Some(40));
        assert_eq!(s.opening_hours, None);
        assert_eq!(wrong.len(), 1, "{wrong:?}");
        assert!(
            wrong[0].starts_with(
                "settings.toml:4:12: opening hours: \"13:00-9:00\" closes before it opens"
            ),
            "{wrong:?}"
        );
    }

    #[test]
    fn without_opening_hours_the_facility_types_usual_ones_give_the_reminder_before_closing() {
        let t = |s: &str| onshi::time::parse_instant(s).unwrap();
        let mut s = Settings::default();
        // No type chosen: a clinic's hours, Monday 17:30 for Tuesday's 03:00.
        assert_eq!(
            s.reminders().before_closing(t("2024-12-31T03:00+09:00")),
            Some(t("2024-12-30T17:30+09:00"))
        );
        s.facility = Some(Facility::Dental);
        assert_eq!(
            s.reminders().before_closing(t("2024-12-31T03:00+09:00")),
            Some(t("2024-12-30T18:30+09:00"))
        );
        // Closed all week, as staff may write it: no reminder in opening hours.
        s.opening_hours = Some("closed".parse().unwrap());
        assert_eq!(
            s.reminders().before_closing(t("2024-12-31T03:00+09:00")),
            None
        );
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
    fn one_unknown_key_keeps_the_rest_and_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let original =
            "prefecture = 40\nlang = \"ja\"\nreminder_minutes = [30]\nautostart = false\n";
        std::fs::write(dir.path().join(FILE_NAME), original).unwrap();
        let loaded = load(dir.path());
        assert_eq!(
            loaded.settings.prefecture,
            Some(40),
            "the prefecture stays in use"
        );
        let problem = loaded.problem.unwrap();
        assert!(
            problem.contains("settings.toml:3:1: unknown key `reminder_minutes`"),
            "{problem}"
        );
        // The original is kept aside byte for byte; the valid part is written back.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let aside: Vec<_> = names
            .iter()
            .filter(|n| n.starts_with("settings.broken-"))
            .collect();
        assert_eq!(aside.len(), 1, "{names:?}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(aside[0])).unwrap(),
            original
        );
        assert_eq!(names.len(), 2, "no stray files: {names:?}");
        let again = load(dir.path());
        assert_eq!(again.settings.prefecture, Some(40));
        assert!(again.problem.is_none(), "{:?}", again.problem);
    }

    #[test]
    fn a_prefecture_in_any_spelling_is_accepted() {
        for spelling in ["40", "\"40\"", "\"福岡\"", "\"福岡県\"", "\"fukuoka\""] {
            let (s, wrong) = parse_lenient(&format!("prefecture = {spelling}\n"), "settings.toml");
            assert!(wrong.is_empty(), "{spelling}: {wrong:?}");
            assert_eq!(s.prefecture, Some(40), "{spelling}");
        }
    }

    #[test]
    fn a_syntax_typo_on_one_line_keeps_the_others() {
        let (s, wrong) = parse_lenient(
            "prefecture = \"福岡\"\nlang = \"en\nautostart = true\n",
            "settings.toml",
        );
        assert_eq!(s.prefecture, Some(40));
        assert_eq!(s.autostart, Some(true));
        assert!(
            wrong.iter().any(|w| w.starts_with("settings.toml:2:")),
            "{wrong:?}"
        );
    }

    #[test]
    fn unknown_prefecture_code_counts_as_broken() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "prefecture = 99\n").unwrap();
        let loaded = load(dir.path());
        assert!(loaded.problem.unwrap().contains("1–47"));
    }

    #[test]
    fn a_feed_may_name_mirrors_each_checked() {
        assert!(check_feed_url("https://a.example/feed.toml | \\\\nas\\onshi").is_ok());
        assert!(check_feed_url("https://a.example/feed.toml\n/mnt/share/onshi\n").is_ok());
        let e = check_feed_url("https://a.example/feed.toml | onshi/feed").unwrap_err();
        assert!(e.contains("\"onshi/feed\""), "{e}");
    }
}
