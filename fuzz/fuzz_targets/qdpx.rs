//! Fuzz target: see `targets::qdpx`.

#![no_main]

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::qdpx(data));
