//! Every language first class: lang/dir, hreflang, CJK-aware text, derived Traditional Chinese,
//! fallback pages, UI strings, translation status and search.

use crate::common::{page, Fixture};
use std::path::Path;
use std::process::Command;

const CONFIG: &str = "\
title: 健康站
base_url: https://example.org
default_language: zh-Hans
languages:
  - code: zh-Hans
    name: 简体中文
  - code: en
    name: English
    title: Health Site
  - code: zh-Hant
    name: 繁體中文
    derived_from: zh-Hans
  - code: ug
    name: ئۇيغۇرچە
    fallback: true
  - code: bo
    name: བོད་ཡིག
  - code: mn
    name: Монгол
";

const LONG_ZH: &str =
    "头发和眼睛都需要保护。每天户外活动两小时可以预防近视。看书写字要保持一尺的距离，连续用眼四十分钟就要休息。";

fn site() -> Fixture {
    let f = Fixture::empty();
    f.write("site.yaml", CONFIG);
    f.write("content/_index.md", page("title: 首页", ""));
    f.write("content/articles/_index.md", page("title: 文章", ""));
    f.write(
        "content/articles/eyes.md",
        page("title: 保护眼睛\ndate: 2026-06-01\nupdated: 2026-09-01", &format!("{LONG_ZH}\n\n## 头发\n\n更多内容。")),
    );
    f.write(
        "content/articles/eyes.en.md",
        page("title: Protect your eyes\ndate: 2026-06-01", "Two hours outdoors every day."),
    );
    f.write("content/articles/ears.md", page("title: 保护耳朵\ndate: 2026-03-03", "噪声会损伤听力。"));
    f.write("content/articles/ears.zh-Hant.md", page("title: 手寫的耳朵文章\ndate: 2026-03-03", "手寫版本。"));
    f.write("content/articles/ears.bo.md", page("title: རྣ་བ་སྲུང་སྐྱོབ།\ndate: 2026-03-03", "སྒྲ་ཆེན་པོས་རྣ་བར་གནོད་སྐྱོན་ཐེབས་སྲིད།"));
    f.write(
        "content/articles/ears.mn.md",
        page("title: Чихээ хамгаалъя\ndate: 2026-03-03", "Чанга дуу сонсголыг гэмтээнэ."),
    );
    f
}

/// `(lang, dir)` of the `<html>` element.
fn html_lang_dir(html: &str) -> (String, String) {
    let tag = &html[html.find("<html").expect("html element")..];
    let tag = &tag[..tag.find('>').unwrap()];
    let attr = |name: &str| {
        let start = tag.find(&format!("{name}=\"")).unwrap_or_else(|| panic!("no {name} in {tag}")) + name.len() + 2;
        tag[start..start + tag[start..].find('"').unwrap()].to_string()
    };
    (attr("lang"), attr("dir"))
}

#[test]
fn every_page_has_lang_and_dir() {
    let f = site();
    f.build();
    let expected = [
        ("", "zh-Hans", "ltr"),
        ("en/", "en", "ltr"),
        ("zh-hant/", "zh-Hant", "ltr"),
        ("ug/", "ug", "rtl"),
        ("bo/", "bo", "ltr"),
        ("mn/", "mn", "ltr"),
    ];
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(f.out("")).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let rel = path.strip_prefix(f.out("")).unwrap().to_string_lossy().replace('\\', "/");
        let html = std::fs::read_to_string(path).unwrap();
        let (lang, dir) = html_lang_dir(&html);
        let (_, want_lang, want_dir) = expected.iter().rev().find(|(prefix, _, _)| rel.starts_with(prefix)).unwrap();
        assert_eq!((lang.as_str(), dir.as_str()), (*want_lang, *want_dir), "{rel}");
        checked += 1;
    }
    assert!(checked > 40, "checked {checked} pages");
}

#[test]
fn hreflang_alternates_in_head_and_sitemap() {
    let f = site();
    f.build();
    let html = f.read("en/articles/eyes/index.html");
    for (lang, url) in [
        ("zh-Hans", "/articles/eyes/"),
        ("en", "/en/articles/eyes/"),
        ("zh-Hant", "/zh-hant/articles/eyes/"),
        ("x-default", "/articles/eyes/"),
    ] {
        assert!(html.contains(&format!("hreflang=\"{lang}\" href=\"https://example.org{url}\"")), "{lang} in {html}");
    }
    // The Uyghur page is a fallback copy: linked for readers, not declared to search engines.
    assert!(!html.contains("hreflang=\"ug\" href"), "fallback is not an alternate");
    assert!(html.contains("href=\"/ug/articles/eyes/\""), "but the switcher links it");
    let sitemap = f.read("sitemap.xml");
    assert!(sitemap.contains("hreflang=\"zh-Hant\" href=\"https://example.org/zh-hant/articles/eyes/\""));
    assert!(!sitemap.contains("hreflang=\"ug\""));
}

#[test]
fn derived_traditional_chinese_is_converted_and_marked() {
    let f = site();
    f.build();
    let derived = f.read("zh-hant/articles/eyes/index.html");
    assert!(derived.contains("保護眼睛"), "title converted");
    assert!(derived.contains("頭髮和眼睛都需要保護"), "phrase-level conversion (头发 → 頭髮)");
    assert!(derived.contains("本頁由簡體中文自動轉換"), "marked as converted");
    // A hand-made translation wins over conversion.
    let authored = f.read("zh-hant/articles/ears/index.html");
    assert!(authored.contains("手寫的耳朵文章") && !authored.contains("自動轉換"));
    // Derived pages get their own heading ids and search index.
    assert!(derived.contains("id=\"頭髮\""));
    assert!(search_files(&f, "zh-hant/").iter().any(|(_, text)| text.contains("\"頭髮\":")));
}

#[test]
fn fallback_pages_show_the_default_language_with_a_notice() {
    let f = site();
    f.build();
    let html = f.read("ug/articles/eyes/index.html");
    assert!(html.contains("dir=\"rtl\""), "UI in Uyghur");
    assert!(html.contains("class=\"content\" lang=\"zh-Hans\" dir=\"ltr\""), "content marked as Chinese: {html}");
    assert!(html.contains("ئەسلى تېكىست"), "notice in Uyghur");
    assert!(html.contains("noindex"));
    // Languages without fallback simply lack the page.
    assert!(!f.exists("mn/articles/eyes/index.html"));
}

#[test]
fn chinese_summaries_reading_time_and_plurals() {
    let f = site();
    f.write("content/articles/long.md", page("title: 长文\ndate: 2026-01-01", &"预防近视很重要。".repeat(200)));
    f.write(
        "content/articles/long.en.md",
        page("title: Long\ndate: 2026-01-01", &"Outdoor time protects eyes. ".repeat(100)),
    );
    f.build();
    // The automatic summary stops at a sentence end, never mid-character.
    let list = f.read("articles/index.html");
    assert!(list.contains("<p>头发和眼睛都需要保护。每天户外活动两小时可以预防近视。"), "{list}");
    // 1,400 Han characters ≈ 5 minutes at 300 characters a minute (not "1 word").
    assert!(f.read("articles/long/index.html").contains("阅读约需 5 分钟"));
    assert!(f.read("en/articles/long/index.html").contains("2 minutes read"));
    assert!(f.read("en/articles/eyes/index.html").contains("1 minute read"), "singular form");
    // Tibetan text gets a real count too.
    assert!(f.read("bo/articles/ears/index.html").contains("lang=\"bo\""));
}

#[test]
fn missing_ui_strings_fall_back_and_warn_once() {
    let f = site();
    f.write(
        "templates/page.html",
        "<html lang=\"{{ lang.code }}\" dir=\"{{ lang.dir }}\">{{ t(key=\"custom\") }}</html>",
    );
    f.write("i18n/zh-hans.yaml", "custom: 自定义\n");
    f.write("i18n/en.yaml", "custom: Custom\n");
    let report = f.build();
    assert!(f.read("en/articles/eyes/index.html").contains("Custom"));
    assert!(f.read("mn/articles/ears/index.html").contains("自定义"), "falls back to the default language");
    let warnings: Vec<_> = report.warnings.iter().filter(|w| w.contains("`custom`")).collect();
    assert!(warnings.iter().any(|w| w.contains("mn")), "{warnings:?}");
    assert_eq!(warnings.iter().filter(|w| w.contains(" mn")).count(), 1, "once per language per build");
    // Every build says it again: a page kept from the last build would not ask for the string.
    let again = f.build();
    assert!(again.warnings.iter().any(|w| w.contains("`custom`") && w.contains("mn")), "{:?}", again.warnings);
}

#[test]
fn translation_status_lists_missing_and_stale() {
    let f = site();
    let out = f.cli(&["check", "--now", "2026-11-25"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    // eyes.md was updated 2026-09-01, its English translation dates from 2026-06-01.
    assert!(stdout.contains("content/articles/eyes.en.md:2: warning: stale translation"), "{stdout}");
    assert!(stdout.contains("content/articles/ears.md:2: warning: no en translation"), "{stdout}");
    assert!(stdout.contains("zh-Hant: 1 of 2 pages translated (4 words), 1 converted automatically"), "{stdout}");
    assert!(stdout.contains("bo: 1 of 2 pages translated (9 words)"), "Tibetan counted in syllables: {stdout}");
    assert!(stdout.contains("ug: 0 of 2 pages translated (0 words), 2 shown in the default language"), "{stdout}");
}

/// The search index files of a language (`docs.js`, then the shards in order): (name, contents).
fn search_files(f: &Fixture, home: &str) -> Vec<(String, String)> {
    let dir = f.out(&format!("{home}search"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".js"))
        .collect();
    names.sort_by_key(|n| (n != "docs.js", n.len(), n.clone()));
    names.into_iter().map(|n| (n.clone(), std::fs::read_to_string(dir.join(&n)).unwrap())).collect()
}

/// Runs `script` in Node after loading the real search.js (with `window` set, no DOM).
fn node(f: &Fixture, script: &str) -> serde_json::Value {
    let script = format!(
        "globalThis.window = globalThis; const {{ pathToFileURL, fileURLToPath }} = require('url'); require({:?});\n{script}",
        f.out(&f.asset_name("search", "js")).to_string_lossy(),
    );
    let out = Command::new("node").arg("-e").arg(script).output().expect("node is installed (.ci/run installs it)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs the real search.js with every index file of a language loaded and returns the URLs found.
fn search(f: &Fixture, home: &str, lang: &str, query: &str) -> Vec<String> {
    let dir = f.out(&format!("{home}search"));
    let files: Vec<String> =
        search_files(f, home).into_iter().map(|(n, _)| dir.join(n).to_string_lossy().to_string()).collect();
    let script = format!(
        "for (const file of {files:?}) require(file);\n\
         console.log(JSON.stringify(KepuSearch.search(KEPU_SEARCH[{lang:?}], {query:?}).map(d => d[1])));"
    );
    serde_json::from_value(node(f, &script)).unwrap()
}

/// Runs the page's own loading path in Node with a minimal fake `document`: search/docs.js is
/// loaded as the page's script, then `KepuSearch.find` inserts the shard scripts it needs.
/// Returns (URLs found or null, shard files inserted).
fn find(f: &Fixture, home: &str, lang: &str, query: &str, live: bool) -> (Option<Vec<String>>, Vec<String>) {
    serde_json::from_value(load_and_run(
        f,
        home,
        &format!(
            "KepuSearch.find(KEPU_SEARCH[{lang:?}], {query:?}, {live}).then(r =>\n\
               console.log(JSON.stringify([r && r.map(d => d[1]), inserted])));"
        ),
    ))
    .unwrap()
}

/// Like [`find`], then loads the summaries of the first 50 results as the page does. Returns
/// (URL and summary of each of those results, files inserted).
fn find_shown(f: &Fixture, home: &str, lang: &str, query: &str) -> (Vec<(String, Option<String>)>, Vec<String>) {
    serde_json::from_value(load_and_run(
        f,
        home,
        &format!(
            "const x = KEPU_SEARCH[{lang:?}];\n\
             KepuSearch.find(x, {query:?}, false).then(r => r.slice(0, 50)).then(r =>\n\
               KepuSearch.summaries(x, r).then(() => console.log(JSON.stringify([r.map(d => [d[1], d[2]]), inserted]))));"
        ),
    ))
    .unwrap()
}

/// Loads search/docs.js in Node as the page's script, with a minimal fake `document` whose
/// `<head>` runs inserted scripts and records their names in `inserted`, then runs `then`.
fn load_and_run(f: &Fixture, home: &str, then: &str) -> serde_json::Value {
    let docs = f.out(&format!("{home}search/docs.js"));
    let script = format!(
        "const inserted = [];\n\
         globalThis.document = {{\n\
           currentScript: {{ src: pathToFileURL({docs:?}).href }},\n\
           createElement: () => ({{}}),\n\
           addEventListener: () => {{}},\n\
           head: {{ appendChild: s => {{ queueMicrotask(() => {{\n\
             inserted.push(new URL(s.src).pathname.split('/').pop()); require(fileURLToPath(s.src)); s.onload();\n\
           }}); return s; }} }},\n\
         }};\n\
         require({docs:?});\n{then}",
        docs = docs.to_string_lossy(),
    );
    node(f, &script)
}

#[test]
fn search_finds_chinese_and_english() {
    let f = site();
    f.write("content/articles/hep.md", page("title: 乙肝筛查\ndate: 2026-07-28", "成年人应做一次乙肝筛查。"));
    f.write(
        "content/articles/hep.en.md",
        page("title: Hepatitis tests\ndate: 2026-07-28", "Adults should be screened once."),
    );
    f.build();
    assert_eq!(search(&f, "", "zh-Hans", "乙肝筛查"), vec!["/articles/hep/"]);
    assert_eq!(search(&f, "", "zh-Hans", "筛查乙肝"), vec!["/articles/hep/"], "bigrams, any order");
    assert!(search(&f, "", "zh-Hans", "肝癌").is_empty());
    assert_eq!(search(&f, "en/", "en", "SCREENING"), vec!["/en/articles/hep/"], "case and stem");
    assert_eq!(search(&f, "en/", "en", "outdoor"), vec!["/en/articles/eyes/"]);
    assert_eq!(search(&f, "en/", "en", "outd"), vec!["/en/articles/eyes/"], "unfinished word");
    assert_eq!(search(&f, "en/", "en", "constructor"), Vec::<String>::new(), "no Object.prototype lookups");
    assert_eq!(search(&f, "zh-hant/", "zh-Hant", "頭髮"), vec!["/zh-hant/articles/eyes/"]);
    // The page loads search.js, then the document list; shards come later, per query.
    let page = f.read("en/search/index.html");
    let (js, docs) = (page.find("/search.").unwrap(), page.find("/en/search/docs.js").unwrap());
    assert!(page.contains("role=\"search\"") && page.contains("<noscript>") && js < docs, "{page}");
    let docs = f.read("en/search/docs.js");
    assert!(docs.starts_with("KEPU_SEARCH_DOCS(\"en\",{\"base\":\"/en/\",\"shards\":1,"), "{docs}");
    assert!(docs.contains("[\"Hepatitis tests\",\"articles/hep/\"]"), "{docs}");
    assert!(f.read("en/search/sum-0.js").contains("\"Adults should be screened once.\""));
    assert!(f.read("en/search/shard-0.js").starts_with("KEPU_SEARCH_SHARD(\"en\",0,{"));
    assert!(docs.contains("\"shards\":1,\"versions\":[\""), "shards are asked for by version: {docs}");
    // Through the page's loading path too.
    assert_eq!(
        find(&f, "", "zh-Hans", "乙肝筛查", false),
        (Some(vec!["/articles/hep/".into()]), vec!["shard-0.js".into()])
    );
}

const ZH_WORDS: [&str; 24] = [
    "乙肝",
    "筛查",
    "疫苗",
    "接种",
    "视力",
    "近视",
    "白内障",
    "听力",
    "助听器",
    "高血压",
    "糖尿病",
    "血糖",
    "卒中",
    "急救",
    "营养",
    "运动",
    "睡眠",
    "吸烟",
    "口腔",
    "儿童",
    "老年人",
    "孕妇",
    "义诊",
    "讲座",
];
const ZH_GLUE: [&str; 8] = ["要", "应当", "可以", "需要", "注意", "预防", "了解", "坚持"];

/// A one-language site of 1,000 generated pages with short bodies.
fn thousand_pages() -> Fixture {
    let f = Fixture::empty();
    f.write("site.yaml", "title: 健康站\nlanguages:\n  - code: zh-Hans\n    name: 简体中文\n");
    let mut seed: u64 = 7;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    for i in 0..1000 {
        let mut body = String::new();
        for s in 0..8 {
            for _ in 0..6 {
                body.push_str(ZH_WORDS[next(ZH_WORDS.len())]);
                body.push_str(ZH_GLUE[next(ZH_GLUE.len())]);
            }
            body.push_str(if s % 3 == 2 { "。\n\n" } else { "，" });
        }
        let title = format!("{}与{}（{i}）", ZH_WORDS[next(ZH_WORDS.len())], ZH_WORDS[next(ZH_WORDS.len())]);
        f.write(&format!("content/articles/p{i:04}.md"), page(&format!("title: {title}\ndate: 2026-01-01"), &body));
    }
    f
}

/// Largest total index (document list and every shard) accepted for [`thousand_pages`].
const THOUSAND_PAGE_INDEX_BOUND: usize = 600 * 1024;

#[test]
fn a_thousand_pages_give_a_small_sharded_index() {
    let f = thousand_pages();
    f.build();
    let files = search_files(&f, "");
    let total: usize = files.iter().map(|(_, t)| t.len()).sum();
    let largest = files.iter().filter(|(n, _)| n.starts_with("shard-")).map(|(_, t)| t.len()).max().unwrap();
    let shards = files.iter().filter(|(n, _)| n.starts_with("shard-")).count();
    let docs = files[0].1.len();
    println!(
        "1,000 pages: {total} bytes in {} files ({shards} shards, largest {largest} bytes; docs.js {docs} bytes)",
        files.len()
    );
    assert!(docs < 64 * 1024, "docs.js of {docs} bytes: summaries belong in their own files");
    assert_eq!(files.iter().filter(|(n, _)| n.starts_with("sum-")).count(), 10, "100 summaries per file");
    assert!(total < THOUSAND_PAGE_INDEX_BOUND, "index of {total} bytes");
    assert!(shards.is_power_of_two() && shards > 1, "{shards} shards");
    // Shards aim at 48 KiB (`TARGET_SHARD_BYTES` in src/formats/search.rs).
    assert!(largest < 2 * 48 * 1024, "largest shard {largest} bytes");
    assert!(files.iter().all(|(_, t)| !t.contains('<')), "no raw < in any script");
    assert!(files[0].1.contains(&format!("\"shards\":{shards},")));

    // A two-word query loads only the shards its terms hash to.
    let query = "乙肝筛查";
    let all = search(&f, "", "zh-Hans", query);
    assert!(all.len() > 10, "{} hits", all.len());
    // The shards its terms hash to (search.js hashes as the index does: see the unit tests of
    // src/formats/search.rs).
    let mut needed: Vec<String> = serde_json::from_value(node(
        &f,
        &format!("console.log(JSON.stringify(KepuSearch.tokens({query:?}).map(t => `shard-${{KepuSearch.shardOf(t, {shards})}}.js`)));"),
    ))
    .unwrap();
    needed.sort();
    needed.dedup();
    let (found, mut inserted) = find(&f, "", "zh-Hans", query, false);
    inserted.sort();
    assert_eq!(inserted, needed);
    assert!(inserted.len() <= 3 && inserted.len() < shards);
    let hits = all.len();
    assert_eq!(found, Some(all));
    // An unfinished word of three letters or more stays in its own shard too.
    let (_, inserted) = find(&f, "", "zh-Hans", "abc", false);
    assert_eq!(inserted.len(), 1);
    // A lone character is found inside pairs anywhere: every shard, but only when asked for.
    let (found, inserted) = find(&f, "", "zh-Hans", "糖", true);
    assert_eq!((found, inserted.len()), (None, 1), "typing does not download the whole index");
    let (found, inserted) = find(&f, "", "zh-Hans", "糖", false);
    assert_eq!(inserted.len(), shards);
    assert_eq!(found, Some(search(&f, "", "zh-Hans", "糖")));
    // Results show with summaries loaded only from the files that hold them.
    let (shown, inserted) = find_shown(&f, "", "zh-Hans", query);
    assert_eq!(shown.len(), hits.min(50));
    assert!(shown.iter().all(|(_, summary)| summary.as_ref().is_some_and(|s| !s.is_empty())), "{shown:?}");
    let sums: Vec<&String> = inserted.iter().filter(|n| n.starts_with("sum-")).collect();
    let numbers: std::collections::BTreeSet<usize> =
        shown.iter().map(|(url, _)| url.trim_end_matches('/').rsplit('p').next().unwrap().parse().unwrap()).collect();
    let files: std::collections::BTreeSet<usize> = numbers.iter().map(|n| n / 100).collect();
    assert_eq!(sums.len(), files.len(), "{sums:?} for documents {numbers:?}");
}

#[test]
fn an_index_built_run_by_run_finds_the_pages_of_every_run() {
    // A build renders and tokenizes pages in runs of 2,048 (`RENDER_RUN` in src/site/mod.rs),
    // letting each run's plain text go before the next: postings must still join up in order.
    let f = Fixture::empty();
    f.write("site.yaml", "title: 健康站\nlanguages:\n  - code: zh-Hans\n    name: 简体中文\n");
    let n = 2100;
    for i in 0..n {
        let text = format!("每一篇都提到鲸鲨。Only this one says zq{i}x.");
        f.write(&format!("content/articles/p{i:04}.md"), page(&format!("title: 第{i}篇\ndate: 2026-02-01"), &text));
    }
    f.build();
    assert_eq!(search(&f, "", "zh-Hans", "鲸鲨").len(), n, "a term on every page, across the runs");
    for i in [0, 2047, 2048, n - 1] {
        assert_eq!(search(&f, "", "zh-Hans", &format!("zq{i}x")), vec![format!("/articles/p{i:04}/")]);
    }
}

#[test]
fn the_same_input_gives_the_same_index_files() {
    let f = site();
    for i in 0..40 {
        let body = format!("{}第{i}篇。Screening number {i}.", LONG_ZH.repeat(i % 5 + 1));
        f.write(&format!("content/articles/a{i}.md"), page(&format!("title: 文章{i}\ndate: 2026-02-01"), &body));
    }
    f.build();
    let first = search_files(&f, "");
    let first_en = search_files(&f, "en/");
    let mut opts = f.options();
    opts.output = Some(f.root().join("again"));
    kepu::build(&opts).unwrap();
    let again = |home: &str| -> Vec<(String, String)> {
        let dir = f.root().join("again").join(format!("{home}search"));
        search_files(&f, home)
            .into_iter()
            .map(|(n, _)| (n.clone(), std::fs::read_to_string(dir.join(&n)).unwrap()))
            .collect()
    };
    assert_eq!(again(""), first);
    assert_eq!(again("en/"), first_en);

    // An in-place rebuild after edits writes the same files as a full build of the result.
    let (mut session, _) = kepu::Session::start(f.options()).unwrap();
    let edits = [
        ("content/articles/a3.md", page("title: 新标题\ndate: 2026-02-01", "全新的内容，乙肝筛查。Brand new words.")),
        ("content/articles/a3.md", page("title: 新标题\ndate: 2026-02-01", "又改了：听力。")),
        ("content/articles/eyes.md", page("title: 保护眼睛\ndate: 2026-06-01\nupdated: 2026-09-01", "只剩一句。")),
    ];
    for (path, text) in &edits {
        f.write(path, text);
        let r = session.rebuild(&[f.root().join(path)]).unwrap();
        assert!(matches!(r.kind, kepu::RebuildKind::Incremental { .. }));
    }
    let incremental = search_files(&f, "");
    let incremental_hant = search_files(&f, "zh-hant/");
    assert!(incremental.iter().any(|(_, t)| t.contains("\"全新的内容") || t.contains("\"又改了")));
    f.build();
    assert_eq!(incremental, search_files(&f, ""));
    assert_eq!(incremental_hant, search_files(&f, "zh-hant/"));
}

#[test]
fn search_index_names_are_reserved() {
    let f = site();
    f.write("content/articles/old.md", page("title: 旧文\ndate: 2026-01-01\naliases: [/en/search/docs.js]", "x"));
    f.write("content/search/shard-0.js", "alert(1)");
    let err = f.build_err().to_string();
    assert!(err.contains("content/articles/old.md: URL /en/search/docs.js/ is reserved for the search index"), "{err}");
    assert!(
        err.contains("content/search/shard-0.js: URL /search/shard-0.js is reserved for the search index"),
        "{err}"
    );
    // A page named like an index file gets a slug without the dot, so it cannot collide.
    let f = site();
    f.write("content/search/docs.md", page("title: 文件\ndate: 2026-01-01\nslug: docs.js", "x"));
    f.build();
    assert!(f.exists("search/docs-js/index.html") && f.exists("search/docs.js"));
}

/// The stylesheet of web fonts a page links to (`fonts/….css`), if any, and the font it loads.
fn script_font(f: &Fixture, page: &str) -> Option<(String, String)> {
    let html = f.read(page);
    let href = html
        .split("<link rel=\"stylesheet\" href=\"")
        .skip(1)
        .map(|h| h.split('"').next().unwrap_or_default())
        .find(|h| h.contains("fonts/"))?
        .to_string();
    let dir = f.out(page).parent().unwrap().to_path_buf();
    let css_path = match href.strip_prefix('/') {
        Some(rooted) => f.out(rooted),
        None => dir.join(&href),
    };
    let css = std::fs::read_to_string(&css_path).unwrap_or_else(|e| panic!("{}: {e}", css_path.display()));
    let font = css.split("url(\"").nth(1)?.split('"').next()?.to_string();
    assert!(css_path.parent().unwrap().join(&font).is_file(), "{font} is published beside {href}");
    Some((href, font))
}

#[test]
fn tibetan_and_uyghur_pages_bring_their_fonts_and_other_pages_do_not() {
    let f = Fixture::new(&[
        ("content/articles/hep.md", &page("title: 乙肝\ndate: 2026-07-01", "正文。")),
        ("content/articles/hep.en.md", &page("title: Hepatitis\ndate: 2026-07-01", "Text.")),
        ("content/articles/hep.ug.md", &page("title: جىگەر\ndate: 2026-07-01", "تېكىست.")),
        ("content/articles/hep.bo.md", &page("title: མཆིན་ནད།\ndate: 2026-07-01", "ཡི་གེ།")),
    ]);
    f.write("site.yaml", format!("{}  - code: bo\n    name: བོད་ཡིག\n", crate::common::CONFIG));
    f.build();
    let (css, font) = script_font(&f, "bo/articles/hep/index.html").expect("the Tibetan page links its font");
    assert!(css.starts_with("/fonts/tibetan.") && font.starts_with("noto-serif-tibetan."), "{css} {font}");
    let (_, font) = script_font(&f, "ug/articles/hep/index.html").expect("the Uyghur page links its font");
    assert!(font.starts_with("noto-naskh-arabic."), "{font}");
    for other in ["articles/hep/index.html", "en/articles/hep/index.html"] {
        assert!(script_font(&f, other).is_none(), "{other} stays as light as it was");
    }
    // A flyer opened as a file (as `kepu flyer` prints it) finds the font by a relative path.
    let (css, _) = script_font(&f, "bo/articles/hep/flyer.html").unwrap();
    assert!(css.starts_with("../../../fonts/"), "{css}");
    assert!(f.exists("fonts/OFL.txt"), "the fonts' licence is published with them");
}

/// The fonts Chromium drew each element matching `selectors` with, on `page` of an offline copy,
/// and the font files the page fetched (tests/standards/fonts.js).
fn fonts_drawn(page: &Path, selectors: &[&str]) -> serde_json::Value {
    let standards = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/standards");
    assert!(Path::new("/usr/bin/chromium").exists(), "install Debian's Chromium: apt-get install -y chromium");
    assert!(
        standards.join("node_modules/playwright-core").is_dir(),
        "run `npm ci --ignore-scripts` in tests/standards"
    );
    let o = Command::new("node").current_dir(&standards).arg("fonts.js").arg(page).args(selectors).output();
    let o = o.expect("node is missing: apt-get install nodejs");
    assert!(o.status.success(), "fonts.js failed: {}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn every_page_draws_the_tibetan_it_shows_in_a_tibetan_font() {
    let f = Fixture::new(&[
        ("content/articles/hep.md", &page("title: 乙肝\ndate: 2026-07-01", "正文。")),
        ("content/articles/hep.bo.md", &page("title: མཆིན་ནད།\ndate: 2026-07-01", "ཡི་གེ།")),
    ]);
    f.write("site.yaml", format!("{}  - code: bo\n    name: བོད་ཡིག\n", crate::common::CONFIG));
    let o = f.cli(&["build", "--relative"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let switcher = ".lang-switch [lang=\"bo\"]";
    // The missing page's page tells a Tibetan reader in Tibetan, whatever page they looked for.
    let not_found = ".not-found-languages [lang=\"bo\"] strong";
    for (page, node, whole_font) in
        [("index.html", switcher, false), ("bo/index.html", switcher, true), ("404.html", not_found, true)]
    {
        let seen = fonts_drawn(&f.root().join("offline").join(page), &[node]);
        let node = &seen["nodes"][0];
        let text = node["text"].as_str().unwrap();
        assert!(!text.is_empty() && text.chars().all(|c| ('\u{f00}'..='\u{fff}').contains(&c)), "{seen}");
        for font in node["fonts"].as_array().unwrap() {
            let family = font["familyName"].as_str().unwrap();
            assert!(family.contains("Tibetan"), "{page}: {text} is drawn in {family}, which has no Tibetan: {seen}");
        }
        // The switcher alone fetches the few letters of its label, never the whole font.
        let fetched = seen["fetched"].to_string();
        assert_eq!(fetched.contains("noto-serif-tibetan."), whole_font, "{page}: {fetched}");
    }
}

#[test]
fn the_missing_page_page_speaks_every_language_of_the_site() {
    // Hosts answer every missing address with the one /404.html, whatever language it was in.
    let f = site();
    f.build();
    let html = f.read("404.html");
    assert!(html.contains("<h1>找不到该页面</h1>"), "the default language first: {html}");
    for (code, dir, said) in [
        ("en", "ltr", "Page not found</strong> <a href=\"/en/\">Go to the home page</a> (English)"),
        ("ug", "rtl", "بەت تېپىلمىدى</strong> <a href=\"/ug/\">باش بەتكە قايتىش</a> (ئۇيغۇرچە)"),
    ] {
        assert!(html.contains(&format!("<li lang=\"{code}\" dir=\"{dir}\"><strong>{said}")), "{code}: {html}");
    }
    assert!(!html.contains("<li lang=\"zh-Hans\""), "the page's own language is not repeated");
    // The scripts a reader's machine may lack come with their fonts (fetched only if drawn).
    for font in ["fonts/tibetan.", "fonts/uyghur."] {
        assert!(html.contains(&format!("<link rel=\"stylesheet\" href=\"/{font}")), "{font}: {html}");
    }
}
