//! The machine-wide policy in the app: laid over the user's settings at start, and what
//! it locks against changes from the settings form.
//!
//! A value the policy sets and locks is always used. A value it sets without locking is
//! a default: it fills in what staff have not chosen, and staff may change it.

use onshi::policy::{self, Loaded, Policy, Setting};
use onshi::Lang;
use serde::Serialize;

use crate::settings::Settings;

/// The policy the app runs under (none when there is no policy file or it is broken).
#[derive(Debug, Clone, Default)]
pub struct AppPolicy {
    /// The usable policy, if any.
    pub policy: Option<Policy>,
    /// A policy file that could not be used, named `FILE:LINE:COLUMN: what`, for the window.
    pub problem: Option<String>,
}

/// Which settings staff may not change, for the settings form.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Locks {
    pub prefecture: bool,
    pub facility: bool,
    pub services: bool,
    pub feed: bool,
    pub autostart: bool,
    pub opening_hours: bool,
    pub banner: bool,
    pub shared_folder: bool,
    pub relay_folder: bool,
}

impl AppPolicy {
    /// The clinic's own services the policy defines (`[[service]]`), for reading notices.
    pub fn services(&self) -> onshi::service::ServiceRegistry {
        self.policy
            .as_ref()
            .map(|p| p.service_defs.clone())
            .unwrap_or_default()
    }

    /// Reads the policy at [`policy::default_path`] (`ONSHI_WATCH_POLICY` overrides it).
    pub fn load() -> AppPolicy {
        AppPolicy::from_loaded(Policy::load(&policy::default_path()))
    }

    /// From what [`Policy::load`] found.
    pub fn from_loaded(loaded: Loaded) -> AppPolicy {
        match loaded {
            Loaded::Absent => AppPolicy::default(),
            Loaded::Policy(p) => AppPolicy {
                policy: Some(p),
                problem: None,
            },
            Loaded::Broken(e) => AppPolicy {
                policy: None,
                problem: Some(format!(
                    "管理者ポリシーのファイルに誤りがあるため使っていません（この PC の設定で動いています） / The policy file is ignored: {e}"
                )),
            },
        }
    }

    /// Whether staff may not change `setting`.
    pub fn locked(&self, setting: Setting) -> bool {
        self.policy.as_ref().is_some_and(|p| p.is_locked(setting))
    }

    /// Whether the policy sets the feed and its keys and locks them: the keys are pinned,
    /// and a next key the feed names is never taken (`docs/feed.md`, "Rotating the key").
    pub fn pins_feed_keys(&self) -> bool {
        self.locked(Setting::Feed) && self.policy.as_ref().is_some_and(|p| p.feed.is_some())
    }

    /// The locks, for the settings form.
    pub fn locks(&self) -> Locks {
        Locks {
            prefecture: self.locked(Setting::Prefecture),
            facility: self.locked(Setting::Facility),
            services: self.locked(Setting::Services),
            feed: self.locked(Setting::Feed),
            autostart: self.locked(Setting::Autostart),
            opening_hours: self.locked(Setting::OpeningHours),
            banner: self.locked(Setting::Banner),
            shared_folder: self.locked(Setting::SharedFolder),
            relay_folder: self.locked(Setting::RelayFolder),
        }
    }

    /// `settings` under the policy: locked values replaced, unset ones filled in.
    pub fn apply(&self, settings: &mut Settings) {
        let Some(p) = &self.policy else { return };
        let take =
            |setting: Setting, unset: bool, given: bool| p.is_locked(setting) || (unset && given);
        if take(
            Setting::Prefecture,
            settings.prefecture.is_none(),
            p.prefecture.is_some(),
        ) {
            settings.prefecture = p.prefecture.map(|p| p.code());
        }
        if take(
            Setting::Facility,
            settings.facility.is_none(),
            p.facility.is_some(),
        ) {
            settings.facility = p.facility;
        }
        if take(
            Setting::Services,
            settings.services.is_empty(),
            p.services.is_some(),
        ) {
            settings.services = p.services.clone().unwrap_or_default();
        }
        if take(Setting::Feed, settings.feed_url.is_none(), p.feed.is_some()) {
            settings.feed_url = p.feed.as_ref().map(|f| f.url.clone());
            settings.feed_keys = p.feed.as_ref().map(|f| f.keys.clone()).unwrap_or_default();
        }
        if take(
            Setting::Autostart,
            settings.autostart.is_none(),
            p.autostart.is_some(),
        ) {
            // Locked without a value: on, as an installed app starts.
            settings.autostart = Some(p.autostart.unwrap_or(true));
        }
        if take(
            Setting::Banner,
            settings.banner.is_none() && settings.remind_every_minutes.is_none(),
            p.banner.is_some() || p.remind_every_minutes.is_some(),
        ) {
            settings.banner = p.banner;
            settings.remind_every_minutes = p.remind_every_minutes;
        }
        if take(
            Setting::SharedFolder,
            settings.shared_folder.is_none(),
            p.shared_folder.is_some(),
        ) {
            settings.shared_folder = p.shared_folder.clone();
        }
        if take(
            Setting::RelayFolder,
            settings.relay_folder.is_none(),
            p.relay_folder.is_some(),
        ) {
            settings.relay_folder = p.relay_folder.clone();
        }
        if take(
            Setting::OpeningHours,
            settings.opening_hours.is_none(),
            p.opening_hours.is_some(),
        ) {
            // Locked without a value: the facility type's usual hours.
            settings.opening_hours = p.opening_hours.clone();
        }
    }

    /// Refuses a change to a locked setting, naming it.
    ///
    /// # Errors
    /// One line per the first locked setting `new` changes.
    pub fn check(&self, old: &Settings, new: &Settings, lang: Lang) -> Result<(), String> {
        let changed = [
            (
                Setting::Prefecture,
                old.prefecture != new.prefecture,
                "都道府県",
                "the prefecture",
            ),
            (
                Setting::Facility,
                old.facility != new.facility,
                "施設の種類",
                "the facility type",
            ),
            (
                Setting::Services,
                old.services != new.services,
                "サービス",
                "the services",
            ),
            (
                Setting::Feed,
                old.feed_url != new.feed_url || old.feed_keys != new.feed_keys,
                "フィード",
                "the feed",
            ),
            (
                Setting::Autostart,
                old.starts_at_login() != new.starts_at_login(),
                "ログイン時の起動",
                "start at login",
            ),
            (
                Setting::Banner,
                old.banner != new.banner || old.remind_every_minutes != new.remind_every_minutes,
                "バナーの設定",
                "the banner settings",
            ),
            (
                Setting::SharedFolder,
                old.shared_folder != new.shared_folder,
                "共有フォルダ",
                "the shared folder",
            ),
            (
                Setting::RelayFolder,
                old.relay_folder != new.relay_folder,
                "中継フォルダ",
                "the relay folder",
            ),
            (
                Setting::OpeningHours,
                old.opening_hours != new.opening_hours,
                "受付時間",
                "the opening hours",
            ),
        ];
        for (setting, differs, ja, en) in changed {
            if differs && self.locked(setting) {
                return Err(match lang {
                    Lang::Ja => format!("{ja}は管理者が設定しているため変更できません。"),
                    Lang::En => {
                        format!("{en} is set by your administrator and cannot be changed here.")
                    }
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn under(text: &str) -> AppPolicy {
        AppPolicy::from_loaded(Loaded::Policy(Policy::parse(text, "policy.toml").unwrap()))
    }

    #[test]
    fn the_policys_opening_hours_fill_in_and_when_locked_cannot_be_changed() {
        let hours = "opening_hours = { weekdays = \"8:30-17:30\" }\n";
        let mut mine = Settings {
            opening_hours: Some("9:00-18:00".parse().unwrap()),
            ..Settings::default()
        };
        // A default: staff's own hours stay, unset ones are filled in.
        let default = under(hours);
        default.apply(&mut mine);
        assert_eq!(mine.opening_hours().to_string(), "weekdays=9:00-18:00");
        let mut unset = Settings::default();
        default.apply(&mut unset);
        assert_eq!(unset.opening_hours().to_string(), "weekdays=8:30-17:30");
        // Locked: the policy's, and a change is refused by name.
        let locked = under(&format!("locked = [\"opening_hours\"]\n{hours}"));
        locked.apply(&mut mine);
        assert_eq!(mine.opening_hours().to_string(), "weekdays=8:30-17:30");
        assert!(locked.locks().opening_hours);
        let changed = Settings {
            opening_hours: None,
            ..mine.clone()
        };
        let err = locked.check(&mine, &changed, Lang::Ja).unwrap_err();
        assert_eq!(err, "受付時間は管理者が設定しているため変更できません。");
    }

    #[test]
    fn the_policys_banner_and_shared_folder_fill_in_and_when_locked_cannot_be_changed() {
        let text =
            "banner = { end = false }\nremind_every_minutes = 10\nshared_folder = \"/mnt/onshi\"\n";
        // Not locked: defaults for what staff have not chosen.
        let mut s = Settings::default();
        under(text).apply(&mut s);
        assert!(!s.banner_events().end && s.banner_events().start);
        assert_eq!(s.remind_every().minutes(), 10);
        assert_eq!(s.shared_folder.as_deref(), Some("/mnt/onshi"));
        let mut mine = Settings {
            shared_folder: Some("/srv/own".into()),
            ..Settings::default()
        };
        under(text).apply(&mut mine);
        assert_eq!(mine.shared_folder.as_deref(), Some("/srv/own"));
        // Locked: the policy's, and a change is refused by name.
        let locked = under(&format!("{text}locked = [\"banner\", \"shared_folder\"]\n"));
        locked.apply(&mut mine);
        assert_eq!(mine.shared_folder.as_deref(), Some("/mnt/onshi"));
        let changed = Settings {
            remind_every_minutes: Some(2),
            ..mine.clone()
        };
        let e = locked.check(&mine, &changed, Lang::Ja).unwrap_err();
        assert!(e.contains("バナーの設定"), "{e}");
        // A bad interval or a relative folder is refused with its place.
        let bad = Policy::parse("remind_every_minutes = 0\n", "policy.toml").unwrap_err();
        assert_eq!((bad.line, bad.column), (1, 24), "{bad}");
        let bad = Policy::parse("shared_folder = \"onshi\"\n", "policy.toml").unwrap_err();
        assert!(bad.to_string().contains("full folder path"), "{bad}");
    }

    #[test]
    fn the_policys_relay_folder_fills_in_and_when_locked_cannot_be_changed() {
        let text = "relay_folder = \"/mnt/onshi-feed\"\n";
        let mut s = Settings::default();
        under(text).apply(&mut s);
        assert_eq!(s.relay_folder.as_deref(), Some("/mnt/onshi-feed"));
        let mut mine = Settings {
            relay_folder: Some("/srv/own".into()),
            ..Settings::default()
        };
        under(text).apply(&mut mine);
        assert_eq!(mine.relay_folder.as_deref(), Some("/srv/own"));
        let locked = under(&format!("{text}locked = [\"relay_folder\"]\n"));
        locked.apply(&mut mine);
        assert_eq!(mine.relay_folder.as_deref(), Some("/mnt/onshi-feed"));
        assert!(locked.locks().relay_folder);
        let changed = Settings {
            relay_folder: None,
            ..mine.clone()
        };
        let e = locked.check(&mine, &changed, Lang::En).unwrap_err();
        assert!(e.contains("the relay folder"), "{e}");
        let bad = Policy::parse("relay_folder = \"feed\"\n", "policy.toml").unwrap_err();
        assert!(
            bad.to_string()
                .contains("relay_folder must be a full folder path"),
            "{bad}"
        );
    }

    #[test]
    fn only_a_locked_feed_the_policy_sets_pins_its_keys() {
        let feed = "[feed]\nurl = \"https://a.example/feed.toml\"\nkeys = [\"RWSJ+0QmzDfs6Uj7RZ8b6p+qYzCI0ttvfICUUSFGWqFH9NHTMqco4etJ\"]\n";
        assert!(!under(feed).pins_feed_keys());
        assert!(under(&format!("locked = [\"feed\"]\n{feed}")).pins_feed_keys());
        assert!(!under("locked = [\"feed\"]\n").pins_feed_keys());
    }
}
