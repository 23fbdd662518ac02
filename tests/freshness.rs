//! Freshness told honestly: no feed, a feed confirmed recently, a feed not reached for
//! 48 hours (the app's clock moved on, as a training clock does), through a real fetch.

mod common;
mod http_server;

use common::t;
use http_server::{Reply, Server};
use onshi::feed::{self, Bundle, Feed, FeedCache, FeedState, Limits, Location, TrustedKeys};
use onshi::freshness::{self, failure_line, Freshness};
use onshi::Lang;

#[test]
fn without_a_feed_the_normal_state_says_notices_are_not_checked() {
    let f = Freshness::new(false, &FeedState::default(), t("2026-11-27T09:00:00+09:00"));
    assert_eq!(f, Freshness::NoFeed);
    assert_eq!(
        f.normal_label(Lang::Ja),
        "既知の停止予定はありません（お知らせの確認: 自動確認なし）"
    );
    assert_eq!(f.confirmed_line(Lang::Ja), "お知らせの自動確認なし");
    assert!(f.how_to_add(Lang::Ja).unwrap().contains("フィード"));
    assert!(f.normal_label(Lang::En).starts_with("No known outage"));
}

/// A real feed on 127.0.0.1, read at 09:00 JST on 27 November, then unreachable.
#[test]
fn a_feed_confirmed_then_unreachable_for_48_hours() {
    let keys_dir = tempfile::tempdir().unwrap();
    let (key, public) = feed::sign::keygen(keys_dir.path(), None).unwrap();
    let notices = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::fixture("extra/2025-02-15-test-maintenance.toml"),
        notices.path().join("a.toml"),
    )
    .unwrap();
    let bundle = Bundle::from_dir(notices.path(), 1, t("2026-11-27T08:00:00+09:00"))
        .unwrap()
        .to_toml();
    let sig = feed::sign::sign(bundle.as_bytes(), &key, None, 1).unwrap();
    let server = Server::start(move |r| match r.path.as_str() {
        "/feed.toml" => Reply::Ok(bundle.clone().into_bytes(), vec![]),
        _ => Reply::Ok(sig.clone().into_bytes(), vec![]),
    });
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = FeedCache::new(cache_dir.path());
    let feed = Feed {
        location: Location::parse(&server.url("/feed.toml")),
        keys: TrustedKeys::from_files(&[public]).unwrap(),
        limits: Limits::default(),
    };

    let confirmed = t("2026-11-27T09:00:00+09:00");
    let r = feed::refresh(&feed, Some(&cache), confirmed);
    assert!(r.outcome.is_ok(), "{:?}", r.outcome);
    let fresh = Freshness::new(true, &cache.state(), confirmed);
    assert_eq!(fresh, Freshness::Fresh { confirmed });
    assert_eq!(fresh.confirmed_line(Lang::Ja), "お知らせ確認 11月27日 9:00");
    assert_eq!(
        fresh.confirmed_line(Lang::En),
        "Notices checked 27 Nov 09:00"
    );
    assert_eq!(fresh.normal_label(Lang::Ja), "通常どおり");
    assert_eq!(fresh.how_to_add(Lang::Ja), None);
    assert_eq!(failure_line(&cache.state(), Lang::Ja), None);

    // The server goes away; a fetch an hour later fails, and the notices stay fresh.
    server.set(|_| Reply::Status(503, b"maintenance".to_vec()));
    let r = feed::refresh(&feed, Some(&cache), t("2026-11-27T10:00:00+09:00"));
    assert!(r.outcome.is_err());
    let state = cache.state();
    assert!(matches!(
        Freshness::new(true, &state, t("2026-11-27T10:00:00+09:00")),
        Freshness::Fresh { .. }
    ));
    let line = failure_line(&state, Lang::Ja).unwrap();
    assert!(
        line.starts_with("お知らせフィード: 11月27日 10:00 から失敗中"),
        "{line}"
    );
    assert!(line.contains("HTTP 503"), "{line}");

    // 47:59 after the last confirmation: still fresh. 48:00: stale, and the normal state says so.
    let almost = t("2026-11-29T08:59:00+09:00");
    feed::refresh(&feed, Some(&cache), almost);
    assert!(matches!(
        Freshness::new(true, &cache.state(), almost),
        Freshness::Fresh { .. }
    ));
    let later = t("2026-11-29T09:00:00+09:00");
    feed::refresh(&feed, Some(&cache), later);
    let stale = Freshness::new(true, &cache.state(), later);
    assert_eq!(
        stale,
        Freshness::Stale {
            confirmed: Some(confirmed)
        }
    );
    assert_eq!(
        stale.normal_label(Lang::Ja),
        "既知の停止予定はありません（お知らせの確認: 11月27日 9:00）"
    );
    assert!(stale.how_to_add(Lang::Ja).is_some());
    // Still failing since the first failure.
    assert!(failure_line(&cache.state(), Lang::Ja)
        .unwrap()
        .contains("11月27日 10:00 から"));
}

#[test]
fn a_feed_never_reached_is_stale_from_the_start() {
    let f = Freshness::new(true, &FeedState::default(), t("2026-11-27T09:00:00+09:00"));
    assert_eq!(f, Freshness::Stale { confirmed: None });
    assert_eq!(
        f.normal_label(Lang::Ja),
        "既知の停止予定はありません（お知らせの確認: 未確認）"
    );
    assert_eq!(f.confirmed_line(Lang::Ja), "お知らせ未確認");
}

/// A publisher's key and a one-notice bundle created at 08:00 on 27 November, served on
/// 127.0.0.1; `validity` sets its signed `expires` (none: a bundle from before expiry existed).
struct Served {
    server: Server,
    feed: Feed,
    cache_dir: tempfile::TempDir,
    _keys: tempfile::TempDir,
}

fn served(validity: Option<chrono::Duration>) -> Served {
    let keys = tempfile::tempdir().unwrap();
    let (key, public) = feed::sign::keygen(keys.path(), None).unwrap();
    let notices = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::fixture("extra/2025-02-15-test-maintenance.toml"),
        notices.path().join("a.toml"),
    )
    .unwrap();
    let mut bundle = Bundle::from_dir(notices.path(), 1, t("2026-11-27T08:00:00+09:00")).unwrap();
    if let Some(v) = validity {
        bundle = bundle.valid_for(v).unwrap();
    }
    let text = bundle.to_toml();
    let sig = feed::sign::sign(text.as_bytes(), &key, None, 1).unwrap();
    let etag = format!("\"{}\"", text.len());
    let server = Server::start(move |r| match r.path.as_str() {
        "/feed.toml" if r.header("if-none-match") == Some(etag.as_str()) => Reply::NotModified,
        "/feed.toml" => Reply::Ok(text.clone().into_bytes(), vec![("ETag", etag.clone())]),
        _ => Reply::Ok(sig.clone().into_bytes(), vec![]),
    });
    let feed = Feed {
        location: Location::parse(&server.url("/feed.toml")),
        keys: TrustedKeys::from_files(&[public]).unwrap(),
        limits: Limits::default(),
    };
    Served {
        server,
        feed,
        cache_dir: tempfile::tempdir().unwrap(),
        _keys: keys,
    }
}

impl Served {
    fn refresh(&self, at: &str) -> feed::Refresh {
        feed::refresh(
            &self.feed,
            Some(&FeedCache::new(self.cache_dir.path())),
            t(at),
        )
    }

    fn state(&self) -> FeedState {
        FeedCache::new(self.cache_dir.path()).state()
    }
}

/// Never a claim that nothing is planned, nor a bare 「通常どおり」.
fn assert_out_of_date(f: &Freshness, until_ja: &str) {
    let ja = f.normal_label(Lang::Ja);
    assert_eq!(
        ja,
        format!("お知らせの情報が古くなっています（{until_ja}まで有効）")
    );
    assert!(
        !ja.contains("停止予定はありません") && !ja.contains("通常どおり"),
        "{ja}"
    );
    let en = f.normal_label(Lang::En);
    assert!(
        en.starts_with("Notice information is out of date (valid until"),
        "{en}"
    );
    assert!(!en.contains("No known outage"), "{en}");
    assert!(f.how_to_add(Lang::Ja).is_some());
}

#[test]
fn a_valid_but_expired_bundle_is_used_and_told_out_of_date() {
    let s = served(Some(chrono::Duration::days(2)));
    // Fetched for the first time after its expiry: accepted (its notices are still the best
    // the desk has), but out of date from the start.
    let at = "2026-11-29T09:00:00+09:00";
    let r = s.refresh(at);
    assert!(r.outcome.is_ok(), "{:?}", r.outcome);
    assert_eq!(r.notices().0[0].id, "test-2025-02-15-maintenance");
    let state = s.state();
    assert_eq!(state.expires, Some(t("2026-11-29T08:00:00+09:00")));
    assert_eq!(state.last_confirmed, Some(t(at)));
    let f = Freshness::new(true, &state, t(at));
    assert_eq!(
        f,
        Freshness::Expired {
            confirmed: Some(t(at)),
            valid_until: t("2026-11-29T08:00:00+09:00"),
        }
    );
    assert_out_of_date(&f, "11月29日 8:00");
    assert_eq!(f.checked_at(), Some(t(at)));
    // The check time is still told, as before.
    assert_eq!(f.confirmed_line(Lang::Ja), "お知らせ確認 11月29日 9:00");
}

#[test]
fn the_newest_bundle_replayed_past_its_expiry_is_out_of_date() {
    let s = served(Some(chrono::Duration::days(7)));
    let first = "2026-11-27T09:00:00+09:00";
    assert!(s.refresh(first).outcome.is_ok());
    let f = Freshness::new(true, &s.state(), t(first));
    assert_eq!(
        f,
        Freshness::Fresh {
            confirmed: t(first)
        }
    );
    assert_eq!(
        freshness::valid_until_line(&s.state(), Lang::Ja).as_deref(),
        Some("12月4日 8:00まで有効")
    );
    assert_eq!(
        freshness::checked_line(&f, &s.state(), Lang::Ja),
        "お知らせ確認 11月27日 9:00（12月4日 8:00まで有効）"
    );
    assert_eq!(
        freshness::checked_line(&f, &s.state(), Lang::En),
        "Notices checked 27 Nov 09:00 (valid until 4 Dec 08:00)"
    );

    // A frozen publisher (or someone replaying its newest bundle) answers every fetch, with
    // a 304 or the same bytes, and the check time keeps moving: a minute before the expiry
    // the notices are fresh, at the expiry they are out of date, however recent the check.
    let before = "2026-12-04T07:59:00+09:00";
    assert_eq!(s.refresh(before).outcome, Ok(feed::Change::Unchanged(1)));
    assert!(matches!(
        Freshness::new(true, &s.state(), t(before)),
        Freshness::Fresh { .. }
    ));
    let replay = "2026-12-04T08:00:00+09:00";
    assert_eq!(s.refresh(replay).outcome, Ok(feed::Change::Unchanged(1)));
    assert_eq!(s.state().last_confirmed, Some(t(replay)));
    let f = Freshness::new(true, &s.state(), t(replay));
    assert_out_of_date(&f, "12月4日 8:00");
    // The last answer was a 304 to a conditional GET; the full bytes again change nothing.
    let last = s
        .server
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.path == "/feed.toml");
    assert!(last.unwrap().header("if-none-match").is_some());
    let cache = FeedCache::new(s.cache_dir.path());
    let mut state = cache.state();
    state.etag = None;
    cache.save_state(&state).unwrap();
    let later = "2026-12-06T08:00:00+09:00";
    assert_eq!(s.refresh(later).outcome, Ok(feed::Change::Unchanged(1)));
    assert_out_of_date(&Freshness::new(true, &s.state(), t(later)), "12月4日 8:00");

    // Offline after that, the remembered expiry still says so.
    s.server.set(|_| Reply::Status(503, vec![]));
    let offline = "2026-12-06T09:00:00+09:00";
    assert!(s.refresh(offline).outcome.is_err());
    assert_out_of_date(
        &Freshness::new(true, &s.state(), t(offline)),
        "12月4日 8:00",
    );
}

#[test]
fn a_bundle_without_an_expiry_keeps_the_48_hour_rule() {
    let s = served(None);
    let at = "2026-11-27T09:00:00+09:00";
    assert!(s.refresh(at).outcome.is_ok());
    assert_eq!(s.state().expires, None);
    assert_eq!(freshness::valid_until_line(&s.state(), Lang::Ja), None);
    let f = Freshness::new(true, &s.state(), t(at));
    assert_eq!(
        freshness::checked_line(&f, &s.state(), Lang::Ja),
        "お知らせ確認 11月27日 9:00"
    );
    // A month on, reached every time: fresh, as before expiry existed.
    let later = "2026-12-27T09:00:00+09:00";
    assert!(s.refresh(later).outcome.is_ok());
    assert_eq!(
        Freshness::new(true, &s.state(), t(later)),
        Freshness::Fresh {
            confirmed: t(later)
        }
    );
}

#[test]
fn each_of_several_sources_has_its_line() {
    let s = served(Some(chrono::Duration::days(7)));
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/feed.toml", l.local_addr().unwrap())
    };
    let url = s.server.url("/feed.toml");
    let feed = Feed {
        location: Location::parse(&format!("{dead}\n{url}")),
        ..s.feed.clone()
    };
    let cache = FeedCache::new(s.cache_dir.path());
    assert!(
        feed::refresh(&feed, Some(&cache), t("2026-11-27T09:00:00+09:00"))
            .outcome
            .is_ok()
    );
    let lines = freshness::source_lines(&cache.state(), Lang::Ja);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!("✕ {dead}: フィードに接続できません")),
        "{lines:?}"
    );
    assert_eq!(lines[1], format!("✓ {url}: 番号 1、11月27日 9:00 に確認"));
    let en = freshness::source_lines(&cache.state(), Lang::En);
    assert_eq!(en[1], format!("✓ {url}: sequence 1, checked 27 Nov 09:00"));
    // Back to one source: no lines (the feed's own state says it all).
    assert!(s.refresh("2026-11-27T10:00:00+09:00").outcome.is_ok());
    assert!(freshness::source_lines(&s.state(), Lang::Ja).is_empty());
}
