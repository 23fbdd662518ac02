//! `onshi ics`: every window that hits a prefecture as an iCalendar file on stdout.

use crate::common::{self, Common};

#[derive(clap::Args)]
pub struct Args {
    #[arg(short, long)]
    prefecture: String,
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
    let p = common::prefecture(&args.prefecture)?;
    let schedule = args.common.sources.load()?;
    let options = onshi::ics::Options {
        services: args.service,
        reminders: args.reminders,
    };
    print!(
        "{}",
        onshi::ics::calendar(&schedule, p, &options, chrono::Utc::now())?
    );
    Ok(())
}
