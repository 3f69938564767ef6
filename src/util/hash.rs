//! A fast, stable, non-cryptographic hash for text that comes from the site itself: the search
//! index's term maps and shard versions, the output's paths, and noticing that a page's Markdown
//! changed. SipHash's flooding resistance buys nothing there, and these hashes run over every
//! word of every page.

use std::hash::Hasher;

/// A map hashed with [`FastHasher`].
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

/// A set hashed with [`FastHasher`].
pub(crate) type FastSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<FastHasher>>;

/// The multiply-rotate hash of rustc's `FxHasher`.
#[derive(Default)]
pub(crate) struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    /// The product's low bits depend only on the input's low bits; the table indexes by them.
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

/// The 64-bit digest of `text`: equal texts give equal digests on every run and machine.
pub(crate) fn digest(text: &str) -> u64 {
    let mut h = FastHasher::default();
    h.write(text.as_bytes());
    h.write_u64(text.len() as u64);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::digest;

    #[test]
    fn digests_tell_texts_apart() {
        assert_eq!(digest("乙肝筛查"), digest("乙肝筛查"));
        assert_ne!(digest("乙肝筛查"), digest("乙肝篩查"));
        // Padding the last word with zeros must not make a text equal its zero-extended self.
        assert_ne!(digest("a"), digest("a\0"));
    }
}
