//! `onshi draft`: a notice's text in, a notice file to check out; what it read goes to stderr.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The notice's text; `-` or nothing reads standard input.
    file: Option<PathBuf>,
    /// The notice id to write (otherwise one is made up and marked 要確認).
    #[arg(long)]
    id: Option<String>,
}

pub fn run(args: Args) -> Result<(), String> {
    let input = onshi::draft::read_input(args.file.as_deref()).map_err(|e| e.to_string())?;
    let draft = onshi::draft::draft(&input, args.id.as_deref());
    for line in draft.summary() {
        eprintln!("{line}");
    }
    if draft.is_empty() {
        return Err(draft.no_window_message());
    }
    out!("{}", draft.toml);
    Ok(())
}
