//! Cache control plane: create, list, flush, delete.
use super::{CACHE, Checks};
use crate::sdk;
use sdk::cache::{CreateCacheRequest, CreateCacheResponse};
use sdk::{CacheClient, MomentoError, MomentoErrorCode, MomentoResult};

pub async fn run(client: &CacheClient, checks: &mut Checks) -> MomentoResult<()> {
    let created = client.create_cache(CACHE).await?;
    checks.equal("create_cache", created, CreateCacheResponse::Created);
    let again = client.send_request(CreateCacheRequest::new(CACHE)).await?;
    checks.equal(
        "create_cache again",
        again,
        CreateCacheResponse::AlreadyExists,
    );

    client.create_cache("compat-scratch").await?;
    let mut names: Vec<String> = client
        .list_caches()
        .await?
        .caches
        .into_iter()
        .map(|cache| cache.name)
        .collect();
    names.sort();
    checks.equal(
        "list_caches",
        names,
        vec![CACHE.to_string(), "compat-scratch".to_string()],
    );

    client.set("compat-scratch", "k", "v").await?;
    client.flush_cache("compat-scratch").await?;
    let after_flush = client.get("compat-scratch", "k").await?;
    checks.equal(
        "get after flush_cache",
        after_flush,
        sdk::cache::GetResponse::Miss,
    );

    client.delete_cache("compat-scratch").await?;
    let result = client.get("compat-scratch", "k").await;
    checks.equal("get from a deleted cache fails", result.is_err(), true);

    // Errors: `error_code` and `message`, as momento's `MomentoError` has them.
    let missing: MomentoError = client.get("no-such-cache", "k").await.unwrap_err();
    checks.equal(
        "error_code of a call to a missing cache",
        missing.error_code,
        MomentoErrorCode::CacheNotFoundError,
    );
    checks.equal(
        "its message is not empty",
        missing.message.is_empty(),
        false,
    );
    let invalid = client.get("", "k").await.unwrap_err();
    checks.equal(
        "error_code of an empty cache name",
        invalid.error_code,
        MomentoErrorCode::InvalidArgumentError,
    );
    Ok(())
}
