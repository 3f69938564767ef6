//! The import's account of itself: what was converted, what was kept aside, and what needs a
//! person, each with the file and line to look at, then the command to run next.

use std::collections::BTreeMap;
use std::fmt::Write;

/// Something a person must look at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Need {
    /// `content/post/x.md:12` in the old site.
    pub(super) at: String,
    /// The new file and line, once written (`content/post/x.en.md:9`).
    pub(super) now: Option<String>,
    pub(super) why: String,
}

/// Counts and notes gathered while converting.
#[derive(Debug, Default)]
pub(super) struct Report {
    pub(super) pages: usize,
    pub(super) sections: usize,
    /// Sections written for folders the old site listed without an `_index.md`.
    pub(super) made_sections: usize,
    /// Pages at addresses Kepu writes itself, kept out of `content/`.
    pub(super) set_aside: usize,
    pub(super) languages: Vec<String>,
    pub(super) resources: usize,
    pub(super) statics: usize,
    pub(super) aliases: usize,
    /// Aliases the old pages had, carried over.
    pub(super) old_aliases: usize,
    pub(super) slugs: usize,
    /// Shortcode name → how many were converted.
    pub(super) shortcodes: BTreeMap<String, usize>,
    /// Front matter key → (files, why it is kept aside).
    pub(super) kept: BTreeMap<String, (usize, String)>,
    /// Settings and folders of the old site that have no place in Kepu, with why.
    pub(super) left: Vec<String>,
    pub(super) needs: Vec<Need>,
}

impl Report {
    pub(super) fn need(&mut self, at: String, why: impl Into<String>) {
        self.needs.push(Need { at, now: None, why: why.into() });
    }

    /// Notes a front matter key kept under `extra:`.
    pub(super) fn keep(&mut self, key: &str, why: &str) {
        let entry = self.kept.entry(key.to_string()).or_insert((0, why.to_string()));
        entry.0 += 1;
    }

    /// The report as printed, ending with the commands to run next in `dest`.
    pub(super) fn render(&self, generator: &str, src: &str, dest: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Imported the {generator} site {src} into {dest}:");
        let made = match self.made_sections {
            0 => String::new(),
            n => format!(" ({n} written for folders {generator} listed without an _index.md)"),
        };
        let _ = writeln!(out, "  {} pages and {} sections{made}", self.pages, self.sections);
        if self.set_aside > 0 {
            let _ = writeln!(out, "  {} set aside in import-leftovers/ (listed below)", plural(self.set_aside, "file"));
        }
        let _ = writeln!(out, "  languages: {}", self.languages.join(", "));
        let _ = writeln!(
            out,
            "  {} beside pages and {} copied",
            plural(self.resources, "file"),
            plural(self.statics, "static file")
        );
        let _ = writeln!(
            out,
            "  old URLs kept: {} by a slug, {} by a new redirect (aliases:), {} old aliases carried over",
            self.slugs, self.aliases, self.old_aliases
        );
        if !self.shortcodes.is_empty() {
            let list: Vec<String> = self.shortcodes.iter().map(|(k, n)| format!("{k} {n}")).collect();
            let _ = writeln!(out, "  shortcodes converted: {}", list.join(", "));
        }
        if !self.kept.is_empty() {
            let _ = writeln!(out, "\nKept under `extra:` in front matter (Kepu's theme does not show them):");
            for (key, (n, why)) in &self.kept {
                let files = plural(*n, "file");
                let _ = writeln!(out, "  {key} ({files}): {why}");
            }
        }
        if !self.left.is_empty() {
            let _ = writeln!(out, "\nNot carried over:");
            for l in &self.left {
                let _ = writeln!(out, "  {l}");
            }
        }
        if self.needs.is_empty() {
            let _ = writeln!(out, "\nNothing needs a person.");
        } else {
            let _ = writeln!(out, "\nNeeds a person ({}):", self.needs.len());
            for n in &self.needs {
                match &n.now {
                    Some(now) => {
                        let _ = writeln!(out, "  {now}: {} (was {})", n.why, n.at);
                    }
                    None => {
                        let _ = writeln!(out, "  {}: {}", n.at, n.why);
                    }
                }
            }
        }
        let _ = writeln!(out, "\nNext:");
        let _ = writeln!(out, "  cd {dest}");
        let _ = writeln!(out, "  kepu build     # the site, in output/");
        let _ = writeln!(out, "  kepu serve     # look at it at http://127.0.0.1:1111/");
        let _ = writeln!(out, "  kepu check     # broken links and images");
        out
    }
}

/// `1 file`, `2 files`.
fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
