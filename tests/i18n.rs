//! Every language first class: lang/dir, hreflang, CJK-aware text, derived Traditional Chinese,
//! fallback pages, UI strings, translation status and search.

mod common;
use common::{page, Fixture};
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
    assert!(f.read("zh-hant/search-index.js").contains("頭髮"));
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

/// Runs the real search.js and index script in Node and returns the URLs found.
fn search(f: &Fixture, index: &str, lang: &str, query: &str) -> Vec<String> {
    let script = format!(
        "globalThis.window = globalThis; require({:?}); require({:?}); \
         console.log(JSON.stringify(KepuSearch.search(KEPU_SEARCH[{lang:?}], {query:?}).map(d => d[1])));",
        f.out(index).to_string_lossy(),
        f.out(&f.asset_name("search", "js")).to_string_lossy(),
    );
    let out = Command::new("node").arg("-e").arg(script).output().expect("node is installed (.ci/run installs it)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
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
    assert_eq!(search(&f, "search-index.js", "zh-Hans", "乙肝筛查"), vec!["/articles/hep/"]);
    assert_eq!(search(&f, "search-index.js", "zh-Hans", "筛查乙肝"), vec!["/articles/hep/"], "bigrams, any order");
    assert!(search(&f, "search-index.js", "zh-Hans", "肝癌").is_empty());
    assert_eq!(search(&f, "en/search-index.js", "en", "SCREENING"), vec!["/en/articles/hep/"], "case and stem");
    assert_eq!(search(&f, "en/search-index.js", "en", "outdoor"), vec!["/en/articles/eyes/"]);
    assert_eq!(search(&f, "zh-hant/search-index.js", "zh-Hant", "頭髮"), vec!["/zh-hant/articles/eyes/"]);
    let page = f.read("en/search/index.html");
    assert!(page.contains("role=\"search\"") && page.contains("/en/search-index.js"));
}

#[test]
fn rust_and_javascript_stemmers_agree() {
    let f = site();
    f.build();
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
    ];
    let script = format!(
        "globalThis.window = globalThis; require({:?}); console.log(JSON.stringify({:?}.map(KepuSearch.stem)));",
        f.out(&f.asset_name("search", "js")).to_string_lossy(),
        words
    );
    let out = Command::new("node").arg("-e").arg(script).output().unwrap();
    let js: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    let rust: Vec<String> = words.iter().map(|w| kepu::search::stem(w)).collect();
    assert_eq!(js, rust);
}
