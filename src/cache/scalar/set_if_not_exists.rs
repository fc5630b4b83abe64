//! `SetIfNotExists`: store a value only when the key is absent (deprecated in the schema).

use std::time::Duration;

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::set_if_not_exists_response::Result as Outcome;

use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Stores a value only if the key does not exist, through the `SetIfNotExists` RPC.
///
/// The protocol deprecates this RPC; current SDKs send `SetIf` with the `absent` condition,
/// which [`crate::CacheClient::set_if_absent`] does. It is here so that every RPC has a
/// client method. Never retried.
#[derive(Clone, Debug)]
pub struct SetIfNotExistsRequest {
    cache_name: String,
    key: Vec<u8>,
    value: Vec<u8>,
    ttl: Option<Duration>,
}

impl SetIfNotExistsRequest {
    /// Stores `value` under `key` if the key is absent.
    pub fn new(cache_name: impl Into<String>, key: impl IntoBytes, value: impl IntoBytes) -> Self {
        SetIfNotExistsRequest {
            cache_name: cache_name.into(),
            key: key.into_bytes(),
            value: value.into_bytes(),
            ttl: None,
        }
    }

    /// How long a stored item lives; the client's default TTL when unset.
    pub fn ttl(mut self, ttl: impl Into<Option<Duration>>) -> Self {
        self.ttl = ttl.into();
        self
    }
}

/// Whether the value was stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetIfNotExistsResponse {
    /// The key was absent and the value was stored.
    Stored,
    /// The key existed; nothing changed.
    NotStored,
}

impl MomentoRequest for SetIfNotExistsRequest {
    type Response = SetIfNotExistsResponse;

    fn prepare(self, defaults: &RequestDefaults) -> CacheResult<Prepared<SetIfNotExistsResponse>> {
        let request = wire::SetIfNotExistsRequest {
            cache_key: key("key", self.key)?,
            cache_body: self.value,
            ttl_milliseconds: defaults.ttl_millis(self.ttl)?,
        };
        Prepared::unary(
            rpc::SET_IF_NOT_EXISTS,
            &self.cache_name,
            request,
            |reply: wire::SetIfNotExistsResponse| match reply.result {
                Some(Outcome::Stored(_)) => Ok(SetIfNotExistsResponse::Stored),
                Some(Outcome::NotStored(_)) => Ok(SetIfNotExistsResponse::NotStored),
                None => Err(CacheError::unexpected_reply(
                    "set-if-not-exists answer has no result",
                )),
            },
        )
    }
}

// The shortcut lives here, next to its request; it belongs with the other scalar shortcuts in
// `client/scalar.rs`.

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{answer, prepare, rejected, sent};
    use edgecache_proto::cache_client::set_if_not_exists_response::{NotStored, Stored};

    #[test]
    fn wire_round_trip() {
        let request = || SetIfNotExistsRequest::new("c", "k", "v");
        let (path, sent): (_, wire::SetIfNotExistsRequest) = sent(&prepare(request()));
        assert_eq!(path, "/cache_client.Scs/SetIfNotExists");
        assert_eq!(
            (sent.cache_body.as_slice(), sent.ttl_milliseconds),
            (&b"v"[..], 60_000)
        );
        let stored = wire::SetIfNotExistsResponse {
            result: Some(Outcome::Stored(Stored {})),
        };
        assert_eq!(
            answer(prepare(request()), stored).unwrap(),
            SetIfNotExistsResponse::Stored
        );
        let not_stored = wire::SetIfNotExistsResponse {
            result: Some(Outcome::NotStored(NotStored {})),
        };
        assert_eq!(
            answer(prepare(request()), not_stored).unwrap(),
            SetIfNotExistsResponse::NotStored
        );
        assert!(answer(prepare(request()), wire::SetIfNotExistsResponse::default()).is_err());
        rejected(
            SetIfNotExistsRequest::new("c", "k", "v").ttl(Duration::ZERO),
            "ttl",
        );
    }
}
