//! 「確認待ちの患者」: the patients whose eligibility could not be confirmed during an
//! outage, with their 4情報 (氏名・性別・生年月日・住所) and an optional メモ, to confirm
//! once オン資 is back.
//!
//! This is personal data, so it is kept unlike every other record of the app:
//! - only on this PC, in ONE file (`pending.enc`) encrypted with XChaCha20-Poly1305; the
//!   key is in a separate file (`pending.key`, mode 0600 on Unix) so a copy of the data
//!   file alone says nothing;
//! - written atomically (a temporary file, then a rename), so a crash never loses the list;
//! - an entry marked 確認済み is deleted and the file rewritten without it, and everything
//!   older than [`KEEP_DAYS`] days is purged;
//! - no entry's fields ever reach a log or a problem line: [`Entry`]'s `Debug` hides them,
//!   and the problems name files, never patients.
//!
//! A file that cannot be opened (bad bytes, another PC's key) is moved aside as
//! `pending.broken-STAMP.enc`, named in one problem line, and the list starts empty.

use std::io::Write;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::{Aead, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::announced::{Announced, Told};
use crate::lang::Lang;
use crate::prefecture::Prefecture;
use crate::service::Service;
use crate::time::Instant;
use crate::window::Window;

/// The encrypted list in the app's config folder.
pub const FILE_NAME: &str = "pending.enc";
/// The key beside it.
pub const KEY_FILE_NAME: &str = "pending.key";
/// Entries older than this many days are purged: the desk confirms within days, and the
/// data must not linger.
pub const KEEP_DAYS: i64 = 31;
/// How many patients the list holds: far more than one outage brings to a desk.
pub const MAX_ENTRIES: usize = 500;
/// The [`Told::event`] of the reminder, in the app's record of what was told.
pub const REMINDER_EVENT: &str = "pending-reminder";

/// The first bytes of the file: what it is and its format version. Also the AEAD's
/// associated data, so a file of another format cannot pass for this one.
const MAGIC: &[u8; 8] = b"ONSHIPD1";
const NONCE_LEN: usize = 24;
const KEY_LEN: usize = 32;
const MAX_FIELD_CHARS: usize = 200;
const MAX_MEMO_CHARS: usize = 500;
const MAX_FILE_BYTES: u64 = 8 << 20;

/// One patient to confirm later.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Random, for 「確認済み」 to name the entry; says nothing of the patient.
    pub id: String,
    /// 氏名.
    pub name: String,
    /// 性別.
    pub sex: String,
    /// 生年月日, `YYYY-MM-DD`.
    pub birth: String,
    /// 住所.
    pub address: String,
    /// メモ (what the patient brought, what was charged…), if any.
    pub memo: Option<String>,
    /// When the desk added it.
    #[serde(with = "crate::time::jst")]
    pub added: Instant,
}

/// Never the patient's data: a `{:?}` in a log line must not leak it.
impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("id", &self.id)
            .field("added", &self.added)
            .finish_non_exhaustive()
    }
}

/// What the desk typed in the form, before it is checked.
#[derive(Clone, Default, Deserialize)]
pub struct NewEntry {
    /// 氏名.
    pub name: String,
    /// 性別.
    pub sex: String,
    /// 生年月日, `YYYY-MM-DD` (as a date field gives it).
    pub birth: String,
    /// 住所.
    pub address: String,
    /// メモ; empty is none.
    #[serde(default)]
    pub memo: Option<String>,
}

/// Never the patient's data, as for [`Entry`].
impl std::fmt::Debug for NewEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewEntry { .. }")
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    entries: Vec<Entry>,
}

/// The list, backed by the encrypted file and its key.
pub struct Pending {
    entries: Vec<Entry>,
    path: PathBuf,
    key: [u8; KEY_LEN],
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("path", &self.path)
            .field("entries", &self.entries.len())
            .finish_non_exhaustive()
    }
}

impl Pending {
    /// The list kept in `dir/pending.enc` with its key in `dir/pending.key` (made when
    /// missing). A missing list is empty.
    ///
    /// `Err` only when the key can be neither read nor made (the list cannot be kept
    /// safely then). The `Option` is a problem to show staff: the file was broken or
    /// encrypted with another key, and was moved aside.
    pub fn open(dir: &Path) -> Result<(Pending, Option<String>), String> {
        std::fs::create_dir_all(dir).map_err(|e| cannot(dir, "作れません", "create", &e))?;
        let path = dir.join(FILE_NAME);
        let key_path = dir.join(KEY_FILE_NAME);
        let mut problem = None;
        let key = match read_key(&key_path) {
            Ok(Some(key)) => key,
            Ok(None) => new_key(&key_path)?,
            Err(why) => {
                // A key that is not one cannot open anything: keep it aside (it may be
                // the only way back to the list) and start afresh.
                let aside = move_aside(&key_path, "key");
                problem = Some(broken_line(&key_path, &why, aside.as_deref()));
                new_key(&key_path)?
            }
        };
        let mut pending = Pending {
            entries: Vec::new(),
            path,
            key,
        };
        match pending.read() {
            Ok(entries) => pending.entries = entries,
            Err(why) => {
                let aside = move_aside(&pending.path, "enc");
                let line = broken_line(&pending.path, &why, aside.as_deref());
                problem = Some(match problem {
                    Some(first) => format!("{first} {line}"),
                    None => line,
                });
            }
        }
        Ok((pending, problem))
    }

    /// Every entry, oldest first.
    pub fn list(&self) -> &[Entry] {
        &self.entries
    }

    /// Where the list is kept.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Checks `new`, adds it at `now` and saves. `Err` is one line for staff (which field,
    /// what to do); nothing is added then.
    pub fn add(&mut self, new: NewEntry, now: Instant) -> Result<Entry, String> {
        if self.entries.len() >= MAX_ENTRIES {
            return Err(format!(
                "確認待ちは{MAX_ENTRIES}人までです。確認が済んだ方を「確認済み」にしてください。 / The list holds at most {MAX_ENTRIES} patients: mark those confirmed first."
            ));
        }
        let entry = check(new, now)?;
        self.entries.push(entry.clone());
        if let Err(e) = self.save() {
            self.entries.pop();
            return Err(e);
        }
        Ok(entry)
    }

    /// 「確認済み」: deletes the entry `id` and rewrites the file without it. `Ok(false)`
    /// when there is no such entry (already marked from another window, say).
    pub fn mark_done(&mut self, id: &str) -> Result<bool, String> {
        let Some(at) = self.entries.iter().position(|e| e.id == id) else {
            return Ok(false);
        };
        let removed = self.entries.remove(at);
        if let Err(e) = self.save() {
            self.entries.insert(at, removed);
            return Err(e);
        }
        Ok(true)
    }

    /// Deletes every entry added more than [`KEEP_DAYS`] days before `now` and saves;
    /// returns how many went.
    pub fn purge(&mut self, now: Instant) -> Result<usize, String> {
        let oldest = now - chrono::Duration::days(KEEP_DAYS);
        let before = self.entries.len();
        let kept: Vec<Entry> = self
            .entries
            .iter()
            .filter(|e| e.added >= oldest)
            .cloned()
            .collect();
        let gone = before - kept.len();
        if gone > 0 {
            let old = std::mem::replace(&mut self.entries, kept);
            if let Err(e) = self.save() {
                self.entries = old;
                return Err(e);
            }
        }
        Ok(gone)
    }

    fn read(&self) -> Result<Vec<Entry>, String> {
        // Far above MAX_ENTRIES full entries: anything larger is not a list of ours, and
        // must not be read whole into memory.
        if std::fs::metadata(&self.path).is_ok_and(|m| m.len() > MAX_FILE_BYTES) {
            return Err("too large for a list of this app / 大きすぎます".into());
        }
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e.to_string()),
        };
        let body = bytes
            .strip_prefix(MAGIC.as_slice())
            .filter(|rest| rest.len() > NONCE_LEN)
            .ok_or("not a list of this app / この形式ではありません")?;
        let (nonce, sealed) = body.split_at(NONCE_LEN);
        let plain = cipher(&self.key)
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: MAGIC,
                },
            )
            .map_err(|_| "wrong key or damaged bytes / 鍵が違うか壊れています")?;
        let file: File = serde_json::from_slice(&plain).map_err(|e| {
            // serde's message may quote a value: say only where it failed.
            format!(
                "unreadable content at column {} / 内容を読めません",
                e.column()
            )
        })?;
        if file.version != 1 {
            return Err(format!("format version {} / 未対応の版です", file.version));
        }
        Ok(file.entries)
    }

    fn save(&self) -> Result<(), String> {
        let plain = serde_json::to_vec(&File {
            version: 1,
            entries: self.entries.clone(),
        })
        .map_err(|e| e.to_string())?;
        let mut nonce = [0u8; NONCE_LEN];
        OsRng.fill_bytes(&mut nonce);
        let sealed = cipher(&self.key)
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &plain,
                    aad: MAGIC,
                },
            )
            .map_err(|_| "encryption failed".to_string())?;
        let mut bytes = Vec::with_capacity(MAGIC.len() + NONCE_LEN + sealed.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&sealed);
        write_atomic(&self.path, &bytes)
            .map_err(|e| cannot(&self.path, "保存できません", "save", &e))
    }
}

/// A drill's (training clock's) practice list is kept apart in this subfolder of the
/// config folder: practice names never mix with the patients really waiting, and a drill's
/// clock never purges them.
pub const DRILL_DIR: &str = "drill";

/// The folder of the list: `config_dir`, or its [`DRILL_DIR`] in a drill.
pub fn dir_for(config_dir: &Path, drill: bool) -> PathBuf {
    if drill {
        config_dir.join(DRILL_DIR)
    } else {
        config_dir.to_path_buf()
    }
}

/// At start: everything older than [`KEEP_DAYS`] days at `now` is deleted. Touches
/// nothing when there is no list; returns the problems to show staff (never a name).
pub fn purge_at_start(dir: &Path, now: Instant) -> Vec<String> {
    if !dir.join(FILE_NAME).exists() {
        return Vec::new();
    }
    let mut problems = Vec::new();
    match Pending::open(dir) {
        Ok((mut list, problem)) => {
            problems.extend(problem);
            if let Err(e) = list.purge(now) {
                problems.push(e);
            }
        }
        Err(e) => problems.push(e),
    }
    problems
}

/// How long after a window's planned end the list stays in the window with nobody on it:
/// patients come back with their cards over the following days.
pub const SHOWN_DAYS_AFTER: i64 = 7;

/// The オン資 windows that hit `prefecture`, not called off: those the list is about.
fn oqs_windows(windows: &[Window], prefecture: Prefecture) -> impl Iterator<Item = &Window> {
    windows
        .iter()
        .filter(move |w| w.service == Service::Oqs && !w.cancelled && w.hits(prefecture))
}

/// Whether the status window shows the list: always while someone is on it, and otherwise
/// during an オン資 window and for [`SHOWN_DAYS_AFTER`] days after its planned end.
pub fn shown(entries: &[Entry], windows: &[Window], prefecture: Prefecture, now: Instant) -> bool {
    !entries.is_empty()
        || oqs_windows(windows, prefecture)
            .any(|w| w.start <= now && now < w.end + chrono::Duration::days(SHOWN_DAYS_AFTER))
}

/// The line above the list once the newest window's planned end has passed (and none is in
/// force) while someone waits: what to do now. `None` otherwise.
pub fn after_end_line(
    entries: &[Entry],
    windows: &[Window],
    prefecture: Prefecture,
    now: Instant,
    lang: Lang,
) -> Option<String> {
    if entries.is_empty() || oqs_windows(windows, prefecture).any(|w| w.contains(now)) {
        return None;
    }
    let ended = oqs_windows(windows, prefecture)
        .filter(|w| w.end <= now)
        .max_by_key(|w| w.end)?;
    let at = crate::time::date_time_label(ended.end, lang);
    Some(match lang {
        Lang::Ja => format!(
            "停止は{at}に終わる予定でした。オン資が使えることを確かめてから、一人ずつ資格を確認し「確認済み」を押してください。"
        ),
        Lang::En => format!(
            "The outage was planned to end at {at}. Once オン資 works, confirm each patient and press 「確認済み」."
        ),
    })
}

/// The one reminder after a window's planned end: what to record as told, and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    /// Every window whose planned end has passed untold, so none of them is told again
    /// (across restarts too): one toast, however many windows ended while the app slept.
    pub told: Vec<Told>,
    /// The title of the toast.
    pub title: String,
    /// Its body: how many patients wait, and what to do.
    pub body: String,
}

/// The オン資 windows hitting `prefecture` whose planned end has passed at `now` and that
/// are not told yet, as what to record; those that ended more than [`KEEP_DAYS`] days ago
/// (their patients purged) never count. Cheap: no file is read.
pub fn ended_untold(
    windows: &[Window],
    prefecture: Prefecture,
    told: &Announced,
    now: Instant,
) -> Vec<Told> {
    let oldest = now - chrono::Duration::days(KEEP_DAYS);
    oqs_windows(windows, prefecture)
        .filter(|w| w.end <= now && w.end > oldest)
        .map(|w| told_for(w, prefecture))
        .filter(|t| !told.contains(t))
        .collect()
}

/// Whether to remind the desk now to confirm the patients on the list: once after the
/// planned end of an オン資 window that hit `prefecture`, while someone is on the list.
/// `None` when the list is empty or no window's end passed untold.
pub fn remind_due(
    entries: &[Entry],
    windows: &[Window],
    prefecture: Prefecture,
    told: &Announced,
    now: Instant,
    lang: Lang,
) -> Option<Reminder> {
    if entries.is_empty() {
        return None;
    }
    let ended = ended_untold(windows, prefecture, told, now);
    if ended.is_empty() {
        return None;
    }
    let (title, body) = reminder_text(entries.len(), lang);
    Some(Reminder {
        told: ended,
        title,
        body,
    })
}

fn reminder_text(n: usize, lang: Lang) -> (String, String) {
    match lang {
        Lang::Ja => (
            "確認待ちの患者さんがいます".to_string(),
            format!(
                "停止の予定時刻を過ぎました。確認待ちの{n}人の資格を確認し、済んだら「確認済み」を押してください。"
            ),
        ),
        Lang::En => (
            "Patients to confirm".to_string(),
            format!(
                "The planned end of the outage has passed. Confirm the {n} patient(s) waiting, then press 「確認済み」 for each."
            ),
        ),
    }
}

/// The file of what the reminder told, beside the list.
pub const TOLD_FILE_NAME: &str = "announced-pending.json";

/// The timer's memory for the reminder: each window's end told once, none twice across
/// restarts; the list itself opened only when a window's end has passed untold.
#[derive(Debug)]
pub struct ReminderWatch {
    dir: PathBuf,
    told: Announced,
}

impl ReminderWatch {
    /// For the list in `dir` ([`dir_for`]); what was told is kept in
    /// `dir/announced-pending.json` when `remember` (not in a drill, whose clock can be
    /// rerun). The problem is a broken record, moved aside.
    pub fn open(dir: &Path, remember: bool) -> (ReminderWatch, Option<String>) {
        let (told, problem) = if remember {
            Announced::open_named(dir, TOLD_FILE_NAME)
        } else {
            (Announced::in_memory(), None)
        };
        (
            ReminderWatch {
                dir: dir.to_path_buf(),
                told,
            },
            problem,
        )
    }

    /// At each wake: the reminder to show now, if one is due, and a problem to show staff
    /// (the list broken and moved aside). Every window whose end passed is recorded as
    /// told either way: a patient added after the end is not reminded of later.
    pub fn due(
        &mut self,
        windows: &[Window],
        prefecture: Prefecture,
        now: Instant,
        lang: Lang,
    ) -> (Option<Reminder>, Option<String>) {
        let ended = ended_untold(windows, prefecture, &self.told, now);
        if ended.is_empty() {
            return (None, None);
        }
        let (entries, problem) = if self.dir.join(FILE_NAME).exists() {
            match Pending::open(&self.dir) {
                Ok((list, problem)) => (list.entries, problem),
                Err(e) => (Vec::new(), Some(e)),
            }
        } else {
            (Vec::new(), None)
        };
        let reminder = remind_due(&entries, windows, prefecture, &self.told, now, lang);
        self.told.record(ended);
        (reminder, problem)
    }
}

fn told_for(w: &Window, prefecture: Prefecture) -> Told {
    Told {
        boundary: w.end,
        prefecture: prefecture.code(),
        notice: w.notice.clone(),
        window: w.id.clone(),
        event: REMINDER_EVENT.to_string(),
    }
}

fn check(new: NewEntry, now: Instant) -> Result<Entry, String> {
    let field = |value: &str, ja: &str, en: &str, max: usize| -> Result<String, String> {
        let v = value.trim();
        if v.is_empty() {
            return Err(format!("{ja}を入れてください。 / Enter the {en}."));
        }
        if v.chars().count() > max {
            return Err(format!(
                "{ja}が長すぎます（{max}文字まで）。 / The {en} is too long (at most {max} characters)."
            ));
        }
        Ok(v.to_string())
    };
    let name = field(&new.name, "氏名", "name", MAX_FIELD_CHARS)?;
    let sex = field(&new.sex, "性別", "sex", MAX_FIELD_CHARS)?;
    let birth = field(&new.birth, "生年月日", "date of birth", MAX_FIELD_CHARS)?;
    let today = crate::time::to_jst(now).date_naive();
    match NaiveDate::parse_from_str(&birth, "%Y-%m-%d") {
        Ok(d) if d <= today => {}
        Ok(_) => {
            return Err("生年月日が今日より後です。 / The date of birth is after today.".into())
        }
        Err(_) => return Err(
            "生年月日は 1950-04-01 の形で入れてください。 / Enter the date of birth as 1950-04-01."
                .into(),
        ),
    }
    let address = field(&new.address, "住所", "address", MAX_FIELD_CHARS)?;
    let memo = match new.memo.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(m) => Some(field(m, "メモ", "memo", MAX_MEMO_CHARS)?),
    };
    let mut id = [0u8; 8];
    OsRng.fill_bytes(&mut id);
    Ok(Entry {
        id: id.iter().map(|b| format!("{b:02x}")).collect(),
        name,
        sex,
        birth,
        address,
        memo,
        added: now,
    })
}

fn cipher(key: &[u8; KEY_LEN]) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(key.into())
}

/// The key file holds the 32 key bytes as 64 hex digits and a newline.
fn read_key(path: &Path) -> Result<Option<[u8; KEY_LEN]>, String> {
    let text = match std::fs::read(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let hex = std::str::from_utf8(&text)
        .map(str::trim)
        .map_err(|_| "not a key / 鍵ではありません")?;
    let mut key = [0u8; KEY_LEN];
    if hex.len() != KEY_LEN * 2 {
        return Err("not a key / 鍵ではありません".into());
    }
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16)
            .map_err(|_| "not a key / 鍵ではありません")?;
    }
    Ok(Some(key))
}

fn new_key(path: &Path) -> Result<[u8; KEY_LEN], String> {
    let mut key = [0u8; KEY_LEN];
    OsRng.fill_bytes(&mut key);
    let mut text: String = key.iter().map(|b| format!("{b:02x}")).collect();
    text.push('\n');
    write_atomic(path, text.as_bytes()).map_err(|e| cannot(path, "作れません", "create", &e))?;
    Ok(key)
}

/// Through a temporary file made owner-only (0600 on Unix) and a rename: a reader or a
/// crash sees the old file or the new one, and nobody else on the PC may read either.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map_or("pending".into(), |s| s.to_string_lossy());
    let tmp = dir.join(format!(".{name}.tmp"));
    let written = (|| {
        let _ = std::fs::remove_file(&tmp);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// `pending.enc` → `pending.broken-STAMP.enc` beside it; `None` when it could not move.
fn move_aside(path: &Path, ext: &str) -> Option<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let stem = path
        .file_stem()
        .map_or("pending".into(), |s| s.to_string_lossy());
    let aside = path.with_file_name(format!("{stem}.broken-{stamp}.{ext}"));
    std::fs::rename(path, &aside).ok().map(|()| aside)
}

fn broken_line(path: &Path, why: &str, aside: Option<&Path>) -> String {
    match aside {
        Some(aside) => format!(
            "確認待ちの患者の記録を開けないため退避しました（{}）。一覧は空から始まります。紙の控えで確認してください。 / The list of patients to confirm could not be opened ({why}); it was moved to {}.",
            aside.display(),
            aside.display()
        ),
        None => format!(
            "確認待ちの患者の記録を開けません: {} （{why}）。 / Cannot open {} ({why}) nor move it aside.",
            path.display(),
            path.display()
        ),
    }
}

fn cannot(path: &Path, ja: &str, en: &str, e: &std::io::Error) -> String {
    format!(
        "確認待ちの患者の記録を{ja}: {} （{e}）。フォルダーの空きと権限を確かめてください。 / Cannot {en} {} ({e}).",
        path.display(),
        path.display()
    )
}
