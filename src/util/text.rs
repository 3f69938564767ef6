//! Script-aware text measures: word counts, reading time and summaries that respect CJK,
//! Tibetan and grapheme clusters. Counting spaces would call a 2,000-character Chinese article
//! "one word".

use unicode_segmentation::UnicodeSegmentation;

/// Han, kana and Hangul: each character reads as roughly one word.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x3134F) // Extensions B–G
}

/// Whether a UTF-8 sequence starting with byte `b` is a CJK ideograph: U+5000–U+9FFF, most
/// characters of a Chinese page, known from the lead byte without asking [`is_cjk`]'s ranges.
pub(crate) fn is_ideograph_lead(b: u8) -> bool {
    (0xE5..=0xE9).contains(&b)
}

/// The character that starts at byte `i` of valid UTF-8 `bytes`, where a non-ASCII one starts,
/// and its length: for a scan that reads ASCII as bytes, without slicing the text at `i` for
/// `chars()`, which checks the boundary and decodes all four lengths generically.
pub(crate) fn non_ascii_at(bytes: &[u8], i: usize) -> (char, usize) {
    let cont = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0x80) & 0x3F);
    let b = u32::from(bytes[i]);
    let (code, len) = match b {
        0xF0.. => ((b & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3), 4),
        0xE0.. => ((b & 0x0F) << 12 | cont(1) << 6 | cont(2), 3),
        _ => ((b & 0x1F) << 6 | cont(1), 2),
    };
    (char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER), len)
}

fn is_tibetan_letter(c: char) -> bool {
    matches!(c as u32, 0x0F40..=0x0FBC) || matches!(c as u32, 0x0F20..=0x0F33)
}

/// Counts of the units a reader actually reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TextStats {
    /// CJK characters.
    pub(crate) cjk_chars: usize,
    /// Tibetan syllables (separated by tsheg ་ or shad །).
    pub(crate) tibetan_syllables: usize,
    /// Space-separated words in other scripts.
    pub(crate) words: usize,
}

impl TextStats {
    /// Counts `text`, read as bytes where it is ASCII: this runs over every page's whole text,
    /// and decoding each character with `chars()` was a twentieth of a build.
    pub(crate) fn of(text: &str) -> TextStats {
        let mut counter = Counter::default();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() {
                counter.ascii(b);
                i += 1;
                if b.is_ascii_alphanumeric() {
                    // The rest of the word, in a loop of its own: its letters change no count.
                    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                        i += 1;
                    }
                }
            } else if is_ideograph_lead(b) {
                counter.stats.cjk_chars += 1;
                counter.end();
                i += 3;
            } else {
                let (c, len) = non_ascii_at(bytes, i);
                counter.other(c);
                i += len;
            }
        }
        counter.stats
    }

    /// Words in the everyday sense: a CJK character or a Tibetan syllable counts as one.
    pub(crate) fn word_count(&self) -> usize {
        self.cjk_chars + self.tibetan_syllables + self.words
    }

    /// Minutes to read, at least 1: ~300 CJK characters, ~200 Tibetan syllables or ~200 words a minute.
    pub(crate) fn reading_minutes(&self) -> usize {
        let minutes = self.cjk_chars as f64 / 300.0 + self.tibetan_syllables as f64 / 200.0 + self.words as f64 / 200.0;
        (minutes.ceil() as usize).max(1)
    }
}

/// [`TextStats`] so far, and whether the last character was inside a word or a syllable.
#[derive(Default)]
struct Counter {
    stats: TextStats,
    in_word: bool,
    in_syllable: bool,
}

impl Counter {
    fn ascii(&mut self, b: u8) {
        if b.is_ascii_alphanumeric() {
            self.word();
        } else if b != b'\'' {
            self.end();
        }
    }

    fn other(&mut self, c: char) {
        if is_cjk(c) {
            self.stats.cjk_chars += 1;
            self.end();
        } else if is_tibetan_letter(c) {
            if !self.in_syllable {
                self.stats.tibetan_syllables += 1;
            }
            self.in_syllable = true;
            self.in_word = false;
        } else if matches!(c, '\u{200C}' | '\u{200D}' | '’') {
            // Joiners and the typographic apostrophe continue the current unit (Tibetan vowel
            // signs and subjoined letters are letters above).
        } else if is_cjk_punctuation(c) || !c.is_alphanumeric() {
            self.end();
        } else {
            self.word();
        }
    }

    fn word(&mut self) {
        if !self.in_word {
            self.stats.words += 1;
        }
        self.in_word = true;
        self.in_syllable = false;
    }

    fn end(&mut self) {
        self.in_word = false;
        self.in_syllable = false;
    }
}

/// The punctuation of Chinese text (、。《》「」【】，：；？！（）…): none of it is a letter, and
/// answering that here spares the Unicode tables' lookup, the slow part of counting a page.
pub(crate) fn is_cjk_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x3004 | 0x3008..=0x3011 | 0x3014..=0x301F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0x2010..=0x2018 | 0x201A..=0x2027)
}

/// Characters that end a sentence in the scripts Kepu serves.
pub(crate) fn ends_sentence(grapheme: &str) -> bool {
    matches!(grapheme, "。" | "！" | "？" | "；" | "…" | "." | "!" | "?" | "؟" | "۔" | "།" | "༎" | "᠃" | "．" | "｡")
}

/// Cuts `text` to at most `max` grapheme clusters, preferring to end after a sentence; never
/// splits a cluster. Adds `…` only when it had to cut inside a sentence.
pub(crate) fn summarize(text: &str, max: usize) -> String {
    let text = text.trim();
    if max == 0 {
        return String::new();
    }
    let graphemes: Vec<(usize, &str)> = text.grapheme_indices(true).take(max + 1).collect();
    if graphemes.len() <= max {
        return text.to_string();
    }
    let window = &graphemes[..max];
    let sentence_end = window.iter().rposition(|(_, g)| ends_sentence(g));
    match sentence_end {
        // Only accept a sentence end that keeps at least a third of the budget.
        Some(i) if i + 1 >= max / 3 => {
            let (offset, g) = window[i];
            text[..offset + g.len()].to_string()
        }
        _ => {
            // Drop trailing blank clusters whole: trimming characters could split a cluster
            // (U+0600 followed by a space is one).
            let kept = window.iter().rposition(|(_, g)| !g.chars().all(char::is_whitespace)).map_or(0, |i| i + 1);
            let cut = window.get(kept.wrapping_sub(1)).map_or(0, |(offset, g)| offset + g.len());
            let mut s = text[..cut].to_string();
            s.push('…');
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_at_reads_every_length_as_chars_does() {
        // Two, three and four bytes: Arabic script, Han, Tibetan, a Han extension and an emoji.
        let text = "aé ئۇيغۇر 乙肝 བོད་ 𠀀😀z";
        for (i, c) in text.char_indices().filter(|(_, c)| !c.is_ascii()) {
            assert_eq!(non_ascii_at(text.as_bytes(), i), (c, c.len_utf8()), "at byte {i}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_byte_scan_counts_as_a_scan_of_chars_would(
            text in "[a-zA-Z0-9 '’.,\\-乙肝字的。、々〇ཀ-ཱ་།ئۇيغ\u{200C}\u{200D}é😀\n]{0,80}"
        ) {
            let mut counter = Counter::default();
            for c in text.chars() {
                if c.is_ascii() {
                    counter.ascii(c as u8);
                } else {
                    counter.other(c);
                }
            }
            proptest::prop_assert_eq!(TextStats::of(&text), counter.stats, "{:?}", text);
        }
    }

    /// The lead bytes the word count and the search index take for an ideograph without
    /// decoding it start only characters `is_cjk` counts, and every one of them.
    #[test]
    fn an_ideograph_lead_starts_only_cjk_characters() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let lead = c.encode_utf8(&mut [0; 4]).as_bytes()[0];
            if super::is_ideograph_lead(lead) {
                assert!(super::is_cjk(c), "U+{:04X}", c as u32);
            }
        }
        assert!(super::is_ideograph_lead("肝".as_bytes()[0]) && !super::is_ideograph_lead("、".as_bytes()[0]));
    }

    #[test]
    fn counts_cjk_as_characters() {
        let s = TextStats::of("乙肝筛查很重要。Get tested today!");
        assert_eq!(s.cjk_chars, 7);
        assert_eq!(s.words, 3);
        assert_eq!(s.word_count(), 10);
        assert_eq!(TextStats::of("བཀྲ་ཤིས་བདེ་ལེགས།").tibetan_syllables, 4);
        assert_eq!(TextStats::of(&"字".repeat(900)).reading_minutes(), 3);
    }

    #[test]
    fn apostrophes_and_joiners_continue_a_word_or_syllable() {
        // A hyphen splits (check, up); an apostrophe, straight or curly, does not.
        assert_eq!(TextStats::of("Don't skip your child's eye check-up at 3 o’clock.").words, 10);
        assert_eq!(TextStats::of("'quoted' (words), 12-34").words, 4);
        assert_eq!(TextStats::of("བཀྲ'ཤིས ལེགས").tibetan_syllables, 2, "an apostrophe does not end a syllable");
        assert_eq!(TextStats::of("ab\u{200D}cd").words, 1);
    }

    #[test]
    fn summaries_end_at_sentences_and_keep_graphemes() {
        assert_eq!(summarize("第一句话。第二句话比较长一些。", 12), "第一句话。");
        let flag = "👩‍⚕️";
        let s = summarize(&flag.repeat(10), 3);
        assert_eq!(s, format!("{}…", flag.repeat(3)));
        assert_eq!(summarize("short", 10), "short");
        assert_eq!(summarize("乙肝筛查", 0), "");
        assert_eq!(summarize("ab\u{600} cd", 3), "ab\u{600} …");
    }
}
