//! Whether an event notice's flyer can fit one sheet: an estimate from the amount of text at
//! the smallest type the theme's flyer allows (75 % of its base sizes), so `kepu build` and
//! `kepu check` can name a notice that `kepu flyer` would refuse. Only a browser measures the
//! real layout; the estimate warns only when the text is clearly too long (a tenth over).

use crate::load::config::PaperSize;
use crate::load::content::Origin;
use crate::pipeline::findings::{Finding, FindingKind, Severity};
use crate::site::{Page, Site};
use unicode_segmentation::UnicodeSegmentation;

/// Millimetres per typographic point.
const MM_PER_PT: f64 = 0.3528;
/// The smallest type the flyer's script scales to.
const MIN_FIT: f64 = 0.75;

/// One block of the flyer: its text, base size in points, line height, and the width it has
/// (millimetres on an A4 sheet).
struct Block<'a> {
    text: &'a str,
    size_pt: f64,
    line_height: f64,
    width_mm: f64,
}

/// The width of a grapheme in ems: CJK and Tibetan stacks are about square, other letters about
/// half as wide.
fn ems(text: &str) -> f64 {
    text.graphemes(true)
        .map(|g| match g.chars().next() {
            Some(c) if crate::util::text::is_cjk(c) => 1.0,
            Some(c) if ('\u{0F00}'..='\u{0FFF}').contains(&c) => 0.75,
            _ => 0.55,
        })
        .sum()
}

/// Height in millimetres of a block at the smallest type.
fn height(b: &Block) -> f64 {
    let size_mm = b.size_pt * MIN_FIT * MM_PER_PT;
    let per_line = (b.width_mm / size_mm).max(1.0);
    let lines = b.text.lines().map(|l| (ems(l) / per_line).ceil().max(1.0)).sum::<f64>();
    lines * size_mm * b.line_height
}

/// Estimated height of an event's text on the sheet, in millimetres on A4.
fn text_height(page: &Page) -> Option<f64> {
    let ev = page.doc.front.event.as_ref()?;
    let points = page.doc.front.flyer.as_ref().map(|f| f.points.join("\n")).unwrap_or_default();
    let facts = [ev.venue.as_deref(), ev.address.as_deref(), ev.audience.as_deref(), ev.contact.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n");
    let blocks = [
        Block { text: &ev.organizer.0.join(" · "), size_pt: 15.0, line_height: 1.5, width_mm: 180.0 },
        Block { text: &page.doc.front.title, size_pt: 36.0, line_height: 1.2, width_mm: 192.0 },
        Block {
            text: "0000年00月00日（星期一）00:00–00:00", size_pt: 28.0, line_height: 1.3, width_mm: 180.0
        },
        Block { text: &facts, size_pt: 18.0, line_height: 1.4, width_mm: 160.0 },
        Block { text: &points, size_pt: 19.0, line_height: 1.45, width_mm: 183.0 },
    ];
    // Block gaps, the date box's padding and the registration line.
    let fixed = 25.0;
    Some(blocks.iter().filter(|b| !b.text.is_empty()).map(height).sum::<f64>() + fixed)
}

/// Event notices whose text is clearly too long for one sheet.
pub(crate) fn flyer_findings(site: &Site) -> Vec<Finding> {
    if !site.config.flyer.enabled {
        return Vec::new();
    }
    // The sheet less its margins and the QR code's strip, which does not shrink, on A4; A5 is
    // the same layout at 72 %.
    let room = 297.0 - 18.0 - 58.0;
    let scale = match site.config.flyer.size {
        PaperSize::A4 => 1.0,
        PaperSize::A5 => 0.72,
    };
    site.pages
        .iter()
        .filter(|p| p.doc.origin == Origin::Authored)
        .filter_map(|p| Some((p, text_height(p)? * scale)))
        .filter(|(_, h)| *h > room * scale * 1.1)
        .map(|(p, h)| Finding {
            path: p.doc.path.clone(),
            line: crate::load::yaml::key_line(&p.doc.front_src, "flyer")
                .or_else(|| crate::load::yaml::key_line(&p.doc.front_src, "title"))
                .map(|l| l + 1),
            severity: Severity::Warning,
            kind: FindingKind::Flyers,
            message: format!(
                "the notice's flyer will not fit one sheet even in the smallest type (about {:.0} % too long): \
                 shorten the key points (`flyer: points:`) or the title; `kepu flyer` prints it and measures exactly",
                (h / (room * scale) - 1.0) * 100.0
            ),
        })
        .collect()
}
