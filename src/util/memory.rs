//! The one allocator setting Kepu changes: when memory a build has freed goes back to the system.
//!
//! A build of a large site allocates and frees gigabytes of short-lived strings. By default
//! mimalloc returns freed pages to the kernel after a delay; the next allocation faults them in
//! again and the kernel zeroes them (whole huge pages), which measured a tenth of a build's CPU
//! time. A build is short, so it keeps what it freed until it exits. A live session (`kepu
//! watch`, `kepu serve`) keeps its whole site in memory between rebuilds anyway: on the
//! 30,000-page corpus the default setting gave back 30 of its 850 MiB after the first build.

use libmimalloc_sys as ffi;

/// mimalloc's `mi_option_purge_delay`: the bindings do not name it, so its place in the C
/// enum (`mimalloc.h`, v3) is written here; the assertion below stops the build when the list of
/// options changes length, the sign of a new mimalloc whose list must be checked again.
const PURGE_DELAY: ffi::mi_option_t = 15;
const _: () = assert!(ffi::_mi_option_last == 47, "check PURGE_DELAY against mimalloc.h's mi_option_t");

/// Freed memory stays with the process (a build).
pub(crate) fn keep_freed() {
    // SAFETY: setting an option is a plain store into mimalloc's option table.
    unsafe { ffi::mi_option_set(PURGE_DELAY, -1) };
}
