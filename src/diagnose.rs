//! 「うちだけ？全国？」: when the reader shows an error, is it ours or everyone's? Answered
//! only from what the desk knows: the windows in force and how fresh the notices are.
//!
//! - A window in force (or possibly extended) for a service the desk uses → everyone's:
//!   the caller shows the steps for now ([`crate::advice`], [`crate::chooser`]).
//! - No window, and the feed confirmed recently ([`Freshness::Fresh`]) → likely ours:
//!   the checks in order — the reader, the terminal's network, the line — then whom to call.
//! - No feed, or a stale one → it cannot tell, and says why; then the same checks.
//!
//! Each check cites its source in `assets/guidance.toml`; there is no table of error
//! codes: no source gives one. Even a fresh feed cannot know an unplanned incident that
//! is announced only afterwards (2025-02-13), so the last check is always the portal.

use serde::Serialize;

use crate::contact::{self, ContactView};
use crate::freshness::Freshness;
use crate::guidance::{Guidance, LocalizedSource, LocalizedStep};
use crate::lang::Lang;
use crate::present;
use crate::status::Status;
use crate::time::Instant;

/// The answer to 「うちだけ？全国？」.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A known window is in force: everyone's (in the area).
    Known,
    /// No known window and fresh notices: likely ours.
    LikelyOurs,
    /// No known window, but the notices are not known to be current.
    CannotTell,
}

/// One check the desk makes, in order: what to do and its sources.
#[derive(Debug, Clone, Copy)]
struct Check {
    id: &'static str,
    ja: &'static str,
    en: &'static str,
    source: &'static str,
    also: &'static [&'static str],
}

/// The checks, in the order the desk makes them. The reader first: the seed tells the desk
/// to switch it off and on when it keeps failing, and how is the maker's or vendor's. Then the
/// terminal: while cut off, every function (confirmation, medication data, e-prescriptions)
/// fails with a connection error, so one that works shows the terminal is connected. Then
/// the line: the 2025-02-13 outage hit only one carrier's lines. Last the portal, where
/// such incidents are told, sometimes only afterwards.
const CHECKS: [Check; 4] = [
    Check {
        id: "reader",
        ja: "顔認証付きカードリーダーの電源とケーブルを確かめ、電源を入れ直してください。",
        en: "Check the face-recognition card reader's power and cable, then switch it off and on.",
        source: "mhlw-2024-12-24",
        also: &["vendor-reader-restart"],
    },
    Check {
        id: "terminal",
        ja: "薬剤情報の閲覧なども接続エラーなら、端末のネットワークを確かめてください。",
        en: "If viewing medication data etc. also fails with a connection error, check the terminal's network.",
        source: "mhlw-2024-12-24",
        also: &[],
    },
    Check {
        id: "line",
        ja: "回線業者の障害情報を確かめてください。一部の回線だけの障害もあります。",
        en: "Check your line provider's fault notices: an outage can hit one carrier's lines only.",
        source: "portal-2025-02-13",
        also: &[],
    },
    Check {
        id: "portal",
        ja: "医療機関等向け総合ポータルサイトのお知らせも確かめてください。",
        en: "Also check the notices on the MHLW portal for medical institutions.",
        source: "portal-2025-02-13",
        also: &[],
    },
];

/// One check as staff read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckStep {
    /// `reader`, `terminal`, `line`, `portal`: the order is fixed.
    pub id: String,
    /// The text and its sources.
    #[serde(flatten)]
    pub step: LocalizedStep,
}

/// Someone to call, in the order the desk calls them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Call {
    /// `reader-maker`, `vendor`, `call-center`.
    pub id: String,
    /// Who, as staff read it.
    pub name: String,
    /// What to call them about.
    pub about: String,
    /// The number, hours and whether they answer now, when the guidance knows them (the
    /// call center); `None` for the clinic's own maker and vendor.
    pub contact: Option<ContactView>,
    /// Where to find the number and hours when the app does not know them.
    pub where_to_find: Option<String>,
    /// The source.
    pub source: LocalizedSource,
}

/// What the check says at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    /// The answer.
    pub verdict: Verdict,
    /// One line: 「全国・地域の停止中です」, 「院内の問題の可能性が高いです」, ….
    pub headline: String,
    /// Why: the window, or how current the notices are.
    pub reason: String,
    /// The statuses with a window in force (or possibly extended), most severe first as given.
    pub outages: Vec<Status>,
    /// The checks in order; empty while a window is in force (the steps for now come
    /// instead), given when only a planned end that may be extended has passed.
    pub checks: Vec<CheckStep>,
    /// Whom to call, in order, each with hours where known.
    pub calls: Vec<Call>,
}

/// The answer for the desk at `at`: `statuses` of the services it uses (one per service,
/// same instant), `freshness` of its notices, and `feed_problem`, the feed's failure if
/// reaching it failed just now.
///
/// ```
/// use onshi::{desk, diagnose::{diagnose, Verdict}, freshness::Freshness, Lang, Schedule};
/// use onshi::time::parse_instant as t;
/// let s = Schedule::embedded();
/// let at = t("2024-12-31T03:10+09:00").unwrap();
/// let d = diagnose(&desk::statuses(&s, "福岡".parse().unwrap(), at), Freshness::NoFeed, None, at, Lang::Ja);
/// assert_eq!(d.verdict, Verdict::Known);
/// let quiet = t("2024-12-20T10:00+09:00").unwrap();
/// let d = diagnose(&desk::statuses(&s, "福岡".parse().unwrap(), quiet), Freshness::NoFeed, None, quiet, Lang::Ja);
/// assert_eq!(d.verdict, Verdict::CannotTell);
/// assert_eq!(d.checks[0].step.text, "顔認証付きカードリーダーの電源とケーブルを確かめ、電源を入れ直してください。");
/// ```
pub fn diagnose(
    statuses: &[Status],
    freshness: Freshness,
    feed_problem: Option<&str>,
    at: Instant,
    lang: Lang,
) -> Diagnosis {
    let outages: Vec<Status> = statuses
        .iter()
        .filter(|s| s.window.is_some() || s.may_extend.is_some())
        .cloned()
        .collect();
    let calls = calls(at, lang);
    if !outages.is_empty() {
        // Past a planned end it may be over: the desk's own checks come too.
        let only_may_extend = outages.iter().all(|s| s.window.is_none());
        return Diagnosis {
            verdict: Verdict::Known,
            // Past a planned end only: what holds is that it may still run, not that it does.
            headline: if only_may_extend {
                lang.pick(
                    "全国・地域の停止が、まだ続いている可能性があります（お知らせがあります）。",
                    "A national or area outage may still be running (announced).",
                )
            } else {
                lang.pick(
                    "全国・地域の停止中です（お知らせがあります）。",
                    "A national or area outage is in force (announced).",
                )
            }
            .to_string(),
            reason: outages
                .iter()
                .map(|s| outage_line(s, lang))
                .collect::<Vec<_>>()
                .join("\n"),
            outages,
            checks: if only_may_extend {
                checks(lang)
            } else {
                Vec::new()
            },
            calls,
        };
    }
    let place = statuses
        .first()
        .map(|s| present::prefecture_name(s.prefecture, lang))
        .unwrap_or_default();
    let (verdict, headline, reason) = match freshness {
        Freshness::Fresh { .. } => (
            Verdict::LikelyOurs,
            lang.pick(
                "院内（機器・回線）の問題の可能性が高いです。",
                "Likely a problem on your side (devices or line).",
            ),
            match lang {
                Lang::Ja => format!(
                    "{}の時点で、{place}に停止のお知らせはありません（予定外の障害は、あとからお知らせされることもあります）。",
                    freshness.confirmed_line(lang)
                ),
                Lang::En => format!(
                    "{}: no outage is announced for {place} (an unplanned incident may be announced only afterwards).",
                    freshness.confirmed_line(lang)
                ),
            },
        ),
        Freshness::NoFeed | Freshness::Stale { .. } | Freshness::Expired { .. } => (
            Verdict::CannotTell,
            lang.pick(
                "全国・地域の障害かどうか、このアプリでは分かりません。",
                "This app cannot tell whether it is a national or area outage.",
            ),
            cannot_tell_reason(freshness, feed_problem, &place, lang),
        ),
    };
    Diagnosis {
        verdict,
        headline: headline.to_string(),
        reason,
        outages,
        checks: checks(lang),
        calls,
    }
}

/// `オンライン資格確認: 長時間の通信断 12月31日(火) 3:00 〜 5:20 [西日本エリア]`, or a window past
/// its planned end that may run on.
fn outage_line(s: &Status, lang: Lang) -> String {
    let (w, past) = match (&s.window, &s.may_extend) {
        (Some(w), _) => (w, ""),
        (None, Some(w)) => (
            w,
            lang.pick(
                "（終了予定を過ぎましたが、延長の可能性があります）",
                " (past its planned end; it may be extended)",
            ),
        ),
        (None, None) => return String::new(),
    };
    format!(
        "{}: {} {} [{}]{past}",
        s.service.name(lang),
        w.kind.label_for(w.service, lang),
        w.range_label(lang),
        w.area.label(lang)
    )
}

/// Why it cannot tell: no feed, never reached, or not reached for a while (and the failure
/// of just now, if any).
fn cannot_tell_reason(
    freshness: Freshness,
    feed_problem: Option<&str>,
    place: &str,
    lang: Lang,
) -> String {
    let why = match (freshness, lang) {
        // Reached just now and failed: whether it ever worked is not known here.
        (Freshness::Stale { confirmed: None }, Lang::Ja) if feed_problem.is_some() => {
            "お知らせフィードにつながりません。".to_string()
        }
        (Freshness::Stale { confirmed: None }, Lang::En) if feed_problem.is_some() => {
            "the notice feed cannot be reached.".to_string()
        }
        (Freshness::NoFeed, Lang::Ja) => {
            "お知らせフィードが設定されていないため、新しい停止を知る手段がありません。".to_string()
        }
        (Freshness::NoFeed, Lang::En) => {
            "no notice feed is set up, so new outages cannot reach this app.".to_string()
        }
        (Freshness::Stale { confirmed: None }, Lang::Ja) => {
            "お知らせフィードを一度も確認できていません。".to_string()
        }
        (Freshness::Stale { confirmed: None }, Lang::En) => {
            "the notice feed has never been reached.".to_string()
        }
        (Freshness::Stale { confirmed: Some(t) }, Lang::Ja) => format!(
            "お知らせフィードを最後に確認できたのは{}です（48時間以上前）。",
            crate::time::date_time_label(t, lang)
        ),
        (Freshness::Stale { confirmed: Some(t) }, Lang::En) => format!(
            "the notice feed has not been reached since {} (48 hours or more).",
            crate::time::date_time_label(t, lang)
        ),
        (Freshness::Expired { valid_until, .. }, Lang::Ja) => format!(
            "お知らせの情報が古くなっています（{}まで有効）。",
            crate::time::date_time_label(valid_until, lang)
        ),
        (Freshness::Expired { valid_until, .. }, Lang::En) => format!(
            "the notices are out of date (valid until {}).",
            crate::time::date_time_label(valid_until, lang)
        ),
        // Fresh never comes here; said plainly all the same.
        (_, Lang::Ja) => "お知らせが最新か分かりません。".to_string(),
        (_, Lang::En) => "the notices may not be current.".to_string(),
    };
    let known = match lang {
        Lang::Ja => format!("{place}に既知の停止はありませんが、"),
        Lang::En => format!("No outage is known for {place}, but "),
    };
    let problem = match (feed_problem, lang) {
        (Some(p), Lang::Ja) => format!("（フィード: {p}）"),
        (Some(p), Lang::En) => format!(" (feed: {p})"),
        (None, _) => String::new(),
    };
    format!("{known}{why}{problem}")
}

/// The checks in `lang`, their sources resolved.
fn checks(lang: Lang) -> Vec<CheckStep> {
    CHECKS
        .iter()
        .map(|c| CheckStep {
            id: c.id.to_string(),
            step: localize(c, lang),
        })
        .collect()
}

fn source(id: &str, lang: Lang) -> LocalizedSource {
    let s = Guidance::embedded().source(id);
    LocalizedSource {
        label: s
            .map(|s| lang.pick(&s.label_ja, &s.label_en))
            .unwrap_or(id)
            .to_string(),
        url: s.and_then(|s| s.url.clone()),
        primary: s.is_some_and(|s| s.primary),
    }
}

fn localize(c: &Check, lang: Lang) -> LocalizedStep {
    let main = source(c.source, lang);
    LocalizedStep {
        text: lang.pick(c.ja, c.en).to_string(),
        source_label: main.label,
        source_url: main.url,
        primary: main.primary,
        also: c.also.iter().map(|id| source(id, lang)).collect(),
        later: false,
        unavailable: None,
        brought: Vec::new(),
        contact: None,
    }
}

/// Whom to call: the reader's maker (the reader), the vendor (the terminal and its
/// network), then the call center with its hours and whether it answers at `at`.
fn calls(at: Instant, lang: Lang) -> Vec<Call> {
    let guidance = Guidance::embedded();
    let own = lang.pick(
        "連絡先と受付時間は、保守契約や機器の案内をご覧ください。",
        "Their number and hours are in your maintenance contract or the device's papers.",
    );
    vec![
        Call {
            id: "reader-maker".into(),
            name: lang
                .pick(
                    "顔認証付きカードリーダーのメーカー",
                    "The card reader's maker",
                )
                .into(),
            about: lang
                .pick(
                    "入れ直してもカードリーダーがエラーのとき",
                    "when the reader still fails after switching it off and on",
                )
                .into(),
            contact: None,
            where_to_find: Some(own.into()),
            source: source("vendor-reader-restart", lang),
        },
        Call {
            id: "vendor".into(),
            name: lang
                .pick(
                    "導入業者（システムベンダー）",
                    "Your vendor (who installed the system)",
                )
                .into(),
            about: lang
                .pick(
                    "端末やネットワークがつながらないとき",
                    "when the terminal or its network does not connect",
                )
                .into(),
            contact: None,
            where_to_find: Some(own.into()),
            source: source("vendor-reader-restart", lang),
        },
        Call {
            id: "call-center".into(),
            name: lang
                .pick(
                    &guidance.call_center().name_ja,
                    &guidance.call_center().name_en,
                )
                .into(),
            about: lang
                .pick(
                    "オンライン資格確認そのものの障害か確かめたいとき",
                    "to ask whether the system itself has a fault",
                )
                .into(),
            contact: Some(contact::view_of(guidance.call_center(), at, lang)),
            where_to_find: None,
            source: source(&guidance.call_center().source, lang),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_cites_a_source_the_guidance_has() {
        let g = Guidance::embedded();
        for c in CHECKS {
            for id in std::iter::once(c.source).chain(c.also.iter().copied()) {
                assert!(g.source(id).is_some(), "{}: no source {id}", c.id);
            }
        }
        assert!(g.source("vendor-reader-restart").is_some());
    }
}
