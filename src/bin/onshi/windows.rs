//! `onshi windows`: every window that hits a prefecture, cancelled ones marked.

use onshi::present;
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
    #[command(flatten)]
    common: Common,
}

pub fn run(args: Args) -> Result<(), String> {
    let p = common::prefecture_or_policy::<Args>(args.prefecture.as_deref(), "windows")?;
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
    for w in &windows {
        outln!(
            "  {}{}  {}  {}  [{}]{}",
            cancelled_mark(w, lang),
            w.range_label(lang),
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

/// `【中止】` before a cancelled window in a listing.
fn cancelled_mark(w: &Window, lang: Lang) -> &'static str {
    output::cancelled_mark(w.cancelled, lang)
}
