//! `onshi windows`: every window that hits a prefecture, cancelled and ended ones marked;
//! dates with their year when the list spans years or a date is not in the current one.

use chrono::Datelike;
use onshi::present;
use onshi::time::{self, Instant};
use onshi::{Lang, Window};
use serde_json::json;

use crate::common::{self, Common};
use crate::output::{self, window_extras, window_json};
use crate::output::{
    deadline_json, deadline_line, hours_json, hours_line, insurer_json, insurer_line,
};

#[derive(clap::Args)]
pub struct Args {
    /// 都道府県: code (40), name (福岡県, 福岡) or romaji (fukuoka); without it, the machine
    /// policy's prefecture (docs/policy.md), if it sets one.
    #[arg(short, long)]
    prefecture: Option<String>,
    /// The instant the list is read at (RFC 3339; JST without an offset), now by default:
    /// windows ended by then are marked 【終了】, and its year is "the current year".
    #[arg(long)]
    at: Option<String>,
    #[command(flatten)]
    common: Common,
}

pub fn run(args: Args) -> Result<(), String> {
    let p = common::prefecture_or_policy::<Args>(args.prefecture.as_deref(), "windows")?;
    let at = common::instant_or_now(args.at.as_deref())?;
    let schedule = args.common.sources.load()?;
    // Cancelled windows too: staff who saw one announced should see it called off.
    let windows = schedule.all_windows_for(p);
    let deadlines = schedule.deadlines_for(p);
    let insurers = schedule.insurer_issues_for(p);
    let hours = schedule.hours_for(p);
    if args.common.json {
        output::print_json(&json!({
            "prefecture": p,
            "windows": windows.iter().map(window_json).collect::<Vec<_>>(),
            "deadlines": deadlines.iter().map(deadline_json).collect::<Vec<_>>(),
            "insurer_issues": insurers.iter().map(insurer_json).collect::<Vec<_>>(),
            "hours": hours.iter().map(hours_json).collect::<Vec<_>>(),
        }));
        return Ok(());
    }
    let lang = args.common.lang;
    outln!("{}", present::prefecture_name(p, lang));
    if windows.is_empty() {
        outln!("  {}", output::no_outage_known(lang));
    }
    let years = with_years(&windows, at);
    for w in &windows {
        outln!(
            "  {}{}{}  {}  {}  [{}]{}",
            cancelled_mark(w, lang),
            ended_mark(w, at, lang),
            range_label(w, years || w.end <= at, lang),
            w.service.name(lang),
            w.kind.label(lang),
            w.area.label(lang),
            window_extras(w, lang)
        );
    }
    // The other shapes of notice, each under its heading, only when there are any.
    let sections: [(&str, &str, Vec<String>); 3] = [
        (
            "期限",
            "Deadlines",
            deadlines.iter().map(|d| deadline_line(d, lang)).collect(),
        ),
        (
            "保険者の情報",
            "Insurers' data",
            insurers.iter().map(|i| insurer_line(i, lang)).collect(),
        ),
        (
            "受付時間",
            "Open hours",
            hours.iter().map(|h| hours_line(h, lang)).collect(),
        ),
    ];
    for (ja, en, lines) in sections {
        if lines.is_empty() {
            continue;
        }
        outln!("{}:", lang.pick(ja, en));
        for l in lines {
            outln!("  {l}");
        }
    }
    Ok(())
}

/// Whether the list's dates need their year: it spans more than one year, or a date is not
/// in the year of `at` (「12月31日(火)」 of 2024 beside that of 2025 would read alike).
fn with_years(windows: &[Window], at: Instant) -> bool {
    let now = time::to_jst(at).year();
    windows
        .iter()
        .flat_map(|w| [w.start, w.end])
        .any(|t| time::to_jst(t).year() != now)
}

/// The window's span, with the year when `year` (a window that has ended always has it).
fn range_label(w: &Window, year: bool, lang: Lang) -> String {
    format!(
        "{}{}",
        time::range_label_year(w.start, w.end, year, lang),
        time::tentative_mark(w.tentative, lang)
    )
}

/// `【終了】` before a window that ended by `at` (a cancelled one is marked 【中止】 only).
fn ended_mark(w: &Window, at: Instant, lang: Lang) -> &'static str {
    if w.cancelled || w.end > at {
        return "";
    }
    lang.pick("【終了】", "[ENDED] ")
}

/// `【中止】` before a cancelled window in a listing.
fn cancelled_mark(w: &Window, lang: Lang) -> &'static str {
    output::cancelled_mark(w.cancelled, lang)
}
