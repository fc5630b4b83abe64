//! edgecache-server: a local, in-memory, Momento-compatible cache server.
//!
//! One port serves plain gRPC (h2c, or h2 over TLS) and gRPC-web in binary and
//! text mode (HTTP/1.1 or h2), with CORS for browsers: the cache (`Scs`,
//! `ScsControl`, `Ping`) and Topics (`cache_client.pubsub.Pubsub`, see
//! [`topics`] for its numbering, resume and heartbeat rules). Around the tonic
//! services sit an optional API-key check, request/connection/topic statistics
//! and run-time fault injection (request faults, connection drops by reset or
//! GOAWAY, and subscription-stream faults), all reachable from tests through
//! this library:
//!
//! ```no_run
//! # fn main() -> Result<(), edgecache_server::ServerError> {
//! use edgecache_server::{FaultConfig, ServerConfig};
//!
//! let server = edgecache_server::spawn(ServerConfig::default())?;
//! println!("listening on {}", server.url());
//! server.faults().set(FaultConfig::none().with_latency(20, 5)).unwrap();
//! let stats = server.stats();
//! assert_eq!(stats.total_requests, 0);
//! server.shutdown();
//! # Ok(())
//! # }
//! ```
//!
//! HTTP endpoints besides gRPC (admin ones only for loopback peers unless the
//! admin host is non-loopback, and with `authorization: KEY` when a key is set):
//!
//! | method and path | answer |
//! |---|---|
//! | `GET /health` | `200 ok` (no auth, no faults) |
//! | `GET /stats` | [`StatsSnapshot`] as JSON |
//! | `POST /admin/stats/reset` | zeroes the counters, returns the snapshot |
//! | `GET /admin/faults` | [`FaultConfig`] as JSON |
//! | `POST /admin/faults` | merges a JSON object into the faults, returns them (400 on bad input) |
//! | `POST /admin/reset` | clears every fault, returns them |
//!
//! `/stats` and `/admin/*` move to their own plain-HTTP port with
//! [`AdminConfig::port`] (`--admin-port`). Faults never apply to these endpoints.

mod admin;
mod auth;
pub mod cli;
mod config;
mod conn;
pub mod cors;
mod error;
mod faults;
#[doc(hidden)]
pub mod fuzzing;
mod grpc;
mod handle;
mod listener;
mod serve;
mod server;
pub mod service;
mod stats;
pub mod store;
pub mod tls;
pub mod topics;

pub use auth::{AuthSecret, mint_super_user_key};
pub use config::{AdminConfig, ServerConfig, TlsConfig};
pub use error::ServerError;
pub use faults::{DropKind, FaultConfig, FaultConfigError, FaultController};
pub use handle::{ServerHandle, spawn};
pub use serve::MAX_CONCURRENT_STREAMS;
pub use server::{RunningServer, ServerInfo, start};
pub use stats::{INCOMPLETE, OTHER_PATHS, StatsSnapshot};
pub use store::StoreConfig;
