//! Notice text as it arrives: bytes in UTF-8 or Shift_JIS, lines cleaned, full-width forms
//! folded — and the one way the readers above compile their patterns over it.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

/// Decodes a notice's bytes: UTF-8 (with or without a BOM), UTF-16 with a BOM, or
/// Shift_JIS/CP932 as Windows programs save it.
///
/// ```
/// let sjis = b"\x97\xdf\x98\x61"; // 令和 in Shift_JIS
/// assert_eq!(onshi::draft::decode(sjis).unwrap(), "令和");
/// assert_eq!(onshi::draft::decode("\u{feff}令和".as_bytes()).unwrap(), "令和");
/// ```
///
/// # Errors
/// A [`DecodeError`] when the bytes are none of these encodings.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map(Cow::into_owned)
            .ok_or(DecodeError {
                bom: Some(encoding.name()),
            });
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    encoding_rs::SHIFT_JIS
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(Cow::into_owned)
        .ok_or(DecodeError { bom: None })
}

/// Bytes that [`decode`] cannot read as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeError {
    /// The encoding a byte-order mark announced (`UTF-8`, `UTF-16LE`, `UTF-16BE`) when the
    /// bytes after it are not valid in it; `None` when there was no mark and the bytes are
    /// neither UTF-8 nor Shift_JIS.
    pub bom: Option<&'static str>,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.bom {
            Some(name) => write!(
                f,
                "the text starts with a {name} BOM but is not valid {name}: save it again as UTF-8"
            ),
            None => f.write_str(
                "the text is neither UTF-8 nor Shift_JIS (CP932): save it as UTF-8 and try again",
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Folds one character for the grammar: full-width ASCII to ASCII (`３` → `3`, `：` → `:`,
/// `（` → `(`), the ideographic space to a space, and every wave dash or dash to `~` / `-`.
/// One character always stays one character, so positions in a folded line are positions
/// in the original.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        '〜' | '∼' | '〰' => '~',
        '−' | '‐' | '‑' | '–' | '—' | '―' => '-',
        _ => c,
    }
}

/// [`fold_char`] over a string.
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// One line of the notice: as written (for titles and names) and folded (for the grammar).
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the input.
    pub no: usize,
    /// The line without surrounding space and Markdown list or heading marks.
    pub raw: String,
    /// `raw` folded by [`fold_char`]: the same characters at the same character positions.
    pub norm: String,
}

impl Line {
    /// Whether the line holds nothing.
    pub fn is_blank(&self) -> bool {
        self.norm.trim().is_empty()
    }

    /// The original text from a byte offset of `norm` on.
    pub fn raw_from(&self, norm_byte: usize) -> &str {
        let chars = self.norm[..norm_byte].chars().count();
        match self.raw.char_indices().nth(chars) {
            Some((i, _)) => &self.raw[i..],
            None => "",
        }
    }
}

/// Splits the text into cleaned lines. Markdown marks that converters add (`## `, `- `,
/// a trailing two-space break) are removed, because notices pasted from a PDF often carry them.
pub fn lines(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            let mut s = l.trim_matches(|c: char| c.is_whitespace());
            loop {
                let before = s;
                s = s.trim_start_matches('#').trim_start();
                if let Some(rest) = s.strip_prefix("- ") {
                    s = rest.trim_start();
                }
                if s == before {
                    break;
                }
            }
            let raw = s.replace("\\_", "_");
            Line {
                no: i + 1,
                norm: fold(&raw),
                raw,
            }
        })
        .collect()
}

/// A pattern compiled once.
pub(super) fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("the draft's patterns are valid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_positions() {
        let l = &lines("## （１）令和７年２月１５日（土）２２：００～")[0];
        assert_eq!(l.norm, "(1)令和7年2月15日(土)22:00~");
        assert_eq!(l.raw.chars().count(), l.norm.chars().count());
        let at = l.norm.find("令和").unwrap();
        assert!(l.raw_from(at).starts_with("令和７年"));
    }

    #[test]
    fn shift_jis_and_utf8() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("西日本エリア：令和６年");
        assert_eq!(decode(&bytes).unwrap(), "西日本エリア：令和６年");
        assert!(decode(&[0x82, 0xff, 0xff]).is_err());
    }
}
