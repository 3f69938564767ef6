//! Arbitrary Markdown through `markdown::render`, with every extension combination and a
//! resolver that accepts some `@/` targets and refuses others. It must never panic or hang.
#![no_main]

use kepu::load::config::MarkdownOptions;
use kepu::site::markdown::render;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

/// Accepts `@/…` targets of even length (and anything naming `ok`), refuses the rest.
fn resolve(target: &str) -> Result<String, String> {
    if target.len().is_multiple_of(2) || target.contains("ok") {
        let rest = target.strip_prefix("@/").unwrap_or(target);
        Ok(format!("/resolved/{}", rest.trim_end_matches(".md")))
    } else {
        Err(format!("link to `{target}`: no such page"))
    }
}

fuzz_target!(|data: &[u8]| {
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
    match render(Path::new("content/x.md"), body, body_line, &opts, &resolve) {
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
});
