//! Freshness told honestly: no feed, a feed confirmed recently, a feed not reached for
//! 48 hours (the app's clock moved on, as a training clock does), through a real fetch.

mod common;
mod http_server;

use common::t;
use http_server::{Reply, Server};
use onshi::feed::{self, Bundle, Feed, FeedCache, FeedState, Limits, Location, TrustedKeys};
use onshi::freshness::{failure_line, Freshness};
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
