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
    /// The policy file whose [[service]] tables define the clinic's own services (by
    /// default the machine's policy, as the app reads it).
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
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
            outln!(
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
    let services = crate::common::policy_services(args.policy.as_deref())?;
    let mut failed = 0;
    let mut guidance = false;
    for f in &files {
        if is_guidance(f, args.guidance) {
            guidance = true;
            failed += usize::from(!check_guidance(f));
            continue;
        }
        match Notice::from_file_with(f, &services).and_then(not_an_embedded_id) {
            Ok(n) => outln!(
                "{}: ok — {} ({} windows, {} regions{})",
                f.display(),
                n.id,
                n.windows.len(),
                n.regions.len(),
                more_shapes(&n)
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

/// `, 1 deadline, 2 insurers' problems, …`: what a v3 file holds besides windows (nothing
/// for a file of the older shapes, whose line stays as it was).
fn more_shapes(n: &Notice) -> String {
    let mut out = String::new();
    for (count, one, many) in [
        (n.deadlines.len(), "deadline", "deadlines"),
        (
            n.insurer_issues.len(),
            "insurer's problem",
            "insurers' problems",
        ),
        (n.hours.len(), "stretch of hours", "stretches of hours"),
        (n.services.len(), "service defined", "services defined"),
    ] {
        match count {
            0 => {}
            1 => out += &format!(", 1 {one}"),
            c => out += &format!(", {c} {many}"),
        }
    }
    out
}
