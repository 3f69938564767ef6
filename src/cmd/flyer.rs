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
    crate::formats::pdf::print(&file, pdf)?;
    println!("Wrote {} ({url})", pdf.display());
    Ok(true)
}
