//! `onshi check`: reads notice files — or a guidance file — as the app would; each error is
//! one FILE:LINE:COLUMN line.

use std::path::{Path, PathBuf};

use onshi::guidance::Guidance;
use onshi::{Notice, NoticeError, Schedule};

#[derive(clap::Args)]
pub struct Args {
    /// Notice files (TOML), or guidance files (`guidance.toml`, or any file with `[[phase]]`).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Read every file as guidance (the steps for staff), whatever its name.
    #[arg(long)]
    guidance: bool,
}

/// Whether `f` is a guidance file: asked for, named so, or holding `[[phase]]` tables,
/// which no notice has.
fn is_guidance(f: &Path, asked: bool) -> bool {
    asked
        || f.file_name().is_some_and(|n| n == "guidance.toml")
        || onshi::read::read_text(f, onshi::read::MAX_BYTES)
            .ok()
            .and_then(|t| t.parse::<toml::Table>().ok())
            .is_some_and(|t| t.get("phase").is_some_and(toml::Value::is_array))
}

/// Checks one guidance file; `true` when it is good.
fn check_guidance(f: &Path) -> bool {
    match Guidance::from_file(f) {
        Ok(g) => {
            println!(
                "{}: ok — guidance ({} phases, {} steps, {} sources, {} dated rules, {} contacts)",
                f.display(),
                g.phases.len(),
                g.phases.iter().map(|p| p.steps.len()).sum::<usize>(),
                g.sources.len(),
                g.rules.len(),
                g.contacts.len()
            );
            true
        }
        Err(e) => {
            eprintln!("{e}");
            false
        }
    }
}

pub fn run(args: Args) -> Result<(), String> {
    let files = args.files;
    let mut failed = 0;
    let mut guidance = false;
    for f in &files {
        if is_guidance(f, args.guidance) {
            guidance = true;
            failed += usize::from(!check_guidance(f));
            continue;
        }
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
    if failed == 0 {
        return Ok(());
    }
    // One file: its FILE:LINE:COLUMN line is the one line on stderr.
    if files.len() == 1 {
        return Err(String::new());
    }
    Err(format!(
        "{failed} of {} {} are broken: fix the places named above",
        files.len(),
        if guidance { "files" } else { "notice files" }
    ))
}

/// Refuses a notice whose id is already used by a built-in one, as the app would (unless
/// it is that very notice, e.g. `assets/notices/` itself being checked).
fn not_an_embedded_id(n: Notice) -> Result<Notice, NoticeError> {
    let embedded = Schedule::embedded();
    match embedded.notice(&n.id) {
        Some(b) if *b != Notice { origin: b.origin.clone(), ..n.clone() } => Err(NoticeError {
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
