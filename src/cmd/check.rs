//! `kepu check`.

use crate::pipeline::build::BuildOptions;
use crate::pipeline::findings::{Finding, FindingKind};
use crate::util::error::Error;
use std::collections::BTreeMap;

/// Checks the site and prints every finding, grouped by kind with counts; fails on errors, and
/// on warnings when `strict`.
pub(super) fn run(opts: &BuildOptions, strict: bool, external: bool) -> Result<bool, Error> {
    let report = crate::pipeline::check::check(opts, external)?;
    let mut groups: BTreeMap<FindingKind, Vec<&Finding>> = BTreeMap::new();
    for f in &report.findings {
        groups.entry(f.kind).or_default().push(f);
    }
    for (kind, list) in &groups {
        println!("{} ({}):", kind.heading(), list.len());
        for f in list {
            println!("  {f}");
        }
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
