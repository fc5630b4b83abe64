//! Sets: distinct elements stored under one key.
//!
//! Every write takes a [`CollectionTtl`](crate::cache::CollectionTtl) through `.ttl(..)`;
//! reads answer `Hit { .. }` or `Miss`. Removing the last element deletes the set. Fetch, pop
//! and sample answers convert with `TryFrom` into `Vec<Vec<u8>>`, `Vec<String>`,
//! `HashSet<Vec<u8>>` and `HashSet<String>`; a `Miss` (or bytes that are not UTF-8, for
//! `String`) is then an error with [`ErrorCode::UnknownError`](crate::ErrorCode::UnknownError)
//! whose message starts with `"miss:"`.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! # let server = edgecache_server::spawn(edgecache_server::ServerConfig::new()).unwrap();
//! # let client = edgecache::CacheClient::builder()
//! #     .default_ttl(std::time::Duration::from_secs(60))
//! #     .credential_provider(edgecache::CredentialProvider::local_at("127.0.0.1", server.addr().port()))
//! #     .build()?;
//! # client.create_cache("cache").await?;
//! use std::collections::HashSet;
//! use edgecache::cache::{CollectionTtl, SetAddElementsRequest};
//!
//! client
//!     .send_request(
//!         SetAddElementsRequest::new("cache", "tags", ["rust", "wasm"])
//!             .ttl(CollectionTtl::default().with_no_refresh_ttl_on_updates()),
//!     )
//!     .await?;
//! client.set_add_element("cache", "tags", "rust").await?; // already there: no change
//! let tags: HashSet<String> = client.set_fetch("cache", "tags").await?.try_into()?;
//! assert_eq!(tags.len(), 2);
//! # Ok::<(), edgecache::CacheError>(()) }).unwrap();
//! ```

mod add_elements;
mod contains_elements;
mod fetch;
mod length;
mod pop;
mod remove_elements;
mod sample;

pub use add_elements::{
    SetAddElementRequest, SetAddElementResponse, SetAddElementsRequest, SetAddElementsResponse,
};
pub use contains_elements::{
    SetContainsElementRequest, SetContainsElementResponse, SetContainsElementsRequest,
    SetContainsElementsResponse,
};
pub use fetch::{SetFetchRequest, SetFetchResponse};
pub use length::{SetLengthRequest, SetLengthResponse};
pub use pop::{SetPopRequest, SetPopResponse};
pub use remove_elements::{
    SetRemoveElementRequest, SetRemoveElementResponse, SetRemoveElementsRequest,
    SetRemoveElementsResponse,
};
pub use sample::{SetSampleRequest, SetSampleResponse};

/// The argument name of every set's key.
const NAME: &str = "set_name";
