//! Watching a site's sources with notify and turning an editor's burst of events into one
//! rebuild; the loop behind `kepu watch` and `kepu serve`. Errors never end the loop: they are
//! reported and the next save tries again.

use crate::pipeline::build::BuildOptions;
use crate::pipeline::session::{Rebuild, Session};
use crate::util::error::{Diagnostic, Error, Result};
use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode, Watcher as _};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use walkdir::WalkDir;

/// How long the sources must stay quiet before a rebuild starts (an editor's save is often a
/// write, a rename and a metadata change within a millisecond or two). Short, because an author
/// waits this long on every save; a save caught halfway only rebuilds once more when it ends.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(8);

/// Source changes under a site root, with the output folder and editor droppings ignored.
///
/// Nothing is watched during the first build ([`Unwatched`]): the kernel reports every file
/// opened under a watched folder, and a build opens each page's file twice (to load it, then to
/// render it), so watching during it had notify turn 60,000 reports into events on the build's
/// own cores (a 30,000-page preview's first build 0.3 s longer than `kepu build`). What changes
/// meanwhile is found by its time instead.
///
/// The root itself is watched alone and each of its folders recursively, except the outputs and
/// hidden folders (the build's spare tree): watching the whole root had the kernel report, and
/// notify add a watch for, every file and folder a build writes, tens of thousands on a large
/// site, on the cores the build needs.
pub(crate) struct SourceWatcher {
    watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    /// The folder being built into, and the site's default `output/` and `offline/` (which
    /// `kepu build` in another terminal may rewrite while `kepu serve` previews elsewhere).
    outputs: [PathBuf; 3],
    /// Changes found by [`Unwatched::watch`], the next batch's first paths.
    missed: BTreeSet<PathBuf>,
}

/// A watcher that watches nothing yet: the first build runs meanwhile.
pub(crate) struct Unwatched {
    watcher: SourceWatcher,
    /// The top of the site before the build.
    before: BTreeSet<PathBuf>,
    /// Changes from this time on are looked for once the build is done.
    since: SystemTime,
}

impl Unwatched {
    /// Watches the sources; what changed since [`SourceWatcher::unwatched`] (made, written,
    /// renamed or removed) comes with the first batch.
    pub(crate) fn watch(self) -> Result<SourceWatcher> {
        let Unwatched { mut watcher, before, since } = self;
        watcher.watch(&watcher.root.clone(), RecursiveMode::NonRecursive)?;
        let now = watcher.top_entries()?;
        for top in &now {
            watcher.watch_folder(top)?;
        }
        // Watched first, then looked at: a change is either seen here or reported.
        let mut missed: BTreeSet<PathBuf> = before.symmetric_difference(&now).cloned().collect();
        let entries: Vec<walkdir::DirEntry> = now
            .iter()
            .flat_map(|top| WalkDir::new(top).into_iter().filter_entry(|e| watcher.is_source(e.path())))
            .flatten()
            .collect();
        // One status read a file, on every core: watching and looking took 0.1 s on one core at
        // 30,000 files.
        let touched: Vec<PathBuf> = entries
            .into_par_iter()
            .filter(|e| e.metadata().is_ok_and(|m| touched_since(&m, since)))
            .map(walkdir::DirEntry::into_path)
            .collect();
        missed.extend(touched);
        watcher.missed = missed;
        Ok(watcher)
    }
}

impl SourceWatcher {
    /// A watcher of the sources under `root`, watching nothing until [`Unwatched::watch`].
    pub(crate) fn unwatched(root: &Path, output: &Path) -> Result<Unwatched> {
        let root = std::path::absolute(root).map_err(|e| Diagnostic::io(root, &e))?;
        let output = std::path::absolute(output).map_err(|e| Diagnostic::io(output, &e))?;
        let (tx, events) = channel();
        let watcher =
            notify::recommended_watcher(tx).map_err(|e| Diagnostic::new(format!("cannot watch files: {e}")))?;
        let outputs = [output, root.join("output"), root.join("offline")];
        let watcher = SourceWatcher { watcher, events, root, outputs, missed: BTreeSet::new() };
        let before = watcher.top_entries()?;
        Ok(Unwatched { watcher, before, since: file_clock() })
    }

    /// The sources at the top of the site: its files and folders but the outputs and hidden ones.
    fn top_entries(&self) -> Result<BTreeSet<PathBuf>> {
        let entries = std::fs::read_dir(&self.root).map_err(|e| Diagnostic::io(&self.root, &e))?;
        Ok(entries.flatten().map(|e| e.path()).filter(|p| self.is_source(p)).collect())
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> Result<()> {
        self.watcher.watch(path, mode).map_err(|e| Diagnostic::in_file(path, format!("cannot watch: {e}")).into())
    }

    /// Watches `path` and all under it when it is a source folder at the top of the site.
    fn watch_folder(&mut self, path: &Path) -> Result<()> {
        if path.is_dir() && self.is_source(path) {
            self.watch(path, RecursiveMode::Recursive)?;
        }
        Ok(())
    }

    pub(crate) fn next_batch(&mut self, stop: &AtomicBool) -> Option<Vec<PathBuf>> {
        let mut changed = std::mem::take(&mut self.missed);
        loop {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            let timeout = if changed.is_empty() { Duration::from_millis(200) } else { DEBOUNCE };
            match self.events.recv_timeout(timeout) {
                Ok(Ok(event)) => {
                    if matches!(event.kind, EventKind::Access(_)) {
                        continue;
                    }
                    let made = matches!(event.kind, EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_)));
                    for path in event.paths {
                        if !self.is_source(&path) {
                            continue;
                        }
                        // A folder made at the top of the site (`static/`, or one moved back
                        // in) is watched from now on; one gone again before that needs no watch.
                        if made && path.parent() == Some(self.root.as_path()) {
                            let _ = self.watch_folder(&path);
                        }
                        changed.insert(path);
                    }
                }
                Ok(Err(_)) => {}
                Err(RecvTimeoutError::Timeout) if !changed.is_empty() => return Some(changed.into_iter().collect()),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Sources are everything under the root except the output, hidden files and folders (our
    /// staging folders among them) and editors' temporary files.
    fn is_source(&self, path: &Path) -> bool {
        if self.outputs.iter().any(|o| path.starts_with(o)) {
            return false;
        }
        let Ok(rel) = path.strip_prefix(&self.root) else { return false };
        let hidden = rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        let name = rel.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let temporary = name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swx") || name == "4913";
        !hidden && !temporary
    }
}

/// The time a file written now is given: the kernel's clock as of its last tick, behind the one
/// [`SystemTime::now`] reads, so that a file written just before would seem written after.
/// (Where a file system keeps times to the second, as FAT does, a save early in the first build
/// may seem made before it and wait for the next save.)
fn file_clock() -> SystemTime {
    let stamped = tempfile::tempfile().and_then(|f| f.metadata()).and_then(|m| m.modified());
    stamped.unwrap_or_else(|_| SystemTime::now())
}

/// Whether the file or folder was written, made, renamed or had an entry added or removed after
/// `since`: its status change time says all of these on Unix, its modification time only some.
fn touched_since(meta: &std::fs::Metadata, since: SystemTime) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let seconds = u64::try_from(meta.ctime()).ok();
        let changed = seconds.map(|s| UNIX_EPOCH + Duration::new(s, u32::try_from(meta.ctime_nsec()).unwrap_or(0)));
        if changed.is_some_and(|c| c > since) {
            return true;
        }
    }
    meta.modified().is_ok_and(|m| m > since)
}

/// What the loop tells its caller after each build.
pub(crate) enum Outcome<'a> {
    Built(&'a Rebuild),
    Failed(&'a Error),
}

/// Builds, then rebuilds after every batch of changes until `stop` is set. A failed first build
/// is retried (fully) on the next change.
pub(crate) fn run(opts: BuildOptions, stop: &AtomicBool, mut on_build: impl FnMut(Outcome)) -> Result<()> {
    let unwatched = SourceWatcher::unwatched(&opts.root, &opts.output_dir())?;
    let mut session = match Session::start(opts.clone()) {
        Ok((session, report)) => {
            let rebuild = Rebuild {
                page_written: None,
                elapsed: report.elapsed,
                css_only: false,
                kind: crate::pipeline::session::RebuildKind::Full(report),
            };
            on_build(Outcome::Built(&rebuild));
            Some(session)
        }
        Err(e) => {
            on_build(Outcome::Failed(&e));
            None
        }
    };
    // After the report: the preview is there to see, and a save meanwhile is found by its time.
    let mut watcher = unwatched.watch()?;
    while let Some(changed) = watcher.next_batch(stop) {
        let result = match session.as_mut() {
            Some(s) => s.rebuild(&changed),
            None => Session::start(opts.clone()).map(|(s, report)| {
                session = Some(s);
                Rebuild {
                    page_written: None,
                    elapsed: report.elapsed,
                    css_only: false,
                    kind: crate::pipeline::session::RebuildKind::Full(report),
                }
            }),
        };
        match result {
            Ok(rebuild) => on_build(Outcome::Built(&rebuild)),
            Err(e) => on_build(Outcome::Failed(&e)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn what_changes_before_the_watch_comes_with_the_first_batch() {
        let dir = tempfile::tempdir().unwrap();
        let (root, articles) = (dir.path(), dir.path().join("content/articles"));
        fs::create_dir_all(&articles).unwrap();
        for name in ["edited.md", "gone.md", "moved.md", "kept.md"] {
            fs::write(articles.join(name), "---\ntitle: x\n---\n").unwrap();
        }
        // Saved the moment before: in the build, not one more after it.
        let unwatched = SourceWatcher::unwatched(root, &root.join("output")).unwrap();
        // File times keep to the kernel's tick; then what an author may do while the build runs.
        std::thread::sleep(Duration::from_millis(50));
        fs::write(articles.join("edited.md"), "---\ntitle: y\n---\n").unwrap();
        fs::write(articles.join("new.md"), "---\ntitle: z\n---\n").unwrap();
        fs::remove_file(articles.join("gone.md")).unwrap();
        fs::rename(articles.join("moved.md"), articles.join("renamed.md")).unwrap();
        fs::create_dir(root.join("static")).unwrap();
        fs::create_dir_all(root.join("output/articles")).unwrap(); // the build's own
        let mut watcher = unwatched.watch().unwrap();
        // Nothing happens after the watch: without what was found before it, no batch would come.
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let timer = std::sync::Arc::clone(&stop);
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(10));
            timer.store(true, Ordering::Relaxed);
        });
        let batch = watcher.next_batch(&stop).expect("the changes made before the watch");
        let rel: Vec<String> =
            batch.iter().map(|p| p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/")).collect();
        for changed in
            ["content/articles/edited.md", "content/articles/new.md", "content/articles/renamed.md", "static"]
        {
            assert!(rel.iter().any(|r| r == changed), "{changed} in {rel:?}");
        }
        // The removal shows as its folder's change, which takes a full build.
        assert!(rel.iter().any(|r| r == "content/articles"), "{rel:?}");
        assert!(!rel.iter().any(|r| r.ends_with("kept.md") || r.starts_with("output")), "{rel:?}");
    }
}
