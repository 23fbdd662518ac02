//! A draft as a notice file: TOML in the format of docs/notice-format.md, `# 要確認:` above
//! every value that needs a second look.

use std::fmt::Write;

use super::notice_draft::Draft;
use super::values::{Field, Scope, Service};

/// A TOML string, quoted and escaped.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Comments hold one line of printable text.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn review<T>(out: &mut String, f: &Field<T>) {
    if let (true, Some(why)) = (f.needs_review, &f.why) {
        let _ = writeln!(out, "# 要確認: {}", comment(why));
    }
}

fn list(out: &mut String, key: &str, names: &[&str]) {
    let _ = writeln!(out, "{key} = [");
    for chunk in names.chunks(10) {
        let items: Vec<String> = chunk.iter().map(|n| quote(n)).collect();
        let _ = writeln!(out, "  {},", items.join(", "));
    }
    let _ = writeln!(out, "]");
}

/// The notice file. `service` is written only when it is not `oqs` and `affects` only for
/// partial windows, so a draft of an オン資 notice reads as the format has always been.
pub fn toml(d: &Draft) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# 下書き: onshi draft が本文から作りました。「# 要確認:」の付いた値は本文と照らして直してください。\n\
         # Draft made by onshi draft from the notice text: check every value marked \"# 要確認:\" against the notice.\n\
         # The format is described in docs/notice-format.md.\n"
    );
    review(&mut out, &d.id);
    let _ = writeln!(out, "id = {}", quote(&d.id.value));
    review(&mut out, &d.title);
    let _ = writeln!(out, "title = {}", quote(&d.title.value));
    review(&mut out, &d.issuer);
    let _ = writeln!(out, "issuer = {}", quote(&d.issuer.value));
    if let Some(issued) = &d.issued {
        review(&mut out, issued);
        let _ = writeln!(out, "issued = {}", issued.value);
    }
    if let Some(r) = &d.revision {
        review(&mut out, r);
        let _ = writeln!(out, "revision = {}", r.value);
    }
    if d.service.value != Service::Oqs || d.service.needs_review {
        review(&mut out, &d.service);
        if d.service.value == Service::Oqs {
            let _ = writeln!(out, "# service = \"oqs\" (the default)");
        } else {
            let _ = writeln!(out, "service = {}", quote(d.service.value.as_str()));
        }
    }

    for s in &d.sources {
        let _ = writeln!(out, "\n[[source]]");
        review(&mut out, &s.label);
        let _ = writeln!(out, "label = {}", quote(&s.label.value));
        let _ = writeln!(out, "url = {}", quote(&s.url));
    }

    for r in &d.regions {
        let _ = writeln!(out, "\n# line {}", r.line);
        let _ = writeln!(out, "[region.{}]", r.id);
        let _ = writeln!(out, "name = {}", quote(&r.name));
        review(&mut out, &r.name_en);
        let _ = writeln!(out, "name_en = {}", quote(&r.name_en.value));
        if r.prefectures.is_empty() {
            let _ = writeln!(
                out,
                "# 要確認: 「{}」の都道府県が本文にありません: 書き足してください",
                comment(&r.name)
            );
        }
        let names: Vec<&str> = r.prefectures.iter().map(|p| p.name()).collect();
        list(&mut out, "prefectures", &names);
    }

    for w in &d.windows {
        let _ = writeln!(out, "\n# line {}: {}", w.line, comment(w.text.trim()));
        if let Some(at) = w.scope_line.filter(|at| *at != w.line) {
            let _ = writeln!(out, "# 対象地域は {at} 行目から");
        }
        let _ = writeln!(out, "[[window]]");
        let _ = writeln!(out, "id = {}", quote(&w.id));
        review(&mut out, &w.kind);
        let _ = writeln!(out, "kind = {}", quote(w.kind.value.code()));
        if let Some(a) = &w.affects {
            review(&mut out, a);
            let _ = writeln!(out, "affects = {}", quote(&a.value));
        }
        review(&mut out, &w.scope);
        match &w.scope.value {
            Scope::Region(id) => {
                let _ = writeln!(out, "region = {}", quote(id));
            }
            Scope::Nationwide => {
                let _ = writeln!(out, "nationwide = true");
            }
            Scope::Prefectures(p) => {
                let names: Vec<&str> = p.iter().map(|p| p.name()).collect();
                let items: Vec<String> = names.iter().map(|n| quote(n)).collect();
                let _ = writeln!(out, "prefectures = [{}]", items.join(", "));
            }
        }
        review(&mut out, &w.start);
        let _ = writeln!(out, "start = {}", w.start.value);
        review(&mut out, &w.end);
        let _ = writeln!(out, "end = {}", w.end.value);
        if let Some(m) = w.may_extend_until {
            let _ = writeln!(out, "may_extend_until = {m}");
        }
        let _ = writeln!(out, "tentative = {}", w.tentative);
        if w.cancelled.value || w.cancelled.needs_review {
            review(&mut out, &w.cancelled);
            let _ = writeln!(out, "cancelled = {}", w.cancelled.value);
        }
    }
    super::shapes::render(&d.shapes, &mut out);
    if !d.notes.is_empty() {
        let _ = writeln!(out);
        for n in &d.notes {
            let _ = writeln!(out, "# 使わなかった記載: {}", comment(n));
        }
    }
    out
}
