//! What the window shows of format v3: the deadlines (each with 「対応済み」) and the insurers'
//! lines with their step, and who to call for a service of the clinic's own.

use onshi::deadline::{LEAD_DAYS, OVERDUE_DAYS};
use onshi::time::{self, Instant};
use onshi::{Lang, Service};
use serde::Serialize;

use crate::state::AppState;

/// One deadline, for the window: its words, how near it is, and whether it is done here.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeadlineView {
    /// What `mark_deadline_done` takes.
    pub key: String,
    pub service_name: String,
    /// 「期限 1月10日(土) 24:00」, with 「（延長）」 when moved.
    pub due_label: String,
    pub due: String,
    /// 「あと3日」, 「本日が期限」, 「2日過ぎています」.
    pub left_label: String,
    /// Whole days from today to the last day (negative: overdue).
    pub days_left: i64,
    pub action: String,
    pub note: Option<String>,
    /// Marked 「対応済み」 on this PC.
    pub done: bool,
    /// 「1月8日(木) 10:00 に対応済み」 when done.
    pub done_label: Option<String>,
    pub notice_title: Option<String>,
}

/// One insurer's data problem in force: the line and its step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InsurerLineView {
    /// 「熊本市国民健康保険: 負担割合・限度額適用区分が正しく表示されないことがあります → …」.
    pub line: String,
    pub range_label: String,
    pub service_name: String,
}

/// Who to call for a service of the clinic's own, as its `[[service]]` table says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnContactView {
    pub name: String,
    pub phone: Option<String>,
    /// When they answer, in the definition's words; `None`: not known, nothing promised.
    pub hours: Option<String>,
}

/// The deadlines whose reminders have begun (the longest lead before the last day) up to
/// [`OVERDUE_DAYS`] after: done ones too, marked, so staff see what they marked.
pub fn deadlines(state: &AppState, now: Instant, lang: Lang) -> Vec<DeadlineView> {
    let Some(p) = state.prefecture() else {
        return Vec::new();
    };
    let today = time::to_jst(now).date_naive();
    state
        .schedule
        .deadlines_for(p)
        .into_iter()
        .filter(|d| !d.cancelled)
        .filter_map(|d| {
            let left = (d.last_day() - today).num_days();
            if left > LEAD_DAYS[0] || left < -OVERDUE_DAYS {
                return None;
            }
            let key = d.key();
            let marked = state.done.marked_at(&key).map(str::to_string);
            let left_label = match (left, lang) {
                (l, Lang::Ja) if l > 0 => format!("あと{l}日"),
                (l, Lang::En) if l > 0 => format!("{l} days left"),
                (0, Lang::Ja) => "本日が期限".to_string(),
                (0, Lang::En) => "Due today".to_string(),
                (l, Lang::Ja) => format!("{}日過ぎています", -l),
                (l, Lang::En) => format!("{} days overdue", -l),
            };
            Some(DeadlineView {
                done: marked.is_some(),
                done_label: marked.and_then(|at| {
                    let at = time::parse_instant(&at).ok()?;
                    Some(match lang {
                        Lang::Ja => format!("{} に対応済み", time::date_time_label(at, lang)),
                        Lang::En => format!("Done {}", time::date_time_label(at, lang)),
                    })
                }),
                key,
                service_name: d.service.name(lang).to_string(),
                due_label: d.due_label(lang),
                due: time::rfc3339_jst(d.due),
                left_label,
                days_left: left,
                action: d.action_label(lang).to_string(),
                note: match lang {
                    Lang::Ja => d.note.clone(),
                    Lang::En => d.note_en.clone().or(d.note.clone()),
                },
                notice_title: state.schedule.notice(&d.notice).map(|n| n.title.clone()),
            })
        })
        .collect()
}

/// The insurers' data problems in force at `now` that a desk in the prefecture sees.
pub fn insurer_lines(state: &AppState, now: Instant, lang: Lang) -> Vec<InsurerLineView> {
    let Some(p) = state.prefecture() else {
        return Vec::new();
    };
    state
        .schedule
        .insurer_issues_for(p)
        .iter()
        .filter(|i| i.in_force_at(now))
        .map(|i| InsurerLineView {
            line: i.line(lang),
            range_label: i.range_label(lang),
            service_name: i.service.name(lang).to_string(),
        })
        .collect()
}

/// The contact of a service of the clinic's own; `None` for the five (theirs is the call
/// center the window shows) and for a definition without one.
pub fn own_contact(service: Service, lang: Lang) -> Option<OwnContactView> {
    let c = service.custom_def()?.contact.as_ref()?;
    Some(OwnContactView {
        name: c.name.clone(),
        phone: c.phone.clone(),
        hours: match lang {
            Lang::Ja => c.hours.clone(),
            Lang::En => c.hours_en.clone().or(c.hours.clone()),
        },
    })
}
