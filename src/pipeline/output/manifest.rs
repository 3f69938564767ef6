//! The record of what Kepu wrote: `output/.kepu-manifest` lists every file of the build, so the
//! next build removes only those and leaves anything else in the folder alone. It lives inside
//! the output folder, so it is replaced in the same step as the files it lists.

use rayon::slice::ParallelSliceMut;
use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The manifest's file name inside the output folder.
pub(crate) const FILE: &str = ".kepu-manifest";
const HEADER: &str = "kepu-manifest 1";

/// What the previous build of an output folder wrote.
#[derive(Debug, Default)]
pub(crate) struct Manifest {
    pub(crate) files: HashSet<PathBuf>,
}

impl Manifest {
    /// Reads `dir`'s manifest: `Ok(None)` when there is none, `Err` with a reason when it is not one.
    pub(crate) fn read(dir: &Path) -> std::result::Result<Option<Manifest>, String> {
        let text = match std::fs::read_to_string(dir.join(FILE)) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Err(format!("it does not start with `{HEADER}`"));
        }
        // One JSON string a line: any file name, newlines included, round-trips.
        let files = lines
            .map(|l| serde_json::from_str::<String>(l).map(PathBuf::from).map_err(|e| e.to_string()))
            .collect::<std::result::Result<_, _>>()?;
        Ok(Some(Manifest { files }))
    }

    /// The manifest's text for `files` (sorted, so the same build gives the same bytes).
    pub(crate) fn render<'a>(files: impl Iterator<Item = &'a Path>) -> Vec<u8> {
        // Borrowed where nothing changes: a build lists tens of thousands of names.
        let mut names: Vec<Cow<str>> = files
            .map(|p| match p.to_string_lossy() {
                name if name.contains('\\') => Cow::Owned(name.replace('\\', "/")),
                name => name,
            })
            .collect();
        names.par_sort_unstable();
        let mut out = Vec::with_capacity(names.len() * 40 + HEADER.len() + 1);
        out.extend_from_slice(HEADER.as_bytes());
        out.push(b'\n');
        for n in names {
            // Writing a `&str` to a `Vec` fails only if serialising fails, which a string cannot.
            let _ = serde_json::to_writer(&mut out, n.as_ref());
            out.push(b'\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_any_name() {
        let dir = tempfile::tempdir().unwrap();
        let names = [Path::new("a/index.html"), Path::new("odd\nname \"q\".txt"), Path::new("乙肝/index.html")];
        std::fs::write(dir.path().join(FILE), Manifest::render(names.iter().copied())).unwrap();
        let read = Manifest::read(dir.path()).unwrap().unwrap();
        assert_eq!(read.files, names.iter().map(|p| p.to_path_buf()).collect::<HashSet<_>>());
    }

    #[test]
    fn missing_and_foreign_files_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Manifest::read(dir.path()).unwrap().is_none());
        std::fs::write(dir.path().join(FILE), "something else\n").unwrap();
        assert!(Manifest::read(dir.path()).is_err());
    }
}
