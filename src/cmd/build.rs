//! `kepu build`.

use crate::pipeline::build::{build_state, BuildOptions, Lifetime};
use crate::util::error::Error;

/// Builds the site and prints what was written, with any warnings.
pub(super) fn run(opts: &BuildOptions) -> Result<bool, Error> {
    let (report, state) = build_state(opts, Lifetime::Once)?;
    // The process ends here: freeing a large site's memory piece by piece would only delay the
    // exit.
    std::mem::forget(state);
    for w in &report.warnings {
        eprintln!("{w}");
    }
    println!("{report}");
    Ok(true)
}
