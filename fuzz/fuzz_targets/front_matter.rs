//! Arbitrary bytes as a content file: `decode_utf8` then `parse_document`, with a fixed
//! two-language site. Any outcome but a panic (or a hang) is fine; errors must also format.
#![no_main]

use kepu::load::config::Config;
use kepu::load::content::{decode_utf8, parse_document};
use libfuzzer_sys::fuzz_target;
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

fuzz_target!(|data: &[u8]| {
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
});
