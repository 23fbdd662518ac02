//! How a status is told to staff: the words for looks, places and times, shared by the
//! CLI, the tray, the window and the notifications so each says it the same way.

use serde::Serialize;

use crate::lang::Lang;
use crate::prefecture::Prefecture;
use crate::status::{Status, UPCOMING};
use crate::time::{self, Instant};
use crate::window::{Area, State, Window};

/// How the tray and the banner look: the domain state plus "not set up" and "a window
/// starts within [`UPCOMING`]".
///
/// ```
/// use onshi::{present::Look, time::parse_instant as t, Lang, Schedule};
/// let s = Schedule::embedded();
/// let fukuoka = "福岡".parse().unwrap();
/// let down = s.status(fukuoka, t("2024-12-31T04:00+09:00").unwrap());
/// assert_eq!(Look::of(Some(&down)), Look::FullOutage);
/// assert_eq!(Look::FullOutage.label(Lang::Ja), "停止中（長時間の通信断）");
/// // The day before: normal, but the window is within a day.
/// let eve = s.status(fukuoka, t("2024-12-30T12:00+09:00").unwrap());
/// assert_eq!(Look::of(Some(&eve)), Look::Upcoming);
/// assert_eq!(Look::of(None), Look::NotConfigured);
/// // Ten minutes after the planned end of 5:20: not 「通常どおり」 yet.
/// let after = s.status(fukuoka, t("2024-12-31T05:30+09:00").unwrap());
/// assert_eq!(Look::of(Some(&after)), Look::PastEnd);
/// let later = s.status(fukuoka, t("2024-12-31T07:30+09:00").unwrap());
/// assert_eq!(Look::of(Some(&later)), Look::Upcoming);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Look {
    /// No prefecture chosen yet.
    NotConfigured,
    /// Nothing in force, nothing within [`UPCOMING`].
    Normal,
    /// A window starts within [`UPCOMING`].
    Upcoming,
    /// A window's planned end passed less than [`crate::status::PAST_END`] ago: nothing is in force, but
    /// nobody has confirmed that it works again.
    PastEnd,
    /// A window's planned end has passed and its notice says it may run on: until that
    /// bound the desk is told so, never 「通常どおり」.
    MayExtend,
    /// Inside a partial outage: only some patients or functions are affected.
    Partial,
    /// Inside intermittent cuts.
    Intermittent,
    /// Inside a long outage.
    FullOutage,
}

impl Look {
    /// The look of a status (`None`: not set up).
    pub fn of(status: Option<&Status>) -> Look {
        match status {
            None => Look::NotConfigured,
            Some(s) => match s.state {
                State::FullOutage => Look::FullOutage,
                State::Intermittent => Look::Intermittent,
                State::Partial => Look::Partial,
                State::Normal if s.may_extend.is_some() => Look::MayExtend,
                State::Normal if s.ended.is_some() => Look::PastEnd,
                State::Normal if s.upcoming(UPCOMING).is_some() => Look::Upcoming,
                State::Normal => Look::Normal,
            },
        }
    }

    /// `not_configured` | `normal` | `upcoming` | `partial` | `intermittent` | `full_outage`.
    pub fn as_str(self) -> &'static str {
        match self {
            Look::NotConfigured => "not_configured",
            Look::Normal => "normal",
            Look::Upcoming => "upcoming",
            Look::PastEnd => "past_end",
            Look::MayExtend => "may_extend",
            Look::Partial => "partial",
            Look::Intermittent => "intermittent",
            Look::FullOutage => "full_outage",
        }
    }

    /// `停止中（長時間の通信断）` / `Down (long outage)`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Look::NotConfigured => lang.pick("都道府県が未設定です", "Prefecture not set"),
            Look::Normal => lang.pick("通常どおり", "Normal"),
            Look::Upcoming => lang.pick("停止の予定があります", "Outage coming up"),
            Look::PastEnd => lang.pick(
                "終了予定時刻を過ぎました（復旧は未確認）",
                "Planned end passed (recovery not confirmed)",
            ),
            Look::MayExtend => lang.pick(
                "終了予定時刻を過ぎました（延長の可能性あり）",
                "Planned end passed (it may be extended)",
            ),
            Look::Partial => lang.pick(
                "一部停止中（一部の患者・機能）",
                "Partly down (some patients or functions)",
            ),
            Look::Intermittent => lang.pick(
                "断続的に停止中（数分間の通信断）",
                "Intermittent outages (a few minutes each)",
            ),
            Look::FullOutage => lang.pick("停止中（長時間の通信断）", "Down (long outage)"),
        }
    }

    /// The symbol that tells the looks apart without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Look::NotConfigured => "?",
            Look::Normal => "✓",
            Look::Upcoming => "⏰",
            Look::PastEnd => "◔",
            Look::MayExtend => "⌛",
            Look::Partial => "△",
            Look::Intermittent => "⚠",
            Look::FullOutage => "✕",
        }
    }
}

/// `福岡県` / `Fukuoka`.
pub fn prefecture_name(p: Prefecture, lang: Lang) -> String {
    match lang {
        Lang::Ja => p.name().to_string(),
        Lang::En => p.name_en(),
    }
}

/// The prefecture with the area a window names, so staff who do not know their area
/// still see themselves: `福岡県（西日本エリア）` / `Fukuoka (West Japan area)`.
pub fn place(p: Prefecture, area: &Area, lang: Lang) -> String {
    let name = prefecture_name(p, lang);
    let area = area.label(lang);
    if area == name {
        return name;
    }
    match lang {
        Lang::Ja => format!("{name}（{area}）"),
        Lang::En => format!("{name} ({area})"),
    }
}

/// A date and time with `（予定）` when it is only planned: `12月31日(火) 5:20（予定）`.
pub fn when(t: Instant, tentative: bool, lang: Lang) -> String {
    format!(
        "{}{}",
        time::date_time_label(t, lang),
        time::tentative_mark(tentative, lang)
    )
}

/// Whether the instant at which a status changes is only planned: the end of a window
/// in force, or the start of the next one.
pub fn until_tentative(status: &Status) -> bool {
    match (&status.window, &status.next_window) {
        (Some(w), _) => w.tentative,
        (None, Some(n)) => n.tentative,
        (None, None) => false,
    }
}

/// `次: 12月31日(火) 3:00 〜 5:20（予定） 長時間の通信断` for the tray's next-window line.
pub fn next_line(next: Option<&Window>, lang: Lang) -> String {
    match next {
        Some(w) if w.service != crate::service::Service::Oqs => format!(
            "{} {} {} {}",
            lang.pick("次:", "Next:"),
            w.service.name(lang),
            w.range_label(lang),
            w.kind.label_for(w.service, lang)
        ),
        Some(w) => format!(
            "{} {} {}",
            lang.pick("次:", "Next:"),
            w.range_label(lang),
            w.kind.label(lang)
        ),
        None => lang
            .pick("次の停止予定はありません", "No outage scheduled")
            .to_string(),
    }
}
