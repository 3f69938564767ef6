//! The glossary of medical terms a page should explain: Kepu's own (`glossary.yaml` beside this
//! file) and the site's, in the same shape, which a committee extends without touching Kepu.

use super::sentences::Sentence;
use crate::util::error::{Diagnostic, Result};
use serde::Deserialize;
use std::path::Path;

/// One term and how to say it plainly.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Entry {
    pub(crate) term: String,
    /// Other ways of writing it (abbreviations, spellings).
    #[serde(default)]
    pub(crate) also: Vec<String>,
    /// The everyday wording to suggest.
    pub(crate) plain: String,
}

/// Terms by language family.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Glossary {
    #[serde(default)]
    pub(crate) zh: Vec<Entry>,
    #[serde(default)]
    pub(crate) en: Vec<Entry>,
}

impl Glossary {
    /// Kepu's glossary plus the site's file `name` in `root`, when there is one. The site's
    /// entries come after Kepu's, so a site may also give a term a better plain wording.
    pub(crate) fn load(root: &Path, name: &str) -> Result<Glossary> {
        let builtin = Path::new("(built-in glossary)");
        let mut glossary: Glossary = crate::load::yaml::parse(builtin, include_str!("glossary.yaml"), 0)?;
        let path = root.join(name);
        let src = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
                Diagnostic::in_file(name, format!("not valid UTF-8 (byte {})", e.utf8_error().valid_up_to()))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(glossary),
            Err(e) => return Err(Diagnostic::io(&path, &e).into()),
        };
        let own: Glossary = crate::load::yaml::parse(Path::new(name), &src, 0)?;
        for (mine, theirs) in [(&mut glossary.zh, own.zh), (&mut glossary.en, own.en)] {
            for entry in theirs {
                mine.retain(|e| e.term != entry.term);
                mine.push(entry);
            }
        }
        Ok(glossary)
    }
}

/// A glossary term a page uses without explaining it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unexplained {
    pub(crate) line: usize,
    /// As the page writes it.
    pub(crate) term: String,
    pub(crate) plain: String,
}

/// Words that introduce an explanation in the same sentence, after the term.
const ZH_MARKERS: [&str; 14] = [
    "是指",
    "指的是",
    "就是",
    "也就是",
    "即",
    "俗称",
    "又叫",
    "也叫",
    "又称",
    "简称",
    "是一种",
    "是一类",
    "意思是",
    "说明",
];
const EN_MARKERS: [&str; 11] = [
    " means",
    " is a ",
    " is an ",
    " is the ",
    " are ",
    "also called",
    "also known as",
    "which is",
    "that is",
    " or ",
    " – ",
];
/// Words that open a sentence explaining the one before.
const ZH_NEXT: [&str; 6] = ["也就是说", "意思是", "简单说", "简单地说", "通俗地说", "通俗讲"];
const EN_NEXT: [&str; 4] = ["this means", "that means", "in other words", "put simply"];

/// Each glossary term the sentences use, at its first use, unless explained there: in brackets
/// or after a dash or colon right after it, by a marker later in the same sentence, or by the
/// next sentence opening with one. `sentences` are matched; `shown`, the same sentences as the
/// author wrote them (Traditional Chinese before conversion), give the term as the page has it.
pub(crate) fn unexplained(
    entries: &[Entry],
    sentences: &[Sentence],
    shown: &[Sentence],
    chinese: bool,
) -> Vec<Unexplained> {
    let lower: Vec<String> = sentences.iter().map(|s| s.text.to_lowercase()).collect();
    let (markers, next_markers): (&[&str], &[&str]) =
        if chinese { (&ZH_MARKERS, &ZH_NEXT) } else { (&EN_MARKERS, &EN_NEXT) };
    let mut found = Vec::new();
    for entry in entries {
        let forms = std::iter::once(&entry.term).chain(&entry.also);
        let first = forms
            .filter_map(|form| {
                let needle = form.to_lowercase();
                lower
                    .iter()
                    .enumerate()
                    .find_map(|(i, s)| find_term(s, &needle, chinese).map(|at| (i, at, needle.len())))
            })
            .min();
        let Some((i, at, len)) = first else { continue };
        let after = &lower[i][at + len..];
        let explained = after.trim_start().starts_with(['（', '(', '—', '：', ':', '–'])
            || markers.iter().any(|m| after.contains(m))
            || lower.get(i + 1).is_some_and(|n| next_markers.iter().any(|m| n.trim_start().starts_with(m)));
        if !explained {
            let original = shown.get(i).and_then(|s| s.text.get(at..at + len));
            let term = original.unwrap_or(&entry.term).to_string();
            found.push(Unexplained { line: sentences[i].line, term, plain: entry.plain.clone() });
        }
    }
    found.sort_by(|a, b| (a.line, &a.term).cmp(&(b.line, &b.term)));
    found
}

/// Where `needle` occurs in `haystack`: anywhere for Chinese, as a whole word otherwise.
fn find_term(haystack: &str, needle: &str, chinese: bool) -> Option<usize> {
    let ascii_word = needle.is_ascii();
    if chinese && !ascii_word {
        return haystack.find(needle);
    }
    haystack.match_indices(needle).map(|(at, _)| at).find(|&at| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(texts: &[&str]) -> Vec<Sentence> {
        texts.iter().enumerate().map(|(i, t)| Sentence { line: i + 1, text: t.to_string(), length: 1 }).collect()
    }

    fn builtin() -> Glossary {
        Glossary::load(Path::new("/nonexistent"), "glossary.yaml").unwrap()
    }

    #[test]
    fn terms_explained_in_brackets_or_the_next_sentence_pass() {
        let g = builtin();
        let ok =
            sentences(&["查出乙肝表面抗原（说明身体里有乙肝病毒）要复查。", "肝硬化要早治。", "也就是说，肝会变硬。"]);
        assert!(unexplained(&g.zh, &ok, &ok, true).is_empty(), "{:?}", unexplained(&g.zh, &ok, &ok, true));
        let bad = sentences(&["请复查转氨酶。", "医生会开始抗病毒治疗。"]);
        let found = unexplained(&g.zh, &bad, &bad, true);
        assert_eq!(
            found.iter().map(|u| (u.line, u.term.as_str())).collect::<Vec<_>>(),
            [(1, "转氨酶"), (2, "抗病毒治疗")]
        );
    }

    #[test]
    fn english_terms_match_whole_words_in_any_case() {
        let g = builtin();
        let s = sentences(&[
            "Hypertension raises the risk.",
            "Renal disease, or kidney disease, is common.",
            "Adrenaline is fine.",
        ]);
        let found = unexplained(&g.en, &s, &s, false);
        assert_eq!(found.iter().map(|u| u.term.as_str()).collect::<Vec<_>>(), ["Hypertension"]);
    }

    #[test]
    fn a_site_glossary_adds_terms() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("glossary.yaml"),
            "zh:\n  - term: 幽门螺杆菌\n    plain: 胃里的细菌\n  - term: 眼压\n    plain: 眼球里的压力\n",
        )
        .unwrap();
        let g = Glossary::load(dir.path(), "glossary.yaml").unwrap();
        assert_eq!(g.zh.iter().filter(|e| e.term == "幽门螺杆菌").count(), 1);
        assert_eq!(g.zh.last().unwrap().term, "眼压");
        std::fs::write(dir.path().join("glossary.yaml"), "zh:\n  - term: 眼压\n    plian: x\n").unwrap();
        let e = Glossary::load(dir.path(), "glossary.yaml").unwrap_err().to_string();
        assert!(e.contains("glossary.yaml:3") && e.contains("plain"), "{e}");
    }
}
