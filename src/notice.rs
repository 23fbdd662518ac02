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

pub(crate) use crate::span::line_column;

use crate::prefecture::Prefecture;
use crate::service::Service;
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
    /// The windows it announces, in file order, cancelled ones included.
    pub windows: Vec<Window>,
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

/// A notice file that cannot be used, with where and why.
///
/// Displays as `FILE:LINE:COLUMN: message`, the form editors and terminals link to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeError {
    /// The path (or `embedded:NAME`) the notice was read from.
    pub file: String,
    /// 1-based; 0 when the problem is with the file as a whole.
    pub line: usize,
    /// 1-based, in characters; 0 with `line`.
    pub column: usize,
    /// What is wrong and what to write instead.
    pub message: String,
}

impl fmt::Display for NoticeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

impl std::error::Error for NoticeError {}

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
    #[serde(default)]
    service: Service,
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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    name: String,
    name_en: String,
    prefectures: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWindow {
    id: Spanned<String>,
    #[serde(default)]
    service: Option<Service>,
    kind: Spanned<Kind>,
    start: Spanned<toml::value::Datetime>,
    end: Spanned<toml::value::Datetime>,
    #[serde(default)]
    may_extend_until: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    tentative: bool,
    #[serde(default)]
    cancelled: bool,
    #[serde(default)]
    affects: Option<Spanned<String>>,
    #[serde(default)]
    affects_en: Option<Spanned<String>>,
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

impl Notice {
    /// Reads and checks a notice file.
    ///
    /// # Errors
    /// The first problem found, with its file, line and column.
    pub fn from_file(path: &Path) -> Result<Notice, NoticeError> {
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
        Notice::parse(&text, &file)
    }

    /// Parses and checks notice text; `origin` names it in errors and in [`Notice::origin`].
    ///
    /// Checks: the TOML is well formed with no unknown keys (at every level); times carry
    /// the `+09:00` offset; `revision` is 1 or more; every window ends after it starts and
    /// `may_extend_until` comes after `end`; every prefecture is known; every region a
    /// window names is defined; window ids are unique; each window hits exactly one of a
    /// region, a prefecture list, or the whole country; a `partial` window says what it
    /// `affects`, and no other kind does.
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
        let at = |span: Range<usize>, message: String| {
            let (line, column) = line_column(text, span.start);
            NoticeError {
                file: origin.to_string(),
                line,
                column,
                message,
            }
        };
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

        let mut windows = Vec::new();
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
            let start = instant(&w.start).map_err(|m| at(w.start.span(), m))?;
            let end = instant(&w.end).map_err(|m| at(w.end.span(), m))?;
            if end <= start {
                return Err(at(
                    w.end.span(),
                    format!(
                        "the window ends ({}) before or when it starts ({}): end must be after start",
                        time::rfc3339_jst(end),
                        time::rfc3339_jst(start)
                    ),
                ));
            }
            let may_extend_until = match &w.may_extend_until {
                None => None,
                Some(m) => {
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
            let kind = *w.kind.get_ref();
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
            let scope = match (&w.region, &w.prefectures, w.nationwide) {
                (Some(region), None, false) => Scope::Region(region.get_ref().clone()),
                (None, Some(_), false) => Scope::Prefectures,
                _ => Scope::Nationwide,
            };
            let area = match (&w.region, &w.prefectures, w.nationwide) {
                (Some(region), None, false) => {
                    let r = regions.iter().find(|r| r.id == *region.get_ref()).ok_or_else(|| {
                        let known: Vec<_> = regions.iter().map(|r| r.id.as_str()).collect();
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
                    Area {
                        name: r.name.clone(),
                        name_en: r.name_en.clone(),
                        prefectures: r.prefectures.clone(),
                    }
                }
                (None, Some(list), false) => {
                    let prefectures = prefecture_list(list, &at)?;
                    if prefectures.is_empty() {
                        return Err(at(span, "the window lists no prefectures".into()));
                    }
                    Area {
                        name: prefectures.iter().map(|p| p.name()).collect::<Vec<_>>().join("・"),
                        name_en: prefectures.iter().map(|p| p.name_en()).collect::<Vec<_>>().join(", "),
                        prefectures,
                    }
                }
                (None, None, true) => Area {
                    name: "全国".into(),
                    name_en: "Nationwide".into(),
                    prefectures: Prefecture::all().collect(),
                },
                _ => {
                    return Err(at(
                        span,
                        "a window needs exactly one of region = \"…\", prefectures = [ … ] or nationwide = true".into(),
                    ))
                }
            };
            windows.push(Window {
                id: w.id.into_inner(),
                notice: raw.id.get_ref().clone(),
                revision,
                service: w.service.unwrap_or(raw.service),
                kind,
                start,
                end,
                tentative: w.tentative,
                scope,
                area,
                affects: w.affects.map(Spanned::into_inner),
                affects_en: w.affects_en.map(Spanned::into_inner),
                may_extend_until,
                cancelled: w.cancelled,
                note: w.note,
                note_en: w.note_en,
            });
        }
        windows.sort_by_key(|w| (w.start, w.end));

        Ok(Notice {
            id: raw.id.into_inner(),
            title: raw.title,
            title_en: raw.title_en,
            issuer: raw.issuer,
            issued,
            service: raw.service,
            revision,
            updated,
            sources,
            regions,
            windows,
            origin: origin.to_string(),
        })
    }
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
        match Notice::from_file(&p) {
            Ok(n) => notices.push(n),
            Err(e) => errors.push(e),
        }
    }
    (notices, errors)
}
