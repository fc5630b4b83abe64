//! TopicClient against a real edgecache-server: publish and subscribe, the subscription limit,
//! deadlines that cover only a stream's opening, and resuming without loss or duplicates
//! after the server ends or drops a stream, or falls silent.

mod common;

use std::time::Duration;

use edgecache::configurations::Laptop;
use edgecache::topics::{SubscribeRequest, Subscription, SubscriptionItem, ValueKind};
use edgecache::{Configuration, ErrorCode, TopicClient};
use edgecache_server::topics::TopicConfig;
use edgecache_server::{FaultConfig, ServerConfig, ServerHandle};
use futures_util::StreamExt;
use futures_util::future::join_all;
use web_time::Instant;

/// Every wait on the network is bounded by this, so a broken build fails instead of hanging.
const PATIENCE: Duration = Duration::from_secs(10);

fn server(heartbeat_ms: u64) -> ServerHandle {
    common::server_with(ServerConfig::new().topics(TopicConfig {
        heartbeat_interval: Duration::from_millis(heartbeat_ms),
        ..TopicConfig::default()
    }))
}

fn topics_with(server: &ServerHandle, config: Configuration) -> TopicClient {
    TopicClient::builder()
        .configuration(config)
        .credential_provider(common::credentials(server))
        .build()
        .expect("topic client builds")
}

fn topics(server: &ServerHandle) -> TopicClient {
    topics_with(server, Laptop::latest())
}

async fn cache(server: &ServerHandle) -> String {
    common::fresh_cache(&common::client(server), "topics").await
}

async fn next_value(subscription: &mut Subscription) -> (u64, ValueKind) {
    let value = tokio::time::timeout(PATIENCE, subscription.next())
        .await
        .expect("a value arrives in time")
        .unwrap_or_else(|| panic!("the subscription ended: {:?}", subscription.error()));
    (value.topic_sequence_number, value.kind)
}

async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let started = Instant::now();
    while !check() {
        assert!(started.elapsed() < PATIENCE, "not reached in time: {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn text(i: u64) -> ValueKind {
    ValueKind::Text(format!("m{i}"))
}

#[tokio::test]
async fn text_and_binary_values_arrive_with_consecutive_sequence_numbers() {
    let server = server(5_000);
    let cache = cache(&server).await;
    let client = topics(&server);
    let mut subscription = client.subscribe(&cache, "news").await.unwrap();
    client.publish(&cache, "news", "hello").await.unwrap();
    client
        .publish(&cache, "news", vec![0u8, 159, 146, 150])
        .await
        .unwrap();
    client.publish(&cache, "news", b"raw").await.unwrap();
    let (first, kind) = next_value(&mut subscription).await;
    assert_eq!(kind, ValueKind::Text("hello".into()));
    assert_eq!(
        next_value(&mut subscription).await,
        (first + 1, ValueKind::Binary(vec![0, 159, 146, 150]))
    );
    assert_eq!(
        next_value(&mut subscription).await,
        (first + 2, ValueKind::Binary(b"raw".to_vec()))
    );
    assert_eq!(first, 1, "a new topic starts at 1");
}

#[tokio::test]
async fn every_subscriber_sees_every_value_in_order() {
    let server = server(5_000);
    let cache = cache(&server).await;
    let client = topics(&server);
    let mut subscribers = Vec::new();
    for _ in 0..20 {
        subscribers.push(client.subscribe(&cache, "fan").await.unwrap());
    }
    for i in 1..=50 {
        client
            .publish(&cache, "fan", format!("m{i}"))
            .await
            .unwrap();
    }
    let seen = join_all(subscribers.iter_mut().map(|subscription| async move {
        let mut seen = Vec::new();
        for _ in 1..=50 {
            seen.push(next_value(subscription).await);
        }
        seen
    }))
    .await;
    let expected: Vec<_> = (1..=50).map(|i| (i, text(i))).collect();
    for got in seen {
        assert_eq!(got, expected);
    }
}

#[tokio::test]
async fn the_subscription_limit_is_a_typed_error_and_every_ending_frees_a_slot() {
    let server = server(5_000);
    let cache = cache(&server).await;
    let config = Laptop::latest()
        .to_builder()
        .max_concurrent_subscriptions(2)
        .build()
        .unwrap();
    let client = topics_with(&server, config);
    let a = client.subscribe(&cache, "t").await.unwrap();
    let _b = client.clone().subscribe(&cache, "t").await.unwrap();
    let refused = client.subscribe(&cache, "t").await.unwrap_err();
    assert_eq!(refused.error_code, ErrorCode::ClientResourceExhausted);
    assert!(refused.message.contains("max_concurrent_subscriptions"));
    assert_eq!(client.open_subscriptions(), 2);
    eventually("two on the server", || server.stats().subscribers == 2).await;

    // Dropping a subscription cancels its stream on the wire.
    drop(a);
    assert_eq!(client.open_subscriptions(), 1);
    eventually("cancelled on the server", || {
        server.stats().subscribers == 1
    })
    .await;

    // A subscription that fails for good frees its slot too.
    let missing = client.subscribe("no-such-cache", "t").await.unwrap_err();
    assert_eq!(missing.error_code, ErrorCode::CacheNotFoundError);
    assert_eq!(client.open_subscriptions(), 1);
    let blank = client.subscribe(&cache, " ").await.unwrap_err();
    assert_eq!(blank.error_code, ErrorCode::InvalidArgumentError);
    let blank = client.publish(&cache, "", "x").await.unwrap_err();
    assert_eq!(blank.error_code, ErrorCode::InvalidArgumentError);
    assert_eq!(client.open_subscriptions(), 1);
}

#[tokio::test]
async fn ten_thousand_subscribe_unsubscribe_cycles_leave_nothing_behind() {
    let server = server(5_000);
    let cache = cache(&server).await;
    let client = topics(&server);
    for _ in 0..10_000 {
        let subscription = client.subscribe(&cache, "churn").await.unwrap();
        drop(subscription);
    }
    assert_eq!(client.open_subscriptions(), 0);
    eventually("no subscriber left on the server", || {
        server.stats().subscribers == 0
    })
    .await;
    assert_eq!(server.stats().subscriptions_opened, 10_000);
}

#[tokio::test]
async fn opening_a_stream_has_the_deadline_and_an_open_stream_has_none() {
    let server = server(50);
    let cache = cache(&server).await;
    let deadline = Duration::from_millis(300);
    // One slot for calls: idle subscriptions must not hold it.
    let client = topics_with(&server, common::config(deadline, 1));
    let mut subscriptions = Vec::new();
    for topic in ["a", "b", "c"] {
        subscriptions.push(client.subscribe(&cache, topic).await.unwrap());
    }
    tokio::time::sleep(deadline * 2).await;
    // The streams outlived the deadline, and the cap's one slot is free for this publish.
    client.publish(&cache, "b", "late").await.unwrap();
    assert_eq!(
        next_value(&mut subscriptions[1]).await,
        (1, ValueKind::Text("late".into()))
    );
    let opened = server.stats().subscriptions_opened;
    assert_eq!(opened, 3, "no stream was cut and resumed");

    // A server that takes the request and never answers: the subscribe settles at its
    // deadline, not before and not more than 25 ms after.
    server
        .faults()
        .set(FaultConfig::none().with_stall(true))
        .unwrap();
    let started = Instant::now();
    let err = client.subscribe(&cache, "stalled").await.unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(err.error_code, ErrorCode::TimeoutError, "{err}");
    assert!(elapsed >= deadline, "settled early: {elapsed:?}");
    assert!(
        elapsed < deadline + Duration::from_millis(25),
        "settled late: {elapsed:?}"
    );
    assert_eq!(
        client.open_subscriptions(),
        3,
        "the failed one left no slot taken"
    );
    server.faults().clear();
}

/// Publishes `count` values one by one and checks the subscription delivers each exactly once,
/// in order, with only announced gaps (none are expected while the history holds them).
async fn publish_and_expect_all(
    client: &TopicClient,
    subscription: &mut Subscription,
    cache: &str,
    topic: &str,
    count: u64,
) {
    for i in 1..=count {
        client.publish(cache, topic, format!("m{i}")).await.unwrap();
    }
    let mut values = Vec::new();
    while values.len() < count as usize {
        let item = tokio::time::timeout(PATIENCE, subscription.next_item())
            .await
            .expect("items arrive in time")
            .expect("the subscription goes on")
            .expect("no error ends it");
        match item {
            SubscriptionItem::Value(value) => {
                values.push((value.topic_sequence_number, value.kind))
            }
            SubscriptionItem::Discontinuity(gap) => panic!("unexpected gap: {gap:?}"),
            SubscriptionItem::Heartbeat => {}
        }
    }
    let expected: Vec<_> = (1..=count).map(|i| (i, text(i))).collect();
    assert_eq!(values, expected);
}

#[tokio::test]
async fn streams_the_server_ends_are_resumed_without_loss_or_duplicates() {
    let server = server(5_000);
    let cache = cache(&server).await;
    let client = topics(&server);
    let mut subscription = client.subscribe(&cache, "t").await.unwrap();
    server
        .faults()
        .set(FaultConfig::none().with_stream_end_after_items(Some(3)))
        .unwrap();
    publish_and_expect_all(&client, &mut subscription, &cache, "t", 20).await;
    assert!(
        server.stats().subscriptions_opened >= 5,
        "the stream was ended and resumed several times: {}",
        server.stats().subscriptions_opened
    );
}

#[tokio::test]
async fn connections_reset_mid_stream_are_resumed_without_loss_or_duplicates() {
    let server = server(5_000);
    let cache = cache(&server).await;
    // The publisher has a connection of its own, so only the subscriber's is dropped.
    let publisher = topics(&server);
    let client = topics(&server);
    let mut subscription = client.subscribe(&cache, "t").await.unwrap();
    server
        .faults()
        .set(FaultConfig::none().with_stream_drop_connection_after_items(Some(4)))
        .unwrap();
    publish_and_expect_all(&publisher, &mut subscription, &cache, "t", 20).await;
    assert!(server.stats().subscriptions_opened >= 3);
}

#[tokio::test]
async fn a_silent_stream_is_resumed_by_the_watchdog() {
    let server = server(50);
    let cache = cache(&server).await;
    let silence = Duration::from_millis(300);
    let config = Laptop::latest()
        .to_builder()
        .subscription_silence_limit(silence)
        .build()
        .unwrap();
    let client = topics_with(&server, config);
    let mut subscription = client.subscribe(&cache, "quiet").await.unwrap();
    client.publish(&cache, "quiet", "m1").await.unwrap();
    assert_eq!(next_value(&mut subscription).await, (1, text(1)));
    // Heartbeats stop: the open stream looks alive on the socket but says nothing.
    server
        .faults()
        .set(FaultConfig::none().with_stop_heartbeats(true))
        .unwrap();
    let waiting = tokio::time::timeout(silence * 2 + silence / 2, subscription.next_item()).await;
    // Within the silence limit, only the new stream's opening heartbeat can arrive.
    let item = waiting.expect("the watchdog resumed the stream, whose first message came");
    assert_eq!(item.unwrap().unwrap(), SubscriptionItem::Heartbeat);
    assert_eq!(server.stats().subscriptions_opened, 2);
    server.faults().clear();
    client.publish(&cache, "quiet", "m2").await.unwrap();
    assert_eq!(next_value(&mut subscription).await, (2, text(2)));
}

#[tokio::test]
async fn resuming_at_a_sequence_number_replays_from_there() {
    let server = server(5_000);
    let cache = cache(&server).await;
    let client = topics(&server);
    let mut first = client.subscribe(&cache, "r").await.unwrap();
    for i in 1..=5 {
        client.publish(&cache, "r", format!("m{i}")).await.unwrap();
    }
    let mut page = 0;
    for i in 1..=5 {
        let value = first.next().await.unwrap();
        assert_eq!(value.topic_sequence_number, i);
        page = value.topic_sequence_page;
    }
    let request = SubscribeRequest::new(&cache, "r", Some(3), Some(page));
    let mut resumed = client.send_request(request).await.unwrap();
    for i in 3..=5 {
        assert_eq!(next_value(&mut resumed).await, (i, text(i)));
    }
}

#[tokio::test]
async fn a_subscription_ended_for_good_reports_once_and_stays_ended() {
    let server = server(50);
    let cache = cache(&server).await;
    let client = topics(&server);
    let admin = common::client(&server);
    let mut subscription = client.subscribe(&cache, "gone").await.unwrap();
    // The cache goes, then the stream's connection drops at its next heartbeat: the
    // subscription comes back for a cache that is not there.
    admin.delete_cache(&cache).await.unwrap();
    server
        .faults()
        .set(FaultConfig::none().with_stream_drop_connection_after_items(Some(0)))
        .unwrap();
    let ended = tokio::time::timeout(PATIENCE, async {
        loop {
            match subscription.next_item().await {
                Some(Ok(_)) => continue,
                other => return other,
            }
        }
    })
    .await
    .expect("the subscription ends in time");
    let error = ended.expect("the error comes once").unwrap_err();
    assert_eq!(error.error_code, ErrorCode::CacheNotFoundError, "{error}");
    // Polled again, it stays ended instead of panicking or resubscribing.
    assert!(subscription.next_item().await.is_none());
    assert!(subscription.next().await.is_none());
    assert_eq!(client.open_subscriptions(), 0);
    server.faults().clear();
}

const SUBSCRIBE: &str = "/cache_client.pubsub.Pubsub/Subscribe";

#[tokio::test]
async fn refused_resumes_are_retried_until_the_resume_limit_then_end_with_a_typed_error() {
    let server = server(50);
    let cache = cache(&server).await;
    let limit = Duration::from_millis(1_500);
    let config = Laptop::latest()
        .to_builder()
        .subscription_resume_limit(limit)
        .build()
        .unwrap();
    let client = topics_with(&server, config);
    let publisher = topics(&server);
    let mut subscription = client.subscribe(&cache, "busy").await.unwrap();
    publisher.publish(&cache, "busy", "m1").await.unwrap();
    assert_eq!(next_value(&mut subscription).await, (1, text(1)));
    // The stream's connection drops at its next heartbeat and every new Subscribe is
    // refused with RESOURCE_EXHAUSTED, as a server at its subscription limit does.
    let refusing = FaultConfig::none()
        .with_errors(100.0, 8)
        .with_stream_drop_connection_after_items(Some(0));

    // Refusals for less than the limit: retried until a stream opens, nothing lost.
    let refused_before = server.stats().responses_with_status(8);
    server.faults().set(refusing.clone()).unwrap();
    // Polled meanwhile (a subscription does its work when polled), nothing arrives.
    let waiting = tokio::time::timeout(limit / 2, subscription.next_item()).await;
    assert!(waiting.is_err(), "nothing but refusals: {waiting:?}");
    server.faults().clear();
    let refused = server.stats().responses_with_status(8) - refused_before;
    assert!(refused >= 2, "resumes were retried: {refused} refused");
    publisher.publish(&cache, "busy", "m2").await.unwrap();
    assert_eq!(next_value(&mut subscription).await, (2, text(2)));

    // Refusals past the limit: the subscription ends once, with the refusal's type, when
    // the limit has passed since the break (at most one heartbeat after the fault is set).
    let subscribes_before = server.stats().requests(SUBSCRIBE);
    server.faults().set(refusing).unwrap();
    let started = Instant::now();
    let ended = tokio::time::timeout(PATIENCE, async {
        loop {
            match subscription.next_item().await {
                Some(Ok(_)) => continue,
                other => return other,
            }
        }
    })
    .await
    .expect("the subscription ends in time");
    let elapsed = started.elapsed();
    server.faults().clear();
    let error = ended.expect("the error comes once").unwrap_err();
    assert_eq!(error.error_code, ErrorCode::LimitExceededError, "{error}");
    assert_eq!(error.status.as_ref().map(|s| s.code), Some(8));
    assert!(
        error.message.contains("subscription_resume_limit (1500 ms"),
        "{error}"
    );
    assert!(elapsed >= limit, "ended early: {elapsed:?}");
    // Bound: one heartbeat interval (50 ms) until the break, and the last attempt, which
    // starts at the limit and is refused at once.
    assert!(
        elapsed < limit + Duration::from_millis(300),
        "ended late: {elapsed:?}"
    );
    let tries = server.stats().requests(SUBSCRIBE) - subscribes_before;
    assert!(tries >= 4, "{tries} resumes tried before the end");
    assert!(subscription.next_item().await.is_none());
    assert_eq!(client.open_subscriptions(), 0);
}
