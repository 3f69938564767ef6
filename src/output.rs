//! Writing the site: everything goes to a staging folder beside `output/`, which replaces
//! `output/` only once the whole build succeeded. Files whose bytes did not change are
//! hard-linked from the old output (falling back to a copy with the old modification time), so
//! sync tools that compare times upload only what changed.

use crate::error::{Diagnostic, Result};
use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A build's output in progress. Dropping it without [`Staging::commit`] removes it.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    claimed: Mutex<HashSet<PathBuf>>,
    written: AtomicUsize,
    changed: AtomicUsize,
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
            target: target.to_path_buf(),
            dir,
            claimed: Mutex::new(HashSet::new()),
            written: AtomicUsize::new(0),
            changed: AtomicUsize::new(0),
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
        let dest = self.dir.join(rel);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
        }
        let old = self.target.join(rel);
        self.written.fetch_add(1, Ordering::Relaxed);
        if same_contents(&old, bytes) && keep_old(&old, &dest) {
            return Ok(());
        }
        self.changed.fetch_add(1, Ordering::Relaxed);
        fs::write(&dest, bytes).map_err(|e| Diagnostic::io(&dest, &e).into())
    }

    /// Replaces the target folder with the staged one.
    pub fn commit(mut self) -> Result<WriteStats> {
        let removed = count_removed(&self.target, &self.claimed.lock().map(|c| c.clone()).unwrap_or_default());
        let stats = WriteStats {
            files: self.written.load(Ordering::Relaxed),
            changed: self.changed.load(Ordering::Relaxed),
            removed,
        };
        if self.target.exists() {
            let old = self.dir.with_extension("old");
            fs::rename(&self.target, &old).map_err(|e| Diagnostic::io(&self.target, &e))?;
            if let Err(e) = fs::rename(&self.dir, &self.target) {
                // Put the previous site back: a failed swap must not lose it.
                let _ = fs::rename(&old, &self.target);
                return Err(Diagnostic::io(&self.target, &e).into());
            }
            remove_tree(&old);
        } else {
            fs::rename(&self.dir, &self.target).map_err(|e| Diagnostic::io(&self.target, &e))?;
        }
        self.committed = true;
        Ok(stats)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Deletes a folder tree, its top-level entries in parallel (a large site has tens of thousands
/// of files, and deleting them one by one is a visible part of a build).
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    if let Ok(entries) = fs::read_dir(dir) {
        let paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.par_iter().for_each(|p| {
            let _ = if p.is_dir() { fs::remove_dir_all(p) } else { fs::remove_file(p) };
        });
    }
    let _ = fs::remove_dir_all(dir);
}

fn same_contents(old: &Path, bytes: &[u8]) -> bool {
    match fs::metadata(old) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => fs::read(old).is_ok_and(|b| b == bytes),
        _ => false,
    }
}

/// Carries the old file into the staging folder, keeping its modification time.
fn keep_old(old: &Path, dest: &Path) -> bool {
    if fs::hard_link(old, dest).is_ok() {
        return true;
    }
    let Ok(modified) = fs::metadata(old).and_then(|m| m.modified()) else {
        return false;
    };
    fs::copy(old, dest).is_ok()
        && fs::File::options().write(true).open(dest).and_then(|f| f.set_modified(modified)).is_ok()
}

fn count_removed(target: &Path, kept: &HashSet<PathBuf>) -> usize {
    walkdir::WalkDir::new(target)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().strip_prefix(target).is_ok_and(|rel| !kept.contains(rel)))
        .count()
}
