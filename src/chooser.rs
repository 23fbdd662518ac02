//! 「患者さんが持ってきたもの」: what the patient brought → the few steps that hold now.
//!
//! The answers (マイナンバーカード, スマホ, 資格確認書, 資格情報のお知らせ with or without the
//! card, 古い保険証, 何もない) and the steps under each come from `assets/guidance.toml`:
//! a step names the answers it belongs to (`brought`), so the chooser is a view of the same
//! steps the desk reads in the list, never a second copy of the advice. It holds for one
//! instant: the answers and steps of that day (no smartphone before 2025-09-19, no old card
//! after 2025-12-01), and without the steps that need a service which is down (no
//! マイナポータル screen while マイナポータル is down).

use serde::Serialize;

use crate::advice;
use crate::guidance::{Audience, Guidance, LocalizedStep};
use crate::lang::Lang;
use crate::service::Service;
use crate::status::Status;
use crate::time::Instant;
use crate::window::State;

/// One answer of the chooser and what to do for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// The answer's id, e.g. `"smartphone"`.
    pub id: String,
    /// The answer as staff read it, e.g. `スマホ（マイナ保険証）`.
    pub label: String,
    /// The steps, in the order of the list; none needs a service that is down.
    pub steps: Vec<LocalizedStep>,
}

/// The chooser while オン資 is in `state` at `at`, for `audience`, with the services in
/// `down` fully down. Empty when `state` is normal: the card works as usual then.
///
/// ```
/// use onshi::{chooser::answers, guidance::Audience, time::parse_instant as t};
/// use onshi::{Lang, Service, State};
/// let at = t("2026-12-31T03:30+09:00").unwrap();
/// let all = answers(State::FullOutage, at, &[], &Audience::new(None), Lang::Ja);
/// let card = all.iter().find(|a| a.id == "card").unwrap();
/// assert!(card.steps.iter().any(|s| s.text.contains("マイナポータルの資格情報画面")));
/// // マイナポータル down as well: no screen step.
/// let both = answers(State::FullOutage, at, &[Service::Oqs, Service::Mynaportal], &Audience::new(None), Lang::Ja);
/// let card = both.iter().find(|a| a.id == "card").unwrap();
/// assert!(!card.steps.iter().any(|s| s.text.contains("マイナポータル")));
/// ```
pub fn answers(
    state: State,
    at: Instant,
    down: &[Service],
    audience: &Audience,
    lang: Lang,
) -> Vec<Answer> {
    let guidance = Guidance::embedded();
    let phases = guidance.phases_during(Service::Oqs, state);
    if phases.is_empty() {
        return Vec::new();
    }
    guidance
        .brought_at(at)
        .map(|answer| Answer {
            id: answer.id.clone(),
            label: lang.pick(&answer.label_ja, &answer.label_en).to_string(),
            steps: phases
                .iter()
                .flat_map(|phase| guidance.applying(Service::Oqs, *phase, audience, at))
                .filter(|s| !s.later && s.brought.contains(&answer.id))
                .filter(|s| !s.needs.iter().any(|n| down.contains(n)))
                .map(|s| guidance.localize(s, lang))
                .collect(),
        })
        .collect()
}

/// The chooser for the desk now: from the statuses of every service at one instant (any
/// order), オン資's state and the services that are down. Empty unless オン資 has a window in
/// force.
pub fn chooser(statuses: &[Status], audience: &Audience, lang: Lang) -> Vec<Answer> {
    let Some(oqs) = statuses.iter().find(|s| s.service == Service::Oqs) else {
        return Vec::new();
    };
    answers(oqs.state, oqs.at, &advice::down(statuses), audience, lang)
}
