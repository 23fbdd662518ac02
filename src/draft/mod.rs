//! Notice text → a notice draft: the windows, areas and header a published notice gives, each
//! value marked when it could not be read for sure (`onshi draft`, and the window's paste box).
//!
//! The rules are deterministic and read in layers, each using only those above it in this
//! list:
//!
//! - [`text`]: bytes (UTF-8 or Shift_JIS) → lines, full-width forms folded; [`weekday`];
//!   [`values`]: a value with its 要確認 flag, the service, kind, scope and window;
//! - [`grammar`]: dates, times and ranges within one line;
//! - [`date`]: 和暦/西暦 → a date, with the weekday in brackets checked;
//! - [`area`]: the areas a notice defines (※エリアの詳細), and what a piece of text names:
//!   an area, 全国, prefectures, exclusions, an area word never defined;
//! - [`header`]: title, issuer, issued date, service, links; [`when`]: one instant typed by
//!   hand in the hand-entry form;
//! - `section`: headings (【対象期間】, １．, （１）, ■), the area and 影響 sections;
//! - `place`: the words that speak for a window — its own line, the labels and headings above;
//! - `scope`, `kind`, `change`: a window's area, its kind, and what a revision changes;
//! - `windows`: each range's instants, with its kind, scope and flags;
//! - [`shapes`]: deadlines (期限・点検報告), an insurer's fields (保険者), a deadline moved
//!   (延長), monthly rules (毎月);
//! - [`notice_draft`]: the draft as a whole; [`render`]: as a notice file (TOML) with
//!   `# 要確認:` comments.
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
mod change;
pub mod date;
pub mod grammar;
pub mod header;
mod kind;
pub mod notice_draft;
mod place;
pub mod render;
mod scope;
mod section;
pub mod shapes;
pub mod text;
pub mod values;
pub mod weekday;
pub mod when;
mod windows;

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

pub use area::DraftRegion;
pub use header::DraftSource;
pub use notice_draft::{Draft, LOOKED_FOR};
pub use text::{decode, DecodeError};
pub use values::{DraftKind, DraftWindow, Field, Jst, Scope, Service};

use crate::time;

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

/// Reads a notice's text into a draft. `id` is the notice id to use (otherwise one is made
/// up from the issuer, the date and the service, and marked for review).
pub fn draft(input: &str, id: Option<&str>) -> Draft {
    let lines = text::lines(input);
    let head = header::header(&lines);
    let mut areas = area::areas(&lines);
    let body: Vec<&str> = lines.iter().map(|l| l.norm.as_str()).collect();
    let change = change::change(&head.title.value, &body);
    let mut notes = Vec::new();
    let mut windows =
        windows::read_windows(&lines, &mut areas, &head.title.value, change, &mut notes);

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
    let window_lines: Vec<usize> = windows.iter().map(|w| w.line).collect();
    let shapes = shapes::shapes(&lines, issued.as_ref().map(|f| f.value), &window_lines);
    // An insurer's data problem is no outage: its dates are not a window.
    for i in &shapes.insurers {
        if windows.iter().any(|w| w.line == i.line) {
            notes.push(format!(
                "{} 行目の期間は保険者の情報の期間として読みました（停止の窓ではありません）",
                i.line
            ));
        }
    }
    // A 「毎月…」 line is one recurring window, not a window on the notice's own date.
    for r in &shapes.recurring {
        if windows.iter().any(|w| w.line == r.line) {
            notes.push(format!(
                "{} 行目は毎回の窓（rrule）として読みました",
                r.line
            ));
        }
    }
    windows.retain(|w| {
        !shapes.insurers.iter().any(|i| i.line == w.line)
            && !shapes.recurring.iter().any(|r| r.line == w.line)
    });
    let mut d = Draft {
        id,
        title: head.title,
        issuer: head.issuer,
        issued,
        service: head.service,
        revision: change.map(change::revision),
        sources: head.sources,
        regions: areas.regions,
        windows,
        shapes,
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
        Some(d) => format!("{who}-{d}-{}", service.as_str()),
        None => format!("{who}-{}", service.as_str()),
    }
}
