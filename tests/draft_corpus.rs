//! `onshi draft` on notice texts it was not written against: every text of
//! tests/fixtures/draft/corpus/ gives exactly the windows, areas and kinds its `.expect.toml`
//! names (and marks exactly the fields named there as 要確認); no window is given a
//! prefecture that the line its area comes from does not name; and each draft is a notice
//! file the app reads to the same windows.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use common::fixture;
use onshi::draft::{self, Draft, DraftWindow, Scope};
use onshi::{Notice, Prefecture};

/// Every corpus text (`NAME.txt`) with its expectation (`NAME.expect.toml`), by name.
fn corpus() -> Vec<(String, PathBuf, toml::Table)> {
    let dir = fixture("draft/corpus");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let texts: Vec<&str> = names
        .iter()
        .filter_map(|n| n.strip_suffix(".txt"))
        .collect();
    for n in &names {
        if let Some(stem) = n.strip_suffix(".expect.toml") {
            assert!(texts.contains(&stem), "{n}: no {stem}.txt beside it");
        }
    }
    texts
        .iter()
        .map(|stem| {
            let path = dir.join(format!("{stem}.expect.toml"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{stem}.txt needs {}: {e}", path.display()));
            let want: toml::Table = toml::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not TOML: {e}", path.display()));
            (stem.to_string(), dir.join(format!("{stem}.txt")), want)
        })
        .collect()
}

/// The text as `onshi draft` reads it, with the bytes checked: a `-sjis` text must be
/// Shift_JIS (not UTF-8).
fn text_of(name: &str, path: &PathBuf) -> String {
    let bytes = std::fs::read(path).unwrap();
    if name.contains("sjis") {
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "{name}: must be saved as CP932 (Shift_JIS), not UTF-8"
        );
    }
    draft::decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn strs(v: Option<&toml::Value>) -> Vec<String> {
    v.and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().expect("a list of strings").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn prefs(names: &[String]) -> Vec<Prefecture> {
    names
        .iter()
        .map(|n| Prefecture::parse(n).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

/// Differences between a draft and its expectation, one line each.
struct Diff<'a> {
    name: &'a str,
    out: Vec<String>,
}

impl Diff<'_> {
    fn eq<T: PartialEq + std::fmt::Debug>(&mut self, what: &str, got: T, want: T) {
        if got != want {
            self.out.push(format!(
                "{}: {what}: got {got:?}, expected {want:?}",
                self.name
            ));
        }
    }
}

fn time(v: &toml::Value) -> String {
    v.as_datetime()
        .map(|d| d.to_string())
        .unwrap_or_else(|| panic!("not a date-time: {v}"))
}

fn scope_of(want: &toml::Table) -> Scope {
    if want.get("nationwide").and_then(|v| v.as_bool()) == Some(true) {
        Scope::Nationwide
    } else if let Some(r) = want.get("region").and_then(|v| v.as_str()) {
        Scope::Region(r.to_string())
    } else {
        Scope::Prefectures(prefs(&strs(want.get("prefectures"))))
    }
}

fn window_review(w: &DraftWindow) -> Vec<String> {
    [
        ("kind", w.kind.needs_review),
        ("start", w.start.needs_review),
        ("end", w.end.needs_review),
        ("scope", w.scope.needs_review),
        (
            "affects",
            w.affects.as_ref().is_some_and(|a| a.needs_review),
        ),
        ("cancelled", w.cancelled.needs_review),
    ]
    .iter()
    .filter(|(_, b)| *b)
    .map(|(k, _)| k.to_string())
    .collect()
}

fn compare(d: &Draft, want: &toml::Table, diff: &mut Diff) {
    let n = want["notice"].as_table().expect("[notice]");
    diff.eq(
        "title",
        d.title.value.as_str(),
        n["title"].as_str().unwrap(),
    );
    diff.eq(
        "issuer",
        d.issuer.value.as_str(),
        n["issuer"].as_str().unwrap(),
    );
    diff.eq(
        "issued",
        d.issued.as_ref().map(|f| f.value.to_string()),
        Some(n["issued"].as_datetime().unwrap().to_string()),
    );
    diff.eq(
        "service",
        d.service.value.as_str(),
        n["service"].as_str().unwrap(),
    );
    diff.eq(
        "revision",
        d.revision.as_ref().map(|r| i64::from(r.value)),
        n.get("revision").and_then(|v| v.as_integer()),
    );
    let review: Vec<String> = [
        ("title", d.title.needs_review),
        ("issuer", d.issuer.needs_review),
        (
            "issued",
            !d.issued.as_ref().is_some_and(|f| !f.needs_review),
        ),
        ("service", d.service.needs_review),
        (
            "revision",
            d.revision.as_ref().is_some_and(|r| r.needs_review),
        ),
    ]
    .iter()
    .filter(|(_, b)| *b)
    .map(|(k, _)| k.to_string())
    .collect();
    diff.eq("notice 要確認", review, strs(n.get("review")));
    diff.eq(
        "notes (ranges not used)",
        d.notes.clone(),
        strs(n.get("notes")),
    );

    let regions: Vec<(String, String, usize, Vec<Prefecture>)> = d
        .regions
        .iter()
        .map(|r| (r.id.clone(), r.name.clone(), r.line, r.prefectures.clone()))
        .collect();
    let want_regions: Vec<(String, String, usize, Vec<Prefecture>)> = want
        .get("region")
        .and_then(|v| v.as_array())
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["name"].as_str().unwrap().to_string(),
                r["line"].as_integer().unwrap() as usize,
                prefs(&strs(r.get("prefectures"))),
            )
        })
        .collect();
    diff.eq("regions", regions, want_regions);

    let windows: &[toml::Value] = want
        .get("window")
        .and_then(|v| v.as_array())
        .map(|a| a.as_slice())
        .unwrap_or_default();
    diff.eq("number of windows", d.windows.len(), windows.len());
    for (i, (w, e)) in d.windows.iter().zip(windows).enumerate() {
        let e = e.as_table().unwrap();
        let at = format!("window {} (line {})", i + 1, w.line);
        diff.eq(
            &format!("{at}: line"),
            w.line as i64,
            e["line"].as_integer().unwrap(),
        );
        diff.eq(
            &format!("{at}: kind"),
            w.kind.value.code(),
            e["kind"].as_str().unwrap(),
        );
        diff.eq(
            &format!("{at}: start"),
            w.start.value.to_string(),
            time(&e["start"]),
        );
        diff.eq(
            &format!("{at}: end"),
            w.end.value.to_string(),
            time(&e["end"]),
        );
        diff.eq(
            &format!("{at}: may_extend_until"),
            w.may_extend_until.map(|m| m.to_string()),
            e.get("may_extend_until").map(time),
        );
        diff.eq(
            &format!("{at}: tentative"),
            w.tentative,
            e["tentative"].as_bool().unwrap(),
        );
        diff.eq(
            &format!("{at}: cancelled"),
            w.cancelled.value,
            e.get("cancelled")
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
        );
        diff.eq(&format!("{at}: area"), w.scope.value.clone(), scope_of(e));
        diff.eq(
            &format!("{at}: area_line"),
            w.scope_line.map(|l| l as i64),
            e.get("area_line").and_then(|v| v.as_integer()),
        );
        diff.eq(
            &format!("{at}: affects"),
            w.affects.as_ref().map(|a| a.value.as_str()),
            e.get("affects").and_then(|v| v.as_str()),
        );
        diff.eq(
            &format!("{at}: 要確認"),
            window_review(w),
            strs(e.get("review")),
        );
    }
}

/// A test's own reading of what one line of the text names: the notice's areas (as the
/// expectation defines them), prefectures written out, and 全国 (all 47).
fn named_on(line: &str, want: &toml::Table) -> BTreeSet<Prefecture> {
    let line: String = line
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap(),
            c => c,
        })
        .collect();
    let mut out = BTreeSet::new();
    if line.contains("全国") {
        out.extend(Prefecture::all());
    }
    out.extend(Prefecture::all().filter(|p| line.contains(p.name())));
    for r in want
        .get("region")
        .and_then(|v| v.as_array())
        .map(|a| a.as_slice())
        .unwrap_or_default()
    {
        if line.contains(r["name"].as_str().unwrap()) {
            out.extend(prefs(&strs(r.get("prefectures"))));
        }
    }
    out
}

#[test]
fn every_corpus_text_gives_exactly_its_expected_windows_areas_and_kinds() {
    let corpus = corpus();
    assert!(
        corpus.len() >= 20,
        "the corpus holds {} texts; it needs at least 20",
        corpus.len()
    );
    assert!(
        corpus.iter().filter(|(n, _, _)| n.contains("sjis")).count() >= 2,
        "at least two texts must be CP932"
    );
    let mut problems = Vec::new();
    for (name, path, want) in &corpus {
        let d = draft::draft(&text_of(name, path), Some(&format!("corpus-{name}")));
        let mut diff = Diff {
            name,
            out: Vec::new(),
        };
        compare(&d, want, &mut diff);
        if !diff.out.is_empty() {
            diff.out.push(format!("{name}: the draft was\n{}", d.toml));
        }
        problems.extend(diff.out);
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn no_window_is_given_a_prefecture_its_line_or_heading_does_not_name() {
    for (name, path, want) in corpus() {
        let text = text_of(&name, &path);
        let lines: Vec<&str> = text.lines().collect();
        let d = draft::draft(&text, Some("corpus"));
        // Read through the app's own notice reader: the prefectures each window is given.
        let notice = Notice::parse(&d.toml, &name).unwrap_or_else(|e| panic!("{e}\n{}", d.toml));
        let region_lines: Vec<usize> = d.regions.iter().map(|r| r.line).collect();
        for w in &d.windows {
            // The notice lists its windows by time; the draft in the order of the text.
            let given = notice.windows.iter().find(|n| n.id == w.id).unwrap();
            let Some(at) = w.scope_line else {
                assert!(
                    w.scope.needs_review,
                    "{name}: window at line {} has an area from nowhere, unmarked",
                    w.line
                );
                continue;
            };
            let source = lines[at - 1];
            assert!(
                !region_lines.contains(&at) && !source.contains("エリアの詳細"),
                "{name}: window at line {} takes its area from the definition on line {at}: {source}",
                w.line
            );
            let named = named_on(source, &want);
            let beyond: Vec<&str> = given
                .area
                .prefectures
                .iter()
                .filter(|p| !named.contains(p))
                .map(|p| p.name())
                .collect();
            assert!(
                beyond.is_empty(),
                "{name}: window at line {} is given {beyond:?}, which line {at} does not name: {source}",
                w.line
            );
            assert!(
                !given.area.prefectures.is_empty(),
                "{name}: window at line {} hits no prefecture",
                w.line
            );
        }
        assert_eq!(notice.windows.len(), d.windows.len(), "{name}");
    }
}

#[test]
fn each_draft_is_a_notice_file_with_the_expected_windows() {
    for (name, path, want) in corpus() {
        let d = draft::draft(&text_of(&name, &path), Some("corpus"));
        let n = Notice::parse(&d.toml, &name).unwrap_or_else(|e| panic!("{name}: {e}\n{}", d.toml));
        let windows = want["window"].as_array().unwrap();
        assert_eq!(n.windows.len(), windows.len(), "{name}");
        for (w, e) in d.windows.iter().zip(windows) {
            let got = n.windows.iter().find(|n| n.id == w.id).unwrap();
            assert_eq!(
                onshi::time::rfc3339_jst(got.start),
                time(&e["start"]),
                "{name}"
            );
            assert_eq!(onshi::time::rfc3339_jst(got.end), time(&e["end"]), "{name}");
            assert_eq!(
                got.cancelled,
                e.get("cancelled")
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false),
                "{name}"
            );
            // The area as the app will use it, against the expectation's.
            let want_prefs: BTreeSet<Prefecture> = match scope_of(e.as_table().unwrap()) {
                Scope::Nationwide => Prefecture::all().collect(),
                Scope::Prefectures(p) => p.into_iter().collect(),
                Scope::Region(id) => want["region"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|r| r["id"].as_str() == Some(&id))
                    .map(|r| prefs(&strs(r.get("prefectures"))).into_iter().collect())
                    .unwrap_or_default(),
            };
            let got_prefs: BTreeSet<Prefecture> = got.area.prefectures.iter().copied().collect();
            assert_eq!(got_prefs, want_prefs, "{name}: line {}", e["line"]);
        }
    }
}
