//! `kepu check`.

use crate::pipeline::build::BuildOptions;
use crate::pipeline::findings::Finding;
use crate::util::error::Error;

/// Checks the site and prints every finding, grouped by kind with counts; fails on errors, and
/// on warnings when `strict`.
pub(super) fn run(opts: &BuildOptions, strict: bool, external: bool) -> Result<bool, Error> {
    let report = crate::pipeline::check::check(opts, external)?;
    let mut groups: Vec<(crate::pipeline::findings::FindingKind, Vec<&Finding>)> = Vec::new();
    for f in &report.findings {
        match groups.iter_mut().find(|(k, _)| *k == f.kind) {
            Some((_, list)) => list.push(f),
            None => groups.push((f.kind, vec![f])),
        }
    }
    groups.sort_by_key(|(k, _)| *k);
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
