//! Where rendered files go: the staging tree of a build, or the preview folder of `kepu serve`.

use crate::util::error::Result;
use crate::util::fingerprint::Fingerprint;
use std::path::Path;

/// A destination for output files, written from many threads at once.
pub(crate) trait Sink: Sync {
    /// Writes `bytes` at `rel`, a path relative to the output folder.
    fn write(&self, rel: &Path, bytes: &[u8]) -> Result<()>;

    /// Makes room for about `files` files, known before the first is written: a large site's
    /// record of what it wrote would otherwise be copied into larger tables again and again.
    fn expect(&self, _files: usize) {}

    /// Whether this destination remembers what each page was rendered from, so that a page
    /// whose inputs did not change need not be rendered: then ask [`Sink::keep`] first.
    fn remembers(&self) -> bool {
        false
    }

    /// Keeps the file at `rel` as it is, if the build before rendered it from `inputs` and no
    /// one has changed it since; `false` when it must be rendered and written.
    fn keep(&self, _rel: &Path, _inputs: Fingerprint) -> Result<bool> {
        Ok(false)
    }

    /// [`Sink::write`] for a page rendered from `inputs`, remembered for the next build.
    fn write_remembered(&self, rel: &Path, bytes: &[u8], _inputs: Fingerprint) -> Result<()> {
        self.write(rel, bytes)
    }
}
