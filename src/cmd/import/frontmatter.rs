//! Front matter, from Hugo's and Zola's keys to Kepu's: what has a Kepu key moves to it
//! (`description` → `summary`, `lastmod` → `updated`, `author` → `authors`, `categories` →
//! `taxonomies`), everything else goes under `extra:` with a note saying why, and what changes
//! how the page behaves is listed for a person.

use crate::cmd::import::model::{Dialect, Doc, Settings};
use crate::cmd::import::report::Report;
use crate::util::dates::DateValue;
use serde_json::{Map, Value};
use serde_yaml::Value as Yaml;

/// A page's front matter in Kepu's keys, before its URL is settled.
#[derive(Debug, Default)]
pub(super) struct Front {
    pub(super) title: String,
    pub(super) date: Option<String>,
    pub(super) updated: Option<String>,
    pub(super) summary: Option<String>,
    pub(super) authors: Vec<String>,
    pub(super) tags: Vec<String>,
    pub(super) taxonomies: std::collections::BTreeMap<String, Vec<String>>,
    pub(super) draft: bool,
    pub(super) slug: Option<String>,
    /// Absolute paths (`/old/name/`).
    pub(super) aliases: Vec<String>,
    pub(super) weight: Option<i64>,
    pub(super) paginate_by: Option<u64>,
    pub(super) extra: Map<String, Value>,
    /// What needs a person: where in the old file, why, and the text that finds it in the new one.
    pub(super) needs: Vec<(String, String, Option<String>)>,
}

/// Keys that carry images for cards and lists; kept as they are.
const IMAGE_KEYS: &[&str] =
    &["image", "images", "cover", "featured_image", "featuredimage", "feature_image", "thumbnail", "banner"];

/// Why a key with no Kepu meaning is kept aside; `true` when it changes what readers see, so a
/// person should decide.
fn why_kept(key: &str) -> (&'static str, bool) {
    match key {
        "menu" | "menus" => ("Kepu's menu lists the top sections and languages", false),
        "keywords" => ("search engines ignore keywords; use tags for topics", false),
        "linktitle" => ("a shorter title for menus, which Kepu does not use", false),
        "toc" | "showtoc" => ("Kepu's theme shows a table of contents on long pages", false),
        "type" | "layout" | "template" | "page_template" => {
            ("chose a template of the old theme; Kepu's theme has its own, or name one with `template:`", true)
        }
        "expirydate" | "expirationdate" | "unpublishdate" => {
            ("the old site hid the page after this date; Kepu publishes it until you set `draft: true`", true)
        }
        "translationkey" => {
            ("linked translations with different file names; give translations the same file name to link them", true)
        }
        "redirect_to" => ("the old section redirected elsewhere; add that page's URL under its `aliases:`", true),
        "cascade" => ("set front matter on every page below; copy the keys you need into those pages", true),
        "headless" | "build" | "_build" | "render" => {
            ("changed whether the page was published; check that it should be public", true)
        }
        "outputs"
        | "markup"
        | "iscjklanguage"
        | "in_search_index"
        | "insert_anchor_links"
        | "sort_by"
        | "transparent"
        | "generate_feeds"
        | "paginate_reversed"
        | "paginate_path"
        | "resources" => ("a setting of the old generator that Kepu handles its own way", false),
        _ => ("not a Kepu key", false),
    }
}

/// Converts `doc`'s front matter, noting in `report` what was kept aside or needs a person.
pub(super) fn convert(doc: &Doc, settings: &Settings, dialect: Dialect, report: &mut Report) -> Front {
    let mut front = Front::default();
    let at = |key: &str| format!("{}:{}", doc.source.display(), doc.line_of(key));
    let mut description = None;
    for (raw_key, value) in &doc.front {
        let key = raw_key.to_ascii_lowercase();
        match key.as_str() {
            "title" => front.title = text(value).unwrap_or_default(),
            "date" => front.date = date(value, settings, &at(raw_key), &mut front.needs),
            "publishdate" | "pubdate" | "published" if !doc.front.contains_key("date") => {
                front.date = date(value, settings, &at(raw_key), &mut front.needs)
            }
            "lastmod" | "modified" | "updated" => front.updated = date(value, settings, &at(raw_key), &mut front.needs),
            "summary" => front.summary = text(value),
            "description" => description = text(value),
            "author" | "authors" => front.authors.extend(list(value)),
            "tags" => front.tags.extend(list(value)),
            "taxonomies" if dialect == Dialect::Zola && value.is_object() => {
                for (name, terms) in value.as_object().into_iter().flatten() {
                    add_terms(&mut front, name, list(terms));
                }
            }
            "draft" => front.draft = value.as_bool().unwrap_or_else(|| text(value).is_some_and(|t| t == "true")),
            "slug" => front.slug = text(value).filter(|s| !s.trim().is_empty()),
            "aliases" => {
                for alias in list(value) {
                    front.aliases.push(absolute_alias(&alias, doc, settings, dialect));
                }
            }
            // The old address becomes an alias once the new one is known.
            "url" if dialect == Dialect::Hugo => {}
            "path" if dialect == Dialect::Zola => {}
            "weight" => front.weight = value.as_i64(),
            "paginate_by" if doc.is_section() => front.paginate_by = value.as_u64(),
            "extra" | "params" if value.is_object() => {
                front.extra.extend(value.as_object().into_iter().flatten().map(|(k, v)| (k.clone(), v.clone())))
            }
            _ if settings.taxonomies.contains(&key) => add_terms(&mut front, &key, list(value)),
            _ if IMAGE_KEYS.contains(&key.as_str()) => {
                front.extra.insert(raw_key.clone(), value.clone());
            }
            _ => {
                let (why, needs_person) = why_kept(&key);
                front.extra.insert(raw_key.clone(), value.clone());
                if needs_person {
                    let why = format!("`{raw_key}` {why}; kept under `extra:`");
                    front.needs.push((at(raw_key), why, Some(format!("{raw_key}:"))));
                } else {
                    report.keep(raw_key, why);
                }
            }
        }
    }
    match (&front.summary, description) {
        (None, d) => front.summary = d,
        (Some(_), Some(d)) => {
            front.extra.insert("description".into(), Value::String(d));
            report.keep("description", "the page also has a `summary`, which Kepu shows");
        }
        (Some(_), None) => {}
    }
    if front.title.trim().is_empty() {
        front.title = fallback_title(doc, settings);
        if !(doc.is_section() && doc.dir.is_empty()) {
            let why = format!("no title; Kepu needs one, so the import wrote `title: {}`", front.title);
            front.needs.push((format!("{}:1", doc.source.display()), why, Some("title:".into())));
        }
    }
    front
}

fn add_terms(front: &mut Front, name: &str, terms: Vec<String>) {
    if name == "tags" {
        front.tags.extend(terms);
    } else if !terms.is_empty() {
        front.taxonomies.entry(name.to_string()).or_default().extend(terms);
    }
}

/// A title for a file that has none: the site's for the home page, else the file or folder name.
fn fallback_title(doc: &Doc, settings: &Settings) -> String {
    if doc.is_section() && doc.dir.is_empty() {
        let lang = &settings.languages[doc.lang];
        return lang.title.clone().unwrap_or_else(|| settings.title.clone());
    }
    let name = match (&doc.bundle, doc.is_section()) {
        (Some(b), _) => b.as_str(),
        (None, true) => doc.dir.rsplit('/').next().unwrap_or(&doc.dir),
        (None, false) => doc.stem.as_str(),
    };
    humanize(name)
}

/// `health-tips` → `Health tips`, as the old generators title a folder.
pub(super) fn humanize(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Untitled".into(),
    }
}

/// An alias as a path from the site's root. Hugo reads a relative alias inside the page's
/// language and folder; Zola from the site's root.
fn absolute_alias(alias: &str, doc: &Doc, settings: &Settings, dialect: Dialect) -> String {
    let alias = alias.trim();
    if alias.starts_with('/') || alias.contains("://") {
        return alias.to_string();
    }
    match dialect {
        Dialect::Zola => format!("/{alias}"),
        Dialect::Hugo => {
            let home = settings.languages[doc.lang].home();
            let folder = if doc.dir.is_empty() { String::new() } else { format!("{}/", doc.dir) };
            format!("{home}{folder}{alias}")
        }
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// One value or a list of them, as a list of texts.
fn list(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().filter_map(text).filter(|s| !s.trim().is_empty()).collect(),
        other => text(other).filter(|s| !s.trim().is_empty()).into_iter().collect(),
    }
}

/// A date as Kepu reads it; a time without a UTC offset gets the site's (or UTC, as both old
/// generators read it), and what cannot be read is listed for a person.
fn date(v: &Value, settings: &Settings, at: &str, needs: &mut Vec<(String, String, Option<String>)>) -> Option<String> {
    let raw = text(v)?;
    let date = normalize_date(&raw, settings.offset.as_deref());
    if date.is_none() {
        let why = format!("date `{raw}` could not be read and was left out; write it as 2024-03-01");
        needs.push((at.to_string(), why, None));
    }
    date
}

/// `2024-03-01`, `2024-03-01T09:00:00+08:00`, `2024-03-01T09:00:00Z` are kept; a time without
/// an offset gets `offset` (UTC when none).
pub(super) fn normalize_date(raw: &str, offset: Option<&str>) -> Option<String> {
    let s = raw.trim();
    if DateValue::parse(s).is_ok() {
        return Some(s.to_string());
    }
    // Offsets written without a colon (`+0800`) or after a space, as Hugo also reads them.
    for format in ["%Y-%m-%d %H:%M:%S %z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z", "%Y-%m-%d %H:%M %z"] {
        if let Ok(m) = chrono::DateTime::parse_from_str(s, format) {
            return Some(m.to_rfc3339());
        }
    }
    let with_t = s.replacen(' ', "T", 1);
    let local = chrono::NaiveDateTime::parse_from_str(&with_t, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(&with_t, "%Y-%m-%dT%H:%M"))
        .ok()?;
    let moment = format!("{}{}", local.format("%Y-%m-%dT%H:%M:%S"), offset.unwrap_or("+00:00"));
    DateValue::parse(&moment).ok().map(|_| moment)
}

/// The front matter as YAML: Kepu's keys in the order its documentation lists them.
pub(super) fn to_yaml(front: &Front) -> String {
    let mut map = serde_yaml::Mapping::new();
    let mut put = |k: &str, v: Yaml| {
        map.insert(Yaml::String(k.into()), v);
    };
    put("title", Yaml::String(front.title.clone()));
    let strings = |v: &[String]| Yaml::Sequence(v.iter().cloned().map(Yaml::String).collect());
    if let Some(d) = &front.date {
        put("date", Yaml::String(d.clone()));
    }
    if let Some(d) = &front.updated {
        put("updated", Yaml::String(d.clone()));
    }
    if let Some(s) = &front.summary {
        put("summary", Yaml::String(s.trim().to_string()));
    }
    if !front.authors.is_empty() {
        put("authors", strings(&front.authors));
    }
    if !front.tags.is_empty() {
        put("tags", strings(&front.tags));
    }
    if !front.taxonomies.is_empty() {
        let t = front.taxonomies.iter().map(|(k, v)| (Yaml::String(k.clone()), strings(v))).collect();
        put("taxonomies", Yaml::Mapping(t));
    }
    if front.draft {
        put("draft", Yaml::Bool(true));
    }
    if let Some(s) = &front.slug {
        put("slug", Yaml::String(s.clone()));
    }
    if !front.aliases.is_empty() {
        put("aliases", strings(&front.aliases));
    }
    if let Some(w) = front.weight {
        put("weight", Yaml::Number(w.into()));
    }
    if let Some(p) = front.paginate_by {
        put("paginate_by", Yaml::Number(p.into()));
    }
    if !front.extra.is_empty() {
        put("extra", serde_yaml::to_value(&front.extra).unwrap_or(Yaml::Null));
    }
    serde_yaml::to_string(&map).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_get_an_offset() {
        assert_eq!(normalize_date("2024-03-01", None).as_deref(), Some("2024-03-01"));
        assert_eq!(normalize_date("2024-03-01T09:00:00Z", None).as_deref(), Some("2024-03-01T09:00:00Z"));
        assert_eq!(normalize_date("2024-03-01 09:30:00", Some("+08:00")).as_deref(), Some("2024-03-01T09:30:00+08:00"));
        assert_eq!(normalize_date("2024-03-01T09:30", None).as_deref(), Some("2024-03-01T09:30:00+00:00"));
        assert_eq!(normalize_date("2024-03-01T09:30:00+0800", None).as_deref(), Some("2024-03-01T09:30:00+08:00"));
        assert_eq!(normalize_date("March 1st", None), None);
    }

    #[test]
    fn yaml_keeps_scripts_and_quotes_what_needs_it() {
        let front = Front {
            title: "乙肝: 筛查".into(),
            tags: vec!["ساغلاملىق".into()],
            aliases: vec!["/old/".into()],
            ..Front::default()
        };
        let yaml = to_yaml(&front);
        assert!(yaml.contains("ساغلاملىق"), "{yaml}");
        let back: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
        assert_eq!(back["title"], "乙肝: 筛查");
        assert_eq!(humanize("health-tips"), "Health tips");
    }
}
