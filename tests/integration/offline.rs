//! The offline copy (`kepu build --relative`): every link relative, every one leading to a file,
//! and the site walked in headless Chromium from `file://` as a clinic computer would open it.

use crate::common::{page, Fixture};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const CHROMIUM: &str = "/usr/bin/chromium";

/// The repository's sample site built once with `--relative` into a temporary folder.
fn sample() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_kepu"))
            .args(["build", "--relative", "--now", "2026-11-25", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
            .arg(out.path().join("site"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let site = out.path().join("site");
        (out, site)
    })
    .1
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let files = walkdir::WalkDir::new(dir).into_iter().map(Result::unwrap);
    files.filter(|e| e.path().extension().is_some_and(|x| x == "html")).map(|e| e.into_path()).collect()
}

/// The addresses in `attr="…"` attributes of a page (Kepu always quotes with `"`).
fn addresses<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let mark = format!(" {attr}=\"");
    html.match_indices(&mark)
        .filter_map(|(i, _)| {
            let rest = &html[i + mark.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

fn leaves_the_site(url: &str) -> bool {
    url.starts_with('#') || url.contains("://") || url.starts_with("//") || url.contains(':') && !url.contains('/')
}

#[test]
fn every_address_is_relative_and_leads_to_a_file() {
    let site = sample();
    let mut checked = 0;
    let mut broken = Vec::new();
    for file in html_files(site) {
        let html = std::fs::read_to_string(&file).unwrap();
        let mut urls: Vec<&str> = ["href", "src", "action"].iter().flat_map(|a| addresses(&html, a)).collect();
        for srcset in addresses(&html, "srcset") {
            urls.extend(srcset.split(',').filter_map(|c| c.split_whitespace().next()));
        }
        for url in urls.into_iter().filter(|u| !leaves_the_site(u)) {
            let rel = file.strip_prefix(site).unwrap().display().to_string();
            assert!(!url.starts_with('/'), "{rel} still links root-relative: {url}");
            let path = url.split(['?', '#']).next().unwrap();
            let decoded = percent_encoding::percent_decode_str(path).decode_utf8().unwrap();
            let target = file.parent().unwrap().join(decoded.as_ref());
            if !target.is_file() {
                broken.push(format!("{rel}: {url}"));
            }
            checked += 1;
        }
    }
    assert!(checked > 5000, "only {checked} addresses checked");
    assert!(broken.is_empty(), "{} addresses lead to no file:\n{}", broken.len(), broken.join("\n"));
}

#[test]
fn the_search_index_points_to_pages_beside_it() {
    let docs = std::fs::read_to_string(sample().join("en/search/docs.js")).unwrap();
    assert!(docs.starts_with("KEPU_SEARCH_DOCS(\"en\",{\"base\":\"../\","), "{}", &docs[..80]);
    let first = docs.lines().nth(1).unwrap();
    let url = first.rsplit("\",\"").next().unwrap().trim_end_matches(['"', ']', ',']);
    assert!(sample().join("en").join(url).join("index.html").is_file(), "{first}");
}

#[test]
fn an_offline_copy_goes_to_its_own_folder_and_leaves_output_alone() {
    let f = Fixture::new(&[
        ("content/_index.md", &page("title: 首页", "")),
        ("content/articles/_index.md", &page("title: 文章", "")),
        ("content/articles/eye.md", &page("title: 护眼\ndate: 2026-06-06", "见[首页](@/_index.md)。")),
    ]);
    let o = f.cli(&["build"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let published = crate::common::snapshot(&f.out(""));
    let o = f.cli(&["build", "--relative"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(crate::common::snapshot(&f.out("")), published, "output/ is what gets published: untouched");
    let eye = std::fs::read_to_string(f.root().join("offline/articles/eye/index.html")).unwrap();
    assert!(eye.contains("href=\"../../index.html\""), "{eye}");
    assert!(!eye.contains("href=\"/"), "{eye}");
}

#[test]
fn the_copy_opens_and_navigates_from_file_urls_in_chromium() {
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: install Debian's Chromium (apt-get update && apt-get install -y chromium)"
    );
    let standards = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/standards");
    assert!(
        standards.join("node_modules/playwright-core").is_dir(),
        "run `npm ci --ignore-scripts` in tests/standards (scripts/test does it)"
    );
    let o = Command::new("node").current_dir(&standards).arg("offline.js").arg(sample()).arg("hepatitis").output();
    let o = o.expect("node is missing: apt-get install nodejs");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "offline.js failed: {stderr}");
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let steps = report["steps"].as_array().unwrap();
    let names: Vec<&str> = steps.iter().map(|s| s["what"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["home", "English home", "article", "search page", "search results", "first result"],
        "{report:#}"
    );
    for s in steps {
        let url = s["url"].as_str().unwrap();
        assert!(url.starts_with("file://") && url.contains("index.html"), "{s}");
        assert_eq!(s["styled"], true, "the stylesheet did not apply: {s}");
        assert_eq!(s["failed"], serde_json::json!([]), "files that did not load: {s}");
        assert!(!s["h1"].as_str().unwrap().trim().is_empty(), "{s}");
    }
    assert!(steps[5]["url"].as_str().unwrap().contains("/en/"), "an English result: {}", steps[5]);
}
