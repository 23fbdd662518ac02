//! Where a window stands in the text: its own words on its line, and the lines that may speak
//! for it — the label lines above it within its item and section, and a 対象 line below it.
//! Lines of other windows and lines that define areas never speak for it.

use std::collections::BTreeSet;

use super::grammar::RawRange;
use super::section::{heading, target_label, Level, Outline};
use super::text::Line;

/// The text, read once for every window.
pub(super) struct Layout<'a> {
    pub(super) lines: &'a [Line],
    pub(super) outline: Outline,
    /// Indices of the lines that hold a range (each is some window's own line).
    range_lines: BTreeSet<usize>,
    /// Line numbers (1-based) of the lines that define areas.
    definitions: &'a BTreeSet<usize>,
}

/// How far above a window its words may stand when no heading bounds it.
const NEAR: usize = 8;

impl<'a> Layout<'a> {
    pub(super) fn new(
        lines: &'a [Line],
        range_lines: BTreeSet<usize>,
        definitions: &'a BTreeSet<usize>,
    ) -> Self {
        Layout {
            outline: Outline::of(lines),
            lines,
            range_lines,
            definitions,
        }
    }

    /// Whether line `j` may speak for a window on another line.
    fn speaks(&self, j: usize, sentences: bool) -> bool {
        let l = &self.lines[j];
        !l.is_blank()
            && !self.range_lines.contains(&j)
            && !self.definitions.contains(&l.no)
            && (sentences || !l.norm.contains('。'))
    }

    /// The lines above the window at `index` that may speak for it, nearest first: those of
    /// its item (from its （１） heading down), then its section's heading and the section's
    /// words before its first item. Without a heading: the lines of its paragraph, or (for
    /// `sentences`, as the kind reads them) the few lines above it.
    pub(super) fn above(&self, index: usize, sentences: bool) -> Vec<usize> {
        let (top, sub) = (self.outline.top[index], self.outline.sub[index]);
        let mut out = Vec::new();
        match sub.or(top) {
            Some(floor) => {
                let from = if sentences {
                    floor.max(index.saturating_sub(NEAR))
                } else {
                    floor
                };
                out.extend((from..index).rev().filter(|j| self.speaks(*j, sentences)));
                if floor < from && self.speaks(floor, sentences) {
                    out.push(floor);
                }
                if let (Some(s), Some(t)) = (sub, top) {
                    let preamble = (t + 1..s).take_while(|j| {
                        !heading(&self.lines[*j].norm).is_some_and(|h| h.level == Level::Sub)
                    });
                    let preamble: Vec<usize> = preamble.collect();
                    out.extend(
                        preamble
                            .into_iter()
                            .rev()
                            .filter(|j| self.speaks(*j, sentences)),
                    );
                    if self.speaks(t, true) {
                        out.push(t);
                    }
                }
            }
            None if sentences => {
                out.extend(
                    (index.saturating_sub(NEAR)..index)
                        .rev()
                        .filter(|j| self.speaks(*j, true)),
                );
            }
            None => {
                out.extend(
                    (0..index)
                        .rev()
                        .take_while(|j| !self.lines[*j].is_blank())
                        .filter(|j| self.speaks(*j, false)),
                );
            }
        }
        out.retain(|j| *j != index);
        out
    }

    /// A line below the window that says what it targets (「対象：北海道」), before the next
    /// heading or window.
    pub(super) fn target_below(&self, index: usize) -> Option<usize> {
        self.lines
            .iter()
            .enumerate()
            .skip(index + 1)
            .filter(|(_, l)| !l.is_blank())
            .take(4)
            .take_while(|(j, l)| {
                !self.range_lines.contains(j)
                    && !self.definitions.contains(&l.no)
                    && heading(&l.norm).is_none()
            })
            .find(|(_, l)| target_label(&l.norm).is_some())
            .map(|(j, _)| j)
    }
}

/// The words on a window's own line that speak for it, its own first: for the k-th range, the
/// words before it (after the range before it) — or, when the line labels its ranges after
/// them (「3:00～5:00（東日本エリア）」), the words after it; then, for a later range, the words
/// before each range to its left, nearest first (「（２）数分間の通信断　東日本エリア：2:00～6:00、
/// 8:00～9:00」: the second range is 東日本's and 数分間).
pub(super) fn own_words(norm: &str, ranges: &[RawRange], k: usize) -> Vec<String> {
    let before = |k: usize| {
        let from = if k == 0 { 0 } else { ranges[k - 1].to };
        &norm[from..ranges[k].from]
    };
    let after = |k: usize| {
        let to = ranges.get(k + 1).map_or(norm.len(), |r| r.from);
        &norm[ranges[k].to..to]
    };
    let labels_after = before(0)
        .chars()
        .all(|c| c.is_whitespace() || "・-*()0123456789.、".contains(c))
        && !after(0).trim().is_empty();
    if labels_after {
        vec![after(k).to_string()]
    } else if ranges.len() == 1 {
        vec![format!("{} {}", before(k), after(k))]
    } else {
        // A label speaks for the ranges after it, up to the next label.
        (0..=k).rev().map(|j| before(j).to_string()).collect()
    }
}
