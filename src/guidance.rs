//! What reception staff should do before, during and after an outage, with sources and the
//! dates each step holds on.
//!
//! The texts live in `assets/guidance.toml`, Japanese first with English, and are
//! compiled into the binary. Every step names the source it was taken from, so staff
//! can check it: the MHLW notice of 2024-12-24 and the portal article KB0011769 it
//! points to are *primary*; everything else is shown as 参考 / "Reference".
//!
//! The rules at the counter change with the date (no old 健康保険証 is valid from
//! 2025-12-02; the smartphone マイナ保険証 exists from 2025-09-19), so a step, or a
//! [`Rule`] it depends on, may hold only between two JST dates: every question this module
//! answers takes the instant the desk is in (on a training clock, the training instant).
//!
//! Guidance is kept per (service, phase): オン資 (`oqs`) has every phase of a window's life;
//! the other services (マイナポータル, JPKI, 電子処方箋, オンライン請求) have the phases where the
//! desk does something different. A step may name services it `needs` (the マイナポータル
//! screen needs マイナポータル): while one of them is down, the step is marked unavailable
//! (see [`crate::advice`]). Steps also say which answers of the chooser
//! 「患者さんが持ってきたもの」 they belong to (see [`crate::chooser`]).
//!
//! ```
//! use onshi::guidance::Guidance;
//! use onshi::time::parse_instant as t;
//! use onshi::{Facility, Lang, Phase, Service};
//!
//! let guidance = Guidance::embedded();
//! let at = t("2024-12-31T03:30+09:00").unwrap();
//! let steps = guidance.steps(Phase::Full, Some(Facility::Clinic), at, Lang::Ja);
//! assert!(steps.iter().any(|s| s.text.contains("10割にはしない")));
//! // In 2024 the old card was still valid; from 2025-12-02 it is not.
//! assert!(steps.iter().any(|s| s.text.starts_with("健康保険証・資格確認書の方は")));
//! let later = guidance.steps(Phase::Full, None, t("2026-12-31T03:30+09:00").unwrap(), Lang::Ja);
//! assert!(!later.iter().any(|s| s.text.starts_with("健康保険証・資格確認書の方は")));
//! // The pharmacy side of a stopped 電子処方箋管理サービス.
//! let erx = guidance.steps_for(Service::Erx, Phase::Full, Some(Facility::Pharmacy), at, Lang::Ja);
//! assert!(erx.iter().any(|s| s.text.contains("紙での再発行")));
//! ```

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use chrono::{Duration, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::facility::Facility;
use crate::lang::Lang;
use crate::phase::Phase;
use crate::service::Service;
use crate::span::line_column;
use crate::time::{self, Instant};
use crate::window::State;

/// The guidance file shipped with the app.
const EMBEDDED: &str = include_str!("../assets/guidance.toml");

/// How the embedded file is named in errors.
const EMBEDDED_ORIGIN: &str = "embedded:assets/guidance.toml";

/// A document a step was taken from, so staff can check the advice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Identifier that steps cite, e.g. `"mhlw-2024-12-24"`.
    pub id: String,
    /// Title in Japanese.
    pub label_ja: String,
    /// Title in English.
    pub label_en: String,
    /// Where to read it; `None` when the document has no address of its own.
    pub url: Option<String>,
    /// `true` for the seed notice and the portal article it cites; `false` for
    /// secondary material, shown as 参考 / "Reference".
    pub primary: bool,
    /// News or a blog, to be confirmed elsewhere: no step stands on such sources alone.
    pub second_hand: bool,
}

/// The JST days a step or rule holds on: from `from` to `until`, both included; `None`
/// is open on that side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Validity {
    /// The first day it holds, if it starts at all.
    pub from: Option<NaiveDate>,
    /// The last day it holds, if it ends.
    pub until: Option<NaiveDate>,
}

impl Validity {
    /// Whether it holds on the JST day `day`.
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.from.map_or(true, |f| f <= day) && self.until.map_or(true, |u| day <= u)
    }

    /// Whether it holds at the instant `at` (on its JST day).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use onshi::guidance::Validity;
    /// use onshi::time::parse_instant as t;
    /// let until = Validity { from: None, until: NaiveDate::from_ymd_opt(2025, 12, 1) };
    /// assert!(until.holds_at(t("2025-12-01T23:59+09:00").unwrap()));
    /// // 2025-12-01T15:00Z is already 12/2 in Japan.
    /// assert!(!until.holds_at(t("2025-12-01T15:00:00Z").unwrap()));
    /// ```
    pub fn holds_at(&self, at: Instant) -> bool {
        self.holds_on(time::to_jst(at).date_naive())
    }

    /// The days both hold on, `None` when there are none.
    pub fn meet(&self, other: &Validity) -> Option<Validity> {
        let from = self.from.max(other.from);
        let until = match (self.until, other.until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match (from, until) {
            (Some(f), Some(u)) if f > u => None,
            _ => Some(Validity { from, until }),
        }
    }

    /// The days on which whether it holds changes: its first day and the day after its last.
    fn edges(&self) -> impl Iterator<Item = NaiveDate> {
        self.from.into_iter().chain(
            self.until
                .and_then(|u| u.checked_add_signed(Duration::days(1))),
        )
    }
}

/// A rule of the counter that holds only between two dates, with its source: the steps
/// that depend on it take its dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// The id steps name it by, e.g. `"health-card-ended"`.
    pub id: String,
    /// The rule in Japanese, one sentence.
    pub ja: String,
    /// The rule in English.
    pub en: String,
    /// The days it holds on.
    pub valid: Validity,
    /// The [`Source::id`] it comes from.
    pub source: String,
}

/// One answer of the chooser 「患者さんが持ってきたもの」 (what the patient brought).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Brought {
    /// The id steps name it by, e.g. `"smartphone"`.
    pub id: String,
    /// The answer in Japanese, e.g. `スマホ（マイナ保険証）`.
    pub label_ja: String,
    /// The answer in English.
    pub label_en: String,
    /// The days it is offered (its rule's; always when it has none).
    pub valid: Validity,
}

/// Opening hours of one kind of day, JST: `[open, close)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Hours {
    /// The first minute open.
    pub open: NaiveTime,
    /// The first minute closed again.
    pub close: NaiveTime,
}

/// Someone staff call, and when they answer.
///
/// Sundays and public holidays are closed for every contact; the year end (12/29–1/3) is
/// never taken as known (see [`crate::contact`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// The id a step names it by, e.g. `"call-center"`.
    pub id: String,
    /// The official name, e.g. オンライン資格確認等コールセンター.
    pub name_ja: String,
    /// The name in English.
    pub name_en: String,
    /// The number as dialled in Japan.
    pub phone: String,
    /// Monday to Friday; `None`: closed.
    pub weekdays: Option<Hours>,
    /// Saturday; `None`: closed.
    pub saturday: Option<Hours>,
    /// The [`Source::id`] the hours come from.
    pub source: String,
}

/// One action for reception staff, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Steps that say the same thing for different periods share an id (`None`: the step
    /// has no other versions).
    pub id: Option<String>,
    /// The action in Japanese: one short, polite instruction.
    pub ja: String,
    /// The same action in English.
    pub en: String,
    /// The [`Source::id`] this step was taken from.
    pub source: String,
    /// Further sources (a second-hand one beside the source that confirms it).
    pub also: Vec<String>,
    /// The facility types it applies to; empty means all.
    pub facility: Vec<Facility>,
    /// Part of the "later, at billing" group rather than the counter steps.
    pub later: bool,
    /// The services the step relies on: while one of them is fully down, the step is
    /// shown as unavailable (the マイナポータル screen while マイナポータル is down).
    pub needs: Vec<Service>,
    /// The step is about these services: shown only to a desk that uses them (電子処方箋
    /// can be turned off in the settings).
    pub uses: Vec<Service>,
    /// A way to confirm one patient whom online confirmation fails: also shown for the
    /// patients another service's outage affects (JPKI), not only while オン資 is down.
    pub fallback: bool,
    /// The [`Brought::id`]s of the chooser's answers this step belongs to.
    pub brought: Vec<String>,
    /// Shown in the chooser only, not in the phase's list of steps.
    pub chooser: bool,
    /// The [`Contact::id`] whose hours go beside the step.
    pub contact: Option<String>,
    /// The [`Rule::id`] it depends on, if any.
    pub rule: Option<String>,
    /// The days it holds on: its own dates and its rule's.
    pub valid: Validity,
}

/// Who reads the steps: the facility type and the services its desk uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audience {
    /// The facility type; `None` while not chosen (every facility's steps apply).
    pub facility: Option<Facility>,
    /// The services the desk uses (a step about another one is left out).
    pub uses: Vec<Service>,
}

impl Audience {
    /// A desk of `facility` that uses every service.
    pub fn new(facility: Option<Facility>) -> Audience {
        Audience {
            facility,
            uses: Service::ALL.to_vec(),
        }
    }
}

impl Step {
    /// Whether the step applies to `facility` (`None`: type not chosen, every step applies).
    pub fn applies_to(&self, facility: Option<Facility>) -> bool {
        match facility {
            Some(f) => self.facility.is_empty() || self.facility.contains(&f),
            None => true,
        }
    }

    /// Whether the step is for `audience` at the instant `at`.
    pub fn applies(&self, audience: &Audience, at: Instant) -> bool {
        self.applies_to(audience.facility)
            && self.uses.iter().all(|s| audience.uses.contains(s))
            && self.valid.holds_at(at)
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
    /// What to do, in the order to do it, every period's versions included.
    pub steps: Vec<Step>,
}

/// All guidance: the sources, the dated rules, the chooser's answers, the contacts and one
/// [`PhaseGuide`] per (service, phase).
///
/// Build it with [`Guidance::parse`], [`Guidance::from_file`] or [`Guidance::embedded`],
/// which check it (see [`Guidance::parse`]). It is not `Deserialize` on purpose, so no
/// unchecked guidance can be loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guidance {
    /// Every source that steps may cite, each id once.
    pub sources: Vec<Source>,
    /// The dated rules steps depend on.
    pub rules: Vec<Rule>,
    /// The chooser's answers, in order.
    pub brought: Vec<Brought>,
    /// Who to call; the first is the call center.
    pub contacts: Vec<Contact>,
    /// One guide per (service, phase); オン資's first.
    pub phases: Vec<PhaseGuide>,
}

/// A source as staff read it, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalizedSource {
    /// The source's title.
    pub label: String,
    /// Its address, if it has one.
    pub url: Option<String>,
    /// Whether it is primary; otherwise show it as 参考 / "Reference".
    pub primary: bool,
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
    /// Further sources.
    #[serde(default)]
    pub also: Vec<LocalizedSource>,
    /// Part of the "later, at billing" group.
    pub later: bool,
    /// Why the step cannot be done now, e.g. 「マイナポータル停止中のため使えません」: a
    /// service it needs is down. `None` when it can be done. Set by [`crate::advice`].
    #[serde(default)]
    pub unavailable: Option<String>,
    /// The chooser's answers it belongs to ([`Brought::id`]).
    #[serde(default)]
    pub brought: Vec<String>,
    /// The contact whose hours go beside it ([`Contact::id`]).
    #[serde(default)]
    pub contact: Option<String>,
}

impl LocalizedStep {
    /// The source and the further sources, in order.
    pub fn sources(&self) -> impl Iterator<Item = LocalizedSource> + '_ {
        std::iter::once(LocalizedSource {
            label: self.source_label.clone(),
            url: self.source_url.clone(),
            primary: self.primary,
        })
        .chain(self.also.iter().cloned())
    }

    /// Its sources as one line: `参考: A ／ 参考: B` (the primary ones unmarked).
    pub fn sources_label(&self, lang: Lang) -> String {
        self.sources()
            .map(|s| {
                let reference = if s.primary {
                    ""
                } else {
                    lang.pick("参考: ", "Reference: ")
                };
                format!("{reference}{}", s.label)
            })
            .collect::<Vec<_>>()
            .join(" ／ ")
    }
}

// ---------------------------------------------------------------- the file as written
// Spanned fields are the ones a check may point at.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    source: Vec<Spanned<RawSource>>,
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
    #[serde(default)]
    brought: Vec<Spanned<RawBrought>>,
    #[serde(default)]
    contact: Vec<Spanned<RawContact>>,
    #[serde(default)]
    phase: Vec<Spanned<RawPhase>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: Spanned<String>,
    label_ja: Spanned<String>,
    label_en: Spanned<String>,
    #[serde(default)]
    url: Option<Spanned<String>>,
    #[serde(default)]
    primary: bool,
    #[serde(default)]
    second_hand: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    ja: Spanned<String>,
    en: Spanned<String>,
    #[serde(default)]
    valid_from: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    valid_until: Option<Spanned<toml::value::Datetime>>,
    source: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBrought {
    id: Spanned<String>,
    label_ja: Spanned<String>,
    label_en: Spanned<String>,
    #[serde(default)]
    rule: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    id: Spanned<String>,
    name_ja: Spanned<String>,
    name_en: Spanned<String>,
    phone: Spanned<String>,
    #[serde(default)]
    weekdays: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    saturday: Option<Spanned<Vec<String>>>,
    source: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhase {
    #[serde(default)]
    service: Service,
    id: Spanned<Phase>,
    summary_ja: Spanned<String>,
    summary_en: Spanned<String>,
    #[serde(default)]
    step: Vec<Spanned<RawStep>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    #[serde(default)]
    id: Option<Spanned<String>>,
    ja: Spanned<String>,
    en: Spanned<String>,
    source: Spanned<String>,
    #[serde(default)]
    also: Vec<Spanned<String>>,
    #[serde(default)]
    facility: Vec<Facility>,
    #[serde(default)]
    later: bool,
    #[serde(default)]
    needs: Option<Spanned<Vec<Service>>>,
    #[serde(default)]
    uses: Vec<Service>,
    #[serde(default)]
    fallback: bool,
    #[serde(default)]
    brought: Vec<Spanned<String>>,
    #[serde(default)]
    chooser: bool,
    #[serde(default)]
    contact: Option<Spanned<String>>,
    #[serde(default)]
    rule: Option<Spanned<String>>,
    #[serde(default)]
    valid_from: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    valid_until: Option<Spanned<toml::value::Datetime>>,
}

/// Points errors at places of one text.
struct Checker<'a> {
    text: &'a str,
    origin: &'a str,
}

impl Checker<'_> {
    /// A problem with the file as a whole (no place to point at).
    fn whole(&self, message: impl Into<String>) -> GuidanceError {
        GuidanceError {
            file: self.origin.to_string(),
            line: 0,
            column: 0,
            message: message.into(),
        }
    }

    fn at(&self, span: Range<usize>, message: impl Into<String>) -> GuidanceError {
        let (line, column) = line_column(self.text, span.start);
        GuidanceError {
            file: self.origin.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    /// Refuses blank text; `what` names the field.
    fn non_empty(&self, text: &Spanned<String>, what: &str) -> Result<String, GuidanceError> {
        if text.get_ref().trim().is_empty() {
            Err(self.at(text.span(), format!("{what} is empty")))
        } else {
            Ok(text.get_ref().clone())
        }
    }

    /// A non-empty id that none in `taken` has yet; `what` names the kind of table.
    fn fresh_id<'t>(
        &self,
        id: &Spanned<String>,
        what: &str,
        mut taken: impl Iterator<Item = &'t String>,
    ) -> Result<String, GuidanceError> {
        let new = self.non_empty(id, &format!("the {what} id"))?;
        if taken.any(|t| *t == new) {
            return Err(self.at(id.span(), format!("{what} {new:?} is defined twice")));
        }
        Ok(new)
    }

    /// A JST date written as a TOML date (`2025-12-02`), nothing more.
    fn date(
        &self,
        d: &Option<Spanned<toml::value::Datetime>>,
        key: &str,
    ) -> Result<Option<NaiveDate>, GuidanceError> {
        let Some(d) = d else { return Ok(None) };
        let v = d.get_ref();
        let date = match (v.date, v.time, v.offset) {
            (Some(date), None, None) => NaiveDate::from_ymd_opt(
                i32::from(date.year),
                u32::from(date.month),
                u32::from(date.day),
            ),
            _ => None,
        };
        date.map(Some).ok_or_else(|| {
            self.at(
                d.span(),
                format!("{key} {v} is not a date: write the JST day as 2025-12-02"),
            )
        })
    }

    /// `valid_from` and `valid_until` in order.
    fn validity(
        &self,
        from: &Option<Spanned<toml::value::Datetime>>,
        until: &Option<Spanned<toml::value::Datetime>>,
    ) -> Result<Validity, GuidanceError> {
        let valid = Validity {
            from: self.date(from, "valid_from")?,
            until: self.date(until, "valid_until")?,
        };
        if let (Some(f), Some(u), Some(span)) = (valid.from, valid.until, until) {
            if f > u {
                return Err(self.at(
                    span.span(),
                    format!("dates out of order: valid_until {u} is before valid_from {f}"),
                ));
            }
        }
        Ok(valid)
    }

    /// `HH:MM`–`HH:MM`, opening before closing.
    fn hours(
        &self,
        hours: &Option<Spanned<Vec<String>>>,
        key: &str,
    ) -> Result<Option<Hours>, GuidanceError> {
        let Some(h) = hours else { return Ok(None) };
        let times: Vec<Option<NaiveTime>> = h
            .get_ref()
            .iter()
            .map(|t| NaiveTime::parse_from_str(t, "%H:%M").ok())
            .collect();
        match times.as_slice() {
            [Some(open), Some(close)] if open < close => Ok(Some(Hours {
                open: *open,
                close: *close,
            })),
            _ => Err(self.at(
                h.span(),
                format!("{key} must be [\"HH:MM\", \"HH:MM\"], opening before closing"),
            )),
        }
    }
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
            Guidance::parse(EMBEDDED, EMBEDDED_ORIGIN)
                .unwrap_or_else(|e| panic!("embedded assets/guidance.toml is invalid: {e}"))
        })
    }

    /// Reads and checks a guidance file (regular, at most 1 MB, UTF-8).
    ///
    /// # Errors
    /// As [`Guidance::parse`], or the file cannot be read.
    pub fn from_file(path: &Path) -> Result<Guidance, GuidanceError> {
        let file = path.display().to_string();
        let text = crate::read::read_text(path, crate::read::MAX_BYTES).map_err(|e| {
            let (line, column) = match e {
                crate::read::ReadError::NotUtf8 { line, column } => (line, column),
                _ => (0, 0),
            };
            GuidanceError {
                file: file.clone(),
                line,
                column,
                message: e.to_string(),
            }
        })?;
        Guidance::parse(&text, &file)
    }

    /// Parses and checks guidance in the `guidance.toml` format; `origin` names the file
    /// in errors.
    ///
    /// # Errors
    /// A [`GuidanceError`] pointing at the first problem (FILE:LINE:COLUMN): malformed
    /// TOML or an unknown key; a step without a `source`; an id that is empty or defined
    /// twice; a step, rule or contact citing an unknown source, rule, answer or contact; a
    /// step standing on second-hand sources alone; dates that are not dates or are out of
    /// order; a step whose dates never meet its rule's; two versions of one step (same
    /// `id`) holding on the same day; a phase missing, repeated, or without a step on some
    /// day; a step needing its own service; empty text; hours that are not `HH:MM`.
    ///
    /// ```
    /// use onshi::guidance::Guidance;
    ///
    /// let err = Guidance::parse("[[phase]]\nid = \"soon\"\n", "g.toml").unwrap_err();
    /// assert!(err.to_string().starts_with("g.toml:2:6: "), "{err}");
    /// ```
    pub fn parse(text: &str, origin: &str) -> Result<Guidance, GuidanceError> {
        let c = Checker { text, origin };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            // toml's message repeats the offending line with carets; one line is enough here.
            let message = e.message().lines().next().unwrap_or("invalid TOML");
            let message = if message == "missing field `source`" {
                "missing field `source`: every step and rule names the source it was taken from (source = \"…\")"
            } else {
                message
            };
            c.at(e.span().unwrap_or(0..0), message)
        })?;

        let mut sources = Vec::new();
        for s in &raw.source {
            let s = s.get_ref();
            let id = c.fresh_id(&s.id, "source", sources.iter().map(|x: &Source| &x.id))?;
            let url = match &s.url {
                Some(u) if !u.get_ref().starts_with("https://") => {
                    return Err(c.at(
                        u.span(),
                        format!("source {id:?} url must start with https://"),
                    ))
                }
                u => u.as_ref().map(|u| u.get_ref().clone()),
            };
            sources.push(Source {
                label_ja: c.non_empty(&s.label_ja, &format!("source {id:?} label_ja"))?,
                label_en: c.non_empty(&s.label_en, &format!("source {id:?} label_en"))?,
                id,
                url,
                primary: s.primary,
                second_hand: s.second_hand,
            });
        }
        let source = |id: &Spanned<String>, who: &str| -> Result<String, GuidanceError> {
            if sources.iter().any(|s| s.id == *id.get_ref()) {
                Ok(id.get_ref().clone())
            } else {
                Err(c.at(
                    id.span(),
                    format!("{who} cites unknown source {:?}", id.get_ref()),
                ))
            }
        };

        let mut rules: Vec<Rule> = Vec::new();
        for r in &raw.rule {
            let r = r.get_ref();
            let id = c.fresh_id(&r.id, "rule", rules.iter().map(|x| &x.id))?;
            let who = format!("rule {id:?}");
            rules.push(Rule {
                ja: c.non_empty(&r.ja, &format!("{who} ja"))?,
                en: c.non_empty(&r.en, &format!("{who} en"))?,
                valid: c.validity(&r.valid_from, &r.valid_until)?,
                source: source(&r.source, &who)?,
                id,
            });
        }
        let rule = |id: &Option<Spanned<String>>, who: &str| match id {
            None => Ok(None),
            Some(id) => rules
                .iter()
                .find(|r| r.id == *id.get_ref())
                .map(Some)
                .ok_or_else(|| {
                    c.at(
                        id.span(),
                        format!("{who} names unknown rule {:?}", id.get_ref()),
                    )
                }),
        };

        let mut brought: Vec<Brought> = Vec::new();
        for b in &raw.brought {
            let b = b.get_ref();
            let id = c.fresh_id(&b.id, "answer", brought.iter().map(|x| &x.id))?;
            let who = format!("answer {id:?}");
            brought.push(Brought {
                label_ja: c.non_empty(&b.label_ja, &format!("{who} label_ja"))?,
                label_en: c.non_empty(&b.label_en, &format!("{who} label_en"))?,
                valid: rule(&b.rule, &who)?.map(|r| r.valid).unwrap_or_default(),
                id,
            });
        }

        let mut contacts: Vec<Contact> = Vec::new();
        for k in &raw.contact {
            let k = k.get_ref();
            let id = c.fresh_id(&k.id, "contact", contacts.iter().map(|x| &x.id))?;
            let who = format!("contact {id:?}");
            contacts.push(Contact {
                name_ja: c.non_empty(&k.name_ja, &format!("{who} name_ja"))?,
                name_en: c.non_empty(&k.name_en, &format!("{who} name_en"))?,
                phone: c.non_empty(&k.phone, &format!("{who} phone"))?,
                weekdays: c.hours(&k.weekdays, "weekdays")?,
                saturday: c.hours(&k.saturday, "saturday")?,
                source: source(&k.source, &who)?,
                id,
            });
        }
        if contacts.is_empty() {
            return Err(c.whole("no [[contact]]: the call center must be named, with its hours"));
        }

        for (i, a) in raw.phase.iter().enumerate() {
            let a = a.get_ref();
            if raw.phase[..i].iter().any(|b| {
                let b = b.get_ref();
                *b.id.get_ref() == *a.id.get_ref() && b.service == a.service
            }) {
                return Err(c.at(
                    a.id.span(),
                    format!(
                        "phase {:?} of service {:?} appears more than once",
                        a.id.get_ref().as_str(),
                        a.service.as_str()
                    ),
                ));
            }
        }
        for phase in Phase::ALL {
            if !raw.phase.iter().any(|p| {
                let p = p.get_ref();
                *p.id.get_ref() == phase && p.service == Service::Oqs
            }) {
                return Err(c.whole(format!("phase {:?} is missing", phase.as_str())));
            }
        }

        let mut phases = Vec::with_capacity(raw.phase.len());
        for service in Service::ALL {
            for phase in Phase::EVERY {
                let Some(guide) = raw
                    .phase
                    .iter()
                    .map(Spanned::get_ref)
                    .find(|p| *p.id.get_ref() == phase && p.service == service)
                else {
                    continue;
                };
                // オン資's phases are named as before; another service's carry its id.
                let name = if service == Service::Oqs {
                    format!("{:?}", phase.as_str())
                } else {
                    format!("{:?} of service {:?}", phase.as_str(), service.as_str())
                };
                let summary_ja =
                    c.non_empty(&guide.summary_ja, &format!("phase {name} summary_ja"))?;
                let summary_en =
                    c.non_empty(&guide.summary_en, &format!("phase {name} summary_en"))?;
                if guide.step.is_empty() {
                    return Err(c.at(guide.id.span(), format!("phase {name} has no steps")));
                }
                let mut steps: Vec<(Range<usize>, Step)> = Vec::new();
                for (n, spanned) in guide.step.iter().enumerate() {
                    let s = spanned.get_ref();
                    let who = format!("phase {name} step {}", n + 1);
                    let own = c.validity(&s.valid_from, &s.valid_until)?;
                    let dependency = rule(&s.rule, &who)?;
                    let valid = match dependency {
                        None => own,
                        Some(r) => own.meet(&r.valid).ok_or_else(|| {
                            c.at(
                                s.rule.as_ref().map_or(spanned.span(), Spanned::span),
                                format!(
                                    "{who} never holds: its dates and those of rule {:?} do not meet",
                                    r.id
                                ),
                            )
                        })?,
                    };
                    let cited = std::iter::once(&s.source)
                        .chain(&s.also)
                        .map(|id| source(id, &who))
                        .collect::<Result<Vec<_>, _>>()?;
                    if cited
                        .iter()
                        .all(|id| sources.iter().any(|x| x.id == *id && x.second_hand))
                    {
                        return Err(c.at(
                            s.source.span(),
                            format!(
                                "{who} stands on second-hand sources alone (news or a blog): cite the source that confirms it"
                            ),
                        ));
                    }
                    let needs = s
                        .needs
                        .as_ref()
                        .map(|n| n.get_ref().clone())
                        .unwrap_or_default();
                    if needs.contains(&service) {
                        return Err(c.at(
                            s.needs.as_ref().map_or(spanned.span(), Spanned::span),
                            format!("{who} needs its own service {:?}", service.as_str()),
                        ));
                    }
                    let mut answers = Vec::new();
                    for b in &s.brought {
                        if !brought.iter().any(|x| x.id == *b.get_ref()) {
                            return Err(c.at(
                                b.span(),
                                format!("{who} names unknown answer {:?}", b.get_ref()),
                            ));
                        }
                        answers.push(b.get_ref().clone());
                    }
                    if s.chooser && answers.is_empty() {
                        return Err(c.at(
                            spanned.span(),
                            format!("{who} is for the chooser only but names no answer (brought)"),
                        ));
                    }
                    if let Some(k) = &s.contact {
                        if !contacts.iter().any(|x| x.id == *k.get_ref()) {
                            return Err(c.at(
                                k.span(),
                                format!("{who} names unknown contact {:?}", k.get_ref()),
                            ));
                        }
                    }
                    let id = match &s.id {
                        Some(id) => Some(c.non_empty(id, &format!("{who} id"))?),
                        None => None,
                    };
                    if let Some(id) = &id {
                        let clash = steps.iter().find(|(_, other)| {
                            other.id.as_ref() == Some(id) && other.valid.meet(&valid).is_some()
                        });
                        if let Some((other_span, other)) = clash {
                            let (line, _) = line_column(text, other_span.start);
                            let day = other.valid.meet(&valid).and_then(|v| v.from.or(v.until));
                            return Err(c.at(
                                s.id.as_ref().map_or(spanned.span(), Spanned::span),
                                format!(
                                    "{who} overlaps the step {id:?} of line {line}{}: versions of one step must hold on different days",
                                    day.map(|d| format!(" (both hold on {d})")).unwrap_or_default()
                                ),
                            ));
                        }
                    }
                    steps.push((
                        spanned.span(),
                        Step {
                            id,
                            ja: c.non_empty(&s.ja, &format!("{who} ja"))?,
                            en: c.non_empty(&s.en, &format!("{who} en"))?,
                            source: cited[0].clone(),
                            also: cited[1..].to_vec(),
                            facility: s.facility.clone(),
                            later: s.later,
                            needs,
                            uses: s.uses.clone(),
                            fallback: s.fallback,
                            brought: answers,
                            chooser: s.chooser,
                            contact: s.contact.as_ref().map(|k| k.get_ref().clone()),
                            rule: dependency.map(|r| r.id.clone()),
                            valid,
                        },
                    ));
                }
                // Every day (from the earliest to beyond the last date named) has a step.
                let mut days: Vec<NaiveDate> = steps
                    .iter()
                    .flat_map(|(_, s)| s.valid.edges().collect::<Vec<_>>())
                    .collect();
                days.push(NaiveDate::MIN);
                days.sort_unstable();
                days.dedup();
                for day in days {
                    if !steps
                        .iter()
                        .any(|(_, s)| !s.chooser && s.valid.holds_on(day))
                    {
                        return Err(c.at(
                            guide.id.span(),
                            format!(
                                "phase {name} has no step on {}: every day needs at least one",
                                if day == NaiveDate::MIN {
                                    "the days before its first date".to_string()
                                } else {
                                    day.to_string()
                                }
                            ),
                        ));
                    }
                }
                phases.push(PhaseGuide {
                    service,
                    phase,
                    summary_ja,
                    summary_en,
                    steps: steps.into_iter().map(|(_, s)| s).collect(),
                });
            }
        }

        Ok(Guidance {
            sources,
            rules,
            brought,
            contacts,
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

    /// The phases whose steps the desk follows while `service` is in `state`, in order:
    /// オン資's intermittent cuts their own, then the long outage's they fall back to; a
    /// partial オン資 outage the long outage's; another service its [`Guidance::phase_of`].
    ///
    /// ```
    /// use onshi::{Guidance, Phase, Service, State};
    /// let g = Guidance::embedded();
    /// assert_eq!(g.phases_during(Service::Oqs, State::Intermittent), [Phase::Intermittent, Phase::Full]);
    /// assert_eq!(g.phases_during(Service::Oqs, State::Partial), [Phase::Full]);
    /// assert!(g.phases_during(Service::Oqs, State::Normal).is_empty());
    /// ```
    pub fn phases_during(&self, service: Service, state: State) -> Vec<Phase> {
        match (service, state) {
            (_, State::Normal) => Vec::new(),
            (Service::Oqs, State::Intermittent) => vec![Phase::Intermittent, Phase::Full],
            (Service::Oqs, _) => vec![Phase::Full],
            (_, state) => self.phase_of(service, state).into_iter().collect(),
        }
    }

    /// The source with this id, if defined.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The rule with this id, if defined.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The contact with this id, if defined.
    pub fn contact(&self, id: &str) -> Option<&Contact> {
        self.contacts.iter().find(|k| k.id == id)
    }

    /// The call center: the first contact (the file has at least one).
    pub fn call_center(&self) -> &Contact {
        &self.contacts[0]
    }

    /// The rules that hold at `at`, in file order.
    pub fn rules_at(&self, at: Instant) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(move |r| r.valid.holds_at(at))
    }

    /// The chooser's answers offered at `at`, in order (the smartphone from 2025-09-19).
    pub fn brought_at(&self, at: Instant) -> impl Iterator<Item = &Brought> {
        self.brought.iter().filter(move |b| b.valid.holds_at(at))
    }

    /// The オン資 steps of one phase that apply to `facility` at `at`, in `lang`, each with
    /// its source resolved — what the window, the CLI and the printed sheet list. Empty
    /// for [`Phase::Partial`] (see [`Guidance::phase_of`]).
    pub fn steps(
        &self,
        phase: Phase,
        facility: Option<Facility>,
        at: Instant,
        lang: Lang,
    ) -> Vec<LocalizedStep> {
        self.steps_for(Service::Oqs, phase, facility, at, lang)
    }

    /// The steps of `service` in `phase` that apply to `facility` at `at`, in `lang`; empty
    /// when the service has no guide for that phase.
    pub fn steps_for(
        &self,
        service: Service,
        phase: Phase,
        facility: Option<Facility>,
        at: Instant,
        lang: Lang,
    ) -> Vec<LocalizedStep> {
        self.listed(service, phase, &Audience::new(facility), at)
            .map(|step| self.localize(step, lang))
            .collect()
    }

    /// The steps of `service` in `phase` listed for `audience` at `at`, as written: the
    /// chooser's own steps left out.
    pub fn listed<'a>(
        &'a self,
        service: Service,
        phase: Phase,
        audience: &'a Audience,
        at: Instant,
    ) -> impl Iterator<Item = &'a Step> {
        self.applying(service, phase, audience, at)
            .filter(|s| !s.chooser)
    }

    /// Every step of `service` in `phase` for `audience` at `at`, the chooser's own included.
    pub fn applying<'a>(
        &'a self,
        service: Service,
        phase: Phase,
        audience: &'a Audience,
        at: Instant,
    ) -> impl Iterator<Item = &'a Step> {
        self.guide(service, phase)
            .map(|g| g.steps.as_slice())
            .unwrap_or_default()
            .iter()
            .filter(move |step| step.applies(audience, at))
    }

    fn localize_source(&self, id: &str, lang: Lang) -> LocalizedSource {
        let source = self.source(id);
        LocalizedSource {
            label: source
                .map(|s| lang.pick(&s.label_ja, &s.label_en))
                .unwrap_or(id)
                .to_string(),
            url: source.and_then(|s| s.url.clone()),
            primary: source.is_some_and(|s| s.primary),
        }
    }

    /// One step in `lang`, its sources resolved.
    pub fn localize(&self, step: &Step, lang: Lang) -> LocalizedStep {
        let source = self.localize_source(&step.source, lang);
        LocalizedStep {
            text: lang.pick(&step.ja, &step.en).to_string(),
            source_label: source.label,
            source_url: source.url,
            primary: source.primary,
            also: step
                .also
                .iter()
                .map(|id| self.localize_source(id, lang))
                .collect(),
            later: step.later,
            unavailable: None,
            brought: step.brought.clone(),
            contact: step.contact.clone(),
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

/// Guidance that [`Guidance::parse`] refuses: the first problem found, and where.
///
/// Displays as `FILE:LINE:COLUMN: message`, e.g. `guidance.toml:212:10: phase "full" step
/// 2 cites unknown source "nope"`; as `FILE: message` when the problem is with the file as
/// a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuidanceError {
    /// The path (or `embedded:NAME`) the guidance was read from.
    pub file: String,
    /// 1-based; 0 when the problem is with the file as a whole.
    pub line: usize,
    /// 1-based, in characters; 0 with `line`.
    pub column: usize,
    /// The problem, naming the phase, step, source or key concerned.
    pub message: String,
}

impl fmt::Display for GuidanceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

impl std::error::Error for GuidanceError {}
