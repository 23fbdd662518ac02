//! The app's feed follower against a real HTTP server on 127.0.0.1: the cached bundle
//! from the first moment (offline), a fetch at start, 「今すぐ確認」, and the feed's
//! notices in the schedule with their reminders.

mod common;
#[path = "../../tests/http_server/mod.rs"]
mod http_server;

use std::sync::mpsc;
use std::time::Duration;

use common::t;
use http_server::{Reply, Server};
use onshi::feed::{self, Bundle};
use onshi::freshness::Freshness;
use onshi::{Prefecture, Reminders, Schedule, State, Watch};
use onshi_watch::clock::Clock;
use onshi_watch::feed_sync::{self, FeedSync, Snapshot};

/// A published feed (one notice: a full outage on 1 December 03:00–05:00 JST, nationwide)
/// served at /feed.toml, and the public key's text.
fn publish() -> (Server, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let (key, public) = feed::sign::keygen(&dir.path().join("keys"), None).unwrap();
    let notices = dir.path().join("notices");
    std::fs::create_dir(&notices).unwrap();
    std::fs::write(
        notices.join("n.toml"),
        "id = \"feed-dec\"\ntitle = \"テスト\"\nissuer = \"テスト\"\nissued = 2026-11-20\n\n\
         [[window]]\nid = \"full\"\nkind = \"full\"\nstart = 2026-12-01T03:00:00+09:00\n\
         end = 2026-12-01T05:00:00+09:00\nnationwide = true\n",
    )
    .unwrap();
    let text = Bundle::from_dir(&notices, 1, t("2026-11-27T08:00:00+09:00"))
        .unwrap()
        .to_toml();
    let sig = feed::sign::sign(text.as_bytes(), &key, None, 1).unwrap();
    let server = Server::start(move |r| match r.path.as_str() {
        "/feed.toml" => Reply::Ok(text.clone().into_bytes(), vec![]),
        "/feed.toml.minisig" => Reply::Ok(sig.clone().into_bytes(), vec![]),
        _ => Reply::Status(404, vec![]),
    });
    (server, std::fs::read_to_string(public).unwrap(), dir)
}

fn fetches(server: &Server) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.path == "/feed.toml")
        .count()
}

#[test]
fn fetches_at_start_and_on_demand_and_the_notices_get_reminders() {
    let (server, public, _dir) = publish();
    let config = tempfile::tempdir().unwrap();
    let (clock, _hand) = Clock::manual(t("2026-11-27T09:00:00+09:00"));
    let f = feed_sync::feed(&server.url("/feed.toml"), &[public]).unwrap();
    let sync = FeedSync::new(config.path(), clock, Some(f));
    assert!(sync.snapshot().notices.is_empty(), "nothing cached yet");

    let (tx, rx) = mpsc::channel::<Snapshot>();
    let thread = sync.spawn(move |s| {
        let _ = tx.send(s.clone());
    });
    let first = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("a fetch at start");
    assert_eq!(first.notices[0].id, "feed-dec");
    assert_eq!(
        first.freshness(t("2026-11-27T09:00:00+09:00")),
        Freshness::Fresh {
            confirmed: t("2026-11-27T09:00:00+09:00")
        }
    );
    assert_eq!(fetches(&server), 1);

    // 「今すぐ確認」
    sync.check_now();
    rx.recv_timeout(Duration::from_secs(10))
        .expect("a fetch on demand");
    assert_eq!(fetches(&server), 2);
    // And nothing more until the interval.
    assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
    sync.stop();
    thread.join().unwrap();

    // The feed's notice joins the schedule: Fukuoka goes down at 03:00, with reminders.
    let (schedule, problems) = feed_sync::schedule_with(&Schedule::embedded(), &first.notices);
    assert!(problems.is_empty(), "{problems:?}");
    let fukuoka = Prefecture::from_code(40).unwrap();
    assert_eq!(
        schedule
            .status(fukuoka, t("2026-12-01T03:00:00+09:00"))
            .state,
        State::FullOutage
    );
    let mut watch = Watch::new(
        schedule,
        fukuoka,
        Reminders::default(),
        t("2026-11-27T09:00:00+09:00"),
    );
    watch.start();
    let due = watch.poll(t("2026-11-30T03:00:00+09:00"));
    assert_eq!(due.len(), 1, "the 24-hour reminder: {due:?}");
    assert_eq!(due[0].at, t("2026-11-30T03:00:00+09:00"));
}

#[test]
fn the_cached_bundle_is_there_offline_from_the_start() {
    let (server, public, _dir) = publish();
    let config = tempfile::tempdir().unwrap();
    let url = server.url("/feed.toml");
    let (clock, _) = Clock::manual(t("2026-11-27T09:00:00+09:00"));
    let online = FeedSync::new(
        config.path(),
        clock.clone(),
        Some(feed_sync::feed(&url, std::slice::from_ref(&public)).unwrap()),
    );
    assert_eq!(online.fetch_once().notices.len(), 1);

    // Next start, server down: the notice is there before any fetch, and a fetch that
    // fails keeps it, saying what failed and since when.
    server.set(|_| Reply::Status(502, b"bad gateway".to_vec()));
    let (clock, _) = Clock::manual(t("2026-11-29T10:00:00+09:00"));
    let offline = FeedSync::new(
        config.path(),
        clock,
        Some(feed_sync::feed(&url, &[public]).unwrap()),
    );
    assert_eq!(offline.snapshot().notices[0].id, "feed-dec");
    let s = offline.fetch_once();
    assert_eq!(s.notices[0].id, "feed-dec");
    assert!(s
        .failure_line(onshi::Lang::Ja)
        .unwrap()
        .contains("11月29日 10:00 から失敗中"));
    // 49 hours since the last confirmation: stale.
    assert!(matches!(
        s.freshness(t("2026-11-29T10:00:00+09:00")),
        Freshness::Stale { .. }
    ));
}

#[test]
fn without_a_feed_nothing_is_fetched_and_a_feed_needs_a_key() {
    let config = tempfile::tempdir().unwrap();
    let sync = FeedSync::new(config.path(), Clock::wall(), None);
    let s = sync.fetch_once();
    assert!(!s.configured && s.notices.is_empty());
    assert_eq!(
        s.freshness(t("2026-11-27T09:00:00+09:00")),
        Freshness::NoFeed
    );
    let err = feed_sync::feed("http://127.0.0.1:9/feed.toml", &[]).unwrap_err();
    assert!(err.contains("公開鍵"), "{err}");
    assert!(feed_sync::feed("http://x/feed.toml", &["nonsense".into()]).is_err());
}

#[test]
fn a_feed_notice_with_an_id_already_loaded_is_reported_not_added() {
    let base = Schedule::embedded();
    let dup = base.notices()[0].clone();
    let (schedule, problems) = feed_sync::schedule_with(&base, &[dup]);
    assert_eq!(schedule.notices().len(), base.notices().len());
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("feed notice not used"), "{problems:?}");
}
