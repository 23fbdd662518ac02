//! `onshi`: the outage schedule from the command line. Thin over the `onshi` library: this
//! file parses the arguments and hands each subcommand to its room, which asks the library
//! and prints.

// First: the other rooms print through its `out!` and `outln!`.
#[macro_use]
mod stdout;

mod check;
mod common;
mod desk_lines;
mod diagnose;
mod draft;
mod feed;
mod ics;
mod output;
mod plan;
mod policy;
mod setup_args;
mod sheet;
mod status;
mod windows;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "onshi",
    version,
    about = "オンライン資格確認等システムの停止予定 / Outage schedule of the Online Eligibility Confirmation System"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 状態: the state of a prefecture at an instant (now by default).
    Status(status::Args),
    /// うちだけ？全国？: is the reader's error a known outage (everyone's) or likely ours, and what to check and whom to call.
    Diagnose(diagnose::Args),
    /// 通知の予定: every notification the desk will get between two instants, in order.
    Plan(plan::Args),
    /// 印刷用シート: two A4 pages of HTML for the counter (every coming window's steps, who to call, what the patient brought, blanks).
    Sheet(sheet::Args),
    /// 予定: every window that hits a prefecture.
    Windows(windows::Args),
    /// 検査: checks a notice file; errors give FILE:LINE:COLUMN.
    Check(check::Args),
    /// 下書き: reads a notice's text (UTF-8 or Shift_JIS) and prints a notice file to check.
    Draft(draft::Args),
    /// フィード: publish notices as a signed feed (keygen, build, verify).
    Feed {
        #[command(subcommand)]
        action: feed::Action,
    },
    /// カレンダー: every window that hits a prefecture as an iCalendar (.ics) file on stdout.
    Ics(ics::Args),
    /// 管理者ポリシー: write the machine-wide policy file, as the Windows installers do.
    Policy {
        #[command(subcommand)]
        action: policy::Action,
    },
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Status(args) => status::run(args),
        Command::Diagnose(args) => diagnose::run(args),
        Command::Plan(args) => plan::run(args),
        Command::Sheet(args) => sheet::run(args),
        Command::Windows(args) => windows::run(args),
        Command::Check(args) => check::run(args),
        Command::Draft(args) => draft::run(args),
        Command::Feed { action } => feed::run(action),
        Command::Ics(args) => ics::run(args),
        Command::Policy { action } => policy::run(action),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // Empty when the problem is already on stderr (`check` on one file).
            if !message.is_empty() {
                eprintln!("onshi: {message}");
            }
            ExitCode::FAILURE
        }
    }
}
