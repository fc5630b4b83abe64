//! `Delete`: remove an item of any type.

use edgecache_proto::cache_client as wire;

use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key};
use crate::error::CacheResult;
use crate::rpc;

/// Removes the item under a key, whatever its type. Deleting a missing key succeeds.
#[derive(Clone, Debug)]
pub struct DeleteRequest {
    cache_name: String,
    key: Vec<u8>,
}

impl DeleteRequest {
    /// Removes `key` from `cache_name`.
    pub fn new(cache_name: impl Into<String>, key: impl IntoBytes) -> Self {
        DeleteRequest {
            cache_name: cache_name.into(),
            key: key.into_bytes(),
        }
    }
}

/// The key no longer holds an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeleteResponse {}

impl MomentoRequest for DeleteRequest {
    type Response = DeleteResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<DeleteResponse>> {
        let request = wire::DeleteRequest {
            cache_key: key("key", self.key)?,
        };
        Prepared::unary(
            rpc::DELETE,
            &self.cache_name,
            request,
            |_: wire::DeleteResponse| Ok(DeleteResponse {}),
        )
    }
}
