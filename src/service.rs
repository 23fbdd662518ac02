//! The services behind the counter whose outages a notice can announce.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// A system the reception desk depends on. A notice names one (`service = "…"`, default
/// `"oqs"`), and each window may name its own.
///
/// Ordered as the CLI lists them: オン資 first, then 電子処方箋, マイナポータル, JPKI and
/// オンライン請求.
///
/// ```
/// use onshi::{Lang, Service};
/// let s: Service = "mynaportal".parse().unwrap();
/// assert_eq!(s.name(Lang::Ja), "マイナポータル");
/// assert_eq!(s.as_str(), "mynaportal");
/// assert_eq!(Service::default(), Service::Oqs);
/// ```
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    /// オンライン資格確認等システム: eligibility confirmation (マイナ保険証, 資格確認書).
    #[default]
    Oqs,
    /// 電子処方箋管理サービス: issuing and dispensing electronic prescriptions.
    Erx,
    /// マイナポータル: the citizens' portal, incl. the 資格情報画面 patients can show.
    Mynaportal,
    /// 公的個人認証サービス (JPKI): the certificates on the マイナンバーカード.
    Jpki,
    /// オンライン請求システム: sending the monthly claims.
    Claims,
}

impl Service {
    /// Every service, in listing order.
    pub const ALL: [Service; 5] = [
        Service::Oqs,
        Service::Erx,
        Service::Mynaportal,
        Service::Jpki,
        Service::Claims,
    ];

    /// The id used in notice files and JSON: `oqs`, `erx`, `mynaportal`, `jpki`, `claims`.
    pub fn as_str(self) -> &'static str {
        match self {
            Service::Oqs => "oqs",
            Service::Erx => "erx",
            Service::Mynaportal => "mynaportal",
            Service::Jpki => "jpki",
            Service::Claims => "claims",
        }
    }

    /// The service's name for staff: `マイナポータル` / `Mynaportal`.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Service::Oqs, Lang::Ja) => "オンライン資格確認等システム",
            (Service::Oqs, Lang::En) => "Online Eligibility Confirmation System",
            (Service::Erx, Lang::Ja) => "電子処方箋管理サービス",
            (Service::Erx, Lang::En) => "Electronic Prescription Management Service",
            (Service::Mynaportal, Lang::Ja) => "マイナポータル",
            (Service::Mynaportal, Lang::En) => "Mynaportal",
            (Service::Jpki, Lang::Ja) => "公的個人認証サービス",
            (Service::Jpki, Lang::En) => "Public Key Infrastructure for individuals (JPKI)",
            (Service::Claims, Lang::Ja) => "オンライン請求システム",
            (Service::Claims, Lang::En) => "Online Claims System",
        }
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A service id that is not one of the five.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownService(pub String);

impl fmt::Display for UnknownService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown service {:?}: use one of oqs, erx, mynaportal, jpki, claims",
            self.0
        )
    }
}

impl std::error::Error for UnknownService {}

impl FromStr for Service {
    type Err = UnknownService;

    fn from_str(s: &str) -> Result<Service, UnknownService> {
        Service::ALL
            .into_iter()
            .find(|x| x.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| UnknownService(s.to_string()))
    }
}
