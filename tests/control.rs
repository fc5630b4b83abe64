//! Managing caches: create, list, flush, delete, ping, and what unknown caches answer.

mod common;

use edgecache::ErrorCode;
use edgecache::cache::{CreateCacheResponse, GetResponse};

#[tokio::test]
async fn cache_lifecycle() {
    let server = common::server();
    let client = common::client(&server);
    let cache = common::unique_cache("lifecycle");
    assert_eq!(
        client.create_cache(&cache).await.unwrap(),
        CreateCacheResponse::Created
    );
    assert_eq!(
        client.create_cache(&cache).await.unwrap(),
        CreateCacheResponse::AlreadyExists
    );
    let names: Vec<String> = client
        .list_caches()
        .await
        .unwrap()
        .caches
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert!(names.contains(&cache), "{names:?}");

    client.set(&cache, "k", "v").await.unwrap();
    client.flush_cache(&cache).await.unwrap();
    assert_eq!(client.get(&cache, "k").await.unwrap(), GetResponse::Miss);

    client.delete_cache(&cache).await.unwrap();
    let names: Vec<String> = client
        .list_caches()
        .await
        .unwrap()
        .caches
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert!(!names.contains(&cache), "{names:?}");
}

#[tokio::test]
async fn unknown_caches_are_not_found() {
    let server = common::server();
    let client = common::client(&server);
    for err in [
        client.get("no-such-cache", "k").await.unwrap_err(),
        client.set("no-such-cache", "k", "v").await.unwrap_err(),
        client.delete_cache("no-such-cache").await.unwrap_err(),
        client.flush_cache("no-such-cache").await.unwrap_err(),
    ] {
        assert_eq!(err.error_code, ErrorCode::CacheNotFoundError, "{err}");
        assert_eq!(err.status.as_ref().map(|s| s.code), Some(5));
    }
}

#[tokio::test]
async fn ping_answers() {
    let server = common::server();
    let client = common::client(&server);
    client.ping().await.unwrap();
    assert_eq!(server.stats().requests("/cache_client.Ping/Ping"), 1);
}
