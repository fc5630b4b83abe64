//! The request path under pressure: one connection, the in-flight cap, deadlines and retries,
//! checked against what the server itself observed.

mod common;

use std::time::Duration;

use edgecache::configurations::Laptop;
use edgecache::{ErrorCode, RetryStrategy};
use edgecache_server::FaultConfig;
use futures_util::future::join_all;
use web_time::Instant;

#[tokio::test(flavor = "current_thread")]
async fn every_call_shares_one_connection() {
    let server = common::server();
    let client = common::client(&server);
    let cache = common::fresh_cache(&client, "one-conn").await;
    // A little latency keeps each request on the wire while the next are sent: without it a
    // loopback server can answer every request before the next one arrives, and the
    // connection is shared without ever carrying two at once.
    server
        .faults()
        .set(FaultConfig::none().with_latency(2, 2))
        .unwrap();
    let calls = (0..300).map(|i| {
        let client = client.clone();
        let cache = cache.clone();
        async move { client.set(&cache, format!("k{i}"), "v").await }
    });
    assert!(join_all(calls).await.iter().all(Result::is_ok));
    let stats = server.stats();
    assert_eq!(stats.connections_accepted, 1, "{stats:?}");
    assert!(
        stats.max_in_flight_per_connection > 1,
        "calls were multiplexed: {stats:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_thousand_calls_never_exceed_the_cap() {
    let server = common::server();
    let cap = 10;
    let client = common::client_with(&server, common::config(Duration::from_secs(30), cap));
    let cache = common::fresh_cache(&client, "cap").await;
    // A little latency keeps requests on the wire long enough to pile up.
    server
        .faults()
        .set(FaultConfig::none().with_latency(2, 2))
        .unwrap();
    server.reset_stats();
    let calls = (0..1000).map(|i| {
        let client = client.clone();
        let cache = cache.clone();
        async move { client.get(&cache, format!("k{i}")).await }
    });
    let results = join_all(calls).await;
    assert!(results.iter().all(Result::is_ok));
    let stats = server.stats();
    assert_eq!(stats.requests("/cache_client.Scs/Get"), 1000);
    assert!(
        stats.max_in_flight <= cap as u64,
        "server saw {} in flight, cap {cap}",
        stats.max_in_flight
    );
    assert_eq!(
        stats.max_in_flight, cap as u64,
        "the cap should be reached under this load"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_stalled_server_times_out_at_the_deadline_including_queued_calls() {
    let server = common::server();
    let deadline = Duration::from_millis(300);
    let client = common::client_with(&server, common::config(deadline, 2));
    let cache = common::fresh_cache(&client, "stall").await;
    client.connect().await.unwrap();
    server
        .faults()
        .set(FaultConfig::none().with_stall(true))
        .unwrap();
    let started = Instant::now();
    // Two calls hold the cap; the other eight wait behind it and must still settle on time.
    let calls = (0..10).map(|_| {
        let client = client.clone();
        let cache = cache.clone();
        async move {
            let result = client.get(&cache, "k").await;
            (result, started.elapsed())
        }
    });
    for (result, elapsed) in join_all(calls).await {
        let err = result.unwrap_err();
        assert_eq!(err.error_code, ErrorCode::TimeoutError, "{err}");
        assert!(elapsed >= deadline, "settled early: {elapsed:?}");
        assert!(
            elapsed < deadline + Duration::from_millis(25),
            "settled late: {elapsed:?}"
        );
    }
    // The queued calls' deadlines passed while they waited: none of them took a freed slot
    // to send a request nobody would wait for.
    let gets = server.stats().requests("/cache_client.Scs/Get");
    assert_eq!(
        gets, 2,
        "only the two calls holding the cap reached the server"
    );
    server.faults().clear();
}

#[tokio::test(flavor = "current_thread")]
async fn sub_second_deadlines_fire_on_time() {
    let server = common::server();
    let client = common::client_with(&server, common::config(Duration::from_millis(50), 100));
    let cache = common::fresh_cache(&client, "short-deadline").await;
    server
        .faults()
        .set(FaultConfig::none().with_latency(500, 0))
        .unwrap();
    let started = Instant::now();
    let err = client.get(&cache, "k").await.unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(err.error_code, ErrorCode::TimeoutError);
    assert!(
        elapsed >= Duration::from_millis(50) && elapsed < Duration::from_millis(75),
        "{elapsed:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn idempotent_calls_retry_and_others_do_not() {
    let server = common::server();
    let client = common::client(&server);
    let cache = common::fresh_cache(&client, "retry").await;
    server
        .faults()
        .set(FaultConfig::none().with_errors(100.0, 14))
        .unwrap();
    server.reset_stats();

    let err = client.get(&cache, "k").await.unwrap_err();
    assert_eq!(err.error_code, ErrorCode::ServerUnavailable);
    let err = client.set(&cache, "k", "v").await.unwrap_err();
    assert_eq!(err.error_code, ErrorCode::ServerUnavailable);
    let err = client.increment(&cache, "n", 1).await.unwrap_err();
    assert_eq!(err.error_code, ErrorCode::ServerUnavailable);
    let err = client.set_if_absent(&cache, "k", "v").await.unwrap_err();
    assert_eq!(err.error_code, ErrorCode::ServerUnavailable);

    let stats = server.stats();
    // The first try plus three retries for the idempotent calls; one try for the others.
    assert_eq!(stats.requests("/cache_client.Scs/Get"), 4);
    assert_eq!(stats.requests("/cache_client.Scs/Set"), 4);
    assert_eq!(stats.requests("/cache_client.Scs/Increment"), 1);
    assert_eq!(stats.requests("/cache_client.Scs/SetIf"), 1);

    // Errors that say the request was understood are never retried.
    server
        .faults()
        .set(FaultConfig::none().with_errors(100.0, 3))
        .unwrap();
    server.reset_stats();
    assert_eq!(
        client.get(&cache, "k").await.unwrap_err().error_code,
        ErrorCode::InvalidArgumentError
    );
    assert_eq!(server.stats().requests("/cache_client.Scs/Get"), 1);

    // Without a retry strategy nothing is repeated.
    let no_retry = common::client_with(
        &server,
        Laptop::latest()
            .to_builder()
            .retry_strategy(RetryStrategy::None)
            .build()
            .unwrap(),
    );
    server
        .faults()
        .set(FaultConfig::none().with_errors(100.0, 14))
        .unwrap();
    server.reset_stats();
    assert!(no_retry.get(&cache, "k").await.is_err());
    assert_eq!(server.stats().requests("/cache_client.Scs/Get"), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn a_dropped_connection_is_reopened_on_the_next_call() {
    let server = common::server();
    let client = common::client(&server);
    let cache = common::fresh_cache(&client, "reconnect").await;
    server
        .faults()
        .set(FaultConfig::none().with_drop_connection_after(Some(3)))
        .unwrap();
    let mut ok = 0;
    for i in 0..12 {
        // Sets are idempotent, so the request that hits the dropped connection is retried
        // on a new one.
        if client.set(&cache, format!("k{i}"), "v").await.is_ok() {
            ok += 1;
        }
    }
    assert_eq!(ok, 12);
    assert!(
        server.stats().connections_accepted >= 4,
        "{:?}",
        server.stats()
    );
    server.faults().clear();
    for i in 0..12 {
        assert!(
            client
                .get(&cache, format!("k{i}"))
                .await
                .unwrap()
                .value()
                .is_some(),
            "k{i} was stored"
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn works_on_a_current_thread_runtime_without_spawned_threads() {
    // The client must not need a multi-threaded runtime: build one by hand and drive it.
    let server = common::server();
    let client = common::client(&server);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let cache = common::fresh_cache(&client, "current-thread").await;
            client.set(&cache, "k", "v").await.unwrap();
            assert!(client.get(&cache, "k").await.unwrap().value().is_some());
        })
    })
    .join()
    .unwrap();
}
