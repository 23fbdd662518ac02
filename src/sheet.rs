//! The printable sheet kept at the counter: two A4 pages — every window of the coming days
//! with the steps of its phase, the steps after it, who to call; then the chooser
//! 「患者さんが持ってきたもの」 as a table, a blank list of the patients to confirm later and
//! the sources. Plain HTML with print CSS and no remote content; every text from a notice
//! file is escaped.

use std::fmt::Write;

use chrono::{Datelike, Duration};

use crate::advice::{self, advice_for, StepGroup};
use crate::chooser::{self, Answer};
use crate::contact::{self, ContactView};
use crate::facility::Facility;
use crate::guidance::{Audience, LocalizedSource, LocalizedStep};
use crate::holidays;
use crate::lang::Lang;
use crate::present;
use crate::status::Status;
use crate::time::{self, Instant};
use crate::timeline::Timeline;
use crate::window::{State, Window};

/// How many blank rows the sheet has for patients to confirm later.
pub const BLANK_ROWS: usize = 8;

/// How far ahead the sheet looks for windows: the windows in force or starting within
/// this are all printed, each with its steps.
pub const COMING: Duration = Duration::days(7);

/// The sheet for the prefecture of `timeline` at `at`, for a desk of `facility` that uses
/// every service, as a complete HTML document (see [`sheet_for`]).
///
/// ```
/// use onshi::{sheet::sheet, time::parse_instant as t, Lang, Schedule};
/// let tl = Schedule::embedded().timeline("福岡".parse().unwrap());
/// let html = sheet(&tl, t("2024-12-29T10:00+09:00").unwrap(), None, Lang::Ja);
/// assert!(html.contains("0800-080-4583") && html.contains("@page"));
/// // Kept on paper: when it was made, with the year.
/// assert!(html.contains("オン資ウォッチで作成: 2024年12月29日(日) 10:00"));
/// // Both windows of 12/31, each with its steps.
/// assert!(html.contains("2024年12月31日(火) 3:00 〜 5:20（予定）"));
/// assert!(html.contains("2024年12月31日(火) 8:00 〜 2025年1月1日(水) 3:00（予定）"));
/// ```
pub fn sheet(timeline: &Timeline, at: Instant, facility: Option<Facility>, lang: Lang) -> String {
    sheet_for(timeline, at, &Audience::new(facility), lang)
}

/// The windows the sheet covers: those in force at `at` or starting within [`COMING`];
/// when there are none, the next one. Also how many later ones it leaves out.
fn covered(timeline: &Timeline, at: Instant) -> (Vec<&Window>, usize) {
    let ahead: Vec<&Window> = timeline.windows().iter().filter(|w| w.end > at).collect();
    let mut shown: Vec<&Window> = ahead
        .iter()
        .copied()
        .filter(|w| w.start < at + COMING)
        .collect();
    if shown.is_empty() {
        shown.extend(ahead.first().copied());
    }
    let left = ahead.len() - shown.len();
    (shown, left)
}

/// The sheet for `audience` (facility type, services used) at `at`.
///
/// Every window of the coming days that hits the prefecture is listed with the steps of
/// its phase as they hold on its own day (a 2024 window gets the 2024 rules); steps two
/// windows share are printed once. Then the steps after the last window, who to call, the
/// chooser for a long outage, the blank list and the numbered sources.
pub fn sheet_for(timeline: &Timeline, at: Instant, audience: &Audience, lang: Lang) -> String {
    let (windows, left) = covered(timeline, at);
    let status = timeline.status(at);
    let p = status.prefecture;
    let mut refs = Refs::default();

    let mut h = String::new();
    let title = lang.pick(
        "オンライン資格確認が止まるとき（受付用）",
        "When online eligibility confirmation is down (desk sheet)",
    );
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<div class=\"page\">\n",
        lang.pick("ja", "en"),
        esc(title),
        CSS
    );
    let facility_label = audience
        .facility
        .map(|f| format!(" ・ {}", f.label(lang)))
        .unwrap_or_default();
    let _ = writeln!(
        h,
        "<header><h1>{}</h1><p class=\"where\">{}{} <span class=\"made\">{} {}</span></p></header>",
        esc(title),
        esc(&present::prefecture_name(p, lang)),
        esc(&facility_label),
        esc(lang.pick("オン資ウォッチで作成:", "Made by Onshi Watch:")),
        esc(&dated(at, lang))
    );

    // The windows, each with its place.
    h.push_str("<section class=\"window\">");
    if windows.is_empty() {
        let _ = write!(
            h,
            "<p>{}</p>",
            esc(lang.pick(
                "この都道府県に既知の停止予定はありません。下の手順は停止のときのものです。",
                "No outage is known for this prefecture. The steps below are for when one happens."
            ))
        );
    }
    for w in &windows {
        let now = w.start <= at;
        let _ = write!(
            h,
            "<p><b>{}</b> {} <span class=\"kind\">{}</span> {}</p>",
            esc(if now {
                lang.pick("停止中:", "Now:")
            } else {
                lang.pick("停止予定:", "Planned:")
            }),
            esc(&range_dated(w, lang)),
            esc(w.kind.label(lang)),
            esc(&present::place(p, &w.area, lang))
        );
    }
    if left > 0 {
        let _ = write!(
            h,
            "<p class=\"more\">{}</p>",
            esc(&match lang {
                Lang::Ja => format!(
                    "このあとにも停止予定が{left}件あります。近くなったら、あらためて印刷してください。"
                ),
                Lang::En => format!(
                    "{left} more outage(s) are planned later: print a new sheet when they come near."
                ),
            })
        );
    }
    h.push_str("</section>\n");

    // The steps of each window's phase, on its own day; then after the last one.
    let windows_all = timeline.windows();
    let mut printed: Vec<Vec<String>> = Vec::new();
    let mut groups: Vec<StepGroup> = Vec::new();
    let mut during = |state: State, day: Instant| {
        let s = Status {
            state,
            at: day,
            ..status.clone()
        };
        for g in advice_for(&[s], windows_all, audience, lang)
            .into_iter()
            .flat_map(|a| a.groups)
        {
            let texts: Vec<String> = g.steps.iter().map(|s| s.text.clone()).collect();
            if !printed.contains(&texts) {
                printed.push(texts);
                groups.push(g);
            }
        }
    };
    if windows.is_empty() {
        during(State::FullOutage, at);
    }
    for w in &windows {
        during(w.kind.state(), w.start.max(at));
    }
    let after_at = windows.last().map_or(at, |w| w.end.max(at));
    groups.extend(advice::after(status.service, after_at, audience, lang));

    let contacts = contact::views(at, lang);
    for g in &groups {
        let _ = write!(h, "<section class=\"steps\"><h2>{}</h2><ol>", esc(&g.title));
        for s in &g.steps {
            let beside = s
                .contact
                .as_ref()
                .and_then(|id| contacts.iter().find(|c| c.id == *id))
                .map(|c| {
                    format!(
                        " <span class=\"hours\">{}{}</span>",
                        esc(lang.pick("受付: ", "Hours: ")),
                        esc(&c.hours)
                    )
                })
                .unwrap_or_default();
            let _ = write!(
                h,
                "<li>{}{} {}</li>",
                esc(&s.text),
                beside,
                refs.marks(s, lang)
            );
        }
        h.push_str("</ol></section>\n");
    }

    h.push_str(&contacts_html(&contacts, &windows, at, &mut refs, lang));

    // The second page, made first so the sources of its steps are numbered too: the
    // chooser for a long outage on the day of the first window, and the blank list.
    let day = windows.first().map_or(at, |w| w.start.max(at));
    let answers = chooser::answers(State::FullOutage, day, &[], audience, lang);
    let second = format!(
        "{}{}",
        chooser_html(&answers, &mut refs, lang),
        blank_list_html(lang)
    );

    h.push_str("</div>\n<div class=\"page\">\n");
    h.push_str(&second);
    h.push_str("<footer><p class=\"sources\">");
    let _ = write!(h, "{}", esc(lang.pick("出典: ", "Sources: ")));
    for (i, s) in refs.list.iter().enumerate() {
        let _ = write!(
            h,
            "{}<span class=\"ref\">［{}］</span>{}{}{}",
            if i > 0 { " " } else { "" },
            i + 1,
            esc(if s.primary {
                ""
            } else {
                lang.pick("参考: ", "Reference: ")
            }),
            esc(&s.label),
            s.url
                .as_deref()
                .map(|u| format!(" {}", esc(u)))
                .unwrap_or_default()
        );
    }
    h.push_str("</p></footer>\n</div>\n</body>\n</html>\n");
    h
}

/// The sources cited on the sheet, numbered in the order they first appear.
#[derive(Default)]
struct Refs {
    list: Vec<LocalizedSource>,
}

impl Refs {
    fn number(&mut self, s: LocalizedSource) -> usize {
        match self.list.iter().position(|x| x.label == s.label) {
            Some(i) => i + 1,
            None => {
                self.list.push(s);
                self.list.len()
            }
        }
    }

    /// `［1］` for a primary source, `［参考3］` for another, one per source of the step.
    fn marks(&mut self, step: &LocalizedStep, lang: Lang) -> String {
        let marks: Vec<String> = step.sources().map(|s| self.mark(s, lang)).collect();
        format!("<span class=\"src\">{}</span>", marks.join(""))
    }

    fn mark(&mut self, s: LocalizedSource, lang: Lang) -> String {
        let reference = if s.primary {
            ""
        } else {
            lang.pick("参考", "ref. ")
        };
        format!("［{}{}］", esc(reference), self.number(s))
    }
}

/// Who to call, each with its own hours and what it is for; the year end never promised
/// and holidays beyond the table never guessed.
fn contacts_html(
    contacts: &[ContactView],
    windows: &[&Window],
    at: Instant,
    refs: &mut Refs,
    lang: Lang,
) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<section class=\"contact\"><h2>{}</h2>",
        esc(lang.pick("問い合わせ先", "Who to call"))
    );
    for c in contacts {
        let mark = refs.mark(
            LocalizedSource {
                label: c.source_label.clone(),
                url: c.source_url.clone(),
                primary: c.primary,
            },
            lang,
        );
        let _ = write!(
            h,
            "<p><b>{}</b> <span class=\"phone\">{}</span> {} <span class=\"src\">{}</span></p>",
            esc(&c.name),
            esc(&c.phone),
            esc(&c.hours),
            mark
        );
    }
    let mut notes = vec![contact::year_end_note(lang).to_string()];
    let beyond = windows
        .iter()
        .map(|w| time::to_jst(w.end).year())
        .chain([time::to_jst(at).year()])
        .filter(|y| *y > holidays::LAST_YEAR)
        .min();
    if let Some(year) = beyond {
        notes.push(match lang {
            Lang::Ja => format!(
                "{year}年以降の祝日はこのアプリに入っていません。その年の祝日に受付しているかは分かりません。"
            ),
            Lang::En => format!(
                "Public holidays from {year} on are not known to this app: whether they answer on them is not known."
            ),
        });
    }
    let _ = writeln!(
        h,
        "<p class=\"note\">{}</p></section>",
        esc(&notes.join(" "))
    );
    h
}

/// The chooser as a table: what the patient brought | what to do.
fn chooser_html(answers: &[Answer], refs: &mut Refs, lang: Lang) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<section class=\"chooser\"><h2>{}</h2><table><thead><tr><th class=\"what\">{}</th><th>{}</th></tr></thead><tbody>",
        esc(lang.pick(
            "患者さんが持ってきたもの（長時間の通信断のとき）",
            "What the patient brought (during a long outage)"
        )),
        esc(lang.pick("持ってきたもの", "Brought")),
        esc(lang.pick("すること", "What to do")),
    );
    for (i, a) in answers.iter().enumerate() {
        let _ = write!(h, "<tr><th class=\"what\">{}</th><td><ol>", esc(&a.label));
        // Paper is short: an answer whose steps end with all of an earlier answer's (the
        // smartphone: the card itself, then as the card) says so instead of repeating them.
        let same = answers[..i].iter().find(|b| {
            b.steps.len() >= 4 && b.steps.len() < a.steps.len() && a.steps.ends_with(&b.steps)
        });
        let own = a.steps.len() - same.map_or(0, |b| b.steps.len());
        for s in &a.steps[..own] {
            let _ = write!(h, "<li>{} {}</li>", esc(&s.text), refs.marks(s, lang));
        }
        h.push_str("</ol>");
        if let Some(b) = same {
            let _ = write!(
                h,
                "<p class=\"same\">{}</p>",
                esc(&match lang {
                    Lang::Ja => format!("このあとは「{}」と同じです。", b.label),
                    Lang::En => format!("Then as for \u{201c}{}\u{201d}.", b.label),
                })
            );
        }
        h.push_str("</td></tr>");
    }
    h.push_str("</tbody></table></section>\n");
    h
}

/// The blank list of the patients to confirm after the outage, to fill in by hand.
fn blank_list_html(lang: Lang) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<section class=\"patients\"><h2>{}</h2><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(lang.pick(
            "確認待ちの患者（4情報を控え、停止のあとで確認）",
            "Patients to confirm later (note their details; confirm after the outage)"
        )),
        esc(lang.pick("受付時刻", "Time")),
        esc(lang.pick("氏名", "Name")),
        esc(lang.pick("性別", "Sex")),
        esc(lang.pick("生年月日", "Date of birth")),
        esc(lang.pick("住所", "Address")),
        esc(lang.pick("メモ", "Note")),
        esc(lang.pick("確認済", "Done")),
    );
    for _ in 0..BLANK_ROWS {
        h.push_str("<tr><td></td><td></td><td></td><td></td><td></td><td></td><td></td></tr>");
    }
    h.push_str("</tbody></table></section>\n");
    h
}

/// `2024年12月29日(日) 10:00`: the sheet is kept on paper, so its dates always have the year.
fn dated(t: Instant, lang: Lang) -> String {
    time::date_time_label_year(t, lang)
}

/// A window's span with years: `2024年12月31日(火) 8:00 〜 2025年1月1日(水) 3:00（予定）`.
fn range_dated(w: &Window, lang: Lang) -> String {
    format!(
        "{}{}",
        time::range_label_year(w.start, w.end, true, lang),
        time::tentative_mark(w.tentative, lang)
    )
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

/// Two A4 pages: small type, tight lists, tables with room to write by hand; each page
/// starts on a new sheet of paper and no table row is split between two.
const CSS: &str = "@page{size:A4;margin:10mm 11mm}\
*{box-sizing:border-box}\
body{font-family:'Noto Sans CJK JP','Hiragino Sans','Yu Gothic','Meiryo',sans-serif;font-size:8.8pt;line-height:1.28;color:#000;margin:0}\
.page+.page{break-before:page;page-break-before:always}\
h1{font-size:14pt;margin:0 0 1mm}h2{font-size:10pt;margin:2mm 0 0.8mm;border-bottom:1px solid #000}\
.where{margin:0;font-size:10pt}.made{font-size:8pt;margin-left:4mm}\
.window p{font-size:9.5pt;margin:1.2mm 0;padding:1.2mm 2mm;border:2px solid #000}.window p.more{border:0;padding:0;font-size:8.5pt}\
ol{margin:0;padding-left:6.5mm}li{margin:0.2mm 0}.src{font-size:6.5pt;color:#333;white-space:nowrap}.hours{font-size:8pt;font-weight:bold}\
.phone{font-size:12pt;font-weight:bold}.contact p{margin:0.5mm 0}.contact p.note{font-size:8pt}\
table{width:100%;border-collapse:collapse;margin-top:0.8mm}th,td{border:1px solid #000;padding:0.6mm 1.2mm;font-size:8pt;text-align:left;vertical-align:top}\
tr{break-inside:avoid;page-break-inside:avoid}th.what{width:28mm}.chooser li{margin:0}.chooser ol{padding-left:5mm}.same{margin:0.3mm 0 0;font-weight:bold}\
.patients td{height:8mm}footer{margin-top:1.5mm;font-size:6pt;line-height:1.2;color:#333}footer p{margin:0.3mm 0}\
@media screen{body{max-width:190mm;margin:8mm auto}.page+.page{margin-top:10mm;border-top:1px dashed #999;padding-top:6mm}}";
