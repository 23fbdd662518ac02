//! `onshi windows`: every window that hits a prefecture, cancelled ones marked.

use onshi::present;
use onshi::{Lang, Window};
use serde_json::json;

use crate::common::{self, Common};
use crate::output::{self, window_extras, window_json};

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
    if args.common.json {
        output::print_json(&json!({
            "prefecture": p,
            "windows": windows.iter().map(window_json).collect::<Vec<_>>(),
        }));
        return Ok(());
    }
    let lang = args.common.lang;
    println!("{}", present::prefecture_name(p, lang));
    if windows.is_empty() {
        println!("  {}", output::no_outage_known(lang));
    }
    for w in &windows {
        println!(
            "  {}{}  {}  {}  [{}]{}",
            cancelled_mark(w, lang),
            w.range_label(lang),
            w.service.name(lang),
            w.kind.label(lang),
            w.area.label(lang),
            window_extras(w, lang)
        );
    }
    Ok(())
}

/// `【中止】` before a cancelled window in a listing.
fn cancelled_mark(w: &Window, lang: Lang) -> &'static str {
    match (w.cancelled, lang) {
        (false, _) => "",
        (true, Lang::Ja) => "【中止】",
        (true, Lang::En) => "[CANCELLED] ",
    }
}
