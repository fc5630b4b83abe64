//! Helpers for the auth tests: a server with a signing secret, keys and tokens (minted by the
//! server, or made by hand to be bad in one precise way), permission messages, and raw gRPC
//! calls to any path.
#![allow(dead_code)]

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use bytes::{Buf, BufMut};
use edgecache_proto::permission_messages::permissions_type::{
    self, All, CacheItemSelector, CachePermissions, TopicPermissions, cache_item_selector,
    cache_permissions, cache_selector, topic_permissions, topic_selector,
};
use edgecache_proto::permission_messages::{
    CacheRole, ExplicitPermissions, Permissions, PermissionsType, TopicRole, permissions,
};
use edgecache_proto::token::generate_disposable_token_request::Expires;
use edgecache_proto::token::{GenerateDisposableTokenRequest, GenerateDisposableTokenResponse};
use edgecache_server::{AuthSecret, ServerConfig, ServerHandle};
use http::uri::PathAndQuery;
use prost::Message;
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::transport::{Channel, Endpoint};
use tonic::{Code, Status};

pub const SECRET: &str = "the secret of this test server, 32+ bytes";
pub const OTHER_SECRET: &str = "a secret of some other server, 32+ bytes";

pub fn secret() -> AuthSecret {
    AuthSecret::new(SECRET).expect("long enough")
}

/// A server that checks credentials against [`SECRET`], with the given caches.
pub fn server_with_secret(caches: &[&str]) -> ServerHandle {
    let mut config = ServerConfig::default().auth_secret(secret());
    for cache in caches {
        config = config.cache(*cache);
    }
    edgecache_server::spawn(config).expect("server starts")
}

/// The `api_key` inside a v1 key (what clients send in `authorization`).
pub fn inner_api_key(v1: &str) -> String {
    let json: serde_json::Value =
        serde_json::from_slice(&STANDARD.decode(v1).expect("base64")).expect("JSON");
    json["api_key"].as_str().expect("api_key").to_owned()
}

/// A super-user API key for the test server (inner form).
pub fn super_user_key() -> String {
    inner_api_key(&edgecache_server::mint_super_user_key(
        &secret(),
        "127.0.0.1:1",
        None,
    ))
}

pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A JWT with any header and claims, HMAC-SHA256-signed with `secret`.
pub fn hand_made_token(header: &str, claims: &str, secret: &str) -> String {
    let message = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(claims)
    );
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    let tag = ring::hmac::sign(&key, message.as_bytes());
    format!("{message}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()))
}

/// Claims as the server writes them, for a super user, with these times.
pub fn super_user_claims(iat: u64, nbf: u64, exp: u64) -> String {
    format!(
        r#"{{"iss":"edgecache-server","kind":"key","jti":"hand-made","iat":{iat},"nbf":{nbf},"exp":{exp},"scope":"super_user"}}"#
    )
}

pub const HS256: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// The credentials that must all be refused with `UNAUTHENTICATED`, by name.
pub fn bad_credentials() -> Vec<(&'static str, String)> {
    let now = now_secs();
    let good = super_user_key();
    let mut bad_signature = good.clone();
    let last = bad_signature.pop().expect("not empty");
    bad_signature.push(if last == 'A' { 'B' } else { 'A' });
    let unsigned = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(super_user_claims(now, now, now + 600))
    );
    vec![
        (
            "expired",
            hand_made_token(
                HS256,
                &super_user_claims(now - 120, now - 120, now - 60),
                SECRET,
            ),
        ),
        (
            "not yet valid",
            hand_made_token(
                HS256,
                &super_user_claims(now, now + 600, now + 1200),
                SECRET,
            ),
        ),
        ("bad signature", bad_signature),
        ("unsigned", unsigned),
        (
            "other secret",
            inner_api_key(&edgecache_server::mint_super_user_key(
                &AuthSecret::new(OTHER_SECRET).unwrap(),
                "127.0.0.1:1",
                None,
            )),
        ),
        ("malformed", "not-a-token".to_owned()),
    ]
}

/// A plain-gRPC (h2c) channel.
pub async fn channel(server: &ServerHandle) -> Channel {
    Endpoint::from_shared(format!("http://{}", server.addr()))
        .expect("valid endpoint")
        .connect_timeout(Duration::from_secs(5))
        .connect()
        .await
        .expect("connects")
}

/// Passes encoded messages through unchanged, so one function can call every RPC.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawCodec;

impl Codec for RawCodec {
    type Encode = Vec<u8>;
    type Decode = Vec<u8>;
    type Encoder = RawCodec;
    type Decoder = RawCodec;

    fn encoder(&mut self) -> Self::Encoder {
        RawCodec
    }

    fn decoder(&mut self) -> Self::Decoder {
        RawCodec
    }
}

impl Encoder for RawCodec {
    type Item = Vec<u8>;
    type Error = Status;

    fn encode(&mut self, item: Vec<u8>, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.put_slice(&item);
        Ok(())
    }
}

impl Decoder for RawCodec {
    type Item = Vec<u8>;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Vec<u8>>, Status> {
        Ok(Some(src.copy_to_bytes(src.remaining()).to_vec()))
    }
}

/// Calls `path` with an encoded request and the given `cache` and `authorization` headers;
/// returns the reply messages. A stream that is still open after its first message (a
/// subscription) is cut there.
pub async fn raw_call(
    channel: &Channel,
    path: &'static str,
    message: Vec<u8>,
    cache: Option<&str>,
    auth: Option<&str>,
) -> Result<Vec<Vec<u8>>, Status> {
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready()
        .await
        .map_err(|e| Status::unavailable(e.to_string()))?;
    let mut request = tonic::Request::new(message);
    if let Some(cache) = cache {
        request
            .metadata_mut()
            .insert("cache", cache.parse().expect("ascii"));
    }
    if let Some(key) = auth {
        request
            .metadata_mut()
            .insert("authorization", key.parse().expect("ascii"));
    }
    let mut stream = grpc
        .server_streaming(request, PathAndQuery::from_static(path), RawCodec)
        .await?
        .into_inner();
    let mut messages = Vec::new();
    let streaming = path.ends_with("/Subscribe");
    while let Some(message) = stream.message().await? {
        messages.push(message);
        if streaming {
            break;
        }
    }
    Ok(messages)
}

/// Asserts a result failed with `code`; returns the message.
#[track_caller]
pub fn expect_code<T: std::fmt::Debug>(result: Result<T, Status>, code: Code) -> String {
    match result {
        Ok(value) => panic!("expected {code:?}, got success: {value:?}"),
        Err(status) => {
            assert_eq!(status.code(), code, "unexpected status: {status:?}");
            status.message().to_owned()
        }
    }
}

// Permission messages, built the way a client would.

pub fn explicit(kinds: Vec<permissions_type::Kind>) -> Permissions {
    Permissions {
        kind: Some(permissions::Kind::Explicit(ExplicitPermissions {
            permissions: kinds
                .into_iter()
                .map(|kind| PermissionsType { kind: Some(kind) })
                .collect(),
        })),
    }
}

pub fn super_user_permissions() -> Permissions {
    Permissions {
        kind: Some(permissions::Kind::SuperUser(0)),
    }
}

fn cache_named(name: &str) -> permissions_type::CacheSelector {
    permissions_type::CacheSelector {
        kind: Some(cache_selector::Kind::CacheName(name.into())),
    }
}

/// What part of a cache a cache permission covers.
pub enum Items<'a> {
    /// `cache_item` left unset.
    Unsaid,
    All,
    Key(&'a str),
    Prefix(&'a str),
}

pub fn cache_permission(role: CacheRole, cache: &str, items: Items<'_>) -> permissions_type::Kind {
    let selector = |kind| {
        Some(cache_permissions::CacheItem::ItemSelector(
            CacheItemSelector { kind: Some(kind) },
        ))
    };
    permissions_type::Kind::CachePermissions(CachePermissions {
        role: role as i32,
        cache: Some(cache_permissions::Cache::CacheSelector(cache_named(cache))),
        cache_item: match items {
            Items::Unsaid => None,
            Items::All => Some(cache_permissions::CacheItem::AllItems(All {})),
            Items::Key(key) => selector(cache_item_selector::Kind::Key(key.as_bytes().to_vec())),
            Items::Prefix(prefix) => selector(cache_item_selector::Kind::KeyPrefix(
                prefix.as_bytes().to_vec(),
            )),
        },
    })
}

/// A topic permission on one topic (`prefix == false`) or a topic-name prefix.
pub fn topic_permission(
    role: TopicRole,
    cache: &str,
    topic: &str,
    prefix: bool,
) -> permissions_type::Kind {
    let kind = if prefix {
        topic_selector::Kind::TopicNamePrefix(topic.into())
    } else {
        topic_selector::Kind::TopicName(topic.into())
    };
    permissions_type::Kind::TopicPermissions(TopicPermissions {
        role: role as i32,
        cache: Some(topic_permissions::Cache::CacheSelector(cache_named(cache))),
        topic: Some(topic_permissions::Topic::TopicSelector(
            permissions_type::TopicSelector { kind: Some(kind) },
        )),
    })
}

pub fn disposable_request(
    permissions: Permissions,
    valid_for_seconds: u32,
    token_id: &str,
) -> GenerateDisposableTokenRequest {
    GenerateDisposableTokenRequest {
        expires: Some(Expires { valid_for_seconds }),
        auth_token: String::new(),
        permissions: Some(permissions),
        token_id: token_id.to_owned(),
    }
}

/// Mints a disposable token with `caller` presented in the request body, as the official
/// JS SDKs send it.
pub async fn generate_disposable_token(
    channel: &Channel,
    caller: &str,
    mut request: GenerateDisposableTokenRequest,
) -> Result<GenerateDisposableTokenResponse, Status> {
    request.auth_token = caller.to_owned();
    let replies = raw_call(
        channel,
        "/token.Token/GenerateDisposableToken",
        request.encode_to_vec(),
        None,
        None,
    )
    .await?;
    Ok(GenerateDisposableTokenResponse::decode(replies[0].as_slice()).expect("a response"))
}
