//! A live build session for `kepu watch` and `kepu serve`: the resolved site stays in memory
//! between builds, so saving one Markdown file re-renders only the outputs that show it (the page,
//! its converted or fallback copies, its flyers and the bilingual ones that show it, the list
//! pages it appears on, feeds, calendars, sitemap and search index). `kepu watch` commits them to `output/` all at once, like a build; `kepu serve`
//! writes them into its preview folder one by one, the page first. Anything that may change the
//! shape of the site — a new,
//! deleted or renamed file, a changed slug, tag or observance, a template, the theme or the
//! configuration — takes the full, staged build instead.

use crate::load::content::{self, Document, Kind, Origin};
use crate::pipeline::build::{build_state, is_events_page, BuildOptions, BuildReport, Job, Lifetime, State};
use crate::pipeline::output::{Staging, Unwritten};
use crate::util::error::{Diagnostic, Result};
use crate::util::sink::Sink;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How a rebuild was done.
#[derive(Debug)]
pub enum RebuildKind {
    /// Only the outputs that depend on the changed pages were rendered.
    Incremental {
        /// Content files changed.
        pages: usize,
        /// Output files rendered again.
        files_rendered: usize,
        /// Output files whose bytes changed.
        files_changed: usize,
    },
    /// The whole site was built again (configuration, theme or structure changed).
    Full(BuildReport),
}

/// What one rebuild did.
#[derive(Debug)]
pub struct Rebuild {
    /// Incremental or full.
    pub kind: RebuildKind,
    /// From the start of the rebuild until the changed page itself was written.
    pub page_written: Option<Duration>,
    /// The whole rebuild.
    pub elapsed: Duration,
    /// Only stylesheets changed: browsers can swap them without reloading.
    pub css_only: bool,
}

/// A built site kept in memory, rebuilt in part as its files change (`kepu watch`, `kepu serve`).
pub struct Session {
    opts: BuildOptions,
    state: State,
    /// Set when an incremental update failed half-way: the next rebuild must be a full one.
    stale: bool,
}

impl Session {
    /// Builds the site fully and keeps its state.
    pub fn start(opts: BuildOptions) -> Result<(Session, BuildReport)> {
        let (report, state) = build_state(&opts, Lifetime::Live)?;
        Ok((Session { opts, state, stale: false }, report))
    }

    /// What the session builds, and where.
    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// Rebuilds after `changed` paths (absolute, or relative to the site root) were modified.
    /// On error the previous output stays in place and the session keeps its last good state.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuild> {
        let started = Instant::now();
        let rel: Vec<PathBuf> = changed.iter().map(|p| self.relative(p)).collect();
        let css_only = !rel.is_empty() && rel.iter().all(|p| p.extension().is_some_and(|e| e == "css"));
        let updates = if self.stale { None } else { self.page_updates(&rel)? };
        match updates {
            Some(updates) => {
                let (pages, files_rendered, files_changed, page_written) = self.apply(updates, started)?;
                Ok(Rebuild {
                    kind: RebuildKind::Incremental { pages, files_rendered, files_changed },
                    page_written: Some(page_written),
                    elapsed: started.elapsed(),
                    css_only: false,
                })
            }
            None => {
                let (report, state) = build_state(&self.opts, Lifetime::Live)?;
                self.state = state;
                self.stale = false;
                Ok(Rebuild {
                    kind: RebuildKind::Full(report),
                    page_written: None,
                    elapsed: started.elapsed(),
                    css_only,
                })
            }
        }
    }

    fn relative(&self, p: &Path) -> PathBuf {
        let root = std::path::absolute(&self.opts.root).unwrap_or_else(|_| self.opts.root.clone());
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        abs.strip_prefix(&root).map(Path::to_path_buf).unwrap_or_else(|_| p.to_path_buf())
    }

    /// The new documents for an in-place update, or `None` when a full build is needed.
    fn page_updates(&self, changed: &[PathBuf]) -> Result<Option<Vec<(usize, Document)>>> {
        let site = &self.state.site;
        let mut updates = Vec::new();
        for rel in changed {
            let Ok(in_content) = rel.strip_prefix(content::CONTENT_DIR) else { return Ok(None) };
            if self.passing_file(rel, in_content) {
                continue;
            }
            if rel.extension().is_none_or(|e| e != "md") {
                return Ok(None);
            }
            // Bytes, not components: 30,000 `Path` comparisons were a millisecond of each save.
            // Both sides are normalized (the loader's walk, `path::absolute`), and a miss would
            // only mean a full build.
            let same = |p: &crate::site::Page| p.doc.path.as_os_str() == rel.as_os_str();
            let Some(i) = site.pages.iter().position(|p| p.doc.origin == Origin::Authored && same(p)) else {
                return Ok(None);
            };
            let Ok(bytes) = fs::read(self.opts.root.join(rel)) else { return Ok(None) };
            let text = content::decode_utf8(rel, bytes)?;
            let mut doc = content::parse_document(rel, in_content, &text, &site.config)?;
            // A translation saved shows its notice's facts as before, unless it now writes its own.
            let inherits = site.inherit_into(i, &mut doc);
            if !same_shape(&site.pages[i].doc, &doc) || inherits != site.pages[i].event_from.is_some() {
                return Ok(None);
            }
            // Converted and fallback copies of this page follow their source, and so do the
            // facts of translations that show this notice's (`Site::inherit_event_facts`).
            for &j in &site.pages[i].group {
                let page = &site.pages[j];
                if page.doc.origin != Origin::Authored {
                    if let Some(copy) = crate::load::convert::derive_for(&site.config, page.lang, &doc)? {
                        updates.push((j, copy));
                    }
                } else if page.event_from == Some(site.pages[i].lang) && j != i {
                    let mut heir = page.doc.clone();
                    heir.front.event.clone_from(&doc.front.event);
                    updates.push((j, heir));
                }
            }
            updates.push((i, doc));
        }
        Ok(Some(updates))
    }

    /// A file under `content/` that came and went: an editor (or `sed -i`) that saves by writing
    /// a new file and renaming it over the page leaves that file's name among the changes. It is
    /// gone, and no page, section, picture or data file was under its name, so it changes nothing
    /// and the save stays incremental.
    fn passing_file(&self, rel: &Path, in_content: &Path) -> bool {
        let site = &self.state.site;
        let gone = fs::symlink_metadata(self.opts.root.join(rel)).is_err_and(|e| e.kind() == io::ErrorKind::NotFound);
        gone && !content::is_data_file(in_content)
            && !site.pages.iter().any(|p| is_under(&p.doc.path, rel))
            && !site.sections.iter().any(|s| is_under(&s.doc.path, rel))
            && !site.assets.iter().any(|a| is_under(a, in_content))
    }

    /// Applies the updates and writes what depends on them; returns (pages, rendered, changed, time
    /// until the pages themselves were written).
    fn apply(&mut self, updates: Vec<(usize, Document)>, started: Instant) -> Result<(usize, usize, usize, Duration)> {
        let before = self.list_orders();
        let changed: BTreeSet<usize> = updates.iter().map(|(i, _)| *i).collect();
        // The sitemap (every page of the site) changes only with a page's date.
        let dated = |f: &crate::load::content::FrontMatter| (f.updated, f.date);
        let sitemap_stale =
            updates.iter().any(|(i, doc)| dated(&self.state.site.pages[*i].doc.front) != dated(&doc.front));
        for (i, doc) in updates {
            if let Err(e) = self.state.site.replace_page_document(i, doc) {
                self.stale = true;
                return Err(e);
            }
        }
        let renderer = self.state.renderer();
        let fresh = changed
            .iter()
            .map(|i| Ok((*i, crate::render::pages::list_facts(&renderer, &self.state.site.pages[*i])?)))
            .collect::<Result<Vec<_>>>();
        let fresh = match fresh {
            Ok(fresh) => fresh,
            Err(e) => {
                self.stale = true;
                return Err(e);
            }
        };
        for (i, facts) in fresh {
            self.state.list_facts[i] = facts;
        }
        let after = self.list_orders();
        let (pages_first, rest) = self.dependent_jobs(&changed, &before, &after, sitemap_stale);
        if !self.opts.serve {
            // `kepu watch` keeps the real output folder: the update goes through a staged commit,
            // so readers of `output/` see the old build or the new one, never a mixture.
            let staging = Staging::open(&self.opts.root, &self.opts.output_dir(), self.opts.force)?;
            self.state.run_jobs(&pages_first, &staging)?;
            self.state.run_jobs(&rest, &staging)?;
            let stats = staging.commit(Unwritten::Keep)?;
            let rendered = pages_first.len() + rest.len();
            return Ok((changed.len(), rendered, stats.changed, started.elapsed()));
        }
        // The preview folder is the server's alone: files are replaced one by one, the page first.
        let sink = InPlace::new(self.opts.output_dir());
        self.state.run_jobs(&pages_first, &sink)?;
        let page_written = started.elapsed();
        self.state.run_jobs(&rest, &sink)?;
        let rendered = pages_first.len() + rest.len();
        Ok((changed.len(), rendered, sink.changed.load(Ordering::Relaxed), page_written))
    }

    /// The order of every section's and term's pages, to find which list pages moved.
    fn list_orders(&self) -> ListOrders {
        let site = &self.state.site;
        ListOrders {
            sections: site.sections.iter().map(|s| s.pages.clone()).collect(),
            terms: site.taxonomies.iter().map(|t| t.terms.iter().map(|x| x.pages.clone()).collect()).collect(),
        }
    }

    fn dependent_jobs(
        &self,
        changed: &BTreeSet<usize>,
        before: &ListOrders,
        after: &ListOrders,
        sitemap_stale: bool,
    ) -> (Vec<Job<'_>>, Vec<Job<'_>>) {
        let site = &self.state.site;
        let per = site.config.paginate_by;
        let pages_first: Vec<Job> = changed.iter().map(|i| Job::Page(*i)).collect();
        let mut rest = BTreeSet::new();
        let mut langs = BTreeSet::new();
        for &i in changed {
            let page = &site.pages[i];
            langs.insert(page.lang);
            if page.doc.front.event.is_some() {
                rest.insert(JobKey::EventIcs(i));
                rest.insert(JobKey::Events(page.lang));
                rest.insert(JobKey::CalendarIcs(page.lang));
            }
            if let Some(id) = &page.doc.front.observance {
                if let Some((o, _)) = site.calendar.get(id) {
                    rest.insert(JobKey::Observance(page.lang, o));
                    rest.insert(JobKey::ObservanceCalendar(page.lang));
                }
            }
            if let Some(s) = page.section {
                let section = &site.sections[s];
                if is_events_page(section) {
                    rest.insert(JobKey::Events(page.lang));
                } else if !section.is_root() {
                    // A page in the root section (at the top of `content/`, or in a folder with
                    // no `_index.md`) is listed by the home page (below), its only file.
                    let per = section.doc.front.paginate_by.unwrap_or(per).max(1);
                    for pager in moved_pagers(&before.sections[s], &after.sections[s], i, per) {
                        rest.insert(JobKey::Section(s, pager));
                    }
                }
            }
            rest.extend(flyer_keys(site, i));
            for (t, tax) in site.taxonomies.iter().enumerate() {
                for (k, term) in tax.terms.iter().enumerate().filter(|(_, term)| term.pages.contains(&i)) {
                    for pager in moved_pagers(&before.terms[t][k], &term.pages, i, per) {
                        rest.insert(JobKey::Term(t, k, pager));
                    }
                }
            }
        }
        for lang in langs {
            rest.extend([JobKey::Home(lang), JobKey::Feed(lang), JobKey::SearchIndex(lang)]);
        }
        if sitemap_stale {
            rest.insert(JobKey::Sitemap);
        }
        (pages_first, rest.into_iter().map(JobKey::job).collect())
    }
}

/// The flyers that show page `i`: its own, its bilingual ones, and its translations' bilingual
/// ones with it on the second side.
fn flyer_keys(site: &crate::site::Site, i: usize) -> Vec<JobKey> {
    let page = &site.pages[i];
    let mut keys = Vec::new();
    if site.has_flyer(page) {
        keys.push(JobKey::Flyer(i, None));
        keys.extend(site.published_flyer_partners(page).into_iter().map(|w| JobKey::Flyer(i, Some(w))));
    }
    for &j in page.group.iter().filter(|&&j| j != i) {
        let other = &site.pages[j];
        if site.has_flyer(other) && site.published_flyer_partners(other).contains(&i) {
            keys.push(JobKey::Flyer(j, Some(i)));
        }
    }
    keys
}

/// `path` is `dir` or lies under it, compared as bytes (both normalized; see `page_updates`).
fn is_under(path: &Path, dir: &Path) -> bool {
    let (p, d) = (path.as_os_str().as_encoded_bytes(), dir.as_os_str().as_encoded_bytes());
    p.starts_with(d) && (p.len() == d.len() || p[d.len()] == std::path::MAIN_SEPARATOR as u8)
}

/// Pages of every list before and after a change.
struct ListOrders {
    sections: Vec<Vec<usize>>,
    terms: Vec<Vec<Vec<usize>>>,
}

/// 0-based pager numbers whose contents differ: where the order changed, and where `page` is.
fn moved_pagers(before: &[usize], after: &[usize], page: usize, per: usize) -> BTreeSet<usize> {
    let mut pagers: BTreeSet<usize> =
        before.iter().zip(after).enumerate().filter(|(_, (a, b))| a != b).map(|(k, _)| k / per).collect();
    if let Some(k) = after.iter().position(|p| *p == page) {
        pagers.insert(k / per);
    }
    pagers
}

/// An ordered, de-duplicated name for a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum JobKey {
    EventIcs(usize),
    /// A page's flyer, alone or bilingual with the page given.
    Flyer(usize, Option<usize>),
    Section(usize, usize),
    Term(usize, usize, usize),
    Home(usize),
    Feed(usize),
    Events(usize),
    CalendarIcs(usize),
    Observance(usize, usize),
    ObservanceCalendar(usize),
    SearchIndex(usize),
    Sitemap,
}

impl JobKey {
    fn job<'a>(self) -> Job<'a> {
        match self {
            JobKey::EventIcs(i) => Job::EventIcs(i),
            JobKey::Flyer(page, with) => Job::Flyer { page, with },
            JobKey::Section(section, pager) => Job::Section { section, pager },
            JobKey::Term(taxonomy, term, pager) => Job::TaxonomyTerm { taxonomy, term, pager },
            JobKey::Home(l) => Job::Home(l),
            JobKey::Feed(l) => Job::Feed(l),
            JobKey::Events(l) => Job::Events(l),
            JobKey::CalendarIcs(l) => Job::CalendarIcs(l),
            JobKey::Observance(lang, observance) => Job::Observance { lang, observance },
            JobKey::ObservanceCalendar(l) => Job::ObservanceCalendar(l),
            JobKey::SearchIndex(l) => Job::SearchIndex(l),
            JobKey::Sitemap => Job::Sitemap,
        }
    }
}

/// Whether `new` can replace `old` without moving anything else: same URL, same list and
/// taxonomy memberships, same kind of page.
fn same_shape(old: &Document, new: &Document) -> bool {
    let (a, b) = (&old.front, &new.front);
    new.kind == Kind::Page
        && old.key == new.key
        && old.lang == new.lang
        && a.slug == b.slug
        && a.aliases == b.aliases
        && a.draft == b.draft
        && a.tags == b.tags
        && a.specialties == b.specialties
        && a.taxonomies == b.taxonomies
        && a.observance == b.observance
        && a.event.is_some() == b.event.is_some()
        && a.template == b.template
}

/// Writes into the live output folder: only files whose bytes changed, each atomically (a
/// temporary file renamed over the old one) so the preview server never serves half a file.
struct InPlace {
    dir: PathBuf,
    changed: AtomicUsize,
}

impl InPlace {
    fn new(dir: PathBuf) -> InPlace {
        InPlace { dir, changed: AtomicUsize::new(0) }
    }
}

impl Sink for InPlace {
    fn write(&self, rel: &Path, bytes: &[u8]) -> Result<()> {
        let dest = self.dir.join(rel);
        if fs::read(&dest).is_ok_and(|old| old == bytes) {
            return Ok(());
        }
        let parent = dest.parent().unwrap_or(&self.dir);
        fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
        let name = dest.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let tmp = parent.join(format!(".{name}.kepu-tmp"));
        fs::write(&tmp, bytes).map_err(|e| Diagnostic::io(&tmp, &e))?;
        fs::rename(&tmp, &dest).map_err(|e| Diagnostic::io(&dest, &e))?;
        self.changed.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}
