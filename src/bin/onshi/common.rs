//! What most subcommands share: where the notices come from (built in, `--notices`,
//! `--feed`), how to print (`--json`, `--lang`), and reading a prefecture (or the machine
//! policy's) and an instant.

use std::path::{Path, PathBuf};

use onshi::feed::FeedState;
use onshi::policy::{self, Loaded, Policy};
use onshi::service::ServiceRegistry;
use onshi::time::{self, Instant};
use onshi::{Lang, Notice, Prefecture, Schedule};

#[derive(clap::Args)]
pub struct Common {
    #[command(flatten)]
    pub sources: Sources,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Language of the text output.
    #[arg(long, default_value = "ja")]
    pub lang: Lang,
}

/// The notices to read beside the built-in ones.
#[derive(clap::Args)]
pub struct Sources {
    /// A signed feed to read once: an http(s) URL, or a bundle file or its folder. The
    /// signature is at the same place + `.minisig`. Several sources separated by `|`: the
    /// newest valid bundle among them is read.
    #[arg(long, value_name = "URL_OR_PATH", requires = "feed_key")]
    pub feed: Option<String>,
    /// The feed's public key (feed.pub); may be given more than once.
    #[arg(long, value_name = "DIR/feed.pub")]
    pub feed_key: Vec<PathBuf>,
    /// A folder of extra notice files (*.toml), read beside the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub notices: Option<PathBuf>,
    /// The policy file whose [[service]] tables define the clinic's own services (by
    /// default the machine's policy, as the app reads it).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
}

impl Sources {
    /// Only `--notices DIR` (the sheet reads no feed).
    pub fn notices(notices: Option<PathBuf>) -> Sources {
        Sources {
            feed: None,
            feed_key: Vec::new(),
            notices,
            policy: None,
        }
    }

    /// The built-in notices plus `--notices DIR` and `--feed`. A broken file there is an
    /// error here: the CLI is where notice files are checked, so it must not quietly skip one.
    pub fn load(&self) -> Result<Schedule, String> {
        self.load_with_feed().map(|(schedule, _)| schedule)
    }

    /// As [`Sources::load`], with what the read of `--feed` left (when it was given): when
    /// it was checked and until when its bundle is valid, for freshness.
    pub fn load_with_feed(&self) -> Result<(Schedule, Option<FeedState>), String> {
        let mut schedule = Schedule::embedded();
        schedule.set_services(policy_services(self.policy.as_deref())?);
        if let Some(dir) = &self.notices {
            let errors = schedule.add_dir(dir);
            if let Some(first) = errors.first() {
                for e in &errors[1..] {
                    eprintln!("{e}");
                }
                return Err(first.to_string());
            }
        }
        let mut feed_state = None;
        if let Some(location) = &self.feed {
            let (notices, state) =
                read_feed(location, &self.feed_key, schedule.service_registry())?;
            for notice in notices {
                schedule.add(notice).map_err(|e| e.to_string())?;
            }
            feed_state = Some(state);
        }
        Ok((schedule, feed_state))
    }
}

/// `--feed`: fetches and verifies the feed once (no cache); a refused feed is an error.
pub fn read_feed(
    location: &str,
    keys: &[PathBuf],
    services: &ServiceRegistry,
) -> Result<(Vec<Notice>, FeedState), String> {
    let feed = onshi::feed::Feed {
        location: onshi::feed::Location::parse(location),
        keys: onshi::feed::TrustedKeys::from_files(keys)?,
        limits: onshi::feed::Limits::default(),
    };
    // Whole seconds: the time is shown and written out as "checked at".
    let now = chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp(), 0)
        .expect("now is a valid instant");
    let refresh = onshi::feed::refresh(&feed, None, now);
    refresh.outcome.as_ref().map_err(|e| e.to_string())?;
    let notices = bundle_notices(refresh.bundle.iter(), services)?;
    Ok((notices, refresh.state))
}

/// The notices of a verified bundle, each file read as Bundle::notices does, with the
/// policy's services known; a broken one is an error.
pub fn bundle_notices<'a>(
    bundle: impl Iterator<Item = &'a onshi::feed::bundle::Bundle>,
    services: &ServiceRegistry,
) -> Result<Vec<Notice>, String> {
    let mut notices = Vec::new();
    for (file, text) in bundle.flat_map(|b| &b.files) {
        notices.push(
            Notice::parse_with(text, &format!("feed:{file}"), services)
                .map_err(|e| e.to_string())?,
        );
    }
    Ok(notices)
}

/// `--prefecture`: a code, a name or romaji.
pub fn prefecture(s: &str) -> Result<Prefecture, String> {
    Prefecture::parse(s).map_err(|e| e.to_string())
}

/// `--prefecture` if given, else the prefecture the machine policy sets (the file the app
/// reads: `ONSHI_WATCH_POLICY`, else the OS's place), else the error clap gave when the
/// option was required: the same text and exit status 2. `A` is the subcommand's
/// arguments, `name` its name.
pub fn prefecture_or_policy<A: clap::Args>(
    given: Option<&str>,
    name: &'static str,
) -> Result<Prefecture, String> {
    if let Some(s) = given {
        return prefecture(s);
    }
    match Policy::load(&policy::default_path()) {
        Loaded::Policy(Policy {
            prefecture: Some(p),
            ..
        }) => return Ok(p),
        Loaded::Broken(e) => eprintln!("onshi: the policy file is ignored: {e}"),
        Loaded::Policy(_) | Loaded::Absent => {}
    }
    // The command line again, with --prefecture required as it was: clap says what is
    // missing and how the command is used, as before, and exits.
    let sub = A::augment_args(clap::Command::new(name)).mut_arg("prefecture", |a| a.required(true));
    let mut cli = clap::Command::new("onshi").subcommand(sub);
    match cli.try_get_matches_from_mut(std::env::args_os()) {
        Err(e) => e.exit(),
        Ok(_) => Err("--prefecture is required".into()),
    }
}

/// `--at`, or now.
pub fn instant_or_now(at: Option<&str>) -> Result<Instant, String> {
    match at {
        Some(s) => time::parse_instant(s).map_err(|e| e.to_string()),
        None => Ok(chrono::Utc::now()),
    }
}

/// The services of the clinic's own that the policy defines: `--policy FILE`, else the
/// machine's policy if there is one. A broken policy is an error, as a broken notice is.
pub fn policy_services(policy: Option<&Path>) -> Result<ServiceRegistry, String> {
    let path = match policy {
        Some(p) => p.to_path_buf(),
        None => onshi::policy::default_path(),
    };
    match onshi::policy::Policy::load(&path) {
        onshi::policy::Loaded::Absent if policy.is_some() => {
            Err(format!("{}: no such policy file", path.display()))
        }
        onshi::policy::Loaded::Absent => Ok(ServiceRegistry::default()),
        onshi::policy::Loaded::Policy(p) => Ok(p.service_defs),
        onshi::policy::Loaded::Broken(e) => Err(e.to_string()),
    }
}

/// The services that matter to the desk (its facility type's, all without `--facility`,
/// and the clinic's own wherever defined), the audience for their steps, and each one's
/// status at `at`: what `onshi status` and `onshi diagnose` both start from.
pub fn desk(
    schedule: &Schedule,
    p: Prefecture,
    at: Instant,
    facility: Option<onshi::Facility>,
) -> (onshi::guidance::Audience, Vec<onshi::Status>) {
    let mut matter = onshi::desk::services_for(facility, None);
    matter.extend(
        schedule
            .services()
            .into_iter()
            .filter(|s| s.custom_def().is_some()),
    );
    let all = onshi::desk::statuses(schedule, p, at)
        .into_iter()
        .filter(|s| matter.contains(&s.service))
        .collect();
    (
        onshi::guidance::Audience {
            facility,
            uses: matter,
        },
        all,
    )
}
