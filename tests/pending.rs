//! 「確認待ちの患者」 through real files on disk: kept across a reopen, never in plain text,
//! deleted when 確認済み, purged after 31 days, a broken or foreign file moved aside.

use std::path::Path;

use onshi::announced::Announced;
use onshi::pending::{self, NewEntry, Pending};
use onshi::time::{parse_instant, Instant};
use onshi::{Lang, Prefecture, Schedule};

const NAME: &str = "山田 花子";
const ADDRESS: &str = "福岡県福岡市中央区天神一丁目2番3号";
const MEMO: &str = "資格確認書を忘れた、3割で会計";

fn at(s: &str) -> Instant {
    parse_instant(s).unwrap()
}

fn hanako() -> NewEntry {
    NewEntry {
        name: NAME.into(),
        sex: "女".into(),
        birth: "1948-07-15".into(),
        address: ADDRESS.into(),
        memo: Some(MEMO.into()),
    }
}

fn taro() -> NewEntry {
    NewEntry {
        name: "佐藤 太郎".into(),
        sex: "男".into(),
        birth: "1960-01-02".into(),
        address: "福岡県北九州市小倉北区".into(),
        memo: None,
    }
}

fn open(dir: &Path) -> (Pending, Option<String>) {
    Pending::open(dir).expect("the key can be made")
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    let n = needle.as_bytes();
    haystack.windows(n.len()).any(|w| w == n)
}

/// Every file in `dir` as bytes, with its name.
fn every_file(dir: &Path) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn an_entry_added_is_there_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2024-12-31T04:00:00+09:00");
    let (mut list, problem) = open(dir.path());
    assert_eq!(problem, None);
    assert!(list.list().is_empty());
    let added = list.add(hanako(), now).unwrap();
    list.add(taro(), now).unwrap();
    drop(list);

    let (list, problem) = open(dir.path());
    assert_eq!(problem, None);
    let names: Vec<&str> = list.list().iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, [NAME, "佐藤 太郎"]);
    let first = &list.list()[0];
    assert_eq!(first, &added);
    assert_eq!(first.sex, "女");
    assert_eq!(first.birth, "1948-07-15");
    assert_eq!(first.address, ADDRESS);
    assert_eq!(first.memo.as_deref(), Some(MEMO));
    assert_eq!(first.added, now);
    assert_eq!(list.list()[1].memo, None);
}

#[test]
fn no_file_in_the_folder_holds_a_name_address_or_memo_in_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut list, _) = open(dir.path());
    list.add(hanako(), at("2024-12-31T04:00:00+09:00")).unwrap();
    let files = every_file(dir.path());
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&pending::FILE_NAME), "{names:?}");
    assert!(names.contains(&pending::KEY_FILE_NAME), "{names:?}");
    for (file, bytes) in &files {
        for secret in [NAME, "山田", ADDRESS, "天神", MEMO, "1948-07-15"] {
            assert!(
                !contains(bytes, secret),
                "{file} holds {secret} in plain text"
            );
        }
    }
    // Nor does a Debug print, the shape a log line would take.
    let debug = format!("{:?} {:?} {:?}", list, list.list(), hanako());
    assert!(
        !debug.contains("山田") && !debug.contains("天神"),
        "{debug}"
    );
}

#[cfg(unix)]
#[test]
fn the_key_and_the_list_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (mut list, _) = open(dir.path());
    list.add(hanako(), at("2024-12-31T04:00:00+09:00")).unwrap();
    for name in [pending::KEY_FILE_NAME, pending::FILE_NAME] {
        let mode = std::fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}");
    }
}

#[test]
fn confirmed_deletes_the_entry_from_disk() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2024-12-31T04:00:00+09:00");
    let (mut list, _) = open(dir.path());
    let hanako = list.add(hanako(), now).unwrap();
    list.add(taro(), now).unwrap();
    let before = std::fs::read(dir.path().join(pending::FILE_NAME)).unwrap();

    assert_eq!(list.mark_done(&hanako.id), Ok(true));
    assert_eq!(list.mark_done(&hanako.id), Ok(false), "already gone");
    let after = std::fs::read(dir.path().join(pending::FILE_NAME)).unwrap();
    assert_ne!(before, after, "the file was rewritten");
    // No temporary file is left behind holding the old list.
    let names: Vec<String> = every_file(dir.path()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names.len(), 2, "{names:?}");

    let (list, _) = open(dir.path());
    let names: Vec<&str> = list.list().iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["佐藤 太郎"]);
}

#[test]
fn an_entry_older_than_31_days_is_purged_and_a_younger_one_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (mut list, _) = open(dir.path());
    list.add(hanako(), at("2024-12-01T10:00:00+09:00")).unwrap();
    list.add(taro(), at("2024-12-20T10:00:00+09:00")).unwrap();
    // 31 days after the first: kept to the second.
    assert_eq!(list.purge(at("2025-01-01T10:00:00+09:00")), Ok(0));
    // 32 days after it.
    assert_eq!(list.purge(at("2025-01-02T10:00:00+09:00")), Ok(1));
    drop(list);
    let (list, _) = open(dir.path());
    let names: Vec<&str> = list.list().iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["佐藤 太郎"]);
}

fn assert_moved_aside(dir: &Path, problem: Option<String>, original: &[u8]) {
    let problem = problem.expect("a problem line");
    let aside: Vec<(String, Vec<u8>)> = every_file(dir)
        .into_iter()
        .filter(|(n, _)| n.starts_with("pending.broken-") && n.ends_with(".enc"))
        .collect();
    assert_eq!(aside.len(), 1, "{problem}");
    let (name, bytes) = &aside[0];
    assert!(problem.contains(name.as_str()), "{problem}");
    assert!(problem.starts_with("確認待ちの患者の記録"), "{problem}");
    assert!(!problem.contains("山田"), "{problem}");
    assert_eq!(bytes, original, "kept as it was");
}

#[test]
fn a_corrupt_file_is_moved_aside_and_named_and_the_list_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let (mut list, _) = open(dir.path());
    list.add(hanako(), at("2024-12-31T04:00:00+09:00")).unwrap();
    drop(list);
    let path = dir.path().join(pending::FILE_NAME);
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    std::fs::write(&path, &bytes).unwrap();

    let (mut list, problem) = open(dir.path());
    assert_moved_aside(dir.path(), problem, &bytes);
    assert!(list.list().is_empty());
    list.add(taro(), at("2024-12-31T05:00:00+09:00")).unwrap();
    let (list, problem) = open(dir.path());
    assert_eq!(problem, None);
    assert_eq!(list.list().len(), 1);
}

#[test]
fn bytes_that_are_not_a_list_at_all_are_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(pending::FILE_NAME);
    std::fs::write(&path, b"{\"not\": \"ours\"}").unwrap();
    let (list, problem) = open(dir.path());
    assert_moved_aside(dir.path(), problem, b"{\"not\": \"ours\"}");
    assert!(list.list().is_empty());
}

#[test]
fn a_huge_file_is_moved_aside_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(pending::FILE_NAME);
    let huge = vec![b'x'; 9 << 20];
    std::fs::write(&path, &huge).unwrap();
    let (list, problem) = open(dir.path());
    assert!(
        problem.as_deref().unwrap_or("").contains("too large"),
        "{problem:?}"
    );
    assert_moved_aside(dir.path(), problem, &huge);
    assert!(list.list().is_empty());
}

#[test]
fn a_file_encrypted_with_another_key_is_moved_aside_and_named() {
    let other = tempfile::tempdir().unwrap();
    let (mut list, _) = open(other.path());
    list.add(hanako(), at("2024-12-31T04:00:00+09:00")).unwrap();
    let foreign = std::fs::read(other.path().join(pending::FILE_NAME)).unwrap();

    let dir = tempfile::tempdir().unwrap();
    open(dir.path()); // this PC's own key
    std::fs::write(dir.path().join(pending::FILE_NAME), &foreign).unwrap();
    let (list, problem) = open(dir.path());
    assert!(
        problem.as_deref().unwrap_or("").contains("wrong key"),
        "{problem:?}"
    );
    assert_moved_aside(dir.path(), problem, &foreign);
    assert!(list.list().is_empty());
}

#[test]
fn a_broken_key_is_kept_aside_and_a_new_one_made() {
    let dir = tempfile::tempdir().unwrap();
    let (mut list, _) = open(dir.path());
    list.add(hanako(), at("2024-12-31T04:00:00+09:00")).unwrap();
    drop(list);
    std::fs::write(dir.path().join(pending::KEY_FILE_NAME), b"garbage\n").unwrap();
    let (mut list, problem) = open(dir.path());
    let problem = problem.expect("named");
    let files: Vec<String> = every_file(dir.path()).into_iter().map(|(n, _)| n).collect();
    assert!(
        files
            .iter()
            .any(|n| n.starts_with("pending.broken-") && n.ends_with(".key")),
        "{files:?}"
    );
    assert!(problem.contains("pending.broken-"), "{problem}");
    list.add(taro(), at("2024-12-31T05:00:00+09:00")).unwrap();
    assert_eq!(open(dir.path()).0.list().len(), 1);
}

#[test]
fn the_form_is_checked_field_by_field_and_nothing_is_added_on_error() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2024-12-31T04:00:00+09:00");
    let (mut list, _) = open(dir.path());
    let cases = [
        (
            NewEntry {
                name: "  ".into(),
                ..hanako()
            },
            "氏名を入れてください",
        ),
        (
            NewEntry {
                sex: "".into(),
                ..hanako()
            },
            "性別を入れてください",
        ),
        (
            NewEntry {
                birth: "昭和23年".into(),
                ..hanako()
            },
            "1950-04-01 の形",
        ),
        (
            NewEntry {
                birth: "2025-01-01".into(),
                ..hanako()
            },
            "今日より後",
        ),
        (
            NewEntry {
                address: "".into(),
                ..hanako()
            },
            "住所を入れてください",
        ),
        (
            NewEntry {
                memo: Some("あ".repeat(501)),
                ..hanako()
            },
            "メモが長すぎます",
        ),
    ];
    for (entry, expected) in cases {
        let err = list.add(entry, now).unwrap_err();
        assert!(err.contains(expected), "{err}");
        assert!(!err.contains("山田"), "{err}");
    }
    assert!(list.list().is_empty());
    assert!(!dir.path().join(pending::FILE_NAME).exists());
    // A memo of blanks is none.
    let e = list
        .add(
            NewEntry {
                memo: Some("  ".into()),
                ..hanako()
            },
            now,
        )
        .unwrap();
    assert_eq!(e.memo, None);
}

#[test]
fn the_reminder_comes_once_after_the_planned_end_while_someone_waits() {
    let fukuoka: Prefecture = "福岡".parse().unwrap();
    let windows = Schedule::embedded().windows_for(fukuoka);
    // The seed's full stop in Fukuoka: 2024-12-31 03:00–05:20.
    let dir = tempfile::tempdir().unwrap();
    let (mut list, _) = open(dir.path());
    let during = at("2024-12-31T04:00:00+09:00");
    let after = at("2024-12-31T05:20:00+09:00");
    let told = Announced::in_memory();

    assert_eq!(
        pending::remind_due(list.list(), &windows, fukuoka, &told, after, Lang::Ja),
        None,
        "nobody waits"
    );
    list.add(hanako(), during).unwrap();
    list.add(taro(), during).unwrap();
    assert_eq!(
        pending::remind_due(list.list(), &windows, fukuoka, &told, during, Lang::Ja),
        None,
        "the window has not ended"
    );
    let due = pending::remind_due(list.list(), &windows, fukuoka, &told, after, Lang::Ja)
        .expect("due at the planned end");
    assert_eq!(due.title, "確認待ちの患者さんがいます");
    assert_eq!(
        due.body,
        "停止の予定時刻を過ぎました。確認待ちの2人の資格を確認し、済んだら「確認済み」を押してください。"
    );
    assert_eq!(due.told.len(), 1, "{:?}", due.told);
    assert_eq!(due.told[0].event, pending::REMINDER_EVENT);
    assert_eq!(due.told[0].boundary, after);
    assert!(!due.body.contains("山田"));

    // Once told (and recorded on disk as the app does), never again.
    let told_dir = tempfile::tempdir().unwrap();
    let (mut told, _) = Announced::open(told_dir.path());
    told.record(due.told.clone());
    let (told, _) = Announced::open(told_dir.path());
    assert_eq!(
        pending::remind_due(list.list(), &windows, fukuoka, &told, after, Lang::Ja),
        None
    );

    // Long after (the list purged by then): never.
    let later = at("2025-02-15T09:00:00+09:00");
    assert_eq!(
        pending::remind_due(
            list.list(),
            &windows,
            fukuoka,
            &Announced::in_memory(),
            later,
            Lang::Ja
        ),
        None
    );
}

#[test]
fn the_list_is_shown_during_a_window_for_7_days_after_and_while_someone_waits() {
    let fukuoka: Prefecture = "福岡".parse().unwrap();
    let windows = Schedule::embedded().windows_for(fukuoka);
    let shown =
        |entries: &[pending::Entry], t: &str| pending::shown(entries, &windows, fukuoka, at(t));
    // The seed's first window in Fukuoka starts 2024-12-31 03:00; the last one of the
    // seed ends 2025-01-01 03:00.
    assert!(
        !shown(&[], "2024-12-31T02:59:00+09:00"),
        "before any window"
    );
    assert!(shown(&[], "2024-12-31T03:00:00+09:00"), "during");
    assert!(
        shown(&[], "2025-01-07T09:00:00+09:00"),
        "within 7 days after"
    );
    assert!(
        !shown(&[], "2025-01-08T03:00:00+09:00"),
        "7 days after the last end"
    );

    let dir = tempfile::tempdir().unwrap();
    let (mut list, _) = open(dir.path());
    list.add(hanako(), at("2024-12-31T04:00:00+09:00")).unwrap();
    assert!(
        shown(list.list(), "2025-01-20T09:00:00+09:00"),
        "someone waits"
    );
}

#[test]
fn the_line_above_the_list_says_when_the_window_was_to_end_once_it_has() {
    let fukuoka: Prefecture = "福岡".parse().unwrap();
    let windows = Schedule::embedded().windows_for(fukuoka);
    let dir = tempfile::tempdir().unwrap();
    let (mut list, _) = open(dir.path());
    let line = |entries: &[pending::Entry], t: &str| {
        pending::after_end_line(entries, &windows, fukuoka, at(t), Lang::Ja)
    };
    assert_eq!(
        line(list.list(), "2024-12-31T06:00:00+09:00"),
        None,
        "nobody waits"
    );
    list.add(hanako(), at("2024-12-31T04:00:00+09:00")).unwrap();
    assert_eq!(
        line(list.list(), "2024-12-31T04:30:00+09:00"),
        None,
        "still down"
    );
    assert_eq!(
        line(list.list(), "2024-12-31T06:00:00+09:00").as_deref(),
        Some("停止は12月31日(火) 5:20に終わる予定でした。オン資が使えることを確かめてから、一人ずつ資格を確認し「確認済み」を押してください。")
    );
}

#[test]
fn at_start_an_old_list_is_purged_and_no_list_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    assert!(pending::purge_at_start(dir.path(), at("2025-02-01T09:00:00+09:00")).is_empty());
    assert!(every_file(dir.path()).is_empty(), "no key made for nothing");

    let (mut list, _) = open(dir.path());
    list.add(hanako(), at("2024-12-31T04:00:00+09:00")).unwrap();
    drop(list);
    assert!(pending::purge_at_start(dir.path(), at("2025-02-01T09:00:00+09:00")).is_empty());
    assert!(open(dir.path()).0.list().is_empty());

    std::fs::write(dir.path().join(pending::FILE_NAME), b"junk").unwrap();
    let problems = pending::purge_at_start(dir.path(), at("2025-02-01T09:00:00+09:00"));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("pending.broken-"), "{problems:?}");
}

#[test]
fn the_timer_reminds_once_per_window_end_across_restarts_and_not_for_an_empty_list() {
    let fukuoka: Prefecture = "福岡".parse().unwrap();
    let windows = Schedule::embedded().windows_for(fukuoka);
    let dir = tempfile::tempdir().unwrap();
    let during = at("2024-12-31T04:00:00+09:00");
    let after = at("2024-12-31T05:20:00+09:00");

    // Nobody on the list at the first window's end: nothing, no key made, and that end is
    // told so a patient added later is not reminded of it.
    let (mut watch, problem) = pending::ReminderWatch::open(dir.path(), true);
    assert_eq!(problem, None);
    assert_eq!(watch.due(&windows, fukuoka, during, Lang::Ja), (None, None));
    assert_eq!(watch.due(&windows, fukuoka, after, Lang::Ja), (None, None));
    assert!(!dir.path().join(pending::KEY_FILE_NAME).exists());

    let (mut list, _) = open(dir.path());
    list.add(hanako(), at("2024-12-31T09:00:00+09:00")).unwrap();
    let later = at("2024-12-31T10:00:00+09:00");
    assert_eq!(watch.due(&windows, fukuoka, later, Lang::Ja).0, None);

    // The seed's next Fukuoka window ends 2025-01-01 03:00 (planned): one reminder.
    let next_end = windows
        .iter()
        .map(|w| w.end)
        .filter(|e| *e > later)
        .min()
        .expect("a later window in the seed");
    let (due, problem) = watch.due(&windows, fukuoka, next_end, Lang::En);
    assert_eq!(problem, None);
    let due = due.expect("someone waits at the next end");
    assert_eq!(due.title, "Patients to confirm");
    assert!(due.body.contains("the 1 patient(s)"), "{}", due.body);
    assert_eq!(
        watch.due(&windows, fukuoka, next_end, Lang::Ja),
        (None, None),
        "once"
    );

    // After a restart, the record on disk says it was told.
    let (mut again, _) = pending::ReminderWatch::open(dir.path(), true);
    assert_eq!(
        again.due(&windows, fukuoka, next_end, Lang::Ja),
        (None, None)
    );
    // A drill's watch remembers nothing on disk: a rerun drill reminds again.
    let (mut drill, _) = pending::ReminderWatch::open(dir.path(), false);
    assert!(drill.due(&windows, fukuoka, next_end, Lang::Ja).0.is_some());
}
