//! Why a notice file cannot be used, in Japanese: every broken fixture read for real, its
//! Japanese label naming FILE:LINE:COLUMN, the line and column in words, what is wrong and
//! what to do, the English kept; the English label exactly as `onshi check` prints it.

use std::path::Path;

use onshi::{Lang, Notice};

fn broken(name: &str) -> onshi::notice::NoticeError {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/broken")
        .join(name);
    Notice::from_file(&path).expect_err(name)
}

#[test]
fn every_broken_fixture_is_told_in_japanese_with_where_and_what_to_do() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let e = broken(&name);
        let ja = e.label(Lang::Ja);
        let place = format!(
            "{}:{}:{}: {}行目{}文字目: ",
            e.file, e.line, e.column, e.line, e.column
        );
        assert!(ja.starts_with(&place), "{name}: {ja}");
        assert_ne!(
            e.message_ja(),
            "このお知らせファイルは使えません",
            "{name}: {}",
            e.message
        );
        assert!(ja.contains("直してから"), "{name}: {ja}");
        assert!(ja.contains(&e.message), "{name}: the English is kept: {ja}");
        // Other tools parse the English form: it is Display, unchanged.
        assert_eq!(e.label(Lang::En), e.to_string(), "{name}");
        seen += 1;
    }
    assert!(seen >= 10, "{seen} fixtures");
}

#[test]
fn each_kind_of_mistake_reads_as_what_it_is() {
    let cases = [
        (
            "unknown-kind.toml",
            "「outage」は使えない値です。次のどれかにしてください: full",
        ),
        (
            "unknown-key.toml",
            "「colour」という項目はここでは使えません",
        ),
        ("end-before-start.toml", "終了は開始より後にしてください"),
        (
            "no-offset.toml",
            "「2025-01-20T03:00:00」は時差の付いた日時ではありません",
        ),
        ("utc-offset.toml", "は日本時間ではありません"),
        (
            "unknown-prefecture.toml",
            "都道府県「福丘県」が分かりません",
        ),
        (
            "unknown-region.toml",
            "地域「north」は定義されていません。[region.north] を書くか",
        ),
        ("duplicate-id.toml", "が2回使われています"),
        ("bad-syntax.toml", "TOML の書き方が正しくありません"),
    ];
    for (name, want) in cases {
        let ja = broken(name).message_ja();
        assert!(ja.contains(want), "{name}: {ja}");
        assert!(!ja.contains('`'), "{name}: {ja}");
    }
}

#[test]
fn a_message_never_seen_before_is_still_japanese_first() {
    let e = onshi::notice::NoticeError {
        file: "x.toml".into(),
        line: 0,
        column: 0,
        message: "something new went wrong".into(),
    };
    assert_eq!(
        e.label(Lang::Ja),
        "x.toml: このお知らせファイルは使えません。ファイルのその箇所を直してから、もう一度お試しください（something new went wrong）"
    );
    assert_eq!(e.label(Lang::En), "x.toml: something new went wrong");
}
