//! `kepu check`.

use crate::pipeline::build::BuildOptions;
use crate::util::error::Error;

/// Checks the site and prints every finding; fails on errors, and on warnings when `strict`.
pub(super) fn run(opts: &BuildOptions, strict: bool, external: bool) -> Result<bool, Error> {
    let report = crate::pipeline::check::check(opts, external)?;
    for f in &report.findings {
        println!("{f}");
    }
    for line in &report.translation_status {
        println!("{line}");
    }
    println!(
        "Checked {} pages: {} errors, {} warnings{}",
        report.pages,
        report.errors(),
        report.warnings(),
        if strict { " (strict)" } else { "" }
    );
    Ok(report.passed(strict))
}
