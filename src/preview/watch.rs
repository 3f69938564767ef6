//! Watching a site's sources with notify and turning an editor's burst of events into one
//! rebuild; the loop behind `kepu watch` and `kepu serve`. Errors never end the loop: they are
//! reported and the next save tries again.

use crate::pipeline::build::BuildOptions;
use crate::pipeline::session::{Rebuild, Session};
use crate::util::error::{Diagnostic, Error, Result};
use notify::{RecursiveMode, Watcher as _};
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
pub(crate) struct SourceWatcher {
    _watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    /// The folder being built into, and the site's default `output/` (which `kepu build` may
    /// rewrite while `kepu serve` previews elsewhere).
    outputs: [PathBuf; 3],
}

impl SourceWatcher {
    pub(crate) fn new(root: &Path, output: &Path) -> Result<SourceWatcher> {
        let root = std::path::absolute(root).map_err(|e| Diagnostic::io(root, &e))?;
        let output = std::path::absolute(output).map_err(|e| Diagnostic::io(output, &e))?;
        let (tx, events) = channel();
        let mut watcher =
            notify::recommended_watcher(tx).map_err(|e| Diagnostic::new(format!("cannot watch files: {e}")))?;
        watcher
            .watch(&root, RecursiveMode::Recursive)
            .map_err(|e| Diagnostic::in_file(&root, format!("cannot watch: {e}")))?;
        // Builds in another terminal write the default output and offline folders: not sources.
        let outputs = [output, root.join("output"), root.join("offline")];
        Ok(SourceWatcher { _watcher: watcher, events, root, outputs })
    }

    /// Waits for a change, then for the sources to go quiet; returns the changed files, or `None`
    /// once `stop` is set.
    pub(crate) fn next_batch(&self, stop: &AtomicBool) -> Option<Vec<PathBuf>> {
        let mut changed = BTreeSet::new();
        loop {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            let timeout = if changed.is_empty() { Duration::from_millis(200) } else { DEBOUNCE };
            match self.events.recv_timeout(timeout) {
                Ok(Ok(event)) => {
                    if matches!(event.kind, notify::EventKind::Access(_)) {
                        continue;
                    }
                    changed.extend(event.paths.into_iter().filter(|p| self.is_source(p)));
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
    let watcher = SourceWatcher::new(&opts.root, &opts.output_dir())?;
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
