//! The hand-entry form and the notice file it makes: form → TOML (checked by
//! `Notice::parse` before anything is written), a saved file → form, a draft → form.

use std::collections::BTreeMap;

use onshi::draft::{self, Draft};
use onshi::notice::Region;
use onshi::time::{self, Instant};
use onshi::{Kind, Lang, Notice, Prefecture, Schedule, Scope, Service};
use serde::{Deserialize, Serialize};

/// What the hand-entry form holds. Times are as typed (「12/31 3:00」…), read as JST.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualForm {
    /// The hand-entered notice being edited (the `ID` of `manual-ID.toml`); none for a new one.
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub service: Service,
    pub kind: Kind,
    /// Who or what is affected; only for `partial`.
    #[serde(default)]
    pub affects: String,
    /// As typed: `2025-01-15 10:00`, `1/15 10:00`, `令和7年1月15日 10時` (JST).
    pub start: String,
    pub end: String,
    /// 「最大 … まで延長の可能性」: the latest end the notice warns of; empty for none.
    #[serde(default)]
    pub may_extend_until: String,
    /// The notice says 予定.
    #[serde(default)]
    pub tentative: bool,
    /// `nationwide`, `area` or `prefectures`.
    pub scope: String,
    /// For `area`: the id of a region of the built-in notice (`east`, `west`).
    #[serde(default)]
    pub area: String,
    /// For `prefectures`: JIS codes.
    #[serde(default)]
    pub prefectures: Vec<u8>,
    pub title: String,
    /// An `https://` link to the notice, if there is one.
    #[serde(default)]
    pub url: String,
    /// Where the notice came from when there is no link (fax, e-mail, …).
    #[serde(default)]
    pub memo: String,
    /// Who issued the notice (発行元, e.g. 厚生労働省); empty: 手入力.
    #[serde(default)]
    pub issuer: String,
    /// The notice's date as typed (`2024-12-24`, `令和6年12月24日`); empty: the day it is saved.
    #[serde(default)]
    pub issued: String,
    /// Areas the form may name besides the built-in ones: read from a pasted notice, or
    /// kept from the file being edited. Saved as `[region.ID]`, so the notice's own name
    /// (東日本エリア) is what banner and calendar show.
    #[serde(default)]
    pub regions: Vec<FormRegion>,
}

/// An area of the notice itself, as the form carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormRegion {
    pub id: String,
    /// As the notice names it: 東日本エリア.
    pub name: String,
    #[serde(default)]
    pub name_en: String,
    /// JIS codes, sorted.
    pub prefectures: Vec<u8>,
}

impl FormRegion {
    fn of(r: &Region) -> Self {
        let mut prefectures: Vec<u8> = r.prefectures.iter().map(|p| p.code()).collect();
        prefectures.sort_unstable();
        FormRegion {
            id: r.id.clone(),
            name: r.name.clone(),
            name_en: r.name_en.clone(),
            prefectures,
        }
    }
}

/// A TOML string, quoted and escaped.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A typed date and time (「12/31 3:00」, 「2026-12-31 03:00」, 「令和8年12月31日 3時」; the
/// notices' own grammar) as a JST offset time. A date without a year is the next one on or
/// after `reference`, the day the form is saved.
pub fn jst_time(
    value: &str,
    what: (&str, &str),
    reference: chrono::NaiveDate,
) -> Result<String, String> {
    let when = draft::when::parse_when(value, reference).map_err(|e| {
        format!(
            "{}: {} / {}: {}",
            what.0,
            e.label(Lang::Ja),
            what.1,
            e.label(Lang::En)
        )
    })?;
    Ok(time::rfc3339_jst(when.at))
}

/// The areas a hand-entered window may name: the regions of the built-in notice
/// (東日本エリア, 西日本エリア).
pub fn areas() -> Vec<Region> {
    let mut out: Vec<Region> = Schedule::embedded()
        .notices()
        .iter()
        .flat_map(|n| n.regions.clone())
        .collect();
    out.dedup_by(|a, b| a.id == b.id);
    out
}

/// The notice file for a filled form. `areas` are the regions an `area` scope may name
/// (copied into the file, which must define what it names).
///
/// # Errors
/// A one-line message for staff when a field is missing or unreadable; everything else
/// is left to `Notice::parse`, which the caller runs on the result.
pub fn to_toml(
    form: &ManualForm,
    notice_id: &str,
    revision: u32,
    today: chrono::NaiveDate,
    areas: &[Region],
) -> Result<String, String> {
    if form.title.trim().is_empty() {
        return Err("題名を入力してください / enter a title".into());
    }
    let start = jst_time(&form.start, ("開始日時", "start"), today)?;
    let end = jst_time(&form.end, ("終了日時", "end"), today)?;
    let issued = match form.issued.trim() {
        "" => today,
        typed => {
            let read = draft::date::parse_date(typed).map_err(|_| {
                format!(
                    "発行日 {typed:?} は日付として読めません（例 2024-12-24、令和6年12月24日） / the issue date is not a date with a year"
                )
            })?;
            if let Some(why) = read.problem {
                return Err(format!(
                    "発行日: {why} / the issue date needs a second look"
                ));
            }
            read.date
        }
    };
    let issuer = match form.issuer.trim() {
        "" => "手入力",
        named => named,
    };
    let mut out = String::new();
    out.push_str(
        "# 手入力のお知らせ: オン資ウォッチの「お知らせ」画面で作りました。\n\
         # Entered by hand in Onshi Watch (お知らせ). The format: docs/notice-format.md\n\n",
    );
    out.push_str(&format!("id = {}\n", quote(notice_id)));
    out.push_str(&format!("title = {}\n", quote(form.title.trim())));
    out.push_str(&format!("issuer = {}\n", quote(issuer)));
    out.push_str(&format!("issued = {issued}\n"));
    out.push_str(&format!("service = {}\n", quote(form.service.as_str())));
    out.push_str(&format!("revision = {revision}\n"));
    if revision > 1 {
        out.push_str(&format!("updated = {}\n", today.max(issued)));
    }
    let (url, memo) = (form.url.trim(), form.memo.trim());
    if !url.is_empty() || !memo.is_empty() {
        out.push_str("\n[[source]]\n");
        let label = if memo.is_empty() {
            form.title.trim()
        } else {
            memo
        };
        out.push_str(&format!("label = {}\n", quote(label)));
        if !url.is_empty() {
            out.push_str(&format!("url = {}\n", quote(url)));
        }
    }
    let scope = match form.scope.as_str() {
        "nationwide" => "nationwide = true".to_string(),
        "area" => {
            let own: Vec<Region> = form
                .regions
                .iter()
                .map(|r| {
                    let mut prefectures = Vec::new();
                    for code in &r.prefectures {
                        prefectures.push(Prefecture::from_code(*code).ok_or_else(|| {
                            format!("都道府県コード {code} はありません / unknown prefecture code")
                        })?);
                    }
                    Ok(Region {
                        id: r.id.clone(),
                        name: r.name.clone(),
                        name_en: if r.name_en.trim().is_empty() {
                            r.id.clone()
                        } else {
                            r.name_en.clone()
                        },
                        prefectures,
                    })
                })
                .collect::<Result<_, String>>()?;
            // The notice's own areas first: its name for an area is the one staff know.
            let r = own
                .iter()
                .chain(areas)
                .find(|r| r.id == form.area)
                .ok_or_else(|| {
                    format!(
                        "地域 {:?} がありません / unknown area: choose one of {}",
                        form.area,
                        areas
                            .iter()
                            .map(|r| r.name.as_str())
                            .collect::<Vec<_>>()
                            .join("・")
                    )
                })?;
            let names: Vec<String> = r.prefectures.iter().map(|p| quote(p.name())).collect();
            out.push_str(&format!(
                "\n[region.{}]\nname = {}\nname_en = {}\nprefectures = [{}]\n",
                r.id,
                quote(&r.name),
                quote(&r.name_en),
                names.join(", ")
            ));
            format!("region = {}", quote(&r.id))
        }
        "prefectures" => {
            let mut names = Vec::new();
            for code in &form.prefectures {
                let p = Prefecture::from_code(*code).ok_or_else(|| {
                    format!("都道府県コード {code} はありません / unknown prefecture code")
                })?;
                names.push(quote(p.name()));
            }
            if names.is_empty() {
                return Err(
                    "都道府県を1つ以上選んでください / choose at least one prefecture".into(),
                );
            }
            format!("prefectures = [{}]", names.join(", "))
        }
        other => {
            return Err(format!(
                "範囲 {other:?} が分かりません / unknown scope: nationwide, area or prefectures"
            ))
        }
    };
    out.push_str("\n[[window]]\nid = \"w1\"\n");
    out.push_str(&format!("kind = {}\n", quote(kind_code(form.kind))));
    if form.kind == Kind::Partial {
        out.push_str(&format!("affects = {}\n", quote(form.affects.trim())));
    }
    out.push_str(&format!("{scope}\nstart = {start}\nend = {end}\n"));
    if !form.may_extend_until.trim().is_empty() {
        let until = jst_time(
            &form.may_extend_until,
            ("延長の可能性（最大）", "may be extended up to"),
            issued,
        )?;
        out.push_str(&format!("may_extend_until = {until}\n"));
    }
    out.push_str(&format!("tentative = {}\n", form.tentative));
    Ok(out)
}

fn kind_code(kind: Kind) -> &'static str {
    match kind {
        Kind::Full => "full",
        Kind::Intermittent => "intermittent",
        Kind::Partial => "partial",
    }
}

/// `2025-01-15 10:00`: an instant as the form's date fields show it, JST.
pub fn local_value(t: Instant) -> String {
    time::to_jst(t).format("%Y-%m-%d %H:%M").to_string()
}

/// The form refilled from a hand-entered notice (its first window), to edit it.
pub fn from_notice(notice: &Notice, manual_id: &str) -> ManualForm {
    let w = notice.windows.first();
    let source = notice.sources.first();
    let (scope, area, prefectures) = match w.map(|w| &w.scope) {
        Some(Scope::Region(id)) => ("area", id.clone(), Vec::new()),
        Some(Scope::Prefectures) => (
            "prefectures",
            String::new(),
            w.map(|w| w.area.prefectures.iter().map(|p| p.code()).collect())
                .unwrap_or_default(),
        ),
        _ => ("nationwide", String::new(), Vec::new()),
    };
    ManualForm {
        id: Some(manual_id.to_string()),
        service: w.map_or(notice.service, |w| w.service),
        kind: w.map_or(Kind::Full, |w| w.kind),
        affects: w.and_then(|w| w.affects.clone()).unwrap_or_default(),
        start: w.map(|w| local_value(w.start)).unwrap_or_default(),
        end: w.map(|w| local_value(w.end)).unwrap_or_default(),
        may_extend_until: w
            .and_then(|w| w.may_extend_until)
            .map(local_value)
            .unwrap_or_default(),
        tentative: w.is_some_and(|w| w.tentative),
        scope: scope.into(),
        area,
        prefectures,
        title: notice.title.clone(),
        url: source.and_then(|s| s.url.clone()).unwrap_or_default(),
        memo: source
            .map(|s| s.label.clone())
            .filter(|l| *l != notice.title)
            .unwrap_or_default(),
        issuer: Some(notice.issuer.clone())
            .filter(|i| i != "手入力")
            .unwrap_or_default(),
        issued: notice.issued.to_string(),
        regions: notice.regions.iter().map(FormRegion::of).collect(),
    }
}

/// One window of a draft, as the form shows it: the values, and why each value marked
/// 要確認 must be checked (by form field name).
#[derive(Debug, Clone, Serialize)]
pub struct DraftFill {
    /// For the window picker: `full 2024-12-31T03:00:00+09:00 – … (line 12)`.
    pub label: String,
    pub form: ManualForm,
    pub review: BTreeMap<String, String>,
}

/// Every window of `d` as a form. A draft area that is one of `areas` (the built-in
/// 東日本/西日本) becomes that area; any other area becomes its list of prefectures.
pub fn from_draft(d: &Draft, areas: &[Region]) -> Vec<DraftFill> {
    let service: Service = d.service.value;
    let source = d.sources.first();
    d.windows
        .iter()
        .map(|w| {
            let mut review = BTreeMap::new();
            let mut flag = |field: &str, needs: bool, why: &Option<String>| {
                if needs {
                    review.insert(
                        field.to_string(),
                        why.clone().unwrap_or_else(|| "要確認".into()),
                    );
                }
            };
            flag("service", d.service.needs_review, &d.service.why);
            flag("title", d.title.needs_review, &d.title.why);
            flag("issuer", d.issuer.needs_review, &d.issuer.why);
            match &d.issued {
                Some(f) => flag("issued", f.needs_review, &f.why),
                None => flag(
                    "issued",
                    true,
                    &Some("本文に発行日が見つかりません: お知らせの日付を入れてください".into()),
                ),
            }
            if let Some(s) = source {
                flag("memo", s.label.needs_review, &s.label.why);
            }
            flag("kind", w.kind.needs_review, &w.kind.why);
            flag("start", w.start.needs_review, &w.start.why);
            flag("end", w.end.needs_review, &w.end.why);
            flag("scope", w.scope.needs_review, &w.scope.why);
            if let Some(a) = &w.affects {
                flag("affects", a.needs_review, &a.why);
            }
            let listed = |list: &[Prefecture]| {
                let mut codes: Vec<u8> = list.iter().map(|p| p.code()).collect();
                codes.sort_unstable();
                codes
            };
            let mut regions = Vec::new();
            let (scope, area, prefectures) = match &w.scope.value {
                draft::Scope::Nationwide => ("nationwide", String::new(), Vec::new()),
                draft::Scope::Prefectures(p) => ("prefectures", String::new(), listed(p)),
                draft::Scope::Region(id) => {
                    let own = d.regions.iter().find(|r| &r.id == id);
                    let codes = own.map(|r| listed(&r.prefectures)).unwrap_or_default();
                    let built_in = areas.iter().find(|a| {
                        listed(&a.prefectures) == codes && own.is_some_and(|r| r.name == a.name)
                    });
                    match (built_in, own) {
                        (Some(a), _) => ("area", a.id.clone(), Vec::new()),
                        // The notice's own area keeps its name (東日本エリア), never a
                        // list of prefectures in banner and calendar titles.
                        (None, Some(r)) if !codes.is_empty() => {
                            let mut rid = r.id.clone();
                            while areas.iter().any(|a| a.id == rid) {
                                rid.push_str("-notice");
                            }
                            regions.push(FormRegion {
                                id: rid.clone(),
                                name: r.name.clone(),
                                name_en: r.name_en.value.clone(),
                                prefectures: codes,
                            });
                            ("area", rid, Vec::new())
                        }
                        _ => ("prefectures", String::new(), codes),
                    }
                }
            };
            let kind = match w.kind.value {
                draft::DraftKind::Full => Kind::Full,
                draft::DraftKind::Intermittent => Kind::Intermittent,
                draft::DraftKind::Partial => Kind::Partial,
            };
            DraftFill {
                label: format!(
                    "{} {} – {}{} ({} {})",
                    kind_code(kind),
                    local_value(w.start.value.0),
                    local_value(w.end.value.0),
                    if w.tentative { " 予定" } else { "" },
                    w.id,
                    w.line
                ),
                form: ManualForm {
                    id: None,
                    service,
                    kind,
                    affects: w
                        .affects
                        .as_ref()
                        .map(|a| a.value.clone())
                        .unwrap_or_default(),
                    start: local_value(w.start.value.0),
                    end: local_value(w.end.value.0),
                    may_extend_until: w
                        .may_extend_until
                        .map(|m| local_value(m.0))
                        .unwrap_or_default(),
                    tentative: w.tentative,
                    scope: scope.into(),
                    area,
                    prefectures,
                    title: d.title.value.clone(),
                    url: source.map(|s| s.url.clone()).unwrap_or_default(),
                    memo: source.map(|s| s.label.value.clone()).unwrap_or_default(),
                    issuer: d.issuer.value.clone(),
                    issued: d
                        .issued
                        .as_ref()
                        .map(|f| f.value.to_string())
                        .unwrap_or_default(),
                    regions,
                },
                review,
            }
        })
        .collect()
}
