//! Shortcuts for managing caches, and ping.

use super::CacheClient;
use crate::cache::*;
use crate::error::CacheResult;

impl CacheClient {
    /// Creates a cache; an existing one answers [`CreateCacheResponse::AlreadyExists`].
    pub async fn create_cache(
        &self,
        cache_name: impl Into<String>,
    ) -> CacheResult<CreateCacheResponse> {
        self.send_request(CreateCacheRequest::new(cache_name)).await
    }

    /// Deletes a cache and its data.
    pub async fn delete_cache(
        &self,
        cache_name: impl Into<String>,
    ) -> CacheResult<DeleteCacheResponse> {
        self.send_request(DeleteCacheRequest::new(cache_name)).await
    }

    /// Lists the caches.
    pub async fn list_caches(&self) -> CacheResult<ListCachesResponse> {
        self.send_request(ListCachesRequest::new()).await
    }

    /// Empties a cache and keeps it.
    pub async fn flush_cache(
        &self,
        cache_name: impl Into<String>,
    ) -> CacheResult<FlushCacheResponse> {
        self.send_request(FlushCacheRequest::new(cache_name)).await
    }

    /// Checks that the service answers.
    pub async fn ping(&self) -> CacheResult<PingResponse> {
        self.send_request(PingRequest::default()).await
    }
}
