//! The draft as a whole: every value read from the text, and the lines shown to staff about it.

use chrono::NaiveDate;
use serde::Serialize;

use super::area::DraftRegion;
use super::header::DraftSource;
use super::shapes::Shapes;
use super::values::{DraftWindow, Field, Scope, Service};

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
    /// Set when the text announces a change (変更・延長・中止): the number is a guess, always
    /// marked, since the text does not say which revision of which notice it follows.
    pub revision: Option<Field<u32>>,
    /// The links found, for `[[source]]`.
    pub sources: Vec<DraftSource>,
    /// The areas the notice defines, for `[region.ID]`.
    pub regions: Vec<DraftRegion>,
    /// The outage windows, in the order of the text.
    pub windows: Vec<DraftWindow>,
    /// Deadlines, insurers' data problems and recurring windows (format v3).
    pub shapes: Shapes,
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
            self.revision.as_ref().is_some_and(|r| r.needs_review),
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
                w.cancelled.needs_review,
            ]
            .iter()
            .filter(|b| **b)
            .count();
        }
        n + self.shapes.review_count()
    }

    /// Whether the text gave nothing to put in a notice: no window, deadline, insurer's
    /// problem or recurring window.
    pub fn is_empty(&self) -> bool {
        self.windows.is_empty() && self.shapes.is_empty()
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

    /// One line per window (and deadline, insurer's problem, recurring window), for stderr:
    /// what was read, from where, and what to check.
    pub fn summary(&self) -> Vec<String> {
        let mut out = self.window_summary();
        out.extend(super::shapes::summary(&self.shapes));
        out
    }

    fn window_summary(&self) -> Vec<String> {
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
                let whys: Vec<&str> = [
                    &w.kind.why,
                    &w.start.why,
                    &w.end.why,
                    &w.scope.why,
                    &w.cancelled.why,
                ]
                .into_iter()
                .chain(w.affects.as_ref().map(|a| &a.why))
                .filter_map(|w| w.as_deref())
                .collect();
                let mut s = format!(
                    "window {}: {} {} – {}{}{} {} (line {})",
                    w.id,
                    w.kind.value.code(),
                    w.start.value,
                    w.end.value,
                    if w.tentative { " 予定" } else { "" },
                    if w.cancelled.value { " 中止" } else { "" },
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
