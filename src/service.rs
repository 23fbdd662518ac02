//! The services behind the counter whose outages a notice can announce: the five built in,
//! and the clinic's own (a vendor's cloud EHR, the レセコン) defined in a notice or the policy.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
/// A service of the clinic's own is [`Service::Custom`]: it sorts after the five, by id.
/// In JSON every service is its id (`"oqs"`, `"ehr-cloud"`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    /// A service of the clinic's own, defined by a `[[service]]` table (see
    /// [`ServiceRegistry`]): its id, name, who to call and its steps.
    Custom(Custom),
}

/// A service of the clinic's own, as its `[[service]]` table defines it.
///
/// Equal, ordered and hashed by id alone: a [`ServiceRegistry`] holds one definition per
/// id. The definition is kept for the life of the program (interned: the same definition
/// read again shares it), which keeps [`Service`] a plain `Copy` value that every match on
/// the five keeps treating as before.
#[derive(Clone, Copy)]
pub struct Custom(&'static ServiceDef);

impl Custom {
    /// The definition: name, contact, steps.
    pub fn def(self) -> &'static ServiceDef {
        self.0
    }
}

impl PartialEq for Custom {
    fn eq(&self, other: &Custom) -> bool {
        self.0.id == other.0.id
    }
}

impl Eq for Custom {}

impl PartialOrd for Custom {
    fn partial_cmp(&self, other: &Custom) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Custom {
    fn cmp(&self, other: &Custom) -> std::cmp::Ordering {
        self.0.id.cmp(&other.0.id)
    }
}

impl Hash for Custom {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.id.hash(h);
    }
}

impl fmt::Debug for Custom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Custom({:?})", self.0.id)
    }
}

/// What a `[[service]]` table says of a service of the clinic's own.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ServiceDef {
    /// The id notices name it by (`service = "ehr-cloud"`): ASCII letters, digits, `-`, `_`;
    /// never one of the five built-in ids.
    pub id: String,
    /// The name staff see: `クラウド電子カルテ`.
    pub name: String,
    /// The name in English; without it English text shows `name`.
    pub name_en: Option<String>,
    /// Who to call when it is down, if the definition says.
    pub contact: Option<ServiceContact>,
    /// What staff do while it is down, in order (at least one).
    pub steps: Vec<ServiceStep>,
}

/// Who to call when a service of the clinic's own is down.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ServiceContact {
    /// Who answers: `〇〇メディカル サポートセンター`.
    pub name: String,
    /// The number to call, as written.
    pub phone: Option<String>,
    /// When they answer, in words (`平日 9:00〜18:00`), if known; `None` promises nothing.
    pub hours: Option<String>,
    /// `hours` in English.
    pub hours_en: Option<String>,
}

/// One step of a service of the clinic's own.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ServiceStep {
    /// The step, in Japanese.
    pub text: String,
    /// The step in English; without it English text shows `text`.
    pub text_en: Option<String>,
}

impl ServiceStep {
    /// The step in one language.
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.text,
            Lang::En => self.text_en.as_deref().unwrap_or(&self.text),
        }
    }
}

impl ServiceDef {
    /// The service this definition makes. The definition is interned: asking twice for
    /// the same definition gives the same one, so re-reading a file costs nothing more.
    pub fn into_service(self) -> Service {
        static INTERNED: OnceLock<Mutex<Vec<&'static ServiceDef>>> = OnceLock::new();
        let mut all = INTERNED
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(d) = all.iter().find(|d| ***d == self) {
            return Service::Custom(Custom(d));
        }
        let d: &'static ServiceDef = Box::leak(Box::new(self));
        all.push(d);
        Service::Custom(Custom(d))
    }
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

    /// The id used in notice files and JSON: `oqs`, `erx`, `mynaportal`, `jpki`, `claims`,
    /// or the id of a service of the clinic's own.
    pub fn as_str(self) -> &'static str {
        match self {
            Service::Oqs => "oqs",
            Service::Erx => "erx",
            Service::Mynaportal => "mynaportal",
            Service::Jpki => "jpki",
            Service::Claims => "claims",
            Service::Custom(c) => &c.def().id,
        }
    }

    /// One of the five by its exact id, as files write it (`"oqs"`, not `"OQS"`).
    pub fn from_id(id: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|s| s.as_str() == id)
    }

    /// The definition of a service of the clinic's own; `None` for the five.
    pub fn custom_def(self) -> Option<&'static ServiceDef> {
        match self {
            Service::Custom(c) => Some(c.def()),
            _ => None,
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
            (Service::Custom(c), Lang::Ja) => &c.def().name,
            (Service::Custom(c), Lang::En) => c.def().name_en.as_deref().unwrap_or(&c.def().name),
        }
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Service {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Reads one of the five by id. A service of the clinic's own is resolved against the
/// definitions in force ([`ServiceRegistry::resolve`]), which plain deserializing cannot see.
impl<'de> Deserialize<'de> for Service {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Service, D::Error> {
        let id = String::deserialize(d)?;
        Service::from_id(&id).ok_or_else(|| serde::de::Error::custom(UnknownService(id)))
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

    /// One of the five only: see [`ServiceRegistry::resolve`] for the clinic's own.
    fn from_str(s: &str) -> Result<Service, UnknownService> {
        Service::ALL
            .into_iter()
            .find(|x| x.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| UnknownService(s.to_string()))
    }
}

/// The services of the clinic's own that are defined, one definition per id: those of the
/// policy file, and each notice's own `[[service]]` tables while it is read.
///
/// ```
/// use onshi::service::{ServiceDef, ServiceRegistry, ServiceStep};
/// use onshi::{Lang, Service};
/// let mut r = ServiceRegistry::default();
/// let def = ServiceDef {
///     id: "ehr-cloud".into(),
///     name: "クラウド電子カルテ".into(),
///     name_en: None,
///     contact: None,
///     steps: vec![ServiceStep { text: "紙の受付票に記録する".into(), text_en: None }],
/// };
/// let ehr = r.define(def).unwrap();
/// assert_eq!(r.resolve("ehr-cloud"), Some(ehr));
/// assert_eq!(r.resolve("oqs"), Some(Service::Oqs));
/// assert_eq!(ehr.name(Lang::En), "クラウド電子カルテ");
/// assert!(ehr > Service::Claims);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceRegistry {
    custom: Vec<Service>,
}

impl ServiceRegistry {
    /// The service `id` names: one of the five, or one defined here.
    pub fn resolve(&self, id: &str) -> Option<Service> {
        Service::from_id(id).or_else(|| self.custom.iter().copied().find(|s| s.as_str() == id))
    }

    /// Defines a service of the clinic's own and returns it.
    ///
    /// # Errors
    /// The id is one of the five, or already defined with other words (the same
    /// definition twice is fine: a notice may repeat what the policy says).
    pub fn define(&mut self, def: ServiceDef) -> Result<Service, String> {
        if let Ok(builtin) = def.id.parse::<Service>() {
            // Case-blind here: "OQS" beside "oqs" would only confuse.
            return Err(format!(
                "service id {:?} is built in ({}): give the clinic's own service another id",
                def.id,
                builtin.name(Lang::Ja)
            ));
        }
        if let Some(old) = self.custom.iter().find(|s| s.as_str() == def.id) {
            if old.custom_def() == Some(&def) {
                return Ok(*old);
            }
            return Err(format!(
                "service {:?} is already defined with other words: repeat the same definition, or give this one another id",
                def.id
            ));
        }
        let service = def.into_service();
        self.custom.push(service);
        Ok(service)
    }

    /// The services of the clinic's own defined here, by id.
    pub fn custom(&self) -> Vec<Service> {
        let mut out = self.custom.clone();
        out.sort();
        out
    }

    /// The ids a notice may name: the five, then the clinic's own — for error messages.
    pub fn known_ids(&self) -> String {
        Service::ALL
            .iter()
            .chain(&self.custom())
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}
