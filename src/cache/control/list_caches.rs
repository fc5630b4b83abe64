//! `ListCaches`.

use edgecache_proto::control_client as wire;

use crate::cache::{MomentoRequest, Prepared, RequestDefaults};
use crate::error::CacheResult;
use crate::rpc;

/// Lists the caches of the account (or local server).
#[derive(Clone, Debug, Default)]
pub struct ListCachesRequest {}

impl ListCachesRequest {
    /// Lists every cache.
    pub fn new() -> Self {
        ListCachesRequest {}
    }
}

/// One cache in a listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheInfo {
    /// The cache's name.
    pub name: String,
}

/// The caches that exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListCachesResponse {
    /// Every cache, in the order the service listed them.
    pub caches: Vec<CacheInfo>,
}

impl MomentoRequest for ListCachesRequest {
    type Response = ListCachesResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<ListCachesResponse>> {
        let request = wire::ListCachesRequest {
            next_token: String::new(),
        };
        Prepared::without_cache(
            rpc::LIST_CACHES,
            request,
            |reply: wire::ListCachesResponse| {
                let caches = reply
                    .cache
                    .into_iter()
                    .map(|c| CacheInfo { name: c.cache_name })
                    .collect();
                Ok(ListCachesResponse { caches })
            },
        )
    }
}
