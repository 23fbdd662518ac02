//! The Windows setup's own parameters (`/S /PREFECTURE=40 /FEED_URL=…`), split as Windows
//! splits a command line: NSIS's option parser cuts a value at its first "/" (URLs, keys).

use onshi::policy_write::{Given, Key};

/// Splits a command line's parameters into words as the Microsoft C runtime does (and
/// Rust's own `std::env::args` on Windows): white space separates words outside quotes;
/// `"` opens and closes a quoted part, `""` inside one is a `"`; backslashes are literal
/// unless they come before a `"`, where each pair is one backslash and an odd one makes
/// the `"` literal.
pub fn split(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let mut n = 1;
                while chars.peek() == Some(&'\\') {
                    chars.next();
                    n += 1;
                }
                if chars.peek() == Some(&'"') {
                    word.extend(std::iter::repeat('\\').take(n / 2));
                    if n % 2 == 1 {
                        chars.next();
                        word.push('"');
                    }
                } else {
                    word.extend(std::iter::repeat('\\').take(n));
                }
                in_word = true;
            }
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                word.push('"');
            }
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            ' ' | '\t' if !quoted => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            _ => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// The policy values among the setup's parameters: `/PREFECTURE=…`, `/FACILITY=…`,
/// `/FEED_URL=…`, `/FEED_KEY=…` (names in any case; the last of each counts, `/FEED_KEY=`
/// may come more than once). Other words are the setup's (`/S`, `/NCRC`); NSIS's `/D=`
/// comes last and holds the rest of the line, so reading stops there.
///
/// # Errors
/// Another `/NAME=value`: a misspelt name must not be passed over in silence.
pub fn given(params: &str) -> Result<Given, String> {
    let mut given = Given::default();
    for word in split(params) {
        if word.starts_with("/D=") {
            break;
        }
        let Some((name, value)) = word.strip_prefix('/').and_then(|w| w.split_once('=')) else {
            continue;
        };
        let Some(key) = Key::ALL
            .into_iter()
            .find(|k| k.property().eq_ignore_ascii_case(name))
        else {
            return Err(format!(
                "/{name}=: unknown option of the setup (セットアップのオプションが違います): use /PREFECTURE=, /FACILITY=, /FEED_URL=, /FEED_KEY="
            ));
        };
        let value = value.to_string();
        match key {
            Key::Prefecture => given.prefecture = Some(value),
            Key::Facility => given.facility = Some(value),
            Key::FeedUrl => given.feed_url = Some(value),
            Key::FeedKey => given.feed_keys.push(value),
            Key::RelayFolder => given.relay_folder = Some(value),
        }
    }
    Ok(given)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_as_windows_splits_them() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("  /S \t /PREFECTURE=40  ", &["/S", "/PREFECTURE=40"]),
            (
                r#""/FEED_URL=C:\My Feed\feed.toml""#,
                &[r"/FEED_URL=C:\My Feed\feed.toml"],
            ),
            (r#"/FEED_URL="C:\My Feed\""#, &[r#"/FEED_URL=C:\My Feed""#]),
            (r#"/FEED_URL="C:\My Feed\\""#, &[r"/FEED_URL=C:\My Feed\"]),
            (
                r"/FEED_URL=\\server\share\",
                &[r"/FEED_URL=\\server\share\"],
            ),
            (r#"a\\\"b"#, &[r#"a\"b"#]),
            (r#""a""b""#, &[r#"a"b"#]),
            (r#""" x"#, &["", "x"]),
            (r#"/PREFECTURE="福岡 県""#, &["/PREFECTURE=福岡 県"]),
            (r#"/X="open"#, &["/X=open"]),
        ];
        for (line, want) in cases {
            assert_eq!(split(line), *want, "{line:?}");
        }
    }

    #[test]
    fn the_values_are_read_and_the_setups_own_words_skipped() {
        let g = given(
            r#"/S /prefecture=福岡 /Facility=pharmacy "/FEED_URL=http://a/b/feed.toml" /FEED_KEY=RWa/b /FEED_KEY=RWc /NCRC /D=C:\Program Files\x /PREFECTURE=13"#,
        )
        .unwrap();
        assert_eq!(g.prefecture.as_deref(), Some("福岡"));
        assert_eq!(g.facility.as_deref(), Some("pharmacy"));
        assert_eq!(g.feed_url.as_deref(), Some("http://a/b/feed.toml"));
        assert_eq!(g.feed_keys, ["RWa/b", "RWc"]);
        assert!(given("/S").unwrap().is_empty());
        let err = given("/S /PREFECTUR=40").unwrap_err();
        assert!(err.starts_with("/PREFECTUR=:"), "{err}");
    }
}
