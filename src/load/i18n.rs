//! UI strings of the theme in every language: lookup with fallback to the default language,
//! plural forms, and dates written the way each language writes them.

use crate::util::dates::DateValue;
use crate::util::lang::LanguageTag;
use serde_yaml::Value;
use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

/// Strings per configured language (index = language index in the config).
#[derive(Debug, Default)]
pub struct Strings {
    tables: Vec<HashMap<String, Value>>,
    tags: Vec<LanguageTag>,
    /// Keys that fell back to the default language, reported once per build.
    missing: Mutex<BTreeSet<(String, String)>>,
}

impl Strings {
    /// `tables[i]` holds the flattened strings of language `i`; index 0 is the default language.
    pub fn new(tags: Vec<LanguageTag>, tables: Vec<HashMap<String, Value>>) -> Strings {
        Strings { tables, tags, missing: Mutex::new(BTreeSet::new()) }
    }

    fn lookup(&self, lang: usize, key: &str) -> Option<&Value> {
        if let Some(v) = self.tables.get(lang).and_then(|t| t.get(key)) {
            return Some(v);
        }
        let fallback = self.tables.first().and_then(|t| t.get(key));
        if lang != 0 || fallback.is_none() {
            if let Ok(mut m) = self.missing.lock() {
                m.insert((self.tags[lang].to_string(), key.to_string()));
            }
        }
        fallback
    }

    /// The string for `key`, choosing a plural form by `count` and substituting `{count}`.
    pub fn get(&self, lang: usize, key: &str, count: Option<i64>) -> String {
        let Some(value) = self.lookup(lang, key) else {
            return key.to_string();
        };
        let text = match (value, count) {
            (Value::String(s), _) => s.clone(),
            (Value::Mapping(forms), n) => {
                let category = plural_category(&self.tags[lang], n.unwrap_or(0));
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
    pub fn label(&self, lang: usize, key: &str) -> Option<String> {
        self.tables.get(lang)?.get(key)?.as_str().map(str::to_string)
    }

    /// Month names etc. stored as lists.
    fn list(&self, lang: usize, key: &str) -> Option<Vec<String>> {
        let v = self.lookup(lang, key)?;
        v.as_sequence().map(|s| s.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
    }

    /// Writes a date the language's way (`2026年7月28日 09:00`, `28 July 2026, 09:00`).
    pub fn format_date(&self, lang: usize, date: &DateValue) -> String {
        let day = date.day();
        use chrono::Datelike;
        let months = self.list(lang, "date.months").unwrap_or_default();
        let month_name = months.get(day.month0() as usize).cloned().unwrap_or_else(|| day.month().to_string());
        let pattern = self.get(lang, "date.format", None);
        let pattern = if pattern == "date.format" { "{year}-{month}-{day}".to_string() } else { pattern };
        let mut out = pattern
            .replace("{year}", &day.year().to_string())
            .replace("{month_name}", &month_name)
            .replace("{month}", &day.month().to_string())
            .replace("{day}", &day.day().to_string());
        if let DateValue::Moment(m) = date {
            let sep = self.get(lang, "time.separator", None);
            let sep = if sep == "time.separator" { " ".to_string() } else { sep };
            out.push_str(&sep);
            out.push_str(&m.format("%H:%M").to_string());
        }
        out
    }

    /// Writes a month the language's way (`2026年3月`, `March 2026`).
    pub fn format_month(&self, lang: usize, year: i32, month: u32) -> String {
        let months = self.list(lang, "date.months").unwrap_or_default();
        let name = months.get(month as usize - 1).cloned().unwrap_or_else(|| month.to_string());
        let pattern = self.get(lang, "date.month_year", None);
        let pattern = if pattern == "date.month_year" { "{year}-{month}".to_string() } else { pattern };
        pattern
            .replace("{year}", &year.to_string())
            .replace("{month_name}", &name)
            .replace("{month}", &month.to_string())
    }

    /// Drains the list of (language, key) pairs that were missing.
    pub fn take_missing(&self) -> Vec<(String, String)> {
        self.missing.lock().map(|mut m| std::mem::take(&mut *m).into_iter().collect()).unwrap_or_default()
    }
}

/// CLDR plural category for the languages Kepu ships strings for.
fn plural_category(tag: &LanguageTag, n: i64) -> &'static str {
    match tag.primary() {
        "zh" | "ja" | "ko" | "bo" | "th" | "vi" | "id" => "other",
        _ if n == 1 => "one",
        _ => "other",
    }
}

/// Flattens a YAML mapping into `a.b.c` keys; plural maps (`one`/`other`) and lists stay values.
pub fn flatten(prefix: &str, value: &Value, out: &mut HashMap<String, Value>) {
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
