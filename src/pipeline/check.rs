//! `kepu check`: validates a site without writing anything and lists what needs an editor's
//! attention — overdue or missing medical reviews — as `path:line: message` findings.

use crate::load::content::Origin;
use crate::pipeline::build::{BuildOptions, State};
use crate::pipeline::findings::{review_findings, translation_findings, Finding, Severity};
use crate::site::{Page, Site};
use crate::util::error::Result;
use std::collections::{HashMap, HashSet};

/// The result of a check.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Everything found, by file.
    pub findings: Vec<Finding>,
    /// Pages checked.
    pub pages: usize,
    /// One line per language: how many of the default language's pages it has, and how.
    pub translation_status: Vec<String>,
}

impl CheckReport {
    /// Findings that fail the check.
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Error).count()
    }

    /// Findings that fail it only with `--strict`.
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
pub fn check(opts: &BuildOptions, external: bool) -> Result<CheckReport> {
    // The same loading and output planning as a build, so whatever `kepu build` rejects fails here.
    let state = State::load(opts)?;
    state.check_claims()?;
    let site = &state.site;
    let today = opts.now.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let mut findings = review_findings(site, today);
    findings.extend(translation_findings(site));
    let statics: HashSet<String> = state.assets.urls.keys().map(|name| format!("/{name}")).collect();
    findings.extend(link_findings(site, &statics));
    if external {
        findings.extend(crate::pipeline::linkcheck::external_findings(site));
    }
    findings.sort();
    Ok(CheckReport { findings, pages: site.pages.len(), translation_status: translation_status(site) })
}

fn translation_status(site: &Site) -> Vec<String> {
    let total = site.pages.iter().filter(|p| p.lang == 0).count();
    site.config
        .languages
        .iter()
        .enumerate()
        .map(|(lang, language)| {
            let count = |o: Origin| site.pages.iter().filter(|p| p.lang == lang && p.doc.origin == o).count();
            let (authored, derived, fallback) =
                (count(Origin::Authored), count(Origin::Derived), count(Origin::Fallback));
            // Words as readers count them: CJK characters and Tibetan syllables one each.
            let words: usize = site
                .pages
                .iter()
                .filter(|p| p.lang == lang && p.doc.origin == Origin::Authored)
                .map(|p| p.stats.word_count())
                .sum();
            let mut line = format!("{}: {authored} of {total} pages translated ({words} words)", language.tag);
            if derived > 0 {
                line.push_str(&format!(", {derived} converted automatically"));
            }
            if fallback > 0 {
                line.push_str(&format!(", {fallback} shown in the default language"));
            }
            line
        })
        .collect()
}

/// Links inside the site that lead nowhere (a missing page, a missing `#heading`), and images
/// without alternative text. Converted pages are checked too: their links and heading ids were
/// converted together.
pub(crate) fn link_findings(site: &Site, statics: &HashSet<String>) -> Vec<Finding> {
    let urls: HashSet<String> = site.url_claims().into_iter().map(|(u, _)| u).collect();
    let ids: HashMap<&str, &[String]> = site
        .pages
        .iter()
        .map(|p| (p.url.as_str(), p.rendered.heading_ids.as_slice()))
        .chain(site.sections.iter().map(|s| (s.url.as_str(), s.rendered.heading_ids.as_slice())))
        .collect();
    let assets: HashSet<String> =
        site.assets.iter().map(|a| format!("/{}", a.to_string_lossy().replace('\\', "/"))).collect();
    let mut out = Vec::new();
    let at = |p: &Page, line: usize, message: String| Finding {
        path: p.doc.path.clone(),
        line: Some(line),
        severity: Severity::Error,
        message,
    };
    for p in site.pages.iter().filter(|p| p.doc.origin != Origin::Fallback) {
        for (line, link) in &p.rendered.internal_links {
            let (path, fragment) = match link.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (link.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or(path);
            let target = if path.is_empty() { p.url.as_str() } else { path };
            let is_file = target.rsplit('/').next().is_some_and(|last| last.contains('.'));
            if is_file {
                if !assets.contains(target) && !statics.contains(target) && !urls.contains(target) {
                    out.push(at(p, *line, format!("link to a missing file {target}")));
                }
                continue;
            }
            let normalized = if target.ends_with('/') { target.to_string() } else { format!("{target}/") };
            if !urls.contains(&normalized) {
                out.push(at(p, *line, format!("link to a missing page {target}")));
                continue;
            }
            if let (Some(fragment), Some(known)) = (fragment, ids.get(normalized.as_str())) {
                let decoded = percent_decode(fragment);
                if !fragment.is_empty() && !known.contains(&decoded) {
                    out.push(at(p, *line, format!("link to a missing heading #{decoded} on {normalized}")));
                }
            }
        }
        for line in &p.rendered.images_without_alt {
            out.push(at(
                p,
                *line,
                "image without alternative text: describe it in the brackets, ![like this](x.png)".into(),
            ));
        }
    }
    out
}

/// `%E4%B9%99` → `乙`; fragments of Chinese headings are often written encoded.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8().map_or_else(|_| s.to_string(), |d| d.into_owned())
}
