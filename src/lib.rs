//! edgecache: a cache client for Momento's protocol that runs on one event loop, natively
//! and on wasm32.
//!
//! - **One connection.** Calls are multiplexed over a single HTTP/2 connection natively, and
//!   go through `fetch` on wasm32.
//! - **In-flight cap.** At most `max_concurrent_requests` calls are on the wire at once; the
//!   rest wait in FIFO order, inside their deadline.
//! - **Deadlines and safe retries.** Every call settles by its deadline. Only calls that are
//!   safe to repeat are retried.
//! - **Presets** for laptops, services in region, low latency, Lambda, browsers and edge
//!   workers, identical on both targets; see [`configurations`].
//!
//! ```no_run
//! use std::time::Duration;
//! use edgecache::{CacheClient, CredentialProvider, configurations::InRegion};
//! use edgecache::cache::GetResponse;
//!
//! # async fn run() -> edgecache::CacheResult<()> {
//! let client = CacheClient::builder()
//!     .default_ttl(Duration::from_secs(300))
//!     .configuration(InRegion::latest())
//!     .credential_provider(CredentialProvider::from_env_var("MOMENTO_API_KEY")?)
//!     .build()?;
//! client.set("my-cache", "user:42", "Ada").await?;
//! if let GetResponse::Hit { value } = client.get("my-cache", "user:42").await? {
//!     assert_eq!(value.as_str().unwrap(), "Ada");
//! }
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

pub mod auth;
pub mod cache;
mod call;
mod call_decode;
mod client;
mod config;
mod credential;
mod endpoint;
mod error;
#[doc(hidden)]
pub mod fuzzing;
mod grpc_web;
#[cfg(not(any(web, native)))]
compile_error!(
    "edgecache builds for native targets and for wasm32-unknown-unknown (a JavaScript host's fetch); this wasm32 target has no transport"
);
#[cfg(web)]
mod js;
mod platform;
mod rpc;
pub mod topics;

pub use auth::{AuthClient, AuthClientBuilder};
pub use cache::IntoBytes;
pub use client::{CacheClient, CacheClientBuilder};
pub use config::{
    Configuration, ConfigurationBuilder, FixedCountRetryStrategy, Framing, Keepalive, ReadConcern,
    RetryStrategy,
};
pub use credential::CredentialProvider;
pub use error::{CacheError, CacheResult, ErrorCode};
pub use grpc_web::Status;
pub use topics::{TopicClient, TopicClientBuilder};

/// Ready-made configurations. Each has `v1()` (frozen) and `latest()` (may be retuned).
pub mod configurations {
    pub use crate::config::{Browser, Edge, InRegion, Lambda, Laptop, LowLatency};
}

/// The same names the `momento` crate uses, for code moving over.
pub use error::{CacheError as MomentoError, ErrorCode as MomentoErrorCode};

/// [`CacheResult`] under the `momento` crate's name.
pub type MomentoResult<T> = CacheResult<T>;

/// Compiles the README's Rust examples as doctests, so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
