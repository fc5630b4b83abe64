//! `CreateCache`.

use edgecache_proto::control_client as wire;

use crate::cache::{MomentoRequest, Prepared, RequestDefaults, cache_name};
use crate::error::{CacheResult, ErrorCode};
use crate::rpc;

/// Creates a cache. A cache must exist before data calls can use it.
#[derive(Clone, Debug)]
pub struct CreateCacheRequest {
    cache_name: String,
}

impl CreateCacheRequest {
    /// Creates `cache_name`.
    pub fn new(cache_name: impl Into<String>) -> Self {
        CreateCacheRequest {
            cache_name: cache_name.into(),
        }
    }
}

/// Whether the cache was created or was already there; both mean it exists now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreateCacheResponse {
    /// The cache was created.
    Created,
    /// The cache already existed.
    AlreadyExists,
}

impl MomentoRequest for CreateCacheRequest {
    type Response = CreateCacheResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<CreateCacheResponse>> {
        let request = wire::CreateCacheRequest {
            cache_name: cache_name(&self.cache_name)?,
        };
        let prepared = Prepared::without_cache(
            rpc::CREATE_CACHE,
            request,
            |_: wire::CreateCacheResponse| Ok(CreateCacheResponse::Created),
        )?;
        Ok(prepared.recover(|err| match err.error_code {
            ErrorCode::AlreadyExistsError => Ok(CreateCacheResponse::AlreadyExists),
            _ => Err(err),
        }))
    }
}
