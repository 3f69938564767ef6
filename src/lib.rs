//! Kepu: a static site generator for public-health outreach.
//!
//! The folders are the pipeline, and data flows one way through them; a module imports only
//! from the folders before its own:
//!
//! 1. [`util`]: leaf helpers (errors, dates, slugs, text, language tags, Ctrl-C).
//! 2. [`load`]: reading the site's files — configuration, content, theme, UI strings, static
//!    assets, health days — and the OpenCC conversion of derived languages.
//! 3. [`site`]: resolving them into one linked, immutable [`site::Site`]: URLs, sections,
//!    translations, taxonomies, Markdown.
//! 4. [`formats`]: outputs written in code from the site: feeds and sitemaps, iCalendar, the
//!    search index, QR codes, PDF printing.
//! 5. [`render`]: Tera templates, pagers, event values and flyers.
//! 6. [`pipeline`]: the build — planning the output files, rendering them in parallel, the
//!    staged all-or-nothing write, incremental rebuilds — and `kepu check`.
//! 7. [`preview`]: `kepu watch` and `kepu serve`.
//!
//! The command line (`main.rs`) only parses arguments and calls into these.

pub mod formats;
pub mod load;
pub mod pipeline;
pub mod preview;
pub mod render;
pub mod site;
pub mod util;

pub use pipeline::build::{build, BuildOptions, BuildReport};
pub use util::error::{Diagnostic, Error};
