//! The printable sheet kept at the counter: one A4 page with the window, the steps, who
//! to call, and blanks for the patients to confirm later. Plain HTML with print CSS and
//! no remote content; every text from a notice file is escaped.

use std::fmt::Write;

use crate::advice::{advice, StepGroup};
use crate::contact;
use crate::facility::Facility;
use crate::guidance::Guidance;
use crate::lang::Lang;
use crate::phase::Phase;
use crate::present;
use crate::status::Status;
use crate::time::{self, Instant};
use crate::timeline::Timeline;
use crate::window::{Kind, State, Window};

/// How many blank rows the sheet has for patients to confirm later.
pub const BLANK_ROWS: usize = 8;

/// The sheet for the prefecture of `timeline` at `at`, as a complete HTML document.
///
/// The steps are those for the window in force, or else the next one: what staff will
/// need while it lasts, and after it.
///
/// ```
/// use onshi::{sheet::sheet, time::parse_instant as t, Lang, Schedule};
/// let tl = Schedule::embedded().timeline("福岡".parse().unwrap());
/// let html = sheet(&tl, t("2024-12-29T10:00+09:00").unwrap(), None, Lang::Ja);
/// assert!(html.contains("0800-080-4583") && html.contains("@page"));
/// ```
pub fn sheet(timeline: &Timeline, at: Instant, facility: Option<Facility>, lang: Lang) -> String {
    let status = timeline.status(at);
    let window = status.window.as_ref().or(status.next_window.as_ref());
    let groups = groups_for(&status, window, timeline.windows(), facility, lang);
    let guidance = Guidance::embedded();
    let contact = contact::view(at, lang);
    let p = status.prefecture;

    let mut h = String::new();
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
        lang_code(lang),
        esc(lang.pick("オンライン資格確認が止まるとき（受付用）", "When online eligibility confirmation is down (desk sheet)")),
        CSS
    );
    let facility_label = facility
        .map(|f| format!(" ・ {}", f.label(lang)))
        .unwrap_or_default();
    let _ = writeln!(
        h,
        "<header><h1>{}</h1><p class=\"where\">{}{}</p></header>",
        esc(lang.pick(
            "オンライン資格確認が止まるとき（受付用）",
            "When online eligibility confirmation is down"
        )),
        esc(&present::prefecture_name(p, lang)),
        esc(&facility_label)
    );

    h.push_str("<section class=\"window\">");
    match window {
        Some(w) => {
            let _ = write!(
                h,
                "<p><b>{}</b> {} <span class=\"kind\">{}</span> {}</p>",
                esc(if status.window.is_some() {
                    lang.pick("停止中:", "Now:")
                } else {
                    lang.pick("次の停止:", "Next outage:")
                }),
                esc(&w.range_label(lang)),
                esc(w.kind.label(lang)),
                esc(&present::place(p, &w.area, lang))
            );
        }
        None => {
            let _ = write!(
                h,
                "<p>{}</p>",
                esc(lang.pick(
                    "この都道府県に既知の停止予定はありません。下の手順は停止のときのものです。",
                    "No outage is known for this prefecture. The steps below are for when one happens."
                ))
            );
        }
    }
    h.push_str("</section>\n");

    for g in &groups {
        let _ = write!(h, "<section class=\"steps\"><h2>{}</h2><ol>", esc(&g.title));
        for s in &g.steps {
            let reference = if s.primary {
                ""
            } else {
                lang.pick("参考: ", "Reference: ")
            };
            let _ = write!(
                h,
                "<li>{} <span class=\"src\">（{}{}）</span></li>",
                esc(&s.text),
                esc(reference),
                esc(&s.source_label)
            );
        }
        h.push_str("</ol></section>\n");
    }

    let _ = writeln!(
        h,
        "<section class=\"contact\"><h2>{}</h2><p><b>{}</b> <span class=\"phone\">{}</span><br>{}<br>{}</p></section>",
        esc(lang.pick("問い合わせ先", "Who to call")),
        esc(&contact.name),
        esc(&contact.phone),
        esc(&contact.hours),
        esc(lang.pick(
            "年末年始（12月29日〜1月3日）の受付時間は確認できていません。",
            "Hours over the year end (29 Dec – 3 Jan) are not known."
        ))
    );

    let _ = write!(
        h,
        "<section class=\"patients\"><h2>{}</h2><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(lang.pick(
            "確認できなかった方（4情報を控え、停止のあとで確認）",
            "Patients not confirmed (note their details; confirm after the outage)"
        )),
        esc(lang.pick("受付時刻", "Time")),
        esc(lang.pick("氏名", "Name")),
        esc(lang.pick("性別", "Sex")),
        esc(lang.pick("生年月日", "Date of birth")),
        esc(lang.pick("住所", "Address")),
        esc(lang.pick("確認済", "Done")),
    );
    for _ in 0..BLANK_ROWS {
        h.push_str("<tr><td></td><td></td><td></td><td></td><td></td><td></td></tr>");
    }
    h.push_str("</tbody></table></section>\n");

    let mut cited: Vec<&str> = Vec::new();
    for s in groups.iter().flat_map(|g| &g.steps) {
        if !cited.contains(&s.source_label.as_str()) {
            cited.push(&s.source_label);
        }
    }
    h.push_str("<footer><p class=\"sources\">");
    let _ = write!(h, "{}", esc(lang.pick("出典: ", "Sources: ")));
    for (i, label) in cited.iter().enumerate() {
        let url = guidance
            .sources
            .iter()
            .find(|s| lang.pick(&s.label_ja, &s.label_en) == *label)
            .and_then(|s| s.url.as_deref());
        let _ = write!(
            h,
            "{}{}{}",
            if i > 0 { " ／ " } else { "" },
            esc(label),
            url.map(|u| format!(" {}", esc(u))).unwrap_or_default()
        );
    }
    let _ = write!(
        h,
        "</p><p>{} {}</p></footer>\n</body>\n</html>\n",
        esc(lang.pick("オン資ウォッチで作成:", "Made by Onshi Watch:")),
        esc(&time::date_time_label(at, lang))
    );
    h
}

/// The steps the sheet lists: those for the window's kind while it lasts, then after it.
fn groups_for(
    status: &Status,
    window: Option<&Window>,
    windows: &[Window],
    facility: Option<Facility>,
    lang: Lang,
) -> Vec<StepGroup> {
    let state = match window.map(|w| w.kind) {
        Some(Kind::Intermittent) => State::Intermittent,
        _ => State::FullOutage,
    };
    let during = Status {
        state,
        ..status.clone()
    };
    let mut groups = advice(&during, windows, facility, lang);
    let after = Status {
        state: State::Normal,
        next_window: None,
        ..status.clone()
    };
    // The "after" steps, whether or not a window has ended yet.
    groups.extend(
        advice(&after, windows, facility, lang)
            .into_iter()
            .filter(|g| g.phase == Phase::After),
    );
    if !groups.iter().any(|g| g.phase == Phase::After) {
        let guidance = Guidance::embedded();
        let (later, now): (Vec<_>, Vec<_>) = guidance
            .steps(Phase::After, facility, lang)
            .into_iter()
            .partition(|s| s.later);
        groups.push(StepGroup {
            phase: Phase::After,
            later: false,
            title: lang
                .pick("終了予定のあとにすること", "After the planned end")
                .into(),
            steps: now,
        });
        groups.push(StepGroup {
            phase: Phase::After,
            later: true,
            title: lang
                .pick("あとで（レセプト請求のとき）", "Later, at billing")
                .into(),
            steps: later,
        });
    }
    groups
}

fn lang_code(lang: Lang) -> &'static str {
    lang.pick("ja", "en")
}

/// Escapes text for HTML element content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One A4 page: small type, tight lists, a table with room to write by hand.
const CSS: &str = "@page{size:A4;margin:12mm}\
*{box-sizing:border-box}\
body{font-family:'Noto Sans CJK JP','Hiragino Sans','Yu Gothic','Meiryo',sans-serif;font-size:9.5pt;line-height:1.35;color:#000;margin:0}\
h1{font-size:15pt;margin:0 0 2mm}h2{font-size:11pt;margin:3mm 0 1mm;border-bottom:1px solid #000}\
.where{margin:0;font-size:11pt}.window p{font-size:11pt;margin:2mm 0;padding:2mm;border:2px solid #000}\
ol{margin:0;padding-left:6mm}li{margin:0.4mm 0}.src{font-size:7.5pt;color:#333}\
.phone{font-size:14pt;font-weight:bold}.contact p{margin:1mm 0}\
table{width:100%;border-collapse:collapse;margin-top:1mm}th,td{border:1px solid #000;padding:1mm;font-size:8.5pt;text-align:left}\
td{height:8mm}footer{margin-top:2mm;font-size:7pt;color:#333}footer p{margin:0.5mm 0}\
@media screen{body{max-width:190mm;margin:8mm auto}}";
