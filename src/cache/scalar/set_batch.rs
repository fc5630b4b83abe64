//! `SetBatch`: store several items in one streamed call.

use std::time::Duration;

use edgecache_proto::cache_client as wire;

use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Stores several key/value pairs at once, all with the same TTL.
#[derive(Clone, Debug)]
pub struct SetBatchRequest {
    cache_name: String,
    items: Vec<(Vec<u8>, Vec<u8>)>,
    ttl: Option<Duration>,
}

impl SetBatchRequest {
    /// Stores each `(key, value)` of `items` in `cache_name`.
    pub fn new<K: IntoBytes, V: IntoBytes>(
        cache_name: impl Into<String>,
        items: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        SetBatchRequest {
            cache_name: cache_name.into(),
            items: items
                .into_iter()
                .map(|(k, v)| (k.into_bytes(), v.into_bytes()))
                .collect(),
            ttl: None,
        }
    }

    /// How long the items live; the client's default TTL when unset.
    pub fn ttl(mut self, ttl: impl Into<Option<Duration>>) -> Self {
        self.ttl = ttl.into();
        self
    }
}

/// One outcome per item, in request order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetBatchResponse {
    /// `(key, outcome)` pairs in request order.
    pub results: Vec<(Vec<u8>, CacheResult<()>)>,
}

impl MomentoRequest for SetBatchRequest {
    type Response = SetBatchResponse;

    fn prepare(self, defaults: &RequestDefaults) -> CacheResult<Prepared<SetBatchResponse>> {
        if self.items.is_empty() {
            return Err(CacheError::invalid_argument(
                "items",
                "must hold at least one item",
            ));
        }
        let ttl_milliseconds = defaults.ttl_millis(self.ttl)?;
        let mut keys = Vec::with_capacity(self.items.len());
        let mut items = Vec::with_capacity(self.items.len());
        for (k, value) in self.items {
            let cache_key = key("items", k)?;
            keys.push(cache_key.clone());
            items.push(wire::SetRequest {
                cache_key,
                cache_body: value,
                ttl_milliseconds,
            });
        }
        Prepared::streaming(
            rpc::SET_BATCH,
            &self.cache_name,
            wire::SetBatchRequest { items },
            move |replies: Vec<wire::SetResponse>| {
                if replies.len() != keys.len() {
                    return Err(CacheError::unexpected_reply(format!(
                        "{} answers for {} items",
                        replies.len(),
                        keys.len()
                    )));
                }
                let results = keys
                    .into_iter()
                    .zip(replies)
                    .map(|(k, reply)| {
                        let outcome = if reply.result == wire::ECacheResult::Ok as i32 {
                            Ok(())
                        } else {
                            Err(CacheError::unexpected_reply(format!(
                                "set result {}: {}",
                                reply.result, reply.message
                            )))
                        };
                        (k, outcome)
                    })
                    .collect();
                Ok(SetBatchResponse { results })
            },
        )
    }
}
