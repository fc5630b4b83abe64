//! Topics over plain gRPC (h2c): publish and subscribe as an SDK sees them.

mod support;

use std::time::{Duration, Instant};

use edgecache_proto::control_client::DeleteCacheRequest;
use edgecache_proto::control_client::scs_control_client::ScsControlClient;
use edgecache_server::ServerConfig;
use edgecache_server::topics::TopicConfig;
use support::pubsub::*;
use support::*;
use tonic::Code;

/// Heartbeats slow enough that a test never sees one it did not wait for.
fn quiet() -> ServerConfig {
    ServerConfig::default().topics(TopicConfig {
        heartbeat_interval: Duration::from_secs(60),
        ..TopicConfig::default()
    })
}

fn err_trailer(status: &tonic::Status) -> Option<&str> {
    status.metadata().get("err").and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn subscribers_get_every_message_with_consecutive_numbers() {
    let server = server(quiet());
    let mut client = pubsub(server.addr()).await;
    // Each stream opens with a heartbeat at once, though the next one is a minute away.
    let start = Instant::now();
    let mut first = subscribe(&mut client, "chat", 0, 0).await;
    let mut second = subscribe(&mut client, "chat", 0, 0).await;
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );

    publish(&mut client, "chat", "hello").await;
    client
        .publish(publish_request("chat", binary(&[0, 255, 1])))
        .await
        .expect("binary publish");
    publish(&mut client, "chat", "").await;

    for stream in [&mut first, &mut second] {
        let Seen::Text { seq: 1, page, text } = next(stream).await else {
            panic!("expected text number 1")
        };
        assert_eq!(text, "hello");
        assert!(page > 0);
        assert_eq!(
            next(stream).await,
            Seen::Binary {
                seq: 2,
                page,
                bytes: vec![0, 255, 1]
            }
        );
        assert_eq!(
            next(stream).await,
            Seen::Text {
                seq: 3,
                page,
                text: String::new()
            }
        );
    }
    // Another topic numbers from 1 on its own page.
    let mut other = subscribe(&mut client, "news", 0, 0).await;
    publish(&mut client, "news", "n").await;
    assert_eq!(next(&mut other).await.seq(), Some(1));

    let stats = server.stats();
    assert_eq!(stats.topics, 2);
    assert_eq!(stats.subscribers, 3);
    assert_eq!(stats.subscriptions_opened, 3);
    assert_eq!(stats.messages_published, 4);
    assert_eq!(stats.messages_delivered, 7);
    assert_eq!(stats.heartbeats_sent, 3);
    assert_eq!(stats.requests(PUBLISH), 4);
    assert_eq!(stats.requests(SUBSCRIBE), 3);

    drop((first, second, other));
    eventually("subscriptions released", || server.stats().subscribers == 0).await;
}

#[tokio::test]
async fn errors_are_the_ones_momento_returns() {
    let server = server(quiet().topics(TopicConfig {
        heartbeat_interval: Duration::from_secs(60),
        max_subscriptions_per_cache: 2,
        ..TopicConfig::default()
    }));
    let mut client = pubsub(server.addr()).await;

    let mut unknown = publish_request("t", text("x"));
    unknown.cache_name = "no-such-cache".into();
    let err = client.publish(unknown).await.expect_err("unknown cache");
    assert_eq!(err.code(), Code::NotFound, "{err:?}");
    let mut unknown = subscribe_request("t", 0, 0);
    unknown.cache_name = "no-such-cache".into();
    let err = client.subscribe(unknown).await.expect_err("unknown cache");
    assert_eq!(err.code(), Code::NotFound, "{err:?}");

    for topic in ["", "  "] {
        let err = client
            .publish(publish_request(topic, text("x")))
            .await
            .expect_err("empty topic");
        assert_eq!(err.code(), Code::InvalidArgument, "{err:?}");
        let err = client
            .subscribe(subscribe_request(topic, 0, 0))
            .await
            .expect_err("empty topic");
        assert_eq!(err.code(), Code::InvalidArgument, "{err:?}");
    }
    let mut no_cache = publish_request("t", text("x"));
    no_cache.cache_name = String::new();
    let err = client.publish(no_cache).await.expect_err("empty cache");
    assert_eq!(err.code(), Code::InvalidArgument);

    let err = client
        .publish(publish_request("t", None))
        .await
        .expect_err("no value");
    assert_eq!(err.code(), Code::InvalidArgument);
    assert!(err.message().contains("value"), "{}", err.message());

    // 4 KiB is the hosted limit, and the default here.
    client
        .publish(publish_request("t", binary(&[7; 4096])))
        .await
        .expect("4096 bytes fit");
    let err = client
        .publish(publish_request("t", text(&"x".repeat(4097))))
        .await
        .expect_err("too large");
    assert_eq!(err.code(), Code::ResourceExhausted);
    assert_eq!(err_trailer(&err), Some("request_size_limit_exceeded"));

    let _a = subscribe(&mut client, "t", 0, 0).await;
    let _b = subscribe(&mut client, "u", 0, 0).await;
    let err = client
        .subscribe(subscribe_request("t", 0, 0))
        .await
        .expect_err("over the limit");
    assert_eq!(err.code(), Code::ResourceExhausted);
    assert_eq!(
        err_trailer(&err),
        Some("topic_subscriptions_limit_exceeded")
    );
    assert!(err.message().contains("subscribers"), "{}", err.message());

    // Nothing that was refused counts as published.
    assert_eq!(server.stats().messages_published, 1);
}

#[tokio::test]
async fn heartbeats_keep_an_idle_stream_alive_past_its_grpc_timeout() {
    let interval = Duration::from_millis(100);
    let server = server(ServerConfig::default().topics(TopicConfig {
        heartbeat_interval: interval,
        ..TopicConfig::default()
    }));
    let mut client = pubsub(server.addr()).await;
    let mut request = tonic::Request::new(subscribe_request("idle", 0, 0));
    // Sent as `grpc-timeout: 150m`; it bounds establishing the stream, not its life.
    request.set_timeout(Duration::from_millis(150));
    let mut stream = client
        .subscribe(request)
        .await
        .expect("subscribed")
        .into_inner();
    let start = Instant::now();
    let mut beats = Vec::new();
    while beats.len() < 8 {
        assert_eq!(next(&mut stream).await, Seen::Heartbeat);
        beats.push(start.elapsed());
    }
    // One at once, then one per interval of silence: never early.
    for pair in beats.windows(2) {
        assert!(pair[1] - pair[0] >= interval, "{beats:?}");
    }
    assert!(start.elapsed() >= 7 * interval);
    // Still open and delivering, well past the 150 ms timeout.
    publish(&mut client, "idle", "late").await;
    assert_eq!(next_data(&mut stream).await.seq(), Some(1));
}

#[tokio::test]
async fn resuming_replays_from_the_number_asked_for() {
    let server = server(quiet());
    let mut client = pubsub(server.addr()).await;
    let mut stream = subscribe(&mut client, "feed", 0, 0).await;
    for i in 1..=3 {
        publish(&mut client, "feed", &format!("m{i}")).await;
    }
    let mut page = 0;
    for expected in 1..=3 {
        let got = next(&mut stream).await;
        assert_eq!(got.seq(), Some(expected));
        page = got.page().unwrap();
    }
    drop(stream);
    for i in 4..=6 {
        publish(&mut client, "feed", &format!("m{i}")).await;
    }
    // Resume at last seen + 1: exactly the missed messages, no duplicate, no gap.
    let mut resumed = subscribe(&mut client, "feed", 4, page).await;
    for expected in 4..=6 {
        let got = next(&mut resumed).await;
        assert_eq!(
            got,
            Seen::Text {
                seq: expected,
                page,
                text: format!("m{expected}")
            }
        );
    }
    publish(&mut client, "feed", "m7").await;
    assert_eq!(next(&mut resumed).await.seq(), Some(7));

    // Resuming at the last number seen (as some SDKs do) gets that one again.
    let mut again = subscribe(&mut client, "feed", 7, page).await;
    assert_eq!(next(&mut again).await.seq(), Some(7));

    // Page 0 means "the current page".
    let mut unpaged = subscribe(&mut client, "feed", 6, 0).await;
    assert_eq!(next(&mut unpaged).await.seq(), Some(6));

    // Caught up exactly: nothing replayed, the next message is the next one published.
    let mut caught_up = subscribe(&mut client, "feed", 8, page).await;
    publish(&mut client, "feed", "m8").await;
    assert_eq!(next(&mut caught_up).await.seq(), Some(8));
}

#[tokio::test]
async fn a_resume_the_history_cannot_serve_starts_with_a_discontinuity() {
    let server = server(quiet().topics(TopicConfig {
        heartbeat_interval: Duration::from_secs(60),
        history_per_topic: 3,
        ..TopicConfig::default()
    }));
    let mut client = pubsub(server.addr()).await;
    for i in 1..=5 {
        publish(&mut client, "t", &format!("m{i}")).await;
    }
    // 3..=5 are kept.
    let mut stream = subscribe(&mut client, "t", 1, 0).await;
    let Seen::Gap {
        last: 0,
        new: 2,
        page,
    } = next(&mut stream).await
    else {
        panic!("expected a discontinuity");
    };
    for expected in 3..=5 {
        assert_eq!(next(&mut stream).await.seq(), Some(expected));
    }

    // A page this topic never had (a reset topic): the current page, then its history.
    let mut other_page = subscribe(&mut client, "t", 4, page + 1).await;
    assert_eq!(
        next(&mut other_page).await,
        Seen::Gap {
            last: 0,
            new: 2,
            page
        }
    );
    assert_eq!(next(&mut other_page).await.seq(), Some(3));

    // Beyond the newest number: continues with the next one published.
    let mut ahead = subscribe(&mut client, "t", 50, page).await;
    assert_eq!(
        next(&mut ahead).await,
        Seen::Gap {
            last: 49,
            new: 5,
            page
        }
    );
    publish(&mut client, "t", "m6").await;
    assert_eq!(next(&mut ahead).await.seq(), Some(6));
    assert_eq!(server.stats().discontinuities_sent, 3);
}

#[tokio::test]
async fn a_subscriber_that_falls_behind_gets_a_discontinuity_not_a_queue() {
    let server = server(quiet().topics(TopicConfig {
        heartbeat_interval: Duration::from_secs(60),
        history_per_topic: 8,
        ..TopicConfig::default()
    }));
    let mut publisher = pubsub(server.addr()).await;
    // The HTTP/2 minimum windows, so the transport itself buffers little.
    let small_windows =
        tonic::transport::Endpoint::from_shared(format!("http://{}", server.addr()))
            .unwrap()
            .initial_stream_window_size(65_535)
            .initial_connection_window_size(65_535)
            .connect()
            .await
            .expect("connects");
    let mut slow_client = Pubsub::new(small_windows);
    let mut slow = subscribe(&mut slow_client, "firehose", 0, 0).await;
    // 300 messages of 4 KiB (1.2 MB) while the subscriber reads nothing: far more than the
    // HTTP/2 windows and send buffers hold, so the server's cursor stops and the history
    // moves past it.
    let payload = vec![b'x'; 4096];
    for _ in 0..300 {
        publisher
            .publish(publish_request("firehose", binary(&payload)))
            .await
            .expect("publish");
    }
    let mut expected = 1;
    let mut gaps = Vec::new();
    while expected <= 300 {
        match next(&mut slow).await {
            Seen::Binary { seq, .. } => {
                assert_eq!(seq, expected, "an unreported gap");
                expected += 1;
            }
            Seen::Gap { last, new, .. } => {
                assert_eq!(last, expected - 1);
                assert!(new >= expected, "a discontinuity that skips nothing");
                gaps.push((last, new));
                expected = new + 1;
            }
            Seen::Heartbeat | Seen::Text { .. } => panic!("unexpected"),
        }
    }
    assert!(!gaps.is_empty(), "the slow subscriber never fell behind");
    assert!(
        gaps.last().unwrap().1 >= 292,
        "resumed within the last 8: {gaps:?}"
    );
}

#[tokio::test]
async fn deleting_the_cache_ends_its_subscriptions_with_not_found() {
    let server = server(quiet());
    let mut client = pubsub(server.addr()).await;
    let mut stream = subscribe(&mut client, "t", 0, 0).await;
    let mut control = ScsControlClient::new(channel(server.addr()).await);
    control
        .delete_cache(DeleteCacheRequest {
            cache_name: CACHE.into(),
        })
        .await
        .expect("deleted");
    let status = end(&mut stream).await.expect_err("ended with an error");
    assert_eq!(status.code(), Code::NotFound, "{status:?}");
    eventually("subscription released", || server.stats().subscribers == 0).await;
    assert_eq!(server.stats().topics, 0);
}

#[tokio::test]
async fn a_graceful_shutdown_ends_open_subscriptions() {
    let server = server(quiet());
    let mut client = pubsub(server.addr()).await;
    let mut stream = subscribe(&mut client, "t", 0, 0).await;
    let start = Instant::now();
    let stopping = std::thread::spawn(move || server.shutdown_graceful(Duration::from_secs(10)));
    let status = end(&mut stream).await.expect_err("ended with an error");
    assert_eq!(status.code(), Code::Unavailable, "{status:?}");
    stopping.join().unwrap();
    // Not held until the 10 s grace runs out.
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
}
