//! The offline search index: one small script per language, loaded by the search page with a
//! plain `<script>` tag so it works from a CDN and from a folder opened on a computer alike.
//!
//! Han text is indexed as overlapping character pairs (bigrams), so a query of two or more
//! characters finds every page containing it without a word segmenter; Latin, Cyrillic and
//! Arabic-script words are lower-cased and lightly stemmed; Tibetan is indexed by syllable.
//! `themes/default/static/search.js` applies exactly the same rules to the query.

use crate::content::Origin;
use crate::site::Site;
use crate::text::is_cjk;
use serde_json::json;
use std::collections::BTreeMap;

/// The URL of a language's index script.
pub fn index_url(site: &Site, lang: usize) -> String {
    format!("{}search-index.js", site.config.languages[lang].home_url())
}

/// Builds the index script of one language.
pub fn index_script(site: &Site, lang: usize) -> String {
    let mut docs = Vec::new();
    let mut terms: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    // Fallback copies repeat another language's text; searching them would only duplicate hits.
    let pages = site.pages.iter().filter(|p| p.lang == lang && p.doc.origin != Origin::Fallback);
    for (n, p) in pages.enumerate() {
        let n = n as u32;
        docs.push(json!([p.doc.front.title, p.url, p.description]));
        let mut text = String::with_capacity(p.rendered.plain.len() + 256);
        for part in [&p.doc.front.title, &p.description, &p.rendered.plain] {
            text.push_str(part);
            text.push('\n');
        }
        for t in p.doc.front.tags.iter().chain(&p.doc.front.specialties) {
            text.push_str(t);
            text.push('\n');
        }
        for token in tokens(&text) {
            let postings = terms.entry(token).or_default();
            if postings.last() != Some(&n) {
                postings.push(n);
            }
        }
    }
    let code = site.config.languages[lang].tag.as_str();
    let index = json!({"docs": docs, "terms": terms});
    // `<` never appears raw, so the script cannot be ended early by page text.
    let body = index.to_string().replace('<', "\\u003c");
    format!("window.KEPU_SEARCH=window.KEPU_SEARCH||{{}};window.KEPU_SEARCH[{}]={body};\n", json!(code))
}

/// Index terms of `text`, in order of appearance (duplicates included).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut han: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush_han = |han: &mut Vec<char>, out: &mut Vec<String>| {
        match han.len() {
            0 => {}
            1 => out.push(han[0].to_string()),
            _ => out.extend(han.windows(2).map(|w| w.iter().collect::<String>())),
        }
        han.clear();
    };
    let flush_word = |word: &mut String, out: &mut Vec<String>| {
        if !word.is_empty() {
            out.push(stem(word));
            word.clear();
        }
    };
    for c in text.chars() {
        if is_cjk(c) {
            flush_word(&mut word, &mut out);
            han.push(c);
        } else if c.is_alphanumeric() || is_mark(c) {
            flush_han(&mut han, &mut out);
            word.extend(c.to_lowercase());
        } else {
            flush_han(&mut han, &mut out);
            flush_word(&mut word, &mut out);
        }
    }
    flush_han(&mut han, &mut out);
    flush_word(&mut word, &mut out);
    out
}

/// Combining marks (Tibetan vowel signs and subjoined letters, Arabic harakat) stay in their word.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0F71..=0x0F84 | 0x0F8D..=0x0FBC | 0x064B..=0x065F | 0x0670 | 0x200C | 0x200D)
}

/// Porter's step 1 (plurals, -ed, -ing, -y), mirrored in `search.js`: enough for
/// "screenings", "screening" and "screened" to meet at "screen" without the over-merging of a
/// full stemmer. Non-ASCII words are left as they are.
pub fn stem(word: &str) -> String {
    if !word.is_ascii() || word.len() <= 2 {
        return word.to_string();
    }
    let mut w: Vec<u8> = word.as_bytes().to_vec();
    // Step 1a.
    if w.ends_with(b"sses") || w.ends_with(b"ies") {
        w.truncate(w.len() - 2);
    } else if !w.ends_with(b"ss") && w.ends_with(b"s") {
        w.pop();
    }
    // Step 1b.
    if w.ends_with(b"eed") {
        if measure(&w[..w.len() - 3]) > 0 {
            w.pop();
        }
    } else {
        let cut = if w.ends_with(b"ed") && has_vowel(&w[..w.len() - 2]) {
            Some(2)
        } else if w.ends_with(b"ing") && has_vowel(&w[..w.len() - 3]) {
            Some(3)
        } else {
            None
        };
        if let Some(n) = cut {
            w.truncate(w.len() - n);
            if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
                w.push(b'e');
            } else if ends_double_consonant(&w) && !matches!(w.last(), Some(b'l' | b's' | b'z')) {
                w.pop();
            } else if measure(&w) == 1 && ends_cvc(&w) {
                w.push(b'e');
            }
        }
    }
    // Step 1c.
    if w.ends_with(b"y") && has_vowel(&w[..w.len() - 1]) {
        let last = w.len() - 1;
        w[last] = b'i';
    }
    String::from_utf8(w).unwrap_or_else(|_| word.to_string())
}

fn is_consonant(w: &[u8], i: usize) -> bool {
    match w[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => false,
        b'y' => i == 0 || !is_consonant(w, i - 1),
        _ => true,
    }
}

/// Porter's m: the number of vowel-consonant sequences.
fn measure(w: &[u8]) -> usize {
    let mut m = 0;
    let mut prev_vowel = false;
    for i in 0..w.len() {
        let vowel = !is_consonant(w, i);
        if prev_vowel && !vowel {
            m += 1;
        }
        prev_vowel = vowel;
    }
    m
}

fn has_vowel(w: &[u8]) -> bool {
    (0..w.len()).any(|i| !is_consonant(w, i))
}

fn ends_double_consonant(w: &[u8]) -> bool {
    let n = w.len();
    n >= 2 && w[n - 1] == w[n - 2] && is_consonant(w, n - 1)
}

fn ends_cvc(w: &[u8]) -> bool {
    let n = w.len();
    n >= 3
        && is_consonant(w, n - 3)
        && !is_consonant(w, n - 2)
        && is_consonant(w, n - 1)
        && !matches!(w[n - 1], b'w' | b'x' | b'y')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_bigrams_and_stems() {
        assert_eq!(tokens("乙肝筛查"), vec!["乙肝", "肝筛", "筛查"]);
        assert_eq!(tokens("肝"), vec!["肝"]);
        assert_eq!(tokens("Screenings, screened!"), vec!["screen", "screen"]);
        for (word, expected) in [
            ("glasses", "glass"),
            ("glass", "glass"),
            ("babies", "babi"),
            ("baby", "babi"),
            ("making", "make"),
            ("make", "make"),
            ("getting", "get"),
            ("hoped", "hope"),
            ("agreed", "agree"),
            ("falling", "fall"),
        ] {
            assert_eq!(stem(word), expected, "{word}");
        }
        assert_eq!(tokens("ساغلاملىق تەكشۈرۈش"), vec!["ساغلاملىق", "تەكشۈرۈش"]);
    }
}
