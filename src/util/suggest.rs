//! "Did you mean …?": the known name nearest to a mistyped one.

/// The candidate closest to `word` by edit distance, if it is close enough to be the word meant
/// (a third of its length, and at least one edit), or else the one it begins (`paginate` for
/// `paginate_by`).
pub(crate) fn did_you_mean<'a>(word: &str, candidates: &'a [impl AsRef<str>]) -> Option<&'a str> {
    let word = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(&word, &c.as_ref().to_lowercase()), c.as_ref()))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
        .or_else(|| {
            let starts = |c: &&'a str| word.chars().count() >= 4 && c.to_lowercase().starts_with(&word);
            candidates.iter().map(AsRef::as_ref).find(starts)
        })
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn near_names_only() {
        let keys = ["title", "date", "summary", "observance"];
        assert_eq!(did_you_mean("titel", &keys), Some("title"));
        assert_eq!(did_you_mean("Title", &keys), Some("title"));
        assert_eq!(did_you_mean("obsevance", &keys), Some("observance"));
        assert_eq!(did_you_mean("venue", &keys), None);
        assert_eq!(did_you_mean("paginate", &["paginate_by"]), Some("paginate_by"));
    }
}
