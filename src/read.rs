//! Reading a text file that staff may have put anywhere: regular files only, size-capped, UTF-8 checked.
//!
//! A FIFO, a device such as `/dev/zero` or a huge file must not hang the app or eat its
//! memory: each is refused at once with a message that names it.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// The largest notice or settings file read: 1 MB. The shipped notice is 5 KB.
pub const MAX_BYTES: u64 = 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file (a folder, a FIFO, a device, a socket): never opened.
    NotRegular {
        /// What it is instead: `a folder`, `a FIFO`, …
        what: &'static str,
    },
    /// Larger than the limit.
    TooLarge {
        /// Its size.
        bytes: u64,
        /// The limit it is over.
        limit: u64,
    },
    /// Not UTF-8 (for example Shift_JIS); `line` and `column` are 1-based, where the
    /// first byte that is not UTF-8 is.
    NotUtf8 {
        /// The line of the first byte that is not UTF-8.
        line: usize,
        /// Its column.
        column: usize,
    },
    /// The OS could not read it.
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotRegular { what } => write!(
                f,
                "skipped: it is {what}, not a regular file (通常のファイルではないため読みません)"
            ),
            ReadError::TooLarge { bytes, limit } => write!(
                f,
                "skipped: it is {bytes} bytes, more than the {limit}-byte limit (大きすぎるため読みません)"
            ),
            ReadError::NotUtf8 { .. } => write!(
                f,
                "the file is not UTF-8 text (Shift_JIS?): save it as UTF-8 — メモ帳なら「名前を付けて保存」で文字コードを「UTF-8」にして保存してください"
            ),
            ReadError::Io(e) => write!(f, "cannot read the file: {e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// What kind of thing `meta` describes, for a message.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Reads `path` as UTF-8 text of at most `limit` bytes; a leading UTF-8 byte-order mark
/// (Notepad's 「UTF-8 (BOM 付き)」) is dropped.
///
/// Never blocks on a FIFO or a device: the file's type is checked before it is opened.
///
/// # Errors
/// [`ReadError`], which says what was skipped and why.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular {
            what: kind_of(&meta),
        });
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            bytes: meta.len(),
            limit,
        });
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // Checked again on what was opened: the path may have been swapped in between.
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular {
            what: kind_of(&meta),
        });
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            bytes: bytes.len() as u64,
            limit,
        });
    }
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .map(<[u8]>::to_vec)
        .unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let good = std::str::from_utf8(good).unwrap_or_default();
        let line = good.matches('\n').count() + 1;
        let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ReadError::NotUtf8 { line, column }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_jis_is_named_with_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sjis.toml");
        // 「停止」 in Shift_JIS on line 2.
        std::fs::write(&p, b"id = \"x\"\ntitle = \"\x92\xe2\x8e\x7e\"\n").unwrap();
        match read_text(&p, MAX_BYTES) {
            Err(
                e @ ReadError::NotUtf8 {
                    line: 2,
                    column: 10,
                },
            ) => {
                assert!(e.to_string().contains("「UTF-8」"), "{e}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_bom_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bom.toml");
        std::fs::write(&p, b"\xEF\xBB\xBFid = 1\n").unwrap();
        assert_eq!(read_text(&p, MAX_BYTES).unwrap(), "id = 1\n");
    }
}
