//! What a notice changes (変更・延長・中止): whether it revises an earlier notice, which of
//! its ranges are the old times (変更前) and which windows it calls off.

use std::sync::OnceLock;

use super::text::{self, re};
use super::values::Field;

/// How a notice revises an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Change {
    Extended,
    Moved,
    Cancelled,
}

impl Change {
    fn word(self) -> &'static str {
        match self {
            Change::Extended => "延長",
            Change::Moved => "変更",
            Change::Cancelled => "中止",
        }
    }
}

fn change_in(s: &str) -> Option<Change> {
    if s.contains("中止") || s.contains("取りやめ") || s.contains("取り止め") {
        Some(Change::Cancelled)
    } else if s.contains("延長") {
        Some(Change::Extended)
    } else if s.contains("変更") {
        Some(Change::Moved)
    } else {
        None
    }
}

/// The change a notice announces, from its title (「…の延長について」, 「【中止】…」) or a
/// sentence that makes it (「…を延長いたします」); never from a change it only foresees
/// (「延長となる可能性」).
pub(super) fn change(title: &str, body: &[&str]) -> Option<Change> {
    static TITLE: OnceLock<regex::Regex> = OnceLock::new();
    static BODY: OnceLock<regex::Regex> = OnceLock::new();
    let title = text::fold(title);
    let in_title = re(
        &TITLE,
        r"【(?:変更|延長|中止|更新)】|(?:変更|延長|中止|取りやめ|取り止め)(?:について|のお知らせ|のご案内|のご連絡)",
    );
    if let Some(m) = in_title.find(&title) {
        // 【更新】 says only that the article changed: the words after it say how.
        return change_in(m.as_str()).or_else(|| change_in(&title[m.end()..]));
    }
    // 変更 and 延長 of the times (「停止期間を延長いたします」), not of a contact address.
    let made = re(
        &BODY,
        r"(?:(?:日時|日程|期間|時間|時刻|予定|終了|開始|停止)[^。]{0,12}?(?:変更|延長)|中止|取りやめ|取り止め)(?:いたします|します|いたしました|しました|することとなりました|することといたしました|となりました)",
    );
    body.iter()
        .find_map(|l| made.find(l).and_then(|m| change_in(m.as_str())))
}

/// The revision a changing notice is: a guess, always marked.
pub(super) fn revision(change: Change) -> Field<u32> {
    Field::review(
        2,
        format!(
            "{}のお知らせです: id を元のお知らせと同じにし、revision を元の次の番号に、窓の id を元の窓と同じにしてください",
            change.word()
        ),
    )
}

/// What a range's label says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    /// 変更前, 当初の予定: the times replaced, not a window.
    Old,
    /// 変更後, 延長後, 予定どおり実施: the times as they now stand.
    New,
    /// 中止, 取りやめ: a window called off.
    Cancelled,
}

/// The mark a window's own words or a label above it give, if any.
pub(super) fn mark_in(s: &str) -> Option<Mark> {
    static OLD: OnceLock<regex::Regex> = OnceLock::new();
    static NEW: OnceLock<regex::Regex> = OnceLock::new();
    static OFF: OnceLock<regex::Regex> = OnceLock::new();
    static MAY: OnceLock<regex::Regex> = OnceLock::new();
    if re(
        &OLD,
        r"変更前|延長前|当初の?予定|当初の日時|\(旧\)|【旧】|旧\s*:|旧日時",
    )
    .is_match(s)
    {
        Some(Mark::Old)
    } else if re(
        &NEW,
        r"変更後|延長後|\(新\)|【新】|新\s*:|新日時|予定どおり|予定通り|実施します|実施いたします",
    )
    .is_match(s)
    {
        Some(Mark::New)
    } else if re(&OFF, "中止|取りやめ|取り止め|とりやめ|見合わせ").is_match(s)
        && !re(&MAY, "場合があります|可能性があります|ことがあります").is_match(s)
    {
        Some(Mark::Cancelled)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_made_not_foreseen() {
        assert_eq!(
            change("電子処方箋管理サービスの一時停止の延長について", &[]),
            Some(Change::Extended)
        );
        assert_eq!(
            change("【中止】10月24日の計画停止について", &[]),
            Some(Change::Cancelled)
        );
        assert_eq!(
            change("【更新】停止期間の延長について", &[]),
            Some(Change::Extended)
        );
        assert_eq!(
            change(
                "計画停止について",
                &["下記のとおり日時を変更することとなりました。"]
            ),
            Some(Change::Moved)
        );
        assert_eq!(
            change(
                "マイナポータルの計画停止について",
                &[
                    "最大1月4日まで延長となる可能性があります。",
                    "設定変更作業を行います。"
                ]
            ),
            None
        );
    }

    #[test]
    fn marks() {
        assert_eq!(mark_in("(変更前)2026年5月11日"), Some(Mark::Old));
        assert_eq!(mark_in("変更後:令和9年2月13日"), Some(Mark::New));
        assert_eq!(mark_in("■中止する計画停止"), Some(Mark::Cancelled));
        assert_eq!(mark_in("作業を中止する場合があります"), None);
        assert_eq!(mark_in("(予定どおり実施)"), Some(Mark::New));
        assert_eq!(mark_in("■停止日時"), None);
    }
}
