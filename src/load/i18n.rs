//! UI strings of the theme in every language: lookup with fallback to the default language,
//! plural forms, and dates written the way each language writes them.

use crate::util::dates::DateValue;
use crate::util::fingerprint::Fingerprinter;
use crate::util::hash::FastMap;
use crate::util::lang::LanguageTag;
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use serde_yaml::Value;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Mutex;

/// One language's strings by flattened key (`date.months`). Read for every string of every page,
/// with keys the theme itself wrote, so the fast hash.
pub(crate) type Table = FastMap<String, Value>;

/// Strings per configured language (index = language index in the config).
#[derive(Default)]
pub(crate) struct Strings {
    tables: Vec<Table>,
    /// The theme's English strings: the last fallback, so no raw key reaches a page.
    english: Table,
    tags: Vec<LanguageTag>,
    /// CLDR cardinal plural rules per language (`None`: CLDR has none for it; `other` is used).
    plurals: Vec<Option<PluralRules>>,
    /// Keys that fell back to the default language, reported once per build.
    missing: Mutex<BTreeSet<(String, String)>>,
}

impl Strings {
    /// `tables[i]` holds the flattened strings of language `i`; index 0 is the default language.
    pub(crate) fn new(tags: Vec<LanguageTag>, tables: Vec<Table>, english: Table) -> Strings {
        let plurals = tags.iter().map(plural_rules).collect();
        Strings { tables, english, tags, plurals, missing: Mutex::new(BTreeSet::new()) }
    }

    /// The languages these strings are for, by index.
    pub(crate) fn tags(&self) -> &[LanguageTag] {
        &self.tags
    }

    fn lookup(&self, lang: usize, key: &str) -> Option<&Value> {
        if let Some(v) = self.tables.get(lang).and_then(|t| t.get(key)) {
            return Some(v);
        }
        let fallback = self.tables.first().and_then(|t| t.get(key)).or_else(|| self.english.get(key));
        if lang != 0 || fallback.is_none() {
            if let Ok(mut m) = self.missing.lock() {
                m.insert((self.tags[lang].to_string(), key.to_string()));
            }
        }
        fallback
    }

    /// Whether a page asked for a string that fell back to another language.
    pub(crate) fn any_missing(&self) -> bool {
        self.missing.lock().map_or(true, |m| !m.is_empty())
    }

    /// Every string of every language, into the fingerprint of what pages are rendered from.
    pub(crate) fn fingerprint_into(&self, f: &mut Fingerprinter) {
        for table in self.tables.iter().chain([&self.english]) {
            let mut keys: Vec<&String> = table.keys().collect();
            keys.sort_unstable();
            f.u64(keys.len() as u64);
            for key in keys {
                f.str(key).str(&format!("{:?}", table[key]));
            }
        }
        for tag in &self.tags {
            f.str(&tag.to_string());
        }
    }

    /// The string for `key`, choosing a plural form by `count` and substituting `{count}`.
    pub(crate) fn get(&self, lang: usize, key: &str, count: Option<i64>) -> String {
        let Some(value) = self.lookup(lang, key) else {
            return key.to_string();
        };
        let text = match (value, count) {
            (Value::String(s), _) => s.clone(),
            (Value::Mapping(forms), n) => {
                let category = self.plural_category(lang, n.unwrap_or(0));
                forms.get(category).or_else(|| forms.get("other")).and_then(Value::as_str).unwrap_or(key).to_string()
            }
            (Value::Number(n), _) => n.to_string(),
            _ => key.to_string(),
        };
        match count {
            Some(n) => text.replace("{count}", &n.to_string()),
            None => text,
        }
    }

    /// The string for `key` in `lang` only, without fallback or warning (for optional labels,
    /// such as a specialty's name, where the raw id is the better fallback).
    pub(crate) fn label(&self, lang: usize, key: &str) -> Option<String> {
        self.tables.get(lang)?.get(key)?.as_str().map(str::to_string)
    }

    /// Month `number` (1–12) by its name in `date.months`, or as the number where there is none.
    fn month_name(&self, lang: usize, number: u32) -> Cow<'_, str> {
        let names = self.lookup(lang, "date.months").and_then(Value::as_sequence);
        match names.and_then(|n| n.get(number as usize - 1)).and_then(Value::as_str) {
            Some(name) => Cow::Borrowed(name),
            None => Cow::Owned(number.to_string()),
        }
    }

    /// The pattern under `key` (`date.format`), or `default` where no language has one.
    fn pattern<'a>(&'a self, lang: usize, key: &str, default: &'a str) -> Cow<'a, str> {
        match self.lookup(lang, key) {
            Some(Value::String(s)) => Cow::Borrowed(s),
            None => Cow::Borrowed(default),
            Some(_) => match self.get(lang, key, None) {
                text if text == key => Cow::Borrowed(default),
                text => Cow::Owned(text),
            },
        }
    }

    /// Writes a date the language's way (`2026年7月28日 09:00`, `28 July 2026, 09:00`).
    pub(crate) fn format_date(&self, lang: usize, date: &DateValue) -> String {
        self.format(lang, date, false)
    }

    /// Like [`Strings::format_date`], with the day of the week where the language gives its
    /// names (`date.weekdays`, Monday first) and where to put it (`date.with_weekday`, such as
    /// `{date}（{weekday}）`): `2027年7月28日（星期三） 09:00`. Elderly readers go by the weekday.
    pub(crate) fn format_date_with_weekday(&self, lang: usize, date: &DateValue) -> String {
        self.format(lang, date, true)
    }

    fn format(&self, lang: usize, date: &DateValue, weekday: bool) -> String {
        let day = date.day();
        use chrono::Datelike;
        let pattern = self.pattern(lang, "date.format", "{year}-{month}-{day}");
        let (year, month, number) = (day.year().to_string(), day.month().to_string(), day.day().to_string());
        let month_name = self.month_name(lang, day.month());
        let mut out =
            fill(&pattern, &[("year", &year), ("month_name", &month_name), ("month", &month), ("day", &number)]);
        // The language's own names only: a weekday in another script would be worse than none.
        let own = |key: &str| self.tables.get(lang).and_then(|t| t.get(key));
        if let (true, Some(Value::Sequence(names)), Some(Value::String(pattern))) =
            (weekday, own("date.weekdays"), own("date.with_weekday"))
        {
            if let Some(name) = names.get(day.weekday().num_days_from_monday() as usize).and_then(Value::as_str) {
                out = fill(pattern, &[("date", &out), ("weekday", name)]);
            }
        }
        if let DateValue::Moment(m) = date {
            let sep = self.get(lang, "time.separator", None);
            let sep = if sep == "time.separator" { " ".to_string() } else { sep };
            out.push_str(&sep);
            out.push_str(&m.format("%H:%M").to_string());
        }
        out
    }

    /// Writes a month the language's way (`2026年3月`, `March 2026`).
    pub(crate) fn format_month(&self, lang: usize, year: i32, month: u32) -> String {
        let pattern = self.pattern(lang, "date.month_year", "{year}-{month}");
        let name = self.month_name(lang, month);
        fill(&pattern, &[("year", &year.to_string()), ("month_name", &name), ("month", &month.to_string())])
    }

    /// Drains the list of (language, key) pairs that were missing.
    pub(crate) fn take_missing(&self) -> Vec<(String, String)> {
        self.missing.lock().map(|mut m| std::mem::take(&mut *m).into_iter().collect()).unwrap_or_default()
    }
}

/// `pattern` with each `{name}` of `values` replaced, in one pass (dates are written for every
/// card of every list); braces around other names stay as written.
fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let known = after.find('}').and_then(|close| {
            values.iter().find(|(name, _)| *name == &after[..close]).map(|(_, value)| (close, *value))
        });
        match known {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strings").field("tags", &self.tags).field("tables", &self.tables.len()).finish()
    }
}

impl Strings {
    /// The CLDR plural category of `n` in language `lang` (`one`, `few`, `other`…).
    fn plural_category(&self, lang: usize, n: i64) -> &'static str {
        let Some(Some(rules)) = self.plurals.get(lang) else { return "other" };
        match rules.select(n) {
            Ok(PluralCategory::ZERO) => "zero",
            Ok(PluralCategory::ONE) => "one",
            Ok(PluralCategory::TWO) => "two",
            Ok(PluralCategory::FEW) => "few",
            Ok(PluralCategory::MANY) => "many",
            _ => "other",
        }
    }
}

/// CLDR's cardinal rules for a language, by its primary subtag (the rules do not differ by
/// script or region for the languages Kepu serves).
fn plural_rules(tag: &LanguageTag) -> Option<PluralRules> {
    PluralRules::create(tag.cldr_id()?, PluralRuleType::CARDINAL).ok()
}

/// Flattens a YAML mapping into `a.b.c` keys; plural maps (`one`/`other`) and lists stay values.
pub(crate) fn flatten(prefix: &str, value: &Value, out: &mut Table) {
    match value {
        Value::Mapping(m) if !is_plural_map(m) => {
            for (k, v) in m {
                let Some(k) = k.as_str() else { continue };
                let key = if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.clone());
        }
    }
}

fn is_plural_map(m: &serde_yaml::Mapping) -> bool {
    !m.is_empty() && m.keys().all(|k| matches!(k.as_str(), Some("zero" | "one" | "two" | "few" | "many" | "other")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_known_names_in_one_pass_and_keeps_other_braces() {
        let values = [("year", "2027"), ("month", "7"), ("month_name", "July"), ("day", "28")];
        assert_eq!(fill("{day} {month_name} {year}", &values), "28 July 2027");
        assert_eq!(fill("{year}年{month}月{day}日", &values), "2027年7月28日");
        assert_eq!(fill("{{year}} {weekday} {", &values), "{2027} {weekday} {");
        assert_eq!(fill("", &values), "");
    }

    fn strings(tags: &[&str]) -> Strings {
        let tags: Vec<LanguageTag> = tags.iter().map(|t| LanguageTag::parse(t).unwrap()).collect();
        let tables = tags.iter().map(|_| Table::default()).collect();
        Strings::new(tags, tables, Table::default())
    }

    #[test]
    fn plural_categories_follow_cldr() {
        let s = strings(&["zh-Hans", "en", "ug", "mn", "bo", "ru", "ar"]);
        let cat = |lang: usize, n: i64| s.plural_category(lang, n);
        assert_eq!([cat(0, 1), cat(0, 2)], ["other", "other"], "Chinese has one form");
        assert_eq!([cat(1, 1), cat(1, 0), cat(1, 2)], ["one", "other", "other"]);
        assert_eq!([cat(2, 1), cat(2, 5)], ["one", "other"], "Uyghur");
        assert_eq!([cat(3, 1), cat(3, 5)], ["one", "other"], "Mongolian");
        assert_eq!(cat(4, 1), "other", "Tibetan has one form");
        // Languages a site may add get their own rules, not English's.
        assert_eq!([cat(5, 1), cat(5, 3), cat(5, 5), cat(5, 21)], ["one", "few", "many", "one"]);
        assert_eq!([cat(6, 0), cat(6, 2), cat(6, 3), cat(6, 11)], ["zero", "two", "few", "many"]);
    }
}
