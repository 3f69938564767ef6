//! Where a build may write: the output folder resolved as the file system sees it (`..`,
//! symbolic links, and folder identity on case-insensitive file systems), refused when it is,
//! holds or sits inside the site's own sources.

use crate::util::error::{Diagnostic, Result};
use std::fs;
use std::path::{Component, Path, PathBuf};

/// The folders and files of a site that a build must never replace.
const SOURCES: [&str; 6] = ["content", "themes", "templates", "static", "i18n", crate::load::config::CONFIG_FILE];

/// Resolves `output` and checks it against the site at `root`. Returns the output folder as an
/// absolute path with symbolic links and `..` resolved.
pub(crate) fn resolve(root: &Path, output: &Path) -> Result<PathBuf> {
    let root = fs::canonicalize(root).map_err(|e| Diagnostic::io(root, &e))?;
    let out = resolve_path(output).map_err(|e| Diagnostic::io(output, &e))?;
    let sources: Vec<PathBuf> =
        SOURCES.iter().map(|s| root.join(s)).filter_map(|p| fs::canonicalize(&p).ok()).collect();
    let refuse = |why: String| -> Result<PathBuf> {
        Err(Diagnostic::in_file(
            output,
            format!(
                "{why}, and a build replaces its output folder as a whole; choose a folder of its own, \
                 e.g. `--output {}`",
                root.join("output").display()
            ),
        )
        .into())
    };
    if is_within(&root, &out) {
        return refuse(format!("the output folder {} holds the site folder {}", out.display(), root.display()));
    }
    if let Some(s) = sources.iter().find(|s| is_within(s, &out)) {
        return refuse(format!("the output folder {} holds the site's {}", out.display(), s.display()));
    }
    if let Some(s) = sources.iter().find(|s| is_within(&out, s)) {
        return refuse(format!("the output folder {} is inside the site's {}", out.display(), s.display()));
    }
    Ok(out)
}

/// Whether `inner` is `outer` or lies inside it. Compares names, then folder identity (device and
/// inode), which also catches `Output` and `output` naming one folder on a case-insensitive disk.
fn is_within(inner: &Path, outer: &Path) -> bool {
    if inner.starts_with(outer) {
        return true;
    }
    let Ok(outer_id) = same_file::Handle::from_path(outer) else { return false };
    inner.ancestors().any(|a| same_file::Handle::from_path(a).is_ok_and(|h| h == outer_id))
}

/// The absolute path with `.`, `..` and symbolic links resolved as far as the path exists; the
/// part that does not exist yet is appended with `..` applied by name (nothing there can be a
/// link).
fn resolve_path(path: &Path) -> std::io::Result<PathBuf> {
    let abs = std::path::absolute(path)?;
    let mut resolved = PathBuf::new();
    let mut components = abs.components().peekable();
    while let Some(c) = components.next() {
        match c {
            Component::Prefix(_) | Component::RootDir => resolved.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                let next = resolved.join(name);
                match fs::symlink_metadata(&next) {
                    Ok(_) => resolved = fs::canonicalize(&next)?,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        resolved = next;
                        // Nothing below a missing folder exists either: the rest is lexical.
                        for rest in components.by_ref() {
                            match rest {
                                Component::ParentDir => {
                                    resolved.pop();
                                }
                                Component::Normal(n) => resolved.push(n),
                                _ => {}
                            }
                        }
                    }
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_of_the_site_is_refused_however_it_is_spelled() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        fs::write(site.join("site.yaml"), "title: t\n").unwrap();
        for out in [site.join(".."), site.join("output/.."), site.clone(), site.join("content/x"), dir.path().into()] {
            assert!(resolve(&site, &out).is_err(), "{} accepted", out.display());
        }
        assert!(resolve(&site, &site.join("output")).is_ok());
        assert!(resolve(&site, &dir.path().join("public")).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_followed() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        std::os::unix::fs::symlink(&site, dir.path().join("link")).unwrap();
        std::os::unix::fs::symlink(site.join("content"), dir.path().join("c")).unwrap();
        assert!(resolve(&site, &dir.path().join("link")).is_err());
        assert!(resolve(&site, &dir.path().join("c/out")).is_err());
        assert!(resolve(&site, &dir.path().join("link/output")).is_ok());
    }
}
