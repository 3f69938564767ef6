//! Places data on a matrix
#![deny(unsafe_code)]
#![warn(missing_docs)]

use crate::compact::CompactQR;
use crate::datamasking::Mask;
use crate::encode::Mode;

use crate::module::{Module, ModuleType};
use crate::{datamasking, default, encode, polynomials, score, QRCode};
use crate::{Version, ECL};

#[cfg(test)]
pub fn test_place_on_matrix_data(qr: &mut QRCode, structure_as_binarystring: &CompactQR) {
    place_on_matrix_data(qr, structure_as_binarystring);
}

/// Places the data on the matrix. Kepu's patch: each module by its index in the matrix, not
/// through a bounds-checked row slice twice per module.
pub fn place_on_matrix_data(qr: &mut QRCode, structure_as_binarystring: &CompactQR) {
    let bytes = structure_as_binarystring.get_data();
    let n = qr.size;
    let modules = &mut qr.data[..n * n];
    let mut idx = 0;
    let mut place = |module: &mut Module| {
        if module.module_type() == ModuleType::Data {
            module.set(bytes[idx / 8] & (1 << (7 - idx % 8)) != 0);
            idx += 1;
        }
    };

    // Column pairs from the right: N, .., 9, 7, 4, 2, 0 (skipping 6), upwards first.
    for (pair, x) in (0..6).chain(7..n).rev().step_by(2).enumerate() {
        for i in 0..n {
            let y = if pair % 2 == 0 { n - 1 - i } else { i };
            place(&mut modules[y * n + x]);
            place(&mut modules[y * n + x - 1]);
        }
    }

    #[cfg(debug_assertions)]
    {
        let version = Version::from_n(qr.size);
        assert_eq!(idx - version.missing_bits(), version.max_bytes() * 8);
    }
}

const MASKS: [Mask; 8] = [
    Mask::Checkerboard,
    Mask::HorizontalLines,
    Mask::VerticalLines,
    Mask::DiagonalLines,
    Mask::LargeCheckerboard,
    Mask::Fields,
    Mask::Diamonds,
    Mask::Meadow,
];

/// Main function to place everything in the `QRCode`. Kepu's patch: into a given code, which it
/// overwrites, so that a caller drawing many codes reuses one matrix instead of moving 31 KB
/// values around.
pub fn place_on_matrix_into(
    structure_as_binarystring: &CompactQR,
    quality: ECL,
    version: Version,
    mask: &mut Option<Mask>,
    qr: &mut QRCode,
) {
    let mut best_score = u32::MAX;
    let mut best_mask = MASKS[0];

    default::create_matrix_cached_into(version, qr);
    place_on_matrix_data(qr, structure_as_binarystring);

    // Kepu's patch: a mask given is used without scoring the eight (the loop below chose one
    // and then dropped it for the given one), and codes of up to 114 modules a side are scored
    // on bits (`score::best_mask`), which chooses as this loop does.
    if mask.is_none() && qr.size <= score::BITS_MAX_SIZE {
        best_mask = score::best_mask(qr, &MASKS);
    } else if mask.is_none() {
        for mask in MASKS {
            let mut copy = qr.clone();

            datamasking::mask(&mut copy, mask);
            // Columns must be scored on the *masked* matrix: with a transpose
            // taken before masking, every vertical penalty was a constant across
            // masks, so the columns never influenced which mask is chosen.
            let matrix_score = score::score(&copy);
            if matrix_score < best_score {
                best_score = matrix_score;
                best_mask = mask;
            }
        }
    }

    best_mask = mask.unwrap_or(best_mask);
    *mask = Some(best_mask);

    default::create_matrix_format_info(qr, quality, best_mask);
    datamasking::mask(qr, best_mask);

    qr.mask = *mask;
}

/// The data and error correction codewords of `input`, as bits in placing order.
fn codewords(input: &[u8], ecl: ECL, mode: Mode, version: Version) -> CompactQR {
    let data_codewords = encode::encode(input, ecl, mode, version);
    let structure = polynomials::structure(data_codewords.get_data(), ecl, version);

    let max = version.max_bytes() * 8;
    CompactQR::from_array(&structure, max + version.missing_bits())
}

/// Generate the whole matrix. Kepu's patch: into a given code, which it overwrites.
pub fn create_matrix_into(input: &[u8], ecl: ECL, mode: Mode, version: Version, mask: &mut Option<Mask>, qr: &mut QRCode) {
    place_on_matrix_into(&codewords(input, ecl, mode, version), ecl, version, mask, qr);
    qr.mode = Some(mode);
    qr.ecl = Some(ecl);
    qr.version = Some(version);
}

/// Kepu's patch, for its tests: whether the module-by-module and the bit score agree for each
/// mask on the unmasked matrix of `input` at `ecl`; `true` for codes too large to be scored on
/// bits, `None` for input too long for any code.
#[doc(hidden)]
pub fn __bit_scores_agree(input: &[u8], ecl: ECL) -> Option<bool> {
    let mode = encode::best_encoding(input);
    let version = Version::get(mode, ecl, input.len())?;
    let mut qr = default::create_matrix(version);
    place_on_matrix_data(&mut qr, &codewords(input, ecl, mode, version));
    Some(qr.size > score::BITS_MAX_SIZE || score::scores_agree(&qr, &MASKS))
}
