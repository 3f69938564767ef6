//! `QRCode` need a way to define if they are readable, using a
//! scoring system. The lesser, the better.

#![warn(missing_docs)]

use crate::module::{Module, ModuleType};
use crate::QRCode;

use super::hardcode;

#[cfg(test)]
pub fn test_score_line(l: &[Module]) -> u32 {
    line(l).1
}

#[cfg(test)]
pub fn test_score_pattern(l: &[Module]) -> u32 {
    line(l).0
}

#[cfg(test)]
pub fn test_matrix_dark_modules(qr: &QRCode) -> u32 {
    dark_module_score(qr)
}

#[cfg(test)]
pub fn test_matrix_pattern_and_line(qr: &QRCode) -> (u32, u32, u32) {
    matrix_pattern_and_line(qr)
}

#[cfg(test)]
pub fn test_matrix_score_squares(qr: &QRCode) -> u32 {
    matrix_score_squares(qr)
}

/// Computes scores for squares, any 2x2 square (black or white)
/// add 3 to the score
///
/// ### Opti:
/// We don't want to access the 4 squares each time, so we score the left most
/// ones and only fetch the next right ones
fn matrix_score_squares(qr: &QRCode) -> u32 {
    let mut square_score = 0;

    for i in 0..qr.size - 1 {
        let mut count_data = 2;

        let line1 = &qr[i];
        let line2 = &qr[i + 1];

        let mut buffer = 0u8;
        buffer |= u8::from(line1[0].value()) << 2;
        buffer |= u8::from(line2[0].value()) << 3;

        for j in 0..qr.size - 1 {
            buffer >>= 2;
            buffer |= u8::from(line1[j + 1].value()) << 2;
            buffer |= u8::from(line2[j + 1].value()) << 3;

            if line1[j + 1].module_type() != ModuleType::Data
                || line2[j + 1].module_type() != ModuleType::Data
            {
                count_data = 0;
            }

            if count_data >= 2 && (buffer == 0b1111 || buffer == 0b0000) {
                square_score += 3;
            }

            count_data += 1;
        }
    }

    square_score
}

/// Computes scores for both patterns (`0b10111010000` or `0b00001011101`)
///
/// ### Opti:
/// We convert the line to a u11 (supposedly) so comparing it to a pattern is
/// a simple comparison.
fn line(line: &[Module]) -> (u32, u32) {
    // ISO/IEC 18004 rule N3: a 1011101 finder lookalike only scores when it is
    // preceded or followed by four light modules. The rolling window is 11 bits
    // wide and scans the whole line by value: patterns spanning data and
    // function modules change with the mask and must be counted. Modules
    // beyond the symbol edge count as light (the quiet zone), matching the
    // reference implementations; a lookalike that is light on both sides
    // matches both windows and scores twice.
    const PATTERN_LIGHT_BEFORE: u16 = 0b00001011101;
    const PATTERN_LIGHT_AFTER: u16 = 0b10111010000;
    const PATTERN_WINDOW: u16 = 0b11111111111;

    let mut line_score = 0;
    let mut patt_score = 0;

    let mut count = 1;
    let mut current = !line[0].value();

    // Starts at zero: the leading bits stand in for the light quiet zone.
    let mut buffer: u16 = 0;

    for &item in line {
        buffer = ((buffer << 1) | u16::from(item.value())) & PATTERN_WINDOW;
        if buffer == PATTERN_LIGHT_BEFORE || buffer == PATTERN_LIGHT_AFTER {
            patt_score += 40;
        }

        if item.value() != current {
            if count >= 5 {
                line_score += count - 2;
            }
            count = 0;
            current = item.value();
        }

        if item.module_type() != ModuleType::Data {
            if count >= 5 {
                line_score += count - 2;
            }

            count = 0;
            continue;
        }

        count += 1;
    }

    if count >= 5 {
        line_score += count - 2;
    }

    // Shift the trailing quiet zone in; only the lights-after pattern can
    // still complete here.
    for _ in 0..4 {
        buffer = (buffer << 1) & PATTERN_WINDOW;
        if buffer == PATTERN_LIGHT_AFTER {
            patt_score += 40;
        }
    }

    (patt_score, line_score)
}

/// Converts the matrix to lines & columns and feed it to `score_line`.
///
/// Columns are gathered into a small stack buffer instead of materializing a
/// transposed copy of the matrix: scoring runs once per mask probe, and eight
/// full transposes would dominate the encoding cost.
fn matrix_pattern_and_line(qr: &QRCode) -> (u32, u32, u32) {
    let mut line_score = 0;
    let mut col_score = 0;
    let mut patt_score = 0;

    let n = qr.size;
    let mut column = [Module::data(Module::LIGHT); crate::qr::QR_MAX_WIDTH];

    for i in 0..n {
        let l = line(&qr[i]);
        line_score += l.1;

        for (module, &value) in column[..n]
            .iter_mut()
            .zip(qr.data[i..n * n].iter().step_by(n))
        {
            *module = value;
        }
        let c = line(&column[..n]);
        col_score += c.1;

        patt_score += l.0 + c.0;
    }

    (line_score, col_score, patt_score)
}

/// Computes the number of `ModuleType::Dark` modules
fn dark_module_score(qr: &QRCode) -> u32 {
    let n = qr.size;
    let dark_modules = qr.data[..n * n]
        .iter()
        .filter(|m| m.value() == Module::DARK)
        .count();

    let percent = (dark_modules * 100) / (n * n);
    u32::from(hardcode::PERCENT_SCORE[percent])
}

/// Computes the score for the matrix
/// - `matrix_pattern_and_line`:
///   - 40 points for each [TFTTTFT] pattern (T: true / F: false)
///   - N - 2 points for each line with N consecutive modules of the same color (N >= 5)
/// - `matrix_score_squares`: 3 points for each 2x2 square (black or white)
/// - `dark_module_score`: 10 points for each 5% of dark modules away from 50%
pub fn score(qr: &QRCode) -> u32 {
    let dark_score = dark_module_score(qr);
    let square_score = matrix_score_squares(qr);
    let (line_score, col_score, patt_score) = matrix_pattern_and_line(qr);

    line_score + patt_score + col_score + dark_score + square_score
}

// Kepu's patch: the same score, computed on rows and columns packed into bits. Scoring the eight
// masks module by module, each on its own 31 KB copy of the matrix, was 12 % of the time of a
// Kepu build that draws a QR code for every page.

/// The largest size scored on bits: a line and the 14 light modules around its patterns (10
/// before, 4 after) fit in a `u128`. Larger codes are scored module by module, as before.
pub(crate) const BITS_MAX_SIZE: usize = 128 - 14;

/// The largest size scored on `u64` words, with half the work of a `u128`: codes of pages'
/// addresses are 25–49 modules wide.
const NARROW_MAX_SIZE: usize = 64 - 14;

/// The rows and columns of one matrix (or of one mask), a bit per module.
#[derive(Clone)]
pub(crate) struct Lines {
    rows: [u128; BITS_MAX_SIZE],
    cols: [u128; BITS_MAX_SIZE],
}

impl Lines {
    const EMPTY: Lines = Lines {
        rows: [0; BITS_MAX_SIZE],
        cols: [0; BITS_MAX_SIZE],
    };

    /// The modules of `qr` for which `is_set` holds.
    fn of(qr: &QRCode, is_set: impl Fn(Module) -> bool) -> Lines {
        let mut lines = Lines::EMPTY;
        for i in 0..qr.size {
            for (j, &module) in qr[i].iter().enumerate() {
                if is_set(module) {
                    lines.rows[i] |= 1 << j;
                    lines.cols[j] |= 1 << i;
                }
            }
        }
        lines
    }
}

/// Which modules each of the eight masks toggles, for codes of one size. Taken from
/// `datamasking::mask` itself, applied to a matrix of light data modules.
fn mask_lines(qr: &QRCode, masks: &[crate::Mask; 8]) -> std::rc::Rc<[Lines; 8]> {
    use std::cell::RefCell;
    use std::rc::Rc;
    std::thread_local! {
        static CACHE: RefCell<Option<(usize, Rc<[Lines; 8]>)>> = const { RefCell::new(None) };
    }
    CACHE.with(|cache| {
        if let Some((size, lines)) = &*cache.borrow() {
            if *size == qr.size {
                return Rc::clone(lines);
            }
        }
        let mut blank = qr.clone();
        let lines: [Lines; 8] = core::array::from_fn(|m| {
            for module in &mut blank.data[..qr.size * qr.size] {
                *module = Module::data(Module::LIGHT);
            }
            crate::datamasking::mask(&mut blank, masks[m]);
            Lines::of(&blank, Module::value)
        });
        let lines = Rc::new(lines);
        *cache.borrow_mut() = Some((qr.size, Rc::clone(&lines)));
        lines
    })
}

/// A code's modules and which of them are data: what each mask's score is read from.
struct Unmasked<'a> {
    values: Lines,
    data: Lines,
    n: usize,
    toggles: &'a [Lines; 8],
}

impl Unmasked<'_> {
    /// Row `i`, or column `i` if `col`, under mask `m`.
    #[inline(always)]
    fn masked(&self, m: usize, col: bool, i: usize) -> u128 {
        let pick = |l: &Lines| if col { l.cols[i] } else { l.rows[i] };
        pick(&self.values) ^ (pick(&self.toggles[m]) & pick(&self.data))
    }
}

/// The first of `masks` with the lowest [`score`] on `qr` (unmasked, at most [`BITS_MAX_SIZE`]
/// wide), as the module-by-module loop chooses it.
pub(crate) fn best_mask(qr: &QRCode, masks: &[crate::Mask; 8]) -> crate::Mask {
    debug_assert!(qr.size <= BITS_MAX_SIZE);
    let toggles = mask_lines(qr, masks);
    let code = Unmasked {
        values: Lines::of(qr, Module::value),
        data: Lines::of(qr, |m| m.module_type() == ModuleType::Data),
        n: qr.size,
        toggles: &toggles,
    };
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("popcnt") {
        // SAFETY: this CPU has the instruction the function is compiled for.
        return unsafe { best_of_masks_popcnt(&code, masks) };
    }
    best_of_masks(&code, masks)
}

/// [`best_of_masks`] with the POPCNT instruction: scoring counts bits a dozen times a line,
/// and x86-64's baseline, without it, counts them in a dozen instructions each.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
unsafe fn best_of_masks_popcnt(code: &Unmasked, masks: &[crate::Mask; 8]) -> crate::Mask {
    best_of_masks(code, masks)
}

/// The first of `masks` with the lowest score on `code`.
#[inline(always)]
fn best_of_masks(code: &Unmasked, masks: &[crate::Mask; 8]) -> crate::Mask {
    let mut best = (u32::MAX, masks[0]);
    for m in 0..masks.len() {
        let score = if code.n <= NARROW_MAX_SIZE {
            bits_score::<u64>(code, m, best.0)
        } else {
            bits_score::<u128>(code, m, best.0)
        };
        if let Some(score) = score {
            best = (score, masks[m]);
        }
    }
    best.1
}

/// A machine word holding a line and the light modules around it.
trait Word:
    Copy
    + core::ops::BitAnd<Output = Self>
    + core::ops::BitOr<Output = Self>
    + core::ops::BitXor<Output = Self>
    + core::ops::Not<Output = Self>
    + core::ops::Shl<usize, Output = Self>
    + core::ops::Shr<usize, Output = Self>
{
    /// The lowest `count` bits set.
    fn low(count: usize) -> Self;
    /// The low bits of `line` (the caller knows they hold it all).
    fn of(line: u128) -> Self;
    fn ones(self) -> u32;
}

impl Word for u64 {
    fn low(count: usize) -> Self {
        (1 << count) - 1
    }
    fn of(line: u128) -> Self {
        line as u64
    }
    #[inline(always)]
    fn ones(self) -> u32 {
        self.count_ones()
    }
}

impl Word for u128 {
    fn low(count: usize) -> Self {
        (1 << count) - 1
    }
    fn of(line: u128) -> Self {
        line
    }
    #[inline(always)]
    fn ones(self) -> u32 {
        self.count_ones()
    }
}

/// [`score`] of `code` under mask `m`, or `None` as soon as it reaches `bound` (every part of a
/// score is positive, and only a lower one can replace the best so far).
#[inline(always)]
fn bits_score<W: Word>(code: &Unmasked, m: usize, bound: u32) -> Option<u32> {
    let n = code.n;
    let dark: usize = (0..n)
        .map(|i| code.masked(m, false, i).count_ones() as usize)
        .sum();
    let mut total = u32::from(hardcode::PERCENT_SCORE[dark * 100 / (n * n)]);
    let mut above = W::low(0);
    for i in 0..n {
        let row = W::of(code.masked(m, false, i));
        total += line_bits(row, W::of(code.data.rows[i]), n);
        total += line_bits(W::of(code.masked(m, true, i)), W::of(code.data.cols[i]), n);
        if i > 0 {
            let data = W::of(code.data.rows[i - 1] & code.data.rows[i]);
            total += squares_bits(above, row, data, n);
        }
        above = row;
        if total >= bound {
            return None;
        }
    }
    Some(total)
}

/// [`line`]'s two scores, summed: runs of five or more data modules of one value (a run ends at
/// any other module), and finder lookalikes with four light modules before or after.
#[inline(always)]
fn line_bits<W: Word>(v: W, d: W, n: usize) -> u32 {
    // `same[p]`: modules p and p + 1 are data modules of one value. A run of L ≥ 5 holds
    // L - 4 windows of five and scores L - 2: the windows, and 2 where each run starts.
    let same = d & (d >> 1) & !(v ^ (v >> 1));
    let fives = same & (same >> 1) & (same >> 2) & (same >> 3);
    let starts = fives & !(fives << 1);
    let runs = fives.ones() + 2 * starts.ones();
    // Eleven-module windows over the line with ten light modules before it and four after,
    // starting at bit s of `x`: a 1011101 lookalike (`core`, from s) and four light modules
    // (`light`, from s), one after the other.
    let x = v << 10;
    let core = x & !(x >> 1) & (x >> 2) & (x >> 3) & (x >> 4) & !(x >> 5) & (x >> 6);
    let light = !(x | (x >> 1) | (x >> 2) | (x >> 3));
    let windows = W::low(n + 4);
    let before = light & (core >> 4) & windows;
    let after = core & (light >> 7) & windows;
    runs + 40 * (before.ones() + after.ones())
}

/// [`matrix_score_squares`] for two adjacent rows `a` and `b` whose data modules in both are
/// `data`: 3 for each 2×2 square of one value over two data columns. (The loop it mirrors never
/// looks at the first column's kind, so the first square needs only its second column of data.)
#[inline(always)]
fn squares_bits<W: Word>(a: W, b: W, data: W, n: usize) -> u32 {
    let same = !(a ^ b);
    let squares = same & (same >> 1) & !(a ^ (a >> 1));
    let data_pairs = (data >> 1) & (data | W::low(1));
    3 * (squares & data_pairs & W::low(n - 1)).ones()
}

/// For the patch's tests: on `qr` (unmasked), the module-by-module score and the bit score (on
/// `u128`, and on `u64` where a line fits) agree for each of `masks`, and [`best_mask`] chooses
/// the first mask with the lowest score.
pub(crate) fn scores_agree(qr: &QRCode, masks: &[crate::Mask; 8]) -> bool {
    let toggles = mask_lines(qr, masks);
    let code = Unmasked {
        values: Lines::of(qr, Module::value),
        data: Lines::of(qr, |m| m.module_type() == ModuleType::Data),
        n: qr.size,
        toggles: &toggles,
    };
    let scores: Vec<u32> = masks
        .iter()
        .map(|&mask| {
            let mut copy = qr.clone();
            crate::datamasking::mask(&mut copy, mask);
            score(&copy)
        })
        .collect();
    let lowest = scores
        .iter()
        .position(|s| *s == *scores.iter().min().unwrap_or(&0))
        .unwrap_or(0);
    let narrow = qr.size <= NARROW_MAX_SIZE;
    scores.iter().enumerate().all(|(m, &s)| {
        bits_score::<u128>(&code, m, u32::MAX) == Some(s)
            && (!narrow || bits_score::<u64>(&code, m, u32::MAX) == Some(s))
    }) && best_mask(qr, masks) as u8 == masks[lowest] as u8
}
