//! `onshi sheet`: the printable A4 pages for the counter, as HTML.

use std::path::PathBuf;

use onshi::{Facility, Lang};

use crate::common::{self, Sources};

#[derive(clap::Args)]
pub struct Args {
    /// 都道府県: code (40), name (福岡県, 福岡) or romaji (fukuoka); without it, the machine
    /// policy's prefecture (docs/policy.md), if it sets one.
    #[arg(short, long)]
    prefecture: Option<String>,
    /// 施設の種類: clinic (医科), dental (歯科) or pharmacy (薬局).
    #[arg(long)]
    facility: Option<Facility>,
    /// The instant the sheet is for (now by default).
    #[arg(long)]
    at: Option<String>,
    /// A folder of extra notice files (*.toml), read beside the built-in ones.
    #[arg(long, value_name = "DIR")]
    notices: Option<PathBuf>,
    /// Language of the sheet.
    #[arg(long, default_value = "ja")]
    lang: Lang,
}

pub fn run(args: Args) -> Result<(), String> {
    let p = common::prefecture_or_policy::<Args>(args.prefecture.as_deref(), "sheet")?;
    let at = common::instant_or_now(args.at.as_deref())?;
    let schedule = Sources::notices(args.notices).load()?;
    out!(
        "{}",
        onshi::sheet::sheet(&schedule.timeline(p), at, args.facility, args.lang)
    );
    Ok(())
}
