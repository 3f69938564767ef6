//! Save-to-page latency of `kepu serve`/`kepu watch`: edits one Markdown file repeatedly and
//! times the incremental rebuild (a benchmark, run on demand, never a timed test).
//!
//!     cargo bench --bench rebuild                      # the sample site in this repository
//!     python3 ../shared/bench/gen_corpus.py /tmp/c10k --pages 10000
//!     cargo bench --bench rebuild -- /tmp/c10k         # a 10,000-page-per-language corpus

use kepu::{RebuildKind, Session};
use std::path::{Path, PathBuf};
use std::time::Duration;

const ROUNDS: usize = 25;

fn main() {
    let root =
        std::env::args().skip(1).find(|a| !a.starts_with('-')).map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
    let page = pick_page(&root.join("content"));
    let original = std::fs::read_to_string(&page).expect("read page");
    let output = tempfile::tempdir().expect("temp dir");
    let mut opts = kepu::BuildOptions::new(&root);
    opts.output = Some(output.path().join("site"));
    opts.now = chrono::NaiveDate::from_ymd_opt(2026, 11, 25);
    opts.serve = true;

    let (mut session, report) = Session::start(opts).expect("initial build");
    println!("{}: {report}", root.display());
    println!("editing {} {ROUNDS} times", page.display());
    let (mut written, mut total) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        std::fs::write(&page, format!("{original}\nEdit number {round}.\n")).expect("write page");
        let r = session.rebuild(std::slice::from_ref(&page)).expect("rebuild");
        assert!(matches!(r.kind, RebuildKind::Incremental { .. }), "expected an incremental rebuild");
        written.push(r.page_written.unwrap_or_default());
        total.push(r.elapsed);
    }
    std::fs::write(&page, original).expect("restore page");
    println!("page written:   {}", stats(&mut written));
    println!("whole rebuild:  {}", stats(&mut total));
}

/// The first article (a page, not a section index), so the same file is used run after run.
fn pick_page(content: &Path) -> PathBuf {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("_index"))
        })
        .filter(|p| p.to_string_lossy().contains("articles"))
        .collect();
    pages.sort();
    pages.into_iter().next().expect("an article to edit")
}

fn stats(v: &mut [Duration]) -> String {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!("median {:.1} ms, min {:.1} ms, max {:.1} ms", ms(v[v.len() / 2]), ms(v[0]), ms(v[v.len() - 1]))
}
