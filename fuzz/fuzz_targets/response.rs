//! Any bytes as the HTTP body answering a call, decoded to its typed response.
#![no_main]

libfuzzer_sys::fuzz_target!(|input: (u8, &[u8])| edgecache::fuzzing::response(input.0, input.1));
