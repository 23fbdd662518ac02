//! All 47 prefectures resolve by every accepted spelling; anything else is an error
//! that says what is accepted.

use onshi::Prefecture;

/// JIS X 0401, written out here independently of src/prefecture.rs.
const JIS: [(u8, &str, &str, &str); 47] = [
    (1, "北海道", "北海道", "hokkaido"),
    (2, "青森県", "青森", "aomori"),
    (3, "岩手県", "岩手", "iwate"),
    (4, "宮城県", "宮城", "miyagi"),
    (5, "秋田県", "秋田", "akita"),
    (6, "山形県", "山形", "yamagata"),
    (7, "福島県", "福島", "fukushima"),
    (8, "茨城県", "茨城", "ibaraki"),
    (9, "栃木県", "栃木", "tochigi"),
    (10, "群馬県", "群馬", "gunma"),
    (11, "埼玉県", "埼玉", "saitama"),
    (12, "千葉県", "千葉", "chiba"),
    (13, "東京都", "東京", "tokyo"),
    (14, "神奈川県", "神奈川", "kanagawa"),
    (15, "新潟県", "新潟", "niigata"),
    (16, "富山県", "富山", "toyama"),
    (17, "石川県", "石川", "ishikawa"),
    (18, "福井県", "福井", "fukui"),
    (19, "山梨県", "山梨", "yamanashi"),
    (20, "長野県", "長野", "nagano"),
    (21, "岐阜県", "岐阜", "gifu"),
    (22, "静岡県", "静岡", "shizuoka"),
    (23, "愛知県", "愛知", "aichi"),
    (24, "三重県", "三重", "mie"),
    (25, "滋賀県", "滋賀", "shiga"),
    (26, "京都府", "京都", "kyoto"),
    (27, "大阪府", "大阪", "osaka"),
    (28, "兵庫県", "兵庫", "hyogo"),
    (29, "奈良県", "奈良", "nara"),
    (30, "和歌山県", "和歌山", "wakayama"),
    (31, "鳥取県", "鳥取", "tottori"),
    (32, "島根県", "島根", "shimane"),
    (33, "岡山県", "岡山", "okayama"),
    (34, "広島県", "広島", "hiroshima"),
    (35, "山口県", "山口", "yamaguchi"),
    (36, "徳島県", "徳島", "tokushima"),
    (37, "香川県", "香川", "kagawa"),
    (38, "愛媛県", "愛媛", "ehime"),
    (39, "高知県", "高知", "kochi"),
    (40, "福岡県", "福岡", "fukuoka"),
    (41, "佐賀県", "佐賀", "saga"),
    (42, "長崎県", "長崎", "nagasaki"),
    (43, "熊本県", "熊本", "kumamoto"),
    (44, "大分県", "大分", "oita"),
    (45, "宮崎県", "宮崎", "miyazaki"),
    (46, "鹿児島県", "鹿児島", "kagoshima"),
    (47, "沖縄県", "沖縄", "okinawa"),
];

fn capitalized(s: &str) -> String {
    s[..1].to_ascii_uppercase() + &s[1..]
}

#[test]
fn every_prefecture_by_every_spelling() {
    for (code, name, short, romaji) in JIS {
        let spellings = [
            code.to_string(),
            format!("{code:02}"),
            name.to_string(),
            short.to_string(),
            romaji.to_string(),
            capitalized(romaji),
            romaji.to_ascii_uppercase(),
            format!("  {name} "),
        ];
        for s in &spellings {
            let p = Prefecture::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"));
            assert_eq!(p.code(), code, "{s:?}");
            assert_eq!(s.parse::<Prefecture>().unwrap(), p, "FromStr {s:?}");
        }
        let p = Prefecture::from_code(code).unwrap();
        assert_eq!(p.name(), name);
        assert_eq!(p.short_name(), short);
        assert_eq!(p.romaji(), romaji);
        assert_eq!(p.name_en(), capitalized(romaji));
        assert_eq!(p.to_string(), name);
    }
}

#[test]
fn all_is_the_47_in_code_order() {
    let all: Vec<u8> = Prefecture::all().map(|p| p.code()).collect();
    assert_eq!(all, (1..=47).collect::<Vec<u8>>());
    assert_eq!(Prefecture::all().len(), 47);
}

#[test]
fn the_examples_from_the_issue() {
    for s in ["40", "福岡県", "福岡", "fukuoka", "Fukuoka"] {
        assert_eq!(Prefecture::parse(s).unwrap().name(), "福岡県", "{s}");
    }
    assert_eq!(Prefecture::parse("01").unwrap().name(), "北海道");
    assert_eq!(Prefecture::parse("13").unwrap().name(), "東京都");
    assert_eq!(Prefecture::parse("Tokyo-to").unwrap().name(), "東京都");
    assert_eq!(Prefecture::parse("Kyoto-fu").unwrap().name(), "京都府");
}

#[test]
fn serde_reads_a_number_or_any_spelling_and_writes_code_and_name() {
    let from_number: Prefecture = serde_json::from_str("40").unwrap();
    let from_text: Prefecture = serde_json::from_str("\"40\"").unwrap();
    let from_romaji: Prefecture = serde_json::from_str("\"Fukuoka\"").unwrap();
    assert_eq!(from_number.code(), 40);
    assert_eq!(from_text, from_number);
    assert_eq!(from_romaji, from_number);
    assert_eq!(
        serde_json::to_value(from_number).unwrap(),
        serde_json::json!({"code": 40, "name": "福岡県", "name_en": "Fukuoka"})
    );
    assert!(serde_json::from_str::<Prefecture>("48").is_err());
    assert!(serde_json::from_str::<Prefecture>("\"nowhere\"").is_err());
}

#[test]
fn unknown_input_is_an_error_that_says_what_is_accepted() {
    for bad in [
        "",
        " ",
        "0",
        "00",
        "48",
        "-1",
        "4.0",
        "nowhere",
        "福",
        "福岡市",
        "東京府",
        "fukuoka city",
        "ｆｕｋｕｏｋａ",
        "Fukuokaa",
    ] {
        let err = Prefecture::parse(bad).expect_err(bad);
        let msg = err.to_string();
        assert!(msg.contains(&format!("{bad:?}")), "names the input: {msg}");
        for accepted in ["1–47", "福岡県", "福岡", "fukuoka"] {
            assert!(
                msg.contains(accepted),
                "{bad:?}: {msg} should mention {accepted}"
            );
        }
        assert!(!msg.contains('\n'), "one line: {msg}");
    }
}
