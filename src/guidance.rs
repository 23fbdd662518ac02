//! What reception staff should do before, during and after an outage, with sources.
//!
//! The texts live in `assets/guidance.toml`, Japanese first with English, and are
//! compiled into the binary. Every step names the source it was taken from, so staff
//! can check it: the MHLW notice of 2024-12-24 and the portal article KB0011769 it
//! points to are *primary*; everything else is shown as 参考 / "Reference".
//!
//! ```
//! use onshi::guidance::{Facility, Guidance, Lang, Phase};
//!
//! let guidance = Guidance::embedded();
//! let steps = guidance.steps(Phase::Full, Some(Facility::Clinic), Lang::Ja);
//! assert!(steps.iter().any(|s| s.text.contains("10割にはしない")));
//! assert!(!guidance.summary(Phase::Full, Lang::En).is_empty());
//! ```

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The guidance file shipped with the app.
const EMBEDDED: &str = include_str!("../assets/guidance.toml");

/// Where a clinic stands relative to an outage window, which decides what staff do.
///
/// Serialized as `"prepare"`, `"full"`, `"intermittent"` or `"after"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// A window is known and has not started: the system still works; get ready.
    Prepare,
    /// Inside a long outage (長時間の通信断): no online confirmation at all.
    Full,
    /// Inside a period of cut-offs of a few minutes each (数分間の断続的な通信断):
    /// retry first, else as [`Phase::Full`].
    Intermittent,
    /// The planned end has passed: what to check, and what to do later at billing.
    After,
}

impl Phase {
    /// Every phase, in the order the guidance is kept in.
    pub const ALL: [Phase; 4] = [
        Phase::Prepare,
        Phase::Full,
        Phase::Intermittent,
        Phase::After,
    ];

    /// The name used in `guidance.toml` and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Prepare => "prepare",
            Phase::Full => "full",
            Phase::Intermittent => "intermittent",
            Phase::After => "after",
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The language text is shown in. Japanese is the default: the readers are Japanese
/// reception staff, and English is there for everyone else.
///
/// Serialized as `"ja"` or `"en"`; parsed from those case-insensitively.
///
/// ```
/// use onshi::guidance::Lang;
///
/// assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
/// assert_eq!(Lang::default(), Lang::Ja);
/// assert!("fr".parse::<Lang>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Japanese (日本語).
    #[default]
    Ja,
    /// English.
    En,
}

impl Lang {
    /// `ja` or `en` of a pair of texts.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

impl FromStr for Lang {
    type Err = String;

    /// Accepts `"ja"` or `"en"`, in any case. The error names the rejected input.
    fn from_str(s: &str) -> Result<Lang, String> {
        if s.eq_ignore_ascii_case("ja") {
            Ok(Lang::Ja)
        } else if s.eq_ignore_ascii_case("en") {
            Ok(Lang::En)
        } else {
            Err(format!("unknown language {s:?}: expected \"ja\" or \"en\""))
        }
    }
}

/// The kind of facility at the desk: some steps (the two sides of an electronic
/// prescription) apply to only one kind.
///
/// Serialized and parsed as `"clinic"`, `"dental"` or `"pharmacy"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Facility {
    /// 医科: a hospital or clinic.
    Clinic,
    /// 歯科: a dental office.
    Dental,
    /// 薬局: a pharmacy.
    Pharmacy,
}

impl Facility {
    /// Every facility type, in the order the settings list them.
    pub const ALL: [Facility; 3] = [Facility::Clinic, Facility::Dental, Facility::Pharmacy];

    /// `医科` / `Clinic or hospital`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Facility::Clinic => lang.pick("医科（病院・診療所）", "Clinic or hospital"),
            Facility::Dental => lang.pick("歯科", "Dental office"),
            Facility::Pharmacy => lang.pick("薬局", "Pharmacy"),
        }
    }

    /// `clinic` | `dental` | `pharmacy`.
    pub fn as_str(self) -> &'static str {
        match self {
            Facility::Clinic => "clinic",
            Facility::Dental => "dental",
            Facility::Pharmacy => "pharmacy",
        }
    }
}

impl FromStr for Facility {
    type Err = String;

    /// Accepts `clinic`, `dental`, `pharmacy` and the Japanese 医科, 歯科, 薬局.
    fn from_str(s: &str) -> Result<Facility, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "clinic" | "医科" | "病院" | "診療所" => Ok(Facility::Clinic),
            "dental" | "歯科" => Ok(Facility::Dental),
            "pharmacy" | "薬局" => Ok(Facility::Pharmacy),
            _ => Err(format!(
                "unknown facility type {s:?}: expected clinic (医科), dental (歯科) or pharmacy (薬局)"
            )),
        }
    }
}

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

/// The guidance for one [`Phase`]: a one-line summary and ordered steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhaseGuide {
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

/// All guidance: the sources, the contact and one [`PhaseGuide`] per [`Phase`].
///
/// Build it with [`Guidance::parse`] or [`Guidance::embedded`], which check it: every
/// step cites a defined source, each phase appears exactly once (kept in the order of
/// [`Phase::ALL`]), and no text is empty. It is not `Deserialize` on purpose, so no
/// unchecked guidance can be loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guidance {
    /// Every source that steps may cite, each id once.
    pub sources: Vec<Source>,
    /// The call center.
    pub contact: Contact,
    /// One guide per phase.
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
    /// A message naming the problem when the TOML is malformed or has unknown keys, a
    /// source id is defined twice or is empty, a step or the contact cites an unknown
    /// source, a phase is missing, repeated or has no steps, or any text is empty.
    ///
    /// ```
    /// use onshi::guidance::Guidance;
    ///
    /// let err = Guidance::parse("").unwrap_err();
    /// assert!(err.contains("contact"), "{err}");
    /// ```
    pub fn parse(text: &str) -> Result<Guidance, String> {
        let file: File = toml::from_str(text).map_err(|e| format!("guidance: {e}"))?;

        let mut ids = HashSet::new();
        for source in &file.source {
            if source.id.trim().is_empty() {
                return Err("guidance: a source has an empty id".to_string());
            }
            if !ids.insert(source.id.as_str()) {
                return Err(format!("guidance: source {:?} is defined twice", source.id));
            }
            non_empty(&source.label_ja, || {
                format!("source {:?} label_ja", source.id)
            })?;
            non_empty(&source.label_en, || {
                format!("source {:?} label_en", source.id)
            })?;
            if let Some(url) = &source.url {
                if !url.starts_with("https://") {
                    return Err(format!(
                        "guidance: source {:?} url must start with https://",
                        source.id
                    ));
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
                return Err(format!("guidance: contact {what} {hhmm:?} is not HH:MM"));
            }
        }
        if !ids.contains(c.source.as_str()) {
            return Err(format!(
                "guidance: contact cites unknown source {:?}",
                c.source
            ));
        }

        for (i, a) in file.phase.iter().enumerate() {
            if file.phase[..i].iter().any(|b| b.id == a.id) {
                return Err(format!(
                    "guidance: phase {:?} appears more than once",
                    a.id.as_str()
                ));
            }
        }

        let mut phases = Vec::with_capacity(Phase::ALL.len());
        for phase in Phase::ALL {
            let Some(guide) = file.phase.iter().find(|p| p.id == phase) else {
                return Err(format!("guidance: phase {:?} is missing", phase.as_str()));
            };
            non_empty(&guide.summary_ja, || {
                format!("phase {:?} summary_ja", phase.as_str())
            })?;
            non_empty(&guide.summary_en, || {
                format!("phase {:?} summary_en", phase.as_str())
            })?;
            if guide.step.is_empty() {
                return Err(format!("guidance: phase {:?} has no steps", phase.as_str()));
            }
            for (n, step) in guide.step.iter().enumerate() {
                let at = || format!("phase {:?} step {}", phase.as_str(), n + 1);
                non_empty(&step.ja, || format!("{} ja", at()))?;
                non_empty(&step.en, || format!("{} en", at()))?;
                if !ids.contains(step.source.as_str()) {
                    return Err(format!(
                        "guidance: {} cites unknown source {:?}",
                        at(),
                        step.source
                    ));
                }
            }
            phases.push(PhaseGuide {
                phase,
                summary_ja: guide.summary_ja.clone(),
                summary_en: guide.summary_en.clone(),
                steps: guide.step.clone(),
            });
        }

        Ok(Guidance {
            sources: file.source,
            contact: file.contact,
            phases,
        })
    }

    /// The guide for `phase`.
    ///
    /// # Panics
    /// If this `Guidance` was built by hand without that phase; guidance from
    /// [`Guidance::parse`] or [`Guidance::embedded`] always has all of them.
    pub fn phase(&self, phase: Phase) -> &PhaseGuide {
        self.phases
            .iter()
            .find(|g| g.phase == phase)
            .unwrap_or_else(|| panic!("guidance has no {phase} phase"))
    }

    /// The source with this id, if defined.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The steps of one phase that apply to `facility`, in `lang`, each with its source
    /// resolved — what the window, the CLI and the printed sheet show.
    pub fn steps(
        &self,
        phase: Phase,
        facility: Option<Facility>,
        lang: Lang,
    ) -> Vec<LocalizedStep> {
        self.phase(phase)
            .steps
            .iter()
            .filter(|step| step.applies_to(facility))
            .map(|step| {
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
                }
            })
            .collect()
    }

    /// The one-line summary of `phase` in `lang`: the body of notifications.
    pub fn summary(&self, phase: Phase, lang: Lang) -> &str {
        let guide = self.phase(phase);
        lang.pick(&guide.summary_ja, &guide.summary_en)
    }
}

/// Rejects blank text; `what` names the field for the error message.
fn non_empty(text: &str, what: impl FnOnce() -> String) -> Result<(), String> {
    if text.trim().is_empty() {
        Err(format!("guidance: {} is empty", what()))
    } else {
        Ok(())
    }
}
