//! `kepu flyer`.

use crate::pipeline::build::{build_state, BuildOptions};
use crate::util::error::{Diagnostic, Error};
use std::path::Path;

/// Builds the site into a temporary folder and prints one flyer from it.
pub(super) fn run(mut opts: BuildOptions, page: &str, pdf: &Path, with: Option<&str>) -> Result<bool, Error> {
    let dir = tempfile::tempdir().map_err(|e| Error::from(Diagnostic::new(format!("temporary folder: {e}"))))?;
    opts.output = Some(dir.path().join("site"));
    let (_, state) = build_state(&opts)?;
    let url = crate::render::flyer::find(&state.site, page, with)?;
    let file = dir.path().join("site").join(crate::site::url_to_file(&url));
    let pages = crate::formats::pdf::print(&file, pdf)?;
    println!("Wrote {} ({url})", pdf.display());
    if pages > 1 {
        eprintln!(
            "warning: the flyer runs to {pages} pages. Nothing is cut off, but to fit one sheet shorten the \
             key points (`flyer: points:` in the page, at most 6, one line each) or the title{}",
            if with.is_some() { ", or print it in one language" } else { "" }
        );
    }
    Ok(true)
}
