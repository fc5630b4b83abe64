//! The native fault matrix: a slow, failing, dropping or restarting server must give every
//! call a prompt, typed answer, and no write may be reported stored that was not.
//! Each test prints its measured figures (run with `--nocapture`) for docs/reliability.md.

mod common;

use std::time::Duration;

use edgecache::ErrorCode;
use edgecache_server::{FaultConfig, ServerConfig};
use futures_util::future::join_all;
use web_time::Instant;

/// These tests measure timing; running them one at a time keeps one test's load from
/// delaying another's timers.
async fn one_at_a_time() -> tokio::sync::MutexGuard<'static, ()> {
    static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    LOCK.lock().await
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

#[tokio::test(flavor = "current_thread")]
async fn latency_with_jitter_never_exceeds_the_deadline() {
    let _serial = one_at_a_time().await;
    let server = common::server();
    let deadline = Duration::from_millis(200);
    let client = common::client_with(&server, common::config(deadline, 50));
    let cache = common::fresh_cache(&client, "latency").await;
    // Most calls finish; the jitter pushes some past the deadline.
    server
        .faults()
        .set(FaultConfig::none().with_latency(20, 250))
        .unwrap();
    let calls = (0..500).map(|i| {
        let client = client.clone();
        let cache = cache.clone();
        async move {
            let started = Instant::now();
            let result = client.get(&cache, format!("k{i}")).await;
            (result, started.elapsed())
        }
    });
    let results = join_all(calls).await;
    let mut times: Vec<Duration> = results.iter().map(|(_, t)| *t).collect();
    times.sort();
    let timeouts = results
        .iter()
        .filter(|(r, _)| r.as_ref().is_err_and(|e| e.code == ErrorCode::TimeoutError))
        .count();
    let ok = results.iter().filter(|(r, _)| r.is_ok()).count();
    assert_eq!(
        ok + timeouts,
        500,
        "every call either succeeds or times out"
    );
    assert!(
        ok > 0 && timeouts > 0,
        "the jitter should straddle the deadline: {ok} ok, {timeouts} timeouts"
    );
    let max = *times.last().unwrap();
    assert!(
        max < deadline + Duration::from_millis(25),
        "slowest call took {max:?}"
    );
    println!(
        "latency 20 ms + jitter 0-250 ms, deadline 200 ms, 500 calls: {ok} ok, {timeouts} timeouts, p50 {:?}, p99.9 {:?}, max {max:?}",
        percentile(&times, 0.5),
        percentile(&times, 0.999)
    );
}

#[tokio::test(flavor = "current_thread")]
async fn error_bursts_retry_only_idempotent_calls_within_the_deadline() {
    let _serial = one_at_a_time().await;
    let server = common::server();
    let client = common::client(&server);
    let cache = common::fresh_cache(&client, "bursts").await;
    server
        .faults()
        .set(FaultConfig::none().with_errors(30.0, 14))
        .unwrap();
    server.reset_stats();
    let n = 300;
    let mut set_ok = 0;
    let mut incr_ok = 0;
    let mut incr_failed = 0;
    for i in 0..n {
        if client.set(&cache, format!("k{i}"), "v").await.is_ok() {
            set_ok += 1;
        }
        match client.increment(&cache, "counter", 1).await {
            Ok(_) => incr_ok += 1,
            Err(e) => {
                assert_eq!(e.code, ErrorCode::ServerUnavailable);
                incr_failed += 1;
            }
        }
    }
    let stats = server.stats();
    let set_requests = stats.requests("/cache_client.Scs/Set");
    let incr_requests = stats.requests("/cache_client.Scs/Increment");
    // Sets retry: more requests than calls, at most four per call.
    assert!(
        set_requests > n && set_requests <= 4 * n,
        "{set_requests} set requests for {n} calls"
    );
    // With 30% errors and 3 retries, a set fails only when all four tries fail (0.8%).
    assert!(set_ok >= n - 10, "{set_ok} of {n} sets succeeded");
    // Increments never retry: exactly one request per call.
    assert_eq!(incr_requests, n);
    server.faults().clear();
    // The counter holds exactly the increments that reported success: none was applied twice.
    let stored = client.get(&cache, "counter").await.unwrap();
    let stored: u64 = stored.value().unwrap().as_str().unwrap().parse().unwrap();
    assert_eq!(stored, incr_ok);
    println!(
        "30% UNAVAILABLE, {n} sets + {n} increments: sets {set_ok} ok using {set_requests} requests (retried); increments {incr_ok} ok / {incr_failed} failed using {incr_requests} requests (never retried); counter = {stored}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn dropped_connections_lose_no_reported_write() {
    let _serial = one_at_a_time().await;
    let server = common::server();
    let client = common::client_with(&server, common::config(Duration::from_secs(5), 20));
    let cache = common::fresh_cache(&client, "drops").await;
    server
        .faults()
        .set(FaultConfig::none().with_drop_connection_after(Some(25)))
        .unwrap();
    let calls = (0..400).map(|i| {
        let client = client.clone();
        let cache = cache.clone();
        async move {
            (
                i,
                client.set(&cache, format!("k{i}"), format!("v{i}")).await,
            )
        }
    });
    let results = join_all(calls).await;
    let reported: Vec<usize> = results
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(i, _)| *i)
        .collect();
    for (_, result) in &results {
        if let Err(e) = result {
            assert_eq!(e.code, ErrorCode::ServerUnavailable, "{e}");
        }
    }
    server.faults().clear();
    for i in &reported {
        let value = client.get(&cache, format!("k{i}")).await.unwrap();
        assert_eq!(
            value.value().unwrap().as_str().unwrap(),
            format!("v{i}"),
            "k{i} was reported stored"
        );
    }
    let connections = server.stats().connections_accepted;
    assert!(
        connections > 10,
        "the client reconnected after each drop: {connections}"
    );
    println!(
        "connection dropped every 25 requests, 400 sets (20 in flight): {} reported stored, all read back; {connections} connections",
        reported.len()
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_restarted_server_is_found_again_within_a_second() {
    let _serial = one_at_a_time().await;
    let first = common::server();
    let port = first.addr().port();
    let client = common::client_with(&first, common::config(Duration::from_millis(500), 20));
    let cache = common::fresh_cache(&client, "restart").await;
    client.set(&cache, "before", "v").await.unwrap();

    // Stop the server on another thread (shutdown waits for the port) while calls continue.
    let stopper = std::thread::spawn(move || first.shutdown());
    let mut down_errors = 0;
    let down_until = Instant::now() + Duration::from_millis(300);
    while Instant::now() < down_until {
        match client.get(&cache, "before").await {
            Ok(_) => {}
            Err(e) => {
                assert!(
                    matches!(
                        e.code,
                        ErrorCode::ServerUnavailable | ErrorCode::TimeoutError
                    ),
                    "{e}"
                );
                down_errors += 1;
            }
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    stopper.join().unwrap();
    assert!(down_errors > 0, "calls failed while the server was down");

    let restarted_at = Instant::now();
    let second = common::server_with(ServerConfig::new().port(port).cache(cache.clone()));
    let mut first_success = None;
    for _ in 0..200 {
        if client.set(&cache, "after", "v").await.is_ok() {
            first_success = Some(restarted_at.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let recovery = first_success.expect("the client reconnects on its own");
    assert!(
        recovery < Duration::from_secs(1),
        "first success {recovery:?} after the restart"
    );
    assert!(client.get(&cache, "after").await.unwrap().value().is_some());
    println!(
        "server killed and restarted on the same port: {down_errors} calls failed fast while down; first success {recovery:?} after restart"
    );
    drop(second);
}

#[tokio::test(flavor = "current_thread")]
async fn the_cap_holds_for_a_hundred_thousand_requests() {
    let _serial = one_at_a_time().await;
    let server = common::server();
    let cap = 50;
    let client = common::client_with(&server, common::config(Duration::from_secs(30), cap));
    let cache = common::fresh_cache(&client, "cap-load").await;
    client.set(&cache, "k", "v").await.unwrap();
    server.reset_stats();
    let started = Instant::now();
    // 1,000 callers at once, 100 requests each.
    let callers = (0..1000).map(|_| {
        let client = client.clone();
        let cache = cache.clone();
        async move {
            for _ in 0..100 {
                client.get(&cache, "k").await.unwrap();
            }
        }
    });
    join_all(callers).await;
    let stats = server.stats();
    assert_eq!(stats.requests("/cache_client.Scs/Get"), 100_000);
    assert!(
        stats.max_in_flight <= cap as u64,
        "server saw {} in flight",
        stats.max_in_flight
    );
    println!(
        "1,000 callers x 100 gets, cap {cap}: server max in flight {}, {} connection(s) open, {:.1} s",
        stats.max_in_flight,
        stats.connections_open,
        started.elapsed().as_secs_f64()
    );
}
