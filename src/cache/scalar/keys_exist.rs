//! `KeysExist`: which of several keys hold an item.

use std::collections::HashMap;

use edgecache_proto::cache_client as wire;

use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Asks which keys exist; the answer is in request order.
#[derive(Clone, Debug)]
pub struct KeysExistRequest {
    cache_name: String,
    keys: Vec<Vec<u8>>,
}

impl KeysExistRequest {
    /// Checks each of `keys` in `cache_name`.
    pub fn new<K: IntoBytes>(
        cache_name: impl Into<String>,
        keys: impl IntoIterator<Item = K>,
    ) -> Self {
        KeysExistRequest {
            cache_name: cache_name.into(),
            keys: keys.into_iter().map(IntoBytes::into_bytes).collect(),
        }
    }
}

/// `exists[i]` says whether `keys[i]`, the i-th requested key, exists. Converts into
/// `Vec<bool>` and into maps from key to flag, as the `momento` crate's response does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeysExistResponse {
    /// One flag per requested key, in request order.
    pub exists: Vec<bool>,
    /// The requested keys, in request order.
    pub keys: Vec<Vec<u8>>,
}

impl From<KeysExistResponse> for Vec<bool> {
    fn from(response: KeysExistResponse) -> Self {
        response.exists
    }
}

impl From<KeysExistResponse> for HashMap<Vec<u8>, bool> {
    fn from(response: KeysExistResponse) -> Self {
        response.keys.into_iter().zip(response.exists).collect()
    }
}

/// Keys that are not UTF-8 have each bad sequence replaced by U+FFFD, so two such keys can
/// share an entry; convert into `HashMap<Vec<u8>, bool>` when keys are arbitrary bytes.
impl From<KeysExistResponse> for HashMap<String, bool> {
    fn from(response: KeysExistResponse) -> Self {
        let keys = response.keys.into_iter();
        keys.map(|k| String::from_utf8_lossy(&k).into_owned())
            .zip(response.exists)
            .collect()
    }
}

impl MomentoRequest for KeysExistRequest {
    type Response = KeysExistResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<KeysExistResponse>> {
        if self.keys.is_empty() {
            return Err(CacheError::invalid_argument(
                "keys",
                "must hold at least one key",
            ));
        }
        let expected = self.keys.len();
        let cache_keys: Vec<Vec<u8>> = self
            .keys
            .into_iter()
            .map(|k| key("keys", k))
            .collect::<CacheResult<_>>()?;
        let keys = cache_keys.clone();
        let request = wire::KeysExistRequest { cache_keys };
        Prepared::unary(
            rpc::KEYS_EXIST,
            &self.cache_name,
            request,
            move |reply: wire::KeysExistResponse| {
                if reply.exists.len() != expected {
                    return Err(CacheError::unexpected_reply(format!(
                        "{} answers for {expected} keys",
                        reply.exists.len()
                    )));
                }
                Ok(KeysExistResponse {
                    exists: reply.exists,
                    keys,
                })
            },
        )
    }
}

/// Asks whether one key exists.
#[derive(Clone, Debug)]
pub struct KeyExistsRequest {
    inner: KeysExistRequest,
}

impl KeyExistsRequest {
    /// Checks `key` in `cache_name`.
    pub fn new(cache_name: impl Into<String>, key: impl IntoBytes) -> Self {
        KeyExistsRequest {
            inner: KeysExistRequest::new(cache_name, [key]),
        }
    }
}

/// Whether the key exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyExistsResponse {
    /// True when the key holds an item.
    pub exists: bool,
}

impl MomentoRequest for KeyExistsRequest {
    type Response = KeyExistsResponse;

    fn prepare(self, defaults: &RequestDefaults) -> CacheResult<Prepared<KeyExistsResponse>> {
        // The inner decoder has already checked there is exactly one flag.
        Ok(self
            .inner
            .prepare(defaults)?
            .map(|reply| KeyExistsResponse {
                exists: reply.exists.first() == Some(&true),
            }))
    }
}
