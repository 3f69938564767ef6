//! Machine-read files: Atom feeds per language, `sitemap.xml` with language alternates, and
//! `robots.txt`. Written in code rather than templates so their syntax cannot be broken by a theme.

use crate::markdown::escape_html as esc;
use crate::site::{Site, Translation};

/// The Atom feed (RFC 4287) of one language's newest pages.
pub fn atom(site: &Site, lang: usize, newest: &[usize]) -> String {
    let config = &site.config;
    let language = &config.languages[lang];
    let home = config.permalink(&language.home_url());
    let feed_url = format!("{home}atom.xml");
    // Fallback copies repeat the default language's entries under another language's feed.
    let entries: Vec<usize> = newest
        .iter()
        .copied()
        .filter(|i| site.pages[*i].doc.origin != crate::content::Origin::Fallback)
        .take(config.feed_limit)
        .collect();
    // The feed's own time is its newest entry's, so rebuilding changes nothing.
    let updated =
        entries.iter().filter_map(|i| entry_time(site, *i)).max().unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
    let mut out = String::with_capacity(4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n", language.tag));
    out.push_str(&format!("  <title>{}</title>\n", esc(&language.title)));
    if !language.description.is_empty() {
        out.push_str(&format!("  <subtitle>{}</subtitle>\n", esc(&language.description)));
    }
    out.push_str(&format!("  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n", esc(&feed_url)));
    out.push_str(&format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", esc(&home)));
    out.push_str(&format!("  <id>{}</id>\n", esc(&feed_url)));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str("  <generator>Kepu</generator>\n");
    for i in entries {
        let p = &site.pages[i];
        let link = config.permalink(&p.url);
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", esc(&p.doc.front.title)));
        out.push_str(&format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", esc(&link)));
        out.push_str(&format!("    <id>{}</id>\n", esc(&link)));
        let updated = entry_time(site, i).unwrap_or_else(|| updated.clone());
        out.push_str(&format!("    <updated>{updated}</updated>\n"));
        if let Some(d) = &p.doc.front.date {
            out.push_str(&format!("    <published>{}</published>\n", d.moment().to_rfc3339()));
        }
        let authors: Vec<&String> = p.doc.front.authors.iter().collect();
        if authors.is_empty() {
            out.push_str(&format!("    <author><name>{}</name></author>\n", esc(&language.title)));
        }
        for a in authors {
            out.push_str(&format!("    <author><name>{}</name></author>\n", esc(a)));
        }
        out.push_str(&format!("    <summary>{}</summary>\n", esc(&p.description)));
        out.push_str(&format!("    <content type=\"html\">{}</content>\n", esc(&p.rendered.html)));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

fn entry_time(site: &Site, i: usize) -> Option<String> {
    let f = &site.pages[i].doc.front;
    f.updated.or(f.date).map(|d| d.moment().to_rfc3339())
}

/// One URL of the sitemap with its last change and its language versions.
pub struct SitemapEntry<'a> {
    pub url: String,
    pub lastmod: Option<String>,
    pub translations: &'a [Translation],
}

/// `sitemap.xml` with `xhtml:link` alternates so search engines pair translations.
pub fn sitemap(site: &Site, entries: &[SitemapEntry]) -> String {
    let config = &site.config;
    let mut out = String::with_capacity(entries.len() * 256 + 256);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for e in entries {
        out.push_str(&format!("  <url>\n    <loc>{}</loc>\n", esc(&config.permalink(&e.url))));
        if let Some(m) = &e.lastmod {
            out.push_str(&format!("    <lastmod>{m}</lastmod>\n"));
        }
        let alternates: Vec<&Translation> = e.translations.iter().filter(|t| !t.fallback).collect();
        if alternates.len() > 1 {
            for t in alternates {
                out.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    config.languages[t.lang].tag,
                    esc(&config.permalink(&t.url))
                ));
            }
            if let Some(default) = e.translations.iter().find(|t| t.lang == 0) {
                out.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n",
                    esc(&config.permalink(&default.url))
                ));
            }
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(site: &Site) -> String {
    format!("User-agent: *\nAllow: /\nSitemap: {}/sitemap.xml\n", site.config.base_url)
}

/// A static redirect page for an alias.
pub fn redirect(site: &Site, target: &str) -> String {
    let to = esc(target);
    let canonical = esc(&site.config.permalink(target));
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{to}</title>\
         <link rel=\"canonical\" href=\"{canonical}\"><meta http-equiv=\"refresh\" content=\"0; url={to}\">\
         <meta name=\"robots\" content=\"noindex\"></head><body><a href=\"{to}\">{to}</a></body></html>\n",
        site.config.default_language().tag
    )
}
