//! gRPC glue: the `Scs`, `ScsControl`, `Ping` and `Pubsub` services translating protobuf to
//! store and topic calls, and the token services (`token.Token`, `auth.Auth`) in front of
//! [`crate::auth`].
//!
//! Handlers are plain functions per family (`scalar`, `dictionary`, ...) taking the store, the
//! cache name and the decoded request; `scs` wires them into the generated tonic trait.
//! `pubsub` and `subscription_stream` serve Topics over [`crate::topics::TopicHub`].
//!
//! Choices where the protocol leaves behaviour open:
//! - A missing, empty or non-ASCII `cache` header is `INVALID_ARGUMENT`.
//! - A required oneof left unset (SetIf/SetIfHash condition, UpdateTtl, the delete/remove/erase
//!   selectors, SetDifference) is `INVALID_ARGUMENT`. Unset list or sorted-set bounds are
//!   unbounded, and an unset `SortedSetFetch.range` fetches every element by rank.
//! - Enum fields with numbers the schema does not define are `INVALID_ARGUMENT`.
//! - Per-item failures inside GetBatch/SetBatch are answered in place with result `Invalid`
//!   (0) and the error text in `message`; the stream goes on.

mod api_key;
mod control;
mod dictionary;
mod list;
mod ping;
mod pubsub;
mod scalar;
mod scs;
mod set;
mod sorted_set;
mod status;
mod subscription_stream;
mod token;

use bytes::Bytes;
use edgecache_proto::auth::auth_server::AuthServer;
use edgecache_proto::cache_client::ping_server::PingServer;
use edgecache_proto::cache_client::pubsub::pubsub_server::PubsubServer;
use edgecache_proto::cache_client::scs_server::ScsServer;
use edgecache_proto::control_client::scs_control_server::ScsControlServer;
use edgecache_proto::token::token_server::TokenServer;
use tonic::service::Routes;
use tonic::{Request, Status};

use crate::faults::FaultController;
use crate::store::{CollectionTtl, Store};
use crate::topics::TopicHub;

/// Largest gRPC message accepted or sent, matching the SDKs' own 10,486,000-byte limit.
pub const MAX_MESSAGE_SIZE: usize = 10_486_000;

/// The request header naming the cache of an `Scs` call.
pub const CACHE_HEADER: &str = "cache";

/// `cache_client.Scs`: the data-plane service.
#[derive(Debug, Clone)]
pub struct ScsService {
    store: Store,
    /// Read by the batch streams, which the stream faults can cut.
    faults: FaultController,
}

impl ScsService {
    pub fn new(store: Store, faults: FaultController) -> Self {
        ScsService { store, faults }
    }
}

/// `control_client.ScsControl`: create, delete, list and flush caches. Deleting a cache also
/// ends its topics' subscriptions.
#[derive(Debug, Clone)]
pub struct ControlService {
    store: Store,
    topics: TopicHub,
}

impl ControlService {
    pub fn new(store: Store, topics: TopicHub) -> Self {
        ControlService { store, topics }
    }
}

/// `cache_client.pubsub.Pubsub`: Topics. Subscription streams obey the stream faults.
#[derive(Debug, Clone)]
pub struct PubsubService {
    topics: TopicHub,
    faults: FaultController,
}

impl PubsubService {
    pub fn new(topics: TopicHub, faults: FaultController) -> Self {
        PubsubService { topics, faults }
    }
}

/// `cache_client.Ping`: answers OK.
#[derive(Debug, Clone, Copy, Default)]
pub struct PingService;

/// All four services over one store and its topics, with the SDKs' message-size limits in both
/// directions. `faults` is read by subscription and batch streams (request faults sit in front
/// of the routes).
pub fn grpc_routes(store: Store, topics: TopicHub, faults: FaultController) -> Routes {
    let scs = ScsServer::new(ScsService::new(store.clone(), faults.clone()))
        .max_decoding_message_size(MAX_MESSAGE_SIZE)
        .max_encoding_message_size(MAX_MESSAGE_SIZE);
    let control = ScsControlServer::new(ControlService::new(store, topics.clone()))
        .max_decoding_message_size(MAX_MESSAGE_SIZE)
        .max_encoding_message_size(MAX_MESSAGE_SIZE);
    let ping = PingServer::new(PingService)
        .max_decoding_message_size(MAX_MESSAGE_SIZE)
        .max_encoding_message_size(MAX_MESSAGE_SIZE);
    let pubsub = PubsubServer::new(PubsubService::new(topics, faults))
        .max_decoding_message_size(MAX_MESSAGE_SIZE)
        .max_encoding_message_size(MAX_MESSAGE_SIZE);
    Routes::new(scs)
        .add_service(control)
        .add_service(ping)
        .add_service(pubsub)
}

/// Adds the token services (`token.Token`, `auth.Auth`), answered by `issuer`.
pub(crate) fn add_token_services(routes: Routes, issuer: crate::auth::issue::Issuer) -> Routes {
    let token = TokenServer::new(token::TokenService(issuer.clone()))
        .max_decoding_message_size(MAX_MESSAGE_SIZE)
        .max_encoding_message_size(MAX_MESSAGE_SIZE);
    let api_keys = AuthServer::new(api_key::ApiKeyService(issuer))
        .max_decoding_message_size(MAX_MESSAGE_SIZE)
        .max_encoding_message_size(MAX_MESSAGE_SIZE);
    routes.add_service(token).add_service(api_keys)
}

/// The cache named by the request's `cache` header.
pub(crate) fn cache_name<T>(request: &Request<T>) -> Result<String, Status> {
    let value = request
        .metadata()
        .get(CACHE_HEADER)
        .ok_or_else(|| Status::invalid_argument("missing cache header"))?;
    let name = value
        .to_str()
        .map_err(|_| Status::invalid_argument("the cache header must be ASCII"))?;
    if name.trim().is_empty() {
        return Err(Status::invalid_argument("missing cache header"));
    }
    Ok(name.to_owned())
}

/// Counts on the wire are uint32; a larger count (impossible under the item-size limit)
/// saturates instead of wrapping.
pub(crate) fn len32(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

pub(crate) fn to_bytes(raw: Vec<u8>) -> Bytes {
    Bytes::from(raw)
}

pub(crate) fn all_bytes(raw: Vec<Vec<u8>>) -> Vec<Bytes> {
    raw.into_iter().map(Bytes::from).collect()
}

pub(crate) fn to_vec(bytes: Bytes) -> Vec<u8> {
    Vec::from(bytes)
}

pub(crate) fn all_vecs(bytes: Vec<Bytes>) -> Vec<Vec<u8>> {
    bytes.into_iter().map(Vec::from).collect()
}

pub(crate) fn collection_ttl(ttl_milliseconds: u64, refresh_ttl: bool) -> CollectionTtl {
    CollectionTtl::new(ttl_milliseconds, refresh_ttl)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tonic::Code;

    #[test]
    fn cache_header_rules() {
        let missing = cache_name(&Request::new(())).unwrap_err();
        assert_eq!(missing.code(), Code::InvalidArgument);
        assert!(missing.message().contains("missing cache header"));

        let mut empty = Request::new(());
        empty
            .metadata_mut()
            .insert(CACHE_HEADER, "".parse().unwrap());
        assert_eq!(
            cache_name(&empty).unwrap_err().code(),
            Code::InvalidArgument
        );

        let mut named = Request::new(());
        named
            .metadata_mut()
            .insert(CACHE_HEADER, "c1".parse().unwrap());
        assert_eq!(cache_name(&named).unwrap(), "c1");
    }

    #[test]
    fn lengths_saturate() {
        assert_eq!(len32(5), 5);
        assert_eq!(len32(usize::MAX), u32::MAX);
    }
}
