//! Invalid arguments fail with a typed error naming the argument, and nothing is sent.

mod common;

use std::time::Duration;

use edgecache::cache::*;
use edgecache::{CacheClient, CredentialProvider, ErrorCode};

#[tokio::test]
async fn invalid_arguments_never_reach_the_server() {
    let server = common::server();
    let client = common::client(&server);
    let cache = common::fresh_cache(&client, "bad-input").await;
    server.reset_stats();

    let cases: Vec<(&str, edgecache::CacheResult<()>)> = vec![
        ("cache_name", client.get("", "k").await.map(drop)),
        ("cache_name", client.get("   ", "k").await.map(drop)),
        ("cache_name", client.get("café", "k").await.map(drop)),
        ("cache_name", client.create_cache("").await.map(drop)),
        ("key", client.get(&cache, "").await.map(drop)),
        ("key", client.set(&cache, "", "v").await.map(drop)),
        (
            "ttl",
            client
                .send_request(SetRequest::new(&cache, "k", "v").ttl(Duration::ZERO))
                .await
                .map(drop),
        ),
        (
            "ttl",
            client
                .send_request(SetRequest::new(&cache, "k", "v").ttl(Duration::from_micros(10)))
                .await
                .map(drop),
        ),
        (
            "ttl",
            client
                .update_ttl(&cache, "k", Duration::ZERO)
                .await
                .map(drop),
        ),
        (
            "keys",
            client
                .keys_exist(&cache, Vec::<String>::new())
                .await
                .map(drop),
        ),
        (
            "keys",
            client
                .get_batch(&cache, Vec::<String>::new())
                .await
                .map(drop),
        ),
        (
            "items",
            client
                .set_batch(&cache, Vec::<(String, String)>::new())
                .await
                .map(drop),
        ),
        (
            "request",
            client
                .set(&cache, "big", vec![0u8; 11_000_000])
                .await
                .map(drop),
        ),
    ];
    for (argument, result) in cases {
        let err = result.unwrap_err();
        assert_eq!(
            err.code,
            ErrorCode::InvalidArgumentError,
            "{argument}: {err}"
        );
        assert!(
            err.message.starts_with(argument),
            "expected the message to name {argument}: {err}"
        );
        assert!(
            err.status.is_none(),
            "{argument}: nothing came from the server"
        );
    }
    assert_eq!(
        server.stats().total_requests,
        0,
        "no invalid call may reach the server"
    );
}

#[test]
fn builder_requires_ttl_and_credentials() {
    let err = CacheClient::builder()
        .credential_provider(CredentialProvider::local())
        .build()
        .unwrap_err();
    assert!(err.message.starts_with("default_ttl"), "{err}");
    let err = CacheClient::builder()
        .default_ttl(Duration::from_secs(1))
        .build()
        .unwrap_err();
    assert!(err.message.starts_with("credential_provider"), "{err}");
    let err = CacheClient::builder()
        .default_ttl(Duration::ZERO)
        .credential_provider(CredentialProvider::local())
        .build()
        .unwrap_err();
    assert!(err.message.starts_with("default_ttl"), "{err}");
}

#[tokio::test]
async fn oversize_items_are_refused_by_the_server_with_limit_exceeded() {
    let server = common::server();
    let client = common::client(&server);
    let cache = common::fresh_cache(&client, "oversize").await;
    // Above the server's 5 MB item limit, below the client's 10 MB request limit.
    let err = client
        .set(&cache, "big", vec![7u8; 6 * 1024 * 1024])
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::LimitExceededError, "{err}");
}
