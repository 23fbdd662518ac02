//! Following the signed notice feed from the app: a thread that fetches at start, every
//! 6 hours (with jitter) and on demand, and hands the notices it accepted to the app.
//!
//! No Tauri types here: the app gives a callback (rebuild the schedule, wake the timer) and
//! calls [`FeedSync::check_now`] from its 「今すぐ確認」 command.

use std::collections::BTreeSet;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant as Monotonic};

use onshi::feed::{self, Feed, FeedCache, FeedState, Limits, Location, TrustedKeys};
use onshi::freshness::{self, Freshness};
use onshi::present::Look;
use onshi::time::Instant;
use onshi::{Lang, Notice, Schedule, Status};

use crate::clock::Clock;

/// The feed is asked this often (real time, whatever the training clock's speed)…
pub const INTERVAL: Duration = Duration::from_secs(6 * 3600);
/// …give or take up to this much, so fifty PCs switched on at 8:30 do not all ask at once.
pub const JITTER: Duration = Duration::from_secs(30 * 60);
/// After a failure, sooner: a PC often starts before its network is up.
pub const RETRY: Duration = Duration::from_secs(30 * 60);

/// A feed from settings or the policy file: a location and public keys (each a `.pub`
/// file's text or its base64 line).
///
/// # Errors
/// No key, or a key that is not a minisign public key.
pub fn feed(location: &str, keys: &[String]) -> Result<Feed, String> {
    feed_pinned(location, keys, false)
}

/// As [`feed`]; `pinned`: the keys are the machine policy's, locked, so a next key the
/// feed names is never taken.
///
/// # Errors
/// As [`feed`].
pub fn feed_pinned(location: &str, keys: &[String], pinned: bool) -> Result<Feed, String> {
    let mut trusted = TrustedKeys::default();
    for k in keys {
        trusted.add(k)?;
    }
    if trusted.is_empty() {
        return Err("フィードの公開鍵がありません / the feed needs a public key".into());
    }
    Ok(Feed {
        location: Location::parse(location),
        keys: if pinned { trusted.pin() } else { trusted },
        limits: Limits::default(),
    })
}

/// What the app knows about its feed, for the tray and the window.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// A feed is configured.
    pub configured: bool,
    /// Last confirmed, failing since, last error (app-clock times).
    pub state: FeedState,
    /// The notices of the bundle in use (new, or cached).
    pub notices: Vec<Notice>,
    /// Notices in the bundle that could not be read, one line each.
    pub problems: Vec<String>,
    /// What else the feed has to say, one line each, not failures: a relay that could
    /// not be written, a next key the policy's pinned keys do not take.
    pub notes: Vec<String>,
    /// The last bundle this PC put in (or found already in) its relay folder: its
    /// sequence, the folder and when (app clock). Kept while later relays fail, so the
    /// window can say how old the folder's bundle is.
    pub relayed: Option<(u64, PathBuf, Instant)>,
    /// A fetch is under way.
    pub checking: bool,
}

impl Snapshot {
    /// How fresh the notices are at `now`.
    pub fn freshness(&self, now: Instant) -> Freshness {
        Freshness::new(self.configured, &self.state, now)
    }

    /// The current failure, what and since when, as one line.
    pub fn failure_line(&self, lang: Lang) -> Option<String> {
        freshness::failure_line(&self.state, lang)
    }

    /// When the notices were checked and until when the bundle is valid, as one line:
    /// 「お知らせ確認 11月27日 9:00（12月4日 9:00まで有効）」.
    pub fn checked_line(&self, now: Instant, lang: Lang) -> String {
        freshness::checked_line(&self.freshness(now), &self.state, lang)
    }

    /// With several sources, each one's last result, for the お知らせ page.
    pub fn source_lines(&self, lang: Lang) -> Vec<String> {
        freshness::source_lines(&self.state, lang)
    }

    /// 「中継: 第12版を 12月3日(木) 14:02 に \\nas\onshi-feed へ」: the relay's last good write.
    pub fn relay_line(&self, lang: Lang) -> Option<String> {
        let (sequence, folder, at) = self.relayed.as_ref()?;
        let at = onshi::time::date_time_label(*at, lang);
        Some(match lang {
            Lang::Ja => format!(
                "中継: 第{sequence}版を {at} に {} へ（他の PC はこのフォルダを読みます）",
                folder.display()
            ),
            Lang::En => format!(
                "Relay: sequence {sequence} in {} at {at} (the other PCs read this folder)",
                folder.display()
            ),
        })
    }
}

/// The schedule the app should use: `base` (embedded and folder notices) plus the feed's.
/// A feed notice whose id is already loaded is left out and reported.
pub fn schedule_with(base: &Schedule, notices: &[Notice]) -> (Schedule, Vec<String>) {
    let mut schedule = base.clone();
    let mut problems = Vec::new();
    for n in notices {
        if let Err(e) = schedule.add(n.clone()) {
            problems.push(format!(
                "フィードのお知らせを使えません / feed notice not used: {e}"
            ));
        }
    }
    (schedule, problems)
}

/// How fresh the notices are at `now` with this follower (none: no feed).
pub fn freshness(sync: Option<&FeedSync>, now: Instant) -> Freshness {
    sync.map_or(Freshness::NoFeed, |s| s.freshness(now))
}

/// The state's label for the banner and the tray. A bare 「通常どおり」 only while the
/// notices are fresh or a window is known ahead; with no window known and no fresh feed,
/// 「既知の停止予定はありません（お知らせの確認: …）」 — the desk knows only what it was told.
/// Past the bundle's signed expiry, 「お知らせの情報が古くなっています（…まで有効）」 even with
/// a window known ahead: there may be newer ones the desk has not heard of.
pub fn state_label(freshness: Freshness, status: Option<&Status>, lang: Lang) -> String {
    let look = Look::of(status);
    let expired = matches!(freshness, Freshness::Expired { .. });
    match status {
        Some(s) if look == Look::Normal && (s.next_window.is_none() || expired) => {
            freshness.normal_label(lang)
        }
        _ => look.label(lang).to_string(),
    }
}

/// The feed follower. Cheap to clone; every clone is the same follower.
#[derive(Clone)]
pub struct FeedSync {
    inner: Arc<Inner>,
}

struct Inner {
    cache: FeedCache,
    clock: Clock,
    data: Mutex<Data>,
    wake: Condvar,
}

struct Data {
    feed: Option<Feed>,
    /// The folder each verified bundle is relayed into (`relay_folder`), if any.
    relay: Option<PathBuf>,
    /// The notes already written to the log: each is said once.
    logged: BTreeSet<String>,
    snapshot: Snapshot,
    /// Raised when the feed changes, so a fetch of the old feed is not taken for the new.
    generation: u64,
    due_now: bool,
    stopped: bool,
}

impl FeedSync {
    /// A follower caching in `config_dir/feed/`. The cached bundle (verified again) is in
    /// the snapshot at once, before any network: the app is right offline from its start.
    pub fn new(config_dir: &Path, clock: Clock, feed: Option<Feed>) -> FeedSync {
        let cache = FeedCache::new(config_dir.join(crate::paths::FEED_CACHE_DIR));
        let snapshot = offline_snapshot(&cache, feed.as_ref());
        FeedSync {
            inner: Arc::new(Inner {
                cache,
                clock,
                data: Mutex::new(Data {
                    feed,
                    relay: None,
                    logged: BTreeSet::new(),
                    snapshot,
                    generation: 0,
                    due_now: true,
                    stopped: false,
                }),
                wake: Condvar::new(),
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Data> {
        self.inner.data.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What the follower knows now.
    pub fn snapshot(&self) -> Snapshot {
        self.lock().snapshot.clone()
    }

    /// How fresh the notices are at `now` (without copying the notices).
    pub fn freshness(&self, now: Instant) -> Freshness {
        let d = self.lock();
        Freshness::new(d.snapshot.configured, &d.snapshot.state, now)
    }

    /// Whether a feed is configured.
    pub fn configured(&self) -> bool {
        self.lock().feed.is_some()
    }

    /// Follows another feed (or none): its cached bundle at once, then a fetch.
    pub fn configure(&self, feed: Option<Feed>) {
        let mut d = self.lock();
        d.snapshot = offline_snapshot(&self.inner.cache, feed.as_ref());
        d.feed = feed;
        d.generation += 1;
        d.due_now = true;
        drop(d);
        self.inner.wake.notify_all();
    }

    /// One PC fetches for the clinic: after every fetch, the bundle in use (verified) is
    /// written into `folder` for the clinic's other PCs (none: no relay).
    pub fn set_relay(&self, folder: Option<PathBuf>) {
        self.lock().relay = folder;
    }

    /// 「今すぐ確認」: the thread fetches now.
    pub fn check_now(&self) {
        self.lock().due_now = true;
        self.inner.wake.notify_all();
    }

    /// Ends the thread (after a fetch under way).
    pub fn stop(&self) {
        self.lock().stopped = true;
        self.inner.wake.notify_all();
    }

    /// One fetch now, on this thread; returns the new snapshot. The thread's body; tests
    /// call it directly.
    pub fn fetch_once(&self) -> Snapshot {
        let (feed, generation, relay) = {
            let mut d = self.lock();
            let Some(feed) = d.feed.clone() else {
                return d.snapshot.clone();
            };
            d.snapshot.checking = true;
            (feed, d.generation, d.relay.clone())
        };
        let r = feed::refresh(&feed, Some(&self.inner.cache), self.inner.clock.now());
        let (notices, errors) = r.notices();
        let mut notes: Vec<String> = r
            .bundle
            .as_ref()
            .and_then(|b| feed::next_key_not_taken(&feed, b))
            .into_iter()
            .collect();
        let mut relayed = None;
        if let Some(folder) = &relay {
            let now = self.inner.clock.now();
            match feed::relay::relay(&feed, &self.inner.cache, folder) {
                Ok(feed::Relayed::Written(n)) => {
                    eprintln!(
                        "onshi-watch: フィードを中継フォルダに書きました / feed relayed to {} (sequence {n})",
                        folder.display()
                    );
                    relayed = Some((n, folder.clone(), now));
                }
                Ok(feed::Relayed::Unchanged(n)) => relayed = Some((n, folder.clone(), now)),
                Ok(_) => {}
                Err(e) => notes.push(e.to_string()),
            }
        }
        let mut d = self.lock();
        for n in &notes {
            if d.logged.insert(n.clone()) {
                eprintln!("onshi-watch: {n}");
            }
        }
        if d.generation == generation {
            d.snapshot = Snapshot {
                configured: true,
                state: r.state,
                notices,
                problems: errors.iter().map(ToString::to_string).collect(),
                notes,
                relayed: relayed.or_else(|| {
                    // The last good relay, while it is still into the folder set now.
                    d.snapshot
                        .relayed
                        .clone()
                        .filter(|(_, f, _)| Some(f) == relay.as_ref())
                }),
                checking: false,
            };
        } else {
            d.snapshot.checking = false;
        }
        d.snapshot.clone()
    }

    /// Starts the thread: a fetch at start, then every [`INTERVAL`] ± [`JITTER`] (after a
    /// failure, [`RETRY`]), and at [`FeedSync::check_now`]. `on_change` gets every new
    /// snapshot (on the feed thread).
    pub fn spawn(&self, on_change: impl Fn(&Snapshot) + Send + 'static) -> JoinHandle<()> {
        let me = self.clone();
        std::thread::Builder::new()
            .name("onshi-feed".into())
            .spawn(move || {
                let mut next: Option<Monotonic> = None;
                loop {
                    {
                        let mut d = me.lock();
                        loop {
                            if d.stopped {
                                return;
                            }
                            let due = d.due_now
                                || (d.feed.is_some()
                                    && next.is_some_and(|n| Monotonic::now() >= n));
                            if due {
                                d.due_now = false;
                                break;
                            }
                            let wait = next.filter(|_| d.feed.is_some()).map_or(INTERVAL, |n| {
                                n.saturating_duration_since(Monotonic::now())
                            });
                            d = me
                                .inner
                                .wake
                                .wait_timeout(d, wait)
                                .unwrap_or_else(|e| e.into_inner())
                                .0;
                        }
                    }
                    let snapshot = me.fetch_once();
                    let pause = if snapshot.state.failing_since.is_some() {
                        RETRY
                    } else {
                        jittered(INTERVAL)
                    };
                    next = Some(Monotonic::now() + pause);
                    on_change(&snapshot);
                }
            })
            .expect("the OS can start a thread")
    }
}

fn offline_snapshot(cache: &FeedCache, feed: Option<&Feed>) -> Snapshot {
    let Some(feed) = feed else {
        return Snapshot::default();
    };
    let state = cache.state();
    let bundle = feed::cached(feed, cache);
    let (notices, errors) = bundle.as_ref().map(|b| b.notices()).unwrap_or_default();
    let notes = bundle
        .as_ref()
        .and_then(|b| feed::next_key_not_taken(feed, b))
        .into_iter()
        .collect();
    Snapshot {
        configured: true,
        // Another location's memory says nothing about this feed.
        state: if state.location == feed.location.label() {
            state
        } else {
            FeedState::default()
        },
        notices,
        problems: errors.iter().map(ToString::to_string).collect(),
        notes,
        relayed: None,
        checking: false,
    }
}

/// `base` ± up to [`JITTER`], from the std hasher's random keys (no dependency for this).
fn jittered(base: Duration) -> Duration {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(Monotonic::now().elapsed().as_nanos());
    let span = JITTER.as_secs() * 2 + 1;
    let offset = h.finish() % span;
    (base + Duration::from_secs(offset)).saturating_sub(JITTER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_its_expiry_the_normal_state_never_says_normal_or_no_outage() {
        let t = |s: &str| onshi::time::parse_instant(s).unwrap();
        let mut schedule = Schedule::default();
        let notice = Notice::parse(
            "id = \"x\"\ntitle = \"t\"\nissuer = \"t\"\nissued = 2026-11-20\n\n\
             [[window]]\nid = \"full\"\nkind = \"full\"\nstart = 2026-12-20T01:00:00+09:00\n\
             end = 2026-12-20T03:00:00+09:00\nnationwide = true\n",
            "x.toml",
        )
        .unwrap();
        schedule.add(notice).unwrap();
        let fukuoka = onshi::Prefecture::parse("40").unwrap();
        let now = t("2026-12-10T09:00:00+09:00");
        let ahead = schedule.status(fukuoka, now);
        let quiet = Schedule::default().status(fukuoka, t("2026-12-26T09:00:00+09:00"));
        let expired = Freshness::Expired {
            confirmed: Some(now),
            valid_until: t("2026-12-04T09:00:00+09:00"),
        };
        for s in [&ahead, &quiet] {
            let label = state_label(expired, Some(s), Lang::Ja);
            assert_eq!(
                label,
                "お知らせの情報が古くなっています（12月4日 9:00まで有効）"
            );
        }
        // Fresh, with a window ahead, it is normal.
        let fresh = Freshness::Fresh { confirmed: now };
        assert_eq!(state_label(fresh, Some(&ahead), Lang::Ja), "通常どおり");
    }

    #[test]
    fn jitter_stays_within_its_bounds() {
        for _ in 0..200 {
            let d = jittered(INTERVAL);
            assert!(d >= INTERVAL - JITTER && d <= INTERVAL + JITTER, "{d:?}");
        }
    }
}
