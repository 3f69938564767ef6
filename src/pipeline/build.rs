//! The pipeline: load → resolve → render → write. One function drives it; each stage lives in
//! its own module and hands the next an immutable result.

use crate::formats::calendar;
use crate::formats::feeds::{self, SitemapEntry};
use crate::formats::search;
use crate::load::assets::Assets;
use crate::load::config::Config;
use crate::load::content;
use crate::load::observances::Calendar;
use crate::load::theme::Theme;
use crate::pipeline::output::{Staging, Unwritten, WriteStats};
use crate::render::engine::{Prepared, Renderer, Templates};
use crate::render::pager::pager_count;
use crate::render::{flyer, pages};
use crate::site::{url_to_file, Site, Sources};
use crate::util::error::join_errors;
use crate::util::error::{Diagnostic, Error, Result};
use crate::util::fingerprint::{Fingerprint, Fingerprinter};
use crate::util::sink::Sink;
use rayon::prelude::*;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What `kepu build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder, holding `site.yaml` and `content/`.
    pub root: PathBuf,
    /// Defaults to `<root>/output`.
    pub output: Option<PathBuf>,
    /// Replaces `site.yaml`'s `base_url` (a staging host, say).
    pub base_url: Option<String>,
    /// Includes pages marked `draft: true`.
    pub drafts: bool,
    /// "Today" for upcoming events and overdue reviews; defaults to the clock's date.
    pub now: Option<chrono::NaiveDate>,
    /// Serve mode: templates see `serve = true`.
    pub serve: bool,
    /// Use an output folder that holds files Kepu did not write (they are left in place, or
    /// replaced where the build writes the same name).
    pub force: bool,
    /// Links relative to each page, so the site opens from a folder without a server (an
    /// offline copy); the output defaults to `<root>/offline`.
    pub relative: bool,
}

impl BuildOptions {
    /// The defaults for the site at `root`: output to `root/output`, today's date, no drafts.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            now: None,
            serve: false,
            force: false,
            relative: false,
        }
    }

    /// The output folder: `output`, or `root/output` (`root/offline` for an offline copy, so it
    /// never replaces the copy that is published).
    pub fn output_dir(&self) -> PathBuf {
        let default = if self.relative { "offline" } else { "output" };
        self.output.clone().unwrap_or_else(|| self.root.join(default))
    }
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// (language tag, page count) in configuration order.
    pub pages_per_language: Vec<(String, usize)>,
    /// What was written to the output folder.
    pub written: WriteStats,
    /// How long the build took.
    pub elapsed: Duration,
    /// Problems that did not stop the build (a missing UI string, files left in place).
    pub warnings: Vec<String>,
    /// Pictures encoded, taken from the cache, and the bytes saved.
    pub images: crate::formats::images::ImageStats,
}

impl std::fmt::Display for BuildReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total: usize = self.pages_per_language.iter().map(|(_, n)| n).sum();
        let per: Vec<String> = self.pages_per_language.iter().map(|(l, n)| format!("{l} {n}")).collect();
        let w = &self.written;
        write!(
            f,
            "Built {total} pages ({}): {} files written, {} changed, {} removed",
            per.join(", "),
            w.files,
            w.changed,
            w.removed
        )?;
        if w.reused > 0 {
            write!(f, " ({} unchanged since the last build, not rendered again)", w.reused)?;
        }
        write!(f, ", in {} ms", self.elapsed.as_millis())?;
        let i = &self.images;
        if i.processed + i.reused > 0 {
            write!(
                f,
                "\nPictures: {} processed, {} reused from .kepu-cache, {:.1} MB saved for readers",
                i.processed,
                i.reused,
                i.bytes_saved as f64 / 1_048_576.0
            )?;
        }
        Ok(())
    }
}

/// Loads and resolves a site, all but its Markdown ([`Site::render_markdown`]).
fn load_site(opts: &BuildOptions, sources: Sources) -> Result<(Site, Theme)> {
    let mut config = Config::load(&opts.root)?;
    if let Some(base) = &opts.base_url {
        crate::load::config::check_base_url(base, "--base-url ").map_err(Diagnostic::new)?;
        config.base_url = base.trim_end_matches('/').to_string();
    }
    let (loaded, theme) = rayon::join(
        || content::load(&opts.root, &config, opts.drafts, sources.bodies()),
        || Theme::load(&opts.root, &config),
    );
    let calendar = Calendar::load(&opts.root, &config);
    let (mut loaded, theme, calendar) = match (loaded, theme, calendar) {
        (Ok(l), Ok(t), Ok(c)) => (l, t, c),
        (l, t, c) => return Err(join_errors([l.err(), t.err(), c.err()].into_iter().flatten().collect())),
    };
    crate::load::convert::add_derived(&config, &mut loaded.documents)?;
    Ok((Site::resolve(config, loaded, calendar)?, theme))
}

/// Whether a build's [`State`] outlives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lifetime {
    /// The build is all: `kepu build`, `kepu flyer`.
    Once,
    /// A live session (`kepu serve`, `kepu watch`) rebuilds from it after each save.
    Live,
}

/// A loaded, resolved site with its templates: everything needed to render any output file.
/// `kepu serve` keeps one alive between rebuilds.
pub(crate) struct State {
    pub(crate) root: PathBuf,
    pub(crate) site: Site,
    pub(crate) assets: Assets,
    /// Whether to write `_headers` for the CDN.
    headers_file: bool,
    pub(crate) templates: Templates,
    /// What lists show of every page beyond its own fields, index-aligned with `site.pages`.
    pub(crate) list_facts: Vec<crate::render::context::ListFacts>,
    /// The pages and their own flyers were written as their Markdown was rendered.
    pages_written: bool,
    /// The search index of each language, kept between incremental rebuilds.
    pub(crate) search: search::Cache,
    /// Pictures encoded and reused since the last report.
    pub(crate) images: crate::formats::images::Stats,
}

impl State {
    /// Loads the site and renders its Markdown. With `sink` (a build), each run of pages is
    /// written there, with the pages' own flyers, as soon as it is rendered: the page is never
    /// rendered twice, and its HTML goes with the run (but for what `sources` holds).
    pub(crate) fn load(opts: &BuildOptions, sources: Sources, sink: Option<&dyn Sink>) -> Result<State> {
        let (mut site, theme) = load_site(opts, sources)?;
        let now = opts.now.unwrap_or_else(|| chrono::Utc::now().date_naive());
        // Fingerprints would defeat the preview's in-place stylesheet swap; serve keeps plain names.
        let fingerprint = site.config.fingerprint && !opts.serve;
        let generated = vec![(HIGHLIGHT_CSS.to_string(), crate::site::highlight::stylesheet().into_bytes())];
        let assets = Assets::collect(&opts.root, &theme, generated, fingerprint)?;
        let templates = Templates::new(
            &site.config,
            &theme.templates,
            Arc::new(theme.strings),
            Arc::new(assets.urls.clone()),
            Arc::new(site.images.clone()),
            now,
            opts.serve,
        )?;
        let headers_file = site.config.headers_file;
        let files = check_claims(&site, &assets, headers_file)?;
        if let Some(out) = sink {
            out.expect(files);
        }
        // A build indexes each run of pages as it is rendered, so their plain text can go.
        let mut index = None;
        site.render_markdown(sources, &mut |site, run| {
            if sources.release() {
                index.get_or_insert_with(|| search::Builder::new(site)).add_until(site, run.end);
            }
            match sink {
                Some(out) => write_pages(&Renderer::new(&templates, site, &[]), run, out),
                None => Ok(()),
            }
        })
        .map_err(collapse_repeats)?;
        // Only a live session patches its index after a save.
        let patchable = sources == Sources::Release;
        let search = search::Cache::new(site.config.languages.len(), opts.relative, patchable);
        if let Some(index) = index {
            index.finish(&site, &search);
        }
        let list_facts = pages::all_list_facts(&templates, &site).map_err(collapse_repeats)?;
        Ok(State {
            root: opts.root.clone(),
            site,
            assets,
            headers_file,
            templates,
            list_facts,
            pages_written: sink.is_some(),
            search,
            images: Default::default(),
        })
    }

    pub(crate) fn renderer(&self) -> Renderer<'_> {
        Renderer::new(&self.templates, &self.site, &self.list_facts)
    }

    /// Renders and writes `jobs` in parallel, collecting every error.
    pub(crate) fn run_jobs(&self, jobs: &[Job], sink: &dyn Sink) -> Result<()> {
        let renderer = self.renderer();
        in_parallel(jobs, |job| run(job, &renderer, self, sink)).map_err(collapse_repeats)
    }

    /// Every output file of the site (but those written as the Markdown was rendered).
    pub(crate) fn all_jobs(&self) -> Vec<Job<'_>> {
        let mut jobs = plan(&self.site, self.pages_written);
        jobs.extend((0..self.assets.files.len()).map(Job::Static));
        if self.headers_file {
            jobs.push(Job::Headers);
        }
        jobs
    }

    /// The URLs of the static files (`/style.css`), for link checks.
    pub(crate) fn static_urls(&self) -> std::collections::HashSet<String> {
        self.assets.urls.keys().map(|name| format!("/{name}")).collect()
    }

    /// What the build warns of about the site itself (not about what it wrote).
    fn findings(&self) -> Vec<String> {
        let site = &self.site;
        let mut warnings: Vec<String> = site.config.notes.clone();
        warnings.extend(crate::pipeline::findings::config_findings(&site.config).iter().map(|f| f.to_string()));
        warnings.extend(self.templates.strings.take_missing().into_iter().map(|(lang, key)| {
            format!("warning: UI string `{key}` missing for {lang}; shown in the default language, or else in English")
        }));
        // Only overdue reviews warn at build time; `kepu check` also lists missing ones.
        warnings.extend(
            crate::pipeline::findings::review_findings(site, self.templates.now)
                .into_iter()
                .filter(|f| f.message.contains("overdue"))
                .map(|f| f.to_string()),
        );
        // Broken links and images are published (a build must not fail on one), but never
        // without a word: the count here, each one with `kepu check`.
        let problems = crate::pipeline::findings::link_findings(site, &self.static_urls()).len();
        if problems > 0 {
            warnings.push(format!(
                "warning: {problems} problem(s) in the pages (links or images that lead nowhere, images without \
                 alternative text); run `kepu check` to see each one"
            ));
        }
        warnings.extend(crate::pipeline::flyer_fit::flyer_findings(site).iter().map(|f| f.to_string()));
        let unreadable = site.images.unreadable.len();
        if unreadable > 0 {
            warnings.push(format!(
                "warning: {unreadable} file(s) named like pictures could not be read as pictures, so they are \
                 published as they are, metadata included; run `kepu check` to see each one"
            ));
        }
        warnings
    }

    /// The report of a build that wrote `written` and found `warnings` in the site.
    fn report(&self, mut warnings: Vec<String>, written: WriteStats, started: Instant) -> BuildReport {
        let site = &self.site;
        warnings.extend(written.warnings.iter().cloned());
        if !written.kept.is_empty() {
            let some: Vec<String> = written.kept.iter().take(5).map(|p| p.display().to_string()).collect();
            warnings.push(format!(
                "note: left {} file(s) in the output folder that Kepu did not write: {}{}; delete them there if they \
                 are no longer wanted",
                written.kept.len(),
                some.join(", "),
                if written.kept.len() > 5 { ", …" } else { "" }
            ));
        }
        BuildReport {
            pages_per_language: site
                .config
                .languages
                .iter()
                .enumerate()
                .map(|(i, l)| (l.tag.to_string(), site.pages.iter().filter(|p| p.lang == i).count()))
                .collect(),
            written,
            elapsed: started.elapsed(),
            warnings,
            images: self.images.take(),
        }
    }
}

impl Sink for Staging {
    fn write(&self, rel: &Path, bytes: &[u8]) -> Result<()> {
        Staging::write(self, rel, bytes)
    }

    fn expect(&self, files: usize) {
        Staging::expect(self, files);
    }

    fn remembers(&self) -> bool {
        Staging::remembers(self)
    }

    fn keep(&self, rel: &Path, inputs: Fingerprint) -> Result<bool> {
        Staging::keep(self, rel, inputs)
    }

    fn write_remembered(&self, rel: &Path, bytes: &[u8], inputs: Fingerprint) -> Result<()> {
        Staging::write_remembered(self, rel, bytes, inputs)
    }
}

/// The offline copy's writer: every page's links made relative on the way to the staging tree.
struct Offline<'a>(&'a Staging);

impl Offline<'_> {
    fn relative<'b>(rel: &Path, bytes: &'b [u8]) -> Result<std::borrow::Cow<'b, [u8]>> {
        let is_html = rel.extension().is_some_and(|e| e.eq_ignore_ascii_case("html"));
        match std::str::from_utf8(bytes) {
            Ok(html) if is_html => {
                let relative = crate::formats::offline::relative_links(html, rel).map_err(|e| {
                    Diagnostic::new(format!("{}: could not make its links relative: {e}", rel.display()))
                })?;
                Ok(relative.into_bytes().into())
            }
            _ => Ok(bytes.into()),
        }
    }
}

impl Sink for Offline<'_> {
    fn write(&self, rel: &Path, bytes: &[u8]) -> Result<()> {
        self.0.write(rel, &Offline::relative(rel, bytes)?)
    }

    fn expect(&self, files: usize) {
        self.0.expect(files);
    }

    fn remembers(&self) -> bool {
        self.0.remembers()
    }

    fn keep(&self, rel: &Path, inputs: Fingerprint) -> Result<bool> {
        self.0.keep(rel, inputs)
    }

    fn write_remembered(&self, rel: &Path, bytes: &[u8], inputs: Fingerprint) -> Result<()> {
        self.0.write_remembered(rel, &Offline::relative(rel, bytes)?, inputs)
    }
}

/// Runs `f` on every item in parallel, collecting every error; Ctrl-C stops it.
fn in_parallel<T: Sync>(items: &[T], f: impl Fn(&T) -> Result<()> + Sync) -> Result<()> {
    let errors: Vec<Error> = items
        .par_iter()
        .filter_map(|item| {
            if crate::util::interrupt::requested() {
                return Some(Error::from(Diagnostic::new("build interrupted")));
            }
            f(item).err()
        })
        .collect();
    if crate::util::interrupt::requested() {
        Err(Diagnostic::new("build interrupted (Ctrl-C)").into())
    } else if errors.is_empty() {
        Ok(())
    } else {
        Err(join_errors(errors))
    }
}

/// Every output file has one owner, and none stands where another needs a folder; the number of
/// files claimed.
fn check_claims(site: &Site, assets: &Assets, headers_file: bool) -> Result<usize> {
    let statics: Vec<(PathBuf, PathBuf)> =
        assets.files.iter().map(|a| (a.output.clone(), Path::new("static").join(&a.name))).collect();
    let extra: &[&str] = if headers_file { &["_headers"] } else { &[] };
    crate::pipeline::claims::check(site, &statics, extra)
}

/// Writes the pages of `run`, just rendered, and their own flyers.
fn write_pages(r: &Renderer, run: std::ops::Range<usize>, out: &dyn Sink) -> Result<()> {
    let jobs: Vec<Job> = run.flat_map(|i| own_jobs(r.site, i)).collect();
    in_parallel(&jobs, |job| {
        let prepared = match job {
            Job::Page(i) => pages::prepare_page(r, *i)?,
            Job::Flyer { page, with } => flyer::prepare_flyer(r, *page, *with)?,
            _ => unreachable!("own_jobs gives pages and flyers"),
        };
        write_prepared(r, prepared, out)
    })
}

/// Renders and writes a file made from a template, unless `out` still holds it as the build
/// before rendered it from the same inputs.
fn write_prepared(r: &Renderer, p: Prepared, out: &dyn Sink) -> Result<()> {
    let rel = url_to_file(&p.url);
    if !out.remembers() {
        return out.write(&rel, &r.render(p)?);
    }
    let inputs = r.fingerprint(&p);
    if out.keep(&rel, inputs)? {
        return Ok(());
    }
    out.write_remembered(&rel, &r.render(p)?, inputs)
}

/// Page `i` and its own flyer: what is written from the page's HTML alone.
fn own_jobs<'a>(site: &Site, i: usize) -> impl Iterator<Item = Job<'a>> + use<'a> {
    let flyer = site.has_flyer(&site.pages[i]).then_some(Job::Flyer { page: i, with: None });
    std::iter::once(Job::Page(i)).chain(flyer)
}

/// Builds the site into its output folder, replacing it only on success.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    build_state(opts, Lifetime::Once).map(|(report, _)| report)
}

/// [`build`], also returning the state it built from (for incremental rebuilds).
pub(crate) fn build_state(opts: &BuildOptions, lifetime: Lifetime) -> Result<(BuildReport, State)> {
    let started = Instant::now();
    // A live session re-renders only what a save touches, from the HTML it keeps.
    let sources = if lifetime == Lifetime::Live { Sources::Release } else { Sources::Reread };
    let mut staging = Staging::open(&opts.root, &opts.output_dir(), opts.force)?;
    if let Some(header) = renders_header(opts) {
        staging.remember(header);
    }
    let offline = Offline(&staging);
    let sink: &dyn Sink = if opts.relative { &offline } else { &staging };
    // Each page is written as soon as it is rendered, in a live session as in a one-shot build.
    let state = State::load(opts, sources, Some(sink))?;
    state.run_jobs(&state.all_jobs(), sink)?;
    if state.templates.strings.any_missing() {
        staging.forget();
    }
    // The site's own findings are worked out while the disk makes the output durable.
    let (written, findings) = rayon::join(|| staging.commit(Unwritten::Remove), || state.findings());
    Ok((state.report(findings, written?, started), state))
}

/// What every remembered render also depends on beside its own inputs: this very Kepu (its
/// program file's size and time, as a rebuilt Kepu may render differently under the same
/// version) and whether links are made relative. `None` when the program file cannot be found:
/// then nothing is remembered.
fn renders_header(opts: &BuildOptions) -> Option<Fingerprint> {
    let program = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    let since = program.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    let mut f = Fingerprinter::default();
    f.str(env!("CARGO_PKG_VERSION")).u64(program.len()).u64(since.as_secs()).u64(u64::from(since.subsec_nanos()));
    f.u64(u64::from(opts.relative));
    Some(f.finish())
}

/// A broken template fails every page that uses it; report it once, with a count.
fn collapse_repeats(err: Error) -> Error {
    const MARK: &str = " (while rendering ";
    let mut seen: Vec<(Diagnostic, usize)> = Vec::new();
    for d in err.diagnostics {
        let stem = |m: &str| m.split(MARK).next().unwrap_or(m).to_string();
        match seen
            .iter_mut()
            .find(|(s, _)| s.path == d.path && s.line == d.line && stem(&s.message) == stem(&d.message))
        {
            Some((_, n)) => *n += 1,
            None => seen.push((d, 0)),
        }
    }
    Error::many(
        seen.into_iter()
            .map(|(mut d, n)| {
                if n > 0 {
                    d.message.push_str(&format!(" (and {n} more pages)"));
                }
                d
            })
            .collect(),
    )
}

const HIGHLIGHT_CSS: &str = "highlight.css";

/// The events section is the events page (upcoming and past), not a plain paginated list.
pub(crate) fn is_events_page(s: &crate::site::Section) -> bool {
    s.doc.dir == "events" && s.doc.front.template.is_none()
}

/// One unit of output.
pub(crate) enum Job<'a> {
    Page(usize),
    Section {
        section: usize,
        pager: usize,
    },
    Home(usize),
    TaxonomyList(usize),
    TaxonomyTerm {
        taxonomy: usize,
        term: usize,
        pager: usize,
    },
    NotFound,
    Alias(usize),
    Feed(usize),
    Sitemap,
    Robots,
    Events(usize),
    ObservanceCalendar(usize),
    Observance {
        lang: usize,
        observance: usize,
    },
    EventIcs(usize),
    CalendarIcs(usize),
    ObservancesIcs(usize),
    SearchPage(usize),
    Flyer {
        page: usize,
        with: Option<usize>,
    },
    SearchIndex(usize),
    Static(usize),
    ContentAsset(&'a Path),
    /// A picture in `content/`, published in several sizes and formats.
    Picture(&'a crate::load::images::Picture),
    Headers,
}

/// Every output file of `site`; without the pages and their own flyers when those are written.
fn plan(site: &Site, pages_written: bool) -> Vec<Job<'_>> {
    // The files made from every page go first: started last, one of them kept a core busy
    // after the other had finished (the sitemap of 150,000 pages, 0.3 s).
    let mut jobs: Vec<Job> = vec![Job::Sitemap];
    jobs.extend((0..site.config.languages.len()).map(Job::SearchIndex));
    if !pages_written {
        jobs.extend((0..site.pages.len()).flat_map(|i| own_jobs(site, i)));
    }
    for (i, s) in site.sections.iter().enumerate().filter(|(_, s)| !s.is_root() && !is_events_page(s)) {
        let per = s.doc.front.paginate_by.unwrap_or(site.config.paginate_by).max(1);
        jobs.extend((0..pager_count(&s.pages, per)).map(|p| Job::Section { section: i, pager: p }));
    }
    for lang in 0..site.config.languages.len() {
        jobs.extend([
            Job::Home(lang),
            Job::Feed(lang),
            Job::Events(lang),
            Job::ObservanceCalendar(lang),
            Job::CalendarIcs(lang),
            Job::ObservancesIcs(lang),
            Job::SearchPage(lang),
        ]);
        jobs.extend((0..site.calendar.days.len()).map(|o| Job::Observance { lang, observance: o }));
    }
    jobs.extend(
        site.pages.iter().enumerate().filter(|(_, p)| p.doc.front.event.is_some()).map(|(i, _)| Job::EventIcs(i)),
    );
    for (i, p) in site.pages.iter().enumerate().filter(|(_, p)| site.has_flyer(p)) {
        jobs.extend(site.published_flyer_partners(p).into_iter().map(|w| Job::Flyer { page: i, with: Some(w) }));
    }
    for (t, tax) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::TaxonomyList(t));
        for (i, term) in tax.terms.iter().enumerate() {
            let pagers = pager_count(&term.pages, site.config.paginate_by);
            jobs.extend((0..pagers).map(|p| Job::TaxonomyTerm { taxonomy: t, term: i, pager: p }));
        }
    }
    jobs.extend((0..site.aliases.len()).map(Job::Alias));
    jobs.extend([Job::NotFound, Job::Robots]);
    jobs.extend(site.assets.iter().map(|p| match site.images.find(&p.to_string_lossy()) {
        Some(picture) => Job::Picture(picture),
        None => Job::ContentAsset(p),
    }));
    jobs
}

fn run(job: &Job, r: &Renderer, state: &State, out: &dyn Sink) -> Result<()> {
    let (site, root, assets) = (r.site, &state.root, &state.assets);
    let (url, bytes): (String, Vec<u8>) = match job {
        Job::Page(i) => return write_prepared(r, pages::prepare_page(r, *i)?, out),
        Job::Section { section, pager } => return write_prepared(r, pages::prepare_section(r, *section, *pager)?, out),
        Job::Home(lang) => return write_prepared(r, pages::prepare_home(r, *lang)?, out),
        Job::TaxonomyList(t) => return write_prepared(r, pages::prepare_taxonomy(r, *t)?, out),
        Job::TaxonomyTerm { taxonomy, term, pager } => {
            return write_prepared(r, pages::prepare_term(r, *taxonomy, *term, *pager)?, out)
        }
        Job::Events(lang) => return write_prepared(r, pages::prepare_events(r, *lang)?, out),
        Job::ObservanceCalendar(lang) => return write_prepared(r, pages::prepare_observances(r, *lang)?, out),
        Job::Observance { lang, observance } => {
            return write_prepared(r, pages::prepare_observance(r, *lang, *observance)?, out)
        }
        Job::SearchPage(lang) => return write_prepared(r, pages::prepare_search(r, *lang)?, out),
        Job::Flyer { page, with } => return write_prepared(r, flyer::prepare_flyer(r, *page, *with)?, out),
        Job::NotFound => return write_prepared(r, pages::prepare_not_found(r)?, out),
        Job::EventIcs(i) => {
            let p = &site.pages[*i];
            (format!("{}event.ics", p.url), calendar::event_ics(site, p).unwrap_or_default().into_bytes())
        }
        Job::CalendarIcs(lang) => {
            let url = format!("{}calendar.ics", site.config.languages[*lang].home_url());
            (url, calendar::language_ics(site, *lang).into_bytes())
        }
        Job::ObservancesIcs(lang) => {
            let name =
                format!("{} · {}", site.config.languages[*lang].title, r.strings.get(*lang, "observances", None));
            let ics = calendar::observances_ics(site, *lang, r.now, name);
            (calendar::observances_ics_url(site, *lang), ics.into_bytes())
        }
        // Several files (the document list and the shards that changed), written by the index.
        Job::SearchIndex(lang) => return crate::formats::search::write_index(site, &state.search, *lang, out),
        Job::Alias(i) => {
            let (from, to) = &site.aliases[*i];
            (from.clone(), feeds::redirect(site, to).into_bytes())
        }
        Job::Feed(lang) => {
            let url = format!("{}atom.xml", site.config.languages[*lang].home_url());
            (url, feeds::atom(site, *lang)?.into_bytes())
        }
        Job::Sitemap => {
            let files = feeds::sitemaps(&site.config, &sitemap_entries(site), feeds::SITEMAP_URLS);
            let errors: Vec<Error> =
                files.par_iter().filter_map(|(url, xml)| out.write(&url_to_file(url), xml.as_bytes()).err()).collect();
            return if errors.is_empty() { Ok(()) } else { Err(join_errors(errors)) };
        }
        Job::Robots => ("/robots.txt".into(), feeds::robots(site).into_bytes()),
        Job::Headers => ("/_headers".into(), assets.headers_file().into_bytes()),
        Job::Static(i) => {
            let a = &assets.files[*i];
            // Pictures of the theme or the site are published without camera metadata too.
            let stripped =
                if site.config.images.keep_metadata { None } else { crate::formats::images::strip(&a.name, &a.bytes) };
            return out.write(&a.output, stripped.as_deref().unwrap_or(&a.bytes));
        }
        Job::Picture(picture) => {
            let files = crate::formats::images::publish(root, picture, &state.images)?;
            let errors: Vec<Error> =
                files.iter().filter_map(|(url, bytes)| out.write(&url_to_file(url), bytes).err()).collect();
            return if errors.is_empty() { Ok(()) } else { Err(join_errors(errors)) };
        }
        Job::ContentAsset(path) => {
            let src = Path::new(content::CONTENT_DIR).join(path);
            let bytes = std::fs::read(root.join(&src)).map_err(|e| Diagnostic::io(&src, &e))?;
            (format!("/{}", path.to_string_lossy().replace('\\', "/")), bytes)
        }
    };
    out.write(&url_to_file(&url), &bytes)
}

fn sitemap_entries(site: &Site) -> Vec<SitemapEntry<'_>> {
    // Fallback copies are marked noindex; listing them would only confuse search engines.
    let listed = |origin: crate::load::content::Origin| origin != crate::load::content::Origin::Fallback;
    let sections = site.sections.iter().filter(|s| listed(s.doc.origin));
    let mut entries: Vec<SitemapEntry> = sections
        .map(|s| SitemapEntry { url: Cow::Borrowed(&s.url), lastmod: None, translations: &s.translations })
        .collect();
    for (l, lang) in site.config.languages.iter().enumerate() {
        if site.home_section(l).is_none() {
            entries.push(SitemapEntry { url: Cow::Owned(lang.home_url()), lastmod: None, translations: &[] });
        }
    }
    // Every page is in the sitemap: listed and sorted on every core, so that a large site's
    // sitemap is not the one job left running at the end of the build.
    let pages = site.pages.par_iter().filter(|p| listed(p.doc.origin)).map(|p| {
        let f = &p.doc.front;
        let lastmod = f.updated.or(f.date).map(|d| crate::util::dates::iso_day(d.day()));
        SitemapEntry { url: Cow::Borrowed(&p.url), lastmod, translations: &p.translations }
    });
    entries.par_extend(pages);
    // URLs are unique (claims are checked before anything is written): no order among equals.
    entries.par_sort_unstable_by(|a, b| a.url.cmp(&b.url));
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "title: 健康站\nlanguages:\n  - code: zh-Hans\n    name: 简体中文\n  - code: zh-Hant\n    \
                          name: 繁體中文\n    derived_from: zh-Hans\n    conversion: s2t\n";

    /// A one-shot build renders each page's Markdown again as it writes the page, and refuses a
    /// file that changed in between rather than publish a page its lists do not describe.
    #[test]
    fn a_page_is_rendered_again_from_its_file_and_a_change_in_between_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), CONFIG).unwrap();
        std::fs::create_dir_all(dir.path().join("content/articles")).unwrap();
        let file = dir.path().join("content/articles/hep.md");
        std::fs::write(&file, "---\ntitle: 乙肝筛查\n---\n成年人应做一次**乙肝筛查**。\n\n```sh\necho 乙肝\n```\n")
            .unwrap();
        let opts = BuildOptions::new(dir.path());
        let state = State::load(&opts, Sources::Reread, None).unwrap();
        let site = &state.site;
        let page = |lang: &str| site.pages.iter().position(|p| p.lang == usize::from(lang == "zh-Hant")).unwrap();
        let (simplified, traditional) = (page("zh-Hans"), page("zh-Hant"));
        assert!(site.pages.iter().all(|p| p.rendered.html.is_empty()), "no HTML held after resolving");
        assert!(site.pages.iter().all(|p| p.doc.body.is_empty()), "nor any Markdown");
        let html = site.page_html(simplified).unwrap();
        assert!(html.contains("<strong>乙肝筛查</strong>") && html.contains("<pre"), "{html}");
        assert!(site.page_html(traditional).unwrap().contains("<strong>乙肝篩查</strong>"), "converted again");

        std::fs::write(&file, "---\ntitle: 乙肝筛查\n---\n改过了。\n").unwrap();
        for i in [simplified, traditional] {
            let err = site.page_html(i).unwrap_err().to_string();
            assert!(err.contains("content/articles/hep.md") && err.contains("run `kepu build` again"), "{err}");
        }
    }

    /// A live session keeps the HTML a save re-renders with its feed, and nothing more.
    #[test]
    fn a_live_session_holds_the_html_of_its_feeds_pages_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), format!("{CONFIG}feed_limit: 1\n")).unwrap();
        std::fs::create_dir_all(dir.path().join("content/articles")).unwrap();
        for (name, date) in [("old", "2026-01-05"), ("new", "2026-03-05")] {
            let page = format!("---\ntitle: {name}\ndate: {date}\n---\n**{name}** 筛查。\n");
            std::fs::write(dir.path().join(format!("content/articles/{name}.md")), page).unwrap();
        }
        let opts = BuildOptions::new(dir.path());
        let state = State::load(&opts, Sources::Release, None).unwrap();
        for p in &state.site.pages {
            let held = !p.rendered.html.is_empty();
            assert_eq!(held, p.doc.front.title == "new", "{} holds its HTML: {held}", p.doc.path.display());
            assert!(p.rendered.plain.is_empty(), "the search index has seen the text");
        }
        let old = state.site.pages.iter().position(|p| p.doc.front.title == "old").unwrap();
        assert!(state.site.page_html(old).unwrap().contains("<strong>old</strong>"), "rendered again when needed");
    }
}
