//! What reception staff should do before and during an outage, with sources.
//!
//! The texts live in `assets/guidance.toml`, Japanese first with English, and are
//! compiled into the binary. Every step names the source it was taken from, so
//! staff can check it: the MHLW notice of 2024-12-24 and the portal article
//! KB0011769 it points to are *primary*; everything else is shown as 参考 /
//! "Reference".
//!
//! ```
//! use onshi::guidance::{Guidance, Lang, Phase};
//!
//! let guidance = Guidance::embedded();
//! let steps = guidance.localized(Phase::Full, Lang::Ja);
//! assert!(steps[0].text.contains("10割"));
//! assert!(!guidance.summary(Phase::Full, Lang::En).is_empty());
//! ```

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The guidance file shipped with the app.
const EMBEDDED: &str = include_str!("../assets/guidance.toml");

/// Where a clinic stands relative to an outage window, which decides what staff
/// should do.
///
/// Serialized as `"prepare"`, `"full"` or `"intermittent"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Before a window starts: the system still works; get ready.
    Prepare,
    /// Inside a long outage (長時間の通信断): no online confirmation at all.
    Full,
    /// Inside a period of cut-offs lasting a few minutes each
    /// (数分間の断続的な通信断): retry first, fall back to [`Phase::Full`].
    Intermittent,
}

impl Phase {
    /// Every phase, in the order the guidance is kept in.
    const ALL: [Phase; 3] = [Phase::Prepare, Phase::Full, Phase::Intermittent];

    /// The name used in `guidance.toml` and in JSON.
    fn as_str(self) -> &'static str {
        match self {
            Phase::Prepare => "prepare",
            Phase::Full => "full",
            Phase::Intermittent => "intermittent",
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The language guidance is shown in. Japanese is the default: the readers are
/// Japanese reception staff, and English is there for everyone else.
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

/// A document a step was taken from, so staff can check the advice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Identifier that steps cite, e.g. `"mhlw-2024-12-24"`.
    pub id: String,
    /// Title in Japanese, e.g. 「厚生労働省 … 事務連絡（2024年12月24日）」.
    pub label_ja: String,
    /// Title in English.
    pub label_en: String,
    /// Where to read it. `None` when the document has no address of its own
    /// (the 2024-12-24 notice reached offices as a forwarded PDF).
    #[serde(default)]
    pub url: Option<String>,
    /// `true` for official MHLW sources (the notice and the portal article it
    /// cites); `false` for secondary material, shown as 参考 / "Reference".
    #[serde(default)]
    pub primary: bool,
}

/// One action for reception staff, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The action in Japanese: a short, polite instruction.
    pub ja: String,
    /// The same action in English.
    pub en: String,
    /// The [`Source::id`] this step was taken from.
    pub source: String,
}

/// The guidance for one [`Phase`]: a one-line summary and ordered steps, the
/// first of which is the most important.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhaseGuide {
    /// The phase this guide is for.
    pub phase: Phase,
    /// One short Japanese sentence, used as the first line of notifications.
    pub summary_ja: String,
    /// The summary in English.
    pub summary_en: String,
    /// What to do, most important first.
    pub steps: Vec<Step>,
}

/// All guidance: the sources and one [`PhaseGuide`] per [`Phase`].
///
/// Build it with [`Guidance::parse`] or [`Guidance::embedded`], which check it:
/// every step cites a defined source, each phase appears exactly once (kept in
/// the order prepare, full, intermittent), and no text is empty. It is not
/// `Deserialize` on purpose, so that no unchecked guidance can be loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guidance {
    /// Every source that steps may cite, each id once.
    pub sources: Vec<Source>,
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
    /// Whether the source is official (MHLW); otherwise show it as 参考 /
    /// "Reference".
    pub primary: bool,
}

/// `guidance.toml` as written: `[[source]]` and `[[phase]]` with `[[phase.step]]`.
/// Kept apart from [`Guidance`] so the file's singular table names do not leak
/// into the JSON the UI receives.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    source: Vec<Source>,
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
    ///
    /// If the shipped file is invalid. The unit tests parse it, so this cannot
    /// happen in a tested build.
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
    ///
    /// A message naming the problem when the TOML is malformed or has unknown
    /// keys, a source id is defined twice or is empty, a step cites an unknown
    /// source, a phase is missing, repeated or has no steps, or any text is
    /// empty.
    ///
    /// ```
    /// use onshi::guidance::Guidance;
    ///
    /// let err = Guidance::parse("").unwrap_err();
    /// assert!(err.contains("prepare"), "{err}");
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
                non_empty(url, || format!("source {:?} url", source.id))?;
            }
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
            phases,
        })
    }

    /// The guide for `phase`.
    ///
    /// # Panics
    ///
    /// If this `Guidance` was built by hand without that phase; guidance from
    /// [`Guidance::parse`] or [`Guidance::embedded`] always has all three.
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

    /// Steps of one phase in one language, each with its source resolved — what
    /// the UI and CLI render.
    ///
    /// A step citing an undefined source (possible only in hand-built guidance)
    /// is shown with the bare source id as its label, no URL, and not primary.
    pub fn localized(&self, phase: Phase, lang: Lang) -> Vec<LocalizedStep> {
        self.phase(phase)
            .steps
            .iter()
            .map(|step| {
                let source = self.source(&step.source);
                LocalizedStep {
                    text: pick(lang, &step.ja, &step.en).to_string(),
                    source_label: source
                        .map(|s| pick(lang, &s.label_ja, &s.label_en))
                        .unwrap_or(&step.source)
                        .to_string(),
                    source_url: source.and_then(|s| s.url.clone()),
                    primary: source.is_some_and(|s| s.primary),
                }
            })
            .collect()
    }

    /// The one-line summary of `phase` in `lang`, used as the first line of
    /// notification bodies.
    pub fn summary(&self, phase: Phase, lang: Lang) -> &str {
        let guide = self.phase(phase);
        pick(lang, &guide.summary_ja, &guide.summary_en)
    }
}

fn pick<'a>(lang: Lang, ja: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn all_text(phase: Phase, lang: Lang) -> String {
        let g = Guidance::embedded();
        let mut text = g.summary(phase, lang).to_string();
        for step in g.localized(phase, lang) {
            text.push('\n');
            text.push_str(&step.text);
        }
        text
    }

    #[test]
    fn embedded_parses_with_phases_in_order() {
        let g = Guidance::parse(EMBEDDED).expect("assets/guidance.toml must parse");
        let order: Vec<Phase> = g.phases.iter().map(|p| p.phase).collect();
        assert_eq!(order, Phase::ALL);
        assert_eq!(&g, Guidance::embedded());
    }

    #[test]
    fn every_phase_has_three_to_seven_steps_in_both_languages() {
        let g = Guidance::embedded();
        for phase in Phase::ALL {
            let guide = g.phase(phase);
            assert!(
                (3..=7).contains(&guide.steps.len()),
                "{phase}: {} steps",
                guide.steps.len()
            );
            for lang in [Lang::Ja, Lang::En] {
                assert!(
                    !g.summary(phase, lang).trim().is_empty(),
                    "{phase} {lang:?}"
                );
                for step in g.localized(phase, lang) {
                    assert!(!step.text.trim().is_empty(), "{phase} {lang:?}");
                    assert!(!step.source_label.trim().is_empty(), "{phase} {lang:?}");
                }
            }
            // Catch swapped fields: Japanese text has kana, English text starts
            // in English (it may quote Japanese terms further on).
            for step in &guide.steps {
                assert!(step
                    .ja
                    .chars()
                    .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)));
                assert!(
                    step.en.starts_with(|c: char| c.is_ascii_alphabetic()),
                    "{}",
                    step.en
                );
            }
        }
    }

    #[test]
    fn first_steps_and_summaries_are_short_enough_for_notifications() {
        let g = Guidance::embedded();
        for phase in Phase::ALL {
            let first = &g.phase(phase).steps[0].ja;
            assert!(first.chars().count() <= 40, "{phase} step 1: {first}");
            let summary = g.summary(phase, Lang::Ja);
            assert!(summary.chars().count() <= 45, "{phase} summary: {summary}");
        }
    }

    #[test]
    fn full_outage_says_not_ten_wari_and_confirms_by_card_face() {
        let g = Guidance::embedded();
        let first = &g.phase(Phase::Full).steps[0];
        // The most important point comes first: do not charge 10割.
        assert!(first.ja.contains("10割にせず"), "{}", first.ja);
        assert!(first.en.contains("Do not charge") && first.en.contains("100%"));
        let ja = all_text(Phase::Full, Lang::Ja);
        assert!(ja.contains("券面"), "{ja}");
        assert!(ja.contains("KB0011769"), "{ja}");
        assert!(ja.contains("何らかの事情でオンライン資格確認を行えなかった場合"));
        assert!(ja.contains("被保険者資格申立書"), "{ja}");
        assert!(ja.contains("マイナポータル"), "{ja}");
        assert!(ja.contains("「7」") && ja.contains("摘要欄"), "{ja}");
    }

    #[test]
    fn intermittent_says_retry_then_restart_reader_then_full() {
        let g = Guidance::embedded();
        let steps = &g.phase(Phase::Intermittent).steps;
        assert!(steps[0].ja.contains("再度お試し"), "{}", steps[0].ja);
        assert!(steps[0].en.contains("retry"), "{}", steps[0].en);
        let ja = all_text(Phase::Intermittent, Lang::Ja);
        assert!(
            ja.contains("顔認証付きカードリーダー") && ja.contains("再起動"),
            "{ja}"
        );
        let last = &steps.last().unwrap().ja;
        assert!(last.contains("長時間の通信断と同じ対応"), "{last}");
    }

    #[test]
    fn prepare_gives_call_center_hours_and_forms() {
        let ja = all_text(Phase::Prepare, Lang::Ja);
        assert!(ja.contains("0800-080-4583"), "{ja}");
        assert!(
            ja.contains("8:00〜18:00") && ja.contains("8:00〜16:00"),
            "{ja}"
        );
        assert!(ja.contains("祝日"), "{ja}");
        assert!(ja.contains("被保険者資格申立書"), "{ja}");
        assert!(ja.contains("KB0011769"), "{ja}");
    }

    #[test]
    fn primary_sources_are_exactly_the_mhlw_ones() {
        let g = Guidance::embedded();
        let mut primary: Vec<&str> = g
            .sources
            .iter()
            .filter(|s| s.primary)
            .map(|s| s.id.as_str())
            .collect();
        primary.sort_unstable();
        assert_eq!(primary, ["mhlw-2024-12-24", "mhlw-kb0011769"]);
        let kb = g.source("mhlw-kb0011769").unwrap();
        assert_eq!(
            kb.url.as_deref(),
            Some("https://iryohokenjyoho.service-now.com/csm?id=kb_article_view&sysparm_article=KB0011769")
        );
        // Secondary material is never marked primary once resolved.
        let claims = g
            .localized(Phase::Full, Lang::En)
            .into_iter()
            .find(|s| s.text.contains("insurer number"))
            .unwrap();
        assert!(!claims.primary);
        assert!(claims.source_url.is_some());
    }

    #[test]
    fn localized_resolves_source_in_the_requested_language() {
        let g = Guidance::embedded();
        let ja = g.localized(Phase::Full, Lang::Ja);
        let en = g.localized(Phase::Full, Lang::En);
        assert_eq!(ja.len(), en.len());
        assert!(ja[0].source_label.starts_with("厚生労働省"));
        assert!(en[0].source_label.starts_with("MHLW"));
        assert!(ja[0].primary && en[0].primary);
        assert_eq!(ja[0].source_url, None);
    }

    #[test]
    fn lang_parses_case_insensitively() {
        assert_eq!("ja".parse::<Lang>(), Ok(Lang::Ja));
        assert_eq!("Ja".parse::<Lang>(), Ok(Lang::Ja));
        assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
        let err = "de".parse::<Lang>().unwrap_err();
        assert!(err.contains("\"de\""), "{err}");
    }

    #[test]
    fn phase_and_lang_serialize_as_lowercase_names() {
        assert_eq!(
            serde_json::to_string(&Phase::Intermittent).unwrap(),
            "\"intermittent\""
        );
        assert_eq!(serde_json::to_string(&Lang::En).unwrap(), "\"en\"");
        let p: Phase = serde_json::from_str("\"full\"").unwrap();
        assert_eq!(p, Phase::Full);
    }

    /// A minimal valid file; tests break one thing at a time.
    const MINIMAL: &str = r#"
        [[source]]
        id = "s"
        label_ja = "出典"
        label_en = "Source"
        primary = true

        [[phase]]
        id = "prepare"
        summary_ja = "準備"
        summary_en = "Prepare"
        [[phase.step]]
        ja = "準備してください。"
        en = "Prepare."
        source = "s"

        [[phase]]
        id = "full"
        summary_ja = "停止"
        summary_en = "Down"
        [[phase.step]]
        ja = "券面で確認してください。"
        en = "Check the card."
        source = "s"

        [[phase]]
        id = "intermittent"
        summary_ja = "断続"
        summary_en = "On and off"
        [[phase.step]]
        ja = "再度お試しください。"
        en = "Retry."
        source = "s"
    "#;

    #[test]
    fn minimal_file_parses() {
        let g = Guidance::parse(MINIMAL).unwrap();
        assert_eq!(g.summary(Phase::Intermittent, Lang::En), "On and off");
        assert_eq!(g.source("s").unwrap().url, None);
        assert!(g.source("t").is_none());
    }

    #[test]
    fn unknown_source_id_is_rejected_by_name() {
        let broken = MINIMAL.replacen(
            "source = \"s\"\n\n        [[phase]]\n        id = \"full\"",
            "source = \"nope\"\n\n        [[phase]]\n        id = \"full\"",
            1,
        );
        assert_ne!(broken, MINIMAL);
        let err = Guidance::parse(&broken).unwrap_err();
        assert!(err.contains("\"nope\""), "{err}");
        assert!(err.contains("prepare") && err.contains("step 1"), "{err}");
    }

    #[test]
    fn missing_phase_is_rejected_by_name() {
        let cut = MINIMAL
            .find("[[phase]]\n        id = \"intermittent\"")
            .unwrap();
        let err = Guidance::parse(&MINIMAL[..cut]).unwrap_err();
        assert!(
            err.contains("\"intermittent\"") && err.contains("missing"),
            "{err}"
        );
    }

    #[test]
    fn repeated_phase_is_rejected() {
        let broken = MINIMAL.replace("id = \"intermittent\"", "id = \"full\"");
        let err = Guidance::parse(&broken).unwrap_err();
        assert!(
            err.contains("\"full\"") && err.contains("more than once"),
            "{err}"
        );
    }

    #[test]
    fn empty_text_and_duplicate_source_are_rejected() {
        let blank = MINIMAL.replace("en = \"Check the card.\"", "en = \"  \"");
        let err = Guidance::parse(&blank).unwrap_err();
        assert!(
            err.contains("full") && err.contains("step 1 en") && err.contains("empty"),
            "{err}"
        );

        let dup = format!("[[source]]\nid = \"s\"\nlabel_ja = \"x\"\nlabel_en = \"x\"\n{MINIMAL}");
        let err = Guidance::parse(&dup).unwrap_err();
        assert!(err.contains("\"s\"") && err.contains("twice"), "{err}");
    }

    #[test]
    fn unknown_phase_name_and_unknown_keys_are_rejected() {
        let err =
            Guidance::parse(&MINIMAL.replace("id = \"full\"", "id = \"partial\"")).unwrap_err();
        assert!(err.contains("partial"), "{err}");
        let err =
            Guidance::parse(&MINIMAL.replace("primary = true", "primray = true")).unwrap_err();
        assert!(err.contains("primray"), "{err}");
    }
}
