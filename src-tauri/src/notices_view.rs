//! What the notices page (お知らせ) shows: every notice the app knows, where it came from,
//! and its windows that hit this prefecture — typed and localized, sent as data.

use std::path::Path;

use onshi::{Kind, Lang, Notice, Prefecture, Service, Window};
use serde::Serialize;

use crate::notice_files;
use crate::notice_form::areas;
use crate::state::Shared;

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
        if notice_files::manual_id_of(origin, notices).is_some() {
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
pub fn windows_for(n: &Notice, p: Option<Prefecture>, lang: Lang) -> (Vec<WindowRow>, usize) {
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

/// The notices page, as [`notices_view`] builds it.
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

pub fn notices_view(shared: &Shared) -> NoticesView {
    let dir = notice_files::dir(&shared.config_dir);
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
            manual_id: notice_files::manual_id_of(&n.origin, &dir),
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
