//! Where templates, static files and UI strings come from: the site's theme folder, or the
//! default theme embedded in the binary, overlaid file by file by the site's own `templates/`,
//! `static/` and `i18n/`.

use crate::load::config::Config;
use crate::load::content::decode_utf8;
use crate::load::i18n::{flatten, Strings, Table};
use crate::util::error::{Diagnostic, Result};
use include_dir::Dir;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A file's bytes, from disk or from the binary.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

impl Source {
    pub(crate) fn read(&self, root: &Path) -> Result<Vec<u8>> {
        match self {
            Source::Embedded(b) => Ok(b.to_vec()),
            Source::Disk(p) => std::fs::read(root.join(p)).map_err(|e| Diagnostic::io(p, &e).into()),
        }
    }
}

/// A template's text and where it came from (for error messages).
#[derive(Debug, Clone)]
pub(crate) struct TemplateSource {
    pub(crate) text: String,
    pub(crate) origin: PathBuf,
}

#[derive(Debug)]
pub(crate) struct Theme {
    /// Template name (`page.html`) → source.
    pub(crate) templates: BTreeMap<String, TemplateSource>,
    /// Path inside the output folder → source.
    pub(crate) statics: BTreeMap<PathBuf, Source>,
    pub(crate) strings: Strings,
}

/// The embedded theme's folder label in messages.
const EMBEDDED: &str = "(built-in default theme)";

impl Theme {
    pub(crate) fn load(root: &Path, config: &Config) -> Result<Theme> {
        let mut files: Vec<(PathBuf, Source)> = Vec::new();
        let theme_dir = Path::new("themes").join(&config.theme);
        if root.join(&theme_dir).is_dir() {
            files.extend(disk_files(root, &theme_dir)?);
        } else if config.theme == "default" {
            embedded_files(&crate::load::default_theme::FILES, &mut files);
        } else {
            return Err(Diagnostic::in_file(
                root.join(crate::load::config::CONFIG_FILE),
                format!("theme `{}` not found: expected a folder {}", config.theme, theme_dir.display()),
            )
            .into());
        }
        // The site's own folders override the theme's, file by file.
        for dir in ["templates", "static", "i18n"] {
            if root.join(dir).is_dir() {
                files.extend(
                    disk_files(root, Path::new(dir))?.into_iter().map(|(rel, src)| (Path::new(dir).join(rel), src)),
                );
            }
        }
        let mut templates = BTreeMap::new();
        let mut statics = BTreeMap::new();
        let mut i18n: BTreeMap<String, Vec<(PathBuf, Vec<u8>)>> = BTreeMap::new();
        for (rel, src) in files {
            let origin = match &src {
                Source::Disk(p) => p.clone(),
                Source::Embedded(_) => Path::new(EMBEDDED).join(&rel),
            };
            let mut parts = rel.components();
            let top = parts.next().map(|c| c.as_os_str().to_string_lossy().to_string()).unwrap_or_default();
            let inner: PathBuf = parts.collect();
            match top.as_str() {
                "templates" => {
                    let text = decode_utf8(&origin, src.read(root)?)?;
                    let name = inner.to_string_lossy().replace('\\', "/");
                    templates.insert(name, TemplateSource { text, origin });
                }
                "static" => {
                    statics.insert(inner, src);
                }
                "i18n" if inner.extension().is_some_and(|e| e == "yaml" || e == "yml") => {
                    let lang = inner.file_stem().map(|s| s.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
                    i18n.entry(lang).or_default().push((origin, src.read(root)?));
                }
                _ => {}
            }
        }
        let strings = load_strings(config, &i18n)?;
        Ok(Theme { templates, statics, strings })
    }
}

/// Builds each language's string table: theme file first, the site's file over it. A language
/// without a file of its own reads one of the same language (`zh.yaml`, or `zh-hans.yaml` for
/// `zh-SG`); any string still missing comes from the default language, then from English, so a
/// raw key never reaches a page.
fn load_strings(config: &Config, files: &BTreeMap<String, Vec<(PathBuf, Vec<u8>)>>) -> Result<Strings> {
    let mut tables = Vec::new();
    for lang in &config.languages {
        let same_language = || {
            let prefix = format!("{}-", lang.tag.primary());
            files.iter().find(|(name, _)| name.starts_with(&prefix)).map(|(_, layers)| layers)
        };
        let layers = files.get(&lang.tag.url_form()).or_else(|| files.get(lang.tag.primary())).or_else(same_language);
        tables.push(table(layers)?);
    }
    let english = table(files.get("en"))?;
    Ok(Strings::new(config.languages.iter().map(|l| l.tag.clone()).collect(), tables, english))
}

/// The flattened strings of one language's files, later files over earlier ones.
fn table(layers: Option<&Vec<(PathBuf, Vec<u8>)>>) -> Result<Table> {
    let mut table = Table::default();
    for (origin, bytes) in layers.into_iter().flatten() {
        let text = decode_utf8(origin, bytes.clone())?;
        let value: serde_yaml::Value = crate::load::yaml::parse(origin, &text, 0)?;
        flatten("", &value, &mut table);
    }
    Ok(table)
}

fn disk_files(root: &Path, dir: &Path) -> Result<Vec<(PathBuf, Source)>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
        let entry = entry.map_err(|e| Diagnostic::in_file(dir, e.to_string()))?;
        if entry.file_type().is_file() {
            let full = entry.path();
            let rel_to_root = full.strip_prefix(root).unwrap_or(full).to_path_buf();
            let rel_to_dir = full.strip_prefix(root.join(dir)).unwrap_or(full).to_path_buf();
            if rel_to_dir.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')) {
                continue;
            }
            out.push((rel_to_dir, Source::Disk(rel_to_root)));
        }
    }
    Ok(out)
}

fn embedded_files(dir: &'static Dir<'static>, out: &mut Vec<(PathBuf, Source)>) {
    for f in dir.files() {
        out.push((f.path().to_path_buf(), Source::Embedded(f.contents())));
    }
    for d in dir.dirs() {
        embedded_files(d, out);
    }
}
