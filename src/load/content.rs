//! Loading `content/`: walking the tree, splitting front matter from Markdown, and turning
//! file names into (path, language) pairs. Nothing here knows about URLs or templates.

use crate::load::config::Config;
use crate::load::yaml::{self, key_line};
use crate::util::dates::DateValue;
use crate::util::error::{collect, Diagnostic, Result};
use crate::util::lang::LanguageTag;
use rayon::prelude::*;
use serde::{de, Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub(crate) const CONTENT_DIR: &str = "content";

/// Whether a Markdown file is a page or a section's `_index.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Page,
    Section,
}

/// Where a document's text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Origin {
    /// Written by an author in this language.
    #[default]
    Authored,
    /// Converted automatically from another language (e.g. zh-Hans → zh-Hant).
    Derived,
    /// The default language's text shown in a language that has no translation.
    Fallback,
}

/// One Markdown file, parsed but not yet placed in the site.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    /// Path for messages, relative to the site root (`content/articles/x.en.md`).
    pub(crate) path: PathBuf,
    /// Language-neutral identity shared by translations: `articles/x.md`, `articles/_index.md`.
    pub(crate) key: String,
    /// The directory inside `content/` (`articles`, or empty at the root).
    pub(crate) dir: String,
    /// The file stem without language suffix (`x`, `_index`).
    pub(crate) stem: String,
    pub(crate) lang: LanguageTag,
    pub(crate) kind: Kind,
    pub(crate) front: FrontMatter,
    /// The raw front matter text, kept to point later errors at the right line.
    pub(crate) front_src: String,
    /// Empty when [`load`] kept only its digest ([`Bodies::Digested`]).
    pub(crate) body: String,
    /// 1-based line of the file where `body` starts.
    pub(crate) body_line: usize,
    pub(crate) origin: Origin,
    /// The digest of the file's body when `body` was not kept: the body is read from the file
    /// again when needed ([`Document::body_again`]), and must still match it.
    pub(crate) body_digest: Option<u64>,
}

/// Whether [`load`] keeps each page's Markdown body in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bodies {
    /// `kepu check` reads every body for its plain-language report.
    Held,
    /// A build reads each page's body again when it renders it, so a large site's Markdown is
    /// never all in memory at once: only a digest of each is kept.
    Digested,
}

impl Document {
    /// The Markdown body, kept or read from the file again (under `root`). A file that no
    /// longer holds the body [`load`] digested is an error: what was built from it so far
    /// (lists, links, the search index) would not match the page.
    pub(crate) fn body_again(&self, root: &Path) -> Result<std::borrow::Cow<'_, str>> {
        let Some(digest) = self.body_digest else { return Ok(std::borrow::Cow::Borrowed(&self.body)) };
        let mut text = read_text(root, &self.path)?;
        let front_len = text.len() - split_front_matter(&self.path, &text)?.1.len();
        text.drain(..front_len);
        if crate::util::hash::digest(&text) != digest {
            return Err(Diagnostic::in_file(
                &self.path,
                "the file changed while the site was being built; save it, then run `kepu build` again",
            )
            .into());
        }
        Ok(std::borrow::Cow::Owned(text))
    }

    /// A diagnostic on this file at the line where `key:` appears in the front matter.
    pub(crate) fn error_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::in_file(&self.path, message);
        match key_line(&self.front_src, key) {
            Some(line) => d.at(line + 1, None),
            None => d.at(1, None),
        }
    }
}

/// Front matter. Unknown keys are errors so that a misspelt `titel:` cannot pass silently.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    pub(crate) title: String,
    pub(crate) date: Option<DateValue>,
    pub(crate) updated: Option<DateValue>,
    pub(crate) summary: Option<String>,
    #[serde(default)]
    pub(crate) authors: Vec<String>,
    #[serde(default)]
    pub(crate) tags: Vec<String>,
    #[serde(default)]
    pub(crate) specialties: Vec<String>,
    /// Terms of further taxonomies declared in `site.yaml`.
    #[serde(default)]
    pub(crate) taxonomies: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub(crate) draft: bool,
    pub(crate) slug: Option<String>,
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    pub(crate) weight: Option<i64>,
    pub(crate) template: Option<String>,
    #[serde(default)]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub(crate) extra: serde_yaml::Mapping,
    pub(crate) event: Option<EventSpec>,
    pub(crate) observance: Option<String>,
    pub(crate) review: Option<Review>,
    #[serde(default)]
    pub(crate) sources: Vec<SourceRef>,
    pub(crate) flyer: Option<FlyerSpec>,
    /// Sections only: items per page, overriding `paginate_by`.
    pub(crate) paginate_by: Option<usize>,
}

impl FrontMatter {
    /// The terms this page lists under a taxonomy.
    pub(crate) fn terms(&self, taxonomy: &str) -> &[String] {
        match taxonomy {
            "tags" => &self.tags,
            "specialties" => &self.specialties,
            other => self.taxonomies.get(other).map(Vec::as_slice).unwrap_or(&[]),
        }
    }
}

/// An event notice's facts (`event:` block).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct EventSpec {
    pub(crate) start: DateValue,
    pub(crate) end: Option<DateValue>,
    pub(crate) venue: Option<String>,
    pub(crate) address: Option<String>,
    #[serde(default)]
    pub(crate) organizer: OneOrMany,
    #[serde(default)]
    pub(crate) services: Vec<Service>,
    pub(crate) audience: Option<String>,
    pub(crate) registration: Option<String>,
    pub(crate) contact: Option<String>,
    #[serde(default)]
    pub(crate) status: EventStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum EventStatus {
    #[default]
    Scheduled,
    Postponed,
    Cancelled,
}

impl EventStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            EventStatus::Scheduled => "scheduled",
            EventStatus::Postponed => "postponed",
            EventStatus::Cancelled => "cancelled",
        }
    }
}

/// The fixed vocabulary of outreach services; labels are translated by the theme (`service.<id>`).
pub(crate) const SERVICES: &[&str] =
    &["free_clinic", "lecture", "training", "home_visit", "surgery_demo", "screening", "consultation", "vaccination"];

/// A service offered at an event: a known id, or free text (`{text: "…"}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Service {
    Known(&'static str),
    Text(String),
}

impl<'de> Deserialize<'de> for Service {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Service;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a service id ({}) or {{text: \"…\"}}", SERVICES.join(", "))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Service, E> {
                SERVICES
                    .iter()
                    .find(|k| **k == s)
                    .map(|k| Service::Known(k))
                    .ok_or_else(|| E::custom(unknown_service(s)))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Service, A::Error> {
                let mut text = None;
                while let Some(k) = map.next_key::<String>()? {
                    if k != "text" {
                        return Err(de::Error::unknown_field(&k, &["text"]));
                    }
                    text = Some(map.next_value::<String>()?);
                }
                text.map(Service::Text).ok_or_else(|| de::Error::missing_field("text"))
            }
        }
        d.deserialize_any(V)
    }
}

/// What to write instead of `s`, which is not a service id: the id a language's pages show as
/// `s` (Chinese pages say 义诊 for `free_clinic`, and that is what a doctor types), the nearest id,
/// or the ids and the form for one's own words.
fn unknown_service(s: &str) -> String {
    let named = crate::load::default_theme::key_named("service.", s);
    if let Some(n) = named.as_ref().filter(|n| n.exact) {
        return format!(
            "unknown service `{s}`: that is `{0}`, which {1} pages show as {2}; write `{0}`, and the pages \
             of each language show their own word for it",
            n.id, n.lang, n.words
        );
    }
    let near = match (named, crate::util::suggest::did_you_mean(s, SERVICES)) {
        (Some(n), _) => format!("did you mean `{}`, which {} pages show as {}? Else ", n.id, n.lang, n.words),
        (None, Some(near)) => format!("did you mean `{near}`? Else "),
        (None, None) => String::new(),
    };
    let ids = SERVICES.join(", ");
    format!("unknown service `{s}`; {near}write one of {ids}, or your own words as {{text: \"{s}\"}}")
}

impl schemars::JsonSchema for Service {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Service".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A service the event offers: a known id, or the organizer's own words as {text: \"…\"}",
            "oneOf": [
                {"type": "string", "enum": SERVICES},
                {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"], "additionalProperties": false}
            ]
        })
    }
}

/// The JSON Schema of a page's front matter, from the types that read it.
pub(crate) fn front_matter_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(FrontMatter)).unwrap_or_default()
}

/// A field that takes one string or a list of strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct OneOrMany(pub Vec<String>);

impl schemars::JsonSchema for OneOrMany {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OneOrMany".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]})
    }
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(String),
            Many(Vec<String>),
        }
        Ok(match Raw::deserialize(d)? {
            Raw::One(s) => OneOrMany(vec![s]),
            Raw::Many(v) => OneOrMany(v),
        })
    }
}

/// Medical review: who checked the page, when, and when it must be checked again.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Review {
    pub(crate) by: String,
    pub(crate) date: DateValue,
    pub(crate) next: Option<DateValue>,
}

/// A reference the page relies on.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceRef {
    pub(crate) title: String,
    pub(crate) url: Option<String>,
    pub(crate) publisher: Option<String>,
    pub(crate) year: Option<u32>,
}

/// What a printed flyer shows.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FlyerSpec {
    #[serde(default)]
    pub(crate) points: Vec<String>,
    /// Publish this article's bilingual flyers too (event notices always have them).
    #[serde(default)]
    pub(crate) bilingual: bool,
}

/// Every Markdown file plus the other files in `content/` that are copied as they are.
pub(crate) struct Loaded {
    /// The site folder the documents were read from.
    pub(crate) root: PathBuf,
    pub(crate) documents: Vec<Document>,
    /// Non-Markdown files (images, PDFs), relative to `content/`.
    pub(crate) assets: Vec<PathBuf>,
    /// The pictures among the assets.
    pub(crate) images: crate::load::images::Catalog,
}

/// Files in `content/` that Kepu reads itself rather than copying.
const DATA_FILES: &[&str] = &["observances.yaml"];

/// Whether `rel` (relative to `content/`) is one of the site's data files, read as data rather
/// than published.
pub(crate) fn is_data_file(rel: &Path) -> bool {
    rel.parent() == Some(Path::new("")) && DATA_FILES.iter().any(|f| rel == Path::new(f))
}

/// Reads every file under `content/`, in parallel, collecting all errors.
pub(crate) fn load(root: &Path, config: &Config, include_drafts: bool, bodies: Bodies) -> Result<Loaded> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(Diagnostic::in_file(&content, "content folder not found").into());
    }
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    let walker = walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| Diagnostic::in_file(e.path().unwrap_or(&content), e.to_string()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&content).unwrap_or(entry.path()).to_path_buf();
        if rel.extension().is_some_and(|e| e == "md") {
            markdown.push(rel);
        } else if !is_data_file(&rel) {
            assets.push(rel);
        }
    }
    let markdown = in_site_order(markdown, config);
    let read = |rel: &PathBuf| {
        let mut doc = read_document(root, rel, config)?;
        if bodies == Bodies::Digested && doc.kind == Kind::Page {
            doc.body_digest = Some(crate::util::hash::digest(&doc.body));
            doc.body = String::new();
        }
        Ok(doc)
    };
    let documents = collect(markdown.par_iter().map(read).collect::<Vec<_>>())?;
    let documents = documents.into_iter().filter(|d| include_drafts || !d.front.draft).collect();
    let images = crate::load::images::Catalog::probe(&content, &assets, config.images.keep_metadata);
    Ok(Loaded { root: root.to_path_buf(), documents, assets, images })
}

/// `markdown` in the order the site keeps its documents (language, then key), so that loaded in
/// parallel they come out in it, and the site's sort of its pages moves none of them (at 150,000
/// pages it moved them all, over a kilobyte each, in random order). A file whose name gives no
/// language the site has goes last: reading it says why.
fn in_site_order(markdown: Vec<PathBuf>, config: &Config) -> Vec<PathBuf> {
    let order = |rel: &Path| match name_and_language(rel, rel, config) {
        Ok((stem, tag)) => {
            let lang = config.languages.iter().position(|l| l.tag == tag).unwrap_or(usize::MAX);
            (lang, document_key(&folder_of(rel), &stem))
        }
        Err(_) => (usize::MAX, String::new()),
    };
    let mut keyed: Vec<((usize, String), PathBuf)> = markdown.into_par_iter().map(|rel| (order(&rel), rel)).collect();
    keyed.par_sort_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, rel)| rel).collect()
}

/// The folder of `rel` under `content/`, with `/` between its parts.
fn folder_of(rel: &Path) -> String {
    rel.parent().map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default()
}

/// A document's key: its path under `content/` without the language, as all its translations
/// share it.
fn document_key(dir: &str, stem: &str) -> String {
    if dir.is_empty() {
        format!("{stem}.md")
    } else {
        format!("{dir}/{stem}.md")
    }
}

fn read_document(root: &Path, rel: &Path, config: &Config) -> Result<Document> {
    let path = Path::new(CONTENT_DIR).join(rel);
    parse_document(&path, rel, &read_text(root, &path)?, config)
}

/// The text of `path` (under `root`), as UTF-8.
fn read_text(root: &Path, path: &Path) -> Result<String> {
    let bytes = std::fs::read(root.join(path)).map_err(|e| Diagnostic::io(path, &e))?;
    decode_utf8(path, bytes)
}

/// Decodes UTF-8 (dropping a BOM), pointing at the line of the first bad byte otherwise.
pub(crate) fn decode_utf8(path: &Path, bytes: Vec<u8>) -> Result<String> {
    // Every page is checked twice (loaded, then read again to render), and the standard check
    // goes byte by byte through CJK text; simdutf8 checks a block at a time.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just found `bytes` to be valid UTF-8.
        return Ok(without_bom(unsafe { String::from_utf8_unchecked(bytes) }));
    }
    // Invalid: the standard check says where.
    match String::from_utf8(bytes) {
        Ok(s) => Ok(without_bom(s)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..valid].iter().filter(|b| **b == b'\n').count() + 1;
            let col = valid - bytes[..valid].iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1) + 1;
            Err(Diagnostic::in_file(
                path,
                format!("file is not valid UTF-8 (byte 0x{:02x}); save it as UTF-8", bytes[valid]),
            )
            .at(line, Some(col))
            .into())
        }
    }
}

/// `s` without a leading byte-order mark (some Windows editors write one).
fn without_bom(mut s: String) -> String {
    if s.starts_with('\u{feff}') {
        s.drain(..'\u{feff}'.len_utf8());
    }
    s
}

/// Splits the file name into stem and language: `x.en.md` is `x` in English, `x.md` is `x` in
/// the default language.
fn name_and_language(path: &Path, rel: &Path, config: &Config) -> Result<(String, LanguageTag)> {
    let name = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    if let Some((stem, suffix)) = name.rsplit_once('.') {
        if let Some(tag) = LanguageTag::parse(suffix) {
            return match config.language(&tag) {
                Some(lang) => Ok((stem.to_string(), lang.tag.clone())),
                None => {
                    let listed: Vec<&str> = config.languages.iter().map(|l| l.tag.as_str()).collect();
                    let hint = match config.languages.iter().find(|l| l.tag.primary() == tag.primary()) {
                        Some(l) => format!("; for {} name the file `{stem}.{}.md`", l.tag, l.tag.url_form()),
                        None => format!("; add `{tag}` under `languages:` in site.yaml to publish it"),
                    };
                    Err(Diagnostic::in_file(
                        path,
                        format!(
                            "unknown language `{suffix}` in the file name; site.yaml lists {}{hint}",
                            listed.join(", ")
                        ),
                    )
                    .into())
                }
            };
        }
    }
    if let Some((_, suffix)) = name.rsplit_once('.') {
        if let Some(tag) = language_named(suffix, config) {
            let stem = &name[..name.len() - suffix.len() - 1];
            let file = format!("`{stem}.{}.md`", tag.url_form());
            let to_do = match config.language(&tag) {
                Some(_) => format!("name the file {file}"),
                None => format!("add `- code: {tag}` under `languages:` in site.yaml and name the file {file}"),
            };
            return Err(Diagnostic::in_file(
                path,
                format!("`{suffix}` in the file name is not a language tag; for {tag}, {to_do}"),
            )
            .into());
        }
    }
    Ok((name.to_string(), config.default_language().tag.clone()))
}

/// The language a file-name suffix spells out by name (`x.tibetan.md`, `x.English.md`), which
/// would otherwise silently become part of the page's address.
fn language_named(suffix: &str, config: &Config) -> Option<LanguageTag> {
    const NAMES: [(&str, &str); 8] = [
        ("english", "en"),
        ("tibetan", "bo"),
        ("uyghur", "ug"),
        ("uighur", "ug"),
        ("mongolian", "mn"),
        ("chinese", "zh-Hans"),
        ("simplified", "zh-Hans"),
        ("traditional", "zh-Hant"),
    ];
    let known: Vec<(String, LanguageTag)> = config
        .languages
        .iter()
        .map(|l| (l.name.clone(), l.tag.clone()))
        .chain(NAMES.iter().filter_map(|(n, t)| Some((n.to_string(), LanguageTag::parse(t)?))))
        .collect();
    let names: Vec<&str> = known.iter().map(|(n, _)| n.as_str()).collect();
    let near = crate::util::suggest::did_you_mean(suffix, &names)?;
    known.iter().find(|(n, _)| n == near).map(|(_, t)| t.clone())
}

/// Parses one file's text. Public so that `kepu check` and tests can parse without a tree.
pub(crate) fn parse_document(path: &Path, rel: &Path, text: &str, config: &Config) -> Result<Document> {
    let (stem, lang) = name_and_language(path, rel, config)?;
    let (front_src, body, body_line) = split_front_matter(path, text)?;
    check_nesting(path, front_src)?;
    let src_yaml = if front_src.trim().is_empty() { "{}" } else { front_src };
    let front: FrontMatter = yaml::parse(path, src_yaml, 1)?;
    let dir = folder_of(rel);
    let kind = if stem == "_index" { Kind::Section } else { Kind::Page };
    let key = document_key(&dir, &stem);
    let doc = Document {
        path: path.to_path_buf(),
        key,
        dir,
        stem,
        lang,
        kind,
        front,
        front_src: front_src.to_string(),
        body: body.to_string(),
        body_line,
        origin: Origin::Authored,
        body_digest: None,
    };
    validate(&doc)?;
    Ok(doc)
}

/// Deepest `[`/`{` nesting accepted in front matter. The YAML scanner is quadratic in nesting
/// depth; no real front matter comes near this, and a pasted accident should fail fast.
const MAX_NESTING: usize = 64;

fn check_nesting(path: &Path, front: &str) -> Result<()> {
    match too_deep_line(front, MAX_NESTING) {
        None => Ok(()),
        Some(i) => {
            Err(Diagnostic::in_file(path, format!("front matter nests lists or maps more than {MAX_NESTING} deep"))
                .at(i + 2, None)
                .into())
        }
    }
}

/// The index of the first line where flow collections (`[…]`, `{…}`) nest deeper than `max`.
/// A light scan of YAML's syntax, enough to tell nesting from text: brackets inside quoted
/// strings, plain text, comments and block scalars (`|`, `>`) do not count.
fn too_deep_line(front: &str, max: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    // Inside a block scalar: the indentation of the line that opened it.
    let mut block: Option<usize> = None;
    for (n, line) in front.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        if let Some(opener) = block {
            if line.trim().is_empty() || indent > opener {
                continue;
            }
            block = None;
        }
        let chars: Vec<char> = line.chars().collect();
        let spaced = |i: usize| chars.get(i).is_none_or(|c| c.is_whitespace());
        // Whether a scalar or collection may start here.
        let mut start = depth > 0 || quote.is_none();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if let Some(q) = quote {
                let escaped = (q == '"' && c == '\\') || (c == '\'' && q == '\'' && chars.get(i + 1) == Some(&'\''));
                if escaped {
                    i += 1; // `\"` in double quotes, `''` in single quotes: skip the next character
                } else if c == q {
                    quote = None;
                    start = false;
                }
                i += 1;
                continue;
            }
            match c {
                ' ' | '\t' => {}
                '#' if i == 0 || chars[i - 1].is_whitespace() => break,
                '"' | '\'' if start => quote = Some(c),
                '[' | '{' if start || depth > 0 => {
                    depth += 1;
                    if depth > max {
                        return Some(n);
                    }
                    start = true;
                }
                ']' | '}' if depth > 0 => {
                    depth -= 1;
                    start = false;
                }
                ',' if depth > 0 => start = true,
                ':' | '-' | '?' if spaced(i + 1) => start = true,
                '|' | '>' if start && depth == 0 => {
                    block = Some(indent);
                    break;
                }
                _ => start = false,
            }
            i += 1;
        }
    }
    None
}

/// Re-reads converted front matter for a derived document (same file, so the same lines).
pub(crate) fn reparse_front(doc: &Document, front_src: String) -> Result<FrontMatter> {
    let src_yaml = if front_src.trim().is_empty() { "{}" } else { front_src.as_str() };
    yaml::parse(&doc.path, src_yaml, 1)
}

/// Checks that need more than one field.
fn validate(doc: &Document) -> Result<()> {
    let mut errs = Vec::new();
    if doc.front.title.trim().is_empty() {
        errs.push(doc.error_at_key("title", "`title` must not be empty"));
    }
    if let Some(ev) = &doc.front.event {
        if let Some(end) = &ev.end {
            let before = match (ev.start, *end) {
                (DateValue::Day(s), DateValue::Day(e)) => e < s,
                (s, e) => e.moment() < s.moment(),
            };
            if before {
                let start = ev.start;
                let message = format!(
                    "event ends ({end}) before it starts ({start}): write an `end:` after the start, or leave \
                     `end:` out"
                );
                errs.push(doc.error_at_key("end", message));
            }
            if ev.start.is_all_day() != end.is_all_day() {
                let day = crate::util::dates::iso_day(ev.start.day());
                let message = format!(
                    "event `start` and `end` must both be days or both be times: write both like `{day}`, or \
                     both like `{day}T09:00:00+08:00`"
                );
                errs.push(doc.error_at_key("end", message));
            }
        }
    }
    if let Some(review) = &doc.front.review {
        if let Some(next) = &review.next {
            if next.day() < review.date.day() {
                errs.push(doc.error_at_key("next", "next review date is before the review date"));
            }
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(crate::util::error::Error::many(errs))
    }
}

/// Returns (front matter, body, line where the body starts). The block opens with `---` on the
/// first line and closes with `---` (or `...`) on a line of its own.
fn split_front_matter<'a>(path: &Path, text: &'a str) -> Result<(&'a str, &'a str, usize)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::in_file(
            path,
            "missing front matter: the file must start with a `---` line, then `title: …`, then `---`",
        )
        .at(1, Some(1))
        .into());
    }
    let start = first.len();
    let mut offset = start;
    for (i, line) in lines.enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body = &text[offset + line.len()..];
            return Ok((&text[start..offset], body, i + 3));
        }
        offset += line.len();
    }
    Err(Diagnostic::in_file(path, "front matter is not closed: add a `---` line after it").at(1, Some(1)).into())
}

#[cfg(test)]
mod tests {
    #[test]
    fn nesting_counts_flow_collections_not_text() {
        let deep = |n: usize| format!("extra: {}{}", "[".repeat(n), "]".repeat(n));
        assert_eq!(super::too_deep_line(&deep(64), 64), None);
        assert_eq!(super::too_deep_line(&format!("title: T\n{}", deep(65)), 64), Some(1));
        assert_eq!(super::too_deep_line("a: {b: [c, {d: [e]}]}", 2), Some(0));
        let brackets = "[".repeat(100);
        for text in [
            format!("title: \"{brackets}\""),
            format!("title: '{brackets} it''s'"),
            format!("title: 乙肝{brackets}"),
            format!("title: T # {brackets}"),
            format!("summary: |\n  {brackets}\n  {brackets}\ntitle: T"),
            format!("tags: [\"{brackets}\", '{brackets}']"),
            format!("title: \"a \\\" {brackets}\""),
        ] {
            assert_eq!(super::too_deep_line(&text, 64), None, "{text}");
        }
    }

    use super::*;

    #[test]
    fn splits_front_matter_with_line_numbers() {
        let (fm, body, line) = split_front_matter(Path::new("x.md"), "---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(fm, "title: a\n");
        assert_eq!(body, "body\n");
        assert_eq!(line, 4);
        assert!(split_front_matter(Path::new("x.md"), "no front matter").is_err());
        assert!(split_front_matter(Path::new("x.md"), "---\ntitle: a\n").is_err());
    }
}
