//! What the window shows, computed here so the UI only renders it: typed, localized,
//! and every string from a notice file sent as data for `textContent`.

use onshi::advice::{advice_for, ServiceAdvice, StepGroup};
use onshi::chooser::Answer;
use onshi::contact::ContactView;
use onshi::guidance::Audience;
use onshi::present::{self, Look};
use onshi::schedule::UPCOMING;
use onshi::time::{self, Instant};
use onshi::{Facility, Lang, Prefecture, Service, State, Status, Window};
use serde::Serialize;

use crate::clock::Clock;
use crate::snapshot::Snapshot;
use crate::state::AppState;

/// What a command answers: the whole view and the moment it was taken.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Frame {
    pub view: View,
    pub tick: TickView,
}

/// What moves every second while the window is open: the clock and the countdown. Sent
/// alone (a few dozen bytes) when nothing else changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TickView {
    pub now: String,
    pub now_label: String,
    /// Seconds until the countdown's target; `None` when there is no countdown.
    pub countdown_seconds: Option<i64>,
}

/// The whole window, sent when the window opens and whenever something in it changes
/// (never just because a second passed: that is [`TickView`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct View {
    pub lang: Lang,
    pub training: Option<TrainingView>,
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
    /// オン資's steps for now, in groups, each step with its source (and, when it needs a
    /// service that is down, why it cannot be used now).
    pub step_groups: Vec<StepGroup>,
    /// Each other service with something in force, to come or just ended, that matters
    /// to this facility: its own state, window and steps.
    pub services: Vec<ServiceView>,
    /// Said when no group applies: what is known, never "no outage" while one is.
    pub steps_note: String,
    /// Shown above the steps until a facility type is chosen.
    pub facility_hint: Option<String>,
    pub contact: ContactView,
    /// Every contact, each with its own hours and whether it answers now; a step names
    /// its contact (`contact`: the emergency lookup beside the step that enables it).
    pub contacts: Vec<ContactView>,
    /// 「患者さんが持ってきたもの」 while オン資 has a window in force: each answer with the
    /// few steps that hold now, none needing a service that is down. Empty otherwise.
    pub chooser: Vec<Answer>,
    pub sources: Vec<SourceView>,
    pub muted_until_label: Option<String>,
    /// 「確認済み 受付2 10:02」: who acknowledged the banner in force, and when.
    pub alert_ack: Option<String>,
    /// The mute button's label: what pressing it does now (the tray item's text).
    pub mute_label: String,
    /// Whether the mute button makes sense now (the UI shows it only then).
    pub can_mute: bool,
    pub problems: Vec<String>,
    pub settings: SettingsView,
    pub prefectures: Vec<Prefecture>,
    pub facilities: Vec<FacilityOption>,
    /// Deadlines near or just passed, each with 「対応済み」 (format v3).
    pub deadlines: Vec<crate::deadlines_view::DeadlineView>,
    /// Insurers' data problems in force: a line and its step each, not an outage.
    pub insurer_lines: Vec<crate::deadlines_view::InsurerLineView>,
}

/// One service other than オン資, told for the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceView {
    pub service: Service,
    /// マイナポータル.
    pub name: String,
    /// `normal` | `partial` | `intermittent` | `full_outage`.
    pub state: State,
    pub state_label: String,
    pub window: Option<WindowView>,
    pub next_window: Option<WindowView>,
    /// `1月2日(金) 3:00（予定）まで` while a window is in force.
    pub until_label: Option<String>,
    /// 「最大 … まで延長の可能性」, when its notice says so.
    pub extension: Option<String>,
    pub groups: Vec<StepGroup>,
    /// Who to call, for a service of the clinic's own whose definition says.
    pub contact: Option<crate::deadlines_view::OwnContactView>,
}

fn service_view(a: ServiceAdvice, state: &AppState, now: Instant, lang: Lang) -> ServiceView {
    let s = &a.status;
    let current = s.window.as_ref().or(s.may_extend.as_ref());
    ServiceView {
        service: a.service,
        name: a.service.name(lang).to_string(),
        state: a.state,
        state_label: a.state.label(lang).to_string(),
        window: s.window.as_ref().map(|w| window_view(w, state, now, lang)),
        next_window: s
            .next_window
            .as_ref()
            .map(|w| window_view(w, state, now, lang)),
        until_label: s.until.filter(|_| s.window.is_some()).map(|u| match lang {
            Lang::Ja => format!(
                "{}まで",
                present::when(u, present::until_tentative(s), lang)
            ),
            Lang::En => format!(
                "until {}",
                present::when(u, present::until_tentative(s), lang)
            ),
        }),
        extension: current
            .or(s.next_window.as_ref())
            .and_then(|w| w.extension_label(lang)),
        groups: a.groups,
        contact: crate::deadlines_view::own_contact(a.service, lang),
    }
}

/// The training banner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingView {
    pub speed: f64,
    pub label: String,
}

/// Time left until the state changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Countdown {
    /// `開始まで` / `終了まで`.
    pub label: String,
    pub target: String,
    /// `12月31日(火) 5:20（予定）`: 予定 once, here.
    pub target_label: String,
}

/// One outage window, told for the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowView {
    pub id: String,
    pub service: Service,
    /// マイナポータル, …
    pub service_name: String,
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
    /// Called off by a later revision: shown struck through, never current nor next.
    pub cancelled: bool,
    /// The notice revision the window comes from (第2版 when above 1).
    pub revision: u32,
}

/// A notice's source link.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceView {
    pub label: String,
    pub url: Option<String>,
    pub notice_title: String,
}

/// What the settings form starts from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SettingsView {
    pub prefecture: Option<u8>,
    pub facility: Option<Facility>,
    pub erx: Option<bool>,
    pub lang: Lang,
    pub reminders_minutes: Vec<u32>,
    pub autostart: bool,
    /// 受付時間 as set, in the one-line form the field takes (`平日=9:00-18:00; …`
    /// in English keys); `None`: the facility type's usual hours.
    pub opening_hours: Option<String>,
    /// The hours reminders keep to now, for staff: `月〜金 9:00〜18:00、土 9:00〜13:00、日・祝 休み`.
    pub opening_hours_label: String,
}

/// One choice of the facility select.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FacilityOption {
    pub id: Facility,
    pub label: String,
}

fn window_view(w: &Window, state: &AppState, now: Instant, lang: Lang) -> WindowView {
    let notice = state.schedule.notice(&w.notice);
    WindowView {
        id: w.id.clone(),
        service: w.service,
        service_name: w.service.name(lang).to_string(),
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
        current: w.contains(now) && !w.cancelled,
        cancelled: w.cancelled,
        revision: w.revision,
    }
}

/// The whole view for the window.
/// The clock and countdown of a snapshot.
pub fn tick(snap: &Snapshot) -> TickView {
    TickView {
        now: time::rfc3339_jst(snap.now),
        now_label: time::date_time_label(snap.now, snap.lang),
        countdown_seconds: countdown_target(snap.headline.as_ref())
            .map(|(target, _)| (target - snap.now).num_seconds().max(0)),
    }
}

/// The instant the countdown runs to, and whether it is only planned.
fn countdown_target(status: Option<&Status>) -> Option<(Instant, bool)> {
    let s = status?;
    match (s.state, s.upcoming(UPCOMING)) {
        (State::Normal, Some(w)) => Some((w.start, w.tentative)),
        (State::Normal, None) => None,
        _ => Some((s.until?, present::until_tentative(s))),
    }
}

/// The whole view of a snapshot; the window data (steps, timeline) come from the kept
/// timeline, so no status is worked out again.
pub fn view(
    state: &AppState,
    snap: &Snapshot,
    clock: &Clock,
    notify_failure: Option<String>,
) -> View {
    let (lang, now, look) = (snap.lang, snap.now, snap.look);
    let status = snap.status.as_ref();
    // One source for the look and the words: the state, the place, the countdown and
    // the windows at the top all come from the worst service that matters now.
    let headline = snap.headline.as_ref().or(status);

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

    let countdown = countdown_target(headline).map(|(target, tentative)| Countdown {
        label: if headline.is_some_and(|s| s.state == State::Normal) {
            lang.pick("開始まで", "Starts in")
        } else {
            lang.pick("終了まで", "Ends in")
        }
        .to_string(),
        target: time::rfc3339_jst(target),
        target_label: present::when(target, tentative, lang),
    });

    let facility = state.settings.facility;
    // Every service's advice, each aware of the others (a step that needs a service
    // which is down is marked); オン資's goes in the main steps, the others below.
    // One scan of the schedule: the timeline lists cancelled windows too, the advice not.
    let listed = status
        .map(|s| state.schedule.all_windows_for(s.prefecture))
        .unwrap_or_default();
    let all_windows: Vec<Window> = listed.iter().filter(|w| !w.cancelled).cloned().collect();
    // The steps for this desk: its facility type, and only the services it uses (with
    // 電子処方箋 turned off, no e-prescription steps).
    let audience = Audience {
        facility,
        uses: snap.services.clone(),
    };
    let mut all = advice_for(&snap.statuses, &all_windows, &audience, lang);
    let chooser = onshi::chooser::chooser(&snap.statuses, &audience, lang);
    let step_groups = match all.iter().position(|a| a.service == Service::Oqs) {
        Some(i) => all.remove(i).groups,
        None => Vec::new(),
    };
    let services: Vec<ServiceView> = all
        .into_iter()
        .filter(|a| snap.services.contains(&a.service))
        .map(|a| service_view(a, state, now, lang))
        .collect();
    let steps_note = lang
        .pick(
            "既知の停止予定はありません（読み込んだお知らせの範囲で）。停止のお知らせが届いたら、お知らせファイルを追加してください。",
            "No outage is known (as far as the loaded notices go). When a notice arrives, add it as a notice file.",
        )
        .to_string();

    // The timeline also shows the windows a later revision called off.
    let windows: Vec<WindowView> = listed
        .iter()
        .filter(|w| w.service == Service::Oqs || snap.services.contains(&w.service))
        .map(|w| window_view(w, state, now, lang))
        .collect();

    let mut sources = Vec::new();
    for n in state.schedule.notices() {
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

    let mut problems = state.problems.clone();
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
    let facility_hint = (state.prefecture().is_some() && facility.is_none()).then(|| {
        lang.pick(
            "設定で施設の種類（医科・歯科・薬局）を選ぶと、関係する手順だけを表示します。",
            "Choose the facility type (clinic, dental, pharmacy) in the settings to see only the steps that apply.",
        )
        .to_string()
    });

    let region = headline.and_then(|s| {
        s.window
            .as_ref()
            .or(s.next_window.as_ref())
            .map(|w| w.area.label(lang).to_string())
            .or_else(|| {
                // Otherwise the region a notice puts this prefecture in, if any.
                state
                    .schedule
                    .notices()
                    .iter()
                    .flat_map(|n| &n.regions)
                    .find(|r| r.prefectures.contains(&s.prefecture))
                    .map(|r| lang.pick(&r.name, &r.name_en).to_string())
            })
    });

    let muted_until_label = state.muted_until.map(|u| match lang {
        Lang::Ja => format!("{} まで通知を止めています", time::date_time_label(u, lang)),
        Lang::En => format!(
            "Notifications muted until {}",
            time::date_time_label(u, lang)
        ),
    });

    View {
        lang,
        training,
        prefecture: status.map(|s| s.prefecture),
        region,
        state: look,
        state_label: match headline {
            Some(h) if h.service != Service::Oqs && look != Look::Normal => {
                format!("{}: {}", h.service.name(lang), look.label(lang))
            }
            _ => crate::feed_sync::state_label(snap.freshness, headline, lang),
        },
        mute_label: snap.tray.mute.clone(),
        alert_ack: snap.banner_ack.clone(),
        freshness: Some(snap.freshness.confirmed_line(lang)),
        countdown,
        window: headline
            .and_then(|s| s.window.as_ref())
            .map(|w| window_view(w, state, now, lang)),
        next_window: snap
            .next_window
            .as_ref()
            .map(|w| window_view(w, state, now, lang)),
        timeline: windows,
        step_groups,
        services,
        steps_note,
        facility_hint,
        contact: onshi::contact::view(now, lang),
        contacts: onshi::contact::views(now, lang),
        chooser,
        sources,
        muted_until_label,
        can_mute: snap.tray.can_mute,
        problems,
        settings: SettingsView {
            prefecture: state.prefecture().map(|p| p.code()),
            facility,
            erx: state.settings.erx,
            lang,
            reminders_minutes: state.settings.reminders_minutes.clone(),
            autostart: state.settings.starts_at_login(),
            opening_hours: state.settings.opening_hours.as_ref().map(|h| h.to_string()),
            opening_hours_label: state.settings.opening_hours().label(lang),
        },
        prefectures: Prefecture::all().collect(),
        deadlines: crate::deadlines_view::deadlines(state, now, lang),
        insurer_lines: crate::deadlines_view::insurer_lines(state, now, lang),
        facilities: Facility::ALL
            .iter()
            .map(|f| FacilityOption {
                id: *f,
                label: f.label(lang).to_string(),
            })
            .collect(),
    }
}
