//! What to do now: the groups of steps for a prefecture's status, in the order staff
//! need them, as they hold at the status's instant (the counter's rules change with the
//! date: a 2024 drill gets the 2024 steps, a 2026 window the 2026 ones).
//!
//! - a window is known and has not started → the prepare steps (from the moment it is
//!   known, not only in the last 24 hours);
//! - inside a long outage → its steps;
//! - inside intermittent cuts → their steps, then the long-outage steps their last step
//!   points to;
//! - the planned end of a window passed less than [`AFTER`] ago → what to check now, and
//!   the "later, at billing" group.
//!
//! [`advice_all`] (and [`advice_for`], for a desk that does not use every service) does
//! this for every service at once and lets them know of each other:
//! a step that needs a service which is down (the マイナポータル screen while マイナポータル
//! is down) is marked unavailable and the next step is moved before it; patients whose
//! マイナ保険証 fails because JPKI is down get the オン資 fallback steps.

use chrono::Duration;
use serde::Serialize;

use crate::facility::Facility;
use crate::guidance::{Audience, Guidance, LocalizedStep, Step};
use crate::lang::Lang;
use crate::phase::Phase;
use crate::service::Service;
use crate::status::Status;
use crate::time::Instant;
use crate::window::{State, Window};

/// How long after a window's planned end the "after" steps are shown: the desk confirms
/// the noted patients in the next working days, and billing follows.
pub const AFTER: Duration = Duration::days(7);

/// One group of steps with its heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepGroup {
    /// The phase the steps come from.
    pub phase: Phase,
    /// Whether this is the "later, at billing" part of the phase.
    pub later: bool,
    /// The heading, in the requested language.
    pub title: String,
    /// The steps, in order.
    pub steps: Vec<LocalizedStep>,
}

/// The groups of steps for `status`, given the windows that hit the prefecture (to find
/// the one that ended last) and the facility type. Knows nothing of other services: no
/// step is marked unavailable (see [`advice_all`] for that).
///
/// ```
/// use onshi::{advice::advice, time::parse_instant as t, Guidance, Lang, Phase, Schedule};
/// let tl = Schedule::embedded().timeline("福岡".parse().unwrap());
/// // Two days ahead of the outage: the prepare steps, already.
/// let s = tl.status(t("2024-12-29T10:00+09:00").unwrap());
/// let groups = advice(&s, tl.windows(), None, Lang::Ja);
/// assert_eq!(groups[0].phase, Phase::Prepare);
/// ```
pub fn advice(
    status: &Status,
    windows: &[Window],
    facility: Option<Facility>,
    lang: Lang,
) -> Vec<StepGroup> {
    groups(status, windows, &Audience::new(facility), lang, &[])
}

/// What one service means for the desk now: its state and its groups of steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceAdvice {
    /// The service.
    pub service: Service,
    /// Its state now.
    pub state: State,
    /// Its full status (window, next window, until when, a possible extension): what the
    /// window needs for its countdown.
    pub status: Status,
    /// The steps, in order, with the marks other services' outages put on them.
    pub groups: Vec<StepGroup>,
}

/// The advice for every service of one prefecture, in [`Service::ALL`] order, each aware
/// of the others. `statuses`: one per service at the same instant (any order; a service
/// missing is taken as normal with nothing scheduled); `windows`: every window that hits
/// the prefecture, of every service (to find the ones that ended).
///
/// Only services with something in force, to come, possibly extended or recently ended
/// with steps left to do are listed.
///
/// - While マイナポータル is fully down, the オン資 step that shows its 資格情報画面 is
///   marked unavailable (「マイナポータル停止中のため使えません」) and the next fallback
///   (資格情報のお知らせ with the card) is moved before it.
/// - While JPKI is down (fully or partly), its steps say who fails, and the オン資
///   fallback steps follow for them.
/// - While 電子処方箋管理サービス is down, the paper prescription steps for `facility`.
///
/// ```
/// use onshi::{advice::advice_all, desk, time::parse_instant as t, Lang, Schedule, Service};
/// let s = Schedule::embedded();
/// let p = "福岡".parse().unwrap();
/// let at = t("2024-12-31T03:30+09:00").unwrap();
/// let all = advice_all(&desk::statuses(&s, p, at), &s.windows_for(p), None, Lang::Ja);
/// assert_eq!(all.len(), 1);
/// assert_eq!(all[0].service, Service::Oqs);
/// ```
pub fn advice_all(
    statuses: &[Status],
    windows: &[Window],
    facility: Option<Facility>,
    lang: Lang,
) -> Vec<ServiceAdvice> {
    advice_for(statuses, windows, &Audience::new(facility), lang)
}

/// As [`advice_all`], for a desk that uses only `audience.uses`: a step about a service it
/// does not use (the オン資 e-prescription steps, when 電子処方箋 is turned off) is left out.
///
/// ```
/// use onshi::{advice::advice_for, desk, guidance::Audience, time::parse_instant as t};
/// use onshi::{Facility, Lang, Schedule, Service};
/// let s = Schedule::embedded();
/// let p = "福岡".parse().unwrap();
/// let at = t("2024-12-31T03:30+09:00").unwrap();
/// let text = |uses: Vec<Service>| -> String {
///     let audience = Audience { facility: Some(Facility::Clinic), uses };
///     advice_for(&desk::statuses(&s, p, at), &s.windows_for(p), &audience, Lang::Ja)[0].groups
///         .iter().flat_map(|g| &g.steps).map(|s| s.text.as_str()).collect()
/// };
/// assert!(text(Service::ALL.to_vec()).contains("紙の処方箋"));
/// assert!(!text(desk::services_for(Some(Facility::Clinic), Some(false))).contains("処方箋"));
/// ```
pub fn advice_for(
    statuses: &[Status],
    windows: &[Window],
    audience: &Audience,
    lang: Lang,
) -> Vec<ServiceAdvice> {
    let down = down(statuses);
    let mut out = Vec::new();
    // The five in their order, then the clinic's own services (by id) that have a status.
    let mut order: Vec<Service> = Service::ALL.to_vec();
    let mut own: Vec<Service> = statuses
        .iter()
        .map(|s| s.service)
        .filter(|s| s.custom_def().is_some())
        .collect();
    own.sort();
    own.dedup();
    order.extend(own);
    for service in order {
        let Some(status) = statuses.iter().find(|s| s.service == service) else {
            continue;
        };
        let groups = groups(status, windows, audience, lang, &down);
        let listed = status.window.is_some()
            || status.next_window.is_some()
            || status.may_extend.is_some()
            || !groups.is_empty();
        if listed {
            out.push(ServiceAdvice {
                service,
                state: status.state,
                status: status.clone(),
                groups,
            });
        }
    }
    out
}

/// The services fully down among `statuses`: a step that needs one cannot be done.
pub fn down(statuses: &[Status]) -> Vec<Service> {
    statuses
        .iter()
        .filter(|s| s.state == State::FullOutage)
        .map(|s| s.service)
        .collect()
}

/// The groups for one service's `status`; steps needing a service in `down` are marked.
fn groups(
    status: &Status,
    windows: &[Window],
    audience: &Audience,
    lang: Lang,
    down: &[Service],
) -> Vec<StepGroup> {
    let guidance = Guidance::embedded();
    let service = status.service;
    if let Some(def) = service.custom_def() {
        return own_service_groups(def, status, lang);
    }
    let mut phases: Vec<Part> = Vec::new();
    match (status.state, service) {
        (State::Normal, _) => {
            let ended = windows
                .iter()
                .filter(|w| w.service == service && w.end <= status.at)
                .max_by_key(|w| w.end);
            if ended.is_some_and(|w| status.at - w.end < AFTER) {
                phases.push(after_part(service));
            }
            if status.next_window.is_some() {
                phases.push((
                    Phase::Prepare,
                    service,
                    false,
                    "停止の前に準備すること",
                    "Before the outage",
                ));
            }
        }
        (State::FullOutage, Service::Oqs) => phases.push((
            Phase::Full,
            service,
            false,
            "停止中（長時間の通信断）にすること",
            "During the long outage",
        )),
        (State::Partial, Service::Oqs) => phases.push((
            Phase::Full,
            service,
            false,
            "影響を受ける方への対応（長時間の通信断と同じ）",
            "For the patients affected (as in the long outage)",
        )),
        (State::Intermittent, Service::Oqs) => {
            phases.push((
                Phase::Intermittent,
                service,
                false,
                "断続的な通信断の間にすること",
                "During intermittent outages",
            ));
            phases.push((
                Phase::Full,
                service,
                false,
                "それでも確認できないとき（長時間の通信断と同じ対応）",
                "If it still fails (as in the long outage)",
            ));
        }
        (state, _) => {
            if let Some(phase) = guidance.phase_of(service, state) {
                let (ja, en) = match state {
                    State::Partial => ("一部停止の間にすること", "During the partial outage"),
                    State::Intermittent => {
                        ("断続的な停止の間にすること", "During intermittent outages")
                    }
                    _ => ("停止中にすること", "While it is down"),
                };
                phases.push((phase, service, false, ja, en));
            }
            // The patients whose マイナ保険証 fails meanwhile: the オン資 ways to confirm one.
            if service == Service::Jpki {
                phases.push((
                    Phase::Full,
                    Service::Oqs,
                    true,
                    "マイナ保険証で受付できない方の資格確認",
                    "Confirming patients whose My Number card cannot be used",
                ));
            }
        }
    }
    build(&phases, status.at, audience, lang, down)
}

/// (phase, service whose steps, only its fallback steps, title ja, title en)
type Part = (Phase, Service, bool, &'static str, &'static str);

/// What to do after a planned end of `service`.
fn after_part(service: Service) -> Part {
    (
        Phase::After,
        service,
        false,
        "終了予定のあとにすること",
        "After the planned end",
    )
}

/// The steps of `service` after a planned end, as they hold at `at`: what to check now,
/// then the "later, at billing" group — what the printed sheet lists after the windows.
pub fn after(service: Service, at: Instant, audience: &Audience, lang: Lang) -> Vec<StepGroup> {
    build(&[after_part(service)], at, audience, lang, &[])
}

/// The groups of `parts` at `at`, the counter steps of each before its later ones.
fn build(
    parts: &[Part],
    at: Instant,
    audience: &Audience,
    lang: Lang,
    down: &[Service],
) -> Vec<StepGroup> {
    let guidance = Guidance::embedded();
    let mut groups = Vec::new();
    for &(phase, from, fallback_only, ja, en) in parts {
        let steps: Vec<&Step> = guidance
            .listed(from, phase, audience, at)
            .filter(|s| !fallback_only || s.fallback)
            .collect();
        let (later, now): (Vec<&Step>, Vec<&Step>) = steps.into_iter().partition(|s| s.later);
        for (is_later, part) in [(false, now), (true, later)] {
            if is_later && part.is_empty() {
                continue;
            }
            let steps = marked(guidance, &part, down, lang);
            if steps.is_empty() {
                continue;
            }
            groups.push(StepGroup {
                phase,
                later: is_later,
                title: if is_later {
                    lang.pick("あとで（レセプト請求のとき）", "Later, at billing")
                } else {
                    lang.pick(ja, en)
                }
                .to_string(),
                steps,
            });
        }
    }
    groups
}

/// A service of the clinic's own has the steps its `[[service]]` table gives, while it is
/// down (fully, partly or on and off alike: the table has one list).
fn own_service_groups(
    def: &crate::service::ServiceDef,
    status: &Status,
    lang: Lang,
) -> Vec<StepGroup> {
    if status.state == State::Normal {
        return Vec::new();
    }
    let source = lang.pick("施設で定めた手順", "The clinic's own steps");
    vec![StepGroup {
        phase: Phase::Full,
        later: false,
        title: lang
            .pick("停止中にすること", "While it is down")
            .to_string(),
        steps: def
            .steps
            .iter()
            .map(|s| LocalizedStep {
                text: s.label(lang).to_string(),
                source_label: source.to_string(),
                source_url: None,
                primary: true,
                also: Vec::new(),
                later: false,
                unavailable: None,
                brought: Vec::new(),
                contact: None,
            })
            .collect(),
    }]
}

/// `steps` in `lang`; each that needs a service in `down` is marked unavailable and moved
/// after the step that follows it, so the next way to do the same thing comes first.
fn marked(
    guidance: &Guidance,
    steps: &[&Step],
    down: &[Service],
    lang: Lang,
) -> Vec<LocalizedStep> {
    let mut out: Vec<LocalizedStep> = steps
        .iter()
        .map(|step| {
            let mut l = guidance.localize(step, lang);
            l.unavailable = step
                .needs
                .iter()
                .find(|s| down.contains(s))
                .map(|s| unavailable_reason(*s, lang));
            l
        })
        .collect();
    let mut i = 0;
    while i + 1 < out.len() {
        if out[i].unavailable.is_some() && out[i + 1].unavailable.is_none() {
            out.swap(i, i + 1);
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}

/// `マイナポータル停止中のため使えません` / `Not available: Mynaportal is down`.
pub fn unavailable_reason(service: Service, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{}停止中のため使えません", service.name(lang)),
        Lang::En => format!("Not available: {} is down", service.name(lang)),
    }
}

/// The window that ended last at or before `at`, if any.
pub fn last_ended(windows: &[Window], at: Instant) -> Option<&Window> {
    windows.iter().filter(|w| w.end <= at).max_by_key(|w| w.end)
}
