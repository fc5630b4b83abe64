//! Any string as an API key: a typed error or a provider, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|key: &str| edgecache::fuzzing::api_key(key));
