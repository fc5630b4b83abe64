//! Topics over gRPC-web, binary and text, on HTTP/1.1 and h2c, the way browser SDKs reach them.

mod support;

use std::time::{Duration, Instant};

use edgecache_server::ServerConfig;
use edgecache_server::topics::TopicConfig;
use support::pubsub::*;
use support::*;

fn config(heartbeat_ms: u64) -> ServerConfig {
    ServerConfig::default().topics(TopicConfig {
        heartbeat_interval: Duration::from_millis(heartbeat_ms),
        ..TopicConfig::default()
    })
}

async fn next_seen(stream: &mut WebStream) -> Seen {
    match stream.next().await {
        WebEvent::Message(message) => seen_bytes(&message),
        other => panic!("expected a message, got {other:?}"),
    }
}

async fn open_subscription(http: &mut Http, mode: Mode, topic: &str) -> WebStream {
    let res = http
        .open(web_request(
            SUBSCRIBE,
            mode,
            &subscribe_request(topic, 0, 0),
            None,
        ))
        .await
        .expect("subscribe");
    let expected_type = match mode {
        Mode::Binary => "application/grpc-web+proto",
        Mode::Text => "application/grpc-web-text+proto",
    };
    assert_eq!(res.headers()["content-type"], expected_type);
    let mut stream = WebStream::new(res, mode);
    // The first message arrives while the response is still open.
    assert_eq!(next_seen(&mut stream).await, Seen::Heartbeat);
    stream
}

#[tokio::test]
async fn every_transport_streams_items_as_they_are_published() {
    let server = server(config(60_000));
    let mut publisher = pubsub(server.addr()).await;
    let cases = [
        ("h1-binary", false, Mode::Binary),
        ("h1-text", false, Mode::Text),
        ("h2-binary", true, Mode::Binary),
        ("h2-text", true, Mode::Text),
    ];
    for (topic, h2, mode) in cases {
        let mut http = if h2 {
            Http::h2(server.addr()).await
        } else {
            Http::h1(server.addr()).await
        };
        let mut stream = open_subscription(&mut http, mode, topic).await;
        publish(&mut publisher, topic, "one").await;
        publisher
            .publish(publish_request(topic, binary(b"\x00two")))
            .await
            .expect("publish");
        let Seen::Text { seq: 1, page, text } = next_seen(&mut stream).await else {
            panic!("{topic}: expected text 1")
        };
        assert_eq!(text, "one");
        assert_eq!(
            next_seen(&mut stream).await,
            Seen::Binary {
                seq: 2,
                page,
                bytes: b"\x00two".to_vec()
            },
            "{topic}"
        );
        // Unsubscribing is closing the response: the server lets go of the subscription.
        drop(stream);
        drop(http);
        eventually("released", || server.stats().subscribers == 0).await;
    }
    assert_eq!(server.stats().messages_delivered, 8);
}

#[tokio::test]
async fn publish_over_grpc_web_text_reaches_a_grpc_subscriber() {
    let server = server(config(60_000));
    let mut client = pubsub(server.addr()).await;
    let mut stream = subscribe(&mut client, "mixed", 0, 0).await;
    let mut http = Http::h1(server.addr()).await;
    let reply = web_call(
        &mut http,
        PUBLISH,
        Mode::Text,
        &publish_request("mixed", text("from the browser")),
        None,
    )
    .await;
    assert_eq!(reply.grpc_status(), Some(0), "{reply:?}");
    let Seen::Text { seq: 1, text, .. } = next(&mut stream).await else {
        panic!("expected text 1")
    };
    assert_eq!(text, "from the browser");
}

#[tokio::test]
async fn grpc_timeout_does_not_end_a_grpc_web_subscription() {
    let interval = Duration::from_millis(50);
    let server = server(config(50));
    let mut http = Http::h1(server.addr()).await;
    let mut request = web_request(SUBSCRIBE, Mode::Text, &subscribe_request("t", 0, 0), None);
    request
        .headers_mut()
        .insert("grpc-timeout", "100m".parse().unwrap());
    let start = Instant::now();
    let mut stream = WebStream::new(http.open(request).await.expect("open"), Mode::Text);
    let mut beats = 0;
    while start.elapsed() < 6 * interval {
        assert_eq!(next_seen(&mut stream).await, Seen::Heartbeat);
        beats += 1;
    }
    assert!(beats >= 6, "{beats} heartbeats");
    assert_eq!(server.stats().subscribers, 1);
}

#[tokio::test]
async fn errors_reach_grpc_web_clients_as_trailers() {
    let server = server(config(60_000));
    for mode in [Mode::Binary, Mode::Text] {
        let mut http = Http::h1(server.addr()).await;
        let mut request = subscribe_request("t", 0, 0);
        request.cache_name = "no-such-cache".into();
        let res = http
            .open(web_request(SUBSCRIBE, mode, &request, None))
            .await
            .expect("answered");
        let mut stream = WebStream::new(res, mode);
        let WebEvent::Trailers(trailers) = stream.next().await else {
            panic!("expected trailers");
        };
        assert_eq!(trailers["grpc-status"], "5");

        let reply = web_call(
            &mut http,
            PUBLISH,
            mode,
            &publish_request("", text("x")),
            None,
        )
        .await;
        assert_eq!(reply.grpc_status(), Some(3));
    }
}
