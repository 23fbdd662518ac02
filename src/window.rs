//! Outage windows and the state they put a prefecture in.

use serde::{Deserialize, Serialize};

pub use crate::area::Area;
use crate::lang::Lang;
use crate::phase::Phase;
use crate::prefecture::Prefecture;
use crate::service::Service;
use crate::time::{self, Instant};

/// What a window does to the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// 長時間の通信断: nothing can be confirmed online for the whole window.
    Full,
    /// 数分間の断続的な通信断: cuts of a few minutes come and go; retrying works.
    Intermittent,
    /// 一部の停止: the service works, except for the patients or functions the window's
    /// `affects` names (e.g. JPKI 2024-12-15: only patients whose certificate was renewed).
    Partial,
}

impl Kind {
    /// The state a prefecture is in while a window of this kind hits it.
    pub fn state(self) -> State {
        match self {
            Kind::Full => State::FullOutage,
            Kind::Intermittent => State::Intermittent,
            Kind::Partial => State::Partial,
        }
    }

    /// `長時間の通信断` / `Long outage`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Kind::Full, Lang::Ja) => "長時間の通信断",
            (Kind::Full, Lang::En) => "Long outage",
            (Kind::Intermittent, Lang::Ja) => "数分間の断続的な通信断",
            (Kind::Intermittent, Lang::En) => "Intermittent outages of a few minutes",
            (Kind::Partial, Lang::Ja) => "一部の停止",
            (Kind::Partial, Lang::En) => "Partial outage",
        }
    }

    /// The kind in the words of `service`: オン資's network work is a 通信断 (its notices
    /// say so); the other services announce a 停止.
    ///
    /// ```
    /// use onshi::{Kind, Lang, Service};
    /// assert_eq!(Kind::Full.label_for(Service::Oqs, Lang::Ja), "長時間の通信断");
    /// assert_eq!(Kind::Full.label_for(Service::Mynaportal, Lang::Ja), "停止");
    /// ```
    pub fn label_for(self, service: Service, lang: Lang) -> &'static str {
        match (service, self, lang) {
            (Service::Oqs, ..) => self.label(lang),
            (_, Kind::Full, Lang::Ja) => "停止",
            (_, Kind::Full, Lang::En) => "Outage",
            (_, Kind::Intermittent, Lang::Ja) => "断続的な停止",
            (_, Kind::Intermittent, Lang::En) => "Intermittent outages",
            (_, Kind::Partial, _) => self.label(lang),
        }
    }
}

/// The state of one prefecture at one instant.
///
/// Ordered by severity: `Normal < Partial < Intermittent < FullOutage`. Where windows
/// of different kinds overlap, the more severe one wins.
///
/// `Partial` sits just above `Normal`: during a partial outage the counter works as usual
/// for most patients and only those the notice names fail, whereas intermittent cuts hit
/// every patient now and then, and a full outage hits everyone all the time. So an
/// intermittent or full window overlapping a partial one sets the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// No window in force: the service works as usual.
    Normal,
    /// Only some patients or functions are affected (a `partial` window).
    Partial,
    /// Cuts of a few minutes come and go (an `intermittent` window).
    Intermittent,
    /// Nothing can be confirmed online (a `full` window).
    FullOutage,
}

impl State {
    /// The guidance to show while in this state, `None` when all is normal.
    ///
    /// A partial outage shows the full-outage steps: for the patients it affects nothing
    /// works, and retrying (the intermittent steps' first advice) does not help them.
    pub fn phase(self) -> Option<Phase> {
        match self {
            State::Normal => None,
            State::Partial => Some(Phase::Full),
            State::Intermittent => Some(Phase::Intermittent),
            State::FullOutage => Some(Phase::Full),
        }
    }

    /// `normal` | `partial` | `intermittent` | `full_outage`, as in the CLI's JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Normal => "normal",
            State::Partial => "partial",
            State::Intermittent => "intermittent",
            State::FullOutage => "full_outage",
        }
    }

    /// Short label for staff: `通常どおり` / `Normal`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (State::Normal, Lang::Ja) => "通常どおり",
            (State::Normal, Lang::En) => "Normal",
            (State::Partial, Lang::Ja) => "一部停止中",
            (State::Partial, Lang::En) => "Partly down",
            (State::Intermittent, Lang::Ja) => "断続的に停止中",
            (State::Intermittent, Lang::En) => "Intermittent outages",
            (State::FullOutage, Lang::Ja) => "停止中",
            (State::FullOutage, Lang::En) => "Down",
        }
    }
}

/// How the notice gives the prefectures a window hits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// `nationwide = true`: every prefecture.
    Nationwide,
    /// `region = "ID"`: one of the notice's own `[region.ID]`.
    Region(String),
    /// `prefectures = [ … ]`: a list in the window itself.
    Prefectures,
}

impl Scope {
    /// `nationwide`, the region id, or `prefectures`: the CLI's `"scope"`.
    pub fn as_str(&self) -> &str {
        match self {
            Scope::Nationwide => "nationwide",
            Scope::Region(id) => id,
            Scope::Prefectures => "prefectures",
        }
    }
}

impl Serialize for Scope {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
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
    /// Unique within its notice, e.g. `west-full`. With `notice`, the window's identity
    /// across revisions (see [`crate::revision`]).
    pub id: String,
    /// Id of the notice that publishes it.
    pub notice: String,
    /// The revision of that notice (1 for the first publication).
    pub revision: u32,
    /// The service that stops.
    pub service: Service,
    /// What the window does to the service.
    pub kind: Kind,
    /// The first instant inside the window.
    #[serde(serialize_with = "time::serialize_jst")]
    pub start: Instant,
    /// The first instant after the window; always after `start`.
    #[serde(serialize_with = "time::serialize_jst")]
    pub end: Instant,
    /// The notice gives the times as planned (予定); they may shift.
    pub tentative: bool,
    /// How the notice names the prefectures hit; `area` holds them.
    pub scope: Scope,
    /// The prefectures hit, with the notice's name for them.
    pub area: Area,
    /// For a `partial` window: who or what is affected, in the notice's words
    /// (`None` for other kinds).
    pub affects: Option<String>,
    /// `affects` in English, if the notice gives it.
    pub affects_en: Option<String>,
    /// The notice says the work may run on up to this instant (「最大 … まで延長の可能性」).
    /// After `end`; the state still ends at `end` unless a revision extends the window.
    #[serde(serialize_with = "time::serialize_jst_opt")]
    pub may_extend_until: Option<Instant>,
    /// A later revision of the notice called the window off: it is shown as 中止 and is
    /// never current nor next.
    pub cancelled: bool,
    /// Extra words from the notice for staff (who is affected, what may shift), if any.
    pub note: Option<String>,
    /// `note` in English, if the notice gives it.
    pub note_en: Option<String>,
}

impl Window {
    /// Whether `t` lies in `[start, end)`. Says nothing of `cancelled`: see [`Window::in_force_at`].
    pub fn contains(&self, t: Instant) -> bool {
        self.start <= t && t < self.end
    }

    /// Whether the window is in force at `t`: not cancelled, and `t` in `[start, end)`.
    pub fn in_force_at(&self, t: Instant) -> bool {
        !self.cancelled && self.contains(t)
    }

    /// Whether `t` lies after the planned end but before the latest end the notice
    /// warns of: the time when staff should expect an extension may be announced.
    pub fn may_be_extended_at(&self, t: Instant) -> bool {
        !self.cancelled
            && self
                .may_extend_until
                .is_some_and(|m| self.end <= t && t < m)
    }

    /// `affects` in one language (the Japanese when no English is given).
    pub fn affects_label(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Ja => self.affects.as_deref(),
            Lang::En => self.affects_en.as_deref().or(self.affects.as_deref()),
        }
    }

    /// `最大 1月4日(日) 22:00 まで延長の可能性` / `may be extended up to Sun 4 Jan 22:00`.
    pub fn extension_label(&self, lang: Lang) -> Option<String> {
        self.may_extend_until.map(|m| match lang {
            Lang::Ja => format!("最大 {} まで延長の可能性", time::date_time_label(m, lang)),
            Lang::En => format!("may be extended up to {}", time::date_time_label(m, lang)),
        })
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
