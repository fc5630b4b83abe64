//! Any bytes as a credential, signed claims or token request: edgecache-server answers with
//! a grant or a gRPC status, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| edgecache_server::fuzzing::credential(data));
