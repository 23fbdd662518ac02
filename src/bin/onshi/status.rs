//! `onshi status`: a prefecture's state at an instant, every service's, and the steps for now.

use std::fmt::Write;

use onshi::advice::{ServiceAdvice, StepGroup};
use onshi::present::{self, Look};
use onshi::time;
use onshi::{Facility, Lang, Service, State, Status, Window};
use serde_json::json;

use crate::common::{self, Common};
use crate::output::{self, window_extras, window_json};

#[derive(clap::Args)]
pub struct Args {
    /// 都道府県: code (40), name (福岡県, 福岡) or romaji (fukuoka); without it, the machine
    /// policy's prefecture (docs/policy.md), if it sets one.
    #[arg(short, long)]
    prefecture: Option<String>,
    /// The instant, RFC 3339 (2024-12-31T03:30:00+09:00); without an offset it is JST.
    #[arg(long)]
    at: Option<String>,
    /// 施設の種類: clinic (医科), dental (歯科) or pharmacy (薬局); steps for all when absent.
    #[arg(long)]
    facility: Option<Facility>,
    #[command(flatten)]
    common: Common,
}

pub fn run(args: Args) -> Result<(), String> {
    let Args {
        prefecture,
        at,
        facility,
        common,
    } = args;
    let p = common::prefecture_or_policy::<Args>(prefecture.as_deref(), "status")?;
    let at = common::instant_or_now(at.as_deref())?;
    let schedule = common.sources.load()?;
    let status = schedule.timeline(p).status(at);
    let desk = crate::desk_lines::DeskLines::at(&schedule, p, at);
    if common.json {
        let services = schedule.services_status(p, at);
        let mut v = status_json(&status, &services);
        desk.add_json(&mut v);
        output::print_json(&v);
        return Ok(());
    }
    // Every service, each aware of the others (a step needing a service that is down is
    // marked); with --facility, only the services that matter to it.
    let mut matter = onshi::desk::services_for(facility, None);
    // The clinic's own services matter wherever they are defined.
    matter.extend(
        schedule
            .services()
            .into_iter()
            .filter(|s| s.custom_def().is_some()),
    );
    let all: Vec<Status> = onshi::desk::statuses(&schedule, p, at)
        .into_iter()
        .filter(|s| matter.contains(&s.service))
        .collect();
    let advice = onshi::advice::advice_all(&all, &schedule.windows_for(p), facility, common.lang);
    let oqs_groups = advice
        .iter()
        .find(|a| a.service == Service::Oqs)
        .map(|a| a.groups.clone())
        .unwrap_or_default();
    let others: Vec<&ServiceAdvice> = advice
        .iter()
        .filter(|a| a.service != Service::Oqs)
        .collect();
    print!(
        "{}",
        status_text(&status, &oqs_groups, !others.is_empty(), common.lang)
    );
    print!("{}", services_text(&others, common.lang));
    print!("{}", desk.text(common.lang));
    Ok(())
}

/// The oqs fields as before, plus `services`: one object per service with a window in
/// force or to come.
fn status_json(s: &Status, services: &[Status]) -> serde_json::Value {
    json!({
        "prefecture": s.prefecture,
        "at": time::rfc3339_jst(s.at),
        "state": s.state,
        "until": s.until.map(time::rfc3339_jst),
        "window": s.window.as_ref().map(window_json),
        "next_window": s.next_window.as_ref().map(window_json),
        "services": services.iter().map(|x| json!({
            "service": x.service,
            "name": x.service.name(Lang::Ja),
            "state": x.state,
            "window": x.window.as_ref().map(window_json),
            "next_window": x.next_window.as_ref().map(window_json),
        })).collect::<Vec<_>>(),
    })
}

fn state_mark(state: State) -> &'static str {
    match state {
        State::Normal => "✓",
        State::Partial => "△",
        State::Intermittent => "⚠",
        State::FullOutage => "✕",
    }
}

/// The オン資 status and its steps (`groups`, from [`onshi::advice::advice_all`]);
/// `name_service` when other services follow, so the first line says which service its
/// state is about.
fn status_text(s: &Status, groups: &[StepGroup], name_service: bool, lang: Lang) -> String {
    let mut out = String::new();
    let look = Look::of(Some(s));
    let service = if name_service {
        format!("{}: ", s.service.name(lang))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "{} {}  {}{}  ({} JST)",
        look.symbol(),
        present::prefecture_name(s.prefecture, lang),
        service,
        look.label(lang),
        time::date_time_label(s.at, lang)
    );
    out += &current_text(s, lang);
    match &s.next_window {
        Some(n) => out += &next_text(n, lang),
        None if s.window.is_none() => {
            let _ = writeln!(out, "  {}", output::no_outage_known(lang));
        }
        None => {}
    }
    out += &groups_text(groups, "", lang);
    let contact = onshi::contact::view(s.at, lang);
    let _ = writeln!(
        out,
        "\n{}: {} {}\n  {}\n  {}",
        lang.pick("問い合わせ先", "Who to call"),
        contact.name,
        contact.phone,
        contact.hours,
        contact.now
    );
    out
}

/// The services other than オン資 with something in force, to come, possibly extended or
/// just ended, each with its steps.
fn services_text(services: &[&ServiceAdvice], lang: Lang) -> String {
    let mut out = String::new();
    for a in services {
        let s = &a.status;
        let _ = writeln!(
            out,
            "\n{} {}  {}",
            state_mark(s.state),
            s.service.name(lang),
            s.state.label(lang)
        );
        out += &current_text(s, lang);
        if let Some(n) = &s.next_window {
            out += &next_text(n, lang);
        }
        out += &groups_text(&a.groups, "  ", lang);
        if let Some(c) = s.service.custom_def().and_then(|d| d.contact.as_ref()) {
            out += &crate::desk_lines::own_contact_text(c, lang);
        }
    }
    out
}

/// The window in force (with who it affects, a possible extension) and until when; or,
/// after its planned end, that it may run on.
fn current_text(s: &Status, lang: Lang) -> String {
    let mut out = String::new();
    if let Some(w) = &s.window {
        let _ = writeln!(
            out,
            "  {}: {} [{}]{}",
            w.kind.label(lang),
            w.range_label(lang),
            w.area.label(lang),
            window_extras(w, lang)
        );
        if let Some(until) = s.until {
            let _ = writeln!(
                out,
                "  {} {}",
                lang.pick("終了:", "Ends:"),
                present::when(until, w.tentative, lang)
            );
        }
    }
    out + &extension_text(s, lang)
}

/// The next window's line.
fn next_text(n: &Window, lang: Lang) -> String {
    format!(
        "  {} {}: {} [{}]{}\n",
        lang.pick("次:", "Next:"),
        n.kind.label(lang),
        n.range_label(lang),
        n.area.label(lang),
        window_extras(n, lang)
    )
}

/// After a window's planned end, while its notice said it may run on.
fn extension_text(s: &Status, lang: Lang) -> String {
    match &s.may_extend {
        Some(w) => format!(
            "  {} {} [{}]\n      {}\n",
            lang.pick(
                "終了予定を過ぎました（延長のお知らせに注意）:",
                "Past its planned end (watch for an extension):"
            ),
            w.range_label(lang),
            w.area.label(lang),
            w.extension_label(lang).unwrap_or_default()
        ),
        None => String::new(),
    }
}

/// Groups of steps, numbered, each with its source; a step that cannot be done now says
/// why on its line: 「（マイナポータル停止中のため使えません）」.
fn groups_text(groups: &[StepGroup], indent: &str, lang: Lang) -> String {
    let mut out = String::new();
    for group in groups {
        let _ = writeln!(out, "\n{indent}{}:", group.title);
        for (i, step) in group.steps.iter().enumerate() {
            let reference = if step.primary {
                ""
            } else {
                lang.pick("参考: ", "Reference: ")
            };
            let unavailable = match (&step.unavailable, lang) {
                (Some(why), Lang::Ja) => format!("（{why}）"),
                (Some(why), Lang::En) => format!(" ({why})"),
                (None, _) => String::new(),
            };
            let _ = writeln!(out, "{indent}  {}. {}{unavailable}", i + 1, step.text);
            let _ = writeln!(out, "{indent}     （{}{}）", reference, step.source_label);
        }
    }
    out
}
