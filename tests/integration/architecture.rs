//! The folders of `src/` are the pipeline's stages, and data flows one way: a module may import
//! from its own stage and the stages before it, never from a later one; and no modules import
//! each other in a circle, inside a stage either. These tests read every source file and fail,
//! naming the file and line, when an import points backwards or closes a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stages, in the order data flows through them.
const STAGES: [&str; 8] = ["util", "load", "site", "formats", "render", "pipeline", "preview", "cmd"];

/// Files beside the stage folders: the crate root, the binary, and the entry points of the
/// property tests and fuzz targets, which may look anywhere.
const ROOT_FILES: [&str; 4] = ["lib.rs", "main.rs", "props.rs", "fuzzing.rs"];

fn stage_of(name: &str) -> Option<usize> {
    STAGES.iter().position(|s| *s == name)
}

/// One source file of the library: its module path and its code without unit tests.
struct Module {
    file: PathBuf,
    path: Vec<String>,
    code: String,
}

/// Every module of `src/` except the root files and modules compiled only for tests.
fn modules() -> Vec<Module> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    let mut test_only = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok) {
        let file = entry.path();
        if file.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = file.strip_prefix(&src).unwrap().to_path_buf();
        let text = std::fs::read_to_string(file).unwrap();
        let mut path: Vec<String> = rel.with_extension("").iter().map(|c| c.to_string_lossy().to_string()).collect();
        if path.last().is_some_and(|l| l == "mod") {
            path.pop();
        }
        // `#[cfg(test)] mod x;` declares a module of tests.
        let lines: Vec<&str> = text.lines().collect();
        for pair in lines.windows(2) {
            if pair[0].trim() == "#[cfg(test)]" {
                if let Some(name) = pair[1].trim().strip_prefix("mod ").and_then(|n| n.strip_suffix(';')) {
                    let mut child = if rel == Path::new("lib.rs") { Vec::new() } else { path.clone() };
                    child.push(name.to_string());
                    test_only.insert(child);
                }
            }
        }
        if rel.parent() == Some(Path::new("")) && ROOT_FILES.contains(&rel.to_string_lossy().as_ref()) {
            continue;
        }
        // Unit tests at the end of a file may use anything.
        let code = match text.find("#[cfg(test)]\nmod tests") {
            Some(at) => text[..at].to_string(),
            None => text,
        };
        all.push(Module { file: Path::new("src").join(rel), path, code });
    }
    all.retain(|m| !test_only.contains(&m.path));
    all
}

/// The `crate::` paths a line names, `{a, b}` groups expanded one level.
fn crate_paths(line: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (at, _) in line.match_indices("crate::") {
        let rest = &line[at + 7..];
        let head: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':').collect();
        let base: Vec<String> = head.split("::").filter(|s| !s.is_empty()).map(str::to_string).collect();
        let after = &rest[head.len()..];
        if head.ends_with("::") && after.starts_with('{') {
            let group = &after[1..after.find('}').unwrap_or(after.len())];
            for item in group.split(',') {
                let item: Vec<String> = item.trim().split("::").map(|s| s.trim().to_string()).collect();
                if item.first().is_some_and(|s| !s.is_empty() && s != "self") {
                    out.push(base.iter().cloned().chain(item).collect());
                }
            }
        }
        out.push(base);
    }
    out
}

/// The module a path points into: its longest prefix that names one.
fn target<'m>(path: &[String], known: &'m BTreeSet<Vec<String>>) -> Option<&'m Vec<String>> {
    (1..=path.len()).rev().find_map(|n| known.get(&path[..n].to_vec()))
}

#[test]
fn imports_only_point_to_earlier_stages() {
    let mut backwards = Vec::new();
    let all = modules();
    for m in &all {
        let Some(own) = stage_of(&m.path[0]) else {
            panic!("{}: a file outside the stage folders", m.file.display());
        };
        for (n, line) in m.code.lines().enumerate() {
            for path in crate_paths(line) {
                let Some(name) = path.first() else { continue };
                match stage_of(name) {
                    Some(target) if target > own => backwards.push(format!(
                        "{}:{}: {} imports from {name}, a later stage",
                        m.file.display(),
                        n + 1,
                        m.path[0]
                    )),
                    Some(_) => {}
                    None => {
                        backwards.push(format!("{}:{}: crate::{name} is not a stage folder", m.file.display(), n + 1))
                    }
                }
            }
        }
    }
    assert!(all.len() > 20, "read the sources ({} files)", all.len());
    assert!(backwards.is_empty(), "imports against the flow of data:\n{}", backwards.join("\n"));
}

#[test]
fn no_modules_import_each_other_in_a_circle() {
    let all = modules();
    let known: BTreeSet<Vec<String>> = all.iter().map(|m| m.path.clone()).collect();
    // For each import, the first line that makes it, to name in the failure.
    let mut edges: BTreeMap<&Vec<String>, BTreeMap<&Vec<String>, String>> = BTreeMap::new();
    for m in &all {
        let from = known.get(&m.path).unwrap();
        for (n, line) in m.code.lines().enumerate() {
            for path in crate_paths(line) {
                let Some(to) = target(&path, &known) else { continue };
                // A module's own items, and a folder's `mod.rs` naming its children, are not imports.
                if to == from || (m.file.ends_with("mod.rs") && to.starts_with(from)) {
                    continue;
                }
                edges.entry(from).or_default().entry(to).or_insert_with(|| format!("{}:{}", m.file.display(), n + 1));
            }
        }
    }
    let mut circles = Vec::new();
    for start in edges.keys() {
        // Depth-first from `start`, looking for a way back to it.
        let mut stack: Vec<Vec<&Vec<String>>> = vec![vec![start]];
        let mut seen = BTreeSet::new();
        while let Some(route) = stack.pop() {
            let last = *route.last().unwrap();
            for next in edges.get(last).map(|e| e.keys().copied().collect::<Vec<_>>()).unwrap_or_default() {
                if next == *start {
                    let steps: Vec<String> = route
                        .iter()
                        .zip(route.iter().skip(1).chain([start]))
                        .map(|(a, b)| format!("  {} → {} ({})", a.join("::"), b.join("::"), edges[a][b]))
                        .collect();
                    circles.push(steps.join("\n"));
                } else if seen.insert(next) {
                    let mut longer = route.clone();
                    longer.push(next);
                    stack.push(longer);
                }
            }
        }
    }
    assert!(circles.is_empty(), "modules that import each other in a circle:\n{}", circles.join("\n\n"));
}
