//! The policy file written from an administrator's values reads back, through the app's own
//! reader, to exactly those values; other keys of a file there are kept; a bad value, or
//! none, writes nothing.

use std::path::{Path, PathBuf};

use onshi::policy::{self, FeedPolicy, Loaded, Policy, Setting};
use onshi::policy_write::{self, Given, Key, Written};
use onshi::Prefecture;

fn key_line(dir: &Path) -> String {
    let (_, public) = onshi::feed::sign::keygen(dir, None).unwrap();
    let text = std::fs::read_to_string(public).unwrap();
    text.lines().nth(1).unwrap().to_string()
}

fn read_back(path: &Path) -> Policy {
    match Policy::load(path) {
        Loaded::Policy(p) => p,
        other => panic!("{}: {other:?}", path.display()),
    }
}

fn prefecture(s: &str) -> Given {
    Given {
        prefecture: Some(s.into()),
        ..Given::default()
    }
}

#[test]
fn every_prefecture_in_every_spelling_reads_back_as_itself() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.toml");
    for p in Prefecture::all() {
        let upper_ken = format!("{}-KEN", p.romaji().to_uppercase());
        let spellings = [
            p.code().to_string(),
            format!("{:02}", p.code()),
            p.name().to_string(),
            p.short_name().to_string(),
            p.romaji().to_string(),
            p.name_en(),
            upper_ken,
            format!("\u{3000}{} ", p.name()),
        ];
        for s in spellings {
            let written = policy_write::write(&prefecture(&s), &path).unwrap();
            assert!(
                matches!(written, Written::Written { .. } | Written::Unchanged),
                "{s:?}: {written:?}"
            );
            let back = read_back(&path);
            assert_eq!(back.prefecture, Some(p), "{s:?}");
            assert_eq!(
                (back.facility, &back.services, &back.feed, back.locked.len()),
                (None, &None, &None, 0),
                "{s:?}: only the key given"
            );
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.starts_with(policy_write::HEADER), "{text}");
            assert!(
                text.contains(&format!("prefecture = \"{}\"", p.name())),
                "{text}"
            );
        }
    }
}

#[test]
fn odd_values_read_back_equal() {
    let dir = tempfile::tempdir().unwrap();
    let (k1, k2) = (
        key_line(&dir.path().join("a")),
        key_line(&dir.path().join("b")),
    );
    let urls = [
        "http://intranet.example/onshi/feed.toml",
        "HTTPS://Feed.Example/オン資/feed.toml?x=1&y=\"2\"",
        r"\\fileserver\onshi\",
        r#"C:\共有\"オン資"\feed"#,
        "file:///srv/onshi feed/feed.toml",
        "it's 'quoted' and \\\"escaped\\\"",
        "#not a comment = [x]",
    ];
    for (i, url) in urls.iter().enumerate() {
        let path = dir.path().join(format!("p{i}.toml"));
        let given = Given {
            prefecture: Some(" Fukuoka-ken ".into()),
            facility: Some("薬局".into()),
            feed_url: Some(format!("  {url}\t")),
            feed_keys: vec![format!(" {k1} ,{k2};{k1}"), k2.clone()],
            relay_folder: None,
        };
        assert!(matches!(
            policy_write::write(&given, &path).unwrap(),
            Written::Written { kept: None }
        ));
        let back = read_back(&path);
        assert_eq!(back.prefecture, Prefecture::from_code(40));
        assert_eq!(back.facility, Some(policy::Facility::Pharmacy));
        assert_eq!(
            back.feed,
            Some(FeedPolicy {
                url: url.to_string(),
                keys: vec![k1.clone(), k2.clone()],
            }),
            "{}",
            std::fs::read_to_string(&path).unwrap()
        );
        // What was written is what a dry run shows, and writing it again changes nothing.
        assert_eq!(
            policy_write::preview(&given, &path).unwrap().unwrap(),
            std::fs::read_to_string(&path).unwrap()
        );
        assert_eq!(
            policy_write::write(&given, &path).unwrap(),
            Written::Unchanged
        );
    }
    for (f, want) in [
        ("clinic", policy::Facility::Clinic),
        ("DENTAL", policy::Facility::Dental),
        ("歯科", policy::Facility::Dental),
        ("診療所", policy::Facility::Clinic),
        ("Pharmacy", policy::Facility::Pharmacy),
    ] {
        let path = dir.path().join("f.toml");
        let given = Given {
            facility: Some(f.into()),
            ..Given::default()
        };
        policy_write::write(&given, &path).unwrap();
        assert_eq!(read_back(&path).facility, Some(want), "{f}");
    }
}

#[test]
fn the_keys_given_are_set_and_every_other_key_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (k1, k2) = (
        key_line(&dir.path().join("a")),
        key_line(&dir.path().join("b")),
    );
    let path = dir.path().join("policy.toml");
    let hand_written = format!(
        "# 本部が書いた / written by hand\nprefecture = \"福岡\"\nservices = [\"oqs\", \"erx\"]\nlocked = [\"prefecture\", \"feed\"]\n\n[feed]\nurl = \"http://old.example/feed.toml\"\nkeys = [\"{k1}\"]\n"
    );
    std::fs::write(&path, &hand_written).unwrap();
    let given = Given {
        prefecture: Some("13".into()),
        feed_url: Some("http://new.example/feed.toml".into()),
        ..Given::default()
    };
    let Written::Written { kept: Some(kept) } = policy_write::write(&given, &path).unwrap() else {
        panic!("not written, or the old file not kept")
    };
    assert_eq!(std::fs::read_to_string(kept).unwrap(), hand_written);
    let back = read_back(&path);
    assert_eq!(back.prefecture, Prefecture::from_code(13));
    assert_eq!(back.services, Some(vec!["oqs".into(), "erx".into()]));
    assert_eq!(
        back.locked.into_iter().collect::<Vec<_>>(),
        [Setting::Prefecture, Setting::Feed]
    );
    // A new URL alone keeps the keys, and new keys alone keep the URL.
    assert_eq!(
        back.feed,
        Some(FeedPolicy {
            url: "http://new.example/feed.toml".into(),
            keys: vec![k1.clone()]
        })
    );
    let keys_only = Given {
        feed_keys: vec![k2.clone()],
        ..Given::default()
    };
    policy_write::write(&keys_only, &path).unwrap();
    assert_eq!(
        read_back(&path).feed,
        Some(FeedPolicy {
            url: "http://new.example/feed.toml".into(),
            keys: vec![k2]
        })
    );
}

fn refused(given: &Given, path: &Path) -> policy_write::Refused {
    let before = std::fs::read(path).ok();
    let err = policy_write::write(given, path).unwrap_err();
    assert_eq!(
        std::fs::read(path).ok(),
        before,
        "{err:?}: the file changed"
    );
    assert!(!err.message.contains('\n'), "one line: {err:?}");
    err
}

#[test]
fn a_bad_value_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let key = key_line(&dir.path().join("k"));
    let path = dir.path().join("policy.toml");
    let feed = |url: &str, keys: &[&str]| Given {
        feed_url: Some(url.into()),
        feed_keys: keys.iter().map(|k| k.to_string()).collect(),
        ..Given::default()
    };
    let with = |base: Given, f: fn(&mut Given)| {
        let mut g = base;
        f(&mut g);
        g
    };
    let cases: Vec<(Given, Key, &str)> = vec![
        (
            prefecture("ネバーランド"),
            Key::Prefecture,
            "\"ネバーランド\"",
        ),
        (prefecture("48"), Key::Prefecture, "1–47"),
        (prefecture("福岡\n県"), Key::Prefecture, "\\n"),
        (
            with(prefecture("40"), |g| g.facility = Some("hospice".into())),
            Key::Facility,
            "pharmacy",
        ),
        (
            feed("http://a.example/feed.toml", &[]),
            Key::FeedUrl,
            "feed.pub",
        ),
        (feed("", &[key.as_str()]), Key::FeedKey, "URL"),
        (
            feed("http://a\nb/feed.toml", &[key.as_str()]),
            Key::FeedUrl,
            "\\n",
        ),
        (
            feed("http://a.example/feed.toml", &[&key[1..]]),
            Key::FeedKey,
            "RW…",
        ),
        (
            feed("http://a.example/feed.toml", &[&format!("RX{}", &key[2..])]),
            Key::FeedKey,
            "not a minisign public key",
        ),
        (
            feed("http://a.example/feed.toml", &[",;"]),
            Key::FeedKey,
            "no key",
        ),
    ];
    for existing in [None, Some("prefecture = \"沖縄\"\n")] {
        if let Some(text) = existing {
            std::fs::write(&path, text).unwrap();
        }
        for (given, key, says) in &cases {
            let err = refused(given, &path);
            assert_eq!(err.key, Some(*key), "{given:?}: {err:?}");
            assert!(err.message.contains(says), "{given:?}: {err:?}");
            assert!(
                err.shown(Key::property)
                    .starts_with(&format!("{}: ", key.property())),
                "{err:?}"
            );
        }
        assert_eq!(path.exists(), existing.is_some());
    }
}

#[test]
fn a_broken_policy_file_there_is_named_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.toml");
    std::fs::write(&path, "prefecture = \"福岡\"\nfacility = \"hospital\"\n").unwrap();
    let err = refused(&prefecture("40"), &path);
    assert_eq!(err.key, None);
    assert!(
        err.message
            .starts_with(&format!("{}:2:12: ", path.display())),
        "{err:?}"
    );
    // Nothing given: nothing to do, even over a broken file.
    assert_eq!(
        policy_write::write(&Given::default(), &path).unwrap(),
        Written::NothingGiven
    );
}

#[test]
fn nothing_given_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("sub").join("policy.toml");
    let blank = Given {
        prefecture: Some(" ".into()),
        facility: Some("\u{3000}".into()),
        feed_url: Some(String::new()),
        feed_keys: vec!["\t".into()],
        relay_folder: Some("  ".into()),
    };
    for given in [Given::default(), blank] {
        assert!(given.is_empty());
        assert_eq!(
            policy_write::write(&given, &path).unwrap(),
            Written::NothingGiven
        );
        assert_eq!(policy_write::preview(&given, &path).unwrap(), None);
        assert!(!dir.path().join("sub").exists());
    }
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(&path, "# mine\n").unwrap();
    policy_write::write(&Given::default(), &path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# mine\n");
    // A missing folder is made.
    let deep = dir.path().join("a").join("b").join("policy.toml");
    policy_write::write(&prefecture("40"), &deep).unwrap();
    assert_eq!(read_back(&deep).prefecture, Prefecture::from_code(40));
}

#[test]
fn an_installer_writing_over_a_policy_keeps_its_autostart_and_its_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.toml");
    std::fs::write(
        &path,
        "facility = \"dental\"\nautostart = false\nlocked = [\"autostart\"]\n",
    )
    .unwrap();
    policy_write::write(&prefecture("40"), &path).unwrap();
    let back = read_back(&path);
    assert_eq!(back.prefecture, Some("40".parse().unwrap()));
    assert_eq!(back.autostart, Some(false));
    assert!(back.is_locked(Setting::Autostart));
}

#[test]
fn an_installer_writing_over_a_policy_keeps_its_opening_hours() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.toml");
    std::fs::write(
        &path,
        "opening_hours = { weekdays = \"9:00-12:30,14:00-18:00\", thursday = \"9:00-12:30\", saturday = \"9:00-13:00\" }\nlocked = [\"opening_hours\"]\n",
    )
    .unwrap();
    policy_write::write(&prefecture("40"), &path).unwrap();
    let back = read_back(&path);
    assert_eq!(
        back.opening_hours.as_ref().unwrap().to_string(),
        "monday=9:00-12:30,14:00-18:00; tuesday=9:00-12:30,14:00-18:00; wednesday=9:00-12:30,14:00-18:00; thursday=9:00-12:30; friday=9:00-12:30,14:00-18:00; saturday=9:00-13:00"
    );
    assert!(back.is_locked(Setting::OpeningHours));
}

#[test]
fn a_relay_folder_is_written_when_it_is_a_full_path_and_read_back_by_the_app_s_rules() {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["\\\\nas\\onshi-feed", "C:\\onshi-feed", "/mnt/onshi-feed"] {
        let path = dir.path().join("policy.toml");
        let given = Given {
            relay_folder: Some(format!(" {folder} ")),
            ..Given::default()
        };
        policy_write::write(&given, &path).unwrap();
        assert_eq!(read_back(&path).relay_folder.as_deref(), Some(folder));
    }
    // A relative folder (or one with a line break) is refused, naming the value; nothing written.
    let path = dir.path().join("refused.toml");
    for folder in ["onshi-feed", "/mnt/a\nb"] {
        let given = Given {
            relay_folder: Some(folder.into()),
            ..Given::default()
        };
        let e = policy_write::write(&given, &path).unwrap_err();
        assert_eq!(e.key, Some(Key::RelayFolder));
        assert!(
            e.shown(Key::option).starts_with("--relay-folder: "),
            "{}",
            e.message
        );
        assert!(!path.exists());
    }
}
