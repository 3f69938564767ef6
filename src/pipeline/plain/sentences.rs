//! Prose cut into sentences, each with its length as readers count it: Chinese characters one
//! by one, Tibetan syllables, words in alphabetic scripts.

use crate::site::markdown::ProseBlock;
use crate::util::text::{ends_sentence, TextStats};
use unicode_segmentation::UnicodeSegmentation;

/// One sentence of a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sentence {
    /// The file line it starts on.
    pub(crate) line: usize,
    pub(crate) text: String,
    /// Characters, syllables or words, as [`TextStats::word_count`] counts them.
    pub(crate) length: usize,
}

/// Closing quotes and brackets stay with the sentence they close: `他说：“好。”` is one sentence.
fn closes(g: &str) -> bool {
    matches!(g, "”" | "’" | "\"" | "'" | "」" | "』" | "）" | ")" | "》" | "〕" | "]")
}

/// The sentences of every block that is not a heading. A list item or table cell without a
/// full stop is still one sentence.
pub(crate) fn sentences(blocks: &[ProseBlock]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for block in blocks.iter().filter(|b| !b.heading) {
        let mut line = block.line;
        for text in split(&block.text) {
            let length = TextStats::of(text).word_count();
            let lead = text.len() - text.trim_start().len();
            let starts_on = line + text[..lead].matches('\n').count();
            if length > 0 {
                out.push(Sentence { line: starts_on, text: text.trim().replace('\n', " "), length });
            }
            line += text.matches('\n').count();
        }
    }
    out
}

/// Splits at sentence-ending marks. A full stop `.` ends a sentence only before a space or the
/// end, so `1.5 mg` and `www.example.org` stay whole.
fn split(text: &str) -> Vec<&str> {
    let graphemes: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < graphemes.len() {
        let (_, g) = graphemes[i];
        let next_blank = graphemes.get(i + 1).is_none_or(|(_, n)| n.chars().all(char::is_whitespace));
        if ends_sentence(g) && (g != "." || next_blank) {
            let mut end = i + 1;
            while end < graphemes.len() && (ends_sentence(graphemes[end].1) || closes(graphemes[end].1)) {
                end += 1;
            }
            let cut = graphemes.get(end).map_or(text.len(), |(at, _)| *at);
            parts.push(&text[start..cut]);
            start = cut;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < text.len() {
        parts.push(&text[start..]);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_marks_and_keep_closing_quotes() {
        assert_eq!(split("他说：“好。”然后走了。"), ["他说：“好。”", "然后走了。"]);
        assert_eq!(split("Take 1.5 mg. Then rest!"), ["Take 1.5 mg.", " Then rest!"]);
        assert_eq!(split("没有句号的列表项"), ["没有句号的列表项"]);
        assert_eq!(split("真的吗？！好……"), ["真的吗？！", "好……"]);
    }

    #[test]
    fn lengths_count_characters_for_chinese_and_words_for_english() {
        let blocks = [
            ProseBlock { line: 3, text: "标题".into(), heading: true },
            ProseBlock { line: 5, text: "乙肝可以预防。\nGet a test\ntoday.".into(), heading: false },
        ];
        let s = sentences(&blocks);
        assert_eq!(s.iter().map(|s| (s.line, s.length)).collect::<Vec<_>>(), [(5, 6), (6, 4)]);
        assert_eq!(s[1].text, "Get a test today.");
    }
}
