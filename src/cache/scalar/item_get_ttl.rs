//! `ItemGetTtl`: how long an item has left.

use std::time::Duration;

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::item_get_ttl_response::Result as Outcome;

use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, hit_conversion, key};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Reads the remaining TTL of the item under a key, of any type.
#[derive(Clone, Debug)]
pub struct ItemGetTtlRequest {
    cache_name: String,
    key: Vec<u8>,
}

impl ItemGetTtlRequest {
    /// Reads the TTL left on `key`.
    pub fn new(cache_name: impl Into<String>, key: impl IntoBytes) -> Self {
        ItemGetTtlRequest {
            cache_name: cache_name.into(),
            key: key.into_bytes(),
        }
    }
}

/// The TTL left, or a miss.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemGetTtlResponse {
    /// The item exists.
    Hit {
        /// Time until it expires.
        remaining_ttl: Duration,
    },
    /// No item under the key.
    Miss,
}

hit_conversion!(ItemGetTtlResponse, remaining_ttl: Duration, "ItemGetTtl");

impl MomentoRequest for ItemGetTtlRequest {
    type Response = ItemGetTtlResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<ItemGetTtlResponse>> {
        let request = wire::ItemGetTtlRequest {
            cache_key: key("key", self.key)?,
        };
        Prepared::unary(
            rpc::ITEM_GET_TTL,
            &self.cache_name,
            request,
            |reply: wire::ItemGetTtlResponse| match reply.result {
                Some(Outcome::Found(found)) => Ok(ItemGetTtlResponse::Hit {
                    remaining_ttl: Duration::from_millis(found.remaining_ttl_millis),
                }),
                Some(Outcome::Missing(_)) => Ok(ItemGetTtlResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "item-get-ttl answer has no result",
                )),
            },
        )
    }
}
