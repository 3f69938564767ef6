//! A page's HTML when the page is written: the one kept from resolving, or, in a one-shot
//! build ([`super::Sources::Reread`]), its Markdown read from its file again and rendered once
//! more, so that no build holds the whole site's HTML at once.

use super::markdown::{self, Want};
use super::Site;
use crate::load::content::{read_body, Origin};
use crate::util::error::{Diagnostic, Result};
use std::borrow::Cow;

impl Site {
    /// Page `i`'s content HTML.
    pub(crate) fn page_html(&self, i: usize) -> Result<Cow<'_, str>> {
        let p = &self.pages[i];
        let Some(digest) = p.markdown_digest else { return Ok(Cow::Borrowed(&p.rendered.html)) };
        let body = self.markdown_again(i)?;
        if crate::util::hash::digest(&body) != digest {
            return Err(Diagnostic::in_file(
                &p.doc.path,
                "the file changed while the site was being built; save it, then run `kepu build` again",
            )
            .into());
        }
        let resolve = |t: &str| self.links.resolve(t, p.lang, &p.doc.path);
        let (path, line, images) = (&p.doc.path, p.doc.body_line, &self.images);
        let rendered = markdown::render(Want::Html, path, &body, line, &self.config.markdown, &resolve, images)?;
        Ok(Cow::Owned(rendered.html))
    }

    /// Page `i`'s Markdown as it was rendered: its file's body, converted for a derived page.
    fn markdown_again(&self, i: usize) -> Result<String> {
        let p = &self.pages[i];
        let body = read_body(&self.root, &p.doc.path)?;
        if p.doc.origin != Origin::Derived {
            return Ok(body);
        }
        let converter = self.converters[p.lang]
            .get_or_init(|| crate::load::convert::converter_for(&self.config, p.lang).ok().flatten());
        match converter {
            Some(c) => Ok(c.convert(&body)),
            None => Err(Diagnostic::in_file(&p.doc.path, "the conversion dictionaries could not be loaded").into()),
        }
    }
}
