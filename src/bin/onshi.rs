//! `onshi`: the outage schedule from the command line. Thin over the `onshi` library:
//! parse arguments, ask the library, print.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use onshi::time::{self, Instant};
use onshi::{Guidance, Lang, Notice, Prefecture, Schedule, State, Status, Window};
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
        #[command(flatten)]
        common: Common,
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
    /// Benchmark (bench/run): the state of all 47 prefectures at every minute of a year.
    #[command(hide = true)]
    Bench {
        /// The first instant evaluated; the synthetic notices are spread over the year from it.
        #[arg(long, default_value = "2024-07-01T00:00:00+09:00")]
        from: String,
        /// Evaluate every STRIDE-th minute only (a sample; bench/run projects the year).
        #[arg(long, default_value_t = 1)]
        stride: i64,
        /// Synthetic notices added to the embedded ones, spread over the year.
        #[arg(long, default_value_t = 50)]
        synthetic: usize,
    },
}

#[derive(clap::Args)]
struct Common {
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
            common,
        } => {
            let p = Prefecture::parse(&prefecture).map_err(|e| e.to_string())?;
            let at: Instant = match at {
                Some(s) => time::parse_instant(&s)?,
                None => chrono::Utc::now(),
            };
            let schedule = load(&common)?;
            let status = schedule.status(p, at);
            if common.json {
                print_json(&status_json(&status));
            } else {
                print!("{}", status_text(&status, common.lang));
            }
        }
        Command::Windows { prefecture, common } => {
            let p = Prefecture::parse(&prefecture).map_err(|e| e.to_string())?;
            let schedule = load(&common)?;
            let windows = schedule.windows_for(p);
            if common.json {
                print_json(&json!({
                    "prefecture": p,
                    "windows": windows.iter().map(window_json).collect::<Vec<_>>(),
                }));
            } else {
                let lang = common.lang;
                println!("{}", p_label(p, lang));
                if windows.is_empty() {
                    println!(
                        "  {}",
                        pick(
                            lang,
                            "予定されている停止はありません",
                            "No outage scheduled"
                        )
                    );
                }
                for w in &windows {
                    println!(
                        "  {}  {}  [{}]",
                        w.range_label(lang),
                        w.kind.label(lang),
                        w.area.label(lang)
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
        Command::Bench {
            from,
            stride,
            synthetic,
        } => bench(time::parse_instant(&from)?, stride.max(1), synthetic)?,
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

/// `onshi bench`: the state (and the next change) of every prefecture at every minute (every
/// `stride`-th) of one year, over the embedded notices plus `synthetic` generated ones
/// spread over that year; prints one `key=value` line.
fn bench(from: Instant, stride: i64, synthetic: usize) -> Result<(), String> {
    const YEAR_MINUTES: i64 = 365 * 24 * 60;
    let started = std::time::Instant::now();
    let mut schedule = Schedule::embedded();
    let step = chrono::Duration::minutes(YEAR_MINUTES) / (synthetic.max(1) as i32);
    for i in 0..synthetic {
        let at = |offset_min: i64| {
            time::rfc3339_jst(from + step * i as i32 + chrono::Duration::minutes(offset_min))
        };
        // A third nationwide, a third two prefectures, a third a ten-prefecture region.
        let (region, scope) = match i % 3 {
            0 => (String::new(), "nationwide = true".to_string()),
            1 => (
                String::new(),
                format!(
                    "prefectures = [\"{}\", \"{}\"]",
                    i % 47 + 1,
                    (i + 20) % 47 + 1
                ),
            ),
            _ => {
                let list: Vec<String> = (0..10)
                    .map(|k| format!("\"{}\"", (i + 4 * k) % 47 + 1))
                    .collect();
                (
                    format!(
                        "[region.r]\nname = \"R\"\nname_en = \"R\"\nprefectures = [{}]\n",
                        list.join(", ")
                    ),
                    "region = \"r\"".to_string(),
                )
            }
        };
        let text = format!(
            "id = \"bench-{i}\"\ntitle = \"bench {i}\"\nissuer = \"bench\"\nissued = 2024-01-01\n{region}\n\
             [[window]]\nid = \"full\"\nkind = \"full\"\nstart = {}\nend = {}\n{scope}\n\n\
             [[window]]\nid = \"intermittent\"\nkind = \"intermittent\"\nstart = {}\nend = {}\ntentative = true\n{scope}\n",
            at(0), at(120), at(180), at(540)
        );
        let notice = Notice::parse(&text, &format!("bench-{i}.toml")).map_err(|e| e.to_string())?;
        schedule.add(notice).map_err(|e| e.to_string())?;
    }
    let loaded = started.elapsed();
    let mut counts = [0u64; 3];
    let started = std::time::Instant::now();
    let mut changes = 0u64;
    for p in Prefecture::all() {
        // What the app asks at each wake: the state, and until when it holds.
        let timeline = schedule.timeline(p);
        for m in (0..YEAR_MINUTES).step_by(stride as usize) {
            let (state, until) = timeline.span_at_unix(from.timestamp() + 60 * m);
            counts[state as usize] += 1;
            changes += u64::from(until.is_some());
        }
    }
    std::hint::black_box(changes);
    let elapsed = started.elapsed();
    println!(
        "onshi bench: prefectures=47 minutes={YEAR_MINUTES} stride={stride} evaluations={} notices={} windows={} load_ms={:.1} elapsed_ms={:.1} per_eval_ns={:.0} normal={} intermittent={} full_outage={}",
        counts.iter().sum::<u64>(),
        schedule.notices().len(),
        schedule.notices().iter().map(|n| n.windows.len()).sum::<usize>(),
        loaded.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() * 1e9 / (counts.iter().sum::<u64>().max(1) as f64),
        counts[0],
        counts[1],
        counts[2]
    );
    Ok(())
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
    Ok(schedule)
}

fn pick(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

fn p_label(p: Prefecture, lang: Lang) -> String {
    match lang {
        Lang::Ja => p.name().to_string(),
        Lang::En => p.name_en(),
    }
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
    })
}

fn status_json(s: &Status) -> serde_json::Value {
    json!({
        "prefecture": s.prefecture,
        "at": time::rfc3339_jst(s.at),
        "state": s.state,
        "until": s.until.map(time::rfc3339_jst),
        "window": s.window.as_ref().map(window_json),
        "next_window": s.next_window.as_ref().map(window_json),
    })
}

fn status_text(s: &Status, lang: Lang) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let mark = match s.state {
        State::Normal => "✓",
        State::Intermittent => "⚠",
        State::FullOutage => "✕",
    };
    let _ = writeln!(
        out,
        "{} {}  {}  ({} JST)",
        mark,
        p_label(s.prefecture, lang),
        s.state.label(lang),
        time::date_time_label(s.at, lang)
    );
    if let Some(w) = &s.window {
        let _ = writeln!(
            out,
            "  {}: {} [{}]",
            w.kind.label(lang),
            w.range_label(lang),
            w.area.label(lang)
        );
        if let Some(until) = s.until {
            let _ = writeln!(
                out,
                "  {} {}{}",
                pick(lang, "終了予定:", "Until:"),
                time::date_time_label(until, lang),
                time::tentative_mark(w.tentative, lang)
            );
        }
    }
    if let Some(n) = &s.next_window {
        let _ = writeln!(
            out,
            "  {} {}: {} [{}]",
            pick(lang, "次:", "Next:"),
            n.kind.label(lang),
            n.range_label(lang),
            n.area.label(lang)
        );
    }
    let phase = match (s.state.phase(), &s.next_window) {
        (Some(phase), _) => Some(phase),
        (None, Some(n)) if n.start - s.at <= chrono::Duration::hours(24) => {
            Some(onshi::Phase::Prepare)
        }
        _ => None,
    };
    if let Some(phase) = phase {
        let _ = writeln!(out, "\n{}", pick(lang, "すること:", "What to do:"));
        for (i, step) in Guidance::embedded()
            .localized(phase, lang)
            .iter()
            .enumerate()
        {
            let reference = if step.primary {
                ""
            } else {
                pick(lang, "参考: ", "Reference: ")
            };
            let _ = writeln!(out, "  {}. {}", i + 1, step.text);
            let _ = writeln!(out, "     （{}{}）", reference, step.source_label);
        }
    }
    out
}

fn print_json(v: &serde_json::Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(v).expect("JSON values always serialize")
    );
}
