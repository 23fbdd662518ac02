//! A drill from the tray (「訓練を始める」): the past windows offered, and the restart
//! into training mode and back out of it.
//!
//! A restart rather than a clock swapped while running: a drill's state — its own watch,
//! its marks, its own list of patients — is what start-up builds for `--at`, so a drill
//! from the tray is exactly the one from a terminal, and nothing of it can leak into the
//! real state afterwards.

use std::ffi::OsString;
use std::time::Duration as StdDuration;

use chrono::Duration;
use onshi::time::{self, Instant};
use onshi::{Lang, Prefecture, Schedule, Service};

use crate::options::Options;

/// The menu id of 「訓練を終える」.
pub const END_ID: &str = "drill-end";
/// A drill's menu id: this prefix, then the instant its clock starts at (RFC 3339).
const AT_PREFIX: &str = "drill-at:";
/// How many past windows the menu offers, the latest first.
const OFFERED: usize = 3;
/// The drill's clock starts this long before the window and runs [`SPEED`]× — the
/// 10-minute reminder comes after 30 s, the start after 90 s, a 2-hour outage passes in
/// 12 minutes: long enough to read, short enough for a quiet moment at the desk.
const LEAD_MINUTES: i64 = 15;
const SPEED: &str = "10";

/// One entry of the 「訓練を始める」 menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub id: String,
    pub label: String,
}

/// The past windows a drill can replay for `prefecture`, latest first: those of the
/// services that matter at this desk (オン資 always), ended by `now`, not called off.
/// None without a prefecture: a drill of nobody's windows teaches nothing.
pub fn offers(
    schedule: &Schedule,
    prefecture: Option<Prefecture>,
    services: &[Service],
    now: Instant,
    lang: Lang,
) -> Vec<Offer> {
    let Some(p) = prefecture else {
        return Vec::new();
    };
    let mut past: Vec<_> = schedule
        .windows_for(p)
        .into_iter()
        .filter(|w| w.end <= now)
        .filter(|w| w.service == Service::Oqs || services.contains(&w.service))
        .collect();
    past.sort_by(|a, b| b.start.cmp(&a.start).then(a.service.cmp(&b.service)));
    past.dedup_by(|a, b| a.start == b.start && a.service == b.service);
    past.into_iter()
        .take(OFFERED)
        .map(|w| {
            let service = if w.service == Service::Oqs {
                String::new()
            } else {
                format!("{} ", w.service.name(lang))
            };
            Offer {
                id: format!(
                    "{AT_PREFIX}{}",
                    time::rfc3339_jst(w.start - Duration::minutes(LEAD_MINUTES))
                ),
                label: format!(
                    "{service}{} {}",
                    time::range_label_year(w.start, w.end, true, lang),
                    w.kind.label_for(w.service, lang)
                ),
            }
        })
        .collect()
}

/// The instant a drill's menu id starts its clock at, if `id` is one.
pub fn start_of(id: &str) -> Option<&str> {
    id.strip_prefix(AT_PREFIX)
}

/// What a restart keeps of this run's options: its notice folder and prefecture. Managed
/// by the app; the tray restarts from it.
#[derive(Debug, Clone, Default)]
pub struct Relaunch {
    kept: Vec<OsString>,
}

impl Relaunch {
    pub fn of(options: &Options) -> Relaunch {
        let mut kept = Vec::new();
        if let Some(dir) = &options.notices {
            kept.push("--notices".into());
            kept.push(dir.clone().into_os_string());
        }
        if let Some(p) = &options.prefecture {
            kept.push("--prefecture".into());
            kept.push(p.into());
        }
        Relaunch { kept }
    }

    /// The arguments of the next run: a drill from `at`, or (`None`) the real clock.
    pub fn args(&self, at: Option<&str>) -> Vec<OsString> {
        let mut args = self.kept.clone();
        if let Some(at) = at {
            args.extend(["--at".into(), at.into(), "--speed".into(), SPEED.into()]);
        }
        args.extend(["--replaces".into(), std::process::id().to_string().into()]);
        args
    }

    /// Starts this program again with [`Relaunch::args`]; the caller then quits. The new
    /// run waits for this one to be gone (`--replaces`) before it takes the single-instance
    /// lock, which would otherwise hand it straight back to this run.
    pub fn start(&self, at: Option<&str>) -> std::io::Result<()> {
        let exe = std::env::current_exe()?;
        std::process::Command::new(exe)
            .args(self.args(at))
            .spawn()
            .map(drop)
    }
}

/// Waits until process `pid` has ended, at most `max`: the run this one replaces.
pub fn wait_for_exit(pid: u32, max: StdDuration) {
    let deadline = std::time::Instant::now() + max;
    while alive(pid) && std::time::Instant::now() < deadline {
        std::thread::sleep(StdDuration::from_millis(50));
    }
}

#[cfg(target_os = "linux")]
fn alive(pid: u32) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(windows)]
fn alive(pid: u32) -> bool {
    use windows::Win32::Foundation::{CloseHandle, WAIT_TIMEOUT};
    use windows::Win32::System::Threading::{
        OpenProcess, WaitForSingleObject, PROCESS_SYNCHRONIZE,
    };
    // SAFETY: a handle opened here, waited on for no time and closed.
    unsafe {
        match OpenProcess(PROCESS_SYNCHRONIZE, false, pid) {
            Ok(h) => {
                let running = WaitForSingleObject(h, 0) == WAIT_TIMEOUT;
                let _ = CloseHandle(h);
                running
            }
            Err(_) => false,
        }
    }
}

#[cfg(not(any(target_os = "linux", windows)))]
fn alive(_pid: u32) -> bool {
    // No cheap check without another dependency: one second is plenty for a clean exit.
    std::thread::sleep(StdDuration::from_secs(1));
    false
}
