//! A window's kind, from the verbs and the functions affected: 断続的・数分間 → intermittent;
//! 一部の患者・一部機能, or an 影響 section naming only some patients or functions → partial;
//! 長時間・停止・通信断 → full. A stop of the whole system is full even with a list of the
//! functions it hits; where the words disagree, or only hedge (「…場合があります」), the kind is
//! marked 要確認 rather than guessed.

use std::sync::OnceLock;

use super::place::Layout;
use super::section::{Affects, Aspect};
use super::text::{self, re, Line};
use super::values::{DraftKind, Field};

/// What a piece of text says about the kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Signal {
    pub(super) kind: DraftKind,
    /// 長時間, 全ての機能, 「システムを停止いたします」: no doubt that everything stops.
    strong: bool,
    /// 「…場合があります」: the text only says it may happen.
    hedged: bool,
}

/// The kind a piece of text names, if any, sentence by sentence. Intermittent words win over
/// 停止/通信断, which they usually stand beside (数分間の通信断); 一部 wins over 停止 (一部機能を
/// 停止). Only a sentence that names the kind can hedge it: 「…を停止します。終了が前後する場合が
/// あります」 is a stop.
pub(super) fn signal(s: &str) -> Option<Signal> {
    let said: Vec<Signal> = s.split('。').filter_map(sentence).collect();
    let rank = |k: DraftKind| match k {
        DraftKind::Intermittent => 0,
        DraftKind::Partial => 1,
        DraftKind::Full => 2,
    };
    let kind = said.iter().map(|s| s.kind).min_by_key(|k| rank(*k))?;
    Some(Signal {
        kind,
        strong: said.iter().any(|s| s.strong),
        hedged: said.iter().filter(|s| s.kind == kind).all(|s| s.hedged),
    })
}

fn sentence(s: &str) -> Option<Signal> {
    static I: OnceLock<regex::Regex> = OnceLock::new();
    static P: OnceLock<regex::Regex> = OnceLock::new();
    static S: OnceLock<regex::Regex> = OnceLock::new();
    static F: OnceLock<regex::Regex> = OnceLock::new();
    static H: OnceLock<regex::Regex> = OnceLock::new();
    let hedged = re(
        &H,
        "場合があります|場合がございます|可能性があります|ことがあります|おそれがあります",
    )
    .is_match(s);
    let strong = re(
        &S,
        "長時間|全面|全ての機能|すべての機能|全機能|全ての業務|すべての業務|業務がすべて|機能がすべて|いずれも行えません|(?:システム|サービス|マイナポータル)(?:全体)?(?:を|が)(?:一時)?(?:停止|休止)",
    )
    .is_match(s);
    let kind = if re(&I, "断続|数分間|数分程度|瞬断|つながりにく").is_match(s) {
        DraftKind::Intermittent
    } else if re(
        &P,
        "一部の患者|一部の機能|一部機能|一部の方|一部の利用者|一部の業務|一部のサービス|一部サービス|機能の一部",
    )
    .is_match(s)
    {
        DraftKind::Partial
    } else if strong
        || re(
            &F,
            "停止|通信断|利用できません|利用できなくな|ご利用いただけません|休止|メンテナンス|障害|接続できな|接続ができな",
        )
        .is_match(s)
    {
        DraftKind::Full
    } else {
        return None;
    };
    Some(Signal {
        kind,
        strong: strong && kind == DraftKind::Full,
        hedged,
    })
}

/// What the notice as a whole says about kinds, read once.
pub(super) struct Doc {
    title: Option<Signal>,
    /// Lines (index, signal) that introduce what follows: 「下記の期間、システムを停止いたします」.
    leads: Vec<(usize, Signal)>,
    /// Every kind some line of the text names.
    kinds: Vec<DraftKind>,
    /// The 影響 sections list only some patients.
    some_patients: bool,
    /// The 影響 sections list all patients, or functions that include confirmation itself.
    everyone: bool,
    /// The 影響 sections list functions, none of them confirmation itself.
    some_functions: bool,
    /// The words for `affects`, from those sections.
    affects: Option<String>,
}

impl Doc {
    pub(super) fn read(lines: &[Line], title: &str, affects: &Affects) -> Doc {
        static LEAD: OnceLock<regex::Regex> = OnceLock::new();
        static ALL: OnceLock<regex::Regex> = OnceLock::new();
        static CORE: OnceLock<regex::Regex> = OnceLock::new();
        let lead = re(&LEAD, "下記|以下の|次のとおり|次の(?:日時|時間|期間)");
        let all = re(&ALL, "すべて|全て|全員|全機能");
        // Confirmation itself: not the app, the 資格確認書 card, nor confirmation for some only.
        let core = re(&CORE, "資格確認(?:$|[^ア書])");
        let core = |w: &str| core.is_match(w) && !w.contains("のみ") && !w.contains("一部");
        let leads = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| lead.is_match(&l.norm))
            .filter_map(|(i, l)| signal(&l.norm).map(|s| (i, s)))
            .collect();
        let mut kinds: Vec<DraftKind> = lines
            .iter()
            .filter_map(|l| signal(&l.norm).map(|s| s.kind))
            .collect();
        kinds.sort_by_key(|k| k.code());
        kinds.dedup();
        let who: Vec<String> = affects.items(Aspect::Who).map(text::fold).collect();
        let what: Vec<String> = affects.items(Aspect::What).map(text::fold).collect();
        Doc {
            title: signal(&text::fold(title)),
            leads,
            kinds,
            some_patients: !who.is_empty() && !who.iter().any(|w| all.is_match(w)),
            everyone: who.iter().any(|w| all.is_match(w))
                || what.iter().any(|w| all.is_match(w) || core(w)),
            some_functions: !what.is_empty() && !what.iter().any(|w| all.is_match(w) || core(w)),
            affects: affects.text(),
        }
    }
}

/// The kind of the window at `index`, whose own words are `own` (its own first), and who or
/// what it affects when partial.
pub(super) fn kind_of(
    layout: &Layout,
    index: usize,
    own: &[String],
    doc: &Doc,
) -> (Field<DraftKind>, Option<Field<String>>) {
    let lines = layout.lines;
    // The window's own words, then its item and section (the lines above it within them).
    let local = own
        .iter()
        .map(|w| (index, signal(w)))
        .chain(
            layout
                .above(index, true)
                .into_iter()
                .map(|j| (j, signal(&lines[j].norm))),
        )
        .find_map(|(j, s)| s.map(|s| (j, s)));
    let lead = doc
        .leads
        .iter()
        .rev()
        .find(|(i, _)| *i < index)
        .map(|(_, s)| *s);
    let said: Vec<Signal> = [local.map(|(_, s)| s), doc.title, lead]
        .into_iter()
        .flatten()
        .collect();

    if let Some((_, s)) = local.filter(|(_, s)| s.kind == DraftKind::Intermittent) {
        return (hedge(s), None);
    }
    let partial_words = said.iter().any(|s| s.kind == DraftKind::Partial);
    let whole = said.iter().any(|s| s.strong) || doc.everyone;
    let partial = partial_words || doc.some_patients || (doc.some_functions && !whole);
    if partial && whole {
        return (
            Field::review(
                DraftKind::Full,
                "停止と書かれていますが、影響を受ける患者・機能が限られています: 全体の停止か一部の停止か確かめてください",
            ),
            None,
        );
    }
    if partial {
        let affects = match &doc.affects {
            Some(a) => Field::sure(a.clone()),
            None => {
                // The sentence that says 一部: the window's own, else the nearest above it.
                let src = local
                    .filter(|(_, s)| s.kind == DraftKind::Partial)
                    .map(|(j, _)| j)
                    .or_else(|| {
                        doc.leads
                            .iter()
                            .rev()
                            .find(|(i, s)| *i < index && s.kind == DraftKind::Partial)
                            .map(|(i, _)| *i)
                    })
                    .unwrap_or(index);
                Field::review(
                    lines[src].raw.trim().to_string(),
                    "影響を受ける患者・機能は本文の文から取りました: 短く書き直してください",
                )
            }
        };
        let kind = match said.iter().find(|s| s.kind == DraftKind::Partial) {
            Some(s) if s.hedged => hedge(*s),
            _ => Field::sure(DraftKind::Partial),
        };
        return (kind, Some(affects));
    }
    match said.first() {
        Some(s) => (hedge(*s), None),
        None => (
            match doc.kinds.as_slice() {
                [k] => Field::review(*k, "種類は本文全体の言葉から判断しました"),
                _ => Field::review(
                    DraftKind::Full,
                    "種類（長時間・断続的・一部）が読み取れないので長時間の停止としました",
                ),
            },
            None,
        ),
    }
}

fn hedge(s: Signal) -> Field<DraftKind> {
    if s.hedged {
        Field::review(
            s.kind,
            "本文は「…場合があります」と言うだけで、停止か断続的かが決まりません: 種類を確かめてください",
        )
    } else {
        Field::sure(s.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_each_kind() {
        let k = |s: &str| signal(s).map(|s| (s.kind, s.strong, s.hedged));
        assert_eq!(
            k("(2) 数分間の通信断"),
            Some((DraftKind::Intermittent, false, false))
        );
        assert_eq!(k("長時間の通信断"), Some((DraftKind::Full, true, false)));
        assert_eq!(
            k("下記の期間、システムを停止いたします。"),
            Some((DraftKind::Full, true, false))
        );
        assert_eq!(
            k("一部機能を一時停止しております"),
            Some((DraftKind::Partial, false, false))
        );
        assert_eq!(
            k("処方箋発行機能を停止"),
            Some((DraftKind::Full, false, false))
        );
        assert_eq!(
            k("つながりにくくなる、または接続できない場合があります"),
            Some((DraftKind::Intermittent, false, true))
        );
        assert_eq!(
            k("下記の期間、システムを停止いたします。終了時刻は前後する場合があります。"),
            Some((DraftKind::Full, true, false))
        );
        assert_eq!(k("作業を行います"), None);
    }
}
