//! The built site as a deploy sees it: every file of the output folder with its size, SHA-256
//! and MD5, read in parallel. Only a folder `kepu build` wrote (it holds the build's record of
//! its files) is deployed, so a wrong `--output` cannot publish an unrelated folder.

use super::plan::{LocalFile, MANIFEST_KEY};
use crate::pipeline::output::MANIFEST_FILE;
use md5::Digest as _;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Every file under `dir` except the build's own record, sorted by key.
pub(crate) fn scan(dir: &Path) -> Result<Vec<LocalFile>, String> {
    if !dir.join(MANIFEST_FILE).is_file() {
        return Err(if dir.is_dir() {
            format!(
                "{} was not written by `kepu build` (it has no {MANIFEST_FILE}); run `kepu build` first, or name the \
                 built folder with `--output FOLDER`",
                dir.display()
            )
        } else {
            format!("there is no built site in {}: run `kepu build` first, then `kepu deploy`", dir.display())
        });
    }
    let mut paths: Vec<(String, PathBuf)> = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let Some(key) = rel.to_str().map(|k| k.replace('\\', "/")) else {
            return Err(format!("{}: the file name is not valid UTF-8; rename it", entry.path().display()));
        };
        if key == MANIFEST_FILE || key == MANIFEST_KEY {
            continue;
        }
        paths.push((key, entry.path().to_path_buf()));
    }
    paths.sort();
    paths.into_par_iter().map(|(key, path)| digest(key, &path)).collect()
}

/// A file's key, size and digests.
fn digest(key: String, path: &Path) -> Result<LocalFile, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(LocalFile {
        key,
        size: bytes.len() as u64,
        sha256: format!("{:x}", sha2::Sha256::digest(&bytes)),
        md5: format!("{:x}", md5::Md5::digest(&bytes)),
    })
}
