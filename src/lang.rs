//! The language staff-facing text is shown in: Japanese first, English available.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The language text is shown in. Japanese is the default: the readers are Japanese
/// reception staff, and English is there for everyone else.
///
/// Serialized as `"ja"` or `"en"`; parsed from those case-insensitively.
///
/// ```
/// use onshi::Lang;
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
    type Err = UnknownLang;

    /// Accepts `"ja"` or `"en"`, in any case. The error names the rejected input.
    fn from_str(s: &str) -> Result<Lang, UnknownLang> {
        if s.eq_ignore_ascii_case("ja") {
            Ok(Lang::Ja)
        } else if s.eq_ignore_ascii_case("en") {
            Ok(Lang::En)
        } else {
            Err(UnknownLang(s.to_string()))
        }
    }
}

/// A language id other than `ja` and `en`: the input as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLang(pub String);

impl fmt::Display for UnknownLang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown language {:?}: expected \"ja\" or \"en\"",
            self.0
        )
    }
}

impl std::error::Error for UnknownLang {}
