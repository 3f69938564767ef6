//! The default theme as built into the binary: its files, which a site without a `themes/`
//! folder builds with, and its UI strings, which tell an author the id of a word they typed.

use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;

pub(crate) static FILES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A key of the default theme's UI strings, found by the words of one of its languages.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Named {
    /// The key after the prefix asked for (`free_clinic`).
    pub(crate) id: String,
    /// The language whose string it was found in (`zh-Hans`).
    pub(crate) lang: String,
    /// That string (`义诊`).
    pub(crate) words: String,
    /// The string is what was asked for; else it holds it (`健康咨询` for `咨询`).
    pub(crate) exact: bool,
}

/// The key under `prefix` whose string, in one of the default theme's languages, is `text` or
/// else holds it: (`service.`, `义诊`) → `free_clinic` in zh-Hans. Read only to explain an error,
/// so it parses the strings each time it is asked.
pub(crate) fn key_named(prefix: &str, text: &str) -> Option<Named> {
    let wanted = text.trim().to_lowercase();
    let mut files: Vec<_> = FILES.get_dir("i18n")?.files().collect();
    files.sort_by_key(|f| f.path());
    let mut strings = Vec::new();
    for f in files {
        let Some(lang) = f.path().file_stem().and_then(|s| s.to_str()) else { continue };
        let table: BTreeMap<String, serde_yaml::Value> = serde_yaml::from_slice(f.contents()).ok()?;
        strings.extend(table.into_iter().filter_map(|(key, value)| {
            let id = key.strip_prefix(prefix)?.to_string();
            Some(Named { id, lang: lang.to_string(), words: value.as_str()?.trim().to_string(), exact: false })
        }));
    }
    let exact = strings.iter().position(|n| n.words.to_lowercase() == wanted);
    // One character holds too little to guess from (药 is in many words).
    let within = || strings.iter().position(|n| wanted.chars().count() > 1 && n.words.to_lowercase().contains(&wanted));
    let i = exact.or_else(within)?;
    let found = strings.swap_remove(i);
    Some(Named { exact: exact.is_some(), ..found })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_of_any_language_names_its_key() {
        let named = |text| key_named("service.", text).map(|n| (n.id, n.lang, n.words, n.exact));
        let found = |id: &str, lang: &str, words: &str, exact| Some((id.into(), lang.into(), words.into(), exact));
        assert_eq!(named("义诊"), found("free_clinic", "zh-Hans", "义诊", true));
        assert_eq!(named(" free clinic "), found("free_clinic", "en", "Free clinic", true));
        assert_eq!(named("咨询"), found("consultation", "zh-Hans", "健康咨询", false));
        assert_eq!(named("听力筛查"), None);
        assert_eq!(named("诊"), None);
    }
}
