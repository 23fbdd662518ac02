//! What reception staff should do before, during and after an outage, with sources.
//!
//! The texts live in `assets/guidance.toml`, Japanese first with English, and are
//! compiled into the binary. Every step names the source it was taken from, so staff
//! can check it: the MHLW notice of 2024-12-24 and the portal article KB0011769 it
//! points to are *primary*; everything else is shown as 参考 / "Reference".
//!
//! Guidance is kept per (service, phase): オン資 (`oqs`) has every phase of a window's life;
//! the other services (マイナポータル, JPKI, 電子処方箋, オンライン請求) have the phases where the
//! desk does something different. A step may name services it `needs` (the マイナポータル
//! screen needs マイナポータル): while one of them is down, the step is marked unavailable
//! (see [`crate::advice`]).
//!
//! ```
//! use onshi::guidance::Guidance;
//! use onshi::{Facility, Lang, Phase, Service};
//!
//! let guidance = Guidance::embedded();
//! let steps = guidance.steps(Phase::Full, Some(Facility::Clinic), Lang::Ja);
//! assert!(steps.iter().any(|s| s.text.contains("10割にはしない")));
//! assert!(!guidance.summary(Phase::Full, Lang::En).is_empty());
//! // The pharmacy side of a stopped 電子処方箋管理サービス.
//! let erx = guidance.steps_for(Service::Erx, Phase::Full, Some(Facility::Pharmacy), Lang::Ja);
//! assert!(erx.iter().any(|s| s.text.contains("紙での再発行")));
//! ```

use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::facility::Facility;
use crate::lang::Lang;
use crate::phase::Phase;
use crate::service::Service;
use crate::window::State;

/// The guidance file shipped with the app.
const EMBEDDED: &str = include_str!("../assets/guidance.toml");

/// A document a step was taken from, so staff can check the advice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Identifier that steps cite, e.g. `"mhlw-2024-12-24"`.
    pub id: String,
    /// Title in Japanese.
    pub label_ja: String,
    /// Title in English.
    pub label_en: String,
    /// Where to read it; `None` when the document has no address of its own.
    #[serde(default)]
    pub url: Option<String>,
    /// `true` for the seed notice and the portal article it cites; `false` for
    /// secondary material, shown as 参考 / "Reference".
    #[serde(default)]
    pub primary: bool,
}

/// One action for reception staff, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The action in Japanese: one short, polite instruction.
    pub ja: String,
    /// The same action in English.
    pub en: String,
    /// The [`Source::id`] this step was taken from.
    pub source: String,
    /// The facility types it applies to; empty means all.
    #[serde(default)]
    pub facility: Vec<Facility>,
    /// Part of the "later, at billing" group rather than the counter steps.
    #[serde(default)]
    pub later: bool,
    /// The services the step relies on: while one of them is fully down, the step is
    /// shown as unavailable (the マイナポータル screen while マイナポータル is down).
    #[serde(default)]
    pub needs: Vec<Service>,
    /// A way to confirm one patient whom online confirmation fails: also shown for the
    /// patients another service's outage affects (JPKI), not only while オン資 is down.
    #[serde(default)]
    pub fallback: bool,
}

impl Step {
    /// Whether the step applies to `facility` (`None`: type not chosen, every step applies).
    pub fn applies_to(&self, facility: Option<Facility>) -> bool {
        match facility {
            Some(f) => self.facility.is_empty() || self.facility.contains(&f),
            None => true,
        }
    }
}

/// The guidance for one service in one [`Phase`]: a one-line summary and ordered steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhaseGuide {
    /// The service this guide is for (オン資 for the four core phases).
    pub service: Service,
    /// The phase this guide is for.
    pub phase: Phase,
    /// One short Japanese sentence, the body of notifications.
    pub summary_ja: String,
    /// The summary in English.
    pub summary_en: String,
    /// What to do, in the order to do it.
    pub steps: Vec<Step>,
}

/// Who staff call when the system fails, and when they answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The official name, オンライン資格確認等コールセンター.
    pub name_ja: String,
    /// The name in English.
    pub name_en: String,
    /// The number as dialled in Japan.
    pub phone: String,
    /// Monday to Friday, `HH:MM` JST.
    pub weekday_open: String,
    /// Monday to Friday, `HH:MM` JST (the first minute closed).
    pub weekday_close: String,
    /// Saturday, `HH:MM` JST.
    pub saturday_open: String,
    /// Saturday, `HH:MM` JST (the first minute closed).
    pub saturday_close: String,
    /// The [`Source::id`] the hours come from.
    pub source: String,
}

/// All guidance: the sources, the contact and one [`PhaseGuide`] per (service, phase).
///
/// Build it with [`Guidance::parse`] or [`Guidance::embedded`], which check it: every
/// step cites a defined source, オン資 has each phase of [`Phase::ALL`], no (service,
/// phase) appears twice (guides are kept in [`Service::ALL`] then [`Phase::EVERY`]
/// order), and no text is empty. It is not `Deserialize` on purpose, so no
/// unchecked guidance can be loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guidance {
    /// Every source that steps may cite, each id once.
    pub sources: Vec<Source>,
    /// The call center.
    pub contact: Contact,
    /// One guide per (service, phase); オン資's first.
    pub phases: Vec<PhaseGuide>,
}

/// One step ready to show: text in the chosen language with its source resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalizedStep {
    /// The action, in the requested language.
    pub text: String,
    /// The source's title, in the same language.
    pub source_label: String,
    /// Where to read the source, if it has an address.
    pub source_url: Option<String>,
    /// Whether the source is primary; otherwise show it as 参考 / "Reference".
    pub primary: bool,
    /// Part of the "later, at billing" group.
    pub later: bool,
    /// Why the step cannot be done now, e.g. 「マイナポータル停止中のため使えません」: a
    /// service it needs is down. `None` when it can be done. Set by [`crate::advice`].
    #[serde(default)]
    pub unavailable: Option<String>,
}

/// `guidance.toml` as written. Kept apart from [`Guidance`] so the file's singular
/// table names do not leak into the JSON the UI receives.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    source: Vec<Source>,
    contact: Contact,
    #[serde(default)]
    phase: Vec<FilePhase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FilePhase {
    #[serde(default)]
    service: Service,
    id: Phase,
    summary_ja: String,
    summary_en: String,
    #[serde(default)]
    step: Vec<Step>,
}

impl Guidance {
    /// The guidance shipped in the binary (`assets/guidance.toml`), parsed once.
    ///
    /// # Panics
    /// If the shipped file is invalid. The unit tests parse it, so this cannot happen
    /// in a tested build.
    pub fn embedded() -> &'static Guidance {
        static GUIDANCE: OnceLock<Guidance> = OnceLock::new();
        GUIDANCE.get_or_init(|| {
            Guidance::parse(EMBEDDED)
                .unwrap_or_else(|e| panic!("embedded assets/guidance.toml is invalid: {e}"))
        })
    }

    /// Parses and checks guidance in the `guidance.toml` format.
    ///
    /// # Errors
    /// A [`GuidanceError`] naming the problem when the TOML is malformed or has unknown keys, a
    /// source id is defined twice or is empty, a step or the contact cites an unknown
    /// source, a phase is missing, repeated or has no steps, or any text is empty.
    ///
    /// ```
    /// use onshi::guidance::Guidance;
    ///
    /// let err = Guidance::parse("").unwrap_err();
    /// assert!(err.to_string().starts_with("guidance: "), "{err}");
    /// assert!(err.message.contains("contact"), "{err}");
    /// ```
    pub fn parse(text: &str) -> Result<Guidance, GuidanceError> {
        let file: File = toml::from_str(text).map_err(|e| GuidanceError::new(e.to_string()))?;

        let mut ids = HashSet::new();
        for source in &file.source {
            if source.id.trim().is_empty() {
                return Err(GuidanceError::new("a source has an empty id"));
            }
            if !ids.insert(source.id.as_str()) {
                return Err(GuidanceError::new(format!(
                    "source {:?} is defined twice",
                    source.id
                )));
            }
            non_empty(&source.label_ja, || {
                format!("source {:?} label_ja", source.id)
            })?;
            non_empty(&source.label_en, || {
                format!("source {:?} label_en", source.id)
            })?;
            if let Some(url) = &source.url {
                if !url.starts_with("https://") {
                    return Err(GuidanceError::new(format!(
                        "source {:?} url must start with https://",
                        source.id
                    )));
                }
            }
        }
        let c = &file.contact;
        for (what, text) in [
            ("name_ja", &c.name_ja),
            ("name_en", &c.name_en),
            ("phone", &c.phone),
        ] {
            non_empty(text, || format!("contact {what}"))?;
        }
        for (what, hhmm) in [
            ("weekday_open", &c.weekday_open),
            ("weekday_close", &c.weekday_close),
            ("saturday_open", &c.saturday_open),
            ("saturday_close", &c.saturday_close),
        ] {
            if chrono::NaiveTime::parse_from_str(hhmm, "%H:%M").is_err() {
                return Err(GuidanceError::new(format!(
                    "contact {what} {hhmm:?} is not HH:MM"
                )));
            }
        }
        if !ids.contains(c.source.as_str()) {
            return Err(GuidanceError::new(format!(
                "contact cites unknown source {:?}",
                c.source
            )));
        }

        for (i, a) in file.phase.iter().enumerate() {
            if file.phase[..i]
                .iter()
                .any(|b| b.id == a.id && b.service == a.service)
            {
                return Err(GuidanceError::new(format!(
                    "phase {:?} of service {:?} appears more than once",
                    a.id.as_str(),
                    a.service.as_str()
                )));
            }
        }
        for phase in Phase::ALL {
            if !file
                .phase
                .iter()
                .any(|p| p.id == phase && p.service == Service::Oqs)
            {
                return Err(GuidanceError::new(format!(
                    "phase {:?} is missing",
                    phase.as_str()
                )));
            }
        }

        let mut phases = Vec::with_capacity(file.phase.len());
        for service in Service::ALL {
            for phase in Phase::EVERY {
                let Some(guide) = file
                    .phase
                    .iter()
                    .find(|p| p.id == phase && p.service == service)
                else {
                    continue;
                };
                // オン資's phases are named as before; another service's carry its id.
                let name = if service == Service::Oqs {
                    format!("{:?}", phase.as_str())
                } else {
                    format!("{:?} of service {:?}", phase.as_str(), service.as_str())
                };
                non_empty(&guide.summary_ja, || format!("phase {name} summary_ja"))?;
                non_empty(&guide.summary_en, || format!("phase {name} summary_en"))?;
                if guide.step.is_empty() {
                    return Err(GuidanceError::new(format!("phase {name} has no steps")));
                }
                for (n, step) in guide.step.iter().enumerate() {
                    let at = || format!("phase {name} step {}", n + 1);
                    non_empty(&step.ja, || format!("{} ja", at()))?;
                    non_empty(&step.en, || format!("{} en", at()))?;
                    if !ids.contains(step.source.as_str()) {
                        return Err(GuidanceError::new(format!(
                            "{} cites unknown source {:?}",
                            at(),
                            step.source
                        )));
                    }
                    if step.needs.contains(&service) {
                        return Err(GuidanceError::new(format!(
                            "{} needs its own service {:?}",
                            at(),
                            service.as_str()
                        )));
                    }
                }
                phases.push(PhaseGuide {
                    service,
                    phase,
                    summary_ja: guide.summary_ja.clone(),
                    summary_en: guide.summary_en.clone(),
                    steps: guide.step.clone(),
                });
            }
        }

        Ok(Guidance {
            sources: file.source,
            contact: file.contact,
            phases,
        })
    }

    /// The オン資 guide for `phase`.
    ///
    /// # Panics
    /// If this `Guidance` was built by hand without that phase, or `phase` is
    /// [`Phase::Partial`] (オン資 has no guide of its own for it); guidance from
    /// [`Guidance::parse`] or [`Guidance::embedded`] has all of [`Phase::ALL`].
    pub fn phase(&self, phase: Phase) -> &PhaseGuide {
        self.guide(Service::Oqs, phase)
            .unwrap_or_else(|| panic!("guidance has no {phase} phase"))
    }

    /// The guide of `service` for exactly `phase`, if the file has one.
    pub fn guide(&self, service: Service, phase: Phase) -> Option<&PhaseGuide> {
        self.phases
            .iter()
            .find(|g| g.service == service && g.phase == phase)
    }

    /// The phase whose guide to show for `service` in `state`, if it has one: a partial
    /// outage uses the service's partial guide, else its full one (and the other way
    /// round); intermittent cuts their own guide, else the full one. `None` when normal or
    /// when the service has no guide that fits.
    ///
    /// ```
    /// use onshi::{Guidance, Phase, Service, State};
    /// let g = Guidance::embedded();
    /// assert_eq!(g.phase_of(Service::Oqs, State::Partial), Some(Phase::Full));
    /// assert_eq!(g.phase_of(Service::Jpki, State::Partial), Some(Phase::Partial));
    /// assert_eq!(g.phase_of(Service::Oqs, State::Normal), None);
    /// ```
    pub fn phase_of(&self, service: Service, state: State) -> Option<Phase> {
        let order: &[Phase] = match state {
            State::Normal => &[],
            State::FullOutage => &[Phase::Full, Phase::Partial],
            State::Partial => &[Phase::Partial, Phase::Full],
            State::Intermittent => &[Phase::Intermittent, Phase::Full],
        };
        order
            .iter()
            .copied()
            .find(|p| self.guide(service, *p).is_some())
    }

    /// The source with this id, if defined.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The オン資 steps of one phase that apply to `facility`, in `lang`, each with its
    /// source resolved — what the window, the CLI and the printed sheet show. Empty for
    /// [`Phase::Partial`] (see [`Guidance::phase_of`]).
    pub fn steps(
        &self,
        phase: Phase,
        facility: Option<Facility>,
        lang: Lang,
    ) -> Vec<LocalizedStep> {
        self.steps_for(Service::Oqs, phase, facility, lang)
    }

    /// The steps of `service` in `phase` that apply to `facility`, in `lang`; empty when
    /// the service has no guide for that phase.
    pub fn steps_for(
        &self,
        service: Service,
        phase: Phase,
        facility: Option<Facility>,
        lang: Lang,
    ) -> Vec<LocalizedStep> {
        self.raw_steps(service, phase, facility)
            .map(|step| self.localize(step, lang))
            .collect()
    }

    /// The steps of `service` in `phase` for `facility`, as written.
    pub(crate) fn raw_steps(
        &self,
        service: Service,
        phase: Phase,
        facility: Option<Facility>,
    ) -> impl Iterator<Item = &Step> {
        self.guide(service, phase)
            .map(|g| g.steps.as_slice())
            .unwrap_or_default()
            .iter()
            .filter(move |step| step.applies_to(facility))
    }

    /// One step in `lang`, its source resolved.
    pub(crate) fn localize(&self, step: &Step, lang: Lang) -> LocalizedStep {
        let source = self.source(&step.source);
        LocalizedStep {
            text: lang.pick(&step.ja, &step.en).to_string(),
            source_label: source
                .map(|s| lang.pick(&s.label_ja, &s.label_en))
                .unwrap_or(&step.source)
                .to_string(),
            source_url: source.and_then(|s| s.url.clone()),
            primary: source.is_some_and(|s| s.primary),
            later: step.later,
            unavailable: None,
        }
    }

    /// The one-line summary of オン資's `phase` in `lang`: the body of notifications.
    ///
    /// # Panics
    /// As [`Guidance::phase`].
    pub fn summary(&self, phase: Phase, lang: Lang) -> &str {
        let guide = self.phase(phase);
        lang.pick(&guide.summary_ja, &guide.summary_en)
    }

    /// The summary of `service`'s guide for `phase`, if it has one.
    pub fn summary_for(&self, service: Service, phase: Phase, lang: Lang) -> Option<&str> {
        self.guide(service, phase)
            .map(|g| lang.pick(&g.summary_ja, &g.summary_en))
    }
}

/// Rejects blank text; `what` names the field for the error message.
fn non_empty(text: &str, what: impl FnOnce() -> String) -> Result<(), GuidanceError> {
    if text.trim().is_empty() {
        Err(GuidanceError::new(format!("{} is empty", what())))
    } else {
        Ok(())
    }
}

/// Guidance that [`Guidance::parse`] refuses: the first problem found.
///
/// Displays as `guidance: ` and the problem, e.g. `guidance: phase "full" step 2 cites
/// unknown source "nope"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuidanceError {
    /// The problem, naming the phase, step, source or key concerned.
    pub message: String,
}

impl GuidanceError {
    fn new(message: impl Into<String>) -> GuidanceError {
        GuidanceError {
            message: message.into(),
        }
    }
}

impl fmt::Display for GuidanceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "guidance: {}", self.message)
    }
}

impl std::error::Error for GuidanceError {}
