//! `kepu flyer`.

use crate::pipeline::build::{build_state, BuildOptions, Lifetime};
use crate::util::error::{Diagnostic, Error};
use std::path::Path;

/// Builds the site into a temporary folder and prints one flyer from it.
pub(super) fn run(mut opts: BuildOptions, page: &str, pdf: &Path, with: Option<&str>) -> Result<bool, Error> {
    let dir = tempfile::tempdir().map_err(|e| Error::from(Diagnostic::new(format!("temporary folder: {e}"))))?;
    opts.output = Some(dir.path().join("site"));
    let (_, state) = build_state(&opts, Lifetime::Once)?;
    let found = crate::render::flyer::find(&state.site, page, with)?;
    let file = dir.path().join("site").join(crate::site::url_to_file(&found.url));
    if !file.exists() {
        // A bilingual article flyer the site does not publish: rendered here, on demand.
        let renderer = state.renderer();
        let html = renderer.render(crate::render::flyer::prepare_flyer(&renderer, found.page, found.with)?)?;
        std::fs::write(&file, html).map_err(|e| Error::from(Diagnostic::io(&file, &e)))?;
    }
    let pages = crate::formats::pdf::print(&file, pdf)?;
    println!("Wrote {} ({})", pdf.display(), found.url);
    if pages == 1 {
        return Ok(true);
    }
    // The type is already at its smallest readable size; only shorter text fits one sheet.
    let shorten = format!(
        "shorten the key points (`flyer: points:` in the page, one line each) or the title{}",
        if with.is_some() { ", or print it in one language" } else { "" }
    );
    if found.event {
        eprintln!(
            "error: the notice does not fit one sheet even in the smallest readable type: it runs to {pages} \
             pages (written to {} so you can see it). To fit, {shorten}",
            pdf.display()
        );
        Ok(false)
    } else {
        eprintln!("warning: the flyer continues onto a second sheet ({pages} pages in all); nothing is cut off. To fit one sheet, {shorten}");
        Ok(true)
    }
}
