//! Outputs written in code rather than templates, each from the resolved site.

pub mod feeds;
pub mod ical;
pub mod pdf;
pub mod qr;
pub mod search;
