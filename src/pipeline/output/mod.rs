//! The write stage: a build becomes `output/` all at once, or not at all.
//!
//! A build completes a second tree beside `output/` (`.output.kepu-spare`): changed files are
//! written there as new files, unchanged ones are hard links to the current output's (so they
//! keep their modification times and sync tools skip them), files that a person put into
//! `output/` are linked along too, and whatever the site no longer has is removed from it. Once
//! the tree is complete and on disk, it trades places with `output/` in one step ([`swap`]). (A
//! first build, with no output to protect, waits for the disk only for its manifest.)
//! Until that step `output/` is untouched, whatever fails or whoever kills the process.
//!
//! The previous output, now in `.output.kepu-spare`, is kept for the next build rather than
//! deleted: its folders and most of its files (links to the same data) are already what the next
//! tree needs, so a rebuild touches only what changed. It costs the folders' space, not the
//! files' (hard links share data); deleting it is always safe. Every build checks each of its
//! files again, so a spare left half-updated by a crash is simply brought up to date.
//!
//! Kepu deletes only what it wrote: [`manifest`] records every file of a build, and an output
//! folder that holds files but no manifest is refused unless the build is told `--force`. A
//! lock on the folder that holds `output/` lets one build at a time use it, and lets the next
//! build clear what a dead one left beside it.

mod listing;
mod location;
mod manifest;
mod memo;
mod swap;

use crate::util::error::{Diagnostic, Result};
use crate::util::fingerprint::Fingerprint;
use crate::util::hash::FastSet;
use listing::Listing;
use manifest::Manifest;
use memo::{Entry, Identity, Memo};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

pub(crate) use manifest::FILE as MANIFEST_FILE;

/// What a commit does with files the previous build wrote and this one did not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unwritten {
    /// A full build: they are stale and go.
    Remove,
    /// An incremental rebuild wrote only what changed: they stay.
    Keep,
}

/// A build's output in progress. Dropping it without [`Staging::commit`] leaves `output/` as it
/// was.
pub(crate) struct Staging {
    target: PathBuf,
    /// The spare tree being completed.
    dir: PathBuf,
    aside: PathBuf,
    /// The current output and what the build that made it wrote; `None` when there is no
    /// current output to compare with.
    previous: Option<Manifest>,
    /// `--force`: files Kepu did not write may be replaced.
    force: bool,
    /// The spare held nothing when the build began (a first build): whatever it holds at the
    /// end, this build wrote, so nothing needs pruning.
    spare_was_empty: bool,
    /// Every file this build writes; hashed fast, as each file's path is hashed again as the
    /// set grows.
    claimed: Mutex<FastSet<PathBuf>>,
    unchanged: Mutex<Vec<PathBuf>>,
    changed: AtomicUsize,
    reused: AtomicUsize,
    /// The disk refused a file for want of space: the build's other files are refused at once,
    /// with the same one message, instead of each failing in turn.
    full: AtomicBool,
    /// What each page was rendered from, when the build remembers it ([`Staging::remember`]).
    memo: Option<Memo>,
    committed: bool,
    _lock: fs::File,
}

/// What a build wrote.
#[derive(Debug, Clone, Default)]
pub struct WriteStats {
    /// Files in the new output.
    pub files: usize,
    /// Files written anew or changed.
    pub changed: usize,
    /// Pages kept as the build before rendered them, their inputs unchanged: not rendered again.
    pub reused: usize,
    /// Files of the previous build that the site no longer has.
    pub removed: usize,
    /// Files in the output folder that Kepu did not write and left in place.
    pub kept: Vec<PathBuf>,
    /// Problems after the new output was in place (it is complete; only tidying failed).
    pub warnings: Vec<String>,
}

impl Staging {
    /// Prepares to build the site at `root` into `output`: checks the location, takes the lock,
    /// cleans up after builds that died, and refuses a folder of someone else's files.
    pub(crate) fn open(root: &Path, output: &Path, force: bool) -> Result<Staging> {
        let target = location::resolve(root, output)?;
        let parent = target.parent().ok_or_else(|| Diagnostic::in_file(output, "the output folder has no parent"))?;
        let name = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
        let lock = lock(parent)?;
        recover(parent, &name, &target)?;
        let previous = previous_output(&target, output, force)?;
        let dir = parent.join(format!(".{name}.kepu-spare"));
        ensure_dir(&dir).map_err(|e| Diagnostic::io(&dir, &e))?;
        let spare_was_empty = fs::read_dir(&dir).map_err(|e| Diagnostic::io(&dir, &e))?.next().is_none();
        Ok(Staging {
            spare_was_empty,
            aside: parent.join(format!(".{name}.kepu-old-{}", std::process::id())),
            target,
            dir,
            previous,
            force,
            claimed: Mutex::new(FastSet::default()),
            unchanged: Mutex::new(Vec::new()),
            changed: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            full: AtomicBool::new(false),
            memo: None,
            committed: false,
            _lock: lock,
        })
    }

    /// Remembers what each page is rendered from, under `header` (what every page also depends
    /// on), and reads what the build before remembered: pages whose inputs did not change are
    /// then kept instead of rendered ([`Staging::keep`]). The record is saved by
    /// [`Staging::commit`].
    pub(crate) fn remember(&mut self, header: Fingerprint) {
        let name = self.target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let path = self.dir.with_file_name(format!(".{name}.kepu-renders"));
        self.memo = Some(Memo::open(path, header, self.previous.is_some()));
    }

    /// Saves no record of this build: some page of it warned (a missing UI string), and a page
    /// kept next time would not warn again.
    pub(crate) fn forget(&mut self) {
        self.memo = None;
    }

    pub(crate) fn remembers(&self) -> bool {
        self.memo.is_some()
    }

    /// Keeps the current output's file at `rel` if the build that made it rendered it from
    /// `inputs` and it is still the very file that build left. Safe to call from many threads.
    pub(crate) fn keep(&self, rel: &Path, inputs: Fingerprint) -> Result<bool> {
        let (Some(memo), Some(previous)) = (&self.memo, &self.previous) else { return Ok(false) };
        let Some(entry) = memo.previous(rel).filter(|e| e.inputs == inputs) else { return Ok(false) };
        let still = |m: fs::Metadata| Identity::of(&m) == Some(entry.file);
        if !previous.files.contains(rel) || !fs::symlink_metadata(self.target.join(rel)).is_ok_and(still) {
            return Ok(false);
        }
        self.claim(rel)?;
        self.unchanged.lock().map_err(|_| poisoned())?.push(rel.to_path_buf());
        memo.record(rel, entry);
        self.reused.fetch_add(1, Ordering::Relaxed);
        Ok(true)
    }

    /// Writes one file at `rel` (relative to the output root). Safe to call from many threads.
    pub(crate) fn write(&self, rel: &Path, bytes: &[u8]) -> Result<()> {
        self.store(rel, bytes, None)
    }

    /// [`Staging::write`] for a page rendered from `inputs`, remembered for the next build.
    pub(crate) fn write_remembered(&self, rel: &Path, bytes: &[u8], inputs: Fingerprint) -> Result<()> {
        self.store(rel, bytes, Some(inputs))
    }

    /// Makes room for about `files` files in the build's records of them.
    pub(crate) fn expect(&self, files: usize) {
        if let Ok(mut claimed) = self.claimed.lock() {
            claimed.reserve(files);
        }
        if let Some(memo) = &self.memo {
            memo.expect(files);
        }
    }

    fn claim(&self, rel: &Path) -> Result<()> {
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) || rel == Path::new(MANIFEST_FILE) {
            return Err(
                Diagnostic::new(format!("refusing to write outside the output folder: {}", rel.display())).into()
            );
        }
        let first_claim = self.claimed.lock().map(|mut c| c.insert(rel.to_path_buf())).unwrap_or(true);
        if !first_claim {
            return Err(Diagnostic::new(format!("two outputs write the same file {}", rel.display())).into());
        }
        Ok(())
    }

    fn store(&self, rel: &Path, bytes: &[u8], inputs: Option<Fingerprint>) -> Result<()> {
        self.claim(rel)?;
        if self.full.load(Ordering::Relaxed) {
            return Err(self.disk_full().into());
        }
        let remember = |meta: io::Result<fs::Metadata>| {
            if let (Some(memo), Some(inputs), Ok(meta)) = (&self.memo, inputs, meta) {
                if let Some(file) = Identity::of(&meta) {
                    memo.record(rel, Entry { inputs, file });
                }
            }
        };
        if let Some(previous) = &self.previous {
            let old = self.target.join(rel);
            if let Some(meta) = same_contents(&old, bytes) {
                self.unchanged.lock().map_err(|_| poisoned())?.push(rel.to_path_buf());
                remember(Ok(meta));
                return Ok(());
            }
            if !self.force && !previous.files.contains(rel) && fs::symlink_metadata(&old).is_ok_and(|m| !m.is_dir()) {
                return Err(not_ours(&old, rel).into());
            }
        }
        let dest = self.dir.join(rel);
        let file = put_file(&dest, bytes).map_err(|e| self.write_error(&dest, &e))?;
        if inputs.is_some() {
            remember(file.metadata());
        }
        self.changed.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn write_error(&self, dest: &Path, e: &io::Error) -> Diagnostic {
        if matches!(e.kind(), io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded) {
            self.full.store(true, Ordering::Relaxed);
            return self.disk_full();
        }
        Diagnostic::io(dest, e)
    }

    /// One message for every file a full disk refused: what happened and how to go on (the
    /// command adds that `output/` is as it was).
    fn disk_full(&self) -> Diagnostic {
        let free = match self.previous {
            // A first build's unfinished tree goes when it fails ([`Drop`]).
            None => format!("the disk holding {} is full. Free some space", self.target.display()),
            Some(_) => format!(
                "the disk is full: the new build in {spare} could not be finished. Free some space (deleting \
                 {spare} is safe: it holds only this unfinished build)",
                spare = self.dir.display()
            ),
        };
        Diagnostic::new(format!(
            "{free}, or build onto another disk with `kepu build -o /path/on/another/disk`, then run `kepu build` again"
        ))
    }

    /// Completes the new tree and puts it in place of `output/` in one step.
    pub(crate) fn commit(mut self, unwritten: Unwritten) -> Result<WriteStats> {
        let claimed = std::mem::take(&mut *self.claimed.lock().map_err(|_| poisoned())?);
        let mut links = std::mem::take(&mut *self.unchanged.lock().map_err(|_| poisoned())?);
        let mut stats = WriteStats {
            files: claimed.len(),
            changed: self.changed.load(Ordering::Relaxed),
            reused: self.reused.load(Ordering::Relaxed),
            ..Default::default()
        };
        let mut kept_previous = Vec::new();
        // Both trees are listed at once; the spare only when it may hold stale files.
        let (old, spare) = rayon::join(
            || self.previous.as_ref().map(|_| listing::list(&self.target)).transpose(),
            || (!self.spare_was_empty).then(|| listing::list(&self.dir)).transpose(),
        );
        let old =
            old.map_err(|(path, e)| Diagnostic::in_file(&path, format!("cannot read the current output: {e}")))?;
        let spare = spare.map_err(|(path, e)| self.failed(&path, &e))?;
        let mut empty_dirs = Vec::new();
        if let (Some(previous), Some(old)) = (&self.previous, old) {
            empty_dirs = old.empty_dirs;
            for rel in old.files.into_iter().filter(|f| !claimed.contains(f) && f != Path::new(MANIFEST_FILE)) {
                match (previous.files.contains(&rel), unwritten) {
                    (true, Unwritten::Keep) => kept_previous.push(rel),
                    (true, Unwritten::Remove) => stats.removed += 1,
                    (false, _) => stats.kept.push(rel),
                }
            }
            self.check_foreign(&claimed, &mut stats.kept)?;
        }
        stats.files += kept_previous.len();
        links.extend(kept_previous.iter().chain(&stats.kept).cloned());
        self.link_all(&links, &empty_dirs)?;
        if let Some(spare) = spare {
            let keep: FastSet<&Path> =
                claimed.iter().chain(&kept_previous).chain(&stats.kept).map(PathBuf::as_path).collect();
            self.prune(spare, &keep, &empty_dirs)?;
        }
        let memo = self.memo.take();
        let owned = claimed.iter().chain(&kept_previous).map(PathBuf::as_path);
        // The render record is worked out while the disk makes the new tree durable.
        let (placed, record) = rayon::join(|| self.place(owned), || memo.map(memo::Memo::finish));
        stats.warnings.extend(placed?);
        // Saved only once the output it describes is in place; a build that dies before leaves
        // the old record, whose files the new output either still has or no longer matches.
        if let Some(Err(e)) = record.map(memo::Record::save) {
            stats.warnings.push(format!(
                "warning: {}: {e} (the new output is in place; the next build renders every page)",
                self.parent().display()
            ));
        }
        // The spare now holds the previous output, ready for the next build.
        stats.kept.sort(); // listed in the report in a stable order
        Ok(stats)
    }

    /// Writes the manifest of the `owned` files, waits for the disk, and puts the new tree in
    /// place of `output/`; a warning when the move itself could not be made durable.
    fn place<'p>(&mut self, owned: impl Iterator<Item = &'p Path>) -> Result<Option<String>> {
        let manifest = self.dir.join(MANIFEST_FILE);
        put_file(&manifest, &Manifest::render(owned)).map_err(|e| self.failed(&manifest, &e))?;
        crash_point();
        // The wait for the disk protects the output being replaced. A first build replaces
        // nothing: only its manifest must survive a power cut, so that the next build knows the
        // files as its own and rewrites any that the cut left short.
        let durable = if self.previous.is_some() { swap::sync_tree(&self.dir) } else { swap::sync_file(&manifest) };
        durable.map_err(|e| self.failed(&self.dir, &e))?;
        crash_point();
        swap::publish(&self.dir, &self.target, &self.aside).map_err(|e| self.failed(&self.target, &e))?;
        self.committed = true;
        crash_point();
        let parent = self.parent();
        Ok(swap::sync_dir(parent)
            .err()
            .map(|e| format!("warning: {}: {e} (the new output is in place)", parent.display())))
    }

    /// The folder holding `output/`.
    fn parent(&self) -> &Path {
        self.target.parent().unwrap_or(Path::new("/"))
    }

    /// Files someone else put into `output/` stay, unless the build writes where they are: then
    /// the build stops, or with `--force` replaces them.
    fn check_foreign(&self, claimed: &FastSet<PathBuf>, foreign: &mut Vec<PathBuf>) -> Result<()> {
        if foreign.is_empty() {
            return Ok(());
        }
        let claimed_dirs: FastSet<&Path> = claimed.iter().flat_map(|c| c.ancestors().skip(1)).collect();
        let in_the_way =
            |rel: &Path| claimed_dirs.contains(rel) || rel.ancestors().skip(1).any(|a| claimed.contains(a));
        if self.force {
            foreign.retain(|rel| !in_the_way(rel));
            return Ok(());
        }
        let errors: Vec<Diagnostic> =
            foreign.iter().filter(|rel| in_the_way(rel)).map(|rel| not_ours(&self.target.join(rel), rel)).collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(crate::util::error::Error::many(errors))
        }
    }

    /// Makes each of `links` in the spare the current output's file (a hard link), unless it
    /// already is: most are, as the spare holds the output before last.
    fn link_all(&self, links: &[PathBuf], empty_dirs: &[PathBuf]) -> Result<()> {
        let missing: Vec<&PathBuf> =
            links.par_iter().filter(|rel| !same_file(&self.target.join(rel), &self.dir.join(rel))).collect();
        let folders: BTreeSet<&Path> = missing
            .iter()
            .filter_map(|l| l.parent())
            .chain(empty_dirs.iter().map(PathBuf::as_path))
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
        folders.par_iter().try_for_each(|f| {
            let dir = self.dir.join(f);
            ensure_dir(&dir).map_err(|e| self.failed(&dir, &e))
        })?;
        missing.par_iter().try_for_each(|rel| {
            let (from, to) = (self.target.join(rel), self.dir.join(rel));
            clear(&to).and_then(|()| link_or_copy(&from, &to)).map_err(|e| self.failed(&from, &e))?;
            crash_point();
            Ok(())
        })
    }

    /// Removes from the spare, listed as `spare` when the commit began, every file the new tree
    /// does not have, and every folder that then holds none of its files (but the output's own
    /// empty folders). Linking since the listing may have put a folder where a file was listed,
    /// or a file where a folder was: what it cleared away is gone already, what it made stays.
    fn prune(&self, spare: Listing, keep: &FastSet<&Path>, empty_dirs: &[PathBuf]) -> Result<()> {
        let live: FastSet<&Path> = keep
            .iter()
            .flat_map(|f| f.ancestors().skip(1))
            .chain(empty_dirs.iter().flat_map(|d| d.ancestors()))
            .collect();
        let wanted = |rel: &Path| keep.contains(rel) || live.contains(rel);
        let gone = |r: io::Result<()>| match r {
            Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => Ok(()),
            other => other,
        };
        let stale: Vec<PathBuf> =
            spare.files.into_iter().filter(|rel| rel != Path::new(MANIFEST_FILE) && !wanted(rel)).collect();
        stale.par_iter().try_for_each(|rel| {
            let path = self.dir.join(rel);
            gone(fs::remove_file(&path)).map_err(|e| self.failed(&path, &e))?;
            crash_point();
            Ok::<_, crate::util::error::Error>(())
        })?;
        // Listed parents first, so removed in reverse: a folder after everything inside it.
        for folder in spare.dirs.iter().rev().filter(|f| !wanted(f)) {
            let path = self.dir.join(folder);
            gone(fs::remove_dir(&path)).map_err(|e| self.failed(&path, &e))?;
        }
        Ok(())
    }

    fn failed(&self, path: &Path, e: &io::Error) -> crate::util::error::Error {
        Diagnostic::in_file(
            path,
            format!("{e} while preparing the new output; {} was not changed", self.target.display()),
        )
        .into()
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // A spare beside an existing output is worth keeping (the next build brings it up to
        // date); one from a first build that failed is only litter.
        if !self.committed && self.previous.is_none() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn not_ours(path: &Path, rel: &Path) -> Diagnostic {
    Diagnostic::in_file(
        path,
        format!(
            "Kepu did not write this file (it is not in {MANIFEST_FILE}) and the build writes {}; move it out of \
             the output folder, or build with `--force` to replace it",
            rel.display()
        ),
    )
}

/// Takes the lock on the output folder's parent (where the spare tree lives), waiting while
/// another build holds it. Locking the folder itself leaves no lock file behind.
fn lock(parent: &Path) -> Result<fs::File> {
    #[cfg(unix)]
    let file = fs::File::open(parent);
    #[cfg(not(unix))]
    let file = fs::OpenOptions::new().create(true).truncate(false).write(true).open(parent.join(".kepu-lock"));
    let file = file.map_err(|e| Diagnostic::io(parent, &e))?;
    file.lock().map_err(|e| Diagnostic::io(parent, &e))?;
    Ok(file)
}

/// Under the lock, anything a dead build left beside the output folder is ours to clear: a
/// previous output moved aside (moved back if the new one never arrived), and the staging folders
/// of Kepu versions before the spare tree.
fn recover(parent: &Path, name: &str, target: &Path) -> Result<()> {
    let prefix = format!(".{name}.kepu-");
    let leftovers: Vec<PathBuf> = fs::read_dir(parent)
        .map_err(|e| Diagnostic::io(parent, &e))?
        .filter_map(|e| e.ok())
        .filter(|e| {
            let n = e.file_name().to_string_lossy().to_string();
            // `staging-PID` folders come from Kepu versions before the spare tree.
            n.strip_prefix(&prefix).is_some_and(|rest| rest.starts_with("staging-") || rest.starts_with("old-"))
        })
        .map(|e| e.path())
        .collect();
    for path in leftovers {
        let is_old = path.file_name().is_some_and(|n| n.to_string_lossy().contains(".kepu-old-"));
        if is_old && !target.exists() {
            fs::rename(&path, target).map_err(|e| Diagnostic::io(&path, &e))?;
        } else {
            remove_tree(&path).map_err(|e| Diagnostic::io(&path, &e))?;
        }
    }
    Ok(())
}

/// What the current output folder holds, checked for being a folder Kepu may replace.
fn previous_output(target: &Path, given: &Path, force: bool) -> Result<Option<Manifest>> {
    let meta = match fs::metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Diagnostic::io(given, &e).into()),
    };
    if !meta.is_dir() {
        return Err(Diagnostic::in_file(given, "the output folder is a file; choose a folder with `--output`").into());
    }
    if is_mount_point(target, &meta) {
        return Err(Diagnostic::in_file(
            given,
            format!(
                "the output folder is a mount point, which cannot be replaced in one step; build into a folder \
                 inside it, e.g. `--output {}`",
                target.join("site").display()
            ),
        )
        .into());
    }
    let empty = fs::read_dir(target).map_err(|e| Diagnostic::io(given, &e))?.next().is_none();
    match Manifest::read(target) {
        Ok(Some(m)) => Ok(Some(m)),
        Ok(None) if empty => Ok(None),
        _ if force => Ok(Some(Manifest::default())),
        Ok(None) => Err(Diagnostic::in_file(
            given,
            format!(
                "this folder holds files that Kepu did not write (there is no {MANIFEST_FILE} in it), so building \
                 into it could replace them. Choose an empty or new folder with `--output`, or run the build again \
                 with `--force` to use it anyway: Kepu then replaces the files it generates and leaves the others"
            ),
        )
        .into()),
        Err(why) => Err(Diagnostic::in_file(
            given.join(MANIFEST_FILE),
            format!("cannot read Kepu's record of this folder ({why}); run the build with `--force` to rewrite it"),
        )
        .into()),
    }
}

#[cfg(unix)]
fn is_mount_point(path: &Path, meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    path.parent().and_then(|p| fs::metadata(p).ok()).is_some_and(|p| p.dev() != meta.dev())
}

#[cfg(not(unix))]
fn is_mount_point(_: &Path, _: &fs::Metadata) -> bool {
    false
}

/// A hard link keeps the file's identity and modification time; where the file system has no
/// hard links, a copy with the same modification time.
fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    match fs::hard_link(from, to) {
        Ok(()) => Ok(()),
        Err(e) if matches!(e.kind(), io::ErrorKind::AlreadyExists | io::ErrorKind::NotFound) => Err(e),
        Err(_) => {
            fs::copy(from, to)?;
            let modified = fs::metadata(from)?.modified()?;
            fs::File::options().write(true).open(to)?.set_modified(modified)
        }
    }
}

/// Writes `bytes` as a new file at `path`, replacing whatever is there. Never writes into an
/// existing file: in the spare it may be a hard link to the live output's.
fn put_file(path: &Path, bytes: &[u8]) -> io::Result<fs::File> {
    // Most files are new (a first build, or a page just written): one `open` creates them. Only
    // when that fails is the folder made or the old file cleared away.
    let create = || fs::OpenOptions::new().write(true).create_new(true).open(path);
    let mut file = match create() {
        Ok(file) => file,
        // No folder yet, or a file of the previous tree where one must be.
        Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
            ensure_dir(path.parent().unwrap_or(Path::new(".")))?;
            create()?
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            clear(path)?;
            create()?
        }
        Err(e) => return Err(e),
    };
    io::Write::write_all(&mut file, bytes)?;
    Ok(file)
}

/// Removes the file or folder at `path`, if any.
fn clear(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Makes `dir` a folder, creating its parents and removing files that stand in the way.
fn ensure_dir(dir: &Path) -> io::Result<()> {
    // Try the common case first: one `mkdir`, no `stat`.
    match fs::create_dir(dir) {
        Ok(()) => return Ok(()),
        Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
            if let Some(parent) = dir.parent() {
                ensure_dir(parent)?;
            }
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => match fs::symlink_metadata(dir) {
            Ok(m) if m.is_dir() => return Ok(()),
            Ok(_) => fs::remove_file(dir)?,
            Err(e) => return Err(e),
        },
        Err(e) => return Err(e),
    }
    match fs::create_dir(dir) {
        // Another thread made it first.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        other => other,
    }
}

/// Whether two paths are one file (the same inode).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::symlink_metadata(a), fs::symlink_metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Deletes a tree, files in parallel.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(dir).contents_first(true) {
        let entry = entry?;
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(|f| {
        fs::remove_file(f)?;
        crash_point();
        Ok::<_, io::Error>(())
    })?;
    // Contents first: every folder comes after everything inside it.
    dirs.iter().try_for_each(fs::remove_dir)
}

fn poisoned() -> Diagnostic {
    Diagnostic::new("a rendering thread panicked while writing the output")
}

/// The regular file at `old`, if it holds exactly `bytes`, read in pieces beside them: one
/// `open`, `fstat` and `read` for a page, no copy of the file held.
fn same_contents(old: &Path, bytes: &[u8]) -> Option<fs::Metadata> {
    let compare = || -> io::Result<Option<fs::Metadata>> {
        let mut file = open_regular(old)?;
        let meta = file.metadata()?;
        if !meta.is_file() || meta.len() != bytes.len() as u64 {
            return Ok(None);
        }
        let mut buf = vec![0; bytes.len().min(COMPARE_PIECE)];
        for piece in bytes.chunks(COMPARE_PIECE) {
            let read = &mut buf[..piece.len()];
            io::Read::read_exact(&mut file, read)?;
            if read != piece {
                return Ok(None);
            }
        }
        Ok(Some(meta))
    };
    compare().ok().flatten()
}

const COMPARE_PIECE: usize = 256 * 1024;

/// Opens `path` for reading without following a link or waiting on a pipe: either would make
/// `same_contents` compare, or hang on, something that is not a file of the output.
fn open_regular(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags((OFlags::NOFOLLOW | OFlags::NONBLOCK).bits() as i32);
    }
    options.open(path)
}

/// For the crash tests: `KEPU_CRASH_AFTER=N` aborts the process at the N-th file operation of
/// a commit, as a kill or a power cut would. Only in debug builds.
pub(crate) fn crash_point() {
    #[cfg(debug_assertions)]
    {
        use std::sync::OnceLock;
        static LIMIT: OnceLock<Option<usize>> = OnceLock::new();
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let limit = LIMIT.get_or_init(|| std::env::var("KEPU_CRASH_AFTER").ok().and_then(|v| v.parse().ok()));
        if let Some(limit) = limit {
            if COUNT.fetch_add(1, Ordering::SeqCst) + 1 >= *limit {
                std::process::abort();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_refuses_the_rest_with_one_message_and_leaves_the_output_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        let staging = Staging::open(tmp.path(), &out, false).unwrap();
        staging.write(Path::new("a/index.html"), b"a").unwrap();
        let full = io::Error::from(io::ErrorKind::StorageFull);
        let first = staging.write_error(&staging.dir.join("b/index.html"), &full);
        let later = staging.write(Path::new("c/index.html"), b"c").unwrap_err();
        assert_eq!(later.diagnostics, vec![first.clone()], "the same one message for every file");
        assert!(
            first.message.contains("is full. Free some space") && first.message.contains("kepu build -o"),
            "{first}"
        );
        assert!(!staging.dir.join("c").exists(), "later files are not even tried");
        let other = staging.write_error(Path::new("d"), &io::Error::from(io::ErrorKind::PermissionDenied));
        assert_eq!(other.path.as_deref(), Some(Path::new("d")), "other errors name their file");
        drop(staging);
        assert!(!out.exists(), "no output/ from an unfinished build");
    }

    #[test]
    fn same_contents_reads_only_regular_files_and_compares_every_byte() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("page.html");
        let long: Vec<u8> = (0..COMPARE_PIECE * 2 + 7).map(|i| (i % 251) as u8).collect();
        fs::write(&file, &long).unwrap();
        assert!(same_contents(&file, &long).is_some(), "equal across several pieces");
        let mut last_differs = long.clone();
        *last_differs.last_mut().unwrap() ^= 1;
        assert!(same_contents(&file, &last_differs).is_none(), "the last byte of the last piece counts");
        assert!(same_contents(&file, &long[1..]).is_none(), "another length");
        assert!(same_contents(&tmp.path().join("missing"), b"").is_none());
        #[cfg(unix)]
        {
            let link = tmp.path().join("link.html");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            assert!(same_contents(&link, &long).is_none(), "a link is not the output's own file");
            let fifo = tmp.path().join("pipe");
            rustix::fs::mknodat(rustix::fs::CWD, &fifo, rustix::fs::FileType::Fifo, rustix::fs::Mode::RUSR, 0).unwrap();
            assert!(same_contents(&fifo, b"").is_none(), "a pipe is neither read nor waited on");
        }
    }
}
