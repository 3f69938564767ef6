//! English measures: the Flesch–Kincaid grade and passive verbs. Syllables are counted by the
//! `textstat` crate; everything else here reads Kepu's own sentences, so list items without a
//! full stop count as the sentences they are.

use super::sentences::Sentence;

/// The Flesch–Kincaid grade level (Kincaid et al., 1975): the years of US schooling a reader
/// needs, from words per sentence and syllables per word. `None` for a page without words.
pub(crate) fn grade(sentences: &[Sentence]) -> Option<f64> {
    let (mut words, mut syllables) = (0usize, 0usize);
    for s in sentences {
        for w in latin_words(&s.text) {
            words += 1;
            syllables += textstat::syllables(w).max(1);
        }
    }
    if words == 0 {
        return None;
    }
    let per_sentence = words as f64 / sentences.len() as f64;
    let per_word = syllables as f64 / words as f64;
    Some(0.39 * per_sentence + 11.8 * per_word - 15.59)
}

fn latin_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’')).filter(|w| w.chars().any(char::is_alphabetic))
}

const BE: [&str; 8] = ["am", "is", "are", "was", "were", "be", "been", "being"];

/// Past participles that do not end in -ed, the ones health texts use.
const IRREGULAR: [&str; 40] = [
    "done",
    "given",
    "taken",
    "seen",
    "made",
    "known",
    "found",
    "told",
    "shown",
    "written",
    "put",
    "set",
    "kept",
    "held",
    "left",
    "sent",
    "brought",
    "thought",
    "taught",
    "caught",
    "bought",
    "built",
    "paid",
    "spread",
    "born",
    "drawn",
    "chosen",
    "spoken",
    "broken",
    "eaten",
    "driven",
    "hidden",
    "begun",
    "lost",
    "meant",
    "felt",
    "heard",
    "understood",
    "fed",
    "led",
];

/// A form of *be*, perhaps an adverb in -ly, then a past participle: "is caused", "were
/// quickly treated", "has been given".
pub(crate) fn is_passive(sentence: &str) -> bool {
    let words: Vec<String> = latin_words(sentence).map(str::to_lowercase).collect();
    words.iter().enumerate().any(|(i, w)| {
        if !BE.contains(&w.as_str()) {
            return false;
        }
        let mut next = words.get(i + 1);
        if next.is_some_and(|n| n.ends_with("ly")) {
            next = words.get(i + 2);
        }
        next.is_some_and(|n| (n.len() > 4 && n.ends_with("ed")) || IRREGULAR.contains(&n.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(text: &str) -> Sentence {
        Sentence { line: 1, text: text.into(), length: latin_words(text).count() }
    }

    #[test]
    fn short_words_and_sentences_give_a_low_grade() {
        let easy =
            grade(&[sentence("Get a blood test."), sentence("It is free."), sentence("Ask your doctor.")]).unwrap();
        let hard = grade(&[sentence(
            "Serological evaluation of asymptomatic individuals facilitates identification of chronic hepatitis B \
             infection prior to the development of hepatic complications.",
        )])
        .unwrap();
        assert!(easy < 3.0 && hard > 16.0, "{easy} {hard}");
    }

    #[test]
    fn passives_need_a_form_of_be_and_a_participle() {
        assert!(is_passive("The virus is spread by blood."));
        assert!(is_passive("Patients were closely monitored."));
        assert!(!is_passive("The test is free."));
        assert!(!is_passive("We tested everyone."));
    }
}
