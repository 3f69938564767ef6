//! The template contexts as types: every variable a template can read, with its keys spelled
//! once, here, so the compiler checks what templates rely on. `docs/templates.md` documents the
//! same keys, and a test renders each variable and holds the two together.
//!
//! Borrowed wherever the value already lives in the site, so a context costs what it adds.

use crate::load::config::Language;
use crate::load::content::SourceRef;
use crate::site::markdown::TocEntry;
use crate::site::Page;
use crate::util::lang::LanguageTag;
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;
use std::sync::Arc;

/// `site`: the site in the current language.
#[derive(Serialize)]
pub(crate) struct SiteContext<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) base_url: &'a str,
    pub(crate) default_language: &'a LanguageTag,
    pub(crate) languages: &'a [LangContext<'a>],
    /// The organizer's logo, as a path in `static/` for `asset()`.
    pub(crate) logo: Option<&'a str>,
    pub(crate) extra: &'a serde_yaml::Mapping,
}

/// `lang` and each of `site.languages`.
#[derive(Serialize)]
pub(crate) struct LangContext<'a> {
    pub(crate) code: &'a LanguageTag,
    pub(crate) name: &'a str,
    pub(crate) dir: &'static str,
    pub(crate) url: String,
}

/// One entry of `translations`, the language switcher.
#[derive(Serialize)]
pub(crate) struct TranslationLink<'a> {
    pub(crate) code: &'a LanguageTag,
    pub(crate) name: &'a str,
    pub(crate) dir: &'static str,
    pub(crate) url: &'a str,
    pub(crate) current: bool,
    pub(crate) fallback: bool,
}

/// A titled link: `page.section`, `section.subsections`, the home page's `sections`.
#[derive(Serialize)]
pub(crate) struct Link<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: &'a str,
}

/// A tag or specialty on a page.
#[derive(Debug, Serialize)]
pub(crate) struct TermLink {
    pub(crate) name: String,
    pub(crate) url: String,
}

/// What lists show of a page that is worked out rather than read from it (term names and
/// addresses, the date and summary as written out, an event's formatted facts, the theme's
/// card): made once per build, and again for a changed page. Everything else is borrowed from
/// the page each time a list shows it, so a site's list entries hold no second copy of every
/// title, address and description.
#[derive(Debug)]
pub(crate) struct ListFacts {
    /// One link shared by every page with the same tag: a tag is shown on thousands of list
    /// entries, and one copy of it stays in the processor's cache where thousands of copies,
    /// each read from wherever its page was made, did not.
    pub(crate) tags: Vec<Arc<TermLink>>,
    /// `summary` for a page with no `<!-- more -->`: its description as a paragraph, made once
    /// here rather than escaped again for every list that shows the page.
    pub(crate) summary: Option<String>,
    /// `date`, as lists show it.
    pub(crate) date: Option<String>,
    pub(crate) event: Option<Value>,
    /// The theme's `card.html` for the page, when the theme has one: a page is listed on its
    /// section's list, on one list per tag and specialty, and on the home page, and each of them
    /// writing its card again made a tag's page of 20 entries cost 1.22 M instructions (0.87 M).
    pub(crate) card: Option<String>,
}

/// A page as lists show it (`paginator.pages`, `recent`, `upcoming`, …).
#[derive(Serialize)]
pub(crate) struct Summary<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: &'a str,
    pub(crate) summary: &'a str,
    pub(crate) description: &'a str,
    pub(crate) date: Option<&'a str>,
    pub(crate) reading_time: usize,
    pub(crate) tags: &'a [Arc<TermLink>],
    pub(crate) event: Option<&'a Value>,
    pub(crate) content_lang: &'a LanguageTag,
    pub(crate) content_dir: &'static str,
    pub(crate) card: Option<&'a str>,
}

impl<'a> Summary<'a> {
    /// Page `p` with its list facts, its text in `content_lang`.
    pub(crate) fn new(p: &'a Page, facts: &'a ListFacts, content_lang: &'a Language) -> Summary<'a> {
        Summary {
            title: &p.doc.front.title,
            url: &p.url,
            summary: p.rendered.summary_html.as_deref().or(facts.summary.as_deref()).unwrap_or_default(),
            description: &p.description,
            date: facts.date.as_deref(),
            reading_time: p.stats.reading_minutes(),
            tags: &facts.tags,
            event: facts.event.as_ref(),
            content_lang: &content_lang.tag,
            content_dir: content_lang.dir.as_str(),
            card: facts.card.as_deref(),
        }
    }
}

/// `summary` of a page: the HTML before its `<!-- more -->` (borrowed: lists show it many
/// times), or its description as a paragraph.
pub(crate) fn summary_html(p: &Page) -> Cow<'_, str> {
    match &p.rendered.summary_html {
        Some(html) => Cow::Borrowed(html),
        None => Cow::Owned(description_paragraph(p)),
    }
}

/// A page's description as the paragraph that stands for its summary; nothing for a page with
/// no description and no text yet (lists showed an empty paragraph).
pub(crate) fn description_paragraph(p: &Page) -> String {
    if p.description.is_empty() {
        return String::new();
    }
    format!("<p>{}</p>", crate::util::html::escape_html(&p.description))
}

/// `page`.
#[derive(Serialize)]
pub(crate) struct PageContext<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: &'a str,
    pub(crate) permalink: String,
    pub(crate) lang: &'a LanguageTag,
    pub(crate) slug: &'a str,
    pub(crate) content: &'a str,
    pub(crate) summary: Cow<'a, str>,
    pub(crate) description: &'a str,
    pub(crate) date: Option<String>,
    pub(crate) updated: Option<String>,
    pub(crate) authors: &'a [String],
    pub(crate) tags: Vec<TermLink>,
    pub(crate) specialties: Vec<TermLink>,
    pub(crate) reading_time: usize,
    pub(crate) word_count: usize,
    pub(crate) char_count: usize,
    pub(crate) toc: &'a [TocEntry],
    pub(crate) extra: &'a serde_yaml::Mapping,
    pub(crate) section: Option<Link<'a>>,
    pub(crate) draft: bool,
    pub(crate) weight: Option<i64>,
    pub(crate) derived: bool,
    pub(crate) fallback: bool,
    pub(crate) content_lang: &'a LanguageTag,
    pub(crate) content_dir: &'static str,
    pub(crate) flyer_url: Option<String>,
    pub(crate) bilingual_flyers: Vec<BilingualLink<'a>>,
    pub(crate) event: Option<EventContext<'a>>,
    pub(crate) review: Option<ReviewContext<'a>>,
    pub(crate) sources: &'a [SourceRef],
    pub(crate) observance: Option<ObservanceLink<'a>>,
    pub(crate) jsonld: String,
}

/// One of `page.bilingual_flyers`: the flyer with this page and its translation in `lang`.
#[derive(Serialize)]
pub(crate) struct BilingualLink<'a> {
    pub(crate) url: String,
    pub(crate) lang: &'a LanguageTag,
    pub(crate) dir: &'static str,
    pub(crate) name: &'a str,
}

/// `page.event`: an event notice's facts, formatted in the page's language.
#[derive(Serialize)]
pub(crate) struct EventContext<'a> {
    pub(crate) start: String,
    pub(crate) end: Option<String>,
    pub(crate) all_day: bool,
    pub(crate) when: String,
    pub(crate) venue: Option<&'a str>,
    pub(crate) address: Option<&'a str>,
    pub(crate) organizer: &'a [String],
    pub(crate) services: Vec<ServiceContext<'a>>,
    pub(crate) audience: Option<&'a str>,
    /// The language of the texts below (venue, address…) when they are another language's
    /// notice's, shown on this translation which has no `event:` block of its own.
    pub(crate) text_lang: Option<&'a LanguageTag>,
    pub(crate) text_dir: Option<&'static str>,
    /// As written, or a `tel:` link where it is one phone number of the site's country.
    pub(crate) registration: Option<std::borrow::Cow<'a, str>>,
    /// `registration` as shown: without `tel:`/`mailto:`, phone numbers in the national form.
    pub(crate) registration_label: Option<String>,
    pub(crate) contact: Option<String>,
    pub(crate) status: &'static str,
    pub(crate) status_label: String,
    pub(crate) ics_url: String,
    pub(crate) upcoming: bool,
}

/// A service an event offers: a known id with its translated label, or the author's own words.
#[derive(Serialize)]
pub(crate) struct ServiceContext<'a> {
    pub(crate) id: Option<&'a str>,
    pub(crate) label: String,
}

/// `page.review`: the medical review.
#[derive(Serialize)]
pub(crate) struct ReviewContext<'a> {
    pub(crate) by: &'a str,
    pub(crate) date: String,
    pub(crate) next: Option<String>,
    pub(crate) overdue: bool,
}

/// `page.observance`: the health day a page belongs to, with its next date.
#[derive(Serialize)]
pub(crate) struct ObservanceLink<'a> {
    pub(crate) id: &'a str,
    pub(crate) name: String,
    /// `lang` and `dir` of `name` when it is in another language than the page (a fallback).
    pub(crate) name_lang: Option<LanguageTag>,
    pub(crate) name_dir: Option<&'static str>,
    pub(crate) url: String,
    pub(crate) date: Option<String>,
}

/// `observance`, and each of `observances`.
#[derive(Serialize)]
pub(crate) struct ObservanceContext<'a> {
    pub(crate) id: &'a str,
    pub(crate) name: String,
    /// As in [`ObservanceLink`].
    pub(crate) name_lang: Option<LanguageTag>,
    pub(crate) name_dir: Option<&'static str>,
    pub(crate) url: String,
    pub(crate) next_date: Option<String>,
    pub(crate) next_end: Option<String>,
    pub(crate) organizer: Option<&'a str>,
    pub(crate) source: Option<&'a str>,
    pub(crate) pages: Vec<Summary<'a>>,
}

/// One of the events page's `past_months`.
#[derive(Serialize)]
pub(crate) struct MonthContext<'a> {
    pub(crate) month: String,
    pub(crate) label: String,
    pub(crate) pages: Vec<Summary<'a>>,
}

/// `section`.
#[derive(Serialize)]
pub(crate) struct SectionContext<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: &'a str,
    pub(crate) permalink: String,
    pub(crate) content: &'a str,
    pub(crate) description: &'a str,
    pub(crate) subsections: Vec<Link<'a>>,
}

/// `paginator`: one page of a list.
#[derive(Serialize)]
pub(crate) struct PaginatorContext<'a> {
    pub(crate) pages: Vec<Summary<'a>>,
    pub(crate) current: usize,
    pub(crate) total_pages: usize,
    pub(crate) total_items: usize,
    pub(crate) previous: Option<String>,
    pub(crate) next: Option<String>,
    pub(crate) first: String,
    pub(crate) last: String,
    pub(crate) pagers: Vec<PagerLink>,
}

/// One of `paginator.pagers`: a numbered page, or a gap where numbers are left out.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum PagerLink {
    /// A page of the list.
    Page { number: usize, url: String, current: bool },
    /// Numbers left out.
    Gap { gap: bool },
}

/// `taxonomy`.
#[derive(Serialize)]
pub(crate) struct TaxonomyContext<'a> {
    pub(crate) name: &'a str,
    pub(crate) label: String,
    pub(crate) url: &'a str,
    pub(crate) terms: Vec<TermContext<'a>>,
}

/// `term`, and each of `taxonomy.terms`.
#[derive(Serialize)]
pub(crate) struct TermContext<'a> {
    pub(crate) name: String,
    pub(crate) slug: &'a str,
    pub(crate) url: &'a str,
    pub(crate) count: usize,
}

/// `flyer`.
#[derive(Serialize)]
pub(crate) struct FlyerContext<'a> {
    pub(crate) size: &'static str,
    pub(crate) bilingual: bool,
    pub(crate) sides: Vec<FlyerSide<'a>>,
    pub(crate) page_url: &'a str,
    /// The way from the flyer's file up to the site's root (`../../../`), so its fonts load
    /// from a copy opened as a file too, as `kepu flyer` prints it.
    pub(crate) to_root: String,
}

/// One language half of a flyer.
#[derive(Serialize)]
pub(crate) struct FlyerSide<'a> {
    pub(crate) lang: &'a LanguageTag,
    pub(crate) dir: &'static str,
    pub(crate) site_title: &'a str,
    pub(crate) title: &'a str,
    pub(crate) points: &'a [String],
    pub(crate) summary: String,
    pub(crate) event: Option<EventContext<'a>>,
    /// The page's address; its QR code is added as `qr` when the flyer is rendered.
    pub(crate) url: String,
    pub(crate) labels: FlyerLabels,
    /// "Medically reviewed by … on …" in this side's language, for pages that name a review.
    pub(crate) reviewed: Option<String>,
}

/// A flyer side's field names, in that side's language.
#[derive(Serialize)]
pub(crate) struct FlyerLabels {
    pub(crate) when: String,
    #[serde(rename = "where")]
    pub(crate) venue: String,
    pub(crate) address: String,
    pub(crate) services: String,
    pub(crate) audience: String,
    pub(crate) organizer: String,
    pub(crate) registration: String,
    pub(crate) contact: String,
    pub(crate) scan: String,
    pub(crate) status: String,
}
