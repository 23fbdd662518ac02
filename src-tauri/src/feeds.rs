//! The notice feed and the administrator's policy in the app, managed beside [`Shared`]:
//! the schedule without the feed, joined to the feed's notices whenever either changes.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::thread::JoinHandle;

use onshi::{Lang, Schedule};
use tauri::{AppHandle, Manager, Runtime};

use crate::feed_sync::{self, FeedSync};
use crate::policy::AppPolicy;
use crate::settings::Settings;
use crate::state::Shared;

/// The feed and the policy, managed beside [`Shared`].
pub struct Feeds {
    /// The machine-wide policy (or none).
    pub policy: AppPolicy,
    /// The feed follower (also in [`crate::state::AppState::feed`], for freshness).
    pub sync: FeedSync,
    base: Mutex<Base>,
    /// The feed's problems already written to the log: each is said once.
    logged: Mutex<BTreeSet<String>>,
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
            logged: Mutex::new(BTreeSet::new()),
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
        all.extend(snapshot.notes.iter().cloned());
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
        // The notice files' problems were told at start; the feed's are told as they come,
        // each once (the feed thread tells its notes itself).
        let told = self.base().problems.len();
        let notes = self.sync.snapshot().notes;
        let mut logged = self.logged.lock().unwrap_or_else(|e| e.into_inner());
        for p in problems.iter().skip(told) {
            if !notes.contains(p) && logged.insert(p.clone()) {
                eprintln!("onshi-watch: {p}");
            }
        }
        drop(logged);
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
        self.sync.set_relay(relay_of(settings));
        self.sync.configure(feed_of(settings, &self.policy));
        self.rebuild(shared, true);
    }
}

/// The feed settings (or the policy laid over them) name, if any. Settings are validated
/// before they are saved, so a feed that cannot be built is none. When the policy sets the
/// feed and locks it, its keys are pinned: a next key the feed names is never taken.
pub fn feed_of(settings: &Settings, policy: &AppPolicy) -> Option<onshi::feed::Feed> {
    let url = settings.feed_url.as_deref()?;
    feed_sync::feed_pinned(url, &settings.feed_keys, policy.pins_feed_keys())
        .map_err(|e| eprintln!("onshi-watch: feed not followed: {e}"))
        .ok()
}

/// The folder the settings (or the policy) name to relay each verified bundle into.
pub fn relay_of(settings: &Settings) -> Option<PathBuf> {
    settings.relay_folder.as_deref().map(PathBuf::from)
}
