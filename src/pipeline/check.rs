//! `kepu check`: validates a site without writing anything and lists what needs an editor's
//! attention — settings, medical reviews, translations, links, images — as
//! `path:line: message` findings, grouped by kind.

use crate::load::content::Origin;
use crate::pipeline::build::{BuildOptions, State};
use crate::pipeline::findings::{
    image_findings, link_findings, review_findings, translation_findings, Finding, Severity,
};
use crate::pipeline::plain::{self, PlainPage};
use crate::site::Site;
use crate::util::error::Result;

/// The result of a check.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Everything found, by file.
    pub findings: Vec<Finding>,
    /// Pages checked.
    pub pages: usize,
    /// One line per language: how many of the default language's pages it has, and how.
    pub translation_status: Vec<String>,
    /// How plain each page's language is, in page order.
    pub plain: Vec<PlainPage>,
}

/// What `kepu check` looks at beyond the site itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions {
    /// Follow links to other sites.
    pub external: bool,
    /// List every plain-language finding (long sentences, unexplained terms…); without it only
    /// the scores are reported.
    pub plain: bool,
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
pub fn check(opts: &BuildOptions, what: CheckOptions) -> Result<CheckReport> {
    // The same loading and output planning as a build, so whatever `kepu build` rejects fails here.
    let state = State::load(opts, crate::site::Sources::Keep, None)?;
    let site = &state.site;
    let today = opts.now.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let mut findings = crate::pipeline::findings::config_findings(&site.config);
    findings.extend(review_findings(site, today));
    findings.extend(translation_findings(site));
    findings.extend(link_findings(site, &state.static_urls()));
    findings.extend(image_findings(&opts.root, site));
    findings.extend(crate::pipeline::flyer_fit::flyer_findings(site));
    if what.external {
        findings.extend(crate::pipeline::linkcheck::external_findings(site));
    }
    let analyses = plain::analyse(&opts.root, site)?;
    if what.plain {
        findings.extend(plain::findings(&analyses, &site.config.plain));
    }
    findings.sort();
    Ok(CheckReport {
        findings,
        pages: site.pages.len(),
        translation_status: translation_status(site),
        plain: analyses.into_iter().map(|a| a.page).collect(),
    })
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
