//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use onshi::time::{parse_instant, Instant};
use onshi::{Notice, Prefecture, Schedule};

/// An instant from RFC 3339 text; panics on a typo in the test itself.
pub fn t(s: &str) -> Instant {
    parse_instant(s).unwrap_or_else(|e| panic!("bad time in test: {e}"))
}

pub fn pref(s: &str) -> Prefecture {
    s.parse().unwrap_or_else(|e| panic!("{e}"))
}

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// A schedule holding only the notice in `tests/fixtures/REL`.
pub fn fixture_schedule(rel: &str) -> Schedule {
    let notice = Notice::from_file(&fixture(rel)).unwrap_or_else(|e| panic!("{e}"));
    let mut s = Schedule::default();
    s.add(notice).unwrap();
    s
}
