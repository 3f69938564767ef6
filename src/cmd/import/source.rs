//! Reading another generator's files: front matter in YAML (`---`), TOML (`+++`) or JSON (`{`),
//! and configuration files in the same three languages. Every value comes out as JSON, so the
//! converters see one shape whatever the author wrote; the `toml` crate stays behind this module.

use serde_json::{Map, Value};

/// The language a block of settings is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Yaml,
    Toml,
    Json,
}

impl Format {
    /// The format of a configuration file, by its extension.
    pub(super) fn of_file(name: &str) -> Option<Format> {
        match name.rsplit_once('.')?.1 {
            "toml" => Some(Format::Toml),
            "yaml" | "yml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// A content file split into its front matter and its Markdown.
#[derive(Debug)]
pub(super) struct Split<'a> {
    pub(super) format: Format,
    pub(super) front: &'a str,
    /// Line (from 1) of the file where `front` starts.
    pub(super) front_line: usize,
    pub(super) body: &'a str,
    /// Line (from 1) of the file where `body` starts.
    pub(super) body_line: usize,
}

/// Splits a content file; `None` when it has no front matter at all.
pub(super) fn split(text: &str) -> Option<Split<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.split_inclusive('\n').next()?;
    let fence = first.trim_end();
    let format = match fence {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ if fence.starts_with('{') => return split_json(text),
        _ => return None,
    };
    let start = first.len();
    let mut offset = start;
    for (i, line) in text[start..].split_inclusive('\n').enumerate() {
        if line.trim_end() == fence {
            let body = &text[offset + line.len()..];
            return Some(Split { format, front: &text[start..offset], front_line: 2, body, body_line: i + 3 });
        }
        offset += line.len();
    }
    None
}

/// JSON front matter is one object at the top of the file, the Markdown after it.
fn split_json(text: &str) -> Option<Split<'_>> {
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    values.next()?.ok()?;
    let end = values.byte_offset();
    let rest = &text[end..];
    // The body starts on the line after the object's closing brace.
    let skip = rest.find('\n').map_or(rest.len(), |n| n + 1);
    let body_line = text[..end + skip].matches('\n').count() + 1;
    Some(Split { format: Format::Json, front: &text[..end], front_line: 1, body: &rest[skip..], body_line })
}

/// Parses a block of settings into a JSON object; the error says where and why.
pub(super) fn parse(format: Format, text: &str) -> Result<Map<String, Value>, (Option<usize>, String)> {
    let value = match format {
        Format::Yaml if text.trim().is_empty() => Value::Object(Map::new()),
        Format::Yaml => {
            let yaml: serde_yaml::Value =
                serde_yaml::from_str(text).map_err(|e| (e.location().map(|l| l.line()), e.to_string()))?;
            serde_json::to_value(yaml).map_err(|e| (None, e.to_string()))?
        }
        Format::Toml => {
            let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
                let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
                (line, e.message().to_string())
            })?;
            from_toml(toml::Value::Table(table))
        }
        Format::Json => serde_json::from_str(text).map_err(|e| (Some(e.line()), e.to_string()))?,
    };
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err((Some(1), "the settings are not a map of `key: value` pairs".into())),
    }
}

/// TOML's dates and times become their text (`2024-03-01`, `2024-03-01T09:00:00+08:00`).
fn from_toml(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(from_toml).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, from_toml(v))).collect()),
    }
}

/// The line (from 1, within `front`) where `key` is set, in any of the three formats.
pub(super) fn key_line(front: &str, key: &str) -> Option<usize> {
    front
        .lines()
        .position(|line| {
            let t = line.trim_start().trim_start_matches('"');
            t.strip_prefix(key).is_some_and(|rest| {
                let rest = rest.trim_start_matches('"').trim_start();
                rest.starts_with(':') || rest.starts_with('=')
            }) || line.trim() == format!("[{key}]")
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any file splits and parses without a panic; what is not front matter is the body.
        #[test]
        fn any_file_splits(text in "(---|\\+\\+\\+|\\{)?[-+{}\\[\\]:=\"a1乙 \n]{0,60}") {
            if let Some(s) = split(&text) {
                let _ = parse(s.format, s.front);
                prop_assert!(text.ends_with(s.body));
            }
        }
    }

    #[test]
    fn splits_the_three_formats_with_lines() {
        let s = split("+++\ntitle = \"A\"\ndate = 2024-03-01T09:00:00+08:00\n+++\nBody\n").unwrap();
        assert_eq!((s.format, s.body, s.body_line), (Format::Toml, "Body\n", 5));
        let m = parse(s.format, s.front).unwrap();
        assert_eq!(m["date"], "2024-03-01T09:00:00+08:00");
        let s = split("---\ntitle: B\n---\n\nText").unwrap();
        assert_eq!((s.format, s.body_line), (Format::Yaml, 4));
        let s = split("{\n  \"title\": \"C\"\n}\nJSON body\n").unwrap();
        assert_eq!((s.format, s.body, s.body_line), (Format::Json, "JSON body\n", 4));
        assert_eq!(parse(s.format, s.front).unwrap()["title"], "C");
        assert!(split("no front matter").is_none());
        assert!(split("---\ntitle: unclosed\n").is_none());
    }

    #[test]
    fn errors_name_the_line() {
        let (line, _) = parse(Format::Toml, "title = \"a\"\ndate = \n").unwrap_err();
        assert_eq!(line, Some(2));
        assert_eq!(key_line("title = 'x'\n[taxonomies]\ntags = []", "taxonomies"), Some(2));
        assert_eq!(key_line("a: 1\nlayout: x", "layout"), Some(2));
    }
}
