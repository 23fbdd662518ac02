//! `[[service]]` tables, in a notice or the policy file: a service of the clinic's own,
//! read and checked with the line and column of each problem.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::notice_error::NoticeError;
use crate::service::{Service, ServiceContact, ServiceDef, ServiceRegistry, ServiceStep};

/// A `[[service]]` table as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawService {
    id: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    name_en: Option<String>,
    steps: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    steps_en: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    contact: Option<Spanned<RawContact>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    name: Spanned<String>,
    #[serde(default)]
    phone: Option<Spanned<String>>,
    #[serde(default)]
    hours: Option<String>,
    #[serde(default)]
    hours_en: Option<String>,
}

/// Checks each table and defines it in `registry`; `at` turns a byte span into an error.
/// Returns the services defined, in table order.
///
/// # Errors
/// The first problem: an id that is empty, not ASCII letters, digits, `-` or `_`, built
/// in, or already defined otherwise; an empty name or step; no steps; `steps_en` of
/// another length than `steps`; an empty contact name or phone.
pub fn define_all(
    raw: Vec<Spanned<RawService>>,
    registry: &mut ServiceRegistry,
    at: &impl Fn(Range<usize>, String) -> NoticeError,
) -> Result<Vec<Service>, NoticeError> {
    let mut out = Vec::new();
    for table in raw {
        let r = table.into_inner();
        let id = r.id.get_ref().trim();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(at(
                r.id.span(),
                format!(
                    "service id {:?} must be ASCII letters, digits, - or _ (such as \"ehr-cloud\")",
                    r.id.get_ref()
                ),
            ));
        }
        let text = |s: &Spanned<String>, what: &str| {
            if s.get_ref().trim().is_empty() {
                Err(at(s.span(), format!("{what} is empty")))
            } else {
                Ok(s.get_ref().trim().to_string())
            }
        };
        let name = text(&r.name, "the service's name")?;
        if r.steps.get_ref().is_empty() {
            return Err(at(
                r.steps.span(),
                "steps is empty: say what the desk does while the service is down, one string a step".into(),
            ));
        }
        let mut steps = Vec::new();
        for s in r.steps.get_ref() {
            steps.push(text(s, "a step")?);
        }
        let steps_en = match &r.steps_en {
            Some(en) if en.get_ref().len() != steps.len() => {
                return Err(at(
                    en.span(),
                    format!(
                        "steps_en has {} steps and steps {}: give one English step per step, in the same order",
                        en.get_ref().len(),
                        steps.len()
                    ),
                ))
            }
            Some(en) => en.get_ref().iter().map(|s| Some(s.clone())).collect(),
            None => vec![None; steps.len()],
        };
        let contact = match r.contact {
            None => None,
            Some(c) => {
                let c = c.into_inner();
                Some(ServiceContact {
                    name: text(&c.name, "the contact's name")?,
                    phone: c
                        .phone
                        .as_ref()
                        .map(|p| text(p, "the contact's phone"))
                        .transpose()?,
                    hours: c.hours,
                    hours_en: c.hours_en,
                })
            }
        };
        let def = ServiceDef {
            id: id.to_string(),
            name,
            name_en: r.name_en,
            contact,
            steps: steps
                .into_iter()
                .zip(steps_en)
                .map(|(text, text_en)| ServiceStep { text, text_en })
                .collect(),
        };
        out.push(registry.define(def).map_err(|m| at(r.id.span(), m))?);
    }
    Ok(out)
}
