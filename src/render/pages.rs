//! The site's pages: content pages, sections, home pages, taxonomies, events, health days,
//! search and 404 —
//! each one a context built from the resolved site, prepared with its template (`prepare_*`); the
//! build renders it unless the output still holds what it would render.

use crate::load::content::Origin;
use crate::render::context::{
    description_paragraph, summary_html, BilingualLink, Link, ListFacts, PageContext, SectionContext, Summary,
    TaxonomyContext, TermContext, TermLink,
};
use crate::render::engine::{to_value, Prepared, Renderer, Templates};
use crate::render::outreach;
use crate::render::pager::{pager, pager_url};
use crate::site::{Page, Section, Site, Translation};
use crate::util::dates::DateValue;
use crate::util::error::Result;
use crate::util::hash::{FastMap, FastSet};
use rayon::prelude::*;
use std::sync::Arc;

/// What lists show of every page beyond its own fields, worked out once per build.
pub(crate) fn all_list_facts(templates: &Templates, site: &Site) -> Result<Vec<ListFacts>> {
    let r = Renderer::new(templates, site, &[]);
    let shared = shared_tag_links(&r);
    crate::util::error::collect(site.pages.par_iter().map(|p| list_facts_sharing(&r, p, &shared)).collect())
}

/// Tag links by (language, tag as written), one for all the pages that have the tag.
type SharedTags<'s> = FastMap<(usize, &'s str), Arc<TermLink>>;

/// One link for each tag of the site, gathered on every core.
fn shared_tag_links<'s>(r: &Renderer<'s>) -> SharedTags<'s> {
    let tags = r.site.pages.par_iter().fold(FastSet::default, |mut tags, p| {
        tags.extend(p.doc.front.terms(TAGS).iter().map(|t| (p.lang, t.as_str())));
        tags
    });
    let tags = tags.reduce(FastSet::default, |mut a, b| {
        a.extend(b);
        a
    });
    tags.into_iter().map(|(lang, t)| ((lang, t), Arc::new(term_link(r, lang, TAGS, t)))).collect()
}

/// What lists show of a page beyond its own fields (again, for a page that changed).
pub(crate) fn list_facts(r: &Renderer, p: &Page) -> Result<ListFacts> {
    list_facts_sharing(r, p, &SharedTags::default())
}

fn list_facts_sharing(r: &Renderer, p: &Page, shared: &SharedTags) -> Result<ListFacts> {
    let tags = p.doc.front.terms(TAGS).iter().map(|t| match shared.get(&(p.lang, t.as_str())) {
        Some(link) => Arc::clone(link),
        None => Arc::new(term_link(r, p.lang, TAGS, t)),
    });
    let mut facts = ListFacts {
        tags: tags.collect(),
        summary: p.rendered.summary_html.is_none().then(|| description_paragraph(p)),
        date: iso(p.doc.front.date),
        event: outreach::event(r, p).map(|e| to_value(&e)),
        card: None,
    };
    if r.has_template(CARD_TEMPLATE) {
        // Lists show a page in its own language, so its card is the same on all of them.
        let mut ctx = r.lang_context(p.lang);
        ctx.insert_value("p", to_value(&Summary::new(p, &facts, r.content_language(p))));
        facts.card = Some(r.render_piece(p.lang, CARD_TEMPLATE, &ctx, Some(&p.doc.path))?);
    }
    Ok(facts)
}

const TAGS: &str = "tags";

/// A page's entry in lists, when the theme has it (see [`ListFacts::card`]).
const CARD_TEMPLATE: &str = "card.html";

/// The full `page` variable, with `content` its HTML.
pub(crate) fn page_context<'a>(r: &Renderer<'a>, p: &'a Page, content: &'a str) -> PageContext<'a> {
    let site = r.site;
    let f = &p.doc.front;
    let content_lang = r.content_language(p);
    PageContext {
        title: &f.title,
        url: &p.url,
        permalink: site.config.permalink(&p.url),
        lang: &site.config.languages[p.lang].tag,
        slug: &p.slug,
        content,
        summary: summary_html(p),
        description: &p.description,
        date: iso(f.date),
        updated: iso(f.updated),
        authors: &f.authors,
        tags: term_links(r, p, "tags"),
        specialties: term_links(r, p, "specialties"),
        reading_time: p.stats.reading_minutes(),
        word_count: p.stats.word_count(),
        char_count: p.stats.cjk_chars,
        toc: &p.rendered.toc,
        extra: &f.extra,
        section: p.section.map(|s| link(&site.sections[s])),
        draft: f.draft,
        weight: f.weight,
        derived: p.doc.origin == Origin::Derived,
        fallback: p.doc.origin == Origin::Fallback,
        content_lang: &content_lang.tag,
        content_dir: content_lang.dir.as_str(),
        flyer_url: site.has_flyer(p).then(|| site.flyer_url(p, None)),
        bilingual_flyers: bilingual_links(site, p),
        event: outreach::event(r, p),
        review: outreach::review(r, p),
        sources: &f.sources,
        observance: outreach::observance_link(r, p),
        jsonld: crate::formats::jsonld::json_ld(site, p),
    }
}

/// The `section` variable.
pub(crate) fn section_context<'a>(r: &Renderer<'a>, s: &'a Section) -> SectionContext<'a> {
    SectionContext {
        title: &s.doc.front.title,
        url: &s.url,
        permalink: r.config().permalink(&s.url),
        content: &s.rendered.html,
        description: s.doc.front.summary.as_deref().unwrap_or_default(),
        subsections: s.subsections.iter().map(|i| link(&r.site.sections[*i])).collect(),
    }
}

fn link(s: &Section) -> Link<'_> {
    Link { title: &s.doc.front.title, url: &s.url }
}

fn iso(d: Option<DateValue>) -> Option<String> {
    d.map(|d| d.iso())
}

fn term_links(r: &Renderer, page: &Page, taxonomy: &str) -> Vec<TermLink> {
    page.doc.front.terms(taxonomy).iter().map(|t| term_link(r, page.lang, taxonomy, t)).collect()
}

/// The link to term `t` (as a page writes it) of `taxonomy` in language `lang`.
fn term_link(r: &Renderer, lang: usize, taxonomy: &str, t: &str) -> TermLink {
    let home = r.config().languages[lang].home_url();
    let slug = crate::util::slug::slugify(t);
    TermLink { name: r.term_name(lang, taxonomy, t), url: format!("{home}{taxonomy}/{slug}/") }
}

/// The bilingual flyers a page links to, one per partner language.
fn bilingual_links<'a>(site: &'a Site, p: &Page) -> Vec<BilingualLink<'a>> {
    if !site.has_flyer(p) {
        return Vec::new();
    }
    let links = site.published_flyer_partners(p).into_iter().map(|j| {
        let other = &site.config.languages[site.pages[j].lang];
        BilingualLink { url: site.flyer_url(p, Some(j)), lang: &other.tag, dir: other.dir.as_str(), name: &other.name }
    });
    links.collect()
}

/// A content page with its own template (`template:`) or `page.html`.
pub(crate) fn prepare_page<'a>(r: &Renderer<'a>, i: usize) -> Result<Prepared<'a>> {
    let p = &r.site.pages[i];
    let template = p.doc.front.template.as_deref().unwrap_or("page.html");
    if !r.has_template(template) {
        return Err(p.doc.error_at_key("template", format!("template `{template}` not found")).into());
    }
    let mut ctx = r.base_context(p.lang, &p.url, &p.translations);
    let content = r.site.page_html(i)?;
    ctx.insert_value("page", to_value(&page_context(r, p, &content)));
    Ok(r.prepare(p.url.clone(), p.lang, template, ctx, Some(&p.doc.path)))
}

/// Page `pager` (from 0) of a section's list.
pub(crate) fn prepare_section<'a>(r: &Renderer<'a>, section: usize, pager_index: usize) -> Result<Prepared<'a>> {
    let site = r.site;
    let s = &site.sections[section];
    let per = s.doc.front.paginate_by.unwrap_or(site.config.paginate_by).max(1);
    let pg = &pager(&s.pages, per, pager_index);
    let url = pager_url(&s.url, pg.number);
    let template = s.doc.front.template.as_deref().unwrap_or("section.html");
    if !r.has_template(template) {
        return Err(s.doc.error_at_key("template", format!("template `{template}` not found")).into());
    }
    let mut ctx = r.base_context(s.lang, &url, &s.translations);
    ctx.insert_value("section", to_value(&section_context(r, s)));
    ctx.insert_value("paginator", to_value(&pg.context(r, &s.url)));
    Ok(r.prepare(url, s.lang, template, ctx, Some(&s.doc.path)))
}

/// A language's home page: its root section (or the site's title), the newest pages, the
/// top-level sections and the next events.
pub(crate) fn prepare_home<'a>(r: &Renderer<'a>, lang: usize) -> Result<Prepared<'a>> {
    let site = r.site;
    let l = &site.config.languages[lang];
    let home = l.home_url();
    let section = site.home_section(lang);
    let translations = per_language(site, |home| home.to_string());
    let mut ctx = r.base_context(lang, &home, &translations);
    let section_value = match section {
        Some(s) => section_context(r, s),
        None => SectionContext {
            title: &l.title,
            url: &home,
            permalink: site.config.permalink(&home),
            content: "",
            description: &l.description,
            subsections: Vec::new(),
        },
    };
    let newest = site.newest_pages(lang, 10, |_| true);
    ctx.insert_value("section", to_value(&section_value));
    ctx.insert("recent", &r.summaries_of(&newest));
    ctx.insert("sections", &top_sections(site, lang));
    ctx.insert("upcoming_events", &outreach::upcoming(r, lang, 5));
    Ok(r.prepare(home, lang, "index.html", ctx, section.map(|s| s.doc.path.as_path())))
}

/// The sections directly under a language's home.
fn top_sections(site: &Site, lang: usize) -> Vec<Link<'_>> {
    let root = site.sections.iter().position(|s| s.lang == lang && s.is_root());
    site.sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.lang == lang && !s.is_root())
        .filter(|(i, _)| match root {
            Some(r) => site.sections[r].subsections.contains(i),
            None => !site.sections[*i].doc.dir.contains('/'),
        })
        .map(|(_, s)| link(s))
        .collect()
}

/// `/tags/`, `/specialties/`: every term of a taxonomy.
pub(crate) fn prepare_taxonomy<'a>(r: &Renderer<'a>, t: usize) -> Result<Prepared<'a>> {
    let tax = &r.site.taxonomies[t];
    let mut ctx = r.base_context(tax.lang, &tax.url, &taxonomy_translations(r.site, &tax.name, None));
    ctx.insert_value("taxonomy", to_value(&taxonomy_context(r, t, true)));
    Ok(r.prepare(tax.url.clone(), tax.lang, "taxonomy_list.html", ctx, None))
}

/// Page `pager_index` (from 0) of one term's pages.
pub(crate) fn prepare_term<'a>(
    r: &Renderer<'a>,
    taxonomy: usize,
    term: usize,
    pager_index: usize,
) -> Result<Prepared<'a>> {
    let site = r.site;
    let tax = &site.taxonomies[taxonomy];
    let term = &tax.terms[term];
    let pg = &pager(&term.pages, site.config.paginate_by, pager_index);
    let url = pager_url(&term.url, pg.number);
    let mut ctx = r.base_context(tax.lang, &url, &taxonomy_translations(site, &tax.name, Some(&term.slug)));
    ctx.insert_value("taxonomy", to_value(&taxonomy_context(r, taxonomy, false)));
    ctx.insert_value("term", to_value(&term_context(r, tax, term)));
    ctx.insert_value("paginator", to_value(&pg.context(r, &term.url)));
    Ok(r.prepare(url, tax.lang, "taxonomy_term.html", ctx, None))
}

fn taxonomy_context<'a>(r: &Renderer<'a>, t: usize, with_terms: bool) -> TaxonomyContext<'a> {
    let tax = &r.site.taxonomies[t];
    let terms = if with_terms { tax.terms.iter().map(|term| term_context(r, tax, term)).collect() } else { Vec::new() };
    TaxonomyContext { name: &tax.name, label: r.strings.get(tax.lang, &tax.name, None), url: &tax.url, terms }
}

fn term_context<'a>(r: &Renderer, tax: &'a crate::site::Taxonomy, term: &'a crate::site::Term) -> TermContext<'a> {
    TermContext {
        name: r.term_name(tax.lang, &tax.name, &term.name),
        slug: &term.slug,
        url: &term.url,
        count: term.pages.len(),
    }
}

/// The same taxonomy (or term) in the other languages where it exists.
fn taxonomy_translations(site: &Site, name: &str, term: Option<&str>) -> Vec<Translation> {
    site.taxonomies
        .iter()
        .filter(|t| t.name == name)
        .filter_map(|t| match term {
            None => Some(Translation { lang: t.lang, url: t.url.clone(), fallback: false }),
            // Terms are sorted by slug.
            Some(slug) => t
                .terms
                .binary_search_by(|x| x.slug.as_str().cmp(slug))
                .ok()
                .map(|k| &t.terms[k])
                .map(|x| Translation { lang: t.lang, url: x.url.clone(), fallback: false }),
        })
        .collect()
}

/// A language's search page.
pub(crate) fn prepare_search<'a>(r: &Renderer<'a>, lang: usize) -> Result<Prepared<'a>> {
    let url = format!("{}search/", r.config().languages[lang].home_url());
    let mut ctx = r.base_context(lang, &url, &per_language(r.site, |home| format!("{home}search/")));
    ctx.insert("search_index_url", &crate::formats::search::docs_url(r.site, lang));
    Ok(r.prepare(url, lang, "search.html", ctx, None))
}

/// `/404.html`, in the default language.
pub(crate) fn prepare_not_found<'a>(r: &Renderer<'a>) -> Result<Prepared<'a>> {
    let ctx = r.base_context(0, "/404.html", &[]);
    Ok(r.prepare("/404.html".into(), 0, "404.html", ctx, None))
}

/// The events page: upcoming soonest first, then past events grouped by month, newest first.
pub(crate) fn prepare_events<'a>(r: &Renderer<'a>, lang: usize) -> Result<Prepared<'a>> {
    let site = r.site;
    let url = site.events_url(lang);
    let section = site.events_section(lang).map(|s| &site.sections[s]);
    let translations: Vec<_> = (0..site.config.languages.len())
        .map(|l| Translation { lang: l, url: site.events_url(l), fallback: false })
        .collect();
    let mut ctx = r.base_context(lang, &url, &translations);
    ctx.insert("upcoming", &r.summaries_of(&outreach::upcoming_events(r, lang)));
    ctx.insert("past_months", &outreach::past_months(r, lang));
    if let Some(s) = section {
        ctx.insert_value("section", to_value(&section_context(r, s)));
    }
    Ok(r.prepare(url, lang, "events.html", ctx, section.map(|s| s.doc.path.as_path())))
}

/// The health-day calendar of a language.
pub(crate) fn prepare_observances<'a>(r: &Renderer<'a>, lang: usize) -> Result<Prepared<'a>> {
    let url = format!("{}observances/", r.config().languages[lang].home_url());
    let mut ctx = r.base_context(lang, &url, &per_language(r.site, |home| format!("{home}observances/")));
    ctx.insert("observances", &outreach::observance_calendar(r, lang));
    // Calendar apps subscribe to `webcal:` addresses, which need the site's host.
    let ics = crate::formats::calendar::observances_ics_url(r.site, lang);
    let webcal = r.config().permalink(&ics);
    let webcal = webcal
        .strip_prefix("https://")
        .or_else(|| webcal.strip_prefix("http://"))
        .map(|rest| format!("webcal://{rest}"));
    ctx.insert("calendar_ics", &ics);
    ctx.insert("calendar_webcal", &webcal);
    Ok(r.prepare(url, lang, "observances.html", ctx, None))
}

/// One health day's page in a language.
pub(crate) fn prepare_observance<'a>(r: &Renderer<'a>, lang: usize, observance: usize) -> Result<Prepared<'a>> {
    let id = &r.site.calendar.days[observance].id;
    let url = outreach::observance_url(r, lang, observance);
    let mut ctx = r.base_context(lang, &url, &per_language(r.site, |home| format!("{home}observances/{id}/")));
    ctx.insert_value("observance", to_value(&outreach::observance_context(r, lang, observance)));
    ctx.insert("jsonld", &crate::formats::jsonld::observance_json_ld(r.site, lang, observance, r.now));
    Ok(r.prepare(url, lang, "observance.html", ctx, None))
}

/// A generated page's translations: the same path under every language's home.
pub(crate) fn per_language(site: &Site, url: impl Fn(&str) -> String) -> Vec<Translation> {
    site.config
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| Translation { lang: i, url: url(&l.home_url()), fallback: false })
        .collect()
}
