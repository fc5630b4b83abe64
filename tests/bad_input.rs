//! The bad-input table: every invalid argument a caller can pass fails with a typed
//! `InvalidArgumentError` whose message is exactly the one in the table (it names the
//! argument and what was wrong), before anything is sent.
//! Run with `--nocapture` to print the table that `docs/reliability.md` reproduces.

mod common;

use std::time::Duration;

use edgecache::cache::*;
use edgecache::configurations::Laptop;
use edgecache::{CacheClient, CacheResult, Configuration, CredentialProvider, ErrorCode};

/// One row: what was passed, the message the error must carry, and what the call returned.
struct Row {
    input: &'static str,
    message: &'static str,
    result: CacheResult<()>,
}

macro_rules! row {
    ($input:literal, $message:literal, $call:expr) => {
        Row {
            input: $input,
            message: $message,
            result: $call.map(drop),
        }
    };
}

fn check(rows: Vec<Row>) {
    println!("| # | input | error |\n|---|---|---|");
    for (i, row) in rows.into_iter().enumerate() {
        let err = row.result.expect_err(row.input);
        assert_eq!(
            err.error_code,
            ErrorCode::InvalidArgumentError,
            "{}: {err}",
            row.input
        );
        assert_eq!(err.message, row.message, "{}", row.input);
        assert!(
            err.status.is_none(),
            "{}: the error came from the server",
            row.input
        );
        println!("| {} | {} | `{}` |", i + 1, row.input, err);
    }
}

#[tokio::test]
async fn invalid_call_arguments_never_reach_the_server() {
    let server = common::server();
    let client = common::client(&server);
    let cache = common::fresh_cache(&client, "bad-input").await;
    let c = cache.as_str();
    server.reset_stats();
    let huge = vec![0u8; 11_000_000];

    let rows = vec![
        row!(
            "empty cache name",
            "cache_name must not be empty or blank",
            client.get("", "k").await
        ),
        row!(
            "blank cache name",
            "cache_name must not be empty or blank",
            client.get("   ", "k").await
        ),
        row!(
            "non-ASCII cache name",
            "cache_name must be printable ASCII, but contains 'é'",
            client.get("café", "k").await
        ),
        row!(
            "cache name with a newline",
            "cache_name must be printable ASCII, but contains '\\n'",
            client.set("a\nb", "k", "v").await
        ),
        row!(
            "256-byte cache name",
            "cache_name must be at most 255 bytes, got 256",
            client.create_cache("x".repeat(256)).await
        ),
        row!(
            "empty cache name to create_cache",
            "cache_name must not be empty or blank",
            client.create_cache("").await
        ),
        row!(
            "empty key to get",
            "key must not be empty",
            client.get(c, "").await
        ),
        row!(
            "empty key to set",
            "key must not be empty",
            client.set(c, "", "v").await
        ),
        row!(
            "zero TTL",
            "ttl must be at least 1 ms, got 0ns",
            client
                .send_request(SetRequest::new(c, "k", "v").ttl(Duration::ZERO))
                .await
        ),
        row!(
            "sub-millisecond TTL",
            "ttl must be at least 1 ms, got 10µs",
            client
                .send_request(SetRequest::new(c, "k", "v").ttl(Duration::from_micros(10)))
                .await
        ),
        row!(
            "TTL beyond 64-bit milliseconds",
            "ttl is too large: 18446744073709551615.999999999s",
            client
                .send_request(SetRequest::new(c, "k", "v").ttl(Duration::MAX))
                .await
        ),
        row!(
            "zero TTL to update_ttl",
            "ttl must be at least 1 ms, got 0ns",
            client.update_ttl(c, "k", Duration::ZERO).await
        ),
        row!(
            "no keys to keys_exist",
            "keys must hold at least one key",
            client.keys_exist(c, Vec::<String>::new()).await
        ),
        row!(
            "no keys to get_batch",
            "keys must hold at least one key",
            client.get_batch(c, Vec::<String>::new()).await
        ),
        row!(
            "an empty key inside get_batch",
            "keys must not be empty",
            client.get_batch(c, ["a", ""]).await
        ),
        row!(
            "no items to set_batch",
            "items must hold at least one item",
            client.set_batch(c, Vec::<(String, String)>::new()).await
        ),
        row!(
            "11 MB value (above the 10 MB request limit)",
            "request is 11000014 bytes, above the 10486000-byte limit",
            client.set(c, "big", &huge).await
        ),
        row!(
            "empty dictionary name",
            "dictionary_name must not be empty",
            client.dictionary_fetch(c, "").await
        ),
        row!(
            "no fields to dictionary_set_fields",
            "elements must hold at least one entry, got none",
            client
                .dictionary_set_fields(c, "d", Vec::<(String, String)>::new())
                .await
        ),
        row!(
            "no fields to dictionary_get_fields",
            "fields must hold at least one entry, got none",
            client
                .dictionary_get_fields(c, "d", Vec::<String>::new())
                .await
        ),
        row!(
            "empty set name",
            "set_name must not be empty",
            client.set_fetch(c, "").await
        ),
        row!(
            "no elements to set_add_elements",
            "elements must hold at least one entry, got none",
            client.set_add_elements(c, "s", Vec::<String>::new()).await
        ),
        row!(
            "set_pop of zero elements",
            "count must be at least 1, got 0",
            client.set_pop(c, "s", 0).await
        ),
        row!(
            "empty list name",
            "list_name must not be empty",
            client.list_fetch(c, "").await
        ),
        row!(
            "no values to list_concatenate_back",
            "values must hold at least one entry, got none",
            client
                .list_concatenate_back(c, "l", Vec::<String>::new())
                .await
        ),
        row!(
            "list truncation to zero",
            "truncate_front_to_size must be at least 1, got 0",
            client
                .send_request(ListPushBackRequest::new(c, "l", "v").truncate_front_to_size(0))
                .await
        ),
        row!(
            "empty sorted set name",
            "sorted_set_name must not be empty",
            client.sorted_set_length(c, "").await
        ),
        row!(
            "NaN score",
            "score must be a finite number, got NaN",
            client.sorted_set_put_element(c, "z", "a", f64::NAN).await
        ),
        row!(
            "infinite score",
            "score must be a finite number, got inf",
            client
                .sorted_set_put_element(c, "z", "a", f64::INFINITY)
                .await
        ),
        row!(
            "NaN increment amount",
            "amount must be a finite number, got NaN",
            client
                .sorted_set_increment_score(c, "z", "a", f64::NAN)
                .await
        ),
        row!(
            "rank range with start after end",
            "start_rank must not be greater than end_rank, got 5 > 2",
            client
                .sorted_set_fetch_by_rank(c, "z", SortedSetOrder::Ascending, 5, 2)
                .await
        ),
        row!(
            "score range with min above max",
            "min_score must not be greater than max_score, got 5 > 1",
            client
                .send_request(
                    SortedSetLengthByScoreRequest::new(c, "z")
                        .min_score(ScoreBound::Inclusive(5.0))
                        .max_score(ScoreBound::Inclusive(1.0))
                )
                .await
        ),
        row!(
            "no sources to union store",
            "sources must hold at least one entry, got none",
            client
                .sorted_set_union_store(c, "z", Vec::<(String, f32)>::new())
                .await
        ),
        row!(
            "NaN union weight",
            "sources[0] weight must be a finite number, got NaN",
            client
                .sorted_set_union_store(c, "z", [("a", f32::NAN)])
                .await
        ),
    ];
    assert!(rows.len() >= 30, "the table covers at least 30 inputs");
    check(rows);
    assert_eq!(
        server.stats().total_requests,
        0,
        "no invalid call may reach the server"
    );
}

fn build(
    config: Option<Configuration>,
    credentials: CredentialProvider,
) -> CacheResult<CacheClient> {
    let builder = CacheClient::builder()
        .default_ttl(Duration::from_secs(60))
        .credential_provider(credentials);
    match config {
        Some(config) => builder.configuration(config).build(),
        None => builder.build(),
    }
}

#[test]
fn invalid_settings_fail_when_the_client_is_built() {
    let rows = vec![
        row!(
            "empty API key",
            "api_key is empty",
            CredentialProvider::from_string("")
        ),
        row!(
            "API key that is not base64 JSON or a JWT",
            "api_key is neither base64 JSON (a v1 key) nor a JWT-shaped v2 key",
            CredentialProvider::from_string("not a key")
        ),
        row!(
            "v1 key without an endpoint",
            "api_key JSON has no `endpoint` member",
            CredentialProvider::from_string("eyJhcGlfa2V5IjoiayJ9")
        ),
        row!(
            "v2 key without an endpoint",
            "api_key is a v2 key, which carries no endpoint: use CredentialProvider::from_api_key_v2(key, endpoint) or set MOMENTO_ENDPOINT with from_env_var",
            CredentialProvider::from_string("eyJhbGciOiJIUzUxMiJ9.eyJ0IjoiZyJ9.c2ln")
        ),
        row!(
            "v2 key with an empty endpoint",
            "endpoint is empty",
            CredentialProvider::from_api_key_v2("eyJhbGciOiJIUzUxMiJ9.eyJ0IjoiZyJ9.c2ln", "")
        ),
        row!(
            "endpoint with an ftp:// scheme",
            "cache_endpoint must use http or https, not \"ftp\"",
            build(
                None,
                CredentialProvider::local().endpoint_override("ftp://cache.example.com")
            )
        ),
        row!(
            "plain http:// to a non-loopback host",
            "cache_endpoint uses plain http:// to 192.0.2.1, which is not loopback; use https:// or call CredentialProvider::allow_insecure_http()",
            build(
                None,
                CredentialProvider::local().endpoint_override("http://192.0.2.1:8080")
            )
        ),
        row!(
            "zero default TTL",
            "default_ttl must be at least 1 ms, got 0ns",
            CacheClient::builder()
                .default_ttl(Duration::ZERO)
                .credential_provider(CredentialProvider::local())
                .build()
        ),
        row!(
            "zero deadline",
            "timeout must be greater than zero",
            Laptop::latest()
                .to_builder()
                .timeout(Duration::ZERO)
                .build()
        ),
        row!(
            "in-flight cap of zero",
            "max_concurrent_requests must be at least 1",
            Laptop::latest()
                .to_builder()
                .max_concurrent_requests(0)
                .build()
        ),
    ];
    check(rows);
}

#[tokio::test]
async fn invalid_token_requests_never_reach_the_server() {
    use edgecache::AuthClient;
    use edgecache::auth::{
        DisposableTokenScope, DisposableTokenScopes, ExpiresIn, GenerateDisposableTokenRequest,
        PermissionScopes, Permissions, TopicPermission, TopicRole,
    };

    let server = common::server();
    let auth = AuthClient::builder()
        .credential_provider(common::credentials(&server))
        .build()
        .unwrap();
    server.reset_stats();
    let scope = || DisposableTokenScopes::cache_read_write::<Vec<u8>>("c");
    let mint = |scope, expires_in| auth.generate_disposable_token(scope, expires_in);
    let twenty_one = Permissions {
        permissions: (0..21)
            .flat_map(|i| PermissionScopes::cache_read_only(format!("c{i}")).permissions)
            .collect(),
    };
    let rows = vec![
        row!(
            "no statements",
            "scope must hold at least one permission",
            mint(Permissions::default().into(), ExpiresIn::minutes(5)).await
        ),
        row!(
            "21 statements",
            "scope may hold at most 20 permissions, got 21",
            mint(twenty_one.into(), ExpiresIn::minutes(5)).await
        ),
        row!(
            "token id of 65 characters",
            "token_id must be at most 64 characters, got 65",
            auth.send_request(
                GenerateDisposableTokenRequest::new(scope(), ExpiresIn::minutes(5))
                    .token_id("x".repeat(65))
            )
            .await
        ),
        row!(
            "expiry 0 s",
            "expires_in must be 1 s to 25 h (90000 s), got 0 s",
            mint(scope(), ExpiresIn::seconds(0)).await
        ),
        row!(
            "expiry over 25 h",
            "expires_in must be 1 s to 25 h (90000 s), got 90001 s",
            mint(scope(), ExpiresIn::seconds(90_001)).await
        ),
        row!(
            "no expiry",
            "expires_in must be set: disposable tokens always expire",
            mint(scope(), ExpiresIn::never()).await
        ),
        row!(
            "empty key",
            "key must not be empty",
            mint(
                DisposableTokenScopes::cache_key_read_only("c", Vec::new()),
                ExpiresIn::minutes(5)
            )
            .await
        ),
        row!(
            "empty key prefix",
            "key_prefix must not be empty",
            mint(
                DisposableTokenScopes::cache_key_prefix_read_write("c", Vec::new()),
                ExpiresIn::minutes(5)
            )
            .await
        ),
        row!(
            "empty cache name",
            "cache_name must not be empty or blank",
            mint(
                DisposableTokenScopes::cache_read_only(""),
                ExpiresIn::minutes(5)
            )
            .await
        ),
        row!(
            "empty topic name in a mixed scope",
            "topic_name must not be empty",
            mint(
                DisposableTokenScope::Mixed {
                    cache: Vec::new(),
                    topics: vec![TopicPermission {
                        role: TopicRole::SubscribeOnly,
                        cache_selector: "c".into(),
                        topic_selector: "".into(),
                    }],
                },
                ExpiresIn::minutes(5)
            )
            .await
        ),
        row!(
            "empty refresh token",
            "refresh_token must not be empty",
            auth.refresh_api_key("").await
        ),
        row!(
            "API key expiry 0 s",
            "expires_in must be 1 s to 4294967295 s, or never; got 0 s",
            auth.generate_api_key(
                PermissionScopes::cache_read_only("c"),
                ExpiresIn::seconds(0)
            )
            .await
        ),
    ];
    check(rows);
    assert_eq!(
        server.stats().total_requests,
        0,
        "no invalid token request may reach the server"
    );
}
