//! Bad input: every case exits non-zero with a message naming the file (and line), never
//! panics, and leaves the previous output untouched.

use crate::common;
use crate::common::{page, Fixture};

fn good_site() -> Fixture {
    Fixture::new(&[
        ("content/_index.md", &page("title: 首页", "")),
        ("content/articles/_index.md", &page("title: 文章", "")),
        ("content/articles/a.md", &page("title: 甲\ndate: 2026-01-01", "正文。")),
    ])
}

/// Breaks a good site and returns the build's stderr (see `common::assert_breaks_cleanly`).
fn fails(break_it: impl FnOnce(&Fixture)) -> String {
    common::assert_breaks_cleanly(&good_site(), &[], break_it)
}

#[test]
fn malformed_yaml_names_file_and_line() {
    let err = fails(|f| f.write("content/articles/b.md", "---\ntitle: 乙\ntags: [a, b\ndate: 2026-01-01\n---\nx\n"));
    assert!(err.contains("content/articles/b.md:"), "{err}");
    let line: usize = err.split("content/articles/b.md:").nth(1).unwrap().split(':').next().unwrap().parse().unwrap();
    assert!((3..=5).contains(&line), "line points into the front matter: {err}");
}

#[test]
fn missing_title() {
    let err = fails(|f| f.write("content/articles/b.md", page("date: 2026-01-01", "x")));
    assert!(err.contains("content/articles/b.md:") && err.contains("title"), "{err}");
}

#[test]
fn bad_date_points_at_its_line() {
    let err = fails(|f| f.write("content/articles/b.md", page("title: 乙\ndate: 2026-13-45", "x")));
    assert!(err.contains("content/articles/b.md:3:"), "{err}");
    assert!(err.contains("invalid date"), "{err}");
}

/// A notice as a clinic's secretary first types it: dates as they are written in Chinese, the
/// service and the health day by their Chinese names. Every value is named in one build, each
/// with what to type, in the author's own numbers.
const NOTICE_AS_TYPED: &str = "\
title: 全国爱耳日义诊
date: 2027-02-20
observance: 全国爱耳日
event:
  start: 2027年3月3日 上午9:00-12:00
  end: 2027-03-03 12:00
  venue: 县人民医院门诊楼一楼大厅
  services: [义诊, 听力筛查, 咨询]
  status: 取消";

#[test]
fn every_mistyped_value_of_a_notice_is_named_with_what_to_type() {
    let err = fails(|f| f.write("content/events/ear-day.md", page(NOTICE_AS_TYPED, "3月3日是全国爱耳日。")));
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error: content/events/ear-day.md:")).collect();
    let expected = [
        ("6:10:", "write `2027-03-03T09:00:00+08:00` here and `2027-03-03T12:00:00+08:00` under `end:`"),
        ("7:8:", "write it with its clock's UTC offset as `2027-03-03T12:00:00+08:00`"),
        ("9:14:", "unknown service `义诊`: that is `free_clinic`, which zh-Hans pages show as 义诊; write `free_clinic`"),
        ("9:18:", "write one of free_clinic, lecture, training, home_visit, surgery_demo, screening, consultation, vaccination, or your own words as {text: \"听力筛查\"}"),
        ("9:24:", "did you mean `consultation`, which zh-Hans pages show as 健康咨询? Else write one of"),
        ("10:11:", "`取消` is not a value this key takes: write one of scheduled, postponed, cancelled"),
    ];
    assert_eq!(lines.len(), expected.len(), "{err}");
    for ((at, says), line) in expected.iter().zip(&lines) {
        assert!(line.contains(&format!("ear-day.md:{at} ")) && line.contains(says), "{at} {says}\n{err}");
    }

    // With the values fixed, the day's name is answered with its id.
    let fixed = NOTICE_AS_TYPED
        .replace("2027年3月3日 上午9:00-12:00", "2027-03-03T09:00:00+08:00")
        .replace("2027-03-03 12:00", "2027-03-03T12:00:00+08:00")
        .replace("[义诊, 听力筛查, 咨询]", "[free_clinic, {text: 听力筛查}, consultation]")
        .replace("取消", "cancelled");
    let err = fails(|f| f.write("content/events/ear-day.md", page(&fixed, "3月3日是全国爱耳日。")));
    assert!(
        err.contains(
            "content/events/ear-day.md:4: unknown observance `全国爱耳日`: that is the name of the day whose id \
             is `national-ear-care-day`; write `observance: national-ear-care-day`"
        ),
        "{err}"
    );
}

#[test]
fn unknown_front_matter_key() {
    let err = fails(|f| f.write("content/articles/b.md", page("title: 乙\ntitel: typo", "x")));
    assert!(err.contains("content/articles/b.md:3:") && err.contains("titel"), "{err}");
}

#[test]
fn unknown_language_suffix() {
    let err = fails(|f| f.write("content/articles/a.fr.md", page("title: Un", "x")));
    assert!(err.contains("content/articles/a.fr.md") && err.contains("unknown language `fr`"), "{err}");
}

#[test]
fn traditional_mongolian_says_what_mn_means() {
    let err = fails(|f| f.write("site.yaml", format!("{}  - code: mn-Mong\n    name: ᠮᠣᠩᠭᠣᠯ\n", common::CONFIG)));
    assert!(err.contains("site.yaml:4:"), "points at `languages:`: {err}");
    assert!(err.contains("`mn-Mong` is Mongolian in the traditional script") && err.contains("write `mn`"), "{err}");
}

#[test]
fn two_pages_claiming_one_url() {
    let err = fails(|f| f.write("content/articles/b.md", page("title: 乙\nslug: a", "x")));
    assert!(
        err.contains("/articles/a/") && err.contains("content/articles/a.md") && err.contains("content/articles/b.md"),
        "{err}"
    );
    // Each side named by what it writes, where and from which file.
    assert!(err.contains("the page /articles/a/ of content/articles/"), "{err}");
    let err = fails(|f| f.write("content/articles/b.md", page("title: 乙\naliases: [\"/tags/\"]", "x")));
    assert!(err.contains("the alias /tags/ of content/articles/b.md") && err.contains("that Kepu generates"), "{err}");
    let err =
        fails(|f| f.write("content/articles/b.md", page("title: 乙\naliases: [\"/articles/a/flyer.html\"]", "x")));
    assert!(
        err.contains("the alias /articles/a/flyer.html of content/articles/b.md would write the same file as the flyer /articles/a/flyer.html of content/articles/a.md"),
        "{err}"
    );
}

#[test]
fn slug_escaping_output_is_refused() {
    let err = fails(|f| f.write("content/articles/b.md", page("title: 乙\nslug: ../../etc", "x")));
    assert!(err.contains("content/articles/b.md:3:") && err.contains("slug"), "{err}");
    let err = fails(|f| f.write("content/articles/b.md", page("title: 乙\naliases: [\"/../../x/\"]", "x")));
    assert!(err.contains("alias"), "{err}");
}

#[test]
fn non_utf8_file() {
    let err = fails(|f| f.write("content/articles/b.md", b"---\ntitle: \xff\xfe\n---\n".as_slice()));
    assert!(err.contains("content/articles/b.md:2:8:") && err.contains("UTF-8"), "{err}");
}

#[test]
fn template_syntax_error() {
    let err = fails(|f| f.write("templates/page.html", "<p>{{ page.title </p>\n"));
    assert!(err.contains("templates/page.html:1:"), "{err}");
}

#[test]
fn template_runtime_error_is_reported_once() {
    let err = fails(|f| {
        f.write("content/articles/c.md", page("title: 丙", "x"));
        f.write("templates/page.html", "{{ page.no_such_field }}");
    });
    assert!(err.contains("templates/page.html") && err.contains("no_such_field"), "{err}");
    assert_eq!(err.lines().filter(|l| l.starts_with("error:")).count(), 1, "{err}");
}

#[test]
fn a_string_asked_in_a_language_the_site_lacks_names_the_ones_it_has() {
    let err = fails(|f| f.write("templates/404.html", "{{ t(key=\"home\", lang=\"fr\") }}"));
    assert!(err.contains("templates/404.html"), "{err}");
    assert!(err.contains("lang=\"fr\" is not one of the site's languages (write one of: zh-Hans, en, ug)"), "{err}");
}

#[test]
fn a_broken_card_names_the_template_and_the_page() {
    let err = fails(|f| {
        f.write("content/articles/c.md", page("title: 丙", "x"));
        f.write("templates/card.html", "<p>{{ p.no_such_field }}</p>");
    });
    assert!(err.contains("templates/card.html") && err.contains("no_such_field"), "{err}");
    assert!(err.contains("while rendering content/articles/"), "{err}");
    assert_eq!(err.lines().filter(|l| l.starts_with("error:")).count(), 1, "{err}");
}

#[test]
fn broken_internal_link_names_both_files() {
    let err = fails(|f| f.write("content/articles/b.md", page("title: 乙", "\n\n[x](@/articles/nope.md)")));
    assert!(err.contains("content/articles/b.md:6:") && err.contains("content/articles/nope.md"), "{err}");
}

#[test]
fn config_errors() {
    let err = fails(|f| f.write("site.yaml", format!("{}colour: red\n", common::CONFIG)));
    assert!(err.contains("site.yaml:") && err.contains("colour"), "{err}");
    let err =
        fails(|f| f.write("site.yaml", common::CONFIG.replace("default_language: zh-Hans", "default_language: fr")));
    assert!(err.contains("site.yaml:") && err.contains("`fr`"), "{err}");
    let err = fails(|f| f.write("site.yaml", common::CONFIG.replace("code: en", "code: e!n")));
    assert!(err.contains("site.yaml:") && err.contains("BCP 47"), "{err}");
}

#[test]
fn every_error_is_reported_not_only_the_first() {
    let err = fails(|f| {
        f.write("content/articles/b.md", page("date: 2026-01-01", "x"));
        f.write("content/articles/c.md", page("title: 丙\ndate: nope", "x"));
    });
    assert!(err.contains("b.md") && err.contains("c.md"), "{err}");
}

#[test]
fn output_folder_must_not_swallow_the_site() {
    let f = good_site();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kepu"))
        .args(["build", "--output"])
        .arg(f.root().join("content"))
        .arg("--root")
        .arg(f.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(f.root().join("content/articles/a.md").exists());
}
