//! Embeds every `assets/notices/*.toml` in the binary, so a new notice dropped into that
//! folder ships with the next build without a code change.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("assets/notices");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("assets/notices exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    let mut out = String::from("&[\n");
    for name in &names {
        println!("cargo:rerun-if-changed=assets/notices/{name}");
        writeln!(
            out,
            "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/assets/notices/{name}\"))),"
        )
        .unwrap();
    }
    out.push(']');
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded_notices.rs");
    std::fs::write(dest, out).unwrap();
}
