//! Helpers shared by the collection integration tests (`collections_*.rs`), on top of
//! `tests/common`. Each test file declares `mod common; mod collections_common;`.
#![allow(dead_code)]

use std::fmt::Debug;

use edgecache::{CacheClient, CacheResult, ErrorCode};
use edgecache_server::ServerHandle;

use crate::common;

/// A fresh server, a client with a 60 s default TTL, and a fresh cache.
pub async fn setup(prefix: &str) -> (ServerHandle, CacheClient, String) {
    let server = common::server();
    let client = common::client(&server);
    let cache = common::fresh_cache(&client, prefix).await;
    (server, client, cache)
}

/// The call failed before sending with an invalid-argument error naming `argument`.
pub fn assert_invalid<T: Debug>(result: CacheResult<T>, argument: &str) {
    let err = result.expect_err(&format!("{argument}: expected an error"));
    assert_eq!(
        err.error_code,
        ErrorCode::InvalidArgumentError,
        "{argument}: {err}"
    );
    assert!(err.status.is_none(), "{argument} reached the server: {err}");
    assert!(
        err.message.starts_with(&format!("{argument} ")),
        "the message should name {argument}: {}",
        err.message
    );
}

/// The server refused the call because the key holds another type of item.
pub fn assert_wrong_type<T: Debug>(result: CacheResult<T>) {
    let err = result.expect_err("expected a wrong-type error");
    assert_eq!(err.error_code, ErrorCode::FailedPreconditionError, "{err}");
}

/// Sleeps (on the test's runtime) for `millis`.
pub async fn sleep_ms(millis: u64) {
    tokio::time::sleep(std::time::Duration::from_millis(millis)).await;
}

/// The TTL left on `key`, or `None` when it holds nothing.
pub async fn remaining_ttl(
    client: &CacheClient,
    cache: &str,
    key: &str,
) -> Option<std::time::Duration> {
    match client.item_get_ttl(cache, key).await.unwrap() {
        edgecache::cache::ItemGetTtlResponse::Hit { remaining_ttl } => Some(remaining_ttl),
        edgecache::cache::ItemGetTtlResponse::Miss => None,
    }
}

/// Checks the collection-TTL rules with `write(key, ttl)`, a write to the collection under
/// `key` with that policy (keys start with `prefix`):
/// - a new collection gets the TTL whatever the refresh flag says,
/// - a write without refresh leaves it, a write with refresh resets it,
/// - the default policy uses (and refreshes to) the client's 60 s TTL,
/// - a collection with a 300 ms TTL is gone after 450 ms.
pub async fn check_collection_ttl<F, Fut>(client: &CacheClient, cache: &str, prefix: &str, write: F)
where
    F: Fn(String, edgecache::cache::CollectionTtl) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    use edgecache::cache::CollectionTtl;
    use std::time::Duration;

    let [a, b, c, d] = ["a", "b", "c", "d"].map(|k| format!("{prefix}-{k}"));
    // Short enough to tell apart from the others, long enough to survive a slow machine.
    let short = Duration::from_secs(2);
    let long = Duration::from_secs(20);
    let default = Duration::from_secs(60);
    let ttl = |key: &String| {
        let key = key.clone();
        async move {
            remaining_ttl(client, cache, &key)
                .await
                .expect("the collection exists")
        }
    };

    // Created without refresh: the TTL still applies.
    write(a.clone(), CollectionTtl::initialize_only(short)).await;
    assert!(ttl(&a).await <= short, "new collection");
    // A write without refresh keeps it; one with refresh replaces it.
    write(
        a.clone(),
        CollectionTtl::of(long).with_no_refresh_ttl_on_updates(),
    )
    .await;
    assert!(ttl(&a).await <= short, "no refresh");
    write(a.clone(), CollectionTtl::of(long)).await;
    let left = ttl(&a).await;
    assert!(left > short && left <= long, "refresh: {left:?}");

    // refresh_ttl_if_provided: no refresh without a TTL, refresh with one.
    write(b.clone(), CollectionTtl::of(short)).await;
    write(b.clone(), CollectionTtl::refresh_ttl_if_provided(None)).await;
    assert!(ttl(&b).await <= short, "refresh_ttl_if_provided(None)");
    write(b.clone(), CollectionTtl::refresh_ttl_if_provided(long)).await;
    assert!(ttl(&b).await > short, "refresh_ttl_if_provided(long)");

    // The default policy: the client's TTL, on creation and on every write.
    write(c.clone(), CollectionTtl::default()).await;
    let left = ttl(&c).await;
    assert!(
        left > long && left <= default,
        "default on creation: {left:?}"
    );
    write(c.clone(), CollectionTtl::of(short)).await;
    write(c.clone(), CollectionTtl::default()).await;
    assert!(ttl(&c).await > long, "default refreshes");

    // Expiry.
    write(d.clone(), CollectionTtl::of(Duration::from_millis(300))).await;
    sleep_ms(450).await;
    assert_eq!(remaining_ttl(client, cache, &d).await, None, "expired");
}
