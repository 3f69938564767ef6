//! The output folder: Kepu deletes only what it wrote, refuses folders around the site, finds
//! every collision before writing, and replaces `output/` all at once — whatever is killed when.

use crate::common;
use crate::common::{page, snapshot, Fixture};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn small_site() -> Fixture {
    Fixture::new(&[
        ("content/_index.md", &page("title: 首页", "欢迎。")),
        ("content/articles/_index.md", &page("title: 文章", "")),
        ("content/articles/a.md", &page("title: 甲\ndate: 2026-01-01\ntags: [眼]", "甲的内容。")),
        ("content/articles/b.md", &page("title: 乙\ndate: 2026-02-01", "乙的内容。")),
        ("content/articles/b.en.md", &page("title: B\ndate: 2026-02-01", "B text.")),
        ("content/articles/leaflet.pdf", "%PDF-1.4 leaflet"),
    ])
}

/// Runs the binary with the fixture's `--now` and extra environment.
fn kepu(f: &Fixture, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kepu"))
        .args(args)
        .args(["--root", f.root().to_str().unwrap(), "--now", "2026-11-25"])
        .envs(env.iter().copied())
        .output()
        .expect("run kepu")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// Folders a build left beside the output in `parent`, but the spare tree and the record of what
/// each page was rendered from (kept on purpose for the next build).
fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains(".kepu-") && !n.ends_with(".kepu-spare") && !n.ends_with(".kepu-renders"))
        .collect()
}

fn symlink_dir(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
fn an_output_folder_around_the_site_is_refused_and_nothing_is_touched() {
    let scratch = tempfile::tempdir().unwrap();
    let site = scratch.path().join("site");
    let f = Fixture::empty();
    // The fixture lives inside `scratch`, beside a file of the user's.
    std::fs::write(scratch.path().join("notes.txt"), "my notes").unwrap();
    let copy = |rel: &str, text: &str| {
        let p = site.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    copy("site.yaml", common::CONFIG);
    copy("content/_index.md", &page("title: 首页", "x"));
    copy("content/articles/a.md", &page("title: 甲", "x"));
    symlink_dir(scratch.path(), &scratch.path().join("site/up"));
    symlink_dir(&site.join("content"), &scratch.path().join("c"));
    drop(f);
    let before = snapshot(scratch.path());
    let outputs: Vec<PathBuf> = vec![
        site.join(".."),
        site.join("output/.."),
        site.join("output/../.."),
        site.clone(),
        site.join("up"),
        site.join("content"),
        site.join("content/public"),
        scratch.path().join("c/out"),
        site.join("./content/../themes/../content/x"),
    ];
    for out in &outputs {
        for cmd in ["build", "check"] {
            let o = Command::new(env!("CARGO_BIN_EXE_kepu"))
                .args([cmd, "--root"])
                .arg(&site)
                .arg("--output")
                .arg(out)
                .output()
                .unwrap();
            if cmd == "check" {
                continue; // check writes nothing; it only has to leave everything alone
            }
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(1), "{}: {err}", out.display());
            assert!(err.contains("--output"), "{}: says what to type instead: {err}", out.display());
        }
    }
    // The same from inside the site folder, as a user would type it.
    let o = Command::new(env!("CARGO_BIN_EXE_kepu"))
        .current_dir(&site)
        .args(["build", "--output", "output/.."])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(before, snapshot(scratch.path()), "no file of the scratch tree changed");

    // `kepu serve` takes the same path through the build: it reports and touches nothing.
    let mut serve = Command::new(env!("CARGO_BIN_EXE_kepu"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&site)
        .arg("--output")
        .arg(site.join(".."))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let _ = serve.kill();
    let out = serve.wait_with_output().unwrap();
    assert!(stderr(&out).contains("--output"), "{}", stderr(&out));
    assert_eq!(before, snapshot(scratch.path()), "serve touched nothing either");
}

#[test]
fn a_folder_of_someone_elses_files_is_refused_unless_forced_and_never_emptied() {
    let f = small_site();
    let public = f.root().join("public");
    std::fs::create_dir_all(public.join("docs")).unwrap();
    std::fs::write(public.join("notes.txt"), "keep me").unwrap();
    std::fs::write(public.join("docs/plan.txt"), "plan").unwrap();
    std::fs::write(public.join("robots.txt"), "mine").unwrap();
    let before = snapshot(&public);

    let o = kepu(&f, &["build", "--output", public.to_str().unwrap()], &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("--force") && err.contains("did not write"), "{err}");
    assert_eq!(before, snapshot(&public), "refused without touching anything");

    let o = kepu(&f, &["build", "--force", "--output", public.to_str().unwrap()], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("did not write"), "the kept files are named: {}", stderr(&o));
    assert_eq!(std::fs::read_to_string(public.join("notes.txt")).unwrap(), "keep me");
    assert_eq!(std::fs::read_to_string(public.join("docs/plan.txt")).unwrap(), "plan");
    assert!(public.join("articles/a/index.html").is_file());
    assert_ne!(std::fs::read_to_string(public.join("robots.txt")).unwrap(), "mine", "--force replaces same names");

    // From now on the folder is Kepu's: a page removed from the site goes, the notes stay.
    f.remove("content/articles/a.md");
    let o = kepu(&f, &["build", "--output", public.to_str().unwrap()], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!public.join("articles/a/index.html").exists(), "a stale page Kepu wrote is removed");
    assert!(public.join("notes.txt").is_file() && public.join("docs/plan.txt").is_file());

    // A file someone put where the build now writes stops the build, naming it.
    std::fs::create_dir_all(public.join("articles/c")).unwrap();
    std::fs::write(public.join("articles/c/index.html"), "hand-made").unwrap();
    f.write("content/articles/c.md", page("title: 丙", "x"));
    let o = kepu(&f, &["build", "--output", public.to_str().unwrap()], &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("articles/c/index.html") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(public.join("articles/c/index.html")).unwrap(), "hand-made");
    assert!(leftovers(f.root()).is_empty(), "{:?}", leftovers(f.root()));
}

/// A copied file where a page needs its folder clashes with each file of the page (its HTML,
/// its flyer, its calendar file): said once, for the folder.
#[test]
fn a_file_where_a_page_needs_its_folder_is_named_once() {
    let f = small_site();
    f.write("content/articles/a.md", page("title: 甲\ndate: 2026-01-01\nevent: {start: 2027-01-01, venue: 医院}", "x"));
    let err = common::assert_breaks_cleanly(&f, &["--now", "2026-11-25"], |f| f.write("content/articles/a", "notes"));
    assert_eq!(err.matches("but articles/a is the copy of content/articles/a").count(), 1, "{err}");
}

#[test]
fn collisions_with_generated_files_fail_check_and_build_before_writing() {
    let cases: &[(&str, &str, &str)] = &[
        ("content/articles/x.md", "title: X\naliases: [/robots.txt]", "robots.txt"),
        ("content/articles/x.md", "title: X\naliases: [/sitemap.xml]", "sitemap.xml"),
        ("content/articles/x.md", "title: X\naliases: [/en/atom.xml]", "en/atom.xml"),
        ("content/articles/x.md", "title: X\naliases: [/404.html]", "404.html"),
        ("content/articles/x.md", "title: X\naliases: [/sitemap-2.xml]", "sitemap-2.xml"),
        ("content/articles/x.md", "title: X\naliases: [/articles/a/flyer.html]", "flyer"),
        ("content/articles/x.md", "title: X\naliases: [/leaflet.pdf]", "leaflet.pdf"),
        ("content/articles/x.md", "title: X\naliases: [/articles/a/event.ics]", "event.ics"),
    ];
    for (file, front, named) in cases {
        let f = small_site();
        f.write("content/leaflet.pdf", "%PDF");
        f.write(
            "content/articles/a.md",
            page("title: 甲\ndate: 2026-01-01\nevent: {start: 2027-01-01, venue: 医院}", "x"),
        );
        let err = common::assert_breaks_cleanly(&f, &["--now", "2026-11-25"], |f| f.write(file, page(front, "x")));
        assert!(err.contains(&format!("{file}:3:")), "{front}: names the file and line: {err}");
        assert!(err.contains(named) && !err.contains("panicked"), "{front}: {err}");
        assert!(err.contains("choose another alias"), "{front}: {err}");
        let check = f.cli(&["check", "--now", "2026-11-25"]);
        assert_eq!(check.status.code(), Some(1), "{front}: kepu check fails too");
        assert!(stderr(&check).contains(&format!("{file}:3:")), "{}", stderr(&check));
    }
    // Files copied from content/ and static/ that a generated file would overwrite.
    for (file, named) in [("content/robots.txt", "robots.txt"), ("static/404.html", "404.html")] {
        let f = small_site();
        let err = common::assert_breaks_cleanly(&f, &[], |f| f.write(file, "x"));
        assert!(err.contains(file) && err.contains(named), "{err}");
    }
}

#[test]
fn the_manifest_lists_what_the_build_wrote_and_unchanged_files_keep_their_times() {
    let f = small_site();
    f.build();
    let manifest = std::fs::read_to_string(f.out(".kepu-manifest")).unwrap();
    assert!(manifest.starts_with("kepu-manifest 1\n"));
    assert!(manifest.contains("\"articles/a/index.html\"") && manifest.contains("\"articles/leaflet.pdf\""));
    let mtime = |rel: &str| std::fs::metadata(f.out(rel)).unwrap().modified().unwrap();
    let before = (mtime("articles/a/index.html"), mtime("articles/leaflet.pdf"));
    std::thread::sleep(Duration::from_millis(20));
    f.write("content/articles/b.md", page("title: 乙\ndate: 2026-02-01", "乙的新内容。"));
    let report = f.build();
    assert!(report.written.changed > 0 && report.written.changed < report.written.files);
    assert_eq!(before, (mtime("articles/a/index.html"), mtime("articles/leaflet.pdf")));
    assert!(f.read("articles/b/index.html").contains("乙的新内容"));
    assert!(leftovers(f.root()).is_empty());
    // A removed page leaves no empty folder behind, however often the spare tree is reused.
    f.remove("content/articles/b.md");
    f.remove("content/articles/b.en.md");
    for _ in 0..3 {
        f.build();
        assert!(!f.out("articles/b").exists(), "articles/b/ is gone");
        assert!(f.out("articles/a/index.html").is_file());
    }
}

#[test]
fn a_page_changed_by_hand_in_the_output_is_rendered_again() {
    let f = small_site();
    f.build();
    f.build();
    let page = f.out("articles/a/index.html");
    let rendered = std::fs::read(&page).unwrap();
    // Rewritten in place (same file, another length), then replaced by a file of the same length.
    std::fs::OpenOptions::new().append(true).open(&page).unwrap().write_all(b"<!-- by hand -->").unwrap();
    let report = f.build();
    assert_eq!(std::fs::read(&page).unwrap(), rendered, "{report}");
    assert!(report.written.reused > 0 && report.written.changed == 1, "{report}");
    std::thread::sleep(Duration::from_millis(20));
    std::fs::remove_file(&page).unwrap();
    std::fs::write(&page, vec![b'x'; rendered.len()]).unwrap();
    f.build();
    assert_eq!(std::fs::read(&page).unwrap(), rendered);
    // A damaged record is ignored: everything is rendered, and the output stays right.
    let record = f.root().join(".output.kepu-renders");
    assert!(record.is_file());
    std::fs::write(&record, b"kepu-renders 1\n\x01").unwrap();
    assert_eq!(f.build().written.reused, 0);
    assert_eq!(std::fs::read(&page).unwrap(), rendered);
}

#[test]
fn a_file_that_becomes_a_folder_and_back_is_right_in_every_build() {
    // The spare tree holds the output before last: a build that repeats the last one links its
    // files into a tree where the other kind stands.
    let f = small_site();
    let page_x = page("title: 叉\ndate: 2026-04-01", "叉是一页。");
    let gone = |rel: &str| {
        let _ = std::fs::remove_file(f.root().join(rel));
    };
    let states: [&dyn Fn(); 2] = [
        &|| {
            gone("content/articles/x");
            f.write("content/articles/x.md", page_x.clone());
        },
        &|| {
            gone("content/articles/x.md");
            f.write("content/articles/x", "a plain file named x");
        },
    ];
    for (round, state) in [0, 1, 1, 0, 0, 1, 1].into_iter().enumerate() {
        states[state]();
        f.build();
        if state == 0 {
            assert!(f.read("articles/x/index.html").contains("叉是一页"), "round {round}");
        } else {
            assert_eq!(f.read("articles/x"), "a plain file named x", "round {round}");
        }
        assert!(f.out("articles/a/index.html").is_file());
    }
}

/// What `f` builds into a folder of its own (the "new" state of the crash tests).
fn reference_build(f: &Fixture) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = f.root().join("reference");
    let o = kepu(f, &["build", "--output", dir.to_str().unwrap()], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let snap = snapshot(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    snap
}

/// Puts `dir` back to `snapshot`.
fn restore(dir: &Path, snapshot: &[(PathBuf, Vec<u8>)]) {
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::create_dir_all(dir).unwrap();
    for (rel, bytes) in snapshot {
        let p = dir.join(rel);
        if rel.to_string_lossy().ends_with('/') {
            std::fs::create_dir_all(p).unwrap();
        } else {
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
    }
}

fn change_site(f: &Fixture) {
    f.write("content/articles/a.md", page("title: 甲（新）\ndate: 2026-01-01", "改了。"));
    f.remove("content/articles/b.md");
    f.write("content/articles/c.md", page("title: 丙\ndate: 2026-03-01\ntags: [耳]", "新的一页。"));
}

#[test]
fn a_crash_at_any_file_operation_leaves_the_old_output_or_the_new_one() {
    let f = small_site();
    // One language keeps the number of files, and so of crash points, small.
    f.write("site.yaml", "title: t\nlanguages: [{code: zh-Hans}]\n");
    f.remove("content/articles/b.en.md");
    f.write("content/articles/b.md", page("title: 乙\ndate: 2026-02-01", "乙的内容。"));
    assert!(kepu(&f, &["build"], &[]).status.success());
    let old = snapshot(&f.out(""));
    change_site(&f);
    let new = reference_build(&f);
    assert_ne!(old, new);
    let mut saw_old = 0;
    let mut saw_new = 0;
    for n in 1.. {
        // Back to the old output, then crash the commit at its n-th file operation.
        assert!(n < 10_000, "the commit never finished");
        restore(&f.out(""), &old);
        let o = kepu(&f, &["build"], &[("KEPU_CRASH_AFTER", &n.to_string())]);
        let now = snapshot(&f.out(""));
        assert!(now == old || now == new, "crash at operation {n}: output is a mixture");
        if now == old {
            saw_old += 1;
        } else {
            saw_new += 1;
        }
        // The next build repairs and tidies up (checked at a sample of the points, both sides of
        // the swap, to keep the test short).
        if n % 5 == 1 || o.status.success() || (now == new && saw_new == 1) {
            let next = kepu(&f, &["build"], &[]);
            assert!(next.status.success(), "after crash {n}: {}", stderr(&next));
            assert_eq!(snapshot(&f.out("")), new, "after crash {n}");
            assert!(leftovers(f.root()).is_empty(), "after crash {n}: {:?}", leftovers(f.root()));
        }
        if o.status.success() {
            eprintln!("{n} crash points: {saw_old} left the old output, {saw_new} the new one");
            break; // n is past the commit's last operation
        }
    }
    assert!(saw_old > 0 && saw_new > 0, "crashes before and after the swap: {saw_old} old, {saw_new} new");
}

/// A first build does not wait for the disk (there is no output to protect); what a power cut
/// can leave of it, files cut short or empty under a complete manifest, the next build repairs.
#[test]
fn files_a_power_cut_left_short_after_a_first_build_are_rewritten_by_the_next() {
    let f = small_site();
    assert!(kepu(&f, &["build"], &[]).status.success());
    let whole = snapshot(&f.out(""));
    let page = f.out("articles/a/index.html");
    let size = std::fs::metadata(&page).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(&page).unwrap().set_len(size / 2).unwrap();
    std::fs::write(f.out("articles/leaflet.pdf"), "").unwrap();
    let o = kepu(&f, &["build"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(snapshot(&f.out("")), whole);
}

/// A site of `n` pages in two languages (about three files a page with flyers and lists).
fn big_site(n: usize) -> Fixture {
    let f = small_site();
    for i in 0..n {
        let body = "眼睛是心灵的窗户，儿童每天应在户外活动两小时以上。".repeat(8);
        f.write(
            &format!("content/articles/p{i}.md"),
            page(&format!("title: 第{i}篇\ndate: 2026-01-01\ntags: [t{}]", i % 30), &body),
        );
        f.write(
            &format!("content/articles/p{i}.en.md"),
            page(&format!("title: Page {i}\ndate: 2026-01-01"), "Outdoors."),
        );
    }
    f
}

/// When to interrupt a build.
#[derive(Debug, Clone, Copy)]
enum Moment {
    /// This long after it started.
    After(Duration),
    /// This long after its staging tree is complete (its manifest written): inside the commit.
    InCommit(Duration),
}

/// Sends `signal` to the build at `moment`; returns its exit status.
fn interrupted_build(f: &Fixture, moment: Moment, signal: &str) -> std::process::ExitStatus {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kepu"))
        .args(["build", "--now", "2026-11-25", "--root"])
        .arg(f.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    match moment {
        Moment::After(delay) => std::thread::sleep(delay),
        Moment::InCommit(delay) => {
            let manifest = f.root().join(".output.kepu-spare/.kepu-manifest");
            let _ = std::fs::remove_file(&manifest);
            let start = Instant::now();
            while !manifest.exists() && start.elapsed() < Duration::from_secs(60) {
                if child.try_wait().unwrap().is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_micros(200));
            }
            std::thread::sleep(delay);
        }
    }
    let _ = Command::new("kill").args([signal, &child.id().to_string()]).status();
    child.wait().unwrap()
}

#[test]
fn kill_9_and_ctrl_c_at_random_moments_leave_the_old_output_or_the_new_one() {
    let f = big_site(500);
    assert!(kepu(&f, &["build"], &[]).status.success());
    let old = snapshot(&f.out(""));
    assert!(old.len() > 2000, "{} files", old.len());
    for i in 0..500 {
        f.write(
            &format!("content/articles/p{i}.en.md"),
            page(&format!("title: Page {i} (revised)\ndate: 2026-01-01"), "Outdoors!"),
        );
    }
    let new = reference_build(&f);
    let started = Instant::now();
    let full = kepu(&f, &["build", "--output", f.root().join("timing").to_str().unwrap()], &[]);
    assert!(full.status.success());
    let duration = started.elapsed();
    std::fs::remove_dir_all(f.root().join("timing")).unwrap();
    // A fixed pseudo-random sequence of moments across the build, the commit at its end included.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut outcomes = Vec::new();
    for trial in 0..8 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let at = if trial < 4 {
            Moment::After(duration.mul_f64(0.3 + (seed % 1000) as f64 / 1000.0 * 0.7))
        } else {
            Moment::InCommit(Duration::from_micros(seed % 30_000))
        };
        let signal = if trial % 2 == 0 { "-KILL" } else { "-INT" };
        let status = interrupted_build(&f, at, signal);
        let now = snapshot(&f.out(""));
        assert!(now == old || now == new, "trial {trial} ({signal} after {at:?}): output is a mixture");
        if signal == "-INT" && !status.success() {
            assert_eq!(status.code(), Some(130), "Ctrl-C exits with 130");
            assert!(leftovers(f.root()).is_empty(), "Ctrl-C cleans up: {:?}", leftovers(f.root()));
        }
        outcomes.push((signal, at, now == new));
        // Back to the old output for the next trial.
        if now == new {
            restore(&f.out(""), &old);
        }
    }
    let next = kepu(&f, &["build"], &[]);
    assert!(next.status.success(), "{}", stderr(&next));
    assert_eq!(snapshot(&f.out("")), new);
    assert!(leftovers(f.root()).is_empty(), "{:?}", leftovers(f.root()));
    eprintln!("kill trials (signal, moment, new output?): {outcomes:?}");
}

#[test]
fn a_full_disk_fails_the_build_and_leaves_the_previous_output() {
    // A 3 MiB tmpfs holds the site's output folder (and so its staging folder), in a mount
    // namespace of this test's own: nothing outside it sees the mount, and it goes with it.
    let f = small_site();
    let script = r#"set -e
mkdir -p "$DISK"
mount -t tmpfs -o size=3m tmpfs "$DISK"
"$KEPU" build --now 2026-11-25 --root "$SITE" --output "$DISK/output" >/dev/null
cd "$DISK/output" && find . -type f | sort | xargs sha256sum > "$SITE/before.txt"
head -c 4000000 /dev/urandom > "$SITE/content/articles/big.bin"
set +e
"$KEPU" build --now 2026-11-25 --root "$SITE" --output "$DISK/output" 2> "$SITE/err.txt"
echo $? > "$SITE/code.txt"
set -e
cd "$DISK/output" && find . -type f | sort | xargs sha256sum > "$SITE/after.txt"
ls -a "$DISK" > "$SITE/disk.txt"
"#;
    let status = Command::new("unshare")
        .args(["--mount", "--map-root-user", "sh", "-c", script])
        .env("DISK", f.root().join("disk"))
        .env("SITE", f.root())
        .env("KEPU", env!("CARGO_BIN_EXE_kepu"))
        .status()
        .expect("unshare (util-linux) runs the disk-full test");
    assert!(
        status.success(),
        "the disk-full script ran (needs mount namespaces: root, or unprivileged user namespaces)"
    );
    let read = |name: &str| std::fs::read_to_string(f.root().join(name)).unwrap();
    let err = read("err.txt");
    assert_eq!(read("code.txt").trim(), "1", "{err}");
    let spare = "disk/.output.kepu-spare is safe";
    assert!(err.contains("the disk is full") && err.contains(spare) && err.contains("output left unchanged"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "one message, not one per file refused: {err}");
    assert_eq!(read("before.txt"), read("after.txt"), "the previous output is whole");
    assert!(!read("disk.txt").contains("staging") && !read("disk.txt").contains("kepu-old"), "{}", read("disk.txt"));
}

#[test]
fn serve_never_touches_output_and_a_build_beside_it_changes_nothing_for_either() {
    let f = small_site();
    assert!(kepu(&f, &["build"], &[]).status.success());
    let built = snapshot(&f.out(""));
    let mut child = Command::new(env!("CARGO_BIN_EXE_kepu"))
        .args(["serve", "--port", "0", "--now", "2026-11-25", "--root"])
        .arg(f.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut out, &mut line).unwrap();
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let addr = line.split("http://").nth(1).unwrap().split('/').next().unwrap().to_string();
    let get = |path: &str| -> String {
        use std::io::{Read, Write};
        let Ok(mut s) = std::net::TcpStream::connect(&addr) else { return String::new() };
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let _ = write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        String::from_utf8_lossy(&buf).to_string()
    };
    let wait_for = |path: &str, text: &str| {
        let start = Instant::now();
        while !get(path).contains(text) {
            assert!(start.elapsed() < Duration::from_secs(20), "timed out waiting for {text} at {path}");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for("/articles/a/", "甲的内容");
    f.write("content/articles/a.md", page("title: 甲\ndate: 2026-01-01\ntags: [眼]", "预览中的修改。"));
    wait_for("/articles/a/", "预览中的修改");
    assert_eq!(built, snapshot(&f.out("")), "output/ is what `kepu build` made, byte for byte");

    // A build while serving: output/ gets the edit; the preview keeps its stylesheet and pages.
    assert!(kepu(&f, &["build"], &[]).status.success());
    assert!(f.read("articles/a/index.html").contains("预览中的修改"));
    f.write("content/articles/a.md", page("title: 甲\ndate: 2026-01-01\ntags: [眼]", "再改一次。"));
    wait_for("/articles/a/", "再改一次");
    let page = get("/articles/a/");
    let css = page.split("href=\"").map(|s| s.split('"').next().unwrap()).find(|h| h.ends_with(".css")).unwrap();
    assert!(get(css).starts_with("HTTP/1.1 200"), "the preview's stylesheet {css} is served");
    assert!(f.read("articles/a/index.html").contains("预览中的修改"), "output/ untouched by serve");
    let _ = child.kill();
    let _ = child.wait();
}
