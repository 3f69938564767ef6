//! Printing pages to PDF with a locally installed headless Chromium (`kepu flyer --pdf`). Kepu
//! ships no browser: it finds one, or says how to install one.

use crate::util::error::{Diagnostic, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Browser executables tried in order (after `KEPU_CHROMIUM`).
const CANDIDATES: &[&str] = &["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

/// The Chromium to print with, if one is installed.
pub(crate) fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("KEPU_CHROMIUM").map(PathBuf::from).filter(|p| p.is_file()) {
        return Some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|dir| CANDIDATES.iter().map(move |c| dir.join(c))).find(|p| p.is_file())
}

fn install_hint() -> String {
    "no Chromium found to print with. Install it (Debian/Ubuntu: `sudo apt-get install chromium`; \
     Fedora: `sudo dnf install chromium`; macOS: `brew install --cask chromium`) or set KEPU_CHROMIUM \
     to the browser's executable"
        .into()
}

/// Prints the HTML file `page` to `pdf`, with the page's own `@page` size and no browser header
/// or footer; returns the number of pages printed.
pub(crate) fn print(page: &Path, pdf: &Path) -> Result<usize> {
    let chromium = find_chromium().ok_or_else(|| Diagnostic::new(install_hint()))?;
    let profile = tempfile::tempdir().map_err(|e| Diagnostic::new(format!("temporary folder: {e}")))?;
    let page = std::path::absolute(page).map_err(|e| Diagnostic::io(page, &e))?;
    let pdf_abs = std::path::absolute(pdf).map_err(|e| Diagnostic::io(pdf, &e))?;
    let output = Command::new(&chromium)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        // Chromium refuses to run as root without this; the page printed is our own local file.
        .arg("--no-sandbox")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf_abs.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .map_err(|e| Diagnostic::new(format!("cannot run {}: {e}", chromium.display())))?;
    if !pdf_abs.is_file() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().last().unwrap_or("no output");
        return Err(Diagnostic::in_file(pdf, format!("{} did not write the PDF: {last}", chromium.display())).into());
    }
    let bytes = std::fs::read(&pdf_abs).map_err(|e| Diagnostic::io(pdf, &e))?;
    Ok(page_count(&bytes))
}

/// Pages in a PDF as Chromium writes it: one `/Type /Page` object each (the page tree is
/// `/Type /Pages`).
fn page_count(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1).filter(|w| w.starts_with(needle) && w[needle.len()] != b's').count()
}
