//! Why a notice or policy file cannot be used, and where: `FILE:LINE:COLUMN: message`.

use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::lang::Lang;
pub use crate::span::line_column;

/// A notice file that cannot be used, with where and why.
///
/// Displays as `FILE:LINE:COLUMN: message`, the form editors and terminals link to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeError {
    /// The path (or `embedded:NAME`) the notice was read from.
    pub file: String,
    /// 1-based; 0 when the problem is with the file as a whole.
    pub line: usize,
    /// 1-based, in characters; 0 with `line`.
    pub column: usize,
    /// What is wrong and what to write instead.
    pub message: String,
}

impl fmt::Display for NoticeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

impl std::error::Error for NoticeError {}

/// What staff do about any of these: the file is theirs to fix, nothing was used from it.
const WHAT_TO_DO_JA: &str = "ファイルのその箇所を直してから、もう一度お試しください";

/// The English messages of the notice checks (and of the TOML reader), each with its
/// Japanese: `$1`… stand for the parts of the English the pattern captures. The first
/// that matches wins; the English stays beside the Japanese, so nothing is lost.
const JAPANESE: &[(&str, &str)] = &[
    (
        r"^unknown field `([^`]+)`",
        "「$1」という項目はここでは使えません（綴りを確かめてください。書ける項目は docs/notice-format.md にあります）",
    ),
    (
        r"^unknown variant `([^`]+)`, expected (?:one of )?(.+)$",
        "「$1」は使えない値です。次のどれかにしてください: $2",
    ),
    (r"^missing field `([^`]+)`", "必要な項目「$1」がありません"),
    (r"end must be after start", "終了が開始と同じか、開始より前です。終了は開始より後にしてください"),
    (
        r"^(\S+) is not a full date and time with an offset",
        "「$1」は時差の付いた日時ではありません。2024-12-31T03:00:00+09:00 のように書いてください",
    ),
    (
        r"^(\S+) is not in JST",
        "「$1」は日本時間ではありません。時刻は +09:00 を付けて書いてください",
    ),
    (
        r#"^unknown prefecture "([^"]*)""#,
        "都道府県「$1」が分かりません。JIS コード（1〜47）か、福岡県・福岡・fukuoka のように書いてください",
    ),
    (
        r#"^unknown region "([^"]*)": define it as (\[region\.[^\]]*\]) or use one of (.*)$"#,
        "地域「$1」は定義されていません。$2 を書くか、次のどれかを使ってください: $3",
    ),
    (r#"^unknown region "([^"]*)""#, "地域「$1」は定義されていません"),
    (r"^(.+) is used twice", "$1 が2回使われています。別のものにしてください"),
    (r"^(.+) is listed twice", "$1 が2回書かれています。1回にしてください"),
    (r"must start with https://", "リンクは https:// で始めてください"),
    (r"^(\S+) is not a valid date", "「$1」は日付として読めません"),
    (r"lists no prefectures", "都道府県が1つも書かれていません"),
    (r"^the notice id is empty", "お知らせの id が空です"),
    (
        r"^a window needs exactly one of",
        "時間帯には region・prefectures・nationwide = true のどれか1つだけを書いてください",
    ),
    (
        r"^(?:invalid|expected|unexpected|unclosed|duplicate key|key with no value|TOML parse error)",
        "TOML の書き方が正しくありません（引用符・括弧・= の抜けや重複を確かめてください）",
    ),
];

fn japanese_rules() -> &'static [(Regex, &'static str)] {
    static RULES: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    RULES.get_or_init(|| {
        JAPANESE
            .iter()
            .map(|(re, ja)| (Regex::new(re).expect("the patterns are valid"), *ja))
            .collect()
    })
}

impl NoticeError {
    /// What is wrong, in Japanese (the English message has the details a tool may need).
    pub fn message_ja(&self) -> String {
        let first = self.message.lines().next().unwrap_or_default().trim();
        // Messages that already say it in Japanese first (「… (都道府県が分かりません)」 aside)
        // are matched like the others; an unknown one is said plainly.
        japanese_rules()
            .iter()
            .find_map(|(re, ja)| {
                re.captures(first).map(|c| {
                    let mut out = String::new();
                    c.expand(ja, &mut out);
                    out.replace('`', "")
                })
            })
            .unwrap_or_else(|| "このお知らせファイルは使えません".to_string())
    }

    /// For staff in `lang`: Japanese first with where (行・文字目), what and what to do, the
    /// English kept after it; in English, exactly as displayed. Both begin with
    /// `FILE:LINE:COLUMN:` (or `FILE:` for the file as a whole), as tools expect.
    pub fn label(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Ja if self.line == 0 => format!(
                "{}: {}。{WHAT_TO_DO_JA}（{}）",
                self.file,
                self.message_ja(),
                self.message
            ),
            Lang::Ja => format!(
                "{}:{}:{}: {}行目{}文字目: {}。{WHAT_TO_DO_JA}（{}）",
                self.file,
                self.line,
                self.column,
                self.line,
                self.column,
                self.message_ja(),
                self.message
            ),
        }
    }
}

/// The error at byte `span` of `text`, read from `origin`.
pub fn error_at(text: &str, origin: &str, span: Range<usize>, message: String) -> NoticeError {
    let (line, column) = line_column(text, span.start);
    NoticeError {
        file: origin.to_string(),
        line,
        column,
        message,
    }
}
