//! A first site: `kepu init` and `kepu new` as a new user types them, and the messages for the
//! mistakes people make most when they write YAML by hand, each saying what to type instead.

use crate::common::{assert_breaks_cleanly, Fixture};
use std::process::{Command, Output};

fn kepu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kepu")).args(args).output().expect("run kepu")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// `kepu init DIR …` into a new folder inside a temporary one.
fn init(languages: Option<&str>) -> (Fixture, std::path::PathBuf) {
    let f = Fixture::empty();
    let dir = f.root().join("site");
    let mut args = vec!["init", dir.to_str().unwrap()];
    if let Some(l) = languages {
        args.extend(["--languages", l]);
    }
    let o = kepu(&args);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("kepu serve"), "says what to do next: {}", text(&o));
    (f, dir)
}

fn in_site(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kepu")).args(args).current_dir(dir).output().expect("run kepu")
}

#[test]
fn init_makes_a_site_that_builds_and_passes_a_strict_check() {
    for languages in [None, Some("zh-Hans,zh-Hant,en")] {
        let (_f, dir) = init(languages);
        let build = in_site(&dir, &["build"]);
        assert!(build.status.success(), "{}", text(&build));
        let check = in_site(&dir, &["check", "--strict"]);
        assert!(check.status.success(), "{}", text(&check));
        assert!(text(&check).contains("0 errors, 0 warnings"), "{}", text(&check));
        let event = std::fs::read_to_string(dir.join("output/events/hepatitis-day-clinic/index.html")).unwrap();
        assert!(event.contains("世界肝炎日义诊") && event.contains("7月28日"), "an event on World Hepatitis Day");
        let article = std::fs::read_to_string(dir.join("output/en/articles/hepatitis-b-screening/index.html")).unwrap();
        assert!(article.contains("Hepatitis B screening") && article.contains("lang=\"en\""));
        assert!(dir.join("output/articles/hepatitis-b-screening/flyer/index.html").exists());
        let yaml = std::fs::read_to_string(dir.join("site.yaml")).unwrap();
        assert!(yaml.contains("# Where the site will be published"), "settings are explained");
        if languages.is_some() {
            assert!(dir.join("output/zh-hant/articles/hepatitis-b-screening/index.html").exists());
        }
    }
}

#[test]
fn init_refuses_a_folder_with_files() {
    let f = Fixture::empty();
    f.write("notes.txt", "mine");
    let o = kepu(&["init", f.root().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("is not empty; `kepu init` only starts a site in a new or empty folder"), "{}", text(&o));
    assert_eq!(std::fs::read_dir(f.root()).unwrap().count(), 1, "nothing written");
}

#[test]
fn new_writes_files_that_build() {
    let (_f, dir) = init(None);
    for args in
        [&["new", "article", "articles/eye-care"][..], &["new", "event", "events/lecture"], &["new", "page", "about"]]
    {
        let o = in_site(&dir, args);
        assert!(o.status.success(), "{}", text(&o));
    }
    let o = in_site(&dir, &["new", "article", "articles/eye-care", "--lang", "en"]);
    assert!(text(&o).contains("content/articles/eye-care.en.md"), "{}", text(&o));
    let article = std::fs::read_to_string(dir.join("content/articles/eye-care.md")).unwrap();
    assert!(article.contains("title: \"eye care\"") && article.contains("# review:"), "{article}");
    let build = in_site(&dir, &["build"]);
    assert!(build.status.success(), "{}", text(&build));
    assert!(dir.join("output/events/lecture/index.html").exists());
    let again = in_site(&dir, &["new", "page", "about"]);
    assert!(text(&again).contains("content/about.md: already exists"), "{}", text(&again));
    assert!(!text(&again).contains("output left unchanged"), "{}", text(&again));
    let outside = in_site(&dir, &["new", "page", "../escape"]);
    assert!(text(&outside).contains("is not a path inside content/"), "{}", text(&outside));
    let lang = in_site(&dir, &["new", "page", "x", "--lang", "bo"]);
    assert!(text(&lang).contains("site.yaml does not list `bo`"), "{}", text(&lang));
}

#[test]
fn every_typing_mistake_of_a_file_in_one_run_with_what_to_type() {
    let f = Fixture::new(&[("content/articles/a.md", "---\ntitle: 好\n---\n正文。\n")]);
    let err = assert_breaks_cleanly(&f, &[], |f| {
        f.write(
            "content/articles/a.md",
            "---\ntitle: 乙肝筛查: 一次抽血\nevent:\n  start: 2027-07-28\n  venue：县医院\n\tcontact: 张护士\n---\n正文。\n",
        )
    });
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(
        lines,
        [
            "error: content/articles/a.md:2:12: the value of `title` holds `: `, which YAML reads as a new key; put the value in quotes: `title: \"乙肝筛查: 一次抽血\"`",
            "error: content/articles/a.md:5:8: `venue：` has a full-width colon; type an ASCII colon and a space: `venue: 县医院`",
            "error: content/articles/a.md:6:1: a tab: YAML lines are indented with spaces; replace the tab with two spaces",
        ],
        "{err}"
    );
    f.write("content/articles/a.md", "---\ntitle: 好\n---\n正文。\n");
    let err = assert_breaks_cleanly(&f, &[], |f| {
        f.write("content/articles/a.md", "---\ntitel: 好\nsumary: 一句话\nobsevance: x\n---\n正文。\n")
    });
    for expected in [
        "content/articles/a.md:2:1: unknown key `titel`: did you mean `title`?",
        "content/articles/a.md:3:1: unknown key `sumary`: did you mean `summary`?",
        "content/articles/a.md:4:1: unknown key `obsevance`: did you mean `observance`?",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    assert!(!err.contains("struct") && !err.contains("FrontMatter"), "no Rust names: {err}");
}

#[test]
fn a_title_is_all_site_yaml_needs_and_languages_can_be_listed_by_tag() {
    let f = Fixture::empty();
    f.write("site.yaml", "title: 健康科普\n");
    f.write("content/a.md", "---\ntitle: 好\n---\n正文。\n");
    let report = f.build();
    assert_eq!(report.pages_per_language, [("zh-Hans".to_string(), 1)]);
    f.write("site.yaml", "title: 健康科普\nlanguages: [zh-Hans, bo]\n");
    f.write("content/a.bo.md", "---\ntitle: བཀྲ་ཤིས།\n---\nབཀྲ་ཤིས།\n");
    let report = f.build();
    assert_eq!(report.pages_per_language, [("zh-Hans".to_string(), 1), ("bo".to_string(), 1)]);
}

#[test]
fn site_yaml_mistakes_say_what_to_type() {
    let f = Fixture::empty();
    let o = f.cli(&["build"]);
    assert!(text(&o).contains("this is not a Kepu site yet. Start one here with `kepu init`"), "{}", text(&o));
    f.write("site.yaml", "title: 健康科普\nbase_url: kepu.example.cn\n");
    let e = f.build_err().to_string();
    assert!(e.contains("site.yaml:2: base_url `kepu.example.cn` is not a full address; QR codes and feeds need one like `base_url: https://kepu.example.cn`"), "{e}");
    f.write("site.yaml", "title：健康科普\n");
    let e = f.build_err().to_string();
    assert!(
        e.contains(
            "site.yaml:1:6: `title：` has a full-width colon; type an ASCII colon and a space: `title: 健康科普`"
        ),
        "{e}"
    );
    f.write("site.yaml", "title: 健康科普\npaginate: 5\n");
    let e = f.build_err().to_string();
    assert!(e.contains("site.yaml:2:1: unknown key `paginate`: did you mean `paginate_by`?"), "{e}");
}
