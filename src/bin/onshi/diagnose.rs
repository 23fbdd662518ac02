//! `onshi diagnose`: 「うちだけ？全国？」 — a known outage now (everyone's: the steps for now),
//! or none and fresh notices (likely ours: the checks, whom to call), or it cannot tell.

use std::fmt::Write;
use std::path::PathBuf;

use onshi::diagnose::{Call, CheckStep, Diagnosis, Verdict};
use onshi::feed::cache::FeedCache;
use onshi::freshness::Freshness;
use onshi::present;
use onshi::time::{self, Instant};
use onshi::{Facility, Lang, Schedule};
use serde_json::json;

use crate::common::{self, Common, Sources};
use crate::output::{self, window_json};

#[derive(clap::Args)]
pub struct Args {
    /// 都道府県: code (40), name (福岡県, 福岡) or romaji (fukuoka); without it, the machine
    /// policy's prefecture (docs/policy.md), if it sets one.
    #[arg(short, long)]
    prefecture: Option<String>,
    /// The instant, RFC 3339 (2024-12-31T03:30:00+09:00); without an offset it is JST.
    #[arg(long)]
    at: Option<String>,
    /// 施設の種類: clinic (医科), dental (歯科) or pharmacy (薬局); steps for all when absent.
    #[arg(long)]
    facility: Option<Facility>,
    /// The app's feed folder (feed-state.toml and the last good bundle) instead of `--feed`:
    /// how fresh the notices are is read from it, and its bundle's notices are read
    /// (verified with `--feed-key`).
    #[arg(
        long,
        value_name = "DIR",
        requires = "feed_key",
        conflicts_with = "feed"
    )]
    feed_cache: Option<PathBuf>,
    #[command(flatten)]
    common: Common,
}

pub fn run(args: Args) -> Result<(), String> {
    let Args {
        prefecture,
        at,
        facility,
        feed_cache,
        common,
    } = args;
    let p = common::prefecture_or_policy::<Args>(prefecture.as_deref(), "diagnose")?;
    let at = common::instant_or_now(at.as_deref())?;
    let (schedule, freshness, problem) = load(&common.sources, feed_cache, at)?;
    let lang = common.lang;
    // Every service, each aware of the others (a step needing a service that is down is
    // marked); with --facility, only the services that matter to it.
    let (audience, all) = common::desk(&schedule, p, at, facility);
    let d = onshi::diagnose::diagnose(&all, freshness, problem.as_deref(), at, lang);
    // During a known outage the steps for now are the ones `onshi status` shows.
    let (advice, chooser) = if d.verdict == Verdict::Known {
        (
            // Only the services that are down: a claims window next week is no answer here.
            onshi::advice::advice_for(&all, &schedule.windows_for(p), &audience, lang)
                .into_iter()
                .filter(|a| d.outages.iter().any(|o| o.service == a.service))
                .collect::<Vec<_>>(),
            onshi::chooser::chooser(&all, &audience, lang),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    if common.json {
        output::print_json(&json!({
            "prefecture": p,
            "at": time::rfc3339_jst(at),
            "verdict": d.verdict,
            "headline": d.headline,
            "reason": d.reason,
            "freshness": freshness_json(freshness),
            "feed_problem": problem,
            "outages": d.outages.iter().map(|s| json!({
                "service": s.service,
                "state": s.state,
                "window": s.window.as_ref().or(s.may_extend.as_ref()).map(window_json),
                "may_extend": s.window.is_none() && s.may_extend.is_some(),
            })).collect::<Vec<_>>(),
            "steps": advice.iter().map(|a| json!({
                "service": a.service,
                "groups": a.groups,
            })).collect::<Vec<_>>(),
            "chooser": chooser,
            "checks": d.checks,
            "calls": d.calls,
        }));
        return Ok(());
    }
    out!("{}", header(&d, p, at, lang));
    if d.verdict == Verdict::Known {
        let contacts = onshi::contact::views(at, lang);
        let several = advice.iter().filter(|a| !a.groups.is_empty()).count() > 1;
        for a in &advice {
            if !a.groups.is_empty() && several {
                out!("\n【{}】", a.service.name(lang));
            }
            out!(
                "{}",
                crate::status::groups_text(&a.groups, "", &contacts, lang)
            );
        }
        out!("{}", crate::status::chooser_text(&chooser, lang));
        out!(
            "{}",
            crate::status::call_center_text(&onshi::contact::view(at, lang), lang)
        );
    }
    if !d.checks.is_empty() {
        out!("{}", checks_text(&d.checks, lang));
        out!("{}", calls_text(&d.calls, lang));
    }
    Ok(())
}

/// The notices (built in, `--notices`, and the feed's), how fresh they are at `at`, and
/// the feed's failure of just now. A feed that cannot be reached is not an error here: it
/// is the reason the answer cannot tell.
fn load(
    sources: &Sources,
    feed_cache: Option<PathBuf>,
    at: Instant,
) -> Result<(Schedule, Freshness, Option<String>), String> {
    let without_feed = Sources {
        feed: None,
        feed_key: sources.feed_key.clone(),
        notices: sources.notices.clone(),
        policy: sources.policy.clone(),
    };
    let mut schedule = without_feed.load()?;
    if let Some(location) = &sources.feed {
        return match common::read_feed(location, &sources.feed_key, schedule.service_registry()) {
            Ok((notices, state)) => {
                for n in notices {
                    schedule.add(n).map_err(|e| e.to_string())?;
                }
                // Reached just now; past its signed expiry it is out of date all the same.
                Ok((schedule, Freshness::new(true, &state, at), None))
            }
            Err(e) => Ok((schedule, Freshness::Stale { confirmed: None }, Some(e))),
        };
    }
    let Some(dir) = feed_cache else {
        return Ok((schedule, Freshness::NoFeed, None));
    };
    let cache = FeedCache::new(&dir);
    let state = cache.state();
    let feed = onshi::feed::Feed {
        location: onshi::feed::Location::parse(&state.location),
        keys: onshi::feed::TrustedKeys::from_files(&sources.feed_key)?,
        limits: onshi::feed::Limits::default(),
    };
    let bundle = onshi::feed::cached(&feed, &cache);
    for n in common::bundle_notices(bundle.iter(), schedule.service_registry())? {
        schedule.add(n).map_err(|e| e.to_string())?;
    }
    // The failure the app noted, while it lasts.
    let problem = state.failing_since.and(state.last_error.clone());
    Ok((schedule, Freshness::new(true, &state, at), problem))
}

fn freshness_json(f: Freshness) -> serde_json::Value {
    match f {
        Freshness::NoFeed => json!({ "state": "no_feed" }),
        Freshness::Fresh { confirmed } => {
            json!({ "state": "fresh", "confirmed": time::rfc3339_jst(confirmed) })
        }
        Freshness::Stale { confirmed } => json!({
            "state": "stale",
            "confirmed": confirmed.map(time::rfc3339_jst),
        }),
        Freshness::Expired {
            confirmed,
            valid_until,
        } => json!({
            "state": "expired",
            "confirmed": confirmed.map(time::rfc3339_jst),
            "valid_until": time::rfc3339_jst(valid_until),
        }),
    }
}

/// The answer's first lines: the question, the answer, why.
fn header(d: &Diagnosis, p: onshi::Prefecture, at: Instant, lang: Lang) -> String {
    let mark = match d.verdict {
        Verdict::Known => "✕",
        Verdict::LikelyOurs => "→",
        Verdict::CannotTell => "?",
    };
    let mut out = format!(
        "{}  {}  ({} JST)\n{mark} {}\n",
        lang.pick("うちだけ？全国？", "Just us, or everyone?"),
        present::prefecture_name(p, lang),
        // A drill's instant of another year says its year.
        time::dated_label(at, chrono::Utc::now(), lang),
        d.headline
    );
    for line in d.reason.lines() {
        let _ = writeln!(out, "  {line}");
    }
    out
}

/// The checks, numbered, in order, each with its sources.
fn checks_text(checks: &[CheckStep], lang: Lang) -> String {
    let mut out = format!(
        "\n{}:\n",
        lang.pick("この順に確かめてください", "Check in this order")
    );
    for (i, c) in checks.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}", i + 1, c.step.text);
        let _ = writeln!(out, "     {}", parens(&c.step.sources_label(lang), lang));
    }
    out
}

/// Whom to call, in order: what for, the number and hours where known, and whether they
/// answer now.
fn calls_text(calls: &[Call], lang: Lang) -> String {
    let mut out = format!(
        "\n{}:\n",
        lang.pick("連絡先（この順に）", "Whom to call (in order)")
    );
    for (i, c) in calls.iter().enumerate() {
        let _ = writeln!(out, "  {}. {} — {}", i + 1, c.name, c.about);
        if let Some(v) = &c.contact {
            let _ = writeln!(out, "     {}", v.phone);
            let _ = writeln!(out, "     {} {}", lang.pick("受付:", "Hours:"), v.hours);
            let _ = writeln!(out, "     {}", v.now);
        }
        if let Some(w) = &c.where_to_find {
            let _ = writeln!(out, "     {w}");
        }
        let reference = if c.source.primary {
            ""
        } else {
            lang.pick("参考: ", "Reference: ")
        };
        let _ = writeln!(
            out,
            "     {}",
            parens(&format!("{reference}{}", c.source.label), lang)
        );
    }
    out
}

/// `（…）` / `(…)`.
fn parens(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("（{text}）"),
        Lang::En => format!("({text})"),
    }
}
