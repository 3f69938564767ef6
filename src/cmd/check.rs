//! `kepu check`.

use crate::pipeline::build::BuildOptions;
use crate::pipeline::check::{CheckOptions, CheckReport};
use crate::pipeline::findings::{Finding, FindingKind};
use crate::util::error::Error;
use std::collections::BTreeMap;

/// Checks the site and prints every finding, grouped by kind with counts; fails on errors, and
/// on warnings when `strict`.
pub(super) fn run(opts: &BuildOptions, strict: bool, what: CheckOptions) -> Result<bool, Error> {
    let report = crate::pipeline::check::check(opts, what)?;
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
    if what.plain {
        print_plain_table(&report);
    }
    if let Some(line) = plain_summary(&report, what.plain) {
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

/// One line per page: its score and the measures behind it.
fn print_plain_table(report: &CheckReport) {
    println!("Plain language, per page (score 0–100, higher is plainer):");
    for p in &report.plain {
        let mut line = format!(
            "  {:>3}  {}  [{}]  {} sentences, average {:.0} {}, {:.0}% long",
            p.score,
            p.path.display(),
            p.language,
            p.sentences,
            p.average_sentence,
            p.unit,
            p.long_percent
        );
        if let Some(u) = p.uncommon_percent {
            line.push_str(&format!(", {u:.1}% uncommon characters"));
        }
        if let Some(g) = p.grade {
            line.push_str(&format!(", grade {g:.1}"));
        }
        line.push_str(&format!(", {} unexplained terms, {:.0}% passive", p.unexplained_terms, p.passive_percent));
        println!("{line}");
    }
}

/// The plain-language figure of the summary: the median score and the lowest page.
fn plain_summary(report: &CheckReport, detailed: bool) -> Option<String> {
    let mut scores: Vec<u8> = report.plain.iter().map(|p| p.score).collect();
    scores.sort_unstable();
    let median = *scores.get(scores.len() / 2)?;
    let lowest = report.plain.iter().min_by_key(|p| p.score)?;
    let hint = if detailed { "" } else { "; `kepu check --plain` says why" };
    Some(format!(
        "Plain language: median score {median} of 100 over {} pages; lowest {} ({}){hint}",
        scores.len(),
        lowest.score,
        lowest.path.display()
    ))
}
