//! Request coalescing against edgecache-server: the server's own request count shows which
//! `get`s shared a request, and a `get` issued after a write never shares an older request.

mod common;

use std::time::Duration;

use edgecache::CacheClient;
use edgecache::cache::GetResponse;
use edgecache_server::{FaultConfig, ServerHandle};
use futures_util::future::join_all;

const GET: &str = "/cache_client.Scs/Get";

fn coalescing_client(server: &ServerHandle, on: bool) -> CacheClient {
    let config = common::config(Duration::from_secs(10), 100)
        .to_builder()
        .request_coalescing(on)
        .build()
        .unwrap();
    common::client_with(server, config)
}

fn text(response: GetResponse) -> String {
    match response.value() {
        Some(value) => value.as_str().unwrap().to_owned(),
        None => "(miss)".to_owned(),
    }
}

/// Twenty concurrent `get`s: ten of key `a`, ten of key `b`; returns the server's `Get` count.
async fn twenty_gets(server: &ServerHandle, client: &CacheClient, cache: &str) -> u64 {
    // 100 ms of server latency keeps the first request of each key on the wire while the
    // others are made.
    server
        .faults()
        .set(FaultConfig::none().with_latency(100, 0))
        .unwrap();
    server.reset_stats();
    let gets = (0..20).map(|i| client.get(cache, if i % 2 == 0 { "a" } else { "b" }));
    let answers: Vec<String> = join_all(gets)
        .await
        .into_iter()
        .map(|r| text(r.unwrap()))
        .collect();
    server.faults().clear();
    for (i, answer) in answers.iter().enumerate() {
        assert_eq!(answer, if i % 2 == 0 { "va" } else { "vb" });
    }
    server.stats().requests(GET)
}

#[tokio::test(flavor = "current_thread")]
async fn concurrent_gets_of_one_key_share_one_request() {
    let server = common::server();
    let on = coalescing_client(&server, true);
    let off = coalescing_client(&server, false);
    let cache = common::fresh_cache(&on, "coalesce").await;
    on.set(&cache, "a", "va").await.unwrap();
    on.set(&cache, "b", "vb").await.unwrap();
    assert_eq!(twenty_gets(&server, &on, &cache).await, 2, "one per key");
    assert_eq!(twenty_gets(&server, &off, &cache).await, 20, "one per call");
}

#[tokio::test(flavor = "current_thread")]
async fn a_get_issued_after_a_write_does_not_share_an_older_get() {
    let server = common::server();
    let client = coalescing_client(&server, true);
    let cache = common::fresh_cache(&client, "coalesce-ryw").await;
    client.set(&cache, "k", "old").await.unwrap();
    // Every request waits 300 ms before the server handles it, so the requests below are
    // handled in the order they are sent: the old get reads "old", then the write lands,
    // then the newer get reads. Sharing the old get's reply would give the newer one "old".
    server
        .faults()
        .set(FaultConfig::none().with_latency(300, 0))
        .unwrap();
    server.reset_stats();
    let old_get = client.get(&cache, "k");
    let write_then_get = async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let write = client.set(&cache, "k", "new");
        let newer_get = async {
            // Issued while both the old get and the write are on the wire.
            tokio::time::sleep(Duration::from_millis(50)).await;
            client.get(&cache, "k").await
        };
        let (written, got) = tokio::join!(write, newer_get);
        written.unwrap();
        got
    };
    let (old, newer) = tokio::join!(old_get, write_then_get);
    server.faults().clear();
    assert_eq!(text(old.unwrap()), "old");
    assert_eq!(text(newer.unwrap()), "new");
    assert_eq!(
        server.stats().requests(GET),
        2,
        "the newer get sent its own"
    );

    // After a completed write, too: the old get is still on the wire when the newer is made.
    server
        .faults()
        .set(FaultConfig::none().with_latency(300, 0))
        .unwrap();
    server.reset_stats();
    let old_get = client.get(&cache, "k");
    let write_then_get = async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        server.faults().clear();
        client.set(&cache, "k", "newest").await.unwrap();
        client.get(&cache, "k").await
    };
    let (_, newer) = tokio::join!(old_get, write_then_get);
    assert_eq!(text(newer.unwrap()), "newest");
    assert_eq!(
        server.stats().requests(GET),
        2,
        "the newer get sent its own"
    );
}
