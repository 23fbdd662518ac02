//! Notices: the published outage schedule, as TOML data files.
//!
//! The format is documented in `docs/notice-format.md`; the seed notice
//! `assets/notices/2024-12-31-network-upgrade.toml` is its full example.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::deadline::Deadline;
use crate::hours::Hours;
use crate::insurer::{Field, Insurer, InsurerIssue};
use crate::notice_error::error_at;
pub use crate::notice_error::{line_column, NoticeError};
use crate::prefecture::Prefecture;
use crate::recurrence::{occurrence_id, occurrences};
use crate::service::{Service, ServiceRegistry};
use crate::service_def::RawService;
use crate::time::{self, Instant};
use crate::window::{Area, Kind, Scope, Window};

/// One published notice (e.g. an MHLW 事務連絡) and the windows it announces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// Unique across every notice loaded, e.g. `mhlw-2024-12-24-network-upgrade`.
    pub id: String,
    /// The notice's title as published (Japanese).
    pub title: String,
    /// The title in English, if the file gives one.
    pub title_en: Option<String>,
    /// Who published it, e.g. `厚生労働省`.
    pub issuer: String,
    /// The date printed on the notice (JST calendar date).
    pub issued: NaiveDate,
    /// The service its windows stop, unless a window names its own (default `oqs`).
    pub service: Service,
    /// 1 for the first publication; a later revision of the same `id` replaces it.
    pub revision: u32,
    /// When this revision was published, if the file says.
    pub updated: Option<Instant>,
    /// Where staff can read the notice itself.
    pub sources: Vec<Source>,
    /// The notice's own regions (the seed's 東日本エリア and 西日本エリア).
    pub regions: Vec<Region>,
    /// The windows it announces, ordered by start, cancelled ones included; a recurring
    /// window gives one per occurrence.
    pub windows: Vec<Window>,
    /// Its deadlines (`kind = "deadline"`), one per occurrence, ordered by due.
    pub deadlines: Vec<Deadline>,
    /// Insurers' data problems (`insurers = [...]`): lines, not outages.
    pub insurer_issues: Vec<InsurerIssue>,
    /// Regular hours of a service (`kind = "hours"`), one per occurrence.
    pub hours: Vec<Hours>,
    /// The services of the clinic's own this file defines (`[[service]]`).
    pub services: Vec<Service>,
    /// Where it was read from: a file path, or `embedded:NAME` for the notices built in.
    pub origin: String,
}

/// Where staff can read the notice itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The link text (Japanese).
    pub label: String,
    /// The link text in English, if given.
    #[serde(default)]
    pub label_en: Option<String>,
    /// `https://` only; absent when the notice reached us on paper or by fax.
    #[serde(default)]
    pub url: Option<String>,
}

/// A named group of prefectures defined by a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    /// The id windows name it by (`region = "west"`), unique within the notice.
    pub id: String,
    /// The notice's name for it, e.g. `西日本エリア`.
    pub name: String,
    /// The name in English, e.g. `West Japan area`.
    pub name_en: String,
    /// Sorted by code, no duplicates.
    pub prefectures: Vec<Prefecture>,
}

// The file as written. Spanned fields are the ones a semantic check may point at.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotice {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    title_en: Option<String>,
    issuer: String,
    issued: Spanned<toml::value::Datetime>,
    /// `service = "oqs"`, or `[[service]]` tables defining the clinic's own (TOML allows
    /// one meaning per key: a notice that defines a service is about it).
    #[serde(default)]
    service: Option<Spanned<ServiceKey>>,
    #[serde(default)]
    revision: Option<Spanned<i64>>,
    #[serde(default)]
    updated: Option<Spanned<toml::value::Datetime>>,
    #[serde(default, rename = "source")]
    sources: Vec<Spanned<Source>>,
    #[serde(default, rename = "region")]
    regions: BTreeMap<String, Spanned<RawRegion>>,
    #[serde(default, rename = "window")]
    windows: Vec<Spanned<RawWindow>>,
    #[serde(default)]
    deadline_moved: Vec<Spanned<RawMove>>,
}

/// The top-level `service`: an id, or the `[[service]]` tables.
enum ServiceKey {
    Id(String),
    Defs(Vec<Spanned<RawService>>),
}

impl<'de> Deserialize<'de> for ServiceKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ServiceKey, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = ServiceKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a service id such as \"oqs\", or [[service]] tables")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ServiceKey, E> {
                Ok(ServiceKey::Id(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<ServiceKey, A::Error> {
                let mut defs = Vec::new();
                while let Some(d) = seq.next_element()? {
                    defs.push(d);
                }
                Ok(ServiceKey::Defs(defs))
            }
        }
        d.deserialize_any(Visit)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    name: String,
    name_en: String,
    prefectures: Vec<Spanned<String>>,
}

/// What a `[[window]]` is: an outage of one of three kinds, a deadline, or open hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawKind {
    Full,
    Intermittent,
    Partial,
    Deadline,
    Hours,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWindow {
    id: Spanned<String>,
    #[serde(default)]
    service: Option<Spanned<String>>,
    kind: Spanned<RawKind>,
    #[serde(default)]
    start: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    end: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    due: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    rrule: Option<Spanned<String>>,
    #[serde(default)]
    may_extend_until: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    tentative: Option<Spanned<bool>>,
    #[serde(default)]
    cancelled: bool,
    #[serde(default)]
    affects: Option<Spanned<String>>,
    #[serde(default)]
    affects_en: Option<Spanned<String>>,
    #[serde(default)]
    action: Option<Spanned<String>>,
    #[serde(default)]
    action_en: Option<String>,
    #[serde(default)]
    insurers: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    fields: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    region: Option<Spanned<String>>,
    #[serde(default)]
    prefectures: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    nationwide: bool,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    note_en: Option<String>,
}

/// `[[deadline_moved]]`: one occurrence of a recurring deadline moved (延長).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMove {
    deadline: Spanned<String>,
    from: Spanned<toml::value::Datetime>,
    to: Spanned<toml::value::Datetime>,
    #[serde(default)]
    note: Option<String>,
}

/// Makes the error at a byte span of the file's text.
type At<'a> = &'a dyn Fn(Range<usize>, String) -> NoticeError;

impl Notice {
    /// Reads and checks a notice file.
    ///
    /// # Errors
    /// The first problem found, with its file, line and column.
    pub fn from_file(path: &Path) -> Result<Notice, NoticeError> {
        Notice::from_file_with(path, &ServiceRegistry::default())
    }

    /// As [`Notice::from_file`], with the services of the clinic's own that the policy
    /// defines (a notice may name them without defining them again).
    ///
    /// # Errors
    /// The first problem found, with its file, line and column.
    pub fn from_file_with(path: &Path, services: &ServiceRegistry) -> Result<Notice, NoticeError> {
        let file = path.display().to_string();
        // Regular files of at most 1 MB only: a FIFO or /dev/zero here must not hang the app.
        let text = crate::read::read_text(path, crate::read::MAX_BYTES).map_err(|e| {
            let (line, column) = match e {
                crate::read::ReadError::NotUtf8 { line, column } => (line, column),
                _ => (0, 0),
            };
            NoticeError {
                file: file.clone(),
                line,
                column,
                message: e.to_string(),
            }
        })?;
        Notice::parse_with(&text, &file, services)
    }

    /// Parses and checks notice text; `origin` names it in errors and in [`Notice::origin`].
    ///
    /// Checks: the TOML is well formed with no unknown keys (at every level); times carry
    /// the `+09:00` offset; `revision` is 1 or more; every window ends after it starts and
    /// `may_extend_until` comes after `end`; every prefecture is known; every region a
    /// window names is defined; window ids are unique; each window hits exactly one of a
    /// region, a prefecture list, or the whole country; a `partial` window says what it
    /// `affects`, and no other kind does; every service named is built in or defined; each
    /// kind has its own keys and no other's; a recurring rule ends within
    /// [`crate::recurrence::MAX_OCCURRENCES`].
    ///
    /// # Errors
    /// The first problem found, with its line and column.
    ///
    /// ```
    /// use onshi::{Kind, Notice};
    /// let text = r#"
    /// id = "example-2025-01"
    /// title = "計画停止のお知らせ"
    /// issuer = "厚生労働省"
    /// issued = 2025-01-10
    ///
    /// [[window]]
    /// id = "full"
    /// kind = "full"
    /// start = 2025-01-20T03:00:00+09:00
    /// end = 2025-01-20T05:00:00+09:00
    /// nationwide = true
    /// "#;
    /// let n = Notice::parse(text, "example.toml").unwrap();
    /// assert_eq!(n.windows[0].kind, Kind::Full);
    /// assert_eq!(n.windows[0].area.prefectures.len(), 47);
    ///
    /// // A time without its +09:00 offset is refused, and the error points at it.
    /// let bad = text.replace("05:00:00+09:00", "05:00:00");
    /// let err = Notice::parse(&bad, "example.toml").unwrap_err();
    /// assert_eq!((err.file.as_str(), err.line), ("example.toml", 11));
    /// assert!(err.to_string().starts_with("example.toml:11:"), "{err}");
    /// ```
    pub fn parse(text: &str, origin: &str) -> Result<Notice, NoticeError> {
        Notice::parse_with(text, origin, &ServiceRegistry::default())
    }

    /// As [`Notice::parse`], with the services the policy defines.
    ///
    /// # Errors
    /// The first problem found, with its line and column.
    pub fn parse_with(
        text: &str,
        origin: &str,
        services: &ServiceRegistry,
    ) -> Result<Notice, NoticeError> {
        let at = |span: Range<usize>, message: String| error_at(text, origin, span, message);
        let raw: RawNotice = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            // toml's message repeats the offending line with carets; one line is enough here.
            let message = e
                .message()
                .lines()
                .next()
                .unwrap_or("invalid TOML")
                .to_string();
            at(span, message)
        })?;

        if raw.id.get_ref().trim().is_empty() {
            return Err(at(raw.id.span(), "the notice id is empty".into()));
        }
        let issued = {
            let d = raw.issued.get_ref();
            match (d.date, d.time, d.offset) {
                (Some(date), None, None) => NaiveDate::from_ymd_opt(
                    i32::from(date.year),
                    u32::from(date.month),
                    u32::from(date.day),
                ),
                _ => None,
            }
            .ok_or_else(|| {
                at(
                    raw.issued.span(),
                    "issued must be a date such as 2024-12-24".into(),
                )
            })?
        };

        // The services this file may name: the five, the policy's, and its own.
        let mut registry = services.clone();
        let mut notice_service = Service::Oqs;
        let mut defined = Vec::new();
        if let Some(s) = raw.service {
            let span = s.span();
            match s.into_inner() {
                ServiceKey::Id(id) => notice_service = resolve(&registry, &id, span, &at)?,
                ServiceKey::Defs(defs) => {
                    defined = crate::service_def::define_all(defs, &mut registry, &at)?;
                    // A notice that defines a service is about it (the first, if several).
                    notice_service = *defined
                        .first()
                        .ok_or_else(|| at(span, "service = [] defines no service".into()))?;
                }
            }
        }
        let several_defined = defined.len() > 1;

        let revision = match &raw.revision {
            None => 1,
            Some(r) => u32::try_from(*r.get_ref())
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| {
                    at(
                        r.span(),
                        format!(
                            "revision {} is not a whole number from 1: the first publication is 1, each change adds 1",
                            r.get_ref()
                        ),
                    )
                })?,
        };
        let updated = match &raw.updated {
            None => None,
            // A date alone is enough for most notices: it stands for 0:00 JST that day.
            Some(u) => Some(
                match (u.get_ref().date, u.get_ref().time, u.get_ref().offset) {
                    (Some(d), None, None) => NaiveDate::from_ymd_opt(
                        i32::from(d.year),
                        u32::from(d.month),
                        u32::from(d.day),
                    )
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .and_then(|n| time::jst_offset().from_local_datetime(&n).single())
                    .map(|t| t.with_timezone(&Utc))
                    .ok_or_else(|| at(u.span(), format!("{} is not a valid date", u.get_ref())))?,
                    _ => instant(u).map_err(|m| {
                        at(
                            u.span(),
                            format!("updated: {m} (or a date alone, such as 2024-12-24)"),
                        )
                    })?,
                },
            ),
        };

        let mut sources = Vec::new();
        for s in raw.sources {
            if let Some(url) = &s.get_ref().url {
                if !url.starts_with("https://") {
                    return Err(at(
                        s.span(),
                        format!("source url {url:?} must start with https://"),
                    ));
                }
            }
            sources.push(s.into_inner());
        }

        let mut regions = Vec::new();
        for (id, r) in raw.regions {
            let span = r.span();
            let r = r.into_inner();
            let prefectures = prefecture_list(&r.prefectures, &at)?;
            if prefectures.is_empty() {
                return Err(at(span, format!("region {id:?} lists no prefectures")));
            }
            regions.push(Region {
                id,
                name: r.name,
                name_en: r.name_en,
                prefectures,
            });
        }

        let notice_id = raw.id.get_ref().clone();
        let mut read = Entries::default();
        let mut ids = BTreeSet::new();
        for w in raw.windows {
            let span = w.span();
            let w = w.into_inner();
            if !ids.insert(w.id.get_ref().clone()) {
                return Err(at(
                    w.id.span(),
                    format!("window id {:?} is used twice", w.id.get_ref()),
                ));
            }
            let service = match &w.service {
                Some(s) => resolve(&registry, s.get_ref(), s.span(), &at)?,
                None if several_defined => return Err(at(
                    span,
                    "this notice defines several services: name this window's with service = \"…\""
                        .into(),
                )),
                None => notice_service,
            };
            let ctx = Context {
                notice: &notice_id,
                revision,
                service,
                regions: &regions,
                at: &at,
            };
            let before = read.ids().len();
            read_entry(w, span.clone(), &ctx, &mut read)?;
            // An occurrence's id must not be another entry's: `a#20260107T1800` written by hand.
            for id in read.ids().into_iter().skip(before) {
                if id.contains('#') && !ids.insert(id.clone()) {
                    return Err(at(
                        span,
                        format!("occurrence id {id:?} is also a window id: rename that window"),
                    ));
                }
            }
        }
        for m in raw.deadline_moved {
            apply_move(m.into_inner(), &mut read.deadlines, &at)?;
        }
        read.windows.sort_by_key(|w| (w.start, w.end));
        read.deadlines.sort_by_key(|d| d.due);
        read.insurers.sort_by_key(|i| (i.start, i.end));
        read.hours.sort_by_key(|h| (h.start, h.end));

        Ok(Notice {
            id: raw.id.into_inner(),
            title: raw.title,
            title_en: raw.title_en,
            issuer: raw.issuer,
            issued,
            service: notice_service,
            revision,
            updated,
            sources,
            regions,
            windows: read.windows,
            deadlines: read.deadlines,
            insurer_issues: read.insurers,
            hours: read.hours,
            services: defined,
            origin: origin.to_string(),
        })
    }
}

/// The service `id` names, or an error at `span` listing the ids a notice may use.
fn resolve(
    registry: &ServiceRegistry,
    id: &str,
    span: Range<usize>,
    at: &impl Fn(Range<usize>, String) -> NoticeError,
) -> Result<Service, NoticeError> {
    registry.resolve(id).ok_or_else(|| {
        at(
            span,
            format!(
                "unknown service {id:?}: use one of {}, or define it in a [[service]] table (here or in the policy file)",
                registry.known_ids()
            ),
        )
    })
}

/// What the entries of a file came to, by shape.
#[derive(Default)]
struct Entries {
    windows: Vec<Window>,
    deadlines: Vec<Deadline>,
    insurers: Vec<InsurerIssue>,
    hours: Vec<Hours>,
}

impl Entries {
    fn ids(&self) -> Vec<String> {
        self.windows
            .iter()
            .map(|w| w.id.clone())
            .chain(self.deadlines.iter().map(|d| d.id.clone()))
            .chain(self.hours.iter().map(|h| h.id.clone()))
            .collect()
    }
}

/// What every entry of one notice shares.
struct Context<'a> {
    notice: &'a str,
    revision: u32,
    service: Service,
    regions: &'a [Region],
    at: At<'a>,
}

/// A key given where this kind of entry has no use for it: refused, never ignored.
fn refuse<T>(
    key: &Option<Spanned<T>>,
    name: &str,
    why: &str,
    at: At<'_>,
) -> Result<(), NoticeError> {
    match key {
        Some(k) => Err(at(k.span(), format!("{name} {why}"))),
        None => Ok(()),
    }
}

/// A required key, or an error at the entry naming it.
fn required<'k, T>(
    key: &'k Option<Spanned<T>>,
    name: &str,
    what: &str,
    span: &Range<usize>,
    at: At<'_>,
) -> Result<&'k Spanned<T>, NoticeError> {
    key.as_ref()
        .ok_or_else(|| at(span.clone(), format!("missing field `{name}`: {what}")))
}

/// A non-empty text, trimmed.
fn text_of(s: &Spanned<String>, name: &str, at: At<'_>) -> Result<String, NoticeError> {
    let t = s.get_ref().trim();
    if t.is_empty() {
        Err(at(
            s.span(),
            format!("{name} is empty: write it in the notice's words"),
        ))
    } else {
        Ok(t.to_string())
    }
}

/// One `[[window]]`, by kind, into `out`.
fn read_entry(
    w: RawWindow,
    span: Range<usize>,
    ctx: &Context<'_>,
    out: &mut Entries,
) -> Result<(), NoticeError> {
    let at = ctx.at;
    let kind = *w.kind.get_ref();
    let not_for = |k: &str| format!("is not used by kind = \"{k}\"");
    let kind_name = match kind {
        RawKind::Full => "full",
        RawKind::Intermittent => "intermittent",
        RawKind::Partial => "partial",
        RawKind::Deadline => "deadline",
        RawKind::Hours => "hours",
    };
    if kind != RawKind::Deadline {
        refuse(
            &w.due,
            "due",
            "is only for kind = \"deadline\" (a window has start and end)",
            at,
        )?;
    }
    if w.insurers.is_none() {
        refuse(
            &w.fields,
            "fields",
            "needs insurers = [...]: the fields of which insurer's data are wrong",
            at,
        )?;
        if kind != RawKind::Deadline {
            refuse(&w.action, "action", "is only for kind = \"deadline\" and for insurers' problems (put other words in note)", at)?;
        }
    }
    if let Some(insurers) = &w.insurers {
        if kind != RawKind::Partial {
            return Err(at(
                w.kind.span(),
                "an insurer's data problem is kind = \"partial\" with insurers = [...] and fields = [...]: the system works, some fields are wrong".into(),
            ));
        }
        refuse(
            &w.rrule,
            "rrule",
            "is not used for an insurer's problem: give its start and end",
            at,
        )?;
        refuse(
            &w.may_extend_until,
            "may_extend_until",
            "is not used for an insurer's problem",
            at,
        )?;
        let (start, end) = start_end(&w, &span, at)?;
        let fields_raw = required(&w.fields, "fields", "which fields of the insurer's data are wrong, such as fields = [\"負担割合\", \"限度額区分\"]", &span, at)?;
        if fields_raw.get_ref().is_empty() {
            return Err(at(
                fields_raw.span(),
                "fields is empty: name the fields that are wrong".into(),
            ));
        }
        let mut fields = Vec::new();
        for f in fields_raw.get_ref() {
            let field = Field::parse(f.get_ref()).map_err(|m| at(f.span(), m))?;
            if fields.contains(&field) {
                return Err(at(
                    f.span(),
                    format!("{} is listed twice", field.label(crate::lang::Lang::Ja)),
                ));
            }
            fields.push(field);
        }
        if insurers.get_ref().is_empty() {
            return Err(at(
                insurers.span(),
                "insurers is empty: name the insurer by 保険者番号 or name".into(),
            ));
        }
        let mut list = Vec::new();
        for i in insurers.get_ref() {
            list.push(Insurer::parse(i.get_ref()).map_err(|m| at(i.span(), m))?);
        }
        let action = required(
            &w.action,
            "action",
            "what staff do for those patients, such as action = \"保険者に電話で確認する\"",
            &span,
            at,
        )?;
        let area = match (&w.region, &w.prefectures, w.nationwide) {
            (None, None, false) => nationwide(),
            _ => area_of(&w, &span, ctx)?.1,
        };
        out.insurers.push(InsurerIssue {
            id: w.id.get_ref().clone(),
            notice: ctx.notice.to_string(),
            revision: ctx.revision,
            service: ctx.service,
            start,
            end,
            tentative: w.tentative.as_ref().is_some_and(|t| *t.get_ref()),
            insurers: list,
            fields,
            action: text_of(action, "action", at)?,
            action_en: w.action_en,
            area,
            note: w.note,
            note_en: w.note_en,
            cancelled: w.cancelled,
        });
        return Ok(());
    }
    match kind {
        RawKind::Deadline => {
            refuse(
                &w.start,
                "start",
                "is not used by a deadline: give due, the first instant after it",
                at,
            )?;
            refuse(
                &w.end,
                "end",
                "is not used by a deadline: give due, the first instant after it",
                at,
            )?;
            refuse(
                &w.may_extend_until,
                "may_extend_until",
                &not_for(kind_name),
                at,
            )?;
            refuse(&w.tentative, "tentative", &not_for(kind_name), at)?;
            refuse(&w.affects, "affects", &not_for(kind_name), at)?;
            refuse(&w.affects_en, "affects_en", &not_for(kind_name), at)?;
            let due_raw = required(
                &w.due,
                "due",
                "the first instant after the deadline, such as due = 2026-01-11T00:00:00+09:00",
                &span,
                at,
            )?;
            let due = instant(due_raw).map_err(|m| at(due_raw.span(), m))?;
            let action = required(
                &w.action,
                "action",
                "what the desk must do by then, in the notice's words",
                &span,
                at,
            )?;
            let action = text_of(action, "action", at)?;
            let (_, area) = area_of(&w, &span, ctx)?;
            let dues = match &w.rrule {
                None => vec![(w.id.get_ref().clone(), due)],
                Some(r) => occurrences(r.get_ref(), due)
                    .map_err(|m| at(r.span(), m))?
                    .into_iter()
                    .map(|t| (occurrence_id(w.id.get_ref(), t), t))
                    .collect(),
            };
            for (id, due) in dues {
                out.deadlines.push(Deadline {
                    id,
                    notice: ctx.notice.to_string(),
                    revision: ctx.revision,
                    service: ctx.service,
                    due,
                    moved_from: None,
                    action: action.clone(),
                    action_en: w.action_en.clone(),
                    area: area.clone(),
                    note: w.note.clone(),
                    note_en: w.note_en.clone(),
                    moved_note: None,
                    cancelled: w.cancelled,
                });
            }
        }
        RawKind::Hours => {
            refuse(
                &w.may_extend_until,
                "may_extend_until",
                &not_for(kind_name),
                at,
            )?;
            refuse(&w.tentative, "tentative", &not_for(kind_name), at)?;
            refuse(&w.affects, "affects", &not_for(kind_name), at)?;
            refuse(&w.affects_en, "affects_en", &not_for(kind_name), at)?;
            let (start, end) = start_end(&w, &span, at)?;
            let (_, area) = area_of(&w, &span, ctx)?;
            for (id, start, end) in expand(&w, start, end, at)? {
                out.hours.push(Hours {
                    id,
                    notice: ctx.notice.to_string(),
                    revision: ctx.revision,
                    service: ctx.service,
                    start,
                    end,
                    area: area.clone(),
                    note: w.note.clone(),
                    note_en: w.note_en.clone(),
                    cancelled: w.cancelled,
                });
            }
        }
        RawKind::Full | RawKind::Intermittent | RawKind::Partial => {
            let kind = match kind {
                RawKind::Full => Kind::Full,
                RawKind::Intermittent => Kind::Intermittent,
                _ => Kind::Partial,
            };
            let (start, end) = start_end(&w, &span, at)?;
            let may_extend_until = match &w.may_extend_until {
                None => None,
                Some(m) => {
                    if let Some(r) = &w.rrule {
                        return Err(at(r.span(), "rrule and may_extend_until do not go together: a possible extension is for one window".into()));
                    }
                    let until = instant(m).map_err(|e| at(m.span(), e))?;
                    if until <= end {
                        return Err(at(
                            m.span(),
                            format!(
                                "may_extend_until ({}) is not after end ({}): it is the latest the window may run to, so it must come after end",
                                time::rfc3339_jst(until),
                                time::rfc3339_jst(end)
                            ),
                        ));
                    }
                    Some(until)
                }
            };
            match (kind, &w.affects, &w.affects_en) {
                (Kind::Partial, None, _) => {
                    return Err(at(
                        w.kind.span(),
                        "a partial window needs affects = \"…\": who or what is affected, in the notice's words".into(),
                    ))
                }
                (Kind::Partial, Some(a), _) if a.get_ref().trim().is_empty() => {
                    return Err(at(
                        a.span(),
                        "affects is empty: say who or what is affected, in the notice's words".into(),
                    ))
                }
                (Kind::Partial, _, _) => {}
                (_, Some(a), _) | (_, None, Some(a)) => {
                    return Err(at(
                        a.span(),
                        "affects and affects_en are only for kind = \"partial\": a full or intermittent window affects everyone (use note for other words)".into(),
                    ))
                }
                (_, None, None) => {}
            }
            let (scope, area) = area_of(&w, &span, ctx)?;
            for (id, start, end) in expand(&w, start, end, at)? {
                out.windows.push(Window {
                    id,
                    notice: ctx.notice.to_string(),
                    revision: ctx.revision,
                    service: ctx.service,
                    kind,
                    start,
                    end,
                    tentative: w.tentative.as_ref().is_some_and(|t| *t.get_ref()),
                    scope: scope.clone(),
                    area: area.clone(),
                    affects: w.affects.as_ref().map(|a| a.get_ref().clone()),
                    affects_en: w.affects_en.as_ref().map(|a| a.get_ref().clone()),
                    may_extend_until,
                    cancelled: w.cancelled,
                    note: w.note.clone(),
                    note_en: w.note_en.clone(),
                });
            }
        }
    }
    Ok(())
}

/// A window's `start` and `end`, both required, in JST, `end` after `start`.
fn start_end(
    w: &RawWindow,
    span: &Range<usize>,
    at: At<'_>,
) -> Result<(Instant, Instant), NoticeError> {
    let s = required(
        &w.start,
        "start",
        "the first instant of the window, such as start = 2025-01-20T03:00:00+09:00",
        span,
        at,
    )?;
    let e = required(
        &w.end,
        "end",
        "the first instant after the window, such as end = 2025-01-20T05:00:00+09:00",
        span,
        at,
    )?;
    let start = instant(s).map_err(|m| at(s.span(), m))?;
    let end = instant(e).map_err(|m| at(e.span(), m))?;
    if end <= start {
        return Err(at(
            e.span(),
            format!(
                "the window ends ({}) before or when it starts ({}): end must be after start",
                time::rfc3339_jst(end),
                time::rfc3339_jst(start)
            ),
        ));
    }
    Ok((start, end))
}

/// The windows a `[[window]]` stands for: itself, or one per occurrence of its `rrule`
/// (each as long as the first), with ids `ID#YYYYMMDDTHHMM`.
fn expand(
    w: &RawWindow,
    start: Instant,
    end: Instant,
    at: At<'_>,
) -> Result<Vec<(String, Instant, Instant)>, NoticeError> {
    let Some(rule) = &w.rrule else {
        return Ok(vec![(w.id.get_ref().clone(), start, end)]);
    };
    let length = end - start;
    Ok(occurrences(rule.get_ref(), start)
        .map_err(|m| at(rule.span(), m))?
        .into_iter()
        .map(|s| (occurrence_id(w.id.get_ref(), s), s, s + length))
        .collect())
}

fn nationwide() -> Area {
    Area {
        name: "全国".into(),
        name_en: "Nationwide".into(),
        prefectures: Prefecture::all().collect(),
    }
}

/// How a window names the prefectures it hits, and which they are: exactly one of
/// `region`, `prefectures`, `nationwide = true`.
fn area_of(
    w: &RawWindow,
    span: &Range<usize>,
    ctx: &Context<'_>,
) -> Result<(Scope, Area), NoticeError> {
    let at = ctx.at;
    match (&w.region, &w.prefectures, w.nationwide) {
        (Some(region), None, false) => {
            let r = ctx
                .regions
                .iter()
                .find(|r| r.id == *region.get_ref())
                .ok_or_else(|| {
                    let known: Vec<_> = ctx.regions.iter().map(|r| r.id.as_str()).collect();
                    at(
                        region.span(),
                        format!(
                            "unknown region {:?}: define it as [region.{}] or use one of {:?}",
                            region.get_ref(),
                            region.get_ref(),
                            known
                        ),
                    )
                })?;
            Ok((
                Scope::Region(region.get_ref().clone()),
                Area {
                    name: r.name.clone(),
                    name_en: r.name_en.clone(),
                    prefectures: r.prefectures.clone(),
                },
            ))
        }
        (None, Some(list), false) => {
            let prefectures = prefecture_list(list, &at)?;
            if prefectures.is_empty() {
                return Err(at(span.clone(), "the window lists no prefectures".into()));
            }
            Ok((
                Scope::Prefectures,
                Area {
                    name: prefectures.iter().map(|p| p.name()).collect::<Vec<_>>().join("・"),
                    name_en: prefectures.iter().map(|p| p.name_en()).collect::<Vec<_>>().join(", "),
                    prefectures,
                },
            ))
        }
        (None, None, true) => Ok((Scope::Nationwide, nationwide())),
        _ => Err(at(
            span.clone(),
            "a window needs exactly one of region = \"…\", prefectures = [ … ] or nationwide = true".into(),
        )),
    }
}

/// One `[[deadline_moved]]`: the occurrence of a recurring deadline that falls `from` now
/// falls `to`.
fn apply_move(m: RawMove, deadlines: &mut [Deadline], at: At<'_>) -> Result<(), NoticeError> {
    let id = m.deadline.get_ref();
    let prefix = format!("{id}#");
    if !deadlines.iter().any(|d| d.id.starts_with(&prefix)) {
        let why = if deadlines.iter().any(|d| d.id == *id) {
            format!("deadline {id:?} does not recur: a one-off deadline is moved by a revision with its new due")
        } else {
            let known: BTreeSet<&str> = deadlines
                .iter()
                .filter_map(|d| d.id.split_once('#').map(|(base, _)| base))
                .collect();
            format!("no recurring deadline {id:?} in this notice: use one of {known:?}")
        };
        return Err(at(m.deadline.span(), why));
    }
    let from = instant(&m.from).map_err(|e| at(m.from.span(), e))?;
    let to = instant(&m.to).map_err(|e| at(m.to.span(), e))?;
    let d = deadlines
        .iter_mut()
        .find(|d| d.id.starts_with(&prefix) && d.moved_from.unwrap_or(d.due) == from)
        .ok_or_else(|| {
            at(
                m.from.span(),
                format!(
                    "{} is not a due of deadline {id:?}: give the due its rule gives for that month",
                    time::rfc3339_jst(from)
                ),
            )
        })?;
    if d.moved_from.is_some() {
        return Err(at(
            m.deadline.span(),
            format!("this occurrence of {id:?} is moved twice: keep one [[deadline_moved]]"),
        ));
    }
    if to == from {
        return Err(at(
            m.to.span(),
            "to is the same as from: a move changes the due".into(),
        ));
    }
    d.moved_from = Some(from);
    d.due = to;
    d.moved_note = m.note;
    Ok(())
}

fn prefecture_list(
    list: &[Spanned<String>],
    at: &impl Fn(Range<usize>, String) -> NoticeError,
) -> Result<Vec<Prefecture>, NoticeError> {
    let mut out = BTreeSet::new();
    for p in list {
        let pref = Prefecture::parse(p.get_ref()).map_err(|e| at(p.span(), e.to_string()))?;
        if !out.insert(pref) {
            return Err(at(p.span(), format!("{} is listed twice", pref.name())));
        }
    }
    Ok(out.into_iter().collect())
}

/// A TOML offset date-time that must be written in JST, so the file reads as the notice does.
///
/// Built from the parsed parts rather than re-read as RFC 3339 text: TOML 1.1 lets a time
/// omit its seconds (`2024-12-31T03:00+09:00`), which RFC 3339 does not.
fn instant(v: &Spanned<toml::value::Datetime>) -> Result<Instant, String> {
    let d = v.get_ref();
    let (Some(date), Some(clock), Some(offset)) = (d.date, d.time, d.offset) else {
        return Err(format!(
            "{d} is not a full date and time with an offset: write it as 2024-12-31T03:00:00+09:00"
        ));
    };
    if clock.nanosecond.unwrap_or(0) != 0 {
        return Err(format!(
            "{d} has a fraction of a second: notice times are whole seconds, such as 2024-12-31T03:00:00+09:00"
        ));
    }
    if offset != (toml::value::Offset::Custom { minutes: 9 * 60 }) {
        return Err(format!(
            "{d} is not in JST: write times with the +09:00 offset, as the notice gives them"
        ));
    }
    NaiveDate::from_ymd_opt(
        i32::from(date.year),
        u32::from(date.month),
        u32::from(date.day),
    )
    .and_then(|day| {
        day.and_hms_nano_opt(
            u32::from(clock.hour),
            u32::from(clock.minute),
            u32::from(clock.second.unwrap_or(0)),
            clock.nanosecond.unwrap_or(0),
        )
    })
    .and_then(|naive| time::jst_offset().from_local_datetime(&naive).single())
    .map(|t| t.with_timezone(&Utc))
    .ok_or_else(|| format!("{d} is not a valid time"))
}

/// Reads every `*.toml` in a folder, in name order. Broken files are returned as
/// errors beside the good notices, so one bad file never hides the others.
pub fn load_dir(dir: &Path) -> (Vec<Notice>, Vec<NoticeError>) {
    load_dir_with(dir, &ServiceRegistry::default())
}

/// As [`load_dir`], with the services of the clinic's own the policy defines.
pub fn load_dir_with(dir: &Path, services: &ServiceRegistry) -> (Vec<Notice>, Vec<NoticeError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            return (
                Vec::new(),
                vec![NoticeError {
                    file: dir.display().to_string(),
                    line: 0,
                    column: 0,
                    message: format!("cannot read the notices folder: {e}"),
                }],
            )
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut notices = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match Notice::from_file_with(&p, services) {
            Ok(n) => notices.push(n),
            Err(e) => errors.push(e),
        }
    }
    (notices, errors)
}
