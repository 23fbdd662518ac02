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
pub mod relay;
pub mod sign;

pub use bundle::Bundle;
pub use cache::{FeedCache, FeedState, SourceState};
pub use error::FeedError;
pub use fetch::{Fetched, Limits, Location, Validators};
pub use relay::{RelayError, Relayed};
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

/// The keys a bundle of `feed` may be signed with now, given what the client remembers
/// (`state`): the configured keys, the key a rotation moved to and the next key the bundle
/// in use names — without the keys a rotation dropped. Pinned keys (the machine policy's,
/// locked) are taken as they are: a pinned feed never rotates.
pub fn trusted_keys(feed: &Feed, state: &FeedState) -> TrustedKeys {
    if feed.keys.is_pinned() || state.location != feed.location.label() {
        return feed.keys.clone();
    }
    let mut keys = feed.keys.clone();
    for k in state.rotated_to.iter().chain(&state.next_key) {
        // Only keys that read were remembered; one that no longer does is left out.
        let _ = keys.add(k);
    }
    keys.without(&state.retired_keys)
}

/// Verifies and reads a bundle with the keys [`trusted_keys`] gives; returns it with the
/// key that signed it. A signature by a key a rotation dropped is refused as such.
fn open_for(
    feed: &Feed,
    state: &FeedState,
    bundle: &[u8],
    signature: &[u8],
) -> Result<(Bundle, String), FeedError> {
    let keys = trusted_keys(feed, state);
    let signer = match keys.verify_by(bundle, signature) {
        Err(FeedError::UnknownKey(m)) if !feed.keys.is_pinned() => {
            let mut retired = TrustedKeys::default();
            for k in &state.retired_keys {
                let _ = retired.add(k);
            }
            return Err(if retired.verify(bundle, signature).is_ok() {
                FeedError::RetiredKey
            } else {
                FeedError::UnknownKey(m)
            });
        }
        other => other?,
    };
    let b = Bundle::parse(bundle).map_err(FeedError::Malformed)?;
    Ok((b, signer))
}

/// When `feed`'s keys are pinned by the machine policy and `bundle` names a next key: the
/// one line that says it is not taken (for the log and the problems; not a failure).
pub fn next_key_not_taken(feed: &Feed, bundle: &Bundle) -> Option<String> {
    let next = bundle.next_key.as_deref()?;
    (feed.keys.is_pinned() && !feed.keys.contains(next)).then(|| {
        format!(
            "フィードが次の鍵（{next}）を指定していますが、鍵は管理者ポリシーで固定されているため使いません。鍵の切り替えはポリシーで行ってください / the feed names a next key ({next}), not taken: the machine policy pins the feed's keys; rotate them in the policy"
        )
    })
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
    open_for(feed, state, &b, &s).ok().map(|(b, _)| b)
}

/// Fetches the feed once and decides what to use, at app-clock instant `now`.
///
/// With a cache: the cached bundle (verified again with today's keys) sets the
/// rollback floor and the conditional GET; an accepted new bundle replaces it; on any
/// failure the cached bundle stays in use and the state records the failure and since
/// when. Without a cache (the CLI's `--feed`), a failure leaves no bundle.
///
/// Of several sources ([`Location::Several`]), each is asked in order and the newest valid
/// bundle wins (the first on a tie); the fetch fails only when every source does, with the
/// first one's error, and the state keeps what each answered.
pub fn refresh(feed: &Feed, cache: Option<&FeedCache>, now: Instant) -> Refresh {
    let label = feed.location.label();
    let mut state = cache.map(FeedCache::state).unwrap_or_default();
    if state.location != label {
        state = FeedState {
            location: label,
            ..FeedState::default()
        };
    }
    let sources = feed.location.sources();
    let several = sources.len() > 1;
    if several && state.sources.len() != sources.len() {
        state.sources = sources
            .iter()
            .map(|s| SourceState {
                location: s.label(),
                ..SourceState::default()
            })
            .collect();
    }
    let cached = cache.and_then(|c| cached_for(feed, c, &state));
    // The floor survives a lost cache file: the state remembers the sequence too.
    let floor = cached.as_ref().map(|c| c.sequence).or(state.sequence);

    let answers: Vec<Result<Answer, FeedError>> = sources
        .iter()
        .enumerate()
        .map(|(i, source)| {
            let since = match &cached {
                None => Validators::default(),
                Some(_) if several => state.sources[i].validators(),
                Some(_) => state.validators(),
            };
            ask(feed, &state, source, &since, cached.as_ref(), floor, now)
        })
        .collect();
    let sequence_of = |a: &Answer| match a {
        Answer::NotModified => cached.as_ref().map_or(0, |c| c.sequence),
        Answer::New { bundle, .. } => bundle.sequence,
    };
    let mut best: Option<(usize, u64)> = None;
    for (i, a) in answers.iter().enumerate() {
        if let Ok(a) = a {
            let seq = sequence_of(a);
            if best.map_or(true, |(_, b)| seq > b) {
                best = Some((i, seq));
            }
        }
    }

    // The key that signed a new bundle accepted, and the next key it names.
    let mut signed: Option<(String, Option<String>)> = None;
    let (bundle, outcome) = match best.map(|(i, _)| &answers[i]) {
        None => {
            let first = answers.iter().find_map(|a| a.as_ref().err()).cloned();
            let e = first.unwrap_or_else(|| FeedError::Unreachable("no feed source".into()));
            (cached.clone(), Err(e))
        }
        Some(Ok(Answer::NotModified)) => {
            let seq = cached.as_ref().map_or(0, |c| c.sequence);
            (cached.clone(), Ok(Change::Unchanged(seq)))
        }
        Some(Ok(Answer::New {
            bundle: new,
            bytes,
            signature,
            validators,
            signer,
        })) => {
            let change = match &cached {
                Some(c) if c.sequence == new.sequence && c == new => {
                    Change::Unchanged(new.sequence)
                }
                c => Change::Updated {
                    from: c.as_ref().map(|c| c.sequence),
                    to: new.sequence,
                },
            };
            match cache.map(|c| c.save_bundle(bytes, signature)) {
                Some(Err(e)) => (cached.clone(), Err(FeedError::Cache(e))),
                _ => {
                    if !several {
                        state.etag = validators.etag.clone();
                        state.last_modified = validators.last_modified.clone();
                    }
                    signed = Some((signer.clone(), new.next_key.clone()));
                    (Some(new.clone()), Ok(change))
                }
            }
        }
        Some(Err(_)) => unreachable!("only an answer that came back is the best"),
    };
    if several {
        let unchanged = matches!(outcome, Ok(Change::Unchanged(_)));
        let was = cached.as_ref().map(|c| c.sequence);
        for (entry, answer) in state.sources.iter_mut().zip(&answers) {
            remember(entry, answer, bundle.as_ref(), was, unchanged, now);
        }
    }
    match &outcome {
        Ok(_) => {
            state.sequence = bundle.as_ref().map(|b| b.sequence);
            state.expires = bundle.as_ref().and_then(|b| b.expires);
            state.last_confirmed = Some(now);
            state.failing_since = None;
            state.last_error = None;
            if let Some((signer, next)) = signed {
                rotate(feed, &mut state, &signer, next);
            }
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

/// What one source answered, once verified.
enum Answer {
    /// A 304: it still serves the cached bundle.
    NotModified,
    /// A bundle whose signature, clock and sequence checks passed.
    New {
        bundle: Bundle,
        bytes: Vec<u8>,
        signature: Vec<u8>,
        validators: Validators,
        /// The base64 line of the key that signed it.
        signer: String,
    },
}

/// Key rotation, after a new bundle signed by `signer` was accepted: when `signer` is the
/// next key the previous bundle named, the feed has moved to it and every other key is
/// dropped; the next key is now the one this bundle names (or none). Pinned keys never
/// rotate.
fn rotate(feed: &Feed, state: &mut FeedState, signer: &str, next: Option<String>) {
    if feed.keys.is_pinned() {
        state.next_key = None;
        return;
    }
    if state.next_key.as_deref() == Some(signer) {
        let dropped = trusted_keys(feed, state).lines();
        for k in dropped.into_iter().filter(|k| k != signer) {
            if !state.retired_keys.contains(&k) {
                state.retired_keys.push(k);
            }
        }
        state.rotated_to = Some(signer.to_string());
    }
    state.next_key = next.filter(|n| n != signer && !state.retired_keys.contains(n));
}

/// Fetches one source and checks what came: the signature, the clock, the rollback floor.
fn ask(
    feed: &Feed,
    state: &FeedState,
    source: &Location,
    since: &Validators,
    cached: Option<&Bundle>,
    floor: Option<u64>,
    now: Instant,
) -> Result<Answer, FeedError> {
    match fetch::fetch(source, since, feed.limits)? {
        Fetched::NotModified if cached.is_some() => Ok(Answer::NotModified),
        // A 304 with nothing cached cannot happen with empty validators; treat it as a fault.
        Fetched::NotModified => Err(FeedError::Status(304, source.label())),
        Fetched::New {
            bundle,
            signature,
            validators,
        } => {
            let (new, signer) = open_for(feed, state, &bundle, &signature)?;
            check_created(&new, now)?;
            if let Some(floor) = floor.filter(|f| new.sequence < *f) {
                return Err(FeedError::Rollback {
                    got: new.sequence,
                    cached: floor,
                });
            }
            Ok(Answer::New {
                bundle: new,
                bytes: bundle,
                signature,
                validators,
                signer,
            })
        }
    }
}

/// Records one of several sources' answer. Its validators are kept only while it serves
/// the bundle now in use, so that its next 304 means exactly that bundle. (A 304 says it
/// still serves the bundle cached before this fetch, `was`.)
fn remember(
    entry: &mut SourceState,
    answer: &Result<Answer, FeedError>,
    in_use: Option<&Bundle>,
    was: Option<u64>,
    unchanged: bool,
    now: Instant,
) {
    let (keep, sequence) = match answer {
        Ok(Answer::NotModified) => (unchanged.then(|| entry.validators()), was),
        Ok(Answer::New {
            bundle, validators, ..
        }) => (
            (Some(bundle) == in_use).then(|| validators.clone()),
            Some(bundle.sequence),
        ),
        Err(_) => (None, None),
    };
    let keep = keep.unwrap_or_default();
    entry.etag = keep.etag;
    entry.last_modified = keep.last_modified;
    entry.sequence = sequence;
    match answer {
        Ok(_) => {
            entry.last_ok = Some(now);
            entry.last_error = None;
        }
        Err(e) => entry.last_error = Some(e.to_string()),
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
