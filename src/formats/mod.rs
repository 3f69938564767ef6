//! Outputs written in code rather than templates, each from the resolved site.

pub(crate) mod calendar;
pub(crate) mod feeds;
pub(crate) mod ical;
pub(crate) mod images;
pub(crate) mod jsonld;
pub(crate) mod offline;
pub(crate) mod pdf;
pub(crate) mod qr;
pub(crate) mod search;
