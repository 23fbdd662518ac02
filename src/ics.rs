//! Calendars: the windows that hit a prefecture as an iCalendar (RFC 5545) file.
//!
//! One VEVENT per window, times in UTC, a UID that stays the same across runs (so a
//! re-import updates instead of duplicating) and a SEQUENCE from the notice's revision,
//! with one VALARM per reminder.

use icalendar::{Alarm, Calendar, Component, EventLike, EventStatus, Trigger};

use crate::lang::Lang;
use crate::notice::Notice;
use crate::prefecture::Prefecture;
use crate::schedule::Schedule;
use crate::time::Instant;
use crate::window::Window;

/// Alarms by default: 24 h, 60 min and 10 min before a window starts (as the app reminds).
pub const DEFAULT_REMINDERS: [u32; 3] = [1440, 60, 10];

/// The domain in every event's UID: `NOTICE.WINDOW@onshiwatch.jp`.
pub const UID_DOMAIN: &str = "onshiwatch.jp";

/// The services a notice may name (issue 10's `service` key).
pub const SERVICES: [&str; 5] = ["oqs", "erx", "mynaportal", "jpki", "claims"];

/// What goes into a calendar.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only windows of these services; every service when empty.
    pub services: Vec<String>,
    /// Alarms, in minutes before each window starts.
    pub reminders: Vec<u32>,
}

/// The service a window belongs to (`oqs`, `erx`, …).
pub fn window_service(w: &Window) -> &'static str {
    w.service.as_str()
}

/// Whether a later revision cancelled the window.
pub fn window_cancelled(w: &Window) -> bool {
    w.cancelled
}

/// The notice's revision, which becomes every event's SEQUENCE: a re-import of a later
/// revision updates the event instead of adding another.
pub fn notice_revision(n: &Notice) -> u32 {
    n.revision
}

/// The stable UID of a window's event.
pub fn uid(w: &Window) -> String {
    format!("{}.{}@{UID_DOMAIN}", w.notice, w.id)
}

fn service_name(service: &str) -> &'static str {
    match service {
        "erx" => "電子処方箋",
        "mynaportal" => "マイナポータル",
        "jpki" => "JPKI",
        "claims" => "オンライン請求",
        _ => "オン資",
    }
}

/// The calendar for prefecture `p`: one event per window that hits it, stamped `stamp`.
///
/// # Errors
/// An unknown service name in `options`.
pub fn calendar(
    schedule: &Schedule,
    p: Prefecture,
    options: &Options,
    stamp: Instant,
) -> Result<String, String> {
    if let Some(bad) = options
        .services
        .iter()
        .find(|s| !SERVICES.contains(&s.as_str()))
    {
        return Err(format!(
            "unknown service {bad:?}: use one of {}",
            SERVICES.join(", ")
        ));
    }
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//Onshi Watch//onshi ics//JA"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "PUBLISH"))
        .name(&format!("オン資ウォッチ {}", p.name()));
    // Cancelled windows too: a calendar that had them must learn they are off.
    for w in schedule.all_windows_for(p) {
        let service = window_service(&w);
        if !options.services.is_empty() && !options.services.iter().any(|s| s == service) {
            continue;
        }
        let notice = schedule.notice(&w.notice);
        let summary = format!(
            "【{}】{}（{}）",
            service_name(service),
            w.kind.label(Lang::Ja),
            w.area.label(Lang::Ja)
        );
        let mut description = format!(
            "{}\n{} {}",
            w.range_label(Lang::Ja),
            w.kind.label(Lang::Ja),
            w.area.label(Lang::Ja)
        );
        if let Some(note) = &w.note {
            description.push_str(&format!("\n{note}"));
        }
        let mut event = icalendar::Event::new();
        event
            .uid(&uid(&w))
            .sequence(notice.map_or(1, notice_revision))
            .timestamp(stamp)
            .starts(w.start)
            .ends(w.end)
            .summary(&summary);
        if let Some(n) = notice {
            description.push_str(&format!("\n出典: {}（{}）", n.title, n.issuer));
            if let Some(url) = n.sources.iter().find_map(|s| s.url.as_deref()) {
                event.url(url);
            }
        }
        event.description(&description);
        if window_cancelled(&w) {
            event.status(EventStatus::Cancelled);
        } else {
            event.status(if w.tentative {
                EventStatus::Tentative
            } else {
                EventStatus::Confirmed
            });
            for m in &options.reminders {
                let mut alarm = Alarm::display(
                    &format!("{} 前: {summary}", minutes_label(*m)),
                    Trigger::before_start(chrono::Duration::minutes(i64::from(*m))),
                );
                // The crate would make up a random UID per alarm; a stable one keeps a
                // re-import from piling up alarms (RFC 9074).
                alarm.uid(&format!("{}.{}.alarm-{m}@{UID_DOMAIN}", w.notice, w.id));
                event.alarm(alarm);
            }
        }
        cal.push(event.done());
    }
    Ok(without_alarm_stamps(&cal.done().to_string()))
}

/// The crate writes a DTSTAMP into every component, but RFC 5545 allows none in a VALARM.
fn without_alarm_stamps(ics: &str) -> String {
    let mut in_alarm = false;
    let mut out = String::with_capacity(ics.len());
    for line in ics.split_inclusive("\r\n") {
        match line.trim_end() {
            "BEGIN:VALARM" => in_alarm = true,
            "END:VALARM" => in_alarm = false,
            l if in_alarm && l.starts_with("DTSTAMP:") => continue,
            _ => {}
        }
        out.push_str(line);
    }
    out
}

/// `24時間` / `60分`.
fn minutes_label(m: u32) -> String {
    if m >= 60 && m % 60 == 0 {
        format!("{}時間", m / 60)
    } else {
        format!("{m}分")
    }
}
