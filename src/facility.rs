//! The kind of facility at the desk (医科, 歯科, 薬局), which some steps apply to alone.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// The kind of facility at the desk: some steps (the two sides of an electronic
/// prescription) apply to only one kind.
///
/// Serialized and parsed as `"clinic"`, `"dental"` or `"pharmacy"`.
///
/// ```
/// use onshi::Facility;
/// assert_eq!("薬局".parse::<Facility>(), Ok(Facility::Pharmacy));
/// let err = "hospice".parse::<Facility>().unwrap_err();
/// assert!(err.to_string().starts_with("unknown facility type \"hospice\""));
/// ```
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
    type Err = UnknownFacility;

    /// Accepts `clinic`, `dental`, `pharmacy` (any case) and the Japanese 医科 (病院,
    /// 診療所), 歯科, 薬局.
    fn from_str(s: &str) -> Result<Facility, UnknownFacility> {
        match s.trim().to_ascii_lowercase().as_str() {
            "clinic" | "医科" | "病院" | "診療所" => Ok(Facility::Clinic),
            "dental" | "歯科" => Ok(Facility::Dental),
            "pharmacy" | "薬局" => Ok(Facility::Pharmacy),
            _ => Err(UnknownFacility(s.to_string())),
        }
    }
}

/// A facility type that is none of the three: the input as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFacility(pub String);

impl fmt::Display for UnknownFacility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown facility type {:?}: expected clinic (医科), dental (歯科) or pharmacy (薬局)",
            self.0
        )
    }
}

impl std::error::Error for UnknownFacility {}
