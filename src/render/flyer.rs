//! Printable flyers: one A4 (or A5) page per article or event with its key points, the event's
//! when/where/what in large type, and a QR code of the page's address; bilingual flyers stack two
//! language versions on one sheet.

use crate::load::content::Origin;
use crate::render::context::{FlyerContext, FlyerLabels, FlyerSide};
use crate::render::engine::{to_value, Late, Prepared, Renderer};
use crate::render::outreach;
use crate::site::Site;
use crate::util::error::Result;

/// Grapheme clusters of summary shown when the page names no key points.
const SUMMARY_GRAPHEMES: usize = 220;

/// One language half of a flyer, with its labels in its own language (the other half's are in
/// another).
fn side<'a>(r: &Renderer<'a>, i: usize) -> FlyerSide<'a> {
    let site = r.site;
    let p = &site.pages[i];
    let lang = p.lang;
    let language = &site.config.languages[lang];
    let points = match &p.doc.front.flyer {
        // Every point: the sheet's type shrinks to fit them, and `kepu flyer` says when it cannot.
        Some(f) => &f.points[..],
        None => &[],
    };
    let permalink = site.config.permalink(&p.url);
    let label = |key: &str| r.strings.get(lang, key, None);
    let status = p.doc.front.event.as_ref().map_or("scheduled", |e| e.status.as_str());
    FlyerSide {
        lang: &language.tag,
        dir: language.dir.as_str(),
        site_title: &language.title,
        title: &p.doc.front.title,
        points,
        summary: crate::util::text::summarize(&p.description, SUMMARY_GRAPHEMES),
        event: outreach::event(r, p),
        reviewed: site.review_of(p).map(|rv| {
            label("reviewed_by").replace("{name}", &rv.by).replace("{date}", &r.strings.format_date(lang, &rv.date))
        }),
        url: permalink,
        labels: FlyerLabels {
            when: label("event_when"),
            venue: label("event_venue"),
            address: label("event_address"),
            services: label("event_services"),
            audience: label("event_audience"),
            organizer: label("event_organizer"),
            registration: label("event_registration"),
            contact: label("event_contact"),
            scan: label("flyer_scan"),
            status: label(&format!("status.{status}")),
        },
    }
}

/// The `flyer` variable of `flyer.html`.
fn context<'a>(r: &Renderer<'a>, page: usize, with: Option<usize>) -> FlyerContext<'a> {
    let size = match r.site.config.flyer.size {
        crate::load::config::PaperSize::A4 => "A4",
        crate::load::config::PaperSize::A5 => "A5",
    };
    let mut sides = vec![side(r, page)];
    sides.extend(with.map(|w| side(r, w)));
    let file = crate::site::url_to_file(&r.site.flyer_url(&r.site.pages[page], with));
    let depth = file.components().count().saturating_sub(1);
    FlyerContext {
        size,
        bilingual: with.is_some(),
        sides,
        page_url: &r.site.pages[page].url,
        to_root: "../".repeat(depth),
    }
}

/// The flyer of `page`, alone or with its translation `with`.
pub(crate) fn prepare_flyer<'a>(r: &Renderer<'a>, page: usize, with: Option<usize>) -> Result<Prepared<'a>> {
    let p = &r.site.pages[page];
    let url = r.site.flyer_url(p, with);
    let mut ctx = r.base_context(p.lang, &url, &[]);
    ctx.insert_value("flyer", to_value(&context(r, page, with)));
    // Whether each side's page has bilingual flyers, which draw the same code again.
    let again =
        std::iter::once(page).chain(with).map(|i| !r.site.published_flyer_partners(&r.site.pages[i]).is_empty());
    Ok(r.prepare(url, p.lang, "flyer.html", ctx, Some(&p.doc.path)).with_late(qr_codes(again.collect())))
}

/// Adds `qr`, the QR code of its `url`, to each side in the flyer's context. Drawing is most of
/// what a flyer costs before it is rendered, and a code follows from the address its side
/// already holds, so a rebuild that finds the flyer unchanged never draws it.
fn qr_codes(again: Vec<bool>) -> Late {
    Box::new(move |ctx| {
        let Some(mut flyer) = ctx.remove("flyer") else { return };
        if let Some(sides) = flyer.get_mut("sides").and_then(serde_json::Value::as_array_mut) {
            for (side, again) in sides.iter_mut().zip(again) {
                let url = side["url"].as_str().unwrap_or_default().to_string();
                side["qr"] = crate::formats::qr::svg(&url, &format!("QR: {url}"), again).into();
            }
        }
        ctx.insert_value("flyer", flyer);
    })
}

/// The flyer URL for `page` — a content path (`content/articles/x.md`, `articles/x.en.md`) or a
/// page URL (`/en/articles/x/`) — optionally bilingual `with` another language.
/// A flyer to print: its URL, and whether it announces an event (which must fit one sheet:
/// a notice on two loose sheets loses its second half on a noticeboard).
pub(crate) struct Found {
    pub(crate) url: String,
    pub(crate) event: bool,
    /// The page and the partner translation, to render a flyer the build did not publish.
    pub(crate) page: usize,
    pub(crate) with: Option<usize>,
}

pub(crate) fn find(site: &Site, page: &str, with: Option<&str>) -> Result<Found> {
    if !site.config.flyer.enabled {
        return Err(crate::util::error::Diagnostic::new(
            "flyers are turned off in site.yaml (`flyer: {enabled: false}`)",
        )
        .into());
    }
    let wanted = page.trim_start_matches("./").trim_start_matches("content/");
    let i = site
        .pages
        .iter()
        .position(|p| {
            p.doc.origin != Origin::Fallback
                && (p.url == page
                    || p.doc
                        .path
                        .strip_prefix(crate::load::content::CONTENT_DIR)
                        .is_ok_and(|r| r == std::path::Path::new(wanted)))
        })
        .ok_or_else(|| {
            crate::util::error::Diagnostic::new(format!(
                "no page `{page}`: give its content file (articles/x.md) or URL (/articles/x/)"
            ))
        })?;
    let with = match with {
        None => None,
        Some(code) => {
            let tag = crate::util::lang::LanguageTag::parse(code)
                .ok_or_else(|| crate::util::error::Diagnostic::new(format!("`{code}` is not a language tag")))?;
            let partner = site
                .flyer_partners(&site.pages[i])
                .into_iter()
                .find(|j| site.config.languages[site.pages[*j].lang].tag == tag);
            Some(partner.ok_or_else(|| {
                crate::util::error::Diagnostic::new(format!("`{page}` has no {tag} version to print beside it"))
            })?)
        }
    };
    let event = site.pages[i].doc.front.event.is_some();
    Ok(Found { url: site.flyer_url(&site.pages[i], with), event, page: i, with })
}
