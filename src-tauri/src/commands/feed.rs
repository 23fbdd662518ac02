//! The commands the window calls for the notice feed, the administrator's policy and the
//! calendar (feed settings, 「今すぐ確認」, 「カレンダーに追加」).

use chrono::Datelike;
use onshi::freshness::Freshness;
use onshi::{Lang, Service};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::feed_sync::Snapshot;
use crate::feeds::Feeds;
use crate::open;
use crate::paths::{CALENDAR_FILE, NOTICES_DIR};
use crate::policy::Locks;
use crate::settings::Settings;
use crate::state::Shared;

/// Public keys as pasted into the form: one or more `feed.pub` files' text or their
/// base64 lines; comment lines and blank lines are left out.
pub fn parse_keys(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("untrusted comment:"))
        .map(str::to_string)
        .collect()
}

/// What the window shows about the feed, the policy and the calendar.
#[derive(Debug, Clone, Serialize)]
pub struct FeedView {
    pub lang: Lang,
    /// The feed location in use, if any.
    pub url: Option<String>,
    /// The public keys, one per line.
    pub keys: String,
    /// The calendar's services; empty: all.
    pub services: Vec<String>,
    /// The folder this PC relays each verified bundle into, if any.
    pub relay_folder: Option<String>,
    pub service_options: Vec<ServiceOption>,
    /// Which settings the administrator set.
    pub locks: Locks,
    /// 「管理者が設定しています」 / "Set by your administrator".
    pub locked_label: String,
    /// The policy file in force, if any.
    pub policy_file: Option<String>,
    /// 「お知らせ確認 11月27日 9:00」, or that notices are not checked automatically.
    pub freshness: String,
    /// With several sources, each one's last result, one line each.
    pub sources: Vec<String>,
    /// The relay's last good write into its folder, if it relays.
    pub relay: Option<String>,
    /// The feed's current failure (what, since when).
    pub failure: Option<String>,
    /// How to add notices, while they are not kept current by a feed.
    pub how_to_add: Option<String>,
    /// A fetch is under way.
    pub checking: bool,
}

/// One service checkbox.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceOption {
    pub id: &'static str,
    pub label: &'static str,
}

fn feed_view(shared: &Shared, feeds: &Feeds) -> FeedView {
    let now = shared.clock.now();
    let settings = shared.lock().settings.clone();
    let lang = settings.lang;
    let snapshot: Snapshot = feeds.sync.snapshot();
    let freshness = snapshot.freshness(now);
    let notices_dir = shared.config_dir.join(NOTICES_DIR);
    // What the desk knows, and since when: without a fresh feed, the newest notice's date
    // is all that tells how old that knowledge is.
    let newest = shared
        .lock()
        .schedule
        .notices()
        .iter()
        .map(|n| (n.issued, n.issuer.clone()))
        .max();
    let known = match (newest, lang) {
        (Some((d, issuer)), Lang::Ja) => format!(
            "この PC が知っている最も新しいお知らせは {}年{}月{}日（{issuer}）のものです。",
            d.year(),
            d.month(),
            d.day()
        ),
        (Some((d, issuer)), Lang::En) => format!(
            "The newest notice this PC knows is of {} ({issuer}). ",
            d.format("%Y-%m-%d")
        ),
        (None, _) => String::new(),
    };
    let how_to_add = match freshness {
        Freshness::Fresh { .. } => None,
        _ => Some(match lang {
            Lang::Ja => format!(
                "{known}新しいお知らせは「お知らせ」で追加（本文の貼り付けもできます）するか、お知らせファイル（.toml）を {} に置くか、設定でフィードを指定してください。",
                notices_dir.display()
            ),
            Lang::En => format!(
                "{known}Add new notices under Notices (pasting a notice's text works too), put notice files (.toml) in {}, or set a feed in the settings.",
                notices_dir.display()
            ),
        }),
    };
    FeedView {
        lang,
        url: settings.feed_url.clone(),
        keys: settings.feed_keys.join("\n"),
        services: settings.services.clone(),
        relay_folder: settings.relay_folder.clone(),
        service_options: Service::ALL
            .iter()
            .map(|s| ServiceOption {
                id: s.as_str(),
                label: s.name(lang),
            })
            .collect(),
        locks: feeds.policy.locks(),
        locked_label: lang
            .pick("管理者が設定しています", "Set by your administrator")
            .to_string(),
        policy_file: feeds.policy.policy.as_ref().map(|p| p.origin.clone()),
        freshness: snapshot.checked_line(now, lang),
        sources: snapshot.source_lines(lang),
        relay: snapshot.relay_line(lang),
        failure: snapshot.failure_line(lang),
        how_to_add,
        checking: snapshot.checking,
    }
}

/// The feed block of the window.
#[tauri::command]
pub fn get_feed(shared: State<'_, Shared>, feeds: State<'_, Feeds>) -> FeedView {
    feed_view(&shared, &feeds)
}

/// What the feed form sends: the location (empty: no feed), the keys as pasted, the
/// calendar's services, and the relay folder (empty: none; absent: unchanged).
#[derive(Debug, serde::Deserialize)]
pub struct FeedInput {
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub keys: String,
    #[serde(default)]
    pub services: Vec<String>,
    #[serde(default)]
    pub relay_folder: Option<String>,
}

/// Saves the feed settings and the calendar's services, and follows the new feed. A
/// locked setting is not changed (its message says so); nothing is saved if anything is
/// wrong.
#[tauri::command]
pub fn save_feed_settings(
    shared: State<'_, Shared>,
    feeds: State<'_, Feeds>,
    feed: FeedInput,
) -> Result<FeedView, String> {
    let old = shared.lock().settings.clone();
    let url = feed.url.trim();
    let new = Settings {
        feed_url: (!url.is_empty()).then(|| url.to_string()),
        feed_keys: if url.is_empty() {
            Vec::new()
        } else {
            parse_keys(&feed.keys)
        },
        services: feed.services,
        relay_folder: match feed.relay_folder.as_deref().map(str::trim) {
            None => old.relay_folder.clone(),
            Some("") => None,
            Some(f) => Some(f.to_string()),
        },
        ..old.clone()
    };
    feeds.policy.check(&old, &new, old.lang)?;
    if new.feed_url.is_some() && new.feed_keys.is_empty() {
        return Err(old
            .lang
            .pick(
                "フィードの公開鍵（feed.pub の内容）を貼り付けてください。",
                "Paste the feed's public key (the text of feed.pub).",
            )
            .to_string());
    }
    shared.apply_settings(new.clone())?;
    if (&old.feed_url, &old.feed_keys, &old.relay_folder)
        != (&new.feed_url, &new.feed_keys, &new.relay_folder)
    {
        feeds.follow(&new, &shared);
    }
    shared.wake();
    Ok(feed_view(&shared, &feeds))
}

/// 「今すぐ確認」: fetches the feed now and answers with the result, one line (an error
/// when the feed could not be used; the notices in use stay).
#[tauri::command]
pub async fn check_feed_now<R: Runtime>(app: AppHandle<R>) -> Result<String, String> {
    let (sync, lang) = {
        let shared = app.state::<Shared>();
        let lang = shared.lock().settings.lang;
        (app.state::<Feeds>().sync.clone(), lang)
    };
    if !sync.configured() {
        return Err(lang
            .pick(
                "フィードが設定されていません。設定でフィードの場所と公開鍵を指定してください。",
                "No feed is set: give its location and public key in the settings.",
            )
            .to_string());
    }
    let snapshot = tauri::async_runtime::spawn_blocking(move || sync.fetch_once())
        .await
        .map_err(|e| e.to_string())?;
    let shared = app.state::<Shared>();
    app.state::<Feeds>().rebuild(&shared, true);
    result_line(&snapshot, lang, shared.clock.now())
}

/// A fetch's result for staff: the failure (what, since when), or when the notices were
/// confirmed and how many the feed holds.
pub fn result_line(
    snapshot: &Snapshot,
    lang: Lang,
    now: onshi::time::Instant,
) -> Result<String, String> {
    if let Some(failure) = snapshot.failure_line(lang) {
        return Err(failure);
    }
    let confirmed = snapshot.freshness(now).confirmed_line(lang);
    let n = snapshot.notices.len();
    Ok(match lang {
        Lang::Ja => format!("{confirmed}（フィードのお知らせ {n} 件）"),
        Lang::En => format!("{confirmed} ({n} notices in the feed)"),
    })
}

/// 「カレンダーに追加」: writes the windows that hit this prefecture (the chosen services,
/// alarms at the reminder times) to `onshi.ics` in the config folder and opens it, so the
/// calendar program imports it. Answers with the file's path.
#[tauri::command]
pub fn save_calendar<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Shared>,
) -> Result<String, String> {
    let now = shared.clock.now();
    let (text, lang) = {
        let inner = shared.lock();
        let lang = inner.settings.lang;
        let p = inner.prefecture().ok_or_else(|| inner.ask_prefecture())?;
        let options = onshi::ics::Options {
            services: inner.settings.services.clone(),
            reminders: inner.settings.reminders_minutes.clone(),
        };
        (
            onshi::ics::calendar(&inner.schedule, p, &options, now)?,
            lang,
        )
    };
    open::save_and_open(
        &app,
        &shared.config_dir.join(CALENDAR_FILE),
        text.as_bytes(),
        lang.pick(
            "カレンダーのファイルを保存しました。カレンダーのアプリで読み込んでください",
            "The calendar file was saved. Import it in your calendar program",
        ),
    )
}
