//! The offline copy (`kepu build --relative`): a page's links made relative to the page itself,
//! so the site opens from a folder (a USB stick on a clinic computer) by double-click.
//!
//! Kepu's pages link root-relative (`/en/articles/x/`), which a browser resolves against the
//! disk's root when the page comes from `file://`. Each such address in an attribute that loads
//! or leads somewhere becomes a path from the page's own folder, and a folder's address names its
//! `index.html`, since no server is there to pick it. Addresses to other sites, fragments and
//! already relative paths are left as they are. The HTML is rewritten by `lol_html`, a streaming
//! rewriter that leaves every other byte of the page alone.

use lol_html::html_content::Element;
use lol_html::{element, rewrite_str, RewriteStrSettings};
use std::path::Path;

/// Attributes that hold one address.
const URL_ATTRIBUTES: [&str; 5] = ["href", "src", "action", "poster", "data"];

/// Rewrites the root-relative addresses of the page written at `file` (relative to the output
/// folder, e.g. `en/articles/x/index.html`).
pub(crate) fn relative_links(html: &str, file: &Path) -> Result<String, String> {
    let depth = file.components().count().saturating_sub(1);
    let up = "../".repeat(depth);
    let up = up.as_str();
    // Not strict: a page whose own HTML puzzles a streaming parser is still rewritten rather
    // than refused (its authors may paste HTML into Markdown).
    let settings = RewriteStrSettings::new()
        .with_strict(false)
        .with_enable_esi_tags(false)
        .append_element_content_handler(element!("[href], [src], [action], [poster], [data]", move |el| {
            for name in URL_ATTRIBUTES {
                rewrite_attribute(el, name, |v| relative_url(v, up))?;
            }
            Ok(())
        }))
        .append_element_content_handler(element!("[srcset]", move |el| {
            rewrite_attribute(el, "srcset", |v| relative_srcset(v, up))
        }))
        .append_element_content_handler(element!("meta[http-equiv][content]", move |el| {
            if el.get_attribute("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh")) {
                rewrite_attribute(el, "content", |v| relative_refresh(v, up))?;
            }
            Ok(())
        }));
    rewrite_str(html, settings).map_err(|e| e.to_string())
}

fn rewrite_attribute(
    el: &mut Element,
    name: &str,
    rewrite: impl Fn(&str) -> Option<String>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    if let Some(new) = el.get_attribute(name).as_deref().and_then(rewrite) {
        el.set_attribute(name, &new)?;
    }
    Ok(())
}

/// `/en/articles/x/?q=1#top` → `../../en/articles/x/index.html?q=1#top` from two folders down;
/// `None` for any address that is not root-relative.
fn relative_url(url: &str, up: &str) -> Option<String> {
    let path = url.strip_prefix('/').filter(|rest| !rest.starts_with('/'))?;
    let end = path.find(['?', '#']).unwrap_or(path.len());
    let (path, rest) = path.split_at(end);
    let index = if path.is_empty() || path.ends_with('/') { "index.html" } else { "" };
    Some(format!("{up}{path}{index}{rest}"))
}

/// Every candidate of a `srcset` (`/a-480.webp 480w, /a-960.webp 960w`).
fn relative_srcset(srcset: &str, up: &str) -> Option<String> {
    let mut changed = false;
    let candidates: Vec<String> = srcset
        .split(',')
        .map(|candidate| {
            let candidate = candidate.trim();
            let (url, descriptor) = candidate.split_once(char::is_whitespace).unwrap_or((candidate, ""));
            match relative_url(url, up) {
                Some(new) => {
                    changed = true;
                    [new.as_str(), descriptor].join(" ").trim_end().to_string()
                }
                None => candidate.to_string(),
            }
        })
        .collect();
    changed.then(|| candidates.join(", "))
}

/// `0; url=/en/` in a redirect page.
fn relative_refresh(content: &str, up: &str) -> Option<String> {
    let at = content.to_ascii_lowercase().find("url=")? + 4;
    let (head, url) = content.split_at(at);
    relative_url(url.trim(), up).map(|new| format!("{head}{new}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(html: &str, file: &str) -> String {
        relative_links(html, Path::new(file)).unwrap()
    }

    #[test]
    fn root_relative_addresses_become_paths_from_the_page() {
        let page =
            r#"<a href="/en/articles/x/">x</a><link rel="stylesheet" href="/style.1a2b.css"><a href="/">home</a>"#;
        assert_eq!(
            rewrite(page, "en/search/index.html"),
            r#"<a href="../../en/articles/x/index.html">x</a><link rel="stylesheet" href="../../style.1a2b.css"><a href="../../index.html">home</a>"#
        );
        assert_eq!(rewrite(r#"<a href="/en/">en</a>"#, "index.html"), r#"<a href="en/index.html">en</a>"#);
    }

    #[test]
    fn queries_fragments_and_forms_are_kept() {
        let page = r##"<a href="/en/search/?q=eye#results">s</a><form action="/en/search/"></form>"##;
        assert_eq!(
            rewrite(page, "en/index.html"),
            r##"<a href="../en/search/index.html?q=eye#results">s</a><form action="../en/search/index.html"></form>"##
        );
    }

    #[test]
    fn other_sites_fragments_and_relative_paths_stay() {
        let page = r##"<a href="https://who.int/">w</a><a href="//cdn.example/x.js">c</a><a href="#top">t</a><img src="logo.svg" alt=""><a href="mailto:a@b.cn">m</a>"##;
        assert_eq!(rewrite(page, "en/articles/x/index.html"), page);
    }

    #[test]
    fn every_candidate_of_a_srcset_and_a_redirect_are_rewritten() {
        let page = r#"<img src="/eye-480.webp" srcset="/eye-480.webp 480w, /eye%2C1-960.webp 960w" alt="">"#;
        assert_eq!(
            rewrite(page, "articles/x/index.html"),
            r#"<img src="../../eye-480.webp" srcset="../../eye-480.webp 480w, ../../eye%2C1-960.webp 960w" alt="">"#
        );
        let redirect = r#"<meta http-equiv="refresh" content="0; url=/en/articles/new/">"#;
        assert_eq!(
            rewrite(redirect, "en/old/index.html"),
            r#"<meta http-equiv="refresh" content="0; url=../../en/articles/new/index.html">"#
        );
    }

    #[test]
    fn text_that_looks_like_an_address_is_not_touched() {
        let page = "<p>Call /en/ or see <code>href=\"/x/\"</code></p><script>var u = \"/en/\";</script>";
        assert_eq!(rewrite(page, "en/index.html"), page);
    }
}
