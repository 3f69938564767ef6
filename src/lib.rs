//! Kepu: a static site generator for public-health outreach.
//!
//! The folders are the pipeline, and data flows one way through them; a module imports only
//! from the folders before its own:
//!
//! 1. `util`: leaf helpers (errors, dates, slugs, text, language tags, Ctrl-C, the allocator).
//! 2. `load`: reading the site's files — configuration, content, theme, UI strings, static
//!    assets, health days — and the OpenCC conversion of derived languages.
//! 3. `site`: resolving them into one linked, immutable `Site`: URLs, sections, translations,
//!    taxonomies, Markdown.
//! 4. `formats`: outputs written in code from the site: feeds and sitemaps, iCalendar, JSON-LD,
//!    the search index, QR codes, PDF printing.
//! 5. `render`: Tera templates, their typed contexts, pagers, event values and flyers.
//! 6. `pipeline`: the build — planning the output files, rendering them in parallel, the
//!    staged all-or-nothing write, incremental rebuilds — and `kepu check`.
//! 7. `preview`: watching the sources and the preview server.
//! 8. [`cmd`]: the command line, one module per command.
//!
//! The library's API is the build ([`build`], [`BuildOptions`]), the check ([`check`]), live
//! rebuilds ([`Session`]) and the command line ([`cmd::run`]); everything else is internal.

pub mod cmd;
mod formats;
mod load;
mod pipeline;
mod preview;
mod render;
mod site;
mod util;

#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
#[cfg(test)]
mod props;

pub use formats::images::ImageStats;
pub use pipeline::build::{build, BuildOptions, BuildReport};
pub use pipeline::check::{check, CheckOptions, CheckReport};
pub use pipeline::findings::{Finding, FindingKind, Severity};
pub use pipeline::output::WriteStats;
pub use pipeline::plain::PlainPage;
pub use pipeline::session::{Rebuild, RebuildKind, Session};
pub use util::error::{Diagnostic, Error};
pub use util::memory::Allocator;
