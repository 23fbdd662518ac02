//! What `onshi status` adds for the shapes of format v3: deadlines coming or passed, insurers'
//! data problems in force, and who to call for a service of the clinic's own.

use std::fmt::Write;

use onshi::deadline::{Deadline, LEAD_DAYS, OVERDUE_DAYS};
use onshi::insurer::InsurerIssue;
use onshi::service::ServiceContact;
use onshi::time::{self, Instant};
use onshi::{Lang, Prefecture, Schedule};
use serde_json::json;

use crate::output::{deadline_json, insurer_json};

/// The deadlines and insurers' lines a desk in one prefecture sees at one instant.
pub struct DeskLines {
    /// (deadline, whole days from today to its last day: negative when overdue).
    deadlines: Vec<(Deadline, i64)>,
    insurers: Vec<InsurerIssue>,
}

impl DeskLines {
    /// Deadlines whose reminders have begun (from the longest lead before the last day) and
    /// that are not more than [`OVERDUE_DAYS`] overdue; insurers' problems in force.
    pub fn at(schedule: &Schedule, p: Prefecture, at: Instant) -> DeskLines {
        let today = time::to_jst(at).date_naive();
        let deadlines = schedule
            .deadlines_for(p)
            .into_iter()
            .filter(|d| !d.cancelled)
            .map(|d| {
                let left = (d.last_day() - today).num_days();
                (d, left)
            })
            .filter(|(_, left)| *left <= LEAD_DAYS[0] && *left >= -OVERDUE_DAYS)
            .collect();
        let insurers = schedule
            .insurer_issues_for(p)
            .into_iter()
            .filter(|i| i.in_force_at(at))
            .collect();
        DeskLines {
            deadlines,
            insurers,
        }
    }

    /// Adds `deadlines` (each with `days_left`) and `insurer_issues` to the status JSON.
    pub fn add_json(&self, v: &mut serde_json::Value) {
        v["deadlines"] = self
            .deadlines
            .iter()
            .map(|(d, left)| {
                let mut j = deadline_json(d);
                j["days_left"] = json!(left);
                j
            })
            .collect();
        v["insurer_issues"] = self.insurers.iter().map(insurer_json).collect();
    }

    /// The lines for the text output, each under its heading; empty when there are none.
    pub fn text(&self, lang: Lang) -> String {
        let mut out = String::new();
        if !self.insurers.is_empty() {
            let _ = writeln!(out, "\n{}:", lang.pick("保険者の情報", "Insurers' data"));
            for i in &self.insurers {
                let _ = writeln!(out, "  {}", i.line(lang));
                let _ = writeln!(
                    out,
                    "     （{}、{}）",
                    i.range_label(lang),
                    i.service.name(lang)
                );
            }
        }
        if !self.deadlines.is_empty() {
            let _ = writeln!(out, "\n{}:", lang.pick("期限", "Deadlines"));
            for (d, left) in &self.deadlines {
                let when = match (*left, lang) {
                    (l, Lang::Ja) if l > 0 => format!("あと{l}日"),
                    (l, Lang::En) if l > 0 => format!("{l} days left"),
                    (0, Lang::Ja) => "本日が期限".to_string(),
                    (0, Lang::En) => "due today".to_string(),
                    (l, Lang::Ja) => format!("{}日過ぎています", -l),
                    (l, Lang::En) => format!("{} days overdue", -l),
                };
                let _ = writeln!(
                    out,
                    "  {}（{when}）  {}: {}",
                    d.due_label(lang),
                    d.service.name(lang),
                    d.action_label(lang)
                );
            }
        }
        out
    }
}

/// `  問い合わせ先: 〇〇サポート 0120-… （平日 9:00〜18:00）` for a service of the clinic's own.
pub fn own_contact_text(c: &ServiceContact, lang: Lang) -> String {
    let phone = c
        .phone
        .as_deref()
        .map(|p| format!(" {p}"))
        .unwrap_or_default();
    let hours = match lang {
        Lang::Ja => c.hours.as_deref(),
        Lang::En => c.hours_en.as_deref().or(c.hours.as_deref()),
    }
    .map(|h| format!("（{h}）"))
    .unwrap_or_default();
    format!(
        "\n  {}: {}{phone}{hours}\n",
        lang.pick("問い合わせ先", "Who to call"),
        c.name
    )
}
