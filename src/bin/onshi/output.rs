//! What several subcommands print alike: JSON, a window as JSON, and the lines under a window.

use onshi::time;
use onshi::{Kind, Lang, Window};
use serde_json::json;

pub fn print_json(v: &serde_json::Value) {
    println!(
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
