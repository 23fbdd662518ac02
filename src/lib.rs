//! # onshi — the outage schedule of オンライン資格確認等システム
//!
//! The domain of Onshi Watch, with no GUI dependency. Data flows one way:
//!
//! ```text
//! notice files ─▶ Notice ─▶ Schedule ─▶ Timeline (one prefecture) ─▶ Status (state now, window, next)
//!                                                                 └─▶ plan ─▶ Watch (timer memory) ─▶ message
//! guidance (steps for staff, with sources) is shown beside them.
//! ```
//!
//! Every instant is an absolute [`time::Instant`]; windows are `[start, end)` and
//! written in JST (`+09:00`). Nothing here reads the PC's time zone.

pub mod announced;
pub mod guidance;
pub mod message;
pub mod notice;
pub mod plan;
pub mod prefecture;
pub mod read;
pub mod schedule;
pub mod time;
pub mod timeline;
pub mod watch;
pub mod window;

pub use guidance::{Guidance, Lang, Phase};
pub use notice::{Notice, NoticeError};
pub use plan::{plan, Event, EventKind, Reminders};
pub use prefecture::{Prefecture, UnknownPrefecture};
pub use schedule::{Schedule, Status};
pub use timeline::Timeline;
pub use watch::Watch;
pub use window::{Area, Kind, State, Window};
