//! `onshi check`: reads notice files as the app would; each error is one FILE:LINE:COLUMN line.

use std::path::PathBuf;

use onshi::{Notice, NoticeError, Schedule};

#[derive(clap::Args)]
pub struct Args {
    /// Notice files (TOML).
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

pub fn run(args: Args) -> Result<(), String> {
    let files = args.files;
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
    if failed == 0 {
        return Ok(());
    }
    // One file: its FILE:LINE:COLUMN line is the one line on stderr.
    if files.len() == 1 {
        return Err(String::new());
    }
    Err(format!(
        "{failed} of {} notice files are broken: fix the places named above",
        files.len()
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
