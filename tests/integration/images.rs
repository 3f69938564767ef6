//! Pictures: phone photos published in several sizes as WebP and their own format, with no
//! camera metadata (checked with exiftool), turned as the camera said, referenced through
//! `srcset` with their dimensions, cached so a rebuild encodes nothing, and `kepu check`'s
//! warnings about GPS positions and heavy originals.

use crate::common::{page, Fixture};
use image::{GenericImageView, ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};
use std::io::Cursor;
use std::process::Command;

/// A minimal EXIF block (big-endian TIFF): the orientation, a camera make and model, and a GPS
/// position, as a phone writes them.
fn exif_tiff(orientation: u16) -> Vec<u8> {
    // IFD0 at 8 with 4 entries (2 + 4·12 + 4 = 54 bytes) → data from 62.
    let mut t: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    let make = b"KepuPhone\0";
    let model = b"Model X1\0";
    let ifd0_end = 8 + 2 + 4 * 12 + 4;
    let make_at = ifd0_end;
    let model_at = make_at + make.len();
    let gps_at = model_at + model.len();
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32, short: bool| {
        t.extend(tag.to_be_bytes());
        t.extend(kind.to_be_bytes());
        t.extend(count.to_be_bytes());
        if short {
            t.extend((value as u16).to_be_bytes());
            t.extend([0, 0]);
        } else {
            t.extend(value.to_be_bytes());
        }
    };
    t.extend(4u16.to_be_bytes());
    entry(&mut t, 0x010F, 2, make.len() as u32, make_at as u32, false);
    entry(&mut t, 0x0110, 2, model.len() as u32, model_at as u32, false);
    entry(&mut t, 0x0112, 3, 1, u32::from(orientation), true);
    entry(&mut t, 0x8825, 4, 1, gps_at as u32, false);
    t.extend(0u32.to_be_bytes());
    t.extend(make);
    t.extend(model);
    // GPS IFD: 4 entries, then two RATIONAL[3] values.
    let gps_end = gps_at + 2 + 4 * 12 + 4;
    let lat_at = gps_end;
    let lon_at = lat_at + 24;
    t.extend(4u16.to_be_bytes());
    entry(&mut t, 0x0001, 2, 2, u32::from_be_bytes(*b"N\0\0\0"), false);
    entry(&mut t, 0x0002, 5, 3, lat_at as u32, false);
    entry(&mut t, 0x0003, 2, 2, u32::from_be_bytes(*b"E\0\0\0"), false);
    entry(&mut t, 0x0004, 5, 3, lon_at as u32, false);
    t.extend(0u32.to_be_bytes());
    for (deg, min, sec) in [(29u32, 39u32, 1234u32), (91, 7, 5678)] {
        for (n, d) in [(deg, 1u32), (min, 1), (sec, 100)] {
            t.extend(n.to_be_bytes());
            t.extend(d.to_be_bytes());
        }
    }
    t
}

/// A test pattern `w`×`h` as stored: red in the top-left quarter, green top-right, blue
/// bottom-left, white bottom-right, with a little texture so the encoders have work.
fn pattern(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        let t = ((x * 7 + y * 13) % 32) as u8;
        match (x < w / 2, y < h / 2) {
            (true, true) => Rgb([220 + t / 2, t, t]),
            (false, true) => Rgb([t, 200 + t, t]),
            (true, false) => Rgb([t, t, 200 + t]),
            (false, false) => Rgb([235 + t / 2, 235 + t / 2, 235 + t / 2]),
        }
    })
}

/// A JPEG of the pattern carrying `exif` (an APP1 segment right after the start marker).
fn jpeg_with_exif(img: &RgbImage, exif: Option<Vec<u8>>) -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 92)
        .write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgb8)
        .unwrap();
    let Some(tiff) = exif else { return plain };
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff);
    let mut out = plain[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((payload.len() + 2) as u16).to_be_bytes());
    out.extend(payload);
    out.extend(&plain[2..]);
    out
}

/// A PNG with transparency, carrying `exif` in an `eXIf` chunk before the image data.
fn png_with_exif(img: &RgbaImage, tiff: Vec<u8>) -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::png::PngEncoder::new(&mut plain)
        .write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgba8)
        .unwrap();
    let idat = plain.windows(4).position(|w| w == b"IDAT").unwrap() - 4;
    let mut chunk = (tiff.len() as u32).to_be_bytes().to_vec();
    let mut crc = flate2::Crc::new();
    crc.update(b"eXIf");
    crc.update(&tiff);
    chunk.extend(b"eXIf");
    chunk.extend(&tiff);
    chunk.extend(crc.sum().to_be_bytes());
    let mut out = plain[..idat].to_vec();
    out.extend(chunk);
    out.extend(&plain[idat..]);
    out
}

fn exiftool(path: &std::path::Path) -> String {
    let out = Command::new("exiftool")
        .args(["-a", "-G1", "-s"])
        .arg(path)
        .output()
        .expect("exiftool runs (apt-get install libimage-exiftool-perl; scripts/test installs it)");
    assert!(out.status.success(), "exiftool {}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every group exiftool reports that comes from the file's metadata rather than its structure.
fn metadata_lines(report: &str) -> Vec<&str> {
    report
        .lines()
        .filter(|l| {
            ["[IFD0]", "[ExifIFD]", "[GPS]", "[XMP", "[IPTC]", "[IFD1]", "[MakerNotes]"]
                .iter()
                .any(|g| l.starts_with(g))
        })
        .collect()
}

fn site_with_photo() -> Fixture {
    let f = Fixture::new(&[(
        "content/articles/clinic.md",
        &page(
            "title: 义诊现场\ndate: 2026-11-01",
            "![村卫生室的义诊](clinic.jpg \"义诊\")\n\n文字。\n\n![透明标志](logo.png)\n",
        ),
    )]);
    // 2400×1800 stored, turned a quarter clockwise by the camera: shown 1800×2400.
    f.write("content/articles/clinic.jpg", jpeg_with_exif(&pattern(2400, 1800), Some(exif_tiff(6))));
    let logo = RgbaImage::from_fn(600, 300, |x, _| if x < 300 { Rgba([0, 120, 200, 255]) } else { Rgba([0, 0, 0, 0]) });
    f.write("content/articles/logo.png", png_with_exif(&logo, exif_tiff(1)));
    f
}

#[test]
fn photos_are_published_in_sizes_without_metadata_and_turned() {
    let f = site_with_photo();
    let report = f.build();
    assert_eq!((report.images.processed, report.images.reused), (2, 0), "{report}");
    assert!(report.to_string().contains("Pictures: 2 processed"), "{report}");

    // Widths 480, 960, and the largest (1600, not enlarged beyond the 1800-px shown width).
    for (w, h) in [(480, 640), (960, 1280), (1600, 2133)] {
        for ext in ["webp", "jpg"] {
            let name = if (w, ext) == (1600, "jpg") {
                "articles/clinic.jpg".to_string()
            } else {
                format!("articles/clinic.{w}.{ext}")
            };
            let img = image::load_from_memory(&std::fs::read(f.out(&name)).unwrap())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(img.dimensions(), (w, h), "{name}");
        }
    }
    assert!(!f.exists("articles/clinic.1800.webp"));
    // The PNG is narrower than 960: 480 and its own 600, never enlarged; transparency kept.
    assert!(
        f.exists("articles/logo.480.webp") && f.exists("articles/logo.600.webp") && !f.exists("articles/logo.960.webp")
    );
    let logo = image::load_from_memory(&std::fs::read(f.out("articles/logo.png")).unwrap()).unwrap();
    assert_eq!(logo.dimensions(), (600, 300));
    assert_eq!(logo.get_pixel(500, 100)[3], 0, "transparent half stays transparent");
    let logo_webp = image::load_from_memory(&std::fs::read(f.out("articles/logo.480.webp")).unwrap()).unwrap();
    assert!(logo_webp.color().has_alpha() && logo_webp.get_pixel(400, 100)[3] < 10);

    // Turned as the camera said: what was stored at the top-left (red) is now at the top-right.
    let small = image::load_from_memory(&std::fs::read(f.out("articles/clinic.480.jpg")).unwrap()).unwrap().to_rgb8();
    let [r, g, b] = small.get_pixel(470, 10).0;
    assert!(r > 180 && g < 80 && b < 80, "top-right is red: {r},{g},{b}");
    let [r, g, b] = small.get_pixel(10, 10).0;
    assert!(b > 160 && r < 80, "top-left is blue (stored bottom-left): {r},{g},{b}");

    // No published file carries camera metadata, read by an independent tool.
    let mut published = 0;
    for entry in walkdir::WalkDir::new(f.out("articles")).into_iter().map(Result::unwrap) {
        let name = entry.file_name().to_string_lossy().to_string();
        if !["jpg", "png", "webp"].iter().any(|e| name.ends_with(e)) {
            continue;
        }
        published += 1;
        let report = exiftool(entry.path());
        assert!(metadata_lines(&report).is_empty(), "{name} carries metadata:\n{report}");
        let bytes = std::fs::read(entry.path()).unwrap();
        assert!(exif::Reader::new().read_from_container(&mut Cursor::new(&bytes)).is_err(), "{name} has EXIF");
        assert!(!bytes.windows(9).any(|w| w == b"KepuPhone"), "{name} names the camera");
    }
    assert_eq!(published, 6 + 4, "clinic: 3 widths × 2 formats; logo: 2 widths × 2 formats");

    // The page offers every size with its dimensions; the first picture loads at once.
    let html = f.read("articles/clinic/index.html");
    assert!(
        html.contains(
            "<source type=\"image/webp\" srcset=\"/articles/clinic.480.webp 480w, /articles/clinic.960.webp 960w, \
             /articles/clinic.1600.webp 1600w\""
        ),
        "{html}"
    );
    assert!(html.contains("<img src=\"/articles/clinic.jpg\" srcset=\"/articles/clinic.480.jpg 480w, /articles/clinic.960.jpg 960w, /articles/clinic.jpg 1600w\""), "{html}");
    assert!(
        html.contains("width=\"1600\" height=\"2133\" alt=\"村卫生室的义诊\" title=\"义诊\" decoding=\"async\">"),
        "{html}"
    );
    assert!(
        html.contains("width=\"600\" height=\"300\" alt=\"透明标志\" loading=\"lazy\" decoding=\"async\">"),
        "{html}"
    );
}

#[test]
fn a_rebuild_encodes_nothing_and_a_changed_photo_again() {
    let f = site_with_photo();
    f.build();
    let first = std::fs::read(f.out("articles/clinic.960.webp")).unwrap();
    let again = f.build();
    assert_eq!((again.images.processed, again.images.reused), (0, 2), "{again}");
    assert_eq!(std::fs::read(f.out("articles/clinic.960.webp")).unwrap(), first, "same bytes from the cache");
    assert!(f.root().join(".kepu-cache/images").is_dir());

    // Without the cache, the same bytes again: encoding is deterministic.
    std::fs::remove_dir_all(f.root().join(".kepu-cache")).unwrap();
    let fresh = f.build();
    assert_eq!(fresh.images.processed, 2);
    assert_eq!(std::fs::read(f.out("articles/clinic.960.webp")).unwrap(), first);

    f.write("content/articles/clinic.jpg", jpeg_with_exif(&pattern(1000, 800), None));
    let changed = f.build();
    assert_eq!((changed.images.processed, changed.images.reused), (1, 1), "{changed}");
    assert!(f.exists("articles/clinic.960.webp") && !f.exists("articles/clinic.1600.webp"), "old sizes removed");
}

#[test]
fn keep_metadata_publishes_the_original_as_it_is() {
    let f = site_with_photo();
    f.write("site.yaml", format!("{}images:\n  keep_metadata: true\n", crate::common::CONFIG));
    f.build();
    let original = std::fs::read(f.root().join("content/articles/clinic.jpg")).unwrap();
    assert_eq!(std::fs::read(f.out("articles/clinic.jpg")).unwrap(), original);
    assert!(exiftool(&f.out("articles/clinic.jpg")).contains("GPSLatitude"));
    // The sizes for pages are still stripped, the largest now under its width.
    assert!(metadata_lines(&exiftool(&f.out("articles/clinic.1600.jpg"))).is_empty());
    assert!(f.read("articles/clinic/index.html").contains("<img src=\"/articles/clinic.1600.jpg\""));
}

#[test]
fn check_warns_about_gps_and_heavy_pictures() {
    let f = site_with_photo();
    // Noise does not compress: a heavy original, and a heavy largest size.
    let noise = RgbImage::from_fn(2600, 2000, |x, y| {
        let v = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)).wrapping_mul(2_246_822_519) >> 8;
        Rgb([v as u8, (v >> 8) as u8, (v >> 16) as u8])
    });
    let mut heavy = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut heavy, 100)
        .write_image(noise.as_raw(), 2600, 2000, image::ExtendedColorType::Rgb8)
        .unwrap();
    assert!(heavy.len() > 5 * 1024 * 1024, "{}", heavy.len());
    f.write("content/articles/noise.jpg", heavy);
    f.write("content/articles/broken.png", b"not a picture");
    let report = f.build();
    assert!(
        report.warnings.iter().any(|w| w.contains("1 file(s) named like pictures could not be read")),
        "{report:?}"
    );
    assert_eq!(std::fs::read(f.out("articles/broken.png")).unwrap(), b"not a picture");
    let out = f.cli(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("content/articles/clinic.jpg: warning: the original holds a GPS position"), "{text}");
    assert!(text.contains("content/articles/logo.png: warning: the original holds a GPS position"), "{text}");
    assert!(text.contains("content/articles/noise.jpg: warning: original of"), "{text}");
    assert!(text.contains("content/articles/noise.jpg: warning: the largest published size weighs"), "{text}");
    assert!(!text.contains("clinic.jpg: warning: the largest"), "{text}");
    assert!(text.contains("content/articles/broken.png: warning: could not be read as a picture"), "{text}");
}

#[test]
fn templates_ask_for_a_size_with_image() {
    let f = site_with_photo();
    f.write(
        "templates/page.html",
        "{% set img = image(path=\"articles/clinic.jpg\", width=700) %}{{ img.url }}|{{ img.width }}|{{ img.height }}|\
         {{ img.webp }}|{{ img.type }}\n{{ img.webp_srcset }}\n{% set big = image(path=\"/articles/clinic.jpg\") %}\
         {{ big.url }}|{{ big.width }}|{{ big.sizes | length }}\n",
    );
    f.build();
    let html = f.read("articles/clinic/index.html");
    let lines: Vec<&str> = html.lines().collect();
    assert_eq!(lines[0], "/articles/clinic.960.jpg|960|1280|/articles/clinic.960.webp|image/jpeg", "{html}");
    assert_eq!(
        lines[1],
        "/articles/clinic.480.webp 480w, /articles/clinic.960.webp 960w, /articles/clinic.1600.webp 1600w"
    );
    assert_eq!(lines[2], "/articles/clinic.jpg|1600|6");

    f.write("templates/page.html", "{% set img = image(path=\"articles/missing.jpg\") %}{{ img.url }}");
    let err = f.build_err().to_string();
    assert!(
        err.contains(
            "image(path=\"articles/missing.jpg\"): no JPEG, PNG or WebP picture at content/articles/missing.jpg"
        ),
        "{err}"
    );
}

#[test]
fn a_photo_named_with_spaces_and_chinese_keeps_a_valid_srcset() {
    let f = Fixture::new(&[("content/articles/visit.md", &page("title: 家访", "![家访](<家访 IMG 0042.jpg>)\n"))]);
    f.write("content/articles/家访 IMG 0042.jpg", jpeg_with_exif(&pattern(700, 500), None));
    f.build();
    assert!(f.exists("articles/家访 IMG 0042.480.webp") && f.exists("articles/家访 IMG 0042.jpg"));
    let html = f.read("articles/visit/index.html");
    assert!(
        html.contains(
            "srcset=\"/articles/家访%20IMG%200042.480.webp 480w, /articles/家访%20IMG%200042.700.webp 700w\""
        ),
        "{html}"
    );
    assert!(html.contains("<img src=\"/articles/家访%20IMG%200042.jpg\""), "{html}");
}

#[test]
fn the_sites_static_pictures_lose_their_metadata_too() {
    let f = Fixture::new(&[("content/_index.md", &page("title: 首页", "文字"))]);
    f.write("static/banner.jpg", jpeg_with_exif(&pattern(800, 400), Some(exif_tiff(1))));
    f.write("static/broken.png", b"not a picture");
    f.build();
    let banner = f.out(&f.asset_name("banner", "jpg"));
    assert!(metadata_lines(&exiftool(&banner)).is_empty(), "{}", exiftool(&banner));
    assert_eq!(image::open(&banner).unwrap().dimensions(), (800, 400));
    assert_eq!(std::fs::read(f.out(&f.asset_name("broken", "png"))).unwrap(), b"not a picture");
}
