//! One insurer's data wrong in オン資 for a while: which insurer, which fields, what to do.
//!
//! Not an outage of an area: the system works, and only that insurer's insured show
//! missing or wrong fields (熊本市国保 2025-07-01→02: no 負担割合 or 限度額区分). Staff see
//! it as a line with its step, and the desk's state stays as it is.

use serde::Serialize;

use crate::area::Area;
use crate::lang::Lang;
use crate::prefecture::Prefecture;
use crate::service::Service;
use crate::time::{self, Instant};

/// An insurer as a notice names it: by 保険者番号 (6 digits for 国保, 8 for the others), by
/// name, or both as `"熊本市国民健康保険（431007）"`… written as two entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", content = "value", rename_all = "snake_case")]
pub enum Insurer {
    /// 保険者番号, as written (digits only).
    Number(String),
    /// The insurer's name, as the notice writes it.
    Name(String),
}

impl Insurer {
    /// Reads one entry of `insurers = [...]`: 6 or 8 ASCII digits are a 保険者番号,
    /// anything else not empty is a name.
    ///
    /// # Errors
    /// An empty entry, or digits that are neither 6 nor 8 long.
    pub fn parse(s: &str) -> Result<Insurer, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err("an insurer is empty: write its 保険者番号 or its name".into());
        }
        if s.chars().all(|c| c.is_ascii_digit()) {
            return match s.len() {
                6 | 8 => Ok(Insurer::Number(s.to_string())),
                n => Err(format!(
                    "保険者番号 {s:?} has {n} digits: 国保 numbers have 6, the others 8 (or write the insurer's name)"
                )),
            };
        }
        Ok(Insurer::Name(s.to_string()))
    }

    /// `保険者番号 431007` / `熊本市国民健康保険`.
    pub fn label(&self, lang: Lang) -> String {
        match (self, lang) {
            (Insurer::Number(n), Lang::Ja) => format!("保険者番号 {n}"),
            (Insurer::Number(n), Lang::En) => format!("insurer no. {n}"),
            (Insurer::Name(n), _) => n.clone(),
        }
    }
}

/// A field of the eligibility data that an insurer's problem may leave missing or wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// 負担割合 (the copay rate).
    CopayRate,
    /// 限度額適用区分 (限度額区分: the high-cost ceiling category).
    LimitCategory,
    /// 資格の有無 (whether the person is insured at all).
    Eligibility,
    /// 保険者番号.
    InsurerNumber,
    /// 被保険者記号・番号.
    InsuredNumber,
    /// 氏名.
    Name,
    /// 生年月日.
    BirthDate,
    /// 住所.
    Address,
    /// 高齢受給者証の情報.
    ElderlyCertificate,
    /// 公費 (public expense programmes).
    PublicExpense,
    /// 薬剤情報.
    Medication,
    /// 特定健診情報.
    Checkup,
}

impl Field {
    /// Every field, with its id, its Japanese names (the first is shown) and English name.
    const ALL: [(Field, &'static str, &'static [&'static str], &'static str); 12] = [
        (
            Field::CopayRate,
            "copay_rate",
            &["負担割合", "一部負担金の割合"],
            "copay rate",
        ),
        (
            Field::LimitCategory,
            "limit_category",
            &["限度額適用区分", "限度額区分"],
            "high-cost ceiling category",
        ),
        (
            Field::Eligibility,
            "eligibility",
            &["資格の有無", "資格情報"],
            "eligibility",
        ),
        (
            Field::InsurerNumber,
            "insurer_number",
            &["保険者番号"],
            "insurer number",
        ),
        (
            Field::InsuredNumber,
            "insured_number",
            &["被保険者記号・番号", "記号・番号", "記号番号"],
            "insured person's symbol and number",
        ),
        (Field::Name, "name", &["氏名"], "name"),
        (
            Field::BirthDate,
            "birth_date",
            &["生年月日"],
            "date of birth",
        ),
        (Field::Address, "address", &["住所"], "address"),
        (
            Field::ElderlyCertificate,
            "elderly_certificate",
            &["高齢受給者証", "高齢受給者証の情報"],
            "elderly recipient certificate",
        ),
        (
            Field::PublicExpense,
            "public_expense",
            &["公費"],
            "public expense",
        ),
        (
            Field::Medication,
            "medication",
            &["薬剤情報"],
            "medication information",
        ),
        (
            Field::Checkup,
            "checkup",
            &["特定健診情報"],
            "health check-up information",
        ),
    ];

    /// Reads one entry of `fields = [...]`: its id (`copay_rate`) or Japanese name (`負担割合`).
    ///
    /// # Errors
    /// Neither: the message lists what is accepted.
    pub fn parse(s: &str) -> Result<Field, String> {
        let s = s.trim();
        Field::ALL
            .iter()
            .find(|(_, id, ja, _)| *id == s || ja.contains(&s))
            .map(|(f, ..)| *f)
            .ok_or_else(|| {
                let known: Vec<String> = Field::ALL
                    .iter()
                    .map(|(_, id, ja, _)| format!("{} ({id})", ja[0]))
                    .collect();
                format!("unknown field {s:?}: use one of {}", known.join(", "))
            })
    }

    /// Every field with each Japanese name it goes by (`限度額区分` and `限度額適用区分` alike):
    /// for reading notice text.
    pub fn words() -> impl Iterator<Item = (Field, &'static str)> {
        Field::ALL
            .iter()
            .flat_map(|(f, _, ja, _)| ja.iter().map(move |w| (*f, *w)))
    }

    /// `負担割合` / `copay rate`.
    pub fn label(self, lang: Lang) -> &'static str {
        let (_, _, ja, en) = Field::ALL
            .iter()
            .find(|(f, ..)| *f == self)
            .expect("every field is listed");
        lang.pick(ja[0], en)
    }
}

/// One insurer's data problem: a `[[window]]` scoped by `insurers = [...]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InsurerIssue {
    /// Unique within its notice.
    pub id: String,
    /// Id of the notice that publishes it.
    pub notice: String,
    /// That notice's revision.
    pub revision: u32,
    /// The service whose data is wrong (オン資, nearly always).
    pub service: Service,
    /// From when.
    #[serde(serialize_with = "time::serialize_jst")]
    pub start: Instant,
    /// Until when (the first instant after).
    #[serde(serialize_with = "time::serialize_jst")]
    pub end: Instant,
    /// The notice gives the times as planned or as known so far.
    pub tentative: bool,
    /// The insurers whose insured are affected.
    pub insurers: Vec<Insurer>,
    /// The fields missing or wrong, in file order.
    pub fields: Vec<Field>,
    /// What staff do for those patients, in the notice's words (「保険者に電話で確認」).
    pub action: String,
    /// `action` in English.
    pub action_en: Option<String>,
    /// The desks that see it: every desk unless the notice narrows it (the insured of an
    /// insurer may come to any desk).
    pub area: Area,
    /// Extra words from the notice.
    pub note: Option<String>,
    /// `note` in English.
    pub note_en: Option<String>,
    /// A later revision called it off.
    pub cancelled: bool,
}

impl InsurerIssue {
    /// Whether a desk in `p` sees it.
    pub fn hits(&self, p: Prefecture) -> bool {
        self.area.has(p)
    }

    /// Whether it is in force at `t`.
    pub fn in_force_at(&self, t: Instant) -> bool {
        !self.cancelled && self.start <= t && t < self.end
    }

    /// The line staff see: `熊本市国民健康保険: 負担割合・限度額適用区分が正しく表示されないことがあります → 保険者に電話で確認する`.
    pub fn line(&self, lang: Lang) -> String {
        let who: Vec<String> = self.insurers.iter().map(|i| i.label(lang)).collect();
        let fields: Vec<&str> = self.fields.iter().map(|f| f.label(lang)).collect();
        let action = match lang {
            Lang::Ja => &self.action,
            Lang::En => self.action_en.as_ref().unwrap_or(&self.action),
        };
        match lang {
            Lang::Ja => format!(
                "{}: {}が正しく表示されないことがあります → {action}",
                who.join("・"),
                fields.join("・")
            ),
            Lang::En => format!(
                "{}: {} may be missing or wrong → {action}",
                who.join(", "),
                fields.join(", ")
            ),
        }
    }

    /// `7月1日(火) 0:00 〜 7月3日(木) 0:00（予定）`.
    pub fn range_label(&self, lang: Lang) -> String {
        format!(
            "{}{}",
            time::range_label(self.start, self.end, lang),
            time::tentative_mark(self.tentative, lang)
        )
    }
}
