//! Why a feed could not be used: one error type for fetching, verifying, reading and caching.

use std::fmt;

/// Why a feed could not be used. Displays as one line, Japanese first, then English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedError {
    /// No connection, no such host, no such file.
    Unreachable(String),
    /// The fetch took longer than allowed (seconds, location).
    Timeout(u64, String),
    /// The server answered with an HTTP status other than 200 / 304.
    Status(u16, String),
    /// The body is larger than the limit (bytes).
    TooLarge(u64),
    /// No `.minisig` beside the bundle.
    MissingSignature(String),
    /// The signature does not verify: the bundle was changed or cut short.
    BadSignature(String),
    /// The signature is by a key not trusted here.
    UnknownKey(String),
    /// The signature is by a key this PC dropped when the feed moved to its next key (key
    /// rotation): an old bundle, or a publisher still signing with the old key.
    RetiredKey,
    /// Something other than a feed bundle came back (an HTML page).
    NotABundle(String),
    /// A correctly signed bundle that cannot be read (a publisher's mistake).
    Malformed(String),
    /// The bundle's sequence is lower than the cached one: an older bundle replayed.
    Rollback {
        /// The sequence offered.
        got: u64,
        /// The sequence already held.
        cached: u64,
    },
    /// The bundle was created more than a day after this PC's clock (its `created`, RFC 3339):
    /// the publisher's clock or this PC's is wrong, and an expiry read against a wrong
    /// clock would prove nothing.
    FromTheFuture(String),
    /// The cache could not be written.
    Cache(String),
}

impl FeedError {
    /// Whether the bundle was refused on its signature (as opposed to not being reached).
    pub fn is_signature(&self) -> bool {
        matches!(
            self,
            FeedError::MissingSignature(_)
                | FeedError::BadSignature(_)
                | FeedError::UnknownKey(_)
                | FeedError::RetiredKey
        )
    }
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FeedError::Unreachable(m) => write!(f, "フィードに接続できません / feed unreachable: {m}"),
            FeedError::Timeout(s, loc) => write!(
                f,
                "フィードの取得が時間切れです / feed timed out after {s} s: {loc}"
            ),
            FeedError::Status(code, loc) => write!(
                f,
                "フィードの取得に失敗しました（HTTP {code}）/ feed fetch failed with HTTP {code}: {loc}"
            ),
            FeedError::TooLarge(n) => write!(
                f,
                "フィードが大きすぎます / feed refused: larger than {n} bytes"
            ),
            FeedError::MissingSignature(m) => write!(
                f,
                "署名ファイルがありません / feed refused: no signature (.minisig): {m}"
            ),
            FeedError::BadSignature(m) => {
                write!(f, "署名が正しくありません / feed refused: bad signature: {m}")
            }
            FeedError::UnknownKey(m) => write!(
                f,
                "署名の鍵が違います / feed refused: signature by an untrusted key: {m}"
            ),
            FeedError::RetiredKey => write!(
                f,
                "古い鍵で署名されたフィードを拒否しました（新しい鍵に切り替え済みです）/ feed refused: signed with the old key, which this PC dropped when the feed moved to its new key (key rotation): sign with the new key"
            ),
            FeedError::NotABundle(m) => write!(
                f,
                "フィードではないものが返されました / feed refused (signature check failed): {m}"
            ),
            FeedError::Malformed(m) => write!(
                f,
                "フィードの内容を読めません / feed refused: signed but unreadable: {m}"
            ),
            FeedError::Rollback { got, cached } => write!(
                f,
                "古いフィードを拒否しました（番号 {got} < {cached}）/ feed refused: sequence {got} is older than the {cached} already held (rollback)"
            ),
            FeedError::FromTheFuture(created) => write!(
                f,
                "作成日時が未来のフィードを拒否しました（{created} 作成）。このパソコンの時計を確認してください / feed refused: created {created}, more than a day ahead of this PC's clock: check the clock"
            ),
            FeedError::Cache(m) => write!(
                f,
                "フィードを保存できません / feed cache not written: {m}"
            ),
        }
    }
}

impl std::error::Error for FeedError {}
