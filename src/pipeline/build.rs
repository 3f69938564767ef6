//! The pipeline: load → resolve → render → write. One function drives it; each stage lives in
//! its own module and hands the next an immutable result.

use crate::formats::feeds::{self, SitemapEntry};
use crate::load::assets::Assets;
use crate::load::config::Config;
use crate::load::content;
use crate::load::observances::Calendar;
use crate::load::theme::Theme;
use crate::pipeline::output::{Staging, Unwritten, WriteStats};
use crate::render::{self, pager_count, pager_url, put, Renderer, Templates};
use crate::site::{url_to_file, Site};
use crate::util::error::join_errors;
use crate::util::error::{Diagnostic, Error, Result};
use crate::util::sink::Sink;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What `kepu build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/output`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// "Today" for upcoming events and overdue reviews; defaults to the clock's date.
    pub now: Option<chrono::NaiveDate>,
    /// Serve mode: templates see `serve = true`.
    pub serve: bool,
    /// Use an output folder that holds files Kepu did not write (they are left in place, or
    /// replaced where the build writes the same name).
    pub force: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            now: None,
            serve: false,
            force: false,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("output"))
    }
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// (language tag, page count) in configuration order.
    pub pages_per_language: Vec<(String, usize)>,
    pub written: WriteStats,
    pub elapsed: Duration,
    pub warnings: Vec<String>,
}

impl std::fmt::Display for BuildReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total: usize = self.pages_per_language.iter().map(|(_, n)| n).sum();
        let per: Vec<String> = self.pages_per_language.iter().map(|(l, n)| format!("{l} {n}")).collect();
        write!(
            f,
            "Built {total} pages ({}): {} files written, {} changed, {} removed, in {} ms",
            per.join(", "),
            self.written.files,
            self.written.changed,
            self.written.removed,
            self.elapsed.as_millis()
        )
    }
}

/// Loads and resolves a site without writing anything (shared by `build` and `check`).
pub fn load_site(opts: &BuildOptions) -> Result<(Site, Theme)> {
    let mut config = Config::load(&opts.root)?;
    if let Some(base) = &opts.base_url {
        config.base_url = base.trim_end_matches('/').to_string();
    }
    let (loaded, theme) =
        rayon::join(|| content::load(&opts.root, &config, opts.drafts), || Theme::load(&opts.root, &config));
    let calendar = Calendar::load(&opts.root, &config);
    let (mut loaded, theme, calendar) = match (loaded, theme, calendar) {
        (Ok(l), Ok(t), Ok(c)) => (l, t, c),
        (l, t, c) => return Err(join_errors([l.err(), t.err(), c.err()].into_iter().flatten().collect())),
    };
    crate::load::convert::add_derived(&config, &mut loaded.documents)?;
    let site = Site::resolve(config, loaded, calendar)?;
    Ok((site, theme))
}

/// A loaded, resolved site with its templates: everything needed to render any output file.
/// `kepu serve` keeps one alive between rebuilds.
pub struct State {
    pub root: PathBuf,
    pub site: Site,
    pub assets: Assets,
    /// Whether to write `_headers` for the CDN.
    headers_file: bool,
    pub templates: Templates,
    /// List entry of every page, index-aligned with `site.pages`.
    pub summaries: Vec<serde_json::Value>,
    /// The search index of each language, kept between incremental rebuilds.
    pub search: crate::formats::search::Cache,
}

impl State {
    pub fn load(opts: &BuildOptions) -> Result<State> {
        let (site, theme) = load_site(opts)?;
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
            now,
            opts.serve,
        )?;
        let summaries = templates.summaries(&site);
        let headers_file = site.config.headers_file;
        let search = crate::formats::search::Cache::new(site.config.languages.len());
        Ok(State { root: opts.root.clone(), site, assets, headers_file, templates, summaries, search })
    }

    pub fn renderer(&self) -> Renderer<'_> {
        Renderer::new(&self.templates, &self.site, &self.summaries)
    }

    /// Renders and writes `jobs` in parallel, collecting every error.
    pub(crate) fn run_jobs(&self, jobs: &[Job], sink: &dyn Sink) -> Result<()> {
        let renderer = self.renderer();
        let errors: Vec<Error> = jobs
            .par_iter()
            .filter_map(|job| {
                if crate::util::interrupt::requested() {
                    return Some(Error::from(Diagnostic::new("build interrupted")));
                }
                run(job, &renderer, self, sink).err()
            })
            .collect();
        if crate::util::interrupt::requested() {
            Err(Diagnostic::new("build interrupted (Ctrl-C)").into())
        } else if errors.is_empty() {
            Ok(())
        } else {
            Err(collapse_repeats(join_errors(errors)))
        }
    }

    /// Every output file has one owner, and none stands where another needs a folder.
    pub(crate) fn check_claims(&self) -> Result<()> {
        let statics: Vec<(PathBuf, PathBuf)> =
            self.assets.files.iter().map(|a| (a.output.clone(), Path::new("static").join(&a.name))).collect();
        let extra: &[&str] = if self.headers_file { &["_headers"] } else { &[] };
        crate::pipeline::claims::check(&self.site, &statics, extra)
    }

    /// Every output file of the site.
    pub(crate) fn all_jobs(&self) -> Vec<Job<'_>> {
        let mut jobs = plan(&self.site);
        jobs.extend((0..self.assets.files.len()).map(Job::Static));
        if self.headers_file {
            jobs.push(Job::Headers);
        }
        jobs
    }

    fn report(&self, written: WriteStats, started: Instant) -> BuildReport {
        let site = &self.site;
        let mut warnings: Vec<String> = self
            .templates
            .strings
            .take_missing()
            .into_iter()
            .map(|(lang, key)| format!("warning: UI string `{key}` missing for {lang}; using the default language"))
            .collect();
        // Only overdue reviews warn at build time; `kepu check` also lists missing ones.
        warnings.extend(
            crate::pipeline::findings::review_findings(site, self.templates.now)
                .into_iter()
                .filter(|f| f.message.contains("overdue"))
                .map(|f| f.to_string()),
        );
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
        }
    }
}

impl Sink for Staging {
    fn write(&self, rel: &Path, bytes: &[u8]) -> Result<()> {
        Staging::write(self, rel, bytes)
    }
}

/// Builds the site into its output folder, replacing it only on success.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    build_state(opts).map(|(report, _)| report)
}

/// [`build`], also returning the state it built from (for incremental rebuilds).
pub fn build_state(opts: &BuildOptions) -> Result<(BuildReport, State)> {
    let started = Instant::now();
    let state = State::load(opts)?;
    state.check_claims()?;
    let staging = Staging::open(&opts.root, &opts.output_dir(), opts.force)?;
    state.run_jobs(&state.all_jobs(), &staging)?;
    let written = staging.commit(Unwritten::Remove)?;
    Ok((state.report(written, started), state))
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
    Section { section: usize, pager: usize },
    Home(usize),
    TaxonomyList(usize),
    TaxonomyTerm { taxonomy: usize, term: usize, pager: usize },
    NotFound,
    Alias(usize),
    Feed(usize),
    Sitemap,
    Robots,
    Events(usize),
    ObservanceCalendar(usize),
    Observance { lang: usize, observance: usize },
    EventIcs(usize),
    CalendarIcs(usize),
    SearchPage(usize),
    Flyer { page: usize, with: Option<usize> },
    SearchIndex(usize),
    Static(usize),
    ContentAsset(&'a Path),
    Headers,
}

fn plan(site: &Site) -> Vec<Job<'_>> {
    let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
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
            Job::SearchPage(lang),
            Job::SearchIndex(lang),
        ]);
        jobs.extend((0..site.calendar.days.len()).map(|o| Job::Observance { lang, observance: o }));
    }
    jobs.extend(
        site.pages.iter().enumerate().filter(|(_, p)| p.doc.front.event.is_some()).map(|(i, _)| Job::EventIcs(i)),
    );
    for (i, p) in site.pages.iter().enumerate().filter(|(_, p)| site.has_flyer(p)) {
        jobs.push(Job::Flyer { page: i, with: None });
        jobs.extend(site.flyer_partners(p).into_iter().map(|w| Job::Flyer { page: i, with: Some(w) }));
    }
    for (t, tax) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::TaxonomyList(t));
        for (i, term) in tax.terms.iter().enumerate() {
            let pagers = pager_count(&term.pages, site.config.paginate_by);
            jobs.extend((0..pagers).map(|p| Job::TaxonomyTerm { taxonomy: t, term: i, pager: p }));
        }
    }
    jobs.extend((0..site.aliases.len()).map(Job::Alias));
    jobs.extend([Job::NotFound, Job::Sitemap, Job::Robots]);
    jobs.extend(site.assets.iter().map(|p| Job::ContentAsset(p)));
    jobs
}

fn run(job: &Job, r: &Renderer, state: &State, out: &dyn Sink) -> Result<()> {
    let (site, root, assets) = (r.site, &state.root, &state.assets);
    let (url, bytes): (String, Vec<u8>) = match job {
        Job::Page(i) => {
            let p = &site.pages[*i];
            let template = p.doc.front.template.as_deref().unwrap_or("page.html");
            if !r.has_template(template) {
                return Err(p.doc.error_at_key("template", format!("template `{template}` not found")).into());
            }
            let mut ctx = r.base_context(p.lang, &p.url, &p.translations);
            put(&mut ctx, "page", r.page_value(p));
            (p.url.clone(), r.render(p.lang, template, &ctx, Some(&p.doc.path))?.into_bytes())
        }
        Job::Section { section, pager } => {
            let s = &site.sections[*section];
            let per = s.doc.front.paginate_by.unwrap_or(site.config.paginate_by).max(1);
            let pg = &render::pager(&s.pages, per, *pager);
            let url = pager_url(&s.url, pg.number);
            let template = s.doc.front.template.as_deref().unwrap_or("section.html");
            if !r.has_template(template) {
                return Err(s.doc.error_at_key("template", format!("template `{template}` not found")).into());
            }
            let mut ctx = r.base_context(s.lang, &url, &s.translations);
            put(&mut ctx, "section", r.section_value(s));
            put(&mut ctx, "paginator", pg.value(r, &s.url));
            (url, r.render(s.lang, template, &ctx, Some(&s.doc.path))?.into_bytes())
        }
        Job::Home(lang) => {
            let home = &site.config.languages[*lang].home_url();
            let section = site.home_section(*lang);
            let translations: Vec<_> = site
                .config
                .languages
                .iter()
                .enumerate()
                .map(|(i, l)| crate::site::Translation { lang: i, url: l.home_url(), fallback: false })
                .collect();
            let mut ctx = r.base_context(*lang, home, &translations);
            let section_value = match section {
                Some(s) => r.section_value(s),
                None => {
                    let l = &site.config.languages[*lang];
                    serde_json::json!({"title": l.title, "url": home, "content": "", "description": l.description, "subsections": []})
                }
            };
            let newest = site.pages_newest_first(*lang);
            ctx.insert("section", &section_value);
            ctx.insert("recent", &r.summaries_of(&newest[..newest.len().min(10)]));
            ctx.insert("sections", &top_sections(site, *lang));
            ctx.insert("upcoming_events", &crate::render::outreach::upcoming(r, *lang, 5));
            (home.clone(), r.render(*lang, "index.html", &ctx, section.map(|s| s.doc.path.as_path()))?.into_bytes())
        }
        Job::TaxonomyList(t) => {
            let tax = &site.taxonomies[*t];
            let mut ctx = r.base_context(tax.lang, &tax.url, &taxonomy_translations(site, &tax.name, None));
            put(&mut ctx, "taxonomy", taxonomy_value(r, *t, true));
            (tax.url.clone(), r.render(tax.lang, "taxonomy_list.html", &ctx, None)?.into_bytes())
        }
        Job::TaxonomyTerm { taxonomy, term, pager } => {
            let tax = &site.taxonomies[*taxonomy];
            let term = &tax.terms[*term];
            let pg = &render::pager(&term.pages, site.config.paginate_by, *pager);
            let url = pager_url(&term.url, pg.number);
            let mut ctx = r.base_context(tax.lang, &url, &taxonomy_translations(site, &tax.name, Some(&term.slug)));
            put(&mut ctx, "taxonomy", taxonomy_value(r, *taxonomy, false));
            ctx.insert(
                "term",
                &serde_json::json!({"name": r.term_name(tax.lang, &tax.name, &term.name), "slug": term.slug, "url": term.url, "count": term.pages.len()}),
            );
            put(&mut ctx, "paginator", pg.value(r, &term.url));
            (url, r.render(tax.lang, "taxonomy_term.html", &ctx, None)?.into_bytes())
        }
        Job::Events(lang) => {
            let url = site.events_url(*lang);
            let section = site.events_section(*lang).map(|s| &site.sections[s]);
            let translations: Vec<_> = (0..site.config.languages.len())
                .map(|l| crate::site::Translation { lang: l, url: site.events_url(l), fallback: false })
                .collect();
            let mut ctx = r.base_context(*lang, &url, &translations);
            let (upcoming, past_months) = crate::render::outreach::events_context(r, *lang);
            ctx.insert("upcoming", &upcoming);
            ctx.insert("past_months", &past_months);
            if let Some(s) = section {
                put(&mut ctx, "section", r.section_value(s));
            }
            (url, r.render(*lang, "events.html", &ctx, section.map(|s| s.doc.path.as_path()))?.into_bytes())
        }
        Job::ObservanceCalendar(lang) => {
            let url = format!("{}observances/", site.config.languages[*lang].home_url());
            let mut ctx = r.base_context(*lang, &url, &per_language(site, |home| format!("{home}observances/")));
            ctx.insert("observances", &crate::render::outreach::observance_calendar(r, *lang));
            (url, r.render(*lang, "observances.html", &ctx, None)?.into_bytes())
        }
        Job::Observance { lang, observance } => {
            let id = &site.calendar.days[*observance].id;
            let url = crate::render::outreach::observance_url(r, *lang, *observance);
            let mut ctx = r.base_context(*lang, &url, &per_language(site, |home| format!("{home}observances/{id}/")));
            put(&mut ctx, "observance", crate::render::outreach::observance_value(r, *lang, *observance));
            (url, r.render(*lang, "observance.html", &ctx, None)?.into_bytes())
        }
        Job::EventIcs(i) => {
            let p = &site.pages[*i];
            (
                format!("{}event.ics", p.url),
                crate::render::outreach::event_ics(site, p).unwrap_or_default().into_bytes(),
            )
        }
        Job::CalendarIcs(lang) => {
            let url = format!("{}calendar.ics", site.config.languages[*lang].home_url());
            (url, crate::render::outreach::language_ics(site, *lang).into_bytes())
        }
        Job::SearchPage(lang) => {
            let url = format!("{}search/", site.config.languages[*lang].home_url());
            let mut ctx = r.base_context(*lang, &url, &per_language(site, |home| format!("{home}search/")));
            ctx.insert("search_index_url", &crate::formats::search::docs_url(site, *lang));
            (url, r.render(*lang, "search.html", &ctx, None)?.into_bytes())
        }
        // Several files (the document list and the shards that changed), written by the index.
        Job::SearchIndex(lang) => return crate::formats::search::write_index(site, &state.search, *lang, out),
        Job::Flyer { page, with } => {
            let p = &site.pages[*page];
            let url = site.flyer_url(p, *with);
            let mut ctx = r.base_context(p.lang, &url, &[]);
            put(&mut ctx, "flyer", crate::render::flyer::value(r, *page, *with));
            (url, r.render(p.lang, "flyer.html", &ctx, Some(&p.doc.path))?.into_bytes())
        }
        Job::NotFound => {
            let ctx = r.base_context(0, "/404.html", &[]);
            ("/404.html".into(), r.render(0, "404.html", &ctx, None)?.into_bytes())
        }
        Job::Alias(i) => {
            let (from, to) = &site.aliases[*i];
            (from.clone(), feeds::redirect(site, to).into_bytes())
        }
        Job::Feed(lang) => {
            let url = format!("{}atom.xml", site.config.languages[*lang].home_url());
            (url, feeds::atom(site, *lang, &site.pages_newest_first(*lang)).into_bytes())
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
            return out.write(&a.output, &a.bytes);
        }
        Job::ContentAsset(path) => {
            let src = Path::new(content::CONTENT_DIR).join(path);
            let bytes = std::fs::read(root.join(&src)).map_err(|e| Diagnostic::io(&src, &e))?;
            (format!("/{}", path.to_string_lossy().replace('\\', "/")), bytes)
        }
    };
    out.write(&url_to_file(&url), &bytes)
}

/// A generated page's translations: the same path under every language's home.
fn per_language(site: &Site, url: impl Fn(&str) -> String) -> Vec<crate::site::Translation> {
    site.config
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| crate::site::Translation { lang: i, url: url(&l.home_url()), fallback: false })
        .collect()
}

fn top_sections(site: &Site, lang: usize) -> Vec<serde_json::Value> {
    let root = site.sections.iter().position(|s| s.lang == lang && s.is_root());
    site.sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.lang == lang && !s.is_root())
        .filter(|(i, _)| match root {
            Some(r) => site.sections[r].subsections.contains(i),
            None => !site.sections[*i].doc.dir.contains('/'),
        })
        .map(|(_, s)| serde_json::json!({"title": s.doc.front.title, "url": s.url}))
        .collect()
}

fn taxonomy_value(r: &Renderer, t: usize, with_terms: bool) -> serde_json::Value {
    let tax = &r.site.taxonomies[t];
    let label = r.strings.get(tax.lang, &tax.name, None);
    let terms: Vec<serde_json::Value> = if with_terms {
        tax.terms
            .iter()
            .map(|t| serde_json::json!({"name": r.term_name(tax.lang, &tax.name, &t.name), "slug": t.slug, "url": t.url, "count": t.pages.len()}))
            .collect()
    } else {
        Vec::new()
    };
    serde_json::json!({"name": tax.name, "label": label, "url": tax.url, "terms": terms})
}

/// The same taxonomy (or term) in the other languages where it exists.
fn taxonomy_translations(site: &Site, name: &str, term: Option<&str>) -> Vec<crate::site::Translation> {
    site.taxonomies
        .iter()
        .filter(|t| t.name == name)
        .filter_map(|t| match term {
            None => Some(crate::site::Translation { lang: t.lang, url: t.url.clone(), fallback: false }),
            // Terms are sorted by slug.
            Some(slug) => t
                .terms
                .binary_search_by(|x| x.slug.as_str().cmp(slug))
                .ok()
                .map(|k| &t.terms[k])
                .map(|x| crate::site::Translation { lang: t.lang, url: x.url.clone(), fallback: false }),
        })
        .collect()
}

fn sitemap_entries(site: &Site) -> Vec<SitemapEntry<'_>> {
    let mut entries: Vec<SitemapEntry> = Vec::new();
    // Fallback copies are marked noindex; listing them would only confuse search engines.
    let listed = |origin: crate::load::content::Origin| origin != crate::load::content::Origin::Fallback;
    for s in site.sections.iter().filter(|s| listed(s.doc.origin)) {
        entries.push(SitemapEntry { url: s.url.clone(), lastmod: None, translations: &s.translations });
    }
    let homes_exist: Vec<bool> = (0..site.config.languages.len()).map(|l| site.home_section(l).is_some()).collect();
    for (l, lang) in site.config.languages.iter().enumerate() {
        if !homes_exist[l] {
            entries.push(SitemapEntry { url: lang.home_url(), lastmod: None, translations: &[] });
        }
    }
    for p in site.pages.iter().filter(|p| listed(p.doc.origin)) {
        let f = &p.doc.front;
        entries.push(SitemapEntry {
            url: p.url.clone(),
            lastmod: f.updated.or(f.date).map(|d| d.day().format("%Y-%m-%d").to_string()),
            translations: &p.translations,
        });
    }
    entries.sort_by(|a, b| a.url.cmp(&b.url));
    entries
}
