//! The domain's speed for bench/run: the state of all 47 prefectures at every minute of a year.
//!
//! `cargo run --release --example bench -- [--from RFC3339] [--stride N] [--synthetic N]`
//! prints one `key=value` line (bench/bench.py reads `elapsed_ms` from it). Kept out of the
//! `onshi` CLI: it measures the library, it is not something staff run.

use clap::Parser;
use onshi::time::{self, Instant};
use onshi::{Notice, Prefecture, Schedule, State};

/// The state (and the next change) of every prefecture at every minute of one year.
#[derive(Parser)]
#[command(name = "bench")]
struct Args {
    /// The first instant evaluated; the synthetic notices are spread over the year from it.
    #[arg(long, default_value = "2024-07-01T00:00:00+09:00")]
    from: String,
    /// Evaluate every STRIDE-th minute only (a sample; bench/run projects the year).
    #[arg(long, default_value_t = 1)]
    stride: i64,
    /// Synthetic notices added to the embedded ones, spread over the year.
    #[arg(long, default_value_t = 50)]
    synthetic: usize,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let result = time::parse_instant(&args.from)
        .map_err(|e| e.to_string())
        .and_then(|from| bench(from, args.stride.max(1), args.synthetic));
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Every `stride`-th minute of one year from `from`, over the embedded notices plus
/// `synthetic` generated ones spread over that year; prints one `key=value` line.
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
    let mut counts = [0u64; 4];
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
        "onshi bench: prefectures=47 minutes={YEAR_MINUTES} stride={stride} evaluations={} notices={} windows={} load_ms={:.1} elapsed_ms={:.1} per_eval_ns={:.0} normal={} intermittent={} full_outage={} partial={}",
        counts.iter().sum::<u64>(),
        schedule.notices().len(),
        schedule.notices().iter().map(|n| n.windows.len()).sum::<usize>(),
        loaded.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() * 1e9 / (counts.iter().sum::<u64>().max(1) as f64),
        counts[State::Normal as usize],
        counts[State::Intermittent as usize],
        counts[State::FullOutage as usize],
        counts[State::Partial as usize]
    );
    Ok(())
}
