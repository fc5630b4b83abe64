//! Stream faults (a stream ended, a connection dropped mid-stream, heartbeats stopped) and the
//! subscription count going back down however a stream ends.

mod support;

use std::time::Duration;

use edgecache_server::topics::TopicConfig;
use edgecache_server::{DropKind, FaultConfig, ServerConfig};
use support::pubsub::*;
use support::*;
use tonic::Code;

fn with_heartbeat(ms: u64) -> ServerConfig {
    ServerConfig::default().topics(TopicConfig {
        heartbeat_interval: Duration::from_millis(ms),
        ..TopicConfig::default()
    })
}

#[tokio::test]
async fn a_stream_ended_after_n_items_can_be_resumed_without_loss() {
    let server = server(
        with_heartbeat(60_000).faults(FaultConfig::none().with_stream_end_after_items(Some(3))),
    );
    let mut client = pubsub(server.addr()).await;
    let mut stream = subscribe(&mut client, "t", 0, 0).await;
    for i in 1..=5 {
        publish(&mut client, "t", &format!("m{i}")).await;
    }
    let mut page = 0;
    for expected in 1..=3 {
        let got = next(&mut stream).await;
        assert_eq!(got.seq(), Some(expected));
        page = got.page().unwrap();
    }
    let ended = end(&mut stream).await;
    assert!(ended.is_ok(), "a clean end after 3 items: {ended:?}");
    let mut resumed = subscribe(&mut client, "t", 4, page).await;
    assert_eq!(next(&mut resumed).await.seq(), Some(4));
    assert_eq!(next(&mut resumed).await.seq(), Some(5));
    drop(resumed);
    eventually("released", || server.stats().subscribers == 0).await;
}

#[tokio::test]
async fn a_connection_reset_mid_stream_fails_the_stream_and_frees_it() {
    let server = server(
        with_heartbeat(60_000)
            .faults(FaultConfig::none().with_stream_drop_connection_after_items(Some(2))),
    );
    let mut publisher = pubsub(server.addr()).await;
    let mut subscriber = pubsub(server.addr()).await;
    let mut stream = subscribe(&mut subscriber, "t", 0, 0).await;
    publish(&mut publisher, "t", "m1").await;
    publish(&mut publisher, "t", "m2").await;
    assert_eq!(next(&mut stream).await.seq(), Some(1));
    let page = next(&mut stream).await.page().unwrap();
    // The stream has its next message to send: the connection drops instead.
    publish(&mut publisher, "t", "m3").await;
    let status = end(&mut stream).await.expect_err("the stream fails");
    assert_ne!(status.code(), Code::Ok);
    eventually("released", || server.stats().subscribers == 0).await;
    eventually("connection closed", || server.stats().connections_open == 1).await;

    server.faults().clear();
    let mut resumed = subscribe(&mut subscriber, "t", 3, page).await;
    assert_eq!(next(&mut resumed).await.seq(), Some(3));
}

#[tokio::test]
async fn a_goaway_mid_stream_ends_every_stream_of_the_connection_after_what_it_sent() {
    let server = server(
        with_heartbeat(60_000).faults(
            FaultConfig::none()
                .with_stream_drop_connection_after_items(Some(2))
                .with_drop_connection_kind(DropKind::Goaway),
        ),
    );
    let mut publisher = pubsub(server.addr()).await;
    // Both subscriptions share one connection.
    let mut subscriber = pubsub(server.addr()).await;
    let mut a = subscribe(&mut subscriber, "t", 0, 0).await;
    let mut b = subscribe(&mut subscriber, "u", 0, 0).await;
    publish(&mut publisher, "t", "1").await;
    publish(&mut publisher, "t", "2").await;
    assert_eq!(next(&mut a).await.seq(), Some(1));
    assert_eq!(next(&mut a).await.seq(), Some(2));
    publish(&mut publisher, "t", "3").await;
    for stream in [&mut a, &mut b] {
        let status = end(stream).await.expect_err("ended by the GOAWAY");
        assert_eq!(status.code(), Code::Unavailable, "{status:?}");
    }
    eventually("released", || server.stats().subscribers == 0).await;
    eventually("connection closed", || server.stats().connections_open == 1).await;
    // The channel opens a new connection for the next call.
    server.faults().clear();
    let mut resumed = subscribe(&mut subscriber, "t", 3, 0).await;
    assert_eq!(next(&mut resumed).await.seq(), Some(3));
}

#[tokio::test]
async fn stopped_heartbeats_leave_an_idle_stream_silent_until_restarted() {
    let interval = Duration::from_millis(50);
    let server = server(with_heartbeat(50).faults(FaultConfig::none().with_stop_heartbeats(true)));
    let mut client = pubsub(server.addr()).await;
    // The opening heartbeat still comes at once (checked by `subscribe`).
    let mut stream = subscribe(&mut client, "t", 0, 0).await;
    let silent = tokio::time::timeout(10 * interval, stream.message()).await;
    assert!(silent.is_err(), "something arrived: {silent:?}");
    // Items still flow.
    publish(&mut client, "t", "m").await;
    assert_eq!(next(&mut stream).await.seq(), Some(1));
    server.faults().clear();
    assert_eq!(next(&mut stream).await, Seen::Heartbeat);
}

#[tokio::test]
async fn ten_thousand_subscribe_unsubscribe_cycles_leave_no_subscriber_behind() {
    const WORKERS: usize = 20;
    const CYCLES: usize = 10_000;
    // Room for each worker's open subscription plus cancels still on their way; a leak of
    // even 1 in 125 cycles would run into this limit.
    let server = server(with_heartbeat(60_000).topics(TopicConfig {
        max_subscriptions_per_cache: 4 * WORKERS,
        ..TopicConfig::default()
    }));
    let channel = channel(server.addr()).await;
    let mut tasks = Vec::new();
    for worker in 0..WORKERS {
        let mut client = Pubsub::new(channel.clone());
        tasks.push(tokio::spawn(async move {
            for _ in 0..CYCLES / WORKERS {
                // Open (the opening heartbeat arrived), then dropped: cancelled on the wire.
                drop(subscribe(&mut client, &format!("t{}", worker % 4), 0, 0).await);
            }
        }));
    }
    for task in tasks {
        task.await.expect("worker");
    }
    // Each cancel reaches the server a moment after the client drops its stream.
    eventually("every subscription released", || {
        let stats = server.stats();
        stats.subscribers == 0 && stats.in_flight == 0
    })
    .await;
    let stats = server.stats();
    assert_eq!(stats.subscriptions_opened, CYCLES as u64);
    assert_eq!(stats.requests(SUBSCRIBE), CYCLES as u64);
    assert_eq!(stats.topics, 4);
}
