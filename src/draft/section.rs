//! The notice's layout: headings (【対象期間】, １．…, （１）, ■…) and what their sections say
//! about areas and who is affected.

use std::sync::OnceLock;

use regex::Regex;

use super::area::{self, DraftRegion, Scope};
use super::re;
use super::text::{self, Line};

/// A heading's rank: a section (【…】, １．, ■) or an item within one (（１）).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Level {
    Top,
    Sub,
}

pub(super) struct Heading {
    pub(super) level: Level,
    /// The heading's words (folded), without its mark: `対象期間`, `影響が生じる日時`.
    pub(super) name: String,
}

/// The heading a folded line is, if any.
pub(super) fn heading(norm: &str) -> Option<Heading> {
    static TOP: OnceLock<Regex> = OnceLock::new();
    static SUB: OnceLock<Regex> = OnceLock::new();
    let n = norm.trim();
    if let Some(c) = re(
        &TOP,
        r"^(?:【([^】]+)】|[■□◆◇●▼]\s*(.+)|\d{1,2}\s*[.、]\s*(.+))",
    )
    .captures(n)
    {
        let name = (1..=3).find_map(|i| c.get(i)).map_or("", |m| m.as_str());
        return Some(Heading {
            level: Level::Top,
            name: name.trim().to_string(),
        });
    }
    re(&SUB, r"^\(\d{1,2}\)\s*(.*)")
        .captures(n)
        .map(|c| Heading {
            level: Level::Sub,
            name: c[1].trim().to_string(),
        })
}

/// The text of the lines under a top heading (and any words after the heading on its line).
pub(super) fn section_text(lines: &[Line], at: usize) -> Vec<&Line> {
    let mut out = vec![&lines[at]];
    for l in &lines[at + 1..] {
        if heading(&l.norm).is_some_and(|h| h.level == Level::Top) {
            break;
        }
        if !l.is_blank() {
            out.push(l);
        }
    }
    out
}

fn after_heading(l: &Line) -> &str {
    static MARK: OnceLock<Regex> = OnceLock::new();
    // 【対象地域】全国 carries words after its mark; ２．対象：全国 after its colon.
    let m = re(
        &MARK,
        r"^\s*(?:【[^】]+】|(?:[■□◆◇●▼]|\d{1,2}\s*[.、])[^:]*(?::|$))\s*",
    );
    match m.find(&l.norm) {
        Some(m) => l.raw_from(m.end()),
        None => &l.raw,
    }
}

/// Who or what a partial window affects, from 【影響を受ける患者】【影響を受ける機能】 sections.
pub(super) fn affects_sections(lines: &[Line]) -> Option<String> {
    static NAME: OnceLock<Regex> = OnceLock::new();
    let name = re(
        &NAME,
        "影響を受ける(?:患者|方|機能|業務)|対象となる(?:患者|方|機能)|利用できない機能|影響範囲",
    );
    let mut parts = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if heading(&l.norm).is_some_and(|h| h.level == Level::Top && name.is_match(&h.name)) {
            let body: Vec<String> = section_text(lines, i)
                .iter()
                .enumerate()
                .map(|(k, l)| {
                    if k == 0 {
                        after_heading(l)
                    } else {
                        l.raw.as_str()
                    }
                })
                .map(|s| {
                    s.trim()
                        .trim_start_matches(['・', '-', '*'])
                        .trim()
                        .to_string()
                })
                .filter(|s| !s.is_empty())
                .collect();
            if !body.is_empty() {
                parts.push(body.join("、"));
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join(" ／ "))
}

/// What an area section (【対象地域】, ２．影響が生じる地域, ■対象) says: one scope for every
/// window, or one per numbered item (「（１）の時間帯：石川県」).
#[derive(Default)]
pub(super) struct AreaSection {
    pub(super) whole: Option<Scope>,
    pub(super) items: Vec<(String, Scope)>,
}

/// `(1)` at the start of a folded line.
pub(super) fn item_number(norm: &str) -> Option<String> {
    static N: OnceLock<Regex> = OnceLock::new();
    re(&N, r"^\s*\((\d{1,2})\)")
        .captures(norm)
        .map(|c| c[1].to_string())
}

/// The first area section of the notice.
pub(super) fn area_section(lines: &[Line], regions: &[DraftRegion]) -> AreaSection {
    static NAME: OnceLock<Regex> = OnceLock::new();
    let name = re(&NAME, "^(?:対象|.*(?:地域|エリア))$");
    let Some(at) = lines.iter().position(|l| {
        heading(&l.norm).is_some_and(|h| h.level == Level::Top && name.is_match(&h.name))
    }) else {
        return AreaSection::default();
    };
    let mut section = AreaSection::default();
    let mut all = String::new();
    for (k, l) in section_text(lines, at).into_iter().enumerate() {
        let words = if k == 0 {
            text::fold(after_heading(l))
        } else {
            l.norm.clone()
        };
        if let (Some(n), Some(scope)) = (item_number(&words), area::scope_in(&words, regions)) {
            section.items.push((n, scope));
        }
        all.push_str(&words);
        all.push('、');
    }
    section.whole = area::scope_in(&all, regions);
    section
}
