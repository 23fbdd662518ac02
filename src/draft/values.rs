//! The values a draft reads: each one with its 要確認 flag ([`Field`]), the service, the kind,
//! the scope, and one outage window.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::prefecture::Prefecture;
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

    /// Marks the value for a second look, keeping the first reason given.
    pub fn flag(&mut self, why: impl Into<String>) {
        if !self.needs_review {
            self.needs_review = true;
            self.why = Some(why.into());
        }
    }
}

pub use crate::service::Service;

/// The words that name one of the five services in notice text (a service of the clinic's
/// own is never read from a pasted notice).
pub(super) fn service_words(s: Service) -> &'static [&'static str] {
    match s {
        Service::Oqs => &["オンライン資格確認", "オン資"],
        Service::Erx => &["電子処方箋"],
        Service::Mynaportal => &["マイナポータル"],
        Service::Jpki => &["公的個人認証", "JPKI"],
        Service::Claims => &["オンライン請求"],
        Service::Custom(_) => &[],
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

/// What a window hits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum Scope {
    /// The id of a [`super::DraftRegion`].
    Region(String),
    /// The prefectures named inline, in the order the text names them.
    Prefectures(Vec<Prefecture>),
    /// 全国: every prefecture.
    Nationwide,
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
    /// The notice calls the window off (中止); marked when only the title says so.
    pub cancelled: Field<bool>,
    /// The line of the text it was read from (1-based) and that line.
    pub line: usize,
    /// The line whose words gave its scope: its own line, a heading or label above it, the
    /// area section; `None` when the scope is a guess.
    pub scope_line: Option<usize>,
    /// The line as written.
    pub text: String,
}
