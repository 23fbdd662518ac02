//! The banner in force and what became of it: which alert it is, what it says, when it is
//! raised again, and who acknowledged it — on this PC or, through the shared folder, on
//! another. Plain data over the domain's `banner` and `ack`; the windows are banner_window.rs.

use onshi::ack::{Ack, Alert};
use onshi::banner::{self, RemindEvery};
use onshi::message::Message;
use onshi::present::Look;
use onshi::time::Instant;
use onshi::{Event, Lang};
use serde::Serialize;

/// The banner staff are shown now, until they acknowledge it or the next one replaces it.
#[derive(Debug, Clone, PartialEq)]
pub struct Banner {
    pub alert: Alert,
    /// The notification it came with (【訓練】 in a drill).
    pub message: Message,
    pub look: Look,
    /// When it was first told: the re-reminders count from here.
    pub told_at: Instant,
    /// The end of what it announces: no re-reminder at or after it.
    pub until: Instant,
    pub drill: bool,
    /// Who acknowledged it and when; `None` while it waits.
    pub acked: Option<Ack>,
    /// Whether the acknowledgement was this PC's own (the banner closes) or another's
    /// (it turns into a quiet line).
    pub acked_here: bool,
    /// The next re-reminder, while nobody has acknowledged it.
    pub next_remind: Option<Instant>,
}

impl Banner {
    /// The banner of a plan event.
    pub fn of_event(
        alert: Alert,
        message: Message,
        look: Look,
        event: &Event,
        drill: bool,
    ) -> Banner {
        Banner::new(
            alert,
            message,
            look,
            event.at,
            banner::remind_until(event),
            drill,
        )
    }

    pub fn new(
        alert: Alert,
        message: Message,
        look: Look,
        told_at: Instant,
        until: Instant,
        drill: bool,
    ) -> Banner {
        Banner {
            alert,
            message,
            look,
            told_at,
            until,
            drill,
            acked: None,
            acked_here: false,
            next_remind: None,
        }
    }

    /// Plans the next re-reminder after `now` (none once acknowledged or past what it
    /// announces).
    pub fn plan_remind(&mut self, every: RemindEvery, now: Instant) {
        self.next_remind = match self.acked {
            Some(_) => None,
            None => banner::reminds(self.told_at, every.duration(), self.until).find(|t| *t > now),
        };
    }

    /// Whether a re-reminder is due at `now`; if so, the next one is planned.
    pub fn remind_due(&mut self, every: RemindEvery, now: Instant) -> bool {
        match self.next_remind {
            Some(t) if t <= now && self.acked.is_none() => {
                self.plan_remind(every, now);
                true
            }
            _ => false,
        }
    }

    /// What the banner windows show.
    pub fn view(&self, lang: Lang, flash: bool) -> BannerView {
        let quiet = self.acked.as_ref().filter(|_| !self.acked_here);
        BannerView {
            look: self.look,
            title: self.message.title.clone(),
            body: self.message.body.clone(),
            acked: quiet.map(|a| a.by_other_label(lang)),
            drill: self.drill,
            ack_label: match quiet {
                Some(_) => lang.pick("閉じる", "Close"),
                None => lang.pick("確認しました", "Acknowledged"),
            }
            .to_string(),
            steps_label: lang.pick("手順を見る", "See the steps").to_string(),
            lang,
            flash,
        }
    }

    /// 「確認済み 受付2 10:02」 for the tray and the window, once acknowledged.
    pub fn ack_label(&self, lang: Lang) -> Option<String> {
        self.acked.as_ref().map(|a| a.label(lang))
    }
}

/// What one banner window shows, sent as data: the page sets it as text only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BannerView {
    /// The look's id (`full_outage`, …): colour and shape.
    pub look: Look,
    pub title: String,
    pub body: String,
    /// 「受付1 が確認しました」 when another PC acknowledged it.
    pub acked: Option<String>,
    pub drill: bool,
    pub ack_label: String,
    pub steps_label: String,
    pub lang: Lang,
    /// Raised again: the bar blinks.
    pub flash: bool,
}

/// What a wake does to the banner windows.
#[derive(Debug, Clone, PartialEq)]
pub enum BannerChange {
    /// Open them (or replace what they show) with a new banner.
    Show(BannerView),
    /// Raised again, nobody acknowledged it: to the top, blinking.
    Flash(BannerView),
    /// What they show changed (acknowledged on another PC).
    Update(BannerView),
    /// Acknowledged here: close them.
    Close,
}

#[cfg(test)]
mod tests {
    use super::*;
    use onshi::time::parse_instant as t;
    use onshi::{Reminders, Schedule};

    fn start_banner() -> Banner {
        let tl = Schedule::embedded().timeline("福岡".parse().unwrap());
        let e = onshi::plan::plan_on(
            &tl,
            &Reminders::default(),
            t("2024-12-31T02:59+09:00").unwrap(),
            t("2024-12-31T03:00+09:00").unwrap(),
        )
        .remove(0);
        let m = onshi::message::message(&e, Lang::Ja);
        Banner::of_event(Alert::of_event(&e, &tl), m, Look::FullOutage, &e, false)
    }

    #[test]
    fn raised_again_every_interval_until_acknowledged_never_past_its_end() {
        let every = RemindEvery::from_minutes(30).unwrap();
        let mut b = start_banner();
        b.plan_remind(every, t("2024-12-31T03:00+09:00").unwrap());
        assert_eq!(b.next_remind, Some(t("2024-12-31T03:30+09:00").unwrap()));
        assert!(!b.remind_due(every, t("2024-12-31T03:29+09:00").unwrap()));
        let mut at = Vec::new();
        for m in (0..=180).step_by(1) {
            let now = t("2024-12-31T03:00+09:00").unwrap() + chrono::Duration::minutes(m);
            if b.remind_due(every, now) {
                at.push(onshi::time::rfc3339_jst(now));
            }
        }
        // 3:30 … 5:00; none at or after the 5:20 end.
        assert_eq!(
            at,
            [
                "2024-12-31T03:30:00+09:00",
                "2024-12-31T04:00:00+09:00",
                "2024-12-31T04:30:00+09:00",
                "2024-12-31T05:00:00+09:00"
            ]
        );
        assert_eq!(b.next_remind, None);
    }

    #[test]
    fn acknowledged_elsewhere_it_turns_quiet_and_stops() {
        let every = RemindEvery::default();
        let mut b = start_banner();
        b.plan_remind(every, t("2024-12-31T03:00+09:00").unwrap());
        assert_eq!(b.view(Lang::Ja, false).ack_label, "確認しました");
        b.acked = Some(Ack {
            alert: b.alert.clone(),
            by: "受付1".into(),
            at: t("2024-12-31T03:02+09:00").unwrap(),
        });
        assert!(!b.remind_due(every, t("2024-12-31T03:05+09:00").unwrap()));
        let v = b.view(Lang::Ja, false);
        assert_eq!(v.acked.as_deref(), Some("受付1 が確認しました"));
        assert_eq!(v.ack_label, "閉じる");
        assert_eq!(
            b.ack_label(Lang::Ja).as_deref(),
            Some("確認済み 受付1 3:02")
        );
    }
}
