//! `SetIf`: store a value only when a condition on the current value holds.

use std::time::Duration;

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::set_if_request::Condition;
use edgecache_proto::cache_client::set_if_response::Result as Outcome;
use edgecache_proto::common;

use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// When a conditional set stores its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetIfCondition {
    /// The key does not exist.
    Absent,
    /// The key exists.
    Present,
    /// The key exists and holds exactly these bytes.
    Equal(Vec<u8>),
    /// The key is absent, or holds something other than these bytes.
    NotEqual(Vec<u8>),
    /// The key exists and holds something other than these bytes.
    PresentAndNotEqual(Vec<u8>),
    /// The key is absent, or holds exactly these bytes.
    AbsentOrEqual(Vec<u8>),
}

impl SetIfCondition {
    fn into_wire(self) -> Condition {
        match self {
            SetIfCondition::Absent => Condition::Absent(common::Absent {}),
            SetIfCondition::Present => Condition::Present(common::Present {}),
            SetIfCondition::Equal(v) => Condition::Equal(common::Equal { value_to_check: v }),
            SetIfCondition::NotEqual(v) => {
                Condition::NotEqual(common::NotEqual { value_to_check: v })
            }
            SetIfCondition::PresentAndNotEqual(v) => {
                Condition::PresentAndNotEqual(common::PresentAndNotEqual { value_to_check: v })
            }
            SetIfCondition::AbsentOrEqual(v) => {
                Condition::AbsentOrEqual(common::AbsentOrEqual { value_to_check: v })
            }
        }
    }
}

/// Stores a value only if `condition` holds. Never retried: a repeat could see the value the
/// first attempt stored.
///
/// ```no_run
/// # async fn run(client: edgecache::CacheClient) -> edgecache::CacheResult<()> {
/// use edgecache::cache::{SetIfCondition, SetIfRequest, SetIfResponse};
/// let request = SetIfRequest::new("cache", "lock", "me", SetIfCondition::Absent);
/// if client.send_request(request).await? == SetIfResponse::Stored {
///     println!("lock taken");
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct SetIfRequest {
    cache_name: String,
    key: Vec<u8>,
    value: Vec<u8>,
    condition: SetIfCondition,
    ttl: Option<Duration>,
}

impl SetIfRequest {
    /// Stores `value` under `key` if `condition` holds.
    pub fn new(
        cache_name: impl Into<String>,
        key: impl IntoBytes,
        value: impl IntoBytes,
        condition: SetIfCondition,
    ) -> Self {
        SetIfRequest {
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

/// Whether the conditional set stored its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetIfResponse {
    /// The condition held and the value was stored.
    Stored,
    /// The condition failed; nothing changed.
    NotStored,
}

impl MomentoRequest for SetIfRequest {
    type Response = SetIfResponse;

    fn prepare(self, defaults: &RequestDefaults) -> CacheResult<Prepared<SetIfResponse>> {
        let request = wire::SetIfRequest {
            cache_key: key("key", self.key)?,
            cache_body: self.value,
            ttl_milliseconds: defaults.ttl_millis(self.ttl)?,
            condition: Some(self.condition.into_wire()),
        };
        Prepared::unary(
            rpc::SET_IF,
            &self.cache_name,
            request,
            |reply: wire::SetIfResponse| match reply.result {
                Some(Outcome::Stored(_)) => Ok(SetIfResponse::Stored),
                Some(Outcome::NotStored(_)) => Ok(SetIfResponse::NotStored),
                None => Err(CacheError::unexpected_reply("set-if answer has no result")),
            },
        )
    }
}
