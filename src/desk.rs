//! Which services matter to a facility, and the one state the tray shows for them.
//!
//! Every facility type depends on the same services at the counter: オン資 (and JPKI,
//! whose certificates the マイナ保険証 needs) to confirm eligibility, マイナポータル for
//! the 資格情報画面 fallback, オンライン請求 to bill. 電子処方箋 is the one a facility may
//! not use yet (not every clinic or pharmacy has introduced it), hence the setting
//! "e-prescriptions: yes/no". Its default is yes for every type: a clinic or dental
//! office issues them, a pharmacy dispenses them, and each side has its own short steps,
//! so a facility that does not use them turns it off rather than missing a warning.

use crate::facility::Facility;
use crate::prefecture::Prefecture;
use crate::present::Look;
use crate::schedule::{Schedule, Status};
use crate::service::Service;
use crate::time::Instant;
use crate::window::State;

impl Facility {
    /// The services that matter to this facility type until the settings say otherwise,
    /// in [`Service::ALL`] order. Today the same five for every type (see the module
    /// docs for why).
    ///
    /// ```
    /// use onshi::{Facility, Service};
    /// assert!(Facility::Pharmacy.default_services().contains(&Service::Erx));
    /// assert_eq!(Facility::Clinic.default_services(), Service::ALL);
    /// ```
    pub fn default_services(self) -> Vec<Service> {
        match self {
            // Issuing side and dispensing side of 電子処方箋 alike: see the module docs.
            Facility::Clinic | Facility::Dental | Facility::Pharmacy => Service::ALL.to_vec(),
        }
    }
}

/// The services that matter to the desk: the facility type's defaults (all of them while
/// the type is not chosen), with 電子処方箋 as the setting says (`None`: the default).
///
/// ```
/// use onshi::{desk::services_for, Facility, Service};
/// let s = services_for(Some(Facility::Dental), Some(false));
/// assert!(!s.contains(&Service::Erx) && s.contains(&Service::Mynaportal));
/// assert_eq!(services_for(None, None), Service::ALL);
/// ```
pub fn services_for(facility: Option<Facility>, erx: Option<bool>) -> Vec<Service> {
    let mut services = match facility {
        Some(f) => f.default_services(),
        None => Service::ALL.to_vec(),
    };
    match erx {
        Some(false) => services.retain(|s| *s != Service::Erx),
        Some(true) if !services.contains(&Service::Erx) => {
            services.push(Service::Erx);
            services.sort();
        }
        _ => {}
    }
    services
}

/// The status of every service for `p` at `at`, in [`Service::ALL`] order and the
/// clinic's own after — normal ones included, which [`crate::advice::advice_all`] needs
/// to find windows that just ended.
pub fn statuses(schedule: &Schedule, p: Prefecture, at: Instant) -> Vec<Status> {
    schedule
        .services()
        .into_iter()
        .map(|s| schedule.service_status(p, s, at))
        .collect()
}

/// The worst state among the services in `matter` (`Normal` when none is down).
///
/// ```
/// use onshi::{desk, time::parse_instant as t, Schedule, Service, State};
/// let s = Schedule::embedded();
/// let all = desk::statuses(&s, "40".parse().unwrap(), t("2024-12-31T03:30+09:00").unwrap());
/// assert_eq!(desk::worst_state(&all, &Service::ALL), State::FullOutage);
/// assert_eq!(desk::worst_state(&all, &[Service::Erx]), State::Normal);
/// ```
pub fn worst_state(statuses: &[Status], matter: &[Service]) -> State {
    statuses
        .iter()
        .filter(|s| matter.contains(&s.service))
        .map(|s| s.state)
        .max()
        .unwrap_or(State::Normal)
}

/// The status the tray shows among the services in `matter`: the worst state; of equals,
/// オン資 first; when all are normal, the one whose next window starts first (so the tray
/// turns to "upcoming" within [`crate::schedule::UPCOMING`]). `None` when `matter` has no status.
pub fn worst<'a>(statuses: &'a [Status], matter: &[Service]) -> Option<&'a Status> {
    let mut mine: Vec<&Status> = statuses
        .iter()
        .filter(|s| matter.contains(&s.service))
        .collect();
    mine.sort_by_key(|s| {
        // Only among normals does the next window decide: it makes the tray "upcoming".
        let next = match s.state {
            State::Normal => s
                .next_window
                .as_ref()
                .map_or(i64::MAX, |w| w.start.timestamp()),
            _ => 0,
        };
        // Of normals, one that may run on or whose end just passed comes first: the desk
        // must not read 「通常どおり」 over it.
        let unsettled = u8::from(s.may_extend.is_some()) * 2 + u8::from(s.ended.is_some());
        (
            std::cmp::Reverse(s.state),
            std::cmp::Reverse(unsettled),
            next,
            s.service,
        )
    });
    mine.first().copied()
}

/// The tray's look for the services in `matter` ([`Look::NotConfigured`] when none).
///
/// ```
/// use onshi::{desk, time::parse_instant as t, present::Look, Schedule, Service};
/// let s = Schedule::embedded();
/// let all = desk::statuses(&s, "40".parse().unwrap(), t("2024-12-30T12:00+09:00").unwrap());
/// assert_eq!(desk::worst_look(&all, &Service::ALL), Look::Upcoming);
/// ```
pub fn worst_look(statuses: &[Status], matter: &[Service]) -> Look {
    Look::of(worst(statuses, matter))
}
