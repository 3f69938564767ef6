//! Watching a site's sources with notify and turning an editor's burst of events into one
//! rebuild; the loop behind `kepu watch` and `kepu serve`. Errors never end the loop: they are
//! reported and the next save tries again.

use crate::pipeline::build::BuildOptions;
use crate::pipeline::session::{Rebuild, Session};
use crate::util::error::{Diagnostic, Error, Result};
use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

/// How long the sources must stay quiet before a rebuild starts (an editor's save is often a
/// write, a rename and a metadata change within a millisecond or two). Short, because an author
/// waits this long on every save; a save caught halfway only rebuilds once more when it ends.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(8);

/// Source changes under a site root, with the output folder and editor droppings ignored.
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
}

impl SourceWatcher {
    pub(crate) fn new(root: &Path, output: &Path) -> Result<SourceWatcher> {
        let root = std::path::absolute(root).map_err(|e| Diagnostic::io(root, &e))?;
        let output = std::path::absolute(output).map_err(|e| Diagnostic::io(output, &e))?;
        let (tx, events) = channel();
        let watcher =
            notify::recommended_watcher(tx).map_err(|e| Diagnostic::new(format!("cannot watch files: {e}")))?;
        let outputs = [output, root.join("output"), root.join("offline")];
        let mut this = SourceWatcher { watcher, events, root, outputs };
        this.watch(&this.root.clone(), RecursiveMode::NonRecursive)?;
        let entries = std::fs::read_dir(&this.root).map_err(|e| Diagnostic::io(&this.root, &e))?;
        for entry in entries.flatten() {
            this.watch_folder(&entry.path())?;
        }
        Ok(this)
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
        let mut changed = BTreeSet::new();
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

/// What the loop tells its caller after each build.
pub(crate) enum Outcome<'a> {
    Built(&'a Rebuild),
    Failed(&'a Error),
}

/// Builds, then rebuilds after every batch of changes until `stop` is set. A failed first build
/// is retried (fully) on the next change.
pub(crate) fn run(opts: BuildOptions, stop: &AtomicBool, mut on_build: impl FnMut(Outcome)) -> Result<()> {
    let mut watcher = SourceWatcher::new(&opts.root, &opts.output_dir())?;
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
