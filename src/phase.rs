//! Where a clinic stands relative to an outage window: before, inside (of which kind), after.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Where a clinic stands relative to an outage window, which decides what staff do.
///
/// Serialized as `"prepare"`, `"full"`, `"intermittent"`, `"partial"` or `"after"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// A window is known and has not started: the system still works; get ready.
    Prepare,
    /// Inside a long outage (長時間の通信断): no online confirmation at all.
    Full,
    /// Inside a period of cut-offs of a few minutes each (数分間の断続的な通信断):
    /// retry first, else as [`Phase::Full`].
    Intermittent,
    /// Inside a partial outage: only the patients or functions the notice names fail.
    /// Optional in the file: a service without a partial guide uses its full one.
    Partial,
    /// The planned end has passed: what to check, and what to do later at billing.
    After,
}

impl Phase {
    /// The phases the オン資 guidance must have, in the order it is kept in. Not
    /// [`Phase::Partial`]: a partial オン資 outage is met with the full-outage steps.
    pub const ALL: [Phase; 4] = [
        Phase::Prepare,
        Phase::Full,
        Phase::Intermittent,
        Phase::After,
    ];

    /// Every phase, [`Phase::Partial`] included, in the order guides are kept in.
    pub const EVERY: [Phase; 5] = [
        Phase::Prepare,
        Phase::Full,
        Phase::Intermittent,
        Phase::Partial,
        Phase::After,
    ];

    /// The name used in `guidance.toml` and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Prepare => "prepare",
            Phase::Full => "full",
            Phase::Intermittent => "intermittent",
            Phase::Partial => "partial",
            Phase::After => "after",
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
