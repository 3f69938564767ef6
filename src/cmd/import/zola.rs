//! Reading a Zola site: `config.toml` (languages under `[languages.xx]`, taxonomies, `[extra]`,
//! `[slugify]`), its pages with the addresses Zola gave them (`path`, `slug`, dates in file
//! names), and its `static/` files.

use crate::cmd::import::model::{Copy, Dialect, Doc, Foreign, Lang, Settings};
use crate::cmd::import::report::Report;
use crate::cmd::import::source::{self, Format};
use crate::cmd::import::tree::{self, Found};
use crate::cmd::import::urls::{self, ZolaSlugs};
use crate::util::error::{collect, Diagnostic, Result};
use crate::util::lang::LanguageTag;
use serde_json::{Map, Value};
use std::path::Path;

/// Settings Kepu reads; every other one is listed as not carried over.
const READ: &[&str] =
    &["base_url", "title", "description", "default_language", "languages", "taxonomies", "extra", "slugify"];

/// Reads the Zola site in `root`.
pub(super) fn read(root: &Path, report: &mut Report) -> Result<Foreign> {
    let config_path = root.join("config.toml");
    let config_text = std::fs::read_to_string(&config_path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Diagnostic::new(format!(
            "{} has no config.toml: is it a Zola site? Name the folder that holds it, or for a Hugo site type \
             `kepu import hugo SRC DEST`",
            root.display()
        )),
        _ => Diagnostic::io("config.toml", &e),
    })?;
    let config = source::parse(Format::Toml, &config_text).map_err(|(line, msg)| {
        let d = Diagnostic::in_file("config.toml", format!("cannot be read: {msg}"));
        line.map_or(d.clone(), |l| d.at(l, None))
    })?;
    if config.keys().any(|k| k.eq_ignore_ascii_case("baseurl")) {
        return Err(Diagnostic::in_file(
            "config.toml",
            "this looks like a Hugo site (it sets `baseURL`); type `kepu import hugo SRC DEST`",
        )
        .into());
    }
    let settings = settings(&config, report);
    settings.check_default("config.toml", &text(config.get("default_language")).unwrap_or_else(|| "en".into()))?;
    let strategy = |key: &str| match config.get("slugify").and_then(|s| s.get(key)).and_then(Value::as_str) {
        Some("safe") => ZolaSlugs::Safe,
        Some("off") => ZolaSlugs::Off,
        _ => ZolaSlugs::On,
    };
    let slugs = strategy("paths");
    let keep_dates =
        config.get("slugify").and_then(|s| s.get("paths_keep_dates")).and_then(Value::as_bool).unwrap_or(false);
    let content = root.join("content");
    let (mut results, mut copies) = (Vec::new(), Vec::new());
    for found in tree::walk(&content)? {
        match found {
            Found::Markdown(rel) => results.push(tree::read_doc(root, &content, &rel, 0, &settings.languages)),
            Found::BundledMarkdown(rel) => report.need(
                format!("content/{rel}"),
                "a Markdown file inside a page's folder is not a page in Zola; it was not imported",
            ),
            Found::Other(rel) => {
                report.resources += 1;
                copies.push(Copy { from: content.join(&rel), to: Path::new("content").join(&rel) });
            }
        }
    }
    let mut docs = collect(results)?;
    for doc in &mut docs {
        // Zola takes a page's date from its file name when the front matter gives none.
        let dated = doc.stem.get(..10).filter(|_| without_date(&doc.stem) != doc.stem).map(str::to_string);
        if let (Some(day), false) = (dated, doc.front.contains_key("date")) {
            doc.front.insert("date".into(), Value::String(day));
        }
        doc.old_url = old_url(doc, &settings, slugs, keep_dates, report);
    }
    let statics = tree::statics(root)?;
    report.statics = statics.len();
    copies.extend(statics);
    for folder in ["templates", "themes", "sass"] {
        if root.join(folder).is_dir() {
            report.left.push(format!("{folder}/: Zola's templates and styles; Kepu's theme is used instead"));
        }
    }
    Ok(Foreign { dialect: Dialect::Zola, settings, docs, copies, term_slugs: Some(strategy("taxonomies")) })
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_string).filter(|s| !s.trim().is_empty())
}

/// Taxonomy names of a `taxonomies = [{name = "tags"}, …]` list.
fn taxonomy_names(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|t| t.get("name").and_then(Value::as_str)).map(str::to_string).collect())
        .unwrap_or_default()
}

fn settings(config: &Map<String, Value>, report: &mut Report) -> Settings {
    let default_key = text(config.get("default_language")).unwrap_or_else(|| "en".into());
    let mut settings = Settings {
        title: text(config.get("title")).unwrap_or_else(|| "Imported site".into()),
        description: text(config.get("description")).unwrap_or_default(),
        base_url: text(config.get("base_url")).unwrap_or_default().trim_end_matches('/').to_string(),
        extra: config.get("extra").and_then(Value::as_object).cloned().unwrap_or_default(),
        taxonomies: taxonomy_names(config.get("taxonomies")),
        ..Settings::default()
    };
    let others = config.get("languages").and_then(Value::as_object).cloned().unwrap_or_default();
    let mut keys = vec![default_key.clone()];
    keys.extend(others.keys().filter(|k| **k != default_key).cloned());
    for key in keys {
        let v = others.get(&key).and_then(Value::as_object).cloned().unwrap_or_default();
        let Some(tag) = LanguageTag::parse(&key).map(|t| t.preferred().unwrap_or(t)) else {
            report
                .need("config.toml".into(), format!("language `{key}` is not a language tag; its pages were left out"));
            continue;
        };
        for name in taxonomy_names(v.get("taxonomies")) {
            if !settings.taxonomies.contains(&name) {
                settings.taxonomies.push(name);
            }
        }
        let is_default = key == default_key;
        settings.languages.push(Lang {
            prefix: if is_default { String::new() } else { key.clone() },
            name: None,
            title: text(v.get("title")),
            description: text(v.get("description")),
            rtl: false,
            key,
            tag,
        });
    }
    let left: Vec<&str> = config.keys().map(String::as_str).filter(|k| !READ.contains(k)).collect();
    if !left.is_empty() {
        report.left.push(format!("settings {}: Kepu has no use for them", left.join(", ")));
    }
    settings
}

/// The file name without a leading date (`2024-03-01-x` → `x`), as Zola names the page.
fn without_date(stem: &str) -> &str {
    let bytes = stem.as_bytes();
    let dated = bytes.len() > 11
        && stem.is_char_boundary(10)
        && chrono::NaiveDate::parse_from_str(&stem[..10], "%Y-%m-%d").is_ok()
        && matches!(bytes[10], b'-' | b'_');
    if dated {
        &stem[11..]
    } else {
        stem
    }
}

/// Where Zola published `doc`, or `None` (with a note) when its slugs cannot be worked out.
fn old_url(doc: &Doc, settings: &Settings, slugs: ZolaSlugs, keep_dates: bool, report: &mut Report) -> Option<String> {
    let home = settings.languages[doc.lang].home();
    if let Some(path) = doc.front.get("path").and_then(Value::as_str) {
        return Some(urls::normalize(&format!("{home}{}", path.trim_start_matches('/'))));
    }
    let mut dir = String::new();
    for part in doc.dir.split('/').filter(|s| !s.is_empty()) {
        dir.push_str(&urls::zola_segment(part, slugs).or_else(|| unknown(doc, part, report))?);
        dir.push('/');
    }
    if doc.is_section() {
        return Some(format!("{home}{dir}"));
    }
    let name = match doc.front.get("slug").and_then(Value::as_str) {
        Some(slug) => slug,
        None if keep_dates => &doc.stem,
        None => without_date(&doc.stem),
    };
    let name = urls::zola_segment(name, slugs).or_else(|| unknown(doc, name, report))?;
    Some(format!("{home}{dir}{name}/"))
}

fn unknown(doc: &Doc, name: &str, report: &mut Report) -> Option<String> {
    report.need(
        format!("{}:1", doc.source.display()),
        format!(
            "Zola spelt `{name}` in Latin letters in this page's old address, which the import cannot reproduce; \
             add the old address under `aliases:`"
        ),
    );
    None
}
