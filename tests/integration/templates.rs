//! The template variables: what docs/templates.md promises is what templates get. The fixture
//! site `tests/fixtures/template_vars` has templates that print each variable as JSON; every
//! key list in the reference is compared with the keys of the value a real build rendered.

use crate::common::Fixture;
use serde_json::Value;
use std::collections::BTreeSet;

/// The top-level keys of the first `{…}` after `marker` in docs/templates.md.
fn documented(docs: &str, marker: &str) -> BTreeSet<String> {
    let at = docs.find(marker).unwrap_or_else(|| panic!("docs/templates.md no longer has {marker:?}"));
    let rest = &docs[at + marker.len()..];
    let open = rest.find('{').expect("a key list after the marker");
    let mut keys = BTreeSet::new();
    let (mut depth, mut key, mut in_key) = (0, String::new(), true);
    for c in rest[open + 1..].chars() {
        match c {
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' if depth > 0 => depth -= 1,
            '}' => break,
            ',' if depth == 0 => {
                keys.insert(std::mem::take(&mut key));
                in_key = true;
                continue;
            }
            _ => {}
        }
        if depth == 0 && in_key {
            if c.is_alphanumeric() || c == '_' {
                key.push(c);
            } else if !key.is_empty() {
                in_key = false;
            }
        }
    }
    keys.insert(key);
    keys.remove("");
    keys
}

/// The keys of a rendered object.
fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap_or_else(|| panic!("not an object: {value}")).keys().cloned().collect()
}

fn json(f: &Fixture, rel: &str) -> Value {
    let text = f.read(rel);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}\n{text}"))
}

#[test]
fn every_documented_key_list_matches_what_templates_get() {
    let f = Fixture::copy_of("template_vars");
    let mut opts = f.options();
    opts.now = Some(chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
    kepu::build(&opts).unwrap_or_else(|e| panic!("{e}"));
    let docs =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/templates.md")).unwrap();

    let article = json(&f, "articles/hepatitis-b/index.html");
    let clinic = json(&f, "events/clinic/index.html");
    let section = json(&f, "articles/index.html");
    let home = json(&f, "index.html");
    let flyer = json(&f, "articles/hepatitis-b/flyer.html");
    let tags = json(&f, "tags/index.html");
    let term = json(&f, "tags/乙肝/index.html");
    let observance = json(&f, "observances/world-hepatitis-day/index.html");
    let events = json(&f, "events/index.html");

    let cases: Vec<(&str, &Value)> = vec![
        ("- `site`: `", &section["site"]),
        ("- `lang`: the current language `", &section["lang"]),
        ("- `translations`: `[ ", &section["translations"][0]),
        ("## `page`\n\n`", &article),
        ("- `tags`, `specialties`: `[", &article["specialties"][0]),
        ("- `toc`: `[", &article["toc"][0]),
        ("- `section`: `", &article["section"]),
        ("- `event` (null unless", &clinic["event"]),
        ("services: [", &clinic["event"]["services"][0]),
        ("- `review` (null unless given): `", &article["review"]),
        ("`sources`: `[", &article["sources"][0]),
        ("- `observance`: `", &article["observance"]),
        ("`bilingual_flyers`: `[", &article["bilingual_flyers"][0]),
        ("`flyer`: `", &flyer),
        ("A flyer `side` is one language version: `", &flyer["sides"][0]),
        ("holds that side's field names\nin its own language: `", &flyer["sides"][0]["labels"]),
        ("hold page summaries: `", &section["paginator"]["pages"][0]),
        ("## `section`, `paginator`, `taxonomy`, `term`\n\n- `section`: `", &section["section"]),
        ("subsections: [", &home["section"]["subsections"][0]),
        ("- `paginator`: `", &section["paginator"]),
        ("`sections` (top-level sections: `", &home["sections"][0]),
        ("- `taxonomy`: `", &tags["taxonomy"]),
        ("terms: [", &tags["taxonomy"]["terms"][0]),
        ("- `term`: `", &term["term"]),
        ("`observance` (`", &observance["observance"]),
        ("`past_months` (`[", &events["past_months"][0]),
    ];
    let mut wrong = Vec::new();
    for (marker, value) in cases {
        let (doc, got) = (documented(&docs, marker), keys(value));
        if doc != got {
            let missing: Vec<_> = got.difference(&doc).collect();
            let extra: Vec<_> = doc.difference(&got).collect();
            wrong.push(format!("{marker:?}: undocumented {missing:?}, documented but absent {extra:?}"));
        }
    }
    assert!(wrong.is_empty(), "docs/templates.md and the template contexts differ:\n{}", wrong.join("\n"));
    // Lists of summaries hold the same summaries everywhere.
    assert_eq!(keys(&home["recent"][0]), keys(&section["paginator"]["pages"][0]));
    assert_eq!(keys(&events["past_months"][0]["pages"][0]), keys(&home["upcoming_events"][0]));
    assert_eq!(keys(&observance["observance"]["pages"][0]), keys(&home["recent"][0]));
}
