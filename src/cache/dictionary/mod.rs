//! Dictionaries: field/value maps stored under one key.
//!
//! Every write takes a [`CollectionTtl`](crate::cache::CollectionTtl) through `.ttl(..)`;
//! reads answer `Hit { .. }` or `Miss`. Converting a `Miss` into a map (`TryFrom`) is an error
//! with [`ErrorCode::UnknownError`](crate::ErrorCode::UnknownError) whose message starts with
//! `"miss:"`; so is converting bytes that are not UTF-8 into `String`s.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! # let server = edgecache_server::spawn(edgecache_server::ServerConfig::new()).unwrap();
//! # let client = edgecache::CacheClient::builder()
//! #     .default_ttl(std::time::Duration::from_secs(60))
//! #     .credential_provider(edgecache::CredentialProvider::local_at("127.0.0.1", server.addr().port()))
//! #     .build()?;
//! # client.create_cache("cache").await?;
//! use std::collections::HashMap;
//! use std::time::Duration;
//! use edgecache::cache::{CollectionTtl, DictionaryGetFieldResponse, DictionarySetFieldsRequest};
//!
//! client
//!     .send_request(
//!         DictionarySetFieldsRequest::new("cache", "user:42", [("name", "Ada"), ("lang", "en")])
//!             .ttl(CollectionTtl::of(Duration::from_secs(600))),
//!     )
//!     .await?;
//! if let DictionaryGetFieldResponse::Hit { value } =
//!     client.dictionary_get_field("cache", "user:42", "name").await?
//! {
//!     assert_eq!(value.as_str().unwrap(), "Ada");
//! }
//! let all: HashMap<String, String> = client.dictionary_fetch("cache", "user:42").await?.try_into()?;
//! assert_eq!(all.len(), 2);
//! # Ok::<(), edgecache::CacheError>(()) }).unwrap();
//! ```

mod fetch;
mod get_fields;
mod increment;
mod length;
mod remove_fields;
mod set_fields;

pub use fetch::{DictionaryFetchRequest, DictionaryFetchResponse, DictionaryValue};
pub use get_fields::{
    DictionaryGetFieldRequest, DictionaryGetFieldResponse, DictionaryGetFieldsRequest,
    DictionaryGetFieldsResponse,
};
pub use increment::{DictionaryIncrementRequest, DictionaryIncrementResponse};
pub use length::{DictionaryLengthRequest, DictionaryLengthResponse};
pub use remove_fields::{
    DictionaryRemoveFieldRequest, DictionaryRemoveFieldResponse, DictionaryRemoveFieldsRequest,
    DictionaryRemoveFieldsResponse,
};
pub use set_fields::{
    DictionarySetFieldRequest, DictionarySetFieldResponse, DictionarySetFieldsRequest,
    DictionarySetFieldsResponse,
};

/// The argument name of every dictionary's key.
const NAME: &str = "dictionary_name";
