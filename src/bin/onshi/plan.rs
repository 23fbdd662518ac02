//! `onshi plan`: every notification the desk will get between two instants, in order.

use onshi::banner::{self, BannerEvents, RemindEvery};
use onshi::message::Message;
use onshi::opening_hours::OpeningHours;
use onshi::time;
use onshi::{EventKind, Facility, Reminders};
use serde_json::json;

use crate::common::{self, Common};
use crate::output;

#[derive(clap::Args)]
pub struct Args {
    /// 都道府県: code (40), name (福岡県, 福岡) or romaji (fukuoka); without it, the machine
    /// policy's prefecture (docs/policy.md), if it sets one.
    #[arg(short, long)]
    prefecture: Option<String>,
    /// From this instant (exclusive; a window in force then gives one 「現在、」 notice).
    #[arg(long)]
    from: String,
    /// To this instant (inclusive).
    #[arg(long)]
    to: String,
    /// Reminder times in minutes before a window, e.g. 1440,60,10 (the app's default).
    #[arg(long, value_delimiter = ',')]
    reminders: Option<Vec<u32>>,
    /// The desk's opening hours, e.g. "9:00-18:00" (月–金) or
    /// "weekdays=9:00-18:00; saturday=9:00-13:00; sunday=closed; holidays=closed":
    /// adds the reminder 「本日の受付終了前に」 30 minutes before the last closing time
    /// before each window (docs/policy.md).
    #[arg(long, value_name = "HOURS")]
    opening_hours: Option<String>,
    /// The facility type (clinic, dental, pharmacy; 医科, 歯科, 薬局): without
    /// --opening-hours, its usual hours (as the app's default) give that reminder.
    #[arg(long)]
    facility: Option<Facility>,
    /// A deadline marked 「対応済み」 (its key, NOTICE/ID, as `onshi windows --json` gives
    /// it): its reminders are left out. May be given more than once.
    #[arg(long, value_name = "KEY")]
    done: Vec<String>,
    /// As a drill shows them (the app with `--at`): every title starts with 【訓練】.
    #[arg(long)]
    drill: bool,
    /// Mark the notifications that also raise the banner on every screen (the app's
    /// default: start, end, the last reminder of a full outage): `［バナー］` in text,
    /// `"banner": true` in JSON.
    #[arg(long)]
    banner: bool,
    /// List the banner's re-reminders too, every MIN minutes as if nobody pressed
    /// 「確認しました」, until the window ends (the app's default is 5).
    #[arg(long, value_name = "MIN", requires = "banner")]
    remind_every: Option<u32>,
    #[command(flatten)]
    common: Common,
}

pub fn run(args: Args) -> Result<(), String> {
    let Args {
        prefecture,
        from,
        to,
        reminders,
        opening_hours,
        facility,
        done,
        drill,
        banner,
        remind_every,
        common,
    } = args;
    let lang = common.lang;
    let as_told = |m: Message| {
        if drill {
            onshi::message::drill(m, lang)
        } else {
            m
        }
    };
    let p = common::prefecture_or_policy::<Args>(prefecture.as_deref(), "plan")?;
    let read = |s: &str| time::parse_instant(s).map_err(|e| e.to_string());
    let (from, to) = (read(&from)?, read(&to)?);
    if to < from {
        return Err("--to is before --from: give the span in order".into());
    }
    let reminders = match reminders {
        Some(m) => Reminders::from_minutes(&m).map_err(|e| e.to_string())?,
        None => Reminders::default(),
    };
    let hours = match (opening_hours, facility) {
        (Some(text), _) => Some(
            text.parse::<OpeningHours>()
                .map_err(|e| format!("--opening-hours: {e}"))?,
        ),
        (None, Some(f)) => Some(OpeningHours::default_for(f)),
        (None, None) => None,
    };
    let reminders = match hours {
        Some(h) => reminders.with_opening_hours(h),
        None => reminders,
    };
    let remind_every = remind_every
        .map(RemindEvery::from_minutes)
        .transpose()
        .map_err(|e| format!("--remind-every: {e}"))?;
    let schedule = common.sources.load()?;
    let events = onshi::plan(&schedule, p, &reminders, from, to);
    let mut marked = onshi::done::Done::in_memory();
    for key in &done {
        marked.mark(key, from);
    }
    let deadlines = onshi::deadline_plan::deadline_plan(&schedule, p, &marked, from, to, true);
    // (at, JSON, title, body): window events first at one instant, then deadlines.
    // Which events raise the banner: the app's own choice, asked of the same function.
    let banners = BannerEvents::default();
    let mark = |title: String| format!("{title}  {}", banner::banner_mark(common.lang));
    let mut again = Vec::new();
    let mut told: Vec<(time::Instant, serde_json::Value, String, String)> = events
        .iter()
        .map(|e| {
            let m = as_told(onshi::message::message(e, lang));
            let mut v = json!({
                "at": time::rfc3339_jst(e.at),
                "kind": event_kind(e.kind),
                "title": m.title,
                "body": m.body,
                "urgency": onshi::message::urgency(e),
            });
            if !banner {
                return (e.at, v, m.title, m.body);
            }
            let raised = banners.wants_banner(e, &reminders);
            v["banner"] = json!(raised);
            if let (true, Some(every)) = (raised, remind_every) {
                for at in banner::event_reminds(e, every).take_while(|at| *at <= to) {
                    let r = banner::re_remind_message(&m, e.at, common.lang);
                    let v = json!({
                        "at": time::rfc3339_jst(at),
                        "kind": "re_remind",
                        "title": r.title,
                        "body": r.body,
                        "banner": true,
                        "reminds": event_kind(e.kind),
                        "first_at": time::rfc3339_jst(e.at),
                    });
                    again.push((at, v, mark(r.title), r.body));
                }
            }
            let title = if raised { mark(m.title) } else { m.title };
            (e.at, v, title, m.body)
        })
        .collect();
    told.extend(deadlines.iter().map(|e| {
        let (title, body) = e.deadline.reminder_text(&e.reminder, lang);
        let Message { title, body } = as_told(Message { title, body });
        let mut v = json!({
            "at": time::rfc3339_jst(e.at),
            "kind": "deadline",
            "title": title,
            "body": body,
            "deadline": e.deadline.key(),
            "due": time::rfc3339_jst(e.deadline.due),
            "days_left": e.reminder.days_left,
            "urgency": onshi::message::Urgency::Normal,
        });
        // Its lines under one another, as the window events' one line is.
        if banner {
            v["banner"] = json!(false);
        }
        (e.at, v, title, body.replace('\n', "\n    "))
    }));
    // At one instant: window events, deadlines, then re-reminders (the sort is stable).
    told.extend(again);
    told.sort_by_key(|(at, ..)| *at);
    if common.json {
        output::print_json(&serde_json::Value::Array(
            told.into_iter().map(|(_, v, ..)| v).collect(),
        ));
        return Ok(());
    }
    if told.is_empty() {
        outln!(
            "{}",
            common
                .lang
                .pick("この間に通知はありません", "No notifications in this span")
        );
    }
    for (at, _, title, body) in &told {
        outln!("{}  {}", time::date_time_label(*at, common.lang), title);
        outln!("    {body}");
    }
    Ok(())
}

/// `start`, `end`, `reminder`, … as in `onshi plan --json`.
fn event_kind(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Reminder { .. } => "reminder",
        EventKind::BeforeClosing => "before_closing",
        EventKind::Start => "start",
        EventKind::End => "end",
        EventKind::Change => "change",
        EventKind::AlreadyDown => "already_down",
    }
}
