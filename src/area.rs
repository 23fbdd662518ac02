//! The prefectures a notice's entry hits, with the name the notice gives them.

use serde::Serialize;

use crate::lang::Lang;
use crate::prefecture::Prefecture;

/// The prefectures a window (or deadline, or insurer's problem) hits, with the name the notice gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Area {
    /// `西日本エリア`, `全国`, or the listed prefectures' names.
    pub name: String,
    /// `West Japan area`, `Nationwide`, …
    pub name_en: String,
    /// Sorted by code, no duplicates.
    pub prefectures: Vec<Prefecture>,
}

impl Area {
    /// The name in one language.
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.name,
            Lang::En => &self.name_en,
        }
    }
}

impl Area {
    /// Whether `p` is among the prefectures.
    pub fn has(&self, p: Prefecture) -> bool {
        self.prefectures.binary_search(&p).is_ok()
    }
}
