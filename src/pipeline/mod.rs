//! The build: plan every output file, render them in parallel, write them all at once; the
//! incremental rebuilds of a live session; and `kepu check`, which runs the same stages
//! without writing.

pub mod build;
pub mod check;
pub(crate) mod claims;
pub mod findings;
pub mod linkcheck;
pub mod output;
pub mod session;
