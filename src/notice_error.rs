//! Why a notice or policy file cannot be used, and where: `FILE:LINE:COLUMN: message`.

use std::fmt;
use std::ops::Range;

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
