//! Publishing pictures: each original decoded once, turned as the camera said, resized to the
//! widths its plan names (`load::images`) and encoded as WebP (libwebp, lossy) and in the
//! original's format. Encoding the pixels anew is what strips the camera's metadata: nothing of
//! the original file but its pixels and its colour profile reaches the published ones.
//!
//! Encoded files are kept in `.kepu-cache/images/` in the site folder, under a hash of the
//! original's bytes and of the settings below, so a rebuild encodes only new or changed
//! pictures. The cache is only ever a copy: deleting it costs one slower build.

use crate::load::images::{decode, Format, Picture};
use crate::util::error::{Diagnostic, Result};
use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::ImageEncoder;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Where encoded pictures are kept between builds, inside the site folder.
pub(crate) const CACHE_DIR: &str = ".kepu-cache/images";

/// WebP quality: photos at 75 are hard to tell from the original on a phone, at about a tenth
/// of a camera JPEG's bytes.
const WEBP_QUALITY: f32 = 75.0;
/// JPEG quality of the fallback for browsers without WebP.
const JPEG_QUALITY: u8 = 80;
/// Part of every cache key: change it when the encoding changes, so old entries are not reused.
const SETTINGS: &str = "kepu-images-1 lanczos3 webp75 jpeg80 png-default";

/// Counts for the build report, added to from the build's threads.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    processed: AtomicUsize,
    reused: AtomicUsize,
    saved: AtomicU64,
}

/// What the pictures of one build cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImageStats {
    /// Pictures decoded and encoded by this build.
    pub processed: usize,
    /// Pictures whose encoded files were taken from the cache.
    pub reused: usize,
    /// Bytes a reader no longer downloads: each original's size less that of its largest
    /// published WebP (what a desktop browser fetches), added up.
    pub bytes_saved: u64,
}

impl Stats {
    /// The counts so far, which start again from zero.
    pub(crate) fn take(&self) -> ImageStats {
        ImageStats {
            processed: self.processed.swap(0, Ordering::Relaxed),
            reused: self.reused.swap(0, Ordering::Relaxed),
            bytes_saved: self.saved.swap(0, Ordering::Relaxed),
        }
    }
}

/// One published file: its URL and bytes.
pub(crate) type File = (String, Vec<u8>);

/// The files published for `picture` (every variant of its plan), from the cache when it has
/// them, else encoded and put there.
pub(crate) fn publish(root: &Path, picture: &Picture, stats: &Stats) -> Result<Vec<File>> {
    let src = Path::new(crate::load::content::CONTENT_DIR).join(&picture.path);
    let original = std::fs::read(root.join(&src)).map_err(|e| Diagnostic::io(&src, &e))?;
    let dir = root.join(CACHE_DIR).join(cache_key(&original, picture));
    let encoded = match cached(&dir, picture) {
        Some(encoded) => {
            stats.reused.fetch_add(1, Ordering::Relaxed);
            encoded
        }
        None => {
            let encoded = encode(picture, &original)?;
            store(&dir, &encoded)?;
            stats.processed.fetch_add(1, Ordering::Relaxed);
            encoded
        }
    };
    let mut files: Vec<File> = picture
        .variants()
        .into_iter()
        .filter_map(|v| {
            let bytes = encoded.iter().find(|e| e.width == v.width && e.format == v.format)?;
            Some((v.url, bytes.bytes.clone()))
        })
        .collect();
    let largest_webp = picture.in_format(Format::Webp).last().map(|v| v.url.clone());
    let published = files.iter().find(|(url, _)| Some(url) == largest_webp.as_ref()).map_or(0, |(_, b)| b.len());
    stats.saved.fetch_add((original.len() as u64).saturating_sub(published as u64), Ordering::Relaxed);
    if picture.keep_original {
        files.push((picture.url.clone(), original));
    }
    Ok(files)
}

/// The size in bytes of the largest published file of `picture` (from the cache, encoding it if
/// needed), for `kepu check`.
pub(crate) fn heaviest(root: &Path, picture: &Picture) -> Result<usize> {
    let files = publish(root, picture, &Stats::default())?;
    let largest: Vec<String> = [Format::Webp, picture.fallback()]
        .iter()
        .filter_map(|f| picture.in_format(*f).last().map(|v| v.url.clone()))
        .collect();
    Ok(files.iter().filter(|(url, _)| largest.contains(url)).map(|(_, b)| b.len()).min().unwrap_or(0))
}

/// The cache folder's name for an original and the plan of its variants.
fn cache_key(original: &[u8], picture: &Picture) -> String {
    let mut h = Sha256::new();
    h.update(original);
    h.update(SETTINGS.as_bytes());
    for v in picture.variants() {
        h.update(format!("{}x{}.{};", v.width, v.height, v.format.ext()).as_bytes());
    }
    h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// One encoded variant.
struct Encoded {
    width: u32,
    format: Format,
    bytes: Vec<u8>,
}

impl Encoded {
    /// Its file's name in the cache folder (`480.webp`).
    fn cache_name(&self) -> String {
        format!("{}.{}", self.width, self.format.ext())
    }
}

/// Every variant from the cache, or `None` if any is missing.
fn cached(dir: &Path, picture: &Picture) -> Option<Vec<Encoded>> {
    picture
        .variants()
        .into_iter()
        .map(|v| {
            let name = format!("{}.{}", v.width, v.format.ext());
            std::fs::read(dir.join(name)).ok().map(|bytes| Encoded { width: v.width, format: v.format, bytes })
        })
        .collect()
}

/// Puts encoded variants into the cache; each file appears whole or not at all (another build
/// may be reading the same entry).
fn store(dir: &Path, encoded: &[Encoded]) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Diagnostic::io(dir, &e))?;
    for e in encoded {
        let (final_path, bytes) = (dir.join(e.cache_name()), &e.bytes);
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Diagnostic::io(dir, &e))?;
        std::io::Write::write_all(&mut tmp, bytes).map_err(|e| Diagnostic::io(&final_path, &e))?;
        tmp.persist(&final_path).map_err(|e| Diagnostic::io(&final_path, &e.error))?;
    }
    Ok(())
}

/// Decodes, turns, resizes and encodes every variant.
fn encode(picture: &Picture, original: &[u8]) -> Result<Vec<Encoded>> {
    let src = Path::new(crate::load::content::CONTENT_DIR).join(&picture.path);
    let decoded = decode(picture, original)?;
    let alpha = decoded.pixels.color().has_alpha();
    let (pixel_type, layout, bytes) = if alpha {
        (PixelType::U8x4, Layout::Rgba, decoded.pixels.into_rgba8().into_raw())
    } else {
        (PixelType::U8x3, Layout::Rgb, decoded.pixels.into_rgb8().into_raw())
    };
    let fail = |msg: String| Diagnostic::in_file(&src, msg);
    let full = Image::from_vec_u8(picture.width, picture.height, bytes, pixel_type)
        .map_err(|e| fail(format!("could not read the picture's pixels: {e}")))?;
    let widths = picture.widths();
    let mut out: Vec<Encoded> = Vec::new();
    let mut resizer = Resizer::new();
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    // Largest first, each from the one before: a 480 px copy of a 12-megapixel photo need not
    // read twelve million pixels again.
    let mut previous = full;
    for &width in widths.iter().rev() {
        let height = picture.height_at(width);
        let current = if width == previous.width() && height == previous.height() {
            previous
        } else {
            let mut dst = Image::new(width, height, pixel_type);
            resizer
                .resize(&previous, &mut dst, &options)
                .map_err(|e| fail(format!("could not resize the picture: {e}")))?;
            dst
        };
        let pixels = Pixels { data: current.buffer(), width, height, layout };
        out.push(Encoded { width, format: Format::Webp, bytes: webp(&pixels).map_err(fail)? });
        if picture.fallback() != Format::Webp {
            let bytes = match picture.fallback() {
                Format::Png => png(&pixels, decoded.icc.as_deref()),
                _ => jpeg(&pixels, decoded.icc.as_deref()),
            };
            out.push(Encoded { width, format: picture.fallback(), bytes: bytes.map_err(fail)? });
        }
        previous = current;
    }
    Ok(out)
}

/// A static image of the theme or the site (`static/logo.png`) without its metadata: the same
/// size and format, turned as its camera said, encoded anew (WebP lossy, JPEG at quality 90 so
/// a second generation loses little, PNG losslessly). `None` when it cannot be read as a
/// picture, or is not one Kepu processes; it is then published as it is.
pub(crate) fn strip(name: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let format = Format::of(Path::new(name))?;
    let decoded = crate::load::images::decode_file(Path::new(name), format, bytes).ok()?;
    let (width, height) = (decoded.pixels.width(), decoded.pixels.height());
    let (layout, data) = if decoded.pixels.color().has_alpha() {
        (Layout::Rgba, decoded.pixels.into_rgba8().into_raw())
    } else {
        (Layout::Rgb, decoded.pixels.into_rgb8().into_raw())
    };
    let pixels = Pixels { data: &data, width, height, layout };
    let icc = decoded.icc.as_deref();
    match format {
        Format::Webp => webp(&pixels).ok(),
        Format::Png => png(&pixels, icc).ok(),
        Format::Jpeg => jpeg_at(&pixels, icc, 90).ok(),
    }
}

/// Channel layout of resized pixels.
#[derive(Clone, Copy)]
enum Layout {
    Rgb,
    Rgba,
}

struct Pixels<'a> {
    data: &'a [u8],
    width: u32,
    height: u32,
    layout: Layout,
}

fn webp(p: &Pixels) -> std::result::Result<Vec<u8>, String> {
    let encoder = match p.layout {
        Layout::Rgb => webp::Encoder::from_rgb(p.data, p.width, p.height),
        Layout::Rgba => webp::Encoder::from_rgba(p.data, p.width, p.height),
    };
    encoder.encode_simple(false, WEBP_QUALITY).map(|m| m.to_vec()).map_err(|e| format!("could not encode WebP: {e:?}"))
}

fn color_type(layout: Layout) -> image::ExtendedColorType {
    match layout {
        Layout::Rgb => image::ExtendedColorType::Rgb8,
        Layout::Rgba => image::ExtendedColorType::Rgba8,
    }
}

fn jpeg(p: &Pixels, icc: Option<&[u8]>) -> std::result::Result<Vec<u8>, String> {
    jpeg_at(p, icc, JPEG_QUALITY)
}

fn jpeg_at(p: &Pixels, icc: Option<&[u8]>, quality: u8) -> std::result::Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    if let Some(icc) = icc {
        // A profile the encoder cannot carry leaves the pixels as they are, read as sRGB.
        let _ = encoder.set_icc_profile(icc.to_vec());
    }
    // JPEG has no transparency: a picture with some is flattened, as browsers show it.
    let rgb;
    let (data, layout) = match p.layout {
        Layout::Rgba => {
            rgb = flatten(p.data);
            (rgb.as_slice(), Layout::Rgb)
        }
        Layout::Rgb => (p.data, Layout::Rgb),
    };
    encoder
        .write_image(data, p.width, p.height, color_type(layout))
        .map_err(|e| format!("could not encode JPEG: {e}"))?;
    Ok(out)
}

/// RGBA over white, as RGB.
fn flatten(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .flat_map(|px| {
            let a = u16::from(px[3]);
            let over = |c: u8| ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
            [over(px[0]), over(px[1]), over(px[2])]
        })
        .collect()
}

fn png(p: &Pixels, icc: Option<&[u8]>) -> std::result::Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut encoder = image::codecs::png::PngEncoder::new(&mut out);
    if let Some(icc) = icc {
        let _ = encoder.set_icc_profile(icc.to_vec());
    }
    encoder
        .write_image(p.data, p.width, p.height, color_type(p.layout))
        .map_err(|e| format!("could not encode PNG: {e}"))?;
    Ok(out)
}
