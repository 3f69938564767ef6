//! Language tags (BCP 47) and text direction.
//!
//! Tags are matched case-insensitively, as BCP 47 requires (`zh-hant` is `zh-Hant`), and kept in
//! their canonical casing for output (`lang="zh-Hant"`).

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// A syntactically valid BCP 47 language tag in canonical case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct LanguageTag(String);

impl LanguageTag {
    /// Parses a tag such as `zh-Hans`, `en`, `ug`, `zh_hant`; `None` when it is not a tag.
    pub(crate) fn parse(raw: &str) -> Option<LanguageTag> {
        let mut out = Vec::new();
        for (i, sub) in raw.split(['-', '_']).enumerate() {
            let valid = !sub.is_empty() && sub.len() <= 8 && sub.chars().all(|c| c.is_ascii_alphanumeric());
            if !valid {
                return None;
            }
            let canonical = if i == 0 {
                if !(2..=3).contains(&sub.len()) || !sub.chars().all(|c| c.is_ascii_alphabetic()) {
                    return None;
                }
                sub.to_ascii_lowercase()
            } else if sub.len() == 4 && sub.chars().all(|c| c.is_ascii_alphabetic()) {
                let lower = sub.to_ascii_lowercase();
                lower[..1].to_ascii_uppercase() + &lower[1..]
            } else if (sub.len() == 2 && sub.chars().all(|c| c.is_ascii_alphabetic()))
                || (sub.len() == 3 && sub.chars().all(|c| c.is_ascii_digit()))
            {
                sub.to_ascii_uppercase()
            } else {
                sub.to_ascii_lowercase()
            };
            out.push(canonical);
        }
        Some(LanguageTag(out.join("-")))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag (`zh` of `zh-Hant`).
    pub(crate) fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// The tag Kepu uses for a Chinese tag written with a region: `zh-CN` and `zh-SG` are
    /// `zh-Hans`, `zh-TW`, `zh-HK` and `zh-MO` are `zh-Hant` (CLDR's likely subtags). `None` when
    /// the tag is already the one to use.
    pub(crate) fn preferred(&self) -> Option<LanguageTag> {
        if self.primary() != "zh" || self.script().is_some() || !self.0.contains('-') {
            return None;
        }
        let mut id: unic_langid::LanguageIdentifier = self.0.parse().ok()?;
        id.maximize();
        LanguageTag::parse(&format!("zh-{}", id.script?.as_str()))
    }

    /// Why Kepu cannot serve this language yet, if it cannot: Mongolian in the traditional
    /// script (`mn-Mong`, and `mn-CN`, which CLDR writes in it) needs vertical layout, its own
    /// interface strings and fonts, none of which the theme has.
    pub(crate) fn unsupported(&self) -> Option<String> {
        if self.primary() != "mn" {
            return None;
        }
        let mut id: unic_langid::LanguageIdentifier = self.0.parse().ok()?;
        id.maximize();
        (id.script.is_some_and(|s| s.as_str() == "Mong")).then(|| {
            format!(
                "`{self}` is Mongolian in the traditional script, which Kepu cannot lay out yet (it needs vertical \
                 writing, its own interface strings and fonts). Kepu's `mn` is Mongolian in Cyrillic, as written \
                 in Mongolia: write `mn` for Cyrillic pages, or leave the language out for now"
            )
        })
    }

    /// The region the language is most likely written in (CLDR's likely subtags): `CN` for
    /// `zh-Hans`, `bo` and `ug`, `MN` for `mn`, `US` for `en`.
    pub(crate) fn likely_region(&self) -> Option<String> {
        let mut id: unic_langid::LanguageIdentifier = self.0.parse().ok()?;
        id.maximize();
        id.region.map(|r| r.as_str().to_string())
    }

    /// The language as CLDR data (plural rules) looks it up: its primary subtag.
    pub(crate) fn cldr_id(&self) -> Option<unic_langid::LanguageIdentifier> {
        self.primary().parse().ok()
    }

    /// The script subtag, if the tag names one.
    pub(crate) fn script(&self) -> Option<&str> {
        self.0.split('-').skip(1).find(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic()))
    }

    /// The natural text direction of the language's usual script.
    pub(crate) fn direction(&self) -> Direction {
        const RTL_SCRIPTS: &[&str] = &["Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand"];
        const RTL_LANGUAGES: &[&str] = &["ar", "he", "fa", "ur", "ug", "ps", "sd", "ckb", "dv", "yi", "syr"];
        match self.script() {
            Some(script) if RTL_SCRIPTS.contains(&script) => Direction::Rtl,
            Some(_) => Direction::Ltr,
            None if RTL_LANGUAGES.contains(&self.primary()) => Direction::Rtl,
            None => Direction::Ltr,
        }
    }

    /// The form used in URLs and file names: lower case (`zh-hant`).
    pub(crate) fn url_form(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl schemars::JsonSchema for LanguageTag {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LanguageTag".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A BCP 47 language tag: zh-Hans, zh-Hant, en, bo, ug, mn",
            "pattern": "^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$"
        })
    }
}

impl<'de> Deserialize<'de> for LanguageTag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        LanguageTag::parse(&raw).ok_or_else(|| {
            serde::de::Error::custom(format!("`{raw}` is not a BCP 47 language tag (e.g. zh-Hans, en, ug)"))
        })
    }
}

impl Serialize for LanguageTag {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Text direction, as written in the `dir` attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_mongolian_is_refused_and_cyrillic_is_not() {
        let tag = |t: &str| LanguageTag::parse(t).unwrap();
        assert!(tag("mn-Mong").unsupported().is_some_and(|m| m.contains("write `mn`")));
        assert!(tag("mn-CN").unsupported().is_some());
        assert!(tag("mn").unsupported().is_none() && tag("mn-Cyrl").unsupported().is_none());
        assert!(tag("bo").unsupported().is_none());
    }

    #[test]
    fn chinese_regions_name_their_script() {
        let preferred = |t: &str| LanguageTag::parse(t).unwrap().preferred().map(|p| p.to_string());
        assert_eq!(preferred("zh-CN").as_deref(), Some("zh-Hans"));
        assert_eq!(preferred("zh_sg").as_deref(), Some("zh-Hans"));
        assert_eq!(preferred("zh-TW").as_deref(), Some("zh-Hant"));
        assert_eq!(preferred("zh-HK").as_deref(), Some("zh-Hant"));
        assert_eq!(preferred("zh-MO").as_deref(), Some("zh-Hant"));
        assert_eq!(preferred("zh-Hans"), None);
        assert_eq!(preferred("zh"), None);
        assert_eq!(preferred("en-GB"), None);
    }

    #[test]
    fn canonical_case_and_direction() {
        let t = LanguageTag::parse("zh-hant").unwrap();
        assert_eq!(t.as_str(), "zh-Hant");
        assert_eq!(t.url_form(), "zh-hant");
        assert_eq!(LanguageTag::parse("pt_br").unwrap().as_str(), "pt-BR");
        assert_eq!(LanguageTag::parse("ug").unwrap().direction(), Direction::Rtl);
        assert_eq!(LanguageTag::parse("ug-Latn").unwrap().direction(), Direction::Ltr);
        assert_eq!(LanguageTag::parse("mn").unwrap().direction(), Direction::Ltr);
        assert!(LanguageTag::parse("1x").is_none());
        assert!(LanguageTag::parse("").is_none());
        assert!(LanguageTag::parse("en--us").is_none());
    }
}
