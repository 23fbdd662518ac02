//! Every notice loaded, and what they mean for one prefecture at one instant.

use std::path::Path;

use serde::Serialize;

use crate::notice::{self, Notice, NoticeError};
use crate::prefecture::Prefecture;
use crate::time::Instant;
use crate::timeline::Timeline;
use crate::window::{State, Window};

/// The notices in force: those built into the binary plus any read from a folder.
#[derive(Debug, Clone, Default)]
pub struct Schedule {
    notices: Vec<Notice>,
}

/// Built at compile time by build.rs from `assets/notices/*.toml`: (file name, text).
const EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_notices.rs"));

impl Schedule {
    /// The notices built into the binary.
    ///
    /// # Panics
    /// Never for a released binary: the embedded files are checked by this crate's tests.
    pub fn embedded() -> Schedule {
        let mut s = Schedule::default();
        for (name, text) in EMBEDDED {
            let notice = Notice::parse(text, &format!("embedded:{name}"))
                .unwrap_or_else(|e| panic!("embedded notice is broken: {e}"));
            s.add(notice).unwrap_or_else(|e| panic!("{e}"));
        }
        s
    }

    /// The names of the embedded notice files.
    pub fn embedded_files() -> impl Iterator<Item = &'static str> {
        EMBEDDED.iter().map(|(name, _)| *name)
    }

    /// Adds a notice.
    ///
    /// # Errors
    /// When a notice with the same id is already loaded; the schedule is unchanged.
    pub fn add(&mut self, notice: Notice) -> Result<(), NoticeError> {
        if let Some(old) = self.notices.iter().find(|n| n.id == notice.id) {
            return Err(NoticeError {
                file: notice.origin.clone(),
                line: 0,
                column: 0,
                message: format!(
                    "notice id {:?} is already used by {}: give this notice its own id",
                    notice.id, old.origin
                ),
            });
        }
        self.notices.push(notice);
        Ok(())
    }

    /// Adds every `*.toml` notice in `dir`; returns what could not be used. The good
    /// files are added even when others are broken.
    pub fn add_dir(&mut self, dir: &Path) -> Vec<NoticeError> {
        let (notices, mut errors) = notice::load_dir(dir);
        for n in notices {
            if let Err(e) = self.add(n) {
                errors.push(e);
            }
        }
        errors
    }

    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    pub fn notice(&self, id: &str) -> Option<&Notice> {
        self.notices.iter().find(|n| n.id == id)
    }

    /// Every window that hits `p`, ordered by start, then end.
    pub fn windows_for(&self, p: Prefecture) -> Vec<Window> {
        let mut out: Vec<Window> = self
            .notices
            .iter()
            .flat_map(|n| &n.windows)
            .filter(|w| w.hits(p))
            .cloned()
            .collect();
        out.sort_by(|a, b| (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id)));
        out
    }

    /// The state of `p` over time; build it once to ask many questions.
    pub fn timeline(&self, p: Prefecture) -> Timeline {
        Timeline::new(p, self.windows_for(p))
    }

    /// The state of `p` at `at`, with the window in force and the next one.
    pub fn status(&self, p: Prefecture, at: Instant) -> Status {
        self.timeline(p).status(at)
    }
}

/// What the schedule says about one prefecture at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub prefecture: Prefecture,
    #[serde(serialize_with = "crate::time::serialize_jst")]
    pub at: Instant,
    pub state: State,
    /// The window that sets `state` (the most severe in force; of equals, the one that
    /// lasts longest), `None` when normal.
    pub window: Option<Window>,
    /// The first window that starts after `at`.
    pub next_window: Option<Window>,
    /// When `state` next changes, if anything is scheduled.
    #[serde(serialize_with = "crate::time::serialize_jst_opt")]
    pub until: Option<Instant>,
}

impl Status {
    /// The next window, if it starts within `within` of `at` — the time to prepare.
    pub fn upcoming(&self, within: chrono::Duration) -> Option<&Window> {
        self.next_window
            .as_ref()
            .filter(|w| w.start - self.at <= within)
    }
}

/// How far ahead a window counts as upcoming: staff get the "prepare" steps and the
/// tray turns amber.
pub const UPCOMING: chrono::Duration = chrono::Duration::hours(24);
