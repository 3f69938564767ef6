//! What a deploy shows while it works: a progress bar on a terminal, one plain line per file
//! otherwise (CI logs), and sizes written for people.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// Progress of the uploads and deletions.
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar over `steps` files when standard error is a terminal, plain lines otherwise.
    pub(crate) fn new(steps: usize) -> Progress {
        let bar = (std::io::stderr().is_terminal() && steps > 0).then(|| {
            let bar = ProgressBar::new(steps as u64);
            let style = ProgressStyle::with_template("{bar:30} {pos}/{len} files, {elapsed} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        Progress { bar }
    }

    /// One file done: `verb` is `uploaded` or `deleted`, `detail` goes in brackets.
    pub(crate) fn step(&self, verb: &str, key: &str, detail: &str) {
        match &self.bar {
            Some(bar) => {
                bar.set_message(key.to_string());
                bar.inc(1);
            }
            None if detail.is_empty() => println!("{verb} {key}"),
            None => println!("{verb} {key} ({detail})"),
        }
    }

    /// Removes the bar, leaving the terminal for the summary.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// `1.2 MB`, `340 KB`, `12 bytes`.
pub(crate) fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{:.1} KB", b as f64 / 1e3),
        1 => "1 byte".into(),
        b => format!("{b} bytes"),
    }
}
