//! Findings: what an editor should look at, as `path:line: severity: message` — overdue or
//! missing medical reviews and missing or stale translations. `kepu build` prints the overdue
//! reviews; `kepu check` lists them all.

use crate::load::content::Origin;
use crate::load::yaml::key_line;
use crate::site::{Page, Site};
use std::fmt;
use std::path::PathBuf;

/// How serious a finding is: errors always fail the check, warnings only with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Fails the check.
    Error,
    /// Fails the check only with `--strict`.
    Warning,
}

/// One thing `kepu check` found, in one file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The content file.
    pub path: PathBuf,
    /// The line of the front matter key concerned, from 1.
    pub line: Option<usize>,
    /// Whether it fails the check.
    pub severity: Severity,
    /// What was found and what to do.
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

fn finding(page: &Page, key: &str, severity: Severity, message: String) -> Finding {
    Finding { path: page.doc.path.clone(), line: key_line(&page.doc.front_src, key).map(|l| l + 1), severity, message }
}

/// Articles (pages that are not event notices) whose review is overdue or missing.
pub(crate) fn review_findings(site: &Site, today: chrono::NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    // Derived and fallback copies share their source's review; report each file once.
    let articles = site.pages.iter().filter(|p| p.doc.origin == Origin::Authored && p.doc.front.event.is_none());
    for p in articles {
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

/// Per language: default-language pages with no translation (unless derived or shown as
/// fallback, which are reported as such) and translations older than their source.
pub(crate) fn translation_findings(site: &Site) -> Vec<Finding> {
    let mut out = Vec::new();
    let default_pages: Vec<&Page> =
        site.pages.iter().filter(|p| p.lang == 0 && p.doc.origin == Origin::Authored).collect();
    let by_key: std::collections::HashMap<(&str, usize), &Page> =
        site.pages.iter().map(|p| ((p.doc.key.as_str(), p.lang), p)).collect();
    for (lang, language) in site.config.languages.iter().enumerate().skip(1) {
        for source in &default_pages {
            match by_key.get(&(source.doc.key.as_str(), lang)) {
                None => {
                    out.push(finding(source, "title", Severity::Warning, format!("no {} translation", language.tag)))
                }
                Some(t) if t.doc.origin == Origin::Fallback => out.push(finding(
                    source,
                    "title",
                    Severity::Warning,
                    format!("no {} translation (readers see this page with a notice)", language.tag),
                )),
                Some(t) if t.doc.origin == Origin::Authored => {
                    let changed = |p: &Page| p.doc.front.updated.or(p.doc.front.date);
                    if let (Some(src), Some(tr)) = (changed(source), changed(t)) {
                        if src.day() > tr.day() {
                            out.push(finding(
                                t,
                                "title",
                                Severity::Warning,
                                format!(
                                    "stale translation: {} was updated {src}, this translation {tr}",
                                    source.doc.path.display()
                                ),
                            ));
                        }
                    }
                }
                Some(_) => {}
            }
        }
    }
    out
}
