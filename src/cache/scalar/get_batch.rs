//! `GetBatch`: read several keys in one streamed call.

use edgecache_proto::cache_client as wire;

use crate::cache::{GetResponse, IntoBytes, MomentoRequest, Prepared, RequestDefaults, key};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Reads several keys at once. Each key gets its own answer, so one bad item does not fail
/// the others.
#[derive(Clone, Debug)]
pub struct GetBatchRequest {
    cache_name: String,
    keys: Vec<Vec<u8>>,
}

impl GetBatchRequest {
    /// Reads each of `keys` from `cache_name`.
    pub fn new<K: IntoBytes>(
        cache_name: impl Into<String>,
        keys: impl IntoIterator<Item = K>,
    ) -> Self {
        GetBatchRequest {
            cache_name: cache_name.into(),
            keys: keys.into_iter().map(IntoBytes::into_bytes).collect(),
        }
    }
}

/// One answer per requested key, in request order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GetBatchResponse {
    /// `(key, answer)` pairs in request order.
    pub results: Vec<(Vec<u8>, CacheResult<GetResponse>)>,
}

impl GetBatchResponse {
    /// The hits, as a map from key to value bytes.
    pub fn hits(&self) -> std::collections::HashMap<Vec<u8>, Vec<u8>> {
        self.results
            .iter()
            .filter_map(|(key, result)| match result {
                Ok(GetResponse::Hit { value }) => Some((key.clone(), value.as_bytes().to_vec())),
                _ => None,
            })
            .collect()
    }
}

impl MomentoRequest for GetBatchRequest {
    type Response = GetBatchResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<GetBatchResponse>> {
        if self.keys.is_empty() {
            return Err(CacheError::invalid_argument(
                "keys",
                "must hold at least one key",
            ));
        }
        let keys = self
            .keys
            .into_iter()
            .map(|k| key("keys", k))
            .collect::<CacheResult<Vec<_>>>()?;
        let items = keys
            .iter()
            .map(|k| wire::GetRequest {
                cache_key: k.clone(),
            })
            .collect();
        Prepared::streaming(
            rpc::GET_BATCH,
            &self.cache_name,
            wire::GetBatchRequest { items },
            move |replies: Vec<wire::GetResponse>| {
                if replies.len() != keys.len() {
                    return Err(CacheError::unexpected_reply(format!(
                        "{} answers for {} keys",
                        replies.len(),
                        keys.len()
                    )));
                }
                let results = keys
                    .into_iter()
                    .zip(replies)
                    .map(|(k, reply)| (k, GetResponse::from_wire(reply)))
                    .collect();
                Ok(GetBatchResponse { results })
            },
        )
    }
}
