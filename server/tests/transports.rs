//! Every transport on the one port: plain gRPC (h2c), gRPC-web binary and text over
//! HTTP/1.1 and h2c, plus the answers to junk.

mod support;

use bytes::Bytes;
use edgecache_proto::cache_client::scs_client::ScsClient;
use edgecache_proto::cache_client::{
    ECacheResult, GetBatchRequest, GetResponse, PingRequest, SetResponse,
};
use edgecache_server::ServerConfig;
use http::{Request, StatusCode};
use http_body_util::Full;
use support::*;

const SET: &str = "/cache_client.Scs/Set";
const GET: &str = "/cache_client.Scs/Get";

#[tokio::test]
async fn grpc_h2c_set_then_get() {
    let server = server(ServerConfig::default());
    let mut client = ScsClient::new(channel(server.addr()).await);
    let set = client
        .set(request(set_request("k", "v1"), None))
        .await
        .expect("set")
        .into_inner();
    assert_eq!(set.result, ECacheResult::Ok as i32);
    assert_eq!(grpc_get(&mut client, "k").await, Some(b"v1".to_vec()));
    assert_eq!(grpc_get(&mut client, "absent").await, None);
    assert_eq!(server.stats().requests(SET), 1);
    assert_eq!(server.stats().requests(GET), 2);
}

async fn web_round_trip(http: &mut Http, mode: Mode, key: &str) {
    let set = web_call(http, SET, mode, &set_request(key, "web-value"), None).await;
    assert_eq!(set.grpc_status(), Some(0), "{set:?}");
    assert_eq!(set.messages.len(), 1);
    assert_eq!(set.decode::<SetResponse>(0).result, ECacheResult::Ok as i32);
    let expected_type = match mode {
        Mode::Binary => "application/grpc-web+proto",
        Mode::Text => "application/grpc-web-text+proto",
    };
    assert_eq!(set.http.headers["content-type"], expected_type);

    let get = web_call(http, GET, mode, &get_request(key), None).await;
    assert_eq!(get.grpc_status(), Some(0));
    let res: GetResponse = get.decode(0);
    assert_eq!(hit_value(&res), Some(b"web-value".to_vec()));
    if mode == Mode::Text {
        // The body is base64 text, never raw frames.
        assert!(
            get.http
                .body
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        );
    }
}

#[tokio::test]
async fn grpc_web_binary_over_http1() {
    let server = server(ServerConfig::default());
    let mut http = Http::h1(server.addr()).await;
    web_round_trip(&mut http, Mode::Binary, "bin-h1").await;
}

#[tokio::test]
async fn grpc_web_text_over_http1() {
    let server = server(ServerConfig::default());
    let mut http = Http::h1(server.addr()).await;
    web_round_trip(&mut http, Mode::Text, "text-h1").await;
}

#[tokio::test]
async fn grpc_web_binary_and_text_over_h2c() {
    let server = server(ServerConfig::default());
    let mut http = Http::h2(server.addr()).await;
    web_round_trip(&mut http, Mode::Binary, "bin-h2").await;
    web_round_trip(&mut http, Mode::Text, "text-h2").await;
    assert_eq!(server.stats().connections_accepted, 1);
}

#[tokio::test]
async fn the_captured_web_sdk_set_is_accepted() {
    // docs/protocol.md, "gRPC-web framing": the text-mode body of a captured Set of foo=FOO.
    let server = server(ServerConfig::default());
    let mut http = Http::h1(server.addr()).await;
    let req = Request::post(SET)
        .header("host", "localhost")
        .header("content-type", "application/grpc-web-text")
        .header("accept", "application/grpc-web-text")
        .header("x-grpc-web", "1")
        .header("cache", CACHE)
        .body(Full::new(Bytes::from_static(
            b"AAAAAA4KA2ZvbxIDRk9PGODUAw==",
        )))
        .unwrap();
    let reply = parse_web_reply(http.send(req).await.unwrap(), Mode::Text);
    assert_eq!(reply.grpc_status(), Some(0));
    let get = web_call(&mut http, GET, Mode::Text, &get_request("foo"), None).await;
    assert_eq!(
        hit_value(&get.decode::<GetResponse>(0)),
        Some(b"FOO".to_vec())
    );
}

#[tokio::test]
async fn server_streaming_over_grpc_web_text() {
    let server = server(ServerConfig::default());
    let mut http = Http::h1(server.addr()).await;
    for key in ["a", "b"] {
        let set = web_call(&mut http, SET, Mode::Text, &set_request(key, key), None).await;
        assert_eq!(set.grpc_status(), Some(0));
    }
    let batch = GetBatchRequest {
        items: vec![get_request("a"), get_request("missing"), get_request("b")],
    };
    let reply = web_call(
        &mut http,
        "/cache_client.Scs/GetBatch",
        Mode::Text,
        &batch,
        None,
    )
    .await;
    assert_eq!(reply.grpc_status(), Some(0));
    assert_eq!(reply.messages.len(), 3);
    let values: Vec<Option<Vec<u8>>> = (0..3)
        .map(|i| hit_value(&reply.decode::<GetResponse>(i)))
        .collect();
    assert_eq!(values, vec![Some(b"a".to_vec()), None, Some(b"b".to_vec())]);
    assert_eq!(server.stats().in_flight, 0);
}

#[tokio::test]
async fn ping_over_every_transport() {
    let server = server(ServerConfig::default());
    let mut client =
        edgecache_proto::cache_client::ping_client::PingClient::new(channel(server.addr()).await);
    client.ping(PingRequest {}).await.expect("grpc ping");
    let mut h1 = Http::h1(server.addr()).await;
    let reply = web_call(
        &mut h1,
        "/cache_client.Ping/Ping",
        Mode::Text,
        &PingRequest {},
        None,
    )
    .await;
    assert_eq!(reply.grpc_status(), Some(0));
}

#[tokio::test]
async fn unknown_grpc_method_is_unimplemented() {
    let server = server(ServerConfig::default());
    let mut http = Http::h2(server.addr()).await;
    let reply = web_call(
        &mut http,
        "/cache_client.Scs/NoSuchMethod",
        Mode::Binary,
        &get_request("k"),
        None,
    )
    .await;
    assert_eq!(reply.grpc_status(), Some(12));
    let mut h1 = Http::h1(server.addr()).await;
    let reply = web_call(&mut h1, "/nope", Mode::Text, &get_request("k"), None).await;
    assert_eq!(reply.grpc_status(), Some(12));
}

#[tokio::test]
async fn junk_gets_http_errors_and_the_server_survives() {
    let server = server(ServerConfig::default());
    let mut http = Http::h1(server.addr()).await;

    let reply = http.send(get("/", None)).await.unwrap();
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);

    let plain = Request::post(GET)
        .header("host", "localhost")
        .header("content-type", "text/plain")
        .body(Full::new(Bytes::from_static(b"hello")))
        .unwrap();
    let reply = http.send(plain).await.unwrap();
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // Native gRPC needs HTTP/2.
    let grpc_over_h1 = Request::post(GET)
        .header("host", "localhost")
        .header("content-type", "application/grpc")
        .body(Full::new(Bytes::from(grpc_frame(&get_request("k")))))
        .unwrap();
    let reply = http.send(grpc_over_h1).await.unwrap();
    assert!(reply.status.is_client_error(), "{reply:?}");

    let health = http.send(get("/health", None)).await.unwrap();
    assert_eq!(health.status, StatusCode::OK);
}

#[tokio::test]
async fn malformed_grpc_web_bodies_get_grpc_errors() {
    let server = server(ServerConfig::default());
    let mut http = Http::h1(server.addr()).await;
    let bodies: [(&str, &[u8]); 4] = [
        ("application/grpc-web-text", b"!!!not base64!!!"),
        ("application/grpc-web-text", b"AAAAAA4KA2ZvbxID"),
        ("application/grpc-web+proto", b"\x00\x00\x00\x00\x10garbage"),
        (
            "application/grpc-web+proto",
            b"\x00\x00\x00\x00\x05\xff\xff\xff\xff\xff",
        ),
    ];
    for (content_type, body) in bodies {
        let req = Request::post(SET)
            .header("host", "localhost")
            .header("content-type", content_type)
            .header("cache", CACHE)
            .body(Full::new(Bytes::copy_from_slice(body)))
            .unwrap();
        let reply = http.send(req).await.expect("server answers");
        let mode = if content_type.contains("text") {
            Mode::Text
        } else {
            Mode::Binary
        };
        let reply = parse_web_reply(reply, mode);
        let status = reply.grpc_status().expect("a gRPC status");
        assert_ne!(status, 0, "{content_type} {body:?} accepted");
    }
    // Still serving.
    let mut client = ScsClient::new(channel(server.addr()).await);
    assert_eq!(grpc_get(&mut client, "never-set").await, None);
}

#[tokio::test]
async fn multi_megabyte_values_over_grpc_and_grpc_web_text() {
    let server = server(ServerConfig::default());
    let big = "x".repeat(4_500_000);

    let mut http = Http::h1(server.addr()).await;
    let set = web_call(&mut http, SET, Mode::Text, &set_request("big", &big), None).await;
    assert_eq!(set.grpc_status(), Some(0), "{:?}", set.trailers);

    let mut client = ScsClient::new(channel(server.addr()).await)
        .max_decoding_message_size(10 * 1024 * 1024)
        .max_encoding_message_size(10 * 1024 * 1024);
    let value = grpc_get(&mut client, "big").await.expect("hit");
    assert_eq!(value.len(), big.len());

    let get = web_call(&mut http, GET, Mode::Text, &get_request("big"), None).await;
    assert_eq!(
        hit_value(&get.decode::<GetResponse>(0)).map(|v| v.len()),
        Some(big.len())
    );
}
