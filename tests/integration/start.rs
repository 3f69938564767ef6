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
        assert!(dir.join("output/articles/hepatitis-b-screening/flyer.html").exists());
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
    // A notice's translation shows the notice's facts: its file has none to get wrong.
    let o = in_site(&dir, &["new", "event", "events/lecture", "--lang", "en"]);
    assert!(o.status.success(), "{}", text(&o));
    let translation = std::fs::read_to_string(dir.join("content/events/lecture.en.md")).unwrap();
    assert!(!translation.contains("event:") && translation.contains("# content/events/lecture.md"), "{translation}");
    let article = std::fs::read_to_string(dir.join("content/articles/eye-care.md")).unwrap();
    assert!(article.contains("title: \"eye care\"") && article.contains("# review:"), "{article}");
    let build = in_site(&dir, &["build"]);
    assert!(build.status.success(), "{}", text(&build));
    assert!(dir.join("output/events/lecture/index.html").exists());
    let en = std::fs::read_to_string(dir.join("output/en/events/lecture/index.html")).unwrap();
    assert!(en.contains("class=\"event-box"), "the translation shows the notice's facts");
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

#[test]
fn chinese_tags_with_regions_are_read_as_their_script_with_a_note() {
    let f = Fixture::empty();
    f.write("site.yaml", "title: 健康\nbase_url: https://example.org\nlanguages: [zh-CN, en]\n");
    f.write("content/a.md", "---\ntitle: 好\n---\n正文。\n");
    f.write("content/b.zh-cn.md", "---\ntitle: 乙\n---\n正文。\n");
    let o = f.cli(&["build"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("note: site.yaml: `zh-CN` is read as `zh-Hans`"), "{}", text(&o));
    let page = f.read("a/index.html");
    assert!(page.contains("<html lang=\"zh-Hans\""), "{page}");
    assert!(f.exists("b/index.html"), "b.zh-cn.md is the default language's page");
    // No raw key reaches a page: the menu is in Chinese, not `home events observances`.
    assert!(page.contains(">首页<"), "{page}");
}

#[test]
fn language_names_in_file_names_are_refused_with_the_name_to_use() {
    let f = Fixture::new(&[("content/a.md", "---\ntitle: 好\n---\n正文。\n")]);
    let err = assert_breaks_cleanly(&f, &[], |f| {
        f.write("content/events/x.tibetan.md", "---\ntitle: 好\n---\n正文。\n");
        f.write("content/events/y.English.md", "---\ntitle: Good\n---\nText.\n");
        f.write("content/events/z.zh.md", "---\ntitle: 好\n---\n正文。\n");
    });
    for expected in [
        "content/events/x.tibetan.md: `tibetan` in the file name is not a language tag; for bo, add `- code: bo` under `languages:` in site.yaml and name the file `x.bo.md`",
        "content/events/y.English.md: `English` in the file name is not a language tag; for en, name the file `y.en.md`",
        "content/events/z.zh.md: unknown language `zh` in the file name; site.yaml lists zh-Hans, en, ug; for zh-Hans name the file `z.zh-hans.md`",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
}

#[test]
fn misspelt_values_name_the_nearest_one() {
    let f = Fixture::new(&[("content/a.md", "---\ntitle: 好\n---\n正文。\n")]);
    let err = assert_breaks_cleanly(&f, &[], |f| {
        f.write(
            "content/events/a.md",
            "---\ntitle: 义诊\nobservance: world-hepatits-day\nevent:\n  start: 2027-07-28\n  services: [screenings]\n---\n正文。\n",
        );
        f.write(
            "content/events/b.md",
            "---\ntitle: 讲座\nevent:\n  start: 2027-07-28\n  status: canceled\n---\n正文。\n",
        );
    });
    for expected in [
        "unknown service `screenings`; did you mean `screening`?",
        "content/events/b.md:5:11: `canceled` is not a value this key takes: did you mean `cancelled`?",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    f.write("content/events/b.md", "---\ntitle: 讲座\nevent:\n  start: 2027-07-28\n---\n正文。\n");
    f.write("content/events/a.md", "---\ntitle: 义诊\nobservance: world-hepatits-day\n---\n正文。\n");
    let e = f.build_err().to_string();
    assert!(
        e.contains(
            "content/events/a.md:3: unknown observance `world-hepatits-day`: did you mean `world-hepatitis-day`?"
        ),
        "{e}"
    );
}

#[test]
fn observances_lists_the_ids_and_a_site_day_from_the_readme() {
    let f = Fixture::new(&[("content/a.md", "---\ntitle: 好\n---\n正文。\n")]);
    let readme = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("- id: county-eye-screening-week").expect("the README's example");
    let example = &readme[start..start + readme[start..].find("```").unwrap()];
    f.write("content/observances.yaml", example);
    let o = Command::new(env!("CARGO_BIN_EXE_kepu"))
        .args(["observances", "--lang", "en", "--now", "2027-01-10", "--root"])
        .arg(f.root())
        .output()
        .unwrap();
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[1].starts_with("2027-01-30") && lines[1].contains("world-ntd-day"), "soonest first: {out}");
    assert!(out.contains("2027-06-07–06-13         county-eye-screening-week"), "{out}");
    assert!(out.contains("Qinghe Eye Screening Week  [7 days from 1st Mon of Jun]"), "{out}");
    assert!(out.contains("world-hepatitis-day                       World Hepatitis Day  [every 28 Jul]"), "{out}");
    f.write("content/events/a.md", "---\ntitle: 筛查周\nobservance: county-eye-screening-week\n---\n正文。\n");
    f.build();
    assert!(f.read("events/a/index.html").contains("青禾县眼健康筛查周"));
}

#[test]
fn the_events_page_shows_its_section_title_and_intro_and_base_url_is_asked_for() {
    let f = Fixture::empty();
    f.write("site.yaml", "title: 健康\n");
    f.write("content/events/_index.md", "---\ntitle: 义诊与讲座\n---\n每月第一个周六在县医院义诊。\n");
    f.write("content/events/a.md", "---\ntitle: 义诊\nevent:\n  start: 2026-12-05\n---\n正文。\n");
    let o = f.cli(&["build", "--now", "2026-12-01"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("site.yaml: warning: `base_url` is empty, so flyers' QR codes and the feeds lead nowhere"),
        "{}",
        text(&o)
    );
    let page = f.read("events/index.html");
    assert!(page.contains("<h1>义诊与讲座</h1>") && page.contains("每月第一个周六在县医院义诊。"), "{page}");
    let check = f.cli(&["check", "--strict", "--now", "2026-12-01"]);
    assert!(text(&check).contains("`base_url` is empty"), "{}", text(&check));
    assert!(!check.status.success());
}

/// Validates YAML documents against a JSON Schema with Python's `jsonschema` (an independent
/// implementation; scripts/test installs it). YAML timestamps stay strings, as Kepu reads them.
/// Returns one line per document: `ok` or the validator's first error.
fn validate(schema: &std::path::Path, documents: &[String]) -> Vec<String> {
    let script = r#"
import json, sys, yaml, jsonschema
class Loader(yaml.SafeLoader): pass
Loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != 'tag:yaml.org,2002:timestamp'] for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft202012Validator(schema)
for doc in json.load(sys.stdin):
    data = yaml.load(doc, Loader=Loader) or {}
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    print("ok" if error is None else error.message)
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .arg(schema)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs (scripts/test installs python3-jsonschema and python3-yaml)");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), serde_json::to_string(documents).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
}

#[test]
fn the_schemas_accept_the_sample_site_and_reject_a_misspelt_key() {
    let f = Fixture::empty();
    let dir = f.root().join("schemas");
    let o = kepu(&["schema", "--out", dir.to_str().unwrap()]);
    assert!(o.status.success() && text(&o).contains("yaml.schemas"), "{}", text(&o));
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let site_yaml = std::fs::read_to_string(repo.join("site.yaml")).unwrap();
    let mut front = Vec::new();
    for entry in walkdir::WalkDir::new(repo.join("content")).into_iter().map(Result::unwrap) {
        if entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            front.push(text.split("\n---").next().unwrap().trim_start_matches("---").to_string());
        }
    }
    assert!(front.len() > 50, "{} pages", front.len());
    let site_results = validate(&dir.join("site.schema.json"), &[site_yaml, "title: x\ntitel: y\n".into()]);
    assert_eq!(site_results[0], "ok");
    assert!(site_results[1].contains("'titel' was unexpected"), "{site_results:?}");
    let results = validate(&dir.join("front-matter.schema.json"), &front);
    assert!(results.iter().all(|r| r == "ok"), "{results:?}");
    let bad = validate(
        &dir.join("front-matter.schema.json"),
        &["title: x\nevent:\n  start: 2027-07-28\n  venu: x\n".into(), "title: x\nevent:\n  start: tomorrow\n".into()],
    );
    assert!(bad[0].contains("'venu' was unexpected"), "{bad:?}");
    assert!(bad[1].contains("does not match"), "{bad:?}");
}

#[test]
fn a_base_url_on_the_command_line_is_checked_too() {
    let f = Fixture::new(&[("content/a.md", "---\ntitle: 好\n---\n正文。\n")]);
    let o = f.cli(&["build", "--base-url", "kepu.example.cn"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("--base-url `kepu.example.cn` is not a full address; QR codes and feeds need one like `--base-url https://kepu.example.cn`"),
        "{}",
        text(&o)
    );
}
