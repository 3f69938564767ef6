//! What a deploy does, decided without touching the network: which files to upload and why,
//! which remote objects to delete, in which order, and with which headers. Pure functions of
//! the built files and what the bucket holds, so every rule is unit-tested here.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The object Kepu keeps beside the site in the bucket: every file's SHA-256 and size.
pub(crate) const MANIFEST_KEY: &str = ".kepu-manifest.json";

/// Above this share of the remote files, deletions need `--force`.
const MAX_DELETE_SHARE: f64 = 0.5;

/// One built file, with the digests both ways of comparing need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LocalFile {
    /// The path inside the output folder, with `/`, which is also the key below the prefix.
    pub(crate) key: String,
    pub(crate) size: u64,
    /// Lower-case hex.
    pub(crate) sha256: String,
    /// Lower-case hex; equals the ETag of a single-part upload.
    pub(crate) md5: String,
}

/// One object the bucket listed below the prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RemoteObject {
    pub(crate) size: u64,
    /// Without quotes.
    pub(crate) etag: Option<String>,
}

/// A file as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ManifestEntry {
    pub(crate) sha256: String,
    pub(crate) size: u64,
}

/// The manifest object's contents.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Manifest {
    /// The format's version.
    pub(crate) kepu_manifest: u32,
    pub(crate) files: BTreeMap<String, ManifestEntry>,
}

impl Manifest {
    /// The manifest describing `files`.
    pub(crate) fn of(files: &[LocalFile]) -> Manifest {
        let files =
            files.iter().map(|f| (f.key.clone(), ManifestEntry { sha256: f.sha256.clone(), size: f.size })).collect();
        Manifest { kepu_manifest: 1, files }
    }

    /// Reads a manifest object; `None` when it is not one (then the listing decides).
    pub(crate) fn parse(bytes: &[u8]) -> Option<Manifest> {
        serde_json::from_slice::<Manifest>(bytes).ok().filter(|m| m.kepu_manifest == 1)
    }

    /// The object's bytes, the same for the same files.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    }
}

/// What the bucket holds below the prefix.
#[derive(Debug, Clone, Default)]
pub(crate) struct Remote {
    /// Every object listed, the manifest excluded.
    pub(crate) objects: BTreeMap<String, RemoteObject>,
    /// The manifest, when there is a readable one.
    pub(crate) manifest: Option<Manifest>,
}

/// How unchanged files were recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    /// The manifest's SHA-256 digests (and the object being listed with the same size).
    Manifest,
    /// The listing's sizes and ETags (MD5 of single-part uploads).
    Listing,
}

/// Why a file is uploaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    New,
    Changed,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reason::New => "new",
            Reason::Changed => "changed",
        })
    }
}

/// Upload order: a page never arrives before the stylesheets, scripts and pictures it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Phase {
    Assets,
    Other,
    Html,
}

/// One file to upload, with its headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Upload {
    pub(crate) key: String,
    pub(crate) size: u64,
    pub(crate) reason: Reason,
    pub(crate) phase: Phase,
    pub(crate) content_type: String,
    pub(crate) cache_control: &'static str,
}

/// The whole deploy, in order: uploads (assets, other files, pages), the manifest, deletions.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub(crate) method: Method,
    pub(crate) uploads: Vec<Upload>,
    pub(crate) unchanged: usize,
    /// Remote objects the build no longer has, below the prefix, sorted.
    pub(crate) deletes: Vec<String>,
    /// Remote objects kept because of `--no-delete`.
    pub(crate) kept: usize,
    /// The manifest to write after the uploads, when it differs from the bucket's.
    pub(crate) manifest: Option<Manifest>,
    /// How many files the bucket held below the prefix (the manifest excluded).
    pub(crate) remote_files: usize,
}

impl Plan {
    /// Bytes to upload, the manifest excluded.
    pub(crate) fn upload_bytes(&self) -> u64 {
        self.uploads.iter().map(|u| u.size).sum()
    }

    /// `Some(message)` when the deletions exceed the safe share of the remote files: the
    /// folder deployed is probably not this bucket's site.
    pub(crate) fn too_many_deletes(&self) -> Option<String> {
        let share = self.deletes.len() as f64 / self.remote_files.max(1) as f64;
        (share > MAX_DELETE_SHARE).then(|| {
            format!(
                "this deploy would delete {} of the {} files in the bucket ({:.0} %), more than half: is this the \
                 right site and target? Look at the list with `kepu deploy --dry-run`, then run `kepu deploy --force` \
                 to delete them, or `kepu deploy --no-delete` to keep them",
                self.deletes.len(),
                self.remote_files,
                share * 100.0
            )
        })
    }
}

/// Compares the built files with the bucket. `delete`: remove what the build no longer has.
pub(crate) fn plan(local: &[LocalFile], remote: &Remote, delete: bool) -> Plan {
    let method = if remote.manifest.is_some() { Method::Manifest } else { Method::Listing };
    let mut uploads = Vec::new();
    let mut unchanged = 0;
    for f in local {
        let listed = remote.objects.get(&f.key);
        let same = match (&remote.manifest, listed) {
            (_, None) => false,
            (Some(m), Some(o)) => {
                o.size == f.size && m.files.get(&f.key).is_some_and(|e| e.sha256 == f.sha256 && e.size == f.size)
            }
            (None, Some(o)) => o.size == f.size && o.etag.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(&f.md5)),
        };
        if same {
            unchanged += 1;
            continue;
        }
        let reason = if listed.is_some() { Reason::Changed } else { Reason::New };
        uploads.push(Upload {
            key: f.key.clone(),
            size: f.size,
            reason,
            phase: phase(&f.key),
            content_type: crate::util::mime::content_type(&f.key),
            cache_control: cache_control(&f.key),
        });
    }
    uploads.sort_by(|a, b| (a.phase, &a.key).cmp(&(b.phase, &b.key)));
    let built: BTreeSet<&str> = local.iter().map(|f| f.key.as_str()).collect();
    let gone: Vec<String> = remote.objects.keys().filter(|k| !built.contains(k.as_str())).cloned().collect();
    let (deletes, kept) = if delete { (gone, 0) } else { (Vec::new(), gone.len()) };
    let wanted = Manifest::of(local);
    let manifest = (remote.manifest.as_ref() != Some(&wanted) || !uploads.is_empty()).then_some(wanted);
    Plan { method, uploads, unchanged, deletes, kept, manifest, remote_files: remote.objects.len() }
}

fn extension(key: &str) -> String {
    let name = key.rsplit('/').next().unwrap_or(key);
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

/// Which group of the upload order a file belongs to.
pub(crate) fn phase(key: &str) -> Phase {
    match extension(key).as_str() {
        "html" | "htm" => Phase::Html,
        _ if is_search_index(key) => Phase::Other,
        "css" | "js" | "mjs" | "woff" | "woff2" | "ttf" | "otf" | "png" | "jpg" | "jpeg" | "webp" | "avif" | "gif"
        | "svg" | "ico" => Phase::Assets,
        _ => Phase::Other,
    }
}

/// A year and `immutable` for fingerprinted files, five minutes for what changes with every
/// edit (pages, feeds, calendars, the search index), an hour for the rest.
pub(crate) fn cache_control(key: &str) -> &'static str {
    if crate::load::assets::is_fingerprinted_name(key) {
        return "public, max-age=31536000, immutable";
    }
    let short = matches!(extension(key).as_str(), "html" | "htm" | "xml" | "atom" | "rss" | "ics");
    if short || is_search_index(key) {
        "public, max-age=300"
    } else {
        "public, max-age=3600"
    }
}

/// `search/docs.js`, `search/shard-N.js`, `search/sum-K.js` below any language's home.
fn is_search_index(key: &str) -> bool {
    let Some(at) = key.rfind("search/") else { return false };
    crate::site::is_search_index_url(&format!("/{}", &key[..at]), &format!("/{key}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(key: &str, body: &str) -> LocalFile {
        use md5::Digest as _;
        LocalFile {
            key: key.into(),
            size: body.len() as u64,
            sha256: format!("{:x}", sha2::Sha256::digest(body)),
            md5: format!("{:x}", md5::Md5::digest(body)),
        }
    }

    fn listed(files: &[LocalFile]) -> BTreeMap<String, RemoteObject> {
        files.iter().map(|f| (f.key.clone(), RemoteObject { size: f.size, etag: Some(f.md5.clone()) })).collect()
    }

    fn site() -> Vec<LocalFile> {
        vec![
            file("index.html", "<p>home"),
            file("style.3f2a9c1e.css", "body{}"),
            file("articles/a/index.html", "<p>a"),
            file("feed.xml", "<feed/>"),
            file("font.88724805.woff2", "wOF2"),
        ]
    }

    #[test]
    fn an_empty_bucket_gets_everything_assets_first_pages_last() {
        let p = plan(&site(), &Remote::default(), true);
        let order: Vec<&str> = p.uploads.iter().map(|u| u.key.as_str()).collect();
        assert_eq!(
            order,
            ["font.88724805.woff2", "style.3f2a9c1e.css", "feed.xml", "articles/a/index.html", "index.html"]
        );
        assert!(p.uploads.iter().all(|u| u.reason == Reason::New));
        assert_eq!(p.method, Method::Listing);
        assert!(p.manifest.is_some() && p.deletes.is_empty());
    }

    #[test]
    fn the_listing_recognises_unchanged_files_by_size_and_etag() {
        let local = site();
        let mut objects = listed(&local);
        objects.insert("index.html".into(), RemoteObject { size: 8, etag: Some("0".repeat(32)) });
        let p = plan(&local, &Remote { objects, manifest: None }, true);
        assert_eq!(p.uploads.len(), 1);
        assert_eq!((p.uploads[0].key.as_str(), p.uploads[0].reason), ("index.html", Reason::Changed));
        assert_eq!(p.unchanged, 4);
    }

    #[test]
    fn the_manifest_decides_but_a_missing_object_is_uploaded_again() {
        let local = site();
        let mut objects = listed(&local);
        for o in objects.values_mut() {
            o.etag = Some("multipart-1".into());
        }
        objects.remove("feed.xml");
        let remote = Remote { objects, manifest: Some(Manifest::of(&local)) };
        let p = plan(&local, &remote, true);
        assert_eq!(p.method, Method::Manifest);
        assert_eq!(p.uploads.iter().map(|u| u.key.as_str()).collect::<Vec<_>>(), ["feed.xml"]);
        assert!(p.manifest.is_some(), "rewritten after an upload");
    }

    #[test]
    fn nothing_changed_means_nothing_written() {
        let local = site();
        let p = plan(&local, &Remote { objects: listed(&local), manifest: Some(Manifest::of(&local)) }, true);
        assert!(p.uploads.is_empty() && p.deletes.is_empty() && p.manifest.is_none());
        assert_eq!(p.unchanged, 5);
    }

    #[test]
    fn removed_files_are_deleted_unless_kept_and_the_guard_counts_them() {
        let local = site();
        let mut objects = listed(&local);
        objects.insert("old/index.html".into(), RemoteObject { size: 1, etag: None });
        let remote = Remote { objects, manifest: None };
        let p = plan(&local, &remote, true);
        assert_eq!(p.deletes, ["old/index.html"]);
        assert!(p.too_many_deletes().is_none());
        let kept = plan(&local, &remote, false);
        assert!(kept.deletes.is_empty());
        assert_eq!(kept.kept, 1);
        let other = plan(&[file("x.html", "x")], &remote, true);
        let refusal = other.too_many_deletes().expect("refused");
        assert!(refusal.contains("6 of the 6 files") && refusal.contains("--force"), "{refusal}");
    }

    #[test]
    fn headers_follow_the_kind_of_file() {
        assert_eq!(cache_control("style.3f2a9c1e.css"), "public, max-age=31536000, immutable");
        assert_eq!(cache_control("en/index.html"), "public, max-age=300");
        assert_eq!(cache_control("en/feed.xml"), "public, max-age=300");
        assert_eq!(cache_control("en/search/shard-3.js"), "public, max-age=300");
        assert_eq!(cache_control("search/docs.js"), "public, max-age=300");
        assert_eq!(cache_control("robots.txt"), "public, max-age=3600");
        assert_eq!(phase("search/docs.js"), Phase::Other);
        assert_eq!(phase("search.3f2a9c1e.js"), Phase::Assets);
    }

    #[test]
    fn the_manifest_round_trips() {
        let m = Manifest::of(&site());
        assert_eq!(Manifest::parse(&m.to_bytes()), Some(m));
        assert_eq!(Manifest::parse(b"{}"), None);
    }
}
