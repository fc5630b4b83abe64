//! Token vending: a backend holds the super-user key and hands a browser a disposable token
//! that allows one cache's `room-7:` keys (read-write) and the `room-7` topic
//! (subscribe-only), for 15 minutes. The "browser" half then works with that token alone.
//!
//! `cargo run --example token_vending` starts an embedded edgecache-server that checks
//! credentials (a random secret, a super-user key minted from it), so it needs no account.
//! With `MOMENTO_API_KEY` set it mints from Momento instead and only prints the token's expiry.

use std::time::Duration;

use edgecache::auth::{
    CacheItemSelector, CacheRole, DisposableTokenCachePermission, DisposableTokenScope, ExpiresIn,
    TopicPermission, TopicRole,
};
use edgecache::{AuthClient, CacheClient, CredentialProvider, ErrorCode};

/// What the browser of one chat room may do.
fn room_scope(cache: &str, room: &str) -> DisposableTokenScope<String> {
    DisposableTokenScope::Mixed {
        cache: vec![DisposableTokenCachePermission {
            role: CacheRole::ReadWrite,
            cache_selector: cache.into(),
            item_selector: CacheItemSelector::CacheItemKeyPrefix {
                key_prefix: format!("{room}:"),
            },
        }],
        topics: vec![TopicPermission {
            role: TopicRole::SubscribeOnly,
            cache_selector: cache.into(),
            topic_selector: room.into(),
        }],
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    if std::env::var("MOMENTO_API_KEY").is_ok() {
        let auth = AuthClient::builder()
            .credential_provider(CredentialProvider::from_env_var("MOMENTO_API_KEY")?)
            .build()?;
        let token = auth
            .generate_disposable_token(room_scope("chat", "room-7"), ExpiresIn::minutes(15))
            .await?;
        println!(
            "minted a token valid until {:?}",
            token.expires_at().epoch()
        );
        return Ok(());
    }

    // The backend's side: a server that checks credentials, and the key only it holds.
    let secret = edgecache_server::AuthSecret::new(random_secret())?;
    let server = edgecache_server::spawn(
        edgecache_server::ServerConfig::new()
            .auth_secret(secret.clone())
            .cache("chat"),
    )?;
    let local = format!("http://127.0.0.1:{}", server.addr().port());
    let super_user = CredentialProvider::from_string(edgecache_server::mint_super_user_key(
        &secret,
        "127.0.0.1:8080",
        None,
    ))?
    .endpoint_override(&local);
    let auth = AuthClient::builder()
        .credential_provider(super_user)
        .build()?;

    // The route's answer: this string is all the browser receives.
    let vended = auth
        .send_request(
            edgecache::auth::GenerateDisposableTokenRequest::new(
                room_scope("chat", "room-7"),
                ExpiresIn::minutes(15),
            )
            .token_id("browser-of-ada"),
        )
        .await?;
    println!("vended {vended:?}");
    let token = vended.auth_token();

    // The browser's side: the token and nothing else.
    let browser = CacheClient::builder()
        .default_ttl(Duration::from_secs(60))
        .credential_provider(
            CredentialProvider::from_disposable_token(&token)?.endpoint_override(&local),
        )
        .build()?;
    browser.set("chat", "room-7:draft", "hello").await?;
    println!("set room-7:draft        -> ok");
    let outside = browser.set("chat", "room-8:draft", "hi").await;
    println!(
        "set room-8:draft        -> {:?}",
        outside.as_ref().map_err(|e| e.error_code)
    );
    assert_eq!(outside.unwrap_err().error_code, ErrorCode::PermissionError);
    let admin = browser.flush_cache("chat").await;
    println!(
        "flush_cache(\"chat\")     -> {:?}",
        admin.as_ref().map_err(|e| e.error_code)
    );
    assert_eq!(admin.unwrap_err().error_code, ErrorCode::PermissionError);
    println!("token vending done");
    Ok(())
}

/// A secret for this run only, from the standard library's randomly seeded hasher (enough for
/// a demo, and no extra dependency; a real secret is 32 random bytes in the file given to
/// `--auth-secret-file`).
fn random_secret() -> String {
    let seed = std::collections::hash_map::RandomState::new();
    (0..4)
        .map(|i| {
            use std::hash::BuildHasher;
            format!("{:016x}", seed.hash_one(i))
        })
        .collect()
}
