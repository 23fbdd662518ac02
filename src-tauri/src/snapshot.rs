//! What one wake of the timer sees: the status worked out once, and everything the tray,
//! the notifications, the window and the sleep need from it, taken under one short lock.

use std::time::Duration as StdDuration;

use onshi::freshness::Freshness;
use onshi::plan::next_due;
use onshi::present::{self, Look};
use onshi::schedule::UPCOMING;
use onshi::time::Instant;
use onshi::{desk, Event, Lang, Service, State, Status};

use onshi::ack::Alert;

use crate::alerts::{Banner, BannerChange};
use crate::clock::Clock;
use crate::drill::{self, Offer};
use crate::state::{AppState, Shared};

/// What one wake of the timer found.
pub struct Tick {
    pub now: Instant,
    /// Due events, oldest first, already without the muted ones.
    pub events: Vec<Event>,
    /// The state at `now`: what the tray, the window and the sleep read.
    pub snapshot: Snapshot,
    /// 【変更】/【中止】 notices for windows a new revision changed.
    pub changes: Vec<onshi::message::Message>,
    /// Deadline reminders now due (not muted: a deadline is not an outage to sit out).
    pub deadline_events: Vec<onshi::deadline_plan::DeadlineEvent>,
    /// What the banner windows do this wake, if anything.
    pub banner: Option<BannerChange>,
    /// The banner raised again: its toast, said again.
    pub re_remind: Option<onshi::message::Message>,
}

/// The timer's wake, on [`Shared`]: here beside the snapshot it takes, so state.rs keeps
/// the data and this room what one wake sees of it.
impl Shared {
    /// One wake of the timer: the events now due and the snapshot, under one lock.
    pub fn tick(&self) -> Tick {
        let now = self.clock.now();
        let mut guard = self.lock();
        let inner = &mut *guard;
        // Each event with the alert it raises (its watch's timeline names the span).
        let mut told: Vec<(Event, Alert)> = Vec::new();
        for watch in inner
            .watch
            .iter_mut()
            .chain(inner.service_watches.iter_mut())
        {
            let due: Vec<Event> = watch.start().into_iter().chain(watch.poll(now)).collect();
            for e in due {
                let alert = Alert::of_event(&e, watch.timeline());
                told.push((e, alert));
            }
        }
        // オン資 first at one instant, as the watches were asked.
        told.sort_by_key(|(e, _)| e.at);
        if let Some(until) = inner.muted_until {
            if now >= until {
                inner.muted_until = None;
            } else {
                told.retain(|(e, _)| e.at >= until);
            }
        }
        let (banner, re_remind) = self.banner_wake(inner, &told, now);
        let events: Vec<Event> = told.into_iter().map(|(e, _)| e).collect();
        let deadline_events = match inner.deadline_watch.as_mut() {
            Some(w) => w.poll(&inner.schedule, &inner.done, now),
            None => Vec::new(),
        };
        let mut snapshot = Snapshot::take(inner, &self.clock, now);
        // A banner waiting for 「確認しました」 wakes the timer for its next re-reminder.
        if let Some(t) = inner.banner.as_ref().and_then(|b| b.next_remind) {
            snapshot.next_due = Some(snapshot.next_due.map_or(t, |d| d.min(t)));
        }
        let changes = std::mem::take(&mut inner.changes);
        Tick {
            now,
            events,
            snapshot,
            changes,
            deadline_events,
            banner,
            re_remind,
        }
    }

    /// The banner's part of a wake: a new banner for the last event that raises one
    /// (acknowledged already, here or elsewhere, it shows so), else a re-reminder when due,
    /// else what a command or the shared folder changed.
    fn banner_wake(
        &self,
        inner: &mut AppState,
        told: &[(Event, Alert)],
        now: Instant,
    ) -> (Option<BannerChange>, Option<onshi::message::Message>) {
        let lang = inner.settings.lang;
        let drill = self.clock.training_info().is_some();
        let every = inner.settings.remind_every();
        let reminders = inner.settings.reminders();
        let raised = told
            .iter()
            .rev()
            .find(|(e, _)| inner.settings.banner_events().wants_banner(e, &reminders));
        if let Some((event, alert)) = raised {
            let mut message = onshi::message::message(event, lang);
            if drill {
                message = onshi::message::drill(message, lang);
            }
            // A drill's alert is its own: acknowledged in a drill, the real one still waits.
            let mut alert = alert.clone();
            if drill {
                alert.kind = format!("drill:{}", alert.kind);
            }
            let alert = &alert;
            let mut b = Banner::of_event(alert.clone(), message, banner_look(event), event, drill);
            // Never waits on the share: a book busy with it is asked again at the next look.
            if let Ok(book) = self.acks.try_lock() {
                if let Some(ack) = book.ack_of(alert) {
                    b.acked_here = ack.by == book.label();
                    b.acked = Some(ack.clone());
                }
            }
            b.plan_remind(every, now);
            let change = match (&b.acked, b.acked_here) {
                (Some(_), true) => BannerChange::Close,
                _ => BannerChange::Show(b.view(lang, false)),
            };
            println!(
                "onshi-watch: banner at={} title={}",
                onshi::time::rfc3339_jst(now),
                b.message.title
            );
            inner.banner = Some(b);
            inner.banner_change = None;
            return (Some(change), None);
        }
        // A revision of a window staff were told of (【変更】/【中止】): its own banner.
        let revision = std::mem::take(&mut inner.revisions).pop();
        if let Some(r) = revision.filter(|_| inner.settings.banner_events().change) {
            let mut alert = r.alert;
            if drill {
                alert.kind = format!("drill:{}", alert.kind);
            }
            let mut message = r.message;
            if drill {
                message = onshi::message::drill(message, lang);
            }
            let mut b = Banner::new(alert, message, Look::Upcoming, now, r.until, drill);
            b.plan_remind(every, now);
            println!(
                "onshi-watch: banner at={} title={}",
                onshi::time::rfc3339_jst(now),
                b.message.title
            );
            let change = BannerChange::Show(b.view(lang, false));
            inner.banner = Some(b);
            inner.banner_change = None;
            return (Some(change), None);
        }
        if let Some(b) = inner.banner.as_mut() {
            if b.remind_due(every, now) {
                let again = onshi::banner::re_remind_message(&b.message, b.told_at, lang);
                println!(
                    "onshi-watch: banner-remind at={} title={}",
                    onshi::time::rfc3339_jst(now),
                    again.title
                );
                return (Some(BannerChange::Flash(b.view(lang, true))), Some(again));
            }
        }
        (inner.banner_change.take(), None)
    }

    /// How long the timer may sleep from this moment, by the snapshot's next due instant.
    /// Asked after the notifications, tray and window are handled, so the time they took
    /// is not slept on top.
    pub fn sleep_after(&self, snapshot: &Snapshot) -> StdDuration {
        let sleep = match snapshot.next_due {
            Some(next) => {
                let sim = (next - self.clock.now()).to_std().unwrap_or_default();
                sim.div_f64(self.clock.speed().max(f64::MIN_POSITIVE))
                    .min(onshi::watch::MAX_SLEEP)
            }
            None => onshi::watch::MAX_SLEEP,
        };
        if snapshot.window_open {
            // The countdown in the window moves once a (real) second.
            sleep.min(StdDuration::from_secs(1))
        } else {
            sleep
        }
    }
}

/// One look at the app's state at `now`.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub now: Instant,
    pub lang: Lang,
    /// オン資's status; `None` until a prefecture is chosen.
    pub status: Option<Status>,
    /// Every service's status (オン資 first), one each; empty until a prefecture is chosen.
    pub statuses: Vec<Status>,
    /// The services that matter to this facility.
    pub services: Vec<Service>,
    /// The one status the look and the words come from — state, place, countdown, the
    /// tray's lines: the worst service that matters now (オン資's when all are alike).
    pub headline: Option<Status>,
    /// 「確認済み 受付2 10:02」 once the banner in force was acknowledged, here or elsewhere.
    pub banner_ack: Option<String>,
    /// The next window of any service that matters: the tray's next line and the window's.
    pub next_window: Option<onshi::Window>,
    pub look: Look,
    pub muted_until: Option<Instant>,
    /// Until when "mute until this outage ends" would mute now.
    pub mute_target: Option<Instant>,
    /// When the timer has something to do next.
    pub next_due: Option<Instant>,
    pub window_open: bool,
    /// How fresh the notices are (when the feed last answered, if there is one).
    pub freshness: Freshness,
    pub tray: TrayTexts,
}

/// The tray menu's texts, in menu order, and whether "mute" can be chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayTexts {
    pub status: String,
    pub show: String,
    pub next: String,
    pub mute: String,
    /// 「訓練を始める」 (the past windows under it in `drills`), or in a drill 「訓練を終える」.
    pub drill: String,
    pub drills: Vec<Offer>,
    /// Under 「訓練を始める」 when no window can be offered.
    pub no_drill: String,
    pub quit: String,
    pub can_mute: bool,
}

impl Snapshot {
    /// Takes the snapshot: one status, no timeline built.
    pub fn take(state: &AppState, clock: &Clock, now: Instant) -> Snapshot {
        let lang = state.settings.lang;
        let status = state.timeline.as_ref().map(|tl| tl.status(now));
        let mut statuses: Vec<Status> = status.iter().cloned().collect();
        if status.is_some() {
            statuses.extend(state.service_timelines.iter().map(|tl| tl.status(now)));
        }
        let services = state.services();
        // The tray and the banner show the worst of the services that matter.
        let worst = desk::worst(&statuses, &services).or(status.as_ref());
        let look = Look::of(worst);
        let headline = worst.cloned();
        // The next window of any service that matters, so the tray's next line never
        // says 「次の停止予定はありません」 under a coming window of another service.
        let next = statuses
            .iter()
            .filter(|s| services.contains(&s.service) || s.service == Service::Oqs)
            .filter_map(|s| s.next_window.as_ref())
            .min_by_key(|w| (w.start, w.service))
            .cloned();
        let freshness = crate::feed_sync::freshness(state.feed.as_ref(), now);
        let mute_target = status.as_ref().and_then(|s| state.mute_target(s));
        // The soonest event of any watched service: オン資's and the others' watches, and
        // the next deadline reminder.
        let reminders = state.settings.reminders();
        let next_due = state
            .timeline
            .iter()
            .chain(state.service_watches.iter().map(|w| w.timeline()))
            .filter_map(|tl| next_due(tl, &reminders, now))
            .chain(
                state
                    .deadline_watch
                    .as_ref()
                    .and_then(|w| w.next_due(&state.schedule, &state.done, now)),
            )
            .min();
        let banner_ack = state.banner.as_ref().and_then(|b| b.ack_label(lang));
        let drilling = clock.training_info().is_some();
        let mut status_text = status_line(worst, look, freshness, clock, lang);
        if let Some(a) = &banner_ack {
            status_text.push_str(&format!(" · {a}"));
        }
        let tray = TrayTexts {
            status: status_text,
            show: show_text(lang == Lang::Ja),
            next: present::next_line(next.as_ref(), lang),
            mute: mute_text(status.as_ref(), state.muted_until, mute_target, lang),
            drill: if drilling {
                lang.pick("訓練を終える", "End the drill")
            } else {
                lang.pick("訓練を始める", "Start a drill")
            }
            .to_string(),
            drills: if drilling {
                Vec::new()
            } else {
                drill::offers(&state.schedule, state.prefecture(), &services, now, lang)
            },
            no_drill: lang
                .pick(
                    "都道府県を設定すると、過去の停止で訓練できます",
                    "Set the prefecture to drill with a past outage",
                )
                .to_string(),
            quit: lang.pick("終了", "Quit").to_string(),
            can_mute: state.muted_until.is_some() || mute_target.is_some(),
        };
        let status = status.clone();
        Snapshot {
            now,
            lang,
            status,
            statuses,
            services,
            headline,
            banner_ack,
            next_window: next,
            look,
            muted_until: state.muted_until,
            mute_target,
            next_due,
            window_open: state.window_open,
            freshness,
            tray,
        }
    }

    /// `normal`, `full_outage`, … as the app's `ready` line and the e2e tests read it.
    pub fn look_str(&self) -> &'static str {
        self.look.as_str()
    }
}

/// The line on the tray menu (and in the tooltip where the OS has one):
/// `✕ 停止中 福岡県 〜12月31日(火) 5:20（予定）`.
fn status_line(
    status: Option<&Status>,
    look: Look,
    freshness: Freshness,
    clock: &Clock,
    lang: Lang,
) -> String {
    let mut line = String::new();
    if clock.training_info().is_some() {
        line.push_str(lang.pick("【訓練モード】", "[TRAINING] "));
    }
    line.push_str(look.symbol());
    line.push(' ');
    match status {
        // Normal: say how fresh that is, never a bare 「通常どおり」 on stale knowledge.
        Some(s) if look == Look::Normal => {
            line.push_str(&crate::feed_sync::state_label(freshness, Some(s), lang))
        }
        _ => line.push_str(look.label(lang)),
    }
    if let Some(s) = status {
        if s.service != Service::Oqs {
            line.push(' ');
            line.push_str(s.service.name(lang));
        }
        line.push(' ');
        line.push_str(&present::prefecture_name(s.prefecture, lang));
        match (s.state, s.until, s.upcoming(UPCOMING)) {
            (State::Normal, _, Some(w)) => {
                line.push_str(&format!(
                    " {} {}",
                    lang.pick("開始", "from"),
                    present::when(w.start, w.tentative, lang)
                ));
            }
            (State::Normal, _, None) => {
                // Unless the label already says it: when the notices were confirmed.
                if s.next_window.is_some() || matches!(freshness, Freshness::Fresh { .. }) {
                    line.push_str(&format!("（{}）", freshness.confirmed_line(lang)));
                }
            }
            (_, Some(until), _) => {
                line.push_str(&format!(
                    " {}{}",
                    lang.pick("〜", "until "),
                    present::when(until, present::until_tentative(s), lang)
                ));
            }
            (_, None, _) => {}
        }
    }
    line
}

/// "Show status"; on Windows without WebView2, what the window needs and where to get it.
fn show_text(ja: bool) -> String {
    #[cfg(windows)]
    if let Some(line) = crate::windows_env::missing_webview2_line(ja) {
        return line;
    }
    (if ja { "状態を表示" } else { "Show status" }).to_string()
}

/// The mute item: what it would do now, with 予定 when the end it runs to is planned.
fn mute_text(
    status: Option<&Status>,
    muted_until: Option<Instant>,
    target: Option<Instant>,
    lang: Lang,
) -> String {
    let tentative = status
        .and_then(|s| s.window.as_ref().or(s.next_window.as_ref()))
        .is_some_and(|w| w.tentative);
    match (muted_until, target) {
        (Some(u), _) => format!(
            "{} ({})",
            lang.pick("通知を再開する", "Unmute notifications"),
            onshi::time::date_time_label(u, lang)
        ),
        (None, Some(u)) => format!(
            "{} {}",
            lang.pick(
                "この停止が終わるまで通知を止める",
                "Mute until this outage ends"
            ),
            present::when(u, tentative, lang)
        ),
        (None, None) => lang.pick("通知を止める", "Mute notifications").to_string(),
    }
}

/// The banner's colour and shape: that of the state the event brings (a reminder: what is
/// coming; a planned end: past its end, not yet normal).
fn banner_look(event: &Event) -> Look {
    match (event.kind, event.to) {
        (onshi::EventKind::Reminder { .. }, _) => Look::Upcoming,
        (_, State::FullOutage) => Look::FullOutage,
        (_, State::Intermittent) => Look::Intermittent,
        (_, State::Partial) => Look::Partial,
        (_, State::Normal) => Look::PastEnd,
    }
}
