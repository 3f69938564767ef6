//! Which file of the output each part of the site writes, checked before anything is rendered:
//! two owners of one file, or one owner's file where another needs a folder (an alias
//! `/robots.txt` is `robots.txt/index.html`), is an error naming the content file and line.
//! `kepu build` and `kepu check` run the same check.

use crate::load::content::Document;
use crate::site::{url_to_file, Claimant, Site};
use crate::util::error::{Diagnostic, Error, Result};
// Maps over the site's own paths and addresses, looked up once or more for every file of the
// build, with the fast hash (they come from the site itself: SipHash's flooding resistance buys
// nothing here).
use crate::util::hash::{FastMap as Map, FastSet as Set};
use rayon::prelude::*;
use std::collections::hash_map::Entry;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Who writes a file.
enum Owner<'a> {
    /// A content file; `key` is the front matter key that decides the URL, `what` the kind of
    /// file at `url` ("the page", "the flyer"…). Messages are put together only for a clash,
    /// not for each of the tens of thousands of files that clash with nothing.
    Doc { doc: &'a Document, key: &'static str, what: &'static str, url: String },
    /// A page Kepu generates (a list, a term, a feed…) at this URL.
    GeneratedPage(String),
    /// A file Kepu generates, described for the reader.
    Generated(&'static str),
    /// A file copied as it is (from `static/`, the theme or `content/`).
    Copied(PathBuf),
}

impl Owner<'_> {
    fn describe(&self) -> String {
        match self {
            Owner::Doc { doc, what, url, .. } => format!("{what} {url} of {}", doc.path.display()),
            Owner::GeneratedPage(url) => format!("the page {url} that Kepu generates"),
            Owner::Generated(what) => what.to_string(),
            Owner::Copied(source) => format!("the copy of {}", source.display()),
        }
    }

    /// Documents first: the author can change them; generated files they cannot.
    fn rank(&self) -> u8 {
        match self {
            Owner::Doc { .. } => 0,
            Owner::Copied(_) => 1,
            Owner::Generated(_) | Owner::GeneratedPage(_) => 2,
        }
    }

    fn diagnostic(&self, message: String) -> Diagnostic {
        match self {
            Owner::Doc { doc, key, .. } => doc.error_at_key(key, message),
            Owner::Copied(source) => Diagnostic::in_file(source, message),
            Owner::Generated(_) | Owner::GeneratedPage(_) => Diagnostic::new(message),
        }
    }

    fn advice(&self) -> &'static str {
        match self {
            Owner::Doc { key: "aliases", .. } => "choose another alias",
            Owner::Doc { .. } => "give the page another `slug`",
            Owner::Copied(_) => "rename or move the file",
            Owner::Generated(_) | Owner::GeneratedPage(_) => "rename one of them",
        }
    }
}

/// Checks that every output file has one owner and no file stands where a folder must be.
/// `statics` are the static files as written (output path, source), `extra` other generated
/// files at the root (such as `_headers`). Returns the number of files claimed.
pub(crate) fn check(site: &Site, statics: &[(PathBuf, PathBuf)], extra: &[&str]) -> Result<usize> {
    let claims = collect(site, statics, extra);
    // The two walks over every file, side by side.
    let ((owners, repeats), folders) = rayon::join(|| first_owners(&claims), || folders_in_order(&claims));
    let mut errors = Vec::new();
    // Two pages on one URL also clash on their flyers and calendar files: report the pages only.
    let mut reported: HashSet<(&Path, &Path)> = HashSet::new();
    for (i, first) in repeats {
        if let (Owner::Doc { doc: x, .. }, Owner::Doc { doc: y, .. }) = (&claims[i].1, &claims[first].1) {
            if !reported.insert((&x.path, &y.path)) {
                continue;
            }
        }
        errors.push(clash(&claims, i, first, |a, b| {
            format!("{a} would write the same file as {b} ({})", claims[i].0.display())
        }));
    }
    for (file, owner) in claims.iter().filter(|(f, o)| o.rank() < 2 && is_sitemap_part(f)) {
        errors.push(owner.diagnostic(format!(
            "{} would write {}, a name kept for the parts of a large sitemap; {}",
            owner.describe(),
            file.display(),
            owner.advice()
        )));
    }
    let files_as_folders: Vec<(usize, usize, &Path)> =
        folders.par_iter().filter_map(|&(folder, i)| owners.get(folder).map(|&j| (i, j, folder))).collect();
    for (i, j, folder) in files_as_folders {
        errors.push(clash(&claims, i, j, |a, b| {
            format!("{a} would write {}, but {} is {b}", claims[i].0.display(), folder.display())
        }));
    }
    if errors.is_empty() {
        Ok(claims.len())
    } else {
        Err(Error::many(errors))
    }
}

/// The owner of `url`, written from `who`.
fn owner(site: &Site, who: Claimant, url: String) -> Owner<'_> {
    let page = |i: usize| &site.pages[i].doc;
    match who {
        Claimant::Generated | Claimant::Alias(None) => Owner::GeneratedPage(url),
        Claimant::Alias(Some(i)) => Owner::Doc { doc: page(i), key: "aliases", what: "the alias", url },
        Claimant::Flyer(i) => Owner::Doc { doc: page(i), key: "title", what: "the flyer", url },
        Claimant::Page(i) => own_page(page(i), url),
        Claimant::Section(i) => own_page(&site.sections[i].doc, url),
    }
}

/// A document's own page, at the URL its `slug` (or else its title) gives it.
fn own_page(doc: &Document, url: String) -> Owner<'_> {
    let key = if doc.front.slug.is_some() { "slug" } else { "title" };
    Owner::Doc { doc, key, what: "the page", url }
}

/// The first claim of each file, and each later claim of a file with the first one's index.
fn first_owners<'c>(claims: &'c [(PathBuf, Owner)]) -> (Map<&'c Path, usize>, Vec<(usize, usize)>) {
    let mut owners: Map<&Path, usize> = Map::with_capacity_and_hasher(claims.len(), Default::default());
    let mut repeats = Vec::new();
    for (i, (file, _)) in claims.iter().enumerate() {
        match owners.entry(file) {
            Entry::Occupied(first) => repeats.push((i, *first.get())),
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
        }
    }
    (owners, repeats)
}

/// Every folder that files are written in, once, with the first claim written in it. A folder
/// holds many files (every page is in `articles/`): the walk up from a file stops at the first
/// folder already seen, as those above it were seen too.
fn folders_in_order<'c>(claims: &'c [(PathBuf, Owner)]) -> Vec<(&'c Path, usize)> {
    let mut seen: Set<&Path> = Set::with_capacity_and_hasher(claims.len(), Default::default());
    let mut folders = Vec::new();
    for (i, (file, _)) in claims.iter().enumerate() {
        for folder in file.ancestors().skip(1).filter(|a| !a.as_os_str().is_empty()) {
            if !seen.insert(folder) {
                break;
            }
            folders.push((folder, i));
        }
    }
    folders
}

/// `sitemap-N.xml` at the root (as a file or a folder): written when the sitemap is split, so
/// reserved whatever the site's size.
fn is_sitemap_part(file: &Path) -> bool {
    let Some(first) = file.components().next() else { return false };
    let name = first.as_os_str().to_string_lossy();
    name.strip_prefix("sitemap-")
        .and_then(|n| n.strip_suffix(".xml"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// One diagnostic for a clash between claims `a` and `b`, on the owner the author can change.
fn clash(claims: &[(PathBuf, Owner)], a: usize, b: usize, message: impl Fn(&str, &str) -> String) -> Diagnostic {
    let (oa, ob) = (&claims[a].1, &claims[b].1);
    let text = message(&oa.describe(), &ob.describe());
    let blamed = if oa.rank() <= ob.rank() { oa } else { ob };
    blamed.diagnostic(format!("{text}; {}", blamed.advice()))
}

fn collect<'a>(site: &'a Site, statics: &[(PathBuf, PathBuf)], extra: &[&str]) -> Vec<(PathBuf, Owner<'a>)> {
    // A large site has hundreds of thousands of files: their claims are made on every core.
    let mut claims: Vec<(PathBuf, Owner)> =
        (site.url_claims().into_par_iter()).map(|(url, who)| (url_to_file(&url), owner(site, who, url))).collect();
    for p in site.pages.iter().filter(|p| p.doc.front.event.is_some()) {
        let url = format!("{}event.ics", p.url);
        claims.push((url_to_file(&url), Owner::Doc { doc: &p.doc, key: "event", what: "the calendar file", url }));
    }
    for name in ["robots.txt", "404.html", "sitemap.xml"].iter().chain(extra) {
        claims.push((PathBuf::from(name), Owner::Generated("a file that Kepu generates")));
    }
    claims.extend(statics.iter().map(|(out, source)| (out.clone(), Owner::Copied(source.clone()))));
    claims.extend(
        site.assets.iter().map(|a| (a.clone(), Owner::Copied(Path::new(crate::load::content::CONTENT_DIR).join(a)))),
    );
    for picture in site.images.pictures() {
        let source = Path::new(crate::load::content::CONTENT_DIR).join(&picture.path);
        claims.extend(
            picture
                .variants()
                .into_iter()
                .filter(|v| v.url != picture.url)
                .map(|v| (url_to_file(&v.url), Owner::Copied(source.clone()))),
        );
    }
    claims
}
