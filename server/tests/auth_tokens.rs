//! Signed keys and disposable tokens: a server started with an auth secret accepts the keys
//! `mint-key` prints, refuses every other credential, and hands out tokens and keys that are
//! held to their scope and never exceed the credential that asked for them.

mod auth_support;

use std::process::Command;

use auth_support::*;
use edgecache_proto::auth::generate_api_token_request::{Expires as KeyExpires, Expiry, Never};
use edgecache_proto::auth::{
    GenerateApiTokenRequest, GenerateApiTokenResponse, RefreshApiTokenRequest,
    RefreshApiTokenResponse,
};
use edgecache_proto::cache_client::pubsub::{
    PublishRequest, SubscriptionItem, SubscriptionRequest, TopicValue, subscription_item,
    topic_value,
};
use edgecache_proto::cache_client::{GetRequest, GetResponse, SetRequest};
use edgecache_proto::control_client::CreateCacheRequest;
use edgecache_proto::permission_messages::{CacheRole, TopicRole};
use prost::Message;
use tonic::Code;
use tonic::transport::Channel;

const BIN: &str = env!("CARGO_BIN_EXE_edgecache-server");

fn set(key: &str) -> Vec<u8> {
    SetRequest {
        cache_key: key.as_bytes().to_vec(),
        cache_body: b"v".to_vec(),
        ttl_milliseconds: 60_000,
    }
    .encode_to_vec()
}

fn get(key: &str) -> Vec<u8> {
    GetRequest {
        cache_key: key.as_bytes().to_vec(),
    }
    .encode_to_vec()
}

async fn set_in(
    channel: &Channel,
    cache: &str,
    key: &str,
    auth: &str,
) -> Result<(), tonic::Status> {
    raw_call(
        channel,
        "/cache_client.Scs/Set",
        set(key),
        Some(cache),
        Some(auth),
    )
    .await
    .map(drop)
}

/// Whether `key` holds a value, read with the super-user key.
async fn stored(channel: &Channel, cache: &str, key: &str) -> bool {
    let replies = raw_call(
        channel,
        "/cache_client.Scs/Get",
        get(key),
        Some(cache),
        Some(&super_user_key()),
    )
    .await
    .expect("super-user get");
    !GetResponse::decode(replies[0].as_slice())
        .unwrap()
        .cache_body
        .is_empty()
}

#[tokio::test]
async fn mint_key_prints_one_v1_key_line_the_server_accepts() {
    let dir = std::env::temp_dir().join(format!("edgecache-mint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let secret_file = dir.join("secret");
    std::fs::write(&secret_file, format!("{SECRET}\n")).unwrap();
    let output = Command::new(BIN)
        .args(["mint-key", "--auth-secret-file"])
        .arg(&secret_file)
        .args([
            "--super-user",
            "--expires-in-seconds",
            "600",
            "--endpoint",
            "cache.example:443",
        ])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let json: serde_json::Value = serde_json::from_slice(
        &base64::Engine::decode(&base64::engine::general_purpose::STANDARD, stdout.trim()).unwrap(),
    )
    .unwrap();
    assert_eq!(json["endpoint"], "cache.example:443");

    let server = server_with_secret(&["c1"]);
    let channel = channel(&server).await;
    let key = inner_api_key(stdout.trim());
    set_in(&channel, "c1", "k", &key)
        .await
        .expect("the minted key works");
    assert!(stored(&channel, "c1", "k").await);

    // A secret file that is too short is refused without printing it.
    std::fs::write(&secret_file, "tiny-secret").unwrap();
    let output = Command::new(BIN)
        .args(["mint-key", "--super-user", "--auth-secret-file"])
        .arg(&secret_file)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!output.status.success());
    assert!(stderr.contains("at least 32"), "{stderr}");
    assert!(!stderr.contains("tiny-secret"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn every_bad_credential_is_unauthenticated_and_writes_nothing() {
    let server = server_with_secret(&["c1"]);
    let channel = channel(&server).await;
    let message = expect_code(
        raw_call(
            &channel,
            "/cache_client.Scs/Set",
            set("k"),
            Some("c1"),
            None,
        )
        .await,
        Code::Unauthenticated,
    );
    assert!(message.contains("missing credential"), "{message}");
    for (name, credential) in bad_credentials() {
        let message = expect_code(
            set_in(&channel, "c1", "k", &credential).await,
            Code::Unauthenticated,
        );
        assert!(
            !message.contains(&credential),
            "{name}: the message echoes the credential"
        );
        let expected = match name {
            "expired" => "expired",
            "not yet valid" => "not valid yet",
            "bad signature" | "other secret" => "signature",
            "unsigned" => "HS256",
            _ => "not a well-formed token",
        };
        assert!(message.contains(expected), "{name}: {message}");
    }
    assert!(
        !stored(&channel, "c1", "k").await,
        "a refused write was stored"
    );
    // Ping stays open, as clients send no key on it.
    raw_call(&channel, "/cache_client.Ping/Ping", Vec::new(), None, None)
        .await
        .expect("ping");
}

#[tokio::test]
async fn a_disposable_token_is_held_to_its_scope() {
    let server = server_with_secret(&["c1", "c2"]);
    let channel = channel(&server).await;
    let minted = generate_disposable_token(
        &channel,
        &super_user_key(),
        disposable_request(
            explicit(vec![
                cache_permission(CacheRole::CacheReadWrite, "c1", Items::Prefix("user:")),
                topic_permission(TopicRole::TopicReadOnly, "c1", "t1", false),
            ]),
            60,
            "browser-7",
        ),
    )
    .await
    .expect("minted");
    assert_eq!(minted.endpoint, server.addr().to_string());
    let now = now_secs();
    assert!(
        (now + 59..=now + 61).contains(&minted.valid_until),
        "{}",
        minted.valid_until
    );
    let token = minted.api_key;

    set_in(&channel, "c1", "user:1", &token)
        .await
        .expect("inside the prefix");
    for (cache, key) in [("c1", "admin"), ("c1", "use"), ("c2", "user:1")] {
        let message = expect_code(
            set_in(&channel, cache, key, &token).await,
            Code::PermissionDenied,
        );
        assert!(message.starts_with("Insufficient permissions"), "{message}");
        assert!(!stored(&channel, cache, key).await);
    }
    let message = expect_code(
        raw_call(
            &channel,
            "/control_client.ScsControl/CreateCache",
            CreateCacheRequest {
                cache_name: "c3".into(),
            }
            .encode_to_vec(),
            None,
            Some(&token),
        )
        .await,
        Code::PermissionDenied,
    );
    assert!(message.contains("data operations only"), "{message}");
    // A disposable token mints nothing, not even less than it holds.
    let message = expect_code(
        generate_disposable_token(
            &channel,
            &token,
            disposable_request(
                explicit(vec![cache_permission(
                    CacheRole::CacheReadOnly,
                    "c1",
                    Items::Key("user:1"),
                )]),
                10,
                "",
            ),
        )
        .await,
        Code::PermissionDenied,
    );
    assert!(message.contains("cannot mint"), "{message}");
}

#[tokio::test]
async fn token_requests_outside_the_limits_are_invalid_arguments() {
    let server = server_with_secret(&["c1"]);
    let channel = channel(&server).await;
    let key = super_user_key();
    let one = || {
        explicit(vec![cache_permission(
            CacheRole::CacheReadOnly,
            "c1",
            Items::All,
        )])
    };
    let mut no_expiry = disposable_request(one(), 60, "");
    no_expiry.expires = None;
    let mut no_permissions = disposable_request(one(), 60, "");
    no_permissions.permissions = None;
    let cases = vec![
        ("no expiry", no_expiry, "expires must be set"),
        (
            "expiry 0",
            disposable_request(one(), 0, ""),
            "from 1 second to 25 hours",
        ),
        (
            "expiry 25 h + 1 s",
            disposable_request(one(), 90_001, ""),
            "90000",
        ),
        (
            "token id of 65 characters",
            disposable_request(one(), 60, &"é".repeat(65)),
            "at most 64",
        ),
        ("no permissions", no_permissions, "permissions must be set"),
        (
            "empty",
            disposable_request(explicit(vec![]), 60, ""),
            "empty",
        ),
        (
            "21 statements",
            disposable_request(
                explicit(
                    (0..21)
                        .map(|i| {
                            cache_permission(CacheRole::CacheReadOnly, &format!("c{i}"), Items::All)
                        })
                        .collect(),
                ),
                60,
                "",
            ),
            "at most 20",
        ),
        (
            "super user",
            disposable_request(super_user_permissions(), 60, ""),
            "cannot be a super user",
        ),
        (
            "mixed scope that an SDK could have widened",
            disposable_request(
                explicit(vec![
                    cache_permission(CacheRole::CacheReadWrite, "c1", Items::Unsaid),
                    topic_permission(TopicRole::TopicReadOnly, "c1", "t", false),
                ]),
                60,
                "",
            ),
            "ambiguous",
        ),
        (
            "the same resources twice",
            disposable_request(
                explicit(vec![
                    cache_permission(CacheRole::CacheReadOnly, "c1", Items::Key("k")),
                    cache_permission(CacheRole::CacheWriteOnly, "c1", Items::Key("k")),
                ]),
                60,
                "",
            ),
            "same resources",
        ),
    ];
    for (name, request, expected) in cases {
        let message = expect_code(
            generate_disposable_token(&channel, &key, request).await,
            Code::InvalidArgument,
        );
        assert!(message.contains(expected), "{name}: {message}");
    }
    // The limits themselves are allowed.
    let longest = generate_disposable_token(
        &channel,
        &key,
        disposable_request(one(), 90_000, &"é".repeat(64)),
    )
    .await
    .expect("25 hours and a 64-character id");
    assert!(longest.valid_until + 1 >= now_secs() + 90_000);
    let twenty = explicit(
        (0..20)
            .map(|i| cache_permission(CacheRole::CacheReadOnly, &format!("c{i}"), Items::All))
            .collect(),
    );
    generate_disposable_token(&channel, &key, disposable_request(twenty, 1, ""))
        .await
        .expect("20 statements");
}

fn api_key_request(
    permissions: edgecache_proto::permission_messages::Permissions,
    expiry: Expiry,
) -> GenerateApiTokenRequest {
    GenerateApiTokenRequest {
        expiry: Some(expiry),
        auth_token: String::new(),
        permissions: Some(permissions),
        token_id: String::new(),
        description: String::new(),
    }
}

async fn generate_api_key(
    channel: &Channel,
    caller: &str,
    mut request: GenerateApiTokenRequest,
) -> Result<GenerateApiTokenResponse, tonic::Status> {
    request.auth_token = caller.to_owned();
    let replies = raw_call(
        channel,
        "/auth.Auth/GenerateApiToken",
        request.encode_to_vec(),
        None,
        None,
    )
    .await?;
    Ok(GenerateApiTokenResponse::decode(replies[0].as_slice()).unwrap())
}

async fn refresh(
    channel: &Channel,
    api_key: &str,
    refresh_token: &str,
) -> Result<RefreshApiTokenResponse, tonic::Status> {
    let request = RefreshApiTokenRequest {
        api_key: api_key.to_owned(),
        refresh_token: refresh_token.to_owned(),
    };
    let replies = raw_call(
        channel,
        "/auth.Auth/RefreshApiToken",
        request.encode_to_vec(),
        None,
        None,
    )
    .await?;
    Ok(RefreshApiTokenResponse::decode(replies[0].as_slice()).unwrap())
}

#[tokio::test]
async fn a_scoped_api_key_hands_out_only_what_it_holds() {
    let server = server_with_secret(&["c1", "c2"]);
    let channel = channel(&server).await;
    let reader = generate_api_key(
        &channel,
        &super_user_key(),
        api_key_request(
            explicit(vec![cache_permission(
                CacheRole::CacheReadOnly,
                "c1",
                Items::Prefix("k"),
            )]),
            Expiry::Expires(KeyExpires {
                valid_for_seconds: 120,
            }),
        ),
    )
    .await
    .expect("a read-only key")
    .api_key;

    let within = |items| {
        disposable_request(
            explicit(vec![cache_permission(
                CacheRole::CacheReadOnly,
                "c1",
                items,
            )]),
            60,
            "",
        )
    };
    generate_disposable_token(&channel, &reader, within(Items::Key("k1")))
        .await
        .expect("a narrower token");
    for (name, request) in [
        ("whole cache", within(Items::All)),
        ("other prefix", within(Items::Prefix("j"))),
        (
            "write",
            disposable_request(
                explicit(vec![cache_permission(
                    CacheRole::CacheReadWrite,
                    "c1",
                    Items::Key("k1"),
                )]),
                60,
                "",
            ),
        ),
        (
            "other cache",
            disposable_request(
                explicit(vec![cache_permission(
                    CacheRole::CacheReadOnly,
                    "c2",
                    Items::Key("k1"),
                )]),
                60,
                "",
            ),
        ),
    ] {
        let message = expect_code(
            generate_disposable_token(&channel, &reader, request).await,
            Code::PermissionDenied,
        );
        assert!(message.contains("more than the key"), "{name}: {message}");
    }
    let message = expect_code(
        generate_disposable_token(
            &channel,
            &reader,
            disposable_request(
                explicit(vec![cache_permission(
                    CacheRole::CacheReadOnly,
                    "c1",
                    Items::Key("k1"),
                )]),
                3_600,
                "",
            ),
        )
        .await,
        Code::PermissionDenied,
    );
    assert!(message.contains("outlive"), "{message}");
    // Only a super user creates API keys, and super-user keys come from mint-key only.
    expect_code(
        generate_api_key(
            &channel,
            &reader,
            api_key_request(
                explicit(vec![cache_permission(
                    CacheRole::CacheReadOnly,
                    "c1",
                    Items::Key("k1"),
                )]),
                Expiry::Never(Never {}),
            ),
        )
        .await,
        Code::PermissionDenied,
    );
    let message = expect_code(
        generate_api_key(
            &channel,
            &super_user_key(),
            api_key_request(super_user_permissions(), Expiry::Never(Never {})),
        )
        .await,
        Code::PermissionDenied,
    );
    assert!(message.contains("mint-key"), "{message}");
}

#[tokio::test]
async fn api_keys_refresh_into_new_keys_with_the_same_scope() {
    let server = server_with_secret(&["c1"]);
    let channel = channel(&server).await;
    let first = generate_api_key(
        &channel,
        &super_user_key(),
        api_key_request(
            explicit(vec![cache_permission(
                CacheRole::CacheReadWrite,
                "c1",
                Items::Prefix("app/"),
            )]),
            Expiry::Expires(KeyExpires {
                valid_for_seconds: 300,
            }),
        ),
    )
    .await
    .expect("generated");
    assert_eq!(first.endpoint, server.addr().to_string());
    assert!(first.valid_until >= now_secs() + 299);
    set_in(&channel, "c1", "app/1", &first.api_key)
        .await
        .expect("the key works");

    let second = refresh(&channel, &first.api_key, &first.refresh_token)
        .await
        .expect("refreshed");
    assert_ne!(second.api_key, first.api_key);
    assert!(second.valid_until >= first.valid_until);
    set_in(&channel, "c1", "app/2", &second.api_key)
        .await
        .expect("the new key works");
    expect_code(
        set_in(&channel, "c1", "other", &second.api_key).await,
        Code::PermissionDenied,
    );

    // A refresh token renews only its own key; a key is no refresh token.
    let message = expect_code(
        refresh(&channel, &second.api_key, &first.refresh_token).await,
        Code::Unauthenticated,
    );
    assert!(message.contains("does not belong"), "{message}");
    expect_code(
        refresh(&channel, &first.api_key, &first.api_key).await,
        Code::Unauthenticated,
    );
    for (name, bad) in bad_credentials() {
        expect_code(
            refresh(&channel, &bad, &first.refresh_token).await,
            Code::Unauthenticated,
        );
        let _ = name;
    }
}

#[tokio::test]
async fn the_fixed_api_key_is_a_super_user_that_can_mint() {
    let server = edgecache_server::spawn(
        edgecache_server::ServerConfig::default()
            .api_key("fixed-key-1")
            .cache("c1"),
    )
    .unwrap();
    let channel = channel(&server).await;
    let token = generate_disposable_token(
        &channel,
        "fixed-key-1",
        disposable_request(
            explicit(vec![cache_permission(
                CacheRole::CacheWriteOnly,
                "c1",
                Items::All,
            )]),
            60,
            "",
        ),
    )
    .await
    .expect("minted from the fixed key")
    .api_key;
    set_in(&channel, "c1", "k", &token)
        .await
        .expect("write-only token writes");
    expect_code(
        raw_call(
            &channel,
            "/cache_client.Scs/Get",
            get("k"),
            Some("c1"),
            Some(&token),
        )
        .await,
        Code::PermissionDenied,
    );
}

#[tokio::test]
async fn an_open_server_mints_tokens_but_checks_nothing() {
    let server =
        edgecache_server::spawn(edgecache_server::ServerConfig::default().cache("c1")).unwrap();
    let channel = channel(&server).await;
    let token = generate_disposable_token(
        &channel,
        "",
        disposable_request(
            explicit(vec![cache_permission(
                CacheRole::CacheReadOnly,
                "c1",
                Items::Key("a"),
            )]),
            60,
            "",
        ),
    )
    .await
    .expect("minted without a credential")
    .api_key;
    set_in(&channel, "c1", "b", &token)
        .await
        .expect("nothing is enforced");
}

/// Opens a subscription to `topic` of `c1` with `credential`; the first message (a
/// heartbeat) has arrived when this returns.
async fn subscribe(channel: &Channel, topic: &str, credential: &str) -> tonic::Streaming<Vec<u8>> {
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready().await.unwrap();
    let mut request = tonic::Request::new(
        SubscriptionRequest {
            cache_name: "c1".into(),
            topic: topic.into(),
            resume_at_topic_sequence_number: 0,
            sequence_page: 0,
        }
        .encode_to_vec(),
    );
    request
        .metadata_mut()
        .insert("authorization", credential.parse().unwrap());
    let mut stream = grpc
        .server_streaming(
            request,
            http::uri::PathAndQuery::from_static("/cache_client.pubsub.Pubsub/Subscribe"),
            RawCodec,
        )
        .await
        .expect("subscribed")
        .into_inner();
    let first =
        SubscriptionItem::decode(stream.message().await.unwrap().unwrap().as_slice()).unwrap();
    assert!(
        matches!(first.kind, Some(subscription_item::Kind::Heartbeat(_))),
        "{first:?}"
    );
    stream
}

async fn publish(
    channel: &Channel,
    topic: &str,
    text: &str,
    credential: &str,
) -> Result<(), tonic::Status> {
    let request = PublishRequest {
        cache_name: "c1".into(),
        topic: topic.into(),
        value: Some(TopicValue {
            kind: Some(topic_value::Kind::Text(text.into())),
        }),
    };
    raw_call(
        channel,
        "/cache_client.pubsub.Pubsub/Publish",
        request.encode_to_vec(),
        None,
        Some(credential),
    )
    .await
    .map(drop)
}

#[tokio::test]
async fn published_messages_carry_the_publishers_token_id() {
    let server = server_with_secret(&["c1"]);
    let channel = channel(&server).await;
    let publisher = generate_disposable_token(
        &channel,
        &super_user_key(),
        disposable_request(
            explicit(vec![topic_permission(
                TopicRole::TopicWriteOnly,
                "c1",
                "room/",
                true,
            )]),
            60,
            "browser-7",
        ),
    )
    .await
    .unwrap()
    .api_key;
    let mut stream = subscribe(&channel, "room/1", &super_user_key()).await;
    publish(&channel, "room/1", "hi", &publisher)
        .await
        .expect("published");
    expect_code(
        publish(&channel, "lobby", "hi", &publisher).await,
        Code::PermissionDenied,
    );
    publish(&channel, "room/1", "from the key", &super_user_key())
        .await
        .unwrap();
    let mut ids = Vec::new();
    while ids.len() < 2 {
        let item =
            SubscriptionItem::decode(stream.message().await.unwrap().unwrap().as_slice()).unwrap();
        if let Some(subscription_item::Kind::Item(item)) = item.kind {
            ids.push(item.publisher_id);
        }
    }
    assert_eq!(ids, ["browser-7", ""]);
}

#[tokio::test]
async fn a_subscription_ends_when_its_token_expires() {
    let server = server_with_secret(&["c1"]);
    let channel = channel(&server).await;
    let minted = generate_disposable_token(
        &channel,
        &super_user_key(),
        disposable_request(
            explicit(vec![topic_permission(
                TopicRole::TopicReadOnly,
                "c1",
                "t",
                false,
            )]),
            2,
            "",
        ),
    )
    .await
    .unwrap();
    let mut stream = subscribe(&channel, "t", &minted.api_key).await;
    let status = loop {
        match stream.message().await {
            Ok(Some(_)) => continue,
            Ok(None) => panic!("the stream ended without a status"),
            Err(status) => break status,
        }
    };
    let ended = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    let expiry = std::time::Duration::from_secs(minted.valid_until);
    assert_eq!(status.code(), Code::Unauthenticated, "{status:?}");
    assert!(status.message().contains("expired"), "{status:?}");
    assert!(
        ended >= expiry,
        "ended {:?} before the expiry",
        expiry - ended
    );
    assert!(
        ended <= expiry + std::time::Duration::from_millis(25),
        "ended {:?} after the expiry",
        ended - expiry
    );
    // And the token opens nothing any more.
    expect_code(
        raw_call(
            &channel,
            "/cache_client.pubsub.Pubsub/Subscribe",
            SubscriptionRequest {
                cache_name: "c1".into(),
                topic: "t".into(),
                resume_at_topic_sequence_number: 0,
                sequence_page: 0,
            }
            .encode_to_vec(),
            None,
            Some(&minted.api_key),
        )
        .await,
        Code::Unauthenticated,
    );
}
