//! The core pipeline: a real site built into a temporary folder, asserted on the files written.

use crate::common;
use crate::common::{page, snapshot, Fixture};

fn basic_site() -> Fixture {
    Fixture::new(&[
        ("content/_index.md", &page("title: 首页", "欢迎来到**科普**站。")),
        ("content/_index.en.md", &page("title: Home", "Welcome.")),
        ("content/articles/_index.md", &page("title: 科普文章", "")),
        ("content/articles/_index.en.md", &page("title: Articles", "")),
        (
            "content/articles/hepatitis-screening.md",
            &page(
                "title: 乙肝筛查\ndate: 2026-07-01\ntags: [乙肝, 筛查]\nspecialties: [hepatology]\nauthors: [王医生]",
                "## 什么是乙肝？\n\n乙肝是由乙型肝炎病毒引起的。请看[近视](@/articles/myopia.md)。\n\n| 项目 | 说明 |\n|---|---|\n| HBsAg | 表面抗原 |\n\n脚注[^1]。\n\n[^1]: 世界卫生组织。\n\n- [x] 已完成\n\n~~删除~~\n\n```python\ndef f():\n    return 1\n```\n",
            ),
        ),
        (
            "content/articles/hepatitis-screening.en.md",
            &page("title: Hepatitis screening\ndate: 2026-07-01\ntags: [hepatitis]", "## What is hepatitis B?\n\nSee [myopia](@/articles/myopia.md).\n"),
        ),
        ("content/articles/myopia.md", &page("title: 近视\ndate: 2026-06-01", "每天户外活动两小时。")),
        ("content/articles/myopia.en.md", &page("title: Myopia\ndate: 2026-06-01", "Two hours outdoors a day.")),
        ("content/articles/only-ug.ug.md", &page("title: ساغلاملىق\ndate: 2026-05-01", "سالامەتلىك ھەممىدىن مۇھىم.")),
    ])
}

#[test]
fn builds_every_language_with_switchers() {
    let f = basic_site();
    let report = f.build();
    assert_eq!(report.pages_per_language, vec![("zh-Hans".into(), 2), ("en".into(), 2), ("ug".into(), 1)]);

    let home = f.read("index.html");
    assert!(home.contains("<html lang=\"zh-Hans\" dir=\"ltr\""), "{home}");
    let en_home = f.read("en/index.html");
    assert!(en_home.contains("lang=\"en\""));

    let zh = f.read("articles/hepatitis-screening/index.html");
    assert!(zh.contains("href=\"/en/articles/hepatitis-screening/\""), "switcher links the translation");
    assert!(zh.contains("hreflang=\"en\""));
    let en = f.read("en/articles/hepatitis-screening/index.html");
    assert!(en.contains("href=\"/articles/hepatitis-screening/\""));
    let ug = f.read("ug/articles/only-ug/index.html");
    assert!(ug.contains("lang=\"ug\" dir=\"rtl\""), "Uyghur pages are right to left");
}

#[test]
fn markdown_extensions_ids_and_highlighting() {
    let f = basic_site();
    f.build();
    let zh = f.read("articles/hepatitis-screening/index.html");
    assert!(zh.contains("<h2 id=\"什么是乙肝\">"), "Chinese heading id");
    assert!(zh.contains("<table>"));
    assert!(zh.contains("footnote-definition"));
    assert!(zh.contains("type=\"checkbox\""));
    assert!(zh.contains("<del>删除</del>"));
    assert!(zh.contains("class=\"hl-"), "code is highlighted with classes");
    assert!(!zh.contains("style=\"color"), "no inline styles");
    let css = f.asset_name("highlight", "css");
    assert!(f.read(&css).contains(".hl-"));
    assert!(zh.contains(&format!("href=\"/{css}\"")), "pages link the fingerprinted stylesheet");
    // Internal links resolve in the page's own language.
    assert!(zh.contains("href=\"/articles/myopia/\""));
    assert!(f.read("en/articles/hepatitis-screening/index.html").contains("href=\"/en/articles/myopia/\""));
}

#[test]
fn lists_taxonomies_feeds_and_site_files() {
    let f = basic_site();
    f.build();
    let section = f.read("articles/index.html");
    assert!(section.contains("/articles/myopia/") && section.contains("/articles/hepatitis-screening/"));
    assert!(f.read("tags/index.html").contains("/tags/乙肝/"));
    assert!(f.read("tags/乙肝/index.html").contains("/articles/hepatitis-screening/"));
    assert!(f.read("en/specialties/index.html").contains("lang=\"en\""));
    assert!(f.exists("404.html"));
    assert!(f.read("robots.txt").contains("Sitemap: https://example.org/sitemap.xml"));

    let sitemap = f.read("sitemap.xml");
    roxmltree::Document::parse(&sitemap).expect("sitemap is well-formed XML");
    assert!(sitemap.contains("<loc>https://example.org/en/articles/myopia/</loc>"));
    assert!(sitemap.contains("hreflang=\"x-default\""));
    assert!(sitemap.contains("<lastmod>2026-06-01</lastmod>"));

    for feed in ["atom.xml", "en/atom.xml", "ug/atom.xml"] {
        let xml = f.read(feed);
        let doc = roxmltree::Document::parse(&xml).expect("feed is well-formed XML");
        assert_eq!(doc.root_element().tag_name().name(), "feed");
    }
    assert!(f.read("en/atom.xml").contains("<title>Hepatitis screening</title>"));
}

#[test]
fn pagination_aliases_drafts_and_assets() {
    let f = basic_site();
    for i in 0..23 {
        f.write(
            &format!("content/articles/p{i:02}.md"),
            page(&format!("title: 文章{i}\ndate: 2026-01-{:02}", i + 1), "正文。"),
        );
    }
    f.write("content/articles/old.md", page("title: 旧文\naliases: [/old-url/]", "x"));
    f.write("content/articles/wip.md", page("title: 草稿\ndraft: true", "x"));
    f.write("content/articles/chart.png", [0x89, b'P', b'N', b'G']);
    f.build();
    assert!(f.exists("articles/page/2/index.html"));
    assert!(f.exists("articles/page/3/index.html"));
    assert!(!f.exists("articles/page/4/index.html"));
    assert!(f.read("articles/page/2/index.html").contains("/articles/page/3/"));
    // A long list links the first and last page and a window around the current one.
    f.write("site.yaml", format!("{}paginate_by: 2\n", common::CONFIG));
    f.build();
    let middle = f.read("articles/page/6/index.html");
    let linked: Vec<&str> = middle.split("href=\"/articles/").skip(1).filter_map(|s| s.split('"').next()).collect();
    assert_eq!(
        linked.iter().filter(|u| u.is_empty() || u.starts_with("page/")).copied().collect::<Vec<_>>(),
        ["page/5/", "", "page/4/", "page/5/", "page/6/", "page/7/", "page/8/", "page/13/", "page/7/"],
        "previous, 1, 4–8, 13, next"
    );
    assert_eq!(middle.matches("<li class=\"gap\" aria-hidden=\"true\">…</li>").count(), 2);
    f.write("site.yaml", common::CONFIG);
    assert!(f.read("old-url/index.html").contains("url=/articles/old/"));
    assert!(!f.exists("articles/wip/index.html"), "drafts are left out");
    assert_eq!(std::fs::read(f.out("articles/chart.png")).unwrap(), [0x89, b'P', b'N', b'G']);

    let mut opts = f.options();
    opts.drafts = true;
    kepu::build(&opts).unwrap();
    assert!(f.exists("articles/wip/index.html"), "--drafts includes them");
}

#[test]
fn a_rebuild_renders_again_only_the_pages_whose_inputs_changed() {
    let f = basic_site();
    assert_eq!(f.build().written.reused, 0, "a first build renders every page");
    let again = f.build();
    assert!(again.written.reused > 10 && again.written.changed == 0, "{again}");
    assert!(again.to_string().contains(&format!("({} unchanged since the last build", again.written.reused)));
    let mtime = |rel: &str| std::fs::metadata(f.out(rel)).unwrap().modified().unwrap();
    let untouched = mtime("articles/myopia/index.html");

    // One article edited: its page, its flyer and the lists that show it are rendered again.
    f.write(
        "content/articles/hepatitis-screening.md",
        page("title: 乙肝筛查（修订）\ndate: 2026-07-01\ntags: [乙肝, 筛查]", "修订后的内容。"),
    );
    let edited = f.build();
    assert!(edited.written.reused > 0 && edited.written.reused < again.written.reused, "{edited}");
    assert!(f.read("articles/hepatitis-screening/index.html").contains("修订后的内容"));
    assert!(f.read("articles/index.html").contains("乙肝筛查（修订）"), "the list shows the new title");
    assert!(f.read("tags/乙肝/index.html").contains("乙肝筛查（修订）"), "so does the tag's page");
    assert_eq!(mtime("articles/myopia/index.html"), untouched);

    // A template changed (templates include and extend each other): everything is rendered again.
    let template =
        "<html lang=\"{{ lang.code }}\" dir=\"{{ lang.dir }}\">new {{ page.title }} {{ t(key=\"home\") }}</html>";
    f.write("templates/page.html", template);
    assert_eq!(f.build().written.reused, 0);
    assert!(f.read("articles/myopia/index.html").contains("new 近视"));
    assert!(f.read("en/articles/myopia/index.html").contains("new Myopia"));
    // So is a changed UI string.
    assert!(f.build().written.reused > 0);
    f.write("i18n/zh-hans.yaml", "home: 主页（新）\n");
    assert_eq!(f.build().written.reused, 0);
    assert!(f.read("articles/myopia/index.html").contains("new 近视 主页（新）"));
    // So is the site's title, which every page's `site` shares and the build fingerprints once.
    assert!(f.build().written.reused > 0);
    f.write("site.yaml", common::CONFIG.replace("Test Health Site", "County Health Site"));
    assert_eq!(f.build().written.reused, 0);
    assert!(f.read("articles/index.html").contains("County Health Site"));

    // The offline copy's links differ: built into the same folder, nothing is kept.
    let mut offline = f.options();
    offline.relative = true;
    offline.output = Some(f.out(""));
    assert_eq!(kepu::build(&offline).unwrap().written.reused, 0);

    // Whatever was kept, the output is what a fresh build makes.
    f.build();
    let mut elsewhere = f.options();
    elsewhere.output = Some(f.root().join("fresh"));
    assert_eq!(kepu::build(&elsewhere).unwrap().written.reused, 0);
    assert_eq!(snapshot(&f.out("")), snapshot(&f.root().join("fresh")));
}

#[test]
fn output_is_deterministic_and_unchanged_files_keep_mtime() {
    let f = basic_site();
    f.build();
    let first = snapshot(&f.out(""));
    let page = f.out("articles/myopia/index.html");
    let old_time = std::fs::metadata(&page).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));

    f.write(
        "content/articles/hepatitis-screening.md",
        common::page("title: 乙肝筛查（新）\ndate: 2026-07-01", "新内容。"),
    );
    f.remove("content/articles/hepatitis-screening.en.md");
    let report = f.build();
    assert!(report.written.removed >= 1);
    assert_eq!(std::fs::metadata(&page).unwrap().modified().unwrap(), old_time, "unchanged page keeps its mtime");
    assert!(!f.exists("en/articles/hepatitis-screening/index.html"), "deleted page is removed");
    assert!(f.read("articles/hepatitis-screening/index.html").contains("乙肝筛查（新）"));

    // Same input, another folder: byte-identical.
    let g = basic_site();
    g.build();
    let mut opts = g.options();
    opts.output = Some(g.root().join("second"));
    kepu::build(&opts).unwrap();
    assert_eq!(snapshot(&g.out("")), snapshot(&g.root().join("second")));
    assert_eq!(first, snapshot(&g.out("")));
}

#[test]
fn updates_in_place_when_files_become_folders_and_back() {
    let f = basic_site();
    f.write("static/guide", "a file");
    f.write("static/old/deep/notes.txt", "to be removed");
    f.build();
    assert_eq!(f.read("guide"), "a file");

    // `guide` becomes a folder, the `old` tree goes away, and the result equals a fresh build.
    f.remove("static/guide");
    f.write("static/guide/index.txt", "now a folder");
    std::fs::remove_dir_all(f.root().join("static/old")).unwrap();
    let report = f.build();
    assert_eq!(f.read("guide/index.txt"), "now a folder");
    assert!(!f.out("old").exists(), "folders left empty are removed");
    assert!(report.written.removed >= 2, "{:?}", report.written);
    let mut fresh = f.options();
    fresh.output = Some(f.root().join("fresh"));
    kepu::build(&fresh).unwrap();
    assert_eq!(snapshot(&f.out("")), snapshot(&f.root().join("fresh")));

    // And back to a file.
    std::fs::remove_dir_all(f.root().join("static/guide")).unwrap();
    f.write("static/guide", "a file again");
    f.build();
    assert_eq!(f.read("guide"), "a file again");
    let leftovers: Vec<_> = std::fs::read_dir(f.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("kepu-staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder removed: {leftovers:?}");
}

#[test]
fn site_templates_and_static_override_the_theme() {
    let f = basic_site();
    f.write(
        "templates/page.html",
        "<html lang=\"{{ lang.code }}\">CUSTOM {{ page.title }} {{ t(key=\"x_custom\") }}</html>",
    );
    f.write("i18n/zh-hans.yaml", "x_custom: 自定义\n");
    f.write("static/style.css", "body{color:#000}");
    f.build();
    assert!(f.read("articles/myopia/index.html").contains("CUSTOM 近视 自定义"));
    assert_eq!(f.asset("style", "css"), "body{color:#000}");
    // The section template still comes from the embedded default theme.
    assert!(f.read("articles/index.html").contains("<main"));
}

#[test]
fn a_pages_card_is_rendered_once_and_every_list_shows_it() {
    let f = basic_site();
    f.write("templates/card.html", "<p class=\"mine\">{{ p.title }}·{{ lang.code }}·{{ p.date }}</p>");
    f.build();
    // The section list, a tag's list and the home page show the same card after the title.
    for (list, card) in [
        ("articles/index.html", "<p class=\"mine\">乙肝筛查·zh-Hans·2026-07-01</p>"),
        ("tags/乙肝/index.html", "<p class=\"mine\">乙肝筛查·zh-Hans·2026-07-01</p>"),
        ("index.html", "<p class=\"mine\">乙肝筛查·zh-Hans·2026-07-01</p>"),
        ("en/articles/index.html", "<p class=\"mine\">Myopia·en·2026-06-01</p>"),
    ] {
        let html = f.read(list);
        assert!(html.contains(card), "{list}: {html}");
        assert!(html.contains("class=\"card-title\""), "{list}: the list still writes the linked title");
        assert!(!html.contains("class=\"reading-time\""), "{list}: the theme's own card is replaced");
    }
}

#[test]
fn a_page_with_no_text_yet_is_listed_without_an_empty_summary() {
    // `kepu new article` writes the front matter only; the doctor fills in the text later.
    let f = basic_site();
    f.write("content/articles/draft-text.md", page("title: 还没写完", ""));
    f.build();
    let list = f.read("articles/index.html");
    assert!(list.contains("还没写完"), "{list}");
    assert!(!list.contains("<p></p>"), "no empty paragraph stands for the missing summary: {list}");
}

#[test]
fn template_tests_and_comparisons_see_values_as_they_are() {
    // Tera compared and tested escaped copies; the patch in vendor/tera reads them as they are,
    // so a value marked safe equals the text it holds.
    let f = basic_site();
    f.write("content/articles/amp.md", page("title: 眼 & 耳", "x"));
    f.write(
        "templates/page.html",
        "<html lang=\"{{ lang.code }}\">{{ page.title }}\
         {% if page.title == \"眼 & 耳\" %}[plain]{% endif %}\
         {% if page.title | safe == \"眼 & 耳\" %}[safe]{% endif %}\
         {% if page.title != \"眼 &amp; 耳\" %}[not-escaped]{% endif %}\
         {% if page.title %}[truthy]{% endif %}</html>",
    );
    f.build();
    let html = f.read("articles/amp/index.html");
    for marker in ["眼 &amp; 耳", "[plain]", "[safe]", "[not-escaped]", "[truthy]"] {
        assert!(html.contains(marker), "{marker} in {html}");
    }
}

#[test]
fn macro_output_escaping_calls_and_tests_render_as_tera_defines_them() {
    // vendor/tera writes a macro's output straight to the page, escapes into the value itself,
    // passes a function's arguments and a test's value without copies: the text must not change.
    let f = basic_site();
    f.write("content/articles/amp.md", page("title: \"<眼> & '耳'\"", "x"));
    f.write(
        "templates/m.html",
        "{% macro shout(text) %}<b>{{ text }}</b>{% endmacro shout %}\
         {% macro nothing() %}{% endmacro nothing %}",
    );
    f.write(
        "templates/page.html",
        "{% import \"m.html\" as m %}<html lang=\"{{ lang.code }}\">\
         [{{ m::shout(text=page.title) }}][{{ m::shout(text=\"a&b\") | upper }}]\
         {% if m::nothing() %}[never]{% else %}[empty]{% endif %}\
         [{{ page.title }}][{{ page.title | safe }}][{{ \"<lit>\" }}][{{ true }}][{{ [1, 2] }}]\
         {% if page.title is starting_with(\"<眼>\") %}[starts]{% endif %}\
         {% if missing is not defined and page.title is defined %}[defined]{% endif %}\
         [{{ t(key=\"home\") }}]</html>",
    );
    f.build();
    let html = f.read("articles/amp/index.html");
    for marker in [
        "[<b>&lt;眼&gt; &amp; &#39;耳&#39;</b>]",
        // A filter's result is escaped again, macro output or not (as in Tera 1.20).
        "[&lt;B&gt;A&amp;AMP;B&lt;/B&gt;]",
        "[empty]",
        "[&lt;眼&gt; &amp; &#39;耳&#39;][<眼> & '耳'][&lt;lit&gt;][true][[1, 2]]",
        "[starts]",
        "[defined]",
    ] {
        assert!(html.contains(marker), "{marker} in {html}");
    }
    assert!(!html.contains("[never]") && !html.contains("[]</html>"), "{html}");
}

#[test]
fn accepts_lower_case_language_suffixes() {
    let f = basic_site();
    f.write("content/articles/myopia.EN.md", page("title: X", "x"));
    f.remove("content/articles/myopia.EN.md");
    f.write("content/articles/extra.en.md", page("title: Extra", "x"));
    f.write(
        "site.yaml",
        common::CONFIG
            .replace("code: zh-Hans", "code: zh-hans")
            .replace("default_language: zh-Hans", "default_language: zh-hans"),
    );
    f.build();
    assert!(f.read("index.html").contains("lang=\"zh-Hans\""), "tags are printed in canonical case");
}

#[test]
fn assets_are_fingerprinted_and_headers_written() {
    let f = basic_site();
    f.write("site.yaml", format!("{}headers_file: true\n", common::CONFIG));
    f.write("static/robots-note.txt", "kept as is");
    f.build();
    let style = f.asset_name("style", "css");
    let home = f.read("index.html");
    assert!(home.contains(&format!("href=\"/{style}\"")), "reference rewritten");
    assert!(!f.exists("style.css"), "no unfingerprinted copy");
    assert_eq!(f.read("robots-note.txt"), "kept as is", "only css/js/images are renamed");
    let headers = f.read("_headers");
    assert!(headers.contains(&format!("/{style}\n  Cache-Control: public, max-age=31536000, immutable")), "{headers}");
    // A changed stylesheet gets a new name; the old one disappears.
    f.write("static/style.css", "body{color:#111}");
    f.build();
    assert_ne!(f.asset_name("style", "css"), style);
    assert!(!f.exists(&style));
    // Turned off, names stay plain.
    f.write("site.yaml", format!("{}fingerprint: false\n", common::CONFIG));
    f.build();
    assert!(f.read("index.html").contains("href=\"/style.css\""));
}

#[test]
fn specialties_show_translated_labels() {
    let f = basic_site();
    f.build();
    assert!(f.read("articles/hepatitis-screening/index.html").contains("href=\"/specialties/hepatology/\">肝病科"));
    assert!(f.read("specialties/index.html").contains("肝病科"));
    assert!(f.read("specialties/hepatology/index.html").contains("肝病科"));
}

/// The feed and the home page show the newest pages, in order, however many the site has; pages
/// of one day are ordered by title, then by address.
#[test]
fn the_feed_and_the_home_page_show_the_newest_pages_in_order() {
    let f = Fixture::empty();
    f.write("site.yaml", format!("{}feed_limit: 3\n", common::CONFIG));
    let days = ["2026-03-09", "2026-01-02", "2026-03-09", "2025-12-30", "2026-02-14", "2026-03-09"];
    let mut pages: Vec<(&str, String, usize)> = Vec::new();
    for (i, day) in days.iter().cycle().take(30).enumerate() {
        let title = if i % 4 == 0 { "同一个标题".to_string() } else { format!("文章{:02}", 29 - i) };
        f.write(&format!("content/articles/a{i:02}.md"), page(&format!("title: {title}\ndate: {day}"), "正文。"));
        pages.push((day, title, i));
    }
    f.build();
    // Newest day first, then by title, then by address (a00 < a01 …).
    pages.sort_by(|a, b| b.0.cmp(a.0).then_with(|| a.1.cmp(&b.1)).then_with(|| a.2.cmp(&b.2)));
    let expected: Vec<usize> = pages.iter().map(|p| p.2).collect();
    let order = |text: &str| -> Vec<usize> {
        let mut found: Vec<usize> = text
            .match_indices("/articles/a")
            .map(|(at, m)| text[at + m.len()..at + m.len() + 2].parse().unwrap())
            .collect();
        found.dedup(); // a link and an id, or a link and a card, name the same page
        found
    };
    assert_eq!(order(&f.read("atom.xml")), expected[..3], "the three newest");
    let home = f.read("index.html");
    assert_eq!(order(&home)[..10], expected[..10], "the ten newest on the home page");
}

/// A section lists its pages lighter `weight:` first, then newest first as the feed does; a tag
/// lists its pages newest first, whatever their weight.
#[test]
fn sections_list_by_weight_then_newest_and_tags_newest_first() {
    let f = Fixture::empty();
    f.write("site.yaml", format!("{}paginate_by: 50\n", common::CONFIG));
    f.write("content/articles/_index.md", page("title: 文章", ""));
    let days = ["2026-03-09", "2026-01-02", "2025-12-30", "2026-02-14", "2026-03-10"];
    let mut pages: Vec<(Option<i64>, &str, usize)> = Vec::new();
    for (i, day) in days.iter().cycle().take(20).enumerate() {
        let weight = [Some(2), None, Some(1), None][i % 4].filter(|_| i % 3 != 0);
        let front = match weight {
            Some(w) => format!("title: 文章{i:02}\ndate: {day}\ntags: [筛查]\nweight: {w}"),
            None => format!("title: 文章{i:02}\ndate: {day}\ntags: [筛查]"),
        };
        f.write(&format!("content/articles/a{i:02}.md"), page(&front, "正文。"));
        pages.push((weight, day, i));
    }
    f.build();
    let order = |text: &str| -> Vec<usize> {
        let mut found: Vec<usize> = text
            .match_indices("/articles/a")
            .map(|(at, m)| text[at + m.len()..at + m.len() + 2].parse().unwrap())
            .collect();
        found.dedup();
        found
    };
    // Titles follow the file names here, so a day's pages come in file order.
    pages.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.2.cmp(&b.2)));
    let newest: Vec<usize> = pages.iter().map(|p| p.2).collect();
    pages.sort_by_key(|p| p.0.unwrap_or(i64::MAX));
    let by_weight: Vec<usize> = pages.iter().map(|p| p.2).collect();
    assert_ne!(newest, by_weight, "the weights change the order");
    assert_eq!(order(&f.read("articles/index.html")), by_weight);
    let tag = std::fs::read_dir(f.out("tags")).unwrap().flatten().find(|e| e.path().is_dir()).unwrap();
    assert_eq!(order(&std::fs::read_to_string(tag.path().join("index.html")).unwrap()), newest);
}
