//! Photos and pictures under `content/`: what each one is — its size as shown (after the
//! camera's rotation), its format, whether it carries a GPS position or other camera metadata —
//! read from the file, and the plan of what is published for it: the widths, the formats and
//! their URLs. Pages, templates and `kepu check` all read this plan; `formats::images` encodes
//! the files it names.

use crate::util::error::{Diagnostic, Result};
use image::ImageDecoder;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The widths published, in pixels: a phone, a tablet or a phone at high density, a desktop.
/// A picture narrower than one of them is not enlarged; its own width is the largest.
pub(crate) const WIDTHS: [u32; 3] = [480, 960, 1600];

/// The formats Kepu reads, resizes and strips (GIFs may be animated and SVGs are text: both are
/// copied as they are).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Format {
    Jpeg,
    Png,
    Webp,
}

impl Format {
    /// The format a file's name says, if Kepu processes it.
    pub(crate) fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::Webp),
            _ => None,
        }
    }

    fn reader_format(self) -> image::ImageFormat {
        match self {
            Format::Jpeg => image::ImageFormat::Jpeg,
            Format::Png => image::ImageFormat::Png,
            Format::Webp => image::ImageFormat::WebP,
        }
    }

    /// The file name extension of variants in this format.
    pub(crate) fn ext(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }

    /// The MIME type, for `<source type=…>`.
    pub(crate) fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
        }
    }
}

/// One published file of a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variant {
    /// Its URL (`/articles/clinic.480.webp`).
    pub(crate) url: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) format: Format,
}

/// A picture in `content/` and what is published for it.
#[derive(Debug, Clone)]
pub(crate) struct Picture {
    /// Inside `content/` (`articles/clinic.jpg`).
    pub(crate) path: PathBuf,
    /// The URL of the original's name (`/articles/clinic.jpg`).
    pub(crate) url: String,
    pub(crate) format: Format,
    /// Size as shown, after the camera's rotation.
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// The original holds a GPS position (in EXIF or XMP).
    pub(crate) gps: bool,
    /// The original's size in bytes.
    pub(crate) bytes: u64,
    /// `images: {keep_metadata: true}`: the original is published under its own name unchanged.
    pub(crate) keep_original: bool,
}

impl Picture {
    /// The widths published, smallest first, never wider than the original.
    pub(crate) fn widths(&self) -> Vec<u32> {
        let largest = self.width.min(WIDTHS[WIDTHS.len() - 1]);
        let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w < largest).collect();
        widths.push(largest);
        widths
    }

    /// The height at `width`, keeping the proportions.
    pub(crate) fn height_at(&self, width: u32) -> u32 {
        let h = (u64::from(self.height) * u64::from(width) + u64::from(self.width) / 2) / u64::from(self.width.max(1));
        (h as u32).max(1)
    }

    /// The format browsers that cannot read WebP get: the original's.
    pub(crate) fn fallback(&self) -> Format {
        self.format
    }

    /// Every file published for the picture: WebP at each width, and the original's format at
    /// each width, the largest of which takes the original's name (unless the original itself
    /// is kept there).
    pub(crate) fn variants(&self) -> Vec<Variant> {
        let widths = self.widths();
        let largest = *widths.last().unwrap_or(&self.width);
        let mut out = Vec::new();
        let mut formats = vec![Format::Webp];
        if self.fallback() != Format::Webp {
            formats.push(self.fallback());
        }
        for format in formats {
            for &w in &widths {
                let url = if w == largest && format == self.format && !self.keep_original {
                    self.url.clone()
                } else {
                    self.variant_url(w, format)
                };
                out.push(Variant { url, width: w, height: self.height_at(w), format });
            }
        }
        out
    }

    /// The variants in one format, smallest first.
    pub(crate) fn in_format(&self, format: Format) -> Vec<Variant> {
        self.variants().into_iter().filter(|v| v.format == format).collect()
    }

    /// `/articles/clinic.jpg` at 480 px in WebP → `/articles/clinic.480.webp`.
    fn variant_url(&self, width: u32, format: Format) -> String {
        let stem = self.url.rsplit_once('.').map_or(self.url.as_str(), |(s, _)| s);
        format!("{stem}.{width}.{}", format.ext())
    }

    /// A `srcset` list of the variants in `format`: `/a.480.webp 480w, /a.960.webp 960w`.
    pub(crate) fn srcset(&self, format: Format) -> String {
        let list: Vec<String> =
            self.in_format(format).iter().map(|v| format!("{} {}w", in_srcset(&v.url), v.width)).collect();
        list.join(", ")
    }
}

/// A URL as written in `src` and `srcset`: spaces and commas separate `srcset` candidates, so a
/// file named `IMG 0042.jpg` is written `IMG%200042.jpg` (which the server reads back as the
/// same file).
pub(crate) fn in_srcset(url: &str) -> String {
    url.replace('%', "%25").replace(' ', "%20").replace(',', "%2C")
}

/// A file that has an image's name but could not be read as one.
#[derive(Debug, Clone)]
pub(crate) struct Unreadable {
    /// Inside `content/`.
    pub(crate) path: PathBuf,
    pub(crate) reason: String,
}

/// Every picture of the site's content, by URL.
#[derive(Debug, Clone, Default)]
pub(crate) struct Catalog {
    pictures: BTreeMap<String, Picture>,
    /// Published unchanged, and reported.
    pub(crate) unreadable: Vec<Unreadable>,
}

impl Catalog {
    /// Reads the headers of the pictures among `assets` (paths inside `content_dir`), in parallel.
    pub(crate) fn probe(content_dir: &Path, assets: &[PathBuf], keep_metadata: bool) -> Catalog {
        let probed: Vec<std::result::Result<Picture, Unreadable>> = assets
            .par_iter()
            .filter_map(|rel| Format::of(rel).map(|f| (rel, f)))
            .map(|(rel, format)| {
                probe_one(content_dir, rel, format, keep_metadata)
                    .map_err(|reason| Unreadable { path: rel.clone(), reason })
            })
            .collect();
        let mut catalog = Catalog::default();
        for p in probed {
            match p {
                Ok(picture) => {
                    catalog.pictures.insert(picture.url.clone(), picture);
                }
                Err(u) => catalog.unreadable.push(u),
            }
        }
        catalog
    }

    /// The picture at a site URL (`/articles/clinic.jpg`).
    pub(crate) fn get(&self, url: &str) -> Option<&Picture> {
        self.pictures.get(url)
    }

    /// The picture at a path inside `content/` (`articles/clinic.jpg`), or a URL.
    pub(crate) fn find(&self, path: &str) -> Option<&Picture> {
        let trimmed = path.trim_start_matches("./").trim_start_matches("content/").trim_start_matches('/');
        self.get(&format!("/{trimmed}"))
    }

    /// Every picture, in URL order.
    pub(crate) fn pictures(&self) -> impl Iterator<Item = &Picture> {
        self.pictures.values()
    }
}

fn probe_one(
    content_dir: &Path,
    rel: &Path,
    format: Format,
    keep_original: bool,
) -> std::result::Result<Picture, String> {
    let path = content_dir.join(rel);
    let bytes = std::fs::metadata(&path).map_err(|e| e.to_string())?.len();
    let file = std::fs::File::open(&path).map_err(|e| e.to_string())?;
    let reader = image::ImageReader::with_format(std::io::BufReader::new(file), format.reader_format());
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions();
    let orientation = decoder.orientation().map_err(|e| e.to_string())?.to_exif();
    let exif = decoder.exif_metadata().ok().flatten();
    let xmp = decoder.xmp_metadata().ok().flatten();
    let gps = exif.as_deref().is_some_and(exif_has_gps) || xmp.as_deref().is_some_and(xmp_has_gps);
    let (width, height) = if (5..=8).contains(&orientation) { (h, w) } else { (w, h) };
    if width == 0 || height == 0 {
        return Err("the picture is empty (0 pixels wide or high)".into());
    }
    let url = format!("/{}", rel.to_string_lossy().replace('\\', "/"));
    Ok(Picture { path: rel.to_path_buf(), url, format, width, height, gps, bytes, keep_original })
}

/// Whether an EXIF block (TIFF structure, as a decoder hands it over) records a position.
fn exif_has_gps(raw: &[u8]) -> bool {
    let Ok(exif) = exif::Reader::new().read_raw(raw.to_vec()) else { return false };
    let found = exif.fields().any(|f| matches!(f.tag, exif::Tag::GPSLatitude | exif::Tag::GPSLongitude));
    found
}

/// Whether an XMP packet records a position (`exif:GPSLatitude`, as phones and Lightroom write).
fn xmp_has_gps(raw: &[u8]) -> bool {
    let text = String::from_utf8_lossy(raw);
    text.contains("GPSLatitude") || text.contains("GPSLongitude")
}

/// The original of a picture, read whole for publishing: its bytes, decoded pixels turned as the
/// camera said, and its colour profile.
pub(crate) struct Decoded {
    pub(crate) pixels: image::DynamicImage,
    pub(crate) icc: Option<Vec<u8>>,
}

/// Decodes `bytes` (the picture's file) and applies its orientation.
pub(crate) fn decode(picture: &Picture, bytes: &[u8]) -> Result<Decoded> {
    decode_file(&Path::new(super::content::CONTENT_DIR).join(&picture.path), picture.format, bytes)
}

/// Decodes `bytes`, the file `src` in `format`, and applies its orientation.
pub(crate) fn decode_file(src: &Path, format: Format, bytes: &[u8]) -> Result<Decoded> {
    let fail = |e: image::ImageError| {
        Diagnostic::in_file(src, format!("could not read the picture: {e}; save it again as JPEG or PNG"))
    };
    let reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format.reader_format());
    let mut decoder = reader.into_decoder().map_err(fail)?;
    let icc = decoder.icc_profile().ok().flatten();
    let orientation = decoder.orientation().map_err(fail)?;
    let mut pixels = image::DynamicImage::from_decoder(decoder).map_err(fail)?;
    pixels.apply_orientation(orientation);
    Ok(Decoded { pixels, icc })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(url: &str, width: u32, height: u32) -> Picture {
        Picture {
            path: PathBuf::from(url.trim_start_matches('/')),
            url: url.into(),
            format: Format::Jpeg,
            width,
            height,
            gps: false,
            bytes: 0,
            keep_original: false,
        }
    }

    #[test]
    fn widths_never_enlarge_and_names_survive_srcset() {
        assert_eq!(picture("/a.jpg", 4000, 3000).widths(), vec![480, 960, 1600]);
        assert_eq!(picture("/a.jpg", 1000, 3000).widths(), vec![480, 960, 1000]);
        assert_eq!(picture("/a.jpg", 300, 200).widths(), vec![300]);
        let p = picture("/义诊/IMG 1,2.jpg", 600, 400);
        assert_eq!(p.srcset(Format::Webp), "/义诊/IMG%201%2C2.480.webp 480w, /义诊/IMG%201%2C2.600.webp 600w");
        assert_eq!(p.height_at(480), 320);
    }
}
