//! What the window shows, computed here so the UI only renders it. Labels come
//! localized; every string from a notice file goes out as data for `textContent`.

use onshi::schedule::UPCOMING;
use onshi::time::{self, Instant};
use onshi::{Guidance, Lang, Phase, Prefecture, State, Status, Window};
use serde_json::{json, Value};

use crate::clock::Clock;
use crate::state::Inner;

/// How the tray and the banner look: the domain state plus "not set up" and "upcoming".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    NotConfigured,
    Normal,
    Upcoming,
    Intermittent,
    FullOutage,
}

impl Look {
    pub fn of(status: Option<&Status>) -> Look {
        match status {
            None => Look::NotConfigured,
            Some(s) => match s.state {
                State::FullOutage => Look::FullOutage,
                State::Intermittent => Look::Intermittent,
                // Until the tray has a look of its own for it (issue 10, UI half).
                State::Partial => Look::Intermittent,
                State::Normal if s.upcoming(UPCOMING).is_some() => Look::Upcoming,
                State::Normal => Look::Normal,
            },
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Look::NotConfigured => "not_configured",
            Look::Normal => "normal",
            Look::Upcoming => "upcoming",
            Look::Intermittent => "intermittent",
            Look::FullOutage => "full_outage",
        }
    }

    /// `停止中（長時間の通信断）` / `Down (long outage)`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Look::NotConfigured, Lang::Ja) => "都道府県が未設定です",
            (Look::NotConfigured, Lang::En) => "Prefecture not set",
            (Look::Normal, Lang::Ja) => "通常どおり",
            (Look::Normal, Lang::En) => "Normal",
            (Look::Upcoming, Lang::Ja) => "停止の予定があります",
            (Look::Upcoming, Lang::En) => "Outage coming up",
            (Look::Intermittent, Lang::Ja) => "断続的に停止中（数分間の通信断）",
            (Look::Intermittent, Lang::En) => "Intermittent outages (a few minutes each)",
            (Look::FullOutage, Lang::Ja) => "停止中（長時間の通信断）",
            (Look::FullOutage, Lang::En) => "Down (long outage)",
        }
    }

    /// The symbol that tells the states apart without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Look::NotConfigured => "?",
            Look::Normal => "✓",
            Look::Upcoming => "⏰",
            Look::Intermittent => "⚠",
            Look::FullOutage => "✕",
        }
    }
}

fn pick(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

/// The line on the tray menu (and in the tooltip where the OS has one):
/// `✕ 停止中 福岡県 〜5:20（予定）`.
pub fn status_line(inner: &Inner, clock: &Clock, now: Instant) -> String {
    let lang = inner.settings.lang;
    let status = inner.status(now);
    let look = Look::of(status.as_ref());
    let mut line = String::new();
    if clock.training_info().is_some() {
        line.push_str(pick(lang, "【訓練モード】", "[TRAINING] "));
    }
    line.push_str(look.symbol());
    line.push(' ');
    line.push_str(look.label(lang));
    if let Some(s) = &status {
        line.push(' ');
        line.push_str(&prefecture_name(s.prefecture, lang));
        match (s.state, s.until, s.upcoming(UPCOMING)) {
            (State::Normal, _, Some(w)) => {
                line.push_str(&format!(
                    " {} {}",
                    pick(lang, "開始", "from"),
                    time::date_time_label(w.start, lang)
                ));
            }
            (State::Normal, _, None) => {}
            (_, Some(until), _) => {
                let tentative = s.window.as_ref().is_some_and(|w| w.tentative);
                line.push_str(&format!(
                    " {}{}{}",
                    pick(lang, "〜", "until "),
                    time::date_time_label(until, lang),
                    time::tentative_mark(tentative, lang)
                ));
            }
            (_, None, _) => {}
        }
    }
    line
}

/// The tray's "next window" line.
pub fn next_line(inner: &Inner, now: Instant) -> String {
    let lang = inner.settings.lang;
    match inner.status(now).and_then(|s| s.next_window) {
        Some(w) => format!(
            "{} {} {}",
            pick(lang, "次:", "Next:"),
            w.range_label(lang),
            w.kind.label(lang)
        ),
        None => pick(lang, "次の停止予定はありません", "No outage scheduled").to_string(),
    }
}

fn prefecture_name(p: Prefecture, lang: Lang) -> String {
    match lang {
        Lang::Ja => p.name().to_string(),
        Lang::En => p.name_en(),
    }
}

fn window_json(w: &Window, inner: &Inner, now: Instant, lang: Lang) -> Value {
    let notice = inner.schedule.notice(&w.notice);
    let title = notice.map(|n| match (lang, &n.title_en) {
        (Lang::En, Some(t)) => t.clone(),
        _ => n.title.clone(),
    });
    let note = match lang {
        Lang::Ja => w.note.clone(),
        Lang::En => w.note_en.clone().or(w.note.clone()),
    };
    json!({
        "id": w.id,
        "kind": w.kind,
        "kind_label": w.kind.label(lang),
        "start": time::rfc3339_jst(w.start),
        "end": time::rfc3339_jst(w.end),
        "range_label": w.range_label(lang),
        "tentative": w.tentative,
        "region": w.area.label(lang),
        "notice_id": w.notice,
        "notice_title": title,
        "note": note,
        "past": w.end <= now,
        "current": w.contains(now),
    })
}

/// The whole view for the window.
pub fn view(inner: &Inner, clock: &Clock, notify_failure: Option<String>, now: Instant) -> Value {
    let lang = inner.settings.lang;
    let status = inner.status(now);
    let look = Look::of(status.as_ref());

    let training = clock.training_info().map(|t| {
        let label = match lang {
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
        };
        json!({ "speed": t.speed, "label": label })
    });

    let countdown = status.as_ref().and_then(|s| {
        let (target, label, tentative) = match (s.state, s.upcoming(UPCOMING)) {
            (State::Normal, Some(w)) => (w.start, pick(lang, "開始まで", "Starts in"), w.tentative),
            (State::Normal, None) => return None,
            _ => (
                s.until?,
                pick(lang, "終了予定まで", "Ends in"),
                s.window.as_ref().is_some_and(|w| w.tentative),
            ),
        };
        Some(json!({
            "label": label,
            "seconds": (target - now).num_seconds().max(0),
            "target": time::rfc3339_jst(target),
            "target_label": format!("{}{}", time::date_time_label(target, lang), time::tentative_mark(tentative, lang)),
        }))
    });

    let phase = status.as_ref().and_then(|s| {
        s.state
            .phase()
            .or_else(|| s.upcoming(UPCOMING).map(|_| Phase::Prepare))
    });
    let steps = phase.map(|phase| {
        let title = match (phase, lang) {
            (Phase::Prepare, Lang::Ja) => "停止の前に準備すること",
            (Phase::Prepare, Lang::En) => "Before the outage",
            (Phase::Full, Lang::Ja) => "長時間の通信断の間にすること",
            (Phase::Full, Lang::En) => "During the long outage",
            (Phase::Intermittent, Lang::Ja) => "断続的な通信断の間にすること",
            (Phase::Intermittent, Lang::En) => "During intermittent outages",
        };
        json!({
            "phase": phase,
            "title": title,
            "items": Guidance::embedded().localized(phase, lang),
        })
    });

    let timeline: Vec<Value> = status
        .as_ref()
        .map(|s| inner.schedule.windows_for(s.prefecture))
        .unwrap_or_default()
        .iter()
        .map(|w| window_json(w, inner, now, lang))
        .collect();

    let mut sources = Vec::new();
    for n in inner.schedule.notices() {
        for s in &n.sources {
            let label = match (lang, &s.label_en) {
                (Lang::En, Some(l)) => l.clone(),
                _ => s.label.clone(),
            };
            sources.push(json!({ "label": label, "url": s.url, "notice_title": n.title }));
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
                    .map(|r| match lang {
                        Lang::Ja => r.name.clone(),
                        Lang::En => r.name_en.clone(),
                    })
            })
    });

    let muted_until_label = inner.muted_until.map(|u| match lang {
        Lang::Ja => format!("{} まで通知を止めています", time::date_time_label(u, lang)),
        Lang::En => format!(
            "Notifications muted until {}",
            time::date_time_label(u, lang)
        ),
    });

    json!({
        "lang": lang,
        "training": training,
        "now": time::rfc3339_jst(now),
        "now_label": time::date_time_label(now, lang),
        "prefecture": status.as_ref().map(|s| s.prefecture),
        "region": region,
        "state": look.as_str(),
        "state_label": look.label(lang),
        "countdown": countdown,
        "window": status.as_ref().and_then(|s| s.window.as_ref()).map(|w| window_json(w, inner, now, lang)),
        "next_window": status.as_ref().and_then(|s| s.next_window.as_ref()).map(|w| window_json(w, inner, now, lang)),
        "timeline": timeline,
        "steps": steps,
        "sources": sources,
        "muted_until_label": muted_until_label,
        "can_mute": inner.muted_until.is_some() || inner.mute_target(now).is_some(),
        "problems": problems,
        "settings": {
            "prefecture": inner.prefecture().map(|p| p.code()),
            "lang": lang,
            "reminders_minutes": inner.settings.reminders_minutes,
            "autostart": inner.settings.autostart,
        },
        "prefectures": Prefecture::all().collect::<Vec<_>>(),
    })
}
