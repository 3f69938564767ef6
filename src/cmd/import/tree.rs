//! The content folder as both generators lay it out: pages (`x.md`, `x.LANG.md`), sections
//! (`_index.md`), page bundles (`x/index.md` with the page's images beside it) and the other
//! files, which are copied where they are.

use crate::cmd::import::model::{Copy, Doc, Lang};
use crate::cmd::import::source;
use crate::util::error::{Diagnostic, Result};
use std::path::{Path, PathBuf};

/// A file found in a content folder.
#[derive(Debug)]
pub(super) enum Found {
    /// A page or section, with its path inside the content folder (`post/x/index.md`).
    Markdown(String),
    /// A Markdown file inside a page bundle: a resource of that page, not a page of its own.
    BundledMarkdown(String),
    /// Any other file.
    Other(String),
}

/// Every file of a content folder, sorted, hidden files left out.
pub(super) fn walk(dir: &Path) -> Result<Vec<Found>> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| Diagnostic::in_file(e.path().unwrap_or(dir), e.to_string()))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            files.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    let is_md = |f: &str| markdown_stem(f).is_some();
    let base = |f: &str| f.rsplit('/').next().unwrap_or(f).to_string();
    // Folders holding an `index.md` (in any language) are page bundles.
    let bundles: Vec<String> = files
        .iter()
        .filter(|f| markdown_stem(&base(f)).is_some_and(|s| s == "index" || s.starts_with("index.")))
        .filter_map(|f| f.rsplit_once('/').map(|(d, _)| format!("{d}/")))
        .collect();
    let in_bundle = |f: &str| bundles.iter().any(|b| f.starts_with(b.as_str()));
    Ok(files
        .into_iter()
        .map(|f| {
            let own_index = bundles
                .iter()
                .any(|b| f.strip_prefix(b.as_str()).is_some_and(|n| !n.contains('/') && n.starts_with("index.")));
            if !is_md(&f) {
                Found::Other(f)
            } else if own_index || !in_bundle(&f) {
                Found::Markdown(f)
            } else {
                Found::BundledMarkdown(f)
            }
        })
        .collect())
}

/// Extensions Hugo and Zola read as Markdown.
const MARKDOWN: [&str; 5] = [".md", ".markdown", ".mdown", ".mkd", ".mkdn"];

/// The file name without its Markdown extension (`x.en` of `x.en.markdown`), or `None`.
pub(super) fn markdown_stem(name: &str) -> Option<&str> {
    MARKDOWN.iter().find_map(|ext| name.strip_suffix(ext))
}

/// `x.en` → (`x`, the language `en` names) when `en` is one of `languages`' file-name keys.
pub(super) fn split_language<'a>(stem: &'a str, languages: &[Lang]) -> (&'a str, Option<usize>) {
    if let Some((base, suffix)) = stem.rsplit_once('.') {
        if let Some(i) = languages.iter().position(|l| l.key.eq_ignore_ascii_case(suffix)) {
            return (base, Some(i));
        }
    }
    (stem, None)
}

/// Reads one content file: `rel` inside the content folder `dir` (itself inside the site
/// `root`), in language `lang` unless its name says another.
pub(super) fn read_doc(root: &Path, dir: &Path, rel: &str, lang: usize, languages: &[Lang]) -> Result<Doc> {
    let path = dir.join(rel);
    let source = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    let bytes = std::fs::read(&path).map_err(|e| Diagnostic::io(&source, &e))?;
    let text = crate::load::content::decode_utf8(&source, bytes)?;
    let (folder, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let (base, named) = split_language(markdown_stem(file).unwrap_or(file), languages);
    let (dir_out, stem, bundle) = match base {
        "index" if !folder.is_empty() => {
            let (parent, name) = folder.rsplit_once('/').unwrap_or(("", folder));
            (parent.to_string(), name.to_string(), Some(name.to_string()))
        }
        _ => (folder.to_string(), base.to_string(), None),
    };
    let (format, front_src, front_line, body, body_line) = match source::split(&text) {
        Some(s) => (s.format, s.front.to_string(), s.front_line, s.body.to_string(), s.body_line),
        None => (source::Format::Yaml, String::new(), 1, text.clone(), 1),
    };
    let front = source::parse(format, &front_src).map_err(|(line, msg)| {
        let d = Diagnostic::in_file(&source, format!("front matter cannot be read: {msg}"));
        match line {
            Some(l) => d.at(l + front_line - 1, None),
            None => d,
        }
    })?;
    Ok(Doc {
        source,
        lang: named.unwrap_or(lang),
        rel: rel.to_string(),
        dir: dir_out,
        stem,
        bundle,
        front,
        front_src,
        front_line,
        body,
        body_line,
        old_url: None,
    })
}

/// The static folder's files, copied to the new site's `static/`.
pub(super) fn statics(root: &Path) -> Result<Vec<Copy>> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    Ok(walk(&dir)?
        .into_iter()
        .map(|f| {
            let rel = match f {
                Found::Markdown(r) | Found::BundledMarkdown(r) | Found::Other(r) => r,
            };
            Copy { from: dir.join(&rel), to: PathBuf::from("static").join(rel) }
        })
        .collect())
}
