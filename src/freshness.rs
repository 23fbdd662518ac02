//! How fresh the desk's knowledge of notices is, told honestly: when notices were last
//! confirmed, and what the normal state may claim.

use chrono::{Datelike, Duration, Timelike};

use crate::feed::cache::FeedState;
use crate::lang::Lang;
use crate::time::{self, Instant};
use crate::window::State;

/// After this long without reaching the feed, the normal state no longer says a bare
/// 「通常どおり」.
pub const STALE_AFTER: Duration = Duration::hours(48);

/// How current the notices are at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// No feed is configured: notices come only from files someone put there.
    NoFeed,
    /// The feed was reached (and its bundle accepted) within [`STALE_AFTER`].
    Fresh {
        /// When the feed was last reached.
        confirmed: Instant,
    },
    /// The feed has not been reached for [`STALE_AFTER`], or never.
    Stale {
        /// When the feed was last reached, if ever.
        confirmed: Option<Instant>,
    },
    /// The bundle in use is past the `expires` its publisher signed: however recently it
    /// was fetched, its notices may be out of date (a frozen publisher, a stale mirror, the
    /// newest bundle replayed).
    Expired {
        /// When the feed was last reached.
        confirmed: Option<Instant>,
        /// The bundle's signed `expires`.
        valid_until: Instant,
    },
}

impl Freshness {
    /// Works out freshness at app-clock instant `now` from the feed's remembered state.
    pub fn new(feed_configured: bool, state: &FeedState, now: Instant) -> Freshness {
        if !feed_configured {
            return Freshness::NoFeed;
        }
        // The signed expiry first: a recent fetch of an expired bundle proves nothing.
        if let Some(valid_until) = state.expires.filter(|e| now >= *e) {
            return Freshness::Expired {
                confirmed: state.last_confirmed,
                valid_until,
            };
        }
        match state.last_confirmed {
            Some(t) if now - t < STALE_AFTER => Freshness::Fresh { confirmed: t },
            confirmed => Freshness::Stale { confirmed },
        }
    }

    /// For the tray and the window: 「お知らせ確認 11月27日 9:00」 / `Notices checked 27 Nov 09:00`.
    pub fn confirmed_line(&self, lang: Lang) -> String {
        match (self, lang) {
            (Freshness::NoFeed, Lang::Ja) => "お知らせの自動確認なし".into(),
            (Freshness::NoFeed, Lang::En) => "Notices are not checked automatically".into(),
            (
                Freshness::Fresh { confirmed: t }
                | Freshness::Stale { confirmed: Some(t) }
                | Freshness::Expired {
                    confirmed: Some(t), ..
                },
                Lang::Ja,
            ) => format!("お知らせ確認 {}", short_label(*t, lang)),
            (
                Freshness::Fresh { confirmed: t }
                | Freshness::Stale { confirmed: Some(t) }
                | Freshness::Expired {
                    confirmed: Some(t), ..
                },
                Lang::En,
            ) => format!("Notices checked {}", short_label(*t, lang)),
            (
                Freshness::Stale { confirmed: None }
                | Freshness::Expired {
                    confirmed: None, ..
                },
                Lang::Ja,
            ) => "お知らせ未確認".into(),
            (
                Freshness::Stale { confirmed: None }
                | Freshness::Expired {
                    confirmed: None, ..
                },
                Lang::En,
            ) => "Notices never checked".into(),
        }
    }

    /// What the normal state says. Only a fresh feed earns a bare 「通常どおり」; an expired
    /// bundle 「お知らせの情報が古くなっています（12月4日 9:00まで有効）」 (never a claim that
    /// nothing is planned); otherwise 「既知の停止予定はありません（お知らせの確認: …）」.
    pub fn normal_label(&self, lang: Lang) -> String {
        let checked = match (self, lang) {
            (Freshness::Fresh { .. }, _) => return State::Normal.label(lang).into(),
            (Freshness::Expired { valid_until, .. }, _) => {
                return expired_label(*valid_until, lang)
            }
            (Freshness::NoFeed, Lang::Ja) => "自動確認なし".to_string(),
            (Freshness::NoFeed, Lang::En) => "not automatic".to_string(),
            (Freshness::Stale { confirmed: Some(t) }, _) => short_label(*t, lang),
            (Freshness::Stale { confirmed: None }, Lang::Ja) => "未確認".to_string(),
            (Freshness::Stale { confirmed: None }, Lang::En) => "never".to_string(),
        };
        match lang {
            Lang::Ja => format!("既知の停止予定はありません（お知らせの確認: {checked}）"),
            Lang::En => format!("No known outage scheduled (notices checked: {checked})"),
        }
    }

    /// For the window when notices are not kept current: how to add them.
    pub fn how_to_add(&self, lang: Lang) -> Option<&'static str> {
        match (self, lang) {
            (Freshness::Fresh { .. }, _) => None,
            (_, Lang::Ja) => Some(
                "新しいお知らせは「お知らせ」で手入力するか、ファイルを取り込むか、フィードを設定してください。",
            ),
            (_, Lang::En) => Some(
                "Add new notices under Notices: enter one by hand, import a file, or set up a feed.",
            ),
        }
    }

    /// When the notices were last confirmed, if ever (none without a feed).
    pub fn checked_at(&self) -> Option<Instant> {
        match self {
            Freshness::NoFeed => None,
            Freshness::Fresh { confirmed } => Some(*confirmed),
            Freshness::Stale { confirmed } | Freshness::Expired { confirmed, .. } => *confirmed,
        }
    }

    /// A short name for JSON: `no_feed`, `fresh`, `stale`, `expired`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Freshness::NoFeed => "no_feed",
            Freshness::Fresh { .. } => "fresh",
            Freshness::Stale { .. } => "stale",
            Freshness::Expired { .. } => "expired",
        }
    }
}

/// 「お知らせの情報が古くなっています（12月4日 9:00まで有効）」.
fn expired_label(valid_until: Instant, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!(
            "お知らせの情報が古くなっています（{}まで有効）",
            short_label(valid_until, lang)
        ),
        Lang::En => format!(
            "Notice information is out of date (valid until {})",
            short_label(valid_until, lang)
        ),
    }
}

/// Until when the bundle in use is vouched for: 「12月4日 9:00まで有効」 / `valid until 4 Dec
/// 09:00`; `None` for a bundle without an expiry (or none).
pub fn valid_until_line(state: &FeedState, lang: Lang) -> Option<String> {
    let t = state.expires?;
    Some(match lang {
        Lang::Ja => format!("{}まで有効", short_label(t, lang)),
        Lang::En => format!("valid until {}", short_label(t, lang)),
    })
}

/// Both "checked at" and "valid until", for wherever the check time is shown:
/// 「お知らせ確認 11月27日 9:00（12月4日 9:00まで有効）」 / `Notices checked 27 Nov 09:00 (valid
/// until 4 Dec 09:00)`; just the check time for a bundle without an expiry.
pub fn checked_line(freshness: &Freshness, state: &FeedState, lang: Lang) -> String {
    let checked = freshness.confirmed_line(lang);
    match (valid_until_line(state, lang), lang, freshness) {
        (_, _, Freshness::NoFeed) | (None, _, _) => checked,
        (Some(u), Lang::Ja, _) => format!("{checked}（{u}）"),
        (Some(u), Lang::En, _) => format!("{checked} ({u})"),
    }
}

/// With several sources, one line per source for the お知らせ page, in the setting's order:
/// 「✓ https://a/feed.toml: 番号 7、11月27日 9:00 に確認」 or 「✕ https://b/feed.toml: …（失敗の理由）」.
/// Empty with one source (its state is the feed's).
pub fn source_lines(state: &FeedState, lang: Lang) -> Vec<String> {
    state
        .sources
        .iter()
        .map(|s| match (&s.last_error, s.last_ok, lang) {
            (Some(e), _, _) => format!("✕ {}: {e}", s.location),
            (None, Some(t), Lang::Ja) => format!(
                "✓ {}: 番号 {}、{} に確認",
                s.location,
                s.sequence.map_or("-".into(), |n| n.to_string()),
                short_label(t, lang)
            ),
            (None, Some(t), Lang::En) => format!(
                "✓ {}: sequence {}, checked {}",
                s.location,
                s.sequence.map_or("-".into(), |n| n.to_string()),
                short_label(t, lang)
            ),
            (None, None, _) => format!(
                "… {}: {}",
                s.location,
                lang.pick("未確認", "not yet checked")
            ),
        })
        .collect()
}

/// The feed's current failure, what and since when, as one line; `None` while it works.
pub fn failure_line(state: &FeedState, lang: Lang) -> Option<String> {
    let since = state.failing_since?;
    let what = state.last_error.as_deref().unwrap_or("");
    Some(match lang {
        Lang::Ja => format!(
            "お知らせフィード: {} から失敗中 — {what}",
            short_label(since, lang)
        ),
        Lang::En => format!(
            "Notice feed failing since {} — {what}",
            short_label(since, lang)
        ),
    })
}

/// `11月27日 9:00` / `27 Nov 09:00`, in JST.
fn short_label(t: Instant, lang: Lang) -> String {
    let j = time::to_jst(t);
    match lang {
        Lang::Ja => format!(
            "{}月{}日 {}:{:02}",
            j.month(),
            j.day(),
            j.hour(),
            j.minute()
        ),
        Lang::En => format!("{} {:02}:{:02}", j.format("%-d %b"), j.hour(), j.minute()),
    }
}
