//! `site.yaml`: the site's configuration, validated up front so later stages can trust it.

use crate::load::yaml::{self, key_line};
use crate::util::error::{Diagnostic, Result};
use crate::util::lang::{Direction, LanguageTag};
use crate::util::phone::Country;
use serde::Deserialize;
use std::path::Path;

pub(crate) const CONFIG_FILE: &str = "site.yaml";

/// The raw file, exactly as authors write it. Unknown keys are errors (typos must not pass silently).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    base_url: String,
    default_language: Option<LanguageTag>,
    #[serde(default)]
    prefix_default_language: bool,
    #[serde(default, deserialize_with = "languages")]
    #[schemars(with = "Vec<LanguageEntry>")]
    languages: Vec<RawLanguage>,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_taxonomies")]
    taxonomies: Vec<String>,
    #[serde(default = "default_paginate_by", alias = "items_per_page")]
    paginate_by: usize,
    #[serde(default = "default_feed_limit")]
    feed_limit: usize,
    #[serde(default)]
    markdown: MarkdownOptions,
    #[serde(default = "yes")]
    fingerprint: bool,
    #[serde(default)]
    headers_file: bool,
    #[serde(default)]
    flyer: FlyerOptions,
    #[serde(default)]
    plain: PlainOptions,
    /// The organizer's logo: a file in the site's `static/` folder (e.g. `logo.png`), shown at
    /// the top of flyers.
    #[serde(default)]
    logo: Option<String>,
    /// The country whose phone numbers pages and flyers show in the form dialled at home (ISO
    /// code such as `CN`); by default the country of the default language.
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    images: ImageOptions,
    /// Where `kepu deploy` publishes the built site: S3-compatible buckets (Alibaba OSS,
    /// Tencent COS, AWS S3). Keys never go here: they come from the environment.
    #[serde(default)]
    deploy: Vec<RawDeployTarget>,
    #[serde(default)]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    extra: serde_yaml::Mapping,
}

/// One `deploy:` entry, as written.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawDeployTarget {
    /// The name `kepu deploy NAME` takes (e.g. `oss`, `staging`).
    name: String,
    /// The bucket and the folder in it: `s3://BUCKET` or `s3://BUCKET/FOLDER`.
    url: String,
    /// The storage's S3 address, e.g. `https://oss-cn-hangzhou.aliyuncs.com`,
    /// `https://cos.ap-guangzhou.myqcloud.com` or `https://s3.eu-west-1.amazonaws.com`.
    endpoint: String,
    /// The storage region, e.g. `oss-cn-hangzhou`, `ap-guangzhou`, `eu-west-1`.
    region: String,
    /// Address the bucket as `BUCKET.ENDPOINT` (needed by Alibaba OSS and Tencent COS).
    #[serde(default)]
    virtual_host: bool,
    /// The site's public address on this bucket (e.g. `https://health.example.org`), checked
    /// after each deploy for folder URLs serving their index.html.
    #[serde(default)]
    website: Option<String>,
}

/// What `languages:` takes, for the JSON Schema: a tag alone or a block.
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum LanguageEntry {
    /// A language tag alone: `- bo`.
    Tag(LanguageTag),
    /// A language with its settings.
    Block(RawLanguage),
}

fn yes() -> bool {
    true
}

/// Paper for printed flyers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
pub(crate) enum PaperSize {
    #[default]
    A4,
    A5,
}

/// Which pages' bilingual flyers (`…/flyer-en.html`) a build publishes. Every page's own flyer
/// is always published, and `kepu flyer --with` prints any bilingual sheet on demand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Bilingual {
    /// Event notices (pinned up where two languages are read), and the articles that ask for
    /// one with `flyer: {bilingual: true}`.
    #[default]
    Events,
    /// Every page that has a translation in another language.
    All,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct FlyerOptions {
    pub(crate) size: PaperSize,
    /// Sites that never print can skip writing flyer pages.
    pub(crate) enabled: bool,
    /// `events` (the default) or `all`: whose bilingual flyers are published.
    pub(crate) bilingual: Bilingual,
}

impl Default for FlyerOptions {
    fn default() -> Self {
        FlyerOptions { size: PaperSize::A4, enabled: true, bilingual: Bilingual::Events }
    }
}

/// How pictures in `content/` are published.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct ImageOptions {
    /// Publish each original unchanged under its own name, with its camera metadata (GPS
    /// position, camera, time). Off by default: published pictures carry none.
    pub(crate) keep_metadata: bool,
}

/// A language as site.yaml lists it: a tag alone (`- bo`) or a block (`- code: bo`, …).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: LanguageTag,
    name: Option<String>,
    dir: Option<Direction>,
    prefix: Option<String>,
    title: Option<String>,
    description: Option<String>,
    derived_from: Option<LanguageTag>,
    conversion: Option<Conversion>,
    #[serde(default)]
    fallback: bool,
}

/// `languages:`, each entry a tag alone or a block.
fn languages<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Vec<RawLanguage>, D::Error> {
    use serde::de::Error;
    let entries = Vec::<serde_yaml::Value>::deserialize(d)?;
    entries
        .into_iter()
        .map(|entry| match entry {
            serde_yaml::Value::String(_) => {
                let code = LanguageTag::deserialize(entry).map_err(D::Error::custom)?;
                Ok(RawLanguage {
                    code,
                    name: None,
                    dir: None,
                    prefix: None,
                    title: None,
                    description: None,
                    derived_from: None,
                    conversion: None,
                    fallback: false,
                })
            }
            block => RawLanguage::deserialize(block).map_err(D::Error::custom),
        })
        .collect()
}

/// How a derived language's text is produced from its source language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Conversion {
    /// Simplified → Traditional Chinese (OpenCC standard).
    S2t,
    /// Simplified → Traditional Chinese, Taiwan vocabulary.
    S2tw,
    /// Simplified → Traditional Chinese, Hong Kong variant.
    S2hk,
}

/// A language whose missing pages are generated from another language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Derivation {
    /// Index of the source language.
    pub(crate) from: usize,
    pub(crate) conversion: Conversion,
}

/// Thresholds of `kepu check --plain`, the plain-language report.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct PlainOptions {
    /// Pages scoring below this (0–100, higher is plainer) get a warning.
    pub(crate) min_score: u8,
    /// A Chinese sentence longer than this many characters counts as long.
    pub(crate) long_sentence_characters: usize,
    /// A sentence in other languages longer than this many words (Tibetan: syllables) counts as long.
    pub(crate) long_sentence_words: usize,
    /// English pages above this Flesch–Kincaid grade get a warning.
    pub(crate) max_grade: f64,
    /// Chinese pages with more than this percentage of characters outside the 3,500 common ones get a warning.
    pub(crate) max_uncommon_percent: f64,
    /// The site's own glossary of terms to explain, beside the built-in one.
    pub(crate) glossary: String,
}

impl Default for PlainOptions {
    fn default() -> Self {
        PlainOptions {
            min_score: 60,
            long_sentence_characters: 40,
            long_sentence_words: 25,
            max_grade: 8.0,
            max_uncommon_percent: 2.0,
            glossary: "glossary.yaml".into(),
        }
    }
}

/// Markdown extensions; all on by default.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct MarkdownOptions {
    pub(crate) tables: bool,
    pub(crate) footnotes: bool,
    pub(crate) strikethrough: bool,
    pub(crate) tasklists: bool,
    pub(crate) smart_punctuation: bool,
    pub(crate) highlight_code: bool,
    /// Open external links in the same tab unless set (new tabs confuse many older readers).
    pub(crate) external_links_new_tab: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            tables: true,
            footnotes: true,
            strikethrough: true,
            tasklists: true,
            smart_punctuation: false,
            highlight_code: true,
            external_links_new_tab: false,
        }
    }
}

fn default_theme() -> String {
    "default".into()
}
fn default_taxonomies() -> Vec<String> {
    vec!["tags".into(), "specialties".into()]
}
fn default_paginate_by() -> usize {
    10
}
fn default_feed_limit() -> usize {
    20
}

/// A validated `deploy:` target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DeployTarget {
    pub(crate) name: String,
    pub(crate) bucket: String,
    /// The folder inside the bucket, without slashes at either end; empty for the whole bucket.
    pub(crate) prefix: String,
    /// Without a trailing slash.
    pub(crate) endpoint: String,
    pub(crate) region: String,
    pub(crate) virtual_host: bool,
    /// The public address, without a trailing slash.
    pub(crate) website: Option<String>,
}

#[cfg_attr(not(feature = "deploy"), allow(dead_code))]
impl DeployTarget {
    /// `s3://bucket/prefix`, as site.yaml writes it.
    pub(crate) fn url(&self) -> String {
        if self.prefix.is_empty() {
            format!("s3://{}", self.bucket)
        } else {
            format!("s3://{}/{}", self.bucket, self.prefix)
        }
    }
}

/// Whether `name` is a bucket name S3, OSS and COS all accept: 3–63 lower-case letters, digits,
/// dots and hyphens, starting and ending with a letter or digit.
fn is_bucket_name(name: &str) -> bool {
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && edge_ok(name.chars().next())
        && edge_ok(name.chars().last())
}

/// Checks one `deploy:` entry; the message names it and says what to write instead.
fn deploy_target(raw: RawDeployTarget) -> std::result::Result<DeployTarget, String> {
    let name = raw.name.trim().to_string();
    if !crate::util::slug::is_safe_segment(&name) {
        return Err(format!(
            "deploy target name `{}` must be one word (letters, digits, - and _), e.g. `name: oss`",
            raw.name
        ));
    }
    let Some(rest) = raw.url.trim().strip_prefix("s3://") else {
        return Err(format!(
            "deploy target `{name}`: url `{}` must name the bucket as `s3://BUCKET/FOLDER`, e.g. `url: s3://health-site`",
            raw.url
        ));
    };
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    if !is_bucket_name(bucket) {
        return Err(format!(
            "deploy target `{name}`: `{bucket}` is not a bucket name (3–63 lower-case letters, digits, . and -)"
        ));
    }
    let prefix = prefix.trim_matches('/');
    if !prefix.is_empty() && !prefix.split('/').all(crate::util::slug::is_safe_segment) {
        return Err(format!(
            "deploy target `{name}`: the folder `{prefix}` in url must be plain names separated by /, e.g. `s3://{bucket}/site`"
        ));
    }
    let endpoint = raw.endpoint.trim().trim_end_matches('/').to_string();
    if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
        return Err(format!(
            "deploy target `{name}`: endpoint `{}` must be a full address, e.g. `endpoint: https://oss-cn-hangzhou.aliyuncs.com`",
            raw.endpoint
        ));
    }
    let region = raw.region.trim().to_string();
    if region.is_empty() {
        return Err(format!(
            "deploy target `{name}`: region is empty; write the storage's region, e.g. `region: ap-guangzhou`"
        ));
    }
    let website = raw.website.map(|w| w.trim().trim_end_matches('/').to_string());
    if let Some(w) = &website {
        check_base_url(w, "website: ").map_err(|m| format!("deploy target `{name}`: {m}"))?;
    }
    Ok(DeployTarget {
        name,
        bucket: bucket.to_string(),
        prefix: prefix.to_string(),
        endpoint,
        region,
        virtual_host: raw.virtual_host,
        website,
    })
}

/// Checks every `deploy:` entry and that no two share a name; an error names the entry's
/// position in the list.
fn deploy_targets(raw: Vec<RawDeployTarget>) -> std::result::Result<Vec<DeployTarget>, (usize, String)> {
    let mut targets: Vec<DeployTarget> = Vec::new();
    for (i, r) in raw.into_iter().enumerate() {
        let t = deploy_target(r).map_err(|m| (i, m))?;
        if targets.iter().any(|o| o.name == t.name) {
            return Err((i, format!("deploy target `{}` is listed twice; give each target its own name", t.name)));
        }
        targets.push(t);
    }
    Ok(targets)
}

/// The line of the `index`-th entry (`- `) of the block list under `deploy:`, if it is one.
fn deploy_entry_line(src: &str, index: usize) -> Option<usize> {
    let start = key_line(src, "deploy")?;
    let lines: Vec<&str> = src.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let entries = lines
        .iter()
        .enumerate()
        .skip(start)
        .take_while(|(_, l)| l.trim().is_empty() || indent(l) > 0 || l.starts_with('-'));
    let first = lines.get(start).map(|l| indent(l))?;
    entries.filter(|(_, l)| indent(l) == first && l.trim_start().starts_with("- ")).nth(index).map(|(n, _)| n + 1)
}

/// One configured language.
#[derive(Debug, Clone)]
pub(crate) struct Language {
    pub(crate) tag: LanguageTag,
    pub(crate) name: String,
    pub(crate) dir: Direction,
    /// URL path prefix without slashes; empty for the unprefixed default language.
    pub(crate) prefix: String,
    /// The site's title and description in this language.
    pub(crate) title: String,
    pub(crate) description: String,
    /// Pages missing in this language are converted from another language.
    pub(crate) derived: Option<Derivation>,
    /// Pages missing in this language (and not derived) are shown in the default language with a notice.
    pub(crate) fallback: bool,
}

impl Language {
    /// The language's name in URLs below a page (`en`, `zh-hant`), also for the unprefixed
    /// default language.
    pub(crate) fn url_form_or_prefix(&self) -> String {
        if self.prefix.is_empty() {
            self.tag.url_form()
        } else {
            self.prefix.clone()
        }
    }

    /// The language's home URL: `/` or `/en/`.
    pub(crate) fn home_url(&self) -> String {
        if self.prefix.is_empty() {
            "/".into()
        } else {
            format!("/{}/", self.prefix)
        }
    }
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// Without a trailing slash, e.g. `https://health.example.org`.
    pub(crate) base_url: String,
    /// Languages in configuration order; the default language is always first.
    pub(crate) languages: Vec<Language>,
    pub(crate) theme: String,
    pub(crate) taxonomies: Vec<String>,
    pub(crate) paginate_by: usize,
    pub(crate) feed_limit: usize,
    pub(crate) markdown: MarkdownOptions,
    /// Put content hashes in static file names (`style.3f2a9c1e.css`).
    pub(crate) fingerprint: bool,
    /// Write a `_headers` file giving fingerprinted files long cache lifetimes.
    pub(crate) headers_file: bool,
    pub(crate) flyer: FlyerOptions,
    pub(crate) plain: PlainOptions,
    /// Path of the logo inside `static/`.
    pub(crate) logo: Option<String>,
    /// Phone numbers of this country are shown in their national form.
    pub(crate) country: Option<Country>,
    pub(crate) images: ImageOptions,
    /// Where `kepu deploy` publishes, in site.yaml's order.
    #[cfg_attr(not(feature = "deploy"), allow(dead_code))]
    pub(crate) deploy: Vec<DeployTarget>,
    pub(crate) extra: serde_yaml::Mapping,
    /// What Kepu read differently from how it was written (`zh-CN` as `zh-Hans`), to tell the
    /// author once per build.
    pub(crate) notes: Vec<String>,
}

/// Replaces a Chinese tag written with a region by the script tag Kepu uses, noting it.
fn prefer(tag: &mut LanguageTag, notes: &mut Vec<String>) {
    if let Some(preferred) = tag.preferred() {
        notes.push(format!(
            "note: site.yaml: `{tag}` is read as `{preferred}`, the tag for its script; write `{preferred}` to \
             silence this note"
        ));
        *tag = preferred;
    }
}

/// `base_url` is the address flyers' QR codes and feeds point to: empty (a site previewed
/// locally) or absolute, starting with `https://` or `http://`. `given` is how the author wrote
/// it (`base_url: ` in site.yaml, `--base-url ` on the command line), to show the fix the same way.
pub(crate) fn check_base_url(url: &str, given: &str) -> std::result::Result<(), String> {
    let url = url.trim();
    if url.is_empty() || url.starts_with("https://") || url.starts_with("http://") {
        return Ok(());
    }
    let host = url.trim_start_matches('/');
    let name = given.trim_end_matches([':', ' ']);
    Err(format!("{name} `{url}` is not a full address; QR codes and feeds need one like `{given}https://{host}`"))
}

/// The JSON Schema of site.yaml, from the types that read it.
pub(crate) fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(RawConfig)).unwrap_or_default()
}

impl Config {
    pub(crate) fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Diagnostic::new(format!(
                "no {CONFIG_FILE} in {}: this is not a Kepu site yet. Start one here with `kepu init`, \
                 or name the site's folder with `--root FOLDER`",
                root.display()
            )),
            _ => Diagnostic::io(&path, &e),
        })?;
        let src = String::from_utf8(bytes).map_err(|e| {
            Diagnostic::in_file(&path, format!("not valid UTF-8 (byte {})", e.utf8_error().valid_up_to()))
        })?;
        Config::parse(&path, &src)
    }

    pub(crate) fn parse(path: &Path, src: &str) -> Result<Config> {
        let mut raw: RawConfig = yaml::parse(path, src, 0)?;
        let mut notes = Vec::new();
        for l in &mut raw.languages {
            prefer(&mut l.code, &mut notes);
            if let Some(from) = &mut l.derived_from {
                prefer(from, &mut notes);
            }
        }
        if let Some(tag) = &mut raw.default_language {
            prefer(tag, &mut notes);
        }
        notes.dedup();
        let at_key = |key: &str, msg: String| {
            let d = Diagnostic::in_file(path, msg);
            match key_line(src, key) {
                Some(line) => d.at(line, None),
                None => d,
            }
        };

        check_base_url(&raw.base_url, "base_url: ").map_err(|m| at_key("base_url", m))?;
        if let Some(logo) = &raw.logo {
            let root = path.parent().unwrap_or(Path::new("."));
            let file = logo.trim_start_matches('/');
            if !file.split('/').all(crate::util::slug::is_safe_segment) || !root.join("static").join(file).is_file() {
                return Err(at_key(
                    "logo",
                    format!("logo `{logo}` is not a file in static/: put the picture at static/{file}, or write its name there, e.g. `logo: logo.png`"),
                )
                .into());
            }
        }
        let derivations: Vec<(LanguageTag, LanguageTag, Conversion)> = raw
            .languages
            .iter()
            .filter_map(|l| {
                l.derived_from.clone().map(|f| (l.code.clone(), f, l.conversion.unwrap_or(Conversion::S2t)))
            })
            .collect();
        let mut languages: Vec<Language> = raw
            .languages
            .into_iter()
            .map(|l| Language {
                derived: None,
                fallback: l.fallback,
                dir: l.dir.unwrap_or_else(|| l.code.direction()),
                name: l.name.unwrap_or_else(|| l.code.to_string()),
                prefix: l.prefix.unwrap_or_else(|| l.code.url_form()),
                title: l.title.unwrap_or_else(|| raw.title.clone()),
                description: l.description.unwrap_or_else(|| raw.description.clone()),
                tag: l.code,
            })
            .collect();
        let default = match raw.default_language {
            Some(tag) => tag,
            None => match languages.first() {
                Some(l) => l.tag.clone(),
                // A site that names no language is written in Simplified Chinese, the language
                // most of Kepu's users write in.
                None => LanguageTag::parse("zh-Hans").expect("a valid tag"),
            },
        };
        if languages.is_empty() {
            languages.push(Language {
                dir: default.direction(),
                name: default.to_string(),
                prefix: default.url_form(),
                derived: None,
                fallback: false,
                title: raw.title.clone(),
                description: raw.description.clone(),
                tag: default.clone(),
            });
        }
        let Some(pos) = languages.iter().position(|l| l.tag == default) else {
            return Err(at_key(
                "default_language",
                format!("default_language `{default}` is not listed under `languages`"),
            )
            .into());
        };
        let country = match &raw.country {
            Some(code) => Some(Country::parse(code).ok_or_else(|| {
                at_key(
                    "country",
                    format!("`country: {code}` is not a country code: write its two letters, e.g. `country: CN`"),
                )
            })?),
            None => default.likely_region().and_then(|r| Country::parse(&r)),
        };
        let default_lang = languages.remove(pos);
        languages.insert(0, default_lang);
        if !raw.prefix_default_language {
            languages[0].prefix.clear();
        }
        for (i, l) in languages.iter().enumerate() {
            if let Some(why) = l.tag.unsupported() {
                return Err(at_key("languages", why).into());
            }
            if languages[..i].iter().any(|o| o.tag == l.tag) {
                return Err(at_key("languages", format!("language `{}` is listed twice", l.tag)).into());
            }
            let prefix_ok = l.prefix.split('/').all(crate::util::slug::is_safe_segment) || l.prefix.is_empty();
            if !prefix_ok || languages[..i].iter().any(|o| o.prefix == l.prefix) {
                return Err(at_key(
                    "prefix",
                    format!("language `{}` has an invalid or duplicate URL prefix `{}`", l.tag, l.prefix),
                )
                .into());
            }
        }
        for (code, from, conversion) in &derivations {
            let (code, from, conversion) = (code.clone(), from.clone(), *conversion);
            let from_index = languages.iter().position(|l| l.tag == from);
            let Some(from_index) = from_index.filter(|i| languages[*i].tag != code) else {
                return Err(at_key(
                    "derived_from",
                    format!("language `{code}` is derived from `{from}`, which is not another listed language"),
                )
                .into());
            };
            if derivations.iter().any(|(c, _, _)| *c == from) {
                return Err(at_key(
                    "derived_from",
                    format!("language `{from}` is itself derived; derive `{code}` from an authored language"),
                )
                .into());
            }
            if let Some(l) = languages.iter_mut().find(|l| l.tag == code) {
                l.derived = Some(Derivation { from: from_index, conversion });
            }
        }
        for t in &raw.taxonomies {
            if !crate::util::slug::is_safe_segment(t) {
                return Err(
                    at_key("taxonomies", format!("taxonomy name `{t}` must be a simple lower-case word")).into()
                );
            }
        }
        if raw.paginate_by == 0 {
            return Err(at_key("paginate_by", "`paginate_by` must be at least 1".into()).into());
        }
        let deploy = deploy_targets(raw.deploy).map_err(|(i, m)| match deploy_entry_line(src, i) {
            Some(line) => Diagnostic::in_file(path, m).at(line, None),
            None => at_key("deploy", m),
        })?;
        Ok(Config {
            base_url: raw.base_url.trim_end_matches('/').to_string(),
            languages,
            theme: raw.theme,
            taxonomies: raw.taxonomies,
            paginate_by: raw.paginate_by,
            feed_limit: raw.feed_limit,
            markdown: raw.markdown,
            fingerprint: raw.fingerprint,
            headers_file: raw.headers_file,
            flyer: raw.flyer,
            plain: raw.plain,
            logo: raw.logo.map(|l| l.trim_start_matches('/').to_string()),
            country,
            images: raw.images,
            deploy,
            extra: raw.extra,
            notes,
        })
    }

    pub(crate) fn default_language(&self) -> &Language {
        &self.languages[0]
    }

    /// Finds a configured language by tag, case-insensitively.
    /// The listed language `tag` names, `zh-CN` naming `zh-Hans` too.
    pub(crate) fn language(&self, tag: &LanguageTag) -> Option<&Language> {
        let preferred = tag.preferred();
        self.languages.iter().find(|l| &l.tag == tag || Some(&l.tag) == preferred.as_ref())
    }

    pub(crate) fn permalink(&self, url: &str) -> String {
        format!("{}{}", self.base_url, url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TARGETS: &str = "title: t\ndeploy:\n  - name: oss\n    url: s3://health-site/www/\n    endpoint: https://oss-cn-hangzhou.aliyuncs.com/\n    region: oss-cn-hangzhou\n    virtual_host: true\n  - name: cos\n    url: s3://site-1250000000\n    endpoint: https://cos.ap-guangzhou.myqcloud.com\n    region: ap-guangzhou\n";

    fn error(src: &str) -> String {
        Config::parse(Path::new("site.yaml"), src).expect_err("invalid").to_string()
    }

    #[test]
    fn deploy_targets_are_read_and_tidied() {
        let c = Config::parse(Path::new("site.yaml"), TARGETS).expect("valid");
        let oss = &c.deploy[0];
        assert_eq!(
            (oss.bucket.as_str(), oss.prefix.as_str(), oss.url()),
            ("health-site", "www", "s3://health-site/www".into())
        );
        assert_eq!(oss.endpoint, "https://oss-cn-hangzhou.aliyuncs.com");
        assert!(oss.virtual_host && !c.deploy[1].virtual_host);
        assert_eq!(c.deploy[1].prefix, "");
    }

    #[test]
    fn a_bad_deploy_target_is_named_at_its_line() {
        let err = error(&TARGETS.replace("s3://site-1250000000", "site"));
        assert!(err.starts_with("site.yaml:8: ") && err.contains("s3://BUCKET"), "{err}");
        let err = error(&TARGETS.replace("https://cos.", "cos."));
        assert!(err.starts_with("site.yaml:8: ") && err.contains("endpoint"), "{err}");
        let err = error(&TARGETS.replace("name: cos", "name: oss"));
        assert!(err.contains("listed twice"), "{err}");
        let err = error(&TARGETS.replace("s3://health-site", "s3://Health_Site"));
        assert!(err.starts_with("site.yaml:3: ") && err.contains("bucket name"), "{err}");
        let err = error(&format!("{TARGETS}    secret_access_key: x\n"));
        assert!(err.contains("secret_access_key"), "{err}");
    }
}
