//! The build: plan every output file, render them in parallel, write them all at once; the
//! incremental rebuilds of a live session; `kepu check`, which runs the same stages without
//! writing; and `kepu deploy`, which publishes what a build wrote.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod claims;
#[cfg(feature = "deploy")]
pub(crate) mod deploy;
pub(crate) mod findings;
pub(crate) mod flyer_fit;
pub(crate) mod linkcheck;
pub(crate) mod output;
pub(crate) mod plain;
pub(crate) mod session;
