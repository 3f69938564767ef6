//! Writing the site. A build renders into a staging folder beside `output/` and touches
//! `output/` only once every page rendered: a first build renames the staging folder into place;
//! later builds stage only the files whose bytes changed, then move those in, one rename each,
//! and delete what the site no longer has. Unchanged files are never rewritten, so they keep
//! their modification times and sync tools upload only what changed. (Swapping whole folders
//! would make the last step atomic, but costs a link and an unlink for every unchanged file; a
//! disk error among the renames leaves `output/` partly updated until the next build.)

use crate::error::{Diagnostic, Result};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A build's output in progress. Dropping it without [`Staging::commit`] removes the staged
/// files and leaves `output/` as it was.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    /// `output/` did not exist: everything is staged and the folder is renamed at the end.
    fresh: bool,
    claimed: Mutex<HashSet<PathBuf>>,
    changed: Mutex<Vec<PathBuf>>,
    written: AtomicUsize,
    committed: bool,
}

/// What a build wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteStats {
    pub files: usize,
    pub changed: usize,
    pub removed: usize,
}

impl Staging {
    pub fn new(target: &Path) -> Result<Staging> {
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "output".into());
        fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
        let dir = parent.join(format!(".{name}.kepu-staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| Diagnostic::io(&dir, &e))?;
        }
        fs::create_dir_all(&dir).map_err(|e| Diagnostic::io(&dir, &e))?;
        Ok(Staging {
            fresh: !target.is_dir(),
            target: target.to_path_buf(),
            dir,
            claimed: Mutex::new(HashSet::new()),
            changed: Mutex::new(Vec::new()),
            written: AtomicUsize::new(0),
            committed: false,
        })
    }

    /// Writes one file at `rel` (relative to the output root). Safe to call from many threads.
    pub fn write(&self, rel: &Path, bytes: &[u8]) -> Result<()> {
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(
                Diagnostic::new(format!("refusing to write outside the output folder: {}", rel.display())).into()
            );
        }
        let first_claim = self.claimed.lock().map(|mut c| c.insert(rel.to_path_buf())).unwrap_or(true);
        if !first_claim {
            return Err(Diagnostic::new(format!("two outputs write the same file {}", rel.display())).into());
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        if !self.fresh && same_contents(&self.target.join(rel), bytes) {
            return Ok(());
        }
        let dest = self.dir.join(rel);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
        }
        fs::write(&dest, bytes).map_err(|e| Diagnostic::io(&dest, &e))?;
        if let Ok(mut changed) = self.changed.lock() {
            changed.push(rel.to_path_buf());
        }
        Ok(())
    }

    /// Brings `output/` up to date with what was staged.
    pub fn commit(mut self) -> Result<WriteStats> {
        let claimed = std::mem::take(&mut *self.claimed.lock().map_err(|_| poisoned())?);
        let changed = std::mem::take(&mut *self.changed.lock().map_err(|_| poisoned())?);
        let mut stats = WriteStats { files: self.written.load(Ordering::Relaxed), changed: changed.len(), removed: 0 };
        if self.fresh {
            fs::rename(&self.dir, &self.target).map_err(|e| Diagnostic::io(&self.target, &e))?;
        } else {
            // Stale files go first: an old file may sit where a new folder must be created.
            stats.removed = remove_stale(&self.target, &claimed)?;
            changed.par_iter().try_for_each(|rel| self.move_in(rel))?;
            let _ = fs::remove_dir_all(&self.dir);
        }
        self.committed = true;
        Ok(stats)
    }

    fn move_in(&self, rel: &Path) -> Result<()> {
        let dest = self.target.join(rel);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
        }
        if dest.is_dir() {
            fs::remove_dir_all(&dest).map_err(|e| Diagnostic::io(&dest, &e))?;
        }
        fs::rename(self.dir.join(rel), &dest).map_err(|e| Diagnostic::io(&dest, &e).into())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn poisoned() -> Diagnostic {
    Diagnostic::new("a rendering thread panicked while writing the output")
}

fn same_contents(old: &Path, bytes: &[u8]) -> bool {
    match fs::metadata(old) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => fs::read(old).is_ok_and(|b| b == bytes),
        _ => false,
    }
}

/// Deletes the files under `target` that this build did not write, and the folders that leaves
/// empty. Returns how many files went.
fn remove_stale(target: &Path, kept: &HashSet<PathBuf>) -> Result<usize> {
    let stale: Vec<PathBuf> = walkdir::WalkDir::new(target)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| e.path().strip_prefix(target).ok().map(Path::to_path_buf))
        .filter(|rel| !kept.contains(rel))
        .collect();
    stale.par_iter().try_for_each(|rel| {
        let path = target.join(rel);
        fs::remove_file(&path).map_err(|e| Diagnostic::io(&path, &e))
    })?;
    // Deepest first, so a folder is tried only after its subfolders.
    let folders: BTreeSet<(usize, &Path)> = stale
        .iter()
        .flat_map(|rel| rel.ancestors().skip(1).filter(|a| !a.as_os_str().is_empty()))
        .map(|a| (usize::MAX - a.components().count(), a))
        .collect();
    for (_, folder) in folders {
        let _ = fs::remove_dir(target.join(folder)); // fails, as it should, when not empty
    }
    Ok(stale.len())
}
