//! `kepu import hugo|zola SRC DEST`: a new Kepu site made from a Hugo or Zola site. The old
//! site is only read; the new one is converted in memory first and written into a new or empty
//! folder only when every file could be read, then the report says what needs a person.

mod convert;
mod frontmatter;
mod hugo;
mod model;
mod report;
mod shortcodes;
mod source;
mod tree;
mod urls;
mod zola;

use crate::util::error::{Diagnostic, Error};
use std::path::{Path, PathBuf};

/// The generator a site comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum From {
    Hugo,
    Zola,
}

/// Imports the site in `src` into the new folder `dest`.
pub(super) fn run(from: From, src: &Path, dest: &Path) -> Result<bool, Error> {
    if !src.is_dir() {
        return Err(Diagnostic::new(format!(
            "{} is not a folder; name the folder of the site to import",
            src.display()
        ))
        .into());
    }
    refuse_dest(src, dest, from)?;
    let mut report = report::Report::default();
    let foreign = match from {
        From::Hugo => hugo::read(src, &mut report)?,
        From::Zola => zola::read(src, &mut report)?,
    };
    let files = convert::convert(&foreign, &mut report);
    for (rel, text) in &files {
        write(dest, rel, text.as_bytes())?;
    }
    for copy in &foreign.copies {
        let bytes = std::fs::read(&copy.from).map_err(|e| Diagnostic::io(&copy.from, &e))?;
        write(dest, &copy.to, &bytes)?;
    }
    report.needs.sort();
    let text = report.render(foreign.dialect.name(), &src.display().to_string(), &dest.display().to_string());
    write(dest, Path::new("import-report.txt"), text.as_bytes())?;
    // A reader who pipes the report into `head` has what they asked for; a closed pipe is no error.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
    Ok(true)
}

fn write(dest: &Path, rel: &Path, bytes: &[u8]) -> Result<(), Error> {
    let path = dest.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
    }
    std::fs::write(&path, bytes).map_err(|e| Diagnostic::io(&path, &e).into())
}

/// `dest` must be new or empty, and outside `src`, which is never written.
fn refuse_dest(src: &Path, dest: &Path, from: From) -> Result<(), Error> {
    let name = match from {
        From::Hugo => "hugo",
        From::Zola => "zola",
    };
    let suggestion =
        format!("kepu import {name} {} {}-kepu", src.display(), src.display().to_string().trim_end_matches('/'));
    let empty = match std::fs::read_dir(dest) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => return Err(Diagnostic::io(dest, &e).into()),
    };
    if !empty {
        return Err(Diagnostic::new(format!(
            "{} is not empty; `kepu import` writes a new site into a new or empty folder. Try `{suggestion}`",
            dest.display()
        ))
        .into());
    }
    let src_abs = src.canonicalize().map_err(|e| Diagnostic::io(src, &e))?;
    if absolute(dest).starts_with(&src_abs) {
        return Err(Diagnostic::new(format!(
            "{} is inside the site being imported, which `kepu import` never writes to. Try `{suggestion}`",
            dest.display()
        ))
        .into());
    }
    Ok(())
}

/// `path` made absolute through its nearest existing folder (it may not exist yet).
fn absolute(path: &Path) -> PathBuf {
    let mut missing = Vec::new();
    let mut at = path.to_path_buf();
    loop {
        if let Ok(real) = at.canonicalize() {
            return missing.into_iter().rev().fold(real, |p, m: std::ffi::OsString| p.join(m));
        }
        match (at.file_name().map(|n| n.to_os_string()), at.parent()) {
            (Some(name), Some(parent)) => {
                missing.push(name);
                at = if parent.as_os_str().is_empty() { PathBuf::from(".") } else { parent.to_path_buf() };
            }
            _ => return path.to_path_buf(),
        }
    }
}
