//! Test fixtures: small sites written into temporary folders, built with the library or the binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) const CONFIG: &str = "\
title: Test Health Site
base_url: https://example.org
default_language: zh-Hans
languages:
  - code: zh-Hans
    name: 简体中文
  - code: en
    name: English
  - code: ug
    name: ئۇيغۇرچە
";

pub(crate) struct Fixture {
    pub(crate) dir: tempfile::TempDir,
}

impl Fixture {
    /// A site with the standard config and the given files (path, contents).
    pub(crate) fn new(files: &[(&str, &str)]) -> Fixture {
        let f = Fixture::empty();
        f.write("site.yaml", CONFIG);
        for (p, c) in files {
            f.write(p, c);
        }
        f
    }

    /// A copy of the fixture site `tests/fixtures/NAME`, so a test may change and build it.
    pub(crate) fn copy_of(name: &str) -> Fixture {
        let f = Fixture::empty();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
        for entry in walkdir::WalkDir::new(&from).into_iter().map(Result::unwrap).filter(|e| e.file_type().is_file()) {
            let rel = entry.path().strip_prefix(&from).unwrap().to_string_lossy().to_string();
            f.write(&rel, std::fs::read(entry.path()).unwrap());
        }
        f
    }

    pub(crate) fn empty() -> Fixture {
        Fixture { dir: tempfile::tempdir().expect("tempdir") }
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
    }

    pub(crate) fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }

    pub(crate) fn options(&self) -> kepu::BuildOptions {
        let mut o = kepu::BuildOptions::new(self.root());
        o.now = Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
        o
    }

    /// Builds with the library, panicking with the diagnostics on failure.
    pub(crate) fn build(&self) -> kepu::BuildReport {
        match kepu::build(&self.options()) {
            Ok(r) => r,
            Err(e) => panic!("build failed:\n{e}"),
        }
    }

    pub(crate) fn build_err(&self) -> kepu::Error {
        kepu::build(&self.options()).expect_err("build should fail")
    }

    /// Runs the real binary.
    pub(crate) fn cli(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_kepu")).args(args).arg("--root").arg(self.root()).output().expect("run kepu")
    }

    pub(crate) fn out(&self, rel: &str) -> PathBuf {
        self.root().join("output").join(rel)
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        let p = self.out(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// The contents of a fingerprinted asset `stem.<hash>.ext` at the output root.
    pub(crate) fn asset(&self, stem: &str, ext: &str) -> String {
        let name = self.asset_name(stem, ext);
        self.read(&name)
    }

    /// The output name of a fingerprinted asset (`style.3f2a9c1e.css`).
    pub(crate) fn asset_name(&self, stem: &str, ext: &str) -> String {
        let names: Vec<String> = std::fs::read_dir(self.out(""))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| {
                n.starts_with(&format!("{stem}."))
                    && n.ends_with(&format!(".{ext}"))
                    && n.len() == stem.len() + ext.len() + 10
            })
            .collect();
        assert_eq!(names.len(), 1, "one fingerprinted {stem}.*.{ext}: {names:?}");
        names[0].clone()
    }

    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.out(rel).exists()
    }
}

/// A page with front matter lines and a body.
pub(crate) fn page(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n{body}\n")
}

/// Every file under `dir` with its bytes, every folder (as `name/`, no bytes) and every symbolic
/// link (as `-> target`), sorted, for comparing whole trees.
pub(crate) fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            if e.file_type().is_dir() {
                (PathBuf::from(format!("{}/", rel.display())), Vec::new())
            } else if e.file_type().is_symlink() {
                let target = std::fs::read_link(e.path()).unwrap();
                (rel.to_path_buf(), format!("-> {}", target.display()).into_bytes())
            } else {
                (rel.to_path_buf(), std::fs::read(e.path()).unwrap())
            }
        })
        .collect();
    v.sort();
    v
}

/// Builds `f` once successfully with `args`, applies `break_it`, builds again with the CLI and
/// returns its stderr after checking exit code 1, the absence of a panic, the untouched output
/// folder and the removed staging folder.
pub(crate) fn assert_breaks_cleanly(f: &Fixture, args: &[&str], break_it: impl FnOnce(&Fixture)) -> String {
    let mut build = vec!["build"];
    build.extend(args);
    let ok = f.cli(&build);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let before = snapshot(&f.out(""));
    break_it(f);
    let out = f.cli(&build);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "exit code 1; stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(before, snapshot(&f.out("")), "previous output untouched");
    let leftovers = std::fs::read_dir(f.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .count();
    assert_eq!(leftovers, 0, "staging folder cleaned up");
    err
}
