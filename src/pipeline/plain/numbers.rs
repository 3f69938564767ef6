//! Measurements written without their unit: "血压 140/90" leaves a reader guessing what to
//! compare with the machine at home. Only numbers right after a measurement's name are
//! judged, which is where a missing unit can be told reliably from a count or a date.

use super::sentences::Sentence;

/// Names of measurements a reader takes or is told, by language family.
const ZH_MEASURES: [&str; 8] = ["血压", "血糖", "体温", "体重", "胆固醇", "视力", "听力", "腰围"];
const EN_MEASURES: [&str; 8] =
    ["blood pressure", "blood sugar", "blood glucose", "temperature", "weight", "cholesterol", "waist", "hearing"];

/// Units, as they may follow the number (compared case-insensitively).
const UNITS: [&str; 40] = [
    "mmhg",
    "毫米汞柱",
    "mmol",
    "毫摩尔",
    "mg/dl",
    "℃",
    "°",
    "度",
    "摄氏",
    "kg",
    "公斤",
    "千克",
    "斤",
    "cm",
    "厘米",
    "%",
    "％",
    "分贝",
    "db",
    "decibel",
    "degree",
    "celsius",
    "fahrenheit",
    "kilo",
    "pound",
    "lb",
    "stone",
    "inch",
    "metre",
    "meter",
    "岁",
    "年",
    "次",
    "天",
    "周",
    "月",
    "小时",
    "分钟",
    "year",
    "per",
];

/// A measurement number without a unit: the line and the words as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unitless {
    pub(crate) line: usize,
    pub(crate) text: String,
}

/// Numbers within a few characters after a measurement's name that no unit follows.
pub(crate) fn unitless(sentences: &[Sentence], chinese: bool) -> Vec<Unitless> {
    let (measures, window): (&[&str], usize) = if chinese { (&ZH_MEASURES, 8) } else { (&EN_MEASURES, 24) };
    let mut found = Vec::new();
    for s in sentences {
        let lower = s.text.to_lowercase();
        for m in measures {
            let Some(at) = lower.find(m) else { continue };
            let rest = &lower[at + m.len()..];
            let Some(start) = rest.char_indices().take(window).find(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i) else {
                continue;
            };
            let number_len = rest[start..]
                .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '/' | '-' | '~' | '～' | ',')))
                .unwrap_or(rest.len() - start);
            let after = rest[start + number_len..].trim_start();
            if !UNITS.iter().any(|u| after.starts_with(u)) {
                let end = at + m.len() + start + number_len;
                let text = s.text.get(at..end).unwrap_or(m).trim().to_string();
                found.push(Unitless { line: s.line, text });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Vec<Sentence> {
        vec![Sentence { line: 4, text: text.into(), length: 1 }]
    }

    #[test]
    fn measurements_need_units() {
        assert_eq!(
            unitless(&s("血压超过140/90就要看医生。"), true),
            [Unitless { line: 4, text: "血压超过140/90".into() }]
        );
        assert!(unitless(&s("血压超过140/90毫米汞柱就要看医生。"), true).is_empty());
        assert!(unitless(&s("体温 38.5 ℃ 以上"), true).is_empty());
        assert_eq!(unitless(&s("Blood pressure above 140/90 needs care."), false).len(), 1);
        assert!(unitless(&s("Blood pressure above 140/90 mmHg needs care."), false).is_empty());
        assert!(unitless(&s("Weight loss helps."), false).is_empty());
    }
}
