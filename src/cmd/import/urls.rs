//! Addresses: how Hugo and Zola turned a file into a URL, and how Kepu will, so that every old
//! address can be kept — by a `slug:` where that is enough, else by an alias that redirects.

use crate::util::slug;

/// One path segment as Hugo writes it: lower case, spaces as `-`, letters of every script kept.
pub(super) fn hugo_segment(s: &str, lower: bool) -> String {
    let s = if lower { s.to_lowercase() } else { s.to_string() };
    s.chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~') => Some(c),
            _ => None,
        })
        .collect()
}

/// How Zola slugifies paths (`[slugify] paths`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ZolaSlugs {
    /// Transliterated to ASCII, lower case, `-` between words (Zola's default).
    On,
    /// Unicode kept, characters unsafe in file names removed, whitespace as `-`.
    Safe,
    Off,
}

/// One path segment as Zola writes it; `None` when it cannot be known here (`on` transliterates
/// other scripts to ASCII, which only Zola's own tables reproduce).
pub(super) fn zola_segment(s: &str, how: ZolaSlugs) -> Option<String> {
    match how {
        ZolaSlugs::Off => Some(s.to_string()),
        ZolaSlugs::Safe => Some(
            s.trim()
                .chars()
                .filter(|c| !"<>:/|?*#\\()[]\"'".contains(*c))
                .map(|c| if c.is_whitespace() { '-' } else { c })
                .collect(),
        ),
        ZolaSlugs::On if s.is_ascii() => {
            let mut out = String::new();
            for c in s.chars() {
                if c.is_ascii_alphanumeric() {
                    out.push(c.to_ascii_lowercase());
                } else if !out.ends_with('-') {
                    out.push('-');
                }
            }
            Some(out.trim_matches('-').to_string())
        }
        ZolaSlugs::On => None,
    }
}

/// The folder part of a Kepu URL: each folder slugified, as Kepu does.
pub(super) fn kepu_dir(dir: &str) -> String {
    dir.split('/').filter(|s| !s.is_empty()).map(|p| format!("{}/", slug::slugify(p))).collect()
}

/// The URL Kepu gives a page named `name` (its slug or file name) in `dir` under `home`.
pub(super) fn kepu_page(home: &str, dir: &str, name: &str) -> Option<String> {
    let slug = slug::sanitize(name).ok()?;
    Some(format!("{home}{}{slug}/", kepu_dir(dir)))
}

/// `/a/b` → `/a/b/`, `a/b.html` → `/a/b.html`: an address as Kepu compares them.
pub(super) fn normalize(url: &str) -> String {
    let trimmed = url.trim().trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else if trimmed.ends_with(".html") {
        format!("/{trimmed}")
    } else {
        format!("/{trimmed}/")
    }
}

/// Whether Kepu can write a redirect at this address (`aliases:` takes plain path segments).
pub(super) fn aliasable(url: &str) -> bool {
    let trimmed = url.trim_matches('/');
    !trimmed.is_empty() && trimmed.split('/').all(slug::is_safe_segment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_as_each_generator_writes_them() {
        assert_eq!(hugo_segment("Hello World", true), "hello-world");
        assert_eq!(hugo_segment("健康 生活!", true), "健康-生活");
        assert_eq!(zola_segment("My_Post 2", ZolaSlugs::On).as_deref(), Some("my-post-2"));
        assert_eq!(zola_segment("健康", ZolaSlugs::On), None);
        assert_eq!(zola_segment("健康 (新)", ZolaSlugs::Safe).as_deref(), Some("健康-新"));
        assert_eq!(kepu_page("/en/", "post/Tips", "Eye_Care").as_deref(), Some("/en/post/tips/eye_care/"));
        assert_eq!(normalize("old/x.html"), "/old/x.html");
        assert!(aliasable("/2019/01/旧文章/") && !aliasable("/a b/"));
    }
}
