//! QR codes as SVG, the one place the QR library is used.

use fast_qr::{QRBuilder, QRCode, ECL};
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Mutex, OnceLock};

/// Light modules around the code, as the QR specification requires for scanners to find it.
const QUIET_ZONE: usize = 4;
/// Smallest drawn width in CSS pixels, before the stylesheet sizes it for paper.
const MIN_PIXELS: usize = 200;

/// Codes already drawn, by data: a page's code appears on its own flyer and on every bilingual
/// flyer it is part of, and choosing the mask is the slow part of drawing one. Only codes drawn
/// again are kept (a page on no bilingual flyer would hold its few kilobytes for nothing).
static CACHE: OnceLock<Mutex<HashMap<String, Option<String>>>> = OnceLock::new();

std::thread_local! {
    /// The matrix each thread draws its codes in (the patched fast_qr's `build_into`): a code
    /// holds room for the largest, 31 KB, and building one by value moved that several times.
    static MATRIX: RefCell<Box<QRCode>> = RefCell::new(Box::new(QRCode::default(0)));
}

/// An SVG QR code for `data` (medium error correction: survives a crease or a smudge on paper).
/// `label` becomes its accessible name; `again` says the same code will be drawn again.
pub(crate) fn svg(data: &str, label: &str, again: bool) -> Option<String> {
    let cache = CACHE.get_or_init(Default::default);
    let hit = if again { cache.lock().ok().and_then(|c| c.get(data).cloned()) } else { None };
    let shape = match hit {
        Some(shape) => shape,
        None => {
            let shape = draw(data);
            if again {
                if let Ok(mut c) = cache.lock() {
                    c.insert(data.to_string(), shape.clone());
                }
            }
            shape
        }
    }?;
    let label = crate::util::html::escape_html(label);
    Some(format!("<svg role=\"img\" aria-label=\"{label}\" class=\"qr\" {shape}"))
}

/// Everything after `<svg ` for `data`'s code: dark modules as one path of horizontal runs,
/// a few kilobytes less than a rectangle per module. Written as bytes: a code has hundreds of
/// runs, and pushing each `char` to a `String` was most of the time spent drawing.
fn draw(data: &str) -> Option<String> {
    MATRIX.with_borrow_mut(|code| {
        QRBuilder::new(data.as_bytes()).ecl(ECL::M).build_into(code).ok()?;
        path(code)
    })
}

/// The SVG of a built code.
fn path(code: &QRCode) -> Option<String> {
    let n = code.size;
    let side = n + 2 * QUIET_ZONE;
    let px = side * MIN_PIXELS.div_ceil(side);
    let mut out = Vec::with_capacity(4 * 1024); // a typical code draws in about 3 KB
    let _ = write!(
        out,
        "xmlns=\"http://www.w3.org/2000/svg\" width=\"{px}\" height=\"{px}\" viewBox=\"0 0 {side} {side}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path fill=\"#000\" d=\""
    );
    for y in 0..n {
        let row = &code[y];
        let top = Number::of(y + QUIET_ZONE);
        let mut x = 0;
        while x < n {
            if !row[x].value() {
                x += 1;
                continue;
            }
            let start = x;
            while x < n && row[x].value() {
                x += 1;
            }
            let run = Number::of(x - start);
            // One run, `M{x} {y}h{run}v1h-{run}z`, put together on the stack and appended at
            // once; each number is copied as its three bytes (a fixed-size copy, where copying
            // its length called `memcpy`), the next part overwriting what it did not use.
            let mut buf = [0u8; 32];
            let mut len = 0;
            let mut put = |bytes: &[u8], used: usize| {
                buf[len..len + bytes.len()].copy_from_slice(bytes);
                len += used;
            };
            put(b"M", 1);
            let left = Number::of(start + QUIET_ZONE);
            put(&left.digits, left.len);
            put(b" ", 1);
            put(&top.digits, top.len);
            put(b"h", 1);
            put(&run.digits, run.len);
            put(b"v1h-", 4);
            put(&run.digits, run.len);
            put(b"z", 1);
            out.extend_from_slice(&buf[..len]);
        }
    }
    out.extend_from_slice(b"\"/></svg>");
    String::from_utf8(out).ok()
}

/// A coordinate or a run in decimal. Both are below 1,000: a code is at most 177 modules wide,
/// 185 with its quiet zone.
#[derive(Clone, Copy)]
struct Number {
    digits: [u8; Number::MAX_DIGITS],
    len: usize,
}

impl Number {
    const MAX_DIGITS: usize = 3;

    fn of(n: usize) -> Number {
        debug_assert!(n < 1000);
        let digit = |d: usize| b'0' + (d % 10) as u8;
        match n {
            0..10 => Number { digits: [digit(n), 0, 0], len: 1 },
            10..100 => Number { digits: [digit(n / 10), digit(n), 0], len: 2 },
            _ => Number { digits: [digit(n / 100), digit(n / 10), digit(n)], len: 3 },
        }
    }

    #[cfg(test)]
    fn digits(&self) -> &[u8] {
        &self.digits[..self.len]
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_inline_svg() {
        let s = super::svg("https://example.org/articles/x/", "QR: https://example.org/articles/x/", false).unwrap();
        assert!(s.starts_with("<svg role=\"img\" aria-label=\"QR: https://example.org/articles/x/\""));
        assert!(s.contains("viewBox=\"0 0 37 37\""), "version 3 (29 modules) plus the quiet zone: {s}");
        assert!(s.ends_with("\"/></svg>"));
    }

    #[test]
    fn only_codes_drawn_again_are_kept() {
        let (once, twice) = ("https://example.org/once/", "https://example.org/twice/");
        let first = super::svg(twice, "QR", true);
        assert!(super::svg(once, "QR", false).is_some());
        assert_eq!(super::svg(twice, "QR", true), first, "drawn again from the cache");
        let cache = super::CACHE.get().unwrap().lock().unwrap();
        assert!(cache.contains_key(twice));
        assert!(!cache.contains_key(once), "a code drawn once is not held");
    }

    /// Codes are built in one matrix per thread, overwritten each time: a small code after a
    /// large one must come out as if built in a fresh matrix.
    #[test]
    fn a_reused_matrix_draws_what_a_fresh_one_draws() {
        use fast_qr::{QRBuilder, ECL};
        let long = format!("https://example.org/{}/", "x".repeat(600));
        let urls = [long.as_str(), "https://example.org/a/", "https://example.org/zh-hans/articles/hepatitis-b/", "1"];
        for url in urls.iter().chain(urls.iter().rev()) {
            let fresh = QRBuilder::new(url.as_bytes()).ecl(ECL::M).build().unwrap();
            assert_eq!(super::draw(url), super::path(&fresh), "{url}");
        }
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in 0..1000 {
            assert_eq!(super::Number::of(n).digits(), n.to_string().as_bytes());
        }
    }

    #[test]
    fn data_too_long_for_a_code_gives_none() {
        assert!(super::svg(&"x".repeat(4000), "too long", false).is_none());
    }

    /// The patched fast_qr (`vendor/fast_qr.patch`) scores masks on bits; it must choose the
    /// mask the published crate's module-by-module score chooses, for every kind of data and
    /// every size it scores on bits (up to version 24).
    #[test]
    fn bit_mask_scores_agree_with_the_published_ones() {
        use fast_qr::ECL;
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for (i, ecl) in [ECL::L, ECL::M, ECL::Q, ECL::H].into_iter().cycle().take(120).enumerate() {
            let len = 1 + i * 9 + (next() % 9) as usize;
            let input: Vec<u8> = match i % 3 {
                0 => (0..len).map(|_| b'0' + (next() % 10) as u8).collect(),
                1 => format!("https://example.org/zh-hans/articles/{}/", "ab-c".repeat(len / 4)).into_bytes(),
                _ => (0..len).map(|_| next() as u8).collect(),
            };
            let agree = fast_qr::__bit_scores_agree(&input, ecl);
            assert_eq!(agree, Some(true), "input {i}, {} bytes", input.len());
        }
    }
}
