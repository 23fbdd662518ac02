//! What the window shows, computed here so the UI only renders it: typed, localized,
//! and every string from a notice file sent as data for `textContent`.

use onshi::advice::{advice, StepGroup};
use onshi::contact::ContactView;
use onshi::present::{self, Look};
use onshi::schedule::UPCOMING;
use onshi::time::{self, Instant};
use onshi::{Facility, Lang, Prefecture, State, Window};
use serde::Serialize;

use crate::clock::Clock;
use crate::state::Inner;

/// The whole window, sent when the window opens and after every change.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub lang: Lang,
    pub training: Option<TrainingView>,
    pub now: String,
    pub now_label: String,
    pub prefecture: Option<Prefecture>,
    pub region: Option<String>,
    /// `not_configured` | `normal` | `upcoming` | `intermittent` | `full_outage`.
    pub state: Look,
    pub state_label: String,
    /// 「お知らせ確認 11月27日 9:00」, or that notices are not checked automatically.
    pub freshness: Option<String>,
    pub countdown: Option<Countdown>,
    pub window: Option<WindowView>,
    pub next_window: Option<WindowView>,
    pub timeline: Vec<WindowView>,
    /// The steps for now, in groups, each step with its source.
    pub step_groups: Vec<StepGroup>,
    /// Said when no group applies: what is known, never "no outage" while one is.
    pub steps_note: String,
    /// Shown above the steps until a facility type is chosen.
    pub facility_hint: Option<String>,
    pub contact: ContactView,
    pub sources: Vec<SourceView>,
    pub muted_until_label: Option<String>,
    /// Whether the mute button makes sense now (the UI shows it only then).
    pub can_mute: bool,
    pub problems: Vec<String>,
    pub settings: SettingsView,
    pub prefectures: Vec<Prefecture>,
    pub facilities: Vec<FacilityOption>,
}

/// The training banner.
#[derive(Debug, Clone, Serialize)]
pub struct TrainingView {
    pub speed: f64,
    pub label: String,
}

/// Time left until the state changes.
#[derive(Debug, Clone, Serialize)]
pub struct Countdown {
    /// `開始まで` / `終了まで`.
    pub label: String,
    pub seconds: i64,
    pub target: String,
    /// `12月31日(火) 5:20（予定）`: 予定 once, here.
    pub target_label: String,
}

/// One outage window, told for the window.
#[derive(Debug, Clone, Serialize)]
pub struct WindowView {
    pub id: String,
    pub kind: onshi::Kind,
    pub kind_label: String,
    pub start: String,
    pub end: String,
    pub range_label: String,
    pub tentative: bool,
    pub region: String,
    pub notice_id: String,
    pub notice_title: Option<String>,
    pub note: Option<String>,
    pub past: bool,
    pub current: bool,
}

/// A notice's source link.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub label: String,
    pub url: Option<String>,
    pub notice_title: String,
}

/// What the settings form starts from.
#[derive(Debug, Clone, Serialize)]
pub struct SettingsView {
    pub prefecture: Option<u8>,
    pub facility: Option<Facility>,
    pub lang: Lang,
    pub reminders_minutes: Vec<u32>,
    pub autostart: bool,
}

/// One choice of the facility select.
#[derive(Debug, Clone, Serialize)]
pub struct FacilityOption {
    pub id: Facility,
    pub label: String,
}

/// The line on the tray menu (and in the tooltip where the OS has one):
/// `✕ 停止中 福岡県 〜12月31日(火) 5:20（予定）`.
pub fn status_line(inner: &Inner, clock: &Clock, now: Instant) -> String {
    let lang = inner.settings.lang;
    let status = inner.status(now);
    let look = Look::of(status.as_ref());
    let mut line = String::new();
    if clock.training_info().is_some() {
        line.push_str(lang.pick("【訓練モード】", "[TRAINING] "));
    }
    line.push_str(look.symbol());
    line.push(' ');
    let freshness = crate::feed_sync::freshness(inner.feed.as_ref(), now);
    line.push_str(&crate::feed_sync::state_label(
        freshness,
        status.as_ref(),
        lang,
    ));
    if let Some(s) = &status {
        line.push(' ');
        line.push_str(&present::prefecture_name(s.prefecture, lang));
        match (s.state, s.until, s.upcoming(UPCOMING)) {
            (State::Normal, _, Some(w)) => {
                line.push_str(&format!(
                    " {} {}",
                    lang.pick("開始", "from"),
                    present::when(w.start, w.tentative, lang)
                ));
            }
            (State::Normal, _, None) => {
                // Unless the label already says it: when the notices were confirmed.
                if s.next_window.is_some()
                    || matches!(freshness, onshi::freshness::Freshness::Fresh { .. })
                {
                    line.push_str(&format!("（{}）", freshness.confirmed_line(lang)));
                }
            }
            (_, Some(until), _) => {
                line.push_str(&format!(
                    " {}{}",
                    lang.pick("〜", "until "),
                    present::when(until, present::until_tentative(s), lang)
                ));
            }
            (_, None, _) => {}
        }
    }
    line
}

/// The tray's "next window" line.
pub fn next_line(inner: &Inner, now: Instant) -> String {
    let next = inner.status(now).and_then(|s| s.next_window);
    present::next_line(next.as_ref(), inner.settings.lang)
}

fn window_view(w: &Window, inner: &Inner, now: Instant, lang: Lang) -> WindowView {
    let notice = inner.schedule.notice(&w.notice);
    WindowView {
        id: w.id.clone(),
        kind: w.kind,
        kind_label: w.kind.label(lang).to_string(),
        start: time::rfc3339_jst(w.start),
        end: time::rfc3339_jst(w.end),
        range_label: w.range_label(lang),
        tentative: w.tentative,
        region: w.area.label(lang).to_string(),
        notice_id: w.notice.clone(),
        notice_title: notice.map(|n| match (lang, &n.title_en) {
            (Lang::En, Some(t)) => t.clone(),
            _ => n.title.clone(),
        }),
        note: match lang {
            Lang::Ja => w.note.clone(),
            Lang::En => w.note_en.clone().or(w.note.clone()),
        },
        past: w.end <= now,
        current: w.contains(now),
    }
}

/// The whole view for the window.
pub fn view(inner: &Inner, clock: &Clock, notify_failure: Option<String>, now: Instant) -> View {
    let lang = inner.settings.lang;
    let timeline = inner.prefecture().map(|p| inner.schedule.timeline(p));
    let status = timeline.as_ref().map(|tl| tl.status(now));
    let look = Look::of(status.as_ref());

    let training = clock.training_info().map(|t| TrainingView {
        speed: t.speed,
        label: match lang {
            Lang::Ja => format!(
                "訓練モード（{}倍速、{} から）: 実際の時刻ではありません",
                t.speed,
                time::date_time_label(t.start, lang)
            ),
            Lang::En => format!(
                "Training mode ({}×, from {}): not the real time",
                t.speed,
                time::date_time_label(t.start, lang)
            ),
        },
    });

    let countdown = status.as_ref().and_then(|s| {
        let (target, label, tentative) = match (s.state, s.upcoming(UPCOMING)) {
            (State::Normal, Some(w)) => (w.start, lang.pick("開始まで", "Starts in"), w.tentative),
            (State::Normal, None) => return None,
            _ => (
                s.until?,
                lang.pick("終了まで", "Ends in"),
                present::until_tentative(s),
            ),
        };
        Some(Countdown {
            label: label.to_string(),
            seconds: (target - now).num_seconds().max(0),
            target: time::rfc3339_jst(target),
            target_label: present::when(target, tentative, lang),
        })
    });

    let facility = inner.settings.facility;
    let step_groups = match (&status, &timeline) {
        (Some(s), Some(tl)) => advice(s, tl.windows(), facility, lang),
        _ => Vec::new(),
    };
    let steps_note = lang
        .pick(
            "既知の停止予定はありません（読み込んだお知らせの範囲で）。停止のお知らせが届いたら、お知らせファイルを追加してください。",
            "No outage is known (as far as the loaded notices go). When a notice arrives, add it as a notice file.",
        )
        .to_string();

    let windows: Vec<WindowView> = timeline
        .as_ref()
        .map(|tl| {
            tl.windows()
                .iter()
                .map(|w| window_view(w, inner, now, lang))
                .collect()
        })
        .unwrap_or_default();

    let mut sources = Vec::new();
    for n in inner.schedule.notices() {
        for s in &n.sources {
            let label = match (lang, &s.label_en) {
                (Lang::En, Some(l)) => l.clone(),
                _ => s.label.clone(),
            };
            sources.push(SourceView {
                label,
                url: s.url.clone(),
                notice_title: n.title.clone(),
            });
        }
    }

    let mut problems = inner.problems.clone();
    if let Some(f) = notify_failure {
        problems.push(match lang {
            Lang::Ja => {
                format!("通知を表示できません（{f}）。状態はトレイとこの画面で確認してください。")
            }
            Lang::En => format!(
                "Cannot show notifications ({f}). Check the state in the tray and this window."
            ),
        });
    }
    let facility_hint = (inner.prefecture().is_some() && facility.is_none()).then(|| {
        lang.pick(
            "設定で施設の種類（医科・歯科・薬局）を選ぶと、関係する手順だけを表示します。",
            "Choose the facility type (clinic, dental, pharmacy) in the settings to see only the steps that apply.",
        )
        .to_string()
    });

    let region = status.as_ref().and_then(|s| {
        s.window
            .as_ref()
            .or(s.next_window.as_ref())
            .map(|w| w.area.label(lang).to_string())
            .or_else(|| {
                // Otherwise the region a notice puts this prefecture in, if any.
                inner
                    .schedule
                    .notices()
                    .iter()
                    .flat_map(|n| &n.regions)
                    .find(|r| r.prefectures.contains(&s.prefecture))
                    .map(|r| lang.pick(&r.name, &r.name_en).to_string())
            })
    });

    let mute_target = inner.mute_target(now);
    let muted_until_label = inner.muted_until.map(|u| match lang {
        Lang::Ja => format!("{} まで通知を止めています", time::date_time_label(u, lang)),
        Lang::En => format!(
            "Notifications muted until {}",
            time::date_time_label(u, lang)
        ),
    });

    View {
        lang,
        training,
        now: time::rfc3339_jst(now),
        now_label: time::date_time_label(now, lang),
        prefecture: status.as_ref().map(|s| s.prefecture),
        region,
        state: look,
        state_label: crate::feed_sync::state_label(
            crate::feed_sync::freshness(inner.feed.as_ref(), now),
            status.as_ref(),
            lang,
        ),
        freshness: Some(crate::feed_sync::freshness(inner.feed.as_ref(), now).confirmed_line(lang)),
        countdown,
        window: status
            .as_ref()
            .and_then(|s| s.window.as_ref())
            .map(|w| window_view(w, inner, now, lang)),
        next_window: status
            .as_ref()
            .and_then(|s| s.next_window.as_ref())
            .map(|w| window_view(w, inner, now, lang)),
        timeline: windows,
        step_groups,
        steps_note,
        facility_hint,
        contact: onshi::contact::view(now, lang),
        sources,
        muted_until_label,
        can_mute: inner.muted_until.is_some() || mute_target.is_some(),
        problems,
        settings: SettingsView {
            prefecture: inner.prefecture().map(|p| p.code()),
            facility,
            lang,
            reminders_minutes: inner.settings.reminders_minutes.clone(),
            autostart: inner.settings.autostart,
        },
        prefectures: Prefecture::all().collect(),
        facilities: Facility::ALL
            .iter()
            .map(|f| FacilityOption {
                id: *f,
                label: f.label(lang).to_string(),
            })
            .collect(),
    }
}
