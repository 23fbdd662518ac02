//! `onshi ics`: every window that hits a prefecture as an iCalendar file on stdout.

use crate::common::{self, Common};

#[derive(clap::Args)]
pub struct Args {
    /// 都道府県: code (40), name (福岡県, 福岡) or romaji (fukuoka); without it, the machine
    /// policy's prefecture (docs/policy.md), if it sets one.
    #[arg(short, long)]
    prefecture: Option<String>,
    /// Only these services (oqs, erx, mynaportal, jpki, claims); all by default.
    #[arg(long, value_delimiter = ',')]
    service: Vec<String>,
    /// Alarms, in minutes before each window starts.
    #[arg(long, value_delimiter = ',', default_values_t = onshi::ics::DEFAULT_REMINDERS)]
    reminders: Vec<u32>,
    #[command(flatten)]
    common: Common,
}

pub fn run(args: Args) -> Result<(), String> {
    let p = common::prefecture_or_policy::<Args>(args.prefecture.as_deref(), "ics")?;
    let schedule = args.common.sources.load()?;
    let options = onshi::ics::Options {
        services: args.service,
        reminders: args.reminders,
    };
    out!(
        "{}",
        onshi::ics::calendar(&schedule, p, &options, chrono::Utc::now())?
    );
    Ok(())
}
