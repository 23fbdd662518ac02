//! Keeps docs/ARCHITECTURE.md true: every source file is a room on a floor, and a room may
//! import only from rooms on lower floors — so no import runs back up and no circle can form.
//!
//! The check reads the code as text: `crate::…`, `super::…` and `self::…` paths (in `use`
//! trees and inline), resolved to the room (file) that defines the module they name.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const DOC: &str = "docs/ARCHITECTURE.md";

/// One section of the document: a crate root and its rooms by floor.
struct Section {
    root: String,
    /// Room path relative to the root (e.g. `draft/date.rs`) → (floor, line in the document).
    rooms: BTreeMap<String, (u32, usize)>,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Sections are `## ` headings naming a root folder in backticks (`src/`), followed by a
/// table `| floor | room | job |`.
fn sections(doc: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for (i, line) in doc.lines().enumerate() {
        if let Some(head) = line.strip_prefix("## ") {
            let root = head
                .split('`')
                .nth(1)
                .filter(|r| r.ends_with('/'))
                .map(str::to_owned);
            if let Some(root) = root {
                out.push(Section {
                    root,
                    rooms: BTreeMap::new(),
                });
            }
            continue;
        }
        let Some(section) = out.last_mut() else {
            continue;
        };
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        if !line.trim_start().starts_with('|') || cells.len() < 3 {
            continue;
        }
        let Ok(floor) = cells[0].parse::<u32>() else {
            continue; // the header or the separator row
        };
        let room = cells[1].trim_matches('`').to_owned();
        let clash = section.rooms.insert(room.clone(), (floor, i + 1));
        assert!(clash.is_none(), "{DOC}:{}: room {room} listed twice", i + 1);
    }
    out
}

/// Every `.rs` file under `dir`, relative to `root`, leaving out folders that are the
/// roots of other sections (src/bin/onshi/ is a crate of its own inside src/).
fn rust_files(root: &Path, dir: &Path, other_roots: &BTreeSet<PathBuf>, out: &mut Vec<String>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if !other_roots.contains(&path) {
                rust_files(root, &path, other_roots, out);
            }
        } else if path.extension().is_some_and(|x| x == "rs") {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push(rel);
        }
    }
}

/// The module path of a room: `lib.rs`/`main.rs` → [], `a.rs`/`a/mod.rs` → [a], `a/b.rs` → [a, b].
fn module_of(room: &str) -> Vec<String> {
    let stem = room.strip_suffix(".rs").unwrap();
    let mut parts: Vec<String> = stem.split('/').map(str::to_owned).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The code without comments, and with the inside of every string and character literal
/// blanked (lines kept): doc links and text are not imports, and a `{` in `"{x}"` or `'{'`
/// does not open a block.
fn code_only(src: &str) -> String {
    let s = src.as_bytes();
    let mut out = Vec::with_capacity(s.len());
    let blank = |out: &mut Vec<u8>, b: u8| out.push(if b == b'\n' { b'\n' } else { b' ' });
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if rest.starts_with(b"//") {
            while i < s.len() && s[i] != b'\n' {
                i += 1;
            }
        } else if rest.starts_with(b"/*") {
            // Block comments nest in Rust.
            let mut depth = 0;
            while i < s.len() {
                if s[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if s[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, s[i]);
                    i += 1;
                }
            }
        } else if s[i] == b'r'
            && (i == 0 || !ident(s[i - 1]) || (s[i - 1] == b'b' && (i < 2 || !ident(s[i - 2]))))
            && rest[1..]
                .iter()
                .position(|&b| b != b'#')
                .is_some_and(|n| rest[1 + n] == b'"')
        {
            // A raw string r#"…"#: it ends at a quote followed by as many hashes.
            let hashes = rest[1..].iter().take_while(|&&b| b == b'#').count();
            let end: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat(b'#').take(hashes))
                .collect();
            out.extend_from_slice(&rest[..hashes + 2]);
            i += hashes + 2;
            while i < s.len() && !s[i..].starts_with(&end) {
                blank(&mut out, s[i]);
                i += 1;
            }
            out.extend_from_slice(&end);
            i += end.len();
        } else if s[i] == b'"' {
            out.push(b'"');
            i += 1;
            while i < s.len() && s[i] != b'"' {
                let n = if s[i] == b'\\' { 2 } else { 1 };
                for &b in &s[i..(i + n).min(s.len())] {
                    blank(&mut out, b);
                }
                i += n;
            }
            out.push(b'"');
            i += 1;
        } else if s[i] == b'\'' {
            // A character literal ('x', '\n', '日') or a lifetime / label ('a).
            let len = match s.get(i + 1) {
                Some(b'\\') => s[i + 2..].iter().position(|&b| b == b'\'').map(|n| n + 3),
                Some(_) => {
                    let c = src[i + 1..].chars().next().map_or(1, char::len_utf8);
                    (s.get(i + 1 + c) == Some(&b'\'')).then_some(c + 2)
                }
                None => None,
            };
            match len {
                Some(n) => {
                    out.push(b'\'');
                    out.extend(std::iter::repeat(b' ').take(n - 2));
                    out.push(b'\'');
                    i += n;
                }
                None => {
                    out.push(b'\'');
                    i += 1;
                }
            }
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("only whole characters are copied or blanked")
}

fn ident_at(s: &[u8], mut i: usize) -> (String, usize) {
    let start = i;
    while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'_') {
        i += 1;
    }
    (String::from_utf8_lossy(&s[start..i]).into_owned(), i)
}

fn skip_ws(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && s[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Parses a path or use tree at `i` (just after `crate::`, `super::` or `self::`), pushing
/// every full path it names onto `out` (each prefixed with `prefix`). Returns the end.
fn use_tree(s: &[u8], mut i: usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    let mut path = prefix;
    loop {
        i = skip_ws(s, i);
        if i < s.len() && s[i] == b'{' {
            i += 1;
            loop {
                i = skip_ws(s, i);
                if i >= s.len() {
                    return i;
                }
                if s[i] == b'}' {
                    return i + 1;
                }
                if s[i] == b',' {
                    i += 1;
                    continue;
                }
                let before = i;
                i = use_tree(s, i, path.clone(), out);
                if i == before {
                    i += 1; // not a path (a stray character): step over it
                }
            }
        }
        if i < s.len() && s[i] == b'*' {
            out.push(path);
            return i + 1;
        }
        let (name, end) = ident_at(s, i);
        if name.is_empty() {
            out.push(path);
            return i;
        }
        i = end;
        match name.as_str() {
            "self" => {}
            "super" => {
                path.pop();
            }
            _ => path.push(name),
        }
        if s[i..].starts_with(b"::") {
            i += 2;
        } else {
            out.push(path);
            return i;
        }
    }
}

/// Every module path the file at `room` refers to, as absolute module paths. Inside an
/// inline `mod name { … }` (the unit tests), `self` and `super` start from that module.
fn references(room: &str, src: &str) -> Vec<Vec<String>> {
    let code = code_only(src);
    let s = code.as_bytes();
    let mut here = module_of(room);
    // The inline modules we are in, each with the depth of braces its body opens.
    let mut inline: Vec<usize> = Vec::new();
    let mut depth = 0;
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let boundary =
            i == 0 || !(s[i - 1].is_ascii_alphanumeric() || s[i - 1] == b'_' || s[i - 1] == b':');
        let rest = &s[i..];
        match s[i] {
            b'{' => depth += 1,
            b'}' => {
                if inline.last() == Some(&depth) {
                    inline.pop();
                    here.pop();
                }
                depth -= 1;
            }
            _ => {}
        }
        if boundary && rest.starts_with(b"mod") && rest.get(3).is_some_and(u8::is_ascii_whitespace)
        {
            let (name, end) = ident_at(s, skip_ws(s, i + 3));
            let open = skip_ws(s, end);
            if !name.is_empty() && s.get(open) == Some(&b'{') {
                here.push(name);
                inline.push(depth + 1);
                depth += 1;
                i = open + 1;
                continue;
            }
        }
        let base = if !boundary {
            None
        } else if rest.starts_with(b"crate::") {
            Some((Vec::new(), 7))
        } else if rest.starts_with(b"super::") {
            Some((here[..here.len().saturating_sub(1)].to_vec(), 7))
        } else if rest.starts_with(b"self::") {
            Some((here.clone(), 6))
        } else {
            None
        };
        match base {
            Some((prefix, skip)) => i = use_tree(s, i + skip, prefix, &mut out),
            None => i += 1,
        }
    }
    out
}

/// The room that defines the longest prefix of `path` that is a room's module.
fn resolve<'a>(path: &[String], modules: &'a BTreeMap<Vec<String>, String>) -> Option<&'a String> {
    (0..=path.len()).rev().find_map(|n| modules.get(&path[..n]))
}

#[test]
fn every_room_imports_only_from_lower_floors() {
    let repo = repo();
    let doc = fs::read_to_string(repo.join(DOC)).unwrap_or_else(|e| panic!("{DOC}: {e}"));
    let sections = sections(&doc);
    let roots: BTreeSet<PathBuf> = sections.iter().map(|s| repo.join(&s.root)).collect();
    assert!(
        sections.iter().any(|s| s.root == "src/")
            && sections.iter().any(|s| s.root == "src-tauri/src/"),
        "{DOC}: needs a section for `src/` and one for `src-tauri/src/`"
    );
    let mut problems = Vec::new();
    for section in &sections {
        let root = repo.join(&section.root);
        if section.rooms.is_empty() {
            problems.push(format!(
                "{DOC}: the section for `{}` lists no rooms",
                section.root
            ));
            continue;
        }
        let others: BTreeSet<PathBuf> = roots.iter().filter(|r| **r != root).cloned().collect();
        let mut files = Vec::new();
        rust_files(&root, &root, &others, &mut files);
        for f in &files {
            if !section.rooms.contains_key(f) {
                problems.push(format!(
                    "{}{f}: not in {DOC}; add it to the table of `{}` with its floor and job",
                    section.root, section.root
                ));
            }
        }
        for (room, (_, line)) in &section.rooms {
            if !files.contains(room) {
                problems.push(format!(
                    "{DOC}:{line}: {}{room} does not exist",
                    section.root
                ));
            }
        }
        let modules: BTreeMap<Vec<String>, String> =
            files.iter().map(|f| (module_of(f), f.clone())).collect();
        for f in &files {
            let Some(&(floor, _)) = section.rooms.get(f) else {
                continue;
            };
            let src = fs::read_to_string(root.join(f)).unwrap();
            let mut seen = BTreeSet::new();
            for path in references(f, &src) {
                let Some(target) = resolve(&path, &modules) else {
                    continue;
                };
                if target == f || !seen.insert((target.clone(), path.join("::"))) {
                    continue;
                }
                let Some(&(to, _)) = section.rooms.get(target) else {
                    continue;
                };
                if to >= floor {
                    problems.push(format!(
                        "{}{f} (floor {floor}) uses {} from {}{target} (floor {to}): an import must go down; \
                         move what both need into a room below both",
                        section.root,
                        path.join("::"),
                        section.root
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn the_reader_sees_use_trees_and_inline_paths() {
    let src = "use crate::{a::X, b::{c::Y, self}, d};\nfn f() { crate::e::g(); super::h::I; }\n// crate::z is a comment\n";
    let mut got: Vec<String> = references("m/n.rs", src)
        .iter()
        .map(|p| p.join("::"))
        .collect();
    got.sort();
    assert_eq!(got, ["a::X", "b", "b::c::Y", "d", "e::g", "m::h::I"]);
}

#[test]
fn the_reader_knows_inline_modules_strings_and_characters() {
    let src = r##"use super::x::A;
fn f() { let _ = ("{", '{', "crate::in_a_string", r#"}"#, b'}', '\'', '日'); }
/* crate::in_a_block /* nested */ comment */
#[cfg(test)]
mod tests {
    use super::*;
    use crate::y::B;
    fn g<'a>(s: &'a str) -> &'a str { s }
    mod deeper { use super::super::C; }
}
fn h() { self::D; super::E; }
"##;
    let mut got: Vec<String> = references("m/n.rs", src)
        .iter()
        .map(|p| p.join("::"))
        .collect();
    got.sort();
    assert_eq!(
        got,
        ["m::E", "m::n", "m::n::C", "m::n::D", "m::x::A", "y::B"]
    );
}
