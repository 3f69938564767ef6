//! Reading YAML as people type it. Parsing goes to serde; when it fails, this module finds what
//! the author most likely mistyped — a full-width colon, a tab, a colon inside an unquoted value,
//! curly quotes, a misspelt key — and reports every such problem of the file at once, on the
//! file's own lines, saying what to type instead and never naming a Rust type.

use crate::util::error::{self, Diagnostic, Error, Result};
use crate::util::suggest::did_you_mean;
use serde::de::DeserializeOwned;
use serde_yaml::Value;
use std::path::Path;

/// Unknown keys reported per file at most; past that the file is likely not what it seems.
const MAX_UNKNOWN_KEYS: usize = 20;

/// Parses `src` (which starts on line `line_offset + 1` of `path`) into `T`.
pub(crate) fn parse<T: DeserializeOwned>(path: &Path, src: &str, line_offset: usize) -> Result<T> {
    let first = match serde_yaml::from_str::<T>(src) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    let typos: Vec<Diagnostic> = typing_mistakes(src)
        .into_iter()
        .map(|(line, col, message)| Diagnostic::in_file(path, message).at(line + line_offset, Some(col)))
        .collect();
    if !typos.is_empty() {
        return Err(Error::many(typos));
    }
    let unknown = unknown_keys::<T>(path, src, line_offset);
    if !unknown.is_empty() {
        return Err(Error::many(unknown));
    }
    Err(Error::many(value_mistakes::<T>(path, src, line_offset, &first)))
}

/// Every value of `src` that serde cannot read, starting with `first`. serde stops at the first,
/// so each one with a stand-in (a date, a service, one of a key's words) is replaced by it and the
/// rest parsed again: a notice with its start, end and services mistyped names all of them.
fn value_mistakes<T: DeserializeOwned>(
    path: &Path,
    src: &str,
    line_offset: usize,
    first: &serde_yaml::Error,
) -> Vec<Diagnostic> {
    let (d, mut stand_in) = value_mistake(path, first, src, line_offset);
    // Where the value at fault is in the text parsed (lines from 1 in `src`, columns in characters).
    let mut at = d.line.zip(d.col).and_then(|(line, col)| Some((line.checked_sub(line_offset)?, col)));
    let mut found = vec![d];
    let mut patched = src.to_string();
    // (line, column) of each stand-in, and how many characters longer it is than what it replaced:
    // columns after it on its line are told as they are in the author's file.
    let mut shifts: Vec<(usize, usize, isize)> = Vec::new();
    while found.len() < MAX_UNKNOWN_KEYS {
        let (Some((value, replacement)), Some(here)) = (stand_in.take(), at) else { break };
        let Some(next) = replace_at(&patched, here, &value, &replacement) else { break };
        patched = next;
        shifts.push((here.0, here.1, replacement.chars().count() as isize - value.chars().count() as isize));
        let Err(e) = serde_yaml::from_str::<T>(&patched) else { break };
        let (mut d, next_stand_in) = value_mistake(path, &e, &patched, line_offset);
        at = d.line.zip(d.col).and_then(|(line, col)| Some((line.checked_sub(line_offset)?, col)));
        if let Some((line, col)) = at {
            let moved: isize = shifts.iter().filter(|(l, c, _)| *l == line && *c < col).map(|s| s.2).sum();
            d.col = Some(col.saturating_add_signed(-moved));
        }
        if found.contains(&d) {
            break;
        }
        found.push(d);
        stand_in = next_stand_in;
    }
    found
}

/// `err` as what to type instead, at the file's own line, with the value at fault and a value
/// of the same kind that serde reads, when there is one.
fn value_mistake(
    path: &Path,
    err: &serde_yaml::Error,
    src: &str,
    line_offset: usize,
) -> (Diagnostic, Option<(String, String)>) {
    let mut d = error::yaml(path, err, src, line_offset);
    let mut stand_in = None;
    d.message = match unknown_variant(&d.message) {
        _ if unknown_field(&d.message).is_some() => {
            let (key, expected) = unknown_field(&d.message).unwrap_or_default();
            unknown_key_message(&key, &expected)
        }
        Some((value, expected)) => {
            let hint = match did_you_mean(&value, &expected) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("write one of {}", expected.join(", ")),
            };
            stand_in = expected.first().map(|word| (value.clone(), word.clone()));
            format!("`{value}` is not a value this key takes: {hint}")
        }
        None => {
            stand_in = STAND_INS
                .iter()
                .find(|(words, _)| d.message.contains(words))
                .and_then(|(words, v)| Some((between_backticks(&d.message[d.message.find(words)?..])?, v.to_string())));
            plain_words(&d.message)
        }
    };
    (d, stand_in)
}

/// Messages of Kepu's own value parsers, each with a value its parser reads.
const STAND_INS: [(&str, &str); 2] = [("invalid date `", "2000-01-01"), ("unknown service `", "free_clinic")];

/// The text between the first two backticks of `s`.
fn between_backticks(s: &str) -> Option<String> {
    let start = s.find('`')? + 1;
    Some(s[start..start + s[start..].find('`')?].to_string())
}

/// `src` with `value`, which starts at (line, column) counted from 1 in characters, replaced by
/// `replacement`; `None` when it is not there.
fn replace_at(src: &str, (line, col): (usize, usize), value: &str, replacement: &str) -> Option<String> {
    let start_of_line = src.split_inclusive('\n').take(line.checked_sub(1)?).map(str::len).sum::<usize>();
    let text = src[start_of_line..].split('\n').next()?;
    let at = start_of_line + text.char_indices().nth(col.checked_sub(1)?)?.0;
    src[at..].starts_with(value).then(|| format!("{}{replacement}{}", &src[..at], &src[at + value.len()..]))
}

/// The line (from 1) where `key:` is written as a key, in block or flow style.
pub(crate) fn key_line(src: &str, key: &str) -> Option<usize> {
    let is_key_at = |line: &str, at: usize| {
        let before = line[..at].trim_end();
        let after = line[at + key.len()..].trim_start();
        after.starts_with(':') && (before.is_empty() || before == "-" || before.ends_with(['{', ',']))
    };
    src.lines().position(|line| line.match_indices(key).any(|(at, _)| is_key_at(line, at))).map(|i| i + 1)
}

/// Typing mistakes YAML cannot read past, as (line, column, message), all of them.
fn typing_mistakes(src: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut block_scalar: Option<usize> = None;
    for (i, line) in src.lines().enumerate() {
        let n = i + 1;
        let indent = line.len() - line.trim_start_matches([' ', '\t', '\u{3000}']).len();
        // Lines of a `|` or `>` block are text, whatever they hold.
        if let Some(parent) = block_scalar {
            if line.trim().is_empty() || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        let lead = &line[..indent];
        if let Some(at) = lead.find('\t') {
            out.push((n, at + 1, "a tab: YAML lines are indented with spaces; replace the tab with two spaces".into()));
        } else if let Some(at) = lead.find('\u{3000}') {
            out.push((
                n,
                at + 1,
                "a full-width space: indent with ordinary spaces (switch the input method to half-width)".into(),
            ));
        }
        let body = &line[indent..];
        if body.starts_with('#') {
            continue;
        }
        let item = body.strip_prefix("- ").unwrap_or(body);
        let key_len = item
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .map(char::len_utf8)
            .sum::<usize>();
        let (key, rest) = item.split_at(key_len);
        if key.is_empty() {
            continue;
        }
        let col = line.len() - item.len() + key_len + 1;
        if rest.starts_with('：') {
            let value = rest['：'.len_utf8()..].trim();
            out.push((
                n,
                col,
                format!("`{key}：` has a full-width colon; type an ASCII colon and a space: `{key}: {value}`"),
            ));
            continue;
        }
        let Some(value) = rest.strip_prefix(':') else { continue };
        if !value.is_empty() && !value.starts_with([' ', '\t']) {
            continue;
        }
        let value = value.trim();
        if value.starts_with(['|', '>']) {
            block_scalar = Some(indent);
            continue;
        }
        if let Some(q) = value.chars().next().filter(|c| matches!(c, '“' | '”' | '‘' | '’' | '「' | '『')) {
            if value.contains(": ") || value.ends_with(':') || value.contains(" #") {
                let inner = value.trim_matches(['“', '”', '‘', '’', '「', '」', '『', '』']);
                out.push((n, col + 2, format!("`{key}` starts with the curly quote {q}, which YAML does not read as a quote; use straight quotes: `{key}: \"{inner}\"`")));
            }
            continue;
        }
        if value.starts_with(['"', '\'', '{', '[', '&', '*', '!']) {
            continue;
        }
        if let Some(at) = value.find(": ").or_else(|| value.ends_with(':').then(|| value.len() - 1)) {
            // `value` is a slice of `line`: its offset there gives the column.
            let byte = value.as_ptr() as usize - line.as_ptr() as usize + at;
            let at = line[..byte].chars().count() + 1;
            let quoted = value.replace('"', "\\\"");
            out.push((n, at, format!("the value of `{key}` holds `: `, which YAML reads as a new key; put the value in quotes: `{key}: \"{quoted}\"`")));
        }
    }
    out
}

/// Every key of `src` that `T` does not know, each at its line with the nearest known key.
/// serde stops at the first, so each one found is taken out and the rest parsed again.
fn unknown_keys<T: DeserializeOwned>(path: &Path, src: &str, line_offset: usize) -> Vec<Diagnostic> {
    let Ok(mut value) = serde_yaml::from_str::<Value>(src) else { return Vec::new() };
    let mut out = Vec::new();
    while out.len() < MAX_UNKNOWN_KEYS {
        let Err(e) = serde_yaml::from_value::<T>(value.clone()) else { break };
        let message = e.to_string();
        let Some((key, expected)) = unknown_field(&message) else { break };
        if !remove_key(&mut value, &key) {
            break;
        }
        let d = Diagnostic::in_file(path, unknown_key_message(&key, &expected));
        out.push(match key_line(src, &key) {
            Some(line) => {
                d.at(line + line_offset, Some(1 + src.lines().nth(line - 1).map_or(0, |l| l.find(&key).unwrap_or(0))))
            }
            None => d,
        });
    }
    out
}

/// "unknown key `titel`: did you mean `title`?", or the keys to choose from.
fn unknown_key_message(key: &str, expected: &[String]) -> String {
    let hint = match did_you_mean(key, expected) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("the keys here are {}", expected.join(", ")),
    };
    format!("unknown key `{key}`: {hint}")
}

/// `unknown field `x`, expected one of `a`, `b`` → (x, [a, b]).
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let end = rest.find('`')?;
    let key = rest[..end].to_string();
    let expected = rest[end..].split('`').skip(2).step_by(2).map(str::to_string).filter(|s| !s.is_empty()).collect();
    Some((key, expected))
}

/// `unknown variant `x`, expected one of `a`, `b`` (or `expected `a` or `b``) → (x, [a, b]).
fn unknown_variant(message: &str) -> Option<(String, Vec<String>)> {
    let rest = &message[message.find("unknown variant `")? + "unknown variant `".len()..];
    let end = rest.find('`')?;
    let expected = rest[end..].split('`').skip(2).step_by(2).map(str::to_string).filter(|s| !s.is_empty()).collect();
    Some((rest[..end].to_string(), expected))
}

/// Removes the first mapping entry named `key`, searching depth first.
fn remove_key(value: &mut Value, key: &str) -> bool {
    match value {
        Value::Mapping(map) => {
            if map.remove(key).is_some() {
                return true;
            }
            map.iter_mut().any(|(_, v)| remove_key(v, key))
        }
        Value::Sequence(items) => items.iter_mut().any(|v| remove_key(v, key)),
        Value::Tagged(t) => remove_key(&mut t.value, key),
        _ => false,
    }
}

/// What YAML's parser says, as what to do about it (checked in order, first match wins).
const PARSER_MESSAGES: [(&str, &str); 7] = [
    ("did not find expected ',' or ']'", "a list opened with `[` is not closed: end it with `]` on the same line"),
    ("did not find expected ',' or '}'", "a block opened with `{` is not closed: end it with `}` on the same line"),
    (
        "mapping values are not allowed",
        "a `: ` where YAML expects none: put the value in quotes, or line this key up with the keys above it",
    ),
    (
        "could not find expected ':'",
        "a line that is not `key: value`: add `: ` after the key, or line it up with the keys above it",
    ),
    (
        "did not find expected key",
        "this line is indented differently from the keys above it: line up the keys of one block",
    ),
    (
        "found character that cannot start any token",
        "a value cannot start with this character (` @ % or a tab): put the value in quotes",
    ),
    ("found unexpected end of stream", "a quote or bracket is opened and never closed: close it on the same line"),
];

/// serde's words for shapes, in the words of someone writing the file.
fn plain_words(message: &str) -> String {
    if let Some((_, plain)) = PARSER_MESSAGES.iter().find(|(raw, _)| message.contains(raw)) {
        return plain.to_string();
    }
    let mut out = message.to_string();
    while let Some(at) = out.find("struct ") {
        let end = out[at + 7..].find(|c: char| !c.is_alphanumeric() && c != '_').map_or(out.len(), |e| at + 7 + e);
        out.replace_range(at..end, "`key: value` lines");
    }
    for (from, to) in [
        ("invalid type: map", "a block of `key: value` lines was found"),
        ("invalid type: sequence", "a list was found (a value that starts with `[` is read as one: put it in quotes)"),
        ("invalid type: string", "the text"),
        ("invalid type: unit value", "nothing was found"),
        ("expected a sequence", "expected a list (`[a, b]`, or lines starting with `- `)"),
        ("a YAML mapping", "`key: value` lines"),
        ("usize", "a whole number"),
        ("u32", "a whole number"),
        ("i64", "a whole number"),
    ] {
        out = out.replace(from, to);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Front {
        title: String,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        summary: Option<String>,
        #[serde(default)]
        event: Option<Event>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Event {
        venue: Option<String>,
        start: Option<String>,
    }

    fn messages(src: &str) -> Vec<String> {
        match parse::<Front>(Path::new("a.md"), src, 1) {
            Ok(_) => Vec::new(),
            Err(e) => e.diagnostics.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn full_width_colons_anywhere_are_all_named() {
        let m = messages("title：讲座\nevent:\n  venue：县医院\n");
        assert_eq!(
            m,
            [
                "a.md:2:6: `title：` has a full-width colon; type an ASCII colon and a space: `title: 讲座`",
                "a.md:4:8: `venue：` has a full-width colon; type an ASCII colon and a space: `venue: 县医院`",
            ]
        );
    }

    #[test]
    fn tabs_and_colons_in_values() {
        let m = messages("title: 乙肝筛查: 一次抽血\nevent:\n\tvenue: x\n");
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(m[0].starts_with("a.md:2:"), "{m:?}");
        assert!(m[0].ends_with("put the value in quotes: `title: \"乙肝筛查: 一次抽血\"`"), "{m:?}");
        assert!(m[1].starts_with("a.md:4:1: a tab"), "{m:?}");
    }

    #[test]
    fn curly_quotes_are_named_when_they_break_the_file() {
        let m = messages("title: “乙肝: 筛查”\n");
        assert_eq!(m, ["a.md:2:8: `title` starts with the curly quote “, which YAML does not read as a quote; use straight quotes: `title: \"乙肝: 筛查\"`"]);
    }

    #[test]
    fn every_unknown_key_with_the_nearest_known_one() {
        let m = messages("titel: x\nsumary: y\nevent:\n  venu: z\n");
        assert_eq!(
            m,
            [
                "a.md:2:1: unknown key `titel`: did you mean `title`?",
                "a.md:3:1: unknown key `sumary`: did you mean `summary`?",
                "a.md:5:3: unknown key `venu`: did you mean `venue`?",
            ]
        );
    }

    #[test]
    fn misspelt_values_name_the_nearest() {
        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "lowercase")]
        #[allow(dead_code)]
        enum Status {
            Scheduled,
            Cancelled,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct S {
            status: Status,
        }
        let e = parse::<S>(Path::new("a.md"), "status: canceled\n", 1).unwrap_err().to_string();
        assert_eq!(e, "a.md:2:9: `canceled` is not a value this key takes: did you mean `cancelled`?");
    }

    #[test]
    fn block_text_is_left_alone_and_no_rust_names_leak() {
        assert!(messages("title: x\nsummary: |\n  a: b\n  \tc\n").is_empty());
        let m = messages("- a\n- b\n");
        assert_eq!(m.len(), 1);
        assert!(!m[0].contains("struct") && !m[0].contains("Front"), "{m:?}");
    }

    #[test]
    fn parser_messages_say_what_to_do_on_the_file_s_line() {
        let m = messages("title: x\ntags: [a, b\n");
        assert_eq!(m.len(), 1);
        assert!(m[0].ends_with("a list opened with `[` is not closed: end it with `]` on the same line"), "{m:?}");
        assert!(!m[0].contains("at line"), "one line number, the file's: {m:?}");
        let m = messages("title: x\n  summary: y\n");
        assert_eq!(m, ["a.md:3:10: a `: ` where YAML expects none: put the value in quotes, or line this key up with the keys above it"]);
        let m = messages("title: [x\n");
        assert!(m[0].contains("put it in quotes") || m[0].contains("not closed"), "{m:?}");
    }

    #[test]
    fn key_lines_in_block_and_flow_mappings() {
        let src = "title: x\nreview: {by: a, date: 2025-01-01, next: 2026-01-01}\nevent:\n  end: 2026-01-01\n";
        assert_eq!(key_line(src, "title"), Some(1));
        assert_eq!(key_line(src, "next"), Some(2));
        assert_eq!(key_line(src, "end"), Some(4));
        assert_eq!(key_line(src, "missing"), None);
    }
}
