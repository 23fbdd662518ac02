//! Putting the app's state together from options, settings and notice files. Every
//! problem becomes one line on stderr and one message in the window; the app goes on.

use std::path::PathBuf;

use onshi::pending;
use onshi::policy::Setting;
use onshi::{time, Prefecture};

use crate::clock::Clock;
use crate::feed_sync::FeedSync;
use crate::feeds::{self, Feeds};
use crate::notice_files;
use crate::notifier::Notifier;
use crate::options::Options;
use crate::policy::AppPolicy;
use crate::settings;
use crate::state::Shared;

pub fn build(options: &Options, config_dir: PathBuf, app_id: &str) -> (Shared, Feeds) {
    app_state(options, config_dir, app_id, None)
}

/// As [`build`], on `clock` instead of the one the options ask for (tests move it by
/// hand); without the feed's own state (the feed is still followed for freshness).
pub fn build_on(
    options: &Options,
    config_dir: PathBuf,
    app_id: &str,
    clock: Option<Clock>,
) -> Shared {
    app_state(options, config_dir, app_id, clock).0
}

/// The app's state and its feed state, from the options, the policy file, the settings
/// and the notice files (the feed's cached bundle included; nothing is fetched yet).
pub fn app_state(
    options: &Options,
    config_dir: PathBuf,
    app_id: &str,
    clock: Option<Clock>,
) -> (Shared, Feeds) {
    let mut problems = Vec::new();
    let mut report = |p: String| {
        eprintln!("onshi-watch: {p}");
        problems.push(p);
    };

    let mut loaded = settings::load(&config_dir);
    if let Some(p) = loaded.problem {
        report(p);
    }
    let policy = AppPolicy::load();
    if let Some(p) = &policy.problem {
        report(p.clone());
    }
    policy.apply(&mut loaded.settings);

    // Problems with notices are kept apart: a new schedule (the feed's) replaces them.
    let (schedule, notice_problems) =
        notice_files::load(&config_dir, options.notices.as_deref(), &policy.services());
    for p in &notice_problems {
        eprintln!("onshi-watch: {p}");
    }

    let prefecture_override = options.prefecture.as_deref().and_then(|p| {
        if policy.locked(Setting::Prefecture) {
            report(format!(
                "--prefecture {p}: 都道府県は管理者が設定しています / the prefecture is set by your administrator"
            ));
            return None;
        }
        Prefecture::parse(p)
            .map_err(|e| report(format!("--prefecture: {e}")))
            .ok()
    });

    // Only the real clock's notices are remembered across restarts: a drill can be rerun.
    let remember = clock.is_none() && !options.training();
    let memory = remember.then(|| {
        let (memory, problem) = onshi::announced::Announced::open(&config_dir);
        if let Some(p) = problem {
            report(p);
        }
        memory
    });

    let clock = if let Some(clock) = clock {
        clock
    } else if options.training() {
        let start = options.at.as_deref().and_then(|at| {
            time::parse_instant(at)
                .map_err(|e| report(format!("--at: {e}; the training clock starts now")))
                .ok()
        });
        let speed = options.speed.filter(|s| {
            let ok = s.is_finite() && *s > 0.0 && *s <= 10_000.0;
            if !ok {
                report(format!(
                    "--speed {s}: give a number between 0 and 10000; 1 is used"
                ));
            }
            ok
        });
        Clock::training(start, speed)
    } else {
        Clock::wall()
    };

    // 確認待ちの患者: whatever is older than 31 days goes at every start (a drill's list by its clock).
    pending::purge_at_start(
        &pending::dir_for(&config_dir, clock.training_info().is_some()),
        clock.now(),
    )
    .into_iter()
    .for_each(&mut report);

    let sync = FeedSync::new(
        &config_dir,
        clock.clone(),
        feeds::feed_of(&loaded.settings, &policy),
    );
    sync.set_relay(feeds::relay_of(&loaded.settings));
    let shared = Shared::new(
        loaded.settings,
        prefecture_override,
        schedule.clone(),
        problems,
        clock,
        Notifier::new(app_id),
        config_dir,
    );
    if let Some(memory) = memory {
        let dir = shared.config_dir.clone();
        shared.lock().remember_in(memory, &dir);
    }
    // 「対応済み」 is staff's own record: kept unless drilling (a drill's marks are not real).
    if !options.training() {
        let (done, problem) = onshi::done::Done::open(&shared.config_dir);
        if let Some(p) = problem {
            shared.add_problem(p);
        }
        shared.lock().done = done;
    }
    // 確認待ちの患者's reminder: what it told is kept on disk unless drilling.
    let (reminders, problem) = pending::ReminderWatch::open(
        &pending::dir_for(&shared.config_dir, options.training()),
        !options.training(),
    );
    if let Some(p) = problem {
        shared.add_problem(p);
    }
    shared.lock().pending_reminders = Some(reminders);
    shared.lock().feed = Some(sync.clone());
    let feeds = Feeds::new(policy, sync, schedule, notice_problems);
    // The cached bundle at once; last run's failure is not news until a fetch repeats it.
    feeds.rebuild(&shared, false);
    (shared, feeds)
}
