//! The template engine: Tera with Kepu's functions and filters bound per language, the context
//! every template gets, and Tera's errors turned into diagnostics that name the template file
//! and line.
//!
//! Templates are parsed once; each language gets a clone with `t`, `asset` and `local_date`
//! bound to it, so templates never need to pass the language around.

use crate::load::config::Config;
use crate::load::i18n::Strings;
use crate::load::theme::TemplateSource;
use crate::render::context::{LangContext, ListFacts, SiteContext, Summary, TranslationLink};
use crate::site::{Page, Site, Translation};
use crate::util::dates::DateValue;
use crate::util::error::{Diagnostic, Result};
use crate::util::fingerprint::{fingerprint_of, Fingerprint, Fingerprinter};
use crate::util::lang::LanguageTag;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::{Context, Tera};

/// Parsed templates and everything else that does not change from page to page.
pub(crate) struct Templates {
    teras: Vec<Tera>,
    origins: HashMap<String, PathBuf>,
    pub(crate) strings: Arc<Strings>,
    /// `site` per language (title and description are translatable), shared by every context.
    site_values: Vec<Arc<Value>>,
    lang_values: Vec<Arc<Value>>,
    pub(crate) now: chrono::NaiveDate,
    /// `now` as templates see it.
    now_iso: String,
    pub(crate) serve: bool,
    /// Everything a render reads beside its context: the templates, the UI strings, the static
    /// files' and pictures' URLs, today's date.
    inputs: Fingerprint,
}

/// Templates applied to one state of the site.
pub(crate) struct Renderer<'a> {
    templates: &'a Templates,
    pub(crate) site: &'a Site,
    /// What lists show of each page beyond its own fields, one per page.
    pub(crate) list_facts: &'a [ListFacts],
}

impl std::ops::Deref for Renderer<'_> {
    type Target = Templates;
    fn deref(&self) -> &Templates {
        self.templates
    }
}

/// An output file ready to render: its template and the context it is rendered with. A build
/// fingerprints it first ([`Renderer::fingerprint`]), and renders it only when the file on disk
/// was not made from the same.
pub(crate) struct Prepared<'a> {
    pub(crate) url: String,
    lang: usize,
    template: &'a str,
    ctx: Context,
    /// The content file, for error messages.
    what: Option<&'a Path>,
    /// Adds to the context what is costly to make and follows from what it already holds (a
    /// flyer's QR codes, from its addresses): done only when the file is rendered, not for the
    /// fingerprint that may find it unchanged.
    late: Option<Late>,
}

/// See [`Prepared::late`].
pub(crate) type Late = Box<dyn FnOnce(&mut Context)>;

impl Prepared<'_> {
    /// `self`, with `late` run on its context when it is rendered.
    pub(crate) fn with_late(self, late: Late) -> Self {
        Prepared { late: Some(late), ..self }
    }
}

/// The room a rendered page starts with: more than most pages of the default theme need.
const RENDER_CAPACITY: usize = 32 * 1024;

/// The room a piece of a page (a card) starts with.
const PIECE_CAPACITY: usize = 1024;

/// Static file URL lookups (`asset(path=…)`), shared by all languages.
pub(crate) type AssetUrls = Arc<BTreeMap<String, String>>;

impl Templates {
    pub(crate) fn new(
        config: &Config,
        templates: &BTreeMap<String, TemplateSource>,
        strings: Arc<Strings>,
        assets: AssetUrls,
        images: Arc<crate::load::images::Catalog>,
        now: chrono::NaiveDate,
        serve: bool,
    ) -> Result<Templates> {
        let origins: HashMap<String, PathBuf> = templates.iter().map(|(k, v)| (k.clone(), v.origin.clone())).collect();
        let mut base = Tera::default();
        base.autoescape_on(vec![".html", ".xml"]);
        // Tera's own escaper also rewrites `/` as `&#x2F;`, which bloats every URL for nothing.
        base.set_escape_fns(crate::util::html::escape_html, crate::util::html::write_escaped_html);
        base.add_raw_templates(templates.iter().map(|(name, src)| (name.as_str(), src.text.as_str())))
            .map_err(|e| template_error(&e, &origins, None))?;
        let teras = (0..config.languages.len())
            .map(|lang| {
                let mut t = base.clone();
                t.register_function("t", Translate { strings: strings.clone(), lang });
                t.register_function("asset", AssetUrl(assets.clone()));
                t.register_function("image", ImageSizes(images.clone()));
                t.register_filter("local_date", LocalDate { strings: strings.clone(), lang });
                t
            })
            .collect();
        let languages: Vec<LangContext> = config
            .languages
            .iter()
            .map(|l| LangContext { code: &l.tag, name: &l.name, dir: l.dir.as_str(), url: l.home_url() })
            .collect();
        let site_values: Vec<Arc<Value>> = config
            .languages
            .iter()
            .map(|l| {
                shared(&SiteContext {
                    title: &l.title,
                    description: &l.description,
                    base_url: &config.base_url,
                    default_language: &config.default_language().tag,
                    languages: &languages,
                    logo: config.logo.as_deref(),
                    extra: &config.extra,
                })
            })
            .collect();
        let lang_values: Vec<Arc<Value>> = languages.iter().map(shared).collect();
        let now_iso = crate::util::dates::iso_day(now);
        let shared_values = site_values.iter().chain(&lang_values).map(|v| &**v);
        let inputs = render_inputs(templates, &strings, &assets, &images, &now_iso, shared_values);
        Ok(Templates { teras, origins, strings, site_values, lang_values, now, now_iso, serve, inputs })
    }
}

/// The fingerprint of what every render reads beside its context (`serve` and `now` are in the
/// context too). Tera's `get_env` reads the environment: a theme that names it puts every
/// variable in, so that a changed one renders again.
fn render_inputs<'a>(
    templates: &BTreeMap<String, TemplateSource>,
    strings: &Strings,
    assets: &BTreeMap<String, String>,
    images: &crate::load::images::Catalog,
    now_iso: &str,
    shared: impl Iterator<Item = &'a Value>,
) -> Fingerprint {
    let mut f = Fingerprinter::default();
    f.str(env!("CARGO_PKG_VERSION")).str(now_iso);
    // Once here, not in every context that shares them (see [`Renderer::fingerprint`]).
    for value in shared {
        f.value(value);
    }
    f.u64(templates.len() as u64);
    for (name, source) in templates {
        f.str(name).str(&source.text);
    }
    strings.fingerprint_into(&mut f);
    f.u64(assets.len() as u64);
    for (name, url) in assets {
        f.str(name).str(url);
    }
    f.str(&format!("{images:?}"));
    if templates.values().any(|t| t.text.contains("get_env")) {
        let mut vars: Vec<(std::ffi::OsString, std::ffi::OsString)> = std::env::vars_os().collect();
        vars.sort();
        for (name, value) in vars {
            f.bytes(name.as_encoded_bytes()).bytes(value.as_encoded_bytes());
        }
    }
    f.finish()
}

impl<'a> Renderer<'a> {
    pub(crate) fn new(templates: &'a Templates, site: &'a Site, list_facts: &'a [ListFacts]) -> Renderer<'a> {
        Renderer { templates, site, list_facts }
    }

    pub(crate) fn config(&self) -> &Config {
        &self.site.config
    }

    pub(crate) fn has_template(&self, name: &str) -> bool {
        self.origins.contains_key(name)
    }

    /// A context with only `lang`, for a template rendered once for many pages.
    pub(crate) fn lang_context(&self, lang: usize) -> Context {
        let mut ctx = Context::new();
        ctx.insert_shared("lang", self.lang_values[lang].clone());
        ctx
    }

    /// The context every template gets.
    pub(crate) fn base_context(&self, lang: usize, url: &str, translations: &[Translation]) -> Context {
        let mut ctx = Context::new();
        ctx.insert_shared("site", self.site_values[lang].clone());
        ctx.insert_shared("lang", self.lang_values[lang].clone());
        ctx.insert("current_url", url);
        ctx.insert("current_permalink", &self.config().permalink(url));
        ctx.insert_value("translations", Value::Array(self.translation_values(lang, url, translations)));
        ctx.insert("now", &self.now_iso);
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
                let link = TranslationLink {
                    code: &l.tag,
                    name: &l.name,
                    dir: l.dir.as_str(),
                    url: &t.url,
                    current: t.lang == lang,
                    fallback: t.fallback,
                };
                to_value(&link)
            })
            .collect()
    }

    /// The file at `url`, to be rendered from `template` in `lang` with `ctx`; `what` names the
    /// content file for error messages.
    pub(crate) fn prepare(
        &self,
        url: String,
        lang: usize,
        template: &'a str,
        ctx: Context,
        what: Option<&'a Path>,
    ) -> Prepared<'a> {
        Prepared { url, lang, template, ctx, what, late: None }
    }

    /// Everything `p` is rendered from. Equal fingerprints render equal bytes: a render reads
    /// only its context, the templates and what the engine's own fingerprint covers.
    pub(crate) fn fingerprint(&self, p: &Prepared) -> Fingerprint {
        let mut entries: Vec<(&str, &Value)> = p.ctx.entries().collect();
        entries.sort_unstable_by_key(|(name, _)| *name);
        fingerprint_of(|f| {
            f.fingerprint(self.inputs).str(&p.url).u64(p.lang as u64).str(p.template);
            for (name, value) in entries {
                f.str(name);
                match self.shared_index(value) {
                    Some(i) => f.shared(i),
                    None => f.value(value),
                };
            }
        })
    }

    /// Where `value` is among the values every context shares (fingerprinted with the
    /// engine's inputs), by identity: a context's own copy is fingerprinted as it is.
    fn shared_index(&self, value: &Value) -> Option<usize> {
        self.site_values.iter().chain(&self.lang_values).position(|v| std::ptr::eq(&**v, value))
    }

    /// Renders `p`. The bytes are UTF-8 (Tera writes only text) and go to a file as they are:
    /// turning them into a `String` would check every page's bytes once more.
    pub(crate) fn render(&self, mut p: Prepared) -> Result<Vec<u8>> {
        if let Some(late) = p.late.take() {
            late(&mut p.ctx);
        }
        // Most pages fit, so the buffer is not copied as it grows.
        self.render_into(Vec::with_capacity(RENDER_CAPACITY), p.lang, p.template, &p.ctx, p.what)
    }

    /// [`Renderer::render`] for a piece of a page that is kept until the build ends (a card):
    /// in a buffer of its own size, not a page's.
    pub(crate) fn render_piece(
        &self,
        lang: usize,
        template: &str,
        ctx: &Context,
        what: Option<&Path>,
    ) -> Result<String> {
        let mut out = self.render_into(Vec::with_capacity(PIECE_CAPACITY), lang, template, ctx, what)?;
        out.shrink_to_fit();
        // Tera writes only text: the lossy branch never runs.
        Ok(String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    fn render_into(
        &self,
        mut out: Vec<u8>,
        lang: usize,
        template: &str,
        ctx: &Context,
        what: Option<&Path>,
    ) -> Result<Vec<u8>> {
        self.teras[lang].render_to(template, ctx, &mut out).map_err(|e| template_error(&e, &self.origins, what))?;
        Ok(out)
    }

    /// A term as readers see it: specialties are ids (`ophthalmology`) with translated labels
    /// (`specialty.ophthalmology` in the theme's strings); tags are the authors' own words.
    pub(crate) fn term_name(&self, lang: usize, taxonomy: &str, term: &str) -> String {
        match taxonomy {
            "specialties" => self.strings.label(lang, &format!("specialty.{term}")).unwrap_or_else(|| term.to_string()),
            _ => term.to_string(),
        }
    }

    /// The language a page's text is in: its own, or the default language's for fallback copies.
    pub(crate) fn content_language(&self, p: &Page) -> &'a crate::load::config::Language {
        self.site.content_language(p)
    }

    /// `pages` of a list, one page of a paginated list.
    pub(crate) fn summaries_of(&self, pages: &[usize]) -> Vec<Summary<'a>> {
        pages
            .iter()
            .map(|&i| {
                let p = &self.site.pages[i];
                Summary::new(p, &self.list_facts[i], self.content_language(p))
            })
            .collect()
    }
}

/// `t(key="…", count=n)`.
struct Translate {
    strings: Arc<Strings>,
    lang: usize,
}

impl Translate {
    /// The language asked for with `lang="…"` (a page that speaks to readers of every language,
    /// such as the 404 page), else the page's own.
    fn language(&self, args: &HashMap<String, Value>) -> tera::Result<usize> {
        let Some(asked) = args.get("lang") else { return Ok(self.lang) };
        let asked = asked.as_str().ok_or("t(): lang must be a language code such as \"en\"")?;
        let tag = LanguageTag::parse(asked);
        let tags = self.strings.tags();
        tags.iter().position(|t| Some(t) == tag.as_ref()).ok_or_else(|| {
            let known: Vec<&str> = tags.iter().map(LanguageTag::as_str).collect();
            format!("t(): lang=\"{asked}\" is not one of the site's languages (write one of: {})", known.join(", "))
                .into()
        })
    }
}

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = args.get("key").and_then(Value::as_str).ok_or("t() needs key=\"…\"")?;
        let count = args.get("count").and_then(Value::as_i64);
        Ok(Value::String(self.strings.get(self.language(args)?, key, count)))
    }
    fn is_safe(&self) -> bool {
        false
    }
    /// The strings and the language are fixed for this engine's life: `t(key="home")` is looked
    /// up once per template, not once per page.
    fn is_constant(&self) -> bool {
        true
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
    fn is_constant(&self) -> bool {
        true
    }
}

/// `image(path="articles/clinic.jpg", width=960)`: the published sizes of a picture in
/// `content/`, and the one to use at `width` pixels (the smallest at least that wide, else the
/// largest); without `width`, the largest.
struct ImageSizes(Arc<crate::load::images::Catalog>);

impl tera::Function for ImageSizes {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        use crate::load::images::{in_srcset, Format, Variant};
        let path =
            args.get("path").and_then(Value::as_str).ok_or("image() needs path=\"…\" (a picture in content/)")?;
        let Some(p) = self.0.find(path) else {
            return Err(format!(
                "image(path=\"{path}\"): no JPEG, PNG or WebP picture at content/{}; give its path inside content/, \
                 like \"articles/clinic.jpg\"",
                path.trim_start_matches('/')
            )
            .into());
        };
        let wanted = match args.get("width") {
            None => u32::MAX,
            Some(w) => w
                .as_u64()
                .and_then(|w| u32::try_from(w).ok())
                .ok_or_else(|| format!("image(path=\"{path}\", width=…): width is a number of pixels, like 960"))?,
        };
        let pick = |format: Format| -> Option<Variant> {
            let sizes = p.in_format(format);
            sizes.iter().find(|v| v.width >= wanted).or(sizes.last()).cloned()
        };
        let variant_value = |v: &Variant| serde_json::json!({ "url": in_srcset(&v.url), "width": v.width, "height": v.height, "type": v.format.mime() });
        let chosen = pick(p.fallback()).ok_or("image(): the picture has no published size")?;
        let webp = pick(Format::Webp).ok_or("image(): the picture has no published size")?;
        Ok(serde_json::json!({
            "url": in_srcset(&chosen.url),
            "width": chosen.width,
            "height": chosen.height,
            "type": chosen.format.mime(),
            "webp": in_srcset(&webp.url),
            "srcset": p.srcset(p.fallback()),
            "webp_srcset": p.srcset(Format::Webp),
            "sizes": p.variants().iter().map(variant_value).collect::<Vec<_>>(),
        }))
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

/// A context as a JSON value. Serializing these types cannot fail: their keys are strings and
/// they hold no maps with other keys. The value goes into a context with
/// `Context::insert_value`: `insert` would serialize a copy, and a page's value carries its
/// whole content.
pub(crate) fn to_value(context: &impl serde::Serialize) -> Value {
    serde_json::to_value(context).unwrap_or(Value::Null)
}

/// [`to_value`], to be shared by many contexts.
fn shared(context: &impl serde::Serialize) -> Arc<Value> {
    Arc::new(to_value(context))
}
