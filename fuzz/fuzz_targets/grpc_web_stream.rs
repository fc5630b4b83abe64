//! Any bytes as a streamed gRPC-web body cut into chunks anywhere: never a panic, and binary
//! mode agrees with the one-shot decoder. The first byte says how many of the next bytes are
//! chunk sizes; the rest is the body.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&count, rest)) = data.split_first() else {
        return;
    };
    let (cuts, body) = rest.split_at(usize::from(count).min(rest.len()));
    edgecache::fuzzing::grpc_web_stream(cuts, body);
});
