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
        let mut assets = Assets::default();
        for (name, bytes) in sources {
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

/// `css/style.css` → `css/style.3f2a9c1e.css`, the hash being of the contents.
fn fingerprinted_name(name: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hash: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') && !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
        _ => format!("{name}.{hash}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_change_with_contents_only() {
        let a = fingerprinted_name("css/style.css", b"body{}");
        assert!(a.starts_with("css/style.") && a.ends_with(".css") && a.len() == "css/style..css".len() + 8);
        assert_eq!(a, fingerprinted_name("css/style.css", b"body{}"));
        assert_ne!(a, fingerprinted_name("css/style.css", b"body{color:red}"));
    }
}
