//! Calendars: the windows that hit a prefecture as an iCalendar (RFC 5545) file.
//!
//! One VEVENT per window, times in UTC, a UID that stays the same across runs (so a
//! re-import updates instead of duplicating) and a SEQUENCE from the notice's revision,
//! with one VALARM per reminder.
//!
//! A recurring window is written as one VEVENT per occurrence (the app expands the rule
//! within its bound), each with its own stable UID `NOTICE.ID#YYYYMMDDTHHMM@…`, not as an
//! RRULE: a revision can then move or call off one occurrence as the app sees it, and every
//! calendar shows exactly the windows the app warns of, however it reads RRULE and
//! EXDATE. Deadlines are all-day events on their last day with alarms at the app's lead
//! days; open hours are free-time events without alarms.

use icalendar::{Alarm, Calendar, Component, EventLike, EventStatus, Trigger};

use crate::deadline::{Deadline, LEAD_DAYS};
use crate::hours::Hours;
use crate::lang::Lang;
use crate::notice::Notice;
use crate::prefecture::Prefecture;
use crate::schedule::Schedule;
use crate::service::Service;
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

fn service_name(service: Service) -> &'static str {
    match service {
        Service::Erx => "電子処方箋",
        Service::Mynaportal => "マイナポータル",
        Service::Jpki => "JPKI",
        Service::Claims => "オンライン請求",
        Service::Oqs => "オン資",
        Service::Custom(_) => service.name(Lang::Ja),
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
    let known = schedule.services();
    if let Some(bad) = options
        .services
        .iter()
        .find(|s| !known.iter().any(|k| k.as_str() == s.as_str()))
    {
        let ids: Vec<&str> = known.iter().map(|k| k.as_str()).collect();
        return Err(format!(
            "unknown service {bad:?}: use one of {}",
            ids.join(", ")
        ));
    }
    let wanted = |s: Service| {
        options.services.is_empty() || options.services.iter().any(|x| x == s.as_str())
    };
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//Onshi Watch//onshi ics//JA"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "PUBLISH"))
        .name(&format!("オン資ウォッチ {}", p.name()));
    // Cancelled windows too: a calendar that had them must learn they are off.
    for w in schedule.all_windows_for(p) {
        if !wanted(w.service) {
            continue;
        }
        let notice = schedule.notice(&w.notice);
        let summary = format!(
            "【{}】{}（{}）",
            service_name(w.service),
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
    for d in schedule
        .deadlines_for(p)
        .iter()
        .filter(|d| wanted(d.service))
    {
        cal.push(deadline_event(d, schedule.notice(&d.notice), stamp));
    }
    for h in schedule.hours_for(p).iter().filter(|h| wanted(h.service)) {
        cal.push(hours_event(h, schedule.notice(&h.notice), stamp));
    }
    Ok(without_alarm_stamps(&cal.done().to_string()))
}

/// A deadline as an all-day event on its last day (how a deadline sits in a calendar),
/// with an alarm at 9:00 on each of the app's lead days. A moved occurrence keeps its UID.
fn deadline_event(d: &Deadline, notice: Option<&Notice>, stamp: Instant) -> icalendar::Event {
    let summary = format!("【{}】期限: {}", service_name(d.service), d.action);
    let mut description = format!("{}\n{}", d.due_label(Lang::Ja), d.action);
    if let Some(note) = &d.note {
        description.push_str(&format!("\n{note}"));
    }
    if let Some(n) = notice {
        description.push_str(&format!("\n出典: {}（{}）", n.title, n.issuer));
    }
    let mut event = icalendar::Event::new();
    event
        .uid(&format!("{}.{}@{UID_DOMAIN}", d.notice, d.id))
        .sequence(d.revision)
        .timestamp(stamp)
        // DTEND is exclusive: a one-day event ends at the next date.
        .starts(d.last_day())
        .ends(d.last_day() + chrono::Duration::days(1))
        .summary(&summary)
        .description(&description);
    if d.cancelled {
        event.status(EventStatus::Cancelled);
        return event.done();
    }
    event.status(EventStatus::Confirmed);
    for days in LEAD_DAYS {
        // The all-day event starts at 0:00 of the last day: 9:00 `days` before is 15 h less.
        let mut alarm = Alarm::display(
            &format!("あと{days}日: {summary}"),
            Trigger::before_start(chrono::Duration::days(days) - chrono::Duration::hours(9)),
        );
        alarm.uid(&format!("{}.{}.alarm-{days}d@{UID_DOMAIN}", d.notice, d.id));
        event.alarm(alarm);
    }
    event.done()
}

/// Open hours as an event that leaves the time free, without alarms: being open is not news.
fn hours_event(h: &Hours, notice: Option<&Notice>, stamp: Instant) -> icalendar::Event {
    let summary = format!(
        "【{}】受付時間{}",
        service_name(h.service),
        h.note
            .as_deref()
            .map(|n| format!("（{n}）"))
            .unwrap_or_default()
    );
    let mut event = icalendar::Event::new();
    event
        .uid(&format!("{}.{}@{UID_DOMAIN}", h.notice, h.id))
        .sequence(h.revision)
        .timestamp(stamp)
        .starts(h.start)
        .ends(h.end)
        .summary(&summary)
        .add_property("TRANSP", "TRANSPARENT")
        .status(if h.cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    if let Some(n) = notice {
        event.description(&format!(
            "{}\n出典: {}（{}）",
            h.label(Lang::Ja),
            n.title,
            n.issuer
        ));
    }
    event.done()
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
