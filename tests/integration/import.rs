//! `kepu import hugo|zola SRC DEST`: realistic Hugo and Zola sites (tests/fixtures/import_hugo,
//! import_zola) become Kepu sites that build and pass `kepu check`, with every old address still
//! served or redirected, and a report that names each shortcode and key left for a person.

use crate::common::{snapshot, Fixture};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn kepu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kepu")).args(args).output().expect("run kepu")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Imports the fixture site `name` with `generator` into a new folder, then builds it; returns
/// the folder (kept alive by the fixture), the import's report and the source's snapshot check.
fn import_and_build(generator: &str, name: &str) -> (Fixture, PathBuf, String) {
    let src = fixture(name);
    let before = snapshot(&src);
    let f = Fixture::empty();
    let dest = f.root().join("site");
    let o = kepu(&["import", generator, src.to_str().unwrap(), dest.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(before, snapshot(&src), "the old site is only read");
    let build = kepu(&["build", "--root", dest.to_str().unwrap()]);
    assert!(build.status.success(), "{}", text(&build));
    let check = kepu(&["check", "--root", dest.to_str().unwrap()]);
    assert!(check.status.success(), "{}", text(&check));
    assert!(text(&check).contains(" 0 errors"), "{}", text(&check));
    (f, dest, String::from_utf8_lossy(&o.stdout).to_string())
}

/// The page written at `url`, which is either the page itself or a redirect to `to`.
fn served(dest: &Path, url: &str) -> String {
    let rel = url.trim_start_matches('/');
    let path = if rel.is_empty() || url.ends_with('/') {
        dest.join("output").join(rel).join("index.html")
    } else {
        dest.join("output").join(rel)
    };
    let bytes =
        std::fs::read(&path).unwrap_or_else(|e| panic!("old URL {url} is not served ({}): {e}", path.display()));
    String::from_utf8_lossy(&bytes).to_string()
}

fn redirects(dest: &Path, from: &str, to: &str) {
    let page = served(dest, from);
    assert!(page.contains(&format!("url={to}\"")), "{from} redirects to {to}: {page}");
}

fn read(dest: &Path, rel: &str) -> String {
    std::fs::read_to_string(dest.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_multilingual_hugo_site_builds_and_keeps_every_old_url() {
    let (_f, dest, report) = import_and_build("hugo", "import_hugo");
    // Every address the Hugo site published, worked out by hand from Hugo's rules.
    for url in [
        "/",
        "/posts/",
        "/posts/hepatitis-b/",
        "/posts/vaccine/",
        "/posts/tips/",
        "/posts/care/",
        "/posts/care/eye-care/",
        "/news/",
        "/about-us/",
        "/tags/乙肝/",
        "/categories/传染病/",
        "/series/肝脏健康/",
        "/en/",
        "/en/posts/",
        "/en/posts/hepatitis-b/",
        "/en/posts/vaccine/",
        "/ar/",
        "/ar/posts/hepatitis-b/",
        "/ar/tags/صحة/",
        "/posts/hepatitis-b/liver.png",
        "/posts/hepatitis-b/cover.png",
        "/images/logo.png",
    ] {
        served(&dest, url);
    }
    // `aliases:` and a `permalinks` pattern become redirects to the new address.
    redirects(&dest, "/old/hepatitis/", "/posts/hepatitis-b/");
    redirects(&dest, "/2024/07/free-clinic/", "/news/free-clinic/");
    let about = read(&dest, "content/about.md");
    assert!(
        about.contains("slug: about-us") && about.contains("青禾县医学会科普委员会"),
        "`url:` kept by a slug, param: {about}"
    );

    let page = served(&dest, "/posts/hepatitis-b/");
    assert!(page.contains("src=\"/posts/hepatitis-b/liver.png\""), "the bundle's image beside the page");
    assert!(page.contains("<figcaption>肝脏在右上腹</figcaption>"), "figure caption");
    assert!(page.contains("href=\"/posts/vaccine/\""), "ref became a link to the page");
    assert!(
        page.contains("<code>{{&lt; chart data=\"screening-2023\" &gt;}}</code>"),
        "unknown shortcode visible: {page}"
    );
    let zh = read(&dest, "content/posts/hepatitis-b.md");
    assert!(zh.contains("<!-- more -->") && zh.contains("summary: 成年人一生至少应做一次乙肝筛查。"), "{zh}");
    assert!(
        zh.contains("updated: 2024-04-02") && zh.contains("- 王医生") && zh.contains("  series:\n  - 肝脏健康"),
        "{zh}"
    );
    assert!(read(&dest, "content/posts/vaccine.en.md").contains("date: 2024-02-10T09:00:00+08:00"), "site time zone");
    let ar = served(&dest, "/ar/posts/hepatitis-b/");
    assert!(ar.contains("dir=\"rtl\"") && ar.contains("التهاب الكبد ب"), "Arabic right to left");
    let en_vaccine = served(&dest, "/en/posts/vaccine/");
    assert!(en_vaccine.contains("href=\"/en/posts/hepatitis-b/\""), "relative .md link to a bundle");
    assert!(en_vaccine.contains("href=\"/posts/vaccine/\""), "ref with lang= links that language");
    let vaccine = served(&dest, "/posts/vaccine/");
    assert!(
        vaccine.contains("youtube-nocookie.com/embed/w7Ft2ymGmfc")
            && vaccine.contains("data-lang=\"bash\"")
            && vaccine.contains("https://example.org/records")
    );
    assert!(served(&dest, "/posts/care/eye-care/").contains("每用眼 20 分钟"), "JSON front matter and notice");

    let site = read(&dest, "site.yaml");
    for line in ["default_language: zh-Hans", "base_url: https://health.example.org\n", "paginate_by: 5", "- series"] {
        assert!(site.contains(line), "{line} in {site}");
    }
    // The report names what needs a person at the old file's line and the new file's.
    for part in [
        "content/posts/hepatitis-b.md:37: shortcode `chart` is not known to Kepu",
        "(was content/zh/posts/hepatitis-b/index.md:22)",
        "`layout` chose a template of the old theme",
        "menu (1 file)",
        "Needs a person (7)",
        "content/zh/posts/legacy.html: a page written in .html, which Kepu does not read",
        "layouts/",
        "kepu build",
    ] {
        assert!(report.contains(part), "{part} in\n{report}");
    }
    assert_eq!(read(&dest, "import-report.txt"), report, "the report is kept in the new site");
    // A language's own image of the same name is kept beside the other, not dropped.
    assert!(dest.join("content/posts/hepatitis-b/cover.ar.png").exists());
    assert!(
        report.contains("content/ar/posts/hepatitis-b/cover.png: differs from the file of the same name"),
        "{report}"
    );
    // Pages at addresses Kepu writes itself are set aside, not lost.
    assert!(read(&dest, "import-leftovers/content/zh/tags/_index.md").contains("按主题浏览文章"));
    assert!(dest.join("import-leftovers/content/zh/search.md").exists());
    assert!(report.contains("Kepu writes its own search page at this address"), "{report}");
    assert!(served(&dest, "/search/").contains("<form"), "Kepu's own search page");
}

#[test]
fn a_zola_site_builds_and_keeps_every_old_url() {
    let (_f, dest, report) = import_and_build("zola", "import_zola");
    for url in [
        "/",
        "/blog/",
        "/blog/hand-washing/",
        "/blog/water/",
        "/about-us/",
        "/guides/",
        "/guides/first-aid/",
        "/guides/first-aid/burns/",
        "/ug/",
        "/ug/blog/",
        "/ug/blog/water/",
        "/ug/blog/hand-washing/",
        "/tags/hygiene/",
        "/tags/洗手/",
        "/categories/prevention/",
        "/blog/water/glass.png",
        "/burn.png",
    ] {
        served(&dest, url);
    }
    redirects(&dest, "/drink-water/", "/blog/water/");
    let hands = read(&dest, "content/blog/2024-03-01-hand_washing.md");
    assert!(
        hands.contains("slug: hand-washing") && hands.contains("date: 2024-03-01"),
        "date from the file name: {hands}"
    );
    let page = served(&dest, "/blog/hand-washing/");
    assert!(page.contains("href=\"/blog/water/\""), "@/ link to a bundle");
    assert!(page.contains("<strong>Tip:</strong>") && page.contains("Sing a short song"), "note body kept");
    assert!(page.contains("{{ map(lat=43.8, lon=87.6) }}"), "unknown shortcode visible");
    let ug = served(&dest, "/ug/blog/water/");
    assert!(
        ug.contains("dir=\"rtl\"") && ug.contains("src=\"/blog/water/glass.png\""),
        "Uyghur right to left, bundle image"
    );
    assert!(read(&dest, "content/blog/_index.md").contains("paginate_by: 5"), "section pagination");
    let site = read(&dest, "site.yaml");
    assert!(
        site.contains("phone: +86-000-0000000") || site.contains("phone: '+86-000-0000000'"),
        "[extra] kept: {site}"
    );
    for part in [
        "the tags page of `洗手` had an address Zola spelt in Latin letters; it is now at /tags/洗手/",
        "Needs a person (5)",
        "shortcode `map` is not known to Kepu",
        "content/blog/2024-03-01-hand_washing.md:24",
        "`template` chose a template",
        "compile_sass",
    ] {
        assert!(report.contains(part), "{part} in\n{report}");
    }
}

#[test]
fn import_refuses_a_folder_with_files_and_one_inside_the_site() {
    let src = Fixture::copy_of("import_hugo");
    let before = snapshot(src.root());
    let taken = Fixture::empty();
    taken.write("notes.txt", "mine");
    let o = kepu(&["import", "hugo", src.root().to_str().unwrap(), taken.root().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("is not empty") && text(&o).contains("Try `kepu import hugo"), "{}", text(&o));
    let inside = src.root().join("kepu-site");
    let o = kepu(&["import", "hugo", src.root().to_str().unwrap(), inside.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("inside the site being imported"), "{}", text(&o));
    assert_eq!(before, snapshot(src.root()), "nothing written into the old site");
}

#[test]
fn import_names_the_file_and_line_of_unreadable_front_matter_and_writes_nothing() {
    let src = Fixture::copy_of("import_zola");
    src.write("content/blog/broken.md", "+++\ntitle = \"Broken\"\ndate = \n+++\nText\n");
    let out = Fixture::empty();
    let dest = out.root().join("site");
    let o = kepu(&["import", "zola", src.root().to_str().unwrap(), dest.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("content/blog/broken.md:3:"), "{}", text(&o));
    assert!(!text(&o).contains("panicked"));
    assert!(!dest.exists(), "nothing written");
    src.remove("content/blog/broken.md");
    let o = kepu(&["import", "hugo", src.root().to_str().unwrap(), dest.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("kepu import zola"), "a Zola site named as Hugo: {}", text(&o));
    let hugo = fixture("import_hugo");
    let o = kepu(&["import", "zola", hugo.to_str().unwrap(), dest.to_str().unwrap()]);
    assert!(text(&o).contains("kepu import hugo"), "a Hugo site named as Zola: {}", text(&o));
    let odd = Fixture::empty();
    odd.write("hugo.toml", "baseURL = 'https://example.org/'\ntitle = 'X'\ndefaultContentLanguage = 'english'\n");
    let o = kepu(&["import", "hugo", odd.root().to_str().unwrap(), dest.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("`english` is not a language tag") && !text(&o).contains("panicked"), "{}", text(&o));
    assert!(!dest.exists(), "nothing written");
}

#[test]
fn hugo_settings_split_across_config_default_and_languages_named_in_file_names() {
    let src = Fixture::empty();
    src.write("config/_default/hugo.toml", "baseURL = 'https://example.org/'\ntitle = 'Health'\ndefaultContentLanguage = 'zh-cn'\ndefaultContentLanguageInSubdir = true\nuglyURLs = true\n");
    src.write(
        "config/_default/languages.toml",
        "[zh-cn]\nlanguageName = '简体中文'\nweight = 1\n[ug]\nlanguageName = 'ئۇيغۇرچە'\nweight = 2\n",
    );
    src.write("config/_default/params.yaml", "phone: '120'\n");
    src.write("content/posts/_index.md", "---\ntitle: 文章\n---\n");
    src.write("content/posts/wash-hands.md", "---\ntitle: 洗手\ndate: 2024-05-05T10:00:00\n---\n勤洗手。\n");
    src.write("content/posts/wash-hands.ug.md", "+++\ntitle = 'قول يۇيۇش'\n+++\nقولىڭىزنى دائىم يۇيۇڭ.\n");
    let out = Fixture::empty();
    let dest = out.root().join("site");
    let o = kepu(&["import", "hugo", src.root().to_str().unwrap(), dest.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let site = read(&dest, "site.yaml");
    for line in ["prefix_default_language: true", "prefix: zh-cn", "phone: '120'", "code: ug"] {
        assert!(site.contains(line), "{line} in {site}");
    }
    assert!(read(&dest, "content/posts/wash-hands.ug.md").contains("title: قول يۇيۇش"));
    assert!(
        read(&dest, "content/posts/wash-hands.md").contains("date: 2024-05-05T10:00:00+00:00"),
        "UTC, as Hugo reads it"
    );
    let build = kepu(&["build", "--root", dest.to_str().unwrap()]);
    assert!(build.status.success(), "{}", text(&build));
    served(&dest, "/zh-cn/posts/");
    redirects(&dest, "/zh-cn/posts/wash-hands.html", "/zh-cn/posts/wash-hands/");
    redirects(&dest, "/ug/posts/wash-hands.html", "/ug/posts/wash-hands/");
    assert!(served(&dest, "/ug/posts/wash-hands/").contains("dir=\"rtl\""));
}

#[test]
fn importing_twice_writes_the_same_bytes() {
    let out = Fixture::empty();
    let sites: Vec<PathBuf> = ["a", "b"].iter().map(|n| out.root().join(n)).collect();
    for dest in &sites {
        let o = kepu(&["import", "hugo", fixture("import_hugo").to_str().unwrap(), dest.to_str().unwrap()]);
        assert!(o.status.success(), "{}", text(&o));
    }
    let strip = |dest: &Path| {
        snapshot(dest).into_iter().filter(|(p, _)| p != Path::new("import-report.txt")).collect::<Vec<_>>()
    };
    assert_eq!(strip(&sites[0]), strip(&sites[1]));
}
