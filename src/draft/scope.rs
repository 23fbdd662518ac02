//! A window's area: the one its own line names (「東日本エリア：…」, 「福岡県・佐賀県：…」), else the
//! nearest label or heading above it, else a 対象 line below it, else the area section. The
//! lists that define areas (※エリアの詳細) never scope a window; an area word the notice never
//! defines is kept and marked, never widened to 全国.

use super::area::{self, undefined_region, DraftRegion, Named};
use super::place::Layout;
use super::section::{item_number, AreaSection};
use super::values::{Field, Scope};

/// A window's scope, and the line (index) whose words gave it.
pub(super) struct ScopeRead {
    pub(super) scope: Field<Scope>,
    pub(super) from: Option<usize>,
}

/// What the notice says about areas as a whole.
pub(super) struct Doc<'a> {
    pub(super) section: &'a AreaSection,
    /// 「全国」 stands somewhere in the text.
    pub(super) says_nationwide: bool,
}

fn decide(named: Named, regions: &mut Vec<DraftRegion>, line_no: usize) -> Option<Field<Scope>> {
    if let Some(first) = named.unknown.first() {
        let names = named.unknown.join("」「");
        return Some(match named.scope {
            Some(s) => Field::review(
                s,
                format!("「{names}」がどの都道府県か本文にありません: 対象地域を確かめてください"),
            ),
            None => {
                let id = match regions.iter().find(|r| &r.name == first) {
                    Some(r) => r.id.clone(),
                    None => {
                        let r = undefined_region(first, line_no, regions);
                        let id = r.id.clone();
                        regions.push(r);
                        id
                    }
                };
                Field::review(
                    Scope::Region(id.clone()),
                    format!(
                        "「{first}」の都道府県が本文にありません: [region.{id}] の prefectures に書き足してください"
                    ),
                )
            }
        });
    }
    named.scope.map(Field::sure)
}

/// The scope of the window at `index`, whose own words are `own` (its own first).
pub(super) fn scope_of(
    layout: &Layout,
    index: usize,
    own: &[String],
    regions: &mut Vec<DraftRegion>,
    doc: &Doc,
) -> ScopeRead {
    let lines = layout.lines;
    let own_line = own.iter().map(|w| (index, w.clone()));
    let above = layout
        .above(index, false)
        .into_iter()
        .map(|j| (j, lines[j].norm.clone()));
    let below = layout
        .target_below(index)
        .map(|j| (j, lines[j].norm.clone()));
    for (j, words) in own_line.chain(above).chain(below) {
        let named = area::named_in(&words, regions);
        if let Some(scope) = named.and_then(|n| decide(n, regions, lines[j].no)) {
            return ScopeRead {
                scope,
                from: Some(j),
            };
        }
    }

    // The area section: the window's own （n） item, or the section as a whole.
    let section = doc.section;
    let number = layout.outline.sub[index].and_then(|i| item_number(&lines[i].norm));
    if let Some((_, s, at)) = section
        .items
        .iter()
        .find(|(n, _, _)| Some(n) == number.as_ref())
    {
        return ScopeRead {
            scope: Field::sure(s.clone()),
            from: Some(*at),
        };
    }
    let several = section
        .items
        .iter()
        .any(|(_, s, _)| Some(s) != section.items.first().map(|(_, s, _)| s));
    if let Some(named) = section.whole.clone() {
        let at = section.at.map_or(0, |i| lines[i].no);
        if let Some(mut scope) = decide(named, regions, at) {
            if several {
                scope.flag("対象地域の節に複数の地域があり、この窓の地域が決められません");
            }
            return ScopeRead {
                scope,
                from: section.at,
            };
        }
    }
    let why = if doc.says_nationwide {
        "対象地域は本文の「全国」から判断しました"
    } else {
        "対象地域が読み取れないので全国としました"
    };
    ScopeRead {
        scope: Field::review(Scope::Nationwide, why),
        from: None,
    }
}
