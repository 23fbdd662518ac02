//! Deadlines the desk can meet: what to do by when, and the days to remind of it.

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::Serialize;

use crate::area::Area;
use crate::lang::Lang;
use crate::prefecture::Prefecture;
use crate::service::Service;
use crate::time::{self, Instant};

/// Reminders come this many days before the last day to act, then every day from that
/// day on (as the certificate-expiry notices on these PCs do).
pub const LEAD_DAYS: [i64; 5] = [30, 14, 7, 3, 1];

/// Daily reminders go on for this many days after the deadline passed, unless marked
/// 対応済み: a desk that has not acted in a month is told by the window, not every morning.
pub const OVERDUE_DAYS: i64 = 30;

/// The clock time (JST) of a day's reminder: when the desk is staffed. A PC switched on
/// later that day is told at once (see [`crate::deadline_plan::deadline_plan`]).
pub fn remind_time() -> NaiveTime {
    NaiveTime::from_hms_opt(9, 0, 0).expect("9:00 exists")
}

/// A deadline's instant as notices write it: the last day, and 0:00 as 24:00 of the day
/// before (`1月10日(土) 24:00` / `Sat 10 Jan 24:00`).
pub fn due_time_label(due: Instant, lang: Lang) -> String {
    let last = time::to_jst(due - Duration::seconds(1));
    let jst = time::to_jst(due);
    let clock = if jst.date_naive() != last.date_naive() {
        "24:00".to_string()
    } else {
        time::clock_label(due, lang)
    };
    // date_time_label gives "1月10日(土) 23:59:59": keep the day, put the deadline's time.
    let day = time::date_time_label(due - Duration::seconds(1), lang);
    let day = day.rsplit_once(' ').map_or(day.as_str(), |(d, _)| d);
    format!("{day} {clock}")
}

/// One deadline (`kind = "deadline"`), or one occurrence of a recurring one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// Unique within its notice; an occurrence of a recurring deadline has
    /// `ID#YYYYMMDDTHHMM` (its regular due).
    pub id: String,
    /// Id of the notice that publishes it.
    pub notice: String,
    /// That notice's revision.
    pub revision: u32,
    /// The service it is about.
    pub service: Service,
    /// The first instant **after** the deadline: act before it (`due = 2026-01-11T00:00`
    /// means by the end of 10 January).
    #[serde(serialize_with = "time::serialize_jst")]
    pub due: Instant,
    /// The due the rule gave, when a `[[deadline_moved]]` moved this occurrence (延長).
    #[serde(serialize_with = "time::serialize_jst_opt")]
    pub moved_from: Option<Instant>,
    /// What the desk must do, in the notice's words.
    pub action: String,
    /// `action` in English.
    pub action_en: Option<String>,
    /// The prefectures whose desks it concerns.
    pub area: Area,
    /// Extra words from the notice (what happens if it is missed).
    pub note: Option<String>,
    /// `note` in English.
    pub note_en: Option<String>,
    /// Why it moved, from the `[[deadline_moved]]`.
    pub moved_note: Option<String>,
    /// A later revision called it off.
    pub cancelled: bool,
}

/// One reminder of a deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reminder {
    /// When it is due.
    #[serde(serialize_with = "time::serialize_jst")]
    pub at: Instant,
    /// Whole days from the reminder's day to the last day to act: 30, 14, 7, 3, 1, 0 (the
    /// last day), then negative (overdue).
    pub days_left: i64,
}

impl Reminder {
    /// Whether this reminder should also take the screen (the banner of the alerts, where
    /// the app has one): from the day before the last day on, when a missed deadline is
    /// a day away or has passed. Earlier ones are notifications only.
    pub fn wants_banner(&self) -> bool {
        self.days_left <= 1
    }
}

impl Deadline {
    /// What 「対応済み」 is remembered by: `NOTICE/ID` (an occurrence's id names its
    /// regular due, so moving it keeps the mark).
    pub fn key(&self) -> String {
        format!("{}/{}", self.notice, self.id)
    }

    /// The last JST day on which the desk can still act.
    pub fn last_day(&self) -> NaiveDate {
        time::to_jst(self.due - Duration::seconds(1)).date_naive()
    }

    /// Whether it concerns a desk in `p`.
    pub fn hits(&self, p: Prefecture) -> bool {
        self.area.has(p)
    }

    /// Whether the deadline has passed at `t`.
    pub fn is_overdue_at(&self, t: Instant) -> bool {
        t >= self.due
    }

    /// Every reminder, in order: 9:00 JST on the days [`LEAD_DAYS`] before the last day,
    /// then every day from the last day until [`OVERDUE_DAYS`] after the due. None for a
    /// cancelled deadline.
    ///
    /// ```
    /// use onshi::{time::parse_instant as t, Notice};
    /// let n = Notice::parse(r#"
    /// id = "d"
    /// title = "点検報告"
    /// issuer = "厚生労働省"
    /// issued = 2025-11-01
    /// [[window]]
    /// id = "report"
    /// kind = "deadline"
    /// service = "erx"
    /// due = 2026-01-11T00:00:00+09:00
    /// action = "点検報告を提出する"
    /// nationwide = true
    /// "#, "d.toml").unwrap();
    /// let r = n.deadlines[0].reminders();
    /// assert_eq!(r[0].at, t("2025-12-11T09:00+09:00").unwrap());
    /// assert_eq!(r[0].days_left, 30);
    /// assert_eq!(r[5].at, t("2026-01-10T09:00+09:00").unwrap()); // the last day
    /// assert_eq!(r[6].days_left, -1); // overdue
    /// ```
    pub fn reminders(&self) -> Vec<Reminder> {
        if self.cancelled {
            return Vec::new();
        }
        let last = self.last_day();
        let at = |day: NaiveDate| {
            time::jst_offset()
                .from_local_datetime(&day.and_time(remind_time()))
                .single()
                .expect("JST has no gaps")
                .with_timezone(&Utc)
        };
        let mut out: Vec<Reminder> = LEAD_DAYS
            .iter()
            .map(|d| Reminder {
                at: at(last - Duration::days(*d)),
                days_left: *d,
            })
            .collect();
        let mut day = last;
        let stop = time::to_jst(self.due).date_naive() + Duration::days(OVERDUE_DAYS);
        while day < stop {
            let days_left = (last - day).num_days();
            out.push(Reminder {
                at: at(day),
                days_left,
            });
            day += Duration::days(1);
        }
        out
    }

    /// `action` in one language.
    pub fn action_label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.action,
            Lang::En => self.action_en.as_deref().unwrap_or(&self.action),
        }
    }

    /// `期限 1月10日(土) 24:00` / `Due Sat 10 Jan 24:00`, with 「（延長）」 when moved.
    pub fn due_label(&self, lang: Lang) -> String {
        let moved = match (self.moved_from, lang) {
            (Some(_), Lang::Ja) => "（延長）",
            (Some(_), Lang::En) => " (extended)",
            (None, _) => "",
        };
        let when = due_time_label(self.due, lang);
        match lang {
            Lang::Ja => format!("期限 {when}{moved}"),
            Lang::En => format!("Due {when}{moved}"),
        }
    }

    /// What a reminder says: title and body, Japanese first.
    pub fn reminder_text(&self, r: &Reminder, lang: Lang) -> (String, String) {
        let service = self.service.name(lang);
        let when = match (r.days_left, lang) {
            (d, Lang::Ja) if d > 0 => format!("期限まであと{d}日"),
            (d, Lang::En) if d > 0 => format!("{d} days left"),
            (0, Lang::Ja) => "本日が期限".into(),
            (0, Lang::En) => "Due today".into(),
            (d, Lang::Ja) => format!("期限を{}日過ぎています", -d),
            (d, Lang::En) => format!("{} days overdue", -d),
        };
        let title = match lang {
            Lang::Ja => format!("【期限】{service}: {when}"),
            Lang::En => format!("[Deadline] {service}: {when}"),
        };
        let done = lang.pick(
            "済んだら「対応済み」を押してください。",
            "Press “Done” once it is done.",
        );
        let body = format!(
            "{}\n{}\n{done}",
            self.action_label(lang),
            self.due_label(lang)
        );
        (title, body)
    }
}
