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

#![deny(missing_docs)]

pub mod ack;
pub mod advice;
pub mod announced;
pub mod area;
pub mod banner;
pub mod banner_events;
pub mod chooser;
pub mod contact;
pub mod deadline;
pub mod deadline_plan;
pub mod deadline_watch;
pub mod desk;
pub mod diagnose;
pub mod done;
pub mod draft;
pub mod facility;
pub mod feed;
pub mod freshness;
pub mod guidance;
pub mod holidays;
pub mod hours;
pub mod ics;
pub mod insurer;
pub mod lang;
pub mod message;
pub mod notice;
pub mod notice_error;
pub mod opening_hours;
pub mod pending;
pub mod phase;
pub mod plan;
pub mod policy;
pub mod policy_write;
pub mod prefecture;
pub mod present;
pub mod read;
pub mod record_file;
pub mod recurrence;
pub mod revision;
pub mod schedule;
pub mod service;
pub mod service_def;
pub mod sheet;
pub mod span;
pub mod status;
pub mod time;
pub mod timeline;
pub mod watch;
pub mod window;

pub use facility::Facility;
pub use guidance::Guidance;
pub use lang::Lang;
pub use notice::{Notice, NoticeError};
pub use phase::Phase;
pub use plan::{plan, Event, EventKind, Reminders};
pub use prefecture::{Prefecture, UnknownPrefecture};
pub use schedule::Schedule;
pub use service::Service;
pub use status::Status;
pub use timeline::Timeline;
pub use watch::Watch;
pub use window::{Area, Kind, Scope, State, Window};
