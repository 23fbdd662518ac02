//! The app's state, shared by the timer, the tray and the commands. No Tauri types:
//! everything here is plain data and can be tested on its own.

use std::path::PathBuf;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration as StdDuration;

use onshi::time::Instant;
use onshi::{Event, Prefecture, Schedule, Status, Watch};

use crate::clock::Clock;
use crate::notify::Notifier;
use crate::settings::{self, Settings};

/// Everything the app knows, behind one lock.
pub struct Shared {
    inner: Mutex<Inner>,
    /// Wakes the timer early: settings changed, the window opened, or the app is quitting.
    wake: Condvar,
    pub clock: Clock,
    pub notifier: Notifier,
    pub config_dir: PathBuf,
}

pub struct Inner {
    pub settings: Settings,
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
}

/// What one wake of the timer found.
pub struct Tick {
    pub now: Instant,
    /// Due events, oldest first, already without the muted ones.
    pub events: Vec<Event>,
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
        let mut inner = Inner {
            settings,
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
        };
        inner.rewatch(clock.now());
        Shared {
            inner: Mutex::new(inner),
            wake: Condvar::new(),
            clock,
            notifier,
            config_dir,
        }
    }

    /// The state, locked. A panic elsewhere must not take the tray down with it, so a
    /// poisoned lock is used as it is.
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
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

    /// One wake of the timer: the events now due.
    pub fn tick(&self) -> Tick {
        let now = self.clock.now();
        let mut inner = self.lock();
        let mut events = match inner.watch.as_mut() {
            Some(watch) => {
                let mut events = watch.start();
                events.extend(watch.poll(now));
                events
            }
            None => Vec::new(),
        };
        if let Some(until) = inner.muted_until {
            if now >= until {
                inner.muted_until = None;
            } else {
                events.retain(|e| e.at >= until);
            }
        }
        Tick { now, events }
    }

    /// How long the timer may sleep from this moment. Asked after the notifications, tray
    /// and window are handled, so the time they took is not slept on top.
    pub fn sleep_from_now(&self) -> StdDuration {
        let now = self.clock.now();
        self.lock().sleep_from(now, self.clock.speed())
    }

    /// Saves new settings and follows them. Nothing is changed if they are invalid or
    /// cannot be written.
    pub fn apply_settings(&self, new: Settings) -> Result<(), String> {
        new.validate()?;
        settings::save(&self.config_dir, &new).map_err(|e| {
            format!(
                "設定を保存できません / cannot save the settings in {}: {e}",
                self.config_dir.display()
            )
        })?;
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

    /// Uses a new schedule (notices added, or fetched from the feed). `problems` replace
    /// those of the last call; the others (settings, tray, notifications) stay. The watch
    /// keeps what it already told, and the timer looks again now.
    pub fn replace_schedule(&self, schedule: Schedule, problems: Vec<String>) {
        let now = self.clock.now();
        let mut inner = self.lock();
        inner.schedule = schedule;
        let old = std::mem::take(&mut inner.notice_problems);
        inner.problems.retain(|p| !old.contains(p));
        inner.problems.extend(problems.iter().cloned());
        inner.notice_problems = problems;
        let same_place = inner
            .watch
            .as_ref()
            .is_some_and(|w| Some(w.prefecture()) == inner.prefecture());
        if same_place {
            let schedule = inner.schedule.clone();
            if let Some(w) = inner.watch.as_mut() {
                w.set_schedule(schedule);
            }
        } else {
            inner.rewatch(now);
        }
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
            None => inner.mute_target(now),
        };
        inner.muted_until
    }
}

impl Inner {
    pub fn prefecture(&self) -> Option<Prefecture> {
        self.prefecture_override.or(self.settings.prefecture())
    }

    pub fn status(&self, now: Instant) -> Option<Status> {
        self.prefecture().map(|p| self.schedule.status(p, now))
    }

    fn sleep_from(&self, now: Instant, speed: f64) -> StdDuration {
        let sleep = self
            .watch
            .as_ref()
            .map_or(onshi::watch::MAX_SLEEP, |w| w.sleep_for(now, speed));
        if self.window_open {
            // The countdown in the window moves once a (real) second.
            sleep.min(StdDuration::from_secs(1))
        } else {
            sleep
        }
    }

    /// Until when "mute until this window ends" would mute at `now`.
    pub fn mute_target(&self, now: Instant) -> Option<Instant> {
        let status = self.status(now)?;
        match status.state {
            onshi::State::Normal => status.upcoming(onshi::schedule::UPCOMING).map(|w| {
                self.schedule
                    .status(status.prefecture, w.start)
                    .until
                    .unwrap_or(w.end)
            }),
            _ => status.until,
        }
    }

    /// A new watch from `now` for the current prefecture and reminders.
    fn rewatch(&mut self, now: Instant) {
        self.watch = self
            .prefecture()
            .map(|p| Watch::new(self.schedule.clone(), p, self.settings.reminders(), now));
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
