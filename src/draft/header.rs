//! The notice's header: title, issuer, issued date, the service it concerns, and its links.

use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::Serialize;

use super::date;
use super::grammar::{self, Tok};
use super::text::{re, Line};
use super::values::{service_words, Field, Service};
use crate::lang::Lang;

/// A link found in the text, for `[[source]]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftSource {
    /// The link text, from the words before the address or the line above; always marked
    /// for review.
    pub label: Field<String>,
    /// The `https://` address as written, trailing punctuation dropped.
    pub url: String,
}

/// What the header says, each value with its certainty.
#[derive(Debug, Clone)]
pub struct Header {
    /// As [`super::Draft::title`].
    pub title: Field<String>,
    /// As [`super::Draft::issuer`].
    pub issuer: Field<String>,
    /// As [`super::Draft::issued`].
    pub issued: Option<Field<NaiveDate>>,
    /// As [`super::Draft::service`].
    pub service: Field<Service>,
    /// As [`super::Draft::sources`].
    pub sources: Vec<DraftSource>,
}

/// The first line `LABEL: value` (件名：…, 差出人：…) and where its value starts.
fn labelled<'a>(lines: &'a [Line], r: &Regex) -> Option<(&'a Line, usize)> {
    lines.iter().find_map(|l| {
        r.captures(&l.norm)
            .and_then(|c| c.get(1))
            .map(|m| (l, m.start()))
    })
}

fn is_heading(norm: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^(?:\d{1,2}\s*[.、]|\(\d{1,2}\)|[■□◆◇●○▼])").is_match(norm.trim())
}

/// The first date with a year in a line.
fn year_date(line: &str) -> Option<Result<date::ReadDate, date::DateError>> {
    grammar::tokens(line).into_iter().find_map(|t| match t.tok {
        Tok::Date(d) if d.year.is_some() => Some(date::resolve(&d, None)),
        _ => None,
    })
}

/// Whether a line is nothing but a date (a letter's date line).
fn only_a_date(line: &str) -> bool {
    let toks = grammar::tokens(line.trim());
    toks.iter()
        .filter(|t| !matches!(t.tok, Tok::Gap))
        .map(|t| matches!(t.tok, Tok::Date(_)))
        .eq([true])
}

fn squeeze_spaces(s: &str) -> String {
    // PDF text spaces out names (「日 本 薬 剤 師 会」); keep spaces only between ASCII words.
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let prev = chars[..i].iter().rev().find(|c| !c.is_whitespace());
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            let ascii = |c: Option<&char>| c.is_some_and(|c| c.is_ascii());
            if !(ascii(prev) && ascii(next)) || out.ends_with(' ') {
                continue;
            }
            out.push(' ');
        } else {
            out.push(*c);
        }
    }
    out
}

/// Reads the header.
pub fn header(lines: &[Line]) -> Header {
    // A forwarded 事務連絡 comes after the covering letters: its own header is the notice's.
    let jimu = lines
        .iter()
        .position(|l| l.norm.trim().starts_with("事務連絡") && !l.norm.contains('。'));
    let from = jimu.unwrap_or(0);

    let (title, title_block) = title(lines, from);
    let issuer = issuer(lines, from, title_block, jimu.is_some());
    let issued = issued(lines, from, title_block, jimu);
    let service = service(&title.value, lines);
    Header {
        title,
        issuer,
        issued,
        service,
        sources: sources(lines),
    }
}

/// The title and the index of its first line.
fn title(lines: &[Line], from: usize) -> (Field<String>, Option<usize>) {
    if let Some((l, at)) = labelled(lines, {
        static R: OnceLock<Regex> = OnceLock::new();
        re(&R, r"^(?:件名|Subject|タイトル|表題|標題)\s*:\s*(\S.*)$")
    }) {
        return (Field::sure(l.raw_from(at).trim().to_string()), None);
    }
    static ENDS: OnceLock<Regex> = OnceLock::new();
    let ends = re(
        &ENDS,
        r"(?:について|のお知らせ|に関するお知らせ|のご案内|のご連絡)\s*(?:\([^)]*\))?\s*$",
    );
    let found =
        lines.iter().enumerate().skip(from).take(40).find(|(_, l)| {
            ends.is_match(&l.norm) && !l.norm.contains('。') && !is_heading(&l.norm)
        });
    if let Some((i, _)) = found {
        let mut first = i;
        while first > from && i - (first - 1) <= 2 {
            let prev = &lines[first - 1];
            let n = prev.norm.trim();
            let ends_clause = n.ends_with(['。', '、'])
                || n.ends_with("殿")
                || n.ends_with("御中")
                || n.ends_with("各位");
            if prev.is_blank() || ends_clause || is_heading(n) || year_date(n).is_some() {
                break;
            }
            first -= 1;
        }
        let text: String = lines[first..=i].iter().map(|l| l.raw.trim()).collect();
        return (Field::sure(text), Some(first));
    }
    match lines.iter().skip(from).find(|l| !l.is_blank()) {
        Some(l) => (
            Field::review(l.raw.clone(), "件名が見つからないので最初の行を使いました"),
            Some(l.no - 1),
        ),
        None => (Field::review(String::new(), "件名がありません"), None),
    }
}

fn issuer(lines: &[Line], from: usize, title: Option<usize>, jimu: bool) -> Field<String> {
    if let Some((l, at)) = labelled(lines, {
        static R: OnceLock<Regex> = OnceLock::new();
        re(
            &R,
            r"^(?:差出人|送信者|発信元|発行元|発行者|発信者|From)\s*:\s*(\S.*)$",
        )
    }) {
        static MAIL: OnceLock<Regex> = OnceLock::new();
        let mail = re(&MAIL, r"<[^>]*>|\S+@\S+");
        let name = mail.replace_all(l.raw_from(at), "").trim().to_string();
        if !name.is_empty() {
            return Field::sure(name);
        }
    }
    static ORG: OnceLock<Regex> = OnceLock::new();
    static SIGNER: OnceLock<Regex> = OnceLock::new();
    let org = re(
        &ORG,
        r"(?:省|庁|局|部|課|室|会|機構|基金|センター|株式会社|事務局|ポータルサイト)$",
    );
    // 「日本医師会常任理事」: the body the signer speaks for.
    let signer = re(
        &SIGNER,
        r"^(.+?(?:会|機構|センター))(?:会長|副会長|専務理事|常務理事|常任理事|担当理事|理事|事務局長)$",
    );
    let sender = |n: &str| -> Option<String> {
        let addressee = ["御中", "殿", "各位"].iter().any(|a| n.contains(a));
        if addressee || year_date(n).is_some() {
            return None;
        }
        if org.is_match(n) {
            return Some(n.to_string());
        }
        signer.captures(n).map(|c| c[1].to_string())
    };
    if let Some(t) = title {
        // The paragraph right above the title, read upwards: the sender signs last.
        let mut i = t;
        while i > from && lines[i - 1].is_blank() {
            i -= 1;
        }
        while i > from && !lines[i - 1].is_blank() {
            let l = &lines[i - 1];
            let n: String = l.norm.chars().filter(|c| !c.is_whitespace()).collect();
            if let Some(found) = sender(&n) {
                let mut name = if found == n {
                    squeeze_spaces(&l.raw)
                } else {
                    found
                };
                // 「秋田県国民健康保険団体連合会」 over 「審査課」: one sender on two lines.
                if i >= from + 2 && !lines[i - 2].is_blank() {
                    let up: String = lines[i - 2]
                        .norm
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    if sender(&up).is_some_and(|u| u == up) {
                        name = format!("{} {name}", squeeze_spaces(&lines[i - 2].raw));
                    }
                }
                return if jimu {
                    Field::sure(format!("{name}（事務連絡）"))
                } else {
                    Field::review(name, "発信元は件名の上の行から読みました")
                };
            }
            if ["御中", "殿", "各位"].iter().any(|a| n.contains(a)) {
                break;
            }
            i -= 1;
        }
    }
    if lines.iter().any(|l| l.norm.contains("総合ポータルサイト")) {
        return Field::review(
            "医療機関等向け総合ポータルサイト".into(),
            "発信元は本文の「総合ポータルサイト」から推測しました",
        );
    }
    Field::review("（発信元不明）".into(), "発信元が見つかりません")
}

fn issued(
    lines: &[Line],
    from: usize,
    title: Option<usize>,
    jimu: Option<usize>,
) -> Option<Field<NaiveDate>> {
    let sure = |r: Result<date::ReadDate, date::DateError>| match r {
        Ok(d) => Some(match d.problem {
            Some(p) => Field::review(d.date, p),
            None => Field::sure(d.date),
        }),
        Err(_) => None,
    };
    if let Some((l, at)) = labelled(lines, {
        static R: OnceLock<Regex> = OnceLock::new();
        re(
            &R,
            r"^(?:送信日時|送信日|日付|Date|発行日|掲載日|公開日|更新日|通知日|発出日)\s*:\s*(\S.*)$",
        )
    }) {
        if let Some(r) = year_date(&l.norm[at..]) {
            return sure(r);
        }
    }
    if let Some(j) = jimu {
        let found = lines[j..]
            .iter()
            .filter(|l| !l.is_blank())
            .take(3)
            .find_map(|l| year_date(&l.norm));
        if let Some(r) = found {
            return sure(r);
        }
    }
    let end = title.unwrap_or(lines.len()).max(from);
    if let Some(r) = lines[from..end]
        .iter()
        .find(|l| only_a_date(&l.norm))
        .and_then(|l| year_date(&l.norm))
    {
        return sure(r);
    }
    let first = lines.iter().find_map(|l| year_date(&l.norm))?.ok()?;
    Some(Field::review(
        first.date,
        "発行日が見つからないので本文の最初の日付を使いました",
    ))
}

/// The service: the one the title says stops; else the one the title names; else the
/// one the body names most.
fn service(title: &str, lines: &[Line]) -> Field<Service> {
    static STOPS: OnceLock<Regex> = OnceLock::new();
    let stops = re(
        &STOPS,
        r"^(?:等?システム|サービス|管理サービス)?(?:の|における)?(?:計画)?(?:停止|メンテナンス|作業|更改|障害|一時停止|休止|利用停止)",
    );
    let mut named: Vec<(usize, Service, usize)> = Service::ALL
        .iter()
        .flat_map(|s| {
            service_words(*s)
                .iter()
                .filter_map(move |w| title.find(w).map(|at| (at, *s, at + w.len())))
        })
        .collect();
    named.sort_by_key(|(at, _, _)| *at);
    named.dedup_by_key(|(_, s, _)| *s);
    if let Some((_, s, _)) = named
        .iter()
        .find(|(_, _, end)| stops.is_match(&title[*end..]))
    {
        return Field::sure(*s);
    }
    // 「Aの…作業に伴うBへの影響」: the notice is about A, whose work hits B.
    if let Some(cause) = title.find("に伴う") {
        if let [(_, s, _)] = named
            .iter()
            .filter(|(at, _, _)| *at < cause)
            .collect::<Vec<_>>()
            .as_slice()
        {
            if named.iter().any(|(at, _, _)| *at > cause) {
                return Field::sure(*s);
            }
        }
    }
    match named.as_slice() {
        [(_, s, _)] => return Field::sure(*s),
        [(_, s, _), ..] => {
            return Field::review(
                *s,
                format!(
                    "件名に複数のサービスがあります: 最初の「{}」にしました",
                    s.name(Lang::Ja)
                ),
            )
        }
        [] => {}
    }
    let body: String = lines.iter().map(|l| l.norm.as_str()).collect();
    // On a tie, the one listed first.
    let best = Service::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let n: usize = service_words(*s)
                .iter()
                .map(|w| body.matches(w).count())
                .sum();
            (n, std::cmp::Reverse(i), *s)
        })
        .filter(|(n, _, _)| *n > 0)
        .max_by_key(|(n, i, _)| (*n, *i));
    match best {
        Some((_, _, s)) => Field::review(
            s,
            format!(
                "件名にサービス名がないので本文に多い「{}」にしました",
                s.name(Lang::Ja)
            ),
        ),
        None => Field::review(
            Service::Oqs,
            "サービス名が見つからないのでオンライン資格確認等システムとしました",
        ),
    }
}

fn sources(lines: &[Line]) -> Vec<DraftSource> {
    static URL: OnceLock<Regex> = OnceLock::new();
    let url = re(&URL, r#"https://[^\s)\]>」）"'、。]+"#);
    let mut out: Vec<DraftSource> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        for m in url.find_iter(&l.raw) {
            let u = m.as_str().replace('\\', "");
            let u = u.trim_end_matches(['.', ',']).to_string();
            if out.iter().any(|s| s.url == u) {
                continue;
            }
            let before = l.raw[..m.start()]
                .trim()
                .trim_end_matches(['[', '(', ':', '：']);
            let label = if before.chars().count() >= 4 {
                before.to_string()
            } else {
                lines[..i]
                    .iter()
                    .rev()
                    .find(|p| !p.is_blank() && !p.raw.contains("http"))
                    .map_or_else(
                        || "本文中のリンク".to_string(),
                        |p| p.raw.trim().to_string(),
                    )
            };
            out.push(DraftSource {
                label: Field::review(label, "リンクの名前は近くの行から取りました"),
                url: u,
            });
        }
    }
    out
}
