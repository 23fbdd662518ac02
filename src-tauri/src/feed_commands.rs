//! The notice feed, the administrator's policy and the calendar in the app: the state
//! that joins the feed's notices to the schedule, and the commands the window calls for
//! them (feed settings, 「今すぐ確認」, 「カレンダーに追加」).

use std::sync::{Mutex, MutexGuard};
use std::thread::JoinHandle;

use onshi::freshness::Freshness;
use onshi::{Lang, Schedule, Service};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::feed_sync::{self, FeedSync, Snapshot};
use crate::paths::{CALENDAR_FILE, NOTICES_DIR};
use crate::policy::{AppPolicy, Locks};
use crate::settings::Settings;
use crate::state::Shared;

/// The feed and the policy, managed beside [`Shared`].
pub struct Feeds {
    /// The machine-wide policy (or none).
    pub policy: AppPolicy,
    /// The feed follower (also in [`crate::state::AppState::feed`], for freshness).
    pub sync: FeedSync,
    base: Mutex<Base>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

/// The schedule without the feed (embedded, `--notices`, the config folder's notices)
/// and the problems found reading it.
struct Base {
    schedule: Schedule,
    problems: Vec<String>,
}

impl Feeds {
    /// The feed state over `base` (the schedule without the feed) and its `problems`.
    pub fn new(policy: AppPolicy, sync: FeedSync, base: Schedule, problems: Vec<String>) -> Feeds {
        Feeds {
            policy,
            sync,
            base: Mutex::new(Base {
                schedule: base,
                problems,
            }),
            thread: Mutex::new(None),
        }
    }

    fn base(&self) -> MutexGuard<'_, Base> {
        self.base.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The schedule to use now, the base's notices and the feed's, and their problems;
    /// with `failure`, the feed's current failure too (what, since when).
    pub fn compose(&self, failure: bool, lang: Lang) -> (Schedule, Vec<String>) {
        let snapshot = self.sync.snapshot();
        let base = self.base();
        let (schedule, mut problems) = feed_sync::schedule_with(&base.schedule, &snapshot.notices);
        let mut all = base.problems.clone();
        all.extend(
            snapshot
                .problems
                .iter()
                .map(|p| format!("フィードのお知らせを読めません / feed notice unreadable: {p}")),
        );
        all.append(&mut problems);
        if failure {
            all.extend(snapshot.failure_line(lang));
        }
        (schedule, all)
    }

    /// A new base (the notice files were read again: one added, edited, deleted or
    /// imported), composed with the feed's notices and handed to the app, so a notice
    /// entered by hand never drops the feed's.
    pub fn set_base(&self, shared: &Shared, schedule: Schedule, problems: Vec<String>) {
        *self.base() = Base { schedule, problems };
        self.rebuild(shared, false);
    }

    /// Hands the composed schedule to the app: the timer rebuilds its watch and wakes.
    pub fn rebuild(&self, shared: &Shared, failure: bool) {
        let lang = shared.lock().settings.lang;
        let (schedule, problems) = self.compose(failure, lang);
        // The notice files' problems were told at start; the feed's are told as they come.
        let told = self.base().problems.len();
        for p in problems.iter().skip(told) {
            eprintln!("onshi-watch: {p}");
        }
        shared.replace_schedule(schedule, problems);
    }

    /// Starts following the feed: a fetch now, every 6 hours, and at 「今すぐ確認」; each
    /// result goes into the schedule. Without a feed the thread waits for one.
    pub fn spawn<R: Runtime>(&self, app: AppHandle<R>) {
        let handle = self.sync.spawn(move |_| {
            if let (Some(feeds), Some(shared)) =
                (app.try_state::<Feeds>(), app.try_state::<Shared>())
            {
                feeds.rebuild(&shared, true);
            }
        });
        *self.thread.lock().unwrap_or_else(|e| e.into_inner()) = Some(handle);
    }

    /// Follows the feed `settings` name (after they changed): its cache at once, then a
    /// fetch.
    pub fn follow(&self, settings: &Settings, shared: &Shared) {
        self.sync.configure(feed_of(settings));
        self.rebuild(shared, true);
    }
}

/// The feed settings (or the policy laid over them) name, if any. Settings are validated
/// before they are saved, so a feed that cannot be built is none.
pub fn feed_of(settings: &Settings) -> Option<onshi::feed::Feed> {
    let url = settings.feed_url.as_deref()?;
    feed_sync::feed(url, &settings.feed_keys)
        .map_err(|e| eprintln!("onshi-watch: feed not followed: {e}"))
        .ok()
}

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
    pub service_options: Vec<ServiceOption>,
    /// Which settings the administrator set.
    pub locks: Locks,
    /// 「管理者が設定しています」 / "Set by your administrator".
    pub locked_label: String,
    /// The policy file in force, if any.
    pub policy_file: Option<String>,
    /// 「お知らせ確認 11月27日 9:00」, or that notices are not checked automatically.
    pub freshness: String,
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
    let how_to_add = match freshness {
        Freshness::Fresh { .. } => None,
        _ => Some(match lang {
            Lang::Ja => format!(
                "新しいお知らせは「お知らせ」で追加するか、お知らせファイル（.toml）を {} に置くか、設定でフィードを指定してください。",
                notices_dir.display()
            ),
            Lang::En => format!(
                "Add new notices under Notices, put notice files (.toml) in {}, or set a feed in the settings.",
                notices_dir.display()
            ),
        }),
    };
    FeedView {
        lang,
        url: settings.feed_url.clone(),
        keys: settings.feed_keys.join("\n"),
        services: settings.services.clone(),
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
        freshness: freshness.confirmed_line(lang),
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
/// calendar's services.
#[derive(Debug, serde::Deserialize)]
pub struct FeedInput {
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub keys: String,
    #[serde(default)]
    pub services: Vec<String>,
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
    if (&old.feed_url, &old.feed_keys) != (&new.feed_url, &new.feed_keys) {
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
    crate::commands::save_and_open(
        &app,
        &shared.config_dir.join(CALENDAR_FILE),
        text.as_bytes(),
        lang.pick(
            "カレンダーのファイルを保存しました。カレンダーのアプリで読み込んでください",
            "The calendar file was saved. Import it in your calendar program",
        ),
    )
}
