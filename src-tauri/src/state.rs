//! The app's state, shared by the timer, the tray and the commands. No Tauri types:
//! everything here is plain data and can be tested on its own.

use std::path::PathBuf;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration as StdDuration;

use onshi::announced::Announced;
use onshi::time::Instant;
use onshi::{Prefecture, Schedule, Status, Timeline, Watch};

use onshi::ack::AckBook;

use crate::alerts::{Banner, BannerChange};
use crate::clock::Clock;
use crate::notifier::Notifier;
use crate::settings::{self, Settings};

/// Everything the app knows, behind one lock.
pub struct Shared {
    state: Mutex<AppState>,
    /// Wakes the timer early: settings changed, the window opened, or the app is quitting.
    wake: Condvar,
    pub clock: Clock,
    pub notifier: Notifier,
    pub config_dir: PathBuf,
    /// What this PC and (through the shared folder) the others acknowledged. Its own lock:
    /// a look at a slow share must never hold up the timer.
    pub acks: Mutex<AckBook>,
}

pub struct AppState {
    pub settings: Settings,
    /// The prefecture's オン資 timeline, built when the notices, the prefecture or the
    /// settings change — never per wake.
    pub timeline: Option<Timeline>,
    /// The other services' timelines for the prefecture (電子処方箋, マイナポータル, JPKI,
    /// オンライン請求), in [`onshi::Service::ALL`] order; built with `timeline`.
    pub service_timelines: Vec<Timeline>,
    /// `--prefecture` for this run only; wins over the saved one until staff save another.
    pub prefecture_override: Option<Prefecture>,
    pub schedule: Schedule,
    pub watch: Option<Watch>,
    /// Things staff should know that went wrong (broken files, no tray host…), as text.
    pub problems: Vec<String>,
    /// Those of `problems` the last [`Shared::replace_schedule`] gave (notice files, the
    /// feed): the next one replaces them.
    notice_problems: Vec<String>,
    /// The notice feed's follower, for how fresh the notices are.
    pub feed: Option<crate::feed_sync::FeedSync>,
    /// Notifications due before this instant are not shown.
    pub muted_until: Option<Instant>,
    pub window_open: bool,
    pub quitting: bool,
    wake_pending: bool,
    /// What staff were told, kept while no prefecture is chosen (the watch holds it otherwise).
    memory: Option<Announced>,
    /// The other services that matter, each followed by its own watch (オン資's is `watch`).
    pub service_watches: Vec<Watch>,
    /// 【変更】/【中止】 notices for windows a new schedule changed, sent at the next wake.
    pub changes: Vec<onshi::message::Message>,
    /// The same, for the banner: what each is about and until when it is raised again.
    pub revisions: Vec<Revision>,
    /// Where the service watches keep what they told (`announced-<service>.json`), when
    /// the real clock's notices are remembered across restarts.
    memory_dir: Option<PathBuf>,
    /// How late an event may be handled and still be told as it is (scaled by a training
    /// clock's speed).
    grace: chrono::Duration,
    /// The deadline reminders' watch for the prefecture (format v3 `kind = "deadline"`).
    pub deadline_watch: Option<onshi::deadline_watch::DeadlineWatch>,
    /// The deadlines marked 「対応済み」 on this PC (a file in the config folder unless drilling).
    pub done: onshi::done::Done,
    /// The banner in force, until acknowledged or replaced.
    pub banner: Option<Banner>,
    /// What a command or the shared folder changed about the banner, for the next wake.
    pub banner_change: Option<BannerChange>,
    /// 確認待ちの患者: the one reminder after a window's planned end, and what it told.
    pub pending_reminders: Option<onshi::pending::ReminderWatch>,
}

impl Shared {
    pub fn new(
        settings: Settings,
        prefecture_override: Option<Prefecture>,
        schedule: Schedule,
        problems: Vec<String>,
        clock: Clock,
        notifier: Notifier,
        config_dir: PathBuf,
    ) -> Shared {
        let mut inner = AppState {
            settings,
            timeline: None,
            service_timelines: Vec::new(),
            prefecture_override,
            schedule,
            watch: None,
            problems,
            notice_problems: Vec::new(),
            feed: None,
            muted_until: None,
            window_open: false,
            quitting: false,
            wake_pending: false,
            memory: None,
            service_watches: Vec::new(),
            changes: Vec::new(),
            revisions: Vec::new(),
            memory_dir: None,
            grace: onshi::watch::default_grace() * (clock.speed().ceil().max(1.0) as i32),
            deadline_watch: None,
            done: onshi::done::Done::in_memory(),
            banner: None,
            banner_change: None,
            pending_reminders: None,
        };
        let acks = Mutex::new(ack_book(&inner.settings, &config_dir, &clock));
        inner.rewatch(clock.now());
        Shared {
            state: Mutex::new(inner),
            wake: Condvar::new(),
            clock,
            notifier,
            config_dir,
            acks,
        }
    }

    /// Acknowledges the banner in force on this PC at `now`: it closes here and, through
    /// the shared folder, the others see who did. `None` when there is no banner waiting.
    pub fn acknowledge_banner(&self) -> Option<Vec<String>> {
        let now = self.clock.now();
        let alert = {
            let inner = self.lock();
            let b = inner.banner.as_ref()?;
            b.alert.clone()
        };
        // The share may be slow: written with the book's own lock, not the state's.
        let (problems, ack) = {
            let mut book = self.acks.lock().unwrap_or_else(|e| e.into_inner());
            let problems = book.acknowledge(&alert, now);
            (problems, book.ack_of(&alert).cloned())
        };
        let mut inner = self.lock();
        if let Some(b) = inner.banner.as_mut().filter(|b| b.alert == alert) {
            b.acked = ack;
            b.acked_here = true;
            b.next_remind = None;
            println!(
                "onshi-watch: banner acknowledged by={} at={}",
                b.acked.as_ref().map_or("", |a| a.by.as_str()),
                onshi::time::rfc3339_jst(now)
            );
        }
        inner.banner_change = Some(BannerChange::Close);
        for p in &problems {
            eprintln!("onshi-watch: {p}");
        }
        inner.problems.extend(problems.iter().cloned());
        drop(inner);
        self.wake();
        Some(problems)
    }

    /// Looks at the shared folder again (the ack thread, every 30 s): a banner another PC
    /// acknowledged turns into a quiet line and stops re-reminding.
    pub fn refresh_acks(&self) {
        let (problems, found, own) = {
            let mut book = self.acks.lock().unwrap_or_else(|e| e.into_inner());
            let problems = book.refresh();
            let alert = self.lock().banner.as_ref().map(|b| b.alert.clone());
            let found = alert.and_then(|a| book.ack_of(&a).cloned());
            (problems, found, book.label().to_string())
        };
        let mut inner = self.lock();
        for p in &problems {
            eprintln!("onshi-watch: {p}");
        }
        inner.problems.extend(problems);
        let lang = inner.settings.lang;
        let mut changed = None;
        if let (Some(b), Some(ack)) = (inner.banner.as_mut(), found) {
            if b.acked.is_none() && b.alert == ack.alert {
                b.next_remind = None;
                // This PC's own, read back after a restart: closed, as when it was pressed.
                b.acked_here = ack.by == own;
                if b.acked_here {
                    b.acked = Some(ack);
                    changed = Some(BannerChange::Close);
                } else {
                    println!("onshi-watch: banner acknowledged-elsewhere by={}", ack.by);
                    b.acked = Some(ack);
                    changed = Some(BannerChange::Update(b.view(lang, false)));
                }
            }
        }
        if changed.is_some() {
            inner.banner_change = changed;
            drop(inner);
            self.wake();
        }
    }

    /// The state, locked. A panic elsewhere must not take the tray down with it, so a
    /// poisoned lock is used as it is.
    pub fn lock(&self) -> MutexGuard<'_, AppState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a problem found after start-up: one line on stderr, one message in the window.
    pub fn add_problem(&self, message: String) {
        eprintln!("onshi-watch: {message}");
        self.lock().problems.push(message);
    }

    /// Asks the timer to look again now.
    pub fn wake(&self) {
        self.lock().wake_pending = true;
        self.wake.notify_all();
    }

    /// Sleeps up to `d`, or until [`Shared::wake`].
    pub fn sleep(&self, d: StdDuration) {
        let guard = self.lock();
        let (mut guard, _) = self
            .wake
            .wait_timeout_while(guard, d, |i| !i.wake_pending && !i.quitting)
            .unwrap_or_else(|e| e.into_inner());
        guard.wake_pending = false;
    }

    /// Saves new settings and follows them. Nothing is changed if they are invalid or
    /// cannot be written.
    pub fn apply_settings(&self, new: Settings) -> Result<(), String> {
        new.validate()?;
        settings::save(&self.config_dir, &new)
            .map_err(|e| settings::save_failure(&self.config_dir, &e))?;
        let now = self.clock.now();
        let mut inner = self.lock();
        let (prefecture, reminders) = (inner.prefecture(), inner.settings.reminders());
        if new.prefecture != inner.settings.prefecture {
            // Staff chose a prefecture themselves: that wins over a --prefecture given at start.
            inner.prefecture_override = None;
        }
        inner.settings = new;
        if inner.prefecture() != prefecture {
            inner.rewatch(now);
        } else if inner.settings.reminders() != reminders {
            // Same prefecture: staff already know whether it is down; say nothing again.
            inner.rewatch(now);
            if let Some(w) = inner.watch.as_mut() {
                w.start();
            }
        }
        drop(inner);
        self.wake();
        Ok(())
    }

    /// Follows a new set of notices (added, edited, deleted, imported or fetched from the
    /// feed while running): the schedule is replaced, the notice problems of the last call
    /// give way to `problems` (the others — settings, tray, notifications — stay), and the
    /// watches are rebuilt from now, keeping what they told: nothing is told twice, and
    /// the 「現在、…」 notice comes only when the new notices change the state now.
    pub fn replace_schedule(&self, schedule: Schedule, problems: Vec<String>) {
        let now = self.clock.now();
        let mut inner = self.lock();
        let changes = inner.changed_windows(&schedule, now);
        inner
            .changes
            .extend(changes.iter().map(|r| r.message.clone()));
        inner.revisions.extend(changes);
        inner.schedule = schedule;
        let old = std::mem::take(&mut inner.notice_problems);
        inner
            .problems
            .retain(|p| !old.contains(p) && !p.starts_with(crate::problems::NOTICE_PROBLEM));
        inner.problems.extend(problems.iter().cloned());
        inner.notice_problems = problems;
        // The new watches remember what the old ones told: nothing is told twice.
        inner.rewatch(now);
        drop(inner);
        self.wake();
    }

    /// Mutes notifications until the current (or, if none, the next) outage ends, or
    /// unmutes if muted. Never open-ended: returns the new mute, if any.
    pub fn toggle_mute(&self) -> Option<Instant> {
        let now = self.clock.now();
        let mut inner = self.lock();
        inner.muted_until = match inner.muted_until {
            Some(_) => None,
            None => inner.status(now).and_then(|s| inner.mute_target(&s)),
        };
        inner.muted_until
    }
}

impl AppState {
    pub fn prefecture(&self) -> Option<Prefecture> {
        self.prefecture_override.or(self.settings.prefecture())
    }

    /// What a command that needs the prefecture says before one is chosen.
    pub fn ask_prefecture(&self) -> String {
        self.settings
            .lang
            .pick(
                "先に都道府県を選んでください。",
                "Choose the prefecture first.",
            )
            .to_string()
    }

    /// The services that matter to this facility (its type, and whether it uses
    /// electronic prescriptions), and the clinic's own services the policy or the notices
    /// define: whoever defined one wants it watched.
    pub fn services(&self) -> Vec<onshi::Service> {
        let mut services = onshi::desk::services_for(self.settings.facility, self.settings.erx);
        services.extend(
            self.schedule
                .services()
                .into_iter()
                .filter(|s| s.custom_def().is_some()),
        );
        services
    }

    /// Marks the deadline `key` 「対応済み」 on this PC at `now`: its reminders stop.
    pub fn mark_done(&mut self, key: &str, now: Instant) -> Result<(), String> {
        let known = self.prefecture().is_some_and(|p| {
            self.schedule
                .deadlines_for(p)
                .iter()
                .any(|d| d.key() == key)
        });
        if !known {
            return Err(format!(
                "この期限は見つかりません / no such deadline: {key}"
            ));
        }
        self.done.mark(key, now);
        match self.done.save_error() {
            Some(e) => Err(format!(
                "「対応済み」を保存できません（この起動の間は覚えています） / cannot save “done” (kept until the app quits): {e}"
            )),
            None => Ok(()),
        }
    }

    /// The status at `now`, from the kept timeline.
    pub fn status(&self, now: Instant) -> Option<Status> {
        self.timeline.as_ref().map(|tl| tl.status(now))
    }

    /// Until when "mute until this window ends" would mute, given the status now: the end
    /// of the outage in force, or of the one starting within a day.
    pub fn mute_target(&self, status: &Status) -> Option<Instant> {
        match status.state {
            onshi::State::Normal => status.upcoming(onshi::schedule::UPCOMING).map(|w| {
                self.timeline
                    .as_ref()
                    .and_then(|tl| tl.next_change(w.start))
                    .unwrap_or(w.end)
            }),
            _ => status.until,
        }
    }

    /// A new watch from `now` for the current prefecture and reminders, with the memory
    /// of what was told carried over.
    fn rewatch(&mut self, now: Instant) {
        let memory = match self.watch.take() {
            Some(w) => w.into_memory(),
            None => self.memory.take().unwrap_or_default(),
        };
        match self.prefecture() {
            Some(p) => {
                let w = Watch::new(self.schedule.clone(), p, self.settings.reminders(), now);
                self.watch = Some(w.with_memory(memory).with_grace(self.grace));
            }
            None => self.memory = Some(memory),
        }
        // The other services that matter get a watch each, keeping what they told.
        let mut told: Vec<(onshi::Service, Announced)> = self
            .service_watches
            .drain(..)
            .map(|w| (w.timeline().service(), w.into_memory()))
            .collect();
        if let Some(p) = self.prefecture() {
            for service in self
                .services()
                .into_iter()
                .filter(|s| *s != onshi::Service::Oqs)
            {
                let memory = match told.iter().position(|(s, _)| *s == service) {
                    Some(i) => told.swap_remove(i).1,
                    None => self.service_memory(service),
                };
                let w = Watch::for_service(
                    self.schedule.clone(),
                    p,
                    service,
                    self.settings.reminders(),
                    now,
                );
                self.service_watches
                    .push(w.with_memory(memory).with_grace(self.grace));
            }
        }
        // The watch's timeline is the one the app asks: built once, here.
        self.timeline = self.watch.as_ref().map(|w| w.timeline().clone());
        self.service_timelines = match self.prefecture() {
            Some(p) => self
                .schedule
                .services()
                .into_iter()
                .filter(|s| *s != onshi::Service::Oqs)
                .map(|s| self.schedule.timeline_for(p, s))
                .collect(),
            None => Vec::new(),
        };
        // Deadlines: a watch for the prefecture, keeping what it told.
        let told = self.deadline_watch.take().map(|w| w.into_memory());
        self.deadline_watch = self.prefecture().map(|p| {
            let memory = told.unwrap_or_else(|| self.deadline_memory());
            onshi::deadline_watch::DeadlineWatch::with_memory(p, now, memory)
        });
    }

    /// What the deadline watch told before: its file when remembering, else nothing.
    fn deadline_memory(&mut self) -> Announced {
        let Some(dir) = &self.memory_dir else {
            return Announced::in_memory();
        };
        let (memory, problem) = Announced::open_named(dir, onshi::deadline_watch::TOLD_FILE);
        if let Some(p) = problem {
            self.problems.push(p);
        }
        memory
    }

    /// Keeps what is told in `memory` from now on (the file in the config folder), and
    /// what the other services' watches tell beside it in `dir`.
    pub fn remember_in(&mut self, memory: Announced, dir: &std::path::Path) {
        match self.watch.take() {
            Some(w) => self.watch = Some(w.with_memory(memory)),
            None => self.memory = Some(memory),
        }
        self.memory_dir = Some(dir.to_path_buf());
        if let Some(w) = self.deadline_watch.take() {
            let memory = self.deadline_memory();
            self.deadline_watch = Some(w.with_memory_of(memory));
        }
        let watches = std::mem::take(&mut self.service_watches);
        for w in watches {
            let memory = self.service_memory(w.timeline().service());
            self.service_watches.push(w.with_memory(memory));
        }
    }

    /// The notices for windows the desk has heard of (a reminder or the start is past,
    /// and they ended less than a week ago) that `new` moves, extends, shortens or calls
    /// off — of the services that matter here.
    fn changed_windows(&self, new: &Schedule, now: Instant) -> Vec<Revision> {
        let Some(p) = self.prefecture() else {
            return Vec::new();
        };
        let services = self.services();
        let reminders = self.settings.reminders();
        let lead = reminders.longest();
        // Heard of from its first reminder: the one before closing may come days earlier.
        let heard = |w: &onshi::Window| {
            let first = w.start - lead;
            reminders
                .before_closing(w.start)
                .map_or(first, |c| c.min(first))
        };
        let old = self.schedule.all_windows_for(p);
        let told: Vec<&onshi::Window> = old
            .iter()
            .filter(|w| {
                !w.cancelled
                    && services.contains(&w.service)
                    && heard(w) <= now
                    && now - w.end < onshi::advice::AFTER
            })
            .collect();
        let versions: Vec<_> = told
            .iter()
            .map(|w| onshi::revision::WindowVersion::of(w))
            .collect();
        onshi::revision::changes(&versions, &new.all_windows_for(p))
            .iter()
            .filter_map(|c| {
                let w = told.iter().find(|w| w.key() == c.old.key)?;
                Some(Revision {
                    message: onshi::message::change_message(c, w, p, self.settings.lang),
                    alert: onshi::ack::Alert::of_revision(c),
                    until: onshi::banner::revision_remind_until(c),
                })
            })
            .collect()
    }

    /// What a service's watch told before: its file when remembering, else nothing.
    fn service_memory(&mut self, service: onshi::Service) -> Announced {
        let Some(dir) = &self.memory_dir else {
            return Announced::in_memory();
        };
        let name = format!("announced-{}.json", service.as_str());
        let (memory, problem) = Announced::open_named(dir, &name);
        if let Some(p) = problem {
            self.problems.push(p);
        }
        memory
    }

    pub fn quit(&mut self) {
        self.quitting = true;
    }
}

impl Shared {
    pub fn quit(&self) {
        self.lock().quit();
        self.wake.notify_all();
    }

    pub fn set_window_open(&self, open: bool) {
        self.lock().window_open = open;
        self.wake();
    }
}

/// The acknowledgement book for this run: the shared folder, or, without one, a folder of
/// this PC's own so an acknowledgement outlives a restart — but not in a drill, whose marks
/// stay in memory there (a drill's alerts carry their own ids: they never mark a real one).
fn ack_book(settings: &Settings, config_dir: &std::path::Path, clock: &Clock) -> AckBook {
    let label = settings.pc_label();
    let dir = match &settings.shared_folder {
        Some(f) => PathBuf::from(f),
        None if clock.training_info().is_some() => return AckBook::new(&label, None),
        None => {
            let own = config_dir.join(crate::paths::ACKS_DIR);
            let _ = std::fs::create_dir_all(&own);
            own
        }
    };
    AckBook::new(&label, Some(dir))
}

/// A window staff were told of that a new revision moved or called off: its 【変更】/【中止】.
#[derive(Debug, Clone)]
pub struct Revision {
    pub message: onshi::message::Message,
    pub alert: onshi::ack::Alert,
    /// The banner is raised again until the window's (new) end.
    pub until: Instant,
}
