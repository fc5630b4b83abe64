//! `FlushCache`.

use edgecache_proto::control_client as wire;

use crate::cache::{MomentoRequest, Prepared, RequestDefaults, cache_name};
use crate::error::CacheResult;
use crate::rpc;

/// Removes every item from a cache and keeps the cache.
#[derive(Clone, Debug)]
pub struct FlushCacheRequest {
    cache_name: String,
}

impl FlushCacheRequest {
    /// Empties `cache_name`.
    pub fn new(cache_name: impl Into<String>) -> Self {
        FlushCacheRequest {
            cache_name: cache_name.into(),
        }
    }
}

/// The cache is empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlushCacheResponse {}

impl MomentoRequest for FlushCacheRequest {
    type Response = FlushCacheResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<FlushCacheResponse>> {
        let request = wire::FlushCacheRequest {
            cache_name: cache_name(&self.cache_name)?,
        };
        Prepared::without_cache(rpc::FLUSH_CACHE, request, |_: wire::FlushCacheResponse| {
            Ok(FlushCacheResponse {})
        })
    }
}
