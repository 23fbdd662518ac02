//! Saving settings where the disk says no: a read-only folder and a full disk (a tiny
//! tmpfs, mounted when the tests run as root) leave the saved settings and nothing else.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use onshi_watch::options::Options;
use onshi_watch::settings::{self, Settings, FILE_NAME};

/// A tmpfs of `size` mounted on a fresh folder, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// `None` when this user cannot mount (not root): the caller says so and falls back.
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Tmpfs { dir })
    }

    fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    fn remount_read_only(&self) {
        let ok = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.dir.path())
            .status()
            .unwrap()
            .success();
        assert!(ok, "remount read-only");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn fukuoka() -> Settings {
    Settings {
        prefecture: Some(40),
        ..Settings::default()
    }
}

fn tokyo() -> Settings {
    Settings {
        prefecture: Some(13),
        reminders_minutes: vec![120, 30, 5],
        ..Settings::default()
    }
}

/// Saves Tokyo over Fukuoka through the app's own path and checks nothing changed.
fn refused_save_keeps_fukuoka(dir: &Path, words: &[&str]) {
    let (shared, _) = common::state_at(dir, &Options::default(), "2024-12-31T02:00+09:00");
    assert_eq!(shared.lock().settings, fukuoka());
    let before = std::fs::read(dir.join(FILE_NAME)).unwrap();
    let err = shared.apply_settings(tokyo()).unwrap_err();
    for w in words {
        assert!(err.contains(w), "{err:?} should say {w:?}");
    }
    assert_eq!(std::fs::read(dir.join(FILE_NAME)).unwrap(), before);
    assert_eq!(
        shared.lock().settings,
        fukuoka(),
        "the old settings stay in use"
    );
    assert!(
        !dir.join(format!(".{FILE_NAME}.tmp")).exists(),
        "no stray temporary file: {:?}",
        names(dir)
    );
    assert_eq!(settings::load(dir).settings, fukuoka());
}

#[test]
fn a_full_disk_leaves_the_saved_settings_and_no_temporary_file() {
    let Some(fs) = Tmpfs::mount("64k") else {
        eprintln!("skipped: mounting a tmpfs needs root");
        return;
    };
    let dir = fs.path();
    settings::save(&dir, &fukuoka()).unwrap();
    // Fill the disk to the last byte.
    let filler = dir.join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let chunk = vec![0u8; 4096];
    use std::io::Write;
    while f.write_all(&chunk).is_ok() {}
    let _ = f.write_all(&[0u8; 1]);
    drop(f);
    refused_save_keeps_fukuoka(&dir, &["ディスクがいっぱい", "disk is full"]);
}

#[test]
fn a_read_only_folder_leaves_the_saved_settings() {
    match Tmpfs::mount("1m") {
        Some(fs) => {
            let dir = fs.path();
            settings::save(&dir, &fukuoka()).unwrap();
            fs.remount_read_only();
            refused_save_keeps_fukuoka(&dir, &["読み取り専用", "read-only"]);
        }
        None => {
            // Not root: file permissions bind this user.
            use std::os::unix::fs::PermissionsExt;
            let dir = tempfile::tempdir().unwrap();
            settings::save(dir.path(), &fukuoka()).unwrap();
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
            refused_save_keeps_fukuoka(dir.path(), &["読み取り専用", "read-only"]);
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
}

#[test]
fn a_settings_fifo_is_skipped_at_once_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    assert!(Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap()
        .success());
    let started = std::time::Instant::now();
    let loaded = settings::load(dir.path());
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    let problem = loaded.problem.unwrap();
    assert!(problem.contains("FIFO"), "{problem}");
}
