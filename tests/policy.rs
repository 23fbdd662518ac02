//! The machine-wide policy file: values read, locks, and broken files named with line and
//! column (the app then ignores them).

use std::path::Path;

use onshi::policy::{self, Facility, Loaded, Policy, Setting};
use onshi::Prefecture;

fn key_line() -> String {
    let dir = tempfile::tempdir().unwrap();
    let (_, public) = onshi::feed::sign::keygen(dir.path(), None).unwrap();
    std::fs::read_to_string(public)
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_string()
}

fn write(dir: &Path, text: &str) -> std::path::PathBuf {
    let p = dir.join("policy.toml");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn a_policy_file_sets_values_and_locks() {
    let key = key_line();
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        &format!(
            "# 福岡の系列薬局すべて\nprefecture = \"福岡\"\nfacility = \"pharmacy\"\nservices = [\"oqs\", \"erx\"]\nlocked = [\"prefecture\", \"feed\"]\n\n\
             [feed]\nurl = \"http://intranet.example/onshi/feed.toml\"\nkeys = [\"{key}\"]\n"
        ),
    );
    let Loaded::Policy(p) = Policy::load(&path) else {
        panic!("{:?}", Policy::load(&path))
    };
    assert_eq!(p.prefecture, Some(Prefecture::from_code(40).unwrap()));
    assert_eq!(p.facility, Some(Facility::Pharmacy));
    assert_eq!(
        p.services.as_deref(),
        Some(&["oqs".to_string(), "erx".to_string()][..])
    );
    let feed = p.feed.as_ref().unwrap();
    assert_eq!(feed.url, "http://intranet.example/onshi/feed.toml");
    assert_eq!(feed.keys, vec![key]);
    assert!(!p.feed_keys().is_empty());
    assert!(p.is_locked(Setting::Prefecture) && p.is_locked(Setting::Feed));
    assert!(!p.is_locked(Setting::Services) && !p.is_locked(Setting::Facility));
    assert_eq!(p.origin, path.display().to_string());
}

#[test]
fn an_empty_policy_leaves_everything_to_the_user_and_no_file_is_absent() {
    let dir = tempfile::tempdir().unwrap();
    let p = Policy::parse("", "policy.toml").unwrap();
    assert_eq!(
        (p.prefecture, p.facility, p.services, p.feed),
        (None, None, None, None)
    );
    assert!(p.locked.is_empty());
    assert_eq!(
        Policy::load(&dir.path().join("policy.toml")),
        Loaded::Absent
    );
}

#[test]
fn broken_policies_are_named_with_line_and_column() {
    let key = key_line();
    let cases: Vec<(String, (usize, usize), &str)> = vec![
        (
            "prefectur = \"福岡\"\n".into(),
            (1, 1),
            "unknown field `prefectur`",
        ),
        ("prefecture = \"大阪市\"\n".into(), (1, 14), "大阪市"),
        ("facility = \"hospital\"\n".into(), (1, 12), "hospital"),
        (
            "services = [\"oqs\", \"fax\"]\n".into(),
            (1, 20),
            "unknown service \"fax\"",
        ),
        ("locked = [\"colour\"]\n".into(), (1, 11), "colour"),
        (
            "\n[feed]\nurl = \"http://x/feed.toml\"\nkeys = [\"not-a-key\"]\n".into(),
            (4, 9),
            "minisign public key",
        ),
        (
            format!("[feed]\nurl = \"\"\nkeys = [\"{key}\"]\n"),
            (2, 7),
            "url is empty",
        ),
        (
            "[feed]\nurl = \"http://x/feed.toml\"\nkeys = []\n".into(),
            (1, 1),
            "at least one public key",
        ),
        ("prefecture = \n".into(), (1, 14), ""),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (text, (line, column), says) in cases {
        let path = write(dir.path(), &text);
        let Loaded::Broken(e) = Policy::load(&path) else {
            panic!("{text:?} should be broken")
        };
        assert_eq!((e.line, e.column), (line, column), "{text:?}: {e}");
        assert!(e.message.contains(says), "{text:?}: {e}");
        let shown = e.to_string();
        assert!(
            shown.starts_with(&format!("{}:{line}:{column}: ", path.display())),
            "{shown}"
        );
        assert_eq!(shown.lines().count(), 1, "{shown}");
    }
}

#[test]
fn the_policy_path_is_the_os_one_unless_overridden() {
    std::env::remove_var(policy::PATH_ENV);
    if cfg!(target_os = "linux") {
        assert_eq!(
            policy::default_path(),
            Path::new("/etc/onshi-watch/policy.toml")
        );
    }
    std::env::set_var(policy::PATH_ENV, "/tmp/try/policy.toml");
    assert_eq!(policy::default_path(), Path::new("/tmp/try/policy.toml"));
    std::env::remove_var(policy::PATH_ENV);
}

#[test]
fn a_policy_sets_and_locks_opening_hours_and_names_bad_ones_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "locked = [\"opening_hours\"]\nopening_hours = { weekdays = \"8:30-17:30\", saturday = \"closed\", holidays = \"closed\" }\n",
    );
    let Loaded::Policy(p) = Policy::load(&path) else {
        panic!("{:?}", Policy::load(&path))
    };
    assert!(p.is_locked(Setting::OpeningHours));
    assert_eq!(p.opening_hours.unwrap().to_string(), "weekdays=8:30-17:30");
    let path = write(
        dir.path(),
        "prefecture = 40\nopening_hours = { weekdays = \"18:00-9:00\" }\n",
    );
    let Loaded::Broken(e) = Policy::load(&path) else {
        panic!("{:?}", Policy::load(&path))
    };
    assert_eq!(e.line, 2, "{e}");
    assert!(e.to_string().contains("closes before it opens"), "{e}");
}
