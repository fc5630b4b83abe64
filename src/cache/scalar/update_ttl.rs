//! `UpdateTtl`: overwrite, increase or decrease an item's TTL.

use std::time::Duration;

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::update_ttl_request::UpdateTtl;
use edgecache_proto::cache_client::update_ttl_response::Result as Outcome;

use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key, ttl_millis};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// How to change a TTL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TtlUpdate {
    /// Set the TTL to this, unconditionally.
    Overwrite(Duration),
    /// Set the TTL to this only if it is longer than what is left.
    IncreaseTo(Duration),
    /// Set the TTL to this only if it is shorter than what is left.
    DecreaseTo(Duration),
}

/// Changes the TTL of the item under a key, of any type. Never retried.
#[derive(Clone, Debug)]
pub struct UpdateTtlRequest {
    cache_name: String,
    key: Vec<u8>,
    update: TtlUpdate,
}

impl UpdateTtlRequest {
    /// Applies `update` to the item under `key`.
    pub fn new(cache_name: impl Into<String>, key: impl IntoBytes, update: TtlUpdate) -> Self {
        UpdateTtlRequest {
            cache_name: cache_name.into(),
            key: key.into_bytes(),
            update,
        }
    }
}

/// What happened to the TTL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateTtlResponse {
    /// The new TTL applies.
    Set,
    /// The item exists but the increase/decrease condition did not hold.
    NotSet,
    /// No item under the key.
    Miss,
}

impl MomentoRequest for UpdateTtlRequest {
    type Response = UpdateTtlResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<UpdateTtlResponse>> {
        let update = match self.update {
            TtlUpdate::Overwrite(ttl) => {
                UpdateTtl::OverwriteToMilliseconds(ttl_millis("ttl", ttl)?)
            }
            TtlUpdate::IncreaseTo(ttl) => {
                UpdateTtl::IncreaseToMilliseconds(ttl_millis("ttl", ttl)?)
            }
            TtlUpdate::DecreaseTo(ttl) => {
                UpdateTtl::DecreaseToMilliseconds(ttl_millis("ttl", ttl)?)
            }
        };
        let request = wire::UpdateTtlRequest {
            cache_key: key("key", self.key)?,
            update_ttl: Some(update),
        };
        Prepared::unary(
            rpc::UPDATE_TTL,
            &self.cache_name,
            request,
            |reply: wire::UpdateTtlResponse| match reply.result {
                Some(Outcome::Set(_)) => Ok(UpdateTtlResponse::Set),
                Some(Outcome::NotSet(_)) => Ok(UpdateTtlResponse::NotSet),
                Some(Outcome::Missing(_)) => Ok(UpdateTtlResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "update-ttl answer has no result",
                )),
            },
        )
    }
}
