//! Findings: what an editor should look at, as `path:line: severity: message` — settings,
//! overdue or missing medical reviews, missing or stale translations, broken links and images,
//! heavy images. `kepu build` prints the overdue reviews and counts the rest; `kepu check` lists
//! them all.

use crate::load::content::Origin;
use crate::load::yaml::key_line;
use crate::site::{Page, Site};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
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

/// What a finding is about; `kepu check` lists findings grouped by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingKind {
    /// site.yaml.
    Settings,
    /// Links and images that lead nowhere, images without alternative text or too heavy.
    Links,
    /// Medical reviews missing or due.
    Reviews,
    /// Pages missing in a language, or older than their source.
    Translations,
    /// Long sentences, uncommon words, unexplained terms (`kepu check --plain`).
    Plain,
    /// Event notices too long for their flyer's sheet.
    Flyers,
}

impl FindingKind {
    /// The heading `kepu check` prints above these findings.
    pub fn heading(self) -> &'static str {
        match self {
            FindingKind::Settings => "Settings",
            FindingKind::Links => "Links and images",
            FindingKind::Reviews => "Medical reviews",
            FindingKind::Translations => "Translations",
            FindingKind::Plain => "Plain language",
            FindingKind::Flyers => "Flyers",
        }
    }
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
    /// What it is about.
    pub kind: FindingKind,
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

fn finding(page: &Page, key: &str, kind: FindingKind, severity: Severity, message: String) -> Finding {
    let line = key_line(&page.doc.front_src, key).map(|l| l + 1);
    Finding { path: page.doc.path.clone(), line, severity, message, kind }
}

/// Settings that build but publish something a reader cannot use: without `base_url`, QR codes
/// on flyers and links in feeds carry no address of a site.
pub(crate) fn config_findings(config: &crate::load::config::Config) -> Vec<Finding> {
    if !config.base_url.is_empty() {
        return Vec::new();
    }
    vec![Finding {
        path: crate::load::config::CONFIG_FILE.into(),
        line: None,
        severity: Severity::Warning,
        kind: FindingKind::Settings,
        message: "`base_url` is empty, so flyers' QR codes and the feeds lead nowhere; add the address the site \
                  is published at, e.g. `base_url: https://health.example.org`"
            .into(),
    }]
}

/// Articles (pages that are not event notices) whose review is overdue or missing.
pub(crate) fn review_findings(site: &Site, today: chrono::NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    // Derived and fallback copies share their source's review, and translations without a
    // review of their own carry it over: report each review once, at the file that holds it.
    let articles = site.pages.iter().filter(|p| p.doc.origin == Origin::Authored && p.doc.front.event.is_none());
    for p in articles {
        if p.doc.front.review.is_none() && site.review_of(p).is_some() {
            continue;
        }
        match &p.doc.front.review {
            None => out.push(finding(
                p,
                "title",
                FindingKind::Reviews,
                Severity::Warning,
                "article has no medical review (`review: {by, date, next}`)".into(),
            )),
            Some(r) => match r.next {
                Some(next) if next.day() < today => out.push(finding(
                    p,
                    "next",
                    FindingKind::Reviews,
                    Severity::Warning,
                    format!(
                        "medical review overdue: next review was due {} (last reviewed {} by {})",
                        next, r.date, r.by
                    ),
                )),
                None => out.push(finding(
                    p,
                    "review",
                    FindingKind::Reviews,
                    Severity::Warning,
                    "medical review has no `next` date".into(),
                )),
                Some(_) => {}
            },
        }
    }
    out
}

/// The command that starts `source`'s translation into `tag` (a title and its text; the rest
/// follows the original).
fn start_translation(source: &Page, tag: &crate::util::lang::LanguageTag) -> String {
    let kind = if source.doc.front.event.is_some() { "event" } else { "article" };
    let path = source.doc.key.trim_end_matches(".md");
    format!("`kepu new {kind} {path} --lang {tag}` starts one")
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
                None => out.push(finding(
                    source,
                    "title",
                    FindingKind::Translations,
                    Severity::Warning,
                    format!("no {} translation; {}", language.tag, start_translation(source, &language.tag)),
                )),
                Some(t) if t.doc.origin == Origin::Fallback => out.push(finding(
                    source,
                    "title",
                    FindingKind::Translations,
                    Severity::Warning,
                    format!(
                        "no {} translation (readers see this page with a notice); {}",
                        language.tag,
                        start_translation(source, &language.tag)
                    ),
                )),
                Some(t) if t.doc.origin == Origin::Authored => {
                    let changed = |p: &Page| p.doc.front.updated.or(p.doc.front.date);
                    if let (Some(src), Some(tr)) = (changed(source), changed(t)) {
                        if src.day() > tr.day() {
                            out.push(finding(
                                t,
                                "title",
                                FindingKind::Translations,
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

/// Links inside the site that lead nowhere (a missing page, a missing `#heading`), and images
/// without alternative text. Converted pages are checked too: their links and heading ids were
/// converted together.
pub(crate) fn link_findings(site: &Site, statics: &HashSet<String>) -> Vec<Finding> {
    // The pages' and sections' addresses, with their headings: where most links lead.
    let ids: HashMap<&str, &[String]> = site
        .pages
        .iter()
        .map(|p| (p.url.as_str(), p.rendered.heading_ids.as_slice()))
        .chain(site.sections.iter().map(|s| (s.url.as_str(), s.rendered.heading_ids.as_slice())))
        .collect();
    // The address of every file the site writes (flyers, feeds, lists…), made only when a link
    // leads elsewhere than a page: at 50,000 pages per language it is 300,000 strings.
    let every = std::sync::OnceLock::new();
    let written = |url: &str| {
        ids.contains_key(url)
            || every
                .get_or_init(|| site.url_claims().into_iter().map(|(u, _)| u).collect::<HashSet<String>>())
                .contains(url)
    };
    let assets: HashSet<String> =
        site.assets.iter().map(|a| format!("/{}", a.to_string_lossy().replace('\\', "/"))).collect();
    let is_file = |target: &str| assets.contains(target) || statics.contains(target) || written(target);
    (site.pages.par_iter().filter(|p| p.doc.origin != Origin::Fallback))
        .flat_map_iter(|p| page_link_findings(p, &ids, &is_file, &written))
        .collect()
}

/// [`link_findings`] in page `p`; `ids` holds the headings of every page and section,
/// `is_file` and `is_page` say whether a file or page address is written.
fn page_link_findings(
    p: &Page,
    ids: &HashMap<&str, &[String]>,
    is_file: &impl Fn(&str) -> bool,
    is_page: &impl Fn(&str) -> bool,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let at = |line: usize, message: String| Finding {
        path: p.doc.path.clone(),
        line: Some(line),
        severity: Severity::Error,
        message,
        kind: FindingKind::Links,
    };
    for (line, link) in &p.rendered.internal_links {
        let (path, fragment) = match link.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (link.as_str(), None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let target = if path.is_empty() { p.url.as_str() } else { path };
        if target.rsplit('/').next().is_some_and(|last| last.contains('.')) {
            if !is_file(target) {
                out.push(at(
                    *line,
                    format!("{target}: no such file; check its name, and that it is in content/ or static/"),
                ));
            }
            continue;
        }
        let normalized = if target.ends_with('/') { target.to_string() } else { format!("{target}/") };
        if !is_page(&normalized) {
            out.push(at(*line, format!("link to a missing page {target}")));
            continue;
        }
        if let (Some(fragment), Some(known)) = (fragment, ids.get(normalized.as_str())) {
            let decoded = percent_decode(fragment);
            if !fragment.is_empty() && !known.contains(&decoded) {
                out.push(at(*line, format!("link to a missing heading #{decoded} on {normalized}")));
            }
        }
    }
    for line in &p.rendered.images_without_alt {
        out.push(at(*line, "image without alternative text: describe it in the brackets, ![like this](x.png)".into()));
    }
    out
}

/// `%E4%B9%99` → `乙`; fragments of Chinese headings are often written encoded.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8().map_or_else(|_| s.to_string(), |d| d.into_owned())
}

/// Pictures to look at before publishing: originals that record where they were taken, that
/// are heavier than any phone should fetch, whose largest published size is still heavy, or
/// that could not be read (and were copied as they are); other images (GIF, AVIF) over 500 KB.
/// Publishing a picture encodes it (into the cache, so the next build reuses it).
pub(crate) fn image_findings(root: &std::path::Path, site: &Site) -> Vec<Finding> {
    const ORIGINAL_LIMIT: u64 = 5 * 1024 * 1024;
    const PUBLISHED_LIMIT: usize = 300 * 1024;
    const OTHER_LIMIT: u64 = 500 * 1024;
    let content = std::path::Path::new(crate::load::content::CONTENT_DIR);
    let warn = |path: PathBuf, message: String| Finding {
        path,
        line: None,
        severity: Severity::Warning,
        kind: FindingKind::Links,
        message,
    };
    let mb = |bytes: u64| bytes as f64 / 1_048_576.0;
    let pictures: Vec<&crate::load::images::Picture> = site.images.pictures().collect();
    let heaviest: Vec<Option<usize>> =
        pictures.par_iter().map(|p| crate::formats::images::heaviest(root, p).ok()).collect();
    let mut out = Vec::new();
    for (p, heaviest) in pictures.iter().zip(heaviest) {
        let path = content.join(&p.path);
        if p.gps {
            let message = if p.keep_original {
                "the original holds a GPS position (where it was taken) and is published as it is \
                 (`images: {keep_metadata: true}` in site.yaml); remove that setting unless the place may be public"
            } else {
                "the original holds a GPS position (where it was taken); the published sizes carry none, but \
                 keep the original private (do not share the content folder as it is)"
            };
            out.push(warn(path.clone(), message.into()));
        }
        if p.bytes > ORIGINAL_LIMIT {
            out.push(warn(
                path.clone(),
                format!(
                    "original of {:.1} MB: readers get smaller sizes, but the site's sources grow and every \
                     fresh build reads it; save it below 5 MB (about 3000 pixels wide, JPEG quality 85)",
                    mb(p.bytes)
                ),
            ));
        }
        if let Some(bytes) = heaviest.filter(|b| *b > PUBLISHED_LIMIT) {
            out.push(warn(
                path,
                format!(
                    "the largest published size weighs {} KB, more than 300 KB: a slow connection waits for it; \
                     use a less detailed picture, or crop it to what matters",
                    bytes / 1024
                ),
            ));
        }
    }
    for u in &site.images.unreadable {
        out.push(warn(
            content.join(&u.path),
            format!(
                "could not be read as a picture ({}), so it is published as it is, with any metadata it holds; \
                 open it and save it again as JPEG or PNG",
                u.reason
            ),
        ));
    }
    const OTHERS: [&str; 2] = ["gif", "avif"];
    for asset in &site.assets {
        let is_other = asset.extension().is_some_and(|e| OTHERS.contains(&e.to_string_lossy().to_lowercase().as_str()));
        let path = content.join(asset);
        let Ok(meta) = std::fs::metadata(root.join(&path)) else { continue };
        if is_other && meta.len() > OTHER_LIMIT {
            out.push(warn(
                path,
                format!(
                    "image of {:.1} MB, published as it is: on a slow connection readers wait for it; save it \
                     below 500 KB, or as a JPEG photo, which Kepu publishes in sizes for each screen",
                    mb(meta.len())
                ),
            ));
        }
    }
    out
}
