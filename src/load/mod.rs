//! Stage 1, load: reads the site's files into typed values, reporting every broken file.

pub mod assets;
pub mod config;
pub mod content;
pub mod convert;
pub mod i18n;
pub mod observances;
pub mod theme;
