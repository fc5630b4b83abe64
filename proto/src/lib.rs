//! Protobuf schema of the Momento-compatible cache protocol (`proto/*.proto`)
//! and the prost types generated from it, shared by the edgecache client and server.
//!
//! Modules mirror protobuf packages (`cache_client.pubsub` is
//! [`cache_client::pubsub`]). Every message implements [`prost::Name`], so its
//! protobuf full name is at hand (`<GetRequest as Name>::full_name()`).
//!
//! With the `server` / `client` features the tonic service traits and clients
//! are generated as well (e.g. `cache_client::scs_server::Scs`).
//!
//! The schema is checked field by field, and every RPC path, against
//! Momento's published generated types, the `momento-protos` crate pinned at
//! 0.139.1 (see `README.md` and `tests/matches_momento_protos/`).

/// Package `common`: SetIf / SetIfHash conditions, `Unbounded` and `Empty`.
#[allow(clippy::all)]
pub mod common {
    include!(concat!(env!("OUT_DIR"), "/common.rs"));
}

/// Package `cache_client`: the `Scs` data-plane service and the `Ping` service.
#[allow(clippy::all)]
pub mod cache_client {
    include!(concat!(env!("OUT_DIR"), "/cache_client.rs"));

    /// Package `cache_client.pubsub`: the `Pubsub` service (Topics: publish and
    /// the subscription stream).
    #[allow(clippy::all)]
    pub mod pubsub {
        include!(concat!(env!("OUT_DIR"), "/cache_client.pubsub.rs"));
    }
}

/// Package `control_client`: the `ScsControl` cache-management service.
#[allow(clippy::all)]
pub mod control_client {
    include!(concat!(env!("OUT_DIR"), "/control_client.rs"));
}

/// Package `permission_messages`: the permissions a token carries (roles and
/// cache, item, topic and function selectors).
#[allow(clippy::all)]
pub mod permission_messages {
    include!(concat!(env!("OUT_DIR"), "/permission_messages.rs"));
}

/// Package `token`: the `Token` service, which mints disposable tokens.
#[allow(clippy::all)]
pub mod token {
    include!(concat!(env!("OUT_DIR"), "/token.rs"));
}

/// Package `auth`: the `Auth` service, which mints and refreshes API keys.
#[allow(clippy::all)]
pub mod auth {
    include!(concat!(env!("OUT_DIR"), "/auth.rs"));
}

/// Encoded `google.protobuf.FileDescriptorSet` of every `.proto` file in this
/// crate (with imports and source info), e.g. for reflection or schema checks.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/edgecache_descriptor.bin"));
