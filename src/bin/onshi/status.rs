//! `onshi status`: a prefecture's state at an instant, every service's, and the steps for now.

use std::fmt::Write;

use onshi::advice::{ServiceAdvice, StepGroup};
use onshi::chooser::Answer;
use onshi::contact::ContactView;
use onshi::feed::FeedState;
use onshi::freshness::{self, Freshness};
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
    let (schedule, feed_state) = common.sources.load_with_feed()?;
    // How fresh the notices are at the instant asked about, as the desk would see it then.
    let freshness = match &feed_state {
        Some(state) => Freshness::new(true, state, at),
        None => Freshness::NoFeed,
    };
    let status = schedule.timeline(p).status(at);
    let desk = crate::desk_lines::DeskLines::at(&schedule, p, at);
    // Every service, each aware of the others (a step needing a service that is down is
    // marked); with --facility, only the services that matter to it.
    let (audience, all) = common::desk(&schedule, p, at, facility);
    let chooser = onshi::chooser::chooser(&all, &audience, common.lang);
    if common.json {
        let services = schedule.services_status(p, at);
        let mut v = status_json(&status, &services, &chooser, common.lang);
        v["freshness"] = freshness_json(&freshness, feed_state.as_ref(), common.lang);
        desk.add_json(&mut v);
        output::print_json(&v);
        return Ok(());
    }
    let advice = onshi::advice::advice_for(&all, &schedule.windows_for(p), &audience, common.lang);
    let oqs_groups = advice
        .iter()
        .find(|a| a.service == Service::Oqs)
        .map(|a| a.groups.clone())
        .unwrap_or_default();
    let others: Vec<&ServiceAdvice> = advice
        .iter()
        .filter(|a| a.service != Service::Oqs)
        .collect();
    let contacts = onshi::contact::views(at, common.lang);
    let feed = feed_state.as_ref().map(|state| (freshness, state));
    out!(
        "{}",
        status_text(
            &status,
            &oqs_groups,
            !others.is_empty(),
            &contacts,
            feed,
            common.lang
        )
    );
    out!("{}", chooser_text(&chooser, common.lang));
    out!(
        "{}",
        call_center_text(&onshi::contact::view(at, common.lang), common.lang)
    );
    out!("{}", services_text(&others, &contacts, common.lang));
    out!("{}", desk.text(common.lang));
    Ok(())
}

/// The oqs fields as before, plus `services`: one object per service with a window in
/// force or to come; `chooser`: 「患者さんが持ってきたもの」, each answer with its steps (empty
/// unless オン資 has a window in force); `contacts`: who to call, each with its hours and
/// whether it answers now.
fn status_json(
    s: &Status,
    services: &[Status],
    chooser: &[Answer],
    lang: Lang,
) -> serde_json::Value {
    json!({
        "prefecture": s.prefecture,
        "at": time::rfc3339_jst(s.at),
        "state": s.state,
        "look": Look::of(Some(s)),
        "until": s.until.map(time::rfc3339_jst),
        "window": s.window.as_ref().map(window_json),
        "next_window": s.next_window.as_ref().map(window_json),
        "services": services.iter().map(|x| json!({
            "service": x.service,
            "name": x.service.name(Lang::Ja),
            "state": x.state,
            "look": Look::of(Some(x)),
            "window": x.window.as_ref().map(window_json),
            "next_window": x.next_window.as_ref().map(window_json),
        })).collect::<Vec<_>>(),
        "chooser": chooser,
        "contacts": onshi::contact::views(s.at, lang),
    })
}

/// `freshness`: `state` (no_feed, fresh, stale, expired), `checked_at` (when the feed was
/// last reached), `valid_until` (the bundle's signed expiry), and the label the desk shows
/// for the normal state.
fn freshness_json(f: &Freshness, state: Option<&FeedState>, lang: Lang) -> serde_json::Value {
    json!({
        "state": f.as_str(),
        "checked_at": f.checked_at().map(time::rfc3339_jst),
        "valid_until": state.and_then(|s| s.expires).map(time::rfc3339_jst),
        "normal_label": f.normal_label(lang),
    })
}

/// The オン資 status and its steps (`groups`, from [`onshi::advice::advice_all`]);
/// `name_service` when other services follow, so the first line says which service its
/// state is about. With `--feed` (`feed`): when it was checked and until when it is valid;
/// past that, the normal state says the notices are out of date, never that nothing is known.
fn status_text(
    s: &Status,
    groups: &[StepGroup],
    name_service: bool,
    contacts: &[ContactView],
    feed: Option<(Freshness, &FeedState)>,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let look = Look::of(Some(s));
    let expired = feed
        .map(|(f, _)| f)
        .filter(|f| matches!(f, Freshness::Expired { .. }));
    let label = match expired {
        Some(f) if look == Look::Normal => f.normal_label(lang),
        _ => look.label(lang).to_string(),
    };
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
        label,
        time::date_time_label(s.at, lang)
    );
    if let Some((f, state)) = feed {
        let _ = writeln!(out, "  {}", freshness::checked_line(&f, state, lang));
    }
    out += &current_text(s, lang);
    match &s.next_window {
        Some(n) => out += &next_text(n, lang),
        // Out of date: the first line says so; "no outage known" would claim too much.
        None if s.window.is_none() && expired.is_none() => {
            let _ = writeln!(out, "  {}", output::no_outage_known(lang));
        }
        None => {}
    }
    out += &groups_text(groups, "", contacts, lang);
    out
}

/// Who to call, with its hours and whether it answers now. (A contact for one step only,
/// the emergency lookup, is told beside that step.)
pub fn call_center_text(c: &ContactView, lang: Lang) -> String {
    format!(
        "\n{}: {} {}\n  {}\n  {}\n",
        lang.pick("問い合わせ先", "Who to call"),
        c.name,
        c.phone,
        c.hours,
        c.now
    )
}

/// 「患者さんが持ってきたもの」: each answer with the steps that hold for it now.
pub fn chooser_text(answers: &[Answer], lang: Lang) -> String {
    if answers.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\n{}:\n",
        lang.pick("患者さんが持ってきたもの", "What the patient brought")
    );
    for a in answers {
        let _ = writeln!(out, "  ■ {}", a.label);
        for (i, step) in a.steps.iter().enumerate() {
            let _ = writeln!(out, "    {}. {}", i + 1, step.text);
            let _ = writeln!(out, "       （{}）", step.sources_label(lang));
        }
    }
    out
}

/// The services other than オン資 with something in force, to come, possibly extended or
/// just ended, each with its steps.
fn services_text(services: &[&ServiceAdvice], contacts: &[ContactView], lang: Lang) -> String {
    let mut out = String::new();
    for a in services {
        let s = &a.status;
        // The look, not the bare state: after a planned end it is not 「通常どおり」 yet.
        let look = Look::of(Some(s));
        let _ = writeln!(
            out,
            "\n{} {}  {}",
            look.symbol(),
            s.service.name(lang),
            match s.state {
                State::Normal => look.label(lang),
                state => state.label(lang),
            }
        );
        out += &current_text(s, lang);
        if let Some(n) = &s.next_window {
            out += &next_text(n, lang);
        }
        out += &groups_text(&a.groups, "  ", contacts, lang);
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
            w.kind.label_for(w.service, lang),
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
        n.kind.label_for(n.service, lang),
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

/// Groups of steps, numbered, each with its sources; a step that cannot be done now says
/// why on its line: 「（マイナポータル停止中のため使えません）」; a step that names a contact
/// has that contact's hours and whether it answers now beside it.
pub fn groups_text(
    groups: &[StepGroup],
    indent: &str,
    contacts: &[ContactView],
    lang: Lang,
) -> String {
    let mut out = String::new();
    for group in groups {
        let _ = writeln!(out, "\n{indent}{}:", group.title);
        for (i, step) in group.steps.iter().enumerate() {
            let unavailable = match (&step.unavailable, lang) {
                (Some(why), Lang::Ja) => format!("（{why}）"),
                (Some(why), Lang::En) => format!(" ({why})"),
                (None, _) => String::new(),
            };
            let _ = writeln!(out, "{indent}  {}. {}{unavailable}", i + 1, step.text);
            if let Some(c) = step
                .contact
                .as_ref()
                .and_then(|id| contacts.iter().find(|c| c.id == *id))
            {
                let _ = writeln!(
                    out,
                    "{indent}     {} {}: {}",
                    lang.pick("受付:", "Hours:"),
                    c.hours,
                    c.now
                );
            }
            let _ = writeln!(out, "{indent}     （{}）", step.sources_label(lang));
        }
    }
    out
}
