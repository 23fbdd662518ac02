//! `onshi policy write`: the machine-wide policy file from an administrator's values, as both
//! Windows installers write it: each value checked as the app reads it, only those given set.

use std::path::PathBuf;

use onshi::policy;
use onshi::policy_write::{self, Given, Key, Written};

use crate::setup_args;

#[derive(clap::Subcommand)]
pub enum Action {
    /// 書く: sets the values given in the policy file, keeps its other keys; with none
    /// given, writes nothing. A blank value is not given.
    Write(WriteArgs),
}

#[derive(clap::Args)]
pub struct WriteArgs {
    /// 都道府県: code (40), name (福岡県, 福岡) or romaji (fukuoka).
    #[arg(long)]
    prefecture: Option<String>,
    /// 施設の種類: clinic (医科), dental (歯科) or pharmacy (薬局).
    #[arg(long)]
    facility: Option<String>,
    /// Where every PC reads the feed: an http(s) URL, or a folder or file on a share.
    #[arg(long, value_name = "URL_OR_PATH")]
    feed_url: Option<String>,
    /// The feed's public key, the 2nd line of feed.pub (RW…); several separated by commas,
    /// or the option again.
    #[arg(long, value_name = "KEY")]
    feed_key: Vec<String>,
    /// 中継フォルダ: this PC writes each feed bundle it verified into this folder, a full
    /// path (\\nas\onshi-feed), for the clinic's other PCs to follow.
    #[arg(long, value_name = "FOLDER")]
    relay_folder: Option<String>,
    /// The Windows setup's parameters instead (/PREFECTURE=40 /FACILITY=… /FEED_URL=…
    /// /FEED_KEY=… /RELAY_FOLDER=…), split as Windows splits a command line; its own (/S, /D=…) are skipped.
    #[arg(long, value_name = "PARAMETERS", conflicts_with_all = ["prefecture", "facility", "feed_url", "feed_key", "relay_folder", "setup_args_env"])]
    setup_args: Option<String>,
    /// The same parameters from the environment variable NAME (how the setup hands them
    /// over: they cannot be quoted on into a command line).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["prefecture", "facility", "feed_url", "feed_key", "relay_folder"])]
    setup_args_env: Option<String>,
    /// The policy file [default: the one the app reads: %ProgramData%\OnshiWatch\policy.toml
    /// on Windows, /etc/onshi-watch/policy.toml on Linux; ONSHI_WATCH_POLICY overrides it].
    #[arg(long, value_name = "FILE")]
    path: Option<PathBuf>,
    /// Check the values and print the file that would be written; write nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(action: Action) -> Result<(), String> {
    match action {
        Action::Write(args) => write(args),
    }
}

fn write(args: WriteArgs) -> Result<(), String> {
    let setup = match (&args.setup_args, &args.setup_args_env) {
        (Some(text), _) => Some(text.clone()),
        (None, Some(name)) => {
            Some(std::env::var(name).map_err(|e| format!("--setup-args-env {name}: {e}"))?)
        }
        (None, None) => None,
    };
    // Each value named as it was given: `/PREFECTURE` from the setup, `--prefecture` here.
    let (given, name): (Given, fn(Key) -> String) = match setup {
        Some(params) => (setup_args::given(&params)?, |k| {
            format!("/{}", k.property())
        }),
        None => (
            Given {
                prefecture: args.prefecture,
                facility: args.facility,
                feed_url: args.feed_url,
                feed_keys: args.feed_key,
                relay_folder: args.relay_folder,
            },
            |k| k.option().to_string(),
        ),
    };
    let path = args.path.unwrap_or_else(policy::default_path);
    let shown = |e: policy_write::Refused| e.shown(name);
    if args.dry_run {
        match policy_write::preview(&given, &path).map_err(shown)? {
            Some(text) => out!("{text}"),
            None => eprintln!(
                "onshi: no value given: {} would be left as it is",
                path.display()
            ),
        }
        return Ok(());
    }
    match policy_write::write(&given, &path).map_err(shown)? {
        Written::NothingGiven => {
            outln!("no value given: {} is left as it is", path.display());
        }
        Written::Unchanged => outln!("{}: already so, not touched", path.display()),
        Written::Written { kept } => {
            outln!("wrote {}", path.display());
            if let Some(old) = kept {
                outln!("the file it replaced is kept as {}", old.display());
            }
        }
    }
    Ok(())
}
