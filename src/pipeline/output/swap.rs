//! The one step that makes a build visible: the complete new tree and the old output folder
//! trade places. On Linux that is a single `renameat2(RENAME_EXCHANGE)`, so a reader, a kill or
//! a power cut sees the old tree or the new one, never a mixture. Elsewhere (or on a file system
//! without exchange) it is two renames: the old tree is moved aside to `.NAME.kepu-old-PID`,
//! then the new one into place; a crash between them leaves no `output/` for a moment, and the
//! next build moves the old tree back before doing anything else.

use std::io;
use std::path::Path;

/// Makes everything written under `dir` durable before it is published (one `syncfs` for the
/// whole tree on Linux, instead of one `fsync` per file).
pub(super) fn sync_tree(dir: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let f = std::fs::File::open(dir)?;
        rustix::fs::syncfs(&f)?;
    }
    #[cfg(not(target_os = "linux"))]
    let _ = dir;
    Ok(())
}

/// Makes one file's contents durable.
pub(super) fn sync_file(path: &Path) -> io::Result<()> {
    std::fs::File::open(path)?.sync_all()
}

/// Makes a rename inside `dir` durable.
pub(super) fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Puts `new` at `target`, leaving the previous `target` (if any) at `new`'s path; `aside` is
/// where it waits in between when the platform cannot exchange.
pub(super) fn publish(new: &Path, target: &Path, aside: &Path) -> io::Result<()> {
    if !target.exists() {
        return std::fs::rename(new, target);
    }
    if exchange(new, target)? {
        return Ok(());
    }
    std::fs::rename(target, aside)?;
    super::crash_point();
    std::fs::rename(new, target)?;
    std::fs::rename(aside, new)
}

/// Atomically exchanges two folders; `Ok(false)` when this system or file system cannot.
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Ok(false)
    }
}
