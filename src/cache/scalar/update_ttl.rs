//! `UpdateTtl`: overwrite, increase or decrease an item's TTL. One RPC, three request types
//! as in the `momento` crate: only increase and decrease can leave a TTL unchanged.

use std::time::Duration;

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::update_ttl_request::UpdateTtl;
use edgecache_proto::cache_client::update_ttl_response::Result as Outcome;

use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key, ttl_millis};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// How to change a TTL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TtlUpdate {
    /// Set the TTL to this, unconditionally.
    Overwrite(Duration),
    /// Set the TTL to this only if it is longer than what is left.
    IncreaseTo(Duration),
    /// Set the TTL to this only if it is shorter than what is left.
    DecreaseTo(Duration),
}

/// Sets the TTL of the item under a key, of any type, whatever it was. Never retried.
#[derive(Clone, Debug)]
pub struct UpdateTtlRequest {
    change: TtlChangeRequest,
}

impl UpdateTtlRequest {
    /// Sets the TTL of the item under `key` to `ttl`.
    pub fn new(cache_name: impl Into<String>, key: impl IntoBytes, ttl: Duration) -> Self {
        UpdateTtlRequest {
            change: TtlChangeRequest::new(cache_name, key, TtlUpdate::Overwrite(ttl)),
        }
    }
}

/// What [`UpdateTtlRequest`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateTtlResponse {
    /// The new TTL applies.
    Set,
    /// No item under the key.
    Miss,
}

impl MomentoRequest for UpdateTtlRequest {
    type Response = UpdateTtlResponse;

    fn prepare(self, defaults: &RequestDefaults) -> CacheResult<Prepared<UpdateTtlResponse>> {
        self.change.prepare_as(defaults, |change| match change {
            TtlChange::Set => Ok(UpdateTtlResponse::Set),
            TtlChange::Miss => Ok(UpdateTtlResponse::Miss),
            TtlChange::NotSet => Err(CacheError::unexpected_reply(
                "an unconditional TTL update was answered `not set`",
            )),
        })
    }
}

/// Raises the TTL of the item under a key to `ttl` if that is longer than what is left.
/// Never retried.
#[derive(Clone, Debug)]
pub struct IncreaseTtlRequest {
    change: TtlChangeRequest,
}

impl IncreaseTtlRequest {
    /// Raises the TTL of the item under `key` to `ttl`, if that is longer.
    pub fn new(cache_name: impl Into<String>, key: impl IntoBytes, ttl: Duration) -> Self {
        IncreaseTtlRequest {
            change: TtlChangeRequest::new(cache_name, key, TtlUpdate::IncreaseTo(ttl)),
        }
    }
}

/// What [`IncreaseTtlRequest`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncreaseTtlResponse {
    /// The longer TTL applies.
    Set,
    /// The item already had at least that long to live; nothing changed.
    NotSet,
    /// No item under the key.
    Miss,
}

impl MomentoRequest for IncreaseTtlRequest {
    type Response = IncreaseTtlResponse;

    fn prepare(self, defaults: &RequestDefaults) -> CacheResult<Prepared<IncreaseTtlResponse>> {
        self.change.prepare_as(defaults, |change| {
            Ok(match change {
                TtlChange::Set => IncreaseTtlResponse::Set,
                TtlChange::NotSet => IncreaseTtlResponse::NotSet,
                TtlChange::Miss => IncreaseTtlResponse::Miss,
            })
        })
    }
}

/// Lowers the TTL of the item under a key to `ttl` if that is shorter than what is left.
/// Never retried.
#[derive(Clone, Debug)]
pub struct DecreaseTtlRequest {
    change: TtlChangeRequest,
}

impl DecreaseTtlRequest {
    /// Lowers the TTL of the item under `key` to `ttl`, if that is shorter.
    pub fn new(cache_name: impl Into<String>, key: impl IntoBytes, ttl: Duration) -> Self {
        DecreaseTtlRequest {
            change: TtlChangeRequest::new(cache_name, key, TtlUpdate::DecreaseTo(ttl)),
        }
    }
}

/// What [`DecreaseTtlRequest`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecreaseTtlResponse {
    /// The shorter TTL applies.
    Set,
    /// The item already had at most that long to live; nothing changed.
    NotSet,
    /// No item under the key.
    Miss,
}

impl MomentoRequest for DecreaseTtlRequest {
    type Response = DecreaseTtlResponse;

    fn prepare(self, defaults: &RequestDefaults) -> CacheResult<Prepared<DecreaseTtlResponse>> {
        self.change.prepare_as(defaults, |change| {
            Ok(match change {
                TtlChange::Set => DecreaseTtlResponse::Set,
                TtlChange::NotSet => DecreaseTtlResponse::NotSet,
                TtlChange::Miss => DecreaseTtlResponse::Miss,
            })
        })
    }
}

/// Any of the three TTL changes, with the server's three answers; the JavaScript bindings
/// send this directly.
#[derive(Clone, Debug)]
pub(crate) struct TtlChangeRequest {
    cache_name: String,
    key: Vec<u8>,
    update: TtlUpdate,
}

/// The server's answer to any TTL change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TtlChange {
    Set,
    NotSet,
    Miss,
}

impl TtlChangeRequest {
    pub(crate) fn new(
        cache_name: impl Into<String>,
        key: impl IntoBytes,
        update: TtlUpdate,
    ) -> Self {
        TtlChangeRequest {
            cache_name: cache_name.into(),
            key: key.into_bytes(),
            update,
        }
    }

    fn prepare_as<T: Send + 'static>(
        self,
        _: &RequestDefaults,
        answer: fn(TtlChange) -> CacheResult<T>,
    ) -> CacheResult<Prepared<T>> {
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
            move |reply: wire::UpdateTtlResponse| match reply.result {
                Some(Outcome::Set(_)) => answer(TtlChange::Set),
                Some(Outcome::NotSet(_)) => answer(TtlChange::NotSet),
                Some(Outcome::Missing(_)) => answer(TtlChange::Miss),
                None => Err(CacheError::unexpected_reply(
                    "update-ttl answer has no result",
                )),
            },
        )
    }
}

impl MomentoRequest for TtlChangeRequest {
    type Response = TtlChange;

    fn prepare(self, defaults: &RequestDefaults) -> CacheResult<Prepared<TtlChange>> {
        self.prepare_as(defaults, Ok)
    }
}
