//! A service's regular hours (`kind = "hours"`): when it is open, such as オンライン請求's
//! monthly claims days. Shown and put in calendars; never an outage, never a notification.

use serde::Serialize;

use crate::area::Area;
use crate::lang::Lang;
use crate::prefecture::Prefecture;
use crate::service::Service;
use crate::time::{self, Instant};

/// One stretch of open hours `[start, end)`; a recurring entry gives one per occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hours {
    /// Unique within its notice (`ID#YYYYMMDDTHHMM` for an occurrence).
    pub id: String,
    /// Id of the notice that publishes it.
    pub notice: String,
    /// That notice's revision.
    pub revision: u32,
    /// The service that is open.
    pub service: Service,
    /// When it opens.
    #[serde(serialize_with = "time::serialize_jst")]
    pub start: Instant,
    /// When it closes (the first instant after).
    #[serde(serialize_with = "time::serialize_jst")]
    pub end: Instant,
    /// The desks it concerns.
    pub area: Area,
    /// What is open then, in the notice's words (「請求の受付」).
    pub note: Option<String>,
    /// `note` in English.
    pub note_en: Option<String>,
    /// A later revision called it off.
    pub cancelled: bool,
}

impl Hours {
    /// Whether a desk in `p` sees it.
    pub fn hits(&self, p: Prefecture) -> bool {
        self.area.has(p)
    }

    /// Whether the service is open at `t` by these hours.
    pub fn open_at(&self, t: Instant) -> bool {
        !self.cancelled && self.start <= t && t < self.end
    }

    /// `受付時間 4月5日(火) 8:00 〜 21:00` / `Open hours Tue 5 Apr 08:00 – 21:00`.
    pub fn label(&self, lang: Lang) -> String {
        format!(
            "{} {}",
            lang.pick("受付時間", "Open hours"),
            time::range_label(self.start, self.end, lang)
        )
    }
}
