//! A page's Markdown and HTML when they are not held: in a build the loader keeps only a digest
//! of each page's Markdown ([`crate::load::content::Bodies::Digested`]), which is read from its
//! file again (and converted again for a derived language) when the page is rendered; a
//! one-shot build ([`super::Sources::Reread`]) writes each run of pages as it is rendered and
//! then lets their HTML go as well, rendering a page once more only where it is needed again
//! (a feed, a bilingual flyer), so that no build holds the whole site's text at once.

use super::markdown::{self, Want};
use super::Site;
use crate::load::config::Config;
use crate::load::content::{Document, Origin};
use crate::load::convert::Converter;
use crate::util::error::{Diagnostic, Result};
use std::borrow::Cow;
use std::path::Path;
use std::sync::OnceLock;

impl Site {
    /// Page `i`'s content HTML.
    pub(crate) fn page_html(&self, i: usize) -> Result<Cow<'_, str>> {
        let p = &self.pages[i];
        if !p.html_released {
            return Ok(Cow::Borrowed(&p.rendered.html));
        }
        let body = markdown_of(&self.root, &self.converters, &self.config, p.lang, &p.doc)?;
        let resolve = |t: &str| self.links.resolve(t, p.lang, &p.doc.path);
        let (path, line, images) = (&p.doc.path, p.doc.body_line, &self.images);
        let rendered = markdown::render(Want::Passing, path, &body, line, &self.config.markdown, &resolve, images)?;
        Ok(Cow::Owned(rendered.html))
    }
}

/// A document of language `lang` as Markdown: its body, held or read from its file again, and
/// converted again when the loader derived it from another language without keeping the text.
pub(super) fn markdown_of<'d>(
    root: &Path,
    converters: &[OnceLock<Option<Converter>>],
    config: &Config,
    lang: usize,
    doc: &'d Document,
) -> Result<Cow<'d, str>> {
    let body = doc.body_again(root)?;
    if doc.body_digest.is_none() || doc.origin != Origin::Derived {
        return Ok(body);
    }
    let converter = converters[lang].get_or_init(|| crate::load::convert::converter_for(config, lang).ok().flatten());
    match converter {
        Some(c) => Ok(Cow::Owned(c.convert(&body))),
        None => Err(Diagnostic::in_file(&doc.path, "the conversion dictionaries could not be loaded").into()),
    }
}
