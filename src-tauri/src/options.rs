//! Command-line options, for drills, demos and tests.

use std::path::PathBuf;

use clap::Parser;

/// オン資ウォッチ: warns the reception desk of planned outages of the Online Eligibility
/// Confirmation System. Normally started with no options, at login.
#[derive(Debug, Clone, Default, Parser)]
#[command(name = "onshi-watch", version)]
pub struct Options {
    /// Training mode (訓練モード): start the clock at this instant, e.g. 2024-12-31T02:55+09:00.
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// Training mode: run the clock N times faster than real time.
    #[arg(long, value_name = "N")]
    pub speed: Option<f64>,
    /// A folder of extra notice files (*.toml), read beside the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub notices: Option<PathBuf>,
    /// The prefecture for this run (code, 福岡県, 福岡 or fukuoka); not saved.
    #[arg(long, value_name = "P")]
    pub prefecture: Option<String>,
    /// Started by the login entry the installer put there (/etc/xdg/autostart, the Run
    /// key): the app ends at once when start at login is off in the settings or the policy.
    #[arg(long)]
    pub autostarted: bool,
    /// Started by 「訓練を始める」/「訓練を終える」 in the tray of run PID: wait for that run
    /// to end before taking the single-instance lock.
    #[arg(long, value_name = "PID", hide = true)]
    pub replaces: Option<u32>,
}

impl Options {
    pub fn training(&self) -> bool {
        self.at.is_some() || self.speed.is_some()
    }
}
