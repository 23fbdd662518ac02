//! `onshi`: the outage schedule from the command line. Thin over the `onshi` library:
//! parse arguments, ask the library, print.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use onshi::present::{self, Look};
use onshi::time::{self, Instant};
use onshi::{
    Facility, Kind, Lang, Notice, Prefecture, Reminders, Schedule, Service, State, Status, Window,
};
use serde_json::json;

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
    Status {
        /// 都道府県: code (40), name (福岡県, 福岡) or romaji (fukuoka).
        #[arg(short, long)]
        prefecture: String,
        /// The instant, RFC 3339 (2024-12-31T03:30:00+09:00); without an offset it is JST.
        #[arg(long)]
        at: Option<String>,
        /// 施設の種類: clinic (医科), dental (歯科) or pharmacy (薬局); steps for all when absent.
        #[arg(long)]
        facility: Option<Facility>,
        #[command(flatten)]
        common: Common,
    },
    /// 通知の予定: every notification the desk will get between two instants, in order.
    Plan {
        #[arg(short, long)]
        prefecture: String,
        /// From this instant (exclusive; a window in force then gives one 「現在、」 notice).
        #[arg(long)]
        from: String,
        /// To this instant (inclusive).
        #[arg(long)]
        to: String,
        /// Reminder times in minutes before a window, e.g. 1440,60,10 (the app's default).
        #[arg(long, value_delimiter = ',')]
        reminders: Option<Vec<u32>>,
        #[command(flatten)]
        common: Common,
    },
    /// 印刷用シート: one A4 page of HTML for the counter (steps, phone numbers, blanks).
    Sheet {
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
    },
    /// 予定: every window that hits a prefecture.
    Windows {
        #[arg(short, long)]
        prefecture: String,
        #[command(flatten)]
        common: Common,
    },
    /// 検査: checks a notice file; errors give FILE:LINE:COLUMN.
    Check {
        /// Notice files (TOML).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// 下書き: reads a notice's text (UTF-8 or Shift_JIS) and prints a notice file to check.
    Draft {
        /// The notice's text; `-` or nothing reads standard input.
        file: Option<PathBuf>,
        /// The notice id to write (otherwise one is made up and marked 要確認).
        #[arg(long)]
        id: Option<String>,
    },
    /// フィード: publish notices as a signed feed (keygen, build, verify).
    Feed {
        #[command(subcommand)]
        action: FeedAction,
    },
    /// カレンダー: every window that hits a prefecture as an iCalendar (.ics) file on stdout.
    Ics {
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
    },
}

#[derive(Subcommand)]
enum FeedAction {
    /// Writes a new key pair: DIR/feed.key (secret, keep it) and DIR/feed.pub (give it out).
    Keygen {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Protect the secret key with the password in this environment variable.
        #[arg(long, value_name = "VAR")]
        password_env: Option<String>,
    },
    /// Bundles a folder of notice files into FILE and signs it (FILE.minisig).
    Build {
        /// The folder of notice files (*.toml), each checked as `onshi check` does.
        notices_dir: PathBuf,
        #[arg(long, value_name = "DIR/feed.key")]
        key: PathBuf,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The bundle's sequence; by default the existing FILE's + 1 (1 for a new FILE).
        #[arg(long)]
        sequence: Option<u64>,
        /// The secret key's password is in this environment variable.
        #[arg(long, value_name = "VAR")]
        password_env: Option<String>,
    },
    /// Checks FILE's signature (FILE.minisig) and the notices inside.
    Verify {
        file: PathBuf,
        #[arg(long, value_name = "DIR/feed.pub", required = true)]
        pubkey: Vec<PathBuf>,
    },
}

#[derive(clap::Args)]
struct Common {
    /// A signed feed to read once: an http(s) URL, or a bundle file or its folder. The
    /// signature is at the same place + `.minisig`.
    #[arg(long, value_name = "URL_OR_PATH", requires = "feed_key")]
    feed: Option<String>,
    /// The feed's public key (feed.pub); may be given more than once.
    #[arg(long, value_name = "DIR/feed.pub")]
    feed_key: Vec<PathBuf>,
    /// A folder of extra notice files (*.toml), read beside the built-in ones.
    #[arg(long, value_name = "DIR")]
    notices: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Language of the text output.
    #[arg(long, default_value = "ja")]
    lang: Lang,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
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

fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Status {
            prefecture,
            at,
            facility,
            common,
        } => {
            let p = Prefecture::parse(&prefecture).map_err(|e| e.to_string())?;
            let at = instant_or_now(at.as_deref())?;
            let schedule = load(&common)?;
            let timeline = schedule.timeline(p);
            let status = timeline.status(at);
            let services = schedule.services_status(p, at);
            if common.json {
                print_json(&status_json(&status, &services));
            } else {
                // Every service, each aware of the others (a step needing a service that
                // is down is marked); with --facility, only the services that matter to it.
                let matter = onshi::desk::services_for(facility, None);
                let all: Vec<Status> = onshi::desk::statuses(&schedule, p, at)
                    .into_iter()
                    .filter(|s| matter.contains(&s.service))
                    .collect();
                let advice = onshi::advice::advice_all(
                    &all,
                    &schedule.windows_for(p),
                    facility,
                    common.lang,
                );
                let oqs_groups = advice
                    .iter()
                    .find(|a| a.service == Service::Oqs)
                    .map(|a| a.groups.clone())
                    .unwrap_or_default();
                let others: Vec<&onshi::advice::ServiceAdvice> = advice
                    .iter()
                    .filter(|a| a.service != Service::Oqs)
                    .collect();
                print!(
                    "{}",
                    status_text(&status, &oqs_groups, !others.is_empty(), common.lang)
                );
                print!("{}", services_text(&others, common.lang));
            }
        }
        Command::Plan {
            prefecture,
            from,
            to,
            reminders,
            common,
        } => {
            let p = Prefecture::parse(&prefecture).map_err(|e| e.to_string())?;
            let read = |s: &str| time::parse_instant(s).map_err(|e| e.to_string());
            let (from, to) = (read(&from)?, read(&to)?);
            if to < from {
                return Err("--to is before --from: give the span in order".into());
            }
            let reminders = match reminders {
                Some(m) => Reminders::from_minutes(&m).map_err(|e| e.to_string())?,
                None => Reminders::default(),
            };
            let schedule = load(&common)?;
            let events = onshi::plan(&schedule, p, &reminders, from, to);
            let told: Vec<_> = events
                .iter()
                .map(|e| (e, onshi::message::message(e, common.lang)))
                .collect();
            if common.json {
                print_json(&serde_json::Value::Array(
                    told.iter()
                        .map(|(e, m)| {
                            json!({
                                "at": time::rfc3339_jst(e.at),
                                "kind": event_kind(e.kind),
                                "title": m.title,
                                "body": m.body,
                            })
                        })
                        .collect(),
                ));
            } else {
                if told.is_empty() {
                    println!(
                        "{}",
                        common
                            .lang
                            .pick("この間に通知はありません", "No notifications in this span")
                    );
                }
                for (e, m) in &told {
                    println!("{}  {}", time::date_time_label(e.at, common.lang), m.title);
                    println!("    {}", m.body);
                }
            }
        }
        Command::Sheet {
            prefecture,
            facility,
            at,
            notices,
            lang,
        } => {
            let p = Prefecture::parse(&prefecture).map_err(|e| e.to_string())?;
            let at = instant_or_now(at.as_deref())?;
            let schedule = load(&Common {
                feed: None,
                feed_key: Vec::new(),
                notices,
                json: false,
                lang,
            })?;
            print!(
                "{}",
                onshi::sheet::sheet(&schedule.timeline(p), at, facility, lang)
            );
        }
        Command::Windows { prefecture, common } => {
            let p = Prefecture::parse(&prefecture).map_err(|e| e.to_string())?;
            let schedule = load(&common)?;
            // Cancelled windows too: staff who saw one announced should see it called off.
            let windows = schedule.all_windows_for(p);
            if common.json {
                print_json(&json!({
                    "prefecture": p,
                    "windows": windows.iter().map(window_json).collect::<Vec<_>>(),
                }));
            } else {
                let lang = common.lang;
                println!("{}", present::prefecture_name(p, lang));
                if windows.is_empty() {
                    println!(
                        "  {}",
                        lang.pick(
                            "既知の停止予定はありません（読み込んだお知らせの範囲で）",
                            "No outage known (as far as the loaded notices go)"
                        )
                    );
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
            }
        }
        Command::Check { files } => {
            let mut failed = 0;
            for f in &files {
                match Notice::from_file(f).and_then(not_an_embedded_id) {
                    Ok(n) => println!(
                        "{}: ok — {} ({} windows, {} regions)",
                        f.display(),
                        n.id,
                        n.windows.len(),
                        n.regions.len()
                    ),
                    Err(e) => {
                        eprintln!("{e}");
                        failed += 1;
                    }
                }
            }
            if failed > 0 {
                // One file: its FILE:LINE:COLUMN line is the one line on stderr.
                if files.len() == 1 {
                    return Err(String::new());
                }
                return Err(format!(
                    "{failed} of {} notice files are broken: fix the places named above",
                    files.len()
                ));
            }
        }
        Command::Draft { file, id } => {
            let draft = onshi::draft::draft(
                &onshi::draft::read_input(file.as_deref()).map_err(|e| e.to_string())?,
                id.as_deref(),
            );
            for line in draft.summary() {
                eprintln!("{line}");
            }
            if draft.windows.is_empty() {
                return Err(draft.no_window_message());
            }
            print!("{}", draft.toml);
        }
        Command::Feed { action } => feed_command(action)?,
        Command::Ics {
            prefecture,
            service,
            reminders,
            common,
        } => {
            let p = Prefecture::parse(&prefecture).map_err(|e| e.to_string())?;
            let schedule = load(&common)?;
            let options = onshi::ics::Options {
                services: service,
                reminders,
            };
            print!(
                "{}",
                onshi::ics::calendar(&schedule, p, &options, chrono::Utc::now())?
            );
        }
    }
    Ok(())
}

/// Refuses a notice whose id is already used by a built-in one, as the app would (unless
/// it is that very notice, e.g. `assets/notices/` itself being checked).
fn not_an_embedded_id(n: Notice) -> Result<Notice, onshi::NoticeError> {
    let embedded = Schedule::embedded();
    match embedded.notice(&n.id) {
        Some(b) if *b != Notice { origin: b.origin.clone(), ..n.clone() } => Err(onshi::NoticeError {
            file: n.origin.clone(),
            line: 0,
            column: 0,
            message: format!(
                "notice id {:?} is already used by the built-in notice {}: the app will not use this file — give it its own id",
                n.id, b.origin
            ),
        }),
        _ => Ok(n),
    }
}

/// The built-in notices plus `--notices DIR`. A broken file there is an error here:
/// the CLI is where notice files are checked, so it must not quietly skip one.
fn load(common: &Common) -> Result<Schedule, String> {
    let mut schedule = Schedule::embedded();
    if let Some(dir) = &common.notices {
        let errors = schedule.add_dir(dir);
        if let Some(first) = errors.first() {
            for e in &errors[1..] {
                eprintln!("{e}");
            }
            return Err(first.to_string());
        }
    }
    if let Some(location) = &common.feed {
        for notice in read_feed(location, &common.feed_key)? {
            schedule.add(notice).map_err(|e| e.to_string())?;
        }
    }
    Ok(schedule)
}

/// `--feed`: fetches and verifies the feed once (no cache); a refused feed is an error.
fn read_feed(location: &str, keys: &[PathBuf]) -> Result<Vec<Notice>, String> {
    let feed = onshi::feed::Feed {
        location: onshi::feed::Location::parse(location),
        keys: onshi::feed::TrustedKeys::from_files(keys)?,
        limits: onshi::feed::Limits::default(),
    };
    let refresh = onshi::feed::refresh(&feed, None, chrono::Utc::now());
    refresh.outcome.as_ref().map_err(|e| e.to_string())?;
    let (notices, errors) = refresh.notices();
    if let Some(first) = errors.first() {
        return Err(first.to_string());
    }
    Ok(notices)
}

fn password(var: Option<String>) -> Result<Option<String>, String> {
    var.map(|v| {
        std::env::var(&v)
            .map_err(|_| format!("--password-env {v}: the environment variable is not set"))
    })
    .transpose()
}

/// `onshi feed …`: the publisher's side.
fn feed_command(action: FeedAction) -> Result<(), String> {
    use onshi::feed::{self, Bundle};
    match action {
        FeedAction::Keygen { out, password_env } => {
            let (key, public) = feed::sign::keygen(&out, password(password_env)?)?;
            println!(
                "{}: secret key (keep it private) / 秘密鍵\n{}: public key (give it to every PC) / 公開鍵",
                key.display(),
                public.display()
            );
        }
        FeedAction::Build {
            notices_dir,
            key,
            out,
            sequence,
            password_env,
        } => {
            let sequence = match sequence {
                Some(n) => n,
                None => match std::fs::read(&out) {
                    Ok(bytes) => {
                        Bundle::parse(&bytes)
                            .map_err(|e| {
                                format!(
                                    "{}: {e}; give the sequence with --sequence N",
                                    out.display()
                                )
                            })?
                            .sequence
                            + 1
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => 1,
                    Err(e) => return Err(format!("{}: cannot read: {e}", out.display())),
                },
            };
            let created = chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp(), 0)
                .expect("now is a valid instant");
            let bundle = Bundle::from_dir(&notices_dir, sequence, created)?;
            let text = bundle.to_toml();
            let signature =
                feed::sign::sign(text.as_bytes(), &key, password(password_env)?, sequence)?;
            let sig_path = PathBuf::from(format!("{}.minisig", out.display()));
            feed::cache::write_atomic(&out, text.as_bytes())?;
            feed::cache::write_atomic(&sig_path, signature.as_bytes())?;
            println!(
                "{}: sequence {sequence}, {} notices, signed ({})",
                out.display(),
                bundle.files.len(),
                sig_path.display()
            );
        }
        FeedAction::Verify { file, pubkey } => {
            let keys = feed::TrustedKeys::from_files(&pubkey)?;
            let bytes = std::fs::read(&file)
                .map_err(|e| format!("{}: cannot read: {e}", file.display()))?;
            let sig_path = PathBuf::from(format!("{}.minisig", file.display()));
            let sig = std::fs::read(&sig_path).map_err(|e| {
                feed::FeedError::MissingSignature(format!("{}: {e}", sig_path.display()))
                    .to_string()
            })?;
            let bundle =
                feed::open(&keys, &bytes, &sig).map_err(|e| format!("{}: {e}", file.display()))?;
            let (notices, errors) = bundle.notices();
            if let Some(first) = errors.first() {
                return Err(format!("{}: {first}", file.display()));
            }
            println!(
                "{}: 署名OK / signature OK — sequence {}, {} notices: {}",
                file.display(),
                bundle.sequence,
                notices.len(),
                notices
                    .iter()
                    .map(|n| n.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    Ok(())
}

fn window_json(w: &Window) -> serde_json::Value {
    json!({
        "kind": w.kind,
        "start": time::rfc3339_jst(w.start),
        "end": time::rfc3339_jst(w.end),
        "tentative": w.tentative,
        "region": w.area.name,
        "region_en": w.area.name_en,
        "notice": w.notice,
        "id": w.id,
        "service": w.service,
        "scope": w.scope,
        "affects": w.affects,
        "affects_en": w.affects_en,
        "may_extend_until": w.may_extend_until.map(time::rfc3339_jst),
        "revision": w.revision,
        "cancelled": w.cancelled,
    })
}

/// The oqs fields as before, plus `services`: one object per service with a window in
/// force or to come.
fn status_json(s: &Status, services: &[Status]) -> serde_json::Value {
    json!({
        "prefecture": s.prefecture,
        "at": time::rfc3339_jst(s.at),
        "state": s.state,
        "until": s.until.map(time::rfc3339_jst),
        "window": s.window.as_ref().map(window_json),
        "next_window": s.next_window.as_ref().map(window_json),
        "services": services.iter().map(|x| json!({
            "service": x.service,
            "name": x.service.name(Lang::Ja),
            "state": x.state,
            "window": x.window.as_ref().map(window_json),
            "next_window": x.next_window.as_ref().map(window_json),
        })).collect::<Vec<_>>(),
    })
}

/// `start`, `end`, `reminder`, … as in `onshi plan --json`.
fn event_kind(kind: onshi::EventKind) -> &'static str {
    match kind {
        onshi::EventKind::Reminder { .. } => "reminder",
        onshi::EventKind::Start => "start",
        onshi::EventKind::End => "end",
        onshi::EventKind::Change => "change",
        onshi::EventKind::AlreadyDown => "already_down",
    }
}

fn instant_or_now(at: Option<&str>) -> Result<Instant, String> {
    match at {
        Some(s) => time::parse_instant(s).map_err(|e| e.to_string()),
        None => Ok(chrono::Utc::now()),
    }
}

fn state_mark(state: State) -> &'static str {
    match state {
        State::Normal => "✓",
        State::Partial => "△",
        State::Intermittent => "⚠",
        State::FullOutage => "✕",
    }
}

/// `【中止】` before a cancelled window in a listing.
fn cancelled_mark(w: &Window, lang: Lang) -> &'static str {
    match (w.cancelled, lang) {
        (false, _) => "",
        (true, Lang::Ja) => "【中止】",
        (true, Lang::En) => "[CANCELLED] ",
    }
}

/// What follows a window's line: who is affected (partial), a possible extension.
fn window_extras(w: &Window, lang: Lang) -> String {
    let mut out = String::new();
    if w.kind == Kind::Partial {
        if let Some(a) = w.affects_label(lang) {
            out += &format!("\n      {}{a}", lang.pick("対象: ", "Affects: "));
        }
    }
    if let Some(x) = w.extension_label(lang) {
        out += &format!("\n      {x}");
    }
    out
}

/// The services other than オン資 with something in force, to come, possibly extended or
/// just ended, each with its steps.
fn services_text(services: &[&onshi::advice::ServiceAdvice], lang: Lang) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for a in services {
        let s = &a.status;
        let _ = writeln!(
            out,
            "\n{} {}  {}",
            state_mark(s.state),
            s.service.name(lang),
            s.state.label(lang)
        );
        out += &current_text(s, lang);
        if let Some(n) = &s.next_window {
            let _ = writeln!(
                out,
                "  {} {}: {} [{}]{}",
                lang.pick("次:", "Next:"),
                n.kind.label(lang),
                n.range_label(lang),
                n.area.label(lang),
                window_extras(n, lang)
            );
        }
        out += &groups_text(&a.groups, "  ", lang);
    }
    out
}

/// Groups of steps, numbered, each with its source; a step that cannot be done now says
/// why on its line: 「（マイナポータル停止中のため使えません）」.
fn groups_text(groups: &[onshi::advice::StepGroup], indent: &str, lang: Lang) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for group in groups {
        let _ = writeln!(out, "\n{indent}{}:", group.title);
        for (i, step) in group.steps.iter().enumerate() {
            let reference = if step.primary {
                ""
            } else {
                lang.pick("参考: ", "Reference: ")
            };
            let unavailable = match (&step.unavailable, lang) {
                (Some(why), Lang::Ja) => format!("（{why}）"),
                (Some(why), Lang::En) => format!(" ({why})"),
                (None, _) => String::new(),
            };
            let _ = writeln!(out, "{indent}  {}. {}{unavailable}", i + 1, step.text);
            let _ = writeln!(out, "{indent}     （{}{}）", reference, step.source_label);
        }
    }
    out
}

/// The window in force (with who it affects, a possible extension) and until when; or,
/// after its planned end, that it may run on.
fn current_text(s: &Status, lang: Lang) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    if let Some(w) = &s.window {
        let _ = writeln!(
            out,
            "  {}: {} [{}]{}",
            w.kind.label(lang),
            w.range_label(lang),
            w.area.label(lang),
            window_extras(w, lang)
        );
        if let Some(until) = s.until {
            let _ = writeln!(
                out,
                "  {} {}",
                lang.pick("終了:", "Ends:"),
                present::when(until, w.tentative, lang)
            );
        }
    }
    out + &extension_text(s, lang)
}

/// After a window's planned end, while its notice said it may run on.
fn extension_text(s: &Status, lang: Lang) -> String {
    match &s.may_extend {
        Some(w) => format!(
            "  {} {} [{}]\n      {}\n",
            lang.pick(
                "終了予定を過ぎました（延長のお知らせに注意）:",
                "Past its planned end (watch for an extension):"
            ),
            w.range_label(lang),
            w.area.label(lang),
            w.extension_label(lang).unwrap_or_default()
        ),
        None => String::new(),
    }
}

/// The オン資 status and its steps (`groups`, from [`onshi::advice::advice_all`]);
/// `name_service` when other services follow, so the first line says which service its
/// state is about.
fn status_text(
    s: &Status,
    groups: &[onshi::advice::StepGroup],
    name_service: bool,
    lang: Lang,
) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let look = Look::of(Some(s));
    let service = if name_service {
        format!("{}: ", s.service.name(lang))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "{} {}  {}{}  ({} JST)",
        look.symbol(),
        present::prefecture_name(s.prefecture, lang),
        service,
        look.label(lang),
        time::date_time_label(s.at, lang)
    );
    out += &current_text(s, lang);
    match &s.next_window {
        Some(n) => {
            let _ = writeln!(
                out,
                "  {} {}: {} [{}]{}",
                lang.pick("次:", "Next:"),
                n.kind.label(lang),
                n.range_label(lang),
                n.area.label(lang),
                window_extras(n, lang)
            );
        }
        None if s.window.is_none() => {
            let _ = writeln!(
                out,
                "  {}",
                lang.pick(
                    "既知の停止予定はありません（読み込んだお知らせの範囲で）",
                    "No outage known (as far as the loaded notices go)"
                )
            );
        }
        None => {}
    }
    out += &groups_text(groups, "", lang);
    let contact = onshi::contact::view(s.at, lang);
    let _ = writeln!(
        out,
        "\n{}: {} {}\n  {}\n  {}",
        lang.pick("問い合わせ先", "Who to call"),
        contact.name,
        contact.phone,
        contact.hours,
        contact.now
    );
    out
}

fn print_json(v: &serde_json::Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(v).expect("JSON values always serialize")
    );
}
