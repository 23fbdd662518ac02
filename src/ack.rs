//! Acknowledgements of banners, shared by the clinic's reception PCs: who pressed
//! 「確認しました」 for which alert, and when.
//!
//! With a shared folder (a file share every reception PC can write), each PC writes one
//! small file of its own, `<folder>/<its label>.json`, atomically — no two PCs write the
//! same file, so nothing needs locking across SMB — and reads everybody else's. The files
//! hold alert ids (notice, window, instant, kind), PC labels and times: never anything of a
//! patient.
//!
//! A folder that is missing, read-only or slow, or another PC's broken file, gives one
//! problem line naming it and never a panic; [`AckBook`] tells each problem once and bounds
//! how long a look at the share may take.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration as StdDuration;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::plan::{Event, EventKind};
use crate::record_file::{self, Record};
use crate::revision::WindowChange;
use crate::time::{self, Instant};
use crate::timeline::Timeline;

/// What one banner is about, the same on every PC and across restarts: the window's
/// notice and id, the instant it is about, and what happens then.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Alert {
    /// The notice's `id`.
    pub notice: String,
    /// The window's `id` within its notice.
    pub window: String,
    /// The instant the alert is about: the start of the down span, the end, the start a
    /// reminder or a revision is about.
    #[serde(with = "crate::time::jst")]
    pub boundary: Instant,
    /// `down` (a start, a change of state, or "already down" — one alert for one span),
    /// `end`, `reminder-MINUTES`, `revision-N` or `removed`.
    pub kind: String,
}

impl Alert {
    /// The alert a plan event raises. "Already down" (a PC started inside the window) is
    /// the same alert as the start of that span on a PC that was running then, so one
    /// acknowledgement covers both: `timeline` (the event's) gives the span's start.
    ///
    /// ```
    /// use onshi::{ack::Alert, plan::plan_on, time::parse_instant as t, Reminders, Schedule};
    /// let tl = Schedule::embedded().timeline("福岡".parse().unwrap());
    /// let r = Reminders::default();
    /// let start = &plan_on(&tl, &r, t("2024-12-31T02:59+09:00").unwrap(),
    ///     t("2024-12-31T03:00+09:00").unwrap())[0];
    /// let later = &plan_on(&tl, &r, t("2024-12-31T04:00+09:00").unwrap(),
    ///     t("2024-12-31T04:00+09:00").unwrap())[0];
    /// assert_eq!(Alert::of_event(start, &tl), Alert::of_event(later, &tl));
    /// ```
    pub fn of_event(event: &Event, timeline: &Timeline) -> Alert {
        let (kind, boundary) = match event.kind {
            EventKind::Reminder { minutes } => (format!("reminder-{minutes}"), event.boundary),
            EventKind::BeforeClosing => ("before-closing".to_string(), event.boundary),
            EventKind::End => ("end".to_string(), event.boundary),
            EventKind::Start | EventKind::Change => ("down".to_string(), event.boundary),
            EventKind::AlreadyDown => (
                "down".to_string(),
                timeline
                    .changes()
                    .take_while(|(at, _, _)| *at <= event.at)
                    .last()
                    .map_or(event.boundary, |(at, _, _)| at),
            ),
        };
        Alert {
            notice: event.window.notice.clone(),
            window: event.window.id.clone(),
            boundary,
            kind,
        }
    }

    /// The alert a revision (【変更】/【中止】) raises: one per revision of the window.
    pub fn of_revision(change: &WindowChange) -> Alert {
        Alert {
            notice: change.old.key.notice.clone(),
            window: change.old.key.window.clone(),
            boundary: change.old.start,
            kind: match &change.new {
                Some(new) => format!("revision-{}", new.revision),
                None => "removed".to_string(),
            },
        }
    }
}

/// One 「確認しました」: which alert, on which PC (its label, e.g. 「受付2」), when.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Ack {
    /// What was acknowledged.
    pub alert: Alert,
    /// The label of the PC it was acknowledged on.
    pub by: String,
    /// When.
    #[serde(with = "crate::time::jst")]
    pub at: Instant,
}

impl Ack {
    /// 「確認済み 受付2 10:02」 / "Acknowledged: 受付2 10:02", for the tray and the window.
    ///
    /// ```
    /// use onshi::{ack::{Ack, Alert}, time::parse_instant as t, Lang};
    /// let at = t("2024-12-31T10:02+09:00").unwrap();
    /// let alert = Alert { notice: "n".into(), window: "w".into(), boundary: at, kind: "down".into() };
    /// let ack = Ack { alert, by: "受付2".into(), at };
    /// assert_eq!(ack.label(Lang::Ja), "確認済み 受付2 10:02");
    /// assert_eq!(ack.label(Lang::En), "Acknowledged: 受付2 10:02");
    /// assert_eq!(ack.by_other_label(Lang::Ja), "受付2 が確認しました");
    /// ```
    pub fn label(&self, lang: Lang) -> String {
        let at = time::clock_label(self.at, lang);
        match lang {
            Lang::Ja => format!("確認済み {} {at}", self.by),
            Lang::En => format!("Acknowledged: {} {at}", self.by),
        }
    }

    /// The quiet line a banner turns into when another PC acknowledged it:
    /// 「受付1 が確認しました」.
    pub fn by_other_label(&self, lang: Lang) -> String {
        match lang {
            Lang::Ja => format!("{} が確認しました", self.by),
            Lang::En => format!("{} has acknowledged it", self.by),
        }
    }
}

/// The label of this PC when staff set none: the computer's name.
pub fn default_label() -> String {
    let from_env = ["COMPUTERNAME", "HOSTNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()));
    let name = from_env.or_else(|| {
        std::fs::read_to_string("/etc/hostname")
            .ok()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    });
    name.unwrap_or_else(|| "PC".to_string())
}

/// Names Windows refuses as file names, whatever the extension.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// The file this PC writes in the shared folder: its label with anything a file name on
/// Windows or a share may not hold made `_`, at most 64 characters, `.json`.
///
/// ```
/// use onshi::ack::file_name;
/// assert_eq!(file_name("受付2"), "受付2.json");
/// assert_eq!(file_name("../受付 1"), "___受付_1.json");
/// assert_eq!(file_name("con"), "pc-con.json");
/// assert_eq!(file_name(""), "pc.json");
/// ```
pub fn file_name(label: &str) -> String {
    let mut stem: String = label
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    if stem.is_empty() {
        stem = "pc".to_string();
    }
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(&stem)) {
        stem = format!("pc-{stem}");
    }
    format!("{stem}.json")
}

/// The largest file of another PC read: a year of acknowledgements is a few tens of KB.
const MAX_FILE_BYTES: u64 = 256 * 1024;

/// How many other PCs' files are read: more than a clinic has reception PCs.
const MAX_FILES: usize = 64;

/// How many acknowledgements this PC's file keeps: the newest.
const KEEP: usize = 500;

const RECORD: Record = Record {
    ja: "このPCの「確認しました」の記録",
    en: "This PC's record of acknowledged alerts",
    loss_ja: "確認済みの通知をもう一度知らせることがあります。",
};

/// One PC's file in the shared folder.
#[derive(Serialize, Deserialize)]
struct AckFile {
    version: u32,
    /// The label of the PC that writes it.
    pc: String,
    acks: Vec<Ack>,
}

/// A problem for a folder that is not there (or not a folder).
fn folder_problem(dir: &Path, why: &str) -> String {
    format!(
        "共有フォルダを使えません: {}（{why}）。「確認しました」は他のPCと共有されません。 / Cannot use the shared folder {} ({why}); acknowledgements are not shared.",
        dir.display(),
        dir.display()
    )
}

/// Whether `dir` is a folder one can list; the problem to tell if not.
fn check_folder(dir: &Path) -> Result<(), String> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(folder_problem(dir, "フォルダではありません / not a folder")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(folder_problem(dir, "見つかりません / not found"))
        }
        Err(e) => Err(folder_problem(dir, &e.to_string())),
    }
}

/// Every acknowledgement in the other PCs' files in `dir` (all `*.json` but `own_file`,
/// this PC's [`file_name`]), and one problem line per file that could not be read — that
/// file is ignored, never moved or changed: it is another PC's. A folder that is missing
/// or cannot be listed is one problem.
pub fn read_others(dir: &Path, own_file: &str) -> (Vec<Ack>, Vec<String>) {
    if let Err(problem) = check_folder(dir) {
        return (Vec::new(), vec![problem]);
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return (Vec::new(), vec![folder_problem(dir, &e.to_string())]),
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // Temporary files of a save in progress start with a dot; files set aside by a PC
        // for its own broken record carry `.broken-`.
        .filter(|n| n.ends_with(".json") && !n.starts_with('.') && !n.contains(".broken-"))
        .filter(|n| n != own_file)
        .collect();
    names.sort();
    let mut problems = Vec::new();
    if names.len() > MAX_FILES {
        problems.push(format!(
            "共有フォルダのファイルが多すぎます（{}件）。最初の{MAX_FILES}件だけ読みます: {} / Too many files in the shared folder ({}); only the first {MAX_FILES} are read.",
            names.len(),
            dir.display(),
            names.len()
        ));
        names.truncate(MAX_FILES);
    }
    let mut acks = Vec::new();
    for name in names {
        let path = dir.join(&name);
        let read = crate::read::read_text(&path, MAX_FILE_BYTES)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str::<AckFile>(&t).map_err(|e| e.to_string()));
        match read {
            Ok(file) => acks.extend(file.acks),
            Err(why) => problems.push(format!(
                "他のPCの確認ファイルを読めないため無視しました: {}（{why}） / Ignored another PC's acknowledgement file {}: {why}",
                path.display(),
                path.display()
            )),
        }
    }
    (acks, problems)
}

/// This PC's acknowledgements as its file in `dir` holds them (after a restart). A broken
/// file is moved aside (it is this PC's own) and named; a missing one is none.
pub fn read_own(dir: &Path, label: &str) -> (Vec<Ack>, Option<String>) {
    match record_file::open::<AckFile>(&dir.join(file_name(label)), &RECORD) {
        Ok(file) => (file.map(|f| f.acks).unwrap_or_default(), None),
        Err(problem) => (Vec::new(), Some(problem)),
    }
}

/// Writes this PC's acknowledgements to its file in `dir`, atomically (the others see
/// the old file or the new one). The folder is never made: a share that is not there
/// must not turn into a local folder nobody else sees.
///
/// # Errors
/// One problem line naming the folder.
pub fn save_own(dir: &Path, label: &str, acks: &[Ack]) -> Result<(), String> {
    check_folder(dir)?;
    let mut acks = acks.to_vec();
    acks.sort_by_key(|a| a.at);
    let drop = acks.len().saturating_sub(KEEP);
    acks.drain(..drop);
    let file = AckFile {
        version: 1,
        pc: label.to_string(),
        acks,
    };
    record_file::save(&dir.join(file_name(label)), &file).map_err(|e| {
        format!(
            "共有フォルダに書き込めません: {}（{e}）。「確認しました」は他のPCに伝わりません。 / Cannot write to the shared folder {} ({e}); other PCs do not see this acknowledgement.",
            dir.display(),
            dir.display()
        )
    })
}

/// Runs `f` on its own thread and waits at most `limit` for it: a share that hangs (SMB
/// can stall for a minute) gives a problem instead of holding the caller. The thread is
/// left to finish on its own; while it has not, `busy` keeps a second one from starting,
/// so a dead share never piles up threads.
fn within<T: Send + 'static>(
    limit: StdDuration,
    busy: &Arc<AtomicBool>,
    dir: &Path,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    let slow = || {
        folder_problem(
            dir,
            &format!(
                "{}秒以内に応答がありません / no answer within {} s",
                limit.as_secs(),
                limit.as_secs()
            ),
        )
    };
    if busy.swap(true, Ordering::SeqCst) {
        return Err(slow());
    }
    let (tx, rx) = mpsc::channel();
    let done = Arc::clone(busy);
    let spawned = std::thread::Builder::new()
        .name("onshi-ack-share".into())
        .spawn(move || {
            let answer = f();
            done.store(false, Ordering::SeqCst);
            let _ = tx.send(answer);
        });
    if let Err(e) = spawned {
        busy.store(false, Ordering::SeqCst);
        return Err(folder_problem(dir, &e.to_string()));
    }
    rx.recv_timeout(limit).map_err(|_| slow())
}

/// The problems of one kind told so far: each is handed out once, until it goes away.
#[derive(Debug, Clone, Default)]
struct ToldOnce(BTreeSet<String>);

impl ToldOnce {
    /// The problems of `now` not already told; forgets those gone, so a share that comes
    /// back and fails again is told again.
    fn news(&mut self, now: Vec<String>) -> Vec<String> {
        let fresh = now
            .iter()
            .filter(|p| !self.0.contains(*p))
            .cloned()
            .collect();
        self.0 = now.into_iter().collect();
        fresh
    }
}

/// The acknowledgements this PC knows: its own and, with a shared folder, the other PCs'.
///
/// ```
/// use onshi::{ack::{AckBook, Alert}, time::parse_instant as t};
/// let mut book = AckBook::new("受付2", None);
/// let at = t("2024-12-31T03:02+09:00").unwrap();
/// let alert = Alert { notice: "n".into(), window: "w".into(), boundary: at, kind: "down".into() };
/// assert!(book.acknowledge(&alert, at).is_empty());
/// assert_eq!(book.ack_of(&alert).unwrap().by, "受付2");
/// ```
#[derive(Debug, Clone)]
pub struct AckBook {
    label: String,
    dir: Option<PathBuf>,
    mine: Vec<Ack>,
    others: Vec<Ack>,
    /// Whether this PC's own file was read back (once, at the first look).
    own_read: bool,
    /// Whether this PC has acknowledgements the share has not got (it was away).
    unsaved: bool,
    /// Whether a look at the share is still running (it hangs).
    busy: Arc<AtomicBool>,
    limit: StdDuration,
    read_told: ToldOnce,
    write_told: ToldOnce,
}

impl AckBook {
    /// How long a look at the share may take by default before it is told as slow.
    pub const DEFAULT_LIMIT: StdDuration = StdDuration::from_secs(5);

    /// The book of the PC labelled `label` (e.g. 「受付2」, or [`default_label`]), sharing
    /// through `dir` if given. Nothing is read yet: call [`AckBook::refresh`].
    pub fn new(label: &str, dir: Option<PathBuf>) -> AckBook {
        AckBook {
            label: label.to_string(),
            dir,
            mine: Vec::new(),
            others: Vec::new(),
            own_read: false,
            unsaved: false,
            busy: Arc::default(),
            limit: AckBook::DEFAULT_LIMIT,
            read_told: ToldOnce::default(),
            write_told: ToldOnce::default(),
        }
    }

    /// The same book, waiting at most `limit` for the share.
    pub fn with_limit(mut self, limit: StdDuration) -> AckBook {
        self.limit = limit;
        self
    }

    /// This PC's label.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Reads the shared folder again: this PC's own file (the first time, so a restart
    /// keeps what was acknowledged) and the others'. Returns the problems not told before
    /// (a folder still missing is told once, not at every look).
    pub fn refresh(&mut self) -> Vec<String> {
        let Some(dir) = self.dir.clone() else {
            return Vec::new();
        };
        let (label, first) = (self.label.clone(), !self.own_read);
        let looked = within(self.limit, &self.busy, &dir, {
            let dir = dir.clone();
            move || {
                // A folder not there yet is read back once it is (the share came back).
                let own = (first && dir.is_dir()).then(|| read_own(&dir, &label));
                (own, read_others(&dir, &file_name(&label)))
            }
        });
        let problems = match looked {
            Ok((own, (others, mut problems))) => {
                if let Some((acks, problem)) = own {
                    self.merge_own(acks);
                    problems.extend(problem);
                }
                self.others = others;
                problems
            }
            // What the others acknowledged is kept as last read.
            Err(problem) => vec![problem],
        };
        let fresh = self.read_told.news(problems);
        // The share is back: what was acknowledged while it was away is written now.
        if self.unsaved && dir.is_dir() {
            let saved = self.save(&dir);
            return fresh.into_iter().chain(self.write_news(saved)).collect();
        }
        fresh
    }

    /// 「確認しました」 pressed on this PC for `alert` at `at`: recorded and written to the
    /// shared folder. Returns the problems not told before.
    pub fn acknowledge(&mut self, alert: &Alert, at: Instant) -> Vec<String> {
        if self.mine.iter().any(|a| &a.alert == alert) {
            return Vec::new();
        }
        self.mine.push(Ack {
            alert: alert.clone(),
            by: self.label.clone(),
            at,
        });
        let Some(dir) = self.dir.clone() else {
            return Vec::new();
        };
        let problems = self.save(&dir);
        self.write_news(problems)
    }

    /// Writes this PC's acknowledgements to the share; the problems of this attempt.
    fn save(&mut self, dir: &Path) -> Vec<String> {
        // Acknowledged before the first look: what the file holds must not be overwritten.
        let first = !self.own_read && dir.is_dir();
        let (label, mine) = (self.label.clone(), self.mine.clone());
        let saved = within(self.limit, &self.busy, dir, {
            let dir = dir.to_path_buf();
            move || {
                let mut all = mine;
                let mut problem = None;
                if first {
                    let (before, p) = read_own(&dir, &label);
                    problem = p;
                    let new: Vec<Ack> = before.into_iter().filter(|a| !all.contains(a)).collect();
                    all.extend(new);
                }
                (save_own(&dir, &label, &all), problem, all)
            }
        });
        let (saved, problems) = match saved {
            Ok((saved, problem, all)) => {
                if first {
                    self.merge_own(all);
                }
                (
                    saved.is_ok(),
                    problem.into_iter().chain(saved.err()).collect(),
                )
            }
            Err(problem) => (false, vec![problem]),
        };
        self.unsaved = !saved;
        problems
    }

    /// The write problems not told before — nor told at the last look (a folder already
    /// told missing is not told again for the write).
    fn write_news(&mut self, problems: Vec<String>) -> Vec<String> {
        self.write_told
            .news(problems)
            .into_iter()
            .filter(|p| !self.read_told.0.contains(p))
            .collect()
    }

    /// Adds acknowledgements read back from this PC's own file.
    fn merge_own(&mut self, acks: Vec<Ack>) {
        self.own_read = true;
        for a in acks {
            if !self.mine.contains(&a) {
                self.mine.push(a);
            }
        }
    }

    /// The first acknowledgement of `alert`, on this PC or another.
    pub fn ack_of(&self, alert: &Alert) -> Option<&Ack> {
        self.mine
            .iter()
            .chain(&self.others)
            .filter(|a| &a.alert == alert)
            .min_by_key(|a| a.at)
    }

    /// The first acknowledgement of `alert` on another PC, when this one has none: the
    /// banner turns into 「受付1 が確認しました」 and stops re-reminding.
    pub fn acked_elsewhere(&self, alert: &Alert) -> Option<&Ack> {
        if self.mine.iter().any(|a| &a.alert == alert) {
            return None;
        }
        self.others
            .iter()
            .filter(|a| &a.alert == alert)
            .min_by_key(|a| a.at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_that_hangs_is_told_within_the_limit() {
        let began = std::time::Instant::now();
        let busy = Arc::default();
        let limit = StdDuration::from_millis(200);
        let share = Path::new("//nas/share");
        let got = within(limit, &busy, share, || {
            std::thread::sleep(StdDuration::from_secs(2));
        });
        assert!(began.elapsed() < StdDuration::from_secs(1));
        let problem = got.unwrap_err();
        assert!(problem.contains("//nas/share"), "{problem}");
        assert!(problem.contains("応答がありません"), "{problem}");
        // While the first look still hangs, a second is not started: same problem, at once.
        let again = within(limit, &busy, share, || unreachable!("not started"));
        assert_eq!(again.unwrap_err(), problem);
        assert!(began.elapsed() < StdDuration::from_secs(1));
        // Once it has finished, looks run again.
        std::thread::sleep(StdDuration::from_millis(2500));
        assert_eq!(within(limit, &busy, share, || 1), Ok(1));
    }

    #[test]
    fn a_share_that_answers_in_time_gives_its_answer() {
        let busy = Arc::default();
        let got = within(StdDuration::from_secs(5), &busy, Path::new("x"), || 7);
        assert_eq!(got, Ok(7));
    }

    #[test]
    fn a_problem_is_news_once_and_again_after_it_went_away() {
        let mut told = ToldOnce::default();
        assert_eq!(told.news(vec!["gone".into()]), ["gone"]);
        assert!(told.news(vec!["gone".into()]).is_empty());
        assert!(told.news(Vec::new()).is_empty());
        assert_eq!(told.news(vec!["gone".into()]), ["gone"]);
    }
}
