//! Any bytes as a gRPC-web response body, binary and text mode: never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|body: &[u8]| edgecache::fuzzing::grpc_web_body(body));
