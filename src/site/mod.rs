//! Resolving loaded documents into a site: URLs, sections, translations, taxonomies and
//! rendered Markdown. After this stage every cross-reference is an index, every URL is unique,
//! and rendering templates needs no further lookups across the whole site.

pub(crate) mod highlight;
pub(crate) mod markdown;
mod reread;

use crate::load::config::Config;
use crate::load::content::{Document, EventSpec, FrontMatter, Kind, Loaded, Origin};
use crate::load::observances::Calendar;
use crate::util::error::{collect, Diagnostic, Error, Result};
// Maps keyed by the site's own keys and folders, filled and read once per page: the fast hash
// (they come from the site's files, so SipHash's flooding resistance buys nothing).
use crate::util::hash::FastMap;
use crate::util::slug;
use crate::util::text::{self, TextStats};
use markdown::{Rendered, Want};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// What a URL of the site is written from ([`Site::url_claims`]).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Claimant {
    /// A page Kepu generates itself (a home page, a feed, a list of a tag…).
    Generated,
    Page(usize),
    Section(usize),
    /// A flyer of page `i`: its own or a bilingual one.
    Flyer(usize),
    /// An alias of page `i`, or of something other than a page.
    Alias(Option<usize>),
}

/// Characters of automatic summaries and descriptions.
const SUMMARY_GRAPHEMES: usize = 140;

/// A link to the same content in another language.
#[derive(Debug, Clone)]
pub(crate) struct Translation {
    pub(crate) lang: usize,
    pub(crate) url: String,
    /// The page exists in this language only as a fallback copy of the default language's text:
    /// linked from the switcher, but not declared as a translation to search engines.
    pub(crate) fallback: bool,
}

#[derive(Debug)]
pub(crate) struct Page {
    pub(crate) doc: Document,
    pub(crate) lang: usize,
    pub(crate) slug: String,
    pub(crate) url: String,
    pub(crate) section: Option<usize>,
    /// Every language version, this one included, in language order.
    pub(crate) translations: Vec<Translation>,
    /// Indices of those versions in `Site::pages` (this page included).
    pub(crate) group: Vec<usize>,
    pub(crate) rendered: Rendered,
    pub(crate) stats: TextStats,
    /// Plain-text summary for lists and `<meta name="description">`.
    pub(crate) description: String,
    /// Changes whenever the page is (re-)rendered, so the search index can tell what to redo.
    pub(crate) revision: u64,
    /// Whether a build let the HTML go ([`Sources::Reread`]): the page's Markdown is read and
    /// rendered again where the HTML is needed later (a feed, a bilingual flyer).
    html_released: bool,
    /// The language (index) of the notice whose `event:` block this translation shows, having
    /// none of its own ([`Site::inherit_event_facts`]).
    pub(crate) event_from: Option<usize>,
}

#[derive(Debug)]
pub(crate) struct Section {
    pub(crate) doc: Document,
    pub(crate) lang: usize,
    pub(crate) url: String,
    /// Pages directly in this section, in display order.
    pub(crate) pages: Vec<usize>,
    pub(crate) subsections: Vec<usize>,
    pub(crate) translations: Vec<Translation>,
    pub(crate) rendered: Rendered,
}

impl Page {
    /// A page as loaded, before links, lists and rendering fill in the rest.
    fn new(doc: Document, lang: usize, slug: String, url: String) -> Page {
        Page {
            doc,
            lang,
            slug,
            url,
            section: None,
            translations: Vec::new(),
            group: Vec::new(),
            rendered: Rendered::default(),
            stats: TextStats::default(),
            description: String::new(),
            revision: 0,
            html_released: false,
            event_from: None,
        }
    }
}

impl Section {
    pub(crate) fn is_root(&self) -> bool {
        self.doc.dir.is_empty()
    }
}

/// One term of a taxonomy in one language, with its pages newest first.
#[derive(Debug)]
pub(crate) struct Term {
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) url: String,
    pub(crate) pages: Vec<usize>,
}

#[derive(Debug)]
pub(crate) struct Taxonomy {
    pub(crate) name: String,
    pub(crate) lang: usize,
    pub(crate) url: String,
    /// Sorted by slug.
    pub(crate) terms: Vec<Term>,
}

/// Which pages hold their HTML once rendered ([`Site::render_markdown`]).
enum Held {
    All,
    /// Index-aligned with the site's pages.
    Some(Vec<bool>),
    None,
}

/// Which of each page's texts a site holds once it is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sources {
    /// `kepu check` holds the Markdown and plain text for the plain-language report.
    Keep,
    /// A live session holds the HTML of the pages its feeds show, which a save re-renders with
    /// the feed, and lets the rest go like [`Sources::Reread`]. Each page's Markdown is read
    /// from its file as it is rendered (the loader keeps only a digest of it), and its plain
    /// text goes once [`OnRendered`] has seen it (the search index is built from it), so a
    /// large site's text is never all in memory at once. (`kepu serve` reads a changed file
    /// anew.)
    Release,
    /// A one-shot build lets the HTML go too, once [`OnRendered`] has written its run of
    /// pages: HTML held for every page would be a third of the build's memory. A page needed
    /// again later (in a feed, on a bilingual flyer) is rendered again from its file
    /// ([`Site::page_html`]).
    Reread,
}

impl Sources {
    /// Whether the plain text goes once seen.
    pub(crate) fn release(self) -> bool {
        self != Sources::Keep
    }

    /// How [`crate::load::content::load`] treats page bodies: only `kepu check` holds them
    /// all; the others read each from its file when they render it.
    pub(crate) fn bodies(self) -> crate::load::content::Bodies {
        match self {
            Sources::Keep => crate::load::content::Bodies::Held,
            Sources::Release | Sources::Reread => crate::load::content::Bodies::Digested,
        }
    }
}

/// See [`Site::render_markdown`].
pub(crate) type OnRendered<'a> = &'a mut dyn FnMut(&Site, std::ops::Range<usize>) -> Result<()>;

/// Pages rendered between two calls of [`OnRendered`]: enough to keep both cores busy, few
/// enough that their plain text and HTML are a small part of the build's memory.
const RENDER_RUN: usize = 2048;

#[derive(Debug)]
pub(crate) struct Site {
    pub(crate) config: Config,
    pub(crate) pages: Vec<Page>,
    pub(crate) sections: Vec<Section>,
    pub(crate) taxonomies: Vec<Taxonomy>,
    /// Files in `content/` published under their own names (pictures in several sizes).
    pub(crate) assets: Vec<PathBuf>,
    /// The pictures among the assets, and what is published for each.
    pub(crate) images: crate::load::images::Catalog,
    /// Alias URL → target URL.
    pub(crate) aliases: Vec<(String, String)>,
    pub(crate) calendar: Calendar,
    /// `@/` link targets, kept so one page can be re-rendered without rebuilding the map.
    links: LinkTargets,
    /// The site folder, where a page's Markdown is read again ([`Sources::Reread`]).
    root: PathBuf,
    /// Each language's converter from another language's text, loaded when a page is read
    /// again ([`Sources::Reread`]).
    converters: Vec<std::sync::OnceLock<Option<crate::load::convert::Converter>>>,
    /// Pages naming each observance: `(language, observance index)` → pages, newest first.
    pub(crate) by_observance: HashMap<(usize, usize), Vec<usize>>,
}

impl Site {
    /// The language a page's text is in: its own, or the default language's for fallback copies.
    pub(crate) fn content_language(&self, p: &Page) -> &crate::load::config::Language {
        let languages = &self.config.languages;
        if p.doc.origin == crate::load::content::Origin::Fallback {
            &languages[0]
        } else {
            &languages[p.lang]
        }
    }

    /// Places every document and checks URLs: everything but the Markdown
    /// ([`Site::render_markdown`]).
    pub(crate) fn resolve(config: Config, loaded: Loaded, calendar: Calendar) -> Result<Site> {
        let lang_index: HashMap<_, _> = config.languages.iter().enumerate().map(|(i, l)| (l.tag.clone(), i)).collect();
        let mut documents = loaded.documents;
        let mut errors = Vec::new();
        let mut sections = Vec::new();
        for doc in documents.extract_if(.., |d| d.kind == Kind::Section) {
            let lang = lang_index[&doc.lang];
            match section_url(&config, lang, &doc) {
                Ok(url) => sections.push(Section {
                    doc,
                    lang,
                    url,
                    pages: Vec::new(),
                    subsections: Vec::new(),
                    translations: Vec::new(),
                    rendered: Rendered::default(),
                }),
                Err(d) => errors.push(d),
            }
        }
        // Pages are most of a site and large: made in parallel, straight into the memory they
        // stay in (a vector grown one page at a time copied them all, on one thread).
        let pages: Vec<Result<Page, Diagnostic>> = documents
            .into_par_iter()
            .map(|doc| {
                let lang = lang_index[&doc.lang];
                page_slug_and_url(&config, lang, &doc).map(|(slug, url)| Page::new(doc, lang, slug, url))
            })
            .collect();
        if !errors.is_empty() || pages.iter().any(Result::is_err) {
            errors.extend(pages.into_iter().filter_map(Result::err));
            return Err(Error::many(errors));
        }
        let mut pages: Vec<Page> = pages.into_iter().filter_map(Result::ok).collect();
        // Deterministic order regardless of how the loader's threads finished.
        crate::util::order::sort_large_by(&mut pages, |a, b| (a.lang, &a.doc.key).cmp(&(b.lang, &b.doc.key)));
        sections.sort_by(|a, b| (a.lang, &a.doc.dir).cmp(&(b.lang, &b.doc.dir)));

        let converters = config.languages.iter().map(|_| std::sync::OnceLock::new()).collect();
        let mut site = Site {
            config,
            pages,
            sections,
            taxonomies: Vec::new(),
            assets: loaded.assets,
            images: loaded.images,
            aliases: Vec::new(),
            calendar,
            links: LinkTargets::default(),
            root: loaded.root,
            converters,
            by_observance: HashMap::new(),
        };
        site.inherit_event_facts();
        let newest = site.newest_first_ranks();
        site.link_observances(&newest)?;
        site.link_translations();
        site.attach_pages_to_sections(&newest);
        site.build_taxonomies(&newest)?;
        site.collect_aliases()?;
        site.check_reserved_urls()?;
        Ok(site)
    }

    /// A translation of an event notice shows its source's facts (time, place, services, status)
    /// and health day unless it writes its own: they are one event, and a translation written
    /// before the notice was postponed must not keep announcing the old date.
    fn inherit_event_facts(&mut self) {
        let sources: FastMap<&str, usize> = (self.pages.iter().enumerate())
            .filter(|(_, p)| is_notice_source(p))
            .map(|(i, p)| (p.doc.key.as_str(), i))
            .collect();
        let heirs: Vec<(usize, usize)> = (self.pages.iter().enumerate())
            .filter(|(_, p)| p.lang != 0 && p.doc.origin == Origin::Authored)
            .filter_map(|(i, p)| sources.get(p.doc.key.as_str()).map(|&source| (i, source)))
            .collect();
        for (i, source) in heirs {
            let front = &self.pages[source].doc.front;
            let facts = (front.event.clone(), front.observance.clone());
            let page = &mut self.pages[i];
            if take_facts(&self.calendar, (&facts.0, &facts.1), &mut page.doc.front) {
                page.event_from = Some(0);
            }
        }
    }

    /// [`Site::inherit_event_facts`] for page `i`'s new document `doc` (a save in a live
    /// session): whether it takes its source notice's `event:` block.
    pub(crate) fn inherit_into(&self, i: usize, doc: &mut Document) -> bool {
        let page = &self.pages[i];
        let source = page.group.iter().map(|&j| &self.pages[j]).find(|q| is_notice_source(q));
        match source {
            Some(source) if page.lang != 0 && doc.origin == Origin::Authored => {
                let front = &source.doc.front;
                take_facts(&self.calendar, (&front.event, &front.observance), &mut doc.front)
            }
            _ => false,
        }
    }

    /// Each page's place in [`newest_first`] order. The site's lists (a section's pages, a
    /// term's, a health day's) are sorted by it: comparing two numbers side by side in one
    /// array, where comparing two pages reaches into memory far apart, for every comparison of
    /// every list. The site is sorted once, by keys laid out in a row, on every core.
    fn newest_first_ranks(&self) -> Vec<u32> {
        let mut keys: Vec<(_, u32)> = (self.pages.iter().zip(0..)).map(|(p, i)| (newest_first_key(p), i)).collect();
        keys.par_sort_unstable();
        let mut ranks = vec![0; keys.len()];
        for (rank, (_, i)) in (0..).zip(&keys) {
            ranks[*i as usize] = rank;
        }
        ranks
    }

    /// An unknown observance id is almost always a typo; it must not silently drop the link.
    fn link_observances(&mut self, newest: &[u32]) -> Result<()> {
        let mut errors = Vec::new();
        for (i, p) in self.pages.iter().enumerate() {
            let Some(id) = &p.doc.front.observance else { continue };
            match self.calendar.get(id) {
                Some((o, _)) => self.by_observance.entry((p.lang, o)).or_default().push(i),
                None => {
                    let ids: Vec<&str> = self.calendar.days.iter().map(|d| d.id.as_str()).collect();
                    let hint = match (self.calendar.named(id), crate::util::suggest::did_you_mean(id, &ids)) {
                        (Some(day), _) => {
                            format!("that is the name of the day whose id is `{0}`; write `observance: {0}`", day.id)
                        }
                        (None, Some(near)) => format!("did you mean `{near}`?"),
                        (None, None) => "the ids are listed by `kepu observances`; a day of your own goes in \
                                         content/observances.yaml"
                            .to_string(),
                    };
                    errors.push(p.doc.error_at_key("observance", format!("unknown observance `{id}`: {hint}")))
                }
            }
        }
        for list in self.by_observance.values_mut() {
            list.sort_unstable_by_key(|&i| newest[i]);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::many(errors))
        }
    }

    fn link_translations(&mut self) {
        let mut groups: FastMap<&str, Vec<usize>> = FastMap::default();
        for (i, p) in self.pages.iter().enumerate() {
            groups.entry(&p.doc.key).or_default().push(i);
        }
        let pages = &self.pages;
        let linked: Vec<(Vec<Translation>, Vec<usize>)> = (pages.par_iter())
            .map(|p| {
                let group = &groups[p.doc.key.as_str()];
                let translations = (group.iter().map(|&j| &pages[j]))
                    .map(|p| Translation {
                        lang: p.lang,
                        url: p.url.clone(),
                        fallback: p.doc.origin == crate::load::content::Origin::Fallback,
                    })
                    .collect();
                (translations, group.clone())
            })
            .collect();
        for (page, (translations, group)) in self.pages.iter_mut().zip(linked) {
            page.translations = translations;
            page.group = group;
        }
        let mut groups: HashMap<String, Vec<Translation>> = HashMap::new();
        for s in &self.sections {
            groups.entry(s.doc.key.clone()).or_default().push(Translation {
                lang: s.lang,
                url: s.url.clone(),
                fallback: s.doc.origin == crate::load::content::Origin::Fallback,
            });
        }
        for s in &mut self.sections {
            s.translations = groups[&s.doc.key].clone();
        }
    }

    /// A page belongs to the nearest section above it in its own language.
    fn attach_pages_to_sections(&mut self, newest: &[u32]) {
        let index: FastMap<(usize, &str), usize> =
            self.sections.iter().enumerate().map(|(i, s)| ((s.lang, s.doc.dir.as_str()), i)).collect();
        let nearest = |lang: usize, mut dir: &str, skip_self: bool| -> Option<usize> {
            let mut first = true;
            loop {
                if !(first && skip_self) {
                    if let Some(i) = index.get(&(lang, dir)) {
                        return Some(*i);
                    }
                }
                first = false;
                if dir.is_empty() {
                    return None;
                }
                dir = dir.rfind('/').map_or("", |i| &dir[..i]);
            }
        };
        let page_sections: Vec<Option<usize>> = self.pages.iter().map(|p| nearest(p.lang, &p.doc.dir, false)).collect();
        let parents: Vec<Option<usize>> =
            self.sections.iter().map(|s| if s.is_root() { None } else { nearest(s.lang, &s.doc.dir, true) }).collect();
        for (i, sec) in page_sections.into_iter().enumerate() {
            self.pages[i].section = sec;
            if let Some(s) = sec {
                self.sections[s].pages.push(i);
            }
        }
        for (i, parent) in parents.into_iter().enumerate() {
            if let Some(p) = parent {
                self.sections[p].subsections.push(i);
            }
        }
        let weights: Vec<i64> = self.pages.iter().map(weight).collect();
        for s in &mut self.sections {
            s.pages.sort_unstable_by_key(|&i| (weights[i], newest[i]));
        }
    }

    /// Each language's taxonomies, built side by side.
    fn build_taxonomies(&mut self, newest: &[u32]) -> Result<()> {
        let wanted: Vec<(usize, &String)> = (0..self.config.languages.len())
            .flat_map(|lang| self.config.taxonomies.iter().map(move |name| (lang, name)))
            .collect();
        let built: Vec<(Taxonomy, Vec<Diagnostic>)> =
            wanted.into_par_iter().map(|(lang, name)| self.taxonomy(lang, name, newest)).collect();
        let mut errors = Vec::new();
        for (taxonomy, mistakes) in built {
            self.taxonomies.push(taxonomy);
            errors.extend(mistakes);
        }
        for p in &self.pages {
            for key in p.doc.front.taxonomies.keys() {
                if !self.config.taxonomies.contains(key) {
                    errors.push(
                        p.doc.error_at_key(key, format!("taxonomy `{key}` is not declared in site.yaml `taxonomies`")),
                    );
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::many(errors))
        }
    }

    /// Taxonomy `name` in language `lang`: its terms by slug, each with its pages newest first.
    fn taxonomy(&self, lang: usize, name: &str, newest: &[u32]) -> (Taxonomy, Vec<Diagnostic>) {
        let url = format!("{}{}/", self.config.languages[lang].home_url(), name);
        let mut errors = Vec::new();
        let mut terms: BTreeMap<String, Term> = BTreeMap::new();
        // A large site writes the same few terms tens of thousands of times.
        let mut slugs: HashMap<&str, String> = HashMap::new();
        for (i, p) in self.pages.iter().enumerate().filter(|(_, p)| p.lang == lang) {
            for term in p.doc.front.terms(name) {
                let slug = slugs.entry(term).or_insert_with(|| slug::slugify(term));
                if slug.is_empty() {
                    errors.push(p.doc.error_at_key(name, format!("{name} term `{term}` has no letters or digits")));
                    continue;
                }
                let entry = terms.entry(slug.clone()).or_insert_with(|| Term {
                    name: term.trim().to_string(),
                    url: format!("{url}{slug}/"),
                    slug: slug.clone(),
                    pages: Vec::new(),
                });
                // A page naming one term twice is listed once.
                if entry.pages.last() != Some(&i) {
                    entry.pages.push(i);
                }
            }
        }
        let mut terms: Vec<Term> = terms.into_values().collect();
        for t in &mut terms {
            t.pages.sort_unstable_by_key(|&i| newest[i]);
        }
        let taxonomy = Taxonomy { name: name.to_string(), lang, url, terms };
        (taxonomy, errors)
    }

    fn collect_aliases(&mut self) -> Result<()> {
        let mut errors = Vec::new();
        for p in &self.pages {
            for alias in &p.doc.front.aliases {
                match alias_url(alias) {
                    Some(url) => self.aliases.push((url, p.url.clone())),
                    None => errors.push(p.doc.error_at_key(
                        "aliases",
                        format!("alias `{alias}` must be a path such as /old/name/ without `..`"),
                    )),
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::many(errors))
        }
    }

    /// The search index's files are named by its contents, so their names are reserved by pattern.
    /// (Every other clash between outputs is found at file level, with lines, by `claims`.)
    fn check_reserved_urls(&self) -> Result<()> {
        let homes: Vec<String> = self.config.languages.iter().map(|l| l.home_url()).collect();
        let reserved = |url: &str| homes.iter().any(|h| is_search_index_url(h, url));
        // The authored URLs, looked at where they are kept: `url_claims` would make a string
        // of each of the site's files, and flyers and generated pages cannot be named so.
        let pages = self.pages.iter().map(|p| (p.url.as_str(), p.doc.path.as_path()));
        let sections = self.sections.iter().filter(|s| !s.is_root()).map(|s| (s.url.as_str(), s.doc.path.as_path()));
        let aliases = self.aliases.iter().filter(|(alias, _)| reserved(alias)).filter_map(|(alias, target)| {
            let page = self.pages.iter().find(|p| p.url == *target)?;
            Some((alias.as_str(), page.doc.path.as_path()))
        });
        let authored = (pages.chain(sections).filter(|(url, _)| reserved(url)))
            .chain(aliases)
            .map(|(url, path)| (url.to_string(), path.to_path_buf()));
        let assets = self.assets.iter().map(|a| {
            let url = format!("/{}", a.to_string_lossy().replace('\\', "/"));
            (url, Path::new(crate::load::content::CONTENT_DIR).join(a))
        });
        let errors: Vec<Diagnostic> = authored
            .chain(assets.filter(|(url, _)| reserved(url)))
            .map(|(url, path)| Diagnostic::in_file(path, format!("URL {url} is reserved for the search index")))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::many(errors))
        }
    }

    /// Whether a page gets flyers: authored or converted pages, not fallback copies, unless the
    /// site turned flyers off.
    pub(crate) fn has_flyer(&self, p: &Page) -> bool {
        self.config.flyer.enabled && p.doc.origin != crate::load::content::Origin::Fallback
    }

    /// `/articles/x/flyer.html`, or `/articles/x/flyer-en.html` for the bilingual flyer with
    /// English: files beside the page, not folders of their own. Each new folder is a block the
    /// file system must allocate and clear, and a large site has tens of thousands of flyers.
    pub(crate) fn flyer_url(&self, p: &Page, with: Option<usize>) -> String {
        match with {
            None => format!("{}flyer.html", p.url),
            Some(other) => {
                format!("{}flyer-{}.html", p.url, self.config.languages[self.pages[other].lang].url_form_or_prefix())
            }
        }
    }

    /// The translations whose bilingual flyer with `p` the site publishes: all for an event
    /// notice (printed from the site wherever two languages are read, with no build machine at
    /// hand), and for an article only when it or its translation asks (`flyer: {bilingual:
    /// true}`) or the site does (`flyer: {bilingual: all}`). Each article keeps its own flyer;
    /// leaving out the bilingual sheets nobody asked for leaves out a third of a large site's
    /// files. `kepu flyer --with` prints the others on demand.
    pub(crate) fn published_flyer_partners(&self, p: &Page) -> Vec<usize> {
        let asks = |q: &Page| q.doc.front.event.is_some() || q.doc.front.flyer.as_ref().is_some_and(|f| f.bilingual);
        let mut partners = self.flyer_partners(p);
        if self.config.flyer.bilingual != crate::load::config::Bilingual::All {
            partners.retain(|&j| asks(p) || asks(&self.pages[j]));
        }
        partners
    }

    /// The translations a bilingual flyer can pair with `p`: other languages, not other scripts.
    pub(crate) fn flyer_partners(&self, p: &Page) -> Vec<usize> {
        // Two scripts of one language (zh-Hans beside zh-Hant) make no useful bilingual sheet.
        let primary = |lang: usize| self.config.languages[lang].tag.primary();
        p.group
            .iter()
            .copied()
            .filter(|&j| self.has_flyer(&self.pages[j]) && primary(self.pages[j].lang) != primary(p.lang))
            .collect()
    }

    /// A page's medical review: its own, or else that of its default-language version, which a
    /// translation carries over (the doctor reviewed the content, not each language's words).
    pub(crate) fn review_of<'a>(&'a self, p: &'a Page) -> Option<&'a crate::load::content::Review> {
        p.doc.front.review.as_ref().or_else(|| {
            let source = p.group.iter().map(|&j| &self.pages[j]).find(|q| q.lang == 0)?;
            source.doc.front.review.as_ref()
        })
    }

    /// Every URL the site writes (but static files) with what it is written from.
    pub(crate) fn url_claims(&self) -> Vec<(String, Claimant)> {
        let mut owned: Vec<(String, Claimant)> = Vec::new();
        for lang in &self.config.languages {
            let home = lang.home_url();
            let files = [
                "",
                "atom.xml",
                "calendar.ics",
                "observances/",
                "observances/calendar.ics",
                "search/",
                "search/docs.js",
            ];
            owned.extend(files.map(|f| (format!("{home}{f}"), Claimant::Generated)));
            for o in &self.calendar.days {
                owned.push((format!("{home}observances/{}/", o.id), Claimant::Generated));
            }
        }
        for (l, lang) in self.config.languages.iter().enumerate() {
            if self.events_section(l).is_none() {
                owned.push((format!("{}events/", lang.home_url()), Claimant::Generated));
            }
        }
        for t in &self.taxonomies {
            owned.push((t.url.clone(), Claimant::Generated));
            owned.extend(t.terms.iter().map(|term| (term.url.clone(), Claimant::Generated)));
        }
        // A large site has hundreds of thousands of these: made on every core.
        let flyers: Vec<(String, Claimant)> = (self.pages.par_iter().enumerate().filter(|(_, p)| self.has_flyer(p)))
            .flat_map_iter(|(i, p)| {
                let partners = self.published_flyer_partners(p).into_iter().map(Some);
                std::iter::once(None).chain(partners).map(move |w| (self.flyer_url(p, w), Claimant::Flyer(i)))
            })
            .collect();
        owned.extend(flyers);
        if !self.aliases.is_empty() {
            let pages: FastMap<&str, usize> = self.pages.iter().enumerate().map(|(i, p)| (p.url.as_str(), i)).collect();
            for (alias, target) in &self.aliases {
                owned.push((alias.clone(), Claimant::Alias(pages.get(target.as_str()).copied())));
            }
        }
        let mut all: Vec<(String, Claimant)> =
            self.pages.par_iter().enumerate().map(|(i, p)| (p.url.clone(), Claimant::Page(i))).collect();
        let sections = self.sections.iter().enumerate().filter(|(_, s)| !s.is_root());
        all.extend(sections.map(|(i, s)| (s.url.clone(), Claimant::Section(i))));
        all.extend(owned);
        all
    }

    /// Renders every page's and section's Markdown in parallel, the pages in runs of
    /// [`RENDER_RUN`]. `on_rendered(site, run)` is called as each run is rendered, while its
    /// pages hold their HTML and plain text; `sources` says what they keep after that.
    pub(crate) fn render_markdown(&mut self, sources: Sources, on_rendered: OnRendered) -> Result<()> {
        self.links = LinkTargets::new(self);
        let held = self.held_html(sources);
        let mut errors = Vec::new();
        // A page that does not render stops the build; what the others would do is moot.
        let mut markdown_failed = false;
        let mut start = 0;
        while start < self.pages.len() {
            let end = (start + RENDER_RUN).min(self.pages.len());
            match self.render_pages(start..end, sources) {
                Ok(()) if !markdown_failed => {
                    if let Err(e) = on_rendered(self, start..end) {
                        errors.extend(e.diagnostics);
                    }
                    self.let_go(start..end, &held);
                }
                Ok(()) => {}
                Err(e) => {
                    markdown_failed = true;
                    errors.extend(e.diagnostics);
                }
            }
            start = end;
        }
        if let Err(e) = self.render_sections(sources) {
            errors.extend(e.diagnostics);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::many(errors))
        }
    }

    fn render_sections(&mut self, sources: Sources) -> Result<()> {
        let lookup = &self.links;
        let config = &self.config;
        let images = &self.images;
        let results: Vec<Result<Rendered>> = self
            .sections
            .par_iter()
            .map(|s| {
                let resolve = |t: &str| lookup.resolve(t, s.lang, &s.doc.path);
                markdown::render(
                    Want::All,
                    &s.doc.path,
                    &s.doc.body,
                    s.doc.body_line,
                    &config.markdown,
                    &resolve,
                    images,
                )
            })
            .collect();
        for (s, mut r) in self.sections.iter_mut().zip(collect(results)?) {
            if sources.release() {
                r.plain = String::new();
            }
            s.rendered = r;
        }
        Ok(())
    }

    /// Which pages keep their HTML once rendered: all for `kepu check`, those in a feed for a
    /// live session, none for a one-shot build.
    fn held_html(&self, sources: Sources) -> Held {
        match sources {
            Sources::Keep => Held::All,
            Sources::Release => {
                let mut feed = vec![false; self.pages.len()];
                for lang in 0..self.config.languages.len() {
                    self.feed_entries(lang).into_iter().for_each(|i| feed[i] = true);
                }
                Held::Some(feed)
            }
            Sources::Reread => Held::None,
        }
    }

    /// What the pages of `run` need no longer, once [`OnRendered`] has seen them: the plain
    /// text (unless all is held), and the HTML of the pages not `held`.
    fn let_go(&mut self, run: std::ops::Range<usize>, held: &Held) {
        for (i, p) in self.pages[run.clone()].iter_mut().enumerate() {
            let keep = match held {
                Held::All => continue,
                Held::Some(pages) => pages[run.start + i],
                Held::None => false,
            };
            p.rendered.plain = String::new();
            if keep {
                // Held until the session ends: the slack left by growing it would add up.
                p.rendered.html.shrink_to_fit();
            } else {
                p.rendered.html = String::new();
                p.html_released = true;
            }
        }
    }

    /// Renders the Markdown of the pages in `range`, with their text statistics and summaries.
    fn render_pages(&mut self, range: std::ops::Range<usize>, sources: Sources) -> Result<()> {
        let want = if sources == Sources::Keep { Want::All } else { Want::Passing };
        let (links, config, images) = (&self.links, &self.config, &self.images);
        let (root, converters) = (&self.root, &self.converters);
        let results: Vec<Result<Rendered>> = self.pages[range.clone()]
            .par_iter_mut()
            .map(|p| {
                let resolve = |t: &str| links.resolve(t, p.lang, &p.doc.path);
                let rendered = reread::markdown_of(root, converters, config, p.lang, &p.doc).and_then(|body| {
                    markdown::render(want, &p.doc.path, &body, p.doc.body_line, &config.markdown, &resolve, images)
                });
                p.html_released = false;
                rendered
            })
            .collect();
        let rendered = collect(results)?;
        self.pages[range].par_iter_mut().zip(rendered).for_each(|(p, r)| p.set_rendered(r));
        Ok(())
    }

    /// Replaces page `i`'s document (same URL, same list memberships) and re-renders its
    /// Markdown; the incremental path of `kepu serve`.
    pub(crate) fn replace_page_document(&mut self, i: usize, doc: Document) -> Result<()> {
        let page = &self.pages[i];
        let resolve = |t: &str| self.links.resolve(t, page.lang, &doc.path);
        let rendered = markdown::render(
            Want::All,
            &doc.path,
            &doc.body,
            doc.body_line,
            &self.config.markdown,
            &resolve,
            &self.images,
        )?;
        let page = &mut self.pages[i];
        page.doc = doc;
        page.set_rendered(rendered);
        page.html_released = false;
        let pages = &self.pages;
        if let Some(s) = pages[i].section {
            self.sections[s].pages.sort_by(|a, b| display_order(&pages[*a], &pages[*b]));
        }
        for tax in self.taxonomies.iter_mut().filter(|t| t.lang == pages[i].lang) {
            for term in tax.terms.iter_mut().filter(|t| t.pages.contains(&i)) {
                term.pages.sort_by(|a, b| newest_first(&pages[*a], &pages[*b]));
            }
        }
        for list in self.by_observance.values_mut().filter(|l| l.contains(&i)) {
            list.sort_by(|a, b| newest_first(&pages[*a], &pages[*b]));
        }
        Ok(())
    }

    /// The `n` newest pages of one language that `keep` accepts, newest first (for feeds and
    /// the home page). Only those `n` are sorted: after a save, a feed of 20 from 10,000 pages
    /// is chosen in one pass rather than by sorting the 10,000.
    pub(crate) fn newest_pages(&self, lang: usize, n: usize, keep: impl Fn(&Page) -> bool) -> Vec<usize> {
        let order = |a: &usize, b: &usize| newest_first(&self.pages[*a], &self.pages[*b]);
        let mut v: Vec<usize> =
            (0..self.pages.len()).filter(|&i| self.pages[i].lang == lang && keep(&self.pages[i])).collect();
        // `newest_first` ends with the URL, unique within a language: any way of choosing the
        // first `n` gives the same pages in the same order.
        if n < v.len() {
            v.select_nth_unstable_by(n, order);
            v.truncate(n);
        }
        v.sort_by(order);
        v
    }

    /// The pages a language's feed shows: its newest, but for fallback copies, which would
    /// repeat the default language's entries.
    pub(crate) fn feed_entries(&self, lang: usize) -> Vec<usize> {
        let fallback = |p: &Page| p.doc.origin == crate::load::content::Origin::Fallback;
        self.newest_pages(lang, self.config.feed_limit, |p| !fallback(p))
    }

    /// The `content/events/_index*.md` section of a language, which doubles as the events page.
    pub(crate) fn events_section(&self, lang: usize) -> Option<usize> {
        self.sections.iter().position(|s| s.lang == lang && s.doc.dir == "events")
    }

    /// The URL of a language's events page.
    pub(crate) fn events_url(&self, lang: usize) -> String {
        match self.events_section(lang) {
            Some(s) => self.sections[s].url.clone(),
            None => format!("{}events/", self.config.languages[lang].home_url()),
        }
    }

    /// The root `_index.md` of a language, if the site has one.
    pub(crate) fn home_section(&self, lang: usize) -> Option<&Section> {
        self.sections.iter().find(|s| s.lang == lang && s.is_root())
    }
}

impl Page {
    fn set_rendered(&mut self, r: Rendered) {
        static REVISIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        self.revision = REVISIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.stats = TextStats::of(&r.plain);
        self.description = match &self.doc.front.summary {
            Some(s) => s.trim().to_string(),
            None => text::summarize(&r.plain.replace('\n', " "), SUMMARY_GRAPHEMES),
        };
        self.rendered = r;
    }
}

/// Maps `@/path.md` targets to URLs, preferring the linking page's language.
#[derive(Debug, Default)]
struct LinkTargets {
    urls: HashMap<(String, usize), String>,
    default_lang: usize,
    langs: Vec<crate::util::lang::LanguageTag>,
}

impl LinkTargets {
    fn new(site: &Site) -> Self {
        // The keys and addresses are copied on every core; the map is filled on one.
        let urls = (site.pages.par_iter().map(|p| ((p.doc.key.clone(), p.lang), p.url.clone())))
            .chain(site.sections.par_iter().map(|s| ((s.doc.key.clone(), s.lang), s.url.clone())))
            .collect();
        LinkTargets { urls, default_lang: 0, langs: site.config.languages.iter().map(|l| l.tag.clone()).collect() }
    }

    fn resolve(&self, target: &str, lang: usize, from: &Path) -> std::result::Result<String, String> {
        let raw = target.trim_start_matches("@/");
        let (path, fragment) = match raw.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (raw, None),
        };
        let (key, explicit_lang) = self.split_language(path);
        let candidates = match explicit_lang {
            Some(l) => vec![l],
            None => vec![lang, self.default_lang],
        };
        let url = candidates
            .into_iter()
            .find_map(|l| self.urls.get(&(key.clone(), l)))
            .or_else(|| (0..self.langs.len()).find_map(|l| self.urls.get(&(key.clone(), l))))
            .ok_or_else(|| {
                format!("link to missing page `{target}`: there is no content/{path} (linked from {})", from.display())
            })?;
        Ok(match fragment {
            Some(f) => format!("{url}#{f}"),
            None => url.clone(),
        })
    }

    /// `articles/x.en.md` → (`articles/x.md`, Some(en)).
    fn split_language(&self, path: &str) -> (String, Option<usize>) {
        let stem = path.strip_suffix(".md").unwrap_or(path);
        if let Some((base, suffix)) = stem.rsplit_once('.') {
            if let Some(tag) = crate::util::lang::LanguageTag::parse(suffix) {
                if let Some(i) = self.langs.iter().position(|l| *l == tag) {
                    return (format!("{base}.md"), Some(i));
                }
            }
        }
        (format!("{stem}.md"), None)
    }
}

/// Weight first (lighter first), then newest, then title.
fn display_order(a: &Page, b: &Page) -> std::cmp::Ordering {
    weight(a).cmp(&weight(b)).then_with(|| newest_first(a, b))
}

/// A page's place in its section by `weight:`; pages without one come after those with one.
fn weight(p: &Page) -> i64 {
    p.doc.front.weight.unwrap_or(i64::MAX)
}

fn newest_first(a: &Page, b: &Page) -> std::cmp::Ordering {
    newest_first_key(a).cmp(&newest_first_key(b))
}

/// What [`newest_first`] compares: the date (newest first, undated last), then the title, then
/// the URL, unique within the site.
fn newest_first_key(p: &Page) -> (std::cmp::Reverse<&Option<crate::util::dates::DateValue>>, &str, &str) {
    (std::cmp::Reverse(&p.doc.front.date), &p.doc.front.title, &p.url)
}

/// URL path of a content directory: each component slugified.
fn dir_path(doc: &Document) -> std::result::Result<String, Diagnostic> {
    let mut out = String::new();
    for part in doc.dir.split('/').filter(|s| !s.is_empty()) {
        let s = slug::slugify(part);
        if s.is_empty() {
            return Err(Diagnostic::in_file(&doc.path, format!("folder name `{part}` has no letters or digits")));
        }
        out.push_str(&s);
        out.push('/');
    }
    Ok(out)
}

/// Whether `p` is where translations take an event notice's facts from: the page written in the
/// default language.
fn is_notice_source(p: &Page) -> bool {
    p.lang == 0 && p.doc.origin == Origin::Authored
}

/// Gives `heir` (a translation's front matter) the event and health day of its source notice
/// that it does not write itself; whether it took the event. An unknown health day is
/// left to be reported once, on the page that wrote it.
fn take_facts(
    calendar: &Calendar,
    (event, observance): (&Option<EventSpec>, &Option<String>),
    heir: &mut FrontMatter,
) -> bool {
    let known = observance.as_deref().is_some_and(|id| calendar.get(id).is_some());
    if heir.observance.is_none() && known {
        heir.observance.clone_from(observance);
    }
    let takes = heir.event.is_none() && event.is_some();
    if takes {
        heir.event.clone_from(event);
    }
    takes
}

fn section_url(config: &Config, lang: usize, doc: &Document) -> std::result::Result<String, Diagnostic> {
    Ok(format!("{}{}", config.languages[lang].home_url(), dir_path(doc)?))
}

fn page_slug_and_url(
    config: &Config,
    lang: usize,
    doc: &Document,
) -> std::result::Result<(String, String), Diagnostic> {
    let slug = match &doc.front.slug {
        Some(s) => slug::sanitize(s).map_err(|m| doc.error_at_key("slug", m))?,
        None => slug::sanitize(&doc.stem).map_err(|m| Diagnostic::in_file(&doc.path, format!("file name: {m}")))?,
    };
    let url = format!("{}{}{}/", config.languages[lang].home_url(), dir_path(doc)?, slug);
    Ok((slug, url))
}

/// Normalises an alias to `/a/b/` (or `/a/b.html`), refusing anything that could leave `output/`.
fn alias_url(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_matches('/');
    if trimmed.is_empty() {
        return None;
    }
    let segments: Vec<&str> = trimmed.split('/').collect();
    if !segments.iter().all(|s| slug::is_safe_segment(s)) {
        return None;
    }
    let joined = segments.join("/");
    Some(if joined.ends_with(".html") { format!("/{joined}") } else { format!("/{joined}/") })
}

/// Whether `url` would be (or would need a folder named like) a file of the search index under
/// `home`: `search/docs.js`, `search/shard-N.js` or `search/sum-K.js`, whose names depend on the
/// content and so are reserved by pattern.
pub(crate) fn is_search_index_url(home: &str, url: &str) -> bool {
    let Some(name) = url.strip_prefix(home).and_then(|u| u.strip_prefix("search/")) else { return false };
    let name = name.strip_suffix('/').unwrap_or(name);
    let numbered = |prefix: &str| {
        name.strip_prefix(prefix)
            .and_then(|n| n.strip_suffix(".js"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    name == "docs.js" || numbered("shard-") || numbered("sum-")
}

/// The file a URL is written to, relative to the output folder.
pub(crate) fn url_to_file(url: &str) -> PathBuf {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        PathBuf::from(format!("{trimmed}index.html"))
    } else {
        PathBuf::from(trimmed)
    }
}
