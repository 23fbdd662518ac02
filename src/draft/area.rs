//! Areas in notice text: the areas a notice defines (※エリアの詳細 and its like), and what a
//! piece of text names — an area, 全国, prefectures, exclusions (「沖縄県を除く」), or an area
//! word the notice never defines (「東北地方」).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use super::text::{re, Line};
use super::values::{Field, Scope};
use crate::prefecture::Prefecture;

/// An area the notice defines, e.g. `西日本エリア：富山県、石川県、…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftRegion {
    /// The key in `[region.ID]`: `east`, `west`, or `area1` …
    pub id: String,
    /// As the notice names it: `西日本エリア`.
    pub name: String,
    /// The English name: known for 東日本エリア and 西日本エリア, else made up from the id
    /// and marked.
    pub name_en: Field<String>,
    /// In the order the notice lists them. Empty for an area a window names but the text
    /// never lists (the window's scope is then marked).
    pub prefectures: Vec<Prefecture>,
    /// The line that defines it (or, for an area never listed, the line that names it).
    pub line: usize,
}

/// The areas a notice defines, and the lines their lists stand on: those lines define areas,
/// they never scope a window.
#[derive(Debug, Clone, Default)]
pub struct Areas {
    /// In the order the text defines them.
    pub regions: Vec<DraftRegion>,
    /// 1-based numbers of every line that is part of a definition.
    pub lines: BTreeSet<usize>,
}

/// An area name: ends with エリア, 地域, ブロック or 地区.
const NAME: &str =
    r"[^\s\d.:()【】\[\]<>、,|][^\s:()【】\[\]<>、,|]{0,19}?(?:エリア|地域|ブロック|地区)";

/// Names that label what follows rather than name an area.
fn is_label(name: &str) -> bool {
    const LABELS: [&str; 10] = [
        "対象",
        "影響",
        "実施",
        "発生",
        "停止",
        "作業",
        "工事",
        "通信断",
        "該当",
        "一部",
    ];
    LABELS.iter().any(|l| name.starts_with(l)) || name.contains("影響")
}

fn by_name(token: &str) -> Option<Prefecture> {
    Prefecture::all().find(|p| p.name() == token || p.short_name() == token)
}

/// What a definition's list holds.
enum List {
    Prefectures(Vec<Prefecture>),
    /// 「上記以外の府県」: every prefecture the areas defined before it do not hold.
    TheRest,
}

/// A list made only of prefecture names (`北海道、青森県、…及び長野県（17都道県）`), or
/// 「上記以外の府県」.
fn list(s: &str) -> Option<List> {
    static TAIL: OnceLock<Regex> = OnceLock::new();
    static NOTE: OnceLock<Regex> = OnceLock::new();
    static REST: OnceLock<Regex> = OnceLock::new();
    static SEP: OnceLock<Regex> = OnceLock::new();
    let s = s.trim().trim_end_matches(['。', '.']).trim();
    if re(
        &REST,
        r"^(?:上記|前記|それ|これら)以外の(?:都道府県|道府県|府県|都県|県|地域)(?:すべて|全て)?$",
    )
    .is_match(s)
    {
        return Some(List::TheRest);
    }
    // A count or 以上 in brackets at the end, or 「の17都道県」.
    let s = re(&NOTE, r"\s*\([^()]*(?:以上|都|道|府|県)[^()]*\)$").replace(s, "");
    let s = re(
        &TAIL,
        r"(?:の\s*(?:計|各)?\s*\d*\s*(?:都道府県|都道県|道府県|府県|都県|道県|県))$",
    )
    .replace(&s, "");
    let list: Vec<Prefecture> = re(&SEP, r"及び|および|並びに|ならびに|[、,・/ と]")
        .split(s.trim())
        .filter(|t| !t.is_empty())
        .map(by_name)
        .collect::<Option<_>>()?;
    (!list.is_empty()).then_some(List::Prefectures(list))
}

/// `east` for 東日本エリア, `west` for 西日本エリア; otherwise by the first compass kanji.
fn region_id(name: &str, taken: &[DraftRegion]) -> String {
    let base = [
        ("東", "east"),
        ("西", "west"),
        ("北", "north"),
        ("南", "south"),
        ("中", "central"),
    ]
    .iter()
    .find(|(k, _)| name.starts_with(k))
    .map_or("area", |(_, id)| id);
    let mut id = base.to_string();
    let mut n = 2;
    while taken.iter().any(|r| r.id == id) {
        id = format!("{base}{n}");
        n += 1;
    }
    id
}

fn region_name_en(name: &str, id: &str) -> Field<String> {
    match name {
        "東日本エリア" => Field::sure("East Japan area".into()),
        "西日本エリア" => Field::sure("West Japan area".into()),
        _ => {
            let mut en = id.to_string();
            en[..1].make_ascii_uppercase();
            Field::review(
                format!("{en} area"),
                format!("「{name}」の英語名を確かめてください"),
            )
        }
    }
}

/// A region, named by the notice but defined nowhere: listed with no prefectures.
pub fn undefined_region(name: &str, line: usize, taken: &[DraftRegion]) -> DraftRegion {
    let id = region_id(name, taken);
    DraftRegion {
        name_en: region_name_en(name, &id),
        id,
        name: name.to_string(),
        prefectures: Vec::new(),
        line,
    }
}

fn push(areas: &mut Areas, name: &str, list: List, line: usize) -> usize {
    let prefectures = match list {
        List::Prefectures(p) => p,
        List::TheRest => {
            let taken: Vec<Prefecture> = areas
                .regions
                .iter()
                .flat_map(|r| r.prefectures.iter().copied())
                .collect();
            Prefecture::all().filter(|p| !taken.contains(p)).collect()
        }
    };
    if let Some(i) = areas.regions.iter().position(|r| r.name == name) {
        // Defined twice (a summary and the list): the first list stands, more names join it.
        // A bare name seen before (a heading 「■東日本エリア」) is defined here.
        let r = &mut areas.regions[i];
        if r.prefectures.is_empty() {
            r.line = line;
        }
        for p in prefectures {
            if !r.prefectures.contains(&p) {
                r.prefectures.push(p);
            }
        }
        areas.lines.insert(line);
        return i;
    }
    let r = undefined_region(name, line, &areas.regions);
    areas.regions.push(DraftRegion { prefectures, ..r });
    areas.lines.insert(line);
    areas.regions.len() - 1
}

/// Every area the notice defines. The shapes read, each on one line or running on over the
/// next lines while a line ends with `、`:
///
/// - `・東日本エリア（１７都道県）：北海道、…山梨県及び長野県` (the seed's, with a count);
/// - `【東日本エリア】北海道、…`, `| 東日本エリア | 北海道、… |`;
/// - `東日本エリア（北海道、…）、西日本エリア（上記以外の府県）` on one line;
/// - `東日本エリア` alone on a line, its prefectures on the lines below.
pub fn areas(lines: &[Line]) -> Areas {
    static LEAD: OnceLock<Regex> = OnceLock::new();
    static HEAD: OnceLock<Regex> = OnceLock::new();
    static INLINE: OnceLock<Regex> = OnceLock::new();
    let lead = re(
        &LEAD,
        r"^[・*※\-\s|]*(?:(?:各)?エリアの(?:詳細|区分|内訳)\s*:?\s*)?",
    );
    let head = re(
        &HEAD,
        &format!(
            r"^(?:【({NAME})】|\[({NAME})\]|<({NAME})>|■\s*({NAME})|({NAME}))\s*(?:\(([^()]*)\))?\s*[:|]?\s*(.*)$"
        ),
    );
    let inline = re(
        &INLINE,
        r"([^\s:()【】、,・|]{1,20}?(?:エリア|地域|ブロック|地区))\s*\(([^()]+)\)",
    );

    let mut out = Areas::default();
    // The region a definition that runs on extends, and the line of its bare name, if any.
    let mut open: Option<(usize, Option<usize>)> = None;
    for line in lines {
        if line.is_blank() {
            continue;
        }
        let n = line.norm.trim();
        let body = &n[lead.find(n).map_or(0, |m| m.end())..];
        let body = body.trim_end_matches('|').trim();
        if let Some(c) = head.captures(body) {
            let name = (1..=5).find_map(|i| c.get(i)).map_or("", |m| m.as_str());
            let note = c.get(6).map(|m| m.as_str());
            let rest = c.get(7).map_or("", |m| m.as_str()).trim();
            if !is_label(name) {
                if let Some(l) = list(rest) {
                    let i = push(&mut out, name, l, line.no);
                    open = rest.ends_with(['、', ',']).then_some((i, None));
                    continue;
                }
                // 「東日本エリア（…）」 alone; with more after it, read below as several.
                if let Some(l) = note.and_then(list).filter(|_| rest.is_empty()) {
                    push(&mut out, name, l, line.no);
                    open = None;
                    continue;
                }
                if rest.is_empty() {
                    // A bare name: its list may follow on the next lines.
                    let i = match out.regions.iter().position(|r| r.name == name) {
                        Some(i) => i,
                        None => {
                            let r = undefined_region(name, line.no, &out.regions);
                            out.regions.push(r);
                            out.regions.len() - 1
                        }
                    };
                    open = Some((i, Some(line.no)));
                    continue;
                }
            }
        }
        // Several on one line: 「東日本エリア（…）、西日本エリア（上記以外の府県）」.
        let mut defined = false;
        for c in inline.captures_iter(n) {
            if is_label(&c[1]) {
                break;
            }
            if let Some(l) = list(&c[2]) {
                push(&mut out, &c[1], l, line.no);
                defined = true;
            }
        }
        if defined {
            open = None;
            continue;
        }
        match (open, list(body)) {
            (Some((i, bare)), Some(List::Prefectures(more))) => {
                let r = &mut out.regions[i];
                for p in more {
                    if !r.prefectures.contains(&p) {
                        r.prefectures.push(p);
                    }
                }
                if let Some(b) = bare {
                    r.line = b;
                    out.lines.insert(b);
                }
                out.lines.insert(line.no);
                open = body.ends_with(['、', ',']).then_some((i, None));
            }
            _ => open = None,
        }
    }
    // A bare name never followed by a list defines nothing: it was a heading.
    out.regions.retain(|r| !r.prefectures.is_empty());
    let mut named: Vec<DraftRegion> = Vec::new();
    for r in std::mem::take(&mut out.regions) {
        let id = region_id(&r.name, &named);
        named.push(DraftRegion {
            name_en: region_name_en(&r.name, &id),
            id,
            ..r
        });
    }
    out.regions = named;
    out
}

/// Every area the notice defines (see [`areas`]).
pub fn regions(lines: &[Line]) -> Vec<DraftRegion> {
    areas(lines).regions
}

/// Prefectures written out in full (`福岡県`, `東京都`, `北海道`) in a piece of text, in order.
pub fn inline_prefectures(s: &str) -> Vec<Prefecture> {
    prefectures_at(s)
        .into_iter()
        .map(|(_, p)| p)
        .fold(Vec::new(), |mut v, p| {
            if !v.contains(&p) {
                v.push(p);
            }
            v
        })
}

/// Each prefecture written out in full, with its byte offset; the longest name wins, so
/// 東京都 is never read as 京都府.
fn prefectures_at(s: &str) -> Vec<(usize, Prefecture)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(c) = s[at..].chars().next() {
        let rest = &s[at..];
        match Prefecture::all()
            .filter(|p| rest.starts_with(p.name()))
            .max_by_key(|p| p.name().len())
        {
            Some(p) => {
                out.push((at, p));
                at += p.name().len();
            }
            None => at += c.len_utf8(),
        }
    }
    out
}

/// What a piece of text names as a window's area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The scope, when anything the text names can be resolved.
    pub scope: Option<Scope>,
    /// Area words the notice defines nowhere (「東北地方」): the scope must be checked.
    pub unknown: Vec<String>,
}

/// The area words that are not names of an area.
fn generic(stem: &str) -> bool {
    const GENERIC: [&str; 12] = [
        "対象",
        "一部",
        "全",
        "各",
        "当該",
        "該当",
        "同",
        "他",
        "本",
        "上記",
        "エリア",
        "地方",
    ];
    GENERIC.contains(&stem) || stem.ends_with('の') || stem.ends_with("以外")
}

/// What a piece of text names: the notice's areas, 全国, prefectures written out, less
/// those it excludes (「沖縄県を除く」, 「東京都以外」); several areas are joined, and all 47
/// prefectures are 全国. `None` when it names nothing area-like.
pub fn named_in(s: &str, regions: &[DraftRegion]) -> Option<Named> {
    static EXCEPT: OnceLock<Regex> = OnceLock::new();
    static UNKNOWN: OnceLock<Regex> = OnceLock::new();
    static SEP: OnceLock<Regex> = OnceLock::new();
    // Every name found, with where it stands.
    let mut found: Vec<(usize, Vec<Prefecture>, Option<&DraftRegion>)> = Vec::new();
    let mut blanked = s.to_string();
    // An area named but never listed stays unknown, however often it is named.
    for r in regions.iter().filter(|r| !r.prefectures.is_empty()) {
        for (at, m) in s.match_indices(r.name.as_str()) {
            found.push((at, r.prefectures.clone(), Some(r)));
            blanked.replace_range(at..at + m.len(), &" ".repeat(m.len()));
        }
    }
    for (at, p) in prefectures_at(&blanked) {
        found.push((at, vec![p], None));
    }
    found.sort_by_key(|(at, _, _)| *at);
    let nationwide = s.contains("全国");

    // Area words left once the names read are blanked out, each on its own.
    let mut rest = blanked.clone();
    for (at, p) in prefectures_at(&blanked) {
        rest.replace_range(at..at + p.name().len(), &" ".repeat(p.name().len()));
    }
    let rest = re(&SEP, r"及び|および|並びに|ならびに|・|、|と").replace_all(&rest, " ");
    let mut unknown = Vec::new();
    for c in re(
        &UNKNOWN,
        r"([\p{Han}\p{Katakana}ー]{1,8}?)(?:エリア|地方|ブロック)",
    )
    .captures_iter(&rest)
    {
        if !generic(&c[1]) {
            unknown.push(c[0].to_string());
        }
    }

    // 「（沖縄県を除く）」: what stands between the clause's start and the marker is left out.
    let mut excluded: Vec<Prefecture> = Vec::new();
    let mut left_out: BTreeSet<usize> = BTreeSet::new();
    for m in re(&EXCEPT, r"を?除[くき]|以外|は対象外|は除").find_iter(s) {
        let clause = s[..m.start()].rfind(['(', ':', '。']).map_or(0, |i| i + 1);
        for (k, (at, list, _)) in found.iter().enumerate() {
            if (clause..m.start()).contains(at) {
                excluded.extend(list.iter().copied());
                left_out.insert(k);
            }
        }
    }
    let kept: Vec<&(usize, Vec<Prefecture>, Option<&DraftRegion>)> = found
        .iter()
        .enumerate()
        .filter(|(k, _)| !left_out.contains(k))
        .map(|(_, f)| f)
        .collect();
    if found.is_empty() && !nationwide && unknown.is_empty() {
        return None;
    }

    let everything_but = |excluded: &[Prefecture]| -> Scope {
        if excluded.is_empty() {
            Scope::Nationwide
        } else {
            Scope::Prefectures(
                Prefecture::all()
                    .filter(|p| !excluded.contains(p))
                    .collect(),
            )
        }
    };
    let scope = if nationwide || (kept.is_empty() && !excluded.is_empty()) {
        Some(everything_but(&excluded))
    } else {
        let mut union: Vec<Prefecture> = Vec::new();
        for (_, list, _) in &kept {
            for p in list {
                if !union.contains(p) && !excluded.contains(p) {
                    union.push(*p);
                }
            }
        }
        // One area named (maybe more than once), nothing else and nothing left out.
        let only_region = match kept.first() {
            Some((_, _, Some(r)))
                if excluded.is_empty()
                    && kept.iter().all(|(_, _, o)| o.is_some_and(|o| o.id == r.id)) =>
            {
                Some(*r)
            }
            _ => None,
        };
        match only_region {
            Some(r) => Some(Scope::Region(r.id.clone())),
            None if union.len() == Prefecture::all().len() => Some(Scope::Nationwide),
            None if union.is_empty() => None,
            None => Some(Scope::Prefectures(union)),
        }
    };
    Some(Named { scope, unknown })
}

/// The scope a piece of text names, when it names one for sure (see [`named_in`]).
pub fn scope_in(s: &str, regions: &[DraftRegion]) -> Option<Scope> {
    named_in(s, regions)
        .filter(|n| n.unknown.is_empty())
        .and_then(|n| n.scope)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::text::lines;

    fn names(r: &DraftRegion) -> Vec<&'static str> {
        r.prefectures.iter().map(|p| p.name()).collect()
    }

    #[test]
    fn a_definition_that_runs_over_two_lines() {
        let text = "※エリアの詳細：\n\n・東日本エリア：北海道、青森県、\n\n茨城県、長野県\n\n- ・西日本エリア：富山県、沖縄県\n本文";
        let r = regions(&lines(text));
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r[0].id.as_str(), r[0].name.as_str()),
            ("east", "東日本エリア")
        );
        let codes: Vec<u8> = r[0].prefectures.iter().map(|p| p.code()).collect();
        assert_eq!(codes, [1, 2, 8, 20]);
        assert_eq!(r[1].id, "west");
        assert_eq!(r[1].prefectures.len(), 2);
    }

    #[test]
    fn definitions_with_counts_oyobi_brackets_and_the_rest() {
        let text = "・東日本エリア（３都道県）：北海道、青森県及び東京都\n\
                    ・西日本エリア（以上以外）：富山県\n";
        let a = areas(&lines(&crate::draft::text::fold(text)));
        assert_eq!(names(&a.regions[0]), ["北海道", "青森県", "東京都"]);
        assert_eq!(names(&a.regions[1]), ["富山県"]);
        assert_eq!(a.lines.iter().copied().collect::<Vec<_>>(), [1, 2]);

        let text = "※エリアの詳細：東日本エリア（北海道、青森県）、西日本エリア（上記以外の府県）";
        let r = regions(&lines(&crate::draft::text::fold(text)));
        assert_eq!(names(&r[0]), ["北海道", "青森県"]);
        assert_eq!(r[1].prefectures.len(), 45);
        assert!(!r[1]
            .prefectures
            .contains(&Prefecture::parse("青森県").unwrap()));

        let text =
            "【参考】\n東日本エリア\n　北海道、青森県、\n　東京都\n西日本エリア\n　沖縄県\n以上";
        let a = areas(&lines(text));
        assert_eq!(names(&a.regions[0]), ["北海道", "青森県", "東京都"]);
        assert_eq!(names(&a.regions[1]), ["沖縄県"]);
        // The bare names and their lists are definition lines; 【参考】 and 以上 are not.
        assert_eq!(a.lines.iter().copied().collect::<Vec<_>>(), [2, 3, 4, 5, 6]);
    }

    #[test]
    fn a_heading_named_like_an_area_is_not_its_definition() {
        let text = "■東日本エリア\n・3:00～5:00\n【参考】\n東日本エリア：北海道、青森県";
        let a = areas(&lines(&crate::draft::text::fold(text)));
        assert_eq!(a.regions.len(), 1);
        assert_eq!((a.regions[0].line, a.regions[0].prefectures.len()), (4, 2));
        assert_eq!(a.lines.iter().copied().collect::<Vec<_>>(), [4]);
    }

    #[test]
    fn a_window_line_or_a_heading_defines_nothing() {
        let text = "東日本エリア：令和9年3月20日（土）23:00～2:00\n■西日本エリア\n・長時間の通信断 3:00～5:00\n対象地域：福岡県、佐賀県";
        assert!(regions(&lines(&crate::draft::text::fold(text))).is_empty());
    }

    #[test]
    fn inline_names_do_not_read_kyoto_inside_tokyo() {
        let p = inline_prefectures("対象：東京都、京都府・北海道の一部");
        let names: Vec<&str> = p.iter().map(|p| p.name()).collect();
        assert_eq!(names, ["東京都", "京都府", "北海道"]);
        assert_eq!(scope_in("全国の医療機関", &[]), Some(Scope::Nationwide));
        assert_eq!(scope_in("なし", &[]), None);
    }

    #[test]
    fn exclusions_joined_areas_and_unknown_area_words() {
        let Some(Scope::Prefectures(p)) = scope_in("全国(沖縄県を除く)", &[]) else {
            panic!()
        };
        assert_eq!(p.len(), 46);
        assert!(!p.contains(&Prefecture::parse("沖縄県").unwrap()));
        let r = regions(&lines(
            "東日本エリア：北海道、青森県\n西日本エリア：上記以外の府県",
        ));
        assert_eq!(
            scope_in("東日本エリア・西日本エリア共通", &r),
            Some(Scope::Nationwide)
        );
        assert_eq!(
            scope_in("東日本エリア:", &r),
            Some(Scope::Region("east".into()))
        );
        let n = named_in("北海道及び東北地方", &r).unwrap();
        assert_eq!(n.unknown, ["東北地方"]);
        assert_eq!(
            n.scope,
            Some(Scope::Prefectures(vec![
                Prefecture::parse("北海道").unwrap()
            ]))
        );
        assert_eq!(named_in("上記以外の道府県は対象外です", &r), None);
        assert_eq!(named_in("一部地域の医療機関", &r), None);
    }
}
