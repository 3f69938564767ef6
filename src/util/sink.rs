//! Where rendered files go: the staging tree of a build, or the preview folder of `kepu serve`.

use crate::util::error::Result;
use std::path::Path;

/// A destination for output files, written from many threads at once.
pub(crate) trait Sink: Sync {
    /// Writes `bytes` at `rel`, a path relative to the output folder.
    fn write(&self, rel: &Path, bytes: &[u8]) -> Result<()>;
}
