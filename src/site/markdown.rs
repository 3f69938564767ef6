//! Markdown to HTML with pulldown-cmark: heading ids (readable for Chinese headings), a table
//! of contents, highlighted code, `@/` internal links, and the plain text used for counts and
//! summaries. One pass over the event stream does all of it.

use crate::load::config::MarkdownOptions;
use crate::load::images::{Catalog, Format, Picture};
use crate::util::error::{Diagnostic, Error, Result};
use crate::util::slug::slugify;
use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The HTML of one Markdown body and what was learned while rendering it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rendered {
    pub(crate) html: String,
    /// HTML of the part before `<!-- more -->`, when the author marked one.
    pub(crate) summary_html: Option<String>,
    pub(crate) toc: Vec<TocEntry>,
    /// Prose as plain text, blocks separated by newlines (code blocks left out).
    pub(crate) plain: String,
    /// Images written without alternative text (line numbers in the file).
    pub(crate) images_without_alt: Vec<usize>,
    /// Links to this site (`@/…` resolved, `/path/`, `#fragment`), for `kepu check`: (line, URL).
    pub(crate) internal_links: Vec<(usize, String)>,
    /// Links to other sites (`http(s)://…`), for `kepu check --external`: (line, URL).
    pub(crate) external_links: Vec<(usize, String)>,
    /// Every heading id, in order (the targets `#fragment` links may use).
    pub(crate) heading_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct TocEntry {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) title: String,
}

/// Resolves an `@/path.md#anchor` target to a URL, or explains why it can't.
pub(crate) type LinkResolver<'a> = dyn Fn(&str) -> std::result::Result<String, String> + Sync + 'a;

pub(crate) fn options(opts: &MarkdownOptions) -> Options {
    let mut o = Options::ENABLE_HEADING_ATTRIBUTES;
    o.set(Options::ENABLE_TABLES, opts.tables);
    o.set(Options::ENABLE_FOOTNOTES, opts.footnotes);
    o.set(Options::ENABLE_STRIKETHROUGH, opts.strikethrough);
    o.set(Options::ENABLE_TASKLISTS, opts.tasklists);
    o.set(Options::ENABLE_SMART_PUNCTUATION, opts.smart_punctuation);
    o
}

/// The target of a link or image written relative to the page's file (`eye.png`,
/// `../articles/x.md#why`), or `None` for addresses, `/paths`, `#fragments` and `@/` links.
fn relative(dest: &str) -> Option<&str> {
    let scheme =
        dest.find(':').is_some_and(|c| dest[..c].chars().all(|ch| ch.is_ascii_alphanumeric() || "+-.".contains(ch)));
    let absolute = dest.is_empty() || dest.starts_with(['/', '#', '?']) || dest.starts_with("@/");
    (!scheme && !absolute).then_some(dest)
}

/// `relative` joined to the folder of `path` (a file under `content/`), as a path inside
/// `content/` (`articles/eye.png`); an error when it climbs out of `content/`.
fn in_content(path: &Path, relative: &str, written: &str) -> std::result::Result<String, String> {
    let mut parts: Vec<String> = path
        .parent()
        .into_iter()
        .flat_map(|p| p.components())
        .skip(1)
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("`{written}` points outside content/; link to a file inside it"));
                }
            }
            s => parts.push(s.to_string()),
        }
    }
    Ok(parts.join("/"))
}

/// The site URL of a file written relative to the page (`eye.png` in `articles/x.md` is
/// `/articles/eye.png`); records an error for one outside `content/`.
fn file_url(path: &Path, dest: &str, line: usize, errors: &mut Vec<Diagnostic>) -> String {
    match in_content(path, dest, dest) {
        Ok(inside) => format!("/{inside}"),
        Err(msg) => {
            errors.push(Diagnostic::in_file(path, msg).at(line, None));
            dest.to_string()
        }
    }
}

/// Where each inline link's and image's destination is written in `body` (byte ranges of
/// `x.png` in `![a](x.png)`), so a tool can rewrite destinations and leave every other byte as
/// the author wrote it.
pub(crate) fn link_destinations(body: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    for (event, range) in Parser::new_ext(body, options(&MarkdownOptions::default())).into_offset_iter() {
        let dest = match &event {
            Event::Start(Tag::Link { link_type: pulldown_cmark::LinkType::Inline, dest_url, .. })
            | Event::Start(Tag::Image { link_type: pulldown_cmark::LinkType::Inline, dest_url, .. }) => dest_url,
            _ => continue,
        };
        let source = &body[range.clone()];
        let Some(open) = source.rfind("](") else { continue };
        let after = &source[open + 2..];
        let lead = after.len() - after.trim_start().len();
        let mut start = range.start + open + 2 + lead;
        if body[start..].starts_with('<') {
            start += 1;
        }
        if !dest.is_empty() && body[start..].starts_with(dest.as_ref()) {
            found.push(start..start + dest.len());
        }
    }
    found.sort_by_key(|r| r.start);
    found
}

/// Where the author ends a page's summary.
const MORE: &str = "<!-- more -->";

/// What a render is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    /// The HTML and everything else, kept for the rest of the build.
    All,
    /// The HTML and everything else, written and let go at once (a one-shot build's run of
    /// pages, a page rendered again): nothing is trimmed to size.
    Passing,
}

/// Renders `body` (which starts at line `body_line` of `path`) for what `want` says.
pub(crate) fn render(
    want: Want,
    path: &Path,
    body: &str,
    body_line: usize,
    opts: &MarkdownOptions,
    resolve: &LinkResolver<'_>,
    images: &Catalog,
) -> Result<Rendered> {
    let mut lines = LineCounter::new(body, body_line);
    let mut line_of = |offset: usize| lines.line_of(offset);
    let mut out = Rendered::default();
    let mut errors = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut used_ids = HeadingIds::default();
    let mut heading: Option<(usize, String)> = None;
    let mut code: Option<(String, String)> = None;
    let mut image_alt: Option<(usize, String)> = None;
    // A picture Kepu publishes in several sizes: where its events start, and it with its title.
    let mut picture: Option<(usize, &Picture, String)> = None;
    let mut pictures_seen = 0;
    let mut more_at = None;

    for (event, range) in Parser::new_ext(body, options(opts)).into_offset_iter() {
        if let Some((_, buf)) = code.as_mut() {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, buf) = code.take().unwrap_or_default();
                    events.push(Event::Html(crate::site::highlight::code_block(&buf, &lang).into()));
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) if opts.highlight_code => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading { .. }) => {
                heading = Some((events.len(), String::new()));
                events.push(event);
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, title)) = heading.take() {
                    let id = assign_heading_id(&mut events[start], &title, &mut used_ids);
                    out.heading_ids.push(id.clone());
                    if (2..=4).contains(&(level as u8)) {
                        out.toc.push(TocEntry { level: level as u8, id, title: title.trim().to_string() });
                    }
                }
                out.plain.push('\n');
                events.push(event);
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id })
                if dest_url.starts_with("@/")
                    || relative(&dest_url).is_some_and(|r| r.split('#').next().unwrap_or(r).ends_with(".md")) =>
            {
                let line = line_of(range.start);
                let target = match relative(&dest_url) {
                    None => Ok(dest_url.to_string()),
                    Some(r) => in_content(path, r, &dest_url).map(|t| format!("@/{t}")),
                };
                let url = match target
                    .and_then(|t| resolve(&t).map_err(|m| m.replace(&format!("`{t}`"), &format!("`{dest_url}`"))))
                {
                    Ok(url) => url,
                    Err(msg) => {
                        errors.push(Diagnostic::in_file(path, msg).at(line, None));
                        String::new()
                    }
                };
                out.internal_links.push((line, url.clone()));
                events.push(Event::Start(Tag::Link { link_type, dest_url: url.into(), title, id }));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) if relative(&dest_url).is_some() => {
                let line = line_of(range.start);
                let url = file_url(path, &dest_url, line, &mut errors);
                out.internal_links.push((line, url.clone()));
                events.push(Event::Start(Tag::Link { link_type, dest_url: url.into(), title, id }));
            }
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                let line = line_of(range.start);
                if dest_url.starts_with("http://") || dest_url.starts_with("https://") {
                    out.external_links.push((line, dest_url.to_string()));
                } else if dest_url.starts_with('#') || (dest_url.starts_with('/') && !dest_url.starts_with("//")) {
                    out.internal_links.push((line, dest_url.to_string()));
                }
                events.push(event);
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let line = line_of(range.start);
                image_alt = Some((line, String::new()));
                // An image beside the page's file is published beside it in the output too, at
                // the same path under the site's root, whatever the page's own URL.
                let url = match relative(&dest_url) {
                    Some(_) => file_url(path, &dest_url, line, &mut errors),
                    None => dest_url.to_string(),
                };
                if url.starts_with('/') && !url.starts_with("//") {
                    out.internal_links.push((line, url.clone()));
                }
                if let Some(p) = images.get(&url) {
                    picture = Some((events.len(), p, title.to_string()));
                }
                events.push(Event::Start(Tag::Image { link_type, dest_url: url.into(), title, id }));
            }
            Event::End(TagEnd::Image) => {
                let alt = image_alt.take().map(|(line, alt)| {
                    if alt.trim().is_empty() {
                        out.images_without_alt.push(line);
                    }
                    alt
                });
                match picture.take() {
                    Some((start, p, title)) => {
                        events.truncate(start);
                        let eager = pictures_seen == 0;
                        pictures_seen += 1;
                        events.push(Event::InlineHtml(picture_html(p, &alt.unwrap_or_default(), &title, eager).into()));
                    }
                    None => events.push(event),
                }
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                if let Some((_, title)) = heading.as_mut() {
                    title.push_str(t);
                }
                if let Some((_, alt)) = image_alt.as_mut() {
                    alt.push_str(t);
                }
                out.plain.push_str(t);
                events.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                out.plain.push(' ');
                events.push(event);
            }
            Event::Html(ref h) | Event::InlineHtml(ref h) if h.trim() == MORE => {
                more_at.get_or_insert(events.len());
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_)) => {
                out.plain.push('\n');
                events.push(event);
            }
            other => events.push(other),
        }
    }
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }
    if let Some(cut) = more_at {
        let mut summary = String::new();
        html::push_html(&mut summary, events[..cut].iter().cloned());
        out.summary_html = Some(summary);
    }
    out.html.reserve(body.len() * 3 / 2);
    html::push_html(&mut out.html, events.into_iter());
    if want == Want::All {
        // Every page's HTML and text stay in memory until the build ends: the slack that
        // growing them left would be a third of the site's memory.
        out.html.shrink_to_fit();
        out.plain.shrink_to_fit();
    }
    Ok(out)
}

/// The `sizes` of pictures in the body: the default theme's text column (46rem less its
/// padding), the whole screen less the padding on narrower ones.
const BODY_SIZES: &str = "(max-width: 46rem) calc(100vw - 2rem), 44rem";

/// A `<picture>` offering WebP at each width and the original's format to browsers without
/// WebP, with the size of the largest so the page does not jump as it loads. Only the first
/// picture of a page loads at once; the rest wait until the reader scrolls near them.
pub(crate) fn picture_html(p: &Picture, alt: &str, title: &str, eager: bool) -> String {
    use crate::util::html::escape_html as esc;
    let fallback = p.in_format(p.fallback());
    let Some(largest) = fallback.last() else { return String::new() };
    let mut html = String::from("<picture>");
    if p.fallback() != Format::Webp {
        html.push_str(&format!(
            "<source type=\"{}\" srcset=\"{}\" sizes=\"{BODY_SIZES}\">",
            Format::Webp.mime(),
            esc(&p.srcset(Format::Webp))
        ));
    }
    html.push_str(&format!(
        "<img src=\"{}\" srcset=\"{}\" sizes=\"{BODY_SIZES}\" width=\"{}\" height=\"{}\" alt=\"{}\"",
        esc(&crate::load::images::in_srcset(&largest.url)),
        esc(&p.srcset(p.fallback())),
        largest.width,
        largest.height,
        esc(alt)
    ));
    if !title.is_empty() {
        html.push_str(&format!(" title=\"{}\"", esc(title)));
    }
    if !eager {
        html.push_str(" loading=\"lazy\"");
    }
    html.push_str(" decoding=\"async\"></picture>");
    html
}

/// Gives a heading its id: the author's `{#id}`, else a slug of its text (Chinese kept as is),
/// made unique within the page.
fn assign_heading_id(start: &mut Event, title: &str, used: &mut HeadingIds) -> String {
    let Event::Start(Tag::Heading { id, .. }) = start else {
        return String::new();
    };
    let base = match id {
        Some(explicit) => explicit.to_string(),
        None => {
            let s = slugify(title);
            if s.is_empty() {
                "section".to_string()
            } else {
                s
            }
        }
    };
    let unique = used.claim(base);
    *id = Some(CowStr::from(unique.clone()));
    unique
}

/// Heading ids taken so far, with the next number to try per base, so that thousands of
/// identical headings are numbered in linear time.
#[derive(Default)]
struct HeadingIds {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl HeadingIds {
    fn claim(&mut self, base: String) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// One block of prose (a paragraph, list item, table cell or heading) as plain text, with the
/// file line it starts on: what the plain-language report reads sentence by sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProseBlock {
    pub(crate) line: usize,
    pub(crate) text: String,
    /// Headings are labels, not sentences: counted for words, left out of sentence lengths.
    pub(crate) heading: bool,
}

/// The prose of a Markdown body, block by block; code, HTML and image descriptions left out.
pub(crate) fn prose(body: &str, body_line: usize, opts: &MarkdownOptions) -> Vec<ProseBlock> {
    let mut lines = LineCounter::new(body, body_line);
    let mut blocks = Vec::new();
    let mut current: Option<ProseBlock> = None;
    let mut skip = 0usize;
    let flush = |current: &mut Option<ProseBlock>, blocks: &mut Vec<ProseBlock>| {
        if let Some(b) = current.take().filter(|b| !b.text.trim().is_empty()) {
            blocks.push(b);
        }
    };
    for (event, range) in Parser::new_ext(body, options(opts)).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock) => skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock) => skip = skip.saturating_sub(1),
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell | Tag::Heading { .. }) => {
                flush(&mut current, &mut blocks);
                let heading = matches!(event, Event::Start(Tag::Heading { .. }));
                current = Some(ProseBlock { line: lines.line_of(range.start), text: String::new(), heading });
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_)) => {
                flush(&mut current, &mut blocks);
            }
            Event::Text(t) | Event::Code(t) if skip == 0 => {
                if let Some(b) = current.as_mut() {
                    b.text.push_str(&t);
                }
            }
            // Kept as line breaks, so a sentence can be placed on its own line of the file.
            Event::SoftBreak | Event::HardBreak if skip == 0 => {
                if let Some(b) = current.as_mut() {
                    b.text.push('\n');
                }
            }
            _ => {}
        }
    }
    flush(&mut current, &mut blocks);
    blocks
}

/// Line numbers of byte offsets, counted forward from the last one asked (events arrive in
/// order), so a page with many links is not rescanned from the top for each.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
    first_line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str, first_line: usize) -> Self {
        LineCounter { text: text.as_bytes(), offset: 0, line: first_line, first_line }
    }

    fn line_of(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            self.offset = 0;
            self.line = self.first_line;
        }
        self.line += self.text[self.offset..offset].iter().filter(|b| **b == b'\n').count();
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_link_destinations_as_written() {
        let body = "See [a](x.md#h) and ![eye](<img/eye 1.png> \"t\") and [![i](in.png)](out/) `[c](no.md)`";
        let found: Vec<&str> = super::link_destinations(body).into_iter().map(|r| &body[r]).collect();
        assert_eq!(found, ["x.md#h", "img/eye 1.png", "in.png", "out/"]);
    }

    use super::*;

    fn md(src: &str) -> Rendered {
        md_for(Want::All, src)
    }

    fn md_for(want: Want, src: &str) -> Rendered {
        let ok = |t: &str| Ok(format!("/resolved/{}", &t[2..]));
        render(want, Path::new("t.md"), src, 1, &MarkdownOptions::default(), &ok, &Catalog::default()).unwrap()
    }

    #[test]
    fn every_kind_of_render_gives_the_same_page() {
        let src = "Intro.\n\n```rust\nfn main() {}\n```\n\n<!-- more -->\n\n## Why\n\nSee [x](@/a.md), ![](p.png).\n";
        let (all, passing) = (md_for(Want::All, src), md_for(Want::Passing, src));
        assert!(all.summary_html.as_deref().is_some_and(|s| s.contains("class=\"hl-")), "{:?}", all.summary_html);
        assert_eq!((&passing.html, &passing.summary_html), (&all.html, &all.summary_html));
        assert_eq!((&passing.plain, &passing.toc, &passing.heading_ids), (&all.plain, &all.toc, &all.heading_ids));
    }

    #[test]
    fn prose_blocks_with_their_lines() {
        let body = "# 乙肝\n\n第一段，\n接着写。\n\n```\ncode\n```\n\n- 一项\n- 两项 `x`\n";
        let blocks = prose(body, 5, &MarkdownOptions::default());
        let got: Vec<(usize, &str, bool)> = blocks.iter().map(|b| (b.line, b.text.as_str(), b.heading)).collect();
        assert_eq!(
            got,
            [(5, "乙肝", true), (7, "第一段，\n接着写。", false), (14, "一项", false), (15, "两项 x", false)]
        );
    }

    #[test]
    fn chinese_heading_ids_and_toc() {
        let r = md("## 什么是乙肝？\n\n文字\n\n## 什么是乙肝？\n");
        assert!(r.html.contains("<h2 id=\"什么是乙肝\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"什么是乙肝-1\">"));
        assert_eq!(r.toc.len(), 2);
    }

    #[test]
    fn links_code_and_summary() {
        let r = md("Intro.\n\n<!-- more -->\n\nSee [x](@/a.md).\n\n```rust\nfn main() {}\n```\n");
        assert!(r.html.contains("href=\"/resolved/a.md\""));
        assert!(r.html.contains("class=\"hl-"), "{}", r.html);
        assert_eq!(r.summary_html.as_deref(), Some("<p>Intro.</p>\n"));
        let err = render(
            Want::All,
            Path::new("t.md"),
            "x\n\n[a](@/missing.md)\n",
            5,
            &MarkdownOptions::default(),
            &|_| Err("nope".into()),
            &Catalog::default(),
        )
        .unwrap_err();
        assert_eq!(err.diagnostics[0].line, Some(7));
    }
}
