//! The commands of the notices page (お知らせ): notices entered by hand, imported from a
//! file, or read from a notice's text; each change is checked before anything is written,
//! then every notice is read again so the timer, tray and window follow it at once.

use std::path::{Path, PathBuf};

use onshi::draft::Draft;
use onshi::{Lang, Notice};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::feeds::Feeds;
use crate::notice_files::{self, ExtraDir, MANUAL_PREFIX};
use crate::notice_form::{self, areas, DraftFill, ManualForm};
use crate::notices_view::{notices_view, windows_for, NoticesView, WindowRow};
use crate::state::Shared;

/// Reads every notice again and has the timer, tray and window follow them now.
fn reload<R: Runtime>(app: &AppHandle<R>, shared: &Shared) {
    let extra = app.try_state::<ExtraDir>().and_then(|e| e.0.clone());
    // The clinic's own services (the policy's) stay known: they came with the schedule.
    let services = shared.lock().schedule.service_registry().clone();
    let (schedule, problems) = notice_files::load(&shared.config_dir, extra.as_deref(), &services);
    for p in &problems {
        eprintln!("onshi-watch: {p}");
    }
    println!(
        "onshi-watch: notices reloaded notices={} problems={}",
        schedule.notices().len(),
        problems.len()
    );
    // With the feed followed (the app), the feed's notices are kept beside the files'.
    match app.try_state::<Feeds>() {
        Some(feeds) => feeds.set_base(shared, schedule, problems),
        None => shared.replace_schedule(schedule, problems),
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

/// A date field of the form read as saving reads it, echoed with its weekday beside it.
#[derive(Debug, Clone, Serialize)]
pub struct WhenEcho {
    /// 「2026年12月31日(木) 3:00」 / `Thu 31 Dec 2026 03:00`.
    pub label: String,
    /// `2026-12-31T03:00:00+09:00`.
    pub instant: String,
    /// No year was typed: the next such date was taken.
    pub year_inferred: bool,
}

/// Reads one typed date and time (JST) as the form will save it; a date without a year
/// is the next one from today (the app's clock). The error is in the app's language.
#[tauri::command]
pub fn parse_when(shared: State<'_, Shared>, text: String) -> Result<WhenEcho, String> {
    let today = onshi::time::to_jst(shared.clock.now()).date_naive();
    let lang = shared.lock().settings.lang;
    let when = onshi::draft::when::parse_when(&text, today).map_err(|e| e.label(lang))?;
    Ok(WhenEcho {
        label: onshi::time::date_time_label_year(when.at, lang),
        instant: onshi::time::rfc3339_jst(when.at),
        year_inferred: when.year_inferred,
    })
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
    /// The notice's id (the list item to bring into view); empty when deleted.
    pub id: String,
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
            let id = notice_files::checked_id(id)?;
            let path = notice_files::manual_path(&shared.config_dir, id);
            if !path.is_file() {
                return Err(format!(
                    "手入力のお知らせ {id:?} がありません / no notice entered by hand with id {id:?}"
                ));
            }
            // A broken file is still replaced: the form is how staff fix it.
            let old = Notice::from_file(&path).map_or(0, |n| n.revision);
            (id.to_string(), old + 1)
        }
        None => (new_id(&shared, &form, issued), 1),
    };
    let path = notice_files::manual_path(&shared.config_dir, &id);
    let text = notice_form::to_toml(
        &form,
        &format!("{MANUAL_PREFIX}{id}"),
        revision,
        issued,
        &areas(),
    )?;
    let notice = Notice::parse(&text, &path.display().to_string()).map_err(|e| e.to_string())?;
    check_unique(&shared, &notice, &path)?;
    notice_files::write_atomic(&path, text.as_bytes())?;
    reload(&app, &shared);
    Ok(Saved {
        path: path.display().to_string(),
        id: notice.id,
        notices: notices_view(&shared),
    })
}

/// `20250115-1000-oqs`, from the start (as typed, read as the file reads it) and the
/// service; `-2`, `-3`… when taken.
fn new_id(shared: &Shared, form: &ManualForm, issued: chrono::NaiveDate) -> String {
    let stamp = onshi::draft::when::parse_when(&form.start, issued).map_or_else(
        |_| "notice".to_string(),
        |w| onshi::time::to_jst(w.at).format("%Y%m%d-%H%M").to_string(),
    );
    let base = format!("{stamp}-{}", form.service.as_str());
    let mut id = base.clone();
    let mut n = 2;
    while notice_files::manual_path(&shared.config_dir, &id).exists() {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The form refilled from a notice entered by hand, to edit it.
#[tauri::command]
pub fn read_manual(shared: State<'_, Shared>, id: String) -> Result<ManualForm, String> {
    let id = notice_files::checked_id(&id)?;
    let notice = Notice::from_file(&notice_files::manual_path(&shared.config_dir, id))
        .map_err(|e| e.to_string())?;
    Ok(notice_form::from_notice(&notice, id))
}

/// Deletes a notice entered by hand (only `notices/manual-ID.toml`, never another file).
#[tauri::command]
pub fn delete_manual<R: Runtime>(
    app: AppHandle<R>,
    shared: State<'_, Shared>,
    id: String,
) -> Result<Saved, String> {
    let id = notice_files::checked_id(&id)?;
    let path = notice_files::manual_path(&shared.config_dir, id);
    std::fs::remove_file(&path)
        .map_err(|e| format!("削除できません / cannot delete {}: {e}", path.display()))?;
    reload(&app, &shared);
    Ok(Saved {
        path: path.display().to_string(),
        id: String::new(),
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
    let lang = shared.lock().settings.lang;
    let notice_files::Import {
        notice,
        bytes,
        file_name,
    } = notice_files::read_import(path, lang)?;
    let dest = notice_files::dir(&shared.config_dir).join(&file_name);
    if dest.exists() {
        return Err(match lang {
            Lang::Ja => format!(
                "{} は既にあります。ファイル名を変えてから取り込んでください",
                dest.display()
            ),
            Lang::En => format!(
                "{file_name} already exists in the notices folder: rename the file, then import it"
            ),
        });
    }
    check_unique(shared, &notice, &dest)?;

    let inner = shared.lock();
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
    let (preview, bytes, dest) = inspect(&shared, &path)?;
    notice_files::write_atomic(&dest, &bytes)?;
    reload(&app, &shared);
    Ok(Saved {
        path: dest.display().to_string(),
        id: preview.id,
        notices: notices_view(&shared),
    })
}

/// What 「本文から読み取る」 answers: the draft, and each of its windows as a form.
#[derive(Debug, Clone, Serialize)]
pub struct DraftReply {
    pub draft: Draft,
    pub windows: Vec<DraftFill>,
    /// The fields of the first window's form to check (each one highlighted).
    pub review_count: usize,
    /// Said when the text also holds deadlines, insurers' problems or monthly windows,
    /// which the hand-entry form cannot hold: how to bring them in instead.
    pub shapes_note: Option<String>,
}

/// How to bring in what the form cannot hold (format v3's shapes), when the text has any.
fn shapes_note(draft: &Draft) -> Option<String> {
    let s = &draft.shapes;
    let n = s.deadlines.len() + s.insurers.len() + s.recurring.len();
    (n > 0).then(|| {
        format!(
            "本文から期限・保険者の情報・毎月の窓も読み取りました（{n}件）。この画面では扱えないため、onshi draft でファイルにし、要確認の値を直してから「ファイルから取り込む」で取り込んでください / The text also holds {n} deadline(s), insurer problem(s) or monthly window(s), which this form cannot hold: make a file with onshi draft, check it, then import it"
        )
    })
}

/// Reads a notice's text (`onshi draft`'s rules) into forms to check and save.
#[tauri::command]
pub fn draft_notice(text: String) -> Result<DraftReply, String> {
    let draft = onshi::draft::draft(&text, None);
    let note = shapes_note(&draft);
    if draft.windows.is_empty() {
        // Never silently: what was read that the form cannot hold is said.
        return Err(note.unwrap_or_else(|| draft.no_window_message()));
    }
    let windows = notice_form::from_draft(&draft, &areas());
    Ok(DraftReply {
        // Only what the form shows (and highlights) is counted: not the made-up id, nor
        // what the form cannot hold.
        review_count: windows.first().map_or(0, |w| w.review.len()),
        draft,
        windows,
        shapes_note: note,
    })
}
