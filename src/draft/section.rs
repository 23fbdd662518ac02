//! The notice's layout: headings (【対象期間】, １．…, １　…, （１）, ■…), the headings each line
//! stands under, and what the sections say about areas and who or what is affected.

use std::sync::OnceLock;

use super::area::{self, DraftRegion, Named};
use super::text::{self, re, Line};
use super::values::Scope;

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
    static TOP: OnceLock<regex::Regex> = OnceLock::new();
    static SPACED: OnceLock<regex::Regex> = OnceLock::new();
    static SUB: OnceLock<regex::Regex> = OnceLock::new();
    let n = norm.trim();
    let top = re(
        &TOP,
        r"^(?:【([^】]+)】|[■□◆◇●▼]\s*(.+)|\d{1,2}\s*[.、]\s*(.+))",
    )
    .captures(n)
    .or_else(|| {
        // 「１　停止日時　…」: a number and a space, in a line that is not a sentence.
        re(&SPACED, r"^\d{1,2}\s+([^\d\s(:~-].*)$")
            .captures(n)
            .filter(|_| !n.contains('。'))
    });
    if let Some(c) = top {
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

/// For each line, the section heading and the item heading it stands under (their indices;
/// a heading stands under itself).
pub(super) struct Outline {
    pub(super) top: Vec<Option<usize>>,
    pub(super) sub: Vec<Option<usize>>,
}

impl Outline {
    pub(super) fn of(lines: &[Line]) -> Outline {
        let (mut top, mut sub) = (None, None);
        let mut out = Outline {
            top: Vec::with_capacity(lines.len()),
            sub: Vec::with_capacity(lines.len()),
        };
        for (i, l) in lines.iter().enumerate() {
            match heading(&l.norm).map(|h| h.level) {
                Some(Level::Top) => (top, sub) = (Some(i), None),
                Some(Level::Sub) => sub = Some(i),
                None => {}
            }
            out.top.push(top);
            out.sub.push(sub);
        }
        out
    }
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
    static MARK: OnceLock<regex::Regex> = OnceLock::new();
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

/// Who (patients) or what (functions) an 影響 section names.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Aspect {
    Who,
    What,
}

/// What the 【影響を受ける患者】【影響を受ける機能】 sections (and their like) list.
#[derive(Default, Debug)]
pub(super) struct Affects {
    /// Each section in the order of the text, with its items as written.
    pub(super) parts: Vec<(Aspect, Vec<String>)>,
}

impl Affects {
    /// The items of one aspect.
    pub(super) fn items(&self, aspect: Aspect) -> impl Iterator<Item = &str> {
        self.parts
            .iter()
            .filter(move |(a, _)| *a == aspect)
            .flat_map(|(_, items)| items.iter().map(String::as_str))
    }

    /// The words for `affects`: each section's items joined by 、, the sections by ／.
    pub(super) fn text(&self) -> Option<String> {
        let parts: Vec<String> = self.parts.iter().map(|(_, i)| i.join("、")).collect();
        (!parts.is_empty()).then(|| parts.join(" ／ "))
    }
}

/// Who or what is affected, from 【影響を受ける患者】【影響を受ける機能】２．利用できなくなる機能 ….
pub(super) fn affects(lines: &[Line]) -> Affects {
    static NAME: OnceLock<regex::Regex> = OnceLock::new();
    let name = re(
        &NAME,
        "影響を受ける(?:患者|方|機能|業務)|対象となる(?:患者|方|機能)|利用できな(?:い|くなる)機能|停止する機能|影響範囲",
    );
    let mut out = Affects::default();
    for (i, l) in lines.iter().enumerate() {
        let Some(h) = heading(&l.norm).filter(|h| h.level == Level::Top) else {
            continue;
        };
        let Some(m) = name.find(&h.name) else {
            continue;
        };
        let aspect = if m.as_str().contains("患者") || m.as_str().ends_with('方') {
            Aspect::Who
        } else {
            Aspect::What
        };
        let items: Vec<String> = section_text(lines, i)
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
        if !items.is_empty() {
            out.parts.push((aspect, items));
        }
    }
    out
}

/// What an area section (【対象地域】, ２．影響が生じる地域, ■対象, 対象：…) says: one scope for
/// every window, or one per numbered item (「（１）の時間帯：石川県」).
#[derive(Default)]
pub(super) struct AreaSection {
    pub(super) whole: Option<Named>,
    /// The line (index) whose words give `whole`: the first of the section that names an area.
    pub(super) at: Option<usize>,
    /// Each numbered item, with its line (index).
    pub(super) items: Vec<(String, Scope, usize)>,
}

/// `(1)` at the start of a folded line.
pub(super) fn item_number(norm: &str) -> Option<String> {
    static N: OnceLock<regex::Regex> = OnceLock::new();
    re(&N, r"^\s*\((\d{1,2})\)")
        .captures(norm)
        .map(|c| c[1].to_string())
}

/// The value of a line that says what it targets: 「対象：北海道」, 「２　対　　象　　秋田県内の…」,
/// 「対象地域：全国（沖縄県を除く）」.
pub(super) fn target_label(norm: &str) -> Option<&str> {
    static L: OnceLock<regex::Regex> = OnceLock::new();
    re(
        &L,
        r"^\s*(?:\d{1,2}\s*[.、]?\s*|\(\d{1,2}\)\s*|[■□◆◇●▼・]\s*)?(?:対\s*象(?:\s*地\s*域|\s*エ\s*リ\s*ア|\s*都\s*道\s*府\s*県)?|地\s*域|影響(?:が生じる|が生じた|を受ける)?地域|実施地域)\s*(?::|\s)\s*(\S.*)$",
    )
    .captures(norm)
    .and_then(|c| c.get(1))
    .map(|m| m.as_str())
}

/// The first area section of the notice: a section headed as one, or a line labelled 対象.
pub(super) fn area_section(lines: &[Line], regions: &[DraftRegion]) -> AreaSection {
    static NAME: OnceLock<regex::Regex> = OnceLock::new();
    let name = re(&NAME, "^(?:対象|.*(?:地域|エリア))$");
    let headed = lines.iter().position(|l| {
        heading(&l.norm).is_some_and(|h| h.level == Level::Top && name.is_match(&h.name))
    });
    let labelled = lines.iter().position(|l| target_label(&l.norm).is_some());
    let at = match (headed, labelled) {
        (Some(h), Some(l)) => h.min(l),
        (h, l) => match h.or(l) {
            Some(i) => i,
            None => return AreaSection::default(),
        },
    };
    let mut section = AreaSection::default();
    if Some(at) != headed {
        let value = target_label(&lines[at].norm).unwrap_or_default();
        section.whole = area::named_in(value, regions);
        section.at = Some(at);
        return section;
    }
    let mut all = String::new();
    for (k, l) in section_text(lines, at).into_iter().enumerate() {
        let words = if k == 0 {
            text::fold(after_heading(l))
        } else {
            l.norm.clone()
        };
        let index = l.no - 1;
        if let (Some(n), Some(scope)) = (item_number(&words), area::scope_in(&words, regions)) {
            section.items.push((n, scope, index));
        }
        if section.at.is_none() && area::named_in(&words, regions).is_some() {
            section.at = Some(index);
        }
        all.push_str(&words);
        all.push('、');
    }
    section.whole = area::named_in(&all, regions);
    section
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_of_each_shape() {
        for (s, level, name) in [
            ("【対象期間】", Level::Top, "対象期間"),
            ("■停止日時", Level::Top, "停止日時"),
            ("2.対象:全国", Level::Top, "対象:全国"),
            (
                "1 停止日時  令和8年5月2日",
                Level::Top,
                "停止日時  令和8年5月2日",
            ),
            ("(2)数分間の通信断", Level::Sub, "数分間の通信断"),
        ] {
            let h = heading(s).unwrap_or_else(|| panic!("{s}"));
            assert!(h.level == level && h.name == name, "{s}: {}", h.name);
        }
        for s in [
            "1 (1) の深夜の時間帯については、資格確認が行えません。",
            "22:00～翌6:00",
            "令和6年12月31日",
        ] {
            assert!(heading(s).is_none(), "{s}");
        }
    }

    #[test]
    fn target_labels() {
        assert_eq!(target_label("・対象:北海道"), Some("北海道"));
        assert_eq!(
            target_label("2 対  象  秋田県内の保険医療機関"),
            Some("秋田県内の保険医療機関")
        );
        assert_eq!(
            target_label("対象地域:全国(沖縄県を除く)"),
            Some("全国(沖縄県を除く)")
        );
        assert_eq!(target_label("対象期間:2026年"), None);
        assert_eq!(target_label("対象となる患者:すべて"), None);
    }
}
