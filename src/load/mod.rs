//! Stage 1, load: reads the site's files into typed values, reporting every broken file.

pub(crate) mod assets;
pub(crate) mod config;
pub(crate) mod content;
pub(crate) mod convert;
pub(crate) mod default_theme;
pub(crate) mod i18n;
pub(crate) mod images;
pub(crate) mod observances;
pub(crate) mod theme;
pub(crate) mod yaml;
