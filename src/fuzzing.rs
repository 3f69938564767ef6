//! Entry points for the fuzz targets in `fuzz/` (feature `fuzzing`), so they can drive the
//! parser and the Markdown renderer while both stay internal. Not a stable API.

use crate::load::config::{Config, MarkdownOptions};
use crate::load::content::{decode_utf8, parse_document};
use crate::site::markdown::render;
use std::path::Path;
use std::sync::OnceLock;

const SITE: &str = "title: t\nlanguages: [{code: zh-Hans}, {code: en}]\ntaxonomies: [tags, specialties, audiences]\n";

/// File names (relative to `content/`) the first byte chooses from: pages, sections, a
/// translation, an unlisted language and a name that only looks like a language suffix.
const NAMES: &[&str] = &[
    "articles/x.md",
    "articles/_index.md",
    "articles/x.en.md",
    "_index.zh-hans.md",
    "events/2027/clinic.fr.md",
    "a.b.c.md",
];

/// Front matter keys whose lines `error_at_key` looks up.
const KEYS: &[&str] = &["title", "date", "end", "next", "slug", "event", "review", "tags", ""];

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| Config::parse(Path::new("site.yaml"), SITE).expect("fuzz site.yaml is valid"))
}

/// Arbitrary bytes as a content file: `decode_utf8` then `parse_document`, with a fixed
/// two-language site. Any outcome but a panic (or a hang) is fine; errors must also format.
pub fn front_matter(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let rel = Path::new(NAMES[pick as usize % NAMES.len()]);
    let path = Path::new("content").join(rel);
    let text = match decode_utf8(&path, bytes.to_vec()) {
        Ok(text) => text,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    match parse_document(&path, rel, &text, config()) {
        Ok(doc) => {
            // Later stages point errors at front-matter keys; that lookup must not panic either.
            for key in KEYS {
                let _ = doc.error_at_key(key, "x").to_string();
            }
            assert!(!doc.front.title.trim().is_empty(), "an empty title was accepted");
            assert!(doc.body_line >= 3, "the body starts after `---`, a line and `---`");
        }
        Err(e) => {
            assert!(!e.diagnostics.is_empty(), "an error without diagnostics");
            let _ = e.to_string();
        }
    }
}

/// Accepts `@/…` targets of even length (and anything naming `ok`), refuses the rest.
fn resolve(target: &str) -> Result<String, String> {
    if target.len().is_multiple_of(2) || target.contains("ok") {
        let rest = target.strip_prefix("@/").unwrap_or(target);
        Ok(format!("/resolved/{}", rest.trim_end_matches(".md")))
    } else {
        Err(format!("link to `{target}`: no such page"))
    }
}

/// Arbitrary Markdown through `markdown::render`, with every extension combination and a
/// resolver that accepts some `@/` targets and refuses others. It must never panic or hang.
pub fn markdown(data: &[u8]) {
    let Some((&flags, bytes)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(bytes) else {
        return;
    };
    // Options added later keep their defaults here.
    #[allow(clippy::needless_update)]
    let opts = MarkdownOptions {
        tables: flags & 1 != 0,
        footnotes: flags & 2 != 0,
        strikethrough: flags & 4 != 0,
        tasklists: flags & 8 != 0,
        smart_punctuation: flags & 16 != 0,
        highlight_code: flags & 32 != 0,
        external_links_new_tab: flags & 64 != 0,
        ..MarkdownOptions::default()
    };
    let body_line = 1 + (flags as usize >> 7) * 40;
    match render(Path::new("content/x.md"), body, body_line, &opts, &resolve, &crate::load::images::Catalog::default())
    {
        Ok(r) => {
            for (line, _) in &r.internal_links {
                assert!(*line >= body_line, "link line {line} before the body");
            }
            let mut ids = std::collections::HashSet::new();
            for entry in &r.toc {
                assert!(ids.insert(entry.id.as_str()), "duplicate heading id {}", entry.id);
            }
        }
        Err(e) => {
            assert!(!e.diagnostics.is_empty(), "an error without diagnostics");
            let _ = e.to_string();
        }
    }
}
