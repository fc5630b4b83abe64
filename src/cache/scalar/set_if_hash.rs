//! `SetIfHash`: store a value only when a condition on the current value's hash holds.

use std::time::Duration;

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::set_if_hash_request::Condition;
use edgecache_proto::cache_client::set_if_hash_response::Result as Outcome;
use edgecache_proto::common;

use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// When a hash-conditional set stores its value. Hashes come from
/// [`GetWithHashResponse`](crate::cache::GetWithHashResponse) or
/// [`SetIfHashResponse::Stored`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetIfHashCondition {
    /// The key exists and its value's hash differs from this one.
    PresentAndNotHashEqual(Vec<u8>),
    /// The key exists and its value's hash equals this one.
    PresentAndHashEqual(Vec<u8>),
    /// The key is absent, or its value's hash equals this one.
    AbsentOrHashEqual(Vec<u8>),
    /// The key is absent, or its value's hash differs from this one.
    AbsentOrNotHashEqual(Vec<u8>),
    /// Always: store, and learn the new hash.
    Unconditional,
}

impl SetIfHashCondition {
    fn into_wire(self) -> Condition {
        match self {
            SetIfHashCondition::PresentAndNotHashEqual(hash_to_check) => {
                Condition::PresentAndNotHashEqual(common::PresentAndNotHashEqual { hash_to_check })
            }
            SetIfHashCondition::PresentAndHashEqual(hash_to_check) => {
                Condition::PresentAndHashEqual(common::PresentAndHashEqual { hash_to_check })
            }
            SetIfHashCondition::AbsentOrHashEqual(hash_to_check) => {
                Condition::AbsentOrHashEqual(common::AbsentOrHashEqual { hash_to_check })
            }
            SetIfHashCondition::AbsentOrNotHashEqual(hash_to_check) => {
                Condition::AbsentOrNotHashEqual(common::AbsentOrNotHashEqual { hash_to_check })
            }
            SetIfHashCondition::Unconditional => Condition::Unconditional(common::Unconditional {}),
        }
    }
}

/// Stores a value only if `condition` holds, and returns the new value's hash. Never retried.
/// See [`GetWithHashRequest`](crate::cache::GetWithHashRequest) for an example.
#[derive(Clone, Debug)]
pub struct SetIfHashRequest {
    cache_name: String,
    key: Vec<u8>,
    value: Vec<u8>,
    condition: SetIfHashCondition,
    ttl: Option<Duration>,
}

impl SetIfHashRequest {
    /// Stores `value` under `key` if `condition` holds.
    pub fn new(
        cache_name: impl Into<String>,
        key: impl IntoBytes,
        value: impl IntoBytes,
        condition: SetIfHashCondition,
    ) -> Self {
        SetIfHashRequest {
            cache_name: cache_name.into(),
            key: key.into_bytes(),
            value: value.into_bytes(),
            condition,
            ttl: None,
        }
    }

    /// How long a stored item lives; the client's default TTL when unset.
    pub fn ttl(mut self, ttl: impl Into<Option<Duration>>) -> Self {
        self.ttl = ttl.into();
        self
    }
}

/// Whether the value was stored, with its hash when it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetIfHashResponse {
    /// The condition held and the value was stored.
    Stored {
        /// The server's hash of the stored value.
        new_hash: Vec<u8>,
    },
    /// The condition failed; nothing changed.
    NotStored,
}

impl MomentoRequest for SetIfHashRequest {
    type Response = SetIfHashResponse;

    fn prepare(self, defaults: &RequestDefaults) -> CacheResult<Prepared<SetIfHashResponse>> {
        let request = wire::SetIfHashRequest {
            cache_key: key("key", self.key)?,
            cache_body: self.value,
            ttl_milliseconds: defaults.ttl_millis(self.ttl)?,
            condition: Some(self.condition.into_wire()),
        };
        Prepared::unary(
            rpc::SET_IF_HASH,
            &self.cache_name,
            request,
            |reply: wire::SetIfHashResponse| match reply.result {
                Some(Outcome::Stored(stored)) => Ok(SetIfHashResponse::Stored {
                    new_hash: stored.new_hash,
                }),
                Some(Outcome::NotStored(_)) => Ok(SetIfHashResponse::NotStored),
                None => Err(CacheError::unexpected_reply(
                    "set-if-hash answer has no result",
                )),
            },
        )
    }
}

// The shortcuts live here, next to their request; they belong with the other scalar shortcuts
// in `client/scalar.rs`.

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{answer, prepare, rejected, sent};
    use edgecache_proto::cache_client::set_if_hash_response::{NotStored, Stored};

    #[test]
    fn every_condition_reaches_the_wire() {
        let h = || b"h".to_vec();
        let cases = [
            (
                SetIfHashCondition::PresentAndNotHashEqual(h()),
                Condition::PresentAndNotHashEqual(common::PresentAndNotHashEqual {
                    hash_to_check: h(),
                }),
            ),
            (
                SetIfHashCondition::PresentAndHashEqual(h()),
                Condition::PresentAndHashEqual(common::PresentAndHashEqual { hash_to_check: h() }),
            ),
            (
                SetIfHashCondition::AbsentOrHashEqual(h()),
                Condition::AbsentOrHashEqual(common::AbsentOrHashEqual { hash_to_check: h() }),
            ),
            (
                SetIfHashCondition::AbsentOrNotHashEqual(h()),
                Condition::AbsentOrNotHashEqual(common::AbsentOrNotHashEqual {
                    hash_to_check: h(),
                }),
            ),
            (
                SetIfHashCondition::Unconditional,
                Condition::Unconditional(common::Unconditional {}),
            ),
        ];
        for (condition, expected) in cases {
            let prepared = prepare(
                SetIfHashRequest::new("c", "k", "v", condition).ttl(Duration::from_secs(3)),
            );
            let (path, request): (_, wire::SetIfHashRequest) = sent(&prepared);
            assert_eq!(path, "/cache_client.Scs/SetIfHash");
            assert_eq!(request.condition, Some(expected));
            assert_eq!(request.ttl_milliseconds, 3_000);
        }
    }

    #[test]
    fn answers() {
        let request = || SetIfHashRequest::new("c", "k", "v", SetIfHashCondition::Unconditional);
        let stored = wire::SetIfHashResponse {
            result: Some(Outcome::Stored(Stored { new_hash: vec![9] })),
        };
        assert_eq!(
            answer(prepare(request()), stored).unwrap(),
            SetIfHashResponse::Stored { new_hash: vec![9] }
        );
        let not_stored = wire::SetIfHashResponse {
            result: Some(Outcome::NotStored(NotStored {})),
        };
        assert_eq!(
            answer(prepare(request()), not_stored).unwrap(),
            SetIfHashResponse::NotStored
        );
        assert!(answer(prepare(request()), wire::SetIfHashResponse::default()).is_err());
        rejected(
            SetIfHashRequest::new("c", "", "v", SetIfHashCondition::Unconditional),
            "key",
        );
    }
}
