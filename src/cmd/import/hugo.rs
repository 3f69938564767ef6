//! Reading a Hugo site: its configuration (`hugo.toml`/`.yaml`/`.json`, `config.*`, and
//! `config/_default/`), its languages with their content folders, its pages with the addresses
//! Hugo gave them (`url:`, `slug:`, `permalinks`), and its `static/` files.

use crate::cmd::import::model::{Copy, Dialect, Doc, Foreign, Lang, Settings};
use crate::cmd::import::report::Report;
use crate::cmd::import::source::{self, Format};
use crate::cmd::import::tree::{self, Found};
use crate::cmd::import::urls;
use crate::util::error::{collect, Diagnostic, Result};
use crate::util::lang::LanguageTag;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const ROOT_FILES: [&str; 8] =
    ["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json"];

/// Settings Kepu reads; every other top-level setting is listed as not carried over.
const READ: &[&str] = &[
    "baseurl",
    "title",
    "description",
    "languagecode",
    "defaultcontentlanguage",
    "defaultcontentlanguageinsubdir",
    "languages",
    "taxonomies",
    "paginate",
    "pagination",
    "params",
    "permalinks",
    "timezone",
    "contentdir",
    "disablepathtolower",
    "uglyurls",
];

/// How Hugo spelt addresses: lower-cased (unless `disablePathToLower`), and pages as
/// `name.html` with `uglyURLs`.
#[derive(Debug, Clone, Copy)]
struct Paths {
    lower: bool,
    ugly: bool,
}

/// Reads the Hugo site in `root`.
pub(super) fn read(root: &Path, report: &mut Report) -> Result<Foreign> {
    let config = load_config(root)?;
    let settings = settings(&config, report);
    let default = text(config.get("defaultcontentlanguage")).or_else(|| text(config.get("languagecode")));
    settings.check_default("hugo configuration (defaultContentLanguage)", &default.unwrap_or_else(|| "en".into()))?;
    let flag = |key: &str| config.get(key).and_then(Value::as_bool).unwrap_or(false);
    let paths = Paths { lower: !flag("disablepathtolower"), ugly: flag("uglyurls") };
    let permalinks = permalinks(&config);
    let (mut docs, mut copies) = (Vec::new(), Vec::new());
    // Files beside pages, by their path in the new content folder → where they came from.
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (dir, lang) in content_dirs(&config, &settings) {
        let full = root.join(&dir);
        if !full.is_dir() {
            continue;
        }
        let mut results = Vec::new();
        for found in tree::walk(&full)? {
            match found {
                Found::Markdown(rel) => results.push(tree::read_doc(root, &full, &rel, lang, &settings.languages)),
                Found::BundledMarkdown(rel) => report.need(
                    dir.join(&rel).display().to_string(),
                    "a Markdown file inside a page bundle is a resource in Hugo, not a page; it was not imported",
                ),
                Found::Other(rel) => {
                    let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
                    if ["html", "htm", "adoc", "asciidoc", "org", "rst", "pandoc", "pdc"].contains(&ext) {
                        report.need(
                            dir.join(&rel).display().to_string(),
                            format!("a page written in .{ext}, which Kepu does not read; copied as it is: rewrite it in Markdown"),
                        );
                    }
                    if let Some(copy) = resource(&full, &dir, &rel, &settings.languages[lang].key, &mut seen, report)? {
                        copies.push(copy);
                    }
                }
            }
        }
        docs.extend(collect(results)?);
    }
    for doc in &mut docs {
        doc.old_url = old_url(doc, &settings, &permalinks, paths, report);
    }
    let statics = tree::statics(root)?;
    report.statics = statics.len();
    copies.extend(statics);
    for folder in ["layouts", "themes", "assets", "data", "i18n", "archetypes"] {
        if root.join(folder).is_dir() {
            report.left.push(format!("{folder}/: Hugo's templates and theme files; Kepu's theme is used instead"));
        }
    }
    Ok(Foreign { dialect: Dialect::Hugo, settings, docs, copies, term_slugs: None })
}

/// A file beside the pages of one language's content folder. Languages' folders often hold the
/// same image; a different file of the same name is kept beside it with the language in its
/// name (`cover.ar.png`), for a person to point that language's page at.
fn resource(
    full: &Path,
    dir: &Path,
    rel: &str,
    lang_key: &str,
    seen: &mut BTreeMap<String, PathBuf>,
    report: &mut Report,
) -> Result<Option<Copy>> {
    let from = full.join(rel);
    let Some(first) = seen.get(rel) else {
        seen.insert(rel.to_string(), from.clone());
        report.resources += 1;
        return Ok(Some(Copy { from, to: Path::new("content").join(rel) }));
    };
    let read = |p: &Path| std::fs::read(p).map_err(|e| Diagnostic::io(p, &e));
    if read(first)? == read(&from)? {
        return Ok(None);
    }
    let renamed = match rel.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') => format!("{stem}.{lang_key}.{ext}"),
        _ => format!("{rel}.{lang_key}"),
    };
    report.resources += 1;
    report.need(
        dir.join(rel).display().to_string(),
        format!(
            "differs from the file of the same name in another language, so it was copied as content/{renamed}; \
             point this language's page at it"
        ),
    );
    Ok(Some(Copy { from, to: Path::new("content").join(renamed) }))
}

/// The configuration, merged from the root file and `config/_default/`, keys in lower case as
/// Hugo reads them.
fn load_config(root: &Path) -> Result<Map<String, Value>> {
    let mut config = Map::new();
    let mut found = false;
    for name in ROOT_FILES {
        if root.join(name).is_file() {
            merge(&mut config, read_config(root, Path::new(name))?);
            found = true;
            break;
        }
    }
    let defaults = root.join("config/_default");
    if defaults.is_dir() {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&defaults)
            .map_err(|e| Diagnostic::io(&defaults, &e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        names.sort();
        for path in names {
            let file = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            if Format::of_file(&file).is_none() {
                continue;
            }
            let rel = Path::new("config/_default").join(&file);
            let map = read_config(root, &rel)?;
            let stem = file.split('.').next().unwrap_or_default().to_ascii_lowercase();
            if stem == "hugo" || stem == "config" {
                merge(&mut config, map);
            } else {
                let mut wrapped = Map::new();
                wrapped.insert(stem, Value::Object(map));
                merge(&mut config, wrapped);
            }
            found = true;
        }
    }
    if !found {
        return Err(Diagnostic::new(format!(
            "{} has no hugo.toml, hugo.yaml, config.toml or config/_default/: is it a Hugo site? \
             Name the folder that holds them, or for a Zola site type `kepu import zola SRC DEST`",
            root.display()
        ))
        .into());
    }
    let config = lower_keys(config);
    if config.contains_key("base_url") && !config.contains_key("baseurl") {
        return Err(Diagnostic::new(format!(
            "{} looks like a Zola site (its config.toml sets `base_url`); type `kepu import zola SRC DEST`",
            root.display()
        ))
        .into());
    }
    Ok(config)
}

fn read_config(root: &Path, rel: &Path) -> Result<Map<String, Value>> {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).map_err(|e| Diagnostic::io(rel, &e))?;
    let format = Format::of_file(&rel.to_string_lossy()).unwrap_or(Format::Toml);
    source::parse(format, &text).map_err(|(line, msg)| {
        let d = Diagnostic::in_file(rel, format!("cannot be read: {msg}"));
        match line {
            Some(l) => d.at(l, None).into(),
            None => d.into(),
        }
    })
}

/// Merges `from` into `into`, maps key by key.
fn merge(into: &mut Map<String, Value>, from: Map<String, Value>) {
    for (k, v) in from {
        match (into.get_mut(&k), v) {
            (Some(Value::Object(a)), Value::Object(b)) => merge(a, b),
            (_, v) => {
                into.insert(k, v);
            }
        }
    }
}

fn lower_keys(map: Map<String, Value>) -> Map<String, Value> {
    map.into_iter()
        .map(|(k, v)| {
            let v = match v {
                Value::Object(m) => Value::Object(lower_keys(m)),
                v => v,
            };
            (k.to_ascii_lowercase(), v)
        })
        .collect()
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_string).filter(|s| !s.trim().is_empty())
}

/// A language name as a Kepu tag: `zh-cn` is `zh-Hans`.
fn tag_of(key: &str, code: Option<&str>) -> Option<LanguageTag> {
    let tag = LanguageTag::parse(key).or_else(|| code.and_then(LanguageTag::parse))?;
    Some(tag.preferred().unwrap_or(tag))
}

fn settings(config: &Map<String, Value>, report: &mut Report) -> Settings {
    let params = config.get("params").and_then(Value::as_object).cloned().unwrap_or_default();
    let base_url = text(config.get("baseurl")).unwrap_or_default();
    if let Some(path) = base_url.split("://").nth(1).and_then(|r| r.split_once('/')).map(|(_, p)| p.trim_matches('/')) {
        if !path.is_empty() {
            report.left.push(format!(
                "baseURL's folder /{path}/: Kepu publishes at the root of its address; serve the site from a host of its own"
            ));
        }
    }
    let default_key = text(config.get("defaultcontentlanguage"))
        .or_else(|| text(config.get("languagecode")))
        .unwrap_or_else(|| "en".into())
        .to_ascii_lowercase();
    let in_subdir = config.get("defaultcontentlanguageinsubdir").and_then(Value::as_bool).unwrap_or(false);
    let mut settings = Settings {
        title: text(config.get("title")).unwrap_or_else(|| "Imported site".into()),
        description: text(config.get("description")).or_else(|| text(params.get("description"))).unwrap_or_default(),
        base_url: base_url.trim_end_matches('/').to_string(),
        prefix_default: in_subdir,
        offset: text(config.get("timezone")).and_then(|z| offset_of(&z)),
        ..Settings::default()
    };
    if let Some(zone) = text(config.get("timezone")) {
        if settings.offset.is_none() {
            report.left.push(format!(
                "timeZone `{zone}`: times written without a UTC offset were read as UTC; check event times"
            ));
        }
    }
    settings.languages = languages(config, &default_key, in_subdir, &mut settings.extra, report);
    settings.taxonomies = match config.get("taxonomies").and_then(Value::as_object) {
        Some(t) => t.values().filter_map(Value::as_str).map(str::to_string).collect(),
        None => vec!["tags".into(), "categories".into()],
    };
    settings.paginate_by = config
        .get("pagination")
        .and_then(|p| p.get("pagersize"))
        .or_else(|| config.get("paginate"))
        .and_then(Value::as_u64)
        .map(|n| n as usize);
    settings.extra.extend(params);
    let left: Vec<&str> = config.keys().map(String::as_str).filter(|k| !READ.contains(k)).collect();
    if !left.is_empty() {
        report.left.push(format!("settings {}: Kepu has no use for them", left.join(", ")));
    }
    settings
}

/// Fixed offsets of the time zones without daylight saving that Kepu's users are likely in.
fn offset_of(zone: &str) -> Option<String> {
    let offset = match zone {
        "UTC" | "Etc/UTC" | "GMT" => "+00:00",
        "Asia/Shanghai" | "Asia/Chongqing" | "Asia/Harbin" | "Asia/Hong_Kong" | "Asia/Macau" | "Asia/Taipei"
        | "Asia/Singapore" | "Asia/Ulaanbaatar" | "Asia/Kuala_Lumpur" | "Asia/Manila" | "Australia/Perth" => "+08:00",
        "Asia/Urumqi" | "Asia/Almaty" | "Asia/Bishkek" | "Asia/Dhaka" | "Asia/Thimphu" => "+06:00",
        "Asia/Kathmandu" => "+05:45",
        "Asia/Kolkata" | "Asia/Calcutta" => "+05:30",
        "Asia/Karachi" | "Asia/Tashkent" => "+05:00",
        "Asia/Dubai" => "+04:00",
        "Asia/Riyadh" | "Asia/Baghdad" | "Asia/Qatar" | "Europe/Istanbul" | "Europe/Moscow" => "+03:00",
        "Asia/Tokyo" | "Asia/Seoul" | "Asia/Pyongyang" => "+09:00",
        _ => return None,
    };
    Some(offset.to_string())
}

fn languages(
    config: &Map<String, Value>,
    default_key: &str,
    in_subdir: bool,
    extra: &mut Map<String, Value>,
    report: &mut Report,
) -> Vec<Lang> {
    let mut entries: Vec<(i64, String, Map<String, Value>)> = config
        .get("languages")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let v = v.as_object().cloned().unwrap_or_default();
                    (v.get("weight").and_then(Value::as_i64).unwrap_or(0), k.to_ascii_lowercase(), v)
                })
                .collect()
        })
        .unwrap_or_default();
    if !entries.iter().any(|(_, k, _)| k == default_key) {
        entries.push((i64::MIN, default_key.to_string(), Map::new()));
    }
    entries.sort_by(|a, b| (a.1 != default_key, a.0, &a.1).cmp(&(b.1 != default_key, b.0, &b.1)));
    let mut per_language = Map::new();
    let mut langs = Vec::new();
    for (_, key, v) in entries {
        let code = text(v.get("languagecode"));
        let Some(tag) = tag_of(&key, code.as_deref()) else {
            report.need(
                "config".into(),
                format!(
                    "language `{key}` is not a language tag Kepu knows; its pages were read as the default language"
                ),
            );
            continue;
        };
        if let Some(p) = v.get("params").and_then(Value::as_object) {
            per_language.insert(tag.to_string(), Value::Object(p.clone()));
        }
        let is_default = key == default_key;
        langs.push(Lang {
            prefix: if is_default && !in_subdir { String::new() } else { key.clone() },
            name: text(v.get("languagename")),
            title: text(v.get("title")),
            description: text(v.get("description"))
                .or_else(|| text(v.get("params").and_then(|p| p.get("description")))),
            rtl: text(v.get("languagedirection")).is_some_and(|d| d == "rtl"),
            key,
            tag,
        });
    }
    if !per_language.is_empty() {
        extra.insert("languages".into(), Value::Object(per_language));
    }
    langs
}

/// Each content folder with the language whose pages it holds.
fn content_dirs(config: &Map<String, Value>, settings: &Settings) -> Vec<(PathBuf, usize)> {
    let shared = text(config.get("contentdir")).unwrap_or_else(|| "content".into());
    let per_language: BTreeMap<String, Value> = config
        .get("languages")
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.clone())).collect())
        .unwrap_or_default();
    let mut dirs: Vec<(PathBuf, usize)> = Vec::new();
    for (i, lang) in settings.languages.iter().enumerate() {
        let dir = per_language.get(&lang.key).and_then(|v| text(v.get("contentdir"))).unwrap_or_else(|| shared.clone());
        let dir = PathBuf::from(dir.trim_end_matches('/'));
        if !dirs.iter().any(|(d, _)| *d == dir) {
            dirs.push((dir, i));
        }
    }
    dirs
}

/// `permalinks`: top-level section → pattern (Hugo's older form and its `page:` form).
fn permalinks(config: &Map<String, Value>) -> BTreeMap<String, String> {
    let Some(map) = config.get("permalinks").and_then(Value::as_object) else { return BTreeMap::new() };
    let pages = map.get("page").and_then(Value::as_object).unwrap_or(map);
    pages.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect()
}

/// Where Hugo published `doc`, or `None` (with a note) when a permalink pattern uses a token
/// this import does not know.
fn old_url(
    doc: &Doc,
    settings: &Settings,
    permalinks: &BTreeMap<String, String>,
    paths: Paths,
    report: &mut Report,
) -> Option<String> {
    let lower = paths.lower;
    let home = settings.languages[doc.lang].home();
    let get = |k: &str| doc.front.iter().find(|(key, _)| key.eq_ignore_ascii_case(k)).and_then(|(_, v)| v.as_str());
    if let Some(url) = get("url") {
        return Some(if url.starts_with('/') {
            urls::normalize(url)
        } else {
            urls::normalize(&format!("{home}{url}"))
        });
    }
    let dir: String =
        doc.dir.split('/').filter(|s| !s.is_empty()).map(|p| format!("{}/", urls::hugo_segment(p, lower))).collect();
    if doc.is_section() {
        return Some(format!("{home}{dir}"));
    }
    let name = get("slug").unwrap_or(&doc.stem);
    let section = doc.dir.split('/').next().unwrap_or_default();
    let Some(pattern) = permalinks.get(section).filter(|_| !section.is_empty()) else {
        let name = urls::hugo_segment(name, lower);
        return Some(if paths.ugly { format!("{home}{dir}{name}.html") } else { format!("{home}{dir}{name}/") });
    };
    match expand(pattern, doc, get("title"), get("slug"), lower) {
        Ok(path) => Some(urls::normalize(&format!("{home}{}", path.trim_start_matches('/')))),
        Err(token) => {
            report.need(
                format!("{}:1", doc.source.display()),
                format!("permalink token `{token}` is not known to the import; check this page's old address"),
            );
            None
        }
    }
}

/// A permalink pattern filled in for `doc`; the unknown token as the error.
fn expand(
    pattern: &str,
    doc: &Doc,
    title: Option<&str>,
    slug: Option<&str>,
    lower: bool,
) -> std::result::Result<String, String> {
    let date =
        doc.front.iter().find(|(k, _)| k.eq_ignore_ascii_case("date")).and_then(|(_, v)| v.as_str()).unwrap_or("");
    let part = |from: usize, to: usize| date.get(from..to).unwrap_or("").to_string();
    let file = doc.bundle.as_deref().unwrap_or(&doc.stem);
    let title = urls::hugo_segment(title.unwrap_or(file), true);
    let mut out = String::new();
    for piece in pattern.split('/') {
        let value = match piece {
            ":year" => part(0, 4),
            ":month" => part(5, 7),
            ":day" => part(8, 10),
            ":title" => title.clone(),
            ":slug" => slug.map(|s| urls::hugo_segment(s, lower)).unwrap_or_else(|| title.clone()),
            ":filename" | ":contentbasename" => urls::hugo_segment(file, lower),
            ":slugorfilename" | ":slugorcontentbasename" => urls::hugo_segment(slug.unwrap_or(file), lower),
            ":section" => doc.dir.split('/').next().unwrap_or_default().to_string(),
            ":sections" => doc.dir.clone(),
            p if p.starts_with(':') => return Err(p.to_string()),
            p => p.to_string(),
        };
        out.push_str(&value);
        out.push('/');
    }
    Ok(out)
}
