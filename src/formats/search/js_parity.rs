//! search.js searches the index in the reader's browser, so it must cut text into terms,
//! stem words and hash terms to shards exactly as this module does. These tests run the theme's
//! search.js in Node beside the Rust functions.

use std::process::Command;

/// Runs `script` in Node with the default theme's search.js loaded; returns what it printed.
fn node(script: &str) -> serde_json::Value {
    let search_js = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search.js");
    let script = format!("globalThis.window = globalThis; require({:?});\n{script}", search_js.to_string_lossy());
    let out =
        Command::new("node").arg("-e").arg(script).output().expect("node is installed (scripts/test installs it)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn rust_and_javascript_agree_on_stems_tokens_and_shards() {
    let words = [
        "screenings",
        "screened",
        "making",
        "hoped",
        "agreed",
        "babies",
        "glasses",
        "falling",
        "hearing",
        "vaccination",
        "eyes",
        "tested",
        "feed",
        "bleed",
        "hopping",
        "filing",
        "conflated",
        "troubled",
        "sized",
        "tanned",
        "fizzed",
        "failing",
        "happy",
        "sky",
        "caresses",
        "ponies",
        "ties",
        "cats",
        "ss",
        "is",
        "plastered",
        "motoring",
        "sing",
        "controlling",
        "rolling",
        "hissing",
        "fixing",
        "snowing",
        "yed",
        "ying",
        "eed",
    ];
    let js: Vec<String> =
        serde_json::from_value(node(&format!("console.log(JSON.stringify({words:?}.map(KepuSearch.stem)));"))).unwrap();
    let rust: Vec<String> = words.iter().map(|w| super::stem(w)).collect();
    assert_eq!(js, rust);

    let texts = [
        "乙肝筛查：一次抽血，早知道 Hepatitis-B screenings (2026)",
        "𠀀𠀁𠀂 肝 B超 ساغلاملىق تەكشۈرۈش བཀྲ་ཤིས་བདེ་ལེགས། Чанга дуу сонсголыг",
        "ÉCOLE naïve café İstanbul straße ﬁle 12.5mg x²",
    ];
    let js: Vec<Vec<String>> =
        serde_json::from_value(node(&format!("console.log(JSON.stringify({texts:?}.map(KepuSearch.tokens)));")))
            .unwrap();
    let rust: Vec<Vec<String>> = texts.iter().map(|t| super::tokens(t)).collect();
    assert_eq!(js, rust);

    // The shard of every term: FNV-1a over code points (astral ones included) in both languages.
    let terms: Vec<String> =
        texts.iter().flat_map(|t| super::tokens(t)).chain(["".into(), "a".into(), "ab".into()]).collect();
    let counts = [1usize, 2, 8, 256];
    let js: Vec<(u32, Vec<usize>)> = serde_json::from_value(node(
        &format!("console.log(JSON.stringify({terms:?}.map(t => [KepuSearch.hash(t), {counts:?}.map(n => KepuSearch.shardOf(t, n))])));"),
    ))
    .unwrap();
    let rust: Vec<(u32, Vec<usize>)> = terms
        .iter()
        .map(|t| {
            let h = super::term_hash(t);
            (h, counts.iter().map(|&n| super::shard_of(h, n)).collect())
        })
        .collect();
    assert_eq!(js, rust);
}
