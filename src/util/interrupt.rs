//! Ctrl-C and SIGTERM: the first asks the running build to stop before it touches the output
//! folder; a second ends the process at once (the next build clears what it left).

use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Installs the handler; call once, from the command line's `main`.
pub(crate) fn install() -> Result<(), String> {
    ctrlc::set_handler(|| {
        if REQUESTED.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    })
    .map_err(|e| format!("cannot handle Ctrl-C: {e}"))
}

/// Whether the user asked to stop.
pub(crate) fn requested() -> bool {
    REQUESTED.load(Ordering::Relaxed)
}

/// The flag itself, for loops that take a stop flag (`watch::run`).
pub(crate) fn flag() -> &'static AtomicBool {
    &REQUESTED
}
