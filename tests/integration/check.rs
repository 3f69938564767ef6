//! `kepu check`: validates without writing output and reports `path:line: message` findings.

use crate::common::{page, Fixture};
use std::io::{Read, Write};
use std::net::TcpListener;

fn site(extra: &[(&str, &str)]) -> Fixture {
    let f = Fixture::new(&[
        ("content/_index.md", &page("title: 首页", "")),
        ("content/articles/_index.md", &page("title: 文章", "")),
        (
            "content/articles/a.md",
            &page(
                "title: 甲\ndate: 2026-01-01\nreview: {by: 王医生, date: 2026-01-01, next: 2027-01-01}",
                "## 什么是乙肝\n\n正文。\n\n## Second part\n",
            ),
        ),
    ]);
    for (p, c) in extra {
        f.write(p, c);
    }
    f
}

fn check(f: &Fixture, args: &[&str]) -> (i32, String) {
    let mut all = vec!["check", "--now", "2026-11-25"];
    all.extend(args);
    let out = f.cli(&all);
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr),
    )
}

const REVIEWED: &str = "date: 2026-01-01\nreview: {by: 王医生, date: 2026-01-01, next: 2027-01-01}";

#[test]
fn clean_site_passes_and_nothing_is_written() {
    let f = site(&[(
        "content/articles/b.md",
        &page(&format!("title: 乙\n{REVIEWED}"), "[ok](@/articles/a.md#什么是乙肝) [enc](@/articles/a.md#%E4%BB%80%E4%B9%88%E6%98%AF%E4%B9%99%E8%82%9D) [same](#intro) [home](/) [list](/articles/) [feed](/atom.xml) [tags](/tags/) [flyer](/articles/b/flyer.html)\n\n## Intro\n\n![乙肝检测试纸](/articles/strip.png)"),
    )]);
    f.write("content/articles/strip.png", [0u8; 4]);
    let (code, out) = check(&f, &["--strict"]);
    assert_eq!(code, 1, "strict fails on the missing en/ug translations: {out}");
    assert!(out.contains("0 errors"), "{out}");
    let (code, out) = check(&f, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(!f.out("").exists(), "check writes no output");
}

#[test]
fn broken_links_anchors_and_missing_alt_text_fail() {
    let f = site(&[(
        "content/articles/b.md",
        &page(
            &format!("title: 乙\n{REVIEWED}"),
            "[a](@/articles/a.md#没有这个标题)\n\n[b](/articles/none/)\n\n[c](#nowhere)\n\n![](/articles/x.png)\n\n[d](/files/missing.pdf)\n\n[e](/articles/b/flyer-xx.html)\n",
        ),
    )]);
    let (code, out) = check(&f, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("content/articles/b.md:6: error: link to a missing heading #没有这个标题 on /articles/a/"),
        "{out}"
    );
    assert!(out.contains("content/articles/b.md:8: error: link to a missing page /articles/none/"), "{out}");
    assert!(
        out.contains("content/articles/b.md:10: error: link to a missing heading #nowhere on /articles/b/"),
        "{out}"
    );
    assert!(out.contains("content/articles/b.md:12: error: image without alternative text"), "{out}");
    assert!(out.contains("content/articles/b.md:14: error: /files/missing.pdf: no such file; check its name, and that it is in content/ or static/"), "{out}");
    assert!(out.contains("content/articles/b.md:16: error: /articles/b/flyer-xx.html: no such file"), "{out}");
}

#[test]
fn links_in_translations_are_checked_too() {
    let f = site(&[(
        "content/articles/a.en.md",
        &page(&format!("title: A\n{REVIEWED}"), "\n[x](@/articles/a.md#what-is-it)\n"),
    )]);
    let (code, out) = check(&f, &[]);
    assert_eq!(code, 1);
    assert!(
        out.contains("content/articles/a.en.md:7: error: link to a missing heading #what-is-it on /en/articles/a/"),
        "{out}"
    );
}

#[test]
fn overdue_reviews_and_missing_translations_are_warnings() {
    let f = site(&[(
        "content/articles/old.md",
        &page("title: 旧\nreview: {by: 李医生, date: 2024-01-01, next: 2025-01-01}", "x"),
    )]);
    let (code, out) = check(&f, &[]);
    assert_eq!(code, 0);
    assert!(out.contains("content/articles/old.md:3: warning: medical review overdue"), "{out}");
    assert!(
        out.contains(
            "content/articles/a.md:2: warning: no en translation; `kepu new article articles/a --lang en` starts one"
        ),
        "{out}"
    );
}

/// A local HTTP server answering 200 for /ok and 404 otherwise, counting requests.
fn local_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(10) {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 2048];
            let n = s.read(&mut buf).unwrap_or(0);
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let request = String::from_utf8_lossy(&buf[..n]);
            let status = if request.starts_with("HEAD /ok ") || request.starts_with("GET /ok ") {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let _ = write!(s, "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    (addr, hits)
}

#[test]
fn external_links_are_checked_only_when_asked() {
    let (addr, hits) = local_server();
    let body = format!("[fine](http://{addr}/ok)\n\n[gone](http://{addr}/gone)\n\n[again](http://{addr}/gone)\n");
    let front = format!("title: 乙\n{REVIEWED}\nsources: [{{title: 指南, url: \"http://{addr}/retired-guide\"}}]");
    let f = site(&[("content/articles/b.md", &page(&front, &body))]);
    let (_, out) = check(&f, &[]);
    assert!(!out.contains("external link"));
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0, "no requests without --external");
    let (code, out) = check(&f, &["--external"]);
    assert_eq!(code, 0, "external failures are warnings: {out}");
    assert!(
        out.contains(&format!("content/articles/b.md:9: warning: external link http://{addr}/gone: HTTP 404")),
        "{out}"
    );
    assert!(
        out.contains(&format!("content/articles/b.md:11: warning: external link http://{addr}/gone: HTTP 404")),
        "{out}"
    );
    assert!(
        out.contains(&format!("content/articles/b.md:5: warning: external link http://{addr}/retired-guide: HTTP 404")),
        "a cited source is checked at its line: {out}"
    );
    assert!(!out.contains("/ok:"), "{out}");
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 3, "each URL asked once");
}

#[test]
fn images_and_links_beside_a_page_resolve_and_missing_ones_are_counted() {
    let body =
        "![筛查流程](flow.png)\n\n![缺图](gone.png)\n\n[另一篇](a.md#什么是乙肝)、[目录](../articles/_index.md)\n";
    let f = site(&[("content/articles/b.md", &page(&format!("title: 乙\n{REVIEWED}"), body))]);
    f.write("content/articles/flow.png", [0x89, b'P', b'N', b'G']);
    f.write("content/articles/photo.jpg", vec![0u8; 600 * 1024]);
    let build = f.cli(&["build", "--now", "2026-11-25"]);
    let said = String::from_utf8_lossy(&build.stderr).to_string();
    assert!(build.status.success(), "{said}");
    assert!(said.contains("warning: 1 problem(s) in the pages") && said.contains("run `kepu check`"), "{said}");
    let html = f.read("articles/b/index.html");
    assert!(
        html.contains("src=\"/articles/flow.png\""),
        "an image beside its page is found from the page's URL: {html}"
    );
    assert!(
        html.contains("href=\"/articles/a/#%E4%BB%80%E4%B9%88%E6%98%AF%E4%B9%99%E8%82%9D\"")
            && html.contains("href=\"/articles/\""),
        "{html}"
    );
    assert!(f.exists("articles/flow.png"));
    let (code, out) = check(&f, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Links and images (3):"), "{out}");
    assert!(out.contains("content/articles/b.md:8: error: /articles/gone.png: no such file"), "{out}");
    // Neither is a picture inside: published as they are, and said so.
    assert!(out.contains("content/articles/photo.jpg: warning: could not be read as a picture"), "{out}");
    assert!(out.contains("content/articles/flow.png: warning: could not be read as a picture"), "{out}");
    f.write("content/articles/b.md", page(&format!("title: 乙\n{REVIEWED}"), "[外面](../../site.yaml)\n"));
    let e = f.build_err().to_string();
    assert!(e.contains("content/articles/b.md:6: `../../site.yaml` points outside content/"), "{e}");
}

#[test]
fn a_translation_carries_its_source_review() {
    let f =
        site(&[("content/articles/a.en.md", &page("title: A\ndate: 2026-01-01", "## What is hepatitis B\n\nText.\n"))]);
    let (_, out) = check(&f, &[]);
    assert!(!out.contains("a.en.md:2: warning: article has no medical review"), "{out}");
    f.build();
    let page = f.read("en/articles/a/index.html");
    assert!(page.contains("王医生"), "the English page names the reviewer: {page}");
}
