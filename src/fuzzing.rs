//! Entry points for the fuzz targets in `fuzz/`: everything that reads bytes from the network
//! or a key from the caller. Hidden from the docs and not part of the supported API.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue};

use crate::call::interpret_response;
use crate::grpc_web;
use crate::platform::HttpResponse;

/// Decodes a gRPC-web body as binary frames, and as text mode.
pub fn grpc_web_body(body: &[u8]) {
    let _ = grpc_web::decode_body(Bytes::copy_from_slice(body));
    if let Ok(decoded) = grpc_web::decode_text(body) {
        let _ = grpc_web::decode_body(decoded);
    }
}

/// Feeds `body` to the incremental decoder in chunks whose sizes come from `cuts`, in binary
/// and text mode. Binary mode must agree with the one-shot decoder: the same messages and
/// status when that succeeds, an error when it fails.
pub fn grpc_web_stream(cuts: &[u8], body: &[u8]) {
    let whole = grpc_web::decode_body(Bytes::copy_from_slice(body));
    let streamed = stream_decode(false, cuts, body);
    match (whole, streamed) {
        (Ok(whole), Ok(events)) => {
            let mut expected: Vec<_> = whole
                .messages
                .into_iter()
                .map(grpc_web::StreamEvent::Message)
                .collect();
            expected.extend(whole.trailers.map(grpc_web::StreamEvent::Trailers));
            assert_eq!(events, expected, "the streamed frames differ");
        }
        (Err(_), Err(_)) => {}
        (whole, streamed) => panic!("the decoders disagree: {whole:?} / {streamed:?}"),
    }
    let _ = stream_decode(true, cuts, body);
}

fn stream_decode(
    text: bool,
    cuts: &[u8],
    mut body: &[u8],
) -> Result<Vec<grpc_web::StreamEvent>, grpc_web::StreamError> {
    let mut decoder = grpc_web::StreamDecoder::new(text, grpc_web::MAX_FRAME_LEN);
    let mut events = Vec::new();
    let mut sizes = cuts.iter().cycle();
    while !body.is_empty() {
        let size = sizes.next().map_or(body.len(), |&n| usize::from(n).max(1));
        let (chunk, rest) = body.split_at(size.min(body.len()));
        body = rest;
        decoder.push(chunk)?;
        while let Some(event) = decoder.next_event()? {
            events.push(event);
        }
    }
    decoder.finish()?;
    Ok(events)
}

/// Parses an API key every way a caller can hand one over.
pub fn api_key(key: &str) {
    let _ = crate::CredentialProvider::from_string(key);
    let _ = crate::CredentialProvider::from_api_key_v2(key, "cell.example.com");
}

/// Interprets an HTTP response as the reply to a handful of representative calls, all the
/// way to their typed responses. `selector` picks the content type and the call.
pub fn response(selector: u8, body: &[u8]) {
    let content_type = match selector % 3 {
        0 => "application/grpc-web+proto",
        1 => "application/grpc-web-text",
        _ => "application/grpc",
    };
    let mut headers = HeaderMap::new();
    headers.insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static(content_type),
    );
    let reply = || {
        interpret_response(HttpResponse {
            status: 200,
            headers: headers.clone(),
            body: Bytes::copy_from_slice(body),
            trailers: None,
        })
    };
    let defaults = RequestDefaults {
        default_ttl: Duration::from_secs(60),
    };
    use crate::cache::*;
    macro_rules! decode_as {
        ($($request:expr),* $(,)?) => {{$(
            if let Ok(prepared) = $request.prepare(&defaults) {
                let _ = (prepared.decode)(reply());
            }
        )*}};
    }
    match selector / 3 % 6 {
        0 => decode_as!(GetRequest::new("c", "k")),
        1 => decode_as!(GetBatchRequest::new("c", ["a", "b", "c"])),
        2 => decode_as!(SetIfRequest::new("c", "k", "v", SetIfCondition::Absent)),
        3 => decode_as!(
            ItemGetTypeRequest::new("c", "k"),
            ItemGetTtlRequest::new("c", "k")
        ),
        4 => decode_as!(
            KeysExistRequest::new("c", ["a", "b"]),
            UpdateTtlRequest::new("c", "k", Duration::from_secs(1)),
            IncreaseTtlRequest::new("c", "k", Duration::from_secs(1))
        ),
        _ => decode_as!(
            ListCachesRequest::new(),
            SetBatchRequest::new("c", [("a", "b")])
        ),
    }
}

#[cfg(all(test, native))]
mod tests {
    /// The streaming fuzz target's check on the committed corpus of the one-shot decoder,
    /// and on every one-byte corruption of a valid body, each cut several ways: the two
    /// decoders must agree (the function panics when they do not).
    #[test]
    fn the_streaming_decoder_agrees_with_the_one_shot_decoder() {
        let cuts: [&[u8]; 4] = [&[], &[1], &[2, 3], &[7, 1, 250]];
        let corpus =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/grpc_web_body");
        let mut bodies: Vec<Vec<u8>> = std::fs::read_dir(corpus)
            .expect("the committed corpus")
            .map(|entry| std::fs::read(entry.unwrap().path()).unwrap())
            .collect();
        assert!(!bodies.is_empty());
        let mut valid = vec![0, 0, 0, 0, 3, b'a', b'b', b'c'];
        valid.extend([0x80, 0, 0, 0, 14]);
        valid.extend(b"grpc-status: 0");
        for at in 0..valid.len() {
            let mut corrupted = valid.clone();
            corrupted[at] ^= 0x81;
            bodies.push(corrupted);
        }
        bodies.push(valid);
        for body in &bodies {
            for cut in cuts {
                super::grpc_web_stream(cut, body);
            }
        }
    }
}
