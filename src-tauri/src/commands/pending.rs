//! The 「確認待ちの患者」 list on the status page: the list, a patient added, one marked
//! 確認済み (deleted). The data and every decision are the domain's ([`onshi::pending`]);
//! this room opens the encrypted file for each call and shapes what the page shows.
//!
//! Personal data: no log line here ever holds a field of an entry — only ids and counts.

use std::sync::Mutex;

use onshi::pending::{self, NewEntry, Pending};
use onshi::Lang;
use serde::Serialize;
use tauri::State;

use crate::state::Shared;

/// One call at a time opens, changes and saves the file: two quick clicks never lose one.
static FILE: Mutex<()> = Mutex::new(());

/// What the page shows of the list.
#[derive(Debug, Serialize)]
pub struct PendingView {
    pub lang: Lang,
    /// Whether the section is shown ([`pending::shown`]).
    pub shown: bool,
    /// The line above the list once the planned end has passed.
    pub note: Option<String>,
    pub entries: Vec<EntryView>,
}

/// One patient as the page shows them.
#[derive(Serialize)]
pub struct EntryView {
    pub id: String,
    pub name: String,
    pub sex: String,
    pub birth: String,
    pub address: String,
    pub memo: Option<String>,
    /// When the desk added them, in JST.
    pub added_label: String,
}

/// Never the patient's data, even in a debug print.
impl std::fmt::Debug for EntryView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntryView")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// Opens the list (the drill's own in a drill), runs `change` on it, and answers with what
/// the page shows next. A file moved aside becomes one problem in the window.
fn with_list<T>(
    shared: &Shared,
    change: impl FnOnce(&mut Pending) -> Result<T, String>,
) -> Result<(T, PendingView), String> {
    let _one = FILE.lock().unwrap_or_else(|e| e.into_inner());
    let drill = shared.clock.training_info().is_some();
    let dir = pending::dir_for(&shared.config_dir, drill);
    let (mut list, problem) = Pending::open(&dir)?;
    if let Some(p) = problem {
        shared.add_problem(p);
    }
    let answer = change(&mut list)?;
    Ok((answer, view(shared, &list)))
}

fn view(shared: &Shared, list: &Pending) -> PendingView {
    let now = shared.clock.now();
    let state = shared.lock();
    let lang = state.settings.lang;
    let entries = list.list();
    let (shown, note) = match state.prefecture() {
        Some(p) => {
            let windows = state.schedule.windows_for(p);
            (
                pending::shown(entries, &windows, p, now),
                pending::after_end_line(entries, &windows, p, now, lang),
            )
        }
        // No prefecture, no windows: shown only while someone waits.
        None => (!entries.is_empty(), None),
    };
    PendingView {
        lang,
        shown,
        note,
        entries: entries
            .iter()
            .map(|e| EntryView {
                id: e.id.clone(),
                name: e.name.clone(),
                sex: e.sex.clone(),
                birth: e.birth.clone(),
                address: e.address.clone(),
                memo: e.memo.clone(),
                added_label: onshi::time::date_time_label(e.added, lang),
            })
            .collect(),
    }
}

/// The list as the page shows it now.
#[tauri::command]
pub fn pending_list(shared: State<'_, Shared>) -> Result<PendingView, String> {
    with_list(&shared, |_| Ok(())).map(|(_, v)| v)
}

/// Adds a patient (the form's 4情報 and メモ), checked by the domain; `Err` is the one
/// line the form shows, and nothing is added.
#[tauri::command]
pub fn pending_add(shared: State<'_, Shared>, entry: NewEntry) -> Result<PendingView, String> {
    let now = shared.clock.now();
    let (added, view) = with_list(&shared, |list| list.add(entry, now))?;
    println!(
        "onshi-watch: pending added id={} waiting={}",
        added.id,
        view.entries.len()
    );
    Ok(view)
}

/// 「確認済み」: the patient `id` is deleted from the file.
#[tauri::command]
pub fn pending_done(shared: State<'_, Shared>, id: String) -> Result<PendingView, String> {
    let (removed, view) = with_list(&shared, |list| list.mark_done(&id))?;
    println!(
        "onshi-watch: pending done id={id} removed={removed} waiting={}",
        view.entries.len()
    );
    Ok(view)
}
