//! Machine-read files: Atom feeds per language, `sitemap.xml` with language alternates, and
//! `robots.txt`. Written in code rather than templates so their syntax cannot be broken by a theme.

use crate::load::config::Config;
use crate::site::{Site, Translation};
use crate::util::error::Result;
use crate::util::html::escape_html as esc;
use rayon::prelude::*;

/// URLs per sitemap file. The protocol allows 50,000 URLs and 50 MB; with a language alternate
/// per translation an entry can take a kilobyte, so files stay well inside both.
pub(crate) const SITEMAP_URLS: usize = 20_000;

/// The Atom feed (RFC 4287) of one language's newest pages ([`Site::feed_entries`]).
pub(crate) fn atom(site: &Site, lang: usize) -> Result<String> {
    let config = &site.config;
    let language = &config.languages[lang];
    let home = config.permalink(&language.home_url());
    let feed_url = format!("{home}atom.xml");
    let entries = site.feed_entries(lang);
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
        out.push_str(&format!("    <content type=\"html\">{}</content>\n", esc(&site.page_html(i)?)));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    Ok(out)
}

fn entry_time(site: &Site, i: usize) -> Option<String> {
    let f = &site.pages[i].doc.front;
    f.updated.or(f.date).map(|d| d.moment().to_rfc3339())
}

/// One URL of the sitemap with its last change and its language versions.
pub(crate) struct SitemapEntry<'a> {
    pub(crate) url: std::borrow::Cow<'a, str>,
    pub(crate) lastmod: Option<String>,
    pub(crate) translations: &'a [Translation],
}

/// The sitemap files, as (URL, contents): `sitemap.xml` alone, or, past `per_file` URLs, a
/// sitemap index at `sitemap.xml` naming `sitemap-1.xml`, `sitemap-2.xml`, … (written in
/// parallel: a large site's sitemap is tens of megabytes).
pub(crate) fn sitemaps(config: &Config, entries: &[SitemapEntry], per_file: usize) -> Vec<(String, String)> {
    if entries.len() <= per_file {
        return vec![("/sitemap.xml".into(), urlset(config, entries))];
    }
    let chunks: Vec<&[SitemapEntry]> = entries.chunks(per_file).collect();
    let mut files: Vec<(String, String)> =
        chunks.par_iter().enumerate().map(|(k, c)| (format!("/sitemap-{}.xml", k + 1), urlset(config, c))).collect();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for ((url, _), chunk) in files.iter().zip(&chunks) {
        index.push_str(&format!("  <sitemap>\n    <loc>{}</loc>\n", esc(&config.permalink(url))));
        // Dates are ISO 8601, so the greatest string is the latest day.
        if let Some(m) = chunk.iter().filter_map(|e| e.lastmod.as_deref()).max() {
            index.push_str(&format!("    <lastmod>{m}</lastmod>\n"));
        }
        index.push_str("  </sitemap>\n");
    }
    index.push_str("</sitemapindex>\n");
    files.push(("/sitemap.xml".into(), index));
    files
}

/// A `<urlset>` with `xhtml:link` alternates so search engines pair translations.
fn urlset(config: &Config, entries: &[SitemapEntry]) -> String {
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

pub(crate) fn robots(site: &Site) -> String {
    format!("User-agent: *\nAllow: /\nSitemap: {}/sitemap.xml\n", site.config.base_url)
}

/// A static redirect page for an alias.
pub(crate) fn redirect(site: &Site, target: &str) -> String {
    let to = esc(target);
    let canonical = esc(&site.config.permalink(target));
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{to}</title>\
         <link rel=\"canonical\" href=\"{canonical}\"><meta http-equiv=\"refresh\" content=\"0; url={to}\">\
         <meta name=\"robots\" content=\"noindex\"></head><body><a href=\"{to}\">{to}</a></body></html>\n",
        site.config.default_language().tag
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_sitemaps_split_under_an_index() {
        let config = Config::parse(
            std::path::Path::new("site.yaml"),
            "title: T\nbase_url: https://example.org\nlanguages:\n  - code: en\n    name: English\n",
        )
        .unwrap();
        let entries: Vec<SitemapEntry> = (1..=5)
            .map(|i| SitemapEntry {
                url: format!("/p{i}/").into(),
                lastmod: (i != 4).then(|| format!("2026-0{i}-01")),
                translations: &[],
            })
            .collect();
        assert_eq!(sitemaps(&config, &entries, 5).len(), 1, "one file up to the limit");
        let files = sitemaps(&config, &entries, 2);
        let names: Vec<&str> = files.iter().map(|(u, _)| u.as_str()).collect();
        assert_eq!(names, ["/sitemap-1.xml", "/sitemap-2.xml", "/sitemap-3.xml", "/sitemap.xml"]);
        for (url, xml) in &files {
            assert!(roxmltree::Document::parse(xml).is_ok(), "{url} is well-formed XML");
        }
        let texts = |xml: &str, tag: &str| -> Vec<String> {
            let d = roxmltree::Document::parse(xml).unwrap();
            d.descendants().filter(|n| n.has_tag_name(tag)).filter_map(|n| n.text().map(String::from)).collect()
        };
        assert_eq!(texts(&files[1].1, "loc"), ["https://example.org/p3/", "https://example.org/p4/"]);
        assert_eq!(texts(&files[2].1, "loc"), ["https://example.org/p5/"]);
        let index = &files[3].1;
        assert!(index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
        assert_eq!(
            texts(index, "loc"),
            [
                "https://example.org/sitemap-1.xml",
                "https://example.org/sitemap-2.xml",
                "https://example.org/sitemap-3.xml"
            ]
        );
        assert_eq!(texts(index, "lastmod"), ["2026-02-01", "2026-03-01", "2026-05-01"], "latest day of each file");
    }
}
