//! Phone numbers shown the way readers at home dial them, with the `phonenumber` crate
//! (libphonenumber's numbering plans); the only module that uses it.

use phonenumber::{country, Mode};

/// The country whose numbers a site shows in their national form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Country(country::Id);

impl Country {
    /// An ISO 3166 two-letter code (`CN`, `cn`); `None` when libphonenumber does not know it.
    pub(crate) fn parse(code: &str) -> Option<Country> {
        code.trim().to_ascii_uppercase().parse().ok().map(Country)
    }

    fn metadata(self) -> Option<&'static phonenumber::Metadata> {
        phonenumber::metadata::DATABASE.by_id(self.0.as_ref())
    }

    fn calling_code(self) -> Option<u16> {
        self.metadata().map(phonenumber::Metadata::country_code)
    }

    fn national_prefix(self) -> Option<&'static str> {
        self.metadata().and_then(phonenumber::Metadata::national_prefix)
    }
}

/// Characters a written phone number may contain after its `+`.
fn in_number(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}')
}

/// Rewrites each international number of `country` in `text` in its national form
/// (`+86-970-1234567` → `0970 123 4567`, `+86 138 0000 0000` → `138 0000 0000`); numbers of other
/// countries, invalid numbers and all other text stay as written. `tel:` links keep the
/// international form: only what readers see changes.
pub(crate) fn national(text: &str, country: Country) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('+') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let run = after.find(|c: char| !in_number(c)).unwrap_or(after.len());
        let digits_end = after[..run].rfind(|c: char| c.is_ascii_digit()).map_or(0, |i| i + 1);
        let written = &rest[at..at + 1 + digits_end];
        match phonenumber::parse(None, written) {
            Ok(n) if digits_end > 0 && phonenumber::is_valid(&n) && n.country().id() == Some(country.0) => {
                out.push_str(&n.format().mode(Mode::National).to_string());
            }
            // A number of the country that its plan does not know (a placeholder such as
            // +86-0000-6613456): its digits as written, after the prefix dialled at home.
            Ok(n) if digits_end > 0 && Some(n.code().value()) == country.calling_code() => {
                let digits = written[1..]
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .trim_start_matches(|c: char| !c.is_ascii_digit());
                let prefix = country.national_prefix().unwrap_or_default();
                if !digits.starts_with(prefix) {
                    out.push_str(prefix);
                }
                out.push_str(digits);
            }
            _ => out.push_str(written),
        }
        rest = &rest[at + 1 + digits_end..];
    }
    out.push_str(rest);
    out
}

/// A `tel:` link for `text` when all of it is one phone number of `country` as dialled at home
/// (`0971-1234567` → `tel:+86-971-123-4567`): an author writes the number, and a reader on a phone
/// should be able to tap it. `None` for anything else, which stays as written.
pub(crate) fn dial(text: &str, country: Country) -> Option<String> {
    let text = text.trim();
    let digits = text.strip_prefix('+').unwrap_or(text);
    if !(digits.starts_with(|c: char| c.is_ascii_digit() || c == '(') && digits.chars().all(in_number)) {
        return None; // other words beside the number
    }
    let n = phonenumber::parse(Some(country.0), text).ok()?;
    (phonenumber::is_valid(&n) && n.country().id() == Some(country.0))
        .then(|| n.format().mode(Mode::Rfc3966).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_of_the_site_s_country_in_their_national_form() {
        let cn = Country::parse("cn").unwrap();
        assert_eq!(national("+86-970-1234567", cn), "0970 123 4567");
        assert_eq!(national("报名电话 +86 138 0000 0000（张护士）", cn), "报名电话 138 0000 0000（张护士）");
        assert_eq!(national("+86-10-6512 3456 或 +86-970-7654321", cn), "010 6512 3456 或 0970 765 4321");
        assert_eq!(national("+1 650 253 0000", cn), "+1 650 253 0000", "another country's number stays international");
        assert_eq!(national("+86", cn), "+86");
        assert_eq!(national("+86-0000-6613456", cn), "0000-6613456", "a placeholder keeps its digits as written");
        assert_eq!(national("+86-555-0100", cn), "0555-0100");
        assert_eq!(national("1+1=2, 0970-1234567", cn), "1+1=2, 0970-1234567");
        assert!(Country::parse("XX").is_none());
    }

    #[test]
    fn a_number_written_as_dialled_at_home_becomes_a_link() {
        let cn = Country::parse("CN").unwrap();
        assert_eq!(dial("0971-1234567", cn).as_deref(), Some("tel:+86-971-123-4567"));
        assert_eq!(dial(" 138 0013 8000 ", cn).as_deref(), Some("tel:+86-138-0013-8000"));
        assert_eq!(dial("(010) 6512 3456", cn).as_deref(), Some("tel:+86-10-6512-3456"));
        assert_eq!(dial("+86 971 123 4567", cn).as_deref(), Some("tel:+86-971-123-4567"));
        for not_one in ["张护士 0971-1234567", "0971-1234567 转 8", "12345", "2027-03-03", "+1 650 253 0000", ""] {
            assert_eq!(dial(not_one, cn), None, "{not_one}");
        }
    }
}
