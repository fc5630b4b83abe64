//! `SetBatch`: store several items in one streamed call.

use std::collections::HashMap;
use std::time::Duration;

use edgecache_proto::cache_client as wire;

use crate::cache::{
    IntoBytes, MomentoRequest, Prepared, RequestDefaults, SetResponse, key, ttl_millis, utf8,
};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Stores several key/value pairs at once, with one TTL for the batch or one per item.
#[derive(Clone, Debug)]
pub struct SetBatchRequest {
    cache_name: String,
    /// `(key, value, the item's own TTL)`.
    items: Vec<(Vec<u8>, Vec<u8>, Option<Duration>)>,
    ttl: Option<Duration>,
}

impl SetBatchRequest {
    /// Stores each `(key, value)` of `items` in `cache_name`.
    pub fn new<K: IntoBytes, V: IntoBytes>(
        cache_name: impl Into<String>,
        items: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self::with_item_ttls(cache_name, items.into_iter().map(|(k, v)| (k, v, None)))
    }

    /// Stores each `(key, value, ttl)` of `items` in `cache_name`: an item with a TTL of its
    /// own lives that long, the others as [`SetBatchRequest::ttl`] says.
    pub fn with_item_ttls<K: IntoBytes, V: IntoBytes>(
        cache_name: impl Into<String>,
        items: impl IntoIterator<Item = (K, V, Option<Duration>)>,
    ) -> Self {
        SetBatchRequest {
            cache_name: cache_name.into(),
            items: items
                .into_iter()
                .map(|(k, v, ttl)| (k.into_bytes(), v.into_bytes(), ttl))
                .collect(),
            ttl: None,
        }
    }

    /// How long the items without a TTL of their own live; the client's default TTL when unset.
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

// The maps the `momento` crate offers. Its batch fails as a whole on a bad item; here each
// item has its own outcome, so the infallible `From` map leaves out failed items (they stay
// in `results`) and the `TryFrom` map fails with the first failure.

/// The stored items' keys.
impl From<SetBatchResponse> for HashMap<Vec<u8>, SetResponse> {
    fn from(response: SetBatchResponse) -> Self {
        let stored = response.results.into_iter().filter(|(_, r)| r.is_ok());
        stored.map(|(k, _)| (k, SetResponse {})).collect()
    }
}

/// Every key as text; fails on the first failed item or a key that is not UTF-8.
impl TryFrom<SetBatchResponse> for HashMap<String, SetResponse> {
    type Error = CacheError;

    fn try_from(response: SetBatchResponse) -> CacheResult<Self> {
        let results = response.results.into_iter();
        results
            .map(|(k, r)| r.and_then(|()| Ok((utf8("key", k)?, SetResponse {}))))
            .collect()
    }
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
        let batch_ttl = defaults.ttl_millis(self.ttl)?;
        let mut keys = Vec::with_capacity(self.items.len());
        let mut items = Vec::with_capacity(self.items.len());
        for (k, value, ttl) in self.items {
            let cache_key = key("items", k)?;
            keys.push(cache_key.clone());
            items.push(wire::SetRequest {
                cache_key,
                cache_body: value,
                ttl_milliseconds: match ttl {
                    Some(ttl) => ttl_millis("ttl", ttl)?,
                    None => batch_ttl,
                },
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{prepare, rejected, sent};

    #[test]
    fn an_item_ttl_overrides_the_batch_ttl_which_overrides_the_default() {
        let ttls = |request| {
            let (path, sent): (_, wire::SetBatchRequest) = sent(&prepare(request));
            assert_eq!(path, "/cache_client.Scs/SetBatch");
            sent.items
                .iter()
                .map(|item| item.ttl_milliseconds)
                .collect::<Vec<_>>()
        };
        let items = || [("a", "1", None), ("b", "2", Some(Duration::from_secs(5)))];
        // The test defaults' TTL is 60 s.
        assert_eq!(
            ttls(SetBatchRequest::with_item_ttls("c", items())),
            [60_000, 5_000]
        );
        let batch = SetBatchRequest::with_item_ttls("c", items()).ttl(Duration::from_secs(9));
        assert_eq!(ttls(batch), [9_000, 5_000]);
        assert_eq!(ttls(SetBatchRequest::new("c", [("a", "1")])), [60_000]);
    }

    #[test]
    fn an_item_ttl_under_a_millisecond_is_refused() {
        let request =
            SetBatchRequest::with_item_ttls("c", [("a", "1", Some(Duration::from_micros(10)))]);
        let error = rejected(request, "ttl");
        assert!(error.message.contains("at least 1 ms"), "{}", error.message);
    }
}
