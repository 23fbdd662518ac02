//! Notice text → a notice draft: the windows, areas and header a published notice gives, each
//! value marked when it could not be read for sure (`onshi draft`, and the window's paste box).
//!
//! The rules are deterministic and read in layers:
//!
//! - [`text`]: bytes (UTF-8 or Shift_JIS) → lines, full-width forms folded;
//! - [`grammar`]: dates, times and ranges within one line;
//! - [`date`]: 和暦/西暦 → a date, with the weekday in brackets checked;
//! - [`area`]: the notice's own areas (※エリアの詳細), 全国, prefectures named inline;
//! - [`header`]: title, issuer, issued date, service, links;
//! - `section`: headings (【対象期間】, １．, （１）, ■) and what area and 影響 sections say;
//! - `windows`: each range's instants, and the kind, scope and flags the lines around it give;
//! - [`render`]: the draft as a notice file (TOML) with `# 要確認:` comments.
//!
//! ```
//! let text = "件名：マイナポータルの計画停止について\n\
//!             ■停止日時\n2025年12月6日（土）22:00～12月8日（月）6:00（予定）\n■対象\n全国";
//! let d = onshi::draft::draft(text, Some("mynaportal-2025-12"));
//! assert_eq!(d.windows.len(), 1);
//! assert_eq!(d.windows[0].start.value.to_string(), "2025-12-06T22:00:00+09:00");
//! assert!(d.toml.contains("service = \"mynaportal\""));
//! ```

pub mod area;
pub mod date;
pub mod grammar;
pub mod header;
pub mod render;
mod section;
pub mod text;
mod windows;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::{Serialize, Serializer};

pub use area::{DraftRegion, Scope};
pub use header::DraftSource;
pub use text::{decode, DecodeError};

use crate::time::{self, Instant};

/// A value read from the text, and whether a person must check it against the notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field<T> {
    /// The value read, or the best guess when `needs_review`.
    pub value: T,
    /// Shown highlighted in the form and as `# 要確認:` in the file.
    pub needs_review: bool,
    /// Why, in words for staff.
    pub why: Option<String>,
}

impl<T> Field<T> {
    /// A value read for sure.
    pub fn sure(value: T) -> Self {
        Field {
            value,
            needs_review: false,
            why: None,
        }
    }

    /// A value that needs a second look, and why.
    pub fn review(value: T, why: impl Into<String>) -> Self {
        Field {
            value,
            needs_review: true,
            why: Some(why.into()),
        }
    }

    fn flag(&mut self, why: impl Into<String>) {
        if !self.needs_review {
            self.needs_review = true;
            self.why = Some(why.into());
        }
    }
}

/// The services a notice can concern (the `service` key of the notice format).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    /// オンライン資格確認等システム (the default).
    Oqs,
    /// 電子処方箋管理サービス.
    Erx,
    /// マイナポータル.
    Mynaportal,
    /// 公的個人認証サービス (JPKI).
    Jpki,
    /// オンライン請求システム.
    Claims,
}

impl Service {
    /// Every service, in the order the CLI lists them.
    pub const ALL: [Service; 5] = [
        Service::Oqs,
        Service::Erx,
        Service::Mynaportal,
        Service::Jpki,
        Service::Claims,
    ];

    /// `oqs`, `erx`, … as in the notice format.
    pub fn code(self) -> &'static str {
        match self {
            Service::Oqs => "oqs",
            Service::Erx => "erx",
            Service::Mynaportal => "mynaportal",
            Service::Jpki => "jpki",
            Service::Claims => "claims",
        }
    }

    /// The name notices use.
    pub fn name(self) -> &'static str {
        match self {
            Service::Oqs => "オンライン資格確認等システム",
            Service::Erx => "電子処方箋管理サービス",
            Service::Mynaportal => "マイナポータル",
            Service::Jpki => "公的個人認証サービス",
            Service::Claims => "オンライン請求システム",
        }
    }

    /// The words that name it in text.
    fn words(self) -> &'static [&'static str] {
        match self {
            Service::Oqs => &["オンライン資格確認", "オン資"],
            Service::Erx => &["電子処方箋"],
            Service::Mynaportal => &["マイナポータル"],
            Service::Jpki => &["公的個人認証", "JPKI"],
            Service::Claims => &["オンライン請求"],
        }
    }
}

/// What a window does, as the draft reads it (`partial` comes with `affects`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DraftKind {
    /// 長時間の通信断・停止・計画停止.
    Full,
    /// 数分間・断続的な通信断.
    Intermittent,
    /// Only some patients or some functions (一部の患者・一部機能).
    Partial,
}

impl DraftKind {
    /// `full`, `intermittent`, `partial`.
    pub fn code(self) -> &'static str {
        match self {
            DraftKind::Full => "full",
            DraftKind::Intermittent => "intermittent",
            DraftKind::Partial => "partial",
        }
    }
}

/// An instant shown (and serialized) in JST: `2024-12-31T03:00:00+09:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Jst(pub Instant);

impl fmt::Display for Jst {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&time::rfc3339_jst(self.0))
    }
}

impl Serialize for Jst {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// One outage window read from the text: `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftWindow {
    /// Unique within the draft: `west-full`, `nationwide-partial`, …
    pub id: String,
    /// What the window does, from the words around its range.
    pub kind: Field<DraftKind>,
    /// The first instant inside the window.
    pub start: Field<Jst>,
    /// The first instant after it (「24:00」 is the next day's 0:00).
    pub end: Field<Jst>,
    /// The notice says 予定.
    pub tentative: bool,
    /// The notice's area, 全国, or the prefectures named.
    pub scope: Field<Scope>,
    /// Who or what is affected, for `partial` windows.
    pub affects: Option<Field<String>>,
    /// 「最大 … まで延長の可能性」.
    pub may_extend_until: Option<Jst>,
    /// The line of the text it was read from (1-based) and that line.
    pub line: usize,
    /// The line as written.
    pub text: String,
}

/// A notice draft: every value read from the text, and the notice file they make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Draft {
    /// The notice id: the one given, or one made up (and marked) from the issuer, the date
    /// and the service.
    pub id: Field<String>,
    /// The notice's title (件名).
    pub title: Field<String>,
    /// Who published it.
    pub issuer: Field<String>,
    /// `None` only when the text holds no date at all.
    pub issued: Option<Field<NaiveDate>>,
    /// The service the windows stop.
    pub service: Field<Service>,
    /// The links found, for `[[source]]`.
    pub sources: Vec<DraftSource>,
    /// The areas the notice defines, for `[region.ID]`.
    pub regions: Vec<DraftRegion>,
    /// The outage windows, in the order of the text.
    pub windows: Vec<DraftWindow>,
    /// What was seen but not used (a range that ends before it starts, …).
    pub notes: Vec<String>,
    /// The notice file: TOML in the project's format, with `# 要確認:` comments.
    pub toml: String,
}

/// What the reader looks for, for the message when it finds no window.
pub const LOOKED_FOR: &str = "no outage window found (停止の日時が見つかりません): looked for a date with a time range such as 令和6年12月31日（火）3:00～5:20, 2024年12月31日 8:00～翌日3:00 or ２月１５日２２時から１６日６時まで";

impl Draft {
    /// How many values need a second look.
    pub fn review_count(&self) -> usize {
        let mut n = [
            self.id.needs_review,
            self.title.needs_review,
            self.issuer.needs_review,
            !matches!(&self.issued, Some(f) if !f.needs_review),
            self.service.needs_review,
        ]
        .iter()
        .filter(|b| **b)
        .count();
        n += self.sources.iter().filter(|s| s.label.needs_review).count();
        n += self
            .regions
            .iter()
            .filter(|r| r.name_en.needs_review)
            .count();
        for w in &self.windows {
            n += [
                w.kind.needs_review,
                w.start.needs_review,
                w.end.needs_review,
                w.scope.needs_review,
                w.affects.as_ref().is_some_and(|a| a.needs_review),
            ]
            .iter()
            .filter(|b| **b)
            .count();
        }
        n
    }

    /// The one line to show when no window was found: what was looked for, and any range
    /// seen but not used.
    pub fn no_window_message(&self) -> String {
        if self.notes.is_empty() {
            LOOKED_FOR.to_string()
        } else {
            format!("{LOOKED_FOR}; not used: {}", self.notes.join("; "))
        }
    }

    /// One line per window, for stderr: what was read, from where, and what to check.
    pub fn summary(&self) -> Vec<String> {
        self.windows
            .iter()
            .map(|w| {
                let scope = match &w.scope.value {
                    Scope::Nationwide => "全国".to_string(),
                    Scope::Region(id) => self
                        .regions
                        .iter()
                        .find(|r| &r.id == id)
                        .map_or(id.clone(), |r| r.name.clone()),
                    Scope::Prefectures(p) if p.len() > 4 => {
                        format!("{}ほか{}都道府県", p[0].name(), p.len() - 1)
                    }
                    Scope::Prefectures(p) => {
                        p.iter().map(|p| p.name()).collect::<Vec<_>>().join("・")
                    }
                };
                let whys: Vec<&str> = [&w.kind.why, &w.start.why, &w.end.why, &w.scope.why]
                    .into_iter()
                    .chain(w.affects.as_ref().map(|a| &a.why))
                    .filter_map(|w| w.as_deref())
                    .collect();
                let mut s = format!(
                    "window {}: {} {} – {}{} {} (line {})",
                    w.id,
                    w.kind.value.code(),
                    w.start.value,
                    w.end.value,
                    if w.tentative { " 予定" } else { "" },
                    scope,
                    w.line
                );
                if !whys.is_empty() {
                    s.push_str(&format!(" 要確認: {}", whys.join("; ")));
                }
                s
            })
            .collect()
    }
}

/// Reads a notice from a file, or from standard input for `-` or no path.
///
/// # Errors
/// An [`InputError`], displayed as one line naming the file.
pub fn read_input(path: Option<&Path>) -> Result<String, InputError> {
    use std::io::Read;
    let (bytes, name) = match path {
        Some(p) if p != Path::new("-") => (
            std::fs::read(p).map_err(|error| InputError::File {
                path: p.to_path_buf(),
                error,
            })?,
            p.display().to_string(),
        ),
        _ => {
            let mut b = Vec::new();
            std::io::stdin()
                .read_to_end(&mut b)
                .map_err(InputError::Stdin)?;
            (b, "standard input".to_string())
        }
    };
    decode(&bytes).map_err(|error| InputError::Decode { input: name, error })
}

/// Notice text that [`read_input`] cannot give.
#[derive(Debug)]
pub enum InputError {
    /// The file cannot be read.
    File {
        /// The file as given.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// Standard input cannot be read.
    Stdin(std::io::Error),
    /// The bytes are not text in an encoding [`decode`] knows.
    Decode {
        /// The file's path, or `standard input`.
        input: String,
        /// Why.
        error: DecodeError,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::File { path, error } => {
                write!(f, "{}: cannot read the file: {error}", path.display())
            }
            InputError::Stdin(error) => write!(f, "standard input: cannot read: {error}"),
            InputError::Decode { input, error } => write!(f, "{input}: {error}"),
        }
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InputError::File { error, .. } | InputError::Stdin(error) => Some(error),
            InputError::Decode { error, .. } => Some(error),
        }
    }
}

/// A pattern compiled once.
fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid pattern"))
}

/// Reads a notice's text into a draft. `id` is the notice id to use (otherwise one is made
/// up from the issuer, the date and the service, and marked for review).
pub fn draft(input: &str, id: Option<&str>) -> Draft {
    let lines = text::lines(input);
    let head = header::header(&lines);
    let regions = area::regions(&lines);
    let mut notes = Vec::new();
    let windows = windows::read_windows(&lines, &regions, &head, &mut notes);

    let issued = head.issued.clone().or_else(|| {
        windows.first().map(|w| {
            Field::review(
                time::to_jst(w.start.value.0).date_naive(),
                "発行日が見つからないので最初の窓の日付にしました",
            )
        })
    });
    let id = match id.map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => Field::sure(id.to_string()),
        None => Field::review(
            made_up_id(
                &head.issuer.value,
                issued.as_ref().map(|f| f.value),
                head.service.value,
            ),
            "id は仮のものです: --id で渡すか、分かりやすい名前に書き換えてください",
        ),
    };
    let mut d = Draft {
        id,
        title: head.title,
        issuer: head.issuer,
        issued,
        service: head.service,
        sources: head.sources,
        regions,
        windows,
        notes,
        toml: String::new(),
    };
    d.toml = render::toml(&d);
    d
}

fn made_up_id(issuer: &str, issued: Option<NaiveDate>, service: Service) -> String {
    let who = [
        ("厚生労働省", "mhlw"),
        ("デジタル庁", "digital"),
        ("地方公共団体情報システム機構", "jlis"),
        ("支払基金", "ssk"),
        ("国民健康保険", "kokuho"),
        ("国保連", "kokuho"),
        ("ポータル", "portal"),
        ("薬剤師会", "pharm"),
        ("医師会", "med"),
    ]
    .iter()
    .find(|(k, _)| issuer.contains(k))
    .map_or("notice", |(_, v)| v);
    match issued {
        Some(d) => format!("{who}-{d}-{}", service.code()),
        None => format!("{who}-{}", service.code()),
    }
}
