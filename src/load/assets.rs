//! Static assets: the theme's and site's `static/` files plus generated stylesheets, with
//! content fingerprints in their names (`style.3f2a9c1e.css`) so a CDN can cache them forever,
//! and the optional `_headers` file that tells it to.

use crate::load::theme::Theme;
use crate::util::error::Result;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Kinds of files whose URLs only templates know (through `asset()`), so renaming them is safe.
/// Files with well-known names (robots.txt, favicon.ico, manifests) keep them.
const FINGERPRINTED: &[&str] = &["css", "js", "svg", "png", "jpg", "jpeg", "webp", "avif", "gif", "woff", "woff2"];

/// One static file as it will be written.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    /// The file's name in `static/` (or the generated file's name).
    pub(crate) name: String,
    /// Path inside the output folder.
    pub(crate) output: PathBuf,
    pub(crate) bytes: Vec<u8>,
    pub(crate) fingerprinted: bool,
}

/// Every static file, and the URL `asset(path=…)` returns for each.
#[derive(Debug, Clone, Default)]
pub(crate) struct Assets {
    pub(crate) files: Vec<Asset>,
    pub(crate) urls: BTreeMap<String, String>,
}

impl Assets {
    /// Reads the theme's static files and adds the generated ones (`extra`: name → bytes).
    pub(crate) fn collect(
        root: &Path,
        theme: &Theme,
        extra: Vec<(String, Vec<u8>)>,
        fingerprint: bool,
    ) -> Result<Assets> {
        let mut sources: Vec<(String, Vec<u8>)> = Vec::new();
        for (path, source) in &theme.statics {
            sources.push((path.to_string_lossy().replace('\\', "/"), source.read(root)?));
        }
        sources.extend(extra);
        // Stylesheets last: their `url(…)`s name the other files by their final names, and
        // their own fingerprints must cover that.
        sources.sort_by_key(|(name, _)| name.ends_with(".css"));
        let mut assets = Assets::default();
        for (name, mut bytes) in sources {
            if fingerprint && name.ends_with(".css") {
                if let Ok(css) = std::str::from_utf8(&bytes) {
                    bytes = rewrite_urls(css, &name, &assets.urls).into_bytes();
                }
            }
            let eligible = fingerprint
                && Path::new(&name).extension().is_some_and(|e| FINGERPRINTED.contains(&e.to_string_lossy().as_ref()));
            let output = if eligible { fingerprinted_name(&name, &bytes) } else { name.clone() };
            assets.urls.insert(name.clone(), format!("/{output}"));
            assets.files.push(Asset { name, output: PathBuf::from(output), bytes, fingerprinted: eligible });
        }
        Ok(assets)
    }

    /// A `_headers` file (Netlify, Cloudflare Pages and others): fingerprinted files never change,
    /// so browsers and the CDN may keep them for a year; everything else is revalidated.
    pub(crate) fn headers_file(&self) -> String {
        let mut out =
            String::from("/*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n");
        for a in self.files.iter().filter(|a| a.fingerprinted) {
            out.push_str(&format!(
                "\n/{}\n  Cache-Control: public, max-age=31536000, immutable\n",
                a.output.to_string_lossy().replace('\\', "/")
            ));
        }
        out
    }
}

/// Points the relative `url(…)`s of the stylesheet `name` at the fingerprinted names of the
/// files they reference (`url(noto.woff2)` → `url(noto.88724805.woff2)`), staying relative so
/// the stylesheet works from any address and from a file.
fn rewrite_urls(css: &str, name: &str, urls: &BTreeMap<String, String>) -> String {
    let dir = name.rsplit_once('/').map_or("", |(d, _)| d);
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("url(") {
        let (before, after) = rest.split_at(at + 4);
        out.push_str(before);
        let Some(end) = after.find(')') else {
            rest = after;
            continue;
        };
        let written = after[..end].trim().trim_matches(['"', '\'']);
        match resolve(dir, written).and_then(|target| urls.get(&target)) {
            Some(url) => {
                let file = url.rsplit('/').next().unwrap_or(url);
                let kept = written.rsplit_once('/').map_or(String::new(), |(d, _)| format!("{d}/"));
                out.push_str(&format!("\"{kept}{file}\""));
            }
            None => out.push_str(&after[..end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The static file a relative reference from `dir` names, or `None` for addresses, absolute
/// paths, fragments and data.
fn resolve(dir: &str, reference: &str) -> Option<String> {
    if reference.is_empty() || reference.contains(':') || reference.starts_with(['/', '#']) {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for segment in reference.split(['?', '#']).next()?.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// `css/style.css` → `css/style.3f2a9c1e.css`, the hash being of the contents.
fn fingerprinted_name(name: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hash: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') && !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
        _ => format!("{name}.{hash}"),
    }
}

/// Whether the last segment of `path` is a name [`fingerprinted_name`] makes
/// (`style.3f2a9c1e.css`, `LICENSE.3f2a9c1e`): its contents never change under that name.
#[cfg_attr(not(feature = "deploy"), allow(dead_code))]
pub(crate) fn is_fingerprinted_name(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let is_hash = |s: &str| s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let parts: Vec<&str> = name.split('.').collect();
    match parts.as_slice() {
        [stem, .., hash, _ext] if !stem.is_empty() && is_hash(hash) => true,
        [stem, hash] => !stem.is_empty() && is_hash(hash),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprinted_names_are_recognised() {
        for name in ["css/style.css", "font.woff2", "LICENSE", "logo.png"] {
            let made = fingerprinted_name(name, b"x");
            assert!(is_fingerprinted_name(&made), "{made}");
            assert!(!is_fingerprinted_name(name), "{name}");
        }
        assert!(!is_fingerprinted_name("articles/index.html"));
        assert!(!is_fingerprinted_name("cafe.Deadbeef.css"));
        assert!(!is_fingerprinted_name(".3f2a9c1e.css"));
    }

    #[test]
    fn stylesheets_name_the_fingerprinted_files() {
        let urls: BTreeMap<String, String> = [
            ("fonts/a.woff2".to_string(), "/fonts/a.1234abcd.woff2".to_string()),
            ("img/b.png".to_string(), "/img/b.99999999.png".to_string()),
        ]
        .into();
        let css = "@font-face{src:local(\"A\"),url(\"a.woff2\") format(\"woff2\")}x{background:url(../img/b.png)}\
                   y{background:url(data:image/png;base64,AA==)}z{background:url(/abs.png)}w{background:url(missing.png)}";
        assert_eq!(
            rewrite_urls(css, "fonts/tibetan.css", &urls),
            "@font-face{src:local(\"A\"),url(\"a.1234abcd.woff2\") format(\"woff2\")}x{background:url(\"../img/b.99999999.png\")}\
             y{background:url(data:image/png;base64,AA==)}z{background:url(/abs.png)}w{background:url(missing.png)}"
        );
    }

    #[test]
    fn names_change_with_contents_only() {
        let a = fingerprinted_name("css/style.css", b"body{}");
        assert!(a.starts_with("css/style.") && a.ends_with(".css") && a.len() == "css/style..css".len() + 8);
        assert_eq!(a, fingerprinted_name("css/style.css", b"body{}"));
        assert_ne!(a, fingerprinted_name("css/style.css", b"body{color:red}"));
    }
}
