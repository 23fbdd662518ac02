//! The notices page (お知らせ): every notice the app knows and where it came from; notices
//! entered by hand, imported from a file, or read from a notice's text; and the reload that
//! makes the timer, tray and window follow them at once.

pub mod form;

use std::path::{Path, PathBuf};

use onshi::draft::Draft;
use onshi::notice::Region;
use onshi::{Kind, Lang, Notice, Prefecture, Schedule, Service, Window};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::paths::NOTICES_DIR;
use crate::problems;
use crate::state::Shared;
pub use form::{DraftFill, ManualForm};

/// Files entered by hand are `manual-ID.toml` in the config folder's `notices/`.
const MANUAL_PREFIX: &str = "manual-";

/// A notice file bigger than this is not a notice.
const MAX_FILE: u64 = 1024 * 1024;

/// The `--notices DIR` of this run, read again at every reload.
#[derive(Debug, Clone, Default)]
pub struct ExtraDir(pub Option<PathBuf>);

/// Where a notice came from, as staff see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Built into the app (`embedded:NAME`).
    Embedded,
    /// A file in a folder: `--notices DIR`, or imported into `notices/`.
    Folder,
    /// A signed feed (`feed:…`).
    Feed,
    /// Entered by hand: `notices/manual-*.toml`.
    Manual,
}

impl Origin {
    /// Reads [`Notice::origin`]; `notices` is the config folder's `notices/`.
    pub fn of(origin: &str, notices: &Path) -> Origin {
        if origin.starts_with("embedded:") {
            return Origin::Embedded;
        }
        if origin.starts_with("feed:") {
            return Origin::Feed;
        }
        if manual_id_of(origin, notices).is_some() {
            Origin::Manual
        } else {
            Origin::Folder
        }
    }

    /// 組み込み / フォルダ / フィード / 手入力.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Origin::Embedded => lang.pick("組み込み", "Built in"),
            Origin::Folder => lang.pick("フォルダ", "Folder"),
            Origin::Feed => lang.pick("フィード", "Feed"),
            Origin::Manual => lang.pick("手入力", "Entered by hand"),
        }
    }
}

/// The `ID` of `notices/manual-ID.toml`, when `origin` is such a file.
fn manual_id_of(origin: &str, notices: &Path) -> Option<String> {
    let path = Path::new(origin);
    if path.parent()? != notices {
        return None;
    }
    let name = path.file_name()?.to_str()?;
    let id = name.strip_prefix(MANUAL_PREFIX)?.strip_suffix(".toml")?;
    valid_id(id).then(|| id.to_string())
}

/// A hand-entered notice's id: lower-case letters, digits and `-`, so it can only ever
/// name a file directly inside `notices/`.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn checked_id(id: &str) -> Result<&str, String> {
    if valid_id(id) {
        Ok(id)
    } else {
        Err(format!(
            "手入力のお知らせの id {id:?} は使えません（英小文字・数字・- のみ） / invalid id: lower-case letters, digits and - only"
        ))
    }
}

/// The config folder's `notices/`.
pub fn notices_dir(shared: &Shared) -> PathBuf {
    shared.config_dir.join(NOTICES_DIR)
}

fn manual_path(shared: &Shared, id: &str) -> PathBuf {
    notices_dir(shared).join(format!("{MANUAL_PREFIX}{id}.toml"))
}

/// Every notice, as start-up reads them: the built-in ones, `--notices DIR`, then the
/// config folder's `notices/`; with one problem line per file that cannot be used.
pub fn load(config_dir: &Path, extra: Option<&Path>) -> (Schedule, Vec<String>) {
    let mut schedule = Schedule::embedded();
    let mut problems = Vec::new();
    let user_dir = config_dir.join(NOTICES_DIR);
    let dirs = extra
        .map(Path::to_path_buf)
        .into_iter()
        .chain(user_dir.is_dir().then_some(user_dir));
    for dir in dirs {
        for e in schedule.add_dir(&dir) {
            problems.push(problems::notice_skipped(&e));
        }
    }
    (schedule, problems)
}

/// Reads every notice again and has the timer, tray and window follow them now.
pub fn reload<R: Runtime>(app: &AppHandle<R>, shared: &Shared) {
    let extra = app.try_state::<ExtraDir>().and_then(|e| e.0.clone());
    let (schedule, problems) = load(&shared.config_dir, extra.as_deref());
    for p in &problems {
        eprintln!("onshi-watch: {p}");
    }
    println!(
        "onshi-watch: notices reloaded notices={} problems={}",
        schedule.notices().len(),
        problems.len()
    );
    // With the feed followed (the app), the feed's notices are kept beside the files'.
    match app.try_state::<crate::feeds::Feeds>() {
        Some(feeds) => feeds.set_base(shared, schedule, problems),
        None => shared.replace_schedule(schedule, problems),
    }
}

/// Writes `bytes` to `path` whole or not at all: a temporary file beside it, then a rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().ok_or("no folder")?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("notice");
    // Not *.toml, so a reload never reads a half-written file.
    let tmp = dir.join(format!(".{name}.tmp"));
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("保存できません / cannot save {}: {e}", path.display())
        })
}

/// The areas a hand-entered window may name: the regions of the built-in notice
/// (東日本エリア, 西日本エリア).
pub fn areas() -> Vec<Region> {
    let mut out: Vec<Region> = Schedule::embedded()
        .notices()
        .iter()
        .flat_map(|n| n.regions.clone())
        .collect();
    out.dedup_by(|a, b| a.id == b.id);
    out
}

/// One window of a notice, for the list.
#[derive(Debug, Clone, Serialize)]
pub struct WindowRow {
    pub id: String,
    pub service: Service,
    pub service_label: String,
    pub kind: Kind,
    pub kind_label: String,
    /// `12月31日(火) 3:00 〜 5:20（予定）`.
    pub range_label: String,
    pub tentative: bool,
    pub cancelled: bool,
    pub area: String,
    pub affects: Option<String>,
    /// `最大 1月4日(日) 22:00 まで延長の可能性`.
    pub extension: Option<String>,
}

impl WindowRow {
    fn of(w: &Window, lang: Lang) -> WindowRow {
        WindowRow {
            id: w.id.clone(),
            service: w.service,
            service_label: w.service.name(lang).to_string(),
            kind: w.kind,
            kind_label: w.kind.label(lang).to_string(),
            range_label: w.range_label(lang),
            tentative: w.tentative,
            cancelled: w.cancelled,
            area: w.area.label(lang).to_string(),
            affects: w.affects_label(lang).map(str::to_string),
            extension: w.extension_label(lang),
        }
    }
}

/// The windows of `n` that hit `p` (all of them with no prefecture), and how many others.
fn windows_for(n: &Notice, p: Option<Prefecture>, lang: Lang) -> (Vec<WindowRow>, usize) {
    let hit: Vec<WindowRow> = n
        .windows
        .iter()
        .filter(|w| p.map_or(true, |p| w.hits(p)))
        .map(|w| WindowRow::of(w, lang))
        .collect();
    let others = n.windows.len() - hit.len();
    (hit, others)
}

/// One notice, for the list.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeRow {
    pub id: String,
    pub title: String,
    pub issuer: String,
    pub issued: String,
    pub revision: u32,
    /// False for a lower revision kept as history.
    pub in_force: bool,
    pub service: Service,
    pub service_label: String,
    pub origin: Origin,
    pub origin_label: String,
    /// The file (or `embedded:NAME`).
    pub path: String,
    /// For a notice entered by hand: the id to edit or delete it by.
    pub manual_id: Option<String>,
    /// Its windows that hit this prefecture.
    pub windows: Vec<WindowRow>,
    /// How many of its windows do not.
    pub other_windows: usize,
}

/// A choice of a select: value and label.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

/// The notices page.
#[derive(Debug, Clone, Serialize)]
pub struct NoticesView {
    pub lang: Lang,
    pub prefecture: Option<Prefecture>,
    pub notices: Vec<NoticeRow>,
    pub services: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub areas: Vec<Choice>,
    pub prefectures: Vec<Prefecture>,
    /// The config folder's `notices/`, where hand-entered and imported files go.
    pub folder: String,
}

fn notices_view(shared: &Shared) -> NoticesView {
    let dir = notices_dir(shared);
    let inner = shared.lock();
    let lang = inner.settings.lang;
    let p = inner.prefecture();
    let row = |n: &Notice, in_force: bool| {
        let origin = Origin::of(&n.origin, &dir);
        let (windows, other_windows) = windows_for(n, p, lang);
        NoticeRow {
            id: n.id.clone(),
            title: match lang {
                Lang::En => n.title_en.clone().unwrap_or_else(|| n.title.clone()),
                Lang::Ja => n.title.clone(),
            },
            issuer: n.issuer.clone(),
            issued: n.issued.to_string(),
            revision: n.revision,
            in_force,
            service: n.service,
            service_label: n.service.name(lang).to_string(),
            origin,
            origin_label: origin.label(lang).to_string(),
            path: n.origin.clone(),
            manual_id: manual_id_of(&n.origin, &dir),
            windows,
            other_windows,
        }
    };
    let mut notices: Vec<NoticeRow> = inner
        .schedule
        .notices()
        .iter()
        .map(|n| row(n, true))
        .chain(inner.schedule.superseded().iter().map(|n| row(n, false)))
        .collect();
    // Newest first: the one just added is on top.
    notices.sort_by(|a, b| (&b.issued, &a.id, b.revision).cmp(&(&a.issued, &b.id, a.revision)));
    NoticesView {
        lang,
        prefecture: p,
        notices,
        services: Service::ALL
            .iter()
            .map(|s| Choice {
                id: s.as_str().into(),
                label: s.name(lang).into(),
            })
            .collect(),
        kinds: [Kind::Full, Kind::Intermittent, Kind::Partial]
            .iter()
            .map(|k| Choice {
                id: serde_json::to_value(k)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                label: k.label(lang).into(),
            })
            .collect(),
        areas: areas()
            .iter()
            .map(|r| Choice {
                id: r.id.clone(),
                label: match lang {
                    Lang::Ja => r.name.clone(),
                    Lang::En => r.name_en.clone(),
                },
            })
            .collect(),
        prefectures: Prefecture::all().collect(),
        folder: dir.display().to_string(),
    }
}

/// Refuses a notice whose id and revision another loaded file already uses (the same
/// rule as every load), unless that file is `replacing` itself.
fn check_unique(shared: &Shared, n: &Notice, replacing: &Path) -> Result<(), String> {
    let inner = shared.lock();
    let replacing = replacing.display().to_string();
    match inner
        .schedule
        .revisions(&n.id)
        .into_iter()
        .find(|o| o.revision == n.revision && o.origin != replacing)
    {
        Some(o) => Err(format!(
            "お知らせ {:?} の第{}版は既にあります（{}）。id を変えるか、版を上げてください / notice {:?} revision {} is already loaded from {}",
            n.id, n.revision, o.origin, n.id, n.revision, o.origin
        )),
        None => Ok(()),
    }
}

#[tauri::command]
pub fn list_notices(shared: State<'_, Shared>) -> NoticesView {
    notices_view(&shared)
}

/// What saving, deleting or importing answers: the file and the page as it now is.
#[derive(Debug, Clone, Serialize)]
pub struct Saved {
    /// The file written or removed.
    pub path: String,
    pub notices: NoticesView,
}

/// Saves the hand-entry form as `notices/manual-ID.toml`: a new notice, or (with
/// `form.id`) a new revision of one entered by hand. The file is checked as `onshi
/// check` checks it before anything is written.
#[tauri::command]
pub fn save_manual<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Shared>,
    form: ManualForm,
) -> Result<Saved, String> {
    let now = shared.clock.now();
    let issued = onshi::time::to_jst(now).date_naive();
    let (id, revision) = match form.id.as_deref() {
        Some(id) => {
            let id = checked_id(id)?;
            let path = manual_path(&shared, id);
            if !path.is_file() {
                return Err(format!(
                    "手入力のお知らせ {id:?} がありません / no notice entered by hand with id {id:?}"
                ));
            }
            // A broken file is still replaced: the form is how staff fix it.
            let old = Notice::from_file(&path).map_or(0, |n| n.revision);
            (id.to_string(), old + 1)
        }
        None => (new_id(&shared, &form), 1),
    };
    let path = manual_path(&shared, &id);
    let text = form::to_toml(
        &form,
        &format!("{MANUAL_PREFIX}{id}"),
        revision,
        issued,
        &areas(),
    )?;
    let notice = Notice::parse(&text, &path.display().to_string()).map_err(|e| e.to_string())?;
    check_unique(&shared, &notice, &path)?;
    write_atomic(&path, text.as_bytes())?;
    reload(&app, &shared);
    Ok(Saved {
        path: path.display().to_string(),
        notices: notices_view(&shared),
    })
}

/// `20250115-1000-oqs`, from the start and the service; `-2`, `-3`… when taken.
fn new_id(shared: &Shared, form: &ManualForm) -> String {
    let stamp: String = form
        .start
        .chars()
        .filter(char::is_ascii_digit)
        .take(12)
        .collect();
    let stamp = if stamp.len() == 12 {
        format!("{}-{}", &stamp[..8], &stamp[8..])
    } else {
        "notice".to_string()
    };
    let base = format!("{stamp}-{}", form.service.as_str());
    let mut id = base.clone();
    let mut n = 2;
    while manual_path(shared, &id).exists() {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The form refilled from a notice entered by hand, to edit it.
#[tauri::command]
pub fn read_manual(shared: State<'_, Shared>, id: String) -> Result<ManualForm, String> {
    let id = checked_id(&id)?;
    let notice = Notice::from_file(&manual_path(&shared, id)).map_err(|e| e.to_string())?;
    Ok(form::from_notice(&notice, id))
}

/// Deletes a notice entered by hand (only `notices/manual-ID.toml`, never another file).
#[tauri::command]
pub fn delete_manual<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Shared>,
    id: String,
) -> Result<Saved, String> {
    let id = checked_id(&id)?;
    let path = manual_path(&shared, id);
    std::fs::remove_file(&path)
        .map_err(|e| format!("削除できません / cannot delete {}: {e}", path.display()))?;
    reload(&app, &shared);
    Ok(Saved {
        path: path.display().to_string(),
        notices: notices_view(&shared),
    })
}

/// What importing a file would change for this prefecture.
#[derive(Debug, Clone, Serialize)]
pub struct ImportPreview {
    /// The file to import.
    pub path: String,
    /// Its name in `notices/`.
    pub file_name: String,
    pub id: String,
    pub title: String,
    pub revision: u32,
    /// `new`, `replaces` (a lower revision is loaded) or `older` (a higher one is).
    pub change: &'static str,
    /// 新しいお知らせです / 第1版を置き換えます / …
    pub change_label: String,
    /// Its windows that hit this prefecture (all of them with no prefecture set).
    pub windows: Vec<WindowRow>,
    pub other_windows: usize,
}

/// Reads and checks a file to import; nothing is written.
fn inspect(shared: &Shared, path: &str) -> Result<(ImportPreview, Vec<u8>, PathBuf), String> {
    let path = path.trim();
    if path.is_empty() {
        return Err("取り込むファイルを選んでください / choose a file to import".into());
    }
    let src = PathBuf::from(path);
    let meta = std::fs::metadata(&src).map_err(|e| format!("{path}: cannot read the file: {e}"))?;
    if !meta.is_file() || meta.len() > MAX_FILE {
        return Err(format!(
            "{path}: お知らせファイル（1 MB までの .toml）ではありません / not a notice file (a .toml of at most 1 MB)"
        ));
    }
    let bytes = std::fs::read(&src).map_err(|e| format!("{path}: cannot read the file: {e}"))?;
    let text = String::from_utf8(bytes.clone())
        .map_err(|_| format!("{path}: UTF-8 のテキストではありません / not UTF-8 text"))?;
    let notice = Notice::parse(&text, path).map_err(|e| e.to_string())?;

    let name = src
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("notice.toml");
    let mut file_name = if name.ends_with(".toml") {
        name.to_string()
    } else {
        format!("{name}.toml")
    };
    // Only the form writes manual-*.toml: an imported file is never taken for one.
    if file_name.starts_with(MANUAL_PREFIX) || file_name.starts_with('.') {
        file_name = format!("imported-{}", file_name.trim_start_matches('.'));
    }
    let dest = notices_dir(shared).join(&file_name);
    if dest.exists() {
        return Err(format!(
            "{} は既にあります。ファイル名を変えてから取り込んでください / {} already exists in the notices folder",
            dest.display(),
            file_name
        ));
    }
    check_unique(shared, &notice, &dest)?;

    let inner = shared.lock();
    let lang = inner.settings.lang;
    let loaded = inner.schedule.notice(&notice.id).map(|n| n.revision);
    let (change, change_label) = match loaded {
        None => (
            "new",
            lang.pick("新しいお知らせです", "A new notice").to_string(),
        ),
        Some(r) if r < notice.revision => (
            "replaces",
            match lang {
                Lang::Ja => format!("第{r}版を置き換えます（第{}版）", notice.revision),
                Lang::En => format!(
                    "Replaces revision {r} (this is revision {})",
                    notice.revision
                ),
            },
        ),
        Some(r) => (
            "older",
            match lang {
                Lang::Ja => format!("第{r}版が使われています。これは履歴として残ります"),
                Lang::En => format!("Revision {r} is in force; this one is kept as history"),
            },
        ),
    };
    let (windows, other_windows) = windows_for(&notice, inner.prefecture(), lang);
    Ok((
        ImportPreview {
            path: path.to_string(),
            file_name,
            id: notice.id.clone(),
            title: notice.title.clone(),
            revision: notice.revision,
            change,
            change_label,
            windows,
            other_windows,
        },
        bytes,
        dest,
    ))
}

/// Checks a file and says what it would change; nothing is written.
#[tauri::command]
pub fn preview_import(shared: State<'_, Shared>, path: String) -> Result<ImportPreview, String> {
    inspect(&shared, &path).map(|(p, _, _)| p)
}

/// Checks a file again and copies it into `notices/`. A file that does not pass is
/// refused with its line and column, and nothing is written.
#[tauri::command]
pub fn import_notice<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Shared>,
    path: String,
) -> Result<Saved, String> {
    let (_, bytes, dest) = inspect(&shared, &path)?;
    write_atomic(&dest, &bytes)?;
    reload(&app, &shared);
    Ok(Saved {
        path: dest.display().to_string(),
        notices: notices_view(&shared),
    })
}

/// What 「本文から読み取る」 answers: the draft, and each of its windows as a form.
#[derive(Debug, Clone, Serialize)]
pub struct DraftReply {
    pub draft: Draft,
    pub windows: Vec<DraftFill>,
    pub review_count: usize,
}

/// Reads a notice's text (`onshi draft`'s rules) into forms to check and save.
#[tauri::command]
pub fn draft_notice(text: String) -> Result<DraftReply, String> {
    let draft = onshi::draft::draft(&text, None);
    if draft.windows.is_empty() {
        return Err(draft.no_window_message());
    }
    let windows = form::from_draft(&draft, &areas());
    Ok(DraftReply {
        review_count: draft.review_count(),
        draft,
        windows,
    })
}
