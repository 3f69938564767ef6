//! `kepu check`: validates a site without writing anything and lists what needs an editor's
//! attention — overdue or missing medical reviews — as `path:line: message` findings.

use crate::build::{load_site, BuildOptions};
use crate::config::key_line;
use crate::error::Result;
use crate::site::{Page, Site};
use std::fmt;
use std::path::PathBuf;

/// How serious a finding is: errors always fail the check, warnings only with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.path.display())?;
        if let Some(l) = self.line {
            write!(f, "{l}:")?;
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, " {kind}: {}", self.message)
    }
}

/// The result of a check.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub findings: Vec<Finding>,
    pub pages: usize,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Warning).count()
    }

    /// Whether the check passes; `strict` makes warnings count.
    pub fn passed(&self, strict: bool) -> bool {
        self.errors() == 0 && (!strict || self.warnings() == 0)
    }
}

/// Checks the site at `opts.root`. Load errors (bad front matter, broken links…) are returned
/// as `Err`, exactly as `build` reports them.
pub fn check(opts: &BuildOptions) -> Result<CheckReport> {
    let (site, _theme) = load_site(opts)?;
    let today = opts.now.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let mut findings = review_findings(&site, today);
    findings.sort();
    Ok(CheckReport { findings, pages: site.pages.len() })
}

fn finding(page: &Page, key: &str, severity: Severity, message: String) -> Finding {
    Finding { path: page.doc.path.clone(), line: key_line(&page.doc.front_src, key).map(|l| l + 1), severity, message }
}

/// Articles (pages that are not event notices) whose review is overdue or missing.
pub fn review_findings(site: &Site, today: chrono::NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in site.pages.iter().filter(|p| p.doc.front.event.is_none()) {
        match &p.doc.front.review {
            None => out.push(finding(
                p,
                "title",
                Severity::Warning,
                "article has no medical review (`review: {by, date, next}`)".into(),
            )),
            Some(r) => match r.next {
                Some(next) if next.day() < today => out.push(finding(
                    p,
                    "next",
                    Severity::Warning,
                    format!(
                        "medical review overdue: next review was due {} (last reviewed {} by {})",
                        next, r.date, r.by
                    ),
                )),
                None => out.push(finding(p, "review", Severity::Warning, "medical review has no `next` date".into())),
                Some(_) => {}
            },
        }
    }
    out
}
