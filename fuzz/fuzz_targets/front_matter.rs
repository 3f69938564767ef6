//! Arbitrary bytes as a content file (see `kepu::fuzzing::front_matter`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kepu::fuzzing::front_matter(data));
