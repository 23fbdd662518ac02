//! What several subcommands print alike: JSON, a window as JSON, and the lines under a window.

use onshi::deadline::Deadline;
use onshi::hours::Hours;
use onshi::insurer::InsurerIssue;
use onshi::time;
use onshi::{Kind, Lang, Window};
use serde_json::json;

pub fn print_json(v: &serde_json::Value) {
    outln!(
        "{}",
        serde_json::to_string_pretty(v).expect("JSON values always serialize")
    );
}

pub fn window_json(w: &Window) -> serde_json::Value {
    json!({
        "kind": w.kind,
        "start": time::rfc3339_jst(w.start),
        "end": time::rfc3339_jst(w.end),
        "tentative": w.tentative,
        "region": w.area.name,
        "region_en": w.area.name_en,
        "notice": w.notice,
        "id": w.id,
        "service": w.service,
        "scope": w.scope,
        "affects": w.affects,
        "affects_en": w.affects_en,
        "may_extend_until": w.may_extend_until.map(time::rfc3339_jst),
        "revision": w.revision,
        "cancelled": w.cancelled,
    })
}

/// What follows a window's line: who is affected (partial), a possible extension.
pub fn window_extras(w: &Window, lang: Lang) -> String {
    let mut out = String::new();
    if w.kind == Kind::Partial {
        if let Some(a) = w.affects_label(lang) {
            out += &format!("\n      {}{a}", lang.pick("対象: ", "Affects: "));
        }
    }
    if let Some(x) = w.extension_label(lang) {
        out += &format!("\n      {x}");
    }
    out
}

/// The line for a prefecture no loaded notice has a window for.
pub fn no_outage_known(lang: Lang) -> &'static str {
    lang.pick(
        "既知の停止予定はありません（読み込んだお知らせの範囲で）",
        "No outage known (as far as the loaded notices go)",
    )
}

/// A deadline as JSON (`onshi windows`, `onshi status`).
pub fn deadline_json(d: &Deadline) -> serde_json::Value {
    json!({
        "key": d.key(),
        "notice": d.notice,
        "id": d.id,
        "service": d.service,
        "due": time::rfc3339_jst(d.due),
        "last_day": d.last_day().to_string(),
        "moved_from": d.moved_from.map(time::rfc3339_jst),
        "action": d.action,
        "action_en": d.action_en,
        "region": d.area.name,
        "note": d.note,
        "revision": d.revision,
        "cancelled": d.cancelled,
    })
}

/// An insurer's data problem as JSON.
pub fn insurer_json(i: &InsurerIssue) -> serde_json::Value {
    json!({
        "notice": i.notice,
        "id": i.id,
        "service": i.service,
        "start": time::rfc3339_jst(i.start),
        "end": time::rfc3339_jst(i.end),
        "tentative": i.tentative,
        "insurers": i.insurers,
        "fields": i.fields,
        "action": i.action,
        "line": i.line(Lang::Ja),
        "line_en": i.line(Lang::En),
        "region": i.area.name,
        "revision": i.revision,
        "cancelled": i.cancelled,
    })
}

/// A stretch of open hours as JSON.
pub fn hours_json(h: &Hours) -> serde_json::Value {
    json!({
        "notice": h.notice,
        "id": h.id,
        "service": h.service,
        "start": time::rfc3339_jst(h.start),
        "end": time::rfc3339_jst(h.end),
        "region": h.area.name,
        "note": h.note,
        "revision": h.revision,
        "cancelled": h.cancelled,
    })
}

/// A deadline's line: `期限 1月10日(土) 24:00  電子処方箋管理サービス  点検報告を提出する  [全国]`.
pub fn deadline_line(d: &Deadline, lang: Lang) -> String {
    let mut out = format!(
        "{}{}  {}  {}  [{}]",
        cancelled_mark(d.cancelled, lang),
        d.due_label(lang),
        d.service.name(lang),
        d.action_label(lang),
        d.area.label(lang)
    );
    if let Some(from) = d.moved_from {
        out += &format!(
            "\n      {}{}",
            lang.pick("元の期限: ", "Was due: "),
            onshi::deadline::due_time_label(from, lang)
        );
        if let Some(why) = &d.moved_note {
            out += &match lang {
                Lang::Ja => format!("（{why}）"),
                Lang::En => format!(" ({why})"),
            };
        }
    }
    out
}

/// An insurer's problem's line: its span, then what is wrong and what to do.
pub fn insurer_line(i: &InsurerIssue, lang: Lang) -> String {
    format!(
        "{}{}  {}\n      {}",
        cancelled_mark(i.cancelled, lang),
        i.range_label(lang),
        i.service.name(lang),
        i.line(lang)
    )
}

/// A stretch of open hours' line.
pub fn hours_line(h: &Hours, lang: Lang) -> String {
    let note = h
        .note
        .as_deref()
        .map(|n| format!("  {n}"))
        .unwrap_or_default();
    format!(
        "{}{}  {}  [{}]{note}",
        cancelled_mark(h.cancelled, lang),
        h.label(lang),
        h.service.name(lang),
        h.area.label(lang)
    )
}

/// `【中止】` before a cancelled entry in a listing.
pub fn cancelled_mark(cancelled: bool, lang: Lang) -> &'static str {
    match (cancelled, lang) {
        (false, _) => "",
        (true, Lang::Ja) => "【中止】",
        (true, Lang::En) => "[CANCELLED] ",
    }
}
