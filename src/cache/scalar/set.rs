//! `Set`: store one value, replacing whatever the key held.

use std::time::Duration;

use edgecache_proto::cache_client as wire;

use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key};
use crate::error::CacheResult;
use crate::rpc;

/// Stores a value under a key, with the client's default TTL unless [`SetRequest::ttl`] says
/// otherwise.
///
/// ```no_run
/// # async fn run(client: edgecache::CacheClient) -> edgecache::CacheResult<()> {
/// use std::time::Duration;
/// use edgecache::cache::SetRequest;
/// client.send_request(SetRequest::new("cache", "key", "value").ttl(Duration::from_secs(30))).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct SetRequest {
    cache_name: String,
    key: Vec<u8>,
    value: Vec<u8>,
    ttl: Option<Duration>,
}

impl SetRequest {
    /// Stores `value` under `key` in `cache_name`.
    pub fn new(cache_name: impl Into<String>, key: impl IntoBytes, value: impl IntoBytes) -> Self {
        SetRequest {
            cache_name: cache_name.into(),
            key: key.into_bytes(),
            value: value.into_bytes(),
            ttl: None,
        }
    }

    /// How long the item lives; the client's default TTL when unset.
    pub fn ttl(mut self, ttl: impl Into<Option<Duration>>) -> Self {
        self.ttl = ttl.into();
        self
    }
}

/// The value was stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetResponse {}

impl MomentoRequest for SetRequest {
    type Response = SetResponse;

    fn prepare(self, defaults: &RequestDefaults) -> CacheResult<Prepared<SetResponse>> {
        let request = wire::SetRequest {
            cache_key: key("key", self.key)?,
            cache_body: self.value,
            ttl_milliseconds: defaults.ttl_millis(self.ttl)?,
        };
        // The service answers `Ok`; the status already says whether the write happened.
        Prepared::unary(
            rpc::SET,
            &self.cache_name,
            request,
            |_: wire::SetResponse| Ok(SetResponse {}),
        )
    }
}
