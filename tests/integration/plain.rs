//! `kepu check --plain`: texts written for the public rank above clinical texts on the same
//! topic, in Chinese and English; thresholds, the site's glossary and Traditional Chinese.

use crate::common::{page, Fixture};
use kepu::{CheckOptions, FindingKind, PlainPage};
use std::path::Path;

const PLAIN: CheckOptions = CheckOptions { external: false, plain: true };

fn plain_pages(root: &Path) -> Vec<PlainPage> {
    let mut opts = kepu::BuildOptions::new(root);
    opts.now = Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
    kepu::check(&opts, PLAIN).unwrap_or_else(|e| panic!("{e}")).plain
}

fn score_of(pages: &[PlainPage], path: &str) -> u8 {
    pages.iter().find(|p| p.path == Path::new(path)).unwrap_or_else(|| panic!("no {path} in {pages:#?}")).score
}

#[test]
fn public_texts_rank_above_clinical_texts_on_the_same_topic() {
    let f = Fixture::copy_of("plain_calibration");
    let pages = plain_pages(f.root());
    for topic in ["hepatitis-b", "myopia"] {
        for suffix in [".md", ".en.md"] {
            let easy = score_of(&pages, &format!("content/easy/{topic}{suffix}"));
            let hard = score_of(&pages, &format!("content/hard/{topic}{suffix}"));
            assert!(easy >= 80 && hard < 60 && easy - hard >= 30, "{topic}{suffix}: easy {easy}, hard {hard}");
        }
    }
    let english_grade = |path: &str| pages.iter().find(|p| p.path == Path::new(path)).unwrap().grade.unwrap();
    assert!(english_grade("content/easy/hepatitis-b.en.md") < 6.0);
    assert!(english_grade("content/hard/hepatitis-b.en.md") > 16.0);
}

#[test]
fn the_sample_site_s_articles_rank_above_every_clinical_text() {
    let best_guideline = plain_pages(Fixture::copy_of("plain_calibration").root())
        .into_iter()
        .filter(|p| p.path.starts_with("content/hard"))
        .map(|p| p.score)
        .max()
        .unwrap();
    let sample = plain_pages(Path::new(env!("CARGO_MANIFEST_DIR")));
    let articles: Vec<&PlainPage> = sample.iter().filter(|p| p.path.starts_with("content/articles")).collect();
    assert!(articles.len() >= 20, "{}", articles.len());
    for a in articles {
        assert!(
            a.score > best_guideline,
            "{} scores {} (clinical texts up to {best_guideline})",
            a.path.display(),
            a.score
        );
    }
}

#[test]
fn findings_name_the_line_and_say_what_to_write() {
    let f = Fixture::new(&[(
        "content/articles/bp.md",
        &page(
            "title: 血压\ndate: 2026-01-01",
            "量血压很重要。\n\n如果血压超过140/90，请复查转氨酶。\n\n这一句话写得非常非常长而且一直没有停下来因为作者想把所有的事情都放在同一个句子里面说完。\n",
        ),
    )]);
    let out = f.cli(&["check", "--plain"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "warnings do not fail without --strict: {text}");
    assert!(text.contains("Plain language ("), "{text}");
    assert!(text.contains("content/articles/bp.md:7: warning: `血压超过140/90` has no unit"), "{text}");
    assert!(text.contains("content/articles/bp.md:7: warning: `转氨酶` is not explained: add plain words in brackets after it, e.g. `转氨酶（"), "{text}");
    assert!(
        text.contains("content/articles/bp.md:9: warning: a sentence of 43 characters (long is over 40): split it"),
        "{text}"
    );
    assert!(text.contains("Plain language, per page"), "{text}");
    assert!(!f.cli(&["check", "--plain", "--strict"]).status.success());

    // Without --plain: the scores in the summary, no plain-language findings.
    let out = f.cli(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Plain language: median score"), "{text}");
    assert!(text.contains("`kepu check --plain` says why"), "{text}");
    assert!(!text.contains("is not explained"), "{text}");
}

#[test]
fn thresholds_and_glossary_come_from_the_site() {
    let f = Fixture::new(&[(
        "content/articles/eye.en.md",
        &page("title: Eyes\ndate: 2026-01-01", "Ask about your intraocular pressure at the clinic. It is quick.\n"),
    )]);
    let opts = f.options();
    let report = kepu::check(&opts, PLAIN).unwrap();
    assert!(report.findings.iter().all(|x| x.kind != FindingKind::Plain), "{:#?}", report.findings);

    f.write("site.yaml", format!("{}plain:\n  min_score: 100\n  long_sentence_words: 5\n", crate::common::CONFIG));
    f.write("glossary.yaml", "en:\n  - term: intraocular pressure\n    plain: the pressure inside the eye\n");
    let report = kepu::check(&opts, PLAIN).unwrap();
    let messages: Vec<&str> =
        report.findings.iter().filter(|x| x.kind == FindingKind::Plain).map(|x| x.message.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.starts_with("plain-language score") && m.contains("(below 100)")),
        "{messages:#?}"
    );
    assert!(messages.iter().any(|m| m.starts_with("a sentence of 8 words (long is over 5)")), "{messages:#?}");
    assert!(
        messages.iter().any(|m| m.contains("e.g. `intraocular pressure (the pressure inside the eye)`")),
        "{messages:#?}"
    );

    f.write("glossary.yaml", "en:\n  - term: intraocular pressure\n    plian: x\n");
    let e = kepu::check(&opts, PLAIN).unwrap_err().to_string();
    assert!(e.contains("glossary.yaml:3") && e.contains("`plain`"), "{e}");
}

#[test]
fn traditional_chinese_is_measured_in_its_own_characters() {
    let f = Fixture::new(&[(
        "content/articles/liver.zh-Hant.md",
        &page("title: 肝\ndate: 2026-01-01", "醫師會檢查轉氨酶。\n"),
    )]);
    f.write(
        "site.yaml",
        "title: t\nbase_url: https://example.org\nlanguages:\n  - code: zh-Hant\n    name: 繁體中文\n",
    );
    let report = kepu::check(&f.options(), PLAIN).unwrap();
    let page = &report.plain[0];
    // Of 醫師會檢查轉氨酶 only 氨 is outside the 3,500: the traditional forms count as the common
    // characters they are.
    assert_eq!(page.uncommon_percent, Some(12.5));
    let messages: Vec<&str> = report.findings.iter().map(|x| x.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.starts_with("`轉氨酶` is not explained") && m.contains("肝臟")), "{messages:#?}");
}
