//! Outage windows and the state they put a prefecture in.

use serde::{Deserialize, Serialize};

use crate::guidance::{Lang, Phase};
use crate::prefecture::Prefecture;
use crate::time::{self, Instant};

/// What a window does to the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// 長時間の通信断: nothing can be confirmed online for the whole window.
    Full,
    /// 数分間の断続的な通信断: cuts of a few minutes come and go; retrying works.
    Intermittent,
}

impl Kind {
    /// The state a prefecture is in while a window of this kind hits it.
    pub fn state(self) -> State {
        match self {
            Kind::Full => State::FullOutage,
            Kind::Intermittent => State::Intermittent,
        }
    }

    /// `長時間の通信断` / `Long outage`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Kind::Full, Lang::Ja) => "長時間の通信断",
            (Kind::Full, Lang::En) => "Long outage",
            (Kind::Intermittent, Lang::Ja) => "数分間の断続的な通信断",
            (Kind::Intermittent, Lang::En) => "Intermittent outages of a few minutes",
        }
    }
}

/// The state of one prefecture at one instant.
///
/// Ordered by severity: `Normal < Intermittent < FullOutage`. Where windows of both
/// kinds overlap, the more severe one wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Normal,
    Intermittent,
    FullOutage,
}

impl State {
    /// The guidance to show while in this state, `None` when all is normal.
    pub fn phase(self) -> Option<Phase> {
        match self {
            State::Normal => None,
            State::Intermittent => Some(Phase::Intermittent),
            State::FullOutage => Some(Phase::Full),
        }
    }

    /// `normal` | `intermittent` | `full_outage`, as in the CLI's JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Normal => "normal",
            State::Intermittent => "intermittent",
            State::FullOutage => "full_outage",
        }
    }

    /// Short label for staff: `通常どおり` / `Normal`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (State::Normal, Lang::Ja) => "通常どおり",
            (State::Normal, Lang::En) => "Normal",
            (State::Intermittent, Lang::Ja) => "断続的に停止中",
            (State::Intermittent, Lang::En) => "Intermittent outages",
            (State::FullOutage, Lang::Ja) => "停止中",
            (State::FullOutage, Lang::En) => "Down",
        }
    }
}

/// The prefectures a window hits, with the name the notice gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Area {
    /// `西日本エリア`, `全国`, or the listed prefectures' names.
    pub name: String,
    /// `West Japan area`, `Nationwide`, …
    pub name_en: String,
    /// Sorted by code, no duplicates.
    pub prefectures: Vec<Prefecture>,
}

impl Area {
    /// The name in one language.
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.name,
            Lang::En => &self.name_en,
        }
    }
}

/// One published outage window: the half-open interval `[start, end)`.
///
/// `start` is the first instant inside the window, `end` the first instant after it:
/// a window from 03:00 to 05:20 covers 03:00:00 and 05:19:59, not 05:20:00.
///
/// ```
/// use onshi::{time::parse_instant, Schedule, Prefecture};
/// let schedule = Schedule::embedded();
/// let fukuoka: Prefecture = "福岡".parse().unwrap();
/// let full = &schedule.windows_for(fukuoka)[0];
/// assert!(full.contains(parse_instant("2024-12-31T03:00:00+09:00").unwrap()));
/// assert!(full.contains(parse_instant("2024-12-31T05:19:59+09:00").unwrap()));
/// assert!(!full.contains(parse_instant("2024-12-31T05:20:00+09:00").unwrap()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Window {
    /// Unique within its notice, e.g. `west-full`.
    pub id: String,
    /// Id of the notice that publishes it.
    pub notice: String,
    pub kind: Kind,
    #[serde(serialize_with = "time::serialize_jst")]
    pub start: Instant,
    #[serde(serialize_with = "time::serialize_jst")]
    pub end: Instant,
    /// The notice gives the times as planned (予定); they may shift.
    pub tentative: bool,
    pub area: Area,
    /// Extra words from the notice for staff (who is affected, what may shift), if any.
    pub note: Option<String>,
    pub note_en: Option<String>,
}

impl Window {
    /// Whether `t` lies in `[start, end)`.
    pub fn contains(&self, t: Instant) -> bool {
        self.start <= t && t < self.end
    }

    /// Whether the window hits this prefecture.
    pub fn hits(&self, p: Prefecture) -> bool {
        self.area.prefectures.binary_search(&p).is_ok()
    }

    /// `12月31日(火) 3:00 〜 5:20（予定）`.
    pub fn range_label(&self, lang: Lang) -> String {
        format!(
            "{}{}",
            time::range_label(self.start, self.end, lang),
            time::tentative_mark(self.tentative, lang)
        )
    }
}
