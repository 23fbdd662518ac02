//! Notice text → a notice draft: the windows, areas and header a published notice gives, each
//! value marked when it could not be read for sure (`onshi draft`, and the window's paste box).
//!
//! The rules are deterministic and read in layers:
//!
//! - [`text`]: bytes (UTF-8 or Shift_JIS) → lines, full-width forms folded;
//! - [`grammar`]: dates, times and ranges within one line;
//! - [`date`]: 和暦/西暦 → a date, with the weekday in brackets checked;
//! - [`area`]: the notice's own areas (※エリアの詳細), 全国, prefectures named inline;
//! - [`header`]: title, issuer, issued date, service, links;
//! - here: which kind, scope and flags each range gets from the lines around it;
//! - [`render`]: the draft as a notice file (TOML) with `# 要確認:` comments.
//!
//! ```
//! let text = "件名：マイナポータルの計画停止について\n\
//!             ■停止日時\n2025年12月6日（土）22:00～12月8日（月）6:00（予定）\n■対象\n全国";
//! let d = onshi::draft::draft(text, Some("mynaportal-2025-12"));
//! assert_eq!(d.windows.len(), 1);
//! assert_eq!(d.windows[0].start.value.to_string(), "2025-12-06T22:00:00+09:00");
//! assert!(d.toml.contains("service = \"mynaportal\""));
//! ```

pub mod area;
pub mod date;
pub mod grammar;
pub mod header;
pub mod render;
pub mod text;

use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use regex::Regex;
use serde::{Serialize, Serializer};

pub use area::{DraftRegion, Scope};
pub use header::DraftSource;
pub use text::decode;

use crate::time::{self, Instant};
use grammar::{Point, RawRange, Tok};
use text::Line;

/// A value read from the text, and whether a person must check it against the notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field<T> {
    pub value: T,
    /// Shown highlighted in the form and as `# 要確認:` in the file.
    pub needs_review: bool,
    /// Why, in words for staff.
    pub why: Option<String>,
}

impl<T> Field<T> {
    /// A value read for sure.
    pub fn sure(value: T) -> Self {
        Field {
            value,
            needs_review: false,
            why: None,
        }
    }

    /// A value that needs a second look, and why.
    pub fn review(value: T, why: impl Into<String>) -> Self {
        Field {
            value,
            needs_review: true,
            why: Some(why.into()),
        }
    }

    fn flag(&mut self, why: impl Into<String>) {
        if !self.needs_review {
            self.needs_review = true;
            self.why = Some(why.into());
        }
    }
}

/// The services a notice can concern (the `service` key of the notice format).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    /// オンライン資格確認等システム (the default).
    Oqs,
    /// 電子処方箋管理サービス.
    Erx,
    /// マイナポータル.
    Mynaportal,
    /// 公的個人認証サービス (JPKI).
    Jpki,
    /// オンライン請求システム.
    Claims,
}

impl Service {
    /// Every service, in the order the CLI lists them.
    pub const ALL: [Service; 5] = [
        Service::Oqs,
        Service::Erx,
        Service::Mynaportal,
        Service::Jpki,
        Service::Claims,
    ];

    /// `oqs`, `erx`, … as in the notice format.
    pub fn code(self) -> &'static str {
        match self {
            Service::Oqs => "oqs",
            Service::Erx => "erx",
            Service::Mynaportal => "mynaportal",
            Service::Jpki => "jpki",
            Service::Claims => "claims",
        }
    }

    /// The name notices use.
    pub fn name(self) -> &'static str {
        match self {
            Service::Oqs => "オンライン資格確認等システム",
            Service::Erx => "電子処方箋管理サービス",
            Service::Mynaportal => "マイナポータル",
            Service::Jpki => "公的個人認証サービス",
            Service::Claims => "オンライン請求システム",
        }
    }

    /// The words that name it in text.
    fn words(self) -> &'static [&'static str] {
        match self {
            Service::Oqs => &["オンライン資格確認", "オン資"],
            Service::Erx => &["電子処方箋"],
            Service::Mynaportal => &["マイナポータル"],
            Service::Jpki => &["公的個人認証", "JPKI"],
            Service::Claims => &["オンライン請求"],
        }
    }
}

/// What a window does, as the draft reads it (`partial` comes with `affects`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DraftKind {
    /// 長時間の通信断・停止・計画停止.
    Full,
    /// 数分間・断続的な通信断.
    Intermittent,
    /// Only some patients or some functions (一部の患者・一部機能).
    Partial,
}

impl DraftKind {
    /// `full`, `intermittent`, `partial`.
    pub fn code(self) -> &'static str {
        match self {
            DraftKind::Full => "full",
            DraftKind::Intermittent => "intermittent",
            DraftKind::Partial => "partial",
        }
    }
}

/// An instant shown (and serialized) in JST: `2024-12-31T03:00:00+09:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Jst(pub Instant);

impl fmt::Display for Jst {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&time::rfc3339_jst(self.0))
    }
}

impl Serialize for Jst {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// One outage window read from the text: `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftWindow {
    /// Unique within the draft: `west-full`, `nationwide-partial`, …
    pub id: String,
    pub kind: Field<DraftKind>,
    pub start: Field<Jst>,
    pub end: Field<Jst>,
    /// The notice says 予定.
    pub tentative: bool,
    pub scope: Field<Scope>,
    /// Who or what is affected, for `partial` windows.
    pub affects: Option<Field<String>>,
    /// 「最大 … まで延長の可能性」.
    pub may_extend_until: Option<Jst>,
    /// The line of the text it was read from (1-based) and that line.
    pub line: usize,
    pub text: String,
}

/// A notice draft: every value read from the text, and the notice file they make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Draft {
    pub id: Field<String>,
    pub title: Field<String>,
    pub issuer: Field<String>,
    pub issued: Option<Field<NaiveDate>>,
    pub service: Field<Service>,
    pub sources: Vec<DraftSource>,
    pub regions: Vec<DraftRegion>,
    pub windows: Vec<DraftWindow>,
    /// What was seen but not used (a range that ends before it starts, …).
    pub notes: Vec<String>,
    /// The notice file: TOML in the project's format, with `# 要確認:` comments.
    pub toml: String,
}

/// What the reader looks for, for the message when it finds no window.
pub const LOOKED_FOR: &str = "no outage window found (停止の日時が見つかりません): looked for a date with a time range such as 令和6年12月31日（火）3:00～5:20, 2024年12月31日 8:00～翌日3:00 or ２月１５日２２時から１６日６時まで";

impl Draft {
    /// How many values need a second look.
    pub fn review_count(&self) -> usize {
        let mut n = [
            self.id.needs_review,
            self.title.needs_review,
            self.issuer.needs_review,
            !matches!(&self.issued, Some(f) if !f.needs_review),
            self.service.needs_review,
        ]
        .iter()
        .filter(|b| **b)
        .count();
        n += self.sources.iter().filter(|s| s.label.needs_review).count();
        n += self
            .regions
            .iter()
            .filter(|r| r.name_en.needs_review)
            .count();
        for w in &self.windows {
            n += [
                w.kind.needs_review,
                w.start.needs_review,
                w.end.needs_review,
                w.scope.needs_review,
                w.affects.as_ref().is_some_and(|a| a.needs_review),
            ]
            .iter()
            .filter(|b| **b)
            .count();
        }
        n
    }

    /// One line per window, for stderr: what was read, from where, and what to check.
    pub fn summary(&self) -> Vec<String> {
        self.windows
            .iter()
            .map(|w| {
                let scope = match &w.scope.value {
                    Scope::Nationwide => "全国".to_string(),
                    Scope::Region(id) => self
                        .regions
                        .iter()
                        .find(|r| &r.id == id)
                        .map_or(id.clone(), |r| r.name.clone()),
                    Scope::Prefectures(p) if p.len() > 4 => {
                        format!("{}ほか{}都道府県", p[0].name(), p.len() - 1)
                    }
                    Scope::Prefectures(p) => {
                        p.iter().map(|p| p.name()).collect::<Vec<_>>().join("・")
                    }
                };
                let whys: Vec<&str> = [&w.kind.why, &w.start.why, &w.end.why, &w.scope.why]
                    .into_iter()
                    .chain(w.affects.as_ref().map(|a| &a.why))
                    .filter_map(|w| w.as_deref())
                    .collect();
                let mut s = format!(
                    "window {}: {} {} – {}{} {} (line {})",
                    w.id,
                    w.kind.value.code(),
                    w.start.value,
                    w.end.value,
                    if w.tentative { " 予定" } else { "" },
                    scope,
                    w.line
                );
                if !whys.is_empty() {
                    s.push_str(&format!(" 要確認: {}", whys.join("; ")));
                }
                s
            })
            .collect()
    }
}

/// Reads a notice from a file, or from standard input for `-` or no path.
///
/// # Errors
/// A one-line message naming the file.
pub fn read_input(path: Option<&Path>) -> Result<String, String> {
    use std::io::Read;
    let (bytes, name) = match path {
        Some(p) if p != Path::new("-") => (
            std::fs::read(p).map_err(|e| format!("{}: cannot read the file: {e}", p.display()))?,
            p.display().to_string(),
        ),
        _ => {
            let mut b = Vec::new();
            std::io::stdin()
                .read_to_end(&mut b)
                .map_err(|e| format!("standard input: cannot read: {e}"))?;
            (b, "standard input".to_string())
        }
    };
    decode(&bytes).map_err(|e| format!("{name}: {e}"))
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid pattern"))
}

/// The kind a piece of text names, if any. Intermittent words win over 停止/通信断, which
/// they usually stand beside (数分間の通信断).
fn kind_in(s: &str) -> Option<DraftKind> {
    static I: OnceLock<Regex> = OnceLock::new();
    static P: OnceLock<Regex> = OnceLock::new();
    static F: OnceLock<Regex> = OnceLock::new();
    if re(&I, "断続|数分間|数分程度|瞬断|つながりにく").is_match(s) {
        Some(DraftKind::Intermittent)
    } else if re(&P, "一部の患者|一部の機能|一部機能|一部の方|一部の利用者").is_match(s)
    {
        Some(DraftKind::Partial)
    } else if re(
        &F,
        "長時間|停止|通信断|利用できません|利用できなくな|休止|メンテナンス|障害|接続できな|接続ができな",
    )
    .is_match(s)
    {
        Some(DraftKind::Full)
    } else {
        None
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Top,
    Sub,
}

struct Heading {
    level: Level,
    /// The heading's words (folded), without its mark: `対象期間`, `影響が生じる日時`.
    name: String,
}

fn heading(norm: &str) -> Option<Heading> {
    static TOP: OnceLock<Regex> = OnceLock::new();
    static SUB: OnceLock<Regex> = OnceLock::new();
    let n = norm.trim();
    if let Some(c) = re(
        &TOP,
        r"^(?:【([^】]+)】|[■□◆◇●▼]\s*(.+)|\d{1,2}\s*[.、]\s*(.+))",
    )
    .captures(n)
    {
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

/// The text of the lines under a top heading (and any words after the heading on its line).
fn section_text(lines: &[Line], at: usize) -> Vec<&Line> {
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
    static MARK: OnceLock<Regex> = OnceLock::new();
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

/// Who or what a partial window affects, from 【影響を受ける患者】【影響を受ける機能】 sections.
fn affects_sections(lines: &[Line]) -> Option<String> {
    static NAME: OnceLock<Regex> = OnceLock::new();
    let name = re(
        &NAME,
        "影響を受ける(?:患者|方|機能|業務)|対象となる(?:患者|方|機能)|利用できない機能|影響範囲",
    );
    let mut parts = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if heading(&l.norm).is_some_and(|h| h.level == Level::Top && name.is_match(&h.name)) {
            let body: Vec<String> = section_text(lines, i)
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
            if !body.is_empty() {
                parts.push(body.join("、"));
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join(" ／ "))
}

/// What an area section (【対象地域】, ２．影響が生じる地域, ■対象) says: one scope for every
/// window, or one per numbered item (「（１）の時間帯：石川県」).
#[derive(Default)]
struct AreaSection {
    whole: Option<Scope>,
    items: Vec<(String, Scope)>,
}

/// `(1)` at the start of a folded line.
fn item_number(norm: &str) -> Option<String> {
    static N: OnceLock<Regex> = OnceLock::new();
    re(&N, r"^\s*\((\d{1,2})\)")
        .captures(norm)
        .map(|c| c[1].to_string())
}

fn area_section(lines: &[Line], regions: &[DraftRegion]) -> AreaSection {
    static NAME: OnceLock<Regex> = OnceLock::new();
    let name = re(&NAME, "^(?:対象|.*(?:地域|エリア))$");
    let Some(at) = lines.iter().position(|l| {
        heading(&l.norm).is_some_and(|h| h.level == Level::Top && name.is_match(&h.name))
    }) else {
        return AreaSection::default();
    };
    let mut section = AreaSection::default();
    let mut all = String::new();
    for (k, l) in section_text(lines, at).into_iter().enumerate() {
        let words = if k == 0 {
            text::fold(after_heading(l))
        } else {
            l.norm.clone()
        };
        if let (Some(n), Some(scope)) = (item_number(&words), area::scope_in(&words, regions)) {
            section.items.push((n, scope));
        }
        all.push_str(&words);
        all.push('、');
    }
    section.whole = area::scope_in(&all, regions);
    section
}

/// Reads a notice's text into a draft. `id` is the notice id to use (otherwise one is made
/// up from the issuer, the date and the service, and marked for review).
pub fn draft(input: &str, id: Option<&str>) -> Draft {
    let lines = text::lines(input);
    let head = header::header(&lines);
    let regions = area::regions(&lines);
    let mut notes = Vec::new();
    let mut windows = read_windows(&lines, &regions, &head, &mut notes);
    name_windows(&mut windows);

    let issued = head.issued.clone().or_else(|| {
        windows.first().map(|w| {
            Field::review(
                time::to_jst(w.start.value.0).date_naive(),
                "発行日が見つからないので最初の窓の日付にしました",
            )
        })
    });
    let id = match id {
        Some(id) => Field::sure(id.to_string()),
        None => Field::review(
            made_up_id(
                &head.issuer.value,
                issued.as_ref().map(|f| f.value),
                head.service.value,
            ),
            "id は仮のものです: --id で渡すか、分かりやすい名前に書き換えてください",
        ),
    };
    let mut d = Draft {
        id,
        title: head.title,
        issuer: head.issuer,
        issued,
        service: head.service,
        sources: head.sources,
        regions,
        windows,
        notes,
        toml: String::new(),
    };
    d.toml = render::toml(&d);
    d
}

fn made_up_id(issuer: &str, issued: Option<NaiveDate>, service: Service) -> String {
    let who = [
        ("厚生労働省", "mhlw"),
        ("デジタル庁", "digital"),
        ("地方公共団体情報システム機構", "jlis"),
        ("支払基金", "ssk"),
        ("国民健康保険", "kokuho"),
        ("国保連", "kokuho"),
        ("ポータル", "portal"),
        ("薬剤師会", "pharm"),
        ("医師会", "med"),
    ]
    .iter()
    .find(|(k, _)| issuer.contains(k))
    .map_or("notice", |(_, v)| v);
    match issued {
        Some(d) => format!("{who}-{d}-{}", service.code()),
        None => format!("{who}-{}", service.code()),
    }
}

/// Where in the text the window's words stand, for its kind, scope and flags.
struct Place<'a> {
    line: &'a Line,
    index: usize,
    sub: Option<usize>,
    top: Option<usize>,
}

fn read_windows(
    lines: &[Line],
    regions: &[DraftRegion],
    head: &header::Header,
    notes: &mut Vec<String>,
) -> Vec<DraftWindow> {
    let title_kind = kind_in(&text::fold(&head.title.value));
    let doc_kinds: Vec<DraftKind> = {
        let mut k: Vec<DraftKind> = lines.iter().filter_map(|l| kind_in(&l.norm)).collect();
        k.sort_by_key(|k| k.code());
        k.dedup();
        k
    };
    let affects = affects_sections(lines);
    let doc_scope = area_section(lines, regions);

    let mut out: Vec<DraftWindow> = Vec::new();
    let mut last_date: Option<(NaiveDate, usize)> = None;
    let (mut top, mut sub) = (None, None);
    for (index, line) in lines.iter().enumerate() {
        match heading(&line.norm).map(|h| h.level) {
            Some(Level::Top) => (top, sub) = (Some(index), None),
            Some(Level::Sub) => sub = Some(index),
            None => {}
        }
        let place = Place {
            line,
            index,
            sub,
            top,
        };
        let ranges = grammar::ranges(&line.norm);
        if ranges.is_empty() && line.norm.contains("延長") {
            extension(line, last_date, &mut out);
        }
        for r in &ranges {
            let Some(mut w) = window(r, &place, last_date, notes) else {
                continue;
            };
            kind_and_scope(
                &mut w,
                &place,
                lines,
                regions,
                (title_kind, &doc_kinds),
                affects.as_deref(),
                &doc_scope,
            );
            // 予定 on the line, or on the heading the window stands under.
            w.tentative = r.tentative
                || line.norm.contains("予定")
                || [place.sub, place.top]
                    .iter()
                    .flatten()
                    .any(|i| heading(&lines[*i].norm).is_some_and(|h| h.name.contains("予定")));
            out.push(w);
        }
        // Dates on this line give the year and the day to the lines after it.
        for t in grammar::tokens(&line.norm) {
            if let Tok::Date(d) = t.tok {
                if let Ok(r) = date::resolve(&d, last_date.map(|(d, _)| d)) {
                    last_date = Some((r.date, line.no));
                }
            }
        }
    }
    out
}

/// 「最大2026年1月4日（日）22:00まで延長の可能性」: attaches to the window before it.
fn extension(line: &Line, last_date: Option<(NaiveDate, usize)>, out: &mut [DraftWindow]) {
    let toks = grammar::tokens(&line.norm);
    let found =
        (0..toks.len()).find_map(|i| grammar::point(&toks, i).filter(|(p, _)| p.time.is_some()));
    let (Some((p, _)), Some(w)) = (found, out.last_mut()) else {
        return;
    };
    let context = Some(time::to_jst(w.end.value.0).date_naive());
    let day = match &p.date {
        Some(d) => match date::resolve(d, context.or(last_date.map(|(d, _)| d))) {
            Ok(r) => r.date,
            Err(_) => return,
        },
        None => time::to_jst(w.end.value.0).date_naive(),
    };
    if let Some(t) = p.time {
        let (day, clock, _) = clock(day, t.hour, t.minute);
        let at = jst(day, clock);
        if at > w.end.value.0 {
            w.may_extend_until = Some(Jst(at));
        }
    }
}

/// A day and a time as written, with 24:00 and later rolled into the next day.
fn clock(day: NaiveDate, hour: u32, minute: u32) -> (NaiveDate, NaiveTime, bool) {
    let (day, hour, rolled) = if hour >= 24 {
        (day + Duration::days(1), hour - 24, hour > 24 || minute > 0)
    } else {
        (day, hour, false)
    };
    (
        day,
        NaiveTime::from_hms_opt(hour, minute, 0).expect("hour < 24 and minute < 60"),
        rolled,
    )
}

fn jst(day: NaiveDate, t: NaiveTime) -> Instant {
    time::jst_offset()
        .from_local_datetime(&day.and_time(t))
        .single()
        .expect("a fixed offset has exactly one mapping")
        .with_timezone(&Utc)
}

/// The instants of a range, each with its certainty.
fn window(
    r: &RawRange,
    place: &Place,
    last_date: Option<(NaiveDate, usize)>,
    notes: &mut Vec<String>,
) -> Option<DraftWindow> {
    let no = place.line.no;
    let context = last_date.map(|(d, _)| d);
    let mut start_why: Option<String> = None;
    let mut end_why: Option<String> = None;

    let start_day = match &r.start.date {
        Some(d) => match date::resolve(d, context) {
            Ok(read) => {
                start_why = read.problem;
                read.date
            }
            Err(e) => {
                notes.push(format!("line {no}: {e}"));
                return None;
            }
        },
        None => match last_date {
            Some((d, from)) => {
                if from != no {
                    start_why = Some(format!("日付は {from} 行目から取りました"));
                }
                d
            }
            None => {
                notes.push(format!("line {no}: 時刻だけで日付がありません"));
                return None;
            }
        },
    };
    let start_day = if r.start.next_day && r.start.date.is_none() {
        start_day + Duration::days(1)
    } else {
        start_day
    };
    let (start_day, start_clock) = match r.start.time {
        Some(t) => {
            let (d, c, rolled) = clock(start_day, t.hour, t.minute);
            if rolled {
                start_why.get_or_insert_with(|| "24時より後の時刻を翌日としました".into());
            }
            (d, c)
        }
        None => {
            start_why.get_or_insert_with(|| "開始の時刻がないので 0:00 としました".into());
            (start_day, NaiveTime::MIN)
        }
    };
    let start = jst(start_day, start_clock);

    let end = end_instant(&r.end, start_day, start_clock, &mut end_why)?;
    if end <= start {
        notes.push(format!(
            "line {no}: 終わり ({}) が始まり ({}) より前なので使いませんでした",
            time::rfc3339_jst(end),
            time::rfc3339_jst(start)
        ));
        return None;
    }
    let field = |v, why: Option<String>| match why {
        Some(w) => Field::review(Jst(v), w),
        None => Field::sure(Jst(v)),
    };
    Some(DraftWindow {
        id: String::new(),
        kind: Field::sure(DraftKind::Full),
        start: field(start, start_why),
        end: field(end, end_why),
        tentative: false,
        scope: Field::sure(Scope::Nationwide),
        affects: None,
        may_extend_until: None,
        line: no,
        text: place.line.raw.clone(),
    })
}

fn end_instant(
    end: &Point,
    start_day: NaiveDate,
    start_clock: NaiveTime,
    why: &mut Option<String>,
) -> Option<Instant> {
    let day = match &end.date {
        Some(d) => match date::resolve(d, Some(start_day)) {
            Ok(read) => {
                // An end without a year takes the start's (or the next, at New Year): sure.
                if !(read.year_inferred && d.weekday.is_none()) {
                    *why = read.problem;
                }
                read.date
            }
            Err(_) => return None,
        },
        None if end.next_day => start_day + Duration::days(1),
        None => start_day,
    };
    match end.time {
        Some(t) => {
            let (d, c, rolled) = clock(day, t.hour, t.minute);
            if rolled {
                why.get_or_insert_with(|| "24時より後の時刻を翌日としました".into());
            }
            let mut at = jst(d, c);
            // An end time without a date earlier than the start is on the next day.
            if end.date.is_none() && !end.next_day && t.hour < 24 && c <= start_clock {
                at = jst(d + Duration::days(1), c);
            }
            Some(at)
        }
        None => {
            why.get_or_insert_with(|| {
                "終わりの時刻がないのでその日の終わり (24:00) としました".into()
            });
            Some(jst(day + Duration::days(1), NaiveTime::MIN))
        }
    }
}

fn kind_and_scope(
    w: &mut DraftWindow,
    place: &Place,
    lines: &[Line],
    regions: &[DraftRegion],
    (title_kind, doc_kinds): (Option<DraftKind>, &[DraftKind]),
    affects: Option<&str>,
    doc_scope: &AreaSection,
) {
    // Kind: the line, its (1) heading, the few lines above it (never across another (n)
    // heading or its section heading), the section heading, the title.
    let floor = place.sub.or(place.top).unwrap_or(0);
    let near = std::iter::once(place.index)
        .chain(place.sub)
        .chain((floor.max(place.index.saturating_sub(8))..place.index).rev())
        .chain(place.top)
        .find_map(|i| kind_in(&lines[i].norm).map(|k| (k, i)));
    let mut kind = match (near, title_kind) {
        (Some((k, _)), _) | (None, Some(k)) => Field::sure(k),
        (None, None) => match doc_kinds {
            [k] => Field::review(*k, "種類は本文全体の言葉から判断しました"),
            _ => Field::review(
                DraftKind::Full,
                "種類（長時間・断続的・一部）が読み取れないので長時間の停止としました",
            ),
        },
    };
    if kind.value != DraftKind::Intermittent {
        if let Some(a) = affects {
            // 【影響を受ける患者】 and its like say in so many words that only some are hit.
            kind = Field::sure(DraftKind::Partial);
            w.affects = Some(Field::sure(a.to_string()));
        } else if kind.value == DraftKind::Partial {
            let src = near.map_or(place.line, |(_, i)| &lines[i]);
            w.affects = Some(Field::review(
                src.raw.trim().to_string(),
                "影響を受ける患者・機能は本文の文から取りました: 短く書き直してください",
            ));
        }
    }
    w.kind = kind;

    // Scope: the line, the lines above it up to its (1) heading, the area section, the text.
    let own: Option<Scope> = std::iter::once(place.index)
        .chain((place.sub.unwrap_or(place.index)..place.index).rev())
        .find_map(|i| area::scope_in(&lines[i].norm, regions));
    // In an area section with numbered items, the window's own (n) picks its item.
    let number = place.sub.and_then(|i| item_number(&lines[i].norm));
    let item = doc_scope
        .items
        .iter()
        .find(|(n, _)| Some(n) == number.as_ref())
        .map(|(_, s)| s);
    let several = doc_scope
        .items
        .iter()
        .any(|(_, s)| Some(s) != doc_scope.items.first().map(|(_, s)| s));
    w.scope = match (own.as_ref(), item, &doc_scope.whole) {
        (Some(s), _, _) | (None, Some(s), _) => Field::sure(s.clone()),
        (None, None, Some(s)) if !several => Field::sure(s.clone()),
        (None, None, Some(s)) => Field::review(
            s.clone(),
            "対象地域の節に複数の地域があり、この窓の地域が決められません",
        ),
        (None, None, None) => {
            if lines.iter().any(|l| l.norm.contains("全国")) {
                Field::review(
                    Scope::Nationwide,
                    "対象地域は本文の「全国」から判断しました",
                )
            } else {
                Field::review(
                    Scope::Nationwide,
                    "対象地域が読み取れないので全国としました",
                )
            }
        }
    };
    if w.start.needs_review && w.start.why.as_deref().is_some_and(|s| s.contains("曜日")) {
        w.end.flag("開始の曜日が日付と合いません");
    }
}

/// Window ids: the scope and the kind (`west-full`), numbered when they repeat.
fn name_windows(windows: &mut [DraftWindow]) {
    let mut taken: Vec<String> = Vec::new();
    for w in windows.iter_mut() {
        let scope = match &w.scope.value {
            Scope::Region(id) => id.clone(),
            Scope::Nationwide => "nationwide".into(),
            Scope::Prefectures(p) if p.len() == 1 => p[0].romaji().to_string(),
            Scope::Prefectures(_) => "prefectures".into(),
        };
        let base = format!("{scope}-{}", w.kind.value.code());
        let mut id = base.clone();
        let mut n = 2;
        while taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        taken.push(id.clone());
        w.id = id;
    }
}
