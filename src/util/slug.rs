//! Slugs and URL path segments: the only way user text becomes a path under `output/`.
//!
//! Everything that ends up as a directory name passes through [`sanitize`] or [`slugify`],
//! whose results are single, non-empty segments that cannot climb out of the output folder.

/// Turns free text into a URL segment: lower case, letters and digits of any script kept
/// (so Chinese terms stay readable), every other run of characters becomes one `-`.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        let Some(kept) = kept(c) else {
            pending_dash = true;
            continue;
        };
        if pending_dash && !out.is_empty() {
            out.push('-');
        }
        pending_dash = false;
        match kept {
            Kept::AsIs => out.push(c),
            Kept::Lowered => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// How a character a slug keeps is written.
enum Kept {
    AsIs,
    Lowered,
}

/// Whether a slug keeps `c` (a letter, digit or `_`), and how. ASCII and the CJK ideographs
/// are answered without Unicode's tables: every heading gets an id through here, and looking
/// up each Chinese character (alphanumeric? a lower case?) was 2 % of a build.
fn kept(c: char) -> Option<Kept> {
    if c.is_ascii() {
        return (c.is_ascii_alphanumeric() || c == '_').then_some(if c.is_ascii_uppercase() {
            Kept::Lowered
        } else {
            Kept::AsIs
        });
    }
    if is_cjk_ideograph(c) {
        return Some(Kept::AsIs);
    }
    c.is_alphanumeric().then_some(Kept::Lowered)
}

/// CJK Unified Ideographs and Extension A: letters (`Lo`) with no case, all assigned.
fn is_cjk_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}')
}

/// Validates an author-given slug and normalises it. A slug is one path segment: anything that
/// tries to name another directory (`../x`, `a/b`, `C:\x`) is refused rather than silently
/// rewritten, because it is almost certainly a mistake the author should see.
pub(crate) fn sanitize(raw: &str) -> Result<String, String> {
    if raw.contains(['/', '\\']) || raw.contains("..") {
        return Err(format!("slug `{raw}` must be a single name without `/`, `\\` or `..`"));
    }
    let slug = slugify(raw);
    if slug.is_empty() {
        return Err(format!("slug `{raw}` has no letters or digits"));
    }
    Ok(slug)
}

/// True when `s` is one harmless path segment (used for config values such as prefixes).
pub(crate) fn is_safe_segment(s: &str) -> bool {
    !s.is_empty() && s != "." && s != ".." && s.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Hepatitis B: Screening!"), "hepatitis-b-screening");
        assert_eq!(slugify("乙肝 筛查"), "乙肝-筛查");
        assert_eq!(slugify("  --x--  "), "x");
        assert!(sanitize("../../etc").is_err());
        assert!(sanitize("a/b").is_err());
        assert!(sanitize("..").is_err());
        assert!(sanitize("!!!").is_err());
        assert_eq!(sanitize("Eye Care 2026").unwrap(), "eye-care-2026");
        assert!(!is_safe_segment(".."));
        assert!(is_safe_segment("zh-hant"));
    }

    #[test]
    fn every_character_is_kept_and_lowered_as_unicode_says() {
        // The shortcuts for ASCII and CJK ideographs answer as `is_alphanumeric` and
        // `to_lowercase` would, for every character there is.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let expected = (c.is_alphanumeric() || c == '_').then(|| c.to_lowercase().collect::<String>());
            let got = kept(c).map(|k| match k {
                Kept::AsIs => c.to_string(),
                Kept::Lowered => c.to_lowercase().collect(),
            });
            assert_eq!(got, expected, "U+{:04X}", c as u32);
        }
    }
}
