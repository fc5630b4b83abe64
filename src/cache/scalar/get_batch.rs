//! `GetBatch`: read several keys in one streamed call.

use std::collections::HashMap;

use edgecache_proto::cache_client as wire;

use crate::cache::{
    GetResponse, IntoBytes, MomentoRequest, Prepared, RequestDefaults, Value, key, utf8,
};
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

// The maps the `momento` crate offers. Its batch fails as a whole on a bad item; here each
// key has its own answer, so the infallible `From` maps leave out keys whose answer is an
// error (they stay in `results`), and the `TryFrom` maps fail with the first such error.

/// Every key with its answer, misses included.
impl From<GetBatchResponse> for HashMap<Vec<u8>, GetResponse> {
    fn from(response: GetBatchResponse) -> Self {
        let answered = response.results.into_iter();
        answered.filter_map(|(k, r)| Some((k, r.ok()?))).collect()
    }
}

/// The hits.
impl From<GetBatchResponse> for HashMap<Vec<u8>, Value> {
    fn from(response: GetBatchResponse) -> Self {
        let answered = HashMap::<Vec<u8>, GetResponse>::from(response).into_iter();
        answered
            .filter_map(|(k, r)| Some((k, Option::<Value>::from(r)?)))
            .collect()
    }
}

/// The hits, as bytes.
impl From<GetBatchResponse> for HashMap<Vec<u8>, Vec<u8>> {
    fn from(response: GetBatchResponse) -> Self {
        let hits = HashMap::<Vec<u8>, Value>::from(response).into_iter();
        hits.map(|(k, v)| (k, v.into_bytes())).collect()
    }
}

impl GetBatchResponse {
    /// Every answer, or the first error among them.
    fn answers(self) -> CacheResult<Vec<(Vec<u8>, GetResponse)>> {
        let results = self.results.into_iter();
        results.map(|(k, r)| Ok((k, r?))).collect()
    }

    /// The hits, or the first error among the answers.
    fn hit_values(self) -> CacheResult<Vec<(Vec<u8>, Value)>> {
        let answers = self.answers()?.into_iter();
        Ok(answers
            .filter_map(|(k, r)| Some((k, Option::<Value>::from(r)?)))
            .collect())
    }
}

/// Every key as text with its answer; fails on an error answer or a key that is not UTF-8.
impl TryFrom<GetBatchResponse> for HashMap<String, GetResponse> {
    type Error = CacheError;

    fn try_from(response: GetBatchResponse) -> CacheResult<Self> {
        let answers = response.answers()?.into_iter();
        answers.map(|(k, r)| Ok((utf8("key", k)?, r))).collect()
    }
}

/// The hits by text key; fails on an error answer or a key that is not UTF-8.
impl TryFrom<GetBatchResponse> for HashMap<String, Value> {
    type Error = CacheError;

    fn try_from(response: GetBatchResponse) -> CacheResult<Self> {
        let hits = response.hit_values()?.into_iter();
        hits.map(|(k, v)| Ok((utf8("key", k)?, v))).collect()
    }
}

/// The hits by text key, as bytes; fails on an error answer or a key that is not UTF-8.
impl TryFrom<GetBatchResponse> for HashMap<String, Vec<u8>> {
    type Error = CacheError;

    fn try_from(response: GetBatchResponse) -> CacheResult<Self> {
        let hits = response.hit_values()?.into_iter();
        hits.map(|(k, v)| Ok((utf8("key", k)?, v.into_bytes())))
            .collect()
    }
}

/// The hits as text; fails on an error answer or a key or value that is not UTF-8.
impl TryFrom<GetBatchResponse> for HashMap<String, String> {
    type Error = CacheError;

    fn try_from(response: GetBatchResponse) -> CacheResult<Self> {
        let hits = response.hit_values()?.into_iter();
        hits.map(|(k, v)| Ok((utf8("key", k)?, utf8("value", v.into_bytes())?)))
            .collect()
    }
}

/// The hits with text values; fails on an error answer or a value that is not UTF-8.
impl TryFrom<GetBatchResponse> for HashMap<Vec<u8>, String> {
    type Error = CacheError;

    fn try_from(response: GetBatchResponse) -> CacheResult<Self> {
        let hits = response.hit_values()?.into_iter();
        hits.map(|(k, v)| Ok((k, utf8("value", v.into_bytes())?)))
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
