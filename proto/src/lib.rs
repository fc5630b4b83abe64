//! Protobuf schema of the Momento-compatible cache protocol (`proto/*.proto`)
//! and the prost types generated from it, shared by the edgecache client and server.
//!
//! With the `server` / `client` features the tonic service traits and clients
//! are generated as well (e.g. `cache_client::scs_server::Scs`).

/// Package `common`: SetIf / SetIfHash conditions, `Unbounded` and `Empty`.
#[allow(clippy::all)]
pub mod common {
    include!(concat!(env!("OUT_DIR"), "/common.rs"));
}

/// Package `cache_client`: the `Scs` data-plane service and the `Ping` service.
#[allow(clippy::all)]
pub mod cache_client {
    include!(concat!(env!("OUT_DIR"), "/cache_client.rs"));
}

/// Package `control_client`: the `ScsControl` cache-management service.
#[allow(clippy::all)]
pub mod control_client {
    include!(concat!(env!("OUT_DIR"), "/control_client.rs"));
}

/// Encoded `google.protobuf.FileDescriptorSet` of every `.proto` file in this
/// crate (with imports and source info), e.g. for reflection or schema checks.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/edgecache_descriptor.bin"));
