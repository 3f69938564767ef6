//! `kepu schema`: JSON Schemas of site.yaml and of a page's front matter, generated from the
//! types Kepu reads them with, so an editor can complete and check keys as the author types.

use crate::util::error::{Diagnostic, Error};
use std::path::Path;

/// Writes `site.schema.json` and `front-matter.schema.json` into `dir`.
pub(super) fn run(dir: &Path) -> Result<bool, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Diagnostic::io(dir, &e))?;
    let files = [
        ("site.schema.json", crate::load::config::schema()),
        ("front-matter.schema.json", crate::load::content::front_matter_schema()),
    ];
    for (name, schema) in files {
        let path = dir.join(name);
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
        std::fs::write(&path, text).map_err(|e| Diagnostic::io(&path, &e))?;
        println!("Wrote {}", path.display());
    }
    let shown = if dir.is_absolute() { dir.display().to_string() } else { format!("./{}", dir.display()) };
    println!(
        "For VS Code with the YAML extension, add to .vscode/settings.json:\n  \"yaml.schemas\": {{ \"{shown}/site.schema.json\": \"site.yaml\" }}"
    );
    Ok(true)
}
