//! `Increment`: add to a counter stored as a base-10 string.

use std::time::Duration;

use edgecache_proto::cache_client as wire;

use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key};
use crate::error::CacheResult;
use crate::rpc;

/// Adds `amount` to the integer stored under a key, creating it with `amount` when absent.
/// A value that is not a base-10 integer fails with `FailedPreconditionError`. Never retried.
#[derive(Clone, Debug)]
pub struct IncrementRequest {
    cache_name: String,
    key: Vec<u8>,
    amount: i64,
    ttl: Option<Duration>,
}

impl IncrementRequest {
    /// Adds `amount` (which may be negative) to the counter at `key`.
    pub fn new(cache_name: impl Into<String>, key: impl IntoBytes, amount: i64) -> Self {
        IncrementRequest {
            cache_name: cache_name.into(),
            key: key.into_bytes(),
            amount,
            ttl: None,
        }
    }

    /// The TTL sent with the increment; the client's default TTL when unset.
    pub fn ttl(mut self, ttl: impl Into<Option<Duration>>) -> Self {
        self.ttl = ttl.into();
        self
    }
}

/// The counter after the increment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IncrementResponse {
    /// The stored value after adding.
    pub value: i64,
}

impl MomentoRequest for IncrementRequest {
    type Response = IncrementResponse;

    fn prepare(self, defaults: &RequestDefaults) -> CacheResult<Prepared<IncrementResponse>> {
        let request = wire::IncrementRequest {
            cache_key: key("key", self.key)?,
            amount: self.amount,
            ttl_milliseconds: defaults.ttl_millis(self.ttl)?,
        };
        Prepared::unary(
            rpc::INCREMENT,
            &self.cache_name,
            request,
            |reply: wire::IncrementResponse| Ok(IncrementResponse { value: reply.value }),
        )
    }
}
