//! QR codes as SVG, the one place the QR library is used.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Codes already drawn, by (data, label): a page's code appears on its own flyer and on every
/// bilingual flyer it is part of, and choosing the best mask is the slow part of drawing one.
static CACHE: OnceLock<Mutex<Drawn>> = OnceLock::new();

/// (data, label) → the SVG, or `None` when the data does not fit a QR code.
type Drawn = HashMap<(String, String), Option<String>>;

/// An SVG QR code for `data` (medium error correction: survives a crease or a smudge on paper).
/// `label` becomes its accessible name.
pub fn svg(data: &str, label: &str) -> Option<String> {
    let cache = CACHE.get_or_init(Default::default);
    let key = (data.to_string(), label.to_string());
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let drawn = draw(data, label);
    if let Ok(mut c) = cache.lock() {
        c.insert(key, drawn.clone());
    }
    drawn
}

fn draw(data: &str, label: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    let image = code
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // Drop the XML prolog so the SVG can sit inline in HTML, and give it a name for screen readers.
    let start = image.find("<svg")?;
    let label = crate::markdown::escape_html(label);
    Some(image[start..].replacen("<svg", &format!("<svg role=\"img\" aria-label=\"{label}\" class=\"qr\""), 1))
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_inline_svg() {
        let s = super::svg("https://example.org/articles/x/", "QR: https://example.org/articles/x/").unwrap();
        assert!(s.starts_with("<svg role=\"img\""));
        assert!(s.contains("<path") || s.contains("<rect"));
    }
}
