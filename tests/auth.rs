//! `AuthClient` against a real edgecache-server that checks credentials: disposable tokens
//! and API keys minted through the SDK are held to their scope and lifetime, and never show
//! up in errors or `Debug` output.

mod common;

use std::time::Duration;

use edgecache::auth::{
    CacheItemSelector, DisposableTokenCachePermission, DisposableTokenScope, DisposableTokenScopes,
    ExpiresIn, PermissionScopes, TopicPermission, TopicRole,
};
use edgecache::cache::GetResponse;
use edgecache::{AuthClient, CacheClient, CacheError, CredentialProvider, ErrorCode};
use edgecache_server::{AuthSecret, ServerConfig, ServerHandle};

const SECRET: &str = "the secret of the SDK auth tests, 32+ bytes";

struct Setup {
    server: ServerHandle,
    super_user: CredentialProvider,
}

impl Setup {
    fn new(caches: &[&str]) -> Self {
        let secret = AuthSecret::new(SECRET).unwrap();
        let mut config = ServerConfig::new().auth_secret(secret.clone());
        for cache in caches {
            config = config.cache(*cache);
        }
        let server = common::server_with(config);
        let key = edgecache_server::mint_super_user_key(&secret, "127.0.0.1:1", None);
        let super_user = Self::local(&server, CredentialProvider::from_string(key).unwrap());
        Setup { server, super_user }
    }

    /// The tokens name the server's `host:port`; a local server is plain http on loopback.
    fn local(server: &ServerHandle, credentials: CredentialProvider) -> CredentialProvider {
        credentials.endpoint_override(&format!("http://127.0.0.1:{}", server.addr().port()))
    }

    fn token_credentials(&self, token: &str) -> CredentialProvider {
        Self::local(
            &self.server,
            CredentialProvider::from_disposable_token(token).unwrap(),
        )
    }

    fn auth(&self) -> AuthClient {
        AuthClient::builder()
            .credential_provider(self.super_user.clone())
            .build()
            .unwrap()
    }

    fn cache_client(&self, credentials: CredentialProvider) -> CacheClient {
        CacheClient::builder()
            .default_ttl(Duration::from_secs(60))
            .credential_provider(credentials)
            .build()
            .unwrap()
    }
}

fn refused(result: Result<impl std::fmt::Debug, CacheError>, code: ErrorCode) -> CacheError {
    let err = result.expect_err("refused");
    assert_eq!(err.error_code, code, "{err:?}");
    err
}

/// The raw credential inside a v1 key, to check it appears nowhere it should not.
fn inner(v1: &str) -> String {
    use base64::Engine;
    let json = base64::engine::general_purpose::STANDARD
        .decode(v1)
        .unwrap();
    let json = String::from_utf8(json).unwrap();
    let start = json.find("\"api_key\":\"").unwrap() + 11;
    json[start..start + json[start..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn token_for_one_cache_reads_it_and_is_refused_elsewhere() {
    let setup = Setup::new(&["allowed", "other"]);
    let token = setup
        .auth()
        .generate_disposable_token(
            DisposableTokenScopes::cache_read_write::<Vec<u8>>("allowed"),
            ExpiresIn::minutes(5),
        )
        .await
        .unwrap();
    assert!(token.expires_at().does_expire());
    let client = setup.cache_client(setup.token_credentials(&token.auth_token()));

    client.set("allowed", "k", "v").await.unwrap();
    let GetResponse::Hit { value } = client.get("allowed", "k").await.unwrap() else {
        panic!("hit expected");
    };
    assert_eq!(value.as_str().unwrap(), "v");

    let err = refused(
        client.set("other", "k", "v").await,
        ErrorCode::PermissionError,
    );
    let secret = inner(&token.auth_token());
    assert!(!err.message.contains(&secret) && !format!("{err:?}").contains(&secret));
    assert!(!format!("{token:?}").contains(&secret));
    refused(client.get("other", "k").await, ErrorCode::PermissionError);
    refused(client.create_cache("new").await, ErrorCode::PermissionError);

    // Nothing was written by the refused set.
    let admin = setup.cache_client(setup.super_user.clone());
    assert!(matches!(
        admin.get("other", "k").await.unwrap(),
        GetResponse::Miss
    ));
}

#[tokio::test]
async fn key_prefix_and_read_only_scopes_hold() {
    let setup = Setup::new(&["c"]);
    let auth = setup.auth();
    let prefix = auth
        .generate_disposable_token(
            DisposableTokenScopes::cache_key_prefix_read_write("c", "user-1:"),
            ExpiresIn::minutes(5),
        )
        .await
        .unwrap();
    let client = setup.cache_client(setup.token_credentials(&prefix.auth_token()));
    client.set("c", "user-1:name", "Ada").await.unwrap();
    refused(
        client.set("c", "user-2:name", "Eve").await,
        ErrorCode::PermissionError,
    );

    let read_only = auth
        .generate_disposable_token(
            DisposableTokenScopes::cache_key_read_only("c", b"user-1:name".to_vec()),
            ExpiresIn::minutes(5),
        )
        .await
        .unwrap();
    let reader = setup.cache_client(setup.token_credentials(&read_only.auth_token()));
    assert!(matches!(
        reader.get("c", "user-1:name").await.unwrap(),
        GetResponse::Hit { .. }
    ));
    refused(
        reader.set("c", "user-1:name", "x").await,
        ErrorCode::PermissionError,
    );
    refused(
        reader.get("c", "user-1:other").await,
        ErrorCode::PermissionError,
    );
}

#[tokio::test]
async fn key_prefix_next_to_a_topic_keeps_the_prefix() {
    let setup = Setup::new(&["c"]);
    let scope = DisposableTokenScope::Mixed {
        cache: vec![DisposableTokenCachePermission {
            role: edgecache::auth::CacheRole::ReadWrite,
            cache_selector: "c".into(),
            item_selector: CacheItemSelector::CacheItemKeyPrefix {
                key_prefix: "room-7:",
            },
        }],
        topics: vec![TopicPermission {
            role: TopicRole::SubscribeOnly,
            cache_selector: "c".into(),
            topic_selector: "room-7".into(),
        }],
    };
    let token = setup
        .auth()
        .generate_disposable_token(scope, ExpiresIn::minutes(5))
        .await
        .unwrap();
    let client = setup.cache_client(setup.token_credentials(&token.auth_token()));
    client.set("c", "room-7:title", "hi").await.unwrap();
    refused(
        client.set("c", "room-8:title", "hi").await,
        ErrorCode::PermissionError,
    );
}

#[tokio::test]
async fn expiry_is_honoured() {
    let setup = Setup::new(&["c"]);
    let token = setup
        .auth()
        .generate_disposable_token(
            DisposableTokenScopes::cache_read_write::<Vec<u8>>("c"),
            ExpiresIn::seconds(1),
        )
        .await
        .unwrap();
    let expires = token.expires_at().epoch().expect("expires");
    let client = setup.cache_client(setup.token_credentials(&token.auth_token()));
    client.set("c", "k", "v").await.unwrap();

    // The token is refused from its `valid_until` second on: wait just past it.
    let now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
    };
    let wait = Duration::from_secs(expires).saturating_sub(now());
    assert!(wait <= Duration::from_secs(2), "{wait:?}");
    tokio::time::sleep(wait + Duration::from_millis(20)).await;
    refused(client.get("c", "k").await, ErrorCode::AuthenticationError);
}

#[tokio::test]
async fn a_disposable_token_cannot_mint_and_bad_requests_fail_before_sending() {
    let setup = Setup::new(&["c"]);
    let token = setup
        .auth()
        .generate_disposable_token(
            DisposableTokenScopes::cache_read_write::<Vec<u8>>("c"),
            ExpiresIn::minutes(1),
        )
        .await
        .unwrap();
    let from_token = AuthClient::builder()
        .credential_provider(setup.token_credentials(&token.auth_token()))
        .build()
        .unwrap();
    refused(
        from_token
            .generate_disposable_token(
                DisposableTokenScopes::cache_read_only::<Vec<u8>>("c"),
                ExpiresIn::minutes(1),
            )
            .await,
        ErrorCode::PermissionError,
    );

    // A client pointed at a port nothing listens on: typed argument errors come first.
    let nowhere = AuthClient::builder()
        .credential_provider(CredentialProvider::local_at("127.0.0.1", 9))
        .build()
        .unwrap();
    for (scope, expires_in) in [
        (
            DisposableTokenScopes::cache_read_only::<Vec<u8>>("c"),
            ExpiresIn::never(),
        ),
        (
            DisposableTokenScopes::cache_read_only("c"),
            ExpiresIn::hours(26),
        ),
        (
            DisposableTokenScope::Permissions(Default::default()),
            ExpiresIn::minutes(1),
        ),
    ] {
        refused(
            nowhere.generate_disposable_token(scope, expires_in).await,
            ErrorCode::InvalidArgumentError,
        );
    }
}

#[tokio::test]
async fn api_keys_are_minted_used_and_refreshed() {
    let setup = Setup::new(&["c"]);
    let key = setup
        .auth()
        .generate_api_key(PermissionScopes::cache_read_only("c"), ExpiresIn::hours(1))
        .await
        .unwrap();
    assert!(!format!("{key:?}").contains(&key.refresh_token()));
    let credentials = Setup::local(
        &setup.server,
        CredentialProvider::from_string(key.api_key()).unwrap(),
    );
    let reader = setup.cache_client(credentials.clone());
    assert!(matches!(
        reader.get("c", "k").await.unwrap(),
        GetResponse::Miss
    ));
    refused(reader.set("c", "k", "v").await, ErrorCode::PermissionError);

    let refreshed = AuthClient::builder()
        .credential_provider(credentials)
        .build()
        .unwrap()
        .refresh_api_key(key.refresh_token())
        .await
        .unwrap();
    assert_ne!(refreshed.api_key(), key.api_key());
    let renewed = setup.cache_client(Setup::local(
        &setup.server,
        CredentialProvider::from_string(refreshed.api_key()).unwrap(),
    ));
    assert!(matches!(
        renewed.get("c", "k").await.unwrap(),
        GetResponse::Miss
    ));
    refused(renewed.set("c", "k", "v").await, ErrorCode::PermissionError);
}

#[tokio::test]
async fn a_refreshing_credential_keeps_a_client_working_across_expiries() {
    let setup = Setup::new(&["c"]);
    let auth = setup.auth();
    let scope = || DisposableTokenScopes::cache_read_write::<Vec<u8>>("c");
    let first = auth
        .generate_disposable_token(scope(), ExpiresIn::seconds(3))
        .await
        .unwrap();
    let first_expiry = first.expires_at().epoch().unwrap();
    let (credentials, refresher) = CredentialProvider::from_refreshing_token(&first).unwrap();
    assert!(!format!("{refresher:?} {credentials:?}").contains(&inner(&first.auth_token())));
    let client = setup.cache_client(Setup::local(&setup.server, credentials));

    let fetches = std::cell::Cell::new(0);
    let refresh = refresher.run(|| {
        fetches.set(fetches.get() + 1);
        auth.generate_disposable_token(scope(), ExpiresIn::seconds(3))
    });
    // A call every 20 ms for 6 s: past the first token's expiry and at least one more.
    let work = async {
        let end = std::time::Instant::now() + Duration::from_secs(6);
        let mut calls = 0u32;
        while std::time::Instant::now() < end {
            client
                .set("c", "k", calls.to_string())
                .await
                .unwrap_or_else(|e| panic!("call {calls} failed across a refresh: {e:?}"));
            calls += 1;
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        calls
    };
    let calls = tokio::select! {
        calls = work => calls,
        error = refresh => panic!("the refresher stopped: {error:?}"),
    };
    println!(
        "{calls} calls across {} refreshes, none failed",
        fetches.get()
    );
    assert!(calls >= 100, "{calls} calls");
    assert!(fetches.get() >= 2, "{} refreshes", fetches.get());

    // The first token alone is refused by now: the refreshes kept the client working.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(now >= first_expiry);
    let stale = setup.cache_client(setup.token_credentials(&first.auth_token()));
    refused(stale.get("c", "k").await, ErrorCode::AuthenticationError);
}

#[tokio::test]
async fn a_subscription_carries_on_across_token_refreshes() {
    use edgecache::TopicClient;
    use edgecache::topics::SubscriptionItem;
    let setup = Setup::new(&["c"]);
    let auth = setup.auth();
    let scope = || DisposableTokenScopes::topic_subscribe_only::<Vec<u8>>("c", "feed");
    let first = auth
        .generate_disposable_token(scope(), ExpiresIn::seconds(3))
        .await
        .unwrap();
    let (credentials, refresher) = CredentialProvider::from_refreshing_token(&first).unwrap();
    let topics = |credentials| {
        TopicClient::builder()
            .credential_provider(credentials)
            .build()
            .unwrap()
    };
    let subscriber = topics(Setup::local(&setup.server, credentials));
    let publisher = topics(setup.super_user.clone());
    let mut subscription = subscriber.subscribe("c", "feed").await.unwrap();

    let fetches = std::cell::Cell::new(0);
    let refresh = refresher.run(|| {
        fetches.set(fetches.get() + 1);
        auth.generate_disposable_token(scope(), ExpiresIn::seconds(3))
    });
    // A publish every 20 ms for 7 s: past the first token's expiry and at least one more,
    // each of which ends the stream the expired token opened.
    let published = std::cell::Cell::new(None);
    let publishing = async {
        let end = std::time::Instant::now() + Duration::from_secs(7);
        let mut count = 0u64;
        while std::time::Instant::now() < end {
            publisher
                .publish("c", "feed", format!("m{count}"))
                .await
                .unwrap();
            count += 1;
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        published.set(Some(count));
    };
    let receiving = async {
        let mut seen = Vec::new();
        let give_up = std::time::Instant::now() + Duration::from_secs(20);
        while published.get() != Some(seen.len() as u64) {
            assert!(std::time::Instant::now() < give_up, "values stopped coming");
            let waited =
                tokio::time::timeout(Duration::from_millis(100), subscription.next_item()).await;
            match waited {
                Err(_) | Ok(Some(Ok(SubscriptionItem::Heartbeat))) => {}
                Ok(Some(Ok(SubscriptionItem::Value(value)))) => {
                    seen.push((value.topic_sequence_number, value.kind))
                }
                Ok(other) => panic!("the subscription broke across a refresh: {other:?}"),
            }
        }
        seen
    };
    let seen = tokio::select! {
        (_, seen) = futures_util::future::join(publishing, receiving) => seen,
        error = refresh => panic!("the refresher stopped: {error:?}"),
    };
    let expected: Vec<_> = (0..seen.len() as u64)
        .map(|i| (i + 1, edgecache::topics::ValueKind::Text(format!("m{i}"))))
        .collect();
    assert_eq!(seen, expected, "every value once, in order");
    let resumed = setup.server.stats().subscriptions_opened;
    println!(
        "{} values across {} refreshes and {resumed} streams",
        seen.len(),
        fetches.get()
    );
    assert!(seen.len() >= 200, "{} values", seen.len());
    assert!(fetches.get() >= 2, "{} refreshes", fetches.get());
    assert!(
        resumed >= 2,
        "the expired token's stream was replaced: {resumed}"
    );
    assert_eq!(subscriber.open_subscriptions(), 1);
}
