//! A signed feed of notices: one bundle file plus a detached minisign signature, fetched,
//! verified before it is read, kept on disk, and used offline. Format: `docs/feed.md`.
//!
//! ```text
//! fetch (http(s) / file, bounded) ─▶ verify signature ─▶ parse bundle ─▶ rollback check ─▶ cache ─▶ notices
//! ```

pub mod bundle;
pub mod cache;
pub mod error;
pub mod fetch;
pub mod sign;

pub use bundle::Bundle;
pub use cache::{FeedCache, FeedState};
pub use error::FeedError;
pub use fetch::{Fetched, Limits, Location, Validators};
pub use sign::TrustedKeys;

use crate::notice::{Notice, NoticeError};
use crate::time::{self, Instant};

/// A bundle created more than this far ahead of the client's clock is refused.
pub const FUTURE_TOLERANCE: chrono::Duration = chrono::Duration::days(1);

/// A feed to follow: where, which keys, how much it may take.
#[derive(Debug, Clone)]
pub struct Feed {
    /// Where the bundle is published.
    pub location: Location,
    /// Any of these may have signed it.
    pub keys: TrustedKeys,
    /// Size and time bounds of a fetch.
    pub limits: Limits,
}

/// The result of one [`refresh`].
#[derive(Debug, Clone)]
pub struct Refresh {
    /// The bundle to use now: the new one, or the cached one, or none.
    pub bundle: Option<Bundle>,
    /// `Err` when this attempt failed; the cached bundle (if any) is still in `bundle`.
    pub outcome: Result<Change, FeedError>,
    /// The state after this attempt (saved to the cache when there is one).
    pub state: FeedState,
}

/// What an accepted fetch changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A new bundle replaced `from` (none before).
    Updated {
        /// The sequence held before, if any.
        from: Option<u64>,
        /// The sequence now held.
        to: u64,
    },
    /// The feed still offers the bundle already held (a 304, or the same sequence).
    Unchanged(u64),
}

impl Refresh {
    /// The bundle's notices, and the ones that could not be read.
    pub fn notices(&self) -> (Vec<Notice>, Vec<NoticeError>) {
        self.bundle
            .as_ref()
            .map(Bundle::notices)
            .unwrap_or_default()
    }
}

/// Reads a bundle whose bytes and signature are at hand (a fetch, a cache, a file):
/// verifies the signature first, then parses.
///
/// # Errors
/// The signature's [`FeedError`], or [`FeedError::Malformed`].
pub fn open(keys: &TrustedKeys, bundle: &[u8], signature: &[u8]) -> Result<Bundle, FeedError> {
    keys.verify(bundle, signature)?;
    Bundle::parse(bundle).map_err(FeedError::Malformed)
}

/// The cached bundle for `feed`, verified again with today's keys, without fetching: what
/// the app uses offline, from its first moment.
pub fn cached(feed: &Feed, cache: &FeedCache) -> Option<Bundle> {
    cached_for(feed, cache, &cache.state())
}

fn cached_for(feed: &Feed, cache: &FeedCache, state: &FeedState) -> Option<Bundle> {
    // A cached bundle belongs to the location it came from: a new location starts afresh.
    if state.location != feed.location.label() || state.sequence.is_none() {
        return None;
    }
    let (b, s) = cache.bundle()?;
    open(&feed.keys, &b, &s).ok()
}

/// Fetches the feed once and decides what to use, at app-clock instant `now`.
///
/// With a cache: the cached bundle (verified again with today's keys) sets the
/// rollback floor and the conditional GET; an accepted new bundle replaces it; on any
/// failure the cached bundle stays in use and the state records the failure and since
/// when. Without a cache (the CLI's `--feed`), a failure leaves no bundle.
pub fn refresh(feed: &Feed, cache: Option<&FeedCache>, now: Instant) -> Refresh {
    let label = feed.location.label();
    let mut state = cache.map(FeedCache::state).unwrap_or_default();
    if state.location != label {
        state = FeedState {
            location: label,
            ..FeedState::default()
        };
    }
    let cached = cache.and_then(|c| cached_for(feed, c, &state));
    let validators = if cached.is_some() {
        state.validators()
    } else {
        Validators::default()
    };

    let outcome = fetch::fetch(&feed.location, &validators, feed.limits).and_then(|f| match f {
        Fetched::NotModified => match &cached {
            Some(c) => Ok((None, Change::Unchanged(c.sequence))),
            // A 304 with nothing cached cannot happen with empty validators; treat it as a fault.
            None => Err(FeedError::Status(304, feed.location.label())),
        },
        Fetched::New {
            bundle,
            signature,
            validators,
        } => {
            let new = open(&feed.keys, &bundle, &signature)?;
            check_created(&new, now)?;
            // The floor survives a lost cache file: the state remembers the sequence too.
            let floor = cached.as_ref().map(|c| c.sequence).or(state.sequence);
            if let Some(floor) = floor.filter(|f| new.sequence < *f) {
                return Err(FeedError::Rollback {
                    got: new.sequence,
                    cached: floor,
                });
            }
            let change = match &cached {
                Some(c) if c.sequence == new.sequence && *c == new => {
                    Change::Unchanged(new.sequence)
                }
                c => Change::Updated {
                    from: c.as_ref().map(|c| c.sequence),
                    to: new.sequence,
                },
            };
            if let Some(cache) = cache {
                cache
                    .save_bundle(&bundle, &signature)
                    .map_err(FeedError::Cache)?;
            }
            Ok((Some((new, validators)), change))
        }
    });

    let (bundle, outcome) = match outcome {
        Ok((Some((new, v)), change)) => {
            state.etag = v.etag;
            state.last_modified = v.last_modified;
            (Some(new), Ok(change))
        }
        Ok((None, change)) => (cached, Ok(change)),
        Err(e) => (cached, Err(e)),
    };
    match &outcome {
        Ok(_) => {
            state.sequence = bundle.as_ref().map(|b| b.sequence);
            state.expires = bundle.as_ref().and_then(|b| b.expires);
            state.last_confirmed = Some(now);
            state.failing_since = None;
            state.last_error = None;
        }
        Err(e) => {
            state.failing_since = state.failing_since.or(Some(now));
            state.last_error = Some(e.to_string());
        }
    }
    if let Some(cache) = cache {
        // The state is a memory only: failing to save it loses nothing that matters.
        let _ = cache.save_state(&state);
    }
    Refresh {
        bundle,
        outcome,
        state,
    }
}

/// Refuses a bundle created more than [`FUTURE_TOLERANCE`] after `now`. The app's clock may
/// be a training clock set to a past day for a drill, so the PC's own clock counts too:
/// only a bundle ahead of both is refused (a PC whose real clock is behind still is).
fn check_created(bundle: &Bundle, now: Instant) -> Result<(), FeedError> {
    let clock = now.max(chrono::Utc::now());
    if bundle.created > clock + FUTURE_TOLERANCE {
        return Err(FeedError::FromTheFuture(time::rfc3339_jst(bundle.created)));
    }
    Ok(())
}
