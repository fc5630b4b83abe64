//! Stats: request counts per path and status, in-flight maxima overall and per
//! connection, connection counts, reset, and the `/stats` JSON.

mod support;

use std::time::Duration;

use edgecache_proto::cache_client::scs_client::ScsClient;
use edgecache_server::{FaultConfig, ServerConfig, StatsSnapshot};
use http::StatusCode;
use support::*;
use tokio::task::JoinSet;
use tonic::transport::Channel;

/// Starts `n` concurrent Gets on `channel`.
fn concurrent_gets(tasks: &mut JoinSet<()>, channel: &Channel, n: usize) {
    for i in 0..n {
        let mut client = ScsClient::new(channel.clone());
        tasks.spawn(async move {
            client
                .get(request(get_request(&format!("k{i}")), None))
                .await
                .expect("get");
        });
    }
}

async fn join_all(mut tasks: JoinSet<()>) {
    while let Some(done) = tasks.join_next().await {
        done.expect("task");
    }
}

#[tokio::test]
async fn counts_requests_per_path_and_status() {
    let server = server(ServerConfig::default());
    let mut client = ScsClient::new(channel(server.addr()).await);
    for i in 0..3 {
        client
            .set(request(set_request(&format!("k{i}"), "v"), None))
            .await
            .unwrap();
    }
    for _ in 0..2 {
        grpc_get(&mut client, "k0").await;
    }
    let _ = client
        .get(tonic::Request::new(get_request("no-cache-header")))
        .await;
    eventually("statuses recorded", || {
        let s = server.stats();
        s.responses_by_status.values().sum::<u64>() == 6 && s.in_flight == 0
    })
    .await;
    let stats = server.stats();
    assert_eq!(stats.total_requests, 6);
    assert_eq!(stats.requests("/cache_client.Scs/Set"), 3);
    assert_eq!(stats.requests("/cache_client.Scs/Get"), 3);
    assert_eq!(stats.responses_with_status(0), 5);
    assert_eq!(stats.responses_with_status(3), 1, "{stats:?}");
    assert_eq!(stats.connections_accepted, 1);
    assert_eq!(stats.connections_open, 1);
    assert_eq!(stats.max_in_flight, 1);
}

#[tokio::test]
async fn max_in_flight_overall_and_per_connection() {
    let server = server(ServerConfig::default().faults(FaultConfig::none().with_latency(1000, 0)));
    let a = channel(server.addr()).await;
    let b = channel(server.addr()).await;
    let mut tasks = JoinSet::new();
    concurrent_gets(&mut tasks, &a, 10);
    concurrent_gets(&mut tasks, &b, 10);
    eventually("20 requests in flight", || server.stats().in_flight == 20).await;
    join_all(tasks).await;
    let stats = server.stats();
    assert_eq!(stats.total_requests, 20);
    assert_eq!(stats.max_in_flight, 20);
    assert_eq!(stats.max_in_flight_per_connection, 10);
    assert_eq!(stats.connections_accepted, 2);
    assert_eq!(stats.connections_open, 2);
    eventually("nothing in flight", || server.stats().in_flight == 0).await;

    // After a reset the maxima restart; 20 on one connection now.
    server.reset_stats();
    let stats = server.stats();
    assert_eq!(stats.total_requests, 0);
    assert_eq!(stats.max_in_flight, 0);
    assert_eq!(stats.max_in_flight_per_connection, 0);
    assert_eq!(stats.connections_accepted, 0);
    assert_eq!(stats.connections_open, 2, "gauges survive a reset");
    assert!(stats.requests_by_path.is_empty());

    let mut tasks = JoinSet::new();
    concurrent_gets(&mut tasks, &a, 20);
    join_all(tasks).await;
    let stats = server.stats();
    assert_eq!(stats.max_in_flight, 20);
    assert_eq!(stats.max_in_flight_per_connection, 20);
    assert_eq!(stats.connections_accepted, 0);

    drop((a, b));
    eventually("connections closed", || {
        server.stats().connections_open == 0
    })
    .await;
}

#[tokio::test]
async fn requests_count_as_in_flight_from_arrival() {
    let server = server(ServerConfig::default().faults(FaultConfig::none().with_stall(true)));
    let ch = channel(server.addr()).await;
    let mut tasks = JoinSet::new();
    concurrent_gets(&mut tasks, &ch, 3);
    eventually("3 stalled requests in flight", || {
        server.stats().in_flight == 3
    })
    .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.stats().in_flight, 3);
    server.faults().clear();
    join_all(tasks).await;
    eventually("released", || server.stats().in_flight == 0).await;
    assert_eq!(server.stats().responses_with_status(0), 3);
}

#[tokio::test]
async fn stats_endpoint_serves_the_same_counters_as_json() {
    let server = server(ServerConfig::default());
    let mut client = ScsClient::new(channel(server.addr()).await);
    client
        .set(request(set_request("k", "v"), None))
        .await
        .unwrap();
    eventually("set finished", || server.stats().in_flight == 0).await;

    let mut http = Http::h1(server.addr()).await;
    let reply = http.send(get("/stats", None)).await.unwrap();
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers["content-type"], "application/json");
    let json: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
    for field in [
        "total_requests",
        "in_flight",
        "max_in_flight",
        "max_in_flight_per_connection",
        "connections_accepted",
        "connections_open",
        "requests_by_path",
        "responses_by_status",
    ] {
        assert!(json.get(field).is_some(), "{field} missing in {json}");
    }
    let served: StatsSnapshot = serde_json::from_value(json).unwrap();
    assert_eq!(
        served,
        server.stats(),
        "the /stats request itself is not counted"
    );
    assert_eq!(served.requests("/cache_client.Scs/Set"), 1);
    assert_eq!(served.connections_accepted, 2);

    let reply = http
        .send(post_json("/admin/stats/reset", "", None))
        .await
        .unwrap();
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(server.stats().total_requests, 0);
}

#[tokio::test]
async fn h2_connections_allow_100_concurrent_streams() {
    let server = server(ServerConfig::default().faults(FaultConfig::none().with_latency(1000, 0)));
    let ch = channel(server.addr()).await;
    let mut tasks = JoinSet::new();
    concurrent_gets(&mut tasks, &ch, 150);
    join_all(tasks).await;
    let stats = server.stats();
    assert_eq!(stats.total_requests, 150);
    assert_eq!(stats.connections_accepted, 1);
    assert_eq!(
        stats.max_in_flight_per_connection,
        u64::from(edgecache_server::MAX_CONCURRENT_STREAMS)
    );
}
