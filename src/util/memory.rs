//! The allocator: mimalloc, called the cheapest way a layout allows, and the one setting Kepu
//! changes, when memory a build has freed goes back to the system.
//!
//! A build of a large site allocates and frees gigabytes of short-lived strings. By default
//! mimalloc returns freed pages to the kernel after a delay; the next allocation faults them in
//! again and the kernel zeroes them (whole huge pages), which measured a tenth of a build's CPU
//! time. A build is short, so it keeps what it freed until it exits. A live session (`kepu
//! watch`, `kepu serve`) keeps its whole site in memory between rebuilds anyway: on the
//! 30,000-page corpus the default setting gave back 30 of its 850 MiB after the first build.

use libmimalloc_sys as ffi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// mimalloc as the global allocator. A build allocates millions of small strings and map nodes
/// on every thread, and mimalloc's per-thread heaps keep that from serialising on locks.
///
/// The `mimalloc` crate asks for every block through `mi_malloc_aligned`, whose checks and
/// out-of-line call cost a build 1.2–1.3 % of its instructions; nearly every Rust layout is
/// aligned to at most a word, which every mimalloc block is, so those go through `mi_malloc`.
pub struct Allocator;

/// The alignment every mimalloc block has: blocks are whole words. (Not 16: a 24-byte block
/// in its size class is only 8-aligned.)
const WORD: usize = std::mem::size_of::<usize>();

/// Whether `mi_malloc` and `mi_realloc` give `align` without asking for it.
fn plain(align: usize) -> bool {
    align <= WORD
}

// SAFETY: each function passes the layout's size (and its alignment where a plain block would
// not have it) to mimalloc, which returns null on failure as `GlobalAlloc` requires, and every
// block is freed by `mi_free`, which takes blocks from any of these calls.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if plain(layout.align()) {
            ffi::mi_malloc(layout.size()).cast()
        } else {
            ffi::mi_malloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if plain(layout.align()) {
            ffi::mi_zalloc(layout.size()).cast()
        } else {
            ffi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        ffi::mi_free(ptr.cast::<c_void>());
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if plain(layout.align()) {
            ffi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
        } else {
            ffi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::Allocator;
    use std::alloc::{GlobalAlloc, Layout};

    /// Every layout gets a block with its alignment, zeroed when asked, that keeps its bytes
    /// when it grows: sizes around mimalloc's small size classes, alignments from 1 to 64.
    #[test]
    fn every_layout_gets_its_alignment_and_keeps_its_bytes() {
        for align in [1, 2, 4, 8, 16, 32, 64] {
            for size in (1..200).chain([1000, 4096, 70_000]) {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: `layout` has a non-zero size, and each block is freed once, with it.
                unsafe {
                    let zeroed = Allocator.alloc_zeroed(layout);
                    assert_eq!(zeroed as usize % align, 0, "alloc_zeroed({size}, {align})");
                    assert!(std::slice::from_raw_parts(zeroed, size).iter().all(|&b| b == 0));
                    Allocator.dealloc(zeroed, layout);

                    let p = Allocator.alloc(layout);
                    assert_eq!(p as usize % align, 0, "alloc({size}, {align})");
                    for i in 0..size {
                        *p.add(i) = i as u8;
                    }
                    let grown = Allocator.realloc(p, layout, size * 3);
                    assert_eq!(grown as usize % align, 0, "realloc({size}, {align})");
                    assert!((0..size).all(|i| *grown.add(i) == i as u8), "realloc({size}, {align}) kept the bytes");
                    Allocator.dealloc(grown, Layout::from_size_align(size * 3, align).unwrap());
                }
            }
        }
    }
}
