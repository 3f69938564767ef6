//! The record of what each page was rendered from: beside `output/` (`.output.kepu-renders`),
//! for every file made from a template, the fingerprint of its inputs and the identity of the
//! file the build left (device, inode, size, modification time). The next build keeps a file
//! without rendering it only when both still hold: the same inputs, and the very file that was
//! written from them. A record that is missing, damaged or made by another Kepu is ignored, and
//! everything is rendered.

use crate::util::fingerprint::Fingerprint;
use crate::util::hash::FastMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const MAGIC: &[u8] = b"kepu-renders 1\n";

/// Which file a build left at a path: a file changed in place, replaced or put back gets
/// another modification time, inode or size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Identity {
    device: u64,
    inode: u64,
    size: u64,
    seconds: i64,
    nanos: u32,
}

impl Identity {
    #[cfg(unix)]
    pub(crate) fn of(meta: &fs::Metadata) -> Option<Identity> {
        use std::os::unix::fs::MetadataExt;
        let nanos = u32::try_from(meta.mtime_nsec()).ok()?;
        meta.is_file().then(|| Identity {
            device: meta.dev(),
            inode: meta.ino(),
            size: meta.size(),
            seconds: meta.mtime(),
            nanos,
        })
    }

    /// Without inode numbers a file's identity is unknown: everything is rendered.
    #[cfg(not(unix))]
    pub(crate) fn of(_: &fs::Metadata) -> Option<Identity> {
        None
    }
}

/// One file of the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) inputs: Fingerprint,
    pub(crate) file: Identity,
}

/// The record read from the build before, and the one this build makes.
pub(crate) struct Memo {
    path: PathBuf,
    /// What every entry also depends on: Kepu itself and how it was asked to build.
    header: Fingerprint,
    previous: FastMap<PathBuf, Entry>,
    current: Mutex<Vec<(PathBuf, Entry)>>,
}

impl Memo {
    /// The record at `path`, if it was made under `header`; with `trusted` false (no current
    /// output to keep files of), only a new one.
    pub(crate) fn open(path: PathBuf, header: Fingerprint, trusted: bool) -> Memo {
        let previous = if trusted { fs::read(&path).ok().and_then(|b| parse(&b, header)) } else { None };
        Memo { path, header, previous: previous.unwrap_or_default(), current: Mutex::new(Vec::new()) }
    }

    pub(crate) fn previous(&self, rel: &Path) -> Option<Entry> {
        self.previous.get(rel).copied()
    }

    /// Makes room for `files` entries.
    pub(crate) fn expect(&self, files: usize) {
        if let Ok(mut current) = self.current.lock() {
            current.reserve(files);
        }
    }

    /// Notes that `rel` holds, after this build, the file `entry` describes.
    pub(crate) fn record(&self, rel: &Path, entry: Entry) {
        if let Ok(mut current) = self.current.lock() {
            current.push((rel.to_path_buf(), entry));
        }
    }

    /// This build's record (each file is recorded after the build claimed it): worked out while
    /// the output is made durable, saved ([`Record::save`]) once that output is in place.
    pub(crate) fn finish(self) -> Record {
        // Left in the order the files were written: the record names inodes and times, so no two
        // builds write the same one anyway, and it is read back into a map. (Sorting 338,000
        // names took 49 ms at the end of a build of 150,000 pages.)
        let entries = self.current.into_inner().unwrap_or_default();
        Record { path: self.path, bytes: render(self.header, &entries) }
    }
}

/// A finished record, ready to replace the one beside the output.
pub(crate) struct Record {
    path: PathBuf,
    bytes: Vec<u8>,
}

impl Record {
    /// Replaces the record with this one, in one step.
    pub(crate) fn save(self) -> io::Result<()> {
        let temp = self.path.with_extension("kepu-renders-new");
        fs::write(&temp, self.bytes)?;
        fs::rename(&temp, &self.path)
    }
}

fn render(header: Fingerprint, entries: &[(PathBuf, Entry)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(MAGIC.len() + 16 + entries.len() * 100);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&header.to_bytes());
    for (rel, e) in entries {
        // Output paths come from URLs, which are text.
        let Some(name) = rel.to_str() else { continue };
        out.extend_from_slice(&(name.len() as u32).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&e.inputs.to_bytes());
        let f = &e.file;
        for n in [f.device, f.inode, f.size, f.seconds as u64] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        out.extend_from_slice(&f.nanos.to_le_bytes());
    }
    out
}

/// The entries of a record made under `header`; `None` for anything else.
fn parse(bytes: &[u8], header: Fingerprint) -> Option<FastMap<PathBuf, Entry>> {
    let mut r = Reader(bytes.strip_prefix(MAGIC)?);
    if Fingerprint::from_bytes(r.array()?) != header {
        return None;
    }
    let mut entries = FastMap::default();
    while !r.0.is_empty() {
        let len = u32::from_le_bytes(r.array()?) as usize;
        let name = r.take(len)?;
        let rel = PathBuf::from(String::from_utf8(name.to_vec()).ok()?);
        let inputs = Fingerprint::from_bytes(r.array()?);
        let [device, inode, size, seconds] = [r.u64()?, r.u64()?, r.u64()?, r.u64()?];
        let nanos = u32::from_le_bytes(r.array()?);
        let file = Identity { device, inode, size, seconds: seconds as i64, nanos };
        entries.insert(rel, Entry { inputs, file });
    }
    Some(entries)
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    fn u64(&mut self) -> Option<u64> {
        self.array().map(u64::from_le_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u8) -> Entry {
        Entry {
            inputs: Fingerprint(u128::from(n) << 64 | 7),
            file: Identity { device: 1, inode: u64::from(n), size: 300, seconds: -5, nanos: 999_999_999 },
        }
    }

    #[test]
    fn a_record_reads_back_only_under_its_own_header() {
        let entries = vec![(PathBuf::from("a/index.html"), entry(1)), (PathBuf::from("乙肝/index.html"), entry(2))];
        let bytes = render(Fingerprint(42), &entries);
        let back = parse(&bytes, Fingerprint(42)).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[Path::new("乙肝/index.html")], entry(2));
        assert!(parse(&bytes, Fingerprint(43)).is_none(), "another Kepu's record is ignored");
        for cut in [0, 5, MAGIC.len() + 3, bytes.len() - 1] {
            assert!(parse(&bytes[..cut], Fingerprint(42)).is_none(), "a record cut at {cut} is ignored");
        }
    }
}
