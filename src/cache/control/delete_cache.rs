//! `DeleteCache`.

use edgecache_proto::control_client as wire;

use crate::cache::{MomentoRequest, Prepared, RequestDefaults, cache_name};
use crate::error::CacheResult;
use crate::rpc;

/// Deletes a cache and everything in it. A missing cache fails with `CacheNotFoundError`.
#[derive(Clone, Debug)]
pub struct DeleteCacheRequest {
    cache_name: String,
}

impl DeleteCacheRequest {
    /// Deletes `cache_name`.
    pub fn new(cache_name: impl Into<String>) -> Self {
        DeleteCacheRequest {
            cache_name: cache_name.into(),
        }
    }
}

/// The cache is gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeleteCacheResponse {}

impl MomentoRequest for DeleteCacheRequest {
    type Response = DeleteCacheResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<DeleteCacheResponse>> {
        let request = wire::DeleteCacheRequest {
            cache_name: cache_name(&self.cache_name)?,
        };
        Prepared::without_cache(
            rpc::DELETE_CACHE,
            request,
            |_: wire::DeleteCacheResponse| Ok(DeleteCacheResponse {}),
        )
    }
}
