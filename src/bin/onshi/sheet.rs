//! `onshi sheet`: the printable A4 pages for the counter, as HTML.

use std::path::PathBuf;

use onshi::{Facility, Lang};

use crate::common::{self, Sources};

#[derive(clap::Args)]
pub struct Args {
    #[arg(short, long)]
    prefecture: String,
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
    let p = common::prefecture(&args.prefecture)?;
    let at = common::instant_or_now(args.at.as_deref())?;
    let schedule = Sources::notices(args.notices).load()?;
    print!(
        "{}",
        onshi::sheet::sheet(&schedule.timeline(p), at, args.facility, args.lang)
    );
    Ok(())
}
