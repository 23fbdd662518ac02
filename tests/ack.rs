//! 「確認しました」 shared by the clinic's PCs through one folder: real temporary folders,
//! real files, alerts of the real seed plan (福岡, 12/31 3:00–5:20).

mod common;

use std::path::Path;
use std::time::{Duration, Instant as Clock};

use common::{pref, t};
use onshi::ack::{self, Ack, AckBook, Alert};
use onshi::plan::plan_on;
use onshi::{EventKind, Lang, Reminders, Schedule, Timeline};

fn fukuoka() -> Timeline {
    Schedule::embedded().timeline(pref("福岡"))
}

/// The alert of the seed plan's event of `kind` due in `(from, to]`.
fn alert(from: &str, to: &str, kind: EventKind) -> Alert {
    let tl = fukuoka();
    let e = plan_on(&tl, &Reminders::default(), t(from), t(to))
        .into_iter()
        .find(|e| e.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} in ({from}, {to}]"));
    Alert::of_event(&e, &tl)
}

fn start() -> Alert {
    alert(
        "2024-12-31T02:59+09:00",
        "2024-12-31T03:00+09:00",
        EventKind::Start,
    )
}

fn end() -> Alert {
    alert(
        "2024-12-31T05:19+09:00",
        "2024-12-31T05:20+09:00",
        EventKind::End,
    )
}

fn shared(dir: &Path, label: &str) -> AckBook {
    AckBook::new(label, Some(dir.to_path_buf()))
}

#[test]
fn two_pcs_each_see_what_the_other_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let mut one = shared(dir.path(), "受付1");
    let mut two = shared(dir.path(), "受付2");
    assert!(one.refresh().is_empty());
    assert!(two.refresh().is_empty());

    assert!(one
        .acknowledge(&start(), t("2024-12-31T03:02+09:00"))
        .is_empty());
    assert!(two.acked_elsewhere(&start()).is_none(), "not read yet");
    assert!(two.refresh().is_empty());
    let seen = two.acked_elsewhere(&start()).expect("受付1's ack");
    assert_eq!(seen.by, "受付1");
    assert_eq!(seen.by_other_label(Lang::Ja), "受付1 が確認しました");
    assert_eq!(seen.label(Lang::Ja), "確認済み 受付1 3:02");
    assert_eq!(seen.label(Lang::En), "Acknowledged: 受付1 03:02");
    // 受付1 itself has its own ack, not another's.
    assert!(one.acked_elsewhere(&start()).is_none());
    assert_eq!(one.ack_of(&start()).unwrap().by, "受付1");

    // And the other way round, for another alert.
    assert!(two.ack_of(&end()).is_none());
    assert!(two
        .acknowledge(&end(), t("2024-12-31T05:21+09:00"))
        .is_empty());
    one.refresh();
    assert_eq!(one.acked_elsewhere(&end()).unwrap().by, "受付2");
    assert!(one.acked_elsewhere(&start()).is_none());

    // One file per PC, named by its label.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["受付1.json", "受付2.json"]);
}

#[test]
fn a_pc_started_inside_the_outage_shares_the_start_s_alert() {
    // 受付3 was switched on at 4:00: it is told "already down", the same alert as the start.
    let late = alert(
        "2024-12-31T04:00+09:00",
        "2024-12-31T04:00+09:00",
        EventKind::AlreadyDown,
    );
    assert_eq!(late, start());
    let dir = tempfile::tempdir().unwrap();
    shared(dir.path(), "受付1").acknowledge(&start(), t("2024-12-31T03:02+09:00"));
    let mut three = shared(dir.path(), "受付3");
    three.refresh();
    assert_eq!(three.acked_elsewhere(&late).unwrap().by, "受付1");
}

#[test]
fn the_file_holds_alert_ids_labels_and_times_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut one = shared(dir.path(), "受付1");
    one.refresh();
    one.acknowledge(&start(), t("2024-12-31T03:02+09:00"));
    let text = std::fs::read_to_string(dir.path().join("受付1.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&v), ["acks", "pc", "version"]);
    let a = &v["acks"][0];
    assert_eq!(keys(a), ["alert", "at", "by"]);
    assert_eq!(keys(&a["alert"]), ["boundary", "kind", "notice", "window"]);
    assert_eq!(a["alert"]["boundary"], "2024-12-31T03:00:00+09:00");
    assert_eq!(a["alert"]["kind"], "down");
    assert_eq!(a["at"], "2024-12-31T03:02:00+09:00");
    // No temporary file is left behind by the atomic save.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_restart_keeps_what_this_pc_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let mut before = shared(dir.path(), "受付2");
    before.refresh();
    before.acknowledge(&start(), t("2024-12-31T03:02+09:00"));
    drop(before);

    let mut after = shared(dir.path(), "受付2");
    // Acknowledging before the first look must not overwrite the earlier one.
    assert!(after
        .acknowledge(&end(), t("2024-12-31T05:21+09:00"))
        .is_empty());
    assert_eq!(after.ack_of(&start()).unwrap().by, "受付2");
    let mut again = shared(dir.path(), "受付2");
    assert!(again.refresh().is_empty());
    assert!(again.ack_of(&start()).is_some());
    assert!(again.ack_of(&end()).is_some());
    assert!(again.acked_elsewhere(&start()).is_none(), "its own ack");
}

#[test]
fn another_pc_s_garbage_file_is_named_ignored_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    shared(dir.path(), "受付1").acknowledge(&start(), t("2024-12-31T03:02+09:00"));
    let garbage = dir.path().join("受付9.json");
    std::fs::write(&garbage, "{ not json").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not an ack file").unwrap();

    let mut two = shared(dir.path(), "受付2");
    let problems = two.refresh();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("受付9.json"), "{}", problems[0]);
    assert!(problems[0].contains("無視しました"), "{}", problems[0]);
    // The good file is still read.
    assert_eq!(two.acked_elsewhere(&start()).unwrap().by, "受付1");
    // Told once, not at every look; and the file is another PC's: never moved or changed.
    assert!(two.refresh().is_empty());
    assert_eq!(std::fs::read_to_string(&garbage).unwrap(), "{ not json");

    // JSON of the wrong shape is garbage too.
    std::fs::write(&garbage, r#"{"version": 1, "acks": "all"}"#).unwrap();
    let problems = two.refresh();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("受付9.json"));
}

#[test]
fn a_missing_folder_is_told_once_and_never_made() {
    let tmp = tempfile::tempdir().unwrap();
    let gone = tmp.path().join("share-not-mounted");
    let mut two = shared(&gone, "受付2");
    let began = Clock::now();
    let problems = two.refresh();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("共有フォルダを使えません"),
        "{}",
        problems[0]
    );
    assert!(problems[0].contains("share-not-mounted"), "{}", problems[0]);
    assert!(two.refresh().is_empty(), "told once");

    // Acknowledging still works on this PC; the folder is not told again for the write.
    assert!(two
        .acknowledge(&start(), t("2024-12-31T03:02+09:00"))
        .is_empty());
    assert!(two
        .acknowledge(&end(), t("2024-12-31T05:21+09:00"))
        .is_empty());
    assert_eq!(two.ack_of(&start()).unwrap().by, "受付2");
    assert!(
        !gone.exists(),
        "a share that is not there must not become a local folder"
    );
    assert!(began.elapsed() < Duration::from_secs(2));

    // The share comes back: what was acknowledged meanwhile is written at the next look.
    std::fs::create_dir(&gone).unwrap();
    assert!(two.refresh().is_empty());
    let mut one = shared(&gone, "受付1");
    one.refresh();
    assert_eq!(one.acked_elsewhere(&start()).unwrap().by, "受付2");
    assert_eq!(one.acked_elsewhere(&end()).unwrap().by, "受付2");
    let third = alert(
        "2024-12-31T02:49+09:00",
        "2024-12-31T02:50+09:00",
        EventKind::Reminder { minutes: 10 },
    );
    assert!(two
        .acknowledge(&third, t("2024-12-31T02:51+09:00"))
        .is_empty());
    one.refresh();
    for a in [start(), end(), third] {
        assert_eq!(one.acked_elsewhere(&a).unwrap().by, "受付2");
    }
}

/// A folder this process cannot write to: made read-only, or — as root, whom 0555 does
/// not stop — a path whose parent is a file, where nothing can be made.
fn unwritable(tmp: &Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmp.join("read-only");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = dir.join("probe");
    if std::fs::write(&probe, "x").is_err() {
        return dir;
    }
    std::fs::remove_file(&probe).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let file = tmp.join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    file
}

#[test]
fn a_folder_that_cannot_be_written_is_told_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = unwritable(tmp.path());
    let mut two = shared(&dir, "受付2");
    // Whichever look finds it first (listing a file as a folder, or writing into a
    // read-only one), the problem is told once over all of them.
    let mut told = two.refresh();
    told.extend(two.acknowledge(&start(), t("2024-12-31T03:02+09:00")));
    told.extend(two.acknowledge(&end(), t("2024-12-31T05:21+09:00")));
    told.extend(two.refresh());
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].contains(&dir.display().to_string()), "{}", told[0]);
    assert!(told[0].contains("共有フォルダ"), "{}", told[0]);
    // Still acknowledged here: the banner on this PC closes.
    assert!(two.ack_of(&start()).is_some());
    if dir.is_dir() {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn without_a_shared_folder_acks_stay_on_this_pc() {
    let mut alone = AckBook::new("受付1", None);
    assert!(alone.refresh().is_empty());
    assert!(alone
        .acknowledge(&start(), t("2024-12-31T03:02+09:00"))
        .is_empty());
    assert_eq!(alone.ack_of(&start()).unwrap().by, "受付1");
    assert!(alone.ack_of(&end()).is_none());
}

#[test]
fn read_others_returns_acks_and_problems_and_skips_this_pc_s_file() {
    let dir = tempfile::tempdir().unwrap();
    let at = t("2024-12-31T03:02+09:00");
    let ack = |by: &str| Ack {
        alert: start(),
        by: by.into(),
        at,
    };
    ack::save_own(dir.path(), "受付1", &[ack("受付1")]).unwrap();
    ack::save_own(dir.path(), "受付2", &[ack("受付2")]).unwrap();
    std::fs::write(dir.path().join("受付3.json"), [0xff, 0xfe, 0x00]).unwrap();
    let (acks, problems) = ack::read_others(dir.path(), &ack::file_name("受付2"));
    assert_eq!(acks, [ack("受付1")]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("受付3.json"));
}

#[test]
fn labels_become_safe_file_names() {
    assert_eq!(ack::file_name("受付2"), "受付2.json");
    assert_eq!(ack::file_name(" 受付/2 "), "受付_2.json");
    assert_eq!(ack::file_name("..\\..\\x"), "______x.json");
    assert_eq!(ack::file_name("NUL"), "pc-NUL.json");
    assert!(!ack::default_label().is_empty());
}

#[test]
fn alerts_differ_by_window_instant_and_kind_and_survive_json() {
    assert_ne!(start(), end());
    let reminder = alert(
        "2024-12-31T02:49+09:00",
        "2024-12-31T02:50+09:00",
        EventKind::Reminder { minutes: 10 },
    );
    assert_eq!(reminder.kind, "reminder-10");
    assert_eq!(reminder.boundary, start().boundary);
    assert_ne!(reminder, start());
    let text = serde_json::to_string(&start()).unwrap();
    assert_eq!(serde_json::from_str::<Alert>(&text).unwrap(), start());
}
