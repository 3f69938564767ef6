//! Rendering with Tera: building each template's context from the resolved site and turning
//! Tera's errors into diagnostics that name the template file and line.
//!
//! Templates are parsed once; each language gets a clone with `t`, `asset` and `local_date`
//! bound to it, so templates never need to pass the language around.

pub mod flyer;
pub mod outreach;

use crate::load::config::Config;
use crate::load::content::Origin;
use crate::load::i18n::Strings;
use crate::load::theme::TemplateSource;
use crate::site::{Page, Section, Site, Translation};
use crate::util::dates::DateValue;
use crate::util::error::{Diagnostic, Result};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::{Context, Tera};

/// Parsed templates and everything else that does not change from page to page.
pub struct Templates {
    teras: Vec<Tera>,
    origins: HashMap<String, PathBuf>,
    pub strings: Arc<Strings>,
    /// `site` per language (title and description are translatable).
    site_values: Vec<Value>,
    lang_values: Vec<Value>,
    pub now: chrono::NaiveDate,
    pub serve: bool,
}

/// Templates applied to one state of the site.
pub struct Renderer<'a> {
    templates: &'a Templates,
    pub site: &'a Site,
    /// Page summaries for lists, one per page (see [`Templates::summaries`]).
    pub summaries: &'a [Value],
}

impl std::ops::Deref for Renderer<'_> {
    type Target = Templates;
    fn deref(&self) -> &Templates {
        self.templates
    }
}

/// Static file URL lookups (`asset(path=…)`), shared by all languages.
pub type AssetUrls = Arc<BTreeMap<String, String>>;

impl Templates {
    pub fn new(
        config: &Config,
        templates: &BTreeMap<String, TemplateSource>,
        strings: Arc<Strings>,
        assets: AssetUrls,
        now: chrono::NaiveDate,
        serve: bool,
    ) -> Result<Templates> {
        let origins: HashMap<String, PathBuf> = templates.iter().map(|(k, v)| (k.clone(), v.origin.clone())).collect();
        let mut base = Tera::default();
        base.autoescape_on(vec![".html", ".xml"]);
        // Tera's own escaper also rewrites `/` as `&#x2F;`, which bloats every URL for nothing.
        base.set_escape_fn(crate::util::html::escape_html);
        base.add_raw_templates(templates.iter().map(|(name, src)| (name.as_str(), src.text.as_str())))
            .map_err(|e| template_error(&e, &origins, None))?;
        let teras = (0..config.languages.len())
            .map(|lang| {
                let mut t = base.clone();
                t.register_function("t", Translate { strings: strings.clone(), lang });
                t.register_function("asset", AssetUrl(assets.clone()));
                t.register_filter("local_date", LocalDate { strings: strings.clone(), lang });
                t
            })
            .collect();
        let lang_values: Vec<Value> = config
            .languages
            .iter()
            .map(|l| json!({"code": l.tag, "name": l.name, "dir": l.dir.as_str(), "url": l.home_url()}))
            .collect();
        let site_values = config
            .languages
            .iter()
            .map(|l| {
                json!({
                    "title": l.title,
                    "description": l.description,
                    "base_url": config.base_url,
                    "default_language": config.default_language().tag,
                    "languages": lang_values,
                    "extra": config.extra,
                })
            })
            .collect();
        Ok(Templates { teras, origins, strings, site_values, lang_values, now, serve })
    }

    /// What lists show of every page, computed once per build (and per changed page).
    pub fn summaries(&self, site: &Site) -> Vec<Value> {
        let r = Renderer::new(self, site, &[]);
        site.pages.par_iter().map(|p| r.page_summary(p)).collect()
    }
}

impl<'a> Renderer<'a> {
    pub fn new(templates: &'a Templates, site: &'a Site, summaries: &'a [Value]) -> Renderer<'a> {
        Renderer { templates, site, summaries }
    }

    pub fn config(&self) -> &Config {
        &self.site.config
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.origins.contains_key(name)
    }

    /// The context every template gets.
    pub fn base_context(&self, lang: usize, url: &str, translations: &[Translation]) -> Context {
        let mut ctx = Context::new();
        put(&mut ctx, "site", self.site_values[lang].clone());
        put(&mut ctx, "lang", self.lang_values[lang].clone());
        ctx.insert("current_url", url);
        ctx.insert("current_permalink", &self.config().permalink(url));
        put(&mut ctx, "translations", Value::Array(self.translation_values(lang, url, translations)));
        ctx.insert("now", &self.now.format("%Y-%m-%d").to_string());
        ctx.insert("serve", &self.serve);
        ctx
    }

    fn translation_values(&self, lang: usize, url: &str, translations: &[Translation]) -> Vec<Value> {
        let mut list: Vec<&Translation> = translations.iter().collect();
        let own = Translation { lang, url: url.to_string(), fallback: false };
        if !list.iter().any(|t| t.lang == lang) {
            list.push(&own);
            list.sort_by_key(|t| t.lang);
        }
        list.into_iter()
            .map(|t| {
                let l = &self.config().languages[t.lang];
                json!({"code": l.tag, "name": l.name, "dir": l.dir.as_str(), "url": t.url, "current": t.lang == lang, "fallback": t.fallback})
            })
            .collect()
    }

    /// Renders `template` in `lang`; `what` names the content file for error messages.
    pub fn render(&self, lang: usize, template: &str, ctx: &Context, what: Option<&Path>) -> Result<String> {
        self.teras[lang].render(template, ctx).map_err(|e| template_error(&e, &self.origins, what).into())
    }

    fn term_links(&self, page: &Page, taxonomy: &str) -> Vec<Value> {
        let home = self.config().languages[page.lang].home_url();
        page.doc
            .front
            .terms(taxonomy)
            .iter()
            .map(|t| {
                let slug = crate::util::slug::slugify(t);
                json!({"name": self.term_name(page.lang, taxonomy, t), "url": format!("{home}{taxonomy}/{slug}/")})
            })
            .collect()
    }

    /// A term as readers see it: specialties are ids (`ophthalmology`) with translated labels
    /// (`specialty.ophthalmology` in the theme's strings); tags are the authors' own words.
    pub fn term_name(&self, lang: usize, taxonomy: &str, term: &str) -> String {
        match taxonomy {
            "specialties" => self.strings.label(lang, &format!("specialty.{term}")).unwrap_or_else(|| term.to_string()),
            _ => term.to_string(),
        }
    }

    /// The language a page's text is in: its own, or the default language's for fallback copies.
    pub fn content_language(&self, p: &Page) -> &crate::load::config::Language {
        let languages = &self.config().languages;
        if p.doc.origin == Origin::Fallback {
            &languages[0]
        } else {
            &languages[p.lang]
        }
    }

    /// What lists show of a page.
    pub fn page_summary(&self, p: &Page) -> Value {
        json!({
            "title": p.doc.front.title,
            "url": p.url,
            "summary": self.summary_html(p),
            "description": p.description,
            "date": date_iso(&p.doc.front.date),
            "reading_time": p.stats.reading_minutes(),
            "tags": self.term_links(p, "tags"),
            "event": crate::render::outreach::event_value(self, p),
            "content_lang": self.content_language(p).tag,
            "content_dir": self.content_language(p).dir.as_str(),
        })
    }

    fn summary_html(&self, p: &Page) -> String {
        p.rendered
            .summary_html
            .clone()
            .unwrap_or_else(|| format!("<p>{}</p>", crate::util::html::escape_html(&p.description)))
    }

    /// The full `page` variable.
    pub fn page_value(&self, p: &Page) -> Value {
        let f = &p.doc.front;
        let content_lang = self.content_language(p);
        let section = p.section.map(|s| {
            let s: &Section = &self.site.sections[s];
            json!({"title": s.doc.front.title, "url": s.url})
        });
        let mut v = json!({
            "title": f.title,
            "url": p.url,
            "permalink": self.config().permalink(&p.url),
            "lang": self.config().languages[p.lang].tag,
            "slug": p.slug,
            "content": p.rendered.html,
            "summary": self.summary_html(p),
            "description": p.description,
            "date": date_iso(&f.date),
            "updated": date_iso(&f.updated),
            "authors": f.authors,
            "tags": self.term_links(p, "tags"),
            "specialties": self.term_links(p, "specialties"),
            "reading_time": p.stats.reading_minutes(),
            "word_count": p.stats.word_count(),
            "char_count": p.stats.cjk_chars,
            "toc": p.rendered.toc,
            "extra": f.extra,
            "section": section,
            "draft": f.draft,
            "weight": f.weight,
            "derived": p.doc.origin == Origin::Derived,
            "fallback": p.doc.origin == Origin::Fallback,
            "content_lang": content_lang.tag,
            "content_dir": content_lang.dir.as_str(),
            "flyer_url": self.site.has_flyer(p).then(|| self.site.flyer_url(p, None)),
            "bilingual_flyers": crate::render::flyer::bilingual_links(self.site, p),
        });
        crate::render::outreach::extend_page_value(self, p, &mut v);
        v
    }

    pub fn section_value(&self, s: &Section) -> Value {
        json!({
            "title": s.doc.front.title,
            "url": s.url,
            "permalink": self.config().permalink(&s.url),
            "content": s.rendered.html,
            "description": s.doc.front.summary.clone().unwrap_or_default(),
            "subsections": s.subsections.iter().map(|i| {
                let sub = &self.site.sections[*i];
                json!({"title": sub.doc.front.title, "url": sub.url})
            }).collect::<Vec<_>>(),
        })
    }

    /// `pages` of a list, one page of a paginated list.
    pub fn summaries_of(&self, pages: &[usize]) -> Vec<&Value> {
        pages.iter().map(|i| &self.summaries[*i]).collect()
    }
}

fn date_iso(d: &Option<DateValue>) -> Value {
    d.map_or(Value::Null, |d| Value::String(d.iso()))
}

/// One page of a paginated list.
pub struct Pager<'p> {
    pub number: usize,
    pub total: usize,
    pub items: &'p [usize],
    pub total_items: usize,
}

/// Page numbers linked on each side of the current one; the first and last are always linked.
const PAGER_WINDOW: usize = 2;

/// The pages `items` split into with `per_page` each; an empty list still has one (empty) page.
pub fn pager_count(items: &[usize], per_page: usize) -> usize {
    items.len().div_ceil(per_page).max(1)
}

/// Page `index` (from 0) of `items` split into pages of `per_page`.
pub fn pager(items: &[usize], per_page: usize, index: usize) -> Pager<'_> {
    Pager {
        number: index + 1,
        total: pager_count(items, per_page),
        items: &items[(index * per_page).min(items.len())..((index + 1) * per_page).min(items.len())],
        total_items: items.len(),
    }
}

/// URL of page `n` of a list whose first page is at `base`.
pub fn pager_url(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

impl Pager<'_> {
    pub fn value(&self, renderer: &Renderer, base: &str) -> Value {
        let url = |n: usize| pager_url(base, n);
        json!({
            "pages": renderer.summaries_of(self.items),
            "current": self.number,
            "total_pages": self.total,
            "total_items": self.total_items,
            "previous": if self.number > 1 { Value::String(url(self.number - 1)) } else { Value::Null },
            "next": if self.number < self.total { Value::String(url(self.number + 1)) } else { Value::Null },
            "first": url(1),
            "last": url(self.total),
            "pagers": self.linked().into_iter().map(|n| match n {
                Some(n) => json!({"number": n, "url": url(n), "current": n == self.number}),
                None => json!({"gap": true}),
            }).collect::<Vec<_>>(),
        })
    }

    /// The page numbers to link, `None` where numbers are left out: the first, the last, and
    /// [`PAGER_WINDOW`] on each side of the current page. Linking every page would make a long
    /// list's pages grow with its length (and the whole list's build time with its square).
    fn linked(&self) -> Vec<Option<usize>> {
        let low = self.number.saturating_sub(PAGER_WINDOW).max(1);
        let high = (self.number + PAGER_WINDOW).min(self.total);
        let mut out = Vec::new();
        for n in [1].into_iter().chain(low..=high).chain([self.total]) {
            match out.last() {
                Some(Some(last)) if n <= *last => continue,
                Some(Some(last)) if n == *last + 2 => out.push(Some(n - 1)),
                Some(Some(last)) if n > *last + 2 => out.push(None),
                _ => {}
            }
            out.push(Some(n));
        }
        out
    }
}

/// `t(key="…", count=n)`.
struct Translate {
    strings: Arc<Strings>,
    lang: usize,
}

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = args.get("key").and_then(Value::as_str).ok_or("t() needs key=\"…\"")?;
        let count = args.get("count").and_then(Value::as_i64);
        Ok(Value::String(self.strings.get(self.lang, key, count)))
    }
    fn is_safe(&self) -> bool {
        false
    }
}

/// `asset(path="style.css")`.
struct AssetUrl(AssetUrls);

impl tera::Function for AssetUrl {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = args.get("path").and_then(Value::as_str).ok_or("asset() needs path=\"…\"")?;
        let path = path.trim_start_matches('/');
        match self.0.get(path) {
            Some(url) => Ok(Value::String(url.clone())),
            None => Err(format!("asset `{path}` not found in static/").into()),
        }
    }
}

/// `{{ date | local_date }}`.
struct LocalDate {
    strings: Arc<Strings>,
    lang: usize,
}

impl tera::Filter for LocalDate {
    fn filter(&self, value: &Value, _args: &HashMap<String, Value>) -> tera::Result<Value> {
        let Some(raw) = value.as_str() else {
            return Ok(Value::String(String::new()));
        };
        let date = DateValue::parse(raw).map_err(tera::Error::msg)?;
        Ok(Value::String(self.strings.format_date(self.lang, &date)))
    }
}

/// Tera's errors nest; the useful line (`--> 3:5` from the parser, or the failing variable)
/// is deep in the chain. Flatten it and point at the template file.
fn template_error(err: &tera::Error, origins: &HashMap<String, PathBuf>, content: Option<&Path>) -> Diagnostic {
    let mut messages = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        messages.push(s.to_string());
        source = s.source();
    }
    let full = messages.join(": ");
    let template =
        origins.iter().filter(|(name, _)| full.contains(&format!("'{name}'"))).max_by_key(|(name, _)| name.len());
    let location = full.split("--> ").nth(1).and_then(|rest| {
        let mut it = rest.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty());
        Some((it.next()?.parse::<usize>().ok()?, it.next()?.parse::<usize>().ok()?))
    });
    let message = match content {
        Some(c) => format!("{} (while rendering {})", squash(&full), c.display()),
        None => squash(&full),
    };
    let mut d = match template {
        Some((_, origin)) => Diagnostic::in_file(origin, message),
        None => match content {
            Some(c) => Diagnostic::in_file(c, message),
            None => Diagnostic::new(message),
        },
    };
    if let (Some((line, col)), Some(_)) = (location, template) {
        d = d.at(line, Some(col));
    }
    d
}

/// Tera's parse errors span several lines with ASCII art; one line reads better in a terminal.
fn squash(msg: &str) -> String {
    msg.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "|" && !l.starts_with("= "))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Puts an already built value into `ctx`. `Context::insert` would serialize it into a copy,
/// and a page's value carries its whole content.
pub fn put(ctx: &mut Context, key: &str, value: Value) {
    let mut one = serde_json::Map::new();
    one.insert(key.to_string(), value);
    if let Ok(c) = Context::from_value(Value::Object(one)) {
        ctx.extend(c);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn pagination_links_a_window_not_every_page() {
        let items: Vec<usize> = (0..1000).collect();
        let linked = |index: usize| super::pager(&items, 10, index).linked();
        assert_eq!(linked(0), [Some(1), Some(2), Some(3), None, Some(100)]);
        assert_eq!(linked(49), [Some(1), None, Some(48), Some(49), Some(50), Some(51), Some(52), None, Some(100)]);
        assert_eq!(
            linked(4),
            [Some(1), Some(2), Some(3), Some(4), Some(5), Some(6), Some(7), None, Some(100)],
            "no gap of one"
        );
        assert_eq!(linked(99), [Some(1), None, Some(98), Some(99), Some(100)]);
        assert_eq!(super::pager(&items[..30], 10, 1).linked(), [Some(1), Some(2), Some(3)]);
        assert_eq!(super::pager(&[], 10, 0).linked(), [Some(1)]);
    }
}
