//! Kepu's integration tests: one binary, one module per area, each building real sites in
//! temporary folders and asserting on the files written. A new test goes in the module of the
//! area it covers; `cargo test --test integration AREA::` runs one area.

/// Fixtures: sites written into temporary folders, built with the library or the binary.
mod common;

/// The folders of `src/` and the one-way rule between them.
mod architecture;
/// The core pipeline: pages, sections, languages, static files, determinism.
mod build;
/// `kepu check`: reviews, translations, links.
mod check;
/// `kepu deploy`: publishing to a real S3 server (s3s-fs), read back with boto3.
mod deploy;
/// Bad input: every broken file named with its line, output left whole.
mod errors;
/// Flyers: pages, bilingual sheets, printing to PDF, QR codes.
mod flyer;
/// Languages: scripts, right to left, conversion, search.
mod i18n;
/// Pictures: sizes, formats, metadata stripped, orientation, the cache, `kepu check`'s warnings.
mod images;
/// `kepu import`: Hugo and Zola sites moved in, old URLs kept.
mod import;
/// `kepu watch` and `kepu serve`: incremental rebuilds and the preview server.
mod live;
/// The offline copy (`kepu build --relative`): relative links, opened from `file://`.
mod offline;
/// Outreach: events, health days, calendars, reviews.
mod outreach;
/// `kepu check --plain`: the plain-language report and its calibration.
mod plain;
/// The output folder: deletes only what Kepu wrote, all-or-nothing, collisions, crashes.
mod safety;
/// Outside validators: HTML, accessibility, feeds, sitemap, JSON-LD, weight.
mod standards;
/// A first site: `kepu init`, `kepu new`, and messages for typing mistakes.
mod start;
/// Template variables as docs/templates.md documents them.
mod templates;
