//! Kepu: a static site generator for public-health outreach.
//!
//! The pipeline runs one way — [`content`] loads files, [`site`] resolves them into a linked
//! site, [`render`] fills templates, [`output`] writes the result — driven by [`build::build`].

pub mod assets;
pub mod build;
pub mod check;
mod claims;
pub mod config;
pub mod content;
pub mod dates;
pub mod derive;
pub mod error;
pub mod feeds;
pub mod flyer;
pub mod highlight;
pub mod i18n;
pub mod ical;
pub mod interrupt;
pub mod lang;
pub mod linkcheck;
pub mod markdown;
pub mod observances;
pub mod output;
pub mod outreach;
pub mod pdf;
pub mod qr;
pub mod render;
pub mod search;
pub mod serve;
pub mod session;
pub mod site;
pub mod slug;
pub mod text;
pub mod theme;
pub mod watch;

pub use build::{build, BuildOptions, BuildReport};
pub use error::{Diagnostic, Error};
