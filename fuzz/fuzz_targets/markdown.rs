//! Arbitrary Markdown through the renderer (see `kepu::fuzzing::markdown`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kepu::fuzzing::markdown(data));
