//! Auth: a super-user key mints a disposable token through the `AuthClient` (by the shortcut
//! and by request), and a cache client holding the token is allowed and refused as its scope
//! says. Runs against its own edgecache-server that checks signed keys.
use std::time::Duration;

use super::{CACHE, Checks};
use crate::sdk;
use sdk::auth::{DisposableTokenScopes, ExpiresIn, GenerateDisposableTokenRequest};
use sdk::cache::{GetResponse, configurations::Laptop};
use sdk::{AuthClient, CacheClient, CredentialProvider, MomentoErrorCode, MomentoResult};

/// The local server's signing secret; nothing outside this run ever sees its keys.
const SECRET: &str = "the signing secret of the compatibility programs";

pub async fn run(checks: &mut Checks) -> MomentoResult<()> {
    let secret = edgecache_server::AuthSecret::new(SECRET).expect("a 32-byte secret");
    let config = edgecache_server::ServerConfig::new()
        .auth_secret(secret.clone())
        .cache(CACHE);
    let server = edgecache_server::spawn(config).expect("edgecache-server starts on 127.0.0.1");
    let url = format!("http://127.0.0.1:{}", server.addr().port());
    // A v1 key (base64 JSON naming its endpoint), which both SDKs read with `from_string`.
    let key = edgecache_server::mint_super_user_key(&secret, "127.0.0.1:1", None);
    #[allow(deprecated)]
    let super_user = CredentialProvider::from_string(key)?.insecure_endpoint_override(&url);

    let auth_client = AuthClient::builder()
        .credential_provider(super_user)
        .build()?;
    let scope = DisposableTokenScopes::cache_key_read_write(CACHE, "allowed");
    let response = auth_client
        .generate_disposable_token(scope, ExpiresIn::minutes(5))
        .await?;
    let token = response.clone().auth_token();
    checks.equal("generate_disposable_token", token.is_empty(), false);

    let holder = CredentialProvider::from_disposable_token(token)?.insecure_endpoint_override(&url);
    let client = CacheClient::builder()
        .default_ttl(Duration::from_secs(60))
        .configuration(Laptop::latest())
        .credential_provider(holder)
        .build()?;
    client.set(CACHE, "allowed", "v").await?;
    let hit = matches!(client.get(CACHE, "allowed").await?, GetResponse::Hit { .. });
    checks.equal("the token's key is readable", hit, true);
    let refused = client.set(CACHE, "other", "v").await.unwrap_err();
    checks.equal(
        "another key is refused",
        refused.error_code,
        MomentoErrorCode::PermissionError,
    );

    let request = GenerateDisposableTokenRequest::new(
        DisposableTokenScopes::cache_key_prefix_read_only(CACHE, "pre"),
        ExpiresIn::seconds(60),
    )
    .token_id("compat".to_string());
    let read_only = auth_client.send_request(request).await?;
    let holder = CredentialProvider::from_disposable_token(read_only.auth_token())?
        .insecure_endpoint_override(&url);
    let client = CacheClient::builder()
        .default_ttl(Duration::from_secs(60))
        .configuration(Laptop::latest())
        .credential_provider(holder)
        .build()?;
    let miss = matches!(client.get(CACHE, "prefixed").await?, GetResponse::Miss);
    checks.equal(
        "GenerateDisposableTokenRequest: a prefixed key is readable",
        miss,
        true,
    );
    let refused = client.set(CACHE, "prefixed", "v").await.unwrap_err();
    checks.equal(
        "and not writable",
        refused.error_code,
        MomentoErrorCode::PermissionError,
    );
    Ok(())
}
