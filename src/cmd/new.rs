//! `kepu new`: a new content file with every useful key present and explained, dated today.

use crate::cmd::starter::{self, Kind};
use crate::load::config::Config;
use crate::util::error::{Diagnostic, Error};
use crate::util::lang::LanguageTag;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// Writes `content/PATH.md` (or `PATH.LANG.md` for another language than the default).
pub(super) fn run(root: &Path, kind: Kind, path: &str, lang: Option<&str>, today: NaiveDate) -> Result<bool, Error> {
    let config = Config::load(root)?;
    let default = &config.default_language().tag;
    let lang = match lang {
        None => default.clone(),
        Some(code) => {
            let tag = LanguageTag::parse(code)
                .ok_or_else(|| Diagnostic::new(format!("`{code}` is not a language tag; write e.g. `--lang en`")))?;
            if !config.languages.iter().any(|l| l.tag == tag) {
                let listed: Vec<String> = config.languages.iter().map(|l| l.tag.to_string()).collect();
                return Err(Diagnostic::new(format!(
                    "site.yaml does not list `{tag}`; its languages are {}. Add it under `languages:` first",
                    listed.join(", ")
                ))
                .into());
            }
            tag
        }
    };
    let rel = content_path(path, (lang != *default).then_some(&lang))?;
    let file = root.join(&rel);
    if file.exists() {
        return Err(Diagnostic::in_file(&rel, "already exists; choose another name, or edit this file").into());
    }
    let stem = rel.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let title = stem.split('.').next().unwrap_or_default().replace(['-', '_'], " ");
    let original = content_path(path, None)?;
    let translation = lang != *default && root.join(&original).is_file();
    let text = if translation {
        starter::translation_file(&title, today, &original)
    } else {
        starter::new_file(kind, &title, today)
    };
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
    }
    std::fs::write(&file, text).map_err(|e| Diagnostic::io(&rel, &e))?;
    let next = if translation { "translate the title and the text" } else { "fill in the title and the values" };
    println!("Wrote {}: {next}, then see it with `kepu serve`", rel.display());
    Ok(true)
}

/// `articles/eye-care`, `content/articles/eye-care.md` → `content/articles/eye-care[.LANG].md`.
fn content_path(path: &str, lang: Option<&LanguageTag>) -> Result<PathBuf, Error> {
    let trimmed = path.trim_start_matches("./").trim_start_matches("content/").trim_end_matches(".md");
    let safe =
        !trimmed.is_empty() && Path::new(trimmed).components().all(|c| matches!(c, std::path::Component::Normal(_)));
    if !safe {
        return Err(Diagnostic::new(format!(
            "`{path}` is not a path inside content/; write e.g. `kepu new article articles/eye-care`"
        ))
        .into());
    }
    let name = match lang {
        Some(tag) => format!("{trimmed}.{}.md", tag.url_form()),
        None => format!("{trimmed}.md"),
    };
    Ok(Path::new(crate::load::content::CONTENT_DIR).join(name))
}
