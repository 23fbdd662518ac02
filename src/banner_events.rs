//! Which events raise the banner (a setting the policy may set and lock): kept here, below
//! the policy, so both can name it; what the choice means for a plan event is banner.rs.

use serde::{Deserialize, Serialize};

/// Which events raise a banner: a setting (and a policy value that may lock it). All four
/// are on by default, as issue 18 asks: start, end, revisions, the last reminder of a full
/// outage.
///
/// ```
/// use onshi::banner::BannerEvents;
/// let b: BannerEvents = toml::from_str("end = false").unwrap();
/// assert!(b.start && !b.end && b.change && b.full_outage_last_reminder);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BannerEvents {
    /// A down state begins: `Start`, `AlreadyDown` and `Change` plan events (one down state turns into another, so the steps change).
    pub start: bool,
    /// The planned end (the `End` event).
    pub end: bool,
    /// A later revision moves or calls off a window staff were told of (【変更】/【中止】).
    pub change: bool,
    /// The last reminder (the shortest lead, 10 min by default) before a full outage.
    pub full_outage_last_reminder: bool,
}

impl Default for BannerEvents {
    fn default() -> Self {
        BannerEvents {
            start: true,
            end: true,
            change: true,
            full_outage_last_reminder: true,
        }
    }
}

impl BannerEvents {
    /// No banner at all: the OS toast alone, as before issue 18.
    pub const NONE: BannerEvents = BannerEvents {
        start: false,
        end: false,
        change: false,
        full_outage_last_reminder: false,
    };
}
