//! The folders of `src/` are the pipeline's stages, and data flows one way: a module may import
//! from its own stage and the stages before it, never from a later one. This test reads every
//! source file and fails, naming the file and line, when an import points backwards.

use std::path::Path;

/// The stages, in the order data flows through them.
const STAGES: [&str; 7] = ["util", "load", "site", "formats", "render", "pipeline", "preview"];

fn stage_of(name: &str) -> Option<usize> {
    STAGES.iter().position(|s| *s == name)
}

#[test]
fn imports_only_point_to_earlier_stages() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut backwards = Vec::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap();
        let folder = rel.components().next().unwrap().as_os_str().to_string_lossy().to_string();
        let Some(own) = stage_of(&folder) else {
            // lib.rs and main.rs sit above every stage.
            assert!(
                matches!(folder.as_str(), "lib.rs" | "main.rs"),
                "{}: a file outside the stage folders",
                rel.display()
            );
            continue;
        };
        files += 1;
        let text = std::fs::read_to_string(path).unwrap();
        for (n, line) in text.lines().enumerate() {
            for (at, _) in line.match_indices("crate::") {
                let name: String =
                    line[at + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if let Some(target) = stage_of(&name) {
                    if target > own {
                        backwards.push(format!(
                            "src/{}:{}: {folder} imports from {name}, a later stage",
                            rel.display(),
                            n + 1
                        ));
                    }
                } else {
                    backwards.push(format!("src/{}:{}: crate::{name} is not a stage folder", rel.display(), n + 1));
                }
            }
        }
    }
    assert!(files > 20, "read the sources ({files} files)");
    assert!(backwards.is_empty(), "imports against the flow of data:\n{}", backwards.join("\n"));
}
