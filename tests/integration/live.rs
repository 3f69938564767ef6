//! `kepu watch` / `kepu serve`: incremental rebuilds, recovery from errors, and the preview server.

use crate::common;
use crate::common::{page, Fixture};
use kepu::{RebuildKind, Session};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CONFIG: &str = "\
title: 健康站
base_url: https://example.org
default_language: zh-Hans
languages:
  - code: zh-Hans
    name: 简体中文
  - code: en
    name: English
  - code: zh-Hant
    name: 繁體中文
    derived_from: zh-Hans
paginate_by: 2
";

fn site() -> Fixture {
    let f = Fixture::empty();
    f.write("site.yaml", CONFIG);
    f.write("content/_index.md", page("title: 首页", ""));
    f.write("content/articles/_index.md", page("title: 文章", ""));
    for (i, name) in ["eyes", "ears", "liver", "heart", "bones"].iter().enumerate() {
        f.write(
            &format!("content/articles/{name}.md"),
            page(&format!("title: 文章{name}\ndate: 2026-0{}-01\ntags: [健康]", i + 1), "原来的内容。"),
        );
    }
    f.write("content/articles/eyes.en.md", page("title: Eyes\ndate: 2026-01-01", "Original."));
    f
}

fn session(f: &Fixture) -> Session {
    Session::start(f.options()).expect("first build").0
}

fn rebuild(s: &mut Session, f: &Fixture, rel: &str) -> kepu::Rebuild {
    s.rebuild(&[f.root().join(rel)]).unwrap_or_else(|e| panic!("rebuild failed: {e}"))
}

fn mtime(f: &Fixture, rel: &str) -> std::time::SystemTime {
    std::fs::metadata(f.out(rel)).unwrap().modified().unwrap()
}

#[test]
fn editing_a_page_rerenders_only_what_shows_it() {
    let f = site();
    let mut s = session(&f);
    let untouched = mtime(&f, "articles/heart/index.html");
    std::thread::sleep(Duration::from_millis(20));

    f.write("content/articles/eyes.md", page("title: 新标题\ndate: 2026-01-01\ntags: [健康]", "头发和新内容。"));
    let r = rebuild(&mut s, &f, "content/articles/eyes.md");
    let RebuildKind::Incremental { pages, files_rendered, .. } = r.kind else {
        panic!("expected incremental: {:?}", r.kind)
    };
    assert_eq!(pages, 2, "the page and its derived zh-Hant copy");
    assert!(files_rendered < 20, "rendered {files_rendered} files");
    assert!(f.read("articles/eyes/index.html").contains("头发和新内容"));
    assert!(f.read("zh-hant/articles/eyes/index.html").contains("頭髮和新內容"), "derived copy follows");
    // eyes is the oldest page: it sits on the last pager of the section (2 per page).
    assert!(f.read("articles/page/3/index.html").contains("新标题"));
    assert!(f.read("articles/page/3/index.html").contains("头发和新内容"), "its card (card.html) follows");
    assert!(f.read("tags/健康/page/3/index.html").contains("新标题"));
    assert!(f.read("atom.xml").contains("新标题"));
    assert!(f.read("search/docs.js").contains("\"新标题\""));
    assert!(f.read("search/sum-0.js").contains("\"头发和新内容。\""), "its search summary follows");
    assert_eq!(mtime(&f, "articles/heart/index.html"), untouched, "unrelated page not rewritten");
}

#[test]
fn a_notice_s_facts_follow_into_translations_that_show_them() {
    let f = site();
    let notice =
        |venue: &str| format!("title: 爱耳日义诊\ndate: 2026-02-20\nevent:\n  start: 2027-03-03\n  venue: {venue}");
    f.write("content/events/ear.md", page(&notice("县医院"), "义诊。"));
    f.write("content/events/ear.en.md", page("title: Ear clinic\ndate: 2026-02-20", "Free checks."));
    let mut s = session(&f);
    assert!(f.read("en/events/ear/index.html").contains(">县医院</span>"));

    // The notice moves: its translation says so, without a full build.
    f.write("content/events/ear.md", page(&notice("乡卫生院"), "义诊。"));
    let r = rebuild(&mut s, &f, "content/events/ear.md");
    assert!(matches!(r.kind, RebuildKind::Incremental { .. }), "{:?}", r.kind);
    assert!(f.read("en/events/ear/index.html").contains(">乡卫生院</span>"), "the translation follows");
    let ics = f.read("en/events/ear/event.ics");
    assert!(ics.contains("乡卫生院") && !ics.contains("县医院"), "and its calendar entry:\n{ics}");

    // Its translator's save keeps the facts, and stays incremental.
    f.write("content/events/ear.en.md", page("title: Ear clinic\ndate: 2026-02-20", "Free hearing checks."));
    let r = rebuild(&mut s, &f, "content/events/ear.en.md");
    assert!(matches!(r.kind, RebuildKind::Incremental { .. }), "{:?}", r.kind);
    let en = f.read("en/events/ear/index.html");
    assert!(en.contains("Free hearing checks") && en.contains(">乡卫生院</span>"), "{en}");

    // Facts of its own: a full build, and the translation shows them.
    f.write(
        "content/events/ear.en.md",
        page("title: Ear clinic\nevent:\n  start: 2027-03-03\n  venue: Town clinic", "x"),
    );
    let r = rebuild(&mut s, &f, "content/events/ear.en.md");
    assert!(matches!(r.kind, RebuildKind::Full(_)), "{:?}", r.kind);
    assert!(f.read("en/events/ear/index.html").contains("<dd>Town clinic</dd>"));
}

/// Editors that save by writing a new file and renaming it over the page (and `sed -i`) leave
/// that file's name among the changes; the save stays incremental. A folder of pages moved away
/// is no such file.
#[test]
fn a_save_by_rename_is_incremental_and_a_folder_moved_away_is_not() {
    let f = site();
    let mut s = session(&f);
    let (saved, temporary) = (f.root().join("content/articles/ears.md"), f.root().join("content/articles/sedX1b2Q"));
    std::fs::write(&temporary, page("title: 文章ears\ndate: 2026-02-01\ntags: [健康]", "换了个方式保存。")).unwrap();
    std::fs::rename(&temporary, &saved).unwrap();
    let r = s.rebuild(&[temporary, saved]).unwrap();
    assert!(matches!(r.kind, RebuildKind::Incremental { pages: 2, .. }), "{:?}", r.kind);
    assert!(f.read("articles/ears/index.html").contains("换了个方式保存"));

    let (folder, away) = (f.root().join("content/articles"), f.root().join("articles-old"));
    std::fs::rename(&folder, &away).unwrap();
    let r = s.rebuild(&[folder]).unwrap();
    assert!(matches!(r.kind, RebuildKind::Full(_)), "{:?}", r.kind);
    assert!(!f.out("articles/ears/index.html").exists(), "the moved pages are gone from the site");
}

/// A doctor previews the flyer of the article being written, and prints it from `kepu watch`'s
/// output: every flyer that shows the page follows a save.
#[test]
fn editing_a_page_rewrites_its_flyers_and_the_bilingual_ones_that_show_it() {
    let f = site();
    let front = "title: 文章eyes\ndate: 2026-01-01\ntags: [健康]\nflyer: {bilingual: true}";
    f.write("content/articles/eyes.md", page(front, "原来的内容。"));
    let mut s = session(&f);
    let flyers: Vec<String> = ["articles/eyes", "en/articles/eyes", "zh-hant/articles/eyes"]
        .iter()
        .flat_map(|dir| {
            let names = std::fs::read_dir(f.out(dir)).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap());
            names.filter(|n| n.starts_with("flyer")).map(|n| format!("{dir}/{n}")).collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(flyers.len(), 7, "each version's own flyer, and one with each other language: {flyers:?}");

    f.write("content/articles/eyes.md", page(&format!("{front}\nsummary: 每天户外活动两小时"), "原来的内容。"));
    let r = rebuild(&mut s, &f, "content/articles/eyes.md");
    assert!(matches!(r.kind, RebuildKind::Incremental { .. }), "{:?}", r.kind);
    // All but the English page's own flyer show the Chinese text.
    for flyer in flyers.iter().filter(|n| *n != "en/articles/eyes/flyer.html") {
        let text = f.read(flyer);
        assert!(text.contains("每天户外活动两小时") || text.contains("每天戶外活動兩小時"), "{flyer} follows the save");
    }
}

/// A build lets each page's plain text go once it is indexed: an incremental rebuild must
/// re-index the edited page alone and keep every other page's words.
#[test]
fn the_search_index_keeps_untouched_pages_after_an_edit() {
    let f = site();
    f.write("content/articles/heart.md", page("title: 文章heart\ndate: 2026-04-01\ntags: [健康]", "心脏保健。"));
    let mut s = session(&f);
    f.write("content/articles/eyes.md", page("title: 文章eyes\ndate: 2026-01-01\ntags: [健康]", "头发和新内容。"));
    rebuild(&mut s, &f, "content/articles/eyes.md");
    let shards: String = std::fs::read_dir(f.out("search"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("shard-"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(shards.contains("\"头发\""), "the edited page's new words are indexed");
    assert!(shards.contains("\"心脏\""), "an untouched page's words stay indexed");
}

#[test]
fn a_changed_date_moves_the_page_in_its_lists() {
    let f = site();
    let mut s = session(&f);
    f.write("content/articles/eyes.md", page("title: 文章eyes\ndate: 2026-12-01\ntags: [健康]", "原来的内容。"));
    let r = rebuild(&mut s, &f, "content/articles/eyes.md");
    assert!(matches!(r.kind, RebuildKind::Incremental { .. }));
    let first = f.read("articles/index.html");
    assert!(first.contains("/articles/eyes/"), "now the newest, on the first pager");
    assert!(first.contains("<time datetime=\"2026-12-01\">"), "its card shows the new date");
    assert!(!f.read("articles/page/3/index.html").contains("/articles/eyes/"));
}

#[test]
fn structural_changes_rebuild_fully() {
    let f = site();
    let mut s = session(&f);
    // New tag: lists change shape.
    f.write("content/articles/ears.md", page("title: 文章ears\ndate: 2026-02-01\ntags: [健康, 听力]", "x"));
    assert!(matches!(rebuild(&mut s, &f, "content/articles/ears.md").kind, RebuildKind::Full(_)));
    assert!(f.exists("tags/听力/index.html"));
    // Added file.
    f.write("content/articles/new.md", page("title: 新文章\ndate: 2026-06-01", "x"));
    assert!(matches!(rebuild(&mut s, &f, "content/articles/new.md").kind, RebuildKind::Full(_)));
    assert!(f.read("articles/index.html").contains("新文章"));
    // Deleted file: gone from the site and from its lists.
    f.remove("content/articles/new.md");
    rebuild(&mut s, &f, "content/articles/new.md");
    assert!(!f.exists("articles/new/index.html"));
    assert!(!f.read("articles/index.html").contains("新文章"));
    // Renamed file.
    std::fs::rename(f.root().join("content/articles/bones.md"), f.root().join("content/articles/skeleton.md")).unwrap();
    s.rebuild(&[f.root().join("content/articles/bones.md"), f.root().join("content/articles/skeleton.md")]).unwrap();
    assert!(!f.exists("articles/bones/index.html") && f.exists("articles/skeleton/index.html"));
    // Template change.
    f.write("templates/page.html", "<html lang=\"{{ lang.code }}\">T {{ page.title }}</html>");
    assert!(matches!(rebuild(&mut s, &f, "templates/page.html").kind, RebuildKind::Full(_)));
    assert!(f.read("articles/eyes/index.html").starts_with("<html lang=\"zh-Hans\">T "));
}

#[test]
fn changed_ui_strings_show_on_the_next_rebuild() {
    // `t()` with literal arguments is looked up once per template and language: a session must
    // not keep the old answer once the strings change.
    let f = site();
    f.write("templates/page.html", "<html lang=\"{{ lang.code }}\">{{ t(key=\"custom\") }}</html>");
    f.write("i18n/zh-hans.yaml", "custom: 旧的说法\n");
    f.write("i18n/en.yaml", "custom: Old words\n");
    let mut s = session(&f);
    assert!(f.read("articles/eyes/index.html").contains("旧的说法"));
    assert!(f.read("articles/ears/index.html").contains("旧的说法"), "every page, not only the first");
    assert!(f.read("en/articles/eyes/index.html").contains("Old words"), "each language its own string");
    f.write("i18n/zh-hans.yaml", "custom: 新的说法\n");
    rebuild(&mut s, &f, "i18n/zh-hans.yaml");
    assert!(f.read("articles/eyes/index.html").contains("新的说法"));
    assert!(f.read("en/articles/eyes/index.html").contains("Old words"));
}

#[test]
fn errors_keep_the_last_good_output_and_recover() {
    let f = site();
    let mut s = session(&f);
    let before = common::snapshot(&f.out(""));
    f.write("content/articles/eyes.md", "---\ntitle: [broken\n---\nx\n");
    let err = s.rebuild(&[f.root().join("content/articles/eyes.md")]).unwrap_err();
    assert!(err.to_string().contains("content/articles/eyes.md:2:"), "{err}");
    assert_eq!(before, common::snapshot(&f.out("")), "output untouched");
    f.write("content/articles/eyes.md", page("title: 修好了\ndate: 2026-01-01\ntags: [健康]", "x"));
    rebuild(&mut s, &f, "content/articles/eyes.md");
    assert!(f.read("articles/eyes/index.html").contains("修好了"));
}

/// A running `kepu serve`, killed on drop.
struct Serve {
    child: Child,
    addr: String,
    stderr: std::sync::mpsc::Receiver<String>,
}

impl Serve {
    fn start(f: &Fixture) -> Serve {
        Serve::start_with(f, None)
    }

    /// `kepu serve`, under a file-descriptor limit when `nofile` is given.
    fn start_with(f: &Fixture, nofile: Option<u32>) -> Serve {
        let kepu = env!("CARGO_BIN_EXE_kepu");
        let limit = nofile.map(|n| format!("ulimit -n {n}; ")).unwrap_or_default();
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(format!("{limit}exec \"$0\" serve --port 0 --now 2026-11-25 --root \"$1\""))
            .arg(kepu)
            .arg(f.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .expect("address line")
            .trim_end()
            .trim_end_matches(" (Ctrl-C to stop)")
            .trim_end_matches('/')
            .to_string();
        std::thread::spawn(move || for _ in out.lines() {});
        let (tx, stderr) = std::sync::mpsc::channel();
        let err = BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            for l in err.lines().map_while(Result::ok) {
                let _ = tx.send(l);
            }
        });
        Serve { child, addr, stderr }
    }

    /// (status, body) of a raw GET, path sent exactly as given.
    fn get(&self, path: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        let text = String::from_utf8_lossy(&buf).to_string();
        let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        (status, text)
    }

    fn wait_for(&self, what: &str, mut ok: impl FnMut(&Serve) -> bool) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if ok(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for {what}");
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_follows_edits_and_survives_errors() {
    let f = site();
    let serve = Serve::start(&f);
    serve.wait_for("first build", |s| s.get("/articles/eyes/").1.contains("原来的内容"));
    let (_, body) = serve.get("/articles/eyes/");
    assert!(body.contains("/__kepu/events"), "live-reload script injected when serving");
    assert!(!f.root().join("output").exists(), "the preview is built elsewhere: output/ is left to `kepu build`");

    f.write("content/articles/eyes.md", page("title: 文章eyes\ndate: 2026-01-01\ntags: [健康]", "改过的内容。"));
    serve.wait_for("edit", |s| s.get("/articles/eyes/").1.contains("改过的内容"));

    f.write("content/articles/added.md", page("title: 新加的\ndate: 2026-07-01", "x"));
    serve.wait_for("addition", |s| s.get("/articles/added/").0 == 200);
    f.remove("content/articles/added.md");
    serve.wait_for("deletion", |s| s.get("/articles/added/").0 == 404);

    f.write("content/articles/eyes.md", "---\ntitle: [broken\n---\n");
    let start = Instant::now();
    let mut reported = false;
    while !reported && start.elapsed() < Duration::from_secs(20) {
        if let Ok(line) = serve.stderr.recv_timeout(Duration::from_millis(200)) {
            reported = line.contains("content/articles/eyes.md:2:");
        }
    }
    assert!(reported, "error printed in the terminal");
    assert!(serve.get("/articles/eyes/").1.contains("改过的内容"), "last good build still served");

    f.write("content/articles/eyes.md", page("title: 文章eyes\ndate: 2026-01-01\ntags: [健康]", "恢复了。"));
    serve.wait_for("recovery", |s| s.get("/articles/eyes/").1.contains("恢复了"));
}

/// The inotify watches process `pid` holds (Linux's `/proc/PID/fdinfo` lists one line a watch).
fn inotify_watches(pid: u32) -> usize {
    let fds = std::fs::read_dir(format!("/proc/{pid}/fdinfo")).expect("/proc");
    fds.flatten().map(|fd| std::fs::read_to_string(fd.path()).unwrap_or_default().matches("inotify wd:").count()).sum()
}

#[test]
fn watching_follows_the_sources_and_leaves_the_output_alone() {
    // `kepu watch` writes into output/ beside the sources. Watching all of the site's folder had
    // the kernel report every file a build writes, and a watch for every folder of output/ and of
    // its spare tree (37,688 on a 30,000-page site, against the 7 folders of its sources).
    let f = site();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kepu"))
        .args(["watch", "--now", "2026-11-25", "--root"])
        .arg(f.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, built) = std::sync::mpsc::channel();
    let out = BufReader::new(child.stdout.take().unwrap());
    std::thread::spawn(move || {
        for line in out.lines().map_while(Result::ok).filter(|l| l.starts_with("Built") || l.starts_with("Rebuilt")) {
            let _ = tx.send(line);
        }
    });
    let next_build =
        |what: &str| built.recv_timeout(Duration::from_secs(20)).unwrap_or_else(|_| panic!("no build after {what}"));
    next_build("starting");
    let folders = |dir: &str| {
        walkdir::WalkDir::new(f.root().join(dir)).into_iter().flatten().filter(|e| e.file_type().is_dir()).count()
    };
    let (sources, outputs) = (folders("content"), folders("output"));
    // The sources are watched once the first build is reported.
    let start = Instant::now();
    while inotify_watches(child.id()) == 0 && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let watches = inotify_watches(child.id());
    assert!(watches > 0, "the sources are watched after the first build");
    assert!(
        watches <= sources + 1,
        "{watches} watches for {sources} source folders and the site's own ({outputs} in output/)"
    );

    // A folder made after the start is followed, and what is saved in it later.
    std::fs::create_dir(f.root().join("static")).unwrap();
    next_build("static/ was made");
    f.write("static/opening-hours.txt", "8:00–17:00");
    let start = Instant::now();
    while !f.exists("opening-hours.txt") && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(f.read("opening-hours.txt"), "8:00–17:00", "a file saved in a folder made after the start");
}

#[test]
fn descriptor_exhaustion_never_breaks_rebuilds() {
    // 400 connections against a server allowed 256 descriptors: it keeps enough for the build.
    let f = site();
    let serve = Serve::start_with(&f, Some(256));
    serve.wait_for("first build", |s| s.get("/articles/eyes/").1.contains("原来的内容"));
    let held: Vec<TcpStream> = (0..400).filter_map(|_| TcpStream::connect(&serve.addr).ok()).collect();
    assert!(held.len() >= 300, "{} connections opened", held.len());
    std::thread::sleep(Duration::from_millis(300));
    f.write("content/articles/eyes.md", page("title: 文章eyes\ndate: 2026-01-01\ntags: [健康]", "满载时的修改。"));
    serve.wait_for("rebuild under load", |s| s.get("/articles/eyes/").1.contains("满载时的修改"));
    // A change that needs a full build, with its staging tree and thousands of files.
    f.write("content/articles/new.md", page("title: 新文章\ndate: 2026-07-01", "x"));
    serve.wait_for("full build under load", |s| s.get("/articles/new/").0 == 200);
    let errors: Vec<String> = serve.stderr.try_iter().filter(|l| l.contains("error")).collect();
    assert!(errors.is_empty(), "{errors:?}");
    drop(held);
}

#[test]
fn serve_refuses_traversal_and_types_files() {
    let f = site();
    std::fs::write(f.root().join("secret.txt"), "TOP SECRET").unwrap();
    let serve = Serve::start(&f);
    serve.wait_for("first build", |s| s.get("/").0 == 200);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/articles/..%5c..%5csecret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
    ] {
        let (status, body) = serve.get(path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(!body.contains("TOP SECRET"), "{path}");
    }
    let (status, body) = serve.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("<html"), "the site's 404 page");
    assert!(serve.get("/calendar.ics").1.to_ascii_lowercase().contains("content-type: text/calendar"));
    assert!(serve.get("/style.css").1.to_ascii_lowercase().contains("content-type: text/css"));
}

#[test]
fn watch_rebuilds_and_stops_on_ctrl_c() {
    let f = site();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kepu"))
        .args(["watch", "--root"])
        .arg(f.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = BufReader::new(child.stdout.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for l in out.lines().map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    let wait_line = |needle: &str| {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if let Ok(l) = rx.recv_timeout(Duration::from_millis(100)) {
                if l.contains(needle) {
                    return;
                }
            }
        }
        panic!("no line containing {needle}");
    };
    wait_line("Built ");
    f.write("content/articles/liver.md", page("title: 文章liver\ndate: 2026-03-01\ntags: [健康]", "新的肝脏内容。"));
    wait_line("Rebuilt 2 page(s)");
    assert!(f.read("articles/liver/index.html").contains("新的肝脏内容"));
    Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    wait_line("Stopped");
    assert!(child.wait().unwrap().success(), "clean exit on Ctrl-C");
}
