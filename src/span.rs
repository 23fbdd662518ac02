//! Where a byte offset of a text file is, as line and column: how errors name a place.

/// 1-based line and column (in characters) of a byte offset in `text`; an offset past the
/// end is taken as the end.
///
/// ```
/// use onshi::span::line_column;
/// assert_eq!(line_column("a = 1\nb = 2\n", 6), (2, 1));
/// assert_eq!(line_column("名前 = 1", 3), (1, 2));
/// ```
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
