//! The 47 prefectures of Japan, by JIS X 0401 code.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One of the 47 prefectures (都道府県), identified by its JIS X 0401 code (1 = 北海道 … 47 = 沖縄県).
///
/// A `Prefecture` is always valid: the only ways to get one are [`Prefecture::from_code`],
/// [`Prefecture::parse`] and [`Prefecture::all`].
///
/// ```
/// use onshi::Prefecture;
/// let p: Prefecture = "福岡".parse().unwrap();
/// assert_eq!(p.code(), 40);
/// assert_eq!(p.name(), "福岡県");
/// assert_eq!("fukuoka".parse::<Prefecture>().unwrap(), p);
/// assert_eq!("40".parse::<Prefecture>().unwrap(), p);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Prefecture(u8);

/// (Japanese name, short name, romaji) in JIS X 0401 order; index + 1 is the code.
const TABLE: [(&str, &str, &str); 47] = [
    ("北海道", "北海道", "hokkaido"),
    ("青森県", "青森", "aomori"),
    ("岩手県", "岩手", "iwate"),
    ("宮城県", "宮城", "miyagi"),
    ("秋田県", "秋田", "akita"),
    ("山形県", "山形", "yamagata"),
    ("福島県", "福島", "fukushima"),
    ("茨城県", "茨城", "ibaraki"),
    ("栃木県", "栃木", "tochigi"),
    ("群馬県", "群馬", "gunma"),
    ("埼玉県", "埼玉", "saitama"),
    ("千葉県", "千葉", "chiba"),
    ("東京都", "東京", "tokyo"),
    ("神奈川県", "神奈川", "kanagawa"),
    ("新潟県", "新潟", "niigata"),
    ("富山県", "富山", "toyama"),
    ("石川県", "石川", "ishikawa"),
    ("福井県", "福井", "fukui"),
    ("山梨県", "山梨", "yamanashi"),
    ("長野県", "長野", "nagano"),
    ("岐阜県", "岐阜", "gifu"),
    ("静岡県", "静岡", "shizuoka"),
    ("愛知県", "愛知", "aichi"),
    ("三重県", "三重", "mie"),
    ("滋賀県", "滋賀", "shiga"),
    ("京都府", "京都", "kyoto"),
    ("大阪府", "大阪", "osaka"),
    ("兵庫県", "兵庫", "hyogo"),
    ("奈良県", "奈良", "nara"),
    ("和歌山県", "和歌山", "wakayama"),
    ("鳥取県", "鳥取", "tottori"),
    ("島根県", "島根", "shimane"),
    ("岡山県", "岡山", "okayama"),
    ("広島県", "広島", "hiroshima"),
    ("山口県", "山口", "yamaguchi"),
    ("徳島県", "徳島", "tokushima"),
    ("香川県", "香川", "kagawa"),
    ("愛媛県", "愛媛", "ehime"),
    ("高知県", "高知", "kochi"),
    ("福岡県", "福岡", "fukuoka"),
    ("佐賀県", "佐賀", "saga"),
    ("長崎県", "長崎", "nagasaki"),
    ("熊本県", "熊本", "kumamoto"),
    ("大分県", "大分", "oita"),
    ("宮崎県", "宮崎", "miyazaki"),
    ("鹿児島県", "鹿児島", "kagoshima"),
    ("沖縄県", "沖縄", "okinawa"),
];

impl Prefecture {
    /// All 47, in code order.
    pub fn all() -> impl ExactSizeIterator<Item = Prefecture> + Clone {
        (1..=47u8).map(Prefecture)
    }

    /// The prefecture with this JIS X 0401 code, or `None` outside 1–47.
    pub fn from_code(code: u8) -> Option<Prefecture> {
        (1..=47).contains(&code).then_some(Prefecture(code))
    }

    /// Parses a code (`40`, `"40"`, `"01"`), a Japanese name (`福岡県`), a short name
    /// (`福岡`) or a romaji name in any case (`fukuoka`, `Fukuoka`, `FUKUOKA`).
    /// Surrounding white space is ignored.
    ///
    /// # Errors
    /// [`UnknownPrefecture`], whose message says what is accepted.
    pub fn parse(input: &str) -> Result<Prefecture, UnknownPrefecture> {
        let s = input.trim();
        let unknown = || UnknownPrefecture(input.to_string());
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            return s
                .parse::<u8>()
                .ok()
                .and_then(Prefecture::from_code)
                .ok_or_else(unknown);
        }
        let lower = s.to_ascii_lowercase();
        // "-ken"/"-fu"/"-to" suffixes are common in romaji input ("Fukuoka-ken", "Tokyo-to").
        let romaji = ["-ken", " ken", "-fu", " fu", "-to", " to"]
            .iter()
            .find_map(|suffix| lower.strip_suffix(suffix))
            .unwrap_or(&lower);
        TABLE
            .iter()
            .position(|(name, short, roma)| *name == s || *short == s || *roma == romaji)
            .map(|i| Prefecture(i as u8 + 1))
            .ok_or_else(unknown)
    }

    /// JIS X 0401 code, 1–47.
    pub fn code(self) -> u8 {
        self.0
    }

    /// Full Japanese name: 北海道, 東京都, 京都府, 福岡県.
    pub fn name(self) -> &'static str {
        TABLE[self.index()].0
    }

    /// Japanese name without 都/府/県: 東京, 福岡 (北海道 stays 北海道).
    pub fn short_name(self) -> &'static str {
        TABLE[self.index()].1
    }

    /// Lower-case romaji: `fukuoka`.
    pub fn romaji(self) -> &'static str {
        TABLE[self.index()].2
    }

    /// English display name: `Fukuoka`.
    pub fn name_en(self) -> String {
        let r = self.romaji();
        r[..1].to_ascii_uppercase() + &r[1..]
    }

    fn index(self) -> usize {
        usize::from(self.0 - 1)
    }
}

impl fmt::Display for Prefecture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Prefecture {
    type Err = UnknownPrefecture;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Prefecture::parse(s)
    }
}

/// Serialized as `{"code": 40, "name": "福岡県", "name_en": "Fukuoka"}`.
impl Serialize for Prefecture {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Prefecture", 3)?;
        st.serialize_field("code", &self.code())?;
        st.serialize_field("name", self.name())?;
        st.serialize_field("name_en", &self.name_en())?;
        st.end()
    }
}

/// Deserialized from a code (`40`) or any spelling [`Prefecture::parse`] accepts.
impl<'de> Deserialize<'de> for Prefecture {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Code(u64),
            Text(String),
        }
        let parsed = match Raw::deserialize(d)? {
            Raw::Code(c) => u8::try_from(c)
                .ok()
                .and_then(Prefecture::from_code)
                .ok_or_else(|| UnknownPrefecture(c.to_string())),
            Raw::Text(t) => Prefecture::parse(&t),
        };
        parsed.map_err(serde::de::Error::custom)
    }
}

/// The input matched no prefecture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPrefecture(pub String);

impl fmt::Display for UnknownPrefecture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown prefecture {:?} (都道府県が分かりません): give a JIS code 1–47, a name such as 福岡県 or 福岡, or romaji such as fukuoka",
            self.0
        )
    }
}

impl std::error::Error for UnknownPrefecture {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_line_up_with_jis_order() {
        assert_eq!(Prefecture::from_code(1).unwrap().name(), "北海道");
        assert_eq!(Prefecture::from_code(13).unwrap().name(), "東京都");
        assert_eq!(Prefecture::from_code(47).unwrap().name(), "沖縄県");
        assert!(Prefecture::from_code(0).is_none());
        assert!(Prefecture::from_code(48).is_none());
    }

    #[test]
    fn rejects_what_is_not_a_prefecture() {
        for bad in ["", "0", "48", "999", "福", "Fukuoka city", "東京府"] {
            let err = Prefecture::parse(bad).unwrap_err();
            assert!(err.to_string().contains("1–47"), "{bad}: {err}");
        }
    }

    #[test]
    fn romaji_suffixes_and_case() {
        assert_eq!(Prefecture::parse("Tokyo-to").unwrap().code(), 13);
        assert_eq!(Prefecture::parse(" OSAKA ").unwrap().code(), 27);
        assert_eq!(Prefecture::parse("01").unwrap().code(), 1);
    }
}
