//! Every notice loaded, and what they mean for one prefecture at one instant.

use std::path::Path;

use crate::deadline::Deadline;
use crate::hours::Hours;
use crate::insurer::InsurerIssue;
use crate::notice::{self, Notice, NoticeError};
use crate::prefecture::Prefecture;
use crate::revision::{WindowKey, WindowVersion};
use crate::service::{Service, ServiceRegistry};
use crate::time::Instant;
use crate::timeline::Timeline;
// Kept here too, where callers have always found them.
pub use crate::status::{Status, UPCOMING};
use crate::window::Window;

/// The notices in force: those built into the binary plus any read from a folder.
///
/// Of the revisions of one notice (the same `id`), only the highest is in force; the
/// others are kept aside as [`Schedule::superseded`], so a window's history can be shown.
#[derive(Debug, Clone, Default)]
pub struct Schedule {
    notices: Vec<Notice>,
    superseded: Vec<Notice>,
    /// The services of the clinic's own the policy defines: notices read into this
    /// schedule may name them.
    services: ServiceRegistry,
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

    /// Lets notices added from now on name the services of the clinic's own that
    /// `services` defines (the policy's `[[service]]` tables).
    pub fn set_services(&mut self, services: ServiceRegistry) {
        self.services = services;
    }

    /// The services of the clinic's own defined for this schedule (by the policy).
    pub fn service_registry(&self) -> &ServiceRegistry {
        &self.services
    }

    /// Every service the schedule knows: the five, then those of the clinic's own (the
    /// policy's and those the notices in force define), by id.
    pub fn services(&self) -> Vec<Service> {
        let mut out: Vec<Service> = Service::ALL.to_vec();
        for s in self
            .services
            .custom()
            .into_iter()
            .chain(self.notices.iter().flat_map(|n| n.services.iter().copied()))
        {
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out.sort();
        out
    }

    /// The names of the embedded notice files.
    pub fn embedded_files() -> impl Iterator<Item = &'static str> {
        EMBEDDED.iter().map(|(name, _)| *name)
    }

    /// Adds a notice. Of two revisions of one notice (the same `id`) the higher is in
    /// force, whichever was added first; the lower is kept aside as superseded.
    ///
    /// # Errors
    /// When a notice with the same id and the same revision is already loaded (in force
    /// or superseded); the schedule is unchanged.
    pub fn add(&mut self, notice: Notice) -> Result<(), NoticeError> {
        // One meaning per service id: two notices in force may not define it apart.
        for mine in &notice.services {
            let other = self.notices.iter().filter(|n| n.id != notice.id).find(|n| {
                n.services
                    .iter()
                    .any(|s| s == mine && s.custom_def() != mine.custom_def())
            });
            if let Some(other) = other {
                return Err(NoticeError {
                    file: notice.origin.clone(),
                    line: 0,
                    column: 0,
                    message: format!(
                        "service {:?} is defined otherwise by {}: repeat the same [[service]] table, or define it once in the policy file",
                        mine.as_str(),
                        other.origin
                    ),
                });
            }
        }
        if let Some(old) = self
            .notices
            .iter()
            .chain(&self.superseded)
            .find(|n| n.id == notice.id && n.revision == notice.revision)
        {
            let next = self
                .revisions(&notice.id)
                .last()
                .map_or(notice.revision, |n| n.revision)
                + 1;
            let hint = format!(
                "give this notice its own id, or, if it changes that notice, the next revision number (revision = {next})"
            );
            return Err(NoticeError {
                file: notice.origin.clone(),
                line: 0,
                column: 0,
                message: format!(
                    "notice id {:?} revision {} is already used by {}: {hint}",
                    notice.id, notice.revision, old.origin
                ),
            });
        }
        match self.notices.iter().position(|n| n.id == notice.id) {
            Some(i) if self.notices[i].revision < notice.revision => {
                let old = std::mem::replace(&mut self.notices[i], notice);
                self.superseded.push(old);
            }
            Some(_) => self.superseded.push(notice),
            None => self.notices.push(notice),
        }
        Ok(())
    }

    /// The notices replaced by a higher revision of themselves, in the order added.
    pub fn superseded(&self) -> &[Notice] {
        &self.superseded
    }

    /// Every loaded revision of the notice `id`, lowest first (the last is in force).
    pub fn revisions(&self, id: &str) -> Vec<&Notice> {
        let mut out: Vec<&Notice> = self
            .notices
            .iter()
            .chain(&self.superseded)
            .filter(|n| n.id == id)
            .collect();
        out.sort_by_key(|n| n.revision);
        out
    }

    /// The window `key` in every loaded revision that has it, lowest first: how it was
    /// moved, extended or cancelled over time.
    pub fn history(&self, key: &WindowKey) -> Vec<WindowVersion> {
        self.revisions(&key.notice)
            .into_iter()
            .flat_map(|n| n.windows.iter().filter(|w| w.id == key.window))
            .map(WindowVersion::of)
            .collect()
    }

    /// Adds every `*.toml` notice in `dir`; returns what could not be used. The good
    /// files are added even when others are broken.
    pub fn add_dir(&mut self, dir: &Path) -> Vec<NoticeError> {
        let (notices, mut errors) = notice::load_dir_with(dir, &self.services);
        for n in notices {
            if let Err(e) = self.add(n) {
                errors.push(e);
            }
        }
        errors
    }

    /// The notices in force (the highest revision of each id), in the order added.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// The notice `id` in force (its highest revision).
    pub fn notice(&self, id: &str) -> Option<&Notice> {
        self.notices.iter().find(|n| n.id == id)
    }

    /// Every window that hits `p`, of every service, cancelled ones included (each says
    /// so in [`Window::cancelled`]), ordered by start, then end: what `onshi windows`
    /// lists.
    pub fn all_windows_for(&self, p: Prefecture) -> Vec<Window> {
        let mut out: Vec<Window> = self
            .notices
            .iter()
            .flat_map(|n| &n.windows)
            .filter(|w| w.hits(p))
            .cloned()
            .collect();
        out.sort_by(|a, b| {
            (a.start, a.end, a.service, &a.notice, &a.id)
                .cmp(&(b.start, b.end, b.service, &b.notice, &b.id))
        });
        out
    }

    /// Every window in force that hits `p`, of every service (cancelled ones left out),
    /// ordered by start, then end.
    pub fn windows_for(&self, p: Prefecture) -> Vec<Window> {
        let mut out = self.all_windows_for(p);
        out.retain(|w| !w.cancelled);
        out
    }

    /// Every deadline that concerns `p` (one per occurrence), cancelled ones included, by due.
    pub fn deadlines_for(&self, p: Prefecture) -> Vec<Deadline> {
        let mut out: Vec<Deadline> = self
            .notices
            .iter()
            .flat_map(|n| &n.deadlines)
            .filter(|d| d.hits(p))
            .cloned()
            .collect();
        out.sort_by(|a, b| (a.due, &a.notice, &a.id).cmp(&(b.due, &b.notice, &b.id)));
        out
    }

    /// Every insurer's data problem a desk in `p` sees, cancelled ones included, by start.
    pub fn insurer_issues_for(&self, p: Prefecture) -> Vec<InsurerIssue> {
        let mut out: Vec<InsurerIssue> = self
            .notices
            .iter()
            .flat_map(|n| &n.insurer_issues)
            .filter(|i| i.hits(p))
            .cloned()
            .collect();
        out.sort_by(|a, b| (a.start, &a.notice, &a.id).cmp(&(b.start, &b.notice, &b.id)));
        out
    }

    /// Every stretch of open hours that concerns `p`, cancelled ones included, by start.
    pub fn hours_for(&self, p: Prefecture) -> Vec<Hours> {
        let mut out: Vec<Hours> = self
            .notices
            .iter()
            .flat_map(|n| &n.hours)
            .filter(|h| h.hits(p))
            .cloned()
            .collect();
        out.sort_by(|a, b| (a.start, &a.notice, &a.id).cmp(&(b.start, &b.notice, &b.id)));
        out
    }

    /// The state of `p`'s オン資 over time; build it once to ask many questions.
    pub fn timeline(&self, p: Prefecture) -> Timeline {
        self.timeline_for(p, Service::Oqs)
    }

    /// The state of one service for `p` over time.
    pub fn timeline_for(&self, p: Prefecture, service: Service) -> Timeline {
        Timeline::new(p, service, self.windows_for(p))
    }

    /// The state of `p`'s オン資 at `at`, with the window in force and the next one.
    pub fn status(&self, p: Prefecture, at: Instant) -> Status {
        self.timeline(p).status(at)
    }

    /// The status of one service for `p` at `at`.
    pub fn service_status(&self, p: Prefecture, service: Service, at: Instant) -> Status {
        self.timeline_for(p, service).status(at)
    }

    /// The status of each service that has a window in force or to come for `p` at
    /// `at`, in [`Service::ALL`] order (オン資 first), the clinic's own after the five.
    /// Services with nothing scheduled are left out.
    pub fn services_status(&self, p: Prefecture, at: Instant) -> Vec<Status> {
        let windows = self.windows_for(p);
        self.services()
            .into_iter()
            .filter(|s| windows.iter().any(|w| w.service == *s && at < w.end))
            .map(|s| Timeline::new(p, s, windows.clone()).status(at))
            .collect()
    }
}
