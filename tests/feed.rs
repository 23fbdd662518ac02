//! The signed feed against a real HTTP server on 127.0.0.1: a good bundle, a conditional
//! GET, and every way a feed can be refused — each with its message, the cache kept.

mod common;
mod http_server;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant as Clock};

use common::t;
use http_server::{Reply, Server};
use onshi::feed::{
    self, Bundle, Change, Feed, FeedCache, FeedError, Limits, Location, TrustedKeys,
};

/// A publisher: a key pair on disk, and bundles signed with it.
struct Publisher {
    dir: tempfile::TempDir,
    key: PathBuf,
    public: PathBuf,
}

impl Publisher {
    fn new() -> Publisher {
        let dir = tempfile::tempdir().unwrap();
        let (key, public) = feed::sign::keygen(&dir.path().join("keys"), None).unwrap();
        Publisher { dir, key, public }
    }

    fn keys(&self) -> TrustedKeys {
        TrustedKeys::from_files(std::slice::from_ref(&self.public)).unwrap()
    }

    /// A bundle of one notice whose full window starts at `start` (JST), and its signature.
    fn bundle(&self, sequence: u64, id: &str, start: &str) -> (Vec<u8>, Vec<u8>) {
        let notices = self.dir.path().join(format!("notices-{sequence}-{id}"));
        std::fs::create_dir_all(&notices).unwrap();
        std::fs::write(notices.join(format!("{id}.toml")), notice_text(id, start)).unwrap();
        let b = Bundle::from_dir(&notices, sequence, t("2026-11-27T09:00:00+09:00")).unwrap();
        let text = b.to_toml();
        let sig = feed::sign::sign(text.as_bytes(), &self.key, None, sequence).unwrap();
        (text.into_bytes(), sig.into_bytes())
    }
}

/// A notice with one nationwide full window of two hours from `start`.
fn notice_text(id: &str, start: &str) -> String {
    let s = t(start);
    let end = onshi::time::rfc3339_jst(s + chrono::Duration::hours(2));
    format!(
        "id = \"{id}\"\ntitle = \"テスト {id}\"\nissuer = \"テスト\"\nissued = 2026-11-20\n\n\
         [[window]]\nid = \"full\"\nkind = \"full\"\nstart = {start}\nend = {end}\nnationwide = true\n"
    )
}

fn limits() -> Limits {
    Limits {
        max_bytes: 2_000_000,
        connect: Duration::from_secs(2),
        total: Duration::from_secs(2),
    }
}

/// Serves `bundle` at /feed.toml and `sig` at /feed.toml.minisig, with an ETag.
fn serving(bundle: Vec<u8>, sig: Vec<u8>) -> impl Fn(&http_server::Request) -> Reply {
    move |r| match r.path.as_str() {
        "/feed.toml" => Reply::Ok(
            bundle.clone(),
            vec![
                ("ETag", format!("\"v{}\"", bundle.len())),
                ("Last-Modified", "Fri, 27 Nov 2026 00:00:00 GMT".into()),
            ],
        ),
        "/feed.toml.minisig" => Reply::Ok(sig.clone(), vec![]),
        _ => Reply::Status(404, b"not found".to_vec()),
    }
}

/// A server with a good bundle (sequence 5), a cache that holds it, and the feed.
struct Setup {
    publisher: Publisher,
    server: Server,
    cache_dir: tempfile::TempDir,
    feed: Feed,
    good: Vec<u8>,
}

impl Setup {
    fn new() -> Setup {
        let publisher = Publisher::new();
        let (good, sig) = publisher.bundle(5, "feed-good", "2026-12-01T03:00:00+09:00");
        let server = Server::start(serving(good.clone(), sig));
        let feed = Feed {
            location: Location::parse(&server.url("/feed.toml")),
            keys: publisher.keys(),
            limits: limits(),
        };
        let cache_dir = tempfile::tempdir().unwrap();
        let s = Setup {
            publisher,
            server,
            cache_dir,
            feed,
            good,
        };
        let first = s.refresh("2026-11-27T09:00:00+09:00");
        assert_eq!(first.outcome, Ok(Change::Updated { from: None, to: 5 }));
        s
    }

    fn cache(&self) -> FeedCache {
        FeedCache::new(self.cache_dir.path())
    }

    fn refresh(&self, at: &str) -> feed::Refresh {
        feed::refresh(&self.feed, Some(&self.cache()), t(at))
    }

    /// Refreshes against whatever the server now serves; asserts the refusal kept the
    /// good bundle in use and on disk, and that the failure is recorded with its start.
    fn refused(&self) -> FeedError {
        let r = self.refresh("2026-11-28T09:00:00+09:00");
        let err = r.outcome.clone().expect_err("the feed should be refused");
        assert_eq!(r.bundle.as_ref().map(|b| b.sequence), Some(5), "{err}");
        let (notices, _) = r.notices();
        assert_eq!(notices[0].id, "feed-good");
        assert_eq!(self.cache().bundle().unwrap().0, self.good, "cache kept");
        let state = self.cache().state();
        assert_eq!(state.failing_since, Some(t("2026-11-28T09:00:00+09:00")));
        assert_eq!(state.last_error.as_deref(), Some(err.to_string().as_str()));
        assert_eq!(state.last_confirmed, Some(t("2026-11-27T09:00:00+09:00")));
        assert_eq!(err.to_string().lines().count(), 1);
        err
    }
}

#[test]
fn a_good_bundle_is_verified_cached_and_its_notices_used() {
    let s = Setup::new();
    let (bytes, sig) = s.cache().bundle().unwrap();
    assert_eq!(bytes, s.good);
    // The cached pair verifies with the publisher's key on its own.
    let b = feed::open(&s.publisher.keys(), &bytes, &sig).unwrap();
    assert_eq!(b.sequence, 5);
    let state = s.cache().state();
    assert_eq!(state.sequence, Some(5));
    assert_eq!(state.last_confirmed, Some(t("2026-11-27T09:00:00+09:00")));
    assert_eq!(state.failing_since, None);

    // The notices reach a schedule and put Fukuoka in a full outage at the window.
    let r = s.refresh("2026-11-27T10:00:00+09:00");
    let mut schedule = onshi::Schedule::default();
    for n in r.notices().0 {
        schedule.add(n).unwrap();
    }
    let status = schedule.status(common::pref("福岡"), t("2026-12-01T03:30:00+09:00"));
    assert_eq!(status.state, onshi::State::FullOutage);
}

#[test]
fn a_conditional_get_answered_304_keeps_using_the_cache() {
    let s = Setup::new();
    let etag = format!("\"v{}\"", s.good.len());
    s.server.set(move |r| {
        if r.header("if-none-match") == Some(etag.as_str()) {
            Reply::NotModified
        } else {
            Reply::Status(500, b"should have been conditional".to_vec())
        }
    });
    let r = s.refresh("2026-11-28T09:00:00+09:00");
    assert_eq!(r.outcome, Ok(Change::Unchanged(5)));
    assert_eq!(r.bundle.unwrap().sequence, 5);
    let last = s.server.requests().pop().unwrap();
    assert_eq!(last.path, "/feed.toml");
    assert_eq!(
        last.header("if-modified-since"),
        Some("Fri, 27 Nov 2026 00:00:00 GMT")
    );
    // A 304 confirms the notices as current.
    assert_eq!(
        s.cache().state().last_confirmed,
        Some(t("2026-11-28T09:00:00+09:00"))
    );
}

#[test]
fn a_newer_bundle_replaces_the_cached_one() {
    let s = Setup::new();
    let (b, sig) = s
        .publisher
        .bundle(6, "feed-newer", "2026-12-02T03:00:00+09:00");
    s.server.set(serving(b.clone(), sig));
    let r = s.refresh("2026-11-28T09:00:00+09:00");
    assert_eq!(
        r.outcome,
        Ok(Change::Updated {
            from: Some(5),
            to: 6
        })
    );
    assert_eq!(r.notices().0[0].id, "feed-newer");
    assert_eq!(s.cache().bundle().unwrap().0, b);
}

#[test]
fn a_tampered_bundle_is_refused_for_its_signature() {
    let s = Setup::new();
    let (mut b, sig) = s
        .publisher
        .bundle(6, "feed-evil", "2026-12-02T03:00:00+09:00");
    let at = b.windows(4).position(|w| w == b"full").unwrap();
    b[at..at + 4].copy_from_slice(b"FULL");
    s.server.set(serving(b, sig));
    let e = s.refused();
    assert!(matches!(e, FeedError::BadSignature(_)), "{e}");
    assert!(
        e.to_string().contains("署名") && e.to_string().contains("signature"),
        "{e}"
    );
}

#[test]
fn a_bundle_signed_with_another_key_is_refused() {
    let s = Setup::new();
    let stranger = Publisher::new();
    let (b, sig) = stranger.bundle(6, "feed-stranger", "2026-12-02T03:00:00+09:00");
    s.server.set(serving(b, sig));
    let e = s.refused();
    assert!(matches!(e, FeedError::UnknownKey(_)), "{e}");
    assert!(e.to_string().contains("署名の鍵が違います"), "{e}");
}

#[test]
fn a_truncated_bundle_is_refused() {
    let s = Setup::new();
    let (b, sig) = s
        .publisher
        .bundle(6, "feed-cut", "2026-12-02T03:00:00+09:00");
    s.server.set(serving(b[..b.len() / 2].to_vec(), sig));
    let e = s.refused();
    assert!(matches!(e, FeedError::BadSignature(_)), "{e}");
}

#[test]
fn a_10_mb_body_is_refused_at_the_limit() {
    let s = Setup::new();
    s.server.set(|r| match r.path.as_str() {
        "/feed.toml" => Reply::Ok(vec![b'#'; 10_000_000], vec![]),
        _ => Reply::Status(404, vec![]),
    });
    let started = Clock::now();
    let e = s.refused();
    assert!(matches!(e, FeedError::TooLarge(2_000_000)), "{e}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_slow_server_times_out_within_the_limit() {
    let s = Setup::new();
    let (b, sig) = s
        .publisher
        .bundle(6, "feed-slow", "2026-12-02T03:00:00+09:00");
    s.server.set(move |r| match r.path.as_str() {
        "/feed.toml" => Reply::Slow(b.clone(), Duration::from_millis(200)),
        _ => Reply::Ok(sig.clone(), vec![]),
    });
    let started = Clock::now();
    let e = s.refused();
    let took = started.elapsed();
    assert!(matches!(e, FeedError::Timeout(..)), "{e}");
    assert!(
        took >= Duration::from_millis(1500) && took < Duration::from_secs(5),
        "{took:?}"
    );
    assert!(e.to_string().contains("時間切れ"), "{e}");
}

#[test]
fn http_404_and_500_are_refused_with_their_status() {
    let s = Setup::new();
    s.server
        .set(|_| Reply::Status(404, b"<h1>Not Found</h1>".to_vec()));
    let e = s.refused();
    assert_eq!(e, FeedError::Status(404, s.server.url("/feed.toml")));
    assert!(e.to_string().contains("HTTP 404"));
    s.server.set(|_| Reply::Status(500, b"oops".to_vec()));
    let r = s.refresh("2026-11-28T10:00:00+09:00");
    assert!(matches!(r.outcome, Err(FeedError::Status(500, _))));
    // Still failing since the first failure, not the latest.
    assert_eq!(
        s.cache().state().failing_since,
        Some(t("2026-11-28T09:00:00+09:00"))
    );
    assert_eq!(r.bundle.unwrap().sequence, 5);
}

#[test]
fn an_html_page_instead_of_a_bundle_is_refused() {
    let s = Setup::new();
    let page = b"<!DOCTYPE html>\n<html><body>Please log in</body></html>".to_vec();
    s.server.set(move |_| Reply::Ok(page.clone(), vec![]));
    let e = s.refused();
    assert!(matches!(e, FeedError::NotABundle(_)), "{e}");
    assert!(e.to_string().contains("HTML"), "{e}");
}

#[test]
fn a_missing_signature_is_refused() {
    let s = Setup::new();
    let (b, _) = s
        .publisher
        .bundle(6, "feed-unsigned", "2026-12-02T03:00:00+09:00");
    s.server.set(move |r| match r.path.as_str() {
        "/feed.toml" => Reply::Ok(b.clone(), vec![]),
        _ => Reply::Status(404, vec![]),
    });
    let e = s.refused();
    assert!(matches!(e, FeedError::MissingSignature(_)), "{e}");
    assert!(e.is_signature());
}

#[test]
fn an_older_signed_bundle_is_refused_as_a_rollback() {
    let s = Setup::new();
    let (b, sig) = s
        .publisher
        .bundle(3, "feed-old", "2026-12-02T03:00:00+09:00");
    s.server.set(serving(b, sig));
    let e = s.refused();
    assert_eq!(e, FeedError::Rollback { got: 3, cached: 5 });
    assert!(e.to_string().contains("rollback"), "{e}");
}

#[test]
fn an_unreachable_server_keeps_the_cache_and_recovery_clears_the_failure() {
    let s = Setup::new();
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let feed = Feed {
        location: Location::parse(&s.server.url("/feed.toml")),
        ..s.feed.clone()
    };
    let mut away = feed.clone();
    away.location = Location::Http(format!("http://{dead}/feed.toml"));
    // A different location starts afresh: no cached bundle is carried over to it.
    let r = feed::refresh(&away, Some(&s.cache()), t("2026-11-28T09:00:00+09:00"));
    assert!(
        matches!(r.outcome, Err(FeedError::Unreachable(_))),
        "{:?}",
        r.outcome
    );
    assert!(r.bundle.is_none());
    // Back at the real location, the server works again and the failure is cleared.
    let r = feed::refresh(&feed, Some(&s.cache()), t("2026-11-28T10:00:00+09:00"));
    assert!(r.outcome.is_ok(), "{:?}", r.outcome);
    assert_eq!(s.cache().state().failing_since, None);
}

#[test]
fn a_folder_on_a_file_share_is_a_feed_too() {
    let p = Publisher::new();
    let share = tempfile::tempdir().unwrap();
    let (b, sig) = p.bundle(1, "feed-share", "2026-12-01T03:00:00+09:00");
    write(share.path(), "notices.feed.toml", &b);
    write(share.path(), "notices.feed.toml.minisig", &sig);
    let feed = Feed {
        location: Location::parse(share.path().to_str().unwrap()),
        keys: p.keys(),
        limits: limits(),
    };
    let r = feed::refresh(&feed, None, t("2026-11-27T09:00:00+09:00"));
    assert_eq!(r.outcome, Ok(Change::Updated { from: None, to: 1 }));
    assert_eq!(r.notices().0[0].id, "feed-share");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

#[test]
fn the_cached_bundle_is_used_offline_and_only_with_a_trusted_key() {
    let s = Setup::new();
    // The server is gone; the cache alone gives the bundle, verified again.
    s.server
        .set(|_| Reply::Status(500, b"should not be asked".to_vec()));
    let asked = s.server.requests().len();
    let b = feed::cached(&s.feed, &s.cache()).expect("cached bundle");
    assert_eq!(b.sequence, 5);
    assert_eq!(s.server.requests().len(), asked, "no fetch");
    // With another key trusted instead, the cached bundle is not used.
    let other = Feed {
        keys: Publisher::new().keys(),
        ..s.feed.clone()
    };
    assert!(feed::cached(&other, &s.cache()).is_none());
    // A changed cache file is not used either.
    let path = s.cache().dir().join("feed-bundle.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("full", "FULL");
    std::fs::write(&path, text).unwrap();
    assert!(feed::cached(&s.feed, &s.cache()).is_none());
}

impl Publisher {
    /// A bundle of one notice created at `created`, valid for `validity`, and its signature.
    fn bundle_at(
        &self,
        sequence: u64,
        created: onshi::time::Instant,
        validity: chrono::Duration,
    ) -> (Vec<u8>, Vec<u8>) {
        let notices = self.dir.path().join(format!("notices-at-{sequence}"));
        std::fs::create_dir_all(&notices).unwrap();
        let id = format!("feed-at-{sequence}");
        std::fs::write(
            notices.join(format!("{id}.toml")),
            notice_text(&id, "2026-12-02T03:00:00+09:00"),
        )
        .unwrap();
        let b = Bundle::from_dir(&notices, sequence, created)
            .unwrap()
            .valid_for(validity)
            .unwrap();
        let text = b.to_toml();
        let sig = feed::sign::sign(text.as_bytes(), &self.key, None, sequence).unwrap();
        (text.into_bytes(), sig.into_bytes())
    }
}

/// Whole seconds, as bundles carry them.
fn wall_now() -> onshi::time::Instant {
    chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp(), 0).unwrap()
}

#[test]
fn a_bundle_created_more_than_a_day_ahead_of_the_clock_is_refused() {
    let s = Setup::new();
    // Two days ahead of both clocks the check reads: the PC's and the refresh's (s.refused()
    // refreshes at 28 November).
    let created = wall_now().max(t("2026-11-28T09:00:00+09:00")) + chrono::Duration::days(2);
    let (b, sig) = s.publisher.bundle_at(6, created, chrono::Duration::days(7));
    s.server.set(serving(b, sig));
    let e = s.refused();
    assert_eq!(
        e,
        FeedError::FromTheFuture(onshi::time::rfc3339_jst(created))
    );
    let text = e.to_string();
    assert!(
        text.starts_with("作成日時が未来のフィードを拒否しました") && text.contains("clock"),
        "{text}"
    );
    // Half a day ahead (a publisher's clock a little fast) is within the tolerance.
    let (b, sig) = s.publisher.bundle_at(
        7,
        wall_now() + chrono::Duration::hours(12),
        chrono::Duration::days(7),
    );
    s.server.set(serving(b, sig));
    let r = feed::refresh(&s.feed, Some(&s.cache()), wall_now());
    assert_eq!(
        r.outcome,
        Ok(Change::Updated {
            from: Some(5),
            to: 7
        })
    );
}

#[test]
fn the_expiry_is_signed_a_changed_one_is_refused() {
    let s = Setup::new();
    let (b, sig) =
        s.publisher
            .bundle_at(6, t("2026-11-28T09:00:00+09:00"), chrono::Duration::days(2));
    let text = String::from_utf8(b).unwrap();
    assert!(
        text.contains("\nexpires = \"2026-11-30T09:00:00+09:00\"\n"),
        "{text}"
    );
    let later = text.replace("2026-11-30T09:00:00", "2027-11-30T09:00:00");
    s.server.set(serving(later.into_bytes(), sig.clone()));
    let e = s.refused();
    assert!(matches!(e, FeedError::BadSignature(_)), "{e}");
    // Unchanged, it is accepted and remembered.
    s.server.set(serving(text.into_bytes(), sig));
    let r = s.refresh("2026-11-28T10:00:00+09:00");
    assert!(r.outcome.is_ok(), "{:?}", r.outcome);
    assert_eq!(
        r.bundle.unwrap().expires,
        Some(t("2026-11-30T09:00:00+09:00"))
    );
    assert_eq!(
        s.cache().state().expires,
        Some(t("2026-11-30T09:00:00+09:00"))
    );
}

/// Serves `bundle` at /feed.toml with an ETag, answering 304 to a matching If-None-Match.
fn conditional(bundle: Vec<u8>, sig: Vec<u8>) -> impl Fn(&http_server::Request) -> Reply {
    let etag = format!("\"{}\"", bundle.len());
    move |r| match r.path.as_str() {
        "/feed.toml" if r.header("if-none-match") == Some(etag.as_str()) => Reply::NotModified,
        "/feed.toml" => Reply::Ok(bundle.clone(), vec![("ETag", etag.clone())]),
        "/feed.toml.minisig" => Reply::Ok(sig.clone(), vec![]),
        _ => Reply::Status(404, vec![]),
    }
}

fn dead_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}/feed.toml", l.local_addr().unwrap())
}

fn asked(server: &Server) -> Vec<http_server::Request> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.path == "/feed.toml")
        .collect()
}

#[test]
fn of_two_sources_the_first_down_the_second_is_used() {
    let p = Publisher::new();
    let (b, sig) = p.bundle(1, "feed-mirror", "2026-12-01T03:00:00+09:00");
    let mirror = Server::start(conditional(b, sig));
    let dead = dead_url();
    let feed = Feed {
        location: Location::parse(&format!("{dead}\n{}", mirror.url("/feed.toml"))),
        keys: p.keys(),
        limits: limits(),
    };
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = FeedCache::new(cache_dir.path());
    let r = feed::refresh(&feed, Some(&cache), t("2026-11-27T09:00:00+09:00"));
    assert_eq!(r.outcome, Ok(Change::Updated { from: None, to: 1 }));
    assert_eq!(r.notices().0[0].id, "feed-mirror");
    let state = cache.state();
    assert_eq!(state.failing_since, None);
    assert_eq!(state.sources.len(), 2);
    assert_eq!(state.sources[0].location, dead);
    let down = state.sources[0].last_error.as_deref().unwrap();
    assert!(down.starts_with("フィードに接続できません"), "{down}");
    assert_eq!(state.sources[0].last_ok, None);
    assert_eq!(state.sources[1].sequence, Some(1));
    assert_eq!(state.sources[1].last_error, None);
    assert_eq!(
        state.sources[1].last_ok,
        Some(t("2026-11-27T09:00:00+09:00"))
    );

    // Next time the mirror is asked conditionally and its 304 confirms the cached bundle.
    let r = feed::refresh(&feed, Some(&cache), t("2026-11-27T15:00:00+09:00"));
    assert_eq!(r.outcome, Ok(Change::Unchanged(1)));
    assert!(asked(&mirror)
        .last()
        .unwrap()
        .header("if-none-match")
        .is_some());
    assert_eq!(
        cache.state().last_confirmed,
        Some(t("2026-11-27T15:00:00+09:00"))
    );

    // Both down: the cached bundle stays in use and the first source's failure is told.
    mirror.set(|_| Reply::Status(503, vec![]));
    let r = feed::refresh(&feed, Some(&cache), t("2026-11-27T21:00:00+09:00"));
    assert!(
        matches!(r.outcome, Err(FeedError::Unreachable(_))),
        "{:?}",
        r.outcome
    );
    assert_eq!(r.bundle.unwrap().sequence, 1);
    let state = cache.state();
    assert_eq!(state.failing_since, Some(t("2026-11-27T21:00:00+09:00")));
    assert!(state.sources[1]
        .last_error
        .as_deref()
        .unwrap()
        .contains("HTTP 503"));
}

#[test]
fn of_two_sources_the_newer_bundle_wins_whichever_serves_it() {
    let p = Publisher::new();
    let (old, old_sig) = p.bundle(5, "feed-five", "2026-12-01T03:00:00+09:00");
    let (newer, newer_sig) = p.bundle(6, "feed-six", "2026-12-02T03:00:00+09:00");
    // The first source is a stale mirror; the second has the newer bundle.
    let first = Server::start(conditional(old, old_sig));
    let second = Server::start(conditional(newer.clone(), newer_sig.clone()));
    let feed = Feed {
        location: Location::parse(&format!(
            "{} | {}",
            first.url("/feed.toml"),
            second.url("/feed.toml")
        )),
        keys: p.keys(),
        limits: limits(),
    };
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = FeedCache::new(cache_dir.path());
    let r = feed::refresh(&feed, Some(&cache), t("2026-11-27T09:00:00+09:00"));
    assert_eq!(r.outcome, Ok(Change::Updated { from: None, to: 6 }));
    assert_eq!(r.notices().0[0].id, "feed-six");
    assert_eq!(cache.bundle().unwrap().0, newer);
    let state = cache.state();
    assert_eq!(state.sequence, Some(6));
    assert_eq!(
        (state.sources[0].sequence, state.sources[1].sequence),
        (Some(5), Some(6))
    );

    // Asked again: the stale mirror is now a rollback (told for it alone); the second's 304
    // keeps 6. The first was not sent the validators of a bundle it never served.
    let r = feed::refresh(&feed, Some(&cache), t("2026-11-27T15:00:00+09:00"));
    assert_eq!(r.outcome, Ok(Change::Unchanged(6)));
    assert!(asked(&first)
        .last()
        .unwrap()
        .header("if-none-match")
        .is_none());
    assert!(asked(&second)
        .last()
        .unwrap()
        .header("if-none-match")
        .is_some());
    let state = cache.state();
    let stale = state.sources[0].last_error.as_deref().unwrap();
    assert!(stale.contains("rollback"), "{stale}");
    assert_eq!(state.last_error, None);

    // The first source catches up and goes ahead: its newer bundle wins.
    let (seven, seven_sig) = p.bundle(7, "feed-seven", "2026-12-03T03:00:00+09:00");
    first.set(conditional(seven, seven_sig));
    let r = feed::refresh(&feed, Some(&cache), t("2026-11-27T21:00:00+09:00"));
    assert_eq!(
        r.outcome,
        Ok(Change::Updated {
            from: Some(6),
            to: 7
        })
    );
    assert_eq!(r.notices().0[0].id, "feed-seven");
    // The second still serves 6 (its 304 said so): that no longer counts as the bundle in use.
    let state = cache.state();
    assert_eq!(
        (state.sources[0].sequence, state.sources[1].sequence),
        (Some(7), Some(6))
    );
    assert_eq!(state.sources[1].etag, None);
    let r = feed::refresh(&feed, Some(&cache), t("2026-11-28T03:00:00+09:00"));
    assert_eq!(r.outcome, Ok(Change::Unchanged(7)));
    assert!(asked(&second)
        .last()
        .unwrap()
        .header("if-none-match")
        .is_none());
    assert!(cache.state().sources[1]
        .last_error
        .as_deref()
        .unwrap()
        .contains("rollback"));
}

#[test]
fn a_folder_on_a_share_can_back_up_a_url() {
    let p = Publisher::new();
    let share = tempfile::tempdir().unwrap();
    let (b, sig) = p.bundle(3, "feed-share-copy", "2026-12-01T03:00:00+09:00");
    write(share.path(), "onshi-feed.toml", &b);
    write(share.path(), "onshi-feed.toml.minisig", &sig);
    let feed = Feed {
        location: Location::parse(&format!("{}|{}", dead_url(), share.path().display())),
        keys: p.keys(),
        limits: limits(),
    };
    let r = feed::refresh(&feed, None, t("2026-11-27T09:00:00+09:00"));
    assert_eq!(r.outcome, Ok(Change::Updated { from: None, to: 3 }));
    assert_eq!(r.notices().0[0].id, "feed-share-copy");
}

// --- Key rotation: a bundle names the next key, signed by the current one ---

impl Publisher {
    /// The base64 line of the public key (`RW…`).
    fn key_line(&self) -> String {
        feed::sign::key_line(&std::fs::read_to_string(&self.public).unwrap()).unwrap()
    }

    /// As [`Publisher::bundle`], naming `next`'s key as the next one.
    fn bundle_naming(&self, sequence: u64, id: &str, next: &Publisher) -> (Vec<u8>, Vec<u8>) {
        let notices = self
            .dir
            .path()
            .join(format!("notices-next-{sequence}-{id}"));
        std::fs::create_dir_all(&notices).unwrap();
        std::fs::write(
            notices.join(format!("{id}.toml")),
            notice_text(id, "2026-12-01T03:00:00+09:00"),
        )
        .unwrap();
        let b = Bundle::from_dir(&notices, sequence, t("2026-11-27T09:00:00+09:00"))
            .unwrap()
            .naming_next_key(&std::fs::read_to_string(&next.public).unwrap())
            .unwrap();
        let text = b.to_toml();
        assert!(text.contains(&format!("\nnext_key = \"{}\"\n", next.key_line())));
        let sig = feed::sign::sign(text.as_bytes(), &self.key, None, sequence).unwrap();
        (text.into_bytes(), sig.into_bytes())
    }
}

/// A new client over `cache_dir`: the keys read again from the `.pub` file, a new cache.
fn client(server: &Server, public: &Path, cache_dir: &Path, pinned: bool) -> (Feed, FeedCache) {
    let keys = TrustedKeys::from_files(&[public.to_path_buf()]).unwrap();
    let feed = Feed {
        location: Location::parse(&server.url("/feed.toml")),
        keys: if pinned { keys.pin() } else { keys },
        limits: limits(),
    };
    (feed, FeedCache::new(cache_dir))
}

#[test]
fn a_named_next_key_takes_over_and_then_the_old_key_is_refused_across_restarts() {
    let old = Publisher::new();
    let new = Publisher::new();
    let (b, sig) = old.bundle_naming(5, "rot-5", &new);
    let server = Server::start(serving(b, sig));
    let cache_dir = tempfile::tempdir().unwrap();
    let at = t("2026-11-27T09:00:00+09:00");

    // Trusting the old key only: the bundle naming the new key is accepted, and remembered.
    let (f, c) = client(&server, &old.public, cache_dir.path(), false);
    let r = feed::refresh(&f, Some(&c), at);
    assert_eq!(r.outcome, Ok(Change::Updated { from: None, to: 5 }));
    assert_eq!(c.state().next_key, Some(new.key_line()));
    assert!(feed::next_key_not_taken(&f, r.bundle.as_ref().unwrap()).is_none());

    // After a restart (a new client, the same cache folder), a bundle signed by the new key.
    let (b, sig) = new.bundle(6, "rot-6", "2026-12-02T03:00:00+09:00");
    server.set(serving(b, sig));
    let (f, c) = client(&server, &old.public, cache_dir.path(), false);
    let r = feed::refresh(&f, Some(&c), at);
    assert_eq!(
        r.outcome,
        Ok(Change::Updated {
            from: Some(5),
            to: 6
        })
    );
    let state = c.state();
    assert_eq!(state.rotated_to, Some(new.key_line()));
    assert_eq!(state.retired_keys, vec![old.key_line()]);
    assert_eq!(state.next_key, None);

    // Now a bundle signed by the old key is refused, even a newer one, with one clear line.
    let (b, sig) = old.bundle(7, "rot-7-old", "2026-12-03T03:00:00+09:00");
    server.set(serving(b, sig));
    for _restart in 0..2 {
        let (f, c) = client(&server, &old.public, cache_dir.path(), false);
        // Offline, at start: the cached bundle (signed by the new key) is in use.
        assert_eq!(feed::cached(&f, &c).map(|b| b.sequence), Some(6));
        let r = feed::refresh(&f, Some(&c), at);
        let e = r.outcome.clone().unwrap_err();
        assert_eq!(e, FeedError::RetiredKey);
        let line = e.to_string();
        assert_eq!(line.lines().count(), 1);
        assert!(
            line.starts_with("古い鍵で署名されたフィードを拒否しました")
                && line.contains("signed with the old key"),
            "{line}"
        );
        assert_eq!(r.bundle.as_ref().map(|b| b.sequence), Some(6), "kept");
    }

    // The new key goes on working after a restart.
    let (b, sig) = new.bundle(8, "rot-8", "2026-12-04T03:00:00+09:00");
    server.set(serving(b, sig));
    let (f, c) = client(&server, &old.public, cache_dir.path(), false);
    let r = feed::refresh(&f, Some(&c), at);
    assert_eq!(
        r.outcome,
        Ok(Change::Updated {
            from: Some(6),
            to: 8
        })
    );
    assert_eq!(r.notices().0[0].id, "rot-8");
}

#[test]
fn without_a_next_key_named_a_bundle_signed_by_another_key_is_still_refused() {
    let old = Publisher::new();
    let new = Publisher::new();
    let (b, sig) = old.bundle(5, "plain-5", "2026-12-01T03:00:00+09:00");
    let server = Server::start(serving(b, sig));
    let cache_dir = tempfile::tempdir().unwrap();
    let (f, c) = client(&server, &old.public, cache_dir.path(), false);
    let at = t("2026-11-27T09:00:00+09:00");
    assert!(feed::refresh(&f, Some(&c), at).outcome.is_ok());
    let (b, sig) = new.bundle(6, "plain-6", "2026-12-02T03:00:00+09:00");
    server.set(serving(b, sig));
    let e = feed::refresh(&f, Some(&c), at).outcome.unwrap_err();
    assert!(matches!(e, FeedError::UnknownKey(_)), "{e}");
}

#[test]
fn keys_pinned_by_the_policy_never_take_a_named_next_key() {
    let old = Publisher::new();
    let new = Publisher::new();
    let (b, sig) = old.bundle_naming(5, "pin-5", &new);
    let server = Server::start(serving(b, sig));
    let cache_dir = tempfile::tempdir().unwrap();
    let at = t("2026-11-27T09:00:00+09:00");
    let (f, c) = client(&server, &old.public, cache_dir.path(), true);
    let r = feed::refresh(&f, Some(&c), at);
    // Accepted (not an error for staff), and said once as a note, not taken.
    assert_eq!(r.outcome, Ok(Change::Updated { from: None, to: 5 }));
    let note = feed::next_key_not_taken(&f, r.bundle.as_ref().unwrap()).unwrap();
    assert_eq!(note.lines().count(), 1);
    assert!(
        note.contains(&new.key_line()) && note.contains("pins"),
        "{note}"
    );
    assert_eq!(c.state().next_key, None);

    // A bundle signed by the named key is refused: only the policy's keys count.
    let (b, sig) = new.bundle(6, "pin-6", "2026-12-02T03:00:00+09:00");
    server.set(serving(b, sig));
    let (f, c) = client(&server, &old.public, cache_dir.path(), true);
    let e = feed::refresh(&f, Some(&c), at).outcome.unwrap_err();
    assert!(matches!(e, FeedError::UnknownKey(_)), "{e}");
    // The old key goes on working.
    let (b, sig) = old.bundle(7, "pin-7", "2026-12-03T03:00:00+09:00");
    server.set(serving(b, sig));
    let r = feed::refresh(&f, Some(&c), at);
    assert_eq!(
        r.outcome,
        Ok(Change::Updated {
            from: Some(5),
            to: 7
        })
    );
}

#[test]
fn a_next_key_that_is_not_a_public_key_makes_the_bundle_unreadable() {
    let p = Publisher::new();
    let text = "format = 1\nsequence = 3\ncreated = \"2026-11-27T09:00:00+09:00\"\nnext_key = \"RWnope\"\n";
    let sig = feed::sign::sign(text.as_bytes(), &p.key, None, 3).unwrap();
    let e = feed::open(&p.keys(), text.as_bytes(), sig.as_bytes()).unwrap_err();
    assert!(
        matches!(&e, FeedError::Malformed(m) if m.contains("next_key")),
        "{e}"
    );
}

// --- One PC fetches for the clinic: the relay folder ---

/// PC A: follows the server, with its own config (cache) folder.
struct Pc {
    feed: Feed,
    config: tempfile::TempDir,
}

impl Pc {
    fn new(location: &str, keys: TrustedKeys) -> Pc {
        Pc {
            feed: Feed {
                location: Location::parse(location),
                keys,
                limits: limits(),
            },
            config: tempfile::tempdir().unwrap(),
        }
    }

    fn cache(&self) -> FeedCache {
        FeedCache::new(self.config.path().join("feed"))
    }

    fn refresh(&self) -> feed::Refresh {
        feed::refresh(
            &self.feed,
            Some(&self.cache()),
            t("2026-11-27T09:00:00+09:00"),
        )
    }

    fn relay(&self, folder: &Path) -> Result<feed::Relayed, feed::RelayError> {
        feed::relay::relay(&self.feed, &self.cache(), folder)
    }
}

/// Every file in `dir` with its bytes.
fn folder(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    all.sort();
    all
}

fn ids(r: &feed::Refresh) -> Vec<String> {
    r.notices().0.into_iter().map(|n| n.id).collect()
}

#[test]
fn one_pc_relays_to_a_folder_and_another_reads_only_the_folder() {
    let p = Publisher::new();
    let (b, sig) = p.bundle(5, "relay-5", "2026-12-01T03:00:00+09:00");
    let server = Server::start(serving(b.clone(), sig.clone()));
    let relay = tempfile::tempdir().unwrap();
    let a = Pc::new(&server.url("/feed.toml"), p.keys());
    let b_pc = Pc::new(relay.path().to_str().unwrap(), p.keys());

    // Nothing fetched yet: nothing to relay.
    assert_eq!(a.relay(relay.path()), Ok(feed::Relayed::Nothing));
    let ra = a.refresh();
    assert_eq!(ra.outcome, Ok(Change::Updated { from: None, to: 5 }));
    assert_eq!(a.relay(relay.path()), Ok(feed::Relayed::Written(5)));
    // Exactly the folder transport's file names, the bytes as signed, no temporary file left.
    assert_eq!(
        folder(relay.path()),
        vec![
            ("onshi-feed.toml".to_string(), b.clone()),
            ("onshi-feed.toml.minisig".to_string(), sig.clone()),
        ]
    );
    // Relayed again: nothing written.
    assert_eq!(a.relay(relay.path()), Ok(feed::Relayed::Unchanged(5)));

    // PC B reads only the folder, and gets the same notices and windows.
    let rb = b_pc.refresh();
    assert_eq!(rb.outcome, Ok(Change::Updated { from: None, to: 5 }));
    assert_eq!(ids(&rb), ids(&ra));
    assert_eq!(rb.notices().0[0].windows, ra.notices().0[0].windows);
    assert!(server
        .requests()
        .iter()
        .all(|r| r.path.starts_with("/feed.toml")));

    // A newer bundle reaches B through A.
    let (b6, sig6) = p.bundle(6, "relay-6", "2026-12-02T03:00:00+09:00");
    server.set(serving(b6.clone(), sig6));
    assert!(a.refresh().outcome.is_ok());
    assert_eq!(a.relay(relay.path()), Ok(feed::Relayed::Written(6)));
    let rb = b_pc.refresh();
    assert_eq!(
        rb.outcome,
        Ok(Change::Updated {
            from: Some(5),
            to: 6
        })
    );
    assert_eq!(ids(&rb), vec!["relay-6".to_string()]);

    // Someone changes the file in the relay folder: B refuses it and keeps what it has.
    let path = relay.path().join("onshi-feed.toml");
    let tampered = String::from_utf8(b6)
        .unwrap()
        .replace("sequence = 6", "sequence = 9");
    std::fs::write(&path, tampered).unwrap();
    let rb = b_pc.refresh();
    let e = rb.outcome.clone().unwrap_err();
    assert!(matches!(e, FeedError::BadSignature(_)), "{e}");
    assert_eq!(ids(&rb), vec!["relay-6".to_string()]);
    // A replaces the tampered pair with what it verified.
    assert_eq!(a.relay(relay.path()), Ok(feed::Relayed::Written(6)));
    assert!(b_pc.refresh().outcome.is_ok());
}

#[test]
fn the_relay_never_writes_an_unverified_bundle() {
    let p = Publisher::new();
    let (b, sig) = p.bundle(5, "relay-good", "2026-12-01T03:00:00+09:00");
    let server = Server::start(serving(b, sig));
    let relay = tempfile::tempdir().unwrap();
    let a = Pc::new(&server.url("/feed.toml"), p.keys());
    assert!(a.refresh().outcome.is_ok());
    assert_eq!(a.relay(relay.path()), Ok(feed::Relayed::Written(5)));
    let before = folder(relay.path());

    // The server serves a newer bundle with a bad signature: refused, the folder unchanged.
    let (b6, sig6) = p.bundle(6, "relay-bad", "2026-12-02T03:00:00+09:00");
    let bad = String::from_utf8(b6).unwrap().replace("full", "partial");
    server.set(serving(bad.into_bytes(), sig6));
    assert!(a.refresh().outcome.unwrap_err().is_signature());
    assert_eq!(a.relay(relay.path()), Ok(feed::Relayed::Unchanged(5)));
    assert_eq!(folder(relay.path()), before);

    // A cache someone changed on A's disk is not relayed either: one line, nothing written.
    let cached = a.cache().dir().join("feed-bundle.toml");
    let text = std::fs::read_to_string(&cached).unwrap();
    std::fs::write(&cached, text.replace("full", "partial")).unwrap();
    let e = a.relay(relay.path()).unwrap_err().to_string();
    assert_eq!(e.lines().count(), 1);
    assert!(e.contains("does not verify"), "{e}");
    assert_eq!(folder(relay.path()), before);
}

#[test]
fn the_relay_never_writes_a_lower_sequence_nor_into_its_own_source() {
    let p = Publisher::new();
    let relay = tempfile::tempdir().unwrap();
    let (b7, sig7) = p.bundle(7, "relay-7", "2026-12-01T03:00:00+09:00");
    write(relay.path(), "onshi-feed.toml", &b7);
    write(relay.path(), "onshi-feed.toml.minisig", &sig7);
    let before = folder(relay.path());

    // A PC holding 5 does not write it over the 7 another PC relayed.
    let (b5, sig5) = p.bundle(5, "relay-5", "2026-12-01T03:00:00+09:00");
    let server = Server::start(serving(b5, sig5));
    let a = Pc::new(&server.url("/feed.toml"), p.keys());
    assert!(a.refresh().outcome.is_ok());
    assert_eq!(
        a.relay(relay.path()),
        Ok(feed::Relayed::Newer {
            held: 7,
            offered: 5
        })
    );
    assert_eq!(folder(relay.path()), before);

    // A PC reading the relay folder (alone or among its sources) never writes back into it.
    let mirror = format!("{} | {}", server.url("/feed.toml"), relay.path().display());
    for location in [relay.path().display().to_string(), mirror] {
        let pc = Pc::new(&location, p.keys());
        assert!(pc.refresh().outcome.is_ok());
        let e = pc.relay(relay.path()).unwrap_err().to_string();
        assert_eq!(e.lines().count(), 1);
        assert!(
            e.contains(&relay.path().display().to_string())
                && e.contains("also where this PC reads its feed"),
            "{e}"
        );
        assert_eq!(folder(relay.path()), before);
    }

    // A folder that is not there (a share not connected): one line naming it, what to do.
    let gone = relay.path().join("not-mounted");
    let e = a.relay(&gone).unwrap_err().to_string();
    assert_eq!(e.lines().count(), 1);
    assert!(
        e.starts_with("フィードを中継フォルダ")
            && e.contains(&gone.display().to_string())
            && e.contains("check that it exists"),
        "{e}"
    );
    assert!(!gone.exists(), "never created");
}

#[test]
fn a_rotation_given_up_before_the_switch_is_forgotten() {
    let old = Publisher::new();
    let new = Publisher::new();
    let (b, sig) = old.bundle_naming(5, "give-up-5", &new);
    let server = Server::start(serving(b, sig));
    let cache_dir = tempfile::tempdir().unwrap();
    let at = t("2026-11-27T09:00:00+09:00");
    let (f, c) = client(&server, &old.public, cache_dir.path(), false);
    assert!(feed::refresh(&f, Some(&c), at).outcome.is_ok());
    assert_eq!(c.state().next_key, Some(new.key_line()));
    // The publisher deleted next.key: its next bundle names none, and the PC forgets it.
    let (b, sig) = old.bundle(6, "give-up-6", "2026-12-02T03:00:00+09:00");
    server.set(serving(b, sig));
    assert!(feed::refresh(&f, Some(&c), at).outcome.is_ok());
    assert_eq!(c.state().next_key, None);
    assert!(c.state().retired_keys.is_empty());
    let (b, sig) = new.bundle(7, "give-up-7", "2026-12-03T03:00:00+09:00");
    server.set(serving(b, sig));
    let e = feed::refresh(&f, Some(&c), at).outcome.unwrap_err();
    assert!(matches!(e, FeedError::UnknownKey(_)), "{e}");
}
