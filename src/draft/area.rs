//! Areas in notice text: the notice's own areas (※エリアの詳細), 全国, and prefectures named inline.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use super::text::Line;
use super::Field;
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
    /// In the order the notice lists them.
    pub prefectures: Vec<Prefecture>,
    /// The line that defines it.
    pub line: usize,
}

/// What a window hits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum Scope {
    /// The id of a [`DraftRegion`].
    Region(String),
    /// The prefectures named inline, in the order the text names them.
    Prefectures(Vec<Prefecture>),
    /// 全国: every prefecture.
    Nationwide,
}

fn definition() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"^(?:※?\s*エリアの詳細\s*:?\s*)?[・*※\s]*(\S{1,20}?(?:エリア|地域|ブロック|地区))\s*:\s*(.+)$")
            .expect("valid pattern")
    })
}

/// A list made only of prefecture names (`北海道、青森県、…`), or `None`.
fn prefecture_list(s: &str) -> Option<Vec<Prefecture>> {
    let list: Vec<Prefecture> = s
        .split(|c: char| "、,・/ 。".contains(c))
        .filter(|t| !t.is_empty())
        .map(Prefecture::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    (!list.is_empty()).then_some(list)
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

/// Every area the notice defines. A definition may run on over the next lines while a
/// line ends with `、` (the seed's 東日本エリア breaks after 福島県、).
pub fn regions(lines: &[Line]) -> Vec<DraftRegion> {
    let mut out: Vec<DraftRegion> = Vec::new();
    let mut open: Option<usize> = None;
    for line in lines {
        if line.is_blank() {
            continue;
        }
        let norm = line.norm.trim();
        if let Some(c) = definition().captures(norm) {
            // 「対象地域：福岡県、佐賀県」 names a window's scope; it defines no area.
            let heading = c[1].starts_with("対象") || c[1].contains("影響");
            if let Some(list) = prefecture_list(&c[2]).filter(|_| !heading) {
                let name = c[1].to_string();
                let id = region_id(&name, &out);
                out.push(DraftRegion {
                    name_en: region_name_en(&name, &id),
                    id,
                    name,
                    prefectures: list,
                    line: line.no,
                });
                open = norm.ends_with(['、', ',']).then_some(out.len() - 1);
                continue;
            }
        }
        match (open, prefecture_list(norm)) {
            (Some(i), Some(more)) => {
                out[i].prefectures.extend(more);
                if !norm.ends_with(['、', ',']) {
                    open = None;
                }
            }
            _ => open = None,
        }
    }
    out
}

/// Prefectures written out in full (`福岡県`, `東京都`, `北海道`) in a piece of text, in order.
pub fn inline_prefectures(s: &str) -> Vec<Prefecture> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let hit = Prefecture::all()
            .filter(|p| rest.starts_with(p.name()))
            .max_by_key(|p| p.name().len());
        match hit {
            Some(p) => {
                if !out.contains(&p) {
                    out.push(p);
                }
                rest = &rest[p.name().len()..];
            }
            None => rest = &rest[c.len_utf8()..],
        }
    }
    out
}

/// The scope a piece of text names: an area the notice defines, 全国, or prefectures.
pub fn scope_in(s: &str, regions: &[DraftRegion]) -> Option<Scope> {
    let mut named: Vec<&DraftRegion> = regions.iter().filter(|r| s.contains(&r.name)).collect();
    named.sort_by_key(|r| s.find(&r.name));
    if let Some(r) = named.first() {
        return Some(Scope::Region(r.id.clone()));
    }
    if s.contains("全国") {
        return Some(Scope::Nationwide);
    }
    let list = inline_prefectures(s);
    (!list.is_empty()).then_some(Scope::Prefectures(list))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::text::lines;

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
    fn inline_names_do_not_read_kyoto_inside_tokyo() {
        let p = inline_prefectures("対象：東京都、京都府・北海道の一部");
        let names: Vec<&str> = p.iter().map(|p| p.name()).collect();
        assert_eq!(names, ["東京都", "京都府", "北海道"]);
        assert_eq!(scope_in("全国の医療機関", &[]), Some(Scope::Nationwide));
        assert_eq!(scope_in("なし", &[]), None);
    }
}
