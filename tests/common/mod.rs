//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use onshi::time::{parse_instant, Instant};
use onshi::{Notice, Prefecture, Schedule};

/// An instant from RFC 3339 text; panics on a typo in the test itself.
pub fn t(s: &str) -> Instant {
    parse_instant(s).unwrap_or_else(|e| panic!("bad time in test: {e}"))
}

pub fn pref(s: &str) -> Prefecture {
    s.parse().unwrap_or_else(|e| panic!("{e}"))
}

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// A schedule holding only the notice in `tests/fixtures/REL`.
pub fn fixture_schedule(rel: &str) -> Schedule {
    let notice = Notice::from_file(&fixture(rel)).unwrap_or_else(|e| panic!("{e}"));
    let mut s = Schedule::default();
    s.add(notice).unwrap();
    s
}

/// The events of an .ics text as Python's icalendar reads them (tests/ics/parse_ics.py).
pub fn parsed_by_python(ics: &str) -> Vec<serde_json::Value> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    // Debian's python carries the apt package; a pyenv python first on PATH may not.
    let python = ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|p| {
            Command::new(p)
                .args(["-c", "import icalendar"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("Python's icalendar is missing: scripts/setup.sh test installs python3-icalendar");
    let mut child = Command::new(python)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/ics/parse_ics.py"
        ))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ics.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}
